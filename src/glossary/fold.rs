//! Folding: the key two spellings of one name share.
//!
//! Case, diacritics (tone marks, macrons, breves), spaces, hyphens, apostrophes, middle
//! dots and characters that do not show (zero-width spaces, soft hyphens, bidi controls: see
//! [`crate::corpus::detect::is_invisible`]) are dropped; full-width letters become ASCII; katakana becomes hiragana; Han characters
//! are folded to simplified forms (Japanese shinjitai → traditional → simplified), so 碧蹄館,
//! 碧蹄馆, "Pyŏkchegwan", "pyokchegwan" and "Pyok-chegwan" each meet their twins. Folding works
//! character by character, so a folded text can be mapped back to its source offsets.

use crate::corpus::detect::is_han;
use crate::romanise::chinese;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Variant characters OpenCC does not unify (semantic variants used in names).
const VARIANTS: &[(char, char)] = &[
    ('査', '查'),
    ('嶋', '岛'),
    ('﨑', '崎'),
    ('𥔎', '崎'),
    ('舘', '馆'),
];

/// Folded forms of Basic Multilingual Plane characters, filled on first use: 0 = not yet
/// computed, otherwise the folded char + 1. Lock-free, so parallel scans do not contend.
static BMP: LazyLock<Box<[AtomicU32]>> =
    LazyLock::new(|| (0..0x10000).map(|_| AtomicU32::new(0)).collect());

/// The folded form of one Han character.
pub fn fold_han(c: char) -> char {
    let code = c as u32;
    if code < 0x10000 {
        let cached = BMP[code as usize].load(Ordering::Relaxed);
        if cached != 0 {
            return char::from_u32(cached - 1).unwrap_or(c);
        }
        let f = compute_han(c);
        BMP[code as usize].store(f as u32 + 1, Ordering::Relaxed);
        return f;
    }
    compute_han(c)
}

fn compute_han(c: char) -> char {
    match VARIANTS.iter().find(|(v, _)| *v == c) {
        Some(&(_, to)) => to,
        None => {
            let s = c.to_string();
            let t = chinese::japanese_to_traditional(&s);
            let simp = chinese::to_simplified(&t);
            let mut chars = simp.chars();
            match (chars.next(), chars.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        }
    }
}

/// True for characters folding drops entirely: separators, and characters that do not show
/// (so 李如\u{200B}松 and Kobaya\u{AD}kawa fold as 李如松 and Kobayakawa do).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐' | '‑' | '–' | '\'' | '’' | 'ʼ' | '‘' | '`' | '·' | '・' | '.'
        )
        || crate::corpus::detect::is_invisible(c)
}

/// Folds of non-ASCII BMP characters, filled on first use: 0 = not yet computed, 1 = dropped,
/// 2 = folds to several characters (not cached), otherwise the folded char + 3. Chinese
/// punctuation and Han characters then cost one table read instead of a normalisation.
static FOLDS: LazyLock<Box<[AtomicU32]>> =
    LazyLock::new(|| (0..0x10000).map(|_| AtomicU32::new(0)).collect());

/// In [`ASCII_FOLD`]: the byte is dropped.
const DROP: u8 = 0xFF;

/// Folds of ASCII bytes: lowercase, or [`DROP`] for separators (what [`is_separator`] says).
const ASCII_FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'\t'..=b'\r' | b' ' | b'-' | b'\'' | b'`' | b'.' => DROP,
            b'A'..=b'Z' => c + 32,
            _ => c,
        };
        b += 1;
    }
    t
};

/// The fold of an ASCII byte: itself lowercased, or `None` for a separator.
#[inline]
pub fn fold_ascii(b: u8) -> Option<u8> {
    ASCII_FOLD.get(b as usize).copied().filter(|&f| f != DROP)
}

/// What a character outside ASCII folds to, from [`fold_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folded {
    /// Nothing (a separator, a combining mark).
    Dropped,
    /// One character.
    One(char),
    /// Several characters, or a character outside the Basic Multilingual Plane (not cached).
    Other,
}

/// What the character `code` (outside ASCII) folds to: one table read once the character has
/// been seen.
#[inline(always)]
pub fn fold_code(code: u32) -> Folded {
    match cached_fold(code) {
        Some(1) => Folded::Dropped,
        f => f
            .and_then(|f| f.checked_sub(3))
            .and_then(char::from_u32)
            .map_or(Folded::Other, Folded::One),
    }
}

/// The [`FOLDS`] slot of the character `code`, filled on first sight: 1 dropped, 2 several, a
/// character plus 3; `None` outside the Basic Multilingual Plane.
#[inline(always)]
fn cached_fold(code: u32) -> Option<u32> {
    let slot = FOLDS.get(code as usize)?;
    Some(match slot.load(Ordering::Relaxed) {
        0 => fill_fold(code, slot),
        f => f,
    })
}

/// Whether the character `code` (outside ASCII) is known to fold to itself, as most Han
/// characters do: one table read, and no character to decode or encode again.
#[inline(always)]
pub fn folds_to_itself(code: u32) -> bool {
    FOLDS
        .get(code as usize)
        .is_some_and(|slot| slot.load(Ordering::Relaxed) == code + 3)
}

/// The code of the one character that `code` (outside ASCII) folds to, if one: [`fold_code`]
/// without making a `char` of it.
#[inline(always)]
pub fn fold_one(code: u32) -> Option<u32> {
    cached_fold(code)?.checked_sub(3)
}

/// Folds the character `code` on first sight, filling its [`FOLDS`] slot, and returns the slot.
#[cold]
fn fill_fold(code: u32, slot: &AtomicU32) -> u32 {
    match char::from_u32(code) {
        Some(c) => {
            fold_char(c, &mut String::new());
            slot.load(Ordering::Relaxed)
        }
        None => 2,
    }
}

/// Folds one character to zero or more characters (lowercase, no marks).
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        let f = ASCII_FOLD[c as usize];
        if f != DROP {
            out.push(f as char);
        }
        return;
    }
    let code = c as u32;
    if code >= 0x10000 {
        return fold_char_uncached(c, out);
    }
    let slot = &FOLDS[code as usize];
    match slot.load(Ordering::Relaxed) {
        0 => {
            let mut one = String::new();
            fold_char_uncached(c, &mut one);
            let mut chars = one.chars();
            let code = match (chars.next(), chars.next()) {
                (None, _) => 1,
                (Some(f), None) => f as u32 + 3,
                _ => 2,
            };
            slot.store(code, Ordering::Relaxed);
            out.push_str(&one);
        }
        1 => {}
        2 => fold_char_uncached(c, out),
        f => out.push(char::from_u32(f - 3).unwrap_or(c)),
    }
}

fn fold_char_uncached(c: char, out: &mut String) {
    if is_separator(c) {
        return;
    }
    if is_han(c) {
        out.push(fold_han(c));
        return;
    }
    if let '\u{30A1}'..='\u{30F6}' = c {
        out.push(char::from_u32(c as u32 - 0x60).unwrap_or(c));
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Compatibility-decompose, drop combining marks (but keep kana voicing marks), recompose.
    let stripped: String = std::iter::once(c)
        .nfkd()
        .filter(|&m| !is_combining_mark(m) || m == '\u{3099}' || m == '\u{309A}')
        .nfc()
        .collect();
    for d in stripped.chars() {
        if let '\u{30A1}'..='\u{30F6}' = d {
            out.push(char::from_u32(d as u32 - 0x60).unwrap_or(d));
        } else if !is_separator(d) {
            out.extend(d.to_lowercase());
        }
    }
}

/// Folds `text` into `folded` (cleared first), with, for each folded byte, the display offset
/// of the character it comes from in `starts`. Buffers are reused, so scanning a corpus
/// allocates nothing per paragraph.
pub fn fold_into(text: &str, folded: &mut String, starts: &mut Vec<u32>) {
    folded.clear();
    starts.clear();
    folded.reserve(text.len());
    starts.reserve(text.len());
    let mut cursor = FoldCursor::new(text);
    while let Some(f) = cursor.next_char() {
        folded.push(f.c);
        starts.resize(folded.len(), f.src as u32);
    }
}

/// One character of a folded text, from [`FoldCursor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldedChar {
    /// The folded character.
    pub c: char,
    /// The source character it comes from.
    pub source: char,
    /// Byte offset of the source character in the text.
    pub src: usize,
    /// Which of the folded characters of its source character this is: 0 for the first (a
    /// source character folds to none, one or several).
    pub sub: usize,
}

impl FoldedChar {
    /// Where the character lies in the folded text, as (source offset, [`Self::sub`]): these
    /// order folded characters as the folded text does.
    pub fn position(&self) -> (usize, usize) {
        (self.src, self.sub)
    }
}

/// Walks the folded text of a text character by character without writing it anywhere: the
/// folded text of [`fold_into`], each character with its source. A cursor is a few words and
/// `Copy`, so a scanner can keep one where a match might start and read ahead from it.
#[derive(Debug, Clone, Copy)]
pub struct FoldCursor<'a> {
    text: &'a str,
    /// The next source byte.
    src: usize,
    /// Within a source character that folds to several: how many of them were yielded.
    pending: usize,
}

impl<'a> FoldCursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        FoldCursor {
            text,
            src: 0,
            pending: 0,
        }
    }

    /// The position (see [`FoldedChar::position`]) of the next folded character, or of the end
    /// of the folded text: after every character yielded so far, before every other.
    pub fn position(&self) -> (usize, usize) {
        (self.src, self.pending)
    }

    /// The text being walked.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Moves to byte `src` of the text, a character boundary at or after the cursor's
    /// (characters skipped are not yielded). Panics between the folded characters of one
    /// source character.
    pub fn skip_to(&mut self, src: usize) {
        assert!(
            self.pending == 0 && src >= self.src,
            "skip from {:?} to {src}",
            self.position()
        );
        self.src = src;
    }

    /// The next folded character, or `None` at the end of the text.
    #[inline(always)]
    pub fn next_char(&mut self) -> Option<FoldedChar> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.src) {
            if b >= 0x80 {
                return self.next_wide();
            }
            let src = self.src;
            self.src += 1;
            let f = ASCII_FOLD[b as usize];
            if f != DROP {
                return Some(FoldedChar {
                    c: f as char,
                    source: b as char,
                    src,
                    sub: 0,
                });
            }
        }
        None
    }

    /// [`Self::next_char`] from a source character outside ASCII.
    #[inline(never)]
    fn next_wide(&mut self) -> Option<FoldedChar> {
        loop {
            let src = self.src;
            let &b = self.text.as_bytes().get(src)?;
            if b < 0x80 {
                return self.next_char();
            }
            let source = self.text[src..].chars().next()?;
            let code = source as u32;
            match fold_code(code) {
                Folded::Dropped => self.src += source.len_utf8(),
                Folded::One(c) => {
                    self.src += source.len_utf8();
                    return Some(FoldedChar {
                        c,
                        source,
                        src,
                        sub: 0,
                    });
                }
                Folded::Other => {
                    // Several characters, or outside the BMP: fold again (rare) and yield the
                    // next one not yet yielded.
                    let mut all = String::new();
                    fold_char_uncached(source, &mut all);
                    let mut rest = all.chars().skip(self.pending);
                    let (Some(c), more) = (rest.next(), rest.next().is_some()) else {
                        self.src += source.len_utf8();
                        self.pending = 0;
                        continue;
                    };
                    let sub = self.pending;
                    if more {
                        self.pending += 1;
                    } else {
                        self.src += source.len_utf8();
                        self.pending = 0;
                    }
                    return Some(FoldedChar {
                        c,
                        source,
                        src,
                        sub,
                    });
                }
            }
        }
    }
}

/// Folds a text to its lookup key.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A looser key for romanised Japanese long vowels, applied to a folded key: ou, oo, oh (before
/// a consonant or at the end) → o, uu → u. Tōdō, Todo, Toudou and Tohdoh meet here; used as a
/// fallback when the folded key finds nothing.
pub fn loose(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        out.push(c);
        match (c, next) {
            ('o', Some('u' | 'o')) | ('u', Some('u')) => i += 2,
            ('o', Some('h')) => {
                let after = chars.get(i + 2).copied();
                let consonant_or_end =
                    after.is_none_or(|a| a.is_ascii_alphabetic() && !"aeiouy".contains(a));
                i += if consonant_or_end { 2 } else { 1 };
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_folds_as_the_rules_say() {
        for b in 0u8..128 {
            let c = b as char;
            let mut table = String::new();
            fold_char(c, &mut table);
            let expected = if is_separator(c) {
                String::new()
            } else {
                c.to_ascii_lowercase().to_string()
            };
            assert_eq!(table, expected, "byte {b}");
        }
    }

    #[test]
    fn fold_into_maps_every_folded_byte_to_its_source() {
        let text = "Pyŏk-chegwan 碧蹄館 ＫＯ";
        let (mut folded, mut starts) = (String::new(), Vec::new());
        fold_into(text, &mut folded, &mut starts);
        assert_eq!(folded, fold(text));
        assert_eq!(starts.len(), folded.len());
        for (k, c) in folded.char_indices() {
            let source = text[starts[k] as usize..].chars().next().expect("a char");
            let mut again = String::new();
            fold_char(source, &mut again);
            assert!(again.contains(c), "{c} from {source}");
        }
        // Reused buffers start afresh.
        fold_into("Li", &mut folded, &mut starts);
        assert_eq!((folded.as_str(), starts.as_slice()), ("li", &[0, 1][..]));
    }

    #[test]
    fn cached_folds_equal_computed_ones() {
        // Dropped (·), one char (館, Ŏ, ガ, ，), several chars (ﬁ, ㎞), outside the BMP (𥔎).
        let text = "碧蹄館·Pyŏkchegwan，ガﬁ㎞𥔎";
        let mut expected = String::new();
        for c in text.chars() {
            fold_char_uncached(c, &mut expected);
        }
        assert_eq!(fold(text), expected, "first call fills the table");
        assert_eq!(fold(text), expected, "second call reads it");
        assert_eq!(expected, "碧蹄馆pyokchegwan,がfikm崎");
    }

    #[test]
    fn twins_fold_together() {
        let groups: &[&[&str]] = &[
            &["Ko Ŏnbaek", "Ko Onbaek", "ko onbaek", "KO ŎN-BAEK"],
            &["Go Eon-baek", "Go Eonbaek", "go eon baek"],
            &["碧蹄館", "碧蹄馆"],
            &["查大受", "査大受"],
            &["Zha Dashou", "Zhā Dàshòu", "zha dashou"],
            &["Katō Kiyomasa", "Kato Kiyomasa"],
            &["豐臣秀吉", "豊臣秀吉", "丰臣秀吉"],
            &[
                "こばやかわ たかかげ",
                "コバヤカワ タカカゲ",
                "こばやかわたかかげ",
            ],
            &["고언백", "고 언백"],
            &["Ｌｉ Ｒｕｓｏｎｇ", "Li Rusong"],
            &["Den'emon", "Den’emon", "Denemon"],
            // Characters that do not show (issue 21.6).
            &[
                "李如松",
                "李如\u{200B}松",
                "\u{202E}李如松",
                "李\u{FEFF}如松",
            ],
            &[
                "Kobayakawa",
                "Kobaya\u{AD}kawa",
                "Koba\u{2060}yakawa",
                "Kobayakawa\u{200D}",
            ],
        ];
        for group in groups {
            let key = fold(group[0]);
            for other in &group[1..] {
                assert_eq!(fold(other), key, "{} vs {other}", group[0]);
            }
        }
        assert_ne!(fold("李如松"), fold("李如柏"));
        let todo = loose(&fold("Tōdō Takatora"));
        for spelling in [
            "Todo Takatora",
            "Toudou Takatora",
            "Tohdoh Takatora",
            "Toodoo Takatora",
        ] {
            assert_eq!(loose(&fold(spelling)), todo, "{spelling}");
        }
        assert_eq!(loose(&fold("Inoue")), loose(&fold("Inoue")));
        assert_ne!(
            loose(&fold("Ohara")),
            loose(&fold("Ora")),
            "oh before a vowel stays"
        );
        assert_eq!(fold("ガ"), "が");
    }
}
