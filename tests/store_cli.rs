//! The database as the commands share it: one snapshot per read, writers that wait their
//! turn, strict numeric flags, quiet closed pipes, and errors that say each cause once
//! (issues #15 and #21).

mod common;

use common::{dump, hanbridge, import_and_align, root, seeds};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A database with the seeds imported, the glossary loaded and links made.
fn seeded() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("s.sqlite");
    import_and_align(&db, &[seeds()]);
    (dir, db)
}

/// Takes the write lock on `db` in this thread (as another hanbridge writing would), and
/// releases it after `hold` from a helper thread.
fn hold_write_lock(db: &Path, hold: Duration) -> JoinHandle<()> {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("BEGIN IMMEDIATE").expect("write lock");
    std::thread::spawn(move || {
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").expect("release");
    })
}

/// An English text file the seeds do not have.
fn extra_text(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(
        &path,
        format!(
            "A note on {name}\n\nThe garrison kept its watch over the river crossing through the winter.\n"
        ),
    )
    .expect("write");
    path
}

fn doc_ids(db: &Path) -> Vec<String> {
    let docs: Value =
        serde_json::from_str(&common::stdout_ok(db, &["--format", "json", "docs"])).expect("json");
    docs.as_array()
        .expect("array")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn issue_21_align_and_import_wait_for_another_writer() {
    let (dir, db) = seeded();
    let release = hold_write_lock(&db, Duration::from_millis(1500));
    let started = Instant::now();
    hanbridge(&db)
        .current_dir(root())
        .arg("align")
        .assert()
        .success()
        .stderr(predicate::str::contains("links: "));
    assert!(
        started.elapsed() >= Duration::from_millis(1200),
        "align did not wait: {:?}",
        started.elapsed()
    );
    release.join().expect("lock thread");

    let extra = extra_text(dir.path(), "winter.txt");
    let release = hold_write_lock(&db, Duration::from_millis(1500));
    let started = Instant::now();
    hanbridge(&db).arg("import").arg(&extra).assert().success();
    assert!(started.elapsed() >= Duration::from_millis(1200));
    release.join().expect("lock thread");
    assert!(doc_ids(&db).iter().any(|d| d.contains("winter")));
}

/// Waits for each child and asserts it succeeded.
fn succeed(children: impl IntoIterator<Item = std::process::Child>) {
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
    }
}

#[test]
fn issue_21_two_writers_started_together_run_one_after_the_other() {
    let (dir, db) = seeded();
    let links_before = common::stdout_ok(&db, &["--format", "json", "links"]);
    // Both start while a third holds the lock, so they surely overlap.
    let release = hold_write_lock(&db, Duration::from_millis(500));
    let spawn = |args: Vec<PathBuf>| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("hanbridge"));
        cmd.env_remove("HANBRIDGE_DB")
            .current_dir(root())
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let aligns = [spawn(vec!["align".into()]), spawn(vec!["align".into()])];
    release.join().expect("lock thread");
    succeed(aligns);
    // Aligning an unchanged corpus twice is aligning it once.
    assert_eq!(
        common::stdout_ok(&db, &["--format", "json", "links"]),
        links_before
    );

    let (a, b) = (
        extra_text(dir.path(), "spring.txt"),
        extra_text(dir.path(), "autumn.txt"),
    );
    let release = hold_write_lock(&db, Duration::from_millis(500));
    let imports = [
        spawn(vec!["import".into(), a]),
        spawn(vec!["import".into(), b]),
    ];
    release.join().expect("lock thread");
    succeed(imports);
    let ids = doc_ids(&db);
    assert!(ids.iter().any(|d| d.contains("spring")), "{ids:?}");
    assert!(ids.iter().any(|d| d.contains("autumn")), "{ids:?}");
}

#[test]
fn issue_21_a_writer_gives_up_after_the_busy_timeout_and_says_so_once() {
    let (dir, db) = seeded();
    let before = dump(&db);
    let release = hold_write_lock(&db, Duration::from_millis(1500));
    let started = Instant::now();
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--busy-timeout", "0.2", "align"])
        .output()
        .expect("run");
    let waited = started.elapsed();
    let extra = extra_text(dir.path(), "summer.txt");
    let import = hanbridge(&db)
        .env("HANBRIDGE_BUSY_TIMEOUT", "0.2")
        .arg("import")
        .arg(&extra)
        .output()
        .expect("run");
    release.join().expect("lock thread");
    assert!(waited < Duration::from_millis(1400), "waited {waited:?}");
    for (out, op) in [(out, "align"), (import, "import")] {
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).expect("utf8");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("hanbridge: {}: {op}: ", db.display())),
            "{err}"
        );
        assert_eq!(err.matches("lock").count(), 1, "{err}");
    }
    common::assert_same_db(&before, &dump(&db), "timed-out writers");
}

/// Runs `hanbridge ARGS` with its standard output a pipe whose reader has gone (as in
/// `hanbridge … | head -1`); returns its standard error and exit code.
fn into_closed_pipe(db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("sh")
        .arg("-c")
        // `true` exits at once and closes the pipe; hanbridge writes after it has.
        .arg(r#"{ sleep 0.3; "$0" "$@"; echo "exit $?" >&2; } | true"#)
        .arg(assert_cmd::cargo::cargo_bin("hanbridge"))
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(root())
        .env_remove("HANBRIDGE_DB")
        .output()
        .expect("sh");
    String::from_utf8(out.stderr).expect("utf8")
}

#[test]
fn issue_15_closed_pipes_are_quiet_for_every_writer() {
    let (_dir, db) = seeded();
    for args in [
        &["--format", "json", "docs"][..],
        &["--format", "json", "links"],
        &["--format", "tsv", "links"],
        &["--format", "json", "unaligned", "--lang", "zh"],
        &["--format", "json", "show", "zh-pyongyang"],
        &["--format", "json", "show", "zh-pyongyang:9"],
        &[
            "--format",
            "json",
            "explain",
            "zh-pyongyang:9",
            "en-byeokjegwan:3",
        ],
        &["--format", "json", "check"],
        &["--format", "csv", "check"],
        &["--format", "csv", "glossary", "export"],
        &["--format", "json", "glossary", "export"],
        &["--format", "tbx", "glossary", "export"],
        &["docs"],
        &["links"],
    ] {
        assert_eq!(into_closed_pipe(&db, args), "exit 0\n", "{args:?}");
    }
}

#[test]
fn issue_15_numeric_flags_are_finite_and_in_range() {
    let (_dir, db) = seeded();
    let before = dump(&db);
    for (args, range) in [
        (&["align", "--min-score", "nan"][..], "from 0 to 100"),
        (&["align", "--min-score", "inf"], "from 0 to 100"),
        (&["align", "--min-score", "-0.5"], "from 0 to 100"),
        (&["align", "--min-shared", "NaN"], "from 0 to 1000"),
        (&["align", "--min-shared", "-1"], "from 0 to 1000"),
        (
            &[
                "explain",
                "zh-pyongyang:9",
                "en-byeokjegwan:3",
                "--min-score",
                "inf",
            ],
            "from 0 to 100",
        ),
        (
            &["eval", "--gold", "x.tsv", "--min-shared", "nan"],
            "from 0 to 1000",
        ),
        (
            &["align", "--param", "agree_factr=1.2"],
            "no parameter \"agree_factr\"",
        ),
        (&["align", "--param", "agree_factor"], "expected NAME=VALUE"),
        (&["align", "--param", "max_links=2.5"], "whole number"),
        (
            &["eval", "--gold", "x.tsv", "--param", "gamma=-1"],
            "from 0 to",
        ),
        (&["--busy-timeout", "nan", "docs"], "from 0 to 86400"),
        (&["--busy-timeout", "-2", "align"], "from 0 to 86400"),
        (&["link", "confirm", "0"], "from 1"),
        (&["link", "reject", "-4"], "from 1"),
        (
            &["bench", "gen", "--scale", "0", "--out", "x"],
            "from 1 to 100000",
        ),
        (&["bench", "run", "--scales", "1,0"], "from 1 to 100000"),
        (
            &["glossary", "import", "x.csv", "--max-remove", "nan"],
            "from 0 to 100",
        ),
        (
            &["glossary", "import", "x.csv", "--max-remove", "-5"],
            "from 0 to 100",
        ),
        (&["import", "seeds", "--unit-chars", "-1"], "never cut"),
        (&["import", "seeds", "--unit-chars", "3"], "never cut"),
    ] {
        hanbridge(&db)
            .current_dir(root())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(range));
        common::assert_same_db(&before, &dump(&db), &format!("{args:?}"));
    }
}

#[test]
fn issue_15_read_commands_need_a_database_and_create_none() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("missing/sub/h.sqlite");
    let gold = root().join("tests/gold/seeds.tsv");
    for args in [
        &["docs"][..],
        &["links"],
        &["show", "zh-pyongyang"],
        &["check"],
        &["unaligned", "--lang", "zh"],
        &["explain", "zh-a:1", "en-b:1"],
        &["eval", "--gold", gold.to_str().expect("path")],
        &["report", "--out", "/nonexistent-report-dir"],
        &["align"],
        &["link", "confirm", "1"],
        &["link", "add", "zh-a:1", "en-b:1"],
    ] {
        hanbridge(&db)
            .current_dir(root())
            .args(args)
            .assert()
            .code(2)
            .stderr(format!(
                "hanbridge: no database at {}; run `hanbridge import` or `hanbridge run` first\n",
                db.display()
            ));
        assert!(
            !dir.path().join("missing").exists(),
            "{args:?} created folders"
        );
    }
}

#[test]
fn issue_15_link_add_names_the_missing_paragraph() {
    let (_dir, db) = seeded();
    hanbridge(&db)
        .args(["link", "add", "zh-pyongyang:9", "en-byeokjegwan:999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no paragraph en-byeokjegwan:999"))
        .stderr(predicate::str::contains("zh-pyongyang:9").not());
    hanbridge(&db)
        .args(["link", "add", "zh-pyongyang:99", "en-byeokjegwan:3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no paragraph zh-pyongyang:99"))
        .stderr(predicate::str::contains("en-byeokjegwan:3").not());
}

#[test]
fn issue_15_show_gives_file_character_offsets_everywhere() {
    let (_dir, db) = seeded();
    let file = fs::read_to_string(seeds().join("000_ab241afb31864278.txt")).expect("seed");
    let chars: Vec<char> = file.chars().collect();
    let at = |s: u64, e: u64| -> String { chars[s as usize..e as usize].iter().collect() };
    let shown: Value = serde_json::from_str(&common::stdout_ok(
        &db,
        &["--format", "json", "show", "zh-pyongyang:9"],
    ))
    .expect("json");
    let mentions = shown["mentions"].as_array().expect("mentions in JSON");
    let names: Vec<&Value> = mentions
        .iter()
        .filter(|m| m["kind"] == "name" && m["how"] != "inside a longer name")
        .collect();
    assert!(names.len() >= 3, "{mentions:?}");
    for m in &names {
        let (s, e) = (
            m["start_char"].as_u64().expect("start_char"),
            m["end_char"].as_u64().expect("end_char"),
        );
        assert_eq!(at(s, e), m["text"].as_str().expect("text"), "{m}");
    }
    for s in shown["sentences"].as_array().expect("sentences") {
        let span = &s["span"];
        let text = at(
            span["start_char"].as_u64().expect("s"),
            span["end_char"].as_u64().expect("e"),
        );
        assert!(text.contains('。') || !text.is_empty());
    }
    // The table says the same, under CHARS.
    let table = common::stdout_ok(&db, &["show", "zh-pyongyang:9"]);
    let li = names
        .iter()
        .find(|m| m["text"] == "李如松")
        .expect("李如松 found");
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("李如松"))
        .expect("李如松 row");
    assert!(
        row.contains(&format!("{}..{}", li["start_char"], li["end_char"])),
        "{row}"
    );
    assert!(
        table.contains("NAME")
            && table
                .lines()
                .any(|l| l.contains("NAME") && l.contains("CHARS"))
    );
}

#[test]
fn issue_21_a_file_that_is_not_a_database_is_said_once() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("notes.sqlite");
    fs::write(&db, "these are notes, not a database\n".repeat(200)).expect("write");
    for args in [&["docs"][..], &["import", "seeds"]] {
        let out = hanbridge(&db)
            .current_dir(root())
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(out.stderr).expect("utf8"),
            format!(
                "hanbridge: {}: cannot open database: file is not a database\n",
                db.display()
            )
        );
    }
}

#[test]
fn issue_21_a_folder_that_cannot_be_created_is_said_once() {
    let dir = TempDir::new().expect("tempdir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    let mut db = locked.join("sub/h.sqlite");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).expect("chmod");
    }
    if fs::create_dir(locked.join("probe")).is_ok() {
        // Running as root, permissions do not stop us: a kernel file system will.
        db = PathBuf::from("/sys/kernel/hanbridge-test/h.sqlite");
    }
    let out = hanbridge(&db)
        .args(["import", "seeds"])
        .current_dir(root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).expect("utf8");
    assert_eq!(err.lines().count(), 1, "{err}");
    let parent = db.parent().expect("parent");
    assert!(
        err.starts_with(&format!(
            "hanbridge: {}: cannot create directory: ",
            parent.display()
        )),
        "{err}"
    );
    let why = err.rsplit(": ").next().expect("cause").trim();
    assert_eq!(err.matches(why).count(), 1, "{err}");
}
