//! Consistency checks: findings about names, romanisations, numbers and dates across documents
//! and languages — what a translator runs before delivering.
//!
//! Owns the finding type and the checks; it reads scanned paragraphs (`align::Unit`), links and
//! the glossary, and prints nothing (rendering is the CLI's). Categories: unknown_name,
//! variant_form (known variants and errors, and near misses), alias_used, mixed_romanisation,
//! cross_language_name, number_mismatch, date_mismatch, event_date_mismatch,
//! event_number_mismatch, glossary, hidden_character.

pub mod cjk_near;
mod event;
mod facts;
mod hidden;
pub mod names;

use crate::align::Unit;
use crate::corpus::CharCounter;
use crate::glossary::Glossary;
use crate::glossary::validate::Report;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

pub use hidden::hidden_in_titles;
pub use names::{NameLike, english_name_likes};

/// What kind of problem a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A name-like span that is not in the glossary.
    UnknownName,
    /// A variant or known-error form, or a near miss of a glossary form.
    VariantForm,
    /// One entity under two names in one document.
    AliasUsed,
    /// Two romanisation systems (or macrons and none) in one document.
    MixedRomanisation,
    /// Linked paragraphs name one entity in forms that do not correspond.
    CrossLanguageName,
    /// Linked paragraphs give different numbers for the same entity or role.
    NumberMismatch,
    /// Linked paragraphs give different dates for the same event.
    DateMismatch,
    /// A Chinese paragraph naming an article's battle dates it away from the article's
    /// Infobox Date (lunar dates converted).
    EventDateMismatch,
    /// A Chinese figure for one side of an article's event is an order of magnitude off the
    /// Infobox's Strength or Casualties row for that side.
    EventNumberMismatch,
    /// A glossary romanisation disagrees with the engines.
    Glossary,
    /// A paragraph or a text's name holds a character that does not show (a bidi control, a
    /// zero-width space, a soft hyphen).
    HiddenCharacter,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 11] = [
        Category::UnknownName,
        Category::VariantForm,
        Category::AliasUsed,
        Category::MixedRomanisation,
        Category::CrossLanguageName,
        Category::NumberMismatch,
        Category::DateMismatch,
        Category::EventDateMismatch,
        Category::EventNumberMismatch,
        Category::Glossary,
        Category::HiddenCharacter,
    ];

    /// The name printed and accepted.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::UnknownName => "unknown_name",
            Category::VariantForm => "variant_form",
            Category::AliasUsed => "alias_used",
            Category::MixedRomanisation => "mixed_romanisation",
            Category::CrossLanguageName => "cross_language_name",
            Category::NumberMismatch => "number_mismatch",
            Category::DateMismatch => "date_mismatch",
            Category::EventDateMismatch => "event_date_mismatch",
            Category::EventNumberMismatch => "event_number_mismatch",
            Category::Glossary => "glossary",
            Category::HiddenCharacter => "hidden_character",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing (an unknown name, an alias).
    Info,
    /// Probably wants fixing (a variant, a mismatch).
    Warning,
    /// Wrong (a known misspelling, an unexplained glossary disagreement).
    Error,
}

impl Severity {
    /// The name printed and accepted.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!("unknown severity {s:?} (info, warning, error)")),
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Category.
    pub category: Category,
    /// Severity.
    pub severity: Severity,
    /// Document (or glossary file).
    pub doc: String,
    /// Paragraph (or glossary line).
    pub para: usize,
    /// Start byte in the file.
    pub start_byte: usize,
    /// End byte in the file.
    pub end_byte: usize,
    /// Start character in the file.
    pub start_char: usize,
    /// End character in the file.
    pub end_char: usize,
    /// The text found.
    pub text: String,
    /// The glossary entity, when known.
    pub entity: Option<String>,
    /// What was expected.
    pub expected: Option<String>,
    /// What to do.
    pub suggestion: Option<String>,
    /// A second place involved (the linked paragraph, the other spelling), as DOC:PARA.
    pub related: Option<String>,
    /// How many times the same text occurs (grouped findings).
    pub count: usize,
    /// A stable key (see [`assign_keys`]): what `finding dismiss` takes.
    #[serde(default)]
    pub key: String,
    /// Dismissed by a translator: the reason given (the finding is kept, shown as dismissed,
    /// and counts toward no exit code).
    #[serde(default)]
    pub dismissed: Option<String>,
}

/// Gives every finding its stable key: 16 hex digits of a hash of its category, document,
/// paragraph (by content hash where `para_hash` knows it, so renumbering the paragraphs around
/// it changes nothing), the text found, what was expected, the entity and the related place
/// (and, for the same finding twice in a paragraph, which of them). The same finding on the same
/// text gets the same key in every run, after re-import and re-alignment.
pub fn assign_keys(all: &mut [Finding], para_hash: impl Fn(&str, usize) -> Option<String>) {
    // The same finding twice in one paragraph (the same name written twice) is told apart by
    // its place among them, in the order of the findings (by position).
    let mut seen: std::collections::HashMap<blake3::Hash, usize> = std::collections::HashMap::new();
    for f in all {
        let at = para_hash(&f.doc, f.para).unwrap_or_else(|| f.para.to_string());
        let mut h = blake3::Hasher::new();
        for part in [
            f.category.to_string().as_str(),
            f.doc.as_str(),
            at.as_str(),
            f.text.as_str(),
            f.expected.as_deref().unwrap_or(""),
            f.entity.as_deref().unwrap_or(""),
            f.related.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update(&[0x1f]);
        }
        let base = h.finalize();
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        h.update(&n.to_le_bytes());
        f.key = h.finalize().to_hex()[..16].to_string();
    }
}

/// Marks the findings whose key `reason_of` knows as dismissed, with the reason.
pub fn apply_dismissals(all: &mut [Finding], reason_of: impl Fn(&str) -> Option<String>) {
    for f in all {
        f.dismissed = reason_of(&f.key);
    }
}

/// A paragraph as the checks read it: the aligner's unit plus what the corpus knows.
#[derive(Debug, Clone)]
pub struct CheckUnit<'a> {
    /// The scanned paragraph.
    pub unit: &'a Unit,
    /// File character offset of each run of the unit's offset map
    /// ([`crate::corpus::OffsetMap::run_chars`]).
    pub run_chars: &'a [usize],
    /// Its first character in the file.
    pub start_char: usize,
    /// Wikilinks: (label, page, label range in display text).
    pub links: Vec<(String, String, (usize, usize))>,
    /// Infobox values: (key, value range in display text).
    pub fields: Vec<(String, (usize, usize))>,
    /// Sentence ranges of the display text (computed once; the fact checks look them up per
    /// link and entity).
    pub sentences: Vec<(usize, usize)>,
    /// Characters before each byte of the display text, in O(1): a finding's character offset
    /// then costs the same in a paragraph of a line as in one of a book.
    pub chars: CharCounter<'a>,
}

impl CheckUnit<'_> {
    /// The glossary ids of the entities the paragraph names (nested forms left out).
    pub fn entities(&self) -> std::collections::BTreeSet<crate::mentions::EntityId> {
        self.unit
            .mentions
            .names
            .iter()
            .filter(|m| !m.nested)
            .filter_map(|m| m.entity)
            .collect()
    }

    /// File byte and character span of a display range.
    pub fn file_span(&self, start: usize, end: usize) -> (usize, usize, usize, usize) {
        let sb = self.unit.map.start(start);
        let eb = self.unit.map.end(end).max(sb);
        let map = &self.unit.map;
        let sc = map
            .file_char_counted(self.run_chars, &self.chars, start, false)
            .unwrap_or(self.start_char);
        let ec = map
            .file_char_counted(self.run_chars, &self.chars, end, true)
            .unwrap_or(self.start_char)
            .max(sc);
        (sb, eb, sc, ec)
    }
}

/// A finding at a display range of a paragraph, with its file position and text filled in.
pub(crate) fn finding(
    u: &CheckUnit<'_>,
    category: Category,
    severity: Severity,
    start: usize,
    end: usize,
) -> Finding {
    let (sb, eb, sc, ec) = u.file_span(start, end);
    Finding {
        category,
        severity,
        doc: u.unit.doc.clone(),
        para: u.unit.ordinal,
        start_byte: sb,
        end_byte: eb,
        start_char: sc,
        end_char: ec,
        text: u.unit.text.get(start..end).unwrap_or("").to_string(),
        entity: None,
        expected: None,
        suggestion: None,
        related: None,
        count: 1,
        key: String::new(),
        dismissed: None,
    }
}

/// A link between two paragraphs (indices into the check units).
#[derive(Debug, Clone, Copy)]
pub struct LinkRef {
    /// Chinese unit.
    pub zh: usize,
    /// English unit.
    pub en: usize,
}

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Propose glossary forms for unknown names.
    pub suggest: bool,
}

/// Glossary validation results with, for each entry id, its file and line.
pub type Validation<'a> = (&'a Report, &'a dyn Fn(&str) -> (String, usize));

/// Runs every check. Findings come sorted by document, paragraph, position and category.
pub fn check(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    validation: Option<Validation<'_>>,
    options: &Options,
) -> Vec<Finding> {
    check_with(units, links, glossary, validation, options, &|| {})
}

/// The number of steps `check_with` ticks through (one per category).
pub const STEPS: u64 = 10;

/// As [`check`], calling `tick` after each category (for progress bars).
pub fn check_with(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    validation: Option<Validation<'_>>,
    options: &Options,
    tick: &dyn Fn(),
) -> Vec<Finding> {
    let whole = names::GlossaryNames::new(glossary);
    check_in(units, links, glossary, &whole, validation, options, tick)
}

/// As [`check_with`], with `glossary` the entries the corpus names and `whole` what the name
/// checks ask of the whole glossary (near misses, wikilink targets): with a large glossary,
/// `glossary` is the corpus's part (see [`crate::workbench::GlossaryScope`]) and `whole` the
/// name authority cache.
pub fn check_in(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    whole: &dyn names::WholeNames,
    validation: Option<Validation<'_>>,
    options: &Options,
    tick: &dyn Fn(),
) -> Vec<Finding> {
    let mut out = Vec::new();
    names::unknown_and_near(units, whole, options, &mut out);
    tick();
    names::variant_forms(units, glossary, &mut out);
    tick();
    names::aliases(units, glossary, &mut out);
    tick();
    names::mixed_romanisation(units, glossary, &mut out);
    tick();
    names::cross_language(units, links, glossary, &mut out);
    tick();
    let owners = facts::owners(glossary);
    let indexes = facts::OwnerIndexes::new(units, &owners);
    facts::numbers(&indexes, links, glossary, &mut out);
    tick();
    facts::dates(&indexes, links, glossary, &mut out);
    tick();
    event::event_facts(units, links, glossary, &mut out);
    tick();
    hidden::in_paragraphs(units, &mut out);
    tick();
    if let Some((report, origin)) = validation {
        for d in &report.disagreements {
            let (file, line) = origin(&d.entry);
            out.push(Finding {
                category: Category::Glossary,
                severity: if d.explained {
                    Severity::Info
                } else {
                    Severity::Error
                },
                doc: file,
                para: line,
                start_byte: 0,
                end_byte: 0,
                start_char: 0,
                end_char: 0,
                text: d.stored.clone(),
                entity: Some(d.entry.clone()),
                expected: Some(d.computed.clone()),
                suggestion: Some(if d.explained {
                    format!("{} kept on purpose (see the entry's note)", d.column)
                } else {
                    format!(
                        "correct {} to {:?}, or explain the convention with #keep({})",
                        d.column, d.computed, d.column
                    )
                }),
                related: None,
                count: 1,
                key: String::new(),
                dismissed: None,
            });
        }
    }
    tick();
    sort(&mut out);
    out
}

/// Sorts findings by document, paragraph, position and category, and drops repeats.
pub fn sort(out: &mut Vec<Finding>) {
    out.sort_by(|a, b| {
        (
            a.doc.as_str(),
            a.para,
            a.start_byte,
            a.category,
            a.text.as_str(),
        )
            .cmp(&(
                b.doc.as_str(),
                b.para,
                b.start_byte,
                b.category,
                b.text.as_str(),
            ))
    });
    out.dedup_by(|a, b| {
        a.category == b.category
            && a.doc == b.doc
            && a.para == b.para
            && a.start_byte == b.start_byte
            && a.text == b.text
    });
}

/// Renders a character-level diff of `found` against `expected`: Gang[-e-]won, 陳愚[-沖-]{+衷+}.
pub fn char_diff(found: &str, expected: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_chars(found, expected);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Equal => out.push_str(change.value()),
            ChangeTag::Delete => {
                out.push_str("[-");
                out.push_str(change.value());
                out.push_str("-]");
            }
            ChangeTag::Insert => {
                out.push_str("{+");
                out.push_str(change.value());
                out.push_str("+}");
            }
        }
    }
    // Merge adjacent markers of the same kind: [-a-][-b-] → [-ab-].
    out.replace("-][-", "").replace("+}{+", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs() {
        assert_eq!(char_diff("Gangweon", "Gangwon"), "Gangw[-e-]on");
        assert_eq!(char_diff("陳愚沖", "陳愚衷"), "陳愚[-沖-]{+衷+}");
    }

    #[test]
    fn severities_order() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
    }
}
