//! Issue 19 item 3 (review): a translator dismisses a finding of `check` with a reason. The
//! finding stays listed, marked dismissed, no longer fails `check`, and the dismissal survives
//! re-import and re-alignment; `finding restore` takes it back.

mod common;

use common::{findings, hanbridge, root, seeds, seeds_aligned};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn check_exit(db: &Path) -> Option<i32> {
    hanbridge(db)
        .current_dir(root())
        .arg("check")
        .output()
        .expect("run")
        .status
        .code()
}

#[test]
fn a_dismissed_finding_stays_dismissed_and_fails_nothing() {
    let (_dir, db) = seeds_aligned();
    let all = findings(&db);
    let errors: Vec<&Value> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert!(!errors.is_empty(), "the seeds have error findings");
    assert_eq!(check_exit(&db), Some(1));
    // Every finding has a key of 16 hex digits, and no two share one.
    let mut keys: Vec<&str> = all
        .iter()
        .map(|f| f["key"].as_str().expect("key"))
        .collect();
    assert!(keys.iter().all(|k| k.len() == 16));
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), all.len(), "keys are unique");

    let first = errors[0]["key"].as_str().expect("key").to_string();
    hanbridge(&db)
        .args([
            "finding",
            "dismiss",
            &first,
            "--reason",
            "the source's own spelling",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("dismissed"));
    let again = findings(&db);
    let f = again
        .iter()
        .find(|f| f["key"] == first.as_str())
        .expect("still listed");
    assert_eq!(f["dismissed"], "the source's own spelling");
    let table = hanbridge(&db)
        .current_dir(root())
        .arg("check")
        .output()
        .expect("run");
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("dismissed (error): the source's own spelling") && table.contains(&first),
        "{table}"
    );
    assert!(table.contains("1 dismissed"), "{table}");
    // The report shows it dismissed too.
    let out = db.with_extension("report");
    hanbridge(&db)
        .current_dir(root())
        .arg("report")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("index.html")).expect("report");
    assert!(
        html.contains("dismissed: the source&#39;s own spelling")
            || html.contains("dismissed: the source's own spelling"),
        "the report marks the finding dismissed"
    );

    // Re-import the same texts and re-align: the same finding, the same key, still dismissed.
    let texts: Vec<std::path::PathBuf> = std::fs::read_dir(seeds())
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    hanbridge(&db).arg("import").args(&texts).assert().success();
    hanbridge(&db)
        .current_dir(root())
        .arg("align")
        .assert()
        .success();
    let after = findings(&db);
    let f = after
        .iter()
        .find(|f| f["key"] == first.as_str())
        .expect("same key after re-import");
    assert_eq!(f["dismissed"], "the source's own spelling");

    // With every error dismissed, check passes at --fail-on error.
    for e in &errors[1..] {
        let key = e["key"].as_str().expect("key");
        hanbridge(&db)
            .args(["-q", "finding", "dismiss", key, "--reason", "reviewed"])
            .assert()
            .success();
    }
    assert_eq!(check_exit(&db), Some(0));

    // Restored: the finding counts again.
    hanbridge(&db)
        .args(["finding", "restore", &first])
        .assert()
        .success();
    let restored = findings(&db);
    let f = restored
        .iter()
        .find(|f| f["key"] == first.as_str())
        .expect("listed");
    assert_eq!(f["dismissed"], Value::Null);
    assert_eq!(check_exit(&db), Some(1));
}

#[test]
fn bad_keys_and_empty_reasons_are_refused() {
    let (_dir, db) = seeds_aligned();
    hanbridge(&db)
        .args(["finding", "dismiss", "zz", "--reason", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a finding key"));
    hanbridge(&db)
        .args(["finding", "dismiss", "0123456789abcdef", "--reason", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--reason is empty"));
    hanbridge(&db)
        .args(["finding", "restore", "0123456789abcdef"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was not dismissed"));
}
