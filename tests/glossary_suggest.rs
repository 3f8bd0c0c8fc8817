//! `glossary suggest`: entries proposed for names the glossary lacks, from readings across
//! scripts (Sino-Korean, pinyin, Japanese); accepted into the glossary files, or rejected for
//! good. Issue 17, item 2.

mod common;

use common::server::Server;
use common::{hanbridge, root, stdout_ok};
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A Chinese chronicle and an English account of three episodes, written for this test.
const ZH: &str =
    "萬曆二十年四月十三日，倭將小西行長率兵一萬八千自對馬渡海，先攻釜山鎮，鄭撥力戰而死。

四月十五日，倭兵圍東萊，府使宋象賢坐於南門樓上，不肯降，城陷遇害。

萬曆二十六年十一月十九日，都督陳璘率明水師與李舜臣合擊倭船於露梁，李舜臣中丸而卒。
";

const EN: &str = "On 23 May 1592 Konishi Yukinaga crossed from Tsushima with some 18,000 men and attacked Busanjin, where Jeong Bal fought to the end.

On 25 May 1592 the Japanese closed round Dongnae. The magistrate Song Sanghyŏn sat on the south gate tower and would not yield; he was killed when the walls fell.

On 16 December 1598 the Ming admiral Chen Lin and Yi Sun-sin fell on the Japanese fleet at Noryang, where Yi was hit by a bullet and died.
";

const MANIFEST: &str = r#"[[document]]
id = "zh-t"
file = "zh.txt"
lang = "zh"
format = "plain"
title = "紀略"

[[document]]
id = "en-t"
file = "en.txt"
lang = "en"
format = "plain"
title = "Three episodes"
"#;

/// The glossary ids the test glossary lacks: one Korean, one Chinese, one Japanese person.
const MISSING: [&str; 3] = ["song-sanghyeon", "chen-lin", "konishi-yukinaga"];

struct Setup {
    _dir: TempDir,
    db: PathBuf,
    glossary: PathBuf,
}

/// A copy of the project glossary in `dir/glossary` without the entries `ids`.
fn glossary_without(dir: &Path, ids: &[&str]) -> PathBuf {
    let glossary = dir.join("glossary");
    std::fs::create_dir(&glossary).expect("mkdir");
    for f in ["people.csv", "places.csv", "events.csv", "terms.csv"] {
        let text = std::fs::read_to_string(root().join("glossary").join(f)).expect("read");
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| !ids.iter().any(|id| l.starts_with(&format!("{id},"))))
            .collect();
        std::fs::write(glossary.join(f), kept).expect("write");
    }
    glossary
}

/// The project glossary without the three people, the texts imported and aligned.
fn setup() -> Setup {
    let dir = TempDir::new().expect("tempdir");
    let glossary = glossary_without(dir.path(), &MISSING);
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("zh.txt"), ZH).expect("write");
    std::fs::write(corpus.join("en.txt"), EN).expect("write");
    std::fs::write(corpus.join("corpus.toml"), MANIFEST).expect("write");
    let db = dir.path().join("t.sqlite");
    hanbridge(&db).arg("import").arg(&corpus).assert().success();
    common::load_glossary_and_align(&db, &glossary);
    Setup {
        _dir: dir,
        db,
        glossary,
    }
}

fn suggest(s: &Setup, extra: &[&str]) -> String {
    let g = s.glossary.to_str().expect("utf8 path");
    let mut args = vec!["--format", "json", "glossary", "--glossary", g, "suggest"];
    args.extend(extra);
    stdout_ok(&s.db, &args)
}

fn suggestions(s: &Setup) -> Vec<Value> {
    let out: Value = serde_json::from_str(&suggest(s, &[])).expect("json");
    out.as_array().expect("array").clone()
}

/// The suggestion whose entry has this traditional form.
fn find<'a>(all: &'a [Value], zh: &str) -> Option<&'a Value> {
    all.iter().find(|s| s["entry"]["zh_hant"][0] == zh)
}

/// Asserts a suggestion's reading system and its entry's fields (the first value of a list).
fn assert_forms(s: &Value, system: &str, fields: &[(&str, &str)]) {
    assert_eq!(s["system"], system, "{s}");
    for (field, want) in fields {
        let v = &s["entry"][field];
        let got = v.get(0).unwrap_or(v);
        assert_eq!(got, want, "{field} of {s}");
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let p = e.expect("entry").path();
            (p.display().to_string(), std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn unknown_names_get_entries_with_every_form_from_their_readings() {
    let s = setup();
    let before = files(&s.glossary);
    let all = suggestions(&s);
    // Listing writes nothing into the glossary.
    assert_eq!(files(&s.glossary), before, "suggest without --accept wrote");

    let song = find(&all, "宋象賢").expect("Korean suggestion");
    let e = &song["entry"];
    assert_eq!(song["system"], "korean_mr");
    assert_eq!(e["id"], "song-sanghyon");
    assert_eq!(e["origin"], "ko");
    assert_eq!(e["side"], "joseon");
    assert_eq!(e["zh_hans"][0], "宋象贤");
    assert_eq!(e["pinyin"][0], "Sòng Xiàngxián");
    assert_eq!(e["ko_hangul"][0], "송상현");
    assert_eq!(e["ko_rr"][0], "Song Sang-hyeon");
    assert_eq!(e["ko_mr"][0], "Song Sanghyŏn");
    assert_eq!(e["en"][0], "Song Sanghyŏn");
    let ev = &song["evidence"][0];
    assert_eq!(ev["en_at"], "en-t:2");
    assert_eq!(ev["zh_at"], "zh-t:2");
    assert_eq!(ev["zh_text"], "宋象賢");
    assert_eq!(ev["reading"], "송상현 → Song Sanghyŏn");

    let chen = find(&all, "陳璘").expect("Chinese suggestion");
    assert_forms(
        chen,
        "pinyin",
        &[
            ("origin", "zh"),
            ("zh_hans", "陈璘"),
            ("pinyin", "Chén Lín"),
            ("ko_hangul", "진린"),
            ("en", "Chen Lin"),
        ],
    );
    // After the title 都督 and before 率: a name context.
    assert_eq!(chen["evidence"][0]["name_context"], true);

    let konishi = find(&all, "小西行長").expect("Japanese suggestion");
    assert_forms(
        konishi,
        "japanese",
        &[
            ("origin", "ja"),
            ("side", "japan"),
            ("ja_kana", "こにし ゆきなが"),
            ("ja_hepburn", "Konishi Yukinaga"),
            ("zh_hans", "小西行长"),
            ("en", "Konishi Yukinaga"),
        ],
    );

    // Names the glossary knows are not proposed (鄭撥 Jeong Bal, 李舜臣 Yi Sun-sin).
    assert!(find(&all, "鄭撥").is_none() && find(&all, "李舜臣").is_none());
    for s in &all {
        let c = s["confidence"].as_f64().expect("confidence");
        assert!(c > 0.0 && c < 1.0, "{s}");
    }

    // The table names every suggestion with its evidence.
    let table = stdout_ok(
        &s.db,
        &[
            "glossary",
            "--glossary",
            s.glossary.to_str().expect("utf8"),
            "suggest",
        ],
    );
    assert!(table.contains("宋象賢") && table.contains("en-t:2: Song Sanghyŏn"));
}

#[test]
fn accepted_suggestions_enter_the_glossary_and_rejected_ones_never_return() {
    let s = setup();
    let all = suggestions(&s);
    let id_of = |zh: &str| {
        find(&all, zh).expect(zh)["id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let (song, chen, konishi) = (id_of("宋象賢"), id_of("陳璘"), id_of("小西行長"));
    // The ids are stable: a second run proposes the same ones.
    let again = suggestions(&s);
    assert_eq!(find(&again, "宋象賢").expect("again")["id"], song.as_str());

    let places = std::fs::read(s.glossary.join("places.csv")).expect("read");
    let out = suggest(&s, &["--accept", &song, "--reject", &chen]);
    assert!(out.contains("+ song-sanghyon"), "{out}");

    // The entry is in people.csv, in id order, CRLF like the rest; other files untouched.
    let people = std::fs::read_to_string(s.glossary.join("people.csv")).expect("read");
    let row = people
        .lines()
        .find(|l| l.starts_with("song-sanghyon,"))
        .expect("accepted row");
    assert!(row.contains(",ko,joseon,宋象賢,宋象贤,Sòng Xiàngxián,송상현,Song Sang-hyeon,Song Sanghyŏn,,,Song Sanghyŏn,"), "{row}");
    assert!(people.contains("song-sanghyon,") && people.ends_with("\r\n"));
    let ids: Vec<&str> = people
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "people.csv not sorted by id");
    assert_eq!(
        std::fs::read(s.glossary.join("places.csv")).expect("read"),
        places
    );

    // `glossary lookup` finds it from hangul and from RR.
    let g = s.glossary.to_str().expect("utf8");
    for q in ["송상현", "Song Sang-hyeon"] {
        let out = stdout_ok(&s.db, &["glossary", "--glossary", g, "lookup", q]);
        assert!(out.starts_with("song-sanghyon "), "{q}: {out}");
    }

    // Neither the accepted nor the rejected one is proposed again; the open one still is.
    let after = suggestions(&s);
    assert!(
        find(&after, "宋象賢").is_none(),
        "accepted one proposed again"
    );
    assert!(
        find(&after, "陳璘").is_none(),
        "rejected one proposed again"
    );
    assert_eq!(
        find(&after, "小西行長").expect("open one")["id"],
        konishi.as_str()
    );

    // A rejected suggestion cannot be accepted later, and unknown ids are errors; either way
    // nothing is written.
    let before = files(&s.glossary);
    for id in [chen.as_str(), "s00000000"] {
        hanbridge(&s.db)
            .args(["glossary", "--glossary", g, "suggest", "--accept", id])
            .assert()
            .code(2);
    }
    assert_eq!(files(&s.glossary), before);
}

/// Names the development texts use that the project glossary lacks, read by hand: hanja, English.
const DEV_ABSENT: [(&str, &str); 8] = [
    ("黃進", "Hwang Jin"),
    ("崔慶會", "Choe Gyeong-hoe"),
    ("李玨", "Yi Gak"),
    ("金億秋", "Kim Eok-chu"),
    ("高從厚", "Go Jong-hu"),
    ("裴楔", "Bae Seol"),
    ("李莞", "Yi Wan"),
    // Found since "An" inside a sentence is read as the surname (issue 17.4).
    ("安衛", "An Wi"),
];

/// The development set with every person both its Chinese and its English texts name taken out
/// of the glossary: the suggestions must give those people back with the forms the glossary
/// had (the precision and recall measured for issue 17).
#[test]
fn development_set_people_removed_from_the_glossary_come_back_with_their_forms() {
    use hanbridge::glossary::Column;
    let dev = root().join("tests/dev/corpus");
    let read_all = |prefix: &str| -> String {
        let mut out = String::new();
        for e in std::fs::read_dir(&dev).expect("dev") {
            let p = e.expect("entry").path();
            if p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
            {
                out += &std::fs::read_to_string(&p).expect("read");
            }
        }
        out
    };
    let (zh, en) = (read_all("zh-"), read_all("en-"));
    let full = hanbridge::glossary::io::load_path(&root().join("glossary"))
        .expect("glossary")
        .glossary;
    let removed: Vec<_> = full
        .entries
        .iter()
        .filter(|e| {
            e.kind == hanbridge::glossary::Kind::Person
                && e.zh_hant.first().is_some_and(|z| zh.contains(z.as_str()))
                && e.en.first().is_some_and(|n| en.contains(n.as_str()))
        })
        .collect();
    assert!(removed.len() >= 40, "{}", removed.len());
    let dir = TempDir::new().expect("tempdir");
    let ids: Vec<&str> = removed.iter().map(|e| e.id.as_str()).collect();
    let glossary = glossary_without(dir.path(), &ids);
    let db = dir.path().join("dev.sqlite");
    hanbridge(&db).arg("import").arg(&dev).assert().success();
    common::load_glossary_and_align(&db, &glossary);
    // Before any suggestion is accepted, the aligner reads these people across scripts: the
    // development set's links come back most of the way without them in the glossary.
    let gold = root().join("tests/dev/gold.tsv");
    let gold = gold.to_str().expect("utf8");
    let f1 = |extra: &[&str]| -> f64 {
        let args: Vec<&str> = ["--format", "json", "eval", "--gold", gold]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        let e: Value = serde_json::from_str(&stdout_ok(&db, &args)).expect("json");
        e["f1"].as_f64().expect("f1")
    };
    let (read, unread) = (f1(&[]), f1(&["--param", "read_factor=0"]));
    // When written: 0.879 read (0.873 with the whole glossary), 0.774 not; since a pair the
    // best of neither paragraph is dropped (twenty-fourth round), 0.909 read, 0.861 not: the
    // rule removes many of the links that the names read would otherwise outweigh.
    assert!(
        read >= unread + 0.04 && read >= 0.85,
        "F1 {read} read, {unread} not"
    );
    let g = glossary.to_str().expect("utf8");
    let out: Value = serde_json::from_str(&stdout_ok(
        &db,
        &["--format", "json", "glossary", "--glossary", g, "suggest"],
    ))
    .expect("json");
    let all = out.as_array().expect("array");
    let (mut back, mut pinyin_checked) = (0, 0);
    for s in all {
        let e = &s["entry"];
        let hant = e["zh_hant"][0].as_str().expect("zh_hant");
        let Some(orig) = removed.iter().find(|r| r.zh_hant[0] == hant) else {
            let absent = DEV_ABSENT.iter().find(|a| a.0 == hant);
            assert_eq!(
                absent.map(|a| a.1),
                e["en"][0].as_str(),
                "wrong suggestion {s}"
            );
            continue;
        };
        back += 1;
        let uncertain = |tag: &str| e["note"].as_str().is_some_and(|n| n.contains(tag));
        let (uncertain_kana, uncertain_pinyin) = (
            uncertain("#uncertain(ja_kana)"),
            uncertain("#uncertain(pinyin)"),
        );
        for c in Column::FORM_COLUMNS {
            // A reading the suggestion marks uncertain is left for a person to decide.
            if (c == Column::JaKana && uncertain_kana) || (c == Column::Pinyin && uncertain_pinyin)
            {
                continue;
            }
            let want = orig.column(c).first().map(String::as_str);
            let got = e[c.as_str()].get(0).and_then(Value::as_str);
            assert_eq!(got, want, "{c} of {hant}: {s}");
            pinyin_checked += usize::from(c == Column::Pinyin);
        }
    }
    // Most come back with a pinyin certain enough to compare (24 of 38 when written, 25 of 41
    // since the glossary has Go Jong-hu, 高從厚, whose 從 has several readings, and Yi Gak):
    // the uncertainty mark is for characters of several readings, not a way out.
    assert!(
        pinyin_checked * 5 >= back * 3,
        "pinyin compared for only {pinyin_checked} of {back}"
    );
    // 30 of the 41 people come back (the others: irregular Japanese readings such as 宗義智
    // Sō Yoshitoshi, and names whose paragraphs are not paired); every suggestion is right.
    assert!(back >= 30, "only {back} of {} came back", removed.len());
}

/// The value of each `<input class="cell" … name="N" value="V">` of the entry editor.
fn editor_cells(page: &str) -> Vec<(String, String)> {
    let unescape = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    page.split("<input class=\"cell\"")
        .skip(1)
        .map(|tag| {
            let attr = |a: &str| {
                tag.split(&format!(" {a}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .map(unescape)
                    .unwrap_or_default()
            };
            (attr("name"), attr("value"))
        })
        .collect()
}

/// Issue 19.2: in the browser workbench a suggestion is accepted (written into the glossary
/// files and shown in the glossary), another rejected (never proposed again), and an entry
/// edited; a wrong cell and an edit of an older version are refused, writing nothing.
#[test]
fn the_workbench_accepts_rejects_and_edits_glossary_entries() {
    let s = setup();
    let all = suggestions(&s);
    let id_of = |zh: &str| {
        find(&all, zh).expect("suggested")["id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let (song, chen) = (id_of("宋象賢"), id_of("陳璘"));
    let g = s.glossary.to_str().expect("utf8");
    let server = Server::start_with(&s.db, &["--glossary", g]);
    let token = server.token();
    let (status, page) = server.get("/glossary");
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("data-suggestion=\"{song}\"")),
        "{page}"
    );
    let (status, body) = server.post(&format!("/api/suggestion/{song}/accept"), &token, "");
    assert_eq!(status, 200, "{body}");
    let people = s.glossary.join("people.csv");
    assert!(
        std::fs::read_to_string(&people)
            .expect("read")
            .contains("song-sanghyon,person,ko")
    );
    let (_, page) = server.get("/glossary?q=%E5%AE%8B%E8%B1%A1%E8%B3%A2");
    assert!(
        page.contains("/glossary/song-sanghyon"),
        "the new entry is listed: {page}"
    );
    assert!(
        !page.contains(&format!("data-suggestion=\"{song}\"")),
        "no longer open"
    );
    let (status, body) = server.post(&format!("/api/suggestion/{chen}/reject"), &token, "");
    assert_eq!(status, 200, "{body}");
    assert!(
        find(&suggestions(&s), "陳璘").is_none(),
        "rejected for good"
    );
    let (status, _) = server.post("/api/suggestion/nothing-like-it/accept", &token, "");
    assert_eq!(status, 404);

    // The entry editor: every cell of the row, and the version it shows.
    let (status, page) = server.get("/glossary/song-sanghyon");
    assert_eq!(status, 200);
    let seen = page
        .split("data-seen=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("version")
        .to_string();
    let cells = editor_cells(&page);
    assert_eq!(cells.len(), 15, "{cells:?}");
    let form = |changes: &[(&str, &str)], seen: &str| {
        let mut f = form_urlencoded::Serializer::new(String::new());
        f.append_pair("seen", seen);
        for (name, value) in &cells {
            let value = changes
                .iter()
                .find(|(n, _)| n == name)
                .map_or(value.as_str(), |(_, v)| v);
            f.append_pair(name, value);
        }
        f.finish()
    };
    let before = files(&s.glossary);
    let (status, body) = server.post(
        "/api/glossary/song-sanghyon",
        &token,
        &form(&[("ko_hangul", "宋象賢")], &seen),
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(files(&s.glossary), before, "a wrong cell writes nothing");
    let (status, body) = server.post(
        "/api/glossary/song-sanghyon",
        &token,
        &form(&[("en", "Song Sanghyŏn|Song Sang-hyeon")], &seen),
    );
    assert_eq!(status, 200, "{body}");
    let text = std::fs::read_to_string(&people).expect("read");
    assert!(text.contains("Song Sanghyŏn|Song Sang-hyeon"), "written");
    let (status, body) = server.post(
        "/api/glossary/song-sanghyon",
        &token,
        &form(&[("note", "a second tab")], &seen),
    );
    assert_eq!(status, 409, "an edit of the version before: {body}");
    assert_eq!(std::fs::read_to_string(&people).expect("read"), text);
    // The edited glossary loads: the command line looks the new spelling up.
    let out = stdout_ok(
        &s.db,
        &[
            "--format",
            "json",
            "glossary",
            "--glossary",
            g,
            "lookup",
            "Song Sang-hyeon",
        ],
    );
    assert!(out.contains("song-sanghyon"), "{out}");
}
