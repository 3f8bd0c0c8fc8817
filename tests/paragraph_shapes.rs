//! Issue #21.1: paragraphs of every shape. Files separated by blank lines, by single line
//! breaks after sentence ends, or by full-width indentation are cut into the paragraphs a
//! reader sees; the rule used is recorded (`docs`), can be forced (manifest, `--paragraphs`),
//! and a paragraph longer than the bound is cut at sentence ends into units whose offsets
//! point at their own text.

mod common;

use common::{hanbridge, seeds, stderr_ok, stdout_ok};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// (id, paragraph rule, paragraph count) of every document, from `docs --format json`.
fn docs(db: &Path) -> Vec<(String, String, u64)> {
    let out = stdout_ok(db, &["--format", "json", "docs"]);
    let docs: serde_json::Value = serde_json::from_str(&out).expect("json");
    docs.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().expect("id").to_string(),
                d["paragraph_rule"].as_str().expect("rule").to_string(),
                d["paragraphs"].as_u64().expect("n"),
            )
        })
        .collect()
}

/// `show DOC:N --format json`.
fn show(db: &Path, place: &str) -> serde_json::Value {
    serde_json::from_str(&stdout_ok(db, &["--format", "json", "show", place])).expect("json")
}

fn row(id: &str, rule: &str, n: u64) -> (String, String, u64) {
    (id.to_string(), rule.to_string(), n)
}

/// A wiki mirror's page: one paragraph per line, CRLF line ends, no blank line anywhere.
const LINES_CRLF: &str = "碧蹄館在漢城之北，距城約七十里。\r\n明軍南下，前鋒與日軍遭遇於此。\r\n是役明軍失利，\r\n退回開城。\r\n";
/// A book's text: paragraphs open with two full-width spaces, lines wrapped mid-sentence.
const INDENTED: &str = "\u{3000}\u{3000}正月，明軍渡江東進，\n諸將皆在軍中\n\u{3000}\u{3000}二月，前鋒抵碧蹄館，\n遇伏而退\n\u{3000}\u{3000}三月，議和之說\n漸起\n";
/// The usual shape: blank lines between paragraphs, each of several lines.
const BLANK: &str = "平壤既下，\n諸軍南進。\n\n碧蹄館一戰，\n明軍失利。\n";

#[test]
fn each_convention_gives_the_paragraphs_a_reader_sees() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    fs::write(dir.path().join("a-lines.txt"), LINES_CRLF).expect("write");
    fs::write(dir.path().join("b-indent.txt"), INDENTED).expect("write");
    fs::write(dir.path().join("c-blank.txt"), BLANK).expect("write");
    stdout_ok(&db, &["import", dir.path().to_str().expect("utf8")]);
    assert_eq!(
        docs(&db),
        [
            row("a-lines", "line", 3),
            row("b-indent", "indent", 3),
            row("c-blank", "blank-line", 2)
        ]
    );
    // A line that stops mid-sentence goes on in the next; CRLF stays out of the text.
    let p = show(&db, "a-lines:3");
    assert_eq!(p["raw"], "是役明軍失利，\r\n退回開城。");
    let (s, e) = (
        p["span"]["start_byte"].as_u64().expect("s") as usize,
        p["span"]["end_byte"].as_u64().expect("e") as usize,
    );
    assert_eq!(&LINES_CRLF[s..e], p["raw"].as_str().expect("raw"));
    let p = show(&db, "b-indent:2");
    assert_eq!(
        p["raw"],
        "\u{3000}\u{3000}二月，前鋒抵碧蹄館，\n遇伏而退".trim_start()
    );
    // The table names the rule too.
    let table = stdout_ok(&db, &["docs"]);
    assert!(
        table.contains("indent") && table.contains("blank-line"),
        "{table}"
    );
}

#[test]
fn the_rule_can_be_forced_by_manifest_and_flag() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    fs::write(dir.path().join("page.txt"), LINES_CRLF).expect("write");
    fs::write(
        dir.path().join("corpus.toml"),
        "[[document]]\nid = \"page\"\nfile = \"page.txt\"\nparagraphs = \"blank-line\"\n",
    )
    .expect("write");
    stdout_ok(&db, &["import", dir.path().to_str().expect("utf8")]);
    assert_eq!(docs(&db), [row("page", "blank-line", 1)]);
    // The same file cut by another rule is a new revision.
    let out = stderr_ok(
        &db,
        &[
            "import",
            "--paragraphs",
            "line",
            dir.path().to_str().expect("utf8"),
        ],
    );
    assert!(
        out.contains("page: revised, revision 2, 3 paragraphs"),
        "{out}"
    );
    assert_eq!(docs(&db), [row("page", "line", 3)]);
    hanbridge(&db)
        .args(["import", "--paragraphs", "lines"])
        .arg(dir.path())
        .assert()
        .code(2);
    fs::write(
        dir.path().join("corpus.toml"),
        "[[document]]\nid = \"page\"\nfile = \"page.txt\"\nparagraphs = \"para\"\n",
    )
    .expect("write");
    hanbridge(&db)
        .arg("import")
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn a_book_in_one_paragraph_is_cut_into_bounded_units_with_exact_offsets() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    // 3 000 sentences of 13 characters (39 000 characters), then one "sentence" of 9 000
    // characters with no sentence end: no blank line, no line break.
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!("第{:04}句，李如松進兵。", i));
    }
    text.push_str(&"甲乙丙".repeat(3000));
    text.push('\n');
    let path = dir.path().join("book.txt");
    fs::write(&path, &text).expect("write");
    stdout_ok(&db, &["import", path.to_str().expect("utf8")]);
    let listed = docs(&db);
    let units = listed[0].2 as usize;
    // 39 000 characters in units of whole sentences, at most 4 000 characters (307 sentences:
    // 10 units),
    // then the long sentence cut at 4 000 characters (3 units).
    assert_eq!(units, 13, "{listed:?}");
    let mut end = 0;
    for n in 1..=units {
        let p = show(&db, &format!("book:{n}"));
        let raw = p["raw"].as_str().expect("raw");
        let span = &p["span"];
        let (s, e) = (
            span["start_byte"].as_u64().expect("s") as usize,
            span["end_byte"].as_u64().expect("e") as usize,
        );
        let (sc, ec) = (
            span["start_char"].as_u64().expect("s") as usize,
            span["end_char"].as_u64().expect("e") as usize,
        );
        assert_eq!(&text[s..e], raw, "unit {n}");
        assert_eq!(text[..s].chars().count(), sc, "unit {n}");
        assert_eq!(ec - sc, raw.chars().count(), "unit {n}");
        assert!(raw.chars().count() <= 4000, "unit {n}");
        assert_eq!(s, end, "unit {n} follows the one before");
        end = e;
        if n <= 10 {
            assert!(raw.ends_with("進兵。"), "unit {n} ends at a sentence end");
        }
        // Sentence offsets point into the file too.
        for sentence in p["sentences"].as_array().expect("sentences") {
            let (ss, se) = (
                sentence["span"]["start_byte"].as_u64().expect("s") as usize,
                sentence["span"]["end_byte"].as_u64().expect("e") as usize,
            );
            assert_eq!(&text[ss..se], sentence["text"].as_str().expect("t"));
        }
    }
    assert_eq!(end, text.trim_end().len());
    // With no bound the file is one paragraph again.
    let db2 = dir.path().join("u.sqlite");
    stdout_ok(
        &db2,
        &["import", "--unit-chars", "0", path.to_str().expect("utf8")],
    );
    assert_eq!(docs(&db2)[0].2, 1);
}

#[test]
fn seeds_keep_their_paragraphs() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    stdout_ok(&db, &["import", seeds().to_str().expect("utf8")]);
    assert_eq!(
        docs(&db),
        [
            row("en-byeokjegwan", "blank-line", 16),
            row("zh-imjin", "blank-line", 121),
            row("zh-pyongyang", "blank-line", 10)
        ]
    );
    let again = stderr_ok(&db, &["import", seeds().to_str().expect("utf8")]);
    assert_eq!(again.matches("unchanged").count(), 3, "{again}");
}

/// An English paragraph holding Chinese characters a few bytes before a range of months ("as
/// 李舜臣李舜臣 July – August 1592") is aligned and shown: the date scan looks back over whole
/// characters (it cut one in two and `align` panicked).
#[test]
fn chinese_characters_before_an_english_month_range_are_read_whole() {
    let dir = TempDir::new().expect("dir");
    let corpus = common::write_corpus(
        dir.path(),
        &[(
            "en-wide.md",
            "# Wide\n\nThe admiral was named in the chronicle as 李舜臣李舜臣 July – August 1592 and fought well with his fleet in the south of the country.\n",
        )],
    );
    let db = dir.path().join("w.sqlite");
    common::import_and_align(&db, &[corpus]);
    let shown = common::json(&db, &["show", "en-wide:2"]);
    assert_eq!(
        shown["context"]["interval"],
        serde_json::json!([[1592, 7, 1], [1592, 8, 31]]),
        "{shown}"
    );
}
