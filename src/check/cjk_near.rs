//! Chinese near misses: spans one character away from a personal name of the glossary.
//!
//! A scribe (or an OCR pass) errs by sound and by shape: 李汝松 for 李如松 (汝 and 如 are both
//! read rú), 小早川隆影 for 小早川隆景 (影 holds 景). A span of Han characters that differs from
//! a name in one character (not the first: a wrong surname is another person) is a near miss
//! when the two characters share a Mandarin reading or look alike (`lookalikes.txt`), or, for any
//! other character, when the span stands where a name stands (after a title, before 率, 等, 、
//! or punctuation). A missing or extra character is reported only in such a context and only
//! for names of three characters or more. Spans that are themselves glossary names never are.
//! This module finds and ranks the spans; `names` owns the other name checks.

use super::names::MentionSpans;
use super::{Category, CheckUnit, Finding, Severity, char_diff, finding};
use crate::corpus::detect::is_han;
use crate::glossary::fold::fold;
use crate::glossary::{Column, Glossary, Kind};
use crate::mentions::zh_context;
use crate::mentions::{Mention, fold_with_map};
use crate::romanise::pinyin::{readings, strip_tones};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Pairs of characters that look alike, from `lookalikes.txt` (its header names the source).
static LOOKALIKES: LazyLock<HashSet<(char, char)>> = LazyLock::new(|| {
    let mut out = HashSet::new();
    for line in include_str!("lookalikes.txt").lines() {
        let mut cs = line.split_whitespace().filter_map(|w| w.chars().next());
        if line.starts_with('#') {
            continue;
        }
        if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
            out.insert((a, b));
            out.insert((b, a));
        }
    }
    out
});

/// How a span differs from the name it misses, best (most likely a scribe's error) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slip {
    /// One character for another with the same Mandarin reading (tones aside).
    Homophone,
    /// One character for another of like shape.
    LookAlike,
    /// One character for another, neither sound nor shape alike.
    Other,
    /// A character left out or added.
    Length,
}

impl Slip {
    fn describe(self, found: char, meant: char) -> String {
        match self {
            Slip::Homophone => {
                let r = shared_reading(found, meant).unwrap_or_default();
                let shape = if LOOKALIKES.contains(&(found, meant)) {
                    ", and look alike"
                } else {
                    ""
                };
                format!("homophone: {found} and {meant} are both read {r}{shape}")
            }
            Slip::LookAlike => format!("look-alike: {found} for {meant}"),
            Slip::Other => format!("{found} for {meant}"),
            Slip::Length => "a character left out or added".to_string(),
        }
    }
}

/// A reading (toneless pinyin) two characters share, if any.
fn shared_reading(a: char, b: char) -> Option<String> {
    let rb: Vec<String> = readings(b).iter().map(|r| strip_tones(r)).collect();
    readings(a)
        .iter()
        .map(|r| strip_tones(r))
        .find(|r| rb.contains(r))
}

/// How `found` stands for `meant` in a name.
fn slip(found: char, meant: char) -> Slip {
    if shared_reading(found, meant).is_some() {
        Slip::Homophone
    } else if LOOKALIKES.contains(&(found, meant)) {
        Slip::LookAlike
    } else {
        Slip::Other
    }
}

/// One name a key leads to: entity id and the form as written in the glossary.
pub type Named = (String, String);

/// What the near-miss search asks of the glossary's Chinese personal names: in memory
/// ([`CjkNearIndex`], built from a glossary) or from the name authority cache.
pub trait CjkNames: Sync {
    /// A span of `len` characters starting with `c` can be a near miss (some name of `len`,
    /// `len - 1` or `len + 1` characters starts with `c`).
    fn may_start(&self, c: char, len: usize) -> bool;
    /// `folded` is a Chinese or Japanese form of the glossary.
    fn is_form(&self, folded: &str) -> bool;
    /// Names of 3–6 characters with one character (not the first) blanked out as in `key`
    /// (`?` for it).
    fn blanked(&self, key: &str) -> Vec<Named>;
    /// Names of 4–6 characters that are `key` with one character (not the first) added.
    fn shortened(&self, key: &str) -> Vec<Named>;
    /// The name whose folded form is `key`.
    fn whole(&self, key: &str) -> Option<Named>;
}

/// Personal names of 3–6 Han characters, keyed with one character (not the first) blanked out
/// or left out, for near misses; and every Chinese form, to skip spans that are names.
pub struct CjkNearIndex {
    /// Name with character k (k ≥ 1) replaced by `?` → names.
    blanked: HashMap<String, Vec<Named>>,
    /// Name of 4+ characters with character k (k ≥ 1) left out → names (for spans missing it).
    shortened: HashMap<String, Vec<Named>>,
    /// Names as they are (folded), for spans holding one character too many.
    whole: HashMap<String, Named>,
    /// Every Chinese or Japanese form, folded.
    exact: HashSet<String>,
    /// (first character, length) of every key: a span can only be a near miss if it starts
    /// like one of its length.
    starts: HashSet<(char, usize)>,
}

impl CjkNearIndex {
    /// Indexes the Chinese personal names of `glossary`.
    pub fn new(glossary: &Glossary) -> Self {
        let mut ix = CjkNearIndex {
            blanked: HashMap::new(),
            shortened: HashMap::new(),
            whole: HashMap::new(),
            exact: HashSet::new(),
            starts: HashSet::new(),
        };
        for e in &glossary.entries {
            for (column, text, _) in e.forms() {
                if !matches!(column, Column::ZhHant | Column::ZhHans | Column::JaKanji) {
                    continue;
                }
                let folded: Vec<char> = fold(text).chars().collect();
                ix.exact.insert(folded.iter().collect());
                // People only: place and unit names end in generic words (道, 門, 軍團) that
                // make every neighbour look like a typo.
                if e.kind != Kind::Person
                    || !(3..=6).contains(&folded.len())
                    || !folded.iter().all(|&c| is_han(c))
                {
                    continue;
                }
                let named = (e.id.clone(), text.to_string());
                let n = folded.len();
                ix.starts.insert((folded[0], n));
                ix.starts.insert((folded[0], n + 1));
                ix.whole
                    .entry(folded.iter().collect())
                    .or_insert_with(|| named.clone());
                for k in 1..n {
                    let key: String = blank(&folded, k);
                    ix.blanked.entry(key).or_default().push(named.clone());
                    if n >= 4 {
                        let key: String = without(&folded, k);
                        ix.starts.insert((folded[0], n - 1));
                        ix.shortened.entry(key).or_default().push(named.clone());
                    }
                }
            }
        }
        ix
    }

    /// Every key of the index, by kind (`b` blanked, `s` shortened, `w` whole) with the
    /// names it leads to, the Chinese forms, and the (character, length) starts: what the
    /// name authority cache stores.
    pub fn parts(&self) -> CjkParts<'_> {
        CjkParts {
            blanked: &self.blanked,
            shortened: &self.shortened,
            whole: &self.whole,
            exact: &self.exact,
            starts: &self.starts,
        }
    }
}

/// The maps of a [`CjkNearIndex`], borrowed.
pub struct CjkParts<'a> {
    /// Blanked keys → names.
    pub blanked: &'a HashMap<String, Vec<Named>>,
    /// Shortened keys → names.
    pub shortened: &'a HashMap<String, Vec<Named>>,
    /// Whole names.
    pub whole: &'a HashMap<String, Named>,
    /// Every Chinese or Japanese form, folded.
    pub exact: &'a HashSet<String>,
    /// (first character, length) starts.
    pub starts: &'a HashSet<(char, usize)>,
}

impl CjkNames for CjkNearIndex {
    fn may_start(&self, c: char, len: usize) -> bool {
        self.starts.contains(&(c, len))
    }

    fn is_form(&self, folded: &str) -> bool {
        self.exact.contains(folded)
    }

    fn blanked(&self, key: &str) -> Vec<Named> {
        self.blanked.get(key).cloned().unwrap_or_default()
    }

    fn shortened(&self, key: &str) -> Vec<Named> {
        self.shortened.get(key).cloned().unwrap_or_default()
    }

    fn whole(&self, key: &str) -> Option<Named> {
        self.whole.get(key).cloned()
    }
}

/// The best name `span` misses by one character, with how, if any.
fn best(names: &dyn CjkNames, span: &[char]) -> Option<(Slip, Named)> {
    let mut best: Option<(Slip, Named)> = None;
    let mut consider = |slip: Slip, named: &Named| {
        if best
            .as_ref()
            .is_none_or(|(s, n)| (slip, &named.0) < (*s, &n.0))
        {
            best = Some((slip, named.clone()));
        }
    };
    for k in 1..span.len() {
        for named in &names.blanked(&blank(span, k)) {
            let meant = fold(&named.1).chars().nth(k).unwrap_or(span[k]);
            consider(slip(span[k], meant), named);
        }
        if span.len() >= 4
            && let Some(named) = names.whole(&without(span, k))
        {
            consider(Slip::Length, &named);
        }
    }
    for named in &names.shortened(&span.iter().collect::<String>()) {
        consider(Slip::Length, named);
    }
    best
}

/// `chars` with the character at `k` replaced by `?`.
fn blank(chars: &[char], k: usize) -> String {
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i == k { '?' } else { c })
        .collect()
}

/// `chars` without the character at `k`.
fn without(chars: &[char], k: usize) -> String {
    chars
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != k)
        .map(|(_, &c)| c)
        .collect()
}

/// Whether the display span `ds..de` of `text` stands where a name stands: a title before it,
/// or punctuation, a list mark or a word that follows names after it.
/// A follower that completes a word with the span's last character does not follow it: 金甲武將
/// ("a general in golden armour") is 金甲 and 武將, no name followed by 將.
fn in_name_context(text: &str, ds: usize, de: usize) -> bool {
    let after = text[de..].chars().next();
    let last = text[..de].chars().next_back();
    let completes_word = match (last, after) {
        (Some(l), Some(a)) => zh_context::is_word(l, a),
        _ => false,
    };
    let ends_name = after.is_none_or(|c| !is_han(c))
        || (zh_context::before_follower(&text[de..]) && !completes_word);
    ends_name || zh_context::after_title(&text[..ds])
}

/// The mentions a near miss may hold: a surname or a shorter name inside it (小早川 in
/// 小早川隆影) does not make the span known; one reaching outside it or as long does.
fn blocked(mentions: &MentionSpans<'_>, ds: usize, de: usize) -> bool {
    let inside = |m: &Mention| m.start >= ds && m.end <= de && m.end - m.start < de - ds;
    mentions.overlapping(ds, de).any(|m| !inside(m))
}

/// Reports spans of a Chinese unit that miss a personal name of the glossary by one character.
pub(super) fn near_misses_cjk(
    u: &CheckUnit<'_>,
    mentions: &MentionSpans<'_>,
    index: &dyn CjkNames,
    out: &mut Vec<Finding>,
) {
    let text = &u.unit.text;
    let (folded, map) = fold_with_map(text);
    let chars: Vec<(usize, char)> = folded.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut found: Option<(Slip, Named, usize, usize, usize)> = None;
        for len in (3..=7).rev() {
            if i + len > chars.len() || !index.may_start(chars[i].1, len) {
                continue;
            }
            let span: Vec<char> = chars[i..i + len].iter().map(|x| x.1).collect();
            if !span.iter().all(|&c| is_han(c)) {
                continue;
            }
            let ds = map[chars[i].0].0 as usize;
            let de = map[chars[i + len - 1].0].1 as usize;
            if index.is_form(&span.iter().collect::<String>()) || blocked(mentions, ds, de) {
                continue;
            }
            let Some((slip, named)) = best(index, &span) else {
                continue;
            };
            // Sound and shape slips stand on their own; others need a name's place.
            if slip >= Slip::Other && !in_name_context(text, ds, de) {
                continue;
            }
            // A span holding a whole name and one more character is that name and a word; one
            // holding a surname and an unlike character is the surname and a word (小西願以).
            if slip >= Slip::Other && mentions.overlapping(ds, de).next().is_some() {
                continue;
            }
            if found.as_ref().is_none_or(|f| slip < f.0) {
                found = Some((slip, named, ds, de, len));
            }
        }
        let Some((slip, (id, form), ds, de, len)) = found else {
            i += 1;
            continue;
        };
        let mut f = finding(u, Category::VariantForm, Severity::Warning, ds, de);
        let why = differing(&f.text, &form)
            .map(|(a, b)| slip.describe(a, b))
            .unwrap_or_else(|| Slip::Length.describe(' ', ' '));
        f.entity = Some(id);
        f.suggestion = Some(format!(
            "near miss of {form} ({why}): {}",
            char_diff(&f.text, &form)
        ));
        f.expected = Some(form);
        out.push(f);
        i += len;
    }
}

/// The one character pair where two strings of equal length differ.
fn differing(found: &str, meant: &str) -> Option<(char, char)> {
    if found.chars().count() != meant.chars().count() {
        return None;
    }
    found.chars().zip(meant.chars()).find(|(a, b)| a != b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_rank_sound_then_shape() {
        let table = [
            ('汝', '如', Slip::Homophone),
            ('維', '惟', Slip::Homophone),
            // 景 has the old reading yǐng too: sound wins over shape.
            ('影', '景', Slip::Homophone),
            ('戌', '戊', Slip::LookAlike),
            ('成', '茂', Slip::LookAlike),
            ('山', '茂', Slip::Other),
        ];
        for (found, meant, want) in table {
            assert_eq!(slip(found, meant), want, "{found} for {meant}");
        }
        assert!(Slip::Homophone < Slip::LookAlike && Slip::LookAlike < Slip::Other);
    }

    fn person(id: &str, zh: &str) -> crate::glossary::Entry {
        crate::glossary::Entry::from_zh(id, Kind::Person, crate::glossary::Origin::Zh, zh)
    }

    #[test]
    fn a_span_misses_a_name_by_one_character_changed_added_or_left_out() {
        let g = Glossary {
            entries: vec![
                person("kobayakawa-takakage", "小早川隆景"),
                person("li-rusong", "李如松"),
            ],
        };
        let ix = CjkNearIndex::new(&g);
        let best = |s: &str| {
            let cs: Vec<char> = s.chars().collect();
            best(&ix, &cs).map(|(slip, (id, _))| (slip, id))
        };
        let table = [
            ("李汝松", Some((Slip::Homophone, "li-rusong"))),
            ("小早川隆影", Some((Slip::Homophone, "kobayakawa-takakage"))),
            ("李如山", Some((Slip::Other, "li-rusong"))),
            ("小早川景", Some((Slip::Length, "kobayakawa-takakage"))),
            ("小早川隆之景", Some((Slip::Length, "kobayakawa-takakage"))),
            ("李如大松", Some((Slip::Length, "li-rusong"))),
            // The first character is the surname: another one is another person.
            ("張如松", None),
            // Two characters off.
            ("李汝山", None),
            // Names of three characters lose none (李松 is a word too often).
            ("李松", None),
        ];
        for (span, want) in table {
            let got = best(span);
            let got = got.as_ref().map(|(s, id)| (*s, id.as_str()));
            assert_eq!(got, want, "{span}");
        }
    }

    #[test]
    fn the_lookalike_table_reads_pairs_both_ways() {
        assert!(LOOKALIKES.contains(&('景', '影')) && LOOKALIKES.contains(&('影', '景')));
        assert!(!LOOKALIKES.iter().any(|(a, b)| a == b));
    }
}
