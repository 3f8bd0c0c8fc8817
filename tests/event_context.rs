//! Event context in the aligner (issue #16, items 1 and 2): a chronicle's diplomacy paragraph
//! that names a battle's commanders months later is not linked to that battle's article, and a
//! battle paragraph dated by the narration's lunar month is. Texts written for this test.

mod common;

use common::{import_and_align, json, stdout_ok, write_corpus};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const MANIFEST: &str = r#"
[[document]]
id = "zh-chronicle"
file = "zh.txt"
lang = "zh"
format = "plain"
title = "壬辰紀事"

[[document]]
id = "en-busanjin"
file = "busanjin.txt"
lang = "en"
format = "wiki"
title = "Siege of Busanjin"

[[document]]
id = "en-dongnae"
file = "dongnae.txt"
lang = "en"
format = "wiki"
title = "Siege of Dongnae"
"#;

/// 1: the assault on Busanjin (a full lunar date); 2: Dongnae the next day (the day alone,
/// 十五日); 3: a truce talk months later naming the First Division's commanders; 4: a season
/// of the narration's year (是年冬).
const CHRONICLE: &str = "\
萬曆二十年四月十四日黎明，小西行長與宗義智領兵圍攻釜山鎮，僉使鄭撥登城督戰，中彈而死，城遂不守。

十五日，倭兵進至東萊，府使宋象賢朝服端坐，不肯降，城破被害。

萬曆二十年八月二十九日，沈惟敬往平壤見小西行長，宗義智、松浦鎮信、有馬晴信、大村喜前、五島純玄皆在座，議定暫停兵事五十日，以待朝命。

是年冬，明廷議再出兵，以宋應昌經略備倭軍務。
";

const BUSANJIN: &str = "\
= Siege of Busanjin =

Infobox
- Conflict: Siege of Busanjin
- Date: 24 May 1592
- Place: Busanjin
- Commander1: Konishi Yukinaga, Sō Yoshitoshi, Matsura Shigenobu, Arima Harunobu, Ōmura Yoshiaki, Gotō Sumiharu
- Commander2: Jeong Bal
- Strength1: 18,700

The Siege of Busanjin opened the war on 24 May 1592, when Konishi Yukinaga and Sō Yoshitoshi stormed the harbour fort.

==Assault==
The attackers ringed the walls before sunrise. Jeong Bal, the fort's commander, was hit by a musket ball while directing the archers, and the fort fell soon after.
";

const DONGNAE: &str = "\
= Siege of Dongnae =

Infobox
- Conflict: Siege of Dongnae
- Date: 25 May 1592
- Place: Dongnae
- Commander1: Konishi Yukinaga, Sō Yoshitoshi
- Commander2: Song Sang-hyeon
- Strength1: 18,700

The Siege of Dongnae was fought one day after Busanjin fell. Song Sang-hyeon, the magistrate, refused to yield to Konishi Yukinaga and Sō Yoshitoshi.

==Fall==
Song Sang-hyeon put on his court robes and waited in his seat until the soldiers of Konishi Yukinaga killed him.
";

fn aligned() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let corpus = write_corpus(
        dir.path(),
        &[
            ("corpus.toml", MANIFEST),
            ("zh.txt", CHRONICLE),
            ("busanjin.txt", BUSANJIN),
            ("dongnae.txt", DONGNAE),
        ],
    );
    let db = dir.path().join("c.sqlite");
    import_and_align(&db, &[corpus]);
    (dir, db)
}

/// The stored links as (zh paragraph, en document, en paragraph).
fn links(db: &Path) -> Vec<(u64, String, u64)> {
    json(db, &["links"])
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["zh_para"].as_u64().expect("zh_para"),
                l["en_doc"].as_str().expect("en_doc").to_string(),
                l["en_para"].as_u64().expect("en_para"),
            )
        })
        .collect()
}

#[test]
fn diplomacy_naming_the_commanders_is_not_linked_but_the_battle_paragraph_is() {
    let (_dir, db) = aligned();
    let links = links(&db);
    // The truce talk shares six commanders with the Busanjin Infobox, months apart.
    assert!(
        !links
            .iter()
            .any(|(zh, doc, _)| *zh == 3 && doc == "en-busanjin"),
        "diplomacy linked to a battle article: {links:?}"
    );
    // The Dongnae paragraph is dated by its day alone (the narration's fourth lunar month:
    // 25 May 1592, the Infobox's date) and shares the place and the magistrate.
    assert!(
        links.contains(&(2, "en-dongnae".into(), 3)),
        "battle paragraph not linked: {links:?}"
    );
    // `explain` shows the context's part and agrees with what `links` stored.
    let e = json(&db, &["explain", "zh-chronicle:3", "en-busanjin:2"]);
    assert_eq!(e["relation"], "disjoint", "{e}");
    assert_eq!(e["linked"], false, "{e}");
    let e = json(&db, &["explain", "zh-chronicle:2", "en-dongnae:3"]);
    assert_eq!(e["relation"], "agree", "{e}");
    assert_eq!(e["linked"], true, "{e}");
    assert_eq!(
        e["agreement"], "the same place, dongnae, at times that overlap",
        "{e}"
    );
    let text = stdout_ok(&db, &["explain", "zh-chronicle:2", "en-dongnae:3"]);
    // ...and why the contexts agree: the town both set the paragraph in, that day.
    assert!(
        text.contains(
            "context: contexts agree (the same place, dongnae, at times that overlap), ×1.5"
        ),
        "{text}"
    );
}

#[test]
fn show_prints_the_context_and_where_it_came_from() {
    let (_dir, db) = aligned();
    let text = stdout_ok(&db, &["show", "zh-chronicle:2"]);
    assert!(
        text.contains(
            "context: when 1592-05-25 (own) (days completed from context: 1592-05-25); battles none; places dongnae (own)"
        ),
        "{text}"
    );
    // A paragraph of an article with no date or battle of its own inherits the Infobox's date
    // and place and the title's battle; the English date may be a lunar one written as
    // Gregorian (the 24th day of the 5th month is 3 July 1592), so that reading is kept too.
    let text = stdout_ok(&db, &["show", "en-busanjin:5"]);
    assert!(
        text.contains(
            "context: when 1592-05-24 (Infobox, para 2) (or 1592-07-03, if lunar); battles \
             siege-of-busanjin (title, para 1); places busanjin (Infobox, para 2); the \
             battles' sites busan, busanjin"
        ),
        "{text}"
    );
    // A season of the narration's year: the 10th to the 12th lunar month of 1592, widened by
    // a month either side.
    let text = stdout_ok(&db, &["show", "zh-chronicle:4"]);
    assert!(
        text.contains("context: when 1592-10-05..1593-03-02 (own)"),
        "{text}"
    );
    let c = &json(&db, &["show", "en-busanjin:2"])["context"];
    assert_eq!(c["list"], true, "the Infobox is a list block: {c}");
}

#[test]
fn a_page_of_bare_paragraphs_takes_its_battle_from_its_title() {
    // A plain page without a title line, whose lead neither opens with nor defines its
    // battle: the manifest's title names it. A page whose title names no battle gets none.
    let dir = TempDir::new().expect("tempdir");
    let manifest = r#"
[[document]]
id = "zh-page"
file = "page.txt"
lang = "zh"
format = "plain"
title = "東萊城之戰"

[[document]]
id = "zh-notes"
file = "notes.txt"
lang = "zh"
format = "plain"
title = "壬辰紀事"
"#;
    let page = "倭兵自釜山北上，圍攻府城，府使宋象賢堅守不降。\n\n城破，宋象賢被害。\n";
    let corpus = write_corpus(
        dir.path(),
        &[
            ("corpus.toml", manifest),
            ("page.txt", page),
            ("notes.txt", page),
        ],
    );
    let db = dir.path().join("t.sqlite");
    import_and_align(&db, &[corpus]);
    let text = stdout_ok(&db, &["show", "zh-page:2"]);
    assert!(
        text.contains("battles siege-of-dongnae (document title)"),
        "{text}"
    );
    let text = stdout_ok(&db, &["show", "zh-notes:2"]);
    assert!(text.contains("battles none"), "{text}");
}
