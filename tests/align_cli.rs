//! The aligner end to end: quality on the seeds, review decisions that survive re-alignment
//! and edits, the links and unaligned views, and texts the aligner has never seen.

mod common;

use common::{hanbridge, import_and_align, json, root, seeds};
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Where `run` writes the report of the database `db`: beside it, so that tests running at
/// once do not switch one report directory in the project root under each other.
fn report_dir(db: &Path) -> PathBuf {
    db.with_file_name("report")
}

/// A copy of the seeds (so tests can edit them) and a database with `run` done on it.
fn seeded() -> (TempDir, PathBuf, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let copy = dir.path().join("seeds");
    fs::create_dir(&copy).expect("mkdir");
    for entry in fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        fs::copy(&path, copy.join(path.file_name().expect("name"))).expect("copy");
    }
    let db = dir.path().join("a.sqlite");
    hanbridge(&db)
        .current_dir(root())
        .args(["run", "--seeds"])
        .arg(&copy)
        .arg("--report")
        .arg(report_dir(&db))
        .assert()
        .success()
        .stderr(predicate::str::contains("links: "))
        .stderr(predicate::str::contains("unaligned: "));
    (dir, db, copy)
}

#[test]
fn seeds_meet_the_quality_targets() {
    let (_dir, db, _) = seeded();
    let gold = root().join("tests/gold/seeds.tsv");
    let s = json(&db, &["eval", "--gold", gold.to_str().expect("path")]);
    let f1 = s["f1"].as_f64().expect("f1");
    let recall = s["recall"].as_f64().expect("recall");
    assert!(f1 >= 0.90, "F1 {f1} below 0.90: {s}");
    assert!(recall >= 0.95, "strong recall {recall} below 0.95: {s}");
}

/// Several gold files are scored from one alignment, each only on the documents it covers,
/// with a line per document on request.
#[test]
fn eval_scores_each_gold_file_on_its_own_documents() {
    let (dir, db, _) = seeded();
    let gold = root().join("tests/gold/seeds.tsv");
    let full = fs::read_to_string(&gold).expect("gold");
    // A second annotation of the Pyongyang article only: links of zh-imjin are outside it.
    let pyongyang: String = full
        .lines()
        .filter(|l| l.starts_with("zh_doc") || l.starts_with("zh-pyongyang"))
        .map(|l| format!("{l}\n"))
        .collect();
    let part = dir.path().join("pyongyang.tsv");
    fs::write(&part, pyongyang).expect("write");
    let out = common::stdout_ok(
        &db,
        &[
            "--format",
            "json",
            "eval",
            "--gold",
            gold.to_str().expect("path"),
            "--gold",
            part.to_str().expect("path"),
        ],
    );
    let scores: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(scores.len(), 2, "{out}");
    let docs = |s: &Value| -> Vec<String> {
        s["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .map(|d| d["doc"].as_str().expect("doc").to_string())
            .collect()
    };
    assert_eq!(
        docs(&scores[0]),
        ["en-byeokjegwan", "zh-imjin", "zh-pyongyang"]
    );
    assert_eq!(docs(&scores[1]), ["en-byeokjegwan", "zh-pyongyang"]);
    let predicted = |s: &Value| s["predicted"].as_u64().expect("predicted");
    let pyongyang_links = scores[0]["documents"][2]["predicted"]
        .as_u64()
        .expect("count");
    assert_eq!(
        predicted(&scores[1]),
        pyongyang_links,
        "only zh-pyongyang's links: {out}"
    );
    assert!(predicted(&scores[1]) < predicted(&scores[0]));
    assert!(
        scores[1]["gold"]
            .as_str()
            .expect("gold")
            .ends_with("pyongyang.tsv")
    );
    let text = common::stdout_ok(
        &db,
        &[
            "eval",
            "--gold",
            gold.to_str().expect("path"),
            "--per-document",
        ],
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("zh-imjin ")),
        "no per-document line: {text}"
    );
}

fn link_id(links: &Value, zh: (&str, u64), en: (&str, u64)) -> Option<i64> {
    links.as_array()?.iter().find_map(|l| {
        (l["zh_doc"] == zh.0 && l["zh_para"] == zh.1 && l["en_doc"] == en.0 && l["en_para"] == en.1)
            .then(|| l["id"].as_i64())
            .flatten()
    })
}

fn status_of(links: &Value, zh: (&str, u64), en: (&str, u64)) -> Option<(String, bool)> {
    links.as_array()?.iter().find_map(|l| {
        (l["zh_doc"] == zh.0 && l["zh_para"] == zh.1 && l["en_doc"] == en.0 && l["en_para"] == en.1)
            .then(|| {
                (
                    l["status"].as_str().unwrap_or("").to_string(),
                    l["stale"].as_bool().unwrap_or(false),
                )
            })
    })
}

/// Rewrites one sentence of the English seed paragraph en-byeokjegwan:11 in the copy.
fn edit_english_seed(copy: &Path, sentence: &str) {
    let file = copy.join("002_f500607c35c6fcec.txt");
    let text = fs::read_to_string(&file).expect("seed");
    fs::write(
        &file,
        text.replace("Li Yousheng used his body as a shield", sentence),
    )
    .expect("edit");
}

#[test]
fn review_decisions_survive_realignment_and_edits() {
    let (_dir, db, copy) = seeded();
    let links = json(&db, &["links"]);
    let strong = (("zh-imjin", 52), ("en-byeokjegwan", 11));
    let wrong = (("zh-imjin", 52), ("en-byeokjegwan", 6));
    let confirm = link_id(&links, strong.0, strong.1).expect("strong link proposed");
    let reject = link_id(&links, wrong.0, wrong.1).expect("wrong link proposed");
    hanbridge(&db)
        .args(["link", "confirm", &confirm.to_string()])
        .assert()
        .success();
    hanbridge(&db)
        .args(["link", "reject", &reject.to_string()])
        .assert()
        .success();
    hanbridge(&db)
        .args([
            "link",
            "add",
            "zh-imjin:55",
            "en-byeokjegwan:14",
            "--note",
            "supply war around Hanseong",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "manual, zh-imjin:55 ↔ en-byeokjegwan:14",
        ));
    // Re-align: decisions stay.
    hanbridge(&db)
        .current_dir(root())
        .arg("align")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 already confirmed, 1 rejected earlier), 1 manual",
        ));
    let links = json(&db, &["links"]);
    assert_eq!(
        status_of(&links, strong.0, strong.1),
        Some(("confirmed".into(), false))
    );
    assert_eq!(
        status_of(&links, wrong.0, wrong.1),
        Some(("rejected".into(), false))
    );
    assert_eq!(
        status_of(&links, ("zh-imjin", 55), ("en-byeokjegwan", 14)),
        Some(("manual".into(), false))
    );
    // The rejected link no longer counts as an alignment.
    let unaligned = json(&db, &["unaligned", "--lang", "en"]);
    assert!(
        !unaligned
            .as_array()
            .expect("array")
            .iter()
            .any(|p| p["doc"] == "en-byeokjegwan" && p["para"] == 14),
        "manual link aligns en:14"
    );
    // Edit the confirmed English paragraph: the decision is kept and marked stale.
    edit_english_seed(&copy, "Li Yousheng shielded him with his body");
    hanbridge(&db)
        .current_dir(root())
        .args(["run", "--seeds"])
        .arg(&copy)
        .arg("--report")
        .arg(report_dir(&db))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "en-byeokjegwan: revised, revision 2",
        ))
        .stderr(predicate::str::contains(
            "1 decisions on changed paragraphs (stale)",
        ));
    let links = json(&db, &["links"]);
    let mut versions: Vec<(String, bool)> = links
        .as_array()
        .expect("array")
        .iter()
        .filter(|l| l["zh_doc"] == "zh-imjin" && l["zh_para"] == 52 && l["en_para"] == 11)
        .map(|l| {
            (
                l["status"].as_str().unwrap_or("").to_string(),
                l["stale"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    versions.sort();
    // The decision on the old text is kept, marked stale; the new text is proposed afresh.
    assert_eq!(
        versions,
        [("auto".to_string(), false), ("confirmed".to_string(), true)]
    );
}

/// Issue 15.11: after a re-import, the fresh automatic link for a pair whose decision went
/// stale says which decision it takes over, in JSON, TSV and the table.
#[test]
fn issue_15_fresh_link_names_the_stale_decision_on_the_same_pair() {
    let (_dir, db, copy) = seeded();
    let strong = (("zh-imjin", 52), ("en-byeokjegwan", 11));
    let confirmed = link_id(&json(&db, &["links"]), strong.0, strong.1).expect("proposed");
    hanbridge(&db)
        .args(["link", "confirm", &confirmed.to_string()])
        .assert()
        .success();
    edit_english_seed(&copy, "Li Yousheng covered him with his own body");
    hanbridge(&db)
        .current_dir(root())
        .args(["run", "--seeds"])
        .arg(&copy)
        .assert()
        .success();
    let links = json(&db, &["links"]);
    let same_pair: Vec<&Value> = links
        .as_array()
        .expect("array")
        .iter()
        .filter(|l| l["zh_doc"] == "zh-imjin" && l["zh_para"] == 52 && l["en_para"] == 11)
        .collect();
    assert_eq!(same_pair.len(), 2, "{same_pair:?}");
    let fresh = same_pair
        .iter()
        .find(|l| l["status"] == "auto")
        .expect("fresh link");
    let stale = same_pair
        .iter()
        .find(|l| l["status"] == "confirmed")
        .expect("stale decision");
    assert_eq!(stale["stale"], true);
    assert_eq!(fresh["supersedes"], confirmed);
    assert_eq!(stale["superseded_by"], fresh["id"]);
    let fresh_id = fresh["id"].as_i64().expect("id");
    let table = common::stdout_ok(&db, &["links", "--doc", "zh-imjin"]);
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{fresh_id} ")))
        .expect("fresh row");
    assert!(
        row.contains(&format!("same pair as stale decision {confirmed}")),
        "{row}"
    );
    let tsv = common::stdout_ok(&db, &["--format", "tsv", "links"]);
    let header: Vec<&str> = tsv.lines().next().expect("header").split('\t').collect();
    let col = header
        .iter()
        .position(|c| *c == "supersedes")
        .expect("supersedes column");
    let fresh_row = tsv
        .lines()
        .find(|l| l.starts_with(&format!("{fresh_id}\t")))
        .expect("fresh tsv row");
    assert_eq!(
        fresh_row.split('\t').nth(col),
        Some(confirmed.to_string().as_str())
    );
}

#[test]
fn link_review_errors() {
    let (_dir, db, _) = seeded();
    hanbridge(&db)
        .args(["link", "confirm", "99999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no link 99999"));
    hanbridge(&db)
        .args(["link", "add", "en-byeokjegwan:3", "zh-imjin:52"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give the Chinese paragraph first"));
    hanbridge(&db)
        .args(["link", "add", "zh-imjin:999", "en-byeokjegwan:3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no paragraph zh-imjin:999"));
}

#[test]
fn links_views_carry_evidence() {
    let (_dir, db, _) = seeded();
    let out = hanbridge(&db)
        .args(["--format", "tsv", "links"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf8");
    let header: Vec<&str> = text.lines().next().expect("header").split('\t').collect();
    for col in [
        "zh_doc", "zh_para", "zh_text", "en_doc", "en_para", "en_text", "score", "status",
        "evidence",
    ] {
        assert!(header.contains(&col), "tsv column {col}");
    }
    let links = json(&db, &["links", "--doc", "zh-pyongyang"]);
    let battle = links
        .as_array()
        .expect("array")
        .iter()
        .find(|l| l["zh_para"] == 9 && l["en_para"] == 3)
        .expect("000:9 ↔ 002:3 linked");
    let evidence = battle["evidence"].as_array().expect("evidence");
    let li = evidence
        .iter()
        .find(|e| e["anchor"]["id"] == "li-rusong")
        .expect("Li Rusong is shared evidence");
    // Spans point into the files.
    let zh_file = fs::read_to_string(seeds().join("000_ab241afb31864278.txt")).expect("seed");
    let en_file = fs::read_to_string(seeds().join("002_f500607c35c6fcec.txt")).expect("seed");
    let (s, e) = (
        li["zh"][0]["start"].as_u64().expect("s") as usize,
        li["zh"][0]["end"].as_u64().expect("e") as usize,
    );
    assert_eq!(&zh_file[s..e], "李如松");
    let (s, e) = (
        li["en"][0]["start"].as_u64().expect("s") as usize,
        li["en"][0]["end"].as_u64().expect("e") as usize,
    );
    assert_eq!(&en_file[s..e], "Li Rusong");
    hanbridge(&db)
        .args(["links", "--status", "auto"])
        .assert()
        .success()
        .stdout(predicate::str::contains("en-byeokjegwan:3"));
}

#[test]
fn unaligned_separates_in_scope_from_out_of_scope() {
    let (_dir, db, _) = seeded();
    let zh = json(&db, &["unaligned", "--lang", "zh"]);
    let zh = zh.as_array().expect("array");
    let find = |doc: &str, para: u64| zh.iter().find(|p| p["doc"] == doc && p["para"] == para);
    // Hideyoshi's letter of 1591 shares nothing specific with the Byeokjegwan article.
    let letter = find("zh-imjin", 8).expect("listed");
    assert_eq!(letter["in_scope"], false);
    // The Ming commander list names Li Rusong and Song Yingchang: same events, not linked.
    let commanders = find("zh-imjin", 2).expect("listed");
    assert_eq!(commanders["in_scope"], true);
    assert!(
        commanders["shared_names"]
            .as_array()
            .expect("names")
            .iter()
            .any(|n| n == "Song Yingchang")
    );
    // In-scope passages come first.
    let first_out = zh
        .iter()
        .position(|p| p["in_scope"] == false)
        .expect("some out of scope");
    assert!(zh[first_out..].iter().all(|p| p["in_scope"] == false));
    hanbridge(&db)
        .args(["unaligned", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "About the same events as the Chinese documents",
        ))
        .stdout(predicate::str::contains("en-byeokjegwan § Aftermath"));
}

#[test]
fn texts_never_seen_align_on_shared_facts_and_abstain_otherwise() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("n.sqlite");
    import_and_align(&db, &[root().join("tests/fixtures/naval")]);
    let links = json(&db, &["links"]);
    let pairs: Vec<(u64, u64)> = links
        .as_array()
        .expect("array")
        .iter()
        .map(|l| {
            (
                l["zh_para"].as_u64().expect("zh"),
                l["en_para"].as_u64().expect("en"),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [(1, 2), (2, 3)],
        "Myeongnyang ↔ Myeongnyang, Noryang ↔ Noryang, nothing else"
    );
    let first = &links[0]["evidence"];
    let labels: Vec<String> = first
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            e["anchor"]["id"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| e["anchor"].to_string())
        })
        .collect();
    assert!(labels.iter().any(|l| l == "todo-takatora"), "{labels:?}");
    assert!(
        labels.iter().any(|l| l.contains("1597")),
        "the glossed lunar date matches the Gregorian one: {labels:?}"
    );
}

#[test]
fn link_writer_changes_nothing_until_finished() {
    use hanbridge::align::Link;
    use hanbridge::store::{LinkFilter, LinkStatus, Store};
    let (_dir, db, _) = seeded();
    let before = common::dump(&db);
    let mut store = Store::open(&db).expect("open");
    let units = store.units().expect("units");
    let hash = |doc: &str, para: usize| {
        units
            .iter()
            .find(|u| u.doc == doc && u.ordinal == para)
            .expect("paragraph")
            .hash
            .clone()
    };
    let stored = store.links(&LinkFilter::default()).expect("links");
    assert!(stored.len() > 10, "the seeds have links");
    let first = &stored[0];
    let changed = Link {
        zh_doc: first.zh_doc.clone(),
        zh_para: first.zh_para,
        zh_hash: hash(&first.zh_doc, first.zh_para),
        en_doc: first.en_doc.clone(),
        en_para: first.en_para,
        en_hash: hash(&first.en_doc, first.en_para),
        score: 0.5,
        shared: 1.0,
        evidence: first.evidence.clone(),
    };
    {
        let mut writer = store.link_writer().expect("writer");
        writer.write(std::slice::from_ref(&changed)).expect("write");
        // Dropped without finish: as if the aligner had failed halfway.
    }
    drop(store);
    common::assert_same_db(&before, &common::dump(&db), "writer dropped unfinished");

    let mut store = Store::open(&db).expect("open");
    let mut writer = store.link_writer().expect("writer");
    writer.write(&[]).expect("empty batch");
    writer.write(&[changed]).expect("write");
    let summary = writer.finish().expect("finish");
    assert_eq!(summary.auto, 1);
    let after = store.links(&LinkFilter::default()).expect("links");
    assert_eq!(after.len(), 1, "links not proposed again are replaced");
    assert_eq!(after[0].id, first.id, "a link proposed again keeps its id");
    assert_eq!(after[0].status, LinkStatus::Auto);
    assert_eq!(after[0].score, Some(0.5));
}
