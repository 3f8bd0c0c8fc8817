//! Issue 19 item 3: undo of the latest review actions, whichever way they were taken (command
//! line or workbench): each undo puts back what one action replaced, newest first.

mod common;

use common::{hanbridge, seeds_aligned, stdout_ok};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn links(db: &Path) -> Vec<Value> {
    serde_json::from_str(&stdout_ok(db, &["--format", "json", "links"])).expect("json")
}

fn status_of(db: &Path, id: i64) -> Option<String> {
    links(db)
        .iter()
        .find(|l| l["id"] == id)
        .map(|l| l["status"].as_str().unwrap_or("").to_string())
}

fn first_finding_key(db: &Path) -> String {
    common::findings(db)[0]["key"]
        .as_str()
        .expect("key")
        .to_string()
}

#[test]
fn undo_puts_back_each_action_newest_first() {
    let (_dir, db) = seeds_aligned();
    hanbridge(&db)
        .arg("undo")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no review action to undo"));
    let [a, b] = common::first_link_ids(&db);
    stdout_ok(&db, &["-q", "link", "confirm", &a.to_string()]);
    stdout_ok(&db, &["-q", "link", "reject", &b.to_string()]);
    let added = stdout_ok(&db, &["link", "add", "zh-pyongyang:2", "en-byeokjegwan:3"]);
    assert!(added.contains("manual"), "{added}");
    let key = first_finding_key(&db);
    stdout_ok(&db, &["-q", "finding", "dismiss", &key, "--reason", "fine"]);
    let manual = || {
        links(&db)
            .iter()
            .filter(|l| l["status"] == "manual")
            .count()
    };
    assert_eq!(manual(), 1);

    // Newest first: the dismissal, the manual link, the rejection, the confirmation.
    let out = stdout_ok(&db, &["undo"]);
    assert!(
        out.contains("finding dismiss") && out.contains("not dismissed"),
        "{out}"
    );
    assert_eq!(first_finding_key(&db), key, "same finding");
    let out = stdout_ok(&db, &["undo"]);
    assert!(out.contains("link add") && out.contains("removed"), "{out}");
    assert_eq!(manual(), 0);
    let out = stdout_ok(&db, &["undo"]);
    assert!(out.contains("link rejected"), "{out}");
    assert_eq!(status_of(&db, b).as_deref(), Some("auto"));
    assert_eq!(status_of(&db, a).as_deref(), Some("confirmed"));
    stdout_ok(&db, &["undo"]);
    assert_eq!(status_of(&db, a).as_deref(), Some("auto"));
    hanbridge(&db).arg("undo").assert().code(2);

    // An undone confirmation is an automatic link again: re-aligning may change it.
    stdout_ok(&db, &["-q", "link", "confirm", &a.to_string()]);
    stdout_ok(&db, &["-q", "align"]);
    assert_eq!(
        status_of(&db, a).as_deref(),
        Some("confirmed"),
        "decisions survive align"
    );
    stdout_ok(&db, &["undo"]);
    assert_eq!(status_of(&db, a).as_deref(), Some("auto"));
}
