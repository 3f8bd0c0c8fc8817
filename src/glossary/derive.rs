//! Derived spellings: names an entry's stored forms imply although no one listed them.
//!
//! English texts spell a name the glossary holds in ways it does not list: another
//! romanisation of a Korean surname (Lee, Rhee for 이), a common spelling of a given-name
//! syllable (Sun-shin, Kyung), a Japanese name in Western order or with its long vowels
//! written out (Kiyomasa Kato, Katou), a province without "Province", a battle named after its
//! place ("Siege of X"). The rules are tables kept as data below; each derived spelling names
//! the [`Rule`] that made it, so `glossary lookup`, `show` and `explain` can say how a name was
//! found.
//!
//! What folding already joins is not derived again: case, hyphens, spaces, apostrophes,
//! breves and macrons ("Yi Sun-sin" = "Yi Sunsin" = "Yi Sun Sin", "Kwŏn Yul" = "Kwon Yul",
//! "Ch'oe" = "Choe", "Katō" = "Kato", toneless pinyin): see [`super::fold`].
//!
//! Two guarantees: a spelling any entry lists is never derived (a listed form wins), and a
//! spelling two entries derive names both (left ambiguous, as shared forms are).

use super::fold::fold;
use super::{Column, Entry, Glossary, Kind, Origin, Status};
use crate::romanise::capitalise;
use crate::romanise::hangul::{self, System};
use crate::romanise::wade_giles as wg;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The version of the rules below (and of folding and validation): part of the name
/// authority cache's key, so a cache built by other rules is rebuilt. Bump it when a rule,
/// table, `fold` or `validate` changes what they produce.
pub const RULES_VERSION: u32 = 9;

/// The rule that derived a spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Another spelling of a Korean surname in real use (Lee, Rhee, I for 이).
    KoSurname,
    /// A common spelling of a Korean syllable (shin for sin, kyung for gyeong) in a given
    /// name (with the surname as listed or in another spelling) or a place name.
    KoSyllable,
    /// A Japanese name with its long vowels written ou / oh / oo / uu (Katou, Katoh).
    JaLongVowel,
    /// A Japanese personal name in Western order, given name first (Kiyomasa Katō).
    JaWesternOrder,
    /// A place with or without its kind (-do, Province, Island, Strait, Fortress, Castle).
    PlaceSuffix,
    /// A battle named after its place (Battle of X, Siege of X, X之戰).
    EventName,
    /// A person's name without the title the glossary writes it with (Imhae for Prince Imhae).
    Title,
    /// A people's name in the singular (Jurchen for Jurchens), a thing's in the plural
    /// (Panokseons, P'anoksŏns for Panokseon).
    Plural,
    /// A Chinese name or place in Wade–Giles (Li Ju-sung for Li Rusong).
    WadeGiles,
}

impl Rule {
    /// The rule's name as printed (`ko-surname`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::KoSurname => "ko-surname",
            Rule::KoSyllable => "ko-syllable",
            Rule::JaLongVowel => "ja-long-vowel",
            Rule::JaWesternOrder => "ja-western-order",
            Rule::PlaceSuffix => "place-suffix",
            Rule::EventName => "event-name",
            Rule::Title => "title",
            Rule::Plural => "plural",
            Rule::WadeGiles => "wade-giles",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A spelling derived from a form of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived<'g> {
    /// The derived spelling.
    pub form: String,
    /// Index of the entry it names in [`Glossary::entries`].
    pub entry: usize,
    /// The column of the form it was derived from.
    pub column: Column,
    /// The standing of that form.
    pub status: Status,
    /// The listed form it was derived from.
    pub from: &'g str,
    /// How.
    pub rule: Rule,
}

/// Common alternative spellings of Korean given-name syllables (RR syllable → spellings met
/// in English texts). Kept to well-known alternations.
pub const KO_SYLLABLES: &[(&str, &[&str])] = &[
    ("sin", &["shin"]),
    ("si", &["shi"]),
    ("hyeon", &["hyun"]),
    ("gyeong", &["kyung", "kyeong"]),
    ("seong", &["sung"]),
    ("jeong", &["jung"]),
    ("yeong", &["young"]),
    ("ryeong", &["nyeong"]),
    ("eon", &["un"]),
    // ŏ written u, as many English texts and Korean-American names do (Kim Myung-won, Kim
    // Duk-ryung, Jo Hun).
    ("myeong", &["myung"]),
    ("myeon", &["myun"]),
    ("deok", &["duk"]),
    ("cheon", &["chun"]),
    ("heon", &["hun"]),
];

/// At most this many given-name spellings (the listed one included) per Korean name.
const MAX_GIVEN: usize = 3;

/// Japanese long vowels (as written with a macron) and their spellings without one.
pub const JA_LONG_VOWELS: &[(char, &[&str])] = &[('ō', &["ou", "oh", "oo"]), ('ū', &["uu"])];

/// Words naming a place's kind, as suffixes of its Latin forms: the suffix, and the last
/// character of the traditional form that calls for it where the form lacks it.
pub const PLACE_SUFFIXES: &[(&str, &[char])] = &[
    ("-do", &['道', '島']),
    (" Province", &['道']),
    (" Island", &['島']),
    (" Strait", &['峽']),
    (" Fortress", &['城']),
    (" Castle", &['城']),
];

/// A Korean place word written glued to the name in romanisation and as an English word after
/// it (Naktonggang is the Naktong River; Choryŏng, 鳥嶺, is the Choryŏng Pass).
pub struct KoPlaceWord {
    /// The last character of the traditional form that calls for it.
    pub last: char,
    /// Its romanised endings (RR, and McCune–Reischauer without its breve).
    pub endings: &'static [&'static str],
    /// Whether the English name keeps the ending (Choryŏng Pass) or drops it (Naktong River).
    pub keeps_ending: bool,
    /// The English word, with the space before it.
    pub word: &'static str,
}

/// The place words of [`KoPlaceWord`]: rivers and passes.
pub const KO_PLACE_WORDS: &[KoPlaceWord] = &[
    KoPlaceWord {
        last: '江',
        endings: &["gang", "kang"],
        keeps_ending: false,
        word: " River",
    },
    KoPlaceWord {
        last: '嶺',
        endings: &["ryeong", "nyeong", "ryong", "nyong", "yeong", "yong"],
        keeps_ending: true,
        word: " Pass",
    },
    KoPlaceWord {
        last: '峴',
        endings: &["hyeon", "hyon"],
        keeps_ending: true,
        word: " Pass",
    },
];

/// English battle names made from a place's name: prefixes.
pub const EVENT_PREFIXES: &[&str] = &["Battle of ", "Siege of "];

/// Chinese battle names made from a place's name: suffixes.
pub const EVENT_SUFFIXES_ZH: &[&str] = &["之戰", "之役", "戰役", "海戰", "大捷", "城之戰"];

/// Titles written before English personal names (King Seonjo, Admiral Yi).
pub const TITLES: &[&str] = &[
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emperor",
    "Regent",
    "Lord",
    "Lady",
    "Admiral",
    "General",
    "Commander",
    "Marshal",
];

/// The name after a title (`Seonjo` for `King Seonjo`), if `text` begins with one of
/// [`TITLES`] and has a name after it.
pub fn strip_title(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once(' ')?;
    let rest = rest.trim();
    (TITLES.contains(&first) && rest.chars().next().is_some_and(char::is_uppercase)).then_some(rest)
}

/// Every derived spelling of the glossary: none folds to a listed form of any entry, each is
/// given once per entry (the first rule that made it).
pub fn derive(glossary: &Glossary) -> Vec<Derived<'_>> {
    let listed: HashSet<String> = glossary
        .entries
        .iter()
        .flat_map(|e| e.forms().map(|(_, t, _)| fold(t)))
        .collect();
    // Battles by the folded keys of their names and their derivable spellings, so that a
    // place's "Battle of X" names the battle where there is one.
    let mut battles: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in glossary.entries.iter().enumerate() {
        if e.kind != Kind::Battle {
            continue;
        }
        for (_, text, _) in e.forms() {
            let names = battle_spellings(text);
            for name in names {
                let slot = battles.entry(fold(&name)).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
    }
    let mut out: Vec<Derived<'_>> = Vec::new();
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    for (i, e) in glossary.entries.iter().enumerate() {
        // Another name (Admiral Yi) is no spelling of a person's name; a place's aliases
        // (Jinju Fortress) are spellings of the place.
        let forms: Vec<(Column, &str, Status)> = e
            .forms()
            .filter(|f| f.2 != Status::Error && (f.2 != Status::Alias || e.kind == Kind::Place))
            .collect();
        let mut found: Vec<Derived<'_>> = Vec::new();
        match (e.kind, e.origin) {
            (Kind::Person, Origin::Ko) => korean_person(e, i, &forms, &mut found),
            (Kind::Person, Origin::Ja) => japanese_person(e, i, &forms, &mut found),
            (Kind::Place, _) => place(e, i, &forms, &battles, &mut found),
            (Kind::Battle, _) => battle(i, &forms, &mut found),
            (Kind::Polity | Kind::Unit, _) => plural(i, &forms, e.kind == Kind::Unit, &mut found),
            (Kind::Other, _) => things(i, &forms, &mut found),
            _ => {}
        }
        if e.origin == Origin::Zh && matches!(e.kind, Kind::Person | Kind::Place) {
            wade_giles(e, i, &forms, &mut found);
        }
        if e.kind == Kind::Person {
            for &source in forms.iter().filter(|f| f.0 == Column::En) {
                if let Some(name) = strip_title(source.1).filter(|n| n.chars().count() >= 4) {
                    found.push(derived(name.to_string(), i, source, Rule::Title));
                }
            }
        }
        for d in found {
            let key = fold(&d.form);
            // A spelling needs three folded characters to be a name at all.
            if key.chars().count() < 3 || listed.contains(&key) {
                continue;
            }
            if seen.insert((d.entry, key)) {
                out.push(d);
            }
        }
    }
    out
}

/// A derived spelling of entry `entry`.
fn derived<'g>(
    form: String,
    entry: usize,
    (column, from, status): (Column, &'g str, Status),
    rule: Rule,
) -> Derived<'g> {
    Derived {
        form,
        entry,
        column,
        status,
        from,
        rule,
    }
}

/// Chinese names and places in Wade–Giles, from the traditional form and its stored pinyin.
fn wade_giles<'g>(
    e: &'g Entry,
    i: usize,
    forms: &[(Column, &'g str, Status)],
    out: &mut Vec<Derived<'g>>,
) {
    let (Some(hanzi), Some(&source)) = (
        e.zh_hant.first(),
        forms.iter().find(|f| f.0 == Column::Pinyin),
    ) else {
        return;
    };
    let spelled = if e.kind == Kind::Person && !e.tags().word {
        wg::name(hanzi, source.1)
    } else {
        wg::word(hanzi, source.1)
    };
    if let Some(w) = spelled {
        out.push(derived(w, i, source, Rule::WadeGiles));
    }
}

/// Korean personal names: surname spellings × given-name syllable spellings.
fn korean_person<'g>(
    e: &'g Entry,
    i: usize,
    forms: &[(Column, &'g str, Status)],
    out: &mut Vec<Derived<'g>>,
) {
    if e.tags().word {
        return;
    }
    let Some(hangul) = e.preferred(Column::KoHangul) else {
        return;
    };
    let (sur, _) = hangul::split_name(hangul);
    let surnames = hangul::surname_spellings(&sur);
    let mut given_alts: Vec<String> = hangul::romanise_name(hangul, System::Rr)
        .and_then(|rr| rr.split_once(' ').map(|(_, g)| syllable_spellings(g)))
        .unwrap_or_default();
    given_alts.dedup();
    for &(column, text, status) in forms {
        if !column.is_latin() || column == Column::Pinyin {
            continue;
        }
        let Some((listed_sur, listed_given)) = text.split_once(' ') else {
            continue;
        };
        let mut givens = vec![listed_given.to_string()];
        for g in &given_alts {
            if givens.len() >= MAX_GIVEN {
                break;
            }
            if !givens.iter().any(|h| fold(h) == fold(g)) {
                givens.push(g.clone());
            }
        }
        for (gi, given) in givens.iter().enumerate() {
            let sur_spellings = std::iter::once(listed_sur.to_string()).chain(surnames.clone());
            for (si, s) in sur_spellings.enumerate() {
                if gi == 0 && si == 0 {
                    continue;
                }
                let rule = if gi == 0 {
                    Rule::KoSurname
                } else {
                    Rule::KoSyllable
                };
                out.push(derived(
                    format!("{s} {given}"),
                    i,
                    (column, text, status),
                    rule,
                ));
            }
        }
    }
}

/// Spellings of a hyphenated RR word (`Sun-sin`) with the alternations of [`KO_SYLLABLES`]:
/// one syllable respelled at a time, then all of them (`Sun-shin`, `Hyun-shin`…), hyphenated
/// and capitalised.
fn syllable_spellings(rr: &str) -> Vec<String> {
    let syllables: Vec<String> = rr.split('-').map(str::to_lowercase).collect();
    let join = |parts: &[String]| capitalise(&parts.join("-"));
    let mut out = Vec::new();
    let mut all = syllables.clone();
    for (k, s) in syllables.iter().enumerate() {
        let alts = KO_SYLLABLES
            .iter()
            .find(|(from, _)| from == s)
            .map_or(&[][..], |(_, a)| *a);
        for alt in alts {
            let mut one = syllables.clone();
            one[k] = alt.to_string();
            out.push(join(&one));
        }
        if let Some(first) = alts.first() {
            all[k] = first.to_string();
        }
    }
    out.push(join(&all));
    out.dedup();
    out.retain(|w| fold(w) != fold(rr));
    out
}

/// The RR of a hangul word syllable by syllable (`해정창` → `Hae-jeong-chang`), or `None`
/// outside hangul.
fn rr_syllables(hangul: &str) -> Option<String> {
    let parts: Vec<String> = hangul
        .chars()
        .map(|c| hangul::romanise_words(&c.to_string(), System::Rr).to_lowercase())
        .collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.is_ascii())
        .then(|| capitalise(&parts.join("-")))
}

/// Japanese personal names: long vowels written out, and Western order.
fn japanese_person<'g>(
    e: &'g Entry,
    i: usize,
    forms: &[(Column, &'g str, Status)],
    out: &mut Vec<Derived<'g>>,
) {
    for &(column, text, status) in forms {
        if !matches!(column, Column::JaHepburn | Column::En) {
            continue;
        }
        let source = (column, text, status);
        let mut spellings = vec![(text.to_string(), None)];
        for (long, ways) in JA_LONG_VOWELS {
            if text.contains(*long) {
                for way in *ways {
                    let mut w = text.replace(*long, way);
                    let upper = long.to_uppercase().to_string();
                    if w.contains(&upper) {
                        w = w.replace(&upper, &capitalise(way));
                    }
                    spellings.push((w, Some(Rule::JaLongVowel)));
                }
            }
        }
        let words = text.split_whitespace().count();
        for (s, rule) in spellings {
            if words == 2 && !e.tags().word {
                let (a, b) = s.split_once(' ').unwrap_or((&s, ""));
                out.push(derived(format!("{b} {a}"), i, source, Rule::JaWesternOrder));
            }
            if let Some(rule) = rule {
                out.push(derived(s, i, source, rule));
            }
        }
    }
}

/// A Latin form without a place-kind suffix, if it has one.
fn strip_place_suffix(text: &str) -> Option<&str> {
    PLACE_SUFFIXES.iter().find_map(|(suffix, _)| {
        text.strip_suffix(suffix)
            .or_else(|| text.strip_suffix(&suffix.to_lowercase()))
            .filter(|bare| !bare.trim().is_empty())
    })
}

/// Places: with and without their kind; battles named after them.
fn place<'g>(
    e: &'g Entry,
    i: usize,
    forms: &[(Column, &'g str, Status)],
    battles: &HashMap<String, Vec<usize>>,
    out: &mut Vec<Derived<'g>>,
) {
    let last: Vec<char> = forms
        .iter()
        .filter(|f| f.0 == Column::ZhHant)
        .filter_map(|f| f.1.chars().next_back())
        .collect();
    // A Korean place name with a syllable respelled (Haejungchang), where its RR is the
    // hangul's syllable by syllable (no sound change that the respelling would undo).
    if e.origin == Origin::Ko
        && let Some(hangul) = e.preferred(Column::KoHangul)
        && let Some(rr) = rr_syllables(hangul)
        && let Some(source) = forms
            .iter()
            .find(|f| f.0 == Column::KoRr && fold(f.1) == fold(&rr))
    {
        for w in syllable_spellings(&rr) {
            out.push(derived(w.replace('-', ""), i, *source, Rule::KoSyllable));
        }
    }
    if e.origin == Origin::Ko {
        ko_place_words(i, &last, forms, out);
    }
    // The battles named after this place by any of its forms ("Battle of Geumsan"): a battle
    // name made from another of its forms ("Battle of Kŭmsan", McCune–Reischauer) names them
    // too, not the place.
    let mut sites: Vec<usize> = Vec::new();
    for &(column, text, _) in forms {
        let names: Vec<String> = if column == Column::ZhHant {
            EVENT_SUFFIXES_ZH
                .iter()
                .map(|suffix| format!("{text}{suffix}"))
                .collect()
        } else if column.is_latin() && column != Column::Pinyin {
            let base = strip_place_suffix(text).unwrap_or(text);
            [text, base]
                .iter()
                .flat_map(|n| EVENT_PREFIXES.iter().map(move |p| format!("{p}{n}")))
                .collect()
        } else {
            Vec::new()
        };
        for name in names {
            for &b in battles.get(&fold(&name)).into_iter().flatten() {
                if !sites.contains(&b) {
                    sites.push(b);
                }
            }
        }
    }
    sites.sort_unstable();
    for &(column, text, status) in forms {
        let source = (column, text, status);
        if !column.is_latin() {
            if column == Column::ZhHant {
                for suffix in EVENT_SUFFIXES_ZH {
                    event(format!("{text}{suffix}"), i, source, battles, &sites, out);
                }
            }
            continue;
        }
        if column == Column::Pinyin {
            continue;
        }
        let bare = strip_place_suffix(text);
        if let Some(bare) = bare {
            out.push(derived(bare.to_string(), i, source, Rule::PlaceSuffix));
        }
        let base = bare.unwrap_or(text);
        for (suffix, chars) in PLACE_SUFFIXES {
            if last.iter().any(|c| chars.contains(c)) {
                out.push(derived(
                    format!("{base}{suffix}"),
                    i,
                    source,
                    Rule::PlaceSuffix,
                ));
            }
        }
        for name in [text, base] {
            for prefix in EVENT_PREFIXES {
                event(format!("{prefix}{name}"), i, source, battles, &sites, out);
            }
        }
    }
}

/// A Korean place's romanised name with its kind as an English word ([`KO_PLACE_WORDS`]): the
/// Naktong River for Naktonggang, the Choryong Pass for Choryŏng; `last` holds the last
/// characters of its traditional forms.
fn ko_place_words<'g>(
    i: usize,
    last: &[char],
    forms: &[(Column, &'g str, Status)],
    out: &mut Vec<Derived<'g>>,
) {
    for pw in KO_PLACE_WORDS {
        if !last.contains(&pw.last) {
            continue;
        }
        for &source in forms {
            let (column, text, _) = source;
            if !matches!(column, Column::KoRr | Column::KoMr) {
                continue;
            }
            let folded = fold(text);
            let Some(ending) = pw.endings.iter().find(|e| folded.ends_with(*e)) else {
                continue;
            };
            let name = if pw.keeps_ending {
                text.to_string()
            } else {
                // The ending's letters from the end of the written form, then a hyphen or
                // apostrophe left before it (Sŏmjin'gang).
                let mut cut = text;
                for _ in 0..ending.len() {
                    let mut chars = cut.chars();
                    chars.next_back();
                    cut = chars.as_str();
                }
                cut.trim_end_matches(['\'', '’', '-']).to_string()
            };
            if fold(&name).chars().count() >= 2 {
                out.push(derived(
                    format!("{name}{}", pw.word),
                    i,
                    source,
                    Rule::PlaceSuffix,
                ));
            }
        }
    }
}

/// A battle name made from place `i`'s name: it names the battles so named (several: left
/// ambiguous), else the battles named after the place by another of its forms (`sites`), or,
/// where there is none, the place.
fn event<'g>(
    name: String,
    i: usize,
    source: (Column, &'g str, Status),
    battles: &HashMap<String, Vec<usize>>,
    sites: &[usize],
    out: &mut Vec<Derived<'g>>,
) {
    let found = battles.get(&fold(&name)).map_or(sites, Vec::as_slice);
    if found.is_empty() {
        out.push(derived(name, i, source, Rule::EventName));
        return;
    }
    for &b in found {
        out.push(derived(name.clone(), b, source, Rule::EventName));
    }
}

/// The spellings a battle's name stands for: itself; in English without "the" or the year in
/// parentheses, and with "Battle of" and "Siege of" exchanged; in Chinese with the other
/// suffixes of [`EVENT_SUFFIXES_ZH`].
fn battle_spellings(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    // 臨津江之戰 is also 臨津江之役, 臨津江戰役.
    if let Some(stem) = EVENT_SUFFIXES_ZH
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .filter(|stem| !stem.is_empty())
    {
        // 第二次晉州城之戰 is also 第二次晉州之戰: the fortress's name without 城, unless
        // 城 is part of a kind of fortress (幸州山城, 順天倭城, an 邑城).
        let town = stem
            .strip_suffix('城')
            .filter(|t| !t.ends_with(['山', '倭', '邑']) && t.chars().count() >= 2);
        for base in [Some(stem), town].into_iter().flatten() {
            for suffix in EVENT_SUFFIXES_ZH {
                let name = format!("{base}{suffix}");
                // Not the name itself again, nor 城 twice (晉州城城之戰).
                if name != text && !name.contains("城城") {
                    out.push(name);
                }
            }
        }
        return out;
    }
    // "Battle of Sacheon (1592)": the year only tells two battles apart.
    let text = match text.rsplit_once(" (") {
        Some((name, _)) if text.ends_with(')') => {
            out.push(name.to_string());
            name
        }
        _ => text,
    };
    for prefix in EVENT_PREFIXES {
        if let Some(rest) = text.strip_prefix(prefix) {
            let rest = rest.strip_prefix("the ").unwrap_or(rest);
            for p in EVENT_PREFIXES {
                out.push(format!("{p}{rest}"));
            }
        }
    }
    out
}

/// Battles: "Battle of the X" as "Battle of X", "Siege of X" for "Battle of X", X之役 for
/// X之戰.
fn battle<'g>(i: usize, forms: &[(Column, &'g str, Status)], out: &mut Vec<Derived<'g>>) {
    for &(column, text, status) in forms {
        if !matches!(column, Column::En | Column::ZhHant) {
            continue;
        }
        for name in battle_spellings(text).into_iter().skip(1) {
            out.push(derived(name, i, (column, text, status), Rule::EventName));
        }
    }
}

/// Peoples and units named in the plural (Jurchens): the singular too. Units named in the
/// singular (Righteous army): the plural too, as English writes of several ("the righteous
/// armies of Gyeongsang").
fn plural<'g>(
    i: usize,
    forms: &[(Column, &'g str, Status)],
    unit: bool,
    out: &mut Vec<Derived<'g>>,
) {
    for &(column, text, status) in forms {
        if column != Column::En {
            continue;
        }
        let form = if let Some(one) = text.strip_suffix('s') {
            (!one.ends_with(['s', 'u', 'i', 'e'])).then(|| one.to_string())
        } else if unit {
            // army → armies (a consonant before the y), division → divisions.
            match text.strip_suffix('y') {
                Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => {
                    Some(format!("{stem}ies"))
                }
                _ => Some(format!("{text}s")),
            }
        } else {
            None
        };
        if let Some(form) = form {
            out.push(derived(form, i, (column, text, status), Rule::Plural));
        }
    }
}

/// Things (ships, weapons) are counted: an English text writes "24 panoksons" or "turtle
/// ships". The plural of each romanised form.
fn things<'g>(i: usize, forms: &[(Column, &'g str, Status)], out: &mut Vec<Derived<'g>>) {
    for &(column, text, status) in forms {
        if !matches!(
            column,
            Column::En | Column::KoRr | Column::KoMr | Column::JaHepburn
        ) || text.ends_with(['s', 'S'])
        {
            continue;
        }
        out.push(derived(
            format!("{text}s"),
            i,
            (column, text, status),
            Rule::Plural,
        ));
    }
}

/// The text with its first letter in upper case.
#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        crate::glossary::io::load_path(std::path::Path::new("glossary"))
            .expect("seed glossary")
            .glossary
    }

    fn derived_of<'g>(d: &'g [Derived<'_>], g: &Glossary, form: &str) -> Vec<(&'g str, Rule)> {
        let _ = g;
        d.iter()
            .filter(|x| fold(&x.form) == fold(form))
            .map(|x| (x.from, x.rule))
            .collect()
    }

    #[test]
    fn a_unit_named_in_the_singular_is_found_in_the_plural() {
        let g = glossary();
        let d = derive(&g);
        assert_eq!(
            derived_of(&d, &g, "righteous armies"),
            [("Righteous army", Rule::Plural)]
        );
        assert_eq!(
            derived_of(&d, &g, "Sixth Divisions"),
            [("Sixth Division", Rule::Plural)]
        );
        // A people named in the plural gets its singular, not a plural of the plural.
        assert_eq!(derived_of(&d, &g, "Jurchen"), [("Jurchens", Rule::Plural)]);
        assert!(derived_of(&d, &g, "Jurchenses").is_empty());
        // A polity named in the singular gets no plural.
        assert!(derived_of(&d, &g, "Joseons").is_empty());
    }

    #[test]
    fn chinese_names_in_wade_giles() {
        let g = glossary();
        let d = derive(&g);
        // With and without the hyphen and apostrophes: folding joins them.
        for form in [
            "Li Ju-sung",
            "Li Jusung",
            "Sung Ying-ch'ang",
            "Sung Yingchang",
        ] {
            assert_eq!(
                derived_of(&d, &g, form),
                vec![(
                    if form.starts_with("Li") {
                        "Lǐ Rúsōng"
                    } else {
                        "Sòng Yìngchāng"
                    },
                    Rule::WadeGiles
                )],
                "{form}"
            );
        }
        // Where Wade–Giles and pinyin agree (Chen Lin) nothing is derived: the form is listed.
        assert!(derived_of(&d, &g, "Ch'en Lin").is_empty());
    }

    #[test]
    fn korean_japanese_and_place_spellings_are_derived() {
        let g = glossary();
        let d = derive(&g);
        let id = |form: &str| -> Vec<&str> {
            d.iter()
                .filter(|x| fold(&x.form) == fold(form))
                .map(|x| g.entries[x.entry].id.as_str())
                .collect()
        };
        assert_eq!(id("Rhee Sun-shin"), ["yi-sunsin"]);
        // ŏ written u.
        assert_eq!(id("Kim Myung-won"), ["kim-myeongwon"]);
        assert_eq!(id("Cho Hun"), ["jo-heon"]);
        assert_eq!(id("Kim Chun-il"), ["kim-cheonil"]);
        assert_eq!(id("Kiyomasa Kato"), ["kato-kiyomasa"]);
        assert_eq!(id("Katou Kiyomasa"), ["kato-kiyomasa"]);
        assert_eq!(id("Hamgyong Province"), ["hamgyeong"]);
        // A river and a pass by their McCune–Reischauer names.
        assert_eq!(id("Naktong River"), ["nakdong-river"]);
        assert_eq!(id("Sŏmjin River"), ["seomjin-river"]);
        assert_eq!(id("Somjin River"), ["seomjin-river"]);
        assert_eq!(id("Choryong Pass"), ["joryeong"]);
        assert!(id("Naktong").is_empty());
        assert_eq!(id("Battle of Imjin River"), ["battle-of-imjin-river"]);
        // Things are counted: "24 panoksons", "turtle ships".
        assert_eq!(id("panoksons"), ["panokseon"]);
        assert_eq!(id("Panokseons"), ["panokseon"]);
        assert_eq!(id("turtle ships"), ["geobukseon"]);
        assert!(id("Panokseonss").is_empty());
        assert_eq!(
            derived_of(&d, &g, "Rhee Sun-shin"),
            [("Yi Sun-sin", Rule::KoSyllable)]
        );
    }

    #[test]
    fn listed_forms_are_never_derived() {
        let g = glossary();
        let listed: HashSet<String> = g
            .entries
            .iter()
            .flat_map(|e| e.forms().map(|(_, t, _)| fold(t)))
            .collect();
        for d in derive(&g) {
            assert!(!listed.contains(&fold(&d.form)), "{} is listed", d.form);
        }
    }
}
