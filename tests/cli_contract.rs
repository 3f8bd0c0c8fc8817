//! The command line's conventions: completions and a manual page, link decisions on many ids,
//! `--format` values each command accepts, status lines on stderr silenced by `-q`.

mod common;

use common::hanbridge;
use serde_json::Value;
use std::fs;
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
