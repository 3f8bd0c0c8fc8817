//! `hanbridge check` on a fixture with one planted problem of each category, on the seeds, and
//! its exit codes and formats.

mod common;

use common::{hanbridge, import_and_align, root};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A database with the fixture corpus, the shipped glossary, and links.
fn fixture_db() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("c.sqlite");
    let fixtures = root().join("tests/fixtures/checks");
    import_and_align(
        &db,
        &[fixtures.join("zh-check.md"), fixtures.join("en-check.txt")],
    );
    (dir, db)
}

fn findings(db: &Path, glossary: &Path) -> Vec<Value> {
    let (code, all) = run_check(db, glossary, &["--suggest"]);
    assert_eq!(code, Some(1), "errors present: exit 1");
    all
}

/// `check --format json --fail-on error EXTRA --glossary GLOSSARY`: its exit code and findings.
fn run_check(db: &Path, glossary: &Path, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let out = hanbridge(db)
        .current_dir(root())
        .args(["--format", "json", "check", "--fail-on", "error"])
        .args(extra)
        .arg("--glossary")
        .arg(glossary)
        .output()
        .expect("run");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    (out.status.code(), all)
}

fn find<'a>(all: &'a [Value], category: &str, text: &str) -> &'a Value {
    all.iter()
        .find(|f| f["category"] == category && f["text"] == text)
        .unwrap_or_else(|| panic!("no {category} finding for {text:?} in {all:#?}"))
}

#[test]
fn every_category_is_found_in_the_fixture() {
    let (_dir, db) = fixture_db();
    let all = findings(&db, &root().join("tests/fixtures/checks/glossary"));
    let zh =
        std::fs::read_to_string(root().join("tests/fixtures/checks/zh-check.md")).expect("fixture");

    let unknown = find(&all, "unknown_name", "Antonio Vieira");
    assert_eq!(unknown["severity"], "info");
    let page = find(&all, "unknown_name", "趙無名");
    assert!(
        page["suggestion"]
            .as_str()
            .expect("suggestion")
            .contains("pinyin Zhào Wúmíng"),
        "{page}"
    );

    let variant = find(&all, "variant_form", "劉鋌");
    assert_eq!(variant["expected"], "劉綎");
    assert_eq!(variant["entity"], "liu-ting");
    let (s, e) = (
        variant["start_byte"].as_u64().expect("s") as usize,
        variant["end_byte"].as_u64().expect("e") as usize,
    );
    assert_eq!(&zh[s..e], "劉鋌", "span points into the file");
    let chars: String = zh
        .chars()
        .skip(variant["start_char"].as_u64().expect("c") as usize)
        .take(2)
        .collect();
    assert_eq!(chars, "劉鋌");

    let near_zh = find(&all, "variant_form", "李汝松");
    assert_eq!(near_zh["expected"], "李如松");
    assert!(
        near_zh["suggestion"]
            .as_str()
            .expect("s")
            .contains("李[-汝-]{+如+}松"),
        "{near_zh}"
    );
    let near_en = find(&all, "variant_form", "Konishi Yukinagga");
    assert_eq!(near_en["entity"], "konishi-yukinaga");

    let alias = find(&all, "alias_used", "石曼子");
    assert_eq!(alias["expected"], "島津義弘");

    let mixed = find(&all, "mixed_romanisation", "Kwŏn Yul");
    assert_eq!(mixed["expected"], "Gwon Yul");

    let cross = find(&all, "cross_language_name", "Tengtang Gaohu");
    assert_eq!(cross["expected"], "Tōdō Takatora");

    let numbers = find(&all, "number_mismatch", "三千");
    assert_eq!(numbers["entity"], "li-rusong");
    assert!(numbers["expected"].as_str().expect("e").contains("2,000"));

    let dates = find(
        &all,
        "date_mismatch",
        "萬曆二十一年正月廿六日（1593年2月27日）",
    );
    assert_eq!(dates["expected"], "1593-02-28");

    let glossary = find(&all, "glossary", "Yu Seong-nyong");
    assert_eq!(glossary["severity"], "error");
    assert_eq!(glossary["expected"], "Yu Seong-ryong");
    assert!(
        glossary["doc"]
            .as_str()
            .expect("doc")
            .ends_with("people.csv")
    );
    assert_eq!(glossary["para"], 2, "glossary findings name the line");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("n.sqlite");
    import_and_align(&db, &[root().join("tests/fixtures/naval")]);
    // The shipped glossary has four explained disagreements (info); the naval texts are clean.
    hanbridge(&db)
        .current_dir(root())
        .args(["check", "--fail-on", "warning"])
        .assert()
        .code(0);
    hanbridge(&db)
        .current_dir(root())
        .args(["check", "--fail-on", "info"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "findings: 0 errors, 0 warnings, 4 info",
        ));
    hanbridge(&db)
        .current_dir(root())
        .args(["check", "--fail-on", "nope"])
        .assert()
        .code(2);
}

#[test]
fn csv_output_is_spreadsheet_safe() {
    let (_dir, db) = fixture_db();
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--format", "csv", "check", "--doc", "en-check"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf8");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(&header[..4], ["category", "severity", "doc", "para"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| &r[2] == "en-check"), "--doc filters");
}

#[test]
fn seeds_contain_real_inconsistencies() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("s.sqlite");
    hanbridge(&db)
        .current_dir(root())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("findings: "));
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--format", "json", "check"])
        .output()
        .expect("run");
    let all: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let has = |category: &str, text: &str| {
        all.iter()
            .any(|f| f["category"] == category && f["text"] == text)
    };
    // The English article misreads 十時 as Jūji and writes Gangweon for Gangwon.
    assert!(has("variant_form", "Jūji Den'emon"));
    assert!(has("variant_form", "Gangweon"));
    // 001 writes Liu Ting both 劉綎 and 劉鋌, and misprints 韓克諴 and 謝用梓.
    assert!(has("variant_form", "劉鋌"));
    assert!(has("variant_form", "韓克誠"));
    assert!(has("variant_form", "謝用鋅"));
    // 000 calls one general 金應瑞 and 金景瑞; 001 uses both 高橋統增 and 立花直次.
    assert!(has("alias_used", "金景瑞"));
    assert!(has("alias_used", "立花直次"));
    // 002 mixes Revised Romanization (Byeokjegwan) with McCune–Reischauer (Ko Ŏnbaek).
    assert!(has("mixed_romanisation", "Ko Ŏnbaek"));
    assert!(has("mixed_romanisation", "Yu Sŏngnyong"));
}

/// Issue 15.8: glossary findings cite the physical line in a CRLF file (as import and export
/// write them) with blank lines before the row.
#[test]
fn regression_15_8_glossary_findings_cite_the_physical_line() {
    let (dir, db) = fixture_db();
    let copy = dir.path().join("glossary");
    std::fs::create_dir(&copy).expect("mkdir");
    let fixtures = root().join("tests/fixtures/checks/glossary");
    for e in std::fs::read_dir(&fixtures).expect("ls") {
        let path = e.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(1, "");
        let crlf = format!("{}\r\n", lines.join("\r\n"));
        std::fs::write(copy.join(path.file_name().expect("name")), crlf).expect("write");
    }
    let (_, all) = run_check(&db, &copy, &[]);
    let glossary = find(&all, "glossary", "Yu Seong-nyong");
    assert_eq!(glossary["para"], 3, "the row is on line 3 now");
}

/// Issue 21.6: a text whose title holds a right-to-left override is a warning: at the title's
/// own place when the title is a heading of the text, at paragraph 0 when it comes from the
/// manifest.
#[test]
fn regression_21_6_hidden_characters_in_titles_are_findings() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("t.sqlite");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let heading = "# Notes on the \u{202E}Imjin war\n\nA short paragraph about the Imjin war and its sieges.\n";
    std::fs::write(corpus.join("notes.md"), heading).expect("write");
    std::fs::write(
        corpus.join("listed.md"),
        "A paragraph about a siege, under a title from the manifest.\n",
    )
    .expect("write");
    std::fs::write(
        corpus.join("corpus.toml"),
        "[[document]]\nid = \"listed\"\nfile = \"listed.md\"\nlang = \"en\"\n\
         title = \"Sieges of the \u{2066}south\"\n",
    )
    .expect("write");
    std::fs::write(
        corpus.join("clean.md"),
        "# Clean notes\n\nAnother paragraph about a siege.\n",
    )
    .expect("write");
    import_and_align(&db, &[corpus]);
    let (_, all) = run_check(&db, &root().join("tests/fixtures/checks/glossary"), &[]);
    let hidden: Vec<&Value> = all
        .iter()
        .filter(|f| f["category"] == "hidden_character")
        .collect();
    assert_eq!(hidden.len(), 2, "{all:#?}");
    // The manifest's title: the whole title, as it reads.
    assert_eq!(hidden[0]["doc"], "listed");
    assert_eq!(hidden[0]["para"], 0);
    assert_eq!(hidden[0]["severity"], "warning");
    assert_eq!(hidden[0]["expected"], "Sieges of the south");
    let note = hidden[0]["suggestion"].as_str().expect("suggestion");
    assert!(note.contains("U+2066"), "{note}");
    // The heading: the character itself, once.
    let byte = heading.find('\u{202E}').expect("planted");
    assert_eq!(hidden[1]["doc"], "notes");
    assert_eq!(hidden[1]["para"], 1);
    assert_eq!(hidden[1]["text"], "U+202E");
    assert_eq!(hidden[1]["start_byte"], byte);
    assert_eq!(hidden[1]["start_char"], heading[..byte].chars().count());
}

/// Issue 21.6: a character that does not show inside a paragraph — a zero-width space, a word
/// joiner, a soft hyphen, a right-to-left override — is a warning at its own offsets, naming
/// the code point, its kind and the glossary name it sits in; the name still counts (as an
/// anchor of `explain`). A clean text has none.
#[test]
fn regression_21_6_hidden_characters_in_paragraphs_are_findings() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("t.sqlite");
    let zh_text = "# 碧蹄館戰記\n\n李如\u{200B}松領兵渡江，\u{2060}直趨平壤。\n";
    let en_text = "# Notes on the march\n\nKobaya\u{AD}kawa Takakage held the ridge while \
                   Li\u{202E}Rusong pressed on.\n";
    let clean_text = "# Clean notes\n\nLi Rusong crossed the river; Kobayakawa Takakage waited.\n";
    let mut files = Vec::new();
    for (name, text) in [
        ("zh.md", zh_text),
        ("en.md", en_text),
        ("clean.md", clean_text),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        files.push(file);
    }
    import_and_align(&db, &files);
    let (code, all) = run_check(&db, &root().join("glossary"), &[]);
    assert_eq!(code, Some(0), "warnings do not fail at --fail-on error");
    let hidden: Vec<&Value> = all
        .iter()
        .filter(|f| f["category"] == "hidden_character")
        .collect();
    // (doc, file text, the hidden character, the entity and name it hides)
    let expected = [
        (
            "en",
            en_text,
            '\u{AD}',
            Some(("kobayakawa-takakage", "Kobayakawa Takakage")),
        ),
        ("en", en_text, '\u{202E}', Some(("li-rusong", "LiRusong"))),
        ("zh", zh_text, '\u{200B}', Some(("li-rusong", "李如松"))),
        ("zh", zh_text, '\u{2060}', None),
    ];
    assert_eq!(hidden.len(), expected.len(), "{hidden:#?}");
    for (f, (doc, text, ch, name)) in hidden.iter().zip(expected) {
        let byte = text.find(ch).expect("planted");
        let chars = text[..byte].chars().count();
        let code = format!("U+{:04X}", ch as u32);
        assert_eq!(f["doc"], doc, "{f:#?}");
        assert_eq!(f["para"], 2, "{f:#?}");
        assert_eq!(f["severity"], "warning");
        assert_eq!(f["text"], code.as_str());
        assert_eq!(f["start_byte"], byte, "{f:#?}");
        assert_eq!(f["end_byte"], byte + ch.len_utf8(), "{f:#?}");
        assert_eq!(f["start_char"], chars, "{f:#?}");
        assert_eq!(f["end_char"], chars + 1, "{f:#?}");
        let note = f["suggestion"].as_str().expect("suggestion");
        assert!(note.contains(&code), "{note}");
        match name {
            Some((entity, form)) => {
                assert_eq!(f["entity"], entity, "{f:#?}");
                assert_eq!(f["expected"], form, "{f:#?}");
                assert!(note.contains(form) && note.contains(entity), "{note}");
            }
            None => assert!(f["entity"].is_null() && f["expected"].is_null(), "{f:#?}"),
        }
    }
    let kinds = [
        "soft hyphen",
        "bidirectional control",
        "zero-width space",
        "word joiner",
    ];
    for (f, kind) in hidden.iter().zip(kinds) {
        let note = f["suggestion"].as_str().expect("suggestion");
        assert!(note.starts_with(kind), "{note}");
    }
    assert!(
        all.iter().all(|f| f["doc"] != "clean"),
        "the clean text has no findings: {all:#?}"
    );
    // The names hidden behind the characters still count: they are the paragraphs' anchors.
    let explained = common::stdout_ok(&db, &["explain", "zh:2", "en:2"]);
    let anchors = |side: &str| {
        explained
            .lines()
            .find(|l| l.starts_with(&format!("{side} anchors:")))
            .unwrap_or_else(|| panic!("no {side} anchors in {explained}"))
            .to_string()
    };
    assert!(anchors("zh:2").contains("li-rusong"), "{explained}");
    let en = anchors("en:2");
    assert!(
        en.contains("li-rusong") && en.contains("kobayakawa-takakage"),
        "{explained}"
    );
}

/// A number the English paragraph shares with another linked Chinese paragraph tells another
/// moment: "about fifty ships" escaped (as the second Chinese paragraph says), while the first
/// counts the five hundred that came. With only the first linked, the two disagree.
#[test]
fn a_number_told_in_another_linked_paragraph_is_no_mismatch() {
    let dir = TempDir::new().expect("dir");
    let corpus = common::write_corpus(
        dir.path(),
        &[
            (
                "zh-noryang.md",
                "# 露梁\n\n李舜臣、陳璘於露梁截擊。島津義弘集結戰船五百餘艘來救。\n\n李舜臣中彈身亡。島津義弘收殘船五十餘艘遁去。\n",
            ),
            (
                "en-noryang.md",
                "# Noryang\n\nYi Sun-sin and Chen Lin attacked at Noryang. Shimazu Yoshihiro escaped with about fifty ships.\n",
            ),
        ],
    );
    let db = dir.path().join("n.sqlite");
    import_and_align(&db, &[corpus]);
    let number_findings = |db: &Path| -> Vec<Value> {
        common::findings(db)
            .into_iter()
            .filter(|f| f["category"] == "number_mismatch")
            .collect()
    };
    // Every link by hand, so that the test does not rest on the aligner's choices.
    let links = common::json(&db, &["links"]);
    for l in links.as_array().expect("links") {
        let id = l["id"].to_string();
        common::stdout_ok(&db, &["link", "reject", &id]);
    }
    common::stdout_ok(&db, &["link", "add", "zh-noryang:2", "en-noryang:2"]);
    let only_first = number_findings(&db);
    assert_eq!(only_first.len(), 1, "{only_first:#?}");
    assert_eq!(only_first[0]["text"], "五百餘");
    assert_eq!(only_first[0]["entity"], "shimazu-yoshihiro");
    common::stdout_ok(&db, &["link", "add", "zh-noryang:3", "en-noryang:2"]);
    assert_eq!(number_findings(&db), Vec::<Value>::new());
}
