//! Misspellings planted in a copy of the seeds (issue #17 items 3 and 6): five Chinese slips of
//! the pen (homophones and look-alikes) and five English misspellings are all reported as near
//! misses of the name meant, and the unchanged seeds give no Chinese near miss.

mod common;

use common::{hanbridge, root, seeds};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// (file prefix, the text in the seed, the same text misspelt, the misspelt name, the glossary
/// id meant).
const PLANTED: [(&str, &str, &str, &str, &str); 10] = [
    // Chinese: a homophone or a look-alike in place of one character.
    ("001", "命李如松總理", "命李汝松總理", "李汝松", "li-rusong"),
    (
        "001",
        "小早川隆景等日",
        "小早川隆影等日",
        "小早川隆影",
        "kobayakawa-takakage",
    ),
    (
        "001",
        "立花宗茂等陸",
        "立花宗成等陸",
        "立花宗成",
        "tachibana-muneshige",
    ),
    (
        "001",
        "游擊沈惟敬到",
        "游擊沈維敬到",
        "沈維敬",
        "shen-weijing",
    ),
    (
        "001",
        "侍郎宋應昌經略",
        "侍郎宋應倡經略",
        "宋應倡",
        "song-yingchang",
    ),
    // English: a letter dropped, changed or swapped.
    (
        "002",
        "Kobayakawa Takakage",
        "Kobayakawa Takakge",
        "Takakge",
        "kobayakawa-takakage",
    ),
    (
        "002",
        "Tachibana Muneshige",
        "Tachibana Munishige",
        "Munishige",
        "tachibana-muneshige",
    ),
    (
        "002",
        "Commander2: Li Rusong",
        "Commander2: Li Rusung",
        "Rusung",
        "li-rusong",
    ),
    (
        "002",
        "Yang Yuan with",
        "Yang Yuen with",
        "Yuen",
        "yang-yuan",
    ),
    ("002", "Zha Dashou", "Zha Dashuo", "Dashuo", "zha-dashou"),
];

/// A copy of the seeds with `plant` applied, run, and its findings.
fn run_on(dir: &Path, plant: bool) -> Vec<Value> {
    let copy = dir.join("seeds");
    fs::create_dir(&copy).expect("mkdir");
    for entry in fs::read_dir(seeds()).expect("seeds") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let mut text = fs::read_to_string(&path).expect("read");
        if plant {
            for (prefix, written, planted, _, _) in PLANTED {
                if name.starts_with(prefix) {
                    assert!(text.contains(written), "{written} not in {name}");
                    text = text.replacen(written, planted, 1);
                }
            }
        }
        fs::write(copy.join(&name), text).expect("write");
    }
    let db = dir.join("m.sqlite");
    hanbridge(&db)
        .current_dir(root())
        .args(["-q", "run", "--seeds"])
        .arg(&copy)
        .arg("--report")
        .arg(dir.join("report"))
        .assert()
        .success();
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--format", "json", "check", "--fail-on", "error"])
        .output()
        .expect("check");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn near_misses(found: &[Value]) -> Vec<(String, String)> {
    found
        .iter()
        .filter(|f| {
            f["suggestion"]
                .as_str()
                .is_some_and(|s| s.starts_with("near miss"))
        })
        .map(|f| {
            (
                f["text"].as_str().unwrap_or_default().to_string(),
                f["entity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_planted_misspelling_is_reported_as_the_name_meant() {
    let dir = TempDir::new().expect("tempdir");
    let found = near_misses(&run_on(dir.path(), true));
    for (_, _, _, name, id) in PLANTED {
        assert!(
            found
                .iter()
                .any(|(text, entity)| text.contains(name) && entity == id),
            "{name} not reported as {id}: {found:?}"
        );
    }
}

#[test]
fn the_seeds_as_they_are_give_no_chinese_near_miss() {
    let dir = TempDir::new().expect("tempdir");
    let found = near_misses(&run_on(dir.path(), false));
    let chinese: Vec<&(String, String)> = found
        .iter()
        .filter(|(text, _)| text.chars().any(|c| c > '\u{2e80}'))
        .collect();
    assert!(chinese.is_empty(), "{chinese:?}");
}
