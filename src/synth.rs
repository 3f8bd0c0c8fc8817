//! A deterministic synthetic corpus for benchmarks: Chinese and English documents built from
//! glossary names, numbers, dates and filler prose, with a realistic topic structure.
//!
//! Each document pair narrates its own events; an event has a few people, one or two places, a
//! date and troop numbers, told in two to four Chinese paragraphs and, for about half the events,
//! one or two English paragraphs (comparable, not parallel: the English side also has events of
//! its own and gets some numbers wrong). So a paragraph shares anchors with a few others, not
//! with all. Scale 1 is about 60 KB of Chinese and 60 KB of English; scale 1000 about 60 MB each.
//! The same scale and seed always give the same bytes.

use crate::glossary::{Column, Glossary, Kind};
use std::fmt::Write;

/// Bytes of Chinese (and of English) text per scale unit.
pub const BYTES_PER_SCALE: usize = 60_000;

/// A generated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthDoc {
    /// File name.
    pub name: String,
    /// Contents.
    pub text: String,
}

struct Name {
    zh: String,
    en: String,
}

struct Event {
    people: Vec<usize>,
    places: Vec<usize>,
    date: (i32, u8, u8),
    troops: u64,
    losses: u64,
}

const ZH_FILLER: &[&str] = &[
    "時值寒冬，道路泥濘，糧草轉運不繼。",
    "諸將議論紛紛，莫衷一是，遂遣使請示朝廷。",
    "軍中疫病流行，士卒多有逃亡者。",
    "朝廷屢次遣使催促進兵，然將帥遲疑不決。",
    "沿途村落多已殘破，百姓流離失所。",
    "是夜大雨，火器多不能發，兩軍各自收兵。",
    "後世史家對此役評價不一，記載亦多有出入。",
    "當地土民多言敵軍已遁，實則伏兵於山谷之中。",
    "此後雙方遣使往來，議和之事遂起。",
    "其間往返文書甚多，今多散佚，僅存數篇。",
];

const EN_FILLER: &[&str] = &[
    "The roads had turned to mud and supplies arrived only slowly.",
    "The commanders disagreed about what to do next and sent word to the court.",
    "Disease spread through the camp, and many soldiers deserted.",
    "Historians still disagree about how the fighting unfolded.",
    "Local guides reported that the enemy had withdrawn, but the report proved false.",
    "Heavy rain that night made the firearms useless, and both sides pulled back.",
    "Envoys travelled between the camps, and talk of a truce began.",
    "Accounts of the engagement differ in almost every detail.",
    "Villages along the route had been abandoned by their inhabitants.",
    "Later chroniclers embellished the story considerably.",
];

const ZH_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes a number below 100 000 in Chinese numerals: 3200 → 三千二百.
fn zh_number(n: u64) -> String {
    let mut out = String::new();
    let wan = n / 10_000;
    let rest = n % 10_000;
    if wan > 0 {
        out.push_str(&zh_number(wan));
        out.push('萬');
    }
    let mut zero = false;
    for (place, unit) in [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')] {
        let d = (rest / place) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(ZH_DIGITS[d as usize]);
        if unit != ' ' {
            out.push(unit);
        }
    }
    out
}

/// `n` with thousands separators, as English texts write it: `12,500`.
pub fn en_number(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn names(glossary: &Glossary, kind: Kind) -> Vec<Name> {
    glossary
        .entries
        .iter()
        .filter(|e| e.kind == kind)
        .filter_map(|e| {
            Some(Name {
                zh: e.preferred(Column::ZhHant)?.to_string(),
                en: e.preferred(Column::En)?.to_string(),
            })
        })
        .collect()
}

/// Generates `2 × scale` documents (a Chinese and an English one per scale unit).
pub fn generate(glossary: &Glossary, scale: usize, seed: u64) -> Vec<SynthDoc> {
    let people = names(glossary, Kind::Person);
    let places = names(glossary, Kind::Place);
    assert!(
        !people.is_empty() && !places.is_empty(),
        "the glossary needs people and places with Chinese and English forms"
    );
    let mut out = Vec::with_capacity(scale * 2);
    for unit in 0..scale {
        let mut rng =
            fastrand::Rng::with_seed(seed ^ (unit as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // Each event has its own few people and places (drawn from the whole glossary) and its
        // own date, so a paragraph shares anchors with the few paragraphs of its event.
        let event = |rng: &mut fastrand::Rng| Event {
            people: (0..rng.usize(2..=4))
                .map(|_| rng.usize(..people.len()))
                .collect(),
            places: (0..rng.usize(1..=2))
                .map(|_| rng.usize(..places.len()))
                .collect(),
            date: (rng.i32(1592..=1598), rng.u8(1..=12), rng.u8(1..=28)),
            troops: rng.u64(2..=200) * 100,
            losses: rng.u64(1..=90) * 10,
        };
        let mut zh = String::with_capacity(BYTES_PER_SCALE + 2000);
        let mut en = String::with_capacity(BYTES_PER_SCALE + 2000);
        let _ = writeln!(en, "= Synthetic battles {unit} =\n");
        let mut zh_para = 0;
        while zh.len() < BYTES_PER_SCALE || en.len() < BYTES_PER_SCALE {
            let e = event(&mut rng);
            if zh.len() < BYTES_PER_SCALE {
                for _ in 0..rng.usize(2..=4) {
                    zh_paragraph(&mut zh, &e, &people, &places, &mut rng);
                    zh_para += 1;
                }
            }
            // About half the events are told in English too; the English side also has its own.
            if en.len() < BYTES_PER_SCALE && (rng.bool() || zh.len() >= BYTES_PER_SCALE) {
                for _ in 0..rng.usize(1..=2) {
                    en_paragraph(&mut en, &e, &people, &places, &mut rng);
                }
            }
        }
        let _ = zh_para;
        out.push(SynthDoc {
            name: format!("zh-{unit:05}.txt"),
            text: zh,
        });
        out.push(SynthDoc {
            name: format!("en-{unit:05}.txt"),
            text: en,
        });
    }
    out
}

fn zh_paragraph(
    out: &mut String,
    e: &Event,
    people: &[Name],
    places: &[Name],
    rng: &mut fastrand::Rng,
) {
    let p = |i: usize| people[e.people[i % e.people.len()]].zh.as_str();
    let l = |i: usize| places[e.places[i % e.places.len()]].zh.as_str();
    let (y, m, d) = e.date;
    let troops = if rng.bool() {
        zh_number(e.troops)
    } else {
        e.troops.to_string()
    };
    let sentences = [
        format!("{y}年{m}月{d}日，{}率兵{troops}人進抵{}。", p(0), l(0)),
        format!("{}與{}合兵一處，共計{}餘人。", p(1), p(0), e.troops + 500),
        format!("{}在{}附近設伏，斬首{}級。", p(2), l(1), e.losses),
        format!(
            "是役{}部死傷{}人，{}退守{}。",
            p(0),
            e.losses * 2,
            p(1),
            l(0)
        ),
    ];
    push_paragraph(out, &sentences, ZH_FILLER, 3, "", rng);
}

fn en_paragraph(
    out: &mut String,
    e: &Event,
    people: &[Name],
    places: &[Name],
    rng: &mut fastrand::Rng,
) {
    let p = |i: usize| people[e.people[i % e.people.len()]].en.as_str();
    let l = |i: usize| places[e.places[i % e.places.len()]].en.as_str();
    let (y, m, d) = e.date;
    // Some English accounts give other numbers (comparable sources disagree).
    let troops = if rng.u8(..10) == 0 {
        e.troops + 1000
    } else {
        e.troops
    };
    let sentences = [
        format!(
            "On {d} {} {y}, {} led {} troops to {}.",
            crate::mentions::dates::MONTH_NAMES[m as usize - 1],
            p(0),
            en_number(troops),
            l(0)
        ),
        format!(
            "{} and {} joined forces, some {} men in all.",
            p(1),
            p(0),
            en_number(e.troops + 500)
        ),
        format!(
            "{} set an ambush near {}, killing {}.",
            p(2),
            l(1),
            e.losses
        ),
        format!(
            "In the fighting {}'s force lost {} men, and {} fell back to {}.",
            p(0),
            e.losses * 2,
            p(1),
            l(0)
        ),
    ];
    push_paragraph(out, &sentences, EN_FILLER, 4, " ", rng);
}

/// Writes the first 2–4 `sentences`, each followed by 1–`max_filler` filler sentences, all
/// followed by `space`; ends the paragraph.
fn push_paragraph(
    out: &mut String,
    sentences: &[String],
    filler: &[&str],
    max_filler: usize,
    space: &str,
    rng: &mut fastrand::Rng,
) {
    let n = rng.usize(2..=4);
    for s in sentences.iter().take(n) {
        out.push_str(s);
        out.push_str(space);
        for _ in 0..rng.usize(1..=max_filler) {
            out.push_str(filler[rng.usize(..filler.len())]);
            out.push_str(space);
        }
    }
    out.push_str("\n\n");
}

/// Syllables of the synthetic English names (a pinyin-like inventory).
const SYLLABLES: &[&str] = &[
    "an", "bao", "chen", "da", "fei", "gang", "hao", "jin", "kai", "lan", "ming", "ning", "pei",
    "qiu", "ren", "shan", "tai", "wei", "xin", "yao", "zhou", "mu", "ke", "lo", "su", "ta", "ri",
];

/// One Han character for each Mandarin reading (with tone) that no character of `base`'s
/// Chinese forms bears, written alike in traditional and simplified script: digits from which
/// names that differ in reading, and so in every computed form, are spelt.
fn reading_digits(base: &Glossary) -> Vec<char> {
    use crate::romanise::chinese::{to_simplified, to_traditional};
    use crate::romanise::pinyin::reading;
    let mut taken: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for e in &base.entries {
        for (column, text, _) in e.forms() {
            if matches!(column, Column::ZhHant | Column::ZhHans | Column::JaKanji) {
                taken.extend(text.chars().filter_map(reading));
            }
        }
    }
    let mut digits = Vec::new();
    for c in (0x4E00..0x9FA6).filter_map(char::from_u32) {
        let Some(r) = reading(c) else { continue };
        let s = c.to_string();
        if taken.insert(r) && to_simplified(&s) == s && to_traditional(&s) == s {
            digits.push(c);
        }
    }
    digits
}

/// A synthetic name authority of `forms` written forms, as the rows (header included) of a
/// glossary CSV: one person a row (`forms / 2` rows, ids `synth-N`), with a Chinese form of
/// three Han characters and an English form of a surname and a four-syllable given name. No
/// two rows, and no row and `base`, share a form, a reading or a computed form, so the file
/// loads beside `base` without a conflict; the pinyin and simplified forms the loader computes
/// come on top of the written ones. The same arguments always give the same bytes.
pub fn glossary_csv(base: &Glossary, forms: usize, seed: u64) -> String {
    let digits = reading_digits(base);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = String::with_capacity(forms * 30);
    out.push_str("id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,en,aliases,note\n");
    let n = digits.len().max(1);
    let k = SYLLABLES.len();
    for i in 0..forms.div_ceil(2) {
        // Spread consecutive rows over the whole range: a multiplier prime to n³ permutes it.
        let j = (i as u64).wrapping_mul(2_654_435_761) % (n as u64).pow(3);
        let j = j as usize;
        let zh: String = [j / (n * n), (j / n) % n, j % n]
            .iter()
            .filter_map(|&d| digits.get(d))
            .collect();
        let surname = capitalised(SYLLABLES[rng.usize(..k)]);
        let given: String = [i / (k * k * k), (i / (k * k)) % k, (i / k) % k, i % k]
            .iter()
            .map(|&d| SYLLABLES[d % k])
            .collect();
        let _ = writeln!(
            out,
            "synth-{i:07},person,zh,,{zh},,,,,,,,{surname} {},,",
            capitalised(&given)
        );
    }
    out
}

/// `word` with its first letter in capitals.
fn capitalised(word: &str) -> String {
    let mut cs = word.chars();
    cs.next()
        .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::HEADER;
    use crate::glossary::io::load_sources;

    fn glossary() -> Glossary {
        let text = format!(
            "{}\na,person,zh,ming,李如松,,,,,,,,Li Rusong,,\nb,person,zh,ming,楊元,,,,,,,,Yang Yuan,,\nc,place,ko,,平壤,,,,,,,,Pyongyang,,\n",
            HEADER.join(",")
        );
        load_sources(vec![("g.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary
    }

    #[test]
    fn deterministic_and_sized() {
        let g = glossary();
        let a = generate(&g, 2, 7);
        let b = generate(&g, 2, 7);
        assert_eq!(a, b);
        assert_eq!(a.len(), 4);
        for d in &a {
            assert!(
                d.text.len() >= BYTES_PER_SCALE && d.text.len() < BYTES_PER_SCALE + 5000,
                "{}",
                d.text.len()
            );
        }
        assert_ne!(generate(&g, 1, 8)[0].text, a[0].text);
        assert!(a[0].text.contains("李如松") && a[1].text.contains("Li Rusong"));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(zh_number(3200), "三千二百");
        assert_eq!(zh_number(43000), "四萬三千");
        assert_eq!(zh_number(1050), "一千零五十");
    }
}
