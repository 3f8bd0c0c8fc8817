//! Issue 17.1: derived spellings. A glossary that lists one spelling of a name finds the
//! spellings English texts also use (other romanisations of Korean surnames and given-name
//! syllables, Japanese names in Western order or with long vowels written out, provinces with
//! or without "Province", battles named after their place, Chinese names in Wade–Giles), marks
//! them `derived` with the
//! rule, never lets one shadow a listed form, and leaves a spelling two entries derive
//! unresolved.

mod common;

use common::{hanbridge, root, stdout_ok};
use std::fs;
use std::path::Path;

/// A small glossary listing one or two spellings per name (none of the derived ones). The
/// second 이/리 person is made up: both derive "Lee Eok-gi".
const ROWS: &str = "\
yi-sunsin,person,ko,joseon,李舜臣,李舜臣,Lǐ Shùnchén,이순신,Yi Sun-sin,Yi Sunsin,,,Yi Sun-sin,alias:en:Admiral Yi|alias:en:Chungmu,
gwon-yul,person,ko,joseon,權慄,权栗,Quán Lì,권율,Gwon Yul,Kwŏn Yul,,,Gwon Yul,,
yi-eokgi,person,ko,joseon,李億祺,李亿祺,Lǐ Yìqí,이억기,Yi Eok-gi,Yi Ŏkki,,,Yi Eok-gi,,
ri-eokgi,person,ko,joseon,利億基,利亿基,,리억기,Ri Eok-gi,Ri Ŏkki,,,Ri Eok-gi,,
kato-kiyomasa,person,ja,japan,加藤清正,加藤清正,,,,,かとう きよまさ,Katō Kiyomasa,Katō Kiyomasa,,
jeolla,place,ko,,全羅道,全罗道,Quánluódào,전라도,Jeolla-do,Chŏlla-do,,,Jeolla-do,,
busanjin,place,ko,,釜山鎮,釜山镇,Fǔshānzhèn,부산진,Busanjin,Pusanjin,,,Busanjin,,
haejeongchang,place,ko,,海汀倉,海汀仓,,해정창,Haejeongchang,Haejŏngch'ang,,,Haejeongchang,,
jinju,place,ko,,晉州,晋州,,진주,Jinju,Chinju,,,Jinju,alias:zh_hant:晉州城,
imjin-river,place,ko,,臨津江,临津江,,임진강,Imjingang,Imjin'gang,,,Imjin River,,
battle-of-imjin-river,battle,zh,,臨津江之戰,临津江之战,,,,,,,Battle of the Imjin River,,
noryang,place,ko,,露梁,露梁,,노량,Noryang,Noryang,,,Noryang,alias:zh_hant:露梁海峽,
imhaegun,person,ko,joseon,臨海君,临海君,,임해군,Imhaegun,Imhaegun,,,Prince Imhae,,#word
jurchens,polity,other,other,女真,女真,,,,,,,Jurchens,,
choe-bangmin,person,other,,,,,,,,,,Lee Sun-shin,,a made-up entry listing a spelling another entry derives
li-rusong,person,zh,ming,李如松,李如松,Lǐ Rúsōng,이여송,,,,,Li Rusong,,
deng-zilong,person,zh,ming,鄧子龍,邓子龙,Dèng Zǐlóng,등자룡,,,,,Deng Zilong,,
yalu-river,place,zh,,鴨綠江,鸭绿江,Yālùjiāng,압록강,Amnokgang,Amnokkang,,,Yalu River,,
nakdong-river,place,ko,,洛東江,洛东江,,낙동강,Nakdonggang,Naktonggang,,,Nakdong River,,
joryeong,place,ko,,鳥嶺,鸟岭,,조령,Joryeong,Choryŏng,,,Joryeong,,
second-siege-of-jinju,battle,zh,,第二次晉州城之戰,第二次晋州城之战,,,,,,,Second Siege of Jinju,,
battle-of-haengju,battle,zh,,幸州山城之戰,幸州山城之战,,,,,,,Battle of Haengju,,
";

/// Writes the glossary into `dir` and returns its path.
fn write_glossary(dir: &Path) -> std::path::PathBuf {
    let header = "id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,en,aliases,note";
    let path = dir.join("glossary.csv");
    fs::write(&path, format!("{header}\n{ROWS}")).expect("write glossary");
    path
}

/// `glossary lookup` as JSON: (entry id, rule) per hit, `None` when nothing matched.
fn lookup(db: &Path, glossary: &Path, name: &str) -> Vec<(String, Option<String>)> {
    let out = hanbridge(db)
        .current_dir(root())
        .args(["--format", "json", "glossary", "--glossary"])
        .arg(glossary)
        .args(["lookup", name])
        .output()
        .expect("run");
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    hits.as_array()
        .expect("array")
        .iter()
        .filter(|h| h["exact"] == true)
        .map(|h| {
            (
                h["entry"]["id"].as_str().expect("id").to_string(),
                h["derived"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn one(id: &str, rule: &str) -> Vec<(String, Option<String>)> {
    vec![(id.to_string(), Some(rule.to_string()))]
}

#[test]
fn other_spellings_resolve_to_their_entry_marked_derived_with_the_rule() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let g = write_glossary(dir.path());
    assert_eq!(
        lookup(&db, &g, "Yi Sun-shin"),
        one("yi-sunsin", "ko-syllable")
    );
    assert_eq!(
        lookup(&db, &g, "Rhee Sunsin"),
        one("yi-sunsin", "ko-surname")
    );
    // Folding already joins these to listed forms: found, not derived.
    assert_eq!(
        lookup(&db, &g, "Kwon Yul"),
        vec![("gwon-yul".to_string(), None)]
    );
    assert_eq!(
        lookup(&db, &g, "Kato Kiyomasa"),
        vec![("kato-kiyomasa".to_string(), None)]
    );
    assert_eq!(
        lookup(&db, &g, "Kiyomasa Kato"),
        one("kato-kiyomasa", "ja-western-order")
    );
    assert_eq!(
        lookup(&db, &g, "Katou Kiyomasa"),
        one("kato-kiyomasa", "ja-long-vowel")
    );
    assert_eq!(
        lookup(&db, &g, "Siege of Busanjin"),
        one("busanjin", "event-name")
    );
    assert_eq!(
        lookup(&db, &g, "Jeolla Province"),
        one("jeolla", "place-suffix")
    );
    assert_eq!(lookup(&db, &g, "Chŏlla"), one("jeolla", "place-suffix"));
    assert_eq!(
        lookup(&db, &g, "Jinju Castle"),
        one("jinju", "place-suffix")
    );
    // A river and a pass whose romanised names glue their kind on: by the English word.
    assert_eq!(
        lookup(&db, &g, "Naktong River"),
        one("nakdong-river", "place-suffix")
    );
    assert_eq!(
        lookup(&db, &g, "Choryong Pass"),
        one("joryeong", "place-suffix")
    );
    assert_eq!(lookup(&db, &g, "Naktong"), vec![]);
    assert_eq!(
        lookup(&db, &g, "Haejungchang"),
        one("haejeongchang", "ko-syllable")
    );
    // A battle named after a place is the battle where there is one.
    assert_eq!(
        lookup(&db, &g, "Battle of Imjin River"),
        one("battle-of-imjin-river", "event-name")
    );
    assert_eq!(
        lookup(&db, &g, "臨津江之役"),
        one("battle-of-imjin-river", "event-name")
    );
    // 城 left out of a fortress's battle (第二次晉州之戰, in either script), not out of a
    // kind of fortress (幸州山城 is not 幸州山).
    for name in ["第二次晉州之戰", "第二次晋州之战", "第二次晉州之役"] {
        assert_eq!(
            lookup(&db, &g, name),
            one("second-siege-of-jinju", "event-name"),
            "{name}"
        );
    }
    assert_eq!(lookup(&db, &g, "幸州山之戰"), vec![]);
    assert_eq!(
        lookup(&db, &g, "幸州山城之役"),
        one("battle-of-haengju", "event-name")
    );
    // Chinese names and places in Wade–Giles, from the characters and the stored pinyin.
    assert_eq!(
        lookup(&db, &g, "Li Ju-sung"),
        one("li-rusong", "wade-giles")
    );
    assert_eq!(
        lookup(&db, &g, "Teng Tzu-lung"),
        one("deng-zilong", "wade-giles")
    );
    assert_eq!(
        lookup(&db, &g, "Ya-lu-chiang"),
        one("yalu-river", "wade-giles")
    );
}

#[test]
fn a_listed_form_is_never_shadowed_and_a_shared_derived_spelling_stays_ambiguous() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let g = write_glossary(dir.path());
    // yi-sunsin derives "Lee Sun-shin", but another entry lists it.
    assert_eq!(
        lookup(&db, &g, "Lee Sun-shin"),
        vec![("choe-bangmin".to_string(), None)]
    );
    // 이억기 and 리억기 both derive "Lee Eok-gi".
    let mut both = lookup(&db, &g, "Lee Eok-gi");
    both.sort();
    assert_eq!(
        both,
        [
            ("ri-eokgi".to_string(), Some("ko-surname".to_string())),
            ("yi-eokgi".to_string(), Some("ko-surname".to_string())),
        ]
    );
}

#[test]
fn derived_names_are_found_in_texts_and_shown_with_their_rule() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let g = write_glossary(dir.path());
    let text = dir.path().join("navy.txt");
    fs::write(
        &text,
        "= The southern fleet =\n\n\
         Admiral Lee Sun-shin sailed from Jeolla Province while Kiyomasa Kato marched north; \
         the Siege of Busanjin had already ended. Lee Eok-gi followed with his ships.\n",
    )
    .expect("write text");
    hanbridge(&db).arg("import").arg(&text).assert().success();
    hanbridge(&db)
        .current_dir(root())
        .args(["glossary", "--glossary"])
        .arg(&g)
        .arg("load")
        .assert()
        .success();
    let out = stdout_ok(&db, &["--format", "json", "show", "navy:2"]);
    let p: serde_json::Value = serde_json::from_str(&out).expect("json");
    let names: Vec<(String, String, String)> = p["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["kind"] == "name")
        .map(|m| {
            (
                m["text"].as_str().expect("text").to_string(),
                m["value"].as_str().expect("value").to_string(),
                m["how"].as_str().expect("how").to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        names,
        [
            // Listed by another entry: that entry, plainly.
            s("Lee Sun-shin", "choe-bangmin", ""),
            s("Jeolla Province", "jeolla", "derived (place-suffix)"),
            s(
                "Kiyomasa Kato",
                "kato-kiyomasa",
                "derived (ja-western-order)"
            ),
            s("Siege of Busanjin", "busanjin", "derived (event-name)"),
            s(
                "Lee Eok-gi",
                "? ri-eokgi | yi-eokgi",
                "derived (ko-surname)"
            ),
        ]
    );
}

/// Issue 17.4 (part): a name without its title, a people in the singular, a possessive are the
/// name; a title with the person's surname is no alias finding.
#[test]
fn titles_plurals_and_possessives_are_the_name() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let g = write_glossary(dir.path());
    assert_eq!(lookup(&db, &g, "Imhae"), one("imhaegun", "title"));
    assert_eq!(lookup(&db, &g, "Jurchen"), one("jurchens", "plural"));
    let text = dir.path().join("north.txt");
    fs::write(
        &text,
        "= The north =\n\n\
         Yi Sun-sin kept the sea while Imhae was taken; Admiral Yi had no news of him. \
         A Jurchen chief offered help, and Kato Kiyomasa's men turned back. \
         Chungmu was the name given to him later.\n",
    )
    .expect("write text");
    hanbridge(&db).arg("import").arg(&text).assert().success();
    hanbridge(&db)
        .current_dir(root())
        .args(["glossary", "--glossary"])
        .arg(&g)
        .arg("load")
        .assert()
        .success();
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--format", "json", "check", "--glossary"])
        .arg(&g)
        .output()
        .expect("run");
    // One finding per line.
    let findings: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let of = |category: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["category"] == category)
            .map(|f| f["text"].as_str().expect("text").to_string())
            .collect()
    };
    // Chungmu is another name; Admiral Yi is Yi with his title.
    assert_eq!(of("alias_used"), ["Chungmu"]);
    let unknown = of("unknown_name");
    for name in [
        "Imhae",
        "Jurchen",
        "Kato Kiyomasa's",
        "Admiral Yi",
        "Admiral",
    ] {
        assert!(!unknown.contains(&name.to_string()), "{name}: {unknown:?}");
    }
    let near = of("variant_form");
    assert!(!near.contains(&"Jurchen".to_string()), "{near:?}");
    let shown = stdout_ok(&db, &["--format", "json", "show", "north:2"]);
    let p: serde_json::Value = serde_json::from_str(&shown).expect("json");
    let names: Vec<(&str, &str)> = p["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .filter(|m| m["kind"] == "name")
        .map(|m| {
            (
                m["text"].as_str().unwrap_or(""),
                m["value"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for expected in [
        ("Imhae", "imhaegun"),
        ("Jurchen", "jurchens"),
        ("Kato Kiyomasa", "kato-kiyomasa"),
        ("Admiral Yi", "yi-sunsin"),
    ] {
        assert!(names.contains(&expected), "{expected:?}: {names:?}");
    }
}

/// A derived spelling in a linked English paragraph is no "form of another column": Noryang
/// Strait beside 露梁 raises no cross-language finding.
#[test]
fn a_derived_spelling_is_no_cross_language_name() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let g = write_glossary(dir.path());
    let zh = dir.path().join("zh-noryang.md");
    fs::write(
        &zh,
        "# 露梁\n\n萬曆二十六年，李舜臣、李億祺、權慄與加藤清正戰於露梁，舜臣中彈而死，年五十四。\n",
    )
    .expect("write zh");
    let en = dir.path().join("en-noryang.txt");
    fs::write(
        &en,
        "= Noryang =\n\nIn 1598 Yi Sun-sin, Yi Eok-gi and Gwon Yul fought Kato Kiyomasa in the \
         Noryang Strait; Yi was killed there by a bullet, aged 54.\n",
    )
    .expect("write en");
    hanbridge(&db)
        .arg("import")
        .arg(&zh)
        .arg(&en)
        .assert()
        .success();
    for args in [&["glossary", "--glossary"][..], &["align"]] {
        let mut cmd = hanbridge(&db);
        cmd.current_dir(root()).args(args);
        if args.len() == 2 {
            cmd.arg(&g).arg("load");
        }
        cmd.assert().success();
    }
    let links = stdout_ok(&db, &["--format", "json", "links"]);
    assert!(links.contains("en-noryang"), "the paragraphs link: {links}");
    let out = hanbridge(&db)
        .current_dir(root())
        .args(["--format", "json", "check", "--glossary"])
        .arg(&g)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("cross_language_name"),
        "no cross-language finding: {stdout}"
    );
}

#[test]
fn chinese_names_resolve_in_wade_giles() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("w.sqlite");
    let g = root().join("glossary");
    for spelling in ["Li Ju-sung", "Li Jusung", "LI JU SUNG"] {
        assert_eq!(
            lookup(&db, &g, spelling),
            one("li-rusong", "wade-giles"),
            "{spelling}"
        );
    }
    assert_eq!(
        lookup(&db, &g, "Sung Ying-ch'ang"),
        one("song-yingchang", "wade-giles")
    );
}

/// The glossary's firearm (and its irregulars and monk soldiers) is one term in both languages: the Chinese 火繩槍 and 鳥銃 and the
/// English plurals and agent nouns a battle article writes ("Japanese arquebusiers opened
/// fire") resolve to the same entry, so the two accounts of an ambush by musket fire share it.
#[test]
fn the_firearm_is_one_term_in_both_languages() {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("f.sqlite");
    let g = root().join("glossary");
    for form in [
        "火繩槍",
        "鳥銃",
        "arquebus",
        "arquebusiers",
        "muskets",
        "musketeers",
    ] {
        assert_eq!(
            lookup(&db, &g, form),
            vec![("matchlock".to_string(), None)],
            "{form}"
        );
    }
    // So are the Korean irregulars and the monks' army under the names English writes.
    for (form, id) in [
        ("militia", "righteous-army"),
        ("volunteer army", "righteous-army"),
        ("義軍", "righteous-army"),
        ("warrior monks", "monk-soldiers"),
        ("僧軍", "monk-soldiers"),
    ] {
        assert_eq!(
            lookup(&db, &g, form),
            vec![(id.to_string(), None)],
            "{form}"
        );
    }
}
