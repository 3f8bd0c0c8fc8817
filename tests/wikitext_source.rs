//! MediaWiki source, as a translator pastes it from a page's edit box: an Infobox template,
//! references (`<ref>{{cite book|…|year=2005}}</ref>`, `{{sfn|…}}`), hatnote and navigation
//! templates, file and category links, comments and tables. None of it is the page's text: a
//! page given as source aligns as the same page given as text, its Infobox keeps its fields,
//! and the years of its citations date nothing.

mod common;

use common::{aligned, copy_corpus, paragraphs, root, stdout_ok};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
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
fn blocks(db: &Path, doc: &str) -> Vec<(String, String)> {
    paragraphs(db, doc)
        .into_iter()
        .map(|(_, kind, text)| (kind, text))
        .collect()
}

/// The text paragraphs of `doc`, in order.
fn texts(db: &Path, doc: &str) -> Vec<String> {
    blocks(db, doc)
        .into_iter()
        .filter(|(k, _)| k == "text")
        .map(|(_, t)| t)
        .collect()
}

/// The links as (Chinese label, English label): a paragraph of one of `docs` is labelled by
/// its document and text (an Infobox by its kind: the two shapes write it differently), any
/// other by `DOC:N`. The same pages with furniture blocks between their paragraphs number
/// them differently.
fn links_by_text(db: &Path, docs: &[String]) -> BTreeSet<(String, String)> {
    let texts: BTreeMap<&str, Vec<(String, String)>> =
        docs.iter().map(|d| (d.as_str(), blocks(db, d))).collect();
    let v: serde_json::Value =
        serde_json::from_str(&stdout_ok(db, &["--format", "json", "links"])).expect("json");
    v.as_array()
        .expect("links")
        .iter()
        .map(|l| {
            let label = |lang: &str| {
                let doc = l[format!("{lang}_doc")].as_str().expect("doc");
                let k = l[format!("{lang}_para")].as_u64().expect("para");
                match texts.get(doc) {
                    Some(t) => match &t[k as usize - 1] {
                        (kind, _) if kind == "infobox" => format!("{doc}: (the Infobox)"),
                        (_, text) => format!("{doc}: {text}"),
                    },
                    None => format!("{doc}:{k}"),
                }
            };
            (label("zh"), label("en"))
        })
        .collect()
}

#[test]
fn a_page_as_mediawiki_source_aligns_as_the_page_as_text() {
    let dir = TempDir::new().expect("tempdir");
    let dev = root().join("tests/dev/corpus");
    let text_db = aligned(dir.path(), "text.sqlite", &dev);
    let source = dir.path().join("source");
    let en_docs = RefCell::new(Vec::new());
    copy_corpus(&dev, &source, |name, text| {
        match name.strip_suffix(".txt").filter(|n| n.starts_with("en-")) {
            Some(doc) => {
                en_docs.borrow_mut().push(doc.to_string());
                as_source(&text)
            }
            None => text,
        }
    });
    let en_docs = en_docs.into_inner();
    assert_eq!(en_docs.len(), 13, "the dev corpus's English articles");
    let source_db = aligned(dir.path(), "source.sqlite", &source);

    for doc in &en_docs {
        // The text paragraphs read the same, in the same order: no reference, comment or
        // template is left in them (the source adds only headings of its apparatus).
        assert_eq!(texts(&source_db, doc), texts(&text_db, doc), "{doc}");
        let after = blocks(&source_db, doc);
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
    let at = blocks(&source_db, "en-chungju")
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
    let zh_docs = RefCell::new(Vec::new());
    copy_corpus(&dev, &source, |name, text| {
        match name.strip_suffix(".txt").filter(|n| n.starts_with("zh-")) {
            Some(_) => {
                zh_docs.borrow_mut().push(name.to_string());
                zh_as_source(&text)
            }
            // The chronicles are MediaWiki source now.
            None if name == "corpus.toml" => {
                text.replace("format = \"plain\"", "format = \"wiki\"")
            }
            None => text,
        }
    });
    assert_eq!(
        zh_docs.borrow().len(),
        3,
        "the dev corpus's Chinese chronicles"
    );
    let source_db = aligned(dir.path(), "source.sqlite", &source);
    let ids = ["zh-dev-1592", "zh-dev-1593", "zh-dev-1597"].map(String::from);
    for doc in &ids {
        assert_eq!(texts(&source_db, doc), texts(&text_db, doc), "{doc}");
    }
    // The links, by the Chinese paragraph's text (the hatnote is a block before them).
    let (as_text, as_source) = (
        links_by_text(&text_db, &ids),
        links_by_text(&source_db, &ids),
    );
    assert!(as_text.len() > 50, "{}", as_text.len());
    assert_eq!(as_source, as_text);
}
