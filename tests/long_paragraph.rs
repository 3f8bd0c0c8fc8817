//! Issue #21.2: `check` and `report` are linear in the length of a paragraph. Each test runs
//! the real binary on one paragraph kept whole (`import --unit-chars 0`) under a time bound
//! some twenty times what the linear code needs in a debug build; the quadratic (and, for the
//! number and date checks, cubic) code took minutes at these sizes even in release builds.

mod common;

use common::{hanbridge, root, stdout_ok};
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

/// The bound on each command.
const LIMIT: Duration = Duration::from_secs(60);

fn glossary() -> String {
    root().join("glossary").display().to_string()
}

/// Runs a command under [`LIMIT`]; returns its exit code and standard output.
fn bounded(db: &Path, args: &[&str]) -> (i32, String) {
    let out = hanbridge(db)
        .args(args)
        .timeout(LIMIT)
        .output()
        .expect("run");
    let code = out.status.code().unwrap_or_else(|| {
        panic!("{args:?} did not finish within {LIMIT:?} (killed)");
    });
    assert!(
        code <= 1,
        "{args:?}: exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, String::from_utf8(out.stdout).expect("utf8"))
}

#[test]
fn issue_21_2_linked_long_paragraphs_are_checked_and_reported_in_time() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    let input = dir.path().join("input");
    let input = input.to_str().expect("utf8");
    // A Chinese and an English paragraph of 0.25 MB each, telling the same events.
    stdout_ok(
        &db,
        &[
            "bench",
            "gen",
            "--one-paragraph-mb",
            "0.25",
            "--out",
            input,
            "--glossary",
            &glossary(),
        ],
    );
    stdout_ok(&db, &["import", "--unit-chars", "0", input]);
    stdout_ok(&db, &["glossary", "load", "--glossary", &glossary()]);
    stdout_ok(&db, &["align"]);
    let (_, findings) = bounded(
        &db,
        &["--format", "json", "check", "--glossary", &glossary()],
    );
    // The number check compared the two paragraphs (the English side gives other numbers).
    assert!(
        findings.contains("\"category\":\"number_mismatch\""),
        "{findings}"
    );
    let out = dir.path().join("report");
    bounded(
        &db,
        &[
            "report",
            "--glossary",
            &glossary(),
            "--out",
            out.to_str().expect("utf8"),
        ],
    );
    assert!(out.join("index.html").is_file());
}

#[test]
fn issue_21_2_a_two_megabyte_chinese_paragraph_is_checked_in_time() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    let file = dir.path().join("long.txt");
    // One sentence naming two people, with a date and a number, 20 000 times: 2 MB, no line
    // break, so every name, number and date is in one unit.
    let sentence = "萬曆二十一年正月初八日，李如松領兵四萬三千人進圍平壤，小西行長閉城固守。";
    std::fs::write(&file, sentence.repeat(20_000)).expect("write");
    stdout_ok(
        &db,
        &["import", "--unit-chars", "0", file.to_str().expect("utf8")],
    );
    stdout_ok(&db, &["glossary", "load", "--glossary", &glossary()]);
    let (_, findings) = bounded(
        &db,
        &["--format", "json", "check", "--glossary", &glossary()],
    );
    // Every name is known: only the glossary's own notes are reported.
    assert!(!findings.contains("\"doc\":\"long\""), "{findings}");
}
