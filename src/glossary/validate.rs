//! Checking stored forms against the romanisation engines.
//!
//! For each entry the engines compute what a column should hold from the entry's characters
//! or readings (simplified from traditional, pinyin from characters, hangul from hanja, RR and
//! MR from hangul, Hepburn from kana) and every stored value is compared. A disagreement is
//! explained when the note keeps the column (`#keep(col)`: a conventional spelling) or marks it
//! uncertain (`#uncertain(col)`). The English column is not computed: exonyms are legitimate.

use super::{Column, Entry, Glossary, Kind, Origin};
use crate::romanise::{chinese, hangul, hanja, kana, pinyin};
use serde::{Deserialize, Serialize};

/// A stored value the engines disagree with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// Entry id.
    pub entry: String,
    /// Column.
    pub column: Column,
    /// What the glossary holds.
    pub stored: String,
    /// What the engines compute.
    pub computed: String,
    /// True when the note keeps or doubts the column.
    pub explained: bool,
}

/// The result of validating a glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Entries looked at.
    pub entries: usize,
    /// Values compared with an engine.
    pub checked: usize,
    /// Values that agree.
    pub agreed: usize,
    /// Values that disagree.
    pub disagreements: Vec<Disagreement>,
}

impl Report {
    /// Disagreements no note explains.
    pub fn unexplained(&self) -> impl Iterator<Item = &Disagreement> {
        self.disagreements.iter().filter(|d| !d.explained)
    }
}

/// True when the entry's name is romanised as surname + given name.
pub fn is_personal_name(entry: &Entry) -> bool {
    entry.kind == Kind::Person && !entry.tags().word
}

/// Surname length of a Japanese name in characters: the given name is the last two (the common
/// case in this period); shorter names are all given name.
fn japanese_surname_len(chars: usize) -> usize {
    chars.saturating_sub(2).max(1)
}

/// What the engines compute for `column` of `entry`, from the entry's own preferred forms.
pub fn compute(entry: &Entry, column: Column) -> Option<String> {
    let person = is_personal_name(entry);
    let hant = entry.preferred(Column::ZhHant);
    match column {
        Column::ZhHans => hant.map(chinese::to_simplified),
        Column::Pinyin => {
            let h = hant?;
            if person {
                let split = match entry.origin {
                    Origin::Ja => Some(japanese_surname_len(h.chars().count())),
                    _ => None,
                };
                pinyin::name(h, split)
            } else {
                pinyin::word(h)
            }
        }
        Column::KoHangul => {
            // Korean names are read from hanja; Ming people by their Sino-Korean reading, as
            // Korean histories name them (李如松 이여송). Japanese and other names are
            // transcribed, not read, and Chinese places are transcribed in modern Korean.
            let sino_korean = entry.origin == Origin::Ko
                || (entry.origin == Origin::Zh && entry.kind == Kind::Person);
            if !sino_korean {
                return None;
            }
            let h = hant?;
            if person {
                hanja::name(h)
            } else {
                hanja::word(h)
            }
        }
        Column::KoRr | Column::KoMr => {
            let sys = if column == Column::KoRr {
                hangul::System::Rr
            } else {
                hangul::System::Mr
            };
            let h = entry.preferred(Column::KoHangul)?;
            // Only Korean names are romanised from hangul; English writes Ming names in pinyin.
            if entry.origin != Origin::Ko {
                return None;
            }
            if person {
                hangul::romanise_name(h, sys)
            } else {
                Some(hangul::romanise_words(h, sys))
            }
        }
        Column::JaHepburn => kana::hepburn(entry.preferred(Column::JaKana)?),
        Column::ZhHant | Column::JaKana | Column::En | Column::JaKanji => None,
    }
}

/// Replaces supplementary-plane characters (rare simplified glyphs like 𬘩) by their traditional
/// source, position by position, for comparing simplified forms.
fn bmp_equal(stored: &str, computed: &str, traditional: &str) -> bool {
    let (s, c, t): (Vec<char>, Vec<char>, Vec<char>) = (
        stored.chars().collect(),
        computed.chars().collect(),
        traditional.chars().collect(),
    );
    s.len() == c.len()
        && s.iter()
            .zip(&c)
            .enumerate()
            .all(|(i, (a, b))| a == b || ((*b as u32) > 0xFFFF && t.get(i) == Some(a)))
}

fn no_hyphens(s: &str) -> String {
    s.replace(['-', '‐'], "").replace('’', "'")
}

/// Does a stored value agree with the engines? `preferred` is true for the first value of the
/// column, which must be the proper form (with macrons); later values may be looser spellings.
fn agrees(entry: &Entry, column: Column, stored: &str, computed: &str, preferred: bool) -> bool {
    if stored == computed {
        return true;
    }
    let person = is_personal_name(entry);
    match column {
        Column::ZhHans => entry
            .zh_hant
            .iter()
            .any(|t| bmp_equal(stored, &chinese::to_simplified(t), t)),
        Column::Pinyin => entry
            .zh_hant
            .iter()
            .any(|t| pinyin::is_reading_of(stored, t, person)),
        Column::KoHangul => {
            let squeezed = stored.replace(' ', "");
            entry.zh_hant.iter().any(|t| {
                let mut options = hanja::readings(t, 16);
                options.extend(if person {
                    hanja::name(t)
                } else {
                    hanja::word(t)
                });
                options.iter().any(|o| o.replace(' ', "") == squeezed)
            })
        }
        Column::KoRr | Column::KoMr => {
            if person {
                // Conventional surname spellings; hyphens between given-name syllables optional.
                let Some((s_sur, s_given)) = stored.split_once(' ') else {
                    return false;
                };
                let Some((c_sur, c_given)) = computed.split_once(' ') else {
                    return false;
                };
                let hangul_sur = entry
                    .preferred(Column::KoHangul)
                    .map(|h| hangul::split_name(h).0)
                    .unwrap_or_default();
                let sur_ok = s_sur == c_sur
                    || hangul::surname_spellings(&hangul_sur)
                        .iter()
                        .any(|x| x == s_sur);
                sur_ok && no_hyphens(s_given).eq_ignore_ascii_case(&no_hyphens(c_given))
            } else {
                no_hyphens(stored).eq_ignore_ascii_case(&no_hyphens(computed))
            }
        }
        Column::JaHepburn => {
            // n before b, m, p may be written m (traditional Hepburn); unmarked long vowels are
            // accepted spellings.
            let m_form = |s: &str| {
                let mut out = String::new();
                let chars: Vec<char> = s.chars().collect();
                for (i, &c) in chars.iter().enumerate() {
                    let next = chars.get(i + 1).copied();
                    if c == 'n' && matches!(next, Some('b' | 'm' | 'p')) {
                        out.push('m');
                    } else {
                        out.push(c);
                    }
                }
                out
            };
            let (stored, computed) = (no_hyphens(stored), no_hyphens(computed));
            m_form(&stored).eq_ignore_ascii_case(&m_form(&computed))
                || (!preferred
                    && kana::long_vowel_spellings(&computed)
                        .iter()
                        .any(|v| v.eq_ignore_ascii_case(&stored)))
        }
        _ => false,
    }
}

/// Validates every entry of a glossary.
pub fn validate(glossary: &Glossary) -> Report {
    let mut report = Report {
        entries: glossary.entries.len(),
        ..Report::default()
    };
    for entry in &glossary.entries {
        let tags = entry.tags();
        for column in Column::FORM_COLUMNS {
            let values = entry.column(column);
            if values.is_empty() {
                continue;
            }
            let Some(computed) = compute(entry, column) else {
                continue;
            };
            for (i, stored) in values.iter().enumerate() {
                report.checked += 1;
                if agrees(entry, column, stored, &computed, i == 0) {
                    report.agreed += 1;
                } else {
                    report.disagreements.push(Disagreement {
                        entry: entry.id.clone(),
                        column,
                        stored: stored.clone(),
                        computed: computed.clone(),
                        explained: tags.keep.contains(&column) || tags.uncertain.contains(&column),
                    });
                }
            }
        }
    }
    report
}

/// The entry with every empty computable column filled from the engines (for suggestions and
/// for completing a new entry); filled columns are returned so callers can say what they did.
pub fn fill(entry: &Entry) -> (Entry, Vec<Column>) {
    let mut out = entry.clone();
    let mut filled = Vec::new();
    // Order matters: hangul before its romanisations, kana before Hepburn.
    for column in [
        Column::ZhHans,
        Column::Pinyin,
        Column::KoHangul,
        Column::KoRr,
        Column::KoMr,
        Column::JaHepburn,
    ] {
        if !out.column(column).is_empty() {
            continue;
        }
        if let Some(v) = compute(&out, column)
            && let Some(slot) = out.column_mut(column)
        {
            slot.push(v);
            filled.push(column);
        }
    }
    (out, filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::io::load_sources;

    fn glossary(rows: &str) -> Glossary {
        let text = format!("{}\n{rows}", super::super::HEADER.join(","));
        load_sources(vec![("t.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary
    }

    #[test]
    fn agreeing_entry_has_no_disagreements() {
        let g = glossary(
            "go-eonbaek,person,ko,joseon,高彥伯,高彦伯,Gāo Yànbó,고언백,Go Eon-baek,Ko Ŏnbaek,,,Ko Ŏnbaek,,\n\
             kobayakawa-takakage,person,ja,japan,小早川隆景,小早川隆景,Xiǎozǎochuān Lóngjǐng,,,,こばやかわ たかかげ,Kobayakawa Takakage,Kobayakawa Takakage,,\n\
             byeokjegwan,place,ko,,碧蹄館,碧蹄馆,Bìtíguǎn,벽제관,Byeokjegwan,Pyŏkchegwan,,,Byeokjegwan,,\n",
        );
        let r = validate(&g);
        assert_eq!(r.disagreements, []);
        assert_eq!(r.checked, 13); // 5 + 3 (no Korean forms) + 5
    }

    #[test]
    fn wrong_values_are_reported_with_computed_forms() {
        let g = glossary(
            "yu-seongryong,person,ko,joseon,柳成龍,柳成龙,Liǔ Chénglóng,유성룡,Yu Seong-nyong,Yu Songnyong,,,Yu Seong-ryong,,\n\
             kato-kiyomasa,person,ja,japan,加藤清正,加藤清正,Jiāténg Qīngzhèng,,,,かとう きよまさ,Kato Kiyomasa,Katō Kiyomasa,,\n\
             kato-yoshiaki,person,ja,japan,加藤嘉明,加藤嘉明,Jiāténg Jiāmíng,,,,かとう よしあき,Katō Yoshiaki|Kato Yoshiaki|Katou Yoshiaki,Katō Yoshiaki,,\n",
        );
        let r = validate(&g);
        let found: Vec<(&str, &str, &str)> = r
            .disagreements
            .iter()
            .map(|d| (d.column.as_str(), d.stored.as_str(), d.computed.as_str()))
            .collect();
        assert!(
            found.contains(&("ko_rr", "Yu Seong-nyong", "Yu Seong-ryong")),
            "{found:?}"
        );
        assert!(
            found.contains(&("ko_mr", "Yu Songnyong", "Yu Sŏngnyong")),
            "{found:?}"
        );
        // Unmarked long vowels: wrong as the preferred Hepburn, accepted as later spellings.
        assert!(
            found.contains(&("ja_hepburn", "Kato Kiyomasa", "Katō Kiyomasa")),
            "{found:?}"
        );
        assert!(
            !r.disagreements.iter().any(|d| d.entry == "kato-yoshiaki"),
            "{found:?}"
        );
    }

    #[test]
    fn keep_tag_explains() {
        let g = glossary(
            "gangwon,place,ko,,江原,江原,Jiāngyuán,강원,Gangweon,Kangwŏn,,,Gangwon,,Gangweon as in the English source #keep(ko_rr)\n",
        );
        let r = validate(&g);
        assert_eq!(r.disagreements.len(), 1);
        assert!(r.disagreements[0].explained);
        assert_eq!(r.unexplained().count(), 0);
    }

    #[test]
    fn fill_computes_empty_columns() {
        let g = glossary("go-eonbaek,person,ko,joseon,高彥伯,,,,,,,,Ko Ŏnbaek,,\n");
        let (e, filled) = fill(&g.entries[0]);
        assert_eq!(e.ko_hangul, ["고언백"]);
        assert_eq!(e.ko_rr, ["Go Eon-baek"]);
        assert_eq!(e.ko_mr, ["Ko Ŏnbaek"]);
        assert_eq!(e.zh_hans, ["高彦伯"]);
        assert_eq!(filled.len(), 5);
    }
}
