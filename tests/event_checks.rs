//! Checks from context (issue #16 item 7): an English article's Infobox Date, Strength and
//! Casualties are compared with the linked Chinese paragraphs that narrate the same battle; a
//! date or a figure an order of magnitude off is reported with both readings. Texts written
//! for this test.

mod common;

use common::{hanbridge, import_and_align, root};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const MANIFEST: &str = r#"
[[document]]
id = "zh-chronicle"
file = "zh.txt"
lang = "zh"
format = "plain"
title = "癸巳紀事"

[[document]]
id = "en-haengju"
file = "haengju.txt"
lang = "en"
format = "wiki"
title = "Battle of Haengju"
"#;

const ARTICLE: &str = "\
= Battle of Haengju =

Infobox
- Conflict: Battle of Haengju
- Date: 14 March 1593
- Place: Haengju
- Combatant1: Japan
- Combatant2: Joseon
- Commander1: Ukita Hideie
- Commander2: Gwon Yul
- Strength1: 30,000
- Strength2: 2,300
- Casualties1: about 10,000

The Battle of Haengju was fought on 14 March 1593, when Gwon Yul held the hill fort of Haengju with 2,300 men against the army of Ukita Hideie.

==Battle==
Ukita Hideie sent his men up the slope in waves from dawn; Gwon Yul's archers and the fort's stone throwers drove every wave back, and by evening the attackers withdrew with heavy losses.
";

/// The chronicle's account of the battle: `date` and `defenders` vary per case.
fn chronicle(date: &str, defenders: &str) -> String {
    format!(
        "{date}，權慄以兵{defenders}守幸州山城，宇喜多秀家率兵三萬來攻，是為幸州之戰，倭兵屢攻不克而退。\n\n\
         明年，朝鮮與明議和之事未決。\n"
    )
}

/// The event findings of `check` on the article and a chronicle paragraph.
fn event_findings(date: &str, defenders: &str) -> (TempDir, Vec<Value>) {
    let dir = TempDir::new().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    for (name, text) in [
        ("corpus.toml", MANIFEST.to_string()),
        ("zh.txt", chronicle(date, defenders)),
        ("haengju.txt", ARTICLE.to_string()),
    ] {
        fs::write(corpus.join(name), text).expect("write fixture");
    }
    let db = dir.path().join("e.sqlite");
    import_and_align(&db, &[corpus]);
    let found = findings(&db);
    (dir, found)
}

fn findings(db: &Path) -> Vec<Value> {
    let out = hanbridge(db)
        .current_dir(root())
        .args(["--format", "json", "check", "--fail-on", "error"])
        .output()
        .expect("run");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|f| {
            f["category"]
                .as_str()
                .is_some_and(|c| c.starts_with("event_"))
        })
        .collect()
}

#[test]
fn an_account_that_agrees_gives_no_event_finding() {
    // 12th day of the 2nd lunar month of 1593 = 14 March 1593.
    let (_dir, found) = event_findings("萬曆二十一年二月十二日", "二千三百");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_battle_dated_a_month_off_is_reported_with_both_readings() {
    let (_dir, found) = event_findings("萬曆二十一年三月十二日", "二千三百");
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f["category"], "event_date_mismatch");
    assert_eq!(f["doc"], "zh-chronicle");
    assert_eq!(f["para"], 1);
    assert_eq!(f["text"], "萬曆二十一年三月十二日");
    assert_eq!(f["expected"], "1593-03-14");
    assert_eq!(f["related"], "en-haengju:2");
    let said = f["suggestion"].as_str().expect("suggestion");
    // The lunar date's Gregorian reading and the Infobox's, with the gap.
    assert!(said.contains("1593-04-13 (lunar, ±1 day)"), "{said}");
    assert!(said.contains("Date: 14 March 1593"), "{said}");
    assert!(said.contains("30 days apart"), "{said}");
}

#[test]
fn a_figure_ten_times_off_is_reported_for_its_side() {
    let (_dir, found) = event_findings("萬曆二十一年二月十二日", "二萬三千");
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f["category"], "event_number_mismatch");
    assert_eq!(f["text"], "二萬三千");
    assert_eq!(f["entity"], "gwon-yul");
    assert_eq!(f["expected"], "2,300");
    let said = f["suggestion"].as_str().expect("suggestion");
    assert!(said.contains("side 2 with Gwon Yul"), "{said}");
    assert!(said.contains("Strength2: 2,300, 10 times apart"), "{said}");
}
