//! Name checks: unknown names and near misses, variant and error forms, aliases in one document,
//! mixed romanisation systems, and names that do not correspond across linked paragraphs.

use super::{Category, CheckUnit, Finding, LinkRef, Options, Severity, char_diff, finding};
use crate::corpus::BlockKind;
use crate::corpus::detect::is_han;
use crate::glossary::fold::fold;
use crate::glossary::lookup::Index;
use crate::glossary::validate::fill;
use crate::glossary::{Column, Entry, Glossary, Kind, Origin, Status};
use crate::mentions::numbers::is_number_word;
use crate::mentions::{EntityId, Mention, is_field_key};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// A name-like span of display text that the glossary does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameLike {
    /// Unit index.
    pub unit: usize,
    /// Display start.
    pub start: usize,
    /// Display end.
    pub end: usize,
    /// The text.
    pub text: String,
}

/// Capitalised words (with diacritics, apostrophes, hyphens), joined by spaces (never a line
/// break: the lines of a name box are not one name), "of" or "of the".
static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b\p{Lu}[\p{Ll}\p{Lu}\p{M}'’\-]*(?:[ \t\u{a0}]+(?:of[ \t\u{a0}]+(?:the[ \t\u{a0}]+)?)?\p{Lu}[\p{Ll}\p{Lu}\p{M}'’\-]*)*",
    )
    .expect("regex")
});

/// Capitalised words that are not names: sentence openers, titles used alone, demonyms,
/// months. A name-like span made only of these is skipped; one starting with them loses them.
/// A capitalised word that is not a name: a sentence opener, a title, a month.
fn is_not_name(word: &str) -> bool {
    NOT_NAMES.contains(&word) || crate::mentions::dates::MONTH_NAMES.contains(&word)
}

const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Then",
    "Their",
    "They",
    "He",
    "His",
    "Him",
    "She",
    "Her",
    "It",
    "Its",
    "We",
    "Our",
    "I",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "From",
    "To",
    "With",
    "By",
    "As",
    "After",
    "Before",
    "During",
    "Upon",
    "When",
    "While",
    "Where",
    "Which",
    "Who",
    "Whose",
    "What",
    "Why",
    "How",
    "However",
    "Meanwhile",
    "Next",
    "Finally",
    "First",
    "Second",
    "Third",
    "Later",
    "Also",
    "But",
    "And",
    "Or",
    "If",
    "So",
    "Since",
    "Though",
    "Although",
    "Because",
    "According",
    "Another",
    "Other",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Such",
    "Seeing",
    "Having",
    "Being",
    "Reinforcements",
    "Sources",
    "Source",
    "Infobox",
    "General",
    "Admiral",
    "King",
    "Emperor",
    "Prince",
    "Lord",
    "Japanese",
    "Chinese",
    "Korean",
    "Koreans",
    "Korea",
    "China",
    "Portuguese",
    "Spanish",
    "Jesuit",
    "English",
    "European",
    "Europeans",
    "Manchu",
    "Manchus",
    "Result",
    "Date",
    "Place",
    "Strength",
    "Casualties",
    "Commander",
    "Combatant",
    "Conflict",
    "Campaign",
    "Partof",
    "See",
    "Notes",
    "References",
    "Further",
    "Reading",
    "External",
    "Links",
    "Main",
    "Article",
    "Yes",
    "No",
    // Results, tallies and Infobox words.
    "Decisive",
    "Victory",
    "Defeat",
    "Pyrrhic",
    "Tactical",
    "Strategic",
    "Inconclusive",
    "Unknown",
    "Total",
    "None",
    "Half",
    "Hundreds",
    "Thousands",
    "Dozens",
    "Several",
    "Few",
    "Commanders",
    "Belligerents",
    "Strength",
    "Casualties",
    "Losses",
    "Result",
    "Location",
    "Date",
    // Peoples as adjectives (Japanese ships, Korean victory): no entity of their own.
    "Japanese",
    "Korean",
    "Koreans",
    "Chinese",
    "Manchu",
    // Labels of name boxes and scripts.
    "Hanja",
    "Hangul",
    "Kanji",
    "Hiragana",
    "Katakana",
    "Revised",
    "Romanization",
    "Romanisation",
    "McCune",
    "Reischauer",
    "McCune–Reischauer",
    "Hepburn",
    "Pinyin",
    "Wade–Giles",
    // Page furniture of copied web pages.
    "Wikipedia",
    "Jump",
    "About",
    "Edit",
    "Contents",
    "Retrieved",
    "Archived",
    "Categories",
    "Navigation",
    "Menu",
    "Search",
    "Page",
    "Help",
    // Status markers glued to names in lists (killed, wounded, captured, missing).
    "KIA",
    "WIA",
    "POW",
    "MIA",
    // Generic nouns written capitalised as labels of boxes and lists.
    "Art",
    "Blank",
    "Data",
    "Courtesy",
    "Posthumous",
    "Examination",
    "Herald",
    "Minister",
    "Naval",
    "Ships",
    "Western",
    "Eastern",
    "Invasions",
    "Annihilation",
    "Withdrawal",
    "Calendar",
    "Gregorian",
    "Lunar",
];

/// Number words, alone or hyphenated ("Forty-seven", "Twenty-six"): counts, not names.
/// Words that name a unit of an army or fleet.
const UNIT_WORDS: &[&str] = &[
    "Army",
    "Armies",
    "Division",
    "Divisions",
    "Corps",
    "Fleet",
    "Fleets",
    "Navy",
    "Regiment",
    "Brigade",
    "Battalion",
    "Company",
    "Squadron",
    "Wing",
    "Flank",
    "Vanguard",
    "Rearguard",
    "Garrison",
    "Forces",
    "Commander",
    "Commanders",
    "Commandant",
];

/// Words that number or place a unit (First Division, Right Army, Central Corps).
const UNIT_QUALIFIERS: &[&str] = &[
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Left",
    "Right",
    "Center",
    "Centre",
    "Central",
    "Middle",
    "Main",
    "Rear",
    "Front",
    "Forward",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "North",
    "South",
    "East",
    "West",
    "Naval",
    "Royal",
    "Imperial",
    "Allied",
    "Associate",
    "Deputy",
    "Vice",
    "Chief",
    "Supreme",
];

/// `words` name a unit or a command by its number or position only (First Division, Right
/// Army, North Army Commander): a unit word, every other word a qualifier, a unit word, an
/// ordinal, or no name at all. Before `of`, the same holds of the words before it ("Associate
/// Commander of Bangdap", "Division of the Japanese Army": a post or a unit, not a name).
fn is_unit_designation(words: &[&str]) -> bool {
    let head = match words.iter().position(|w| *w == "of") {
        Some(0) => return false,
        Some(k) => &words[..k],
        None => words,
    };
    let Some((last, rest)) = head.split_last() else {
        return false;
    };
    UNIT_WORDS.contains(last)
        && rest.iter().all(|w| {
            UNIT_QUALIFIERS.contains(w)
                || UNIT_WORDS.contains(w)
                || is_not_name(w)
                || is_number_word(w)
                || *w == "the"
        })
}

/// The pieces of `start..end` cut where words were glued by copying (a lower-case letter then
/// a capital, three letters or more into the word: "ReischauerCho", "DateMay", a status
/// marker "Gwang-eonKIA"); "McCune" and "DeSoto" stay whole.
fn glued_pieces(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let (mut from, mut word_start) = (start, start);
    let mut prev: Option<char> = None;
    for (k, c) in text[start..end].char_indices() {
        let at = start + k;
        if !c.is_alphabetic() && c != '\'' && c != '’' {
            word_start = at + c.len_utf8();
        } else if c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && (text[word_start..at].chars().count() >= 3 || is_marker_at(text, at, end))
        {
            pieces.push((from, at));
            from = at;
            word_start = at;
        }
        prev = Some(c);
    }
    pieces.push((from, end));
    pieces
}

/// Whether a status marker (KIA, WIA, POW, MIA) starts at `at` and ends its word.
fn is_marker_at(text: &str, at: usize, end: usize) -> bool {
    ["KIA", "WIA", "POW", "MIA"].iter().any(|m| {
        text[at..end].starts_with(m)
            && !text[at + m.len()..end]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    })
}

/// Name-like spans (capitalised words) of `text` within `ranges`, as byte spans: what unknown
/// names and `glossary suggest` start from.
pub fn english_name_likes(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(rs, re) in ranges {
        let part = &text[rs..re];
        for (ps, pe) in CAPITALISED
            .find_iter(part)
            .flat_map(|m| glued_pieces(part, m.start(), m.end()))
        {
            let mut start = rs + ps;
            let end = rs + pe;
            // Drop leading words that are not names ("The Battle of …" → "Battle of …" → …).
            // "An" and "I" are also Korean surnames (An Wi, I Sun-sin): an article or pronoun
            // only where a sentence starts (inside one, an article is written "an").
            loop {
                let span = &text[start..end];
                let first = span.split_whitespace().next().unwrap_or("");
                let opens_sentence = {
                    let before = text[rs..start].trim_end();
                    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '(', '"', '“'])
                };
                let surname_too = matches!(first, "An" | "I") && !opens_sentence;
                if is_not_name(first) && !surname_too && span.len() > first.len() {
                    start += first.len();
                    start += text[start..end].len() - text[start..end].trim_start().len();
                    if text[start..end].starts_with("of ") {
                        start += 3;
                    }
                    if text[start..end].starts_with("the ") {
                        start += 4;
                    }
                } else {
                    break;
                }
            }
            let span = text[start..end]
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            let span = span.trim_end_matches(['\'', '’', '-']);
            let end = start + span.len();
            if span.is_empty() || span.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let words: Vec<&str> = span.split_whitespace().collect();
            // A count of something ("Forty-seven Japanese") is no name; a name may begin with
            // a number word ("Seven Years' War").
            if words
                .iter()
                .all(|w| is_not_name(w) || is_number_word(w) || *w == "of" || *w == "the")
            {
                continue;
            }
            // A unit of an army ("First Division", "Right Army", "the Left Fleet"): its other
            // words number or place it, none names it.
            if is_unit_designation(&words) {
                continue;
            }
            // The key of a `key: value` line (an Infobox's "Birth Place:") names a field.
            if is_field_key(text, start, end) {
                continue;
            }
            // A single word opening a sentence may be any word.
            let before = text[rs..start].trim_end();
            let sentence_start =
                before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '(']);
            if words.len() == 1 && sentence_start {
                continue;
            }
            out.push((start, end));
        }
    }
    out
}

/// A paragraph's name mentions sorted by start, with the running maximum of their ends, so the
/// mentions overlapping a range are found in O(log n + k) instead of a scan of the paragraph's
/// every mention (which made the checks quadratic in the length of a paragraph).
pub(super) struct MentionSpans<'m> {
    sorted: Vec<&'m Mention>,
    /// `max_end[k]` = the largest end among `sorted[..=k]`.
    max_end: Vec<usize>,
}

impl<'m> MentionSpans<'m> {
    pub(super) fn new(ms: &'m [Mention]) -> Self {
        let mut sorted: Vec<&Mention> = ms.iter().collect();
        sorted.sort_by_key(|m| m.start);
        let max_end = sorted
            .iter()
            .scan(0, |max, m| {
                *max = (*max).max(m.end);
                Some(*max)
            })
            .collect();
        MentionSpans { sorted, max_end }
    }

    /// The mentions overlapping `s..e`, latest start first.
    pub(super) fn overlapping(&self, s: usize, e: usize) -> impl Iterator<Item = &'m Mention> {
        let below = self.sorted.partition_point(|m| m.start < e);
        // Walking back, once no earlier mention reaches past `s`, none overlaps.
        (0..below)
            .rev()
            .take_while(move |&k| self.max_end[k] > s)
            .map(|k| self.sorted[k])
            .filter(move |m| m.end > s)
    }

    /// True when a name-like span is covered by a known name: overlapping a full-form mention,
    /// or equal to a short-form one ("Konishi" alone is known; "Konishi Yukinagga" is not).
    fn known_span(&self, s: usize, e: usize) -> bool {
        self.overlapping(s, e)
            .any(|m| !m.short || (m.start <= s && m.end >= e))
    }
}

/// A Latin form of the glossary for near misses: its folded key, its entry (index and id) and
/// the form as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatinForm {
    /// Folded key (five characters or more).
    pub key: String,
    /// The entry's index in the glossary.
    pub entry: u32,
    /// The entry's id.
    pub id: String,
    /// The form as written.
    pub form: String,
}

/// Latin forms of the glossary by folded key, for near misses.
pub fn latin_forms(glossary: &Glossary) -> Vec<LatinForm> {
    let mut out = Vec::new();
    for (i, e) in glossary.entries.iter().enumerate() {
        for (column, text, status) in e.forms() {
            if column.is_latin() && status != Status::Error {
                let key = fold(text);
                if key.chars().count() >= 5 {
                    out.push(LatinForm {
                        key,
                        entry: i as u32,
                        id: e.id.clone(),
                        form: text.to_string(),
                    });
                }
            }
        }
    }
    out
}

/// What the name checks ask of the whole glossary, beyond the entries the corpus names: is a
/// wikilink's target a form, which forms does an unknown name nearly spell. In memory
/// ([`GlossaryNames`]) or from the name authority cache, so that a glossary of a million forms
/// is not indexed again by every `check`.
pub trait WholeNames: Sync {
    /// `text` is a form of some entry once folded (or a loose spelling of one).
    fn knows(&self, text: &str) -> bool;
    /// Every Latin form of five folded characters or more.
    fn latin_forms(&self) -> &[LatinForm];
    /// The label of entry `entry` (by index).
    fn label(&self, entry: u32) -> String;
    /// The Chinese personal names, for Chinese near misses.
    fn cjk(&self) -> &dyn super::cjk_near::CjkNames;
}

/// [`WholeNames`] from the name authority cache of the glossary's version.
pub struct CachedNames<'a> {
    authority: &'a crate::glossary::authority::Authority,
    latin: Vec<LatinForm>,
    cjk: CachedCjkNames<'a>,
}

impl<'a> CachedNames<'a> {
    /// Reads what near misses need from `authority`.
    pub fn new(
        authority: &'a crate::glossary::authority::Authority,
    ) -> Result<Self, crate::glossary::authority::AuthorityError> {
        Ok(CachedNames {
            authority,
            latin: authority.latin_forms()?,
            cjk: CachedCjkNames(authority.cjk()?),
        })
    }
}

struct CachedCjkNames<'a>(crate::glossary::authority::CachedCjk<'a>);

impl super::cjk_near::CjkNames for CachedCjkNames<'_> {
    fn may_start(&self, c: char, len: usize) -> bool {
        self.0.may_start(c, len)
    }

    fn is_form(&self, folded: &str) -> bool {
        self.0.is_form(folded)
    }

    fn blanked(&self, key: &str) -> Vec<super::cjk_near::Named> {
        self.0.names('b', key)
    }

    fn shortened(&self, key: &str) -> Vec<super::cjk_near::Named> {
        self.0.names('s', key)
    }

    fn whole(&self, key: &str) -> Option<super::cjk_near::Named> {
        self.0.names('w', key).into_iter().next()
    }
}

impl WholeNames for CachedNames<'_> {
    fn knows(&self, text: &str) -> bool {
        self.authority
            .lookup(text)
            .is_ok_and(|found| found.hits().first().is_some_and(|h| h.exact))
    }

    fn latin_forms(&self) -> &[LatinForm] {
        &self.latin
    }

    fn label(&self, entry: u32) -> String {
        self.authority.label(entry).unwrap_or_default()
    }

    fn cjk(&self) -> &dyn super::cjk_near::CjkNames {
        &self.cjk
    }
}

/// [`WholeNames`] of a glossary in memory.
pub struct GlossaryNames<'g> {
    glossary: &'g Glossary,
    index: Index<'g>,
    latin: Vec<LatinForm>,
    cjk: super::cjk_near::CjkNearIndex,
}

impl<'g> GlossaryNames<'g> {
    /// Indexes `glossary`.
    pub fn new(glossary: &'g Glossary) -> Self {
        GlossaryNames {
            glossary,
            index: Index::new(glossary),
            latin: latin_forms(glossary),
            cjk: super::cjk_near::CjkNearIndex::new(glossary),
        }
    }
}

impl WholeNames for GlossaryNames<'_> {
    fn knows(&self, text: &str) -> bool {
        self.index.lookup(text).first().is_some_and(|h| h.exact)
    }

    fn latin_forms(&self) -> &[LatinForm] {
        &self.latin
    }

    fn label(&self, entry: u32) -> String {
        self.glossary
            .entries
            .get(entry as usize)
            .map_or_else(String::new, |e| e.label().to_string())
    }

    fn cjk(&self) -> &dyn super::cjk_near::CjkNames {
        &self.cjk
    }
}

/// Unknown names (English capitalised sequences, Infobox values, Chinese wikilinks) grouped by
/// text, and near misses: unknown spans one or two letters (or one character) from a form.
pub(super) fn unknown_and_near(
    units: &[CheckUnit<'_>],
    whole: &dyn WholeNames,
    options: &Options,
    out: &mut Vec<Finding>,
) {
    let latin = whole.latin_forms();
    let mut unknown: BTreeMap<String, Finding> = BTreeMap::new();
    // Page furniture (references, hatnotes) names authors and pages, not the text's people.
    for u in units.iter().filter(|u| u.unit.kind != BlockKind::Meta) {
        let ms = MentionSpans::new(&u.unit.mentions.names);
        if !u.unit.lang.is_cjk() {
            let ranges: Vec<(usize, usize)> = if u.fields.is_empty() {
                vec![(0, u.unit.text.len())]
            } else {
                u.fields.iter().map(|f| f.1).collect()
            };
            for (s, e) in english_name_likes(&u.unit.text, &ranges) {
                if ms.known_span(s, e) {
                    continue;
                }
                let text = &u.unit.text[s..e];
                let key = fold(text);
                // A name the Chinese texts of the corpus also write (read across scripts: Yi
                // Hon is 李渾) is a name of its own, not a slip for a form one letter away
                // (Nihon).
                let read = u
                    .unit
                    .mentions
                    .read
                    .iter()
                    .find(|r| s <= r.start as usize && r.end as usize <= e)
                    .map(|r| {
                        (
                            &u.unit.text[r.start as usize..r.end as usize],
                            r.id.as_str(),
                        )
                    });
                // Near miss: closest Latin form within one or two edits.
                let max = if key.chars().count() < 8 { 1 } else { 2 };
                let best = latin
                    .iter()
                    .filter(|_| read.is_none())
                    .filter(|l| l.key.len().abs_diff(key.len()) <= max && l.key != key)
                    .map(|l| (strsim::damerau_levenshtein(&l.key, &key), l))
                    .filter(|(d, _)| *d <= max)
                    .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
                if let Some((_, l)) = best {
                    let form = &l.form;
                    let mut f = finding(
                        u,
                        Category::VariantForm,
                        Severity::Warning,
                        s,
                        e_end(s, text),
                    );
                    f.entity = Some(l.id.clone());
                    f.expected = Some(form.clone());
                    f.suggestion = Some(format!(
                        "near miss of {form:?} ({}): {}",
                        whole.label(l.entry),
                        char_diff(text, form)
                    ));
                    out.push(f);
                    continue;
                }
                add_unknown(&mut unknown, u, (s, e), read, options);
            }
        } else {
            for (label, page, (s, e)) in &u.links {
                let page = page.split(" (").next().unwrap_or(page).trim();
                if page.is_empty() || page.contains(':') || is_date_page(page) {
                    continue;
                }
                let known = |t: &str| whole.knows(t);
                if known(page) || known(label) {
                    continue;
                }
                let mut f = finding(u, Category::UnknownName, Severity::Info, *s, *e);
                f.text = page.to_string();
                f.suggestion = Some(suggest(page, options));
                let key = fold(page);
                unknown.entry(key).and_modify(|g| g.count += 1).or_insert(f);
            }
            super::cjk_near::near_misses_cjk(u, &ms, whole.cjk(), out);
        }
    }
    out.extend(unknown.into_values());
}

fn e_end(start: usize, text: &str) -> usize {
    start + text.len()
}

fn is_date_page(page: &str) -> bool {
    page.chars()
        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十廿卅初正年月日".contains(c))
}

/// Records the unknown name at `s..e` of `u` (counted once per text); `read` is a name in it
/// the aligner read across scripts, with the Chinese form the corpus writes it in ("Sin Gak",
/// 申恪).
fn add_unknown(
    unknown: &mut BTreeMap<String, Finding>,
    u: &CheckUnit<'_>,
    (s, e): (usize, usize),
    read: Option<(&str, &str)>,
    options: &Options,
) {
    let text = u.unit.text[s..e].to_string();
    let key = fold(&text);
    if let Some(g) = unknown.get_mut(&key) {
        g.count += 1;
        return;
    }
    let mut f = finding(u, Category::UnknownName, Severity::Info, s, e);
    f.suggestion = Some(match read {
        Some((en, zh)) => {
            f.expected = Some(zh.to_string());
            format!(
                "add it to the glossary: the Chinese texts write {en} {zh} (read across scripts)"
            )
        }
        None => suggest(&text, options),
    });
    unknown.insert(key, f);
}

/// What to do about an unknown name; with `--suggest`, forms computed by the engines.
fn suggest(text: &str, options: &Options) -> String {
    if !options.suggest {
        return "add it to the glossary".to_string();
    }
    let han = text.chars().all(is_han);
    if !han {
        return format!(
            "add an entry with en {text:?}; its characters cannot be computed from a romanisation"
        );
    }
    let kind = if text.chars().count() <= 4 {
        Kind::Person
    } else {
        Kind::Place
    };
    let entry = Entry::from_zh("", kind, Origin::Zh, text);
    let (filled, _) = fill(&entry);
    let mut parts = Vec::new();
    for c in [Column::ZhHans, Column::Pinyin, Column::KoHangul] {
        if let Some(v) = filled.preferred(c) {
            parts.push(format!("{c} {v}"));
        }
    }
    format!(
        "new entry: {} (as a Chinese name; check the reading)",
        parts.join(", ")
    )
}

/// Names written in a variant or a known-error form.
pub(super) fn variant_forms(units: &[CheckUnit<'_>], glossary: &Glossary, out: &mut Vec<Finding>) {
    for u in units {
        for m in &u.unit.mentions.names {
            if m.nested || !matches!(m.status, Status::Variant | Status::Error) {
                continue;
            }
            let Some(id) = &m.entity else { continue };
            let Some(e) = glossary.get(id) else { continue };
            let column = if u.unit.lang.is_cjk() {
                if m.column == Column::ZhHans {
                    Column::ZhHans
                } else {
                    Column::ZhHant
                }
            } else {
                Column::En
            };
            let expected = e.preferred(column).unwrap_or(e.label()).to_string();
            let severity = if m.status == Status::Error {
                Severity::Error
            } else {
                Severity::Warning
            };
            let mut f = finding(u, Category::VariantForm, severity, m.start, m.end);
            f.entity = Some(id.to_string());
            f.suggestion = Some(format!(
                "{} form of {}: write {expected}{}",
                m.status,
                e.label(),
                if e.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", e.note.split(" #").next().unwrap_or(""))
                }
            ));
            f.expected = Some(expected);
            out.push(f);
        }
    }
}

/// One entity under two names (an alias and another form) in one document.
pub(super) fn aliases(units: &[CheckUnit<'_>], glossary: &Glossary, out: &mut Vec<Finding>) {
    // Units come grouped by document: one document at a time.
    let mut start = 0;
    while start < units.len() {
        let doc = &units[start].unit.doc;
        let len = units[start..]
            .iter()
            .take_while(|u| u.unit.doc == *doc)
            .count();
        aliases_in_document(units, start..start + len, glossary, out);
        start += len;
    }
}

fn aliases_in_document(
    units: &[CheckUnit<'_>],
    range: std::ops::Range<usize>,
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    // Entity → forms in order of first use: (folded, status, unit, mention).
    type Forms<'m> = Vec<(String, Status, usize, &'m Mention)>;
    let mut seen: BTreeMap<EntityId, Forms<'_>> = BTreeMap::new();
    for ui in range {
        let u = &units[ui];
        for m in &u.unit.mentions.names {
            if m.nested || m.short || matches!(m.status, Status::Variant | Status::Error) {
                continue;
            }
            let Some(id) = &m.entity else { continue };
            let forms = seen.entry(*id).or_default();
            let key = fold(m.text(&u.unit.text));
            if !forms.iter().any(|f| f.0 == key) {
                forms.push((key, m.status, ui, m));
            }
        }
    }
    // A title with a name the entity is also written with (Admiral Yi for Yi Sun-sin) is that
    // name, not another one.
    for forms in seen.values_mut() {
        let words: Vec<String> = forms
            .iter()
            .filter(|f| f.1 != Status::Alias)
            .flat_map(|f| {
                let text = f.3.text(&units[f.2].unit.text);
                text.split_whitespace().map(fold).collect::<Vec<_>>()
            })
            .collect();
        forms.retain(|f| {
            f.1 != Status::Alias
                || !crate::glossary::derive::strip_title(f.3.text(&units[f.2].unit.text))
                    .is_some_and(|name| words.contains(&fold(name)))
        });
    }
    for (id, forms) in &seen {
        let person = glossary.get(id).is_some_and(|e| e.kind == Kind::Person);
        if !person || forms.len() < 2 || !forms.iter().any(|f| f.1 == Status::Alias) {
            continue;
        }
        let label = glossary
            .get(id)
            .map_or(id.to_string(), |e| e.label().to_string());
        for (i, (_, status, ui, m)) in forms.iter().enumerate() {
            if *status != Status::Alias {
                continue;
            }
            let other = forms
                .iter()
                .enumerate()
                .find(|(j, f)| *j != i && f.0 != forms[i].0)
                .map(|(_, f)| f);
            let Some((_, _, oi, om)) = other else {
                continue;
            };
            let u = &units[*ui];
            let mut f = finding(u, Category::AliasUsed, Severity::Info, m.start, m.end);
            f.entity = Some(id.to_string());
            let other_text = om.text(&units[*oi].unit.text);
            f.expected = Some(other_text.to_string());
            f.related = Some(format!(
                "{}:{}",
                units[*oi].unit.doc, units[*oi].unit.ordinal
            ));
            f.suggestion = Some(format!(
                "{} is another name of {label}, also written {} in this document: use one name, or say they are the same",
                m.text(&u.unit.text),
                other_text
            ));
            out.push(f);
        }
    }
}

/// The romanisation system a Korean name is written in, if it tells.
fn korean_system(text: &str) -> Option<&'static str> {
    static MR_APOSTROPHE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(k|t|p|ch)['’]").expect("regex"));
    let lower = text.to_lowercase();
    if text.contains(['ŏ', 'ŭ', 'Ŏ', 'Ŭ']) || MR_APOSTROPHE.is_match(text) {
        Some("McCune–Reischauer")
    } else if lower.contains("eo") || lower.contains("eu") {
        Some("Revised Romanization")
    } else {
        None
    }
}

/// Korean names in two romanisation systems, or Japanese names with and without macrons, in
/// one English document: each name of the less used style is reported.
pub(super) fn mixed_romanisation(
    units: &[CheckUnit<'_>],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    type Group<'a> = BTreeMap<&'static str, Vec<(usize, &'a Mention)>>;
    let mut docs: BTreeMap<String, (Group<'_>, Group<'_>)> = BTreeMap::new();
    for (ui, u) in units.iter().enumerate() {
        if u.unit.lang.is_cjk() {
            continue;
        }
        for m in &u.unit.mentions.names {
            let Some(e) = m.entity.as_ref().and_then(|id| glossary.get(id)) else {
                continue;
            };
            if m.nested || !m.column.is_latin() {
                continue;
            }
            let (korean, japanese) = docs.entry(u.unit.doc.clone()).or_default();
            if e.origin == Origin::Ko {
                if let Some(sys) = korean_system(m.text(&u.unit.text)) {
                    korean.entry(sys).or_default().push((ui, m));
                }
            } else if e.origin == Origin::Ja {
                let long = e
                    .preferred(Column::JaHepburn)
                    .is_some_and(|h| h.chars().any(|c| "āīūēōĀĪŪĒŌ".contains(c)));
                if long {
                    let style = if m
                        .text(&u.unit.text)
                        .chars()
                        .any(|c| "āīūēōĀĪŪĒŌ".contains(c))
                    {
                        "macrons"
                    } else {
                        "no macrons"
                    };
                    japanese.entry(style).or_default().push((ui, m));
                }
            }
        }
    }
    for (_, (korean, japanese)) in docs {
        for (group, what) in [(korean, "Korean names"), (japanese, "Japanese long vowels")] {
            if group.len() < 2 {
                continue;
            }
            let distinct = |v: &Vec<(usize, &Mention)>| {
                v.iter()
                    .map(|(ui, m)| fold(m.text(&units[*ui].unit.text)))
                    .collect::<HashSet<_>>()
                    .len()
            };
            let mut styles: Vec<(&str, &Vec<(usize, &Mention)>)> =
                group.iter().map(|(k, v)| (*k, v)).collect();
            styles.sort_by_key(|(k, v)| (std::cmp::Reverse(distinct(v)), *k));
            let (major, major_list) = styles[0];
            let examples: Vec<String> = {
                let mut v: Vec<String> = major_list
                    .iter()
                    .map(|(ui, m)| m.text(&units[*ui].unit.text).to_string())
                    .collect();
                v.dedup();
                v.into_iter().take(4).collect()
            };
            for (minor, list) in &styles[1..] {
                for (ui, m) in list.iter() {
                    let u = &units[*ui];
                    let e = m.entity.as_ref().and_then(|id| glossary.get(id));
                    let mut f = finding(
                        u,
                        Category::MixedRomanisation,
                        Severity::Warning,
                        m.start,
                        m.end,
                    );
                    f.entity = m.entity.as_deref().map(str::to_string);
                    f.expected = e.and_then(|e| match major {
                        "Revised Romanization" => e.preferred(Column::KoRr).map(str::to_string),
                        "McCune–Reischauer" => e.preferred(Column::KoMr).map(str::to_string),
                        "macrons" => e.preferred(Column::JaHepburn).map(str::to_string),
                        _ => e
                            .preferred(Column::JaHepburn)
                            .map(crate::romanise::kana::strip_long_marks),
                    });
                    f.suggestion = Some(format!(
                        "{what}: this document mostly uses {major} ({}); {} uses {minor}",
                        examples.join(", "),
                        m.text(&u.unit.text)
                    ));
                    out.push(f);
                }
            }
        }
    }
}

/// In linked paragraphs: English forms that are not the glossary's English form of an entity
/// both sides name, and short forms resolved to an entity the other side does not name while it
/// names another candidate.
pub(super) fn cross_language(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    for l in links {
        let (zh, en) = (&units[l.zh], &units[l.en]);
        let zh_entities = zh.entities();
        let en_entities = en.entities();
        for (this, other, other_entities) in [(en, zh, &zh_entities), (zh, en, &en_entities)] {
            for m in &this.unit.mentions.names {
                if m.nested {
                    continue;
                }
                let Some(id) = &m.entity else { continue };
                let Some(e) = glossary.get(id) else { continue };
                let related = format!("{}:{}", other.unit.doc, other.unit.ordinal);
                let written = m.text(&this.unit.text);
                let flag = |expected: String, suggestion: String| {
                    let mut f = finding(
                        this,
                        Category::CrossLanguageName,
                        Severity::Warning,
                        m.start,
                        m.end,
                    );
                    f.entity = Some(id.to_string());
                    f.related = Some(related.clone());
                    f.expected = Some(expected);
                    f.suggestion = Some(suggestion);
                    f
                };
                // Folded only for the English mentions this rule reads.
                let english_form = || {
                    let key = fold(written);
                    e.column(Column::En).iter().any(|f| fold(f) == key)
                        || e.aliases.iter().any(|a| {
                            a.column == Column::En
                                && a.status != Status::Error
                                && fold(&a.text) == key
                        })
                };
                if !this.unit.lang.is_cjk()
                    && other_entities.contains(id)
                    && !m.short
                    // A derived spelling (Noryang Strait) is no other column's form.
                    && m.derived.is_none()
                    && !matches!(m.status, Status::Variant | Status::Error)
                    && !english_form()
                {
                    let expected = e.preferred(Column::En).unwrap_or(e.label()).to_string();
                    let suggestion = format!(
                        "{} is the {} form; the glossary's English form of {} (named in {related}) is {expected}",
                        written,
                        m.column,
                        e.label()
                    );
                    out.push(flag(expected, suggestion));
                }
                if (m.short || m.candidates.len() > 1) && !other_entities.contains(id) {
                    let named: Vec<&EntityId> = m
                        .candidates
                        .iter()
                        .filter(|c| other_entities.contains(*c))
                        .collect();
                    if let [other_id] = named.as_slice() {
                        let other_label =
                            glossary.get(other_id).map_or(&***other_id, |e| e.label());
                        let suggestion = format!(
                            "{} is read here as {}, but the linked paragraph {related} names {other_label}: check who is meant",
                            written,
                            e.label()
                        );
                        out.push(flag(other_label.to_string(), suggestion));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name-like spans of a whole text.
    fn name_likes_of(text: &str) -> Vec<&str> {
        english_name_likes(text, &[(0, text.len())])
            .iter()
            .map(|&(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn name_likes() {
        let text = "The Battle of Byeokjegwan was fought. After taking Pyeongyang, Li Rusong sent Samuel Hawley's men to Hanseong.";
        let found = name_likes_of(text);
        assert_eq!(
            found,
            [
                "Battle of Byeokjegwan",
                "Pyeongyang",
                "Li Rusong",
                "Samuel Hawley",
                "Hanseong"
            ]
        );
    }

    /// Issue 17.4: units and posts named by number or position are no names; "An" inside a
    /// sentence is the Korean surname, at its start the article.
    #[test]
    fn army_units_and_posts_are_no_names_and_an_is_a_surname_inside_a_sentence() {
        let text = "The First Division under Konishi Yukinaga landed. The Japanese Right Army \
                    and the North Army Commander marched; the Associate Commander of Bangdap \
                    and the Division of the Japanese Army waited. He called An Wi forward. \
                    An Wi came. An officer of the Righteous Army stayed at the Battle of Angolpo.";
        // At a sentence start "An Wi" cannot be told from "An army" by the words alone: Wi.
        assert_eq!(
            name_likes_of(text),
            [
                "Konishi Yukinaga",
                "An Wi",
                "Wi",
                "Righteous Army",
                "Battle of Angolpo"
            ]
        );
    }

    #[test]
    fn page_words_counts_and_glued_labels_are_no_names() {
        let text = "Result: Decisive Korean victory, Forty-seven Japanese ships.\nHanja\nRevised RomanizationJo Heon\nMcCune–ReischauerCho Hŏn\n- Birth Place: Hanseong\nBaek Gwang-eonKIA, Lee Ji-SiKIA, Wikipedia, Jump. In the Seven Years' War";
        let found = name_likes_of(text);
        // (A single word after a colon may open a sentence: Infobox values are read apart.)
        assert_eq!(
            found,
            [
                "Jo Heon",
                "Cho Hŏn",
                "Baek Gwang-eon",
                "Lee Ji-Si",
                "Seven Years' War"
            ]
        );
    }

    #[test]
    fn korean_systems() {
        assert_eq!(korean_system("Ko Ŏnbaek"), Some("McCune–Reischauer"));
        assert_eq!(korean_system("P'yŏngyang"), Some("McCune–Reischauer"));
        assert_eq!(korean_system("Byeokjegwan"), Some("Revised Romanization"));
        assert_eq!(korean_system("Yi Il"), None);
    }
}
