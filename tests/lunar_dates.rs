//! Lunar dates end to end: a Chinese date in the lunar calendar and the English date of the
//! same day become one shared date anchor (issue #16, item 3).

mod common;

use common::{hanbridge, import_and_align, stdout_ok};
use predicates::prelude::*;
use std::fs;
use tempfile::TempDir;

const MANIFEST: &str = r#"
[[document]]
id = "zh-landing"
file = "zh.txt"
lang = "zh"
format = "plain"
title = "釜山登陸"

[[document]]
id = "en-landing"
file = "en.txt"
lang = "en"
format = "plain"
title = "The landing at Busan"
"#;

/// Imports one Chinese and one English paragraph written for this test and aligns them.
fn aligned(zh: &str, en: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    fs::write(corpus.join("corpus.toml"), MANIFEST).expect("manifest");
    fs::write(corpus.join("zh.txt"), zh).expect("zh");
    fs::write(corpus.join("en.txt"), en).expect("en");
    let db = dir.path().join("l.sqlite");
    import_and_align(&db, &[corpus]);
    (dir, db)
}

/// `explain`'s JSON for the two paragraphs.
fn explained(db: &std::path::Path) -> serde_json::Value {
    let out = stdout_ok(
        db,
        &[
            "--format",
            "json",
            "explain",
            "zh-landing:1",
            "en-landing:1",
        ],
    );
    serde_json::from_str(&out).expect("json")
}

/// The date anchors `explain` prints as shared between the two paragraphs.
fn shared_dates(db: &std::path::Path) -> Vec<String> {
    explained(db)["shared"]
        .as_array()
        .expect("shared anchors")
        .iter()
        .map(|pair| &pair[0])
        .filter(|a| a["type"] == "date")
        .map(|a| {
            let part = |k: &str| a[k].as_u64().expect("date part");
            format!("{}-{:02}-{:02}", part("year"), part("month"), part("day"))
        })
        .collect()
}

#[test]
fn a_lunar_chinese_date_and_its_gregorian_english_date_are_one_anchor() {
    let (_dir, db) = aligned(
        "萬曆二十年四月十四日，小西行長所部自對馬渡海，攻釜山鎮。\n",
        "On 24 May 1592 the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    );
    assert_eq!(shared_dates(&db), ["1592-05-24"]);
    // English accounts of the war often write the chronicles' lunar date as if it were
    // Gregorian: an unmarked English date before the Gregorian calendar reached East Asia
    // meets the lunar date too (a spare reading, adding nothing to the paragraph's weight)...
    let (_dir, db) = aligned(
        "萬曆二十年四月十四日，小西行長所部自對馬渡海，攻釜山鎮。\n",
        "On 14 April 1592 the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    );
    // Both readings match within a day on either side (the calendars differed by a day), but
    // the date written once counts once.
    assert_eq!(shared_dates(&db), ["1592-05-24"]);
    // ... but a date another day of the lunar calendar meets nothing.
    let (_dir, db) = aligned(
        "萬曆二十年四月十四日，小西行長所部自對馬渡海，攻釜山鎮。\n",
        "On 20 April 1592 the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    );
    assert!(shared_dates(&db).is_empty());
    // Unless the English says the date is lunar.
    let (_dir, db) = aligned(
        "萬曆二十年四月十四日，小西行長所部自對馬渡海，攻釜山鎮。\n",
        "On 14 April 1592 (lunar) the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    );
    assert_eq!(shared_dates(&db), ["1592-05-24"]);
    // The human output of `explain` names the shared date.
    hanbridge(&db)
        .args(["explain", "zh-landing:1", "en-landing:1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shared: 1592-05-24"));
}

/// English writes a lunar date in words, by the day of the month alone, or with the mark
/// before it: each meets the Chinese date.
#[test]
fn english_lunar_dates_in_words_and_marked_before_meet_the_chinese_date() {
    let zh = "萬曆二十年四月十四日，小西行長所部自對馬渡海，攻釜山鎮。\n";
    for en in [
        "On the fourteenth day of the fourth month of 1592 the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
        "On the 14th of the 4th month of 1592 the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    ] {
        let (_dir, db) = aligned(zh, en);
        assert_eq!(shared_dates(&db), ["1592-05-24"], "{en}");
    }
    // Marked before the date: the paragraph is dated by the lunar reading alone (an unmarked
    // "14 April" would also stand for itself, 14 April, if Gregorian).
    let (_dir, db) = aligned(
        zh,
        "In 1592 (Korean calendar: 14 April) the first division under Konishi Yukinaga crossed from Tsushima and attacked Busan.\n",
    );
    let shown: serde_json::Value = serde_json::from_str(&stdout_ok(
        &db,
        &["--format", "json", "show", "en-landing:1"],
    ))
    .expect("json");
    assert_eq!(
        shown["context"]["interval"],
        serde_json::json!([[1592, 5, 24], [1592, 5, 24]]),
        "{shown}"
    );
    assert!(shown["context"]["if_lunar"].is_null(), "{shown}");
}

/// The calendars of the time could be a day apart from the computed conversion: the day
/// before or after still makes the anchor, two days off does not.
#[test]
fn a_lunar_date_matches_within_a_day() {
    let zh = "萬曆二十一年正月廿五日，查大受所部遇倭於碧蹄館南。
";
    for (en_day, shared) in [(26, true), (24, true), (27, false)] {
        let en = format!(
            "On {en_day} February 1593 the scouts of Zha Dashou met the Japanese south of Byeokjegwan.\n"
        );
        let (_dir, db) = aligned(zh, &en);
        let want: Vec<String> = if shared {
            vec![format!("1593-02-{en_day}")]
        } else {
            Vec::new()
        };
        assert_eq!(shared_dates(&db), want, "{en_day} February");
    }
}

/// `check` compares a converted lunar date with the English date of a linked paragraph: a day
/// apart is the same day, a week apart is a date mismatch.
#[test]
fn check_compares_lunar_dates_within_a_day() {
    let zh = "萬曆二十一年正月廿七日，李如松率騎兵三千人至碧蹄館，小早川隆景率日軍迎擊。\n";
    for (en_day, mismatch) in [(26, false), (20, true)] {
        let en = format!(
            "On {en_day} February 1593, Li Rusong rode with 3,000 horsemen to Byeokjegwan, where Kobayakawa Takakage stood against him.\n"
        );
        let (_dir, db) = aligned(zh, &en);
        stdout_ok(&db, &["link", "add", "zh-landing:1", "en-landing:1"]);
        let out = hanbridge(&db)
            .args(["--format", "json", "check"])
            .output()
            .expect("check");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            text.contains("date_mismatch"),
            mismatch,
            "{en_day} February: {text}"
        );
    }
}

/// Era years come from the shipped glossary's `#start` tags: a Ming era, a Joseon reign and
/// two Japanese eras, each with a lunar month and day.
#[test]
fn era_years_of_the_shipped_glossary_convert() {
    let (_dir, db) = aligned(
        "宣祖二十五年四月十四日，文祿元年四月十四日，慶長三年十一月十九日，萬曆二十一年正月廿七日。\n",
        "On 24 May 1592 the first division landed.\n",
    );
    // Table columns padded to the widest cell: compare with single spaces (text, file
    // character offsets, reading).
    let out = stdout_ok(&db, &["show", "zh-landing:1"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "宣祖二十五年四月十四日 0..11 Lunar 1592-4-14 = 1592-05-24",
        "文祿元年四月十四日 12..21 Lunar 1592-4-14 = 1592-05-24",
        "慶長三年十一月十九日 22..32 Lunar 1598-11-19 = 1598-12-17",
        "萬曆二十一年正月廿七日 33..44 Lunar 1593-1-27 = 1593-02-27",
    ] {
        assert!(out.contains(want), "{want} not in\n{out}");
    }
}

#[test]
fn a_date_met_only_through_its_lunar_reading_is_no_evidence_alone() {
    // No name in common: the English date meets the Chinese one only if it is lunar.
    let (_dir, db) = aligned(
        "萬曆二十年四月十四日，有船至。\n",
        "On 14 April 1592 some ships were seen off the coast.\n",
    );
    let v = explained(&db);
    assert_eq!(v["linked"], false, "{v}");
    assert!(
        v["reason"]
            .as_str()
            .is_some_and(|r| r.contains("no shared name or full date")),
        "{v}"
    );
}

#[test]
fn a_date_read_two_ways_on_both_sides_is_one_shared_date() {
    // Arabic numerals in Chinese say nothing of the calendar, an unmarked English date before
    // 1873 neither: both sides read the date as Gregorian and as lunar, and meet twice, a month
    // apart. It is one date written on each side.
    let (_dir, db) = aligned(
        "1598年12月16日，李舜臣戰歿於露梁。\n",
        "Yi Sun-sin fell at Noryang on 16 December 1598.\n",
    );
    assert_eq!(shared_dates(&db), ["1598-12-16"]);
}
