//! MediaWiki source, as a translator pastes it from a page's edit box: an Infobox template,
//! references (`<ref>{{cite book|…|year=2005}}</ref>`, `{{sfn|…}}`), hatnote and navigation
//! templates, file and category links, comments and tables. None of it is the page's text: a
//! page given as source aligns as the same page given as text, its Infobox keeps its fields,
//! and the years of its citations date nothing.

mod common;

use common::{root, stdout_ok};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The dev corpus's English article `text` (title, `Infobox` block of `- Key: value` lines,
/// `==Section==` headings, paragraphs) as MediaWiki source.
fn as_source(text: &str) -> String {
    let mut out = String::from(
        "{{Short description|A battle of the Imjin War}}\n{{Use dmy dates|date=May 2024}}\n\n",
    );
    let mut n = 0;
    for block in text.split("\n\n") {
        let mut block = block.trim_end();
        if block.starts_with("= ") || block.starts_with("==") {
            // A heading, and the paragraph on the lines after it.
            let (heading, rest) = block.split_once('\n').unwrap_or((block, ""));
            out.push_str(heading);
            if heading.starts_with("==Background") {
                // A hatnote template on the line after the heading: a block of its own.
                out.push_str("\n{{Main|Japanese invasions of Korea (1592–1598)}}");
            }
            if rest.is_empty() {
                out.push_str("\n\n");
                continue;
            }
            out.push('\n');
            block = rest;
        }
        if let Some(fields) = block.strip_prefix("Infobox\n") {
            out.push_str("{{Infobox military conflict\n");
            for line in fields.lines() {
                let (key, value) = line
                    .trim_start_matches("- ")
                    .split_once(": ")
                    .expect("an Infobox line");
                out.push_str(&format!("| {} = {value}\n", key.to_lowercase()));
            }
            out.push_str("}}\n\n[[File:Imjin war map 1592.png|thumb|upright|The campaigns of [[1592]] in [[Joseon]]]]");
        } else {
            n += 1;
            // A reference after the first sentence, a short citation at the end, a comment.
            let cited = match block.find(". ") {
                Some(k) => format!(
                    "{}<ref name=\"h{n}\">{{{{cite book |last=Hawley |first=Samuel |title=The Imjin War |publisher=Royal Asiatic Society |year=2005 |page={} }}}}</ref>{}",
                    &block[..=k],
                    180 + n,
                    &block[k + 1..]
                ),
                None => block.to_string(),
            };
            out.push_str(&cited);
            out.push_str("<!-- checked against the 1597 diary -->{{sfn|Turnbull|2002|p=90}}");
        }
        out.push_str("\n\n");
    }
    out.push_str(
        "{| class=\"wikitable\"\n|-\n! Division !! Commander !! Men\n|-\n| First || Konishi Yukinaga || 18,700\n|}\n\n\
         == References ==\n{{Reflist}}\n\n== Sources ==\n* {{cite book |last=Turnbull |first=Stephen |title=Samurai Invasion |year=2002}}\n\n\
         {{Imjin War navbox}}\n\n[[Category:Battles of the Imjin War]]\n[[Category:1592 in Korea]]\n",
    );
    out
}

/// (kind, text) of every paragraph of `doc`.
fn paragraphs(db: &Path, doc: &str) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&stdout_ok(db, &["--format", "json", "show", doc])).expect("json");
    v["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().expect("kind").to_string(),
                p["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The links as (Chinese paragraph, English document, text of the English paragraph): the
/// same pages with furniture blocks between their paragraphs number them differently.
fn links_by_text(db: &Path, en_docs: &[String]) -> BTreeSet<(String, String, String)> {
    let texts: BTreeMap<String, Vec<(String, String)>> = en_docs
        .iter()
        .map(|d| (d.clone(), paragraphs(db, d)))
        .collect();
    let v: serde_json::Value =
        serde_json::from_str(&stdout_ok(db, &["--format", "json", "links"])).expect("json");
    v.as_array()
        .expect("links")
        .iter()
        .map(|l| {
            let en = l["en_doc"].as_str().expect("en").to_string();
            let k = l["en_para"].as_u64().expect("para") as usize;
            let (kind, text) = &texts[&en][k - 1];
            // An Infobox is written differently in the two shapes: its kind stands for it.
            let text = if kind == "infobox" {
                "(the Infobox)".to_string()
            } else {
                text.clone()
            };
            (
                format!("{}:{}", l["zh_doc"].as_str().expect("zh"), l["zh_para"]),
                en,
                text,
            )
        })
        .collect()
}

fn aligned(dir: &Path, name: &str, corpus: &Path) -> PathBuf {
    let db = dir.join(name);
    common::import_and_align(&db, &[corpus.to_path_buf()]);
    db
}

#[test]
fn a_page_as_mediawiki_source_aligns_as_the_page_as_text() {
    let dir = TempDir::new().expect("tempdir");
    let dev = root().join("tests/dev/corpus");
    let text_db = aligned(dir.path(), "text.sqlite", &dev);
    let source = dir.path().join("source");
    fs::create_dir(&source).expect("mkdir");
    let mut en_docs = Vec::new();
    for entry in fs::read_dir(&dev).expect("dev corpus") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_str()
            .expect("utf8")
            .to_string();
        let mut text = fs::read_to_string(&path).expect("read");
        if name.starts_with("en-") && name.ends_with(".txt") {
            text = as_source(&text);
            en_docs.push(name.trim_end_matches(".txt").to_string());
        }
        fs::write(source.join(&name), text).expect("write");
    }
    assert_eq!(en_docs.len(), 13, "the dev corpus's English articles");
    let source_db = aligned(dir.path(), "source.sqlite", &source);

    for doc in &en_docs {
        let before = paragraphs(&text_db, doc);
        let after = paragraphs(&source_db, doc);
        // The text paragraphs read the same, in the same order: no reference, comment or
        // template is left in them (the source adds only headings of its apparatus).
        let texts = |v: &[(String, String)]| -> Vec<String> {
            v.iter()
                .filter(|(k, _)| k == "text")
                .map(|(_, t)| t.clone())
                .collect()
        };
        assert_eq!(texts(&after), texts(&before), "{doc}");
        // Every other block is the Infobox or furniture.
        let kinds: BTreeSet<&str> = after.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            BTreeSet::from(["heading", "infobox", "meta", "text"]),
            "{doc}"
        );
        assert_eq!(
            after.iter().filter(|(k, _)| k == "infobox").count(),
            1,
            "{doc}: one Infobox"
        );
        // The references are citations of the paragraphs they stood in.
        for (k, (kind, _)) in after.iter().enumerate() {
            if kind != "text" {
                continue;
            }
            let p: serde_json::Value = serde_json::from_str(&stdout_ok(
                &source_db,
                &["--format", "json", "show", &format!("{doc}:{}", k + 1)],
            ))
            .expect("json");
            let marks: Vec<&str> = p["citations"]
                .as_array()
                .expect("citations")
                .iter()
                .filter_map(|c| c["mark"].as_str())
                .collect();
            assert!(
                marks.contains(&"sfn"),
                "{doc}:{}: {marks:?} {}",
                k + 1,
                p["raw"]
            );
        }
    }
    // The Infobox's fields are read from the template.
    let at = paragraphs(&source_db, "en-chungju")
        .iter()
        .position(|(k, _)| k == "infobox")
        .expect("an Infobox");
    let infobox: serde_json::Value = serde_json::from_str(&stdout_ok(
        &source_db,
        &[
            "--format",
            "json",
            "show",
            &format!("en-chungju:{}", at + 1),
        ],
    ))
    .expect("json");
    let date = infobox["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["key"] == "date")
        .map(|f| f["value"].clone());
    assert_eq!(date, Some(serde_json::json!("7 June 1592")));
    // And the page aligns as the text does: the citations' years (2005, 2002) and the
    // comments' (1597) date no paragraph.
    let (as_text, as_source) = (
        links_by_text(&text_db, &en_docs),
        links_by_text(&source_db, &en_docs),
    );
    assert!(as_text.len() > 50, "{as_text:?}");
    assert_eq!(as_source, as_text);
}

#[test]
fn a_lead_after_furniture_still_names_the_page_s_battle() {
    let dir = TempDir::new().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    // Source with no title line: two templates (a block each), then the lead naming its
    // subject.
    fs::write(
        corpus.join("en-okpo-source.txt"),
        "{{Short description|Naval battle of 1592}}\n{{Use dmy dates}}\n\n\
         The '''Battle of Okpo''' was fought off [[Geoje Island]].<ref>{{cite book|last=Hawley|year=2005}}</ref>\n\n\
         == Course ==\nThe fleet burned twenty-six ships in the harbour.\n",
    )
    .expect("write");
    let db = dir.path().join("db.sqlite");
    common::import_and_align(&db, &[corpus]);
    let course = stdout_ok(&db, &["show", "en-okpo-source:5"]);
    assert!(
        course.contains("battles battle-of-okpo (lead's subject, para 3)"),
        "{course}"
    );
    // The citation's year dates nothing.
    let lead = stdout_ok(&db, &["show", "en-okpo-source:3"]);
    assert!(lead.contains("context: when unknown"), "{lead}");
    assert!(lead.contains("citations: [ref]"), "{lead}");
}

/// A Chinese chronicle of the dev corpus as zh.wikipedia source: names linked through
/// templates that show their Chinese label, conversion blocks, references, a hatnote and a
/// category. What shows is the chronicle's text, character for character.
fn zh_as_source(text: &str) -> String {
    let mut out = String::from("{{Main|萬曆朝鮮之役}}\n\n");
    for (n, block) in text.split("\n\n").enumerate() {
        let block = block.trim_end();
        if block.is_empty() {
            continue;
        }
        let cited = block
            .replacen("李舜臣", "{{link-en|李舜臣|Yi Sun-sin}}", 1)
            .replacen("小西行長", "{{tsl|ja|Konishi Yukinaga|小西行長}}", 1)
            .replacen("加藤清正", "[[加藤清正]]", 1)
            .replacen("釜山", "-{釜山}-", 1)
            .replacen("明軍", "-{zh-hans:明军;zh-hant:明軍;}-", 1)
            .replacen(
                "。",
                &format!("。<ref name=\"s{n}\">{{{{cite book|title=宣祖修正實錄|year=1657|page={n}}}}}</ref>"),
                1,
            );
        out.push_str(&cited);
        out.push_str("<!-- 1598 -->\n\n");
    }
    out.push_str("== 參考文獻 ==\n{{reflist}}\n\n[[Category:萬曆朝鮮之役]]\n");
    out
}

#[test]
fn a_chinese_chronicle_as_source_aligns_as_the_chronicle_as_text() {
    let dir = TempDir::new().expect("tempdir");
    let dev = root().join("tests/dev/corpus");
    let text_db = aligned(dir.path(), "text.sqlite", &dev);
    let source = dir.path().join("source");
    fs::create_dir(&source).expect("mkdir");
    let mut zh_docs = Vec::new();
    for entry in fs::read_dir(&dev).expect("dev corpus") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_str()
            .expect("utf8")
            .to_string();
        let mut text = fs::read_to_string(&path).expect("read");
        if name.starts_with("zh-") && name.ends_with(".txt") {
            text = zh_as_source(&text);
            zh_docs.push(name.clone());
        } else if name == "corpus.toml" {
            // The chronicles are MediaWiki source now.
            text = text.replace("format = \"plain\"", "format = \"wiki\"");
        }
        fs::write(source.join(&name), text).expect("write");
    }
    assert_eq!(zh_docs.len(), 3, "the dev corpus's Chinese chronicles");
    let source_db = aligned(dir.path(), "source.sqlite", &source);
    let ids = ["zh-dev-1592", "zh-dev-1593", "zh-dev-1597"];
    for doc in ids {
        let texts = |db: &Path| -> Vec<String> {
            paragraphs(db, doc)
                .into_iter()
                .filter(|(k, _)| k == "text")
                .map(|(_, t)| t)
                .collect()
        };
        assert_eq!(texts(&source_db), texts(&text_db), "{doc}");
    }
    // The links, by the Chinese paragraph's text (the hatnote is a block before them).
    let by_text = |db: &Path| -> BTreeSet<(String, String)> {
        let texts: BTreeMap<&str, Vec<(String, String)>> =
            ids.iter().map(|d| (*d, paragraphs(db, d))).collect();
        let v: serde_json::Value =
            serde_json::from_str(&stdout_ok(db, &["--format", "json", "links"])).expect("json");
        v.as_array()
            .expect("links")
            .iter()
            .map(|l| {
                let zh = l["zh_doc"].as_str().expect("zh");
                let k = l["zh_para"].as_u64().expect("para") as usize;
                (
                    texts[zh][k - 1].1.clone(),
                    format!("{}:{}", l["en_doc"].as_str().expect("en"), l["en_para"]),
                )
            })
            .collect()
    };
    let (as_text, as_source) = (by_text(&text_db), by_text(&source_db));
    assert!(as_text.len() > 50, "{}", as_text.len());
    assert_eq!(as_source, as_text);
}
