//! Discovery across scripts: glossary entries proposed for names the glossary lacks.
//!
//! An English name the glossary does not resolve ("Song Sang-hyeon") is paired with the Chinese
//! spans of paragraphs linked to its paragraph (or candidates near them) whose *reading* is that
//! name: Sino-Korean (hanja → hangul → RR or MR: 宋象賢 → 송상현 → Song Sang-hyeon), Mandarin
//! (pinyin: 陳璘 → Chen Lin) or Japanese (kanji → kana from the JMnedict name table → Hepburn:
//! 小西行長 → こにし ゆきなが → Konishi Yukinaga). Each match becomes a [`Suggestion`]: a full
//! glossary entry (every form computed by the engines), its evidence and a confidence.
//!
//! This module owns the matching only: it reads paragraphs and pairs handed to it, and neither
//! stores suggestions nor writes the glossary (the store and the CLI do).

use super::fold::loose;
use super::validate::fill;
use super::{Entry, Glossary, Kind, Origin, Side};
use crate::corpus::detect::is_han;
use crate::mentions::{merge_spans, overlaps_merged};
use crate::romanise::{chinese, hangul, hanja, kana, pinyin};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// A paragraph as discovery reads it.
#[derive(Debug, Clone)]
pub struct Paragraph<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Paragraph ordinal.
    pub ordinal: usize,
    /// Display text.
    pub text: &'a str,
    /// Byte spans of glossary names found in it (never part of a suggestion).
    pub known: Vec<(usize, usize)>,
    /// For English paragraphs: byte spans of name-like text the glossary does not resolve.
    pub unknown: Vec<(usize, usize)>,
}

/// How a Chinese paragraph came to be compared with an English one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pairing {
    /// A stored link joins them.
    Linked,
    /// A neighbour of a linked paragraph, or a paragraph of the same event context.
    Candidate,
}

/// A pair of paragraphs to compare: indices into the paragraph slice.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// The Chinese paragraph.
    pub zh: usize,
    /// The English paragraph.
    pub en: usize,
    /// Why they are compared.
    pub pairing: Pairing,
}

/// The reading through which the two spans met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Sino-Korean, Revised Romanization.
    KoreanRr,
    /// Sino-Korean, McCune–Reischauer.
    KoreanMr,
    /// Sino-Korean with a conventional surname spelling (Lee, Park, Choi).
    KoreanConventional,
    /// Mandarin pinyin.
    Pinyin,
    /// Japanese name reading (JMnedict), Hepburn.
    Japanese,
}

impl Reading {
    /// The label printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Reading::KoreanRr => "sino-korean rr",
            Reading::KoreanMr => "sino-korean mr",
            Reading::KoreanConventional => "sino-korean",
            Reading::Pinyin => "pinyin",
            Reading::Japanese => "japanese",
        }
    }
}

/// One place where the two spans were found together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The English paragraph, `doc:para`.
    pub en_at: String,
    /// The English span as written.
    pub en_text: String,
    /// The Chinese paragraph, `doc:para`.
    pub zh_at: String,
    /// The Chinese span as written.
    pub zh_text: String,
    /// The reading of the Chinese span that equals the English span.
    pub reading: String,
    /// How the paragraphs were paired.
    pub pairing: Pairing,
    /// True when the Chinese span stands in a name context (a list with 、, before 率/領/等,
    /// after a title).
    pub name_context: bool,
}

/// A proposed glossary entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Stable id: the same pair of forms always gets the same id.
    pub id: String,
    /// The reading system that matched.
    pub system: Reading,
    /// 0..1: how sure the match is.
    pub confidence: f64,
    /// The entry as it would enter the glossary.
    pub entry: Entry,
    /// Where the pair was found (the first few places).
    pub evidence: Vec<Evidence>,
    /// How many pairs of paragraphs support it.
    pub support: usize,
}

/// Japanese name readings (JMnedict; see data/LICENCE-jmnedict.md): kanji → kana readings.
/// The file is sorted by kanji (bytewise) with one line per kanji: (kanji, readings joined by
/// `|`), looked up by binary search. A hash map of its 226 000 lines took longer to build than
/// a corpus pass over the seeds took to read them.
static JAPANESE: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../../data/jmnedict_names.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// The kana readings of a kanji name part in the JMnedict table (`|`-joined), if listed.
fn japanese(kanji: &str) -> Option<&'static str> {
    let table = &*JAPANESE;
    table
        .binary_search_by(|(k, _)| k.as_bytes().cmp(kanji.as_bytes()))
        .ok()
        .map(|i| table[i].1)
}

/// Surname characters of Chinese and Korean names that a span may start with (the commonest
/// hundred or so of both, 百家姓 order not kept).
const SURNAMES: &str = "李王張劉陳楊趙黃周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧蔣蔡賈丁魏薛葉閻余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟龍萬段雷錢湯尹黎易常武喬賀賴龔文權柳申安洪俞元裴兪南奇卓成具朴魚禹睦琴殷邢麻查祖艾左茅解談駱閔戚祁甄竇柴岳房喻單仇";

/// A key for comparing romanisations: letters and digits only, lowercase, marks removed.
fn key(s: &str) -> String {
    s.nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Words a name comes before when it leads or lists (率 leads, 等 and others): narrower than
/// [`crate::mentions::zh_context::NAME_FOLLOWERS`], which also takes 之 and verbs, since here a
/// context raises a suggestion's confidence.
const AFTER: &[&str] = &["率", "領", "等", "、", "與", "及", "以", "引", "統"];

/// True when the span `s..e` of `text` stands in a name context.
fn name_context(text: &str, s: usize, e: usize) -> bool {
    let before = &text[..s];
    let after = &text[e..];
    before.ends_with('、')
        || crate::mentions::zh_context::after_title(before)
        || AFTER.iter().any(|w| after.starts_with(w))
}

/// A reading of a Chinese span that matched, before it becomes a suggestion.
#[derive(Clone)]
struct Match {
    system: Reading,
    reading: String,
    origin: Origin,
    kana: Option<String>,
    /// Other kana readings that give the same romanisation.
    other_kana: Vec<String>,
}

/// A romanisation with its macrons kept: lowercase letters only (Mōri → mōri, Mori → mori).
fn marked(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Kana with a long o written おう (かとお → かとう), for comparing readings.
fn long_o(kana: &str) -> String {
    let mut out = String::with_capacity(kana.len());
    let mut prev = ' ';
    for c in kana.chars() {
        let o_row = "おこごそぞとどのほぼぽもよょろを".contains(prev);
        out.push(if c == 'お' && o_row { 'う' } else { c });
        prev = c;
    }
    out
}

/// The Korean, Mandarin and Japanese readings of `span` compared with the English name.
fn readings_match(span: &str, en: &str) -> Option<Match> {
    let en_key = key(en);
    let en_key = en_key.as_str();
    let chars: Vec<char> = span.chars().collect();
    let first = chars[0];
    if SURNAMES.contains(first) && chars.len() <= 4 {
        if let Some(hg) = hanja::name(span) {
            for (sys, label) in [
                (hangul::System::Rr, Reading::KoreanRr),
                (hangul::System::Mr, Reading::KoreanMr),
            ] {
                if let Some(r) = hangul::romanise_name(&hg, sys)
                    && key(&r) == en_key
                {
                    return Some(Match {
                        system: label,
                        reading: format!("{hg} → {r}"),
                        origin: Origin::Ko,
                        kana: None,
                        other_kana: Vec::new(),
                    });
                }
            }
            // Conventional surname spellings (Lee, Park, Choi) with an RR or MR given name.
            let (sur, given) = hangul::split_name(&hg);
            for sys in [hangul::System::Rr, hangul::System::Mr] {
                let Some(full) = hangul::romanise_name(&hg, sys) else {
                    continue;
                };
                let given_key = key(full.split_once(' ').map_or("", |x| x.1));
                if given.is_empty() {
                    continue;
                }
                for s in hangul::surname_spellings(&sur) {
                    if format!("{}{given_key}", key(&s)) == en_key {
                        return Some(Match {
                            system: Reading::KoreanConventional,
                            reading: format!("{hg} → {s} {given_key}"),
                            origin: Origin::Ko,
                            kana: None,
                            other_kana: Vec::new(),
                        });
                    }
                }
            }
        }
        if let Some(p) = pinyin::name(span, None)
            && key(&p) == en_key
        {
            return Some(Match {
                system: Reading::Pinyin,
                reading: p,
                origin: Origin::Zh,
                kana: None,
                other_kana: Vec::new(),
            });
        }
    }
    // Japanese: surname and given name split at every point, each read from the table. Every
    // kana spelling that gives the English name is kept: more than one (しまず / しまづ) leaves
    // the kana uncertain.
    let loose_en = loose(en_key);
    let marked_en = marked(en);
    // (tier, kana, Hepburn): 0 = equal with macrons, 1 = equal without, 2 = equal loosely.
    let mut found: Vec<(u8, String, String)> = Vec::new();
    for (kana_name, h, western) in japanese_readings(&chars) {
        let tier = [&h, &western]
            .iter()
            .filter_map(|r| {
                if marked(r) == marked_en {
                    Some(0)
                } else if key(r) == en_key {
                    Some(1)
                } else if loose(&key(r)) == loose_en {
                    Some(2)
                } else {
                    None
                }
            })
            .min();
        if let Some(tier) = tier
            && !found.iter().any(|f| f.1 == kana_name)
        {
            found.push((tier, kana_name, h));
        }
    }
    let best = found.iter().map(|f| f.0).min()?;
    let mut found = found.into_iter().filter(|f| f.0 == best);
    let (_, kana_name, h) = found.next()?;
    // Kana that differ only in writing a long o as おう or おお are one reading.
    let other_kana = found
        .map(|f| f.1)
        .filter(|k| long_o(k) != long_o(&kana_name))
        .collect();
    Some(Match {
        system: Reading::Japanese,
        reading: format!("{kana_name} → {h}"),
        origin: Origin::Ja,
        kana: Some(kana_name),
        other_kana,
    })
}

/// Every Japanese reading of a name in the table: split into surname and given name at every
/// point, each part read from the JMnedict table; (kana, Hepburn, Hepburn in Western order).
/// A character converted alone by `convert`, or itself where it becomes several.
fn one_char(c: char, convert: impl Fn(&str) -> String) -> char {
    let converted = convert(c.encode_utf8(&mut [0; 4]));
    let mut it = converted.chars();
    match (it.next(), it.next()) {
        (Some(t), None) => t,
        _ => c,
    }
}

/// The shinjitai form of a character (黑 → 黒), itself where it has none (cached per thread:
/// a corpus pass converts the same few thousand characters millions of times).
fn shinjitai(c: char) -> char {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, char>> = Default::default();
    }
    CACHE.with(|cache| {
        *cache
            .borrow_mut()
            .entry(c)
            .or_insert_with(|| one_char(c, chinese::traditional_to_japanese))
    })
}

/// The traditional and simplified forms of a character, each itself where it has none
/// (cached per thread, as [`shinjitai`]).
fn both(c: char) -> (char, char) {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, (char, char)>> = Default::default();
    }
    CACHE.with(|cache| {
        *cache.borrow_mut().entry(c).or_insert_with(|| {
            (
                one_char(c, chinese::to_traditional),
                one_char(c, chinese::to_simplified),
            )
        })
    })
}

fn japanese_readings(chars: &[char]) -> Vec<(String, String, String)> {
    japanese_readings_of(chars, None)
}

/// [`japanese_readings`], keeping only readings both of whose parts, loosely keyed, are in
/// `words` when given (the words of the English names a corpus pass looks for: most spans of a
/// chronicle read as some surname and given name of the table, and spelling every pairing out
/// cost more than the rest of the pass).
fn japanese_readings_of(
    chars: &[char],
    words: Option<&HashSet<String>>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    // The table is in shinjitai; chronicles write 豐臣, 黑田, 淺野.
    // Converted character by character (cached per thread): a corpus pass reads millions of
    // spans, and a converter call per span cost more than the rest of the reading.
    let shin: Vec<char> = chars.iter().map(|&c| shinjitai(c)).collect();
    let read = |part: &[char], alt: &[char]| {
        let a: String = part.iter().collect();
        let b: String = alt.iter().collect();
        japanese(&a).or_else(|| japanese(&b))
    };
    // Each kana reading of a part with its Hepburn word, kept if `words` allows it.
    let parts = |readings: &'static str| -> Vec<(&'static str, String)> {
        readings
            .split('|')
            .filter_map(|k| Some((k, kana::hepburn(k)?)))
            .filter(|(_, h)| words.is_none_or(|w| w.contains(&loose(&key(h)))))
            .collect()
    };
    for split in 1..chars.len() {
        let (Some(rs), Some(rg)) = (
            read(&chars[..split], &shin[..split]),
            read(&chars[split..], &shin[split..]),
        ) else {
            continue;
        };
        let (ps, pg) = (parts(rs), parts(rg));
        for (a, ha) in &ps {
            for (b, hb) in &pg {
                out.push((
                    format!("{a} {b}"),
                    format!("{ha} {hb}"),
                    format!("{hb} {ha}"),
                ));
            }
        }
    }
    out
}

/// The stable id of a suggestion: its traditional Chinese form read as a name of `origin`.
pub fn suggestion_id(zh: &str, origin: Origin) -> String {
    let h = blake3::hash(format!("{zh}\t{}", origin.as_str()).as_bytes());
    format!("s{}", &h.to_hex()[..8])
}

/// A glossary id from an English name: `Song Sang-hyeon` → `song-sanghyeon`, made unique.
fn slug(en: &str, taken: &HashSet<String>) -> String {
    let base: String = en
        .split_whitespace()
        .map(key)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The entry proposed for a match.
fn entry_for(zh: &str, en: &str, m: &Match, taken: &HashSet<String>) -> Entry {
    let hant = chinese::to_traditional(zh);
    let side = match m.origin {
        Origin::Ko => Some(Side::Joseon),
        Origin::Ja => Some(Side::Japan),
        Origin::Zh => Some(Side::Ming),
        Origin::Other => None,
    };
    let base = Entry {
        id: slug(en, taken),
        kind: Kind::Person,
        origin: m.origin,
        side,
        zh_hant: vec![hant],
        zh_hans: Vec::new(),
        pinyin: Vec::new(),
        ko_hangul: Vec::new(),
        ko_rr: Vec::new(),
        ko_mr: Vec::new(),
        ja_kana: m.kana.iter().cloned().collect(),
        ja_hepburn: Vec::new(),
        en: vec![en.to_string()],
        aliases: Vec::new(),
        note: if m.other_kana.is_empty() {
            format!("suggested by `glossary suggest` ({})", m.system.as_str())
        } else {
            format!(
                "suggested by `glossary suggest` ({}); JMnedict also reads {} #uncertain(ja_kana)",
                m.system.as_str(),
                m.other_kana.join(", ")
            )
        },
    };
    let mut entry = fill(&base).0;
    // A character of several Mandarin readings (莞 guǎn or wǎn) leaves the pinyin a guess,
    // unless the name was read through it.
    let several: Vec<char> = zh
        .chars()
        .filter(|&c| {
            let mut r: Vec<String> = pinyin::readings(c)
                .iter()
                .map(|p| pinyin::strip_tones(p).to_lowercase())
                .collect();
            r.sort_unstable();
            r.dedup();
            r.len() > 1
        })
        .collect();
    if m.system != Reading::Pinyin && !several.is_empty() {
        let chars: String = several.iter().collect();
        entry.note.push_str(&format!(
            "; {chars} has several Mandarin readings #uncertain(pinyin)"
        ));
    }
    entry
}

/// Every Han span of 2–5 characters of `text` that overlaps no known name, with its byte range.
fn han_spans<'t>(text: &'t str, known: &[(usize, usize)]) -> Vec<(usize, usize, &'t str)> {
    let known = merge_spans(known);
    let idx: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for i in 0..idx.len() {
        if !is_han(idx[i].1) {
            continue;
        }
        for len in 2..=5 {
            let j = i + len;
            if j > idx.len() || !is_han(idx[j - 1].1) {
                break;
            }
            let s = idx[i].0;
            let e = idx.get(j).map_or(text.len(), |x| x.0);
            if overlaps_merged(&known, s, e) {
                break;
            }
            out.push((s, e, &text[s..e]));
        }
    }
    out
}

/// The whitespace-separated words of `text[s..e]`, each with its byte start in `text`.
fn words_in(text: &str, s: usize, e: usize) -> impl Iterator<Item = (usize, &str)> {
    let base = text.as_ptr() as usize;
    text[s..e]
        .split_whitespace()
        .map(move |w| (w.as_ptr() as usize - base, w))
}

/// The spans of [`han_spans`], each also in traditional characters, converted one by one so a
/// span keeps its place: readings are of traditional characters (鄭運, not a simplified 郑运).
fn read_spans<'t>(text: &'t str, known: &[(usize, usize)]) -> Vec<(usize, usize, &'t str, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Only a simplified text is converted (as `chinese::is_simplified` decides, character by
    // character): a traditional one keeps its characters (斗 would become 鬥).
    let (mut to_trad, mut to_simp) = (0usize, 0usize);
    for &(_, c) in chars.iter().filter(|&&(_, c)| is_han(c)) {
        let (t, s) = both(c);
        to_trad += usize::from(t != c);
        to_simp += usize::from(s != c);
    }
    let simplified = to_trad > to_simp;
    let traditional = |c: char| if simplified { both(c).0 } else { c };
    han_spans(text, known)
        .into_iter()
        .map(|(s, e, z)| {
            let a = chars.partition_point(|&(x, _)| x < s);
            let b = chars.partition_point(|&(x, _)| x < e);
            let t: String = chars[a..b].iter().map(|&(_, c)| traditional(c)).collect();
            (s, e, z, t)
        })
        .collect()
}

/// The windows of two or three words of each unknown English span ("Jeolla Left Navy of Yi
/// Sun-sin" → …, "Yi Sun-sin"), never across "of"/"the", never over a known name; possessive
/// endings dropped.
fn windows(
    text: &str,
    unknown: &[(usize, usize)],
    known: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let known = merge_spans(known);
    let mut out = Vec::new();
    for &(s, e) in unknown {
        let mut runs: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
        for (ws, word) in words_in(text, s, e) {
            let we = ws + word.len();
            let bare = word.trim_end_matches("'s").trim_end_matches("’s");
            if matches!(word, "of" | "the") || overlaps_merged(&known, ws, we) {
                runs.push(Vec::new());
                continue;
            }
            if let Some(run) = runs.last_mut() {
                run.push((ws, ws + bare.len()));
            }
            if bare.len() != word.len() {
                runs.push(Vec::new());
            }
        }
        for run in runs {
            for len in 2..=3 {
                for w in run.windows(len) {
                    out.push((w[0].0, w[len - 1].1));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A Chinese paragraph's name-like spans by the keys of their readings, so an English name
/// finds the spans that may read as it without reading every span for every name.
struct SpanIndex<'t> {
    /// Byte span, the text as written, the text in traditional characters.
    spans: Vec<(usize, usize, &'t str, String)>,
    by_key: HashMap<String, Vec<usize>>,
}

impl<'t> SpanIndex<'t> {
    fn new(text: &'t str, known: &[(usize, usize)]) -> Self {
        let spans = read_spans(text, known);
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, _, _, t)) in spans.iter().enumerate() {
            for k in reading_keys(t, None) {
                let v = by_key.entry(k).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
        SpanIndex { spans, by_key }
    }

    /// The spans one of whose readings has the English key (or its loose form).
    fn candidates(&self, en_key: &str) -> impl Iterator<Item = (usize, usize, &'t str, &str)> + '_ {
        let mut idx: Vec<usize> = [en_key.to_string(), loose(en_key)]
            .iter()
            .flat_map(|k| self.by_key.get(k).into_iter().flatten().copied())
            .collect();
        idx.sort_unstable();
        idx.dedup();
        idx.into_iter().map(|i| {
            let (s, e, z, t) = &self.spans[i];
            (*s, *e, *z, t.as_str())
        })
    }
}

/// The keys of every reading [`readings_match`] may accept for `span` (Japanese ones loose).
fn reading_keys(span: &str, words: Option<&HashSet<String>>) -> Vec<String> {
    let chars: Vec<char> = span.chars().collect();
    let mut out = Vec::new();
    if SURNAMES.contains(chars[0]) && chars.len() <= 4 {
        if let Some(hg) = hanja::name(span) {
            let (sur, _) = hangul::split_name(&hg);
            for sys in [hangul::System::Rr, hangul::System::Mr] {
                if let Some(r) = hangul::romanise_name(&hg, sys) {
                    let given_key = key(r.split_once(' ').map_or("", |x| x.1));
                    out.push(key(&r));
                    for s in hangul::surname_spellings(&sur) {
                        out.push(format!("{}{given_key}", key(&s)));
                    }
                }
            }
        }
        if let Some(p) = pinyin::name(span, None) {
            out.push(key(&p));
        }
    }
    for (_, h, western) in japanese_readings_of(&chars, words) {
        out.push(loose(&key(&h)));
        out.push(loose(&key(&western)));
    }
    out
}

/// A suggestion while evidence is gathered.
struct Acc {
    /// The Chinese span as written.
    zh: String,
    /// How it was read.
    m: Match,
    /// Each English spelling met, with its support.
    spellings: BTreeMap<String, usize>,
    /// The first few places.
    evidence: Vec<Evidence>,
    /// How many pairs support it.
    support: usize,
}

/// Proposes entries for the unknown English names of `pairs`, skipping those whose ids are in
/// `skip` (rejected before) and pairs the glossary already holds. Sorted by confidence, then id.
pub fn suggest(
    paras: &[Paragraph<'_>],
    pairs: &[Pair],
    glossary: &Glossary,
    skip: &HashSet<String>,
) -> Vec<Suggestion> {
    let mut taken: HashSet<String> = glossary.entries.iter().map(|e| e.id.clone()).collect();
    let known_hant: HashSet<&str> = glossary
        .entries
        .iter()
        .flat_map(|e| e.zh_hant.iter().map(String::as_str))
        .collect();
    let mut spans_cache: HashMap<usize, SpanIndex<'_>> = HashMap::new();
    // Per suggestion id: the Chinese span, how it was read, each English spelling with its
    // support, and the suggestion being built (entry filled in at the end).
    let mut found: BTreeMap<String, Acc> = BTreeMap::new();
    let mut seen_pairs: HashSet<(String, usize, usize)> = HashSet::new();
    for pair in pairs {
        let (en, zh) = (&paras[pair.en], &paras[pair.zh]);
        let spans = spans_cache
            .entry(pair.zh)
            .or_insert_with(|| SpanIndex::new(zh.text, &zh.known));
        for (es, ee) in windows(en.text, &en.unknown, &en.known) {
            let en_text = &en.text[es..ee];
            let en_key = key(en_text);
            let mut matches: Vec<(usize, usize, &str, Match)> = spans
                .candidates(&en_key)
                .filter_map(|(s, e, z, t)| readings_match(t, en_text).map(|m| (s, e, z, m)))
                .collect();
            // A name read two ways from two different spans is no evidence for either.
            if matches.iter().map(|m| m.2).collect::<HashSet<_>>().len() != 1 {
                continue;
            }
            let (s, e, z, m) = matches.swap_remove(0);
            let hant = chinese::to_traditional(z);
            if known_hant.contains(hant.as_str()) {
                continue;
            }
            let id = suggestion_id(&hant, m.origin);
            if skip.contains(&id) {
                continue;
            }
            let evidence = Evidence {
                en_at: format!("{}:{}", en.doc, en.ordinal),
                en_text: en_text.to_string(),
                zh_at: format!("{}:{}", zh.doc, zh.ordinal),
                zh_text: z.to_string(),
                reading: m.reading.clone(),
                pairing: pair.pairing,
                name_context: name_context(zh.text, s, e),
            };
            let fresh = seen_pairs.insert((format!("{id}\t{en_key}"), pair.zh, pair.en));
            let acc = found.entry(id).or_insert_with(|| Acc {
                zh: z.to_string(),
                m: m.clone(),
                spellings: BTreeMap::new(),
                evidence: Vec::new(),
                support: 0,
            });
            if fresh {
                *acc.spellings.entry(en_text.to_string()).or_default() += 1;
                acc.support += 1;
                if acc.evidence.len() < 3 {
                    acc.evidence.push(evidence);
                }
            }
        }
    }
    let mut out: Vec<Suggestion> = found
        .into_iter()
        .map(|(id, acc)| {
            let Acc {
                zh,
                m,
                spellings,
                evidence,
                support,
            } = acc;
            // The most used spelling is the English form; others that no form already covers
            // (RR and MR are forms) become accepted aliases.
            let best = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
            let mut entry = entry_for(&zh, &best, &m, &taken);
            taken.insert(entry.id.clone());
            for other in spellings.keys().filter(|t| **t != best) {
                let k = key(other);
                if !entry.forms().any(|(_, f, _)| key(f) == k) {
                    entry.aliases.push(super::Alias {
                        status: super::Status::Accepted,
                        column: super::Column::En,
                        text: other.clone(),
                    });
                }
            }
            let mut s = Suggestion {
                id,
                system: m.system,
                confidence: 0.0,
                entry,
                evidence,
                support,
            };
            s.confidence = confidence(&s);
            s
        })
        .collect();
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The single words of unknown English spans that may be place names read from Chinese
/// (Chungju, Liaodong): at least four letters, capitalised, never over a known name.
fn single_words(
    text: &str,
    unknown: &[(usize, usize)],
    known: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let known = merge_spans(known);
    let mut out = Vec::new();
    for &(s, e) in unknown {
        for (ws, word) in words_in(text, s, e) {
            let bare = word
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_end_matches(|c: char| !c.is_alphanumeric());
            let we = ws + bare.len();
            if bare.chars().count() >= 4
                && bare.chars().next().is_some_and(char::is_uppercase)
                && bare
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
                && !overlaps_merged(&known, ws, we)
            {
                out.push((ws, we));
            }
        }
    }
    out
}

/// The last characters of Korean and Chinese place names (州 of 忠州, 山, 島, 浦, 城, 江, 嶺, 津,
/// 館…): a span ending otherwise is no place read across, however its reading happens to spell
/// an English word.
const PLACE_ENDS: &str =
    "州洲山島岛浦城江嶺岭津川館馆陽阳原谷寺關关峴岘梁灘滩郡縣县府鎮镇營营坪堡嶼屿峽峡驛驿港灣湾";

/// The keys of a two- or three-character span read as a place: Sino-Korean as one word (RR and
/// MR: 忠州 → Chungju, Ch'ungju) and Mandarin (遼東 → Liaodong).
fn place_keys(span: &str) -> Vec<String> {
    let n = span.chars().count();
    if !(2..=3).contains(&n) || !span.ends_with(|c: char| PLACE_ENDS.contains(c)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(hg) = hanja::word(span) {
        for sys in [hangul::System::Rr, hangul::System::Mr] {
            out.push(key(&hangul::romanise_words(&hg, sys)));
        }
    }
    if let Some(p) = pinyin::word(span) {
        out.push(key(&p));
    }
    out.dedup();
    out
}

/// An English key's first spelling met and every window with it: (paragraph, start, end).
type Spellings = (String, Vec<(usize, usize, usize)>);

/// One occurrence of a name read across scripts ([`read_across`]): paragraph index, byte span,
/// and the name's traditional Chinese form, which identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOccurrence {
    /// Index into the paragraphs given.
    pub para: usize,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The name in traditional characters.
    pub zh: String,
}

/// Names the glossary lacks, found on both sides of a corpus: every English name-like window
/// of two or three words (as [`suggest`] reads them) whose spelling is the Sino-Korean,
/// Mandarin or Japanese reading of a Chinese span somewhere in the corpus. Unlike [`suggest`]
/// this reads the whole corpus, not linked pairs: it serves the aligner, which needs the
/// name before any link exists. A spelling that reads as two different Chinese names (in
/// traditional characters) is no evidence for either and is dropped. Returns the occurrences
/// on both sides, English and Chinese, sorted by paragraph and start.
pub fn read_across<'a>(
    n: usize,
    para: impl Fn(usize) -> Paragraph<'a> + Sync,
    is_chinese: impl Fn(usize) -> bool + Sync,
) -> Vec<ReadOccurrence> {
    use rayon::prelude::*;
    // English windows by key, each key with the first spelling met. Paragraphs are built as
    // they are read (`para`), never all at once: their known spans alone are tens of megabytes
    // on a whole-wiki corpus.
    let windows_of: Vec<(String, usize, usize, usize, String)> = (0..n)
        .into_par_iter()
        .filter(|&i| !is_chinese(i))
        .flat_map_iter(|i| {
            let p = para(i);
            let mut w = windows(p.text, &p.unknown, &p.known);
            w.extend(single_words(p.text, &p.unknown, &p.known));
            let text = p.text;
            w.into_iter()
                .map(move |(s, e)| (key(&text[s..e]), i, s, e, text[s..e].to_string()))
        })
        .collect();
    let mut by_key: HashMap<String, Spellings> = HashMap::new();
    for (k, i, s, e, text) in windows_of {
        by_key
            .entry(k)
            .or_insert_with(|| (text, Vec::new()))
            .1
            .push((i, s, e));
    }
    if by_key.is_empty() {
        return Vec::new();
    }
    // The words of the names looked for, loosely keyed: a Japanese reading is spelt out only
    // where both its parts are among them.
    let words: HashSet<String> = by_key
        .values()
        .flat_map(|(text, _)| text.split_whitespace())
        .map(|w| loose(&key(w)))
        .collect();
    // Loose forms of the keys too (Japanese readings are compared loosely).
    let mut wanted: HashMap<String, Vec<&str>> = HashMap::new();
    for k in by_key.keys() {
        wanted.entry(k.clone()).or_default().push(k);
        let l = loose(k);
        if l != *k {
            wanted.entry(l).or_default().push(k);
        }
    }
    // Chinese spans whose reading is one of the keys, verified against a spelling of it.
    let hits: Vec<(usize, usize, usize, String, &str)> = (0..n)
        .into_par_iter()
        .filter(|&i| is_chinese(i))
        .flat_map_iter(|i| {
            let p = para(i);
            let mut out = Vec::new();
            for (s, e, _, z) in read_spans(p.text, &p.known) {
                let z = z.as_str();
                let places = place_keys(z);
                let mut keys: Vec<&str> = reading_keys(z, Some(&words))
                    .iter()
                    .chain(&places)
                    .filter_map(|k| wanted.get(k))
                    .flatten()
                    .copied()
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    let en = by_key[k].0.as_str();
                    let one_word = !en.trim().contains(char::is_whitespace);
                    let read = if one_word {
                        places.iter().any(|p| *p == key(en))
                    } else {
                        readings_match(z, en).is_some()
                    };
                    if read {
                        out.push((i, s, e, z.to_string(), k));
                    }
                }
            }
            out
        })
        .collect();
    // Each spelling's Chinese names: one, or none counts.
    let mut names_of: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (_, _, _, zh, k) in &hits {
        names_of.entry(k).or_default().insert(zh.as_str());
    }
    let mut out = Vec::new();
    let mut found_zh: HashSet<(usize, usize)> = HashSet::new();
    for (i, s, e, zh, k) in &hits {
        if names_of[k].len() == 1 && found_zh.insert((*i, *s)) {
            out.push(ReadOccurrence {
                para: *i,
                start: *s,
                end: *e,
                zh: zh.clone(),
            });
        }
    }
    for (k, names) in &names_of {
        if names.len() != 1 {
            continue;
        }
        let zh = names.iter().next().expect("one name");
        for &(i, s, e) in &by_key[*k].1 {
            out.push(ReadOccurrence {
                para: i,
                start: s,
                end: e,
                zh: zh.to_string(),
            });
        }
    }
    // A name read inside another read name of the same place (成梁 of 李成梁, the place reading
    // of "Chengliang" in "Li Chengliang") is part of it.
    out.sort_by_key(|o| (o.para, o.start, std::cmp::Reverse(o.end)));
    out.dedup();
    let mut reach: Option<(usize, usize)> = None;
    out.retain(|o| {
        let inside = reach.is_some_and(|(p, e)| p == o.para && o.end <= e);
        if !inside {
            reach = Some((
                o.para,
                reach
                    .filter(|r| r.0 == o.para)
                    .map_or(o.end, |r| r.1.max(o.end)),
            ));
        }
        !inside
    });
    out.sort_by_key(|o| (o.para, o.start, o.end));
    out
}

/// Linked pairs count more than candidates, name contexts and repeated support add; a
/// Japanese reading (irregular, dictionary-suggested) counts less than a regular one.
fn confidence(s: &Suggestion) -> f64 {
    let linked = s.evidence.iter().any(|e| e.pairing == Pairing::Linked);
    let context = s.evidence.iter().any(|e| e.name_context);
    let mut c: f64 = if linked { 0.7 } else { 0.5 };
    if context {
        c += 0.15;
    }
    c += 0.05 * (s.support.saturating_sub(1).min(3)) as f64;
    if s.system == Reading::Japanese {
        c -= 0.1;
    }
    (c.clamp(0.0, 0.99) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_meet_english_names() {
        let cases = [
            ("宋象賢", "Song Sang-hyeon", Some(Reading::KoreanRr)),
            ("宋象賢", "Song Sanghyŏn", Some(Reading::KoreanMr)),
            ("陳璘", "Chen Lin", Some(Reading::Pinyin)),
            ("李舜臣", "Yi Sun-sin", Some(Reading::KoreanRr)),
            ("加藤清正", "Katō Kiyomasa", Some(Reading::Japanese)),
            ("小西行長", "Konishi Yukinaga", Some(Reading::Japanese)),
            ("小西行長", "Yukinaga Konishi", Some(Reading::Japanese)),
            ("豐臣秀吉", "Toyotomi Hideyoshi", Some(Reading::Japanese)),
            ("丁應泰", "Ding Yingtai", Some(Reading::Pinyin)),
            ("沈惟敬", "Shen Weijing", Some(Reading::Pinyin)),
            ("茅國器", "Mao Guoqi", Some(Reading::Pinyin)),
            ("解生", "Xie Sheng", Some(Reading::Pinyin)),
            // JMnedict reads 義智 よしとも only: irregular readings stay the glossary's.
            ("宗義智", "Sō Yoshitoshi", None),
            ("宋象賢", "Chen Lin", None),
            ("守城", "Shou Cheng", None),
        ];
        for (zh, en, want) in cases {
            assert_eq!(readings_match(zh, en).map(|m| m.system), want, "{zh} {en}");
        }
    }

    #[test]
    fn ids_are_stable_and_keys_fold() {
        assert_eq!(
            suggestion_id("宋象賢", Origin::Ko),
            suggestion_id("宋象賢", Origin::Ko)
        );
        assert_ne!(
            suggestion_id("宋象賢", Origin::Ko),
            suggestion_id("宋象賢", Origin::Zh)
        );
        assert_eq!(key("Ch'oe Sŏng-ho"), "choesongho");
    }

    #[test]
    fn windows_skip_known_words_and_of() {
        let t = "the Jeolla Left Navy of Yi Sun-sin's fleet";
        let s = t.find("Jeolla").expect("in text");
        let e = t.find("'s").expect("in text");
        let known = [(s, s + "Jeolla".len())];
        let got: Vec<&str> = windows(t, &[(s, e)], &known)
            .into_iter()
            .map(|(a, b)| &t[a..b])
            .collect();
        assert_eq!(got, ["Left Navy", "Yi Sun-sin"]);
    }

    #[test]
    fn name_contexts() {
        let t = "都督陳璘率水軍";
        let s = t.find("陳璘").expect("in text");
        assert!(name_context(t, s, s + "陳璘".len()));
        let t = "其後陳璘之船";
        let s = t.find("陳璘").expect("in text");
        assert!(!name_context(t, s, s + "陳璘".len()));
    }

    /// A paragraph whose unknown spans are every capitalised run (the aligner takes them from
    /// `english_name_likes`).
    fn para<'a>(text: &'a str, known: &[&str]) -> Paragraph<'a> {
        let known: Vec<(usize, usize)> = known
            .iter()
            .map(|k| {
                let s = text.find(k).expect("known name in text");
                (s, s + k.len())
            })
            .collect();
        let unknown = crate::check::english_name_likes(text, &[(0, text.len())]);
        Paragraph {
            doc: "d",
            ordinal: 0,
            text,
            known,
            unknown,
        }
    }

    fn read(paras: &[Paragraph<'_>]) -> Vec<(usize, String, String)> {
        read_across(
            paras.len(),
            |i| paras[i].clone(),
            |i| paras[i].text.chars().any(is_han),
        )
        .into_iter()
        .map(|o| (o.para, paras[o.para].text[o.start..o.end].to_string(), o.zh))
        .collect()
    }

    #[test]
    fn names_are_read_across_the_corpus() {
        let paras = [
            para(
                "Sin Gak held the Han River line with Kim Myeong-won.",
                &["Kim Myeong-won"],
            ),
            para("副元帥申恪守漢江，與金命元同在。", &["金命元"]),
            para("The army of Hong Gye-nam crossed at Chungju.", &[]),
            para("洪季男率兵至忠州。", &[]),
        ];
        let got = read(&paras);
        for want in [
            (0, "Sin Gak", "申恪"),
            (1, "申恪", "申恪"),
            (2, "Hong Gye-nam", "洪季男"),
            (3, "洪季男", "洪季男"),
            (2, "Chungju", "忠州"),
            (3, "忠州", "忠州"),
        ] {
            assert!(
                got.iter()
                    .any(|(p, t, z)| (*p, t.as_str(), z.as_str()) == want),
                "{want:?} not in {got:?}"
            );
        }
        // Nothing read over a known name (金命元 is the glossary's).
        assert!(
            !got.iter()
                .any(|(_, t, _)| t.contains("金命元") || t.contains("Myeong"))
        );
    }

    #[test]
    fn a_name_inside_a_read_name_is_part_of_it_and_traditional_text_keeps_its_characters() {
        // 成梁 ends in a place character and reads Chengliang, but only inside 李成梁; and 斗,
        // a traditional character too, is not turned into 鬥 in a traditional text.
        let paras = [
            para("Li Chengliang and Yun Du-su wrote to the court.", &[]),
            para("李成梁與尹斗壽上書於朝。", &[]),
        ];
        let got = read(&paras);
        let ids: HashSet<&str> = got.iter().map(|g| g.2.as_str()).collect();
        assert_eq!(ids, HashSet::from(["李成梁", "尹斗壽"]), "{got:?}");
    }

    #[test]
    fn simplified_characters_are_read_as_traditional_ones() {
        // 郑运 is 鄭運 (Jeong Un), written in simplified characters.
        let paras = [
            para("Jeong Un fell at the head of the fleet.", &[]),
            para("鹿岛万户郑运中弹阵亡。", &[]),
        ];
        let got = read(&paras);
        assert!(
            got.contains(&(1, "郑运".to_string(), "鄭運".to_string())),
            "{got:?}"
        );
        assert!(
            got.contains(&(0, "Jeong Un".to_string(), "鄭運".to_string())),
            "{got:?}"
        );
    }

    #[test]
    fn a_spelling_of_two_names_and_a_place_without_its_ending_are_no_evidence() {
        // 趙恪 and 曹恪 both read 조각 → Jo Gak: the spelling names neither.
        let paras = [
            para("Jo Gak held the line.", &[]),
            para("趙恪守漢江。", &[]),
            para("曹恪守臨津。", &[]),
        ];
        assert_eq!(read(&paras), []);
        // 忠州 would read Chungju, but 忠主 (no place ending) is no place.
        let paras = [
            para("They marched to Chungju.", &[]),
            para("忠主之事。", &[]),
        ];
        assert_eq!(read(&paras), []);
    }

    #[test]
    fn the_name_table_is_sorted_for_binary_search() {
        let t = &*JAPANESE;
        assert!(t.len() > 200_000, "{}", t.len());
        assert!(t.windows(2).all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        assert_eq!(
            japanese("小西"),
            t.iter().find(|e| e.0 == "小西").map(|e| e.1)
        );
        assert!(japanese("小西").is_some_and(|r| r.split('|').any(|k| k == "こにし")));
        assert_eq!(japanese("小西行長小西"), None);
    }

    #[test]
    fn spans_overlap_known_names_by_binary_search() {
        let m = merge_spans(&[(10, 12), (0, 3), (2, 5), (20, 25)]);
        assert_eq!(m, [(0, 5), (10, 12), (20, 25)]);
        assert!(overlaps_merged(&m, 4, 6));
        assert!(!overlaps_merged(&m, 5, 10));
        assert!(overlaps_merged(&m, 11, 30));
        assert!(!overlaps_merged(&m, 25, 30));
        assert!(!overlaps_merged(&[], 0, 1));
    }
}
