//! The command line's conventions: completions and a manual page, link decisions on many ids,
//! `--format` values each command accepts, status lines on stderr silenced by `-q`.

mod common;

use common::hanbridge;
use serde_json::Value;
use std::fs;
use std::path::PathBuf;
use tempfile::TempDir;

/// Issue 18.5: completion scripts for bash, zsh and fish name the subcommands; bash's parses.
#[test]
fn issue_18_shell_completions() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("c.sqlite");
    for shell in ["bash", "zsh", "fish"] {
        let out = hanbridge(&db)
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).expect("utf8");
        for word in ["glossary", "links", "--tbx-version", "completions"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
        if shell == "bash" {
            let path = dir.path().join("hanbridge.bash");
            fs::write(&path, &script).expect("write");
            let check = std::process::Command::new("bash")
                .arg("-n")
                .arg(&path)
                .status()
                .expect("bash");
            assert!(check.success(), "bash cannot parse the script");
        }
    }
    assert!(!db.exists(), "no database made");
    hanbridge(&db)
        .args(["completions", "cmd.exe"])
        .assert()
        .code(2);
}

/// Issue 18.5: `man` prints a roff page; `man --out DIR` writes one per command, with the
/// examples of its `--help`.
#[test]
fn issue_18_manual_pages() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("m.sqlite");
    let page = common::stdout_ok(&db, &["man"]);
    assert!(page.contains(".TH hanbridge 1"), "{}", &page[..200]);
    assert!(page.contains("glossary"));
    let pages = dir.path().join("man1");
    hanbridge(&db)
        .args(["man", "--out"])
        .arg(&pages)
        .assert()
        .success();
    let links = fs::read_to_string(pages.join("hanbridge-links.1")).expect("links page");
    assert!(links.contains(".TH hanbridge-links 1"));
    assert!(
        links.contains("\\-\\-format tmx links \\-\\-status confirmed"),
        "{links}"
    );
    assert!(pages.join("hanbridge.1").exists());
    assert!(
        !pages.join("hanbridge-dump-anchors.1").exists(),
        "hidden commands left out"
    );
}

/// The status of every link, by id.
fn statuses(db: &std::path::Path) -> Vec<(i64, String)> {
    let out = common::stdout_ok(db, &["--format", "json", "links"]);
    let links: Value = serde_json::from_str(&out).expect("json");
    links
        .as_array()
        .expect("array")
        .iter()
        .map(|l| {
            (
                l["id"].as_i64().expect("id"),
                l["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

/// Issue 18.4: `link confirm|reject` takes many ids and `--from FILE`, all or nothing.
#[test]
fn issue_18_link_decisions_on_many_ids() {
    let (dir, db) = common::seeds_aligned();
    let before = statuses(&db);
    let ids: Vec<String> = before.iter().map(|(id, _)| id.to_string()).collect();
    assert!(ids.len() >= 4);
    let out = common::stdout_ok(&db, &["link", "confirm", &ids[0], &ids[1]]);
    assert_eq!(out.lines().count(), 2, "{out}");
    let list = dir.path().join("wrong.txt");
    fs::write(
        &list,
        format!("# refused after review\n{}, {}\n", ids[2], ids[3]),
    )
    .expect("w");
    hanbridge(&db)
        .args(["link", "reject", "--from"])
        .arg(&list)
        .assert()
        .success();
    let after = statuses(&db);
    let status = |id: &str| {
        after
            .iter()
            .find(|(i, _)| i.to_string() == id)
            .map(|(_, s)| s.as_str())
    };
    assert_eq!(status(&ids[0]), Some("confirmed"));
    assert_eq!(status(&ids[1]), Some("confirmed"));
    assert_eq!(status(&ids[2]), Some("rejected"));
    assert_eq!(status(&ids[3]), Some("rejected"));
    // One unknown id: nothing changes, and the error names it.
    let snapshot = common::dump(&db);
    let out = hanbridge(&db)
        .args(["link", "reject", &ids[0], "999999"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no link 999999"));
    common::assert_same_db(&snapshot, &common::dump(&db), "refused decision");
    // A bad line in the file names the file and line.
    fs::write(&list, "12\nseven\n").expect("w");
    let out = hanbridge(&db)
        .args(["link", "reject", "--from"])
        .arg(&list)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong.txt:2: \"seven\""));
    hanbridge(&db).args(["link", "confirm"]).assert().code(2);
}

/// Issue 18.4: each command accepts only the formats it writes; another is a usage error
/// (exit 2, naming those it writes) before anything runs.
#[test]
fn issue_18_format_is_checked_per_command() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("f.sqlite");
    for (args, writes) in [
        (&["--format", "tbx", "docs"][..], "table, json"),
        (
            &["--format", "tmx", "glossary", "export"],
            "csv (default), tsv, tbx, xlsx, json",
        ),
        (&["--format", "xlsx", "links"], "table, json, tsv, tmx"),
        (&["--format", "csv", "run"], "table, json"),
        (&["link", "confirm", "--format", "json", "1"], "table"),
    ] {
        let out = hanbridge(&db).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("it writes: {writes}")),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    assert!(!db.exists(), "refused before opening the database");
    let help = common::stdout_ok(&db, &["check", "--help"]);
    assert!(help.contains("Formats (--format): table, json, json-array, csv, xlsx"));
}

/// Issue 18.4: `run --format json` prints the whole summary as one JSON document, and
/// `check --format json-array` the findings of `--format json` (JSON Lines) as one array.
#[test]
fn issue_18_run_and_check_as_json() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("r.sqlite");
    let report = dir.path().join("report");
    let out = common::succeeded(
        hanbridge(&db)
            .current_dir(common::root())
            .args(["-q", "--format", "json", "run", "--report"])
            .arg(&report)
            .output()
            .expect("run"),
    );
    assert!(
        out.stderr.is_empty(),
        "-q: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let docs = common::stdout_ok(&db, &["--format", "json", "docs"]);
    let docs: Value = serde_json::from_str(&docs).expect("json");
    assert_eq!(
        summary["corpus"]["documents"].as_u64(),
        Some(docs.as_array().expect("array").len() as u64)
    );
    assert_eq!(summary["import"]["added"], summary["corpus"]["documents"]);
    let links = common::stdout_ok(&db, &["--format", "json", "links"]);
    let links: Value = serde_json::from_str(&links).expect("json");
    assert_eq!(
        summary["links"]["auto"].as_u64(),
        Some(links.as_array().expect("array").len() as u64)
    );
    assert!(summary["glossary"]["entries"].as_u64() > Some(400));
    assert!(summary["unaligned"]["zh"].is_u64());
    assert!(report.join("index.html").exists());
    assert_eq!(
        summary["report"].as_str().map(PathBuf::from),
        Some(report.join("index.html"))
    );

    let findings = |format: &str| {
        hanbridge(&db)
            .current_dir(common::root())
            .args(["-q", "--format", format, "check"])
            .output()
            .expect("check")
            .stdout
    };
    let lines: Vec<Value> = String::from_utf8(findings("json"))
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a finding per line"))
        .collect();
    let array: Value = serde_json::from_slice(&findings("json-array")).expect("one array");
    assert!(!lines.is_empty());
    assert_eq!(array, Value::Array(lines));
    let total = ["errors", "warnings", "info"]
        .iter()
        .filter_map(|k| summary["findings"][k].as_u64())
        .sum::<u64>();
    assert_eq!(total as usize, array.as_array().expect("array").len());
}

/// Issue 18.4: what `import`, `glossary load`, `align` and `report` did goes to stderr as
/// status lines, which `-q` silences; stdout carries data only (JSON with `--format json`).
#[test]
fn issue_18_status_lines_on_stderr() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("s.sqlite");
    let seeds = common::seeds();
    let seeds = seeds.to_str().expect("utf8");
    let report = dir.path().join("report");
    let report = report.to_str().expect("utf8");
    let steps: [&[&str]; 4] = [
        &["import", seeds],
        &["glossary", "load"],
        &["align"],
        &["report", "--out", report],
    ];
    for (args, said) in steps
        .iter()
        .zip(["zh-imjin: added", "glossary: ", "links: ", "report: "])
    {
        let loud = common::succeeded(
            hanbridge(&db)
                .current_dir(common::root())
                .args(*args)
                .output()
                .expect("run"),
        );
        assert!(loud.stdout.is_empty(), "{args:?} wrote to stdout");
        assert!(
            String::from_utf8_lossy(&loud.stderr).contains(said),
            "{args:?}"
        );
        let quiet = common::succeeded(
            hanbridge(&db)
                .current_dir(common::root())
                .arg("-q")
                .args(*args)
                .output()
                .expect("run"),
        );
        assert!(
            quiet.stdout.is_empty() && quiet.stderr.is_empty(),
            "{args:?} -q"
        );
    }
    let load: Value = serde_json::from_str(&common::stdout_ok(
        &db,
        &["-q", "--format", "json", "glossary", "load"],
    ))
    .expect("json");
    assert!(load["entries"].as_u64() > Some(400));
    let align: Value = serde_json::from_str(&common::stdout_ok(
        &db,
        &["-q", "--format", "json", "align"],
    ))
    .expect("json");
    assert!(align["proposed"].as_u64() > Some(0));
    assert_eq!(align["proposed"], align["auto"]);
}

/// `--verbose` prints timings on stderr (each stage of `run`, and every command's total);
/// it cannot be combined with `--quiet`.
#[test]
fn issue_18_verbose_prints_timings() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("v.sqlite");
    let report = dir.path().join("report");
    let out = common::succeeded(
        hanbridge(&db)
            .current_dir(common::root())
            .args(["--verbose", "run", "--report"])
            .arg(&report)
            .output()
            .expect("run"),
    );
    let said = String::from_utf8_lossy(&out.stderr);
    for stage in [
        "import: ",
        "scan: ",
        "align: ",
        "check: ",
        "report: ",
        "run finished in ",
    ] {
        assert!(
            said.contains(&format!("hanbridge: {stage}")),
            "{stage}: {said}"
        );
    }
    let quiet = hanbridge(&db)
        .args(["--quiet", "--verbose", "docs"])
        .output()
        .expect("run");
    assert_eq!(
        quiet.status.code(),
        Some(2),
        "--quiet with --verbose is a usage error"
    );
    let plain = common::succeeded(hanbridge(&db).arg("docs").output().expect("run"));
    assert!(
        !String::from_utf8_lossy(&plain.stderr).contains("finished in"),
        "timings only with --verbose"
    );
}
