//! Mentions: glossary names, quantities and dates found in paragraph text.
//!
//! Names are found with leftmost-longest automata over every folded glossary form (so 李如松
//! beats 李如, "Battle of Byeokjegwan" beats "Byeokjegwan"), on text folded character by
//! character (case, diacritics, separators, traditional/simplified and variant characters,
//! and characters that do not show: a name a zero-width space, a soft hyphen or a bidi control
//! interrupts is found as the reader sees it, and `check` flags the character).
//! Forms written in Latin letters can only start and end a word, so their automaton is run
//! anchored at word starts, and a form counts only where a word ends; a proper name the
//! glossary capitalises (`is_cased`) counts only where the text capitalises it too. The other
//! forms are searched anchored in the stretches of text without Latin letters. The text
//! is folded as it is walked, never written out: characters that can begin no form (most Han
//! characters, letters inside words, words whose first letters begin no form) are passed over
//! straight from the bytes, and an automaton is walked only where the first characters can
//! begin a form, until its dead end — from the bytes where the fold is one character per
//! character, through a [`FoldCursor`] elsewhere. Short forms — a Japanese
//! surname or given name alone (小西, 隆景), a romanised surname alone (Li, Tachibana) or a
//! romanised Japanese given name alone (Kiyomasa) — are
//! resolved from the names written in full in the same document, or left unresolved with their
//! candidates: never guessed silently. Quantities and dates are `numbers` and `dates`.

/// A struct of a pattern's capture group indices, looked up once by name: `caps.get(g.name)`
/// instead of looking the name up on every match.
macro_rules! capture_groups {
    ($(#[$doc:meta])* $name:ident { $($group:ident),* $(,)? }) => {
        $(#[$doc])*
        struct $name {
            $($group: usize,)*
        }

        impl $name {
            fn of(re: &super::near::Near) -> Self {
                let index = |group: &str| {
                    re.group_index(group)
                        .unwrap_or_else(|| panic!("the pattern has a group {group}"))
                };
                $name {
                    $($group: index(stringify!($group)),)*
                }
            }
        }
    };
}

pub mod concepts;
pub mod dates;
mod near;
pub mod numbers;
pub mod zh_context;

/// Byte spans sorted and merged where they overlap or touch: disjoint runs, for
/// [`overlaps_merged`].
pub(crate) fn merge_spans(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut v = spans.to_vec();
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `s..e` overlaps one of the `merged` runs ([`merge_spans`]): it does iff it overlaps
/// the last run starting before its end (a binary search, not a scan: a paragraph of a
/// megabyte holds tens of thousands of names).
pub(crate) fn overlaps_merged(merged: &[(usize, usize)], s: usize, e: usize) -> bool {
    let k = merged.partition_point(|&(ks, _)| ks < e);
    k > 0 && merged[k - 1].1 > s
}

/// The byte after the character at byte `i` of `text` (one past `i` at the end).
pub(crate) fn next_char(text: &str, i: usize) -> usize {
    i + text
        .get(i..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

use crate::corpus::Lang;
use crate::corpus::detect::{is_han, is_invisible};
use crate::glossary::derive::Rule;
use crate::glossary::fold::{
    FoldCursor, Folded, FoldedChar, fold_ascii, fold_code, fold_into, fold_one, folds_to_itself,
};
use crate::glossary::validate::is_personal_name;
use crate::glossary::{Column, Glossary, Kind, Origin, Status};
use aho_corasick::nfa::contiguous;
use aho_corasick::{AhoCorasick, Anchored, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU8, Ordering as AtomicOrdering};
use std::sync::{LazyLock, Mutex, PoisonError};

/// A glossary id. Interned: equal ids share one string for the life of the process, so a
/// mention copies a pointer and counts nothing (an `Arc` would count on every copy and drop,
/// from every thread of a parallel scan). The strings held are the glossary's ids, a few
/// kilobytes, each kept once however many glossaries are loaded.
#[derive(Clone, Copy)]
pub struct EntityId(&'static str);

impl EntityId {
    /// The interned id `id`.
    pub fn new(id: &str) -> Self {
        static IDS: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
        let mut ids = IDS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&s) = ids.get(id) {
            return EntityId(s);
        }
        let s: &'static str = Box::leak(id.into());
        ids.insert(s);
        EntityId(s)
    }

    /// The id as a string.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The list `ids`, interned like the ids themselves: one copy per distinct list (a
    /// glossary has one per form shared by several entries, and one per entry).
    pub fn list(ids: &[EntityId]) -> &'static [EntityId] {
        static LISTS: LazyLock<Mutex<HashSet<&'static [EntityId]>>> =
            LazyLock::new(Default::default);
        let mut lists = LISTS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&l) = lists.get(ids) {
            return l;
        }
        let l: &'static [EntityId] = Box::leak(ids.into());
        lists.insert(l);
        l
    }
}

impl std::ops::Deref for EntityId {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for EntityId {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for EntityId {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl From<&str> for EntityId {
    fn from(id: &str) -> Self {
        EntityId::new(id)
    }
}

impl PartialEq for EntityId {
    fn eq(&self, other: &Self) -> bool {
        // Interned: one string per id.
        std::ptr::eq(self.0, other.0) || self.0 == other.0
    }
}

impl Eq for EntityId {}

impl std::hash::Hash for EntityId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialOrd for EntityId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EntityId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(other.0)
    }
}

impl std::fmt::Debug for EntityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl std::fmt::Display for EntityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for EntityId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read as a string slice where the format lends one (JSON without escapes): a link's
        // evidence names many entities, and each is then looked up without an allocation.
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = EntityId;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a glossary id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EntityId, E> {
                Ok(EntityId::new(v))
            }
        }
        d.deserialize_str(Id)
    }
}

/// Reads [`Mention::candidates`], interned.
fn deserialize_candidates<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<&'static [EntityId], D::Error> {
    Ok(EntityId::list(&Vec::<EntityId>::deserialize(d)?))
}

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
    #[serde(deserialize_with = "deserialize_candidates")]
    pub candidates: &'static [EntityId],
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
    /// The rule that derived the spelling found, if the glossary does not list it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Rule>,
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
    candidates: &'static [EntityId],
    column: Column,
    status: Status,
    latin: bool,
    short: bool,
    /// A Latin form that is a proper name ([`is_cased`]): found only where the text begins it
    /// with a capital (Song, not song), by the automaton of [`UPPER`] word starts alone.
    cased: bool,
    /// Entities named by full forms inside this form (a battle's place).
    contained: Vec<u32>,
    /// The rule that derived this spelling, if no entry lists it.
    derived: Option<Rule>,
}

/// One automaton over some of the patterns.
#[derive(Debug)]
struct Automaton {
    /// The trie of the patterns, walked a byte at a time.
    trie: contiguous::NFA,
    /// Automaton pattern → index in [`NameMatcher::patterns`].
    patterns: Vec<usize>,
}

/// A name found: where it lies in the folded text (as [`FoldCursor::position`]s) and in the
/// display text, and its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    folded: ((usize, usize), (usize, usize)),
    display: (usize, usize),
    pattern: usize,
}

impl Automaton {
    /// A leftmost-longest automaton over `keys[i]` for each `i` in `which`, walked anchored. A
    /// contiguous NFA, not a DFA: the walks are a few bytes long, from where the first
    /// characters can begin a form, and the DFA's tables (1.9 MB for the Latin forms, 3.8 MB
    /// for the others) missed the caches; in alternating runs the NFA scanned a mixed
    /// scale-100 sample 5–15 % faster, and it takes a fraction of the memory and build time.
    fn new(keys: &[String], which: Vec<usize>) -> Self {
        let trie = contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(which.iter().map(|&i| &keys[i]))
            .expect("glossary automaton builds");
        Automaton {
            trie,
            patterns: which,
        }
    }

    /// The longest form that starts where `from` stands, read from the folded text without
    /// writing it (`None` if none). With `in_stretch`, an ASCII letter ends the text.
    fn longest(&self, from: FoldCursor<'_>, in_stretch: bool) -> Option<Hit> {
        let found = longest(&self.trie, from, in_stretch);
        found.map(|(pattern, first, last, end)| Hit {
            folded: (first.position(), end),
            display: (first.src, last.src + last.source.len_utf8()),
            pattern: self.patterns[pattern],
        })
    }
}

/// The longest pattern of `aut` that the folded text from `cursor` starts with: the pattern,
/// the first and the last folded characters it covers, and the position after it. The walk
/// stops at the trie's dead end, so it reads no further than the longest pattern.
fn longest<A: aho_corasick::automaton::Automaton>(
    aut: &A,
    mut cursor: FoldCursor<'_>,
    in_stretch: bool,
) -> Option<(usize, FoldedChar, FoldedChar, (usize, usize))> {
    let mut sid = aut.start_state(Anchored::Yes).ok()?;
    let mut read = 0;
    let mut first = None;
    let mut best = None;
    while let Some(f) = cursor.next_char() {
        if in_stretch && f.c.is_ascii_alphabetic() {
            break;
        }
        let first = *first.get_or_insert(f);
        let mut buf = [0u8; 4];
        let bytes = f.c.encode_utf8(&mut buf).as_bytes();
        for &b in bytes {
            read += 1;
            sid = aut.next_state(Anchored::Yes, sid, b);
            if aut.is_special(sid) {
                if aut.is_dead(sid) {
                    return best;
                }
                // A match state can also hold shorter patterns reached by failure links; only
                // a pattern as long as the bytes read starts at `from`. A Latin form ends a
                // word.
                if aut.is_match(sid) {
                    let pid = aut.match_pattern(sid, 0);
                    if aut.pattern_len(pid) == read
                        && (in_stretch || ends_word(cursor.text(), f.src + f.source.len_utf8()))
                    {
                        best = Some((pid.as_usize(), first, f, cursor.position()));
                    }
                }
            }
        }
    }
    best
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
    /// Bit per hash of the first three bytes: some form is just these three bytes.
    whole_three: Box<[u64]>,
    /// Bit per hash of the first four bytes: some longer form starts with them.
    four: Box<[u64]>,
    /// Per byte: some form starts with it.
    first: [bool; 256],
    /// Bit per three ASCII bytes, five bits each ([`LETTER`], 0 for a byte that is not a
    /// letter): set unless they begin no form. Three letters begin one if some form starts
    /// with them (a form of two letters ends a word); two letters and another byte, if some
    /// form starts with the two; a letter and another byte, if some form starts with the
    /// letter. Exact, unlike the hashed bits above, and read straight from the text: most
    /// words of English begin no form.
    letters: Box<[u64]>,
}

/// Per byte: a letter's number, 1 to 26 for a to z and A to Z; 0 for any other byte.
const LETTER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 26 {
        t[b'a' as usize + b] = b as u8 + 1;
        t[b'A' as usize + b] = b as u8 + 1;
        b += 1;
    }
    t
};

/// The first bytes of a folded text, as many as [`Prefixes`] reads (four, fewer at its end):
/// packed first byte highest (so that no byte array goes through memory), and their number.
type Lead = (u32, usize);

/// The [`Lead`] of a form.
fn lead_of(bytes: &[u8]) -> Lead {
    let n = bytes.len().min(4);
    let h = bytes[..n].iter().fold(0u32, |h, &b| h << 8 | b as u32) << (8 * (4 - n));
    (h, n)
}

impl Prefixes {
    const BITS: usize = 1 << 16;

    fn two_key(lead: u32) -> usize {
        (lead >> 16) as usize
    }

    fn three_key(lead: u32) -> usize {
        ((lead >> 8).wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    fn four_key(lead: u32) -> usize {
        (lead.wrapping_mul(0x85EB_CA6B) >> 16) as usize
    }

    fn set(bits: &mut [u64], k: usize) {
        bits[k / 64] |= 1 << (k % 64);
    }

    fn get(bits: &[u64], k: usize) -> bool {
        bits[k / 64] & (1 << (k % 64)) != 0
    }

    /// The index in [`Self::letters`] of three bytes.
    #[inline(always)]
    fn letters_key(a: u8, b: u8, c: u8) -> usize {
        let l = |x: u8| LETTER[x as usize] as usize;
        l(a) << 10 | l(b) << 5 | l(c)
    }

    fn new<'a>(forms: impl Iterator<Item = &'a [u8]>) -> Self {
        let empty = || vec![0u64; Self::BITS / 64].into_boxed_slice();
        let mut p = Prefixes {
            two: empty(),
            whole_two: empty(),
            three: empty(),
            whole_three: empty(),
            four: empty(),
            first: [false; 256],
            letters: vec![0u64; (1 << 15) / 64].into_boxed_slice(),
        };
        // A text that does not begin with a letter may begin anything.
        for k in 0..1 << 10 {
            Self::set(&mut p.letters, k);
        }
        for f in forms {
            if f.len() < 2 {
                continue;
            }
            // Folded, a letter is lowercase; in the key, 0 stands for any other byte.
            let l = |b: u8| LETTER[b as usize] as usize;
            let letter = |b: u8| b.is_ascii_lowercase();
            let mut set =
                |a: usize, b: usize, c: usize| Self::set(&mut p.letters, a << 10 | b << 5 | c);
            if letter(f[0]) {
                for c in 0..27 {
                    set(l(f[0]), 0, c);
                }
                if letter(f[1]) {
                    set(l(f[0]), l(f[1]), 0);
                    if let Some(&c) = f.get(2).filter(|&&c| letter(c)) {
                        set(l(f[0]), l(f[1]), l(c));
                    }
                }
            }
            let (lead, _) = lead_of(f);
            p.first[f[0] as usize] = true;
            Self::set(&mut p.two, Self::two_key(lead));
            match f.len() {
                2 => Self::set(&mut p.whole_two, Self::two_key(lead)),
                3 => {
                    Self::set(&mut p.three, Self::three_key(lead));
                    Self::set(&mut p.whole_three, Self::three_key(lead));
                }
                _ => {
                    Self::set(&mut p.three, Self::three_key(lead));
                    Self::set(&mut p.four, Self::four_key(lead));
                }
            }
        }
        p
    }

    /// False when no form can start with the folded text whose first bytes are `lead`.
    #[inline]
    fn may_start(&self, (lead, len): Lead) -> bool {
        if len < 2 {
            return false;
        }
        let k = Self::two_key(lead);
        if !Self::get(&self.two, k) {
            return false;
        }
        if Self::get(&self.whole_two, k) {
            return true;
        }
        let k = Self::three_key(lead);
        if len < 3 || !Self::get(&self.three, k) {
            return false;
        }
        Self::get(&self.whole_three, k) || (len == 4 && Self::get(&self.four, Self::four_key(lead)))
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
        Self::pair_key_code(a as u32, b as u32)
    }

    #[inline(always)]
    fn pair_key_code(a: u32, b: u32) -> usize {
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

    /// False when no form starts with `a`.
    fn may_begin(&self, a: char) -> bool {
        Prefixes::get(&self.first, Self::first_key(a))
    }

    /// False when no form starts with `a`, `b` (given that [`Self::may_begin`] holds for `a`).
    fn may_continue(&self, a: char, b: char) -> bool {
        Prefixes::get(&self.pairs, Self::pair_key(a, b))
    }

    /// [`Self::may_continue`] of two characters given by their codes.
    #[inline(always)]
    fn may_continue_code(&self, a: u32, b: u32) -> bool {
        Prefixes::get(&self.pairs, Self::pair_key_code(a, b))
    }
}

/// Finds glossary names in text.
#[derive(Debug)]
pub struct NameMatcher {
    /// The entities with words that hold one of their forms without naming them (`#notin`),
    /// and those words.
    not_in: HashMap<EntityId, Box<[String]>>,
    /// First bytes of the Latin forms: of those found after a [`LOWER`] word start, and of all.
    prefixes: [Prefixes; 2],
    /// First characters of the other forms.
    char_prefixes: CharPrefixes,
    /// Forms with Latin letters, searched anchored at word starts: those found after a
    /// [`LOWER`] word start (not [`Pattern::cased`]), and all.
    latin: [Automaton; 2],
    /// The other forms (Han, kana, hangul), searched in stretches without Latin letters.
    other: Automaton,
    patterns: Vec<Pattern>,
    ids: Vec<EntityId>,
    /// Per entity: the one-element candidate list of a name nested in another.
    single: Vec<&'static [EntityId]>,
    /// Per ASCII byte, where no form is open: skipped by [`Self::skip_quiet`] after a
    /// character that is not an ASCII letter or digit, and after one that is.
    ascii_quiet: [bool; 128],
    ascii_quiet_in_word: [bool; 128],
    /// Per BMP character: [`QUIET`], [`BEGINS_OTHER`], [`LOUD`] or 0, not yet known
    /// ([`Self::quietness`]).
    quiet: Box<[AtomicU8]>,
    /// Per pattern, its folded form (for the reference matcher the tests compare with).
    #[cfg(test)]
    keys: Vec<String>,
}

/// Indices of the two automata in [`NameMatcher::matches`]'s `free`: Latin forms, and forms
/// without Latin letters.
const LATIN: usize = 0;
const OTHER: usize = 1;

/// Indices of [`NameMatcher::latin`] and [`NameMatcher::prefixes`]: for a word that starts
/// with a character other than a capital, and for one that starts with a capital.
const LOWER: usize = 0;
const UPPER: usize = 1;

/// What [`NameMatcher::walk`] found.
enum Walked {
    /// No form starts there.
    None,
    /// The longest form that starts there.
    Hit(Hit),
    /// A character that folds to several: the main loop must see.
    Unsure,
}

/// In [`NameMatcher::quiet`] (0: not yet known), see [`quietness`].
const QUIET: u8 = 1;
const LOUD: u8 = 2;
const BEGINS_OTHER: u8 = 3;

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

/// One pattern of the name matcher as an entry gives it: the folded key, the folded words,
/// the entry (by index), and how the form stands.
#[derive(Debug, Clone)]
pub struct PatternSource {
    /// The folded form: what the text is matched against.
    pub key: String,
    /// The folded form with its word boundaries.
    pub words: String,
    /// The entry, by index in the glossary.
    pub entity: u32,
    /// The form's column.
    pub column: Column,
    /// The form's standing.
    pub status: Status,
    /// A surname or given name alone.
    pub short: bool,
    /// A proper name (matched only from a capital).
    pub cased: bool,
    /// The derivation rule of a derived spelling.
    pub derived: Option<Rule>,
}

/// Every pattern the matcher of `glossary` is built from, in the order it takes them: listed
/// forms, derived spellings, short forms of personal names. What it yields for an entry
/// depends on that entry alone, so the matcher of a part of the glossary has exactly the
/// patterns of its entries.
pub fn for_each_pattern(glossary: &Glossary, mut emit: impl FnMut(PatternSource)) {
    for (i, e) in glossary.entries.iter().enumerate() {
        let i = i as u32;
        for (column, text, status) in e.forms() {
            let cased = is_cased(e.kind, text);
            let key = crate::glossary::fold::fold(text);
            emit(PatternSource {
                key,
                words: fold_words(text),
                entity: i,
                column,
                status,
                short: false,
                cased,
                derived: None,
            });
            // "The Red Coat General" is "the Red Coat General" inside a sentence.
            if let Some(rest) = text.strip_prefix("The ").filter(|_| cased) {
                let key = crate::glossary::fold::fold(rest);
                emit(PatternSource {
                    key,
                    words: fold_words(rest),
                    entity: i,
                    column,
                    status,
                    short: false,
                    cased: is_cased(e.kind, rest),
                    derived: None,
                });
            }
        }
    }
    // Derived spellings (Lee Sun-shin, Jeolla-do, Siege of X), after the listed forms so
    // that a listed form always wins its key, before short forms so that they win theirs.
    for d in crate::glossary::derive::derive(glossary) {
        let e = &glossary.entries[d.entry];
        emit(PatternSource {
            key: crate::glossary::fold::fold(&d.form),
            words: fold_words(&d.form),
            entity: d.entry as u32,
            column: d.column,
            status: d.status,
            short: false,
            cased: is_cased(e.kind, &d.form),
            derived: Some(d.rule),
        });
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
                    // The surname; for a Japanese name also the given name, which histories
                    // use alone (Hideyoshi, Kiyomasa), as 隆景 stands for 小早川隆景.
                    let given = (e.origin == Origin::Ja && words.len() == 2).then(|| words[1]);
                    for part in std::iter::once(words[0]).chain(given) {
                        emit(PatternSource {
                            key: crate::glossary::fold::fold(part),
                            words: fold_words(part),
                            entity: i,
                            column,
                            status,
                            short: true,
                            cased: true,
                            derived: None,
                        });
                    }
                }
            } else if column == Column::ZhHant && e.origin == Origin::Ja {
                let chars: Vec<char> = text.chars().collect();
                if chars.len() >= 4 {
                    let (sur, given) = chars.split_at(chars.len() - 2);
                    for part in [sur, given] {
                        let s: String = part.iter().collect();
                        emit(PatternSource {
                            key: crate::glossary::fold::fold(&s),
                            words: s.clone(),
                            entity: i,
                            column,
                            status,
                            short: true,
                            cased: false,
                            derived: None,
                        });
                    }
                }
            }
        }
    }
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
                       short: bool,
                       cased: bool,
                       derived: Option<Rule>| {
            let latin = is_latin_text(&key);
            let cased = latin && (short || cased);
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
                            candidates: &[],
                            column,
                            status,
                            latin,
                            short: false,
                            cased,
                            contained: Vec::new(),
                            derived,
                        };
                    } else if p.derived.is_some() != derived.is_some() {
                        // A listed form wins over a derived spelling (listed forms come first).
                    } else if p.short == short {
                        // One form of several names: a proper name only if each is.
                        p.cased &= cased;
                        if !p.entities.contains(&entity) {
                            p.entities.push(entity);
                        }
                    }
                }
                None => {
                    by_key.insert(key.clone(), patterns.len());
                    keys.push(key);
                    spaced.push(words);
                    patterns.push(Pattern {
                        entities: vec![entity],
                        candidates: &[],
                        column,
                        status,
                        latin,
                        short,
                        cased,
                        contained: Vec::new(),
                        derived,
                    });
                }
            }
        };
        for_each_pattern(glossary, |p| {
            add(
                p.key, p.words, p.entity, p.column, p.status, p.short, p.cased, p.derived,
            )
        });
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
            let spans: Vec<(usize, usize, usize)> = if patterns[pi].latin {
                let hay = format!(" {} ", spaced[pi]);
                inner
                    .as_ref()
                    .map(|a| {
                        a.find_overlapping_iter(&hay)
                            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                inner_cjk
                    .as_ref()
                    .map(|a| {
                        a.find_overlapping_iter(&keys[pi])
                            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut spans: Vec<(usize, usize, usize)> = spans
                .into_iter()
                .filter(|&(_, _, qi)| {
                    let q = &patterns[qi];
                    qi != pi
                        && !q.short
                        && q.entities.len() == 1
                        && q.latin == patterns[pi].latin
                        && matches!(kinds[q.entities[0] as usize], Kind::Place | Kind::Polity)
                })
                .collect();
            // The inner names read leftmost-longest, as in a text, with the names that begin
            // them: a Chinese or Korean place name ends in its head, so 釜山浦 (the harbour) is
            // in 釜山 (Busan), but 東萊 (Dongnae) is not in 萊 (Laizhou), nor does 萊城之戰
            // (a derived form) run across the end of 東萊城 in 東萊城之戰. Latin forms are
            // matched with a space either side, which two words in a row share.
            spans.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
            let shared_space = usize::from(patterns[pi].latin);
            let mut hits: Vec<usize> = Vec::new();
            let (mut begun, mut reached) = (0, 0);
            for (s, e, q) in spans {
                if s + shared_space >= reached {
                    (begun, reached) = (s, e);
                    hits.push(q);
                } else if s == begun {
                    hits.push(q);
                }
            }
            for qi in hits {
                let q = &patterns[qi];
                let entity = q.entities[0];
                if !patterns[pi].entities.contains(&entity) && !contained.contains(&entity) {
                    contained.push(entity);
                }
            }
            patterns[pi].contained = contained;
        }
        for p in &mut patterns {
            let list: Vec<EntityId> = p.entities.iter().map(|&e| ids[e as usize]).collect();
            p.candidates = EntityId::list(&list);
        }
        let single = ids.iter().map(|&id| EntityId::list(&[id])).collect();
        let (latin, other): (Vec<usize>, Vec<usize>) =
            (0..patterns.len()).partition(|&i| patterns[i].latin);
        let lower: Vec<usize> = latin
            .iter()
            .copied()
            .filter(|&i| !patterns[i].cased)
            .collect();
        let prefixes =
            [&lower, &latin].map(|w| Prefixes::new(w.iter().map(|&i| keys[i].as_bytes())));
        let latin = [lower, latin].map(|w| Automaton::new(&keys, w));
        let char_prefixes = CharPrefixes::new(other.iter().map(|&i| keys[i].as_str()));
        let other = Automaton::new(&keys, other);
        let mut ascii_quiet = [false; 128];
        let mut ascii_quiet_in_word = [false; 128];
        for b in 0..128u8 {
            let c = b as char;
            ascii_quiet[b as usize] =
                quietness(c, false, &char_prefixes, &prefixes[UPPER]) == QUIET;
            ascii_quiet_in_word[b as usize] =
                quietness(c, true, &char_prefixes, &prefixes[UPPER]) == QUIET;
        }
        NameMatcher {
            not_in: glossary
                .entries
                .iter()
                .filter_map(|e| {
                    let words = e.tags().not_in;
                    (!words.is_empty())
                        .then(|| (EntityId::from(e.id.as_str()), words.into_boxed_slice()))
                })
                .collect(),
            #[cfg(test)]
            keys: keys.clone(),
            ascii_quiet,
            ascii_quiet_in_word,
            quiet: (0..0x10000).map(|_| AtomicU8::new(0)).collect(),
            prefixes,
            char_prefixes,
            latin,
            other,
            patterns,
            ids,
            single,
        }
    }

    /// The sites of the battles: each battle's places named inside its name (唐項浦 in
    /// 唐項浦海戰, Danghangpo in "Battle of Danghangpo"), by the battle's id.
    pub fn battle_sites(&self) -> HashMap<EntityId, Vec<EntityId>> {
        let mut out: HashMap<EntityId, Vec<EntityId>> = HashMap::new();
        for p in &self.patterns {
            if p.contained.is_empty() || p.entities.len() != 1 {
                continue;
            }
            let sites = out.entry(self.ids[p.entities[0] as usize]).or_default();
            for &e in &p.contained {
                let id = self.ids[e as usize];
                if !sites.contains(&id) {
                    sites.push(id);
                }
            }
        }
        out
    }

    /// The glossary id of an entity index.
    pub fn id(&self, entity: u32) -> &str {
        &self.ids[entity as usize]
    }

    /// Every name in `text` (display text of one paragraph), unresolved short and shared forms
    /// included with their candidates. Use [`resolve`] on a whole document to settle them.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut found = self.mentions(text, self.matches(text));
        if !self.not_in.is_empty() {
            found.retain(|m| !self.held_by_a_word(text, m));
        }
        found
    }

    /// Whether mention `m` of `text` lies inside a word that holds a form of its entry without
    /// naming it ([`crate::glossary::NoteTags::not_in`]).
    fn held_by_a_word(&self, text: &str, m: &Mention) -> bool {
        let single = match m.candidates {
            [one] => Some(*one),
            _ => None,
        };
        let Some(e) = m.entity.or(single) else {
            return false;
        };
        let Some(words) = self.not_in.get(&e) else {
            return false;
        };
        words.iter().any(|w| {
            // An occurrence of the word starts at most its length before the mention.
            let mut from = m.start.saturating_sub(w.len());
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let to = (m.end + w.len()).min(text.len());
            let mut to = to;
            while !text.is_char_boundary(to) {
                to += 1;
            }
            text[from..to]
                .match_indices(w.as_str())
                .any(|(at, _)| from + at <= m.start && from + at + w.len() >= m.end)
        })
    }

    /// Matches in the folded text, leftmost-longest and not overlapping. The text is folded
    /// as it is walked, once, and never written out: a form is tried only where its first
    /// characters can begin one, and read from there until the automaton's dead end.
    fn matches(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut cursor = FoldCursor::new(text);
        // Forms without Latin letters lie in stretches without them. `open`: the previous
        // character of the stretch, when some form begins with it, and the cursor before it.
        let mut open: Option<(FoldCursor, FoldedChar)> = None;
        // Where the last Latin form and the last form without Latin letters found end: no
        // other form is tried before.
        let mut free = [(0, 0); 2];
        loop {
            if open.is_none() {
                self.skip_quiet(&mut cursor, &mut hits, &mut free);
            }
            let before = cursor;
            let Some(f) = cursor.next_char() else { break };
            if f.c.is_ascii_alphabetic() {
                open = None;
            } else {
                if let Some((from, c1)) = open.take() {
                    // Leftmost-longest is the longest anchored match at the first position
                    // that has one.
                    if c1.position() >= free[OTHER]
                        && self.char_prefixes.may_continue(c1.c, f.c)
                        && let Some(hit) = self.other.longest(from, true)
                    {
                        free[OTHER] = hit.folded.1;
                        hits.push(hit);
                    }
                }
                if self.char_prefixes.may_begin(f.c) {
                    open = Some((before, f));
                }
            }
            if f.sub == 0
                && f.position() >= free[LATIN]
                && starts_word(text, &f)
                && self.prefixes[case_of(f.source)].may_start(lead(f, cursor))
                && let Some(hit) = self.latin[case_of(f.source)].longest(before, false)
            {
                free[LATIN] = hit.folded.1;
                hits.push(hit);
            }
        }
        // One list, leftmost first and longest first; overlaps dropped.
        hits.sort_unstable_by_key(|h| (h.folded.0, std::cmp::Reverse(h.folded.1)));
        let mut end = (0, 0);
        hits.retain(|h| {
            let keep = h.folded.0 >= end;
            if keep {
                end = h.folded.1;
            }
            keep
        });
        hits
    }

    /// Moves `cursor` past the characters that can neither begin a form nor end a stretch
    /// with something to try, given that no form is open: separators, most Han characters,
    /// letters inside a word. Most of a text is passed over here, a byte or a character at a
    /// time, without folding. Where a form can begin, at a word start after an ASCII byte or at
    /// a character that begins only forms without Latin letters (followed by one that can come
    /// next in such a form), the automaton is walked here too, straight from the bytes
    /// ([`walk`]): a form found goes to `hits` and moves `free` (latin, other) past it,
    /// as in [`Self::matches`], and the skip goes on. It stops where the main loop must look.
    fn skip_quiet(
        &self,
        cursor: &mut FoldCursor<'_>,
        hits: &mut Vec<Hit>,
        free: &mut [(usize, usize); 2],
    ) {
        let (src, pending) = cursor.position();
        if pending != 0 {
            return;
        }
        let text = cursor.text();
        let bytes = text.as_bytes();
        let mut i = src;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                let prev = if i > 0 { bytes[i - 1] } else { b' ' };
                if prev.is_ascii_alphanumeric() {
                    // After an ASCII letter or digit, a letter starts no word.
                    if !self.ascii_quiet_in_word[b as usize] {
                        break;
                    }
                } else if !self.ascii_quiet[b as usize] {
                    // A character that can begin a form without Latin letters, or a word that
                    // can begin a Latin form.
                    if !self.ascii_quiet_in_word[b as usize] {
                        break;
                    }
                    if prev >= 0x80 {
                        // After a character outside ASCII: whether a word starts here is the
                        // main loop's to say, if the first bytes can begin a form.
                        if ascii_lead(&bytes[i..])
                            .is_none_or(|l| self.prefixes[case_of(b as char)].may_start(l))
                        {
                            break;
                        }
                    } else if (i, 0) >= free[LATIN] && self.may_start_letters(bytes, i) {
                        match self.found_at(LATIN, text, i, hits, free) {
                            None => break,
                            Some(None) => {}
                            Some(Some(end)) => {
                                i = end;
                                continue;
                            }
                        }
                    }
                }
                i += 1;
                // The rest of a word's letters, after a letter or digit, are all quiet, and so
                // is a space after them.
                if b.is_ascii_alphanumeric() {
                    i = past_letters(bytes, i);
                    if bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                continue;
            }
            // Most of a Chinese text: quiet characters of three bytes.
            i = self.skip_quiet_wide(bytes, i);
            let Some((code, len)) = decode_bmp(bytes, i) else {
                break;
            };
            match self.quietness(code) {
                QUIET => {}
                // A character that can only begin a form without Latin letters: quiet unless
                // the next character can follow it in one, or if inside a form found.
                BEGINS_OTHER => {
                    if (i, 0) >= free[OTHER]
                        && !self.ends_no_pair(code, bytes, i + len)
                        && self.found_at(OTHER, text, i, hits, free).is_none()
                    {
                        break;
                    }
                }
                _ => break,
            }
            i += len;
        }
        cursor.skip_to(i);
    }

    /// False when no Latin form can start at byte `i` of `bytes`, an ASCII letter that starts a
    /// word, given its first three bytes ([`Prefixes::letters`]) and its case ([`UPPER`] is 1):
    /// one table read, without a branch.
    #[inline(always)]
    fn may_start_letters(&self, bytes: &[u8], i: usize) -> bool {
        let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
        let a = at(i);
        let case = usize::from(a.wrapping_sub(b'A') < 26);
        let k = Prefixes::letters_key(a, at(i + 1), at(i + 2));
        Prefixes::get(&self.prefixes[case].letters, k)
    }

    /// The longest form of automaton `which` ([`LATIN`] or [`OTHER`]) that starts at byte
    /// `i` ([`walk`]), recorded in `hits` with `free[which]` moved past it: `None` if the
    /// main loop must look, else where the form found ends, if one is.
    #[inline(always)]
    fn found_at(
        &self,
        which: usize,
        text: &str,
        i: usize,
        hits: &mut Vec<Hit>,
        free: &mut [(usize, usize); 2],
    ) -> Option<Option<usize>> {
        let (aut, in_stretch) = if which == LATIN {
            (&self.latin[case_of(text.as_bytes()[i] as char)], false)
        } else {
            (&self.other, true)
        };
        match walk(&aut.trie, &aut.patterns, text, i, in_stretch) {
            Walked::Unsure => None,
            Walked::None => Some(None),
            Walked::Hit(hit) => {
                free[which] = hit.folded.1;
                hits.push(hit);
                Some(Some(hit.display.1))
            }
        }
    }

    /// The first byte from `i` that does not begin a three-byte character already known to be
    /// [`QUIET`]: the loop that passes over most of a Chinese text.
    #[inline(always)]
    fn skip_quiet_wide(&self, bytes: &[u8], mut i: usize) -> usize {
        let quiet = &*self.quiet;
        while let Some((code, 3)) = decode_bmp(bytes, i) {
            if quiet
                .get(code as usize)
                .is_none_or(|q| q.load(AtomicOrdering::Relaxed) != QUIET)
            {
                break;
            }
            i += 3;
        }
        i
    }

    /// Whether the character `code` (BMP, not ASCII) is [`QUIET`], begins only forms without
    /// Latin letters ([`BEGINS_OTHER`]), or neither ([`LOUD`]) for [`Self::skip_quiet`] (see
    /// [`quietness`]). Decided on first sight.
    #[inline]
    fn quietness(&self, code: u32) -> u8 {
        let Some(slot) = self.quiet.get(code as usize) else {
            return LOUD;
        };
        match slot.load(AtomicOrdering::Relaxed) {
            0 => {
                let q = char::from_u32(code).map_or(LOUD, |c| {
                    quietness(c, false, &self.char_prefixes, &self.prefixes[UPPER])
                });
                slot.store(q, AtomicOrdering::Relaxed);
                q
            }
            q => q,
        }
    }

    /// Whether a character `first` ([`BEGINS_OTHER`]) followed by the text from byte `next`
    /// begins no form: the next character ends the stretch (an ASCII letter) or is not one
    /// that follows `first` in a form. `false` where the main loop must see (a separator, a
    /// character that folds to several, ASCII other than letters).
    #[inline]
    fn ends_no_pair(&self, first: u32, bytes: &[u8], next: usize) -> bool {
        let Some(&b) = bytes.get(next) else {
            return true;
        };
        if b < 0x80 {
            return b.is_ascii_alphabetic();
        }
        let Some((code, _)) = decode_bmp(bytes, next) else {
            return false;
        };
        match (fold_one(first), fold_one(code)) {
            (Some(a), Some(b)) => {
                u8::try_from(b).is_ok_and(|b| b.is_ascii_alphabetic())
                    || !self.char_prefixes.may_continue_code(a, b)
            }
            _ => false,
        }
    }

    fn mentions(&self, text: &str, hits: Vec<Hit>) -> Vec<Mention> {
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let p = &self.patterns[hit.pattern];
            let (start, end) = hit.display;
            // A Latin form was walked for only from a word start, recorded only where it ends a
            // word, and, if a proper name (short forms are: Li, not li), only from a capital.
            debug_assert!(
                !p.latin
                    || (!text[..start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && ends_word(text, end)
                        && (!p.cased || text[start..].starts_with(char::is_uppercase)))
            );
            if !p.latin
                && p.short
                && !text[start..end]
                    .chars()
                    .all(|c| is_han(c) || is_invisible(c))
            {
                continue;
            }
            let unique = p.candidates.len() == 1 && !p.short;
            out.push(Mention {
                start,
                end,
                entity: unique.then(|| p.candidates[0]),
                candidates: p.candidates,
                column: p.column,
                status: p.status,
                short: p.short,
                nested: false,
                resolution: if unique {
                    Resolution::Unique
                } else {
                    Resolution::Ambiguous
                },
                derived: p.derived,
            });
            for &e in &p.contained {
                out.push(Mention {
                    start,
                    end,
                    entity: Some(self.ids[e as usize]),
                    candidates: self.single[e as usize],
                    column: p.column,
                    status: p.status,
                    short: false,
                    nested: true,
                    resolution: Resolution::Unique,
                    derived: None,
                });
            }
        }
        out
    }
}

/// The longest form of `aut` (whose pattern `i` is `patterns[i]` of the matcher) that starts
/// at byte `from` of `text`, read character by character through the fold until the
/// automaton's dead end: what [`Automaton::longest`] finds from a cursor there, without one.
/// With `in_stretch`, an ASCII letter ends the text. [`Walked::Unsure`] at a character that
/// folds to several.
#[inline(always)]
fn walk<A: aho_corasick::automaton::Automaton>(
    aut: &A,
    patterns: &[usize],
    text: &str,
    from: usize,
    in_stretch: bool,
) -> Walked {
    let bytes = text.as_bytes();
    let Ok(mut sid) = aut.start_state(Anchored::Yes) else {
        return Walked::Unsure;
    };
    let (mut read, mut best, mut at) = (0, None, from);
    // One folded byte: false at the automaton's dead end.
    macro_rules! step {
        ($byte:expr) => {{
            read += 1;
            sid = aut.next_state(Anchored::Yes, sid, $byte);
            if aut.is_special(sid) {
                if aut.is_dead(sid) {
                    false
                } else {
                    if aut.is_match(sid) {
                        let pid = aut.match_pattern(sid, 0);
                        if aut.pattern_len(pid) == read && (in_stretch || ends_word(text, at)) {
                            best = Some((pid.as_usize(), at));
                        }
                    }
                    true
                }
            } else {
                true
            }
        }};
    }
    'text: while let Some(&b) = bytes.get(at) {
        if b < 0x80 {
            if in_stretch && b.is_ascii_alphabetic() {
                break;
            }
            at += 1;
            if let Some(f) = fold_ascii(b)
                && !step!(f)
            {
                break;
            }
            continue;
        }
        let Some((code, len)) = decode_bmp(bytes, at) else {
            return Walked::Unsure;
        };
        let source = at;
        at += len;
        if folds_to_itself(code) {
            // Most Han characters: the automaton reads the source bytes.
            for &f in &bytes[source..at] {
                if !step!(f) {
                    break 'text;
                }
            }
            continue;
        }
        match fold_code(code) {
            Folded::Dropped => {}
            Folded::Other => return Walked::Unsure,
            Folded::One(c) if in_stretch && c.is_ascii_alphabetic() => break,
            Folded::One(c) => {
                let mut buf = [0u8; 4];
                for &f in c.encode_utf8(&mut buf).as_bytes() {
                    if !step!(f) {
                        break 'text;
                    }
                }
            }
        }
    }
    match best {
        None => Walked::None,
        Some((pattern, end)) => Walked::Hit(Hit {
            folded: ((from, 0), (end, 0)),
            display: (from, end),
            pattern: patterns[pattern],
        }),
    }
}

/// Whether a word ends at byte `at` of `text`: no letter or digit follows (characters that do
/// not show, [`is_invisible`], passed over), or a status marker glued to the name does
/// ([`glued_marker`]). A Latin form found must end one (Kim in "Kim Hae", not "kimha" in it,
/// nor in "Kim\u{200B}hae", which reads Kimhae; Yi Bok-nam in "Yi Bok-namKIA").
fn ends_word(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .find(|&c| !is_invisible(c))
        .is_none_or(|c| !c.is_alphanumeric())
        || glued_marker(text, at).is_some()
}

/// Status markers of English Wikipedia's commander lists (killed, wounded, captured, missing
/// in action), which lose their space when an Infobox is copied as text.
const STATUS_MARKERS: [&str; 4] = ["KIA", "WIA", "POW", "MIA"];

/// The status marker glued to a word that ends at byte `at` of `text` (`Yi Bok-namKIA`,
/// `Tōdō TakatoraWIA`): a capitalised marker right after a lowercase letter, ending a word
/// itself. `None` elsewhere, so "KIAN" or "SKIA" is never split.
pub fn glued_marker(text: &str, at: usize) -> Option<&'static str> {
    let before = text.get(..at)?.chars().next_back()?;
    if !before.is_lowercase() {
        return None;
    }
    let rest = text.get(at..)?;
    STATUS_MARKERS.into_iter().find(|m| {
        rest.strip_prefix(m)
            .is_some_and(|after| after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// The first byte from `i` that is not an ASCII letter: eight bytes at a time.
#[inline(always)]
fn past_letters(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    while let Some(chunk) = bytes.get(i..i + 8) {
        let v = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Per byte, high bit: outside ASCII; then, of the ASCII bytes lowercased, at or above
        // 'a' and above 'z' (no carry crosses bytes: each is below 0x80 before the adding).
        let wide = v & (ONES * 0x80);
        let x = (v | (ONES * 0x20)) & (ONES * 0x7F);
        let from_a = x + ONES * (0x80 - b'a' as u64);
        let past_z = x + ONES * (0x80 - b'z' as u64 - 1);
        let letters = from_a & !past_z & !wide & (ONES * 0x80);
        let others = !letters & (ONES * 0x80);
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// The character outside ASCII that starts at byte `i` of `bytes` (UTF-8) and its length, if
/// it lies in the Basic Multilingual Plane (two or three bytes).
#[inline]
fn decode_bmp(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let a = u32::from(*bytes.get(i)?);
    let next = |k: usize| bytes.get(i + k).map(|&b| u32::from(b) & 0x3F);
    if a & 0xF0 == 0xE0 {
        // Three bytes, the common case in Chinese text.
        Some(((a & 0x0F) << 12 | next(1)? << 6 | next(2)?, 3))
    } else if a & 0xE0 == 0xC0 {
        Some(((a & 0x1F) << 6 | next(1)?, 2))
    } else {
        None
    }
}

/// [`UPPER`] for a capital, else [`LOWER`].
#[inline(always)]
fn case_of(c: char) -> usize {
    if c.is_uppercase() { UPPER } else { LOWER }
}

/// Whether a Latin form `text` of an entry of `kind` is a proper name, written with a capital
/// (Kobayakawa Takakage, Battle of Byeokjegwan), and so found only where the text writes it
/// with one: a lowercase word (song, mud, the) is no name. Offices, units and other terms are
/// found however they are written (daimyo, the regional commander), and so is a form the
/// glossary writes in lowercase.
fn is_cased(kind: Kind, text: &str) -> bool {
    !matches!(kind, Kind::Office | Kind::Unit | Kind::Other)
        && text.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `c` can be passed over where no form is open ([`NameMatcher::skip_quiet`]):
/// [`QUIET`] if it folds to nothing, or to one character that begins no form without Latin
/// letters and, unless `in_word` (after a letter or digit), begins no word that could start a
/// Latin form; [`BEGINS_OTHER`] if that one character begins only forms without Latin letters;
/// [`LOUD`] otherwise.
fn quietness(c: char, in_word: bool, other: &CharPrefixes, latin: &Prefixes) -> u8 {
    let s = c.to_string();
    let mut cursor = FoldCursor::new(&s);
    match (cursor.next_char(), cursor.next_char()) {
        (None, _) => QUIET,
        (Some(f), None) => {
            let begins_other = !f.c.is_ascii_alphabetic() && other.may_begin(f.c);
            let mut buf = [0u8; 4];
            let first_byte = f.c.encode_utf8(&mut buf).as_bytes()[0];
            let begins_latin = !in_word && is_word_letter(&f) && latin.first[first_byte as usize];
            match (begins_other, begins_latin) {
                (false, false) => QUIET,
                (true, false) => BEGINS_OTHER,
                _ => LOUD,
            }
        }
        _ => LOUD,
    }
}

/// A character that can begin a word in which a Latin form starts: a letter or digit (ASCII,
/// Latin with marks, full-width). `f` is the first folded character of its source character.
fn is_word_letter(f: &FoldedChar) -> bool {
    if f.c.is_ascii() {
        f.c.is_ascii_alphanumeric()
    } else {
        let c = f.source;
        ((c as u32) < 0x3000 || ('\u{FF00}'..='\u{FFEF}').contains(&c)) && c.is_alphanumeric()
    }
}

/// Latin forms start a word: a letter or digit ([`is_word_letter`]) after none, characters
/// that do not show ([`is_invisible`]) passed over (no word starts at the "kawa" of
/// "Kobaya\u{200B}kawa").
fn starts_word(text: &str, f: &FoldedChar) -> bool {
    is_word_letter(f)
        && match f.src.checked_sub(1).map(|p| text.as_bytes()[p]) {
            None => true,
            Some(p) if p.is_ascii() => !p.is_ascii_alphanumeric(),
            Some(_) => !text[..f.src]
                .chars()
                .rev()
                .find(|&c| !is_invisible(c))
                .is_some_and(char::is_alphanumeric),
        }
}

/// The first bytes (see [`Lead`]) of the folded text of `bytes`, if they are read from ASCII
/// (`None` at a byte outside ASCII).
#[inline]
fn ascii_lead(bytes: &[u8]) -> Option<Lead> {
    let (mut h, mut n) = (0u32, 0);
    for &b in bytes {
        if n == 4 {
            break;
        }
        if b >= 0x80 {
            return None;
        }
        if let Some(f) = crate::glossary::fold::fold_ascii(b) {
            h = h << 8 | f as u32;
            n += 1;
        }
    }
    Some((h << (8 * (4 - n)), n))
}

/// The first bytes (see [`Lead`]) of the folded text from `f`, `after` being the cursor just
/// past it.
fn lead(f: FoldedChar, mut after: FoldCursor<'_>) -> Lead {
    let (mut h, mut n) = (0u32, 0);
    let mut next = Some(f);
    while let Some(g) = next {
        let mut buf = [0u8; 4];
        for &b in g.c.encode_utf8(&mut buf).as_bytes().iter().take(4 - n) {
            h = h << 8 | b as u32;
            n += 1;
        }
        if n == 4 {
            break;
        }
        next = after.next_char();
    }
    (h << (8 * (4 - n)), n)
}

/// Resolves short and shared forms across one document's paragraphs.
///
/// A short form (Tachibana, Kiyomasa, 小西, 隆景) can only name an entity written in full in the
/// same document in a form that begins or (a given name) ends with it ("Tachibana Muneshige"
/// yields Tachibana; "Takahashi Munemasu" does not, whatever his later names). Among those, a single candidate is chosen; of
/// several, the one written in full most often if at least twice as often as the next (Li →
/// Li Rusong in an article about him); otherwise the mention stays unresolved. A form shared by
/// two entries resolves the same way on the entities written unambiguously elsewhere.
pub fn resolve(texts: &[&str], paragraphs: &mut [Vec<Mention>]) {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    let mut written: HashMap<EntityId, Vec<String>> = HashMap::new();
    for (text, ms) in texts.iter().zip(paragraphs.iter()) {
        for m in ms {
            if m.resolution == Resolution::Unique
                && !m.nested
                && let Some(e) = &m.entity
            {
                *counts.entry(*e).or_default() += 1;
                let key = crate::glossary::fold::fold(m.text(text));
                let forms = written.entry(*e).or_default();
                if !forms.contains(&key) {
                    forms.push(key);
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
                            (f.starts_with(&short_key) || f.ends_with(&short_key))
                                && f.len() > short_key.len()
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
                [(only, _)] => Some(*(*only)),
                [(first, n1), (_, n2), ..] if *n1 >= 2 * *n2 && *n1 >= 2 => Some(*(*first)),
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
    /// Concepts of the aligner's vocabulary ([`concepts`]) outside the names.
    #[serde(default)]
    pub concepts: Vec<concepts::ConceptMention>,
    /// Names the glossary lacks, read across the corpus's scripts (申砬 → 신립 → "Sin Rip"):
    /// set by the aligner's corpus pass ([`crate::align::reading`]), evidence for links only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub read: Vec<ReadName>,
}

/// A name the glossary lacks, found in this paragraph and in a paragraph of the other language
/// through its reading: its display byte span and its traditional Chinese form (the id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadName {
    /// Display byte start.
    pub start: u32,
    /// Display byte end.
    pub end: u32,
    /// The name in traditional characters.
    pub id: EntityId,
}

/// Whether `start..end` of `text` is the key of a `key: value` line (an Infobox's `- Date:`,
/// `| place =`): a word there names a field, not a person (Date is also Date Masamune's
/// surname).
pub fn is_field_key(text: &str, start: usize, end: usize) -> bool {
    // Only list marks and blanks may stand between the line's start and the key: look back
    // over those alone (a paragraph of a megabyte has no line break to find).
    let lead = text[..start].trim_end_matches(['-', '*', '|', ' ', '\t']);
    let at_line_start = lead.is_empty() || lead.ends_with('\n');
    let rest = text[end..].trim_start_matches([' ', '\t']);
    at_line_start && (rest.starts_with(':') || rest.starts_with('='))
}

/// Finds names, dates and quantities in the paragraphs of one document (display texts, in
/// order), resolving short forms and inferring missing years across the document. An English
/// document that writes a lunar date as such writes its other dates in the Gregorian calendar
/// ([`dates::DateMention::calendar_stated`]).
pub fn scan_document(
    matcher: &NameMatcher,
    eras: &[dates::Era],
    lang: Lang,
    texts: &[&str],
) -> Vec<ParagraphMentions> {
    let mut names: Vec<Vec<Mention>> = texts
        .iter()
        .map(|t| {
            let mut found = matcher.find(t);
            found.retain(|m| !(m.short && is_field_key(t, m.start, m.end)));
            found
        })
        .collect();
    resolve(texts, &mut names);
    let mut year = None;
    let mut era = None;
    let mut out = Vec::with_capacity(texts.len());
    for (text, names) in texts.iter().zip(names) {
        let mut ds = if lang.is_cjk() {
            dates::find_chinese(text, eras)
        } else {
            dates::find_english(text)
        };
        dates::resolve_counted_years(&mut ds, &mut era, year);
        year = dates::fill_years(&mut ds, year).or(year);
        let skip: Vec<(usize, usize)> = ds.iter().map(|d| (d.start, d.end)).collect();
        let quantities = if lang.is_cjk() {
            numbers::find_chinese(text, &skip)
        } else {
            numbers::find_english(text, &skip)
        };
        // A concept inside a name or a date is part of it ("the Fire Tiger", 火攻 in a title).
        // The spans taken, sorted and merged into disjoint runs: a concept overlaps one iff it
        // overlaps the last run starting before its end (a binary search, not a scan: a
        // paragraph may hold tens of thousands of names).
        let runs = merge_spans(
            &names
                .iter()
                .map(|n| (n.start, n.end))
                .chain(skip.iter().copied())
                .collect::<Vec<_>>(),
        );
        let mut found = concepts::Vocabulary::embedded().find(text, lang);
        found.retain(|c| {
            let (cs, ce) = c.span();
            !overlaps_merged(&runs, cs, ce)
        });
        // Held for the whole corpus: no spare capacity.
        let mut m = ParagraphMentions {
            names,
            quantities,
            dates: ds,
            concepts: found,
            read: Vec::new(),
        };
        m.names.shrink_to_fit();
        m.concepts.shrink_to_fit();
        m.quantities.shrink_to_fit();
        m.dates.shrink_to_fit();
        out.push(m);
    }
    if !lang.is_cjk() && out.iter().any(|m| m.dates.iter().any(|d| d.english_lunar)) {
        for m in &mut out {
            restate_lunar_dates(&mut m.dates);
        }
        for d in out.iter_mut().flat_map(|m| m.dates.iter_mut()) {
            d.calendar_stated = d.calendar == dates::Calendar::Gregorian;
        }
    }
    out
}

/// In an English document that writes its lunar dates as such, a date written as Gregorian
/// whose lunar reading is, within a day, a lunar date the same paragraph writes is that lunar
/// date written as Gregorian ("16 June 1592 (the 7th day of the 5th lunar month; often given
/// as 7 May)"): it is read as the lunar date, not as a day five weeks earlier.
fn restate_lunar_dates(dates: &mut [dates::DateMention]) {
    let lunar: Vec<dates::Ymd> = dates
        .iter()
        .filter(|d| d.english_lunar)
        .filter_map(|d| d.gregorian_ymd())
        .collect();
    if lunar.is_empty() {
        return;
    }
    for d in dates.iter_mut() {
        if d.calendar != dates::Calendar::Gregorian || d.gregorian.is_some() {
            continue;
        }
        let (Some(written), Some(as_lunar)) = (d.gregorian_ymd(), d.as_lunar()) else {
            continue;
        };
        if lunar
            .iter()
            .any(|&l| dates::within_a_day(l, as_lunar) && !dates::within_a_day(l, written))
        {
            d.calendar = dates::Calendar::Lunar;
            d.english_lunar = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::HEADER;
    use crate::glossary::io::load_sources;

    #[test]
    fn a_field_key_is_no_name() {
        let text = "- Date: July 1592\n- Commander1: Date and Konishi\n| date = 1593";
        let key = |w: &str, nth: usize| {
            let at = text.match_indices(w).nth(nth).expect("word").0;
            is_field_key(text, at, at + w.len())
        };
        assert!(key("Date", 0));
        assert!(!key("Date", 1), "a value is no key");
        assert!(key("date", 0));
        assert!(!key("Konishi", 0));
    }

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
    fn a_word_holding_a_form_is_no_name() {
        // 開城 is Kaesong, and also "open the city (gate)" in a siege's story.
        let rows = "\
gaeseong,place,ko,,開城,开城,,개성,Gaeseong,Kaesŏng,,,Kaesong,,\"old capital #notin(打開城門, 開城投降)\"
sacheon,place,ko,,泗川,泗川,,사천,Sacheon,Sach'ŏn,,,Sacheon,,
";
        let text = format!("{}\n{rows}", HEADER.join(","));
        let g = load_sources(vec![("t.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary;
        let m = NameMatcher::new(&g);
        let text = "島津義弘下令打開城門殺出，泗川守軍開城投降。日軍退至開城，又從開城北上。";
        let e = entities(text, &m.find(text));
        let ids: Vec<&str> = e.iter().filter_map(|(_, id)| id.as_deref()).collect();
        assert_eq!(ids, ["sacheon", "gaeseong", "gaeseong"], "{e:?}");
    }

    #[test]
    fn a_battle_is_at_the_place_its_name_holds() {
        let m = NameMatcher::new(&glossary());
        let sites = m.battle_sites();
        assert_eq!(
            sites.get(&EntityId::from("battle-of-byeokjegwan")),
            Some(&vec![EntityId::from("byeokjegwan")])
        );
        // People and places have no site.
        assert!(!sites.contains_key(&EntityId::from("byeokjegwan")));
        assert!(!sites.contains_key(&EntityId::from("li-rusong")));
    }

    #[test]
    fn names_inside_a_battle_name_are_read_as_in_a_text() {
        let rows = "\
dongnae,place,ko,,東萊,东莱,,,,,,,Dongnae,alias:zh_hant:東萊城,
laizhou,place,zh,,萊州,莱州,,,,,,,Laizhou,alias:zh_hant:萊,
siege-of-dongnae,battle,zh,,東萊城之戰,东莱城之战,,,,,,,Siege of Dongnae,,
busan,place,ko,,釜山,釜山,,,,,,,Busan,,
busanpo,place,ko,,釜山浦,釜山浦,,,,,,,Busanpo,,
battle-of-busanpo,battle,zh,,釜山浦海戰,釜山浦海战,,,,,,,Battle of Busanpo,,
";
        let text = format!("{}\n{rows}", HEADER.join(","));
        let g = load_sources(vec![("t.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary;
        let m = NameMatcher::new(&g);
        let inner = |text: &str| -> Vec<String> {
            let mut v: Vec<String> = m
                .find(text)
                .iter()
                .filter(|x| x.nested)
                .filter_map(|x| x.entity.as_deref().map(str::to_string))
                .collect();
            v.sort();
            v
        };
        // 萊 (Laizhou) inside 東萊 (Dongnae) is no name of its own.
        assert_eq!(inner("東萊城之戰"), ["dongnae"]);
        // The harbour names the city it begins with.
        assert_eq!(inner("釜山浦海戰"), ["busan", "busanpo"]);
        assert_eq!(inner("the Battle of Busanpo"), ["busanpo"]);
        let sites = m.battle_sites();
        assert_eq!(
            sites.get(&EntityId::from("siege-of-dongnae")),
            Some(&vec![EntityId::from("dongnae")])
        );
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

    /// Issue 21.6: a name interrupted only by characters that do not show is the name the
    /// reader sees, found with its span as written; the character does not make a word start
    /// or end.
    #[test]
    fn names_are_found_through_hidden_characters() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        for text in [
            "李如\u{200B}松率兵",
            "\u{FEFF}李如松率兵",
            "Then Kobaya\u{AD}kawa Taka\u{2060}kage came.",
            "Then Li\u{202E}Rusong came.",
            "Then Li\u{200D} Rusong came.",
        ] {
            let found: Vec<_> = m.find(text).into_iter().filter(|x| !x.nested).collect();
            assert_eq!(found.len(), 1, "{text:?}: {found:?}");
            let seen = found[0].text(text);
            assert!(
                seen.chars().any(crate::corpus::detect::is_invisible)
                    || text.starts_with('\u{FEFF}'),
                "{text:?}: {seen:?}"
            );
            assert!(found[0].entity.is_some(), "{text:?}");
        }
        // The span starts and ends at visible characters.
        let text = "x \u{200B}Li Rusong\u{200B} y";
        let found = m.find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text(text), "Li Rusong");
        // A hidden character glues words: "Ichi" is no word in "Ichi\u{200B}ro" nor in
        // "Mun\u{AD}ichi".
        assert!(m.find("the Ichi\u{200B}ro pass").is_empty());
        assert!(m.find("the Mun\u{AD}ichi pass").is_empty());
        // A control character is no hidden letter: it still breaks the name.
        assert!(m.find("Li Ru\u{7}song").iter().all(|x| x.entity.is_none()));
    }

    #[test]
    fn an_english_document_that_writes_lunar_dates_as_such_writes_the_others_gregorian() {
        let m = NameMatcher::new(&glossary_of(""));
        let first = "The fleet sailed from Yeosu on 8 July 1592.";
        let plain = scan_document(&m, &[], Lang::En, &[first, "It came back on 20 July 1592."]);
        assert!(plain.iter().all(|p| p.dates[0].may_be_lunar()), "{plain:?}");
        let stated = scan_document(
            &m,
            &[],
            Lang::En,
            &[
                first,
                "It came back on 20 July 1592 (lunar 6th month, 12th day).",
            ],
        );
        // The first paragraph's date is the day the text says, in the Gregorian calendar.
        assert!(!stated[0].dates[0].may_be_lunar(), "{stated:?}");
        assert!(stated[0].dates[0].calendar_stated);
        // Chinese dates are read as they always are.
        let zh = scan_document(&m, &[], Lang::Zh, &["五月二十九日，舟師至泗川。"]);
        assert!(zh[0].dates.iter().all(|d| !d.calendar_stated), "{zh:?}");
    }

    #[test]
    fn a_lunar_date_restated_as_gregorian_is_read_as_the_lunar_date() {
        let m = NameMatcher::new(&glossary_of(""));
        let text =
            "Date: 16 June 1592 (the 7th day of the 5th lunar month; often given as 7 May 1592)";
        let got = scan_document(&m, &[], Lang::En, &[text]);
        let days: Vec<Vec<dates::Ymd>> = got[0]
            .dates
            .iter()
            .map(|d| d.readings().iter().map(|r| r.ymd).collect())
            .collect();
        // Every date of the line is the day of the battle: none is read as 7 May.
        assert!(
            days.iter().all(|r| r.iter().all(|&d| d == (1592, 6, 16))),
            "{days:?}"
        );
        // A Gregorian date whose lunar reading is another day stays Gregorian.
        let other = "Date: 16 June 1592 (the 7th day of the 5th lunar month); Happo on 9 May 1592";
        let got = scan_document(&m, &[], Lang::En, &[other]);
        let may9 = got[0]
            .dates
            .iter()
            .find(|d| d.day == Some(9))
            .expect("9 May");
        assert_eq!(may9.gregorian_ymd(), Some((1592, 5, 9)));
    }

    #[test]
    fn a_year_without_its_era_counts_in_the_era_of_an_earlier_paragraph() {
        let m = NameMatcher::new(&glossary_of(""));
        let eras = [dates::Era {
            name: "萬曆".to_string(),
            start: 1573,
        }];
        let p = scan_document(
            &m,
            &eras,
            Lang::Zh,
            &[
                "萬曆二十年四月，日軍登陸釜山。",
                "二十一年正月，明軍復平壤。",
                "丁酉年八月，日軍圍南原。",
            ],
        );
        let years: Vec<Option<i32>> = p.iter().map(|x| x.dates[0].year).collect();
        assert_eq!(years, [Some(1592), Some(1593), Some(1597)], "{p:?}");
        // Without an era before it, the year count is not read as one.
        let p = scan_document(&m, &[], Lang::Zh, &["二十一年正月，明軍復平壤。"]);
        assert_eq!(p[0].dates[0].year, None, "{p:?}");
    }

    #[test]
    fn a_concept_inside_a_name_or_a_date_is_part_of_it() {
        let g = glossary_of(
            "\
siege-of-ichi,battle,ko,,梨峙之圍,梨峙之围,,,,,,,Siege of Ichi,,
",
        );
        let m = NameMatcher::new(&g);
        let text =
            "The Siege of Ichi failed, and on 8 August 1592 the siege was lifted; they retreated.";
        let found = &scan_document(&m, &[], Lang::En, &[text])[0];
        let concepts: Vec<&str> = found
            .concepts
            .iter()
            .map(|c| {
                let (a, b) = c.span();
                &text[a..b]
            })
            .collect();
        assert_eq!(concepts, ["failed", "siege", "retreated"], "{found:?}");
    }

    #[test]
    fn status_markers_glued_to_names_are_split() {
        let m = NameMatcher::new(&glossary_of(
            "\
yi-boknam,person,ko,joseon,李福男,李福男,,,,,,,Yi Bok-nam,,
todo-takatora,person,ja,japan,藤堂高虎,藤堂高虎,,,,,,,Tōdō Takatora,,
ki,place,ko,,基,基,,,,,,,Ki,,
",
        ));
        let text = "Commanders: Yi Bok-namKIA, Tōdō TakatoraWIA and Yi Bok-namPOW.";
        let found = m.find(text);
        let written: Vec<&str> = found.iter().map(|n| n.text(text)).collect();
        assert_eq!(written, ["Yi Bok-nam", "Tōdō Takatora", "Yi Bok-nam"]);
        assert_eq!(glued_marker(text, 22), Some("KIA"));
        // A marker only after a lowercase letter and only as a whole word.
        assert!(m.find("the KiKIAN road").is_empty());
        assert!(!names(&m, "YI BOK-NAMKIA").contains(&"YI BOK-NAM".to_string()));
        assert_eq!(glued_marker("SKIA", 1), None);
    }

    #[test]
    fn short_forms_resolve_from_context_or_stay_open() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        // The mentions of a document of `texts`, resolved; then the one written `form` in
        // paragraph `k`.
        let resolved = |texts: &[&str]| -> Vec<Vec<Mention>> {
            let mut doc: Vec<_> = texts.iter().map(|t| m.find(t)).collect();
            resolve(texts, &mut doc);
            doc
        };
        let written = |doc: &[Vec<Mention>], texts: &[&str], k: usize, form: &str| -> Mention {
            doc[k]
                .iter()
                .find(|x| x.text(texts[k]) == form)
                .cloned()
                .unwrap_or_else(|| panic!("{form} not found in paragraph {k}"))
        };
        let texts = [
            "小西行長率日軍。",
            "小西直到明軍開到城下才醒悟。隆景右翼先鋒",
            "Li Rusong sent Li Rubai. Li himself decided.",
        ];
        let doc = resolved(&texts);
        let konishi = written(&doc, &texts, 1, "小西");
        assert_eq!(konishi.entity.as_deref(), Some("konishi-yukinaga"));
        assert_eq!(konishi.resolution, Resolution::Context);
        let takakage = written(&doc, &texts, 1, "隆景");
        assert_eq!(
            takakage.entity, None,
            "Kobayakawa not written in full: unresolved"
        );
        assert_eq!(takakage.candidates, [EntityId::from("kobayakawa-takakage")]);
        let li = written(&doc, &texts, 2, "Li");
        assert_eq!(li.entity, None, "two Lis once each: ambiguous");
        assert_eq!(li.resolution, Resolution::Ambiguous);
        let texts = [
            "Li Rusong sent Li Rubai.",
            "Li Rusong arrived. Li retreated.",
        ];
        let li = written(&resolved(&texts), &texts, 1, "Li");
        assert_eq!(
            li.entity.as_deref(),
            Some("li-rusong"),
            "written in full twice as often"
        );
        // A romanised Japanese given name alone is his where the document names him in full
        // (in either order), and stays open elsewhere.
        let texts = [
            "Konishi Yukinaga landed first.",
            "Yukinaga then marched north.",
        ];
        let given = written(&resolved(&texts), &texts, 1, "Yukinaga");
        assert!(given.short);
        assert_eq!(given.entity.as_deref(), Some("konishi-yukinaga"));
        let texts = ["Yukinaga then marched north."];
        let given = written(&resolved(&texts), &texts, 0, "Yukinaga");
        assert_eq!(given.entity, None, "not written in full: unresolved");
    }

    #[test]
    fn ids_are_interned_and_read_back() {
        let a = EntityId::new("li-rusong");
        let b = EntityId::from(String::from("li-rusong").as_str());
        assert!(std::ptr::eq(a.as_str(), b.as_str()), "one string per id");
        assert!(
            EntityId::new("a-b") < EntityId::new("b-a"),
            "ordered as strings"
        );
        let list = EntityId::list(&[a, EntityId::new("li-rubai")]);
        assert!(std::ptr::eq(
            list,
            EntityId::list(&[b, EntityId::new("li-rubai")])
        ));
        let m = NameMatcher::new(&glossary());
        let found = m.find("Li Rusong and Li");
        let json = serde_json::to_string(&found).expect("serialises");
        assert!(json.contains(r#""entity":"li-rusong""#), "{json}");
        let back: Vec<Mention> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, found);
        assert!(std::ptr::eq(back[1].candidates, found[1].candidates));
    }

    #[test]
    fn lowercase_short_forms_are_not_names() {
        let g = glossary();
        let m = NameMatcher::new(&g);
        assert!(m.find("the li of the road").is_empty());
    }

    fn glossary_of(rows: &str) -> Glossary {
        let text = format!("{}\n{rows}", HEADER.join(","));
        load_sources(vec![("t.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary
    }

    fn names(m: &NameMatcher, text: &str) -> Vec<String> {
        m.find(text)
            .iter()
            .map(|x| x.text(text).to_string())
            .collect()
    }

    #[test]
    fn lowercase_proper_names_are_not_names() {
        let g = glossary_of(
            "\
song,polity,zh,,宋朝,宋朝,,,,,,,Song,,
gwak-jaeu,person,ko,joseon,郭再祐,郭再祐,,,,,,,Gwak Jae-u,alias:en:The Red Coat General,
daimyo,office,ja,,大名,大名,,,,,,,Daimyō,,
",
        );
        let m = NameMatcher::new(&g);
        assert!(names(&m, "a song of the south").is_empty());
        assert_eq!(names(&m, "the Song and SONG"), ["Song", "SONG"]);
        // Terms are found however they are written.
        assert_eq!(names(&m, "every daimyo, Daimyo"), ["daimyo", "Daimyo"]);
        // A name that begins with the article is found without it inside a sentence.
        let text = "known as the Red Coat General; The Red Coat General";
        let found = m.find(text);
        let written: Vec<&str> = found.iter().map(|x| x.text(text)).collect();
        assert_eq!(written, ["Red Coat General", "The Red Coat General"]);
        assert!(
            found
                .iter()
                .all(|x| x.entity.as_deref() == Some("gwak-jaeu"))
        );
        assert!(names(&m, "the red coat general").is_empty());
    }

    #[test]
    fn a_form_ending_inside_a_word_hides_no_name() {
        let g = glossary_of(
            "\
toda,place,ja,,戸田,戸田,,,,,,,Toda,,
daedongmun,place,ko,,大同門,大同门,,,,,,,Daedongmun,,
kim,place,ko,,金化,金化,,,,,,,Kim,,
kimha,place,ko,,金河,金河,,,,,,,Kimha,,
",
        );
        let m = NameMatcher::new(&g);
        // Folded, "To Daedongmun" begins with "toda", which ends inside "Daedongmun".
        assert_eq!(names(&m, "To Daedongmun they went"), ["Daedongmun"]);
        // The longest form that ends a word: "kimha" ends inside "Hae".
        assert_eq!(names(&m, "Kim Hae and Kim Ha."), ["Kim", "Kim Ha"]);
    }

    /// The matcher as first written, folding the whole text and trying forms at every position:
    /// (display span, pattern) of each match. `matches` must find exactly these.
    fn reference_matches(m: &NameMatcher, text: &str) -> Vec<((usize, usize), usize)> {
        let (mut folded, mut starts) = (String::new(), Vec::new());
        fold_into(text, &mut folded, &mut starts);
        // A proper name (cased) only where the text begins it with a capital; a Latin form
        // only where it ends a word.
        let display_end = |e: usize| {
            let last = starts[e - 1] as usize;
            last + char_len_at(text, last)
        };
        let longest = |from: usize, to: usize, latin: bool, capital: bool| {
            (0..m.keys.len())
                .filter(|&i| {
                    m.patterns[i].latin == latin
                        && (capital || !m.patterns[i].cased)
                        && folded[from..to].starts_with(&m.keys[i])
                        && (!latin || ends_word(text, display_end(from + m.keys[i].len())))
                        && (!latin
                            || text[display_end(from + m.keys[i].len())..]
                                .chars()
                                .find(|&c| !is_invisible(c))
                                .is_none_or(|c| !c.is_alphanumeric()))
                })
                .max_by_key(|&i| m.keys[i].len())
                .map(|i| (from, from + m.keys[i].len(), i))
        };
        let mut hits = Vec::new();
        let bytes = folded.as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            if bytes[k].is_ascii_alphabetic() {
                k += 1;
                continue;
            }
            let from = k;
            while k < bytes.len() && !bytes[k].is_ascii_alphabetic() {
                k += 1;
            }
            let mut next_free = from;
            let positions: Vec<usize> = folded[from..k]
                .char_indices()
                .map(|(o, _)| from + o)
                .collect();
            for w in positions.windows(2) {
                if w[0] >= next_free
                    && let Some(hit) = longest(w[0], k, false, true)
                {
                    next_free = hit.1;
                    hits.push(hit);
                }
            }
        }
        let mut k = 0;
        while k < bytes.len() {
            let src = starts[k] as usize;
            let first = k == 0 || starts[k - 1] as usize != src;
            let c = text[src..].chars().next().expect("a char");
            let letter = if bytes[k].is_ascii() {
                bytes[k].is_ascii_alphanumeric()
            } else {
                ((c as u32) < 0x3000 || ('\u{FF00}'..='\u{FFEF}').contains(&c))
                    && c.is_alphanumeric()
            };
            let after_word = text[..src]
                .chars()
                .rev()
                .find(|&c| !is_invisible(c))
                .is_some_and(char::is_alphanumeric);
            if first
                && letter
                && !after_word
                && let Some(hit) = longest(k, folded.len(), true, c.is_uppercase())
            {
                k = hit.1;
                hits.push(hit);
                continue;
            }
            k += 1;
        }
        hits.sort_unstable_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut end = 0;
        hits.retain(|&(s, e, _)| {
            let keep = s >= end;
            if keep {
                end = e;
            }
            keep
        });
        hits.into_iter()
            .map(|(s, e, p)| ((starts[s] as usize, display_end(e)), p))
            .collect()
    }

    static REAL: std::sync::LazyLock<NameMatcher> = std::sync::LazyLock::new(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
        let g = crate::glossary::io::load_path(&path)
            .expect("the glossary loads")
            .glossary;
        NameMatcher::new(&g)
    });

    /// Pieces texts are made of: forms of the project's glossary, words that begin like forms,
    /// and characters folding does something unusual with.
    /// Pieces of random texts: the glossary's forms and their first halves, and (second) the
    /// glue between them.
    fn pieces() -> (Vec<String>, Vec<String>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
        let g = crate::glossary::io::load_path(&path)
            .expect("the glossary loads")
            .glossary;
        let mut out: Vec<String> = g
            .entries
            .iter()
            .flat_map(|e| e.forms().map(|(_, t, _)| t.to_string()).collect::<Vec<_>>())
            .collect();
        // Near misses: the first half of each form (a pair that begins a form, a word that
        // begins one), which the automata walk and then leave.
        let halves: Vec<String> = out
            .iter()
            .map(|f| f.chars().take(f.chars().count().div_ceil(2)).collect())
            .collect();
        out.extend(halves);
        // Proper names written in lowercase, which are no names ("song", "the red coat").
        let lowered: Vec<String> = out.iter().map(|f| f.to_lowercase()).collect();
        out.extend(lowered);
        out.sort();
        out.dedup();
        let glue = [
            " ",
            " ",
            "-",
            "·",
            "'",
            "’",
            ".",
            ",",
            "，",
            "。",
            "ﬁ",
            "㍻",
            "é",
            "Ａ",
            "ｋ",
            "1592",
            "2",
            "之戰",
            "之战",
            "'s",
            "the ",
            "and ",
            "Li",
            "li",
            "LI",
            "Go",
            "ō",
            "\u{301}",
            "𥔎",
            "﷽",
            "Ⓐ",
            "²",
            "①",
            "㎞",
            "x",
            "李",
            "小西",
            "碧",
            "的",
            "ガ",
            "が",
            "고",
            "Ŏ",
            "(",
            "\n",
            "Battle of ",
            "Siege of ",
            "King ",
            "Kim",
            // Characters that do not show: names are found through them.
            "\u{200B}",
            "\u{AD}",
            "\u{202E}",
            "\u{FEFF}",
        ]
        .map(String::from)
        .to_vec();
        (out, glue)
    }

    proptest::proptest! {
        #[test]
        fn past_letters_stops_where_a_byte_loop_does(
            text in "[a-zA-Z@\\[`{ 0-9'é李-]{0,40}",
            start in 0usize..40,
        ) {
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            let mut expected = start;
            while bytes.get(expected).is_some_and(u8::is_ascii_alphabetic) {
                expected += 1;
            }
            proptest::prop_assert_eq!(past_letters(bytes, start), expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn matches_as_the_whole_text_reference_does(
            picks in proptest::collection::vec(
                proptest::prelude::any::<(bool, proptest::sample::Index)>(),
                0..16,
            )
        ) {
            static PIECES: std::sync::LazyLock<(Vec<String>, Vec<String>)> =
                std::sync::LazyLock::new(pieces);
            // Forms and glue alike often, so that forms meet separators, letters and each other.
            let text: String = picks
                .iter()
                .map(|(glue, i)| i.get(if *glue { &PIECES.1 } else { &PIECES.0 }).as_str())
                .collect();
            let got: Vec<((usize, usize), usize)> =
                REAL.matches(&text).into_iter().map(|h| (h.display, h.pattern)).collect();
            proptest::prop_assert_eq!(got, reference_matches(&REAL, &text), "{:?}", text);
        }
    }
}
