//! The real development set (`tests/real/`, issue 16 item 6b): excerpts of real Wikipedia
//! articles read through a search tool, kept outside the repository (CC BY-SA). The repository
//! holds only their manifest (`sources.tsv`), the gold links annotated by reading them
//! (`gold.tsv`), the English name spellings with the glossary entries they should resolve to
//! (`names_en.tsv`) and the scripts that re-create and measure them. These tests need no text:
//! they check that the data files are well formed, that gold rows on the project's own Chinese
//! texts point at linkable paragraphs, and that no spelling that resolved stops resolving.

mod common;

use common::{json, root, stdout_ok};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use tempfile::TempDir;

/// Documents of the set that the repository itself holds: (id, directory that imports it).
const PROJECT_DOCS: [(&str, &str); 5] = [
    ("zh-pyongyang", "seeds"),
    ("zh-imjin", "seeds"),
    ("zh-dev-1592", "tests/dev/corpus"),
    ("zh-dev-1593", "tests/dev/corpus"),
    ("zh-dev-1597", "tests/dev/corpus"),
];

fn real() -> PathBuf {
    root().join("tests/real")
}

/// Data rows of a TSV file of `tests/real` (`#` lines are comments), after checking its header
/// (given with commas) and that every row has the header's number of fields.
fn rows(name: &str, header: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(real().join(name)).expect(name);
    let mut lines = text.lines();
    let first = lines.next().expect("header");
    assert_eq!(first.replace('\t', ","), header, "{name}: header");
    let header: Vec<&str> = first.split('\t').collect();
    lines
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(str::to_string).collect();
            assert_eq!(f.len(), header.len(), "{name}: {} fields: {l}", f.len());
            f
        })
        .collect()
}

/// The manifest: doc id → language, from `sources.tsv`, after checking every row.
fn sources() -> HashMap<String, String> {
    let rows = rows(
        "sources.tsv",
        "doc,lang,format,title,host,url,sha256,query,rank,kept,stripping",
    );
    let mut langs = HashMap::new();
    let mut hashes = HashSet::new();
    for r in &rows {
        let (doc, lang, format, url, sha, query, rank) =
            (&r[0], &r[1], &r[2], &r[5], &r[6], &r[7], &r[8]);
        assert!(
            matches!(lang.as_str(), "en" | "zh" | "lzh"),
            "{doc}: lang {lang}"
        );
        assert!(
            doc.starts_with(&format!("{lang}-")),
            "{doc}: id and lang {lang}"
        );
        assert!(
            matches!(format.as_str(), "wiki" | "plain" | "markdown"),
            "{doc}: format {format}"
        );
        assert!(url.starts_with("http"), "{doc}: url {url}");
        assert!(
            sha.len() == 64
                && sha
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "{doc}: sha256 {sha}"
        );
        assert!(hashes.insert(sha.clone()), "{doc}: same excerpt twice");
        assert!(!query.trim().is_empty(), "{doc}: no query");
        assert!(
            rank.parse::<u32>().is_ok_and(|n| n >= 1),
            "{doc}: rank {rank}"
        );
        assert!(
            !r[9].trim().is_empty() && !r[10].trim().is_empty(),
            "{doc}: kept/stripping"
        );
        assert!(
            langs.insert(doc.clone(), lang.clone()).is_none(),
            "{doc} listed twice"
        );
    }
    langs
}

#[test]
fn real_set_manifest_lists_every_excerpt_once_with_its_hash_and_query() {
    let langs = sources();
    let en = langs.values().filter(|l| *l == "en").count();
    assert!(en >= 20, "only {en} English articles");
    assert!(
        langs.len() - en >= 5,
        "only {} Chinese excerpts",
        langs.len() - en
    );
    // The strip script names only documents of the manifest.
    let script = std::fs::read_to_string(real().join("strip.py")).expect("strip.py");
    for line in script.lines() {
        let rule = line.trim_start().strip_prefix('"');
        if let Some((id, _)) = rule.and_then(|rest| rest.split_once("\": [")) {
            assert!(langs.contains_key(id), "strip.py rule for unknown {id}");
        }
    }
}

/// Every gold row joins a Chinese document of the set (an excerpt or one of the project's
/// texts) to an English excerpt, with a known strength, once. Rows on the project's own texts,
/// which CI has, must point at text paragraphs: a change to their paragraph numbering that
/// would shift the annotation fails here.
#[test]
fn real_gold_rows_join_documents_of_the_set() {
    let langs = sources();
    let gold = rows("gold.tsv", "zh_doc,zh_para,en_doc,en_para,strength,note");
    assert!(gold.len() >= 80, "only {} gold rows", gold.len());
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("real.sqlite");
    let mut paths: Vec<String> = PROJECT_DOCS
        .iter()
        .map(|(_, d)| root().join(d).display().to_string())
        .collect();
    paths.dedup();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    stdout_ok(&db, &args);
    let mut kinds: HashMap<(String, u64), String> = HashMap::new();
    for (id, _) in PROJECT_DOCS {
        for p in json(&db, &["show", id])["paragraphs"]
            .as_array()
            .expect("paragraphs")
        {
            let ordinal = p["ordinal"].as_u64().expect("ordinal");
            kinds.insert(
                (id.to_string(), ordinal),
                p["kind"].as_str().expect("kind").into(),
            );
        }
    }
    let mut seen = BTreeSet::new();
    let (mut strong, mut on_project) = (0, 0);
    for r in &gold {
        let (zd, ed, strength) = (&r[0], &r[2], &r[4]);
        let zp: u64 = r[1].parse().expect("zh paragraph number");
        let ep: u64 = r[3].parse().expect("en paragraph number");
        assert!(zp >= 1 && ep >= 1, "{zd}:{zp} ↔ {ed}:{ep}");
        assert!(
            strength == "strong" || strength == "partial",
            "{zd}:{zp} ↔ {ed}:{ep}: strength {strength}"
        );
        strong += usize::from(strength == "strong");
        assert!(!r[5].trim().is_empty(), "{zd}:{zp} ↔ {ed}:{ep}: no note");
        assert_eq!(langs.get(ed).map(String::as_str), Some("en"), "{ed}");
        if PROJECT_DOCS.iter().any(|(id, _)| id == zd) {
            on_project += 1;
            let kind = kinds.get(&(zd.clone(), zp)).map(String::as_str);
            assert_eq!(kind, Some("text"), "{zd}:{zp} is {kind:?}");
        } else {
            assert!(
                matches!(langs.get(zd).map(String::as_str), Some("zh" | "lzh")),
                "{zd} is not a Chinese document of the set"
            );
        }
        assert!(
            seen.insert((zd.clone(), zp, ed.clone(), ep)),
            "{zd}:{zp} ↔ {ed}:{ep} annotated twice"
        );
    }
    assert!(strong >= 20, "only {strong} strong links");
    assert!(
        on_project >= 20,
        "only {on_project} rows on the project's texts"
    );
    // The other man called Yi Sunsin is a hard negative: never linked.
    assert!(!gold.iter().any(|r| r[2] == "en-yisunsin1554"));
}

/// `names_en.tsv` records which English spellings of the real articles resolve to the glossary
/// entry of their Chinese form. Every expected id exists; every spelling marked `yes` still
/// resolves first to it (a glossary change that breaks one fails here). Spellings marked `no`
/// are the misses the glossary should learn; one that starts resolving is reported, not failed.
#[test]
fn real_names_that_resolved_still_resolve() {
    let names = rows(
        "names_en.tsv",
        "spelling,expected,zh_form,resolved,ok,en_doc,note",
    );
    assert!(names.len() >= 100, "only {} spellings", names.len());
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("names.sqlite");
    let lookup = |text: &str| -> Vec<String> {
        let out = common::hanbridge(&db)
            .current_dir(root())
            .args(["--format", "json", "glossary", "lookup", text])
            .output()
            .expect("run");
        let parsed: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        parsed
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m["entry"]["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut ids = HashSet::new();
    for e in std::fs::read_dir(root().join("glossary")).expect("glossary") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "csv") {
            let text = std::fs::read_to_string(&path).expect("csv");
            ids.extend(
                text.lines()
                    .skip(1)
                    .filter_map(|l| l.split(',').next().map(str::to_string)),
            );
        }
    }
    let (mut yes, mut now_resolving) = (0, Vec::new());
    for r in &names {
        let (spelling, expected, ok) = (&r[0], &r[1], &r[4]);
        assert!(ok == "yes" || ok == "no", "{spelling}: ok {ok}");
        let is_cjk = expected
            .chars()
            .any(|c| ('\u{3400}'..='\u{9fff}').contains(&c) || c > '\u{20000}');
        if !is_cjk {
            assert!(
                ids.contains(expected),
                "{spelling}: expected entry {expected} is not in the glossary"
            );
        }
        let first = lookup(spelling).into_iter().next();
        if ok == "yes" {
            yes += 1;
            assert_eq!(
                first.as_deref(),
                Some(expected.as_str()),
                "{spelling} no longer resolves"
            );
        } else if first.as_deref() == Some(expected.as_str()) {
            now_resolving.push(spelling.clone());
        }
    }
    println!(
        "names: {yes}/{} resolved when recorded; now also resolving: {now_resolving:?}",
        names.len()
    );
}
