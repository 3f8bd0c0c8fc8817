//! Whole pages as readers copy them: references, notes, "See also" lists, hatnotes, a table of
//! contents, navigation boxes, category lines and stub notices are page furniture. They name
//! the same people, battles and dates as the text, but state no fact of their own: they are
//! never linked, and a page that carries them aligns as the same page without them.

mod common;

use common::{root, stdout_ok};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// An English Wikipedia page's apparatus (wiki headings), naming what the dev texts narrate.
const EN_APPARATUS: &str = "
== Notes ==
* ^ Yi Sun-sin's war diary dates the battle of Okpo to 16 June 1592 and the battle of Hansan Island to 14 August 1592.
* ^ Konishi Yukinaga and Katō Kiyomasa landed at Busan on 23 May 1592.

== References ==
* Hawley, Samuel (2005). The Imjin War. Royal Asiatic Society. ISBN 978-89-954424-2-5.
* Turnbull, Stephen (2002). Samurai Invasion: Japan's Korean War 1592–98. Cassell. p. 90.
* Hawley 2005, p. 195.

== See also ==
* Battle of Hansan Island
* Siege of Busanjin
* Yi Sun-sin
* Won Gyun

== External links ==
* Yi Sun-sin at the Korean Naval Academy museum, on Geoje Island

Categories: Battles of the Japanese invasions of Korea (1592–1598) | 1592 in Korea | Yi Sun-sin
";

/// A Chinese page's apparatus as a browser copies it (plain text, edit marks on their own
/// lines, a hatnote, a stub's notice).
const ZH_APPARATUS: &str = "
參見：閑山島海戰、釜山鎮之戰

參考文獻

[編輯]

《懲毖錄》，柳成龍著，記李舜臣萬曆二十年五月初七日玉浦之捷。
^ 《明史·朝鮮傳》：小西行長、加藤清正於四月十三日陷釜山。

相關條目

[編輯]

李舜臣、元均、小西行長

這是一篇與朝鮮歷史相關的小作品。你可以通過編輯或修訂擴充其內容。

分類：萬曆朝鮮之役
";

/// A plain copy of an English page: title over the tagline, a table of contents, hatnotes,
/// headings with their edit links (on the line and after it), the text, then the references.
const PLAIN_PAGE: &str = "Battle of Okpo
From Wikipedia, the free encyclopedia

Contents
1 Background
2 Battle
2.1 Losses
3 References

The Battle of Okpo was fought on 16 June 1592 off Okpo harbour on Geoje Island, where Yi Sun-sin burned twenty-six ships of Tōdō Takatora.

Background[edit]
Main article: Japanese invasions of Korea (1592–1598)
See also: Battle of Hansan Island

Won Gyun scuttled his ships after the fall of Busan and called on Yi Sun-sin for help.

Citations

[edit]
  1. ^ a b Hawley 2005, p. 195.
  2. ^ Yi Sun-sin, war diary, 16 June 1592.

Bibliography

[edit]
  • Hawley, Samuel (2005), The Imjin War, Royal Asiatic Society

See also

Battle of Hansan Island

v t e
Retrieved from \"https://en.wikipedia.org/w/index.php?title=Battle_of_Okpo\"
Categories: 1592 in Korea | Yi Sun-sin
";

/// The stored links as (Chinese paragraph, English paragraph) labels.
fn links(db: &Path) -> BTreeSet<(String, String)> {
    common::link_pairs(db)
}

use common::{aligned, paragraphs as kinds};

#[test]
fn a_page_s_apparatus_is_furniture_and_never_linked() {
    let dir = TempDir::new().expect("tempdir");
    let dev = root().join("tests/dev/corpus");
    let plain_db = aligned(dir.path(), "plain.sqlite", &dev);
    // The same corpus with every page's apparatus after its text.
    let whole = dir.path().join("whole");
    let texts = std::cell::Cell::new(0);
    common::copy_corpus(&dev, &whole, |name, mut text| {
        if name.ends_with(".txt") {
            let zh = text
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .count()
                > 100;
            text.push_str(if zh { ZH_APPARATUS } else { EN_APPARATUS });
            texts.set(texts.get() + 1);
        }
        text
    });
    assert_eq!(
        texts.get(),
        16,
        "the dev corpus: 3 Chinese and 13 English texts"
    );
    let whole_db = aligned(dir.path(), "whole.sqlite", &whole);
    // The apparatus is furniture or headings, every paragraph of it.
    for doc in ["en-okpo", "en-hansando", "zh-dev-1592", "zh-dev-1597"] {
        let before = kinds(&plain_db, doc);
        let after = kinds(&whole_db, doc);
        assert_eq!(after[..before.len()], before[..], "{doc}: its text changed");
        assert!(after.len() >= before.len() + 5, "{doc}: {after:?}");
        for (n, kind, text) in &after[before.len()..] {
            assert!(
                kind == "meta" || kind == "heading",
                "{doc}:{n} is {kind}: {text}"
            );
        }
    }
    // And it is never linked: the links are those of the pages without it.
    let (without, with) = (links(&plain_db), links(&whole_db));
    assert!(without.len() > 50, "{without:?}");
    assert_eq!(
        with.difference(&without).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "links to the apparatus"
    );
    assert_eq!(with, without);
    // Nor is it checked: its authors are not names missing from the glossary.
    let findings = common::findings(&whole_db);
    assert!(!findings.is_empty());
    for f in &findings {
        let text = f["text"].as_str().unwrap_or("");
        assert!(
            !["Hawley", "Turnbull", "Samuel", "Stephen"].contains(&text),
            "a finding in the apparatus: {f}"
        );
    }
}

#[test]
fn a_plain_page_s_furniture_and_headings_are_told_from_its_text() {
    let dir = TempDir::new().expect("tempdir");
    fs::write(dir.path().join("en-okpo-page.txt"), PLAIN_PAGE).expect("write");
    let db = dir.path().join("page.sqlite");
    stdout_ok(
        &db,
        &[
            "import",
            dir.path().join("en-okpo-page.txt").to_str().expect("utf8"),
        ],
    );
    let kinds: Vec<(String, String)> = kinds(&db, "en-okpo-page")
        .into_iter()
        .map(|(_, k, t)| (k, t.lines().next().unwrap_or("").to_string()))
        .collect();
    let want = [
        ("heading", "Battle of Okpo"),
        ("meta", "From Wikipedia, the free encyclopedia"),
        ("meta", "Contents"),
        (
            "text",
            "The Battle of Okpo was fought on 16 June 1592 off Okpo harbour on Geoje Island, where Yi Sun-sin burned twenty-six ships of Tōdō Takatora.",
        ),
        ("heading", "Background"),
        (
            "meta",
            "Main article: Japanese invasions of Korea (1592–1598)",
        ),
        (
            "text",
            "Won Gyun scuttled his ships after the fall of Busan and called on Yi Sun-sin for help.",
        ),
        // A heading whose edit link is on the next line; the link is furniture of its own.
        ("heading", "Citations"),
        ("meta", "[edit]"),
        ("meta", "1. ^ a b Hawley 2005, p. 195."),
        ("heading", "Bibliography"),
        ("meta", "[edit]"),
        (
            "meta",
            "• Hawley, Samuel (2005), The Imjin War, Royal Asiatic Society",
        ),
        // A section's title alone in its block, with no edit link: a heading all the same.
        ("heading", "See also"),
        ("meta", "Battle of Hansan Island"),
        ("meta", "v t e"),
    ];
    let got: Vec<(&str, &str)> = kinds
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_title_line_heads_the_page_and_lends_its_battle() {
    let dir = TempDir::new().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    // A Chinese page copied as text: the title alone on the first line, then the lead.
    fs::write(
        corpus.join("zh-title.txt"),
        "玉浦海戰\n\n萬曆二十年五月初七日，李舜臣率全羅左水營戰船至巨濟島，焚倭船二十六艘。\n\n是役之後，朝鮮水軍士氣大振。\n",
    )
    .expect("write");
    // A page whose first line is a sentence: no title.
    fs::write(
        corpus.join("zh-notitle.txt"),
        "李舜臣焚倭船於玉浦。\n\n是役之後，朝鮮水軍士氣大振。\n",
    )
    .expect("write");
    let db = aligned(dir.path(), "t.sqlite", &corpus);
    let title = kinds(&db, "zh-title");
    assert_eq!(
        (title[0].1.as_str(), title[0].2.as_str()),
        ("heading", "玉浦海戰")
    );
    let untitled = kinds(&db, "zh-notitle");
    assert_eq!(untitled[0].1, "text");
    // The title's battle holds for the page's paragraphs.
    let shown = stdout_ok(&db, &["show", "zh-title:3"]);
    assert!(
        shown.contains("battles battle-of-okpo (title, para 1)"),
        "{shown}"
    );
}
