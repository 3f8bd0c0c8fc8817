//! The glossary commands on the shipped glossary and on fixtures: load errors, validation,
//! lookup in every script, exports (CSV round trip, OmegaT, TBX, JSON), atomic writes.

mod common;

use common::{dump, hanbridge, root};
use hanbridge::glossary::io::load_path;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const HEADER: &str = "id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,en,aliases,note";

fn glossary_dir() -> PathBuf {
    root().join("glossary")
}

fn db() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("g.sqlite");
    (dir, db)
}

fn stdout_of(args: &[&str]) -> String {
    let (_dir, db) = db();
    common::stdout_ok(&db, args)
}

#[test]
fn shipped_glossary_loads_and_covers_the_seeds() {
    let loaded = load_path(&glossary_dir()).expect("shipped glossary loads");
    let g = &loaded.glossary;
    assert!(
        g.entries.len() >= 400,
        "several hundred entries, got {}",
        g.entries.len()
    );
    // Every commander of the English Infobox and every name of its text is in the glossary.
    let names = [
        "Kobayakawa Takakage",
        "Sayo Masakatsu",
        "Awaya Kagenao",
        "Inoue Kagesada",
        "Tachibana Muneshige",
        "Takahashi Munemasu",
        "Kikkawa Hiroie",
        "Li Rusong",
        "Zha Dashou",
        "Ko Ŏnbaek",
        "Yang Yuan",
        "Zheng Wenbin",
        "Li Rumei",
        "Li Yousheng",
        "Wu Weishan",
        "Yun Kŭnsu",
        "Yi Tŏkhyŏng",
        "Pyeongyang",
        "Li Rubai",
        "Zhang Shijue",
        "Gaeseong",
        "Hwanghae",
        "Gyeonggi",
        "Gangweon",
        "Hanseong",
        "Yu Sŏngnyong",
        "Li Ning",
        "Zu Chengxun",
        "Jūji Den'emon",
        "Byeokjegwan",
        "Samuel Hawley",
        "Luo Shangzhi",
        "Wang Bidi",
        "Song Yingchang",
        "Chōsen seibatsuki",
        "Chōsen gunki monogatari",
        "Joseon",
        "Ming",
    ];
    let index = hanbridge::glossary::lookup::Index::new(g);
    for name in names {
        let hits = index.lookup(name);
        assert!(
            hits.first().is_some_and(|h| h.exact),
            "{name} not in the glossary"
        );
    }
    // The Chinese commander list of seed 001.
    for name in [
        "宣祖",
        "光海君",
        "柳成龍",
        "權慄",
        "金時敏",
        "宋象賢",
        "惟政",
        "休靜",
        "萬曆皇帝",
        "宋應昌",
        "楊鎬",
        "邢玠",
        "豐臣秀次",
        "後陽成天皇",
        "森吉成",
        "安國寺惠瓊",
        "長宗我部元親",
        "來島通總",
        "得居通幸",
        "脇坂安治",
        "相良賴房",
        "五島純玄",
        "蒲生氏鄉",
    ] {
        assert!(
            index.lookup(name).first().is_some_and(|h| h.exact),
            "{name} not in the glossary"
        );
    }
}

/// Each query's first `glossary lookup` hit is the entry with the given id.
fn lookup_finds(cases: &[(&str, &str)]) {
    for (query, id) in cases {
        let out = stdout_of(&["glossary", "lookup", query]);
        assert!(out.starts_with(&format!("{id}  ")), "{query} → {out}");
    }
}

#[test]
fn the_war_s_battles_resolve_to_the_battle_not_its_place() {
    // An English article's title and a Chinese article's name of the battle: the battle
    // entry, so that its paragraphs share the event (the place alone would be a weaker tie).
    let cases = [
        ("Battle of Ungpo", "battle-of-ungpo"),
        ("熊浦海戰", "battle-of-ungpo"),
        ("Battle of Byeokpajin", "battle-of-byeokpajin"),
        ("Battle of Eoranpo", "battle-of-eoranpo"),
        ("于兰浦海战", "battle-of-eoranpo"),
        ("Battle of Jeolido", "battle-of-jeolido"),
        ("Siege of Gyeongju (1592)", "battle-of-gyeongju"),
        ("慶州之戰", "battle-of-gyeongju"),
        ("Siege of Gimhae", "battle-of-gimhae"),
        ("Battle of Busanpo", "battle-of-busan-1592"),
        ("Battle of Ulsan", "siege-of-ulsan"),
        ("Battle of Namwon", "siege-of-namwon"),
        ("Battle of Hwangseoksan", "siege-of-hwangseoksan"),
        ("Battle of Doksan", "battle-of-doksanseong"),
        ("Battle of Jeongamjin", "battle-of-uiryeong"),
        ("鼎巖津之戰", "battle-of-uiryeong"),
        ("北關大捷", "battle-of-bukgwan"),
        ("Pukkwan campaign", "battle-of-bukgwan"),
        ("Battle of Gilju", "battle-of-gilju"),
        ("吉州之戰", "battle-of-gilju"),
        ("鼎巖津", "jeongamjin"),
        ("Battle of Haeyuryeong", "battle-of-haeyuryeong"),
        ("Battle of Haeyuryong", "battle-of-haeyuryeong"),
        ("Second Battle of Dangpo", "second-battle-of-dangpo"),
        ("第二次唐浦海戰", "second-battle-of-dangpo"),
        // The battle of 1592 stays itself.
        ("Battle of Dangpo", "battle-of-dangpo"),
        // A battle named in McCune–Reischauer after its place: the battle, not the place.
        ("Battle of Kumsan", "battle-of-geumsan"),
        ("Battle of Chiksan", "battle-of-jiksan"),
        ("Siege of Tongnae", "siege-of-dongnae"),
        ("Battle of Myongnyang", "battle-of-myeongnyang"),
        // No battle is named after Yeosu: the place.
        ("Battle of Yeosu", "yeosu"),
    ];
    lookup_finds(&cases);
}

#[test]
fn the_fallen_of_the_war_s_sieges_and_jinju_s_legend_resolve() {
    // Commanders killed at Sangju, the Imjin River, Ungchi, Hwangseoksan and Namwon, Go
    // Gyeong-myeong's sons, Yi Sun-sin's son killed at Asan, the Namwon tomb of the fallen,
    // and the Nongae story of Jinju: in every script and spelling a battle article writes them.
    let cases = [
        ("Nongae", "nongae"),
        ("論介", "nongae"),
        ("Non'gae", "nongae"),
        ("矗石樓", "chokseongnu"),
        ("Ch'oksŏngnu", "chokseongnu"),
        ("毛谷村六助", "keyamura-rokusuke"),
        ("Go Jong-hu", "go-jonghu"),
        ("Ko Inhu", "go-inhu"),
        ("劉克良", "yu-geukryang"),
        ("Sin Hal", "sin-hal"),
        ("Yun Seom", "yun-seom"),
        ("李珏", "yi-gak"),
        ("Jeong Dam", "jeong-dam"),
        ("Jo Jong-do", "jo-jongdo"),
        ("Paek Sarim", "baek-sarim"),
        ("鄭期遠", "jeong-giwon"),
        ("Im Hyeon", "im-hyeon"),
        ("任铉", "im-hyeon"),
        ("Sin Ho", "sin-ho"),
        ("郭䞭", "gwak-jun"),
        ("Kwak Chun", "gwak-jun"),
        ("李葂", "yi-myeon"),
        ("Yi Myŏn", "yi-myeon"),
        ("萬人義塚", "manin-uichong"),
        ("Manin Uichong", "manin-uichong"),
    ];
    lookup_finds(&cases);
}

#[test]
fn the_war_s_envoys_inspectors_and_lesser_commanders_resolve() {
    // Names the articles of other battles write: in the spelling each script gives them.
    let cases = [
        ("Pak Jin", "bak-jin"),
        ("朴晉", "bak-jin"),
        ("Kwak Yong", "gwak-yeong"),
        ("Yi Mong-hak", "yi-monghak"),
        ("袁黃", "yuan-huang"),
        ("Genso", "keitetsu-genso"),
        ("玄蘇", "keitetsu-genso"),
        ("Yanagawa Shigenobu", "yanagawa-shigenobu"),
        ("福原長堯", "fukuhara-nagataka"),
        ("Hayakawa Nagamasa", "hayakawa-nagamasa"),
        ("Kakimi Kazunao", "kakimi-kazunao"),
        ("Sin Gak", "sin-gak"),
        ("Bang Deok-ryong", "bang-deokryong"),
        ("Cho Kyong", "jo-gyeong"),
        ("李薈", "yi-hoe"),
        ("Kuriyama Toshiyasu", "kuriyama-toshiyasu"),
    ];
    lookup_finds(&cases);
}

#[test]
fn the_righteous_armies_the_sangju_dead_and_the_noryang_captains_resolve() {
    // Officers and volunteer leaders of 1592 and 1598 that battle articles name in passing:
    // in each script, the McCune–Reischauer spellings included.
    let cases = [
        ("Hwang Se-deuk", "hwang-sedeuk"),
        ("黄世得", "hwang-sedeuk"),
        ("李長孫", "yi-jangson"),
        ("Yi Changson", "yi-jangson"),
        ("Seong Eung-gil", "seong-eunggil"),
        ("Sŏng Ŭnggil", "seong-eunggil"),
        ("李慶流", "yi-gyeongryu"),
        ("Kim Jong-mu", "kim-jongmu"),
        ("任啓英", "im-gyeyeong"),
        ("Im Kyeyŏng", "im-gyeyeong"),
        ("金睟", "kim-su"),
        ("鄭大任", "jeong-daeim"),
        ("Chŏng Sea", "jeong-sea"),
        ("寺泽广高", "terazawa-hirotaka"),
        ("てらざわ ひろたか", "terazawa-hirotaka"),
    ];
    lookup_finds(&cases);
}

#[test]
fn the_jinju_dead_of_1593_resolve_and_keep_their_simplified_form() {
    // Two defenders killed at the second siege of Jinju. 乾 read qián is the same character in
    // simplified text (干 is another word): 金象乾 is both forms, and the 金象干 a character
    // converter writes still finds him.
    let cases = [
        ("Jang Yun", "jang-yun"),
        ("張潤", "jang-yun"),
        ("张润", "jang-yun"),
        ("Chang Yun", "jang-yun"),
        ("Kim Sang-geon", "kim-sanggeon"),
        ("Kim Sanggŏn", "kim-sanggeon"),
        ("金象乾", "kim-sanggeon"),
        ("김상건", "kim-sanggeon"),
        ("金象干", "kim-sanggeon"),
    ];
    lookup_finds(&cases);
    let out = stdout_of(&["glossary", "lookup", "金象干"]);
    let simplified = out
        .lines()
        .find(|l| l.trim_start().starts_with("zh_hans"))
        .unwrap_or_default();
    assert!(
        simplified.contains("金象乾") && !simplified.contains("金象干"),
        "{out}"
    );
}

#[test]
fn lookup_resolves_every_script_and_spelling() {
    let cases = [
        ("Kobayakawa Takakage", "kobayakawa-takakage"),
        ("小早川隆景", "kobayakawa-takakage"),
        ("こばやかわ たかかげ", "kobayakawa-takakage"),
        ("Ko Ŏnbaek", "go-eonbaek"),
        ("Ko Onbaek", "go-eonbaek"),
        ("Go Eon-baek", "go-eonbaek"),
        ("고언백", "go-eonbaek"),
        ("查大受", "zha-dashou"),
        ("査大受", "zha-dashou"),
        ("Zha Dashou", "zha-dashou"),
        ("碧蹄馆", "byeokjegwan"),
        ("Pyŏkchegwan", "byeokjegwan"),
        ("Kato Kiyomasa", "kato-kiyomasa"),
        ("Toudou Takatora", "todo-takatora"),
        ("Tohdoh Takatora", "todo-takatora"),
        ("石曼子", "shimazu-yoshihiro"),
        ("劉鋌", "liu-ting"),
        ("金景瑞", "kim-eungseo"),
        ("Yu Sŏngnyong", "yu-seongryong"),
    ];
    lookup_finds(&cases);
    let out = stdout_of(&["glossary", "lookup", "Ko Onbaek"]);
    for form in [
        "高彥伯",
        "高彦伯",
        "고언백",
        "Go Eon-baek",
        "Ko Ŏnbaek",
        "Gāo Yànbó",
    ] {
        assert!(
            out.contains(form),
            "all forms side by side: {form} missing in {out}"
        );
    }
    let (_dir, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .args(["glossary", "lookup", "Napoleon Bonaparte"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no glossary entry for \"Napoleon Bonaparte\"",
        ));
}

#[test]
fn shipped_glossary_validates_with_no_unexplained_disagreement() {
    let (_dir, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .args(["glossary", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(", 0 unexplained)"));
}

fn fixture(dir: &Path, name: &str, rows: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, format!("{HEADER}\n{rows}")).expect("write fixture");
    path
}

#[test]
fn validate_reports_wrong_romanisations() {
    let dir = TempDir::new().expect("dir");
    fixture(
        dir.path(),
        "people.csv",
        "yu-seongryong,person,ko,joseon,柳成龍,柳成龙,Liǔ Chénglóng,유성룡,Yu Seong-nyong,Yu Songnyong,,,Yu Seong-ryong,,\n\
         todo-takatora,person,ja,japan,藤堂高虎,藤堂高虎,Téngtáng Gāohǔ,,,,とうどう たかとら,Todou Takatora,Tōdō Takatora,,\n",
    );
    let (_d, db) = db();
    let out = hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(dir.path())
        .arg("validate")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf8");
    let row = |entry: &str, column: &str, stored: &str, computed: &str| {
        text.lines().any(|l| {
            let cells: Vec<&str> = l
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            cells == [entry, column, stored, computed, "DISAGREES"]
        })
    };
    assert!(
        row("yu-seongryong", "ko_rr", "Yu Seong-nyong", "Yu Seong-ryong"),
        "{text}"
    );
    assert!(
        row("yu-seongryong", "ko_mr", "Yu Songnyong", "Yu Sŏngnyong"),
        "{text}"
    );
    assert!(
        row(
            "todo-takatora",
            "ja_hepburn",
            "Todou Takatora",
            "Tōdō Takatora"
        ),
        "{text}"
    );
    assert!(text.contains("3 unexplained"), "{text}");
}

#[test]
fn bad_glossary_files_name_file_and_line_and_load_nothing() {
    let (dir, db) = db();
    let gdir = dir.path().join("glossary");
    fs::create_dir(&gdir).expect("mkdir");
    // A database with a loaded glossary, so "nothing loaded" is visible.
    fixture(
        &gdir,
        "people.csv",
        "li-rusong,person,zh,ming,李如松,,,,,,,,Li Rusong,,\n",
    );
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(&gdir)
        .arg("load")
        .assert()
        .success();
    let before = dump(&db);
    let cases: [(&str, String, &str); 6] = [
        ("dup", "li-rusong,person,zh,ming,李如松,,,,,,,,Li Rusong,,\nli-rusong,person,zh,ming,李如柏,,,,,,,,Li Rubai,,\n".into(), "people.csv:3: duplicate id \"li-rusong\""),
        ("shared", "a,place,ko,,平壤,,,,,,,,Pyongyang,,\nb,place,ko,,平壤,,,,,,,,Pyongyang 2,,\n".into(), "people.csv:3: zh_hant form \"平壤\" is also a form of \"a\""),
        ("empty", "a,person,zh,ming,李如松,,,,,,,,,,\n".into(), "people.csv:2: en is empty"),
        ("script", "a,person,ko,joseon,고언백,,,,,,,,Go Eon-baek,,\n".into(), "people.csv:2: zh_hant: \"고언백\" has a character of the wrong script"),
        ("kind", "a,persn,zh,ming,李如松,,,,,,,,Li Rusong,,\n".into(), "people.csv:2: unknown kind \"persn\""),
        ("tag", "a,person,zh,ming,李如松,,,,,,,,Li Rusong,,#kept(ko_rr)\n".into(), "people.csv:2: unknown note tag #kept"),
    ];
    for (name, rows, message) in cases {
        let bad = dir.path().join(name);
        fs::create_dir(&bad).expect("mkdir");
        fixture(&bad, "people.csv", &rows);
        hanbridge(&db)
            .args(["glossary", "--glossary"])
            .arg(&bad)
            .arg("load")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("nothing loaded"));
        common::assert_same_db(&before, &dump(&db), name);
    }
    let unknown = dir.path().join("unknown");
    fs::create_dir(&unknown).expect("mkdir");
    fs::write(unknown.join("x.csv"), HEADER.replace(",note", ",notes")).expect("write");
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(&unknown)
        .arg("load")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "x.csv:1: unknown column \"notes\"",
        ));
}

#[test]
fn csv_export_round_trips_through_import() {
    let dir = TempDir::new().expect("dir");
    let export = dir.path().join("export.csv");
    let (_d, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .args(["--format", "csv", "glossary", "export", "--out"])
        .arg(&export)
        .assert()
        .success();
    let text = fs::read_to_string(&export).expect("export");
    assert!(text.starts_with(&format!("{HEADER}\r\n")), "exact header");
    // Import into a fresh directory, export again: identical bytes and identical glossary.
    let copy = dir.path().join("glossary");
    fs::create_dir(&copy).expect("mkdir");
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(&copy)
        .arg("import")
        .arg(&export)
        .assert()
        .success();
    let again = dir.path().join("again.csv");
    hanbridge(&db)
        .args(["--format", "csv", "glossary", "--glossary"])
        .arg(&copy)
        .args(["export", "--out"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(text, fs::read_to_string(&again).expect("again"));
    let original = load_path(&glossary_dir()).expect("load").glossary;
    let imported = load_path(&copy).expect("load").glossary;
    assert_eq!(original, imported);
    // The shipped files are exactly what import writes (sorted, one file per kind group).
    for name in ["people.csv", "places.csv", "events.csv", "terms.csv"] {
        assert_eq!(
            fs::read_to_string(glossary_dir().join(name)).expect("shipped"),
            fs::read_to_string(copy.join(name)).expect("imported"),
            "{name} is not in canonical form"
        );
    }
}

#[test]
fn csv_export_bom_and_formula_cells() {
    let dir = TempDir::new().expect("dir");
    fixture(
        dir.path(),
        "terms.csv",
        "evil,other,other,,,,,,,,,,=HYPERLINK(\"http://x\"),,@SUM(1)\n",
    );
    let (_d, db) = db();
    let out = hanbridge(&db)
        .args(["--format", "csv", "glossary", "--glossary"])
        .arg(dir.path())
        .args(["export", "--bom"])
        .output()
        .expect("run");
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{text}");
    assert!(text.contains(",'@SUM(1)"), "{text}");
}

#[test]
fn omegat_tsv_pairs() {
    let out = stdout_of(&[
        "--format", "tsv", "glossary", "export", "--source", "zh-Hant", "--target", "en",
    ]);
    assert!(
        out.lines()
            .any(|l| l.starts_with("查大受\tZha Dashou\tperson zha-dashou")),
        "preferred row"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("査大受\tZha Dashou\t") && l.contains("variant form")),
        "variant row"
    );
    assert!(
        out.lines().all(|l| l.split('\t').count() == 3),
        "three columns"
    );
    let ko = stdout_of(&[
        "--format", "tsv", "glossary", "export", "--source", "ko", "--target", "ko-MR",
    ]);
    assert!(
        ko.lines().any(|l| l.starts_with("고언백\tKo Ŏnbaek\t")),
        "{}",
        &ko[..200.min(ko.len())]
    );
}

#[test]
fn tbx_is_well_formed_and_escaped() {
    let dir = TempDir::new().expect("dir");
    fixture(
        dir.path(),
        "terms.csv",
        "tag-test,other,other,,,,,,,,,,<script>alert(1)</script> & co,,note with <b> & \"quotes\"\n",
    );
    let (_d, db) = db();
    let out = hanbridge(&db)
        .args(["--format", "tbx", "glossary", "--glossary"])
        .arg(dir.path())
        .arg("export")
        .output()
        .expect("run");
    let xml = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{xml}"
    );
    assert!(!xml.contains("<script>"));
    // The shipped glossary: parse the whole document, count concepts and check the dialect.
    let full = stdout_of(&["--format", "tbx", "glossary", "export"]);
    let mut reader = quick_xml::Reader::from_str(&full);
    let mut concepts = 0;
    let mut langs = std::collections::BTreeSet::new();
    let mut root_ok = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("name");
                if name == "tbx" {
                    let attrs: Vec<(String, String)> = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attr");
                            (
                                String::from_utf8(a.key.as_ref().to_vec()).expect("key"),
                                String::from_utf8(a.value.to_vec()).expect("value"),
                            )
                        })
                        .collect();
                    root_ok = attrs.contains(&("type".into(), "TBX-Basic".into()))
                        && attrs.contains(&("xmlns".into(), "urn:iso:std:iso:30042:ed:3.0".into()));
                }
                if name == "conceptEntry" {
                    concepts += 1;
                }
                if name == "langSec" {
                    for a in e.attributes() {
                        let a = a.expect("attr");
                        langs.insert(String::from_utf8(a.value.to_vec()).expect("value"));
                    }
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(root_ok, "TBX v3 root element");
    let entries = load_path(&glossary_dir())
        .expect("load")
        .glossary
        .entries
        .len();
    assert_eq!(concepts, entries);
    for tag in [
        "zh-Hant",
        "zh-Hans",
        "zh-Latn-pinyin",
        "ko-Hang",
        "ko-Latn-t-ko-m0-mcst",
        "ko-Latn-alalc97",
        "ja-Hrkt",
        "ja-Latn-hepburn",
        "en",
    ] {
        assert!(langs.contains(tag), "langSec {tag}");
    }
}

#[test]
fn json_export_has_every_entry() {
    let out = stdout_of(&["--format", "json", "glossary", "export"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let entries = v.as_array().expect("array");
    let shipped = load_path(&glossary_dir())
        .expect("load")
        .glossary
        .entries
        .len();
    assert_eq!(entries.len(), shipped);
    let liu = entries
        .iter()
        .find(|e| e["id"] == "liu-ting")
        .expect("liu-ting");
    assert_eq!(liu["aliases"][0]["status"], "variant");
    assert_eq!(liu["aliases"][0]["text"], "劉鋌");
}

#[test]
fn failed_export_leaves_no_file() {
    let dir = TempDir::new().expect("dir");
    let target = dir.path().join("missing-dir").join("out.csv");
    let (_d, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .args(["--format", "csv", "glossary", "export", "--out"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out.csv: cannot write"));
    assert!(!target.exists());
}

#[test]
fn run_loads_the_glossary_into_the_database() {
    let (_d, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("glossary: "));
    let conn = rusqlite::Connection::open(&db).expect("db");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM glossary_entry", [], |r| r.get(0))
        .expect("count");
    let shipped = load_path(&glossary_dir())
        .expect("load")
        .glossary
        .entries
        .len() as i64;
    assert_eq!(n, shipped);
    let id: String = conn
        .query_row(
            "SELECT entry_id FROM glossary_form WHERE folded = ?1",
            [hanbridge::glossary::fold::fold("Ko Ŏnbaek")],
            |r| r.get(0),
        )
        .expect("folded lookup in SQL");
    assert_eq!(id, "go-eonbaek");
}

/// A copy of the shipped glossary in a temporary directory.
fn shipped_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("glossary");
    fs::create_dir(&copy).expect("mkdir");
    for name in ["people.csv", "places.csv", "events.csv", "terms.csv"] {
        fs::copy(glossary_dir().join(name), copy.join(name)).expect("copy");
    }
    copy
}

/// The names and contents of every file in a directory.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, fs::read_to_string(&path).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// Issue 15.4: an import that would empty the glossary is refused; the changes are printed,
/// `--dry-run` writes nothing, `--replace` allows it.
#[test]
fn regression_15_4_import_refuses_to_remove_most_entries() {
    let dir = TempDir::new().expect("dir");
    let copy = shipped_copy(dir.path());
    let before = snapshot(&copy);
    let (_d, db) = db();
    let import = |file: &Path, extra: &[&str]| {
        hanbridge(&db)
            .args(["glossary", "--glossary"])
            .arg(&copy)
            .arg("import")
            .arg(file)
            .args(extra)
            .output()
            .expect("run")
    };
    let empty = fixture(dir.path(), "empty.csv", "");
    let out = import(&empty, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("would remove") && err.contains("--replace"),
        "{err}"
    );
    assert_eq!(snapshot(&copy), before, "nothing written");
    let out = import(&empty, &["--dry-run"]);
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("0 added, 0 changed, "), "{printed}");
    assert!(
        printed.lines().filter(|l| l.starts_with("- ")).count() > 100,
        "{printed}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("would be refused"));
    assert_eq!(snapshot(&copy), before, "--dry-run writes nothing");
    // One entry added, one changed, one removed: within 10 %, printed, written with --dry-run
    // only printed.
    let mut g = load_path(&copy).expect("load").glossary;
    let removed_id = g.entries.remove(0).id;
    let changed_id = g.entries[0].id.clone();
    g.entries[0].note.push_str(" (edited)");
    let mut added = g.entries[0].clone();
    added.id = "zz-new-entry".into();
    added.en = vec!["Someone New".into()];
    added.zh_hant = vec!["甲乙丙".into()];
    added.zh_hans.clear();
    added.pinyin.clear();
    added.aliases.clear();
    added.ko_hangul.clear();
    added.ko_rr.clear();
    added.ko_mr.clear();
    added.ja_kana.clear();
    added.ja_hepburn.clear();
    g.entries.push(added);
    let refs: Vec<_> = g.entries.iter().collect();
    let small = dir.path().join("small.csv");
    let mut bytes = Vec::new();
    hanbridge::glossary::io::write_csv(&refs, &mut bytes, false).expect("write");
    fs::write(&small, bytes).expect("write");
    let out = import(&small, &["--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("+ zz-new-entry"), "{printed}");
    assert!(printed.contains(&format!("- {removed_id}")), "{printed}");
    assert!(printed.contains(&format!("~ {changed_id}")), "{printed}");
    assert!(
        printed.contains("1 added, 1 changed, 1 removed"),
        "{printed}"
    );
    assert_eq!(snapshot(&copy), before, "--dry-run writes nothing");
    assert!(import(&small, &[]).status.success());
    assert_ne!(snapshot(&copy), before);
    // --replace empties it on purpose; a lower --max-remove refuses a single removal.
    let out = import(&empty, &["--replace"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(load_path(&copy).expect("loads").glossary.entries.is_empty());
}

/// Issue 15.4: a kill in the middle of an import leaves a journal and some renamed files; the
/// next command that reads the glossary completes the switch, so it sees the new set whole.
#[test]
fn regression_15_4_interrupted_import_is_completed() {
    let dir = TempDir::new().expect("dir");
    let copy = shipped_copy(dir.path());
    let dead = 4_194_305; // above any Linux pid_max: never a running process
    // The new set: every file with its rows in reverse order is still a valid glossary but
    // different bytes; people.csv was already renamed when the kill came.
    let mut expected = Vec::new();
    let mut journal = String::from("hanbridge journal 1\n");
    for (i, name) in ["events.csv", "people.csv", "places.csv", "terms.csv"]
        .iter()
        .enumerate()
    {
        let old = fs::read_to_string(copy.join(name)).expect("read");
        let mut lines: Vec<&str> = old.lines().collect();
        lines[1..].reverse();
        let new = format!("{}\n", lines.join("\n"));
        let tmp = format!(".hanbridge-{dead}-{name}.abc{i}.tmp");
        if *name == "people.csv" {
            fs::write(copy.join(name), &new).expect("renamed");
        } else {
            fs::write(copy.join(&tmp), &new).expect("tmp");
        }
        journal.push_str(&format!("{tmp}\t{name}\n"));
        expected.push((name.to_string(), new));
    }
    fs::write(copy.join(".hanbridge-journal"), journal).expect("journal");
    // A temporary of an export killed before its rename: litter.
    fs::write(copy.join(format!(".hanbridge-{dead}-x.csv.zz.tmp")), "half").expect("litter");
    let (_d, db) = db();
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(&copy)
        .arg("load")
        .assert()
        .success()
        .stderr(predicate::str::contains("completed an interrupted write"));
    expected.sort();
    assert_eq!(
        snapshot(&copy),
        expected,
        "the new set, whole, and nothing else"
    );
}

/// Issue 15.5: temporaries of killed runs are removed by the next write into their directory;
/// those of a running process and other programs' files are not.
#[test]
fn regression_15_5_stale_temporaries_are_removed() {
    let dir = TempDir::new().expect("dir");
    let dead = 4_194_305;
    let live = std::process::id();
    let keep = [
        format!(".hanbridge-{live}-out.csv.live.tmp"),
        ".hanbridge-notes.tmp".to_string(),
        "other-program.tmp".to_string(),
        format!(".hanbridge-{dead}-out.csv.txt"),
    ];
    for name in &keep {
        fs::write(dir.path().join(name), "keep").expect("write");
    }
    fs::write(
        dir.path().join(format!(".hanbridge-{dead}-out.csv.a1.tmp")),
        "x",
    )
    .expect("w");
    fs::create_dir(dir.path().join(format!(".hanbridge-{dead}-pages.tmp"))).expect("mkdir");
    let out = dir.path().join("out.csv");
    let (_d, db) = db();
    hanbridge(&db)
        .current_dir(root())
        .args(["--format", "csv", "glossary", "export", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = keep.to_vec();
    expected.push("out.csv".into());
    expected.sort();
    assert_eq!(names, expected);
}

/// Issue 15.8: errors cite the physical line of CRLF files (as export writes them), and a
/// Latin-1 file is named as such.
#[test]
fn regression_15_8_line_numbers_and_encoding() {
    let dir = TempDir::new().expect("dir");
    let (_d, db) = db();
    let rows = "a,person,zh,ming,甲,,,,,,,,Jia,,\r\nb,persn,zh,ming,乙,,,,,,,,Yi,,\r\n";
    fs::write(dir.path().join("people.csv"), format!("{HEADER}\r\n{rows}")).expect("write");
    load_fails(&db, dir.path(), "people.csv:3: unknown kind");
    let mut latin1 = format!("{HEADER}\nc,person,zh,ming,丙,,,,,,,,Ren").into_bytes();
    latin1.extend_from_slice(b"\xe9,,\n");
    fs::write(dir.path().join("people.csv"), latin1).expect("write");
    load_fails(
        &db,
        dir.path(),
        "people.csv:2: not UTF-8 (at byte 131), convert it to UTF-8",
    );
}

/// Asserts `glossary load` of `dir` fails (exit 2) saying `message`.
fn load_fails(db: &Path, dir: &Path, message: &str) {
    hanbridge(db)
        .args(["glossary", "--glossary"])
        .arg(dir)
        .arg("load")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

/// Issue 15.11: a semicolon-separated file (Excel in European locales) imports; forcing the
/// wrong delimiter gives one error that names the right one.
#[test]
fn regression_15_11_semicolon_files_import() {
    let dir = TempDir::new().expect("dir");
    let target = dir.path().join("g");
    fs::create_dir(&target).expect("mkdir");
    let file = dir.path().join("excel.csv");
    fs::write(
        &file,
        format!(
            "{}\r\nd,person,zh,ming,丁,,,,,,,,\"Ding; the fourth\",,\r\n",
            HEADER.replace(',', ";")
        )
        .replace(",,", ";;")
        .replace("丁,", "丁;")
        .replace("ming,", "ming;")
        .replace("zh,", "zh;")
        .replace("person,", "person;")
        .replace("d,", "d;"),
    )
    .expect("write");
    let (_d, db) = db();
    let run = |extra: &[&str]| {
        hanbridge(&db)
            .args(["glossary", "--glossary"])
            .arg(&target)
            .arg("import")
            .arg(&file)
            .args(extra)
            .output()
            .expect("run")
    };
    let out = run(&["--delimiter", "comma"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("semicolon-separated").count(), 1, "{err}");
    assert!(err.contains("1 problem in the glossary"), "{err}");
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let g = load_path(&target).expect("load").glossary;
    assert_eq!(g.entries[0].en, ["Ding; the fourth"]);
}
