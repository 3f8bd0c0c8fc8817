//! Mentions: glossary names, quantities and dates found in paragraph text.
//!
//! Names are found with leftmost-longest automata over every folded glossary form (so 李如松
//! beats 李如, "Battle of Byeokjegwan" beats "Byeokjegwan"), on text folded character by
//! character (case, diacritics, separators, traditional/simplified and variant characters) with
//! a map back to display offsets. Forms written in Latin letters can only start a word, so their
//! automaton is run anchored at word starts (a few bytes each, not every byte of the text);
//! the others run over the stretches of text without Latin letters. Short forms — a Japanese
//! surname or given name alone (小西, 隆景), a romanised surname alone (Li, Tachibana) — are
//! resolved from the names written in full in the same document, or left unresolved with their
//! candidates: never guessed silently. Quantities and dates are `numbers` and `dates`.

pub mod dates;
pub mod numbers;

use crate::corpus::Lang;
use crate::corpus::detect::is_han;
use crate::glossary::fold::fold_into;
use crate::glossary::validate::is_personal_name;
use crate::glossary::{Column, Glossary, Kind, Origin, Status};
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// A glossary id, shared: every mention of an entity points at the same string.
pub type EntityId = Arc<str>;

/// How a mention's entity was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resolution {
    /// The form belongs to one entry.
    Unique,
    /// A short or shared form, resolved by the names written in full in the same document.
    Context,
    /// Several candidates and no context to choose: left unresolved.
    Ambiguous,
}

/// A glossary name found in a paragraph. It holds no text of its own: the name as written is
/// [`Mention::text`] of the paragraph, and the ids are shared with the matcher, so a corpus's
/// millions of mentions cost a few dozen bytes each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Start byte in the paragraph's display text.
    pub start: usize,
    /// End byte in the display text.
    pub end: usize,
    /// The entity (glossary id), when resolved.
    pub entity: Option<EntityId>,
    /// Every entity the form could name.
    pub candidates: Arc<[EntityId]>,
    /// The column of the matched form.
    pub column: Column,
    /// The standing of the matched form (variant, error…).
    pub status: Status,
    /// A short form (surname or given name alone).
    pub short: bool,
    /// A name inside another matched name (Byeokjegwan in "Battle of Byeokjegwan").
    pub nested: bool,
    /// How the entity was decided.
    pub resolution: Resolution,
}

impl Mention {
    /// The name as written in `paragraph` (the display text it was found in).
    pub fn text<'a>(&self, paragraph: &'a str) -> &'a str {
        &paragraph[self.start..self.end]
    }
}

/// One pattern of the automaton: a folded form and what it names.
#[derive(Debug, Clone)]
struct Pattern {
    entities: Vec<u32>,
    /// The ids of `entities`, shared by every mention of this pattern.
    candidates: Arc<[EntityId]>,
    column: Column,
    status: Status,
    latin: bool,
    short: bool,
    /// Entities named by full forms inside this form (a battle's place).
    contained: Vec<u32>,
}

/// One automaton over some of the patterns.
#[derive(Debug)]
struct Automaton {
    automaton: AhoCorasick,
    /// Automaton pattern → index in [`NameMatcher::patterns`].
    patterns: Vec<usize>,
}

impl Automaton {
    /// A leftmost-longest DFA over `keys[i]` for each `i` in `which` (an NFA if the DFA is too
    /// big): a DFA takes more memory than the default NFA and scans several times faster.
    fn new(keys: &[String], which: Vec<usize>, start: StartKind) -> Self {
        let chosen = which.iter().map(|&i| &keys[i]);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(start)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(chosen.clone())
            .or_else(|_| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(start)
                    .build(chosen)
            })
            .expect("glossary automaton builds");
        Automaton {
            automaton,
            patterns: which,
        }
    }
}

/// Which folded prefixes can start a Latin form: a word whose first bytes start no form is
/// skipped without running the automaton.
#[derive(Debug)]
struct Prefixes {
    /// Bit per first two bytes: some form starts with them.
    two: Box<[u64]>,
    /// Bit per first two bytes: some form is just these two bytes.
    whole_two: Box<[u64]>,
    /// Bit per hash of the first three bytes: some longer form starts with them.
    three: Box<[u64]>,
}

impl Prefixes {
    const BITS: usize = 1 << 16;

    fn two_key(a: u8, b: u8) -> usize {
        (a as usize) << 8 | b as usize
    }

    fn three_key(a: u8, b: u8, c: u8) -> usize {
        let h = (a as u32) << 16 | (b as u32) << 8 | c as u32;
        (h.wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    fn set(bits: &mut [u64], k: usize) {
        bits[k / 64] |= 1 << (k % 64);
    }

    fn get(bits: &[u64], k: usize) -> bool {
        bits[k / 64] & (1 << (k % 64)) != 0
    }

    fn new<'a>(forms: impl Iterator<Item = &'a [u8]>) -> Self {
        let empty = || vec![0u64; Self::BITS / 64].into_boxed_slice();
        let (mut two, mut whole_two, mut three) = (empty(), empty(), empty());
        for f in forms {
            match *f {
                [a, b] => {
                    Self::set(&mut two, Self::two_key(a, b));
                    Self::set(&mut whole_two, Self::two_key(a, b));
                }
                [a, b, c, ..] => {
                    Self::set(&mut two, Self::two_key(a, b));
                    Self::set(&mut three, Self::three_key(a, b, c));
                }
                _ => {}
            }
        }
        Prefixes {
            two,
            whole_two,
            three,
        }
    }

    /// False when no form can start at the beginning of `rest`.
    fn may_start(&self, rest: &[u8]) -> bool {
        match *rest {
            [a, b, ref more @ ..] => {
                let k = Self::two_key(a, b);
                Self::get(&self.two, k)
                    && (Self::get(&self.whole_two, k)
                        || more
                            .first()
                            .is_some_and(|&c| Self::get(&self.three, Self::three_key(a, b, c))))
            }
            _ => false,
        }
    }
}

/// Which pairs of folded characters can start a form without Latin letters (Han, kana,
/// hangul): a bit per hash of the pair, so most positions of a Chinese text are passed over
/// without running the automaton.
#[derive(Debug)]
struct CharPrefixes {
    first: Box<[u64]>,
    pairs: Box<[u64]>,
}

impl CharPrefixes {
    fn first_key(c: char) -> usize {
        (c as u32 as usize) & 0xFFFF
    }

    fn pair_key(a: char, b: char) -> usize {
        let h = (a as u64) << 21 | b as u64;
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    fn new<'a>(forms: impl Iterator<Item = &'a str>) -> Self {
        let empty = || vec![0u64; Prefixes::BITS / 64].into_boxed_slice();
        let (mut first, mut pairs) = (empty(), empty());
        for f in forms {
            let mut chars = f.chars();
            if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
                Prefixes::set(&mut first, Self::first_key(a));
                Prefixes::set(&mut pairs, Self::pair_key(a, b));
            }
        }
        CharPrefixes { first, pairs }
    }

    /// False when no form starts with `a`, `b`.
    fn may_start(&self, a: char, b: char) -> bool {
        Prefixes::get(&self.first, Self::first_key(a))
            && Prefixes::get(&self.pairs, Self::pair_key(a, b))
    }
}

/// Finds glossary names in text.
#[derive(Debug)]
pub struct NameMatcher {
    /// First bytes of the Latin forms.
    prefixes: Prefixes,
    /// First characters of the other forms.
    char_prefixes: CharPrefixes,
    /// Forms with Latin letters, searched anchored at word starts.
    latin: Automaton,
    /// The other forms (Han, kana, hangul), searched in stretches without Latin letters.
    other: Automaton,
    patterns: Vec<Pattern>,
    ids: Vec<EntityId>,
    /// Per entity: the one-element candidate list of a name nested in another.
    single: Vec<Arc<[EntityId]>>,
}

/// Folds text for matching, with, for each folded byte, the display range of its source char.
pub fn fold_with_map(text: &str) -> (String, Vec<(u32, u32)>) {
    let (mut folded, mut starts) = (String::new(), Vec::new());
    fold_into(text, &mut folded, &mut starts);
    let map = starts
        .iter()
        .map(|&s| (s, s + char_len_at(text, s as usize) as u32))
        .collect();
    (folded, map)
}

/// The length in bytes of the character at byte `i` of `text`.
fn char_len_at(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(0, char::len_utf8)
}

thread_local! {
    /// Per scanning thread: the folded paragraph and its offsets, reused from one to the next.
    static FOLD_BUFFERS: std::cell::RefCell<(String, Vec<u32>)> =
        const { std::cell::RefCell::new((String::new(), Vec::new())) };
}

fn is_latin_text(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_alphabetic())
}

/// The folded form of a text with word boundaries kept (for containment of Latin forms).
fn fold_words(s: &str) -> String {
    s.split_whitespace()
        .map(crate::glossary::fold::fold)
        .collect::<Vec<_>>()
        .join(" ")
}

impl NameMatcher {
    /// Builds the matcher over every form of every entry, plus short forms of personal names.
    pub fn new(glossary: &Glossary) -> Self {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut spaced: Vec<String> = Vec::new();
        let ids: Vec<EntityId> = glossary
            .entries
            .iter()
            .map(|e| EntityId::from(e.id.as_str()))
            .collect();
        let mut add = |key: String,
                       words: String,
                       entity: u32,
                       column: Column,
                       status: Status,
                       short: bool| {
            let latin = is_latin_text(&key);
            let min = if latin { if short { 2 } else { 3 } } else { 2 };
            if key.chars().count() < min {
                return;
            }
            match by_key.get(&key) {
                Some(&i) => {
                    let p = &mut patterns[i];
                    if p.short && !short {
                        // A full form wins over a short form with the same key.
                        *p = Pattern {
                            entities: vec![entity],
                            candidates: Arc::from([]),
                            column,
                            status,
                            latin,
                            short: false,
                            contained: Vec::new(),
                        };
                    } else if p.short == short && !p.entities.contains(&entity) {
                        p.entities.push(entity);
                    }
                }
                None => {
                    by_key.insert(key.clone(), patterns.len());
                    keys.push(key);
                    spaced.push(words);
                    patterns.push(Pattern {
                        entities: vec![entity],
                        candidates: Arc::from([]),
                        column,
                        status,
                        latin,
                        short,
                        contained: Vec::new(),
                    });
                }
            }
        };
        for (i, e) in glossary.entries.iter().enumerate() {
            let i = i as u32;
            for (column, text, status) in e.forms() {
                let key = crate::glossary::fold::fold(text);
                add(key, fold_words(text), i, column, status, false);
            }
        }
        // Short forms, after all full forms so that a full form always wins its key.
        for (i, e) in glossary.entries.iter().enumerate() {
            if !is_personal_name(e) || e.kind != Kind::Person {
                continue;
            }
            let i = i as u32;
            // Not from aliases: another name ("The Red Coat General") is not a surname + given
            // name. Known errors are (Jūji Den'emon → Jūji), so their short forms are flagged too.
            for (column, text, status) in e.forms().filter(|f| f.2 != Status::Alias) {
                if column.is_latin() && matches!(e.origin, Origin::Zh | Origin::Ko | Origin::Ja) {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    if words.len() >= 2 {
                        let key = crate::glossary::fold::fold(words[0]);
                        add(key, fold_words(words[0]), i, column, status, true);
                    }
                } else if column == Column::ZhHant && e.origin == Origin::Ja {
                    let chars: Vec<char> = text.chars().collect();
                    if chars.len() >= 4 {
                        let (sur, given) = chars.split_at(chars.len() - 2);
                        for part in [sur, given] {
                            let s: String = part.iter().collect();
                            add(
                                crate::glossary::fold::fold(&s),
                                s.clone(),
                                i,
                                column,
                                status,
                                true,
                            );
                        }
                    }
                }
            }
        }
        // Names inside names: the places and polities named inside a battle's or war's name
        // (碧蹄館 in 碧蹄館之戰). A work's title (宣祖實錄) does not mention its subject.
        let kinds: Vec<Kind> = glossary.entries.iter().map(|e| e.kind).collect();
        let inner = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(spaced.iter().map(|s| format!(" {s} ")))
            .ok();
        let inner_cjk = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .ok();
        for pi in 0..patterns.len() {
            let container_is_event = patterns[pi]
                .entities
                .iter()
                .all(|&e| matches!(kinds[e as usize], Kind::Battle | Kind::War));
            if patterns[pi].short || !container_is_event {
                continue;
            }
            let mut contained = Vec::new();
            let hits: Vec<usize> = if patterns[pi].latin {
                let hay = format!(" {} ", spaced[pi]);
                inner
                    .as_ref()
                    .map(|a| {
                        a.find_overlapping_iter(&hay)
                            .map(|m| m.pattern().as_usize())
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                inner_cjk
                    .as_ref()
                    .map(|a| {
                        a.find_overlapping_iter(&keys[pi])
                            .map(|m| m.pattern().as_usize())
                            .collect()
                    })
                    .unwrap_or_default()
            };
            for qi in hits {
                let q = &patterns[qi];
                if qi == pi || q.short || q.entities.len() != 1 || q.latin != patterns[pi].latin {
                    continue;
                }
                if !matches!(kinds[q.entities[0] as usize], Kind::Place | Kind::Polity) {
                    continue;
                }
                let entity = q.entities[0];
                if !patterns[pi].entities.contains(&entity) && !contained.contains(&entity) {
                    contained.push(entity);
                }
            }
            patterns[pi].contained = contained;
        }
        for p in &mut patterns {
            p.candidates = p
                .entities
                .iter()
                .map(|&e| ids[e as usize].clone())
                .collect();
        }
        let single = ids.iter().map(|id| Arc::from([id.clone()])).collect();
        let (latin, other): (Vec<usize>, Vec<usize>) =
            (0..patterns.len()).partition(|&i| patterns[i].latin);
        let prefixes = Prefixes::new(latin.iter().map(|&i| keys[i].as_bytes()));
        let latin = Automaton::new(&keys, latin, StartKind::Anchored);
        let char_prefixes = CharPrefixes::new(other.iter().map(|&i| keys[i].as_str()));
        let other = Automaton::new(&keys, other, StartKind::Anchored);
        NameMatcher {
            prefixes,
            char_prefixes,
            latin,
            other,
            patterns,
            ids,
            single,
        }
    }

    /// The glossary id of an entity index.
    pub fn id(&self, entity: u32) -> &str {
        &self.ids[entity as usize]
    }

    /// Every name in `text` (display text of one paragraph), unresolved short and shared forms
    /// included with their candidates. Use [`resolve`] on a whole document to settle them.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        FOLD_BUFFERS.with_borrow_mut(|(folded, starts)| {
            fold_into(text, folded, starts);
            self.find_folded(text, folded, starts)
        })
    }

    /// Matches in the folded text, leftmost-longest and not overlapping: (folded start, folded
    /// end, pattern).
    fn matches(&self, text: &str, folded: &str, starts: &[u32]) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        // Forms without Latin letters lie in stretches without them.
        let bytes = folded.as_bytes();
        let mut k = 0;
        let mut letters = false;
        while k < bytes.len() {
            if bytes[k].is_ascii_alphabetic() {
                letters = true;
                k += 1;
                continue;
            }
            let from = k;
            while k < bytes.len() && !bytes[k].is_ascii_alphabetic() {
                k += 1;
            }
            // Leftmost-longest is the longest anchored match at the first position that has
            // one: try positions whose first two characters can begin a form.
            let segment = &folded[from..k];
            let mut chars = segment.char_indices().peekable();
            let mut next_free = from;
            while let Some((off, c1)) = chars.next() {
                let p = from + off;
                let Some(&(_, c2)) = chars.peek() else { break };
                if p < next_free || !self.char_prefixes.may_start(c1, c2) {
                    continue;
                }
                let input = Input::new(folded).range(p..k).anchored(Anchored::Yes);
                if let Some(m) = self.other.automaton.find(input) {
                    hits.push((
                        m.start(),
                        m.end(),
                        self.other.patterns[m.pattern().as_usize()],
                    ));
                    next_free = m.end();
                }
            }
        }
        // Latin forms start a word: a letter or digit (ASCII, Latin with marks, full-width)
        // after none. Folded, they hold an ASCII letter, so without one there is nothing to do.
        let tb = text.as_bytes();
        let mut k = 0;
        while letters && k < bytes.len() {
            let src = starts[k] as usize;
            let first = k == 0 || starts[k - 1] as usize != src;
            let b = bytes[k];
            let may_start = first
                && if b.is_ascii() {
                    b.is_ascii_alphanumeric()
                } else {
                    text[src..].chars().next().is_some_and(|c| {
                        ((c as u32) < 0x3000 || ('\u{FF00}'..='\u{FFEF}').contains(&c))
                            && c.is_alphanumeric()
                    })
                };
            let after_word = || match src.checked_sub(1).map(|p| tb[p]) {
                None => false,
                Some(p) if p.is_ascii() => p.is_ascii_alphanumeric(),
                Some(_) => text[..src]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric),
            };
            if may_start && self.prefixes.may_start(&bytes[k..]) && !after_word() {
                let input = Input::new(folded).range(k..).anchored(Anchored::Yes);
                if let Some(m) = self.latin.automaton.find(input) {
                    hits.push((
                        m.start(),
                        m.end(),
                        self.latin.patterns[m.pattern().as_usize()],
                    ));
                    k = m.end();
                    continue;
                }
            }
            k += 1;
        }
        // One list, leftmost first and longest first; overlaps dropped.
        hits.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut end = 0;
        hits.retain(|&(s, e, _)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        hits
    }

    fn find_folded(&self, text: &str, folded: &str, starts: &[u32]) -> Vec<Mention> {
        let mut out = Vec::new();
        for (fs, fe, pattern) in self.matches(text, folded, starts) {
            let p = &self.patterns[pattern];
            let start = starts[fs] as usize;
            let last = starts[fe - 1] as usize;
            let end = last + char_len_at(text, last);
            if p.latin {
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                if !boundary(before) || !boundary(after) {
                    continue;
                }
                // A short romanised form must be capitalised as written (Li, not li).
                if p.short && !text[start..].starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
            } else if p.short && !text[start..end].chars().all(is_han) {
                continue;
            }
            let unique = p.candidates.len() == 1 && !p.short;
            out.push(Mention {
                start,
                end,
                entity: unique.then(|| p.candidates[0].clone()),
                candidates: p.candidates.clone(),
                column: p.column,
                status: p.status,
                short: p.short,
                nested: false,
                resolution: if unique {
                    Resolution::Unique
                } else {
                    Resolution::Ambiguous
                },
            });
            for &e in &p.contained {
                out.push(Mention {
                    start,
                    end,
                    entity: Some(self.ids[e as usize].clone()),
                    candidates: self.single[e as usize].clone(),
                    column: p.column,
                    status: p.status,
                    short: false,
                    nested: true,
                    resolution: Resolution::Unique,
                });
            }
        }
        out
    }
}

/// Resolves short and shared forms across one document's paragraphs.
///
/// A short form (Tachibana, 小西, 隆景) can only name an entity written in full in the same
/// document in a form that contains it ("Tachibana Muneshige" yields Tachibana; "Takahashi
/// Munemasu" does not, whatever his later names). Among those, a single candidate is chosen; of
/// several, the one written in full most often if at least twice as often as the next (Li →
/// Li Rusong in an article about him); otherwise the mention stays unresolved. A form shared by
/// two entries resolves the same way on the entities written unambiguously elsewhere.
pub fn resolve(texts: &[&str], paragraphs: &mut [Vec<Mention>]) {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    let mut written: HashMap<EntityId, Vec<String>> = HashMap::new();
    for (text, ms) in texts.iter().zip(paragraphs.iter()) {
        for m in ms {
            if m.resolution == Resolution::Unique && !m.nested {
                if let Some(e) = &m.entity {
                    *counts.entry(e.clone()).or_default() += 1;
                    let key = crate::glossary::fold::fold(m.text(text));
                    let forms = written.entry(e.clone()).or_default();
                    if !forms.contains(&key) {
                        forms.push(key);
                    }
                }
            }
        }
    }
    for (text, ms) in texts.iter().zip(paragraphs.iter_mut()) {
        for m in ms {
            if m.resolution != Resolution::Ambiguous {
                continue;
            }
            let short_key = crate::glossary::fold::fold(m.text(text));
            let latin = is_latin_text(&short_key);
            let fits = |entity: &EntityId| -> bool {
                if !m.short {
                    return true;
                }
                written.get(entity).is_some_and(|forms| {
                    forms.iter().any(|f| {
                        if latin {
                            f.starts_with(&short_key) && f.len() > short_key.len()
                        } else {
                            f.contains(&short_key) && f.len() > short_key.len()
                        }
                    })
                })
            };
            let mut present: Vec<(&EntityId, usize)> = m
                .candidates
                .iter()
                .filter(|c| fits(c))
                .filter_map(|c| counts.get(c).map(|&n| (c, n)))
                .collect();
            present.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let chosen = match present.as_slice() {
                [(only, _)] => Some((*only).clone()),
                [(first, n1), (_, n2), ..] if *n1 >= 2 * *n2 && *n1 >= 2 => Some((*first).clone()),
                _ => None,
            };
            if let Some(e) = chosen {
                m.entity = Some(e);
                m.resolution = Resolution::Context;
            }
        }
    }
}

/// Everything found in one paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ParagraphMentions {
    /// Names.
    pub names: Vec<Mention>,
    /// Quantities.
    pub quantities: Vec<numbers::Quantity>,
    /// Dates.
    pub dates: Vec<dates::DateMention>,
}

/// Finds names, dates and quantities in the paragraphs of one document (display texts, in
/// order), resolving short forms and inferring missing years across the document.
pub fn scan_document(
    matcher: &NameMatcher,
    eras: &[dates::Era],
    lang: Lang,
    texts: &[&str],
) -> Vec<ParagraphMentions> {
    let mut names: Vec<Vec<Mention>> = texts.iter().map(|t| matcher.find(t)).collect();
    resolve(texts, &mut names);
    let mut year = None;
    let mut out = Vec::with_capacity(texts.len());
    for (text, names) in texts.iter().zip(names) {
        let mut ds = if lang.is_cjk() {
            dates::find_chinese(text, eras)
        } else {
            dates::find_english(text)
        };
        year = dates::fill_years(&mut ds, year).or(year);
        let skip: Vec<(usize, usize)> = ds.iter().map(|d| (d.start, d.end)).collect();
        let quantities = if lang.is_cjk() {
            numbers::find_chinese(text, &skip)
        } else {
            numbers::find_english(text, &skip)
        };
        // Held for the whole corpus: no spare capacity.
        let mut m = ParagraphMentions {
            names,
            quantities,
            dates: ds,
        };
        m.names.shrink_to_fit();
        m.quantities.shrink_to_fit();
        m.dates.shrink_to_fit();
        out.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::HEADER;
    use crate::glossary::io::load_sources;

    fn glossary() -> Glossary {
        let rows = "\
li-rusong,person,zh,ming,李如松,李如松,Lǐ Rúsōng,이여송,,,,,Li Rusong,,
li-rubai,person,zh,ming,李如柏,李如柏,Lǐ Rúbǎi,,,,,,Li Rubai,,
konishi-yukinaga,person,ja,japan,小西行長,小西行长,,,,,こにし ゆきなが,Konishi Yukinaga,Konishi Yukinaga,,
kobayakawa-takakage,person,ja,japan,小早川隆景,小早川隆景,,,,,こばやかわ たかかげ,Kobayakawa Takakage,Kobayakawa Takakage,,
byeokjegwan,place,ko,,碧蹄館,碧蹄馆,,벽제관,Byeokjegwan,Pyŏkchegwan,,,Byeokjegwan,,
battle-of-byeokjegwan,battle,zh,,碧蹄館之戰,碧蹄馆之战,,,,,,,Battle of Byeokjegwan,,
go-eonbaek,person,ko,joseon,高彥伯,高彦伯,,고언백,Go Eon-baek,Ko Ŏnbaek,,,Go Eon-baek,accepted:en:Ko Ŏnbaek,
liu-ting,person,zh,ming,劉綎,刘𬘩,,,,,,,Liu Ting,variant:zh_hant:劉鋌,
ichi,place,ko,,梨峙,,,,,,,,Ichi,,
";
        let text = format!("{}\n{rows}", HEADER.join(","));
        load_sources(vec![("t.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary
    }

    fn entities(text: &str, ms: &[Mention]) -> Vec<(String, Option<String>)> {
        ms.iter()
            .map(|m| {
                (
                    m.text(text).to_string(),
                    m.entity.as_deref().map(str::to_string),
                )
            })
            .collect()
    }

    #[test]
    fn leftmost_longest_and_nested() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        let text = "李如松率軍至碧蹄館之戰。The Battle of Byeokjegwan was fought.";
        let found = m.find(text);
        let e = entities(text, &found);
        assert_eq!(e[0], ("李如松".into(), Some("li-rusong".into())));
        assert_eq!(
            e[1],
            ("碧蹄館之戰".into(), Some("battle-of-byeokjegwan".into()))
        );
        assert_eq!(e[2], ("碧蹄館之戰".into(), Some("byeokjegwan".into())));
        assert!(found[2].nested);
        assert_eq!(
            e[3],
            (
                "Battle of Byeokjegwan".into(),
                Some("battle-of-byeokjegwan".into())
            )
        );
        assert_eq!(e[4].1.as_deref(), Some("byeokjegwan"));
    }

    #[test]
    fn folding_variants_and_offsets() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        let text = "led by Ko Onbaek and KO ŎNBAEK; 刘𬘩 and 劉鋌 and 碧蹄馆";
        let found = m.find(text);
        let written: Vec<&str> = found.iter().map(|f| f.text(text)).collect();
        assert_eq!(
            written,
            ["Ko Onbaek", "KO ŎNBAEK", "刘𬘩", "劉鋌", "碧蹄馆"]
        );
        let ids: Vec<_> = found.iter().filter_map(|f| f.entity.as_deref()).collect();
        assert_eq!(
            ids,
            [
                "go-eonbaek",
                "go-eonbaek",
                "liu-ting",
                "liu-ting",
                "byeokjegwan"
            ]
        );
        assert_eq!(found[3].status, Status::Variant);
    }

    #[test]
    fn latin_word_boundaries() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        assert!(m.find("which is it").is_empty(), "Ichi inside 'which is'");
        assert_eq!(m.find("the Ichi pass").len(), 1);
        // Folded, "Munich. Ichi" is "munichichi": the "ichi" inside "Munich." must not hide the
        // name that starts the next word.
        let text = "Munich. Ichi pass";
        let found = m.find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text(text), "Ichi");
    }

    #[test]
    fn short_forms_resolve_from_context_or_stay_open() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        let texts = [
            "小西行長率日軍。",
            "小西直到明軍開到城下才醒悟。隆景右翼先鋒",
            "Li Rusong sent Li Rubai. Li himself decided.",
        ];
        let mut doc: Vec<_> = texts.iter().map(|t| m.find(t)).collect();
        resolve(&texts, &mut doc);
        let konishi = doc[1]
            .iter()
            .find(|x| x.text(texts[1]) == "小西")
            .expect("short form found");
        assert_eq!(konishi.entity.as_deref(), Some("konishi-yukinaga"));
        assert_eq!(konishi.resolution, Resolution::Context);
        let takakage = doc[1]
            .iter()
            .find(|x| x.text(texts[1]) == "隆景")
            .expect("given name found");
        assert_eq!(
            takakage.entity, None,
            "Kobayakawa not written in full: unresolved"
        );
        assert_eq!(
            &*takakage.candidates,
            [EntityId::from("kobayakawa-takakage")]
        );
        let li = doc[2]
            .iter()
            .find(|x| x.text(texts[2]) == "Li")
            .expect("surname found");
        assert_eq!(li.entity, None, "two Lis once each: ambiguous");
        assert_eq!(li.resolution, Resolution::Ambiguous);
        let texts = [
            "Li Rusong sent Li Rubai.",
            "Li Rusong arrived. Li retreated.",
        ];
        let mut doc: Vec<_> = texts.iter().map(|t| m.find(t)).collect();
        resolve(&texts, &mut doc);
        let li = doc[1]
            .iter()
            .find(|x| x.text(texts[1]) == "Li")
            .expect("surname found");
        assert_eq!(
            li.entity.as_deref(),
            Some("li-rusong"),
            "written in full twice as often"
        );
    }

    #[test]
    fn lowercase_short_forms_are_not_names() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        assert!(m.find("the li of the road").is_empty());
    }
}
