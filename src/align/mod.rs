//! The aligner: links Chinese paragraphs to English paragraphs of comparable texts through the
//! facts they share — the same people, places, numbers and dates.
//!
//! Each paragraph is reduced to anchors (resolved glossary entities, quantities ≥ 100 by their
//! written values, ranges, Gregorian dates). Anchors are weighted by rarity (IDF over all
//! paragraphs of both languages: a name in every paragraph says little). Candidate pairs come
//! from an inverted index over anchors (never all N×M pairs); each candidate is scored in
//! parallel (rayon) as `shared^(1+γ) / √(total_zh · total_en)` — the geometric mean of how much
//! of each paragraph's evidence the other covers, times the shared evidence itself — and linked
//! when the score and the absolute shared weight pass calibrated thresholds; otherwise the
//! aligner abstains. Links are
//! many-to-many and carry their evidence (shared anchors with spans on both sides).
//! Storing and reviewing links is `store`'s job; this module is pure computation.

pub mod context;
pub mod eval;
pub mod reading;

use crate::corpus::{BlockKind, Lang, OffsetMap};
use crate::mentions::dates;
use crate::mentions::{EntityId, ParagraphMentions};
use context::{EventContext, Relation};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why two contexts that [`context::relation`] finds only overlapping agree
/// ([`Prepared::relation`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Upgrade {
    /// One side writes the day of the other's battle (the date anchor's number).
    Day(u32),
    /// Both belong to articles on this battle.
    Articles(EntityId),
}

/// Thresholds and weights of the aligner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Minimum score (see the module documentation).
    pub min_score: f64,
    /// Exponent γ rewarding absolute shared evidence over mere proportion.
    pub gamma: f64,
    /// Minimum total weight of the shared anchors (evidence worth at least about two rare names).
    pub min_shared: f64,
    /// Weight factor of a shared quantity relative to a shared name.
    pub number_factor: f64,
    /// Weight factor of a shared range (both ends written and equal).
    pub range_factor: f64,
    /// Weight factor of a shared full date.
    pub date_factor: f64,
    /// At most this many links between a paragraph and the paragraphs of any one other
    /// document, on either side: the best by score. Per other document, so an overview
    /// paragraph that many documents narrate in detail keeps its links to each.
    pub max_links: usize,
    /// A paragraph that would link to more than `max_links` paragraphs in all keeps its links
    /// to another document only if the best of them scores at least this share of its best
    /// link: a paragraph that shares names with everything links to the documents that are
    /// clearly about it, however many.
    pub doc_share: f64,
    /// Anchors in more paragraphs than `max(50, max_df_sqrt × √N)` do not generate candidates
    /// (they still count in scores): a name in every tenth paragraph would otherwise make
    /// candidate generation quadratic.
    pub max_df_sqrt: f64,
    /// The score of a pair whose time intervals are disjoint (different events) is multiplied
    /// by this: it needs much stronger evidence.
    pub disjoint_factor: f64,
    /// The score of a pair whose contexts agree (same battle, or same place at overlapping
    /// times) is multiplied by this: it links on thinner evidence.
    pub agree_factor: f64,
    /// The minimum shared weight of a pair whose contexts agree (one specific name).
    pub agree_min_shared: f64,
    /// The score of a pair whose contexts say nothing either way (one side's time unknown,
    /// or only a year known) is multiplied by this: with no sign of one event, names must
    /// carry the link alone.
    pub neutral_factor: f64,
    /// The score of a pair set in the same place at a time one side leaves unknown or gives
    /// only as a year is multiplied by this (between [`Params::neutral_factor`] and 1).
    pub place_factor: f64,
    /// When contexts agree and the shared anchors are specific (see [`Params::specific`]), the
    /// longer paragraph's total weight counts at most this many times the shorter's: a long
    /// summary is not punished for its length.
    pub summary_ratio: f64,
    /// Mean weight of the shared anchors above which they are specific (ln(1 + N/df) ≥ 2.5: in
    /// fewer than about one paragraph in eleven).
    pub specific: f64,
    /// Exponent of the document-spread factor of an anchor's weight: (ln(1 + D/ddf) /
    /// ln(1 + D/2))^doc_spread for an anchor in ddf ≥ 2 of D documents (0: off).
    pub doc_spread: f64,
    /// Weight factor of a shared concept (an unnamed fact of the bilingual vocabulary,
    /// [`crate::mentions::concepts`]) relative to a shared name; 0 leaves concepts out.
    pub concept_factor: f64,
    /// Weight factor of a name the glossary lacks, read across scripts ([`reading`]); 0 turns
    /// reading off.
    pub read_factor: f64,
    /// 1: two paragraphs narrating one battle are proposed as a pair whatever names they
    /// share; 0: only through a shared anchor held by at most `max_df` paragraphs.
    pub event_candidates: f64,
    /// Weight factor of the place or battle two agreeing contexts share where one paragraph
    /// names it and the other has it from its article ([`Prepared::context_anchor`]); 0 turns
    /// it off.
    pub context_anchor_factor: f64,
    /// Share of a document's text paragraphs that name an anchor for it to be one of the
    /// document's subjects (the admiral of an article on a sea battle).
    #[serde(default = "default_subject_share")]
    pub subject_share: f64,
    /// Weight factor of a shared name that is a subject of one paragraph's document and not of
    /// the other's: it tells which document a paragraph belongs to, not which of its
    /// paragraphs tells the other's event (1: off).
    #[serde(default = "default_subject_factor")]
    pub subject_factor: f64,
    /// An English paragraph keeps a link to a paragraph of a Chinese document only if it
    /// scores at least this share of its best link into that document: beside the paragraph
    /// that tells its moment, one that shares a commander or two tells another (an Infobox
    /// and the chronicle's paragraphs on the battle's eve). 0: off.
    #[serde(default = "default_en_best_share")]
    pub en_best_share: f64,
    /// Between two articles on one battle ([`EventContext::same_article_event`]), a Chinese
    /// paragraph keeps a link to a paragraph of the English article only if it scores at least
    /// this share of its best link into that article: it tells one moment of the battle, and
    /// the paragraphs beside the one that tells it share its commanders, ships and places but
    /// tell neighbouring moments. Not for a chronicle's paragraph, which rightly links to many
    /// paragraphs of one article. 0: off.
    #[serde(default = "default_zh_best_share")]
    pub zh_best_share: f64,
    /// Between two articles on one battle ([`EventContext::same_article_event`]), a paragraph
    /// keeps links to at most this many narrative paragraphs of the other article, its best:
    /// one moment of the battle is told in one paragraph or a few, and the others beside them
    /// share its commanders and places but tell other moments. 0: any number.
    #[serde(default = "default_battle_links")]
    pub battle_links: usize,
    /// As [`Params::battle_links`], for an Infobox: it states the battle's facts, and the
    /// other article's lead or summary states them best, not every paragraph naming its
    /// commanders. 0: any number.
    #[serde(default = "default_battle_infobox_links")]
    pub battle_infobox_links: usize,
    /// Two articles on one battle tell it in the same order (background, the battle's steps,
    /// aftermath): a pair of their paragraphs further apart than this in their narratives
    /// (a paragraph's position is the share of its narration's text told when it is half told,
    /// from 0 to 1) tells two moments, and its score is multiplied by [`Params::order_factor`].
    #[serde(default = "default_order_gap")]
    pub order_gap: f64,
    /// The factor on the score of a pair of two articles on one battle whose positions in
    /// their narratives are more than [`Params::order_gap`] apart (1: off).
    #[serde(default = "default_order_factor")]
    pub order_factor: f64,
    /// Between two articles on one battle ([`EventContext::same_article_event`]), a shared
    /// concept (what happened: a night attack, the tide, a bomb) counts this many times its
    /// weight in the shared weight, not in the paragraphs' totals: every paragraph of either
    /// article names the same commanders and places, and what tells one moment of the
    /// battle from the next is what happened in it. 1: off.
    #[serde(default = "default_battle_concept_factor")]
    pub battle_concept_factor: f64,
    /// A narrative paragraph of an article on a battle with no link into a chronicle (a
    /// document on no one battle) takes that chronicle's best paragraph whose context agrees
    /// with it, if their pair scores at least this share of `min_score`: the chronicle tells
    /// the battle in a few lines and shares a name or two with each step the article tells.
    /// 1: off.
    #[serde(default = "default_chronicle_share")]
    pub chronicle_share: f64,
    /// A pair is kept only if it scores at least this share of the best pair of one of its
    /// two paragraphs with the other's document: a link tells the event of at least one of
    /// its ends about as well as anything in the other document does. A pair that is the best
    /// of neither is a neighbour sharing their commanders and places while each tells its
    /// event with another paragraph. A chronicle's paragraph and the article on the battle it
    /// narrates are exempt ([`chronicle_on_article_battle`]). 0: off.
    #[serde(default = "default_mutual_share")]
    pub mutual_share: f64,
    /// Two paragraphs of articles on different battles link only if they score at least this
    /// many times `min_score`: what such a pair shares is mostly the commanders and places of
    /// the war, and the one event both tell (a background, an aftermath, a battle named in
    /// passing) must be told in both with more than that. 1: off.
    #[serde(default = "default_cross_article_factor")]
    pub cross_article_factor: f64,
}

impl Default for Params {
    /// Calibrated on the gold sets together (`tests/gold/seeds.tsv`, `tests/real/gold.tsv` and
    /// the `gold.tsv` of `tests/dev/`, `tests/dev-articles*/` and `tests/dev-battles*/`; never
    /// `tests/heldout/`); see `docs/design.md`.
    fn default() -> Self {
        Params {
            min_score: 1.0,
            gamma: 0.75,
            min_shared: 3.5,
            number_factor: 0.8,
            range_factor: 1.0,
            date_factor: 1.2,
            max_df_sqrt: 2.0,
            max_links: 8,
            doc_share: 0.45,
            disjoint_factor: 0.25,
            agree_factor: 1.5,
            agree_min_shared: 1.5,
            neutral_factor: 0.7,
            place_factor: 1.0,
            summary_ratio: 2.5,
            specific: 2.5,
            doc_spread: 0.75,
            concept_factor: 0.3,
            read_factor: 1.0,
            event_candidates: 1.0,
            context_anchor_factor: 0.25,
            subject_share: default_subject_share(),
            subject_factor: default_subject_factor(),
            en_best_share: default_en_best_share(),
            zh_best_share: default_zh_best_share(),
            battle_links: default_battle_links(),
            battle_infobox_links: default_battle_infobox_links(),
            order_gap: default_order_gap(),
            order_factor: default_order_factor(),
            battle_concept_factor: default_battle_concept_factor(),
            chronicle_share: default_chronicle_share(),
            mutual_share: default_mutual_share(),
            cross_article_factor: default_cross_article_factor(),
        }
    }
}

fn default_subject_share() -> f64 {
    0.3
}

fn default_subject_factor() -> f64 {
    0.7
}

fn default_en_best_share() -> f64 {
    0.27
}

fn default_zh_best_share() -> f64 {
    0.4
}

fn default_battle_links() -> usize {
    3
}

fn default_battle_infobox_links() -> usize {
    2
}

fn default_order_gap() -> f64 {
    0.2
}

fn default_order_factor() -> f64 {
    0.5
}

fn default_battle_concept_factor() -> f64 {
    3.0
}

fn default_chronicle_share() -> f64 {
    0.6
}

fn default_mutual_share() -> f64 {
    0.7
}

fn default_cross_article_factor() -> f64 {
    2.0
}

/// Per unit, its position in its document's narration (the text paragraphs that are not list
/// blocks): the share of the narration's characters before its middle, so that a long
/// paragraph takes the room it tells in (a Chinese article's paragraphs range from one
/// sentence to a page, and two accounts of one battle keep proportion by text, not by count of
/// paragraphs); 0.5 for the only one; NaN for
/// headings, Infoboxes, list blocks and page furniture, and for every paragraph of a document
/// whose first such paragraph dates itself over more than [`context::SEASON_DAYS`] through two
/// dates or more with their months (a lead on two battles at one place a year apart, or on a
/// campaign: its order is not that of one battle). A lead dating its battle vaguely ("in the
/// autumn of 1592", "in 1592") tells one battle still. Units come grouped by document
/// (`doc_of`).
fn positions(units: &[Unit], doc_of: &[u32]) -> Vec<f32> {
    let mut position = vec![f32::NAN; units.len()];
    let narrates = |u: &Unit| u.kind == BlockKind::Text && !u.context.list;
    let wide = |u: &Unit| {
        u.context.interval_from == Some(context::Source::Own)
            && u.context
                .interval
                .is_some_and(|i| context::span_days(i) > context::SEASON_DAYS)
            && u.mentions
                .dates
                .iter()
                .filter(|d| d.month.is_some())
                .count()
                >= 2
    };
    let mut start = 0;
    while start < units.len() {
        let end = start + doc_of[start..].partition_point(|&d| d == doc_of[start]);
        if units[start..end]
            .iter()
            .find(|u| narrates(u))
            .is_some_and(wide)
        {
            start = end;
            continue;
        }
        // Characters of each narrating paragraph (0 for the others), counted once.
        let lengths: Vec<f64> = units[start..end]
            .iter()
            .map(|u| {
                if narrates(u) {
                    u.text.chars().count() as f64
                } else {
                    0.0
                }
            })
            .collect();
        let total: f64 = lengths.iter().sum();
        let mut told = 0.0;
        for (k, &l) in (start..end).zip(&lengths) {
            if narrates(&units[k]) {
                position[k] = if total > 0.0 {
                    ((told + l / 2.0) / total) as f32
                } else {
                    0.5
                };
                told += l;
            }
        }
        start = end;
    }
    position
}

/// Documents with fewer text paragraphs than this have no subjects ([`Params::subject_share`]):
/// in a short document every name is in a large share of it, and which are its subjects is
/// not known.
pub const SUBJECT_MIN_PARAGRAPHS: u32 = 5;

/// A document's subjects (sorted anchor numbers), if it is long enough to have any.
type Subjects = Option<Box<[u32]>>;

/// Per document (numbered by `doc_of`, per unit), its subjects: sorted anchor numbers of the
/// names in at least `share` of its text paragraphs, if it is long enough to have any.
fn subjects(
    units: &[Unit],
    doc_of: &[u32],
    sets: &[Box<[u32]>],
    table: &[Anchor],
    share: f64,
) -> Vec<Subjects> {
    // One document at a time (its names' counts only: memory does not grow with the corpus).
    let finish = |counts: &HashMap<u32, u32>, paragraphs: u32| -> Subjects {
        if paragraphs < SUBJECT_MIN_PARAGRAPHS {
            return None;
        }
        let mut v: Vec<u32> = counts
            .iter()
            .filter(|&(_, &c)| c as f64 >= share * paragraphs as f64)
            .map(|(&k, _)| k)
            .collect();
        v.sort_unstable();
        Some(v.into_boxed_slice())
    };
    let mut subjects: Vec<Subjects> = Vec::new();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    let mut paragraphs = 0u32;
    for ((u, set), &d) in units.iter().zip(sets).zip(doc_of) {
        if d as usize > subjects.len() {
            subjects.push(finish(&counts, paragraphs));
            counts.clear();
            paragraphs = 0;
        }
        if u.kind == BlockKind::Text && is_alignable(u) {
            paragraphs += 1;
            for &k in set.iter() {
                if matches!(table[k as usize], Anchor::Entity { .. }) {
                    *counts.entry(k).or_default() += 1;
                }
            }
        }
    }
    if !units.is_empty() {
        subjects.push(finish(&counts, paragraphs));
    }
    subjects
}

/// An anchor: a fact a paragraph states.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Anchor {
    /// A glossary entity.
    Entity {
        /// Glossary id.
        id: EntityId,
    },
    /// A quantity by a value written in the text (500–600 gives 500 and 600).
    Number {
        /// The value.
        value: u64,
    },
    /// A range written with both ends (500–600, 五、六百): rarer than either end alone.
    Range {
        /// Low end as written.
        low: u64,
        /// High end as written.
        high: u64,
    },
    /// A Gregorian date.
    Date {
        /// Year.
        year: i32,
        /// Month.
        month: u8,
        /// Day.
        day: u8,
    },
    /// A name the glossary lacks, read across scripts ([`reading`]): its traditional form.
    Read {
        /// The name in traditional characters.
        id: EntityId,
    },
    /// A person's death told ([`context::EventContext::deaths`]): it happened once.
    Death {
        /// Glossary id of the person.
        id: EntityId,
    },
    /// A concept of the bilingual vocabulary: an unnamed fact (the tide, a retreat, hunger).
    Concept {
        /// Vocabulary id.
        id: EntityId,
    },
}

impl Anchor {
    fn factor(&self, p: &Params) -> f64 {
        match self {
            Anchor::Entity { .. } => 1.0,
            Anchor::Number { .. } => p.number_factor,
            Anchor::Range { .. } => p.range_factor,
            Anchor::Date { .. } => p.date_factor,
            Anchor::Concept { .. } => p.concept_factor,
            Anchor::Read { .. } => p.read_factor,
            Anchor::Death { .. } => 1.0,
        }
    }

    /// A name or a full date: evidence enough to link on (a number or year alone is not).
    pub fn is_strong(&self) -> bool {
        matches!(
            self,
            Anchor::Entity { .. }
                | Anchor::Date { .. }
                | Anchor::Read { .. }
                | Anchor::Death { .. }
        )
    }

    /// A concept: it weighs in scores but neither proposes a pair nor links one alone.
    pub fn is_concept(&self) -> bool {
        matches!(self, Anchor::Concept { .. })
    }

    /// A short human description: the id, the number, the date, `~concept`.
    pub fn label(&self) -> String {
        match self {
            Anchor::Entity { id } => id.to_string(),
            Anchor::Number { value } => value.to_string(),
            Anchor::Range { low, high } => format!("{low}–{high}"),
            Anchor::Date { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            Anchor::Concept { id } => format!("~{id}"),
            Anchor::Read { id } => format!("≈{id}"),
            Anchor::Death { id } => format!("†{id}"),
        }
    }
}

/// A paragraph ready for alignment.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Document id.
    pub doc: String,
    /// Paragraph ordinal.
    pub ordinal: usize,
    /// Content hash.
    pub hash: String,
    /// Language.
    pub lang: Lang,
    /// Block kind (headings and page furniture are not aligned).
    pub kind: BlockKind,
    /// Display text.
    pub text: String,
    /// Display offsets → file offsets, for evidence spans.
    pub map: OffsetMap,
    /// What was found in it.
    pub mentions: ParagraphMentions,
    /// Which event it narrates, when and where ([`context::assign`] sets it).
    pub context: EventContext,
}

/// Per paragraph of `units`, (document id, ordinal), its index: how stored links and markup,
/// which name paragraphs so, find their unit.
pub fn unit_index(units: &[Unit]) -> HashMap<(&str, usize), usize> {
    units
        .iter()
        .enumerate()
        .map(|(i, u)| ((u.doc.as_str(), u.ordinal), i))
        .collect()
}

/// Where an anchor occurs in a paragraph: file byte spans and the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// File byte start.
    pub start: usize,
    /// File byte end.
    pub end: usize,
    /// The text as written.
    pub text: String,
}

/// One shared anchor of a link, with where it occurs on each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The anchor.
    pub anchor: Anchor,
    /// Its weight in the score.
    pub weight: f64,
    /// Occurrences in the Chinese paragraph.
    pub zh: Vec<Occurrence>,
    /// Occurrences in the English paragraph.
    pub en: Vec<Occurrence>,
}

/// A proposed link between a Chinese and an English paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Chinese document.
    pub zh_doc: String,
    /// Chinese paragraph ordinal.
    pub zh_para: usize,
    /// Chinese paragraph hash.
    pub zh_hash: String,
    /// English document.
    pub en_doc: String,
    /// English paragraph ordinal.
    pub en_para: usize,
    /// English paragraph hash.
    pub en_hash: String,
    /// Score (see the module documentation).
    pub score: f64,
    /// Total weight of the shared anchors.
    pub shared: f64,
    /// The shared anchors, heaviest first.
    pub evidence: Vec<Evidence>,
}

/// Calls `f` with each anchor of a paragraph and the display span it occurs at, in text
/// order within each kind (names, then quantities, then dates, then concepts); an anchor may
/// come many times.
/// Names nested in others come too (see [`nested_anchors`]).
pub fn for_each_anchor(m: &ParagraphMentions, mut f: impl FnMut(Anchor, (usize, usize))) {
    for n in &m.names {
        if let Some(id) = &n.entity {
            f(Anchor::Entity { id: *id }, (n.start, n.end));
        }
    }
    for q in &m.quantities {
        if q.high < 100 {
            continue;
        }
        let written = &q.written;
        for &v in written.iter().filter(|&&v| v >= 100) {
            f(Anchor::Number { value: v }, (q.start, q.end));
        }
        if let [low, high] = written[..] {
            f(Anchor::Range { low, high }, (q.start, q.end));
        }
    }
    for d in &m.dates {
        let (days, spare) = date_days(d);
        for (year, month, day) in days.into_iter().chain(spare) {
            f(Anchor::Date { year, month, day }, (d.start, d.end));
        }
    }
    for r in &m.read {
        f(
            Anchor::Read { id: r.id },
            (r.start as usize, r.end as usize),
        );
    }
    for c in &m.concepts {
        f(Anchor::Concept { id: c.id() }, c.span());
    }
}

/// The days a date anchors on: every reading of it (both when its calendar is unknown), and
/// apart, the spare days of a converted lunar date — the day before and after, since the
/// calendars of the time differed by a day — and of the lunar reading of an English date that
/// may be lunar ([`dates::DateMention::may_be_lunar`]). Spare days match like the others but add nothing
/// to a paragraph's total weight: one date written is one date's weight.
fn date_days(d: &dates::DateMention) -> (Vec<dates::Ymd>, Vec<dates::Ymd>) {
    let readings = d.readings();
    let mut days: Vec<_> = readings.iter().map(|r| r.ymd).collect();
    days.sort_unstable();
    days.dedup();
    let mut spare: Vec<_> = readings
        .iter()
        .filter(|r| r.approx)
        .flat_map(|r| [dates::add_days(r.ymd, -1), dates::add_days(r.ymd, 1)])
        .filter(|x| !days.contains(x))
        .collect();
    // An English date that may be a lunar one written as Gregorian: its lunar reading, within
    // a day, is spare.
    if let Some(g) = d.may_be_lunar().then(|| d.as_lunar()).flatten() {
        spare.extend(
            [dates::add_days(g, -1), g, dates::add_days(g, 1)]
                .into_iter()
                .filter(|x| !days.contains(x)),
        );
    }
    spare.sort_unstable();
    spare.dedup();
    (days, spare)
}

/// The date anchors of a day only the narration completes ([`EventContext::days`]): the day,
/// and as spare days the day before and after (it is a converted lunar day).
fn narrated_day(day: dates::Ymd) -> (Vec<Anchor>, Vec<Anchor>) {
    let anchor = |(year, month, day): dates::Ymd| Anchor::Date { year, month, day };
    (
        vec![anchor(day)],
        vec![
            anchor(dates::add_days(day, -1)),
            anchor(dates::add_days(day, 1)),
        ],
    )
}

/// The days the dates of a paragraph read as (not their spare days), sorted.
fn written_days(m: &ParagraphMentions) -> Vec<dates::Ymd> {
    let mut days: Vec<dates::Ymd> = m.dates.iter().flat_map(|d| date_days(d).0).collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Whether `a` is a date anchor on one of the sorted `days`.
fn is_day_of(days: &[dates::Ymd], a: &Anchor) -> bool {
    matches!(*a, Anchor::Date { year, month, day } if days.binary_search(&(year, month, day)).is_ok())
}

/// The spare date anchors of a paragraph (see [`date_days`]) that are not also a reading of
/// some date of it, sorted.
fn spare_keys(m: &ParagraphMentions) -> Vec<Anchor> {
    let (mut days, mut spare) = (Vec::new(), Vec::new());
    for d in &m.dates {
        let (a, b) = date_days(d);
        days.extend(a);
        spare.extend(b);
    }
    days.sort_unstable();
    days.dedup();
    let mut keys: Vec<Anchor> = spare
        .into_iter()
        .filter(|x| days.binary_search(x).is_err())
        .map(|(year, month, day)| Anchor::Date { year, month, day })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The names a paragraph writes only inside a longer name (the place 稷山 in the battle 稷山之戰),
/// each with the longer name: `(nested, outer)`. Such a name counts once, as the longer name:
/// it adds nothing to the paragraph's weight, and links on its own only to a paragraph that
/// does not share the longer name (稷山之戰 with "the fighting at Jiksan").
pub fn nested_anchors(m: &ParagraphMentions) -> Vec<(Anchor, Anchor)> {
    let standalone: Vec<&EntityId> = m
        .names
        .iter()
        .filter(|n| !n.nested)
        .filter_map(|n| n.entity.as_ref())
        .collect();
    let mut out: Vec<(Anchor, Anchor)> = m
        .names
        .iter()
        .filter(|n| n.nested)
        .filter_map(|n| {
            let id = n.entity.as_ref().filter(|id| !standalone.contains(id))?;
            let outer = m
                .names
                .iter()
                .find(|o| !o.nested && (o.start, o.end) == (n.start, n.end))?
                .entity?;
            Some((Anchor::Entity { id: *id }, Anchor::Entity { id: outer }))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The anchors of a paragraph with their occurrences (display offsets).
pub fn anchors(m: &ParagraphMentions) -> HashMap<Anchor, Vec<(usize, usize)>> {
    let mut out: HashMap<Anchor, Vec<(usize, usize)>> = HashMap::new();
    for_each_anchor(m, |a, span| out.entry(a).or_default().push(span));
    out
}

/// The distinct anchors of a paragraph, sorted.
fn anchor_keys(m: &ParagraphMentions) -> Vec<Anchor> {
    let mut keys = Vec::new();
    for_each_anchor(m, |a, _| keys.push(a));
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn is_alignable(u: &Unit) -> bool {
    matches!(u.kind, BlockKind::Text | BlockKind::Infobox)
}

/// Anchors, weights and norms of a corpus: what scoring needs.
///
/// Anchors are interned: each distinct anchor of the corpus is stored once, and a paragraph is a
/// sorted list of anchor numbers, so a pair's shared weight is a merge of two short lists, with
/// no hashing or allocation, and a corpus of a million anchor occurrences costs a few megabytes.
pub struct Prepared {
    /// Anchor number → anchor.
    table: Vec<Anchor>,
    /// Anchor → anchor number.
    numbers: HashMap<Anchor, u32>,
    /// Per anchor number: how many paragraphs hold it.
    df: Vec<u32>,
    /// Per anchor number: ln(1 + N / df) times the anchor kind's factor.
    weight: Vec<f64>,
    /// Per anchor number: a name or full date.
    strong: Vec<bool>,
    /// Per unit: the total weight of its concepts.
    concept_totals: Vec<f64>,
    /// Per unit: its anchor numbers, sorted: concepts, numbered last, come last.
    sets: Vec<Box<[u32]>>,
    /// Per unit: how many of its anchor numbers are not concepts (the first part of its set).
    plain_len: Vec<u32>,
    /// Per unit: `(nested, outer)` anchor numbers of the names it writes only inside a longer
    /// one ([`nested_anchors`]).
    nested: Vec<Box<[(u32, u32)]>>,
    /// Per unit: 1, or less for lists of names (a name in a list states no fact).
    factors: Vec<f64>,
    /// Per unit: the numbers of its spare date anchors, sorted (see [`date_days`]).
    spare: Vec<Box<[u32]>>,
    /// Per unit, per date it writes: the numbers of the date anchors that date makes (its
    /// readings and spare days).
    date_mentions: Vec<Box<[Box<[u32]>]>>,
    /// Per unit: its event context.
    contexts: Vec<EventContext>,
    /// Per unit: the anchor numbers of its context's battles and of its places, in the order of
    /// the context's lists (those no paragraph writes have none): what
    /// [`Prepared::context_anchor`] compares for every candidate pair.
    context_keys: Vec<[Box<[u32]>; 2]>,
    /// Per unit: the days it writes (not the spare days), as day numbers with their anchor
    /// numbers, sorted: what [`Prepared::day_anchor`] looks up.
    written: Vec<Box<[(i64, u32)]>>,
    /// Per unit: the first and last day (day numbers) of the one battle it has from its
    /// article or section, where that battle was fought in at most [`EVENT_DAY_SPAN`] days and
    /// the unit has no time of its own ([`Prepared::day_anchor`]).
    event_days: Vec<Option<(i64, i64)>>,
    totals: Vec<f64>,
    /// Per battle: how many English alignable paragraphs narrate it (their contexts' battles).
    event_df: HashMap<EntityId, u32>,
    n: usize,
    /// Per unit: its document's number, for [`Prepared::subjects`].
    doc_of: Vec<u32>,
    /// Per unit, its position in its document's narration ([`positions`]).
    position: Vec<f32>,
    /// Per document: its subjects, sorted: the names in at least
    /// [`Params::subject_share`] of its text paragraphs (the admiral of an article on a sea
    /// battle); `None` for documents of fewer than [`SUBJECT_MIN_PARAGRAPHS`] text paragraphs.
    subjects: Vec<Subjects>,
    /// Anchors in more paragraphs than this generate no candidate pairs (see
    /// [`Params::max_df_sqrt`]).
    max_df: u32,
    /// Per unit, whether it narrates a step of its article's battle ([`narrates_battle`]).
    narrative: Vec<bool>,
    params: Params,
}

/// A relative margin of the quick tests ([`Prepared::may_link`]), since the exact score sums in
/// another order.
const MARGIN: f64 = 1.0 - 1e-9;

/// A place or battle shared through the contexts ([`Prepared::context_anchor`]) counts only
/// where the paragraph naming it names no other (of its kind), and the other's article or
/// section gives no other: a paragraph naming two places passes through them, and an article
/// set at two places is not about either alone.
const MAX_NAMED: usize = 1;

/// The longest battle, in days from its first to its last, whose day a paragraph can name
/// for it ([`Prepared::day_anchor`]): a sea fight or a day's battle, not a siege of weeks.
const EVENT_DAY_SPAN: i64 = 2;

/// How many days a date may be off the day of a battle and still name it
/// ([`Prepared::day_anchor`]): the Ming, Joseon and Japanese calendars differed by a day.
const DAY_SLACK: i64 = 1;

/// The numbers two sorted lists share, in order.
fn merged<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut x, mut y) = (0, 0);
    std::iter::from_fn(move || {
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    x += 1;
                    y += 1;
                    return Some(a[x - 1]);
                }
            }
        }
        None
    })
}

/// Inverse document frequency: ln(1 + N / df).
fn idf(n: usize, df: usize) -> f64 {
    (1.0 + n as f64 / df.max(1) as f64).ln()
}

/// Share of a text paragraph's characters covered by names above which it is a list of names.
pub const LIST_DENSITY: f64 = 0.6;

/// [`LIST_DENSITY`] for Chinese, Japanese and Korean: a clause there names its actors and
/// places with few characters between them (宇喜多秀家、小西行長攻陷南原 is 62% names and a
/// story, not a list).
pub const LIST_DENSITY_CJK: f64 = 0.75;

/// A roster: a text paragraph that is a list of names (it weighs less: `list_factor`). It states no
/// event of its own.
pub fn is_roster(u: &Unit) -> bool {
    list_factor(u) < 1.0
}

/// The weight factor of a unit: ½ for a text paragraph that is a roster — at least four names
/// covering most of its characters (a heading word, then a run of names with no verb) — 1
/// otherwise. A short sentence naming three people is not a roster; the Infobox is a summary,
/// not a roster.
fn list_factor(u: &Unit) -> f64 {
    let names = u.mentions.names.iter().filter(|m| !m.nested).count();
    if u.kind != BlockKind::Text || names < 4 {
        return 1.0;
    }
    let letters = u.text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters == 0 {
        return 1.0;
    }
    let mut covered = 0;
    let mut last_end = 0;
    let mut spans: Vec<(usize, usize)> = u
        .mentions
        .names
        .iter()
        .filter(|m| !m.nested)
        .map(|m| (m.start, m.end))
        .collect();
    spans.sort_unstable();
    for (s, e) in spans {
        let s = s.max(last_end);
        if s < e {
            covered += u
                .text
                .get(s..e)
                .map_or(0, |t| t.chars().filter(|c| c.is_alphanumeric()).count());
            last_end = e;
        }
    }
    let density = if u.lang.is_cjk() {
        LIST_DENSITY_CJK
    } else {
        LIST_DENSITY
    };
    if covered as f64 / letters as f64 > density {
        0.5
    } else {
        1.0
    }
}

/// How a pair of paragraphs scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairScore {
    /// Shared anchors with their weights, heaviest first.
    pub shared: Vec<(Anchor, f64)>,
    /// The one of `shared` that the two share through their contexts, not their words: the
    /// place or battle one names and the other has from its article
    /// ([`Params::context_anchor_factor`]).
    pub through_context: Option<Anchor>,
    /// The shared names that are a subject of one paragraph's document and not of the other's
    /// ([`Params::subject_factor`]).
    pub subject_of_one: Vec<Anchor>,
    /// The factor on the shared concepts' weights: [`Params::battle_concept_factor`] between
    /// two articles on one battle, 1 otherwise.
    pub concept_factor: f64,
    /// Total weight of the shared anchors.
    pub shared_weight: f64,
    /// The score before the context's part: `shared^(1+γ) / √(total_zh · total_en)`.
    pub base_score: f64,
    /// How the two paragraphs' event contexts relate.
    pub relation: Relation,
    /// The context's factor on the score ([`Params::agree_factor`],
    /// [`Params::disjoint_factor`] or 1).
    pub context_factor: f64,
    /// The denominator `√(total_zh · total_en)`.
    pub denominator: f64,
    /// The longer paragraph's total was capped ([`Params::summary_ratio`]) in the denominator.
    pub summary: bool,
    /// The minimum shared weight that applies ([`Params::agree_min_shared`] when the contexts
    /// agree).
    pub min_shared: f64,
    /// The two paragraphs' positions in their narratives, where they are two articles on one
    /// battle and further apart than [`Params::order_gap`]: the score is then multiplied by
    /// [`Params::order_factor`].
    pub out_of_order: Option<(f64, f64)>,
    /// The score: the base score times the context's factor (and the order's, if out of
    /// order).
    pub score: f64,
    /// Would the aligner link them?
    pub linked: bool,
    /// A thin pair: scored below [`Params::min_score`] but at least
    /// [`Params::chronicle_share`] of it, a narrative paragraph of an article on a battle and a
    /// chronicle's paragraph whose contexts agree; linked only as the narrative paragraph's
    /// best pair with that chronicle where it has no other (the cap decides).
    pub thin: bool,
    /// Why not, if not.
    pub reason: Option<String>,
}

impl PairScore {
    /// The shared anchors as `label weight`, heaviest first; the one shared through the
    /// contexts says so.
    pub fn shared_labels(&self) -> Vec<String> {
        self.shared
            .iter()
            .map(|(a, w)| {
                if self.through_context.as_ref() == Some(a) {
                    format!(
                        "{} {w:.2} (through the contexts: one names it, the other has it from \
                         its article or section)",
                        a.label()
                    )
                } else if a.is_concept() && self.concept_factor != 1.0 {
                    format!(
                        "{} {w:.2} (what happened, between two articles on one battle: ×{})",
                        a.label(),
                        self.concept_factor
                    )
                } else if self.subject_of_one.contains(a) {
                    format!(
                        "{} {w:.2} (the subject of one paragraph's document, not of the \
                         other's)",
                        a.label()
                    )
                } else {
                    format!("{} {w:.2}", a.label())
                }
            })
            .collect()
    }
}

impl Prepared {
    /// Computes anchors (in parallel), document frequencies and norms.
    pub fn new(units: &[Unit], params: Params) -> Self {
        type Keys = (Vec<Anchor>, Vec<Anchor>, Vec<(Anchor, Anchor)>);
        let per_unit: Vec<Keys> = units
            .par_iter()
            .map(|u| {
                if is_alignable(u) {
                    let (mut keys, mut spare) = (anchor_keys(&u.mentions), spare_keys(&u.mentions));
                    if params.concept_factor <= 0.0 {
                        keys.retain(|a| !a.is_concept());
                    }
                    if params.read_factor <= 0.0 {
                        keys.retain(|a| !matches!(a, Anchor::Read { .. }));
                    }
                    keys.extend(u.context.deaths.iter().map(|&id| Anchor::Death { id }));
                    // The days only the narration completes count as dates written.
                    let written = written_days(&u.mentions);
                    for &day in &u.context.days {
                        let (days, spares) = narrated_day(day);
                        keys.extend(days.into_iter().chain(spares.iter().cloned()));
                        spare.extend(spares.into_iter().filter(|a| !is_day_of(&written, a)));
                    }
                    keys.sort_unstable();
                    keys.dedup();
                    // `context.days` is sorted and deduplicated.
                    spare.retain(|a| !is_day_of(&u.context.days, a));
                    spare.sort_unstable();
                    spare.dedup();
                    (keys, spare, nested_anchors(&u.mentions))
                } else {
                    (Vec::new(), Vec::new(), Vec::new())
                }
            })
            .collect();
        let mut keys = Vec::with_capacity(per_unit.len());
        let mut spares = Vec::with_capacity(per_unit.len());
        let mut nested_keys = Vec::with_capacity(per_unit.len());
        for (k, s, n) in per_unit {
            keys.push(k);
            spares.push(s);
            nested_keys.push(n);
        }
        let mut table: Vec<Anchor> = Vec::new();
        let mut numbers: HashMap<Anchor, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        // Documents holding each anchor (`last_doc`: the last document counted, by number).
        let mut ddf: Vec<u32> = Vec::new();
        let mut last_doc: Vec<u32> = Vec::new();
        let mut docs = 0u32;
        let mut previous: Option<&str> = None;
        // Per unit: its document's number, from 0 (units come grouped by document).
        let mut doc_of: Vec<u32> = Vec::with_capacity(units.len());
        let mut sets: Vec<Box<[u32]>> = keys
            .into_iter()
            .zip(units)
            .map(|(ks, u)| {
                if previous != Some(u.doc.as_str()) {
                    docs += 1;
                    previous = Some(u.doc.as_str());
                }
                doc_of.push(docs - 1);
                let mut set: Vec<u32> = ks
                    .into_iter()
                    .map(|a| {
                        let k = *numbers.entry(a).or_insert_with_key(|a| {
                            table.push(a.clone());
                            df.push(0);
                            ddf.push(0);
                            last_doc.push(0);
                            (table.len() - 1) as u32
                        });
                        df[k as usize] += 1;
                        if last_doc[k as usize] != docs {
                            last_doc[k as usize] = docs;
                            ddf[k as usize] += 1;
                        }
                        k
                    })
                    .collect();
                set.sort_unstable();
                set.into_boxed_slice()
            })
            .collect();
        // Concepts are numbered after every other anchor, so a unit's sorted set is its other
        // anchors, then its concepts: the quick test merges the first part alone.
        let first_concept = {
            let mut order: Vec<u32> = (0..table.len() as u32).collect();
            order.sort_by_key(|&k| table[k as usize].is_concept());
            let mut new_of = vec![0u32; order.len()];
            for (new, &old) in order.iter().enumerate() {
                new_of[old as usize] = new as u32;
            }
            table = order
                .iter()
                .map(|&old| table[old as usize].clone())
                .collect();
            df = order.iter().map(|&old| df[old as usize]).collect();
            ddf = order.iter().map(|&old| ddf[old as usize]).collect();
            for k in numbers.values_mut() {
                *k = new_of[*k as usize];
            }
            for set in sets.iter_mut() {
                for k in set.iter_mut() {
                    *k = new_of[*k as usize];
                }
                set.sort_unstable();
            }
            table.iter().take_while(|a| !a.is_concept()).count() as u32
        };
        let subjects = subjects(units, &doc_of, &sets, &table, params.subject_share);
        let plain_len: Vec<u32> = sets
            .iter()
            .map(|s| s.partition_point(|&k| k < first_concept) as u32)
            .collect();
        // Every anchor of `nested_keys` is one of the unit's anchors, so it has a number.
        let nested: Vec<Box<[(u32, u32)]>> = nested_keys
            .into_iter()
            .map(|pairs| {
                pairs
                    .iter()
                    .filter_map(|(a, b)| Some((*numbers.get(a)?, *numbers.get(b)?)))
                    .collect()
            })
            .collect();
        // N: the paragraphs that hold anchors (not headings, not page furniture), so that a
        // page's references, navigation lines and their headings change no weight.
        let alignable = units.iter().filter(|u| is_alignable(u)).count();
        let n = alignable.max(1);
        // An anchor most documents hold (the war's rulers and countries) tells little of which
        // paragraphs of two documents narrate one event: its weight shrinks with its spread.
        // Two documents are as few as a shared anchor can be in: those keep their weight.
        let spread = |d: u32| {
            let docs = docs.max(2) as usize;
            (idf(docs, (d as usize).max(2)) / idf(docs, 2)).powf(params.doc_spread)
        };
        let weight: Vec<f64> = table
            .iter()
            .zip(&df)
            .zip(&ddf)
            .map(|((a, &d), &dd)| idf(n, d as usize) * spread(dd) * a.factor(&params))
            .collect();
        let strong = table.iter().map(Anchor::is_strong).collect();
        let factors: Vec<f64> = units.iter().map(list_factor).collect();
        // Summed in a fixed order: floating-point sums must not depend on hash order, or scores
        // (and stored links) would differ between runs.
        let totals: Vec<f64> = sets
            .iter()
            .zip(&nested)
            .zip(&factors)
            .zip(&spares)
            .map(|(((s, nested), f), spare)| {
                // A spare day of a lunar date adds no weight, and a nested name counts once,
                // as the longer name. A death told counts in the shared weight only: the
                // paragraph's total holds the person's name already, and a paragraph telling a
                // death the other does not tell is no further from it than one naming the man.
                let counts = |k: u32| {
                    spare.binary_search(&table[k as usize]).is_err()
                        && !nested.iter().any(|&(n, _)| n == k)
                        && !matches!(table[k as usize], Anchor::Death { .. })
                };
                let mut w: Vec<f64> = s
                    .iter()
                    .filter(|&&k| counts(k))
                    .map(|&k| weight[k as usize])
                    .collect();
                w.sort_by(f64::total_cmp);
                w.iter().sum::<f64>() * f
            })
            .collect();
        let spare: Vec<Box<[u32]>> = spares
            .iter()
            .map(|keys| {
                let mut v: Vec<u32> = keys
                    .iter()
                    .filter_map(|a| numbers.get(a).copied())
                    .collect();
                v.sort_unstable();
                v.into_boxed_slice()
            })
            .collect();
        let date_mentions: Vec<Box<[Box<[u32]>]>> = units
            .iter()
            .map(|u| {
                if !is_alignable(u) {
                    return Box::default();
                }
                let written = u.mentions.dates.iter().map(|d| {
                    let (days, spare) = date_days(d);
                    days.into_iter()
                        .chain(spare)
                        .map(|(year, month, day)| Anchor::Date { year, month, day })
                        .collect::<Vec<_>>()
                });
                let narrated = u.context.days.iter().map(|&day| {
                    let (days, spare) = narrated_day(day);
                    days.into_iter().chain(spare).collect::<Vec<_>>()
                });
                written
                    .chain(narrated)
                    .map(|anchors| {
                        anchors
                            .iter()
                            .filter_map(|a| numbers.get(a).copied())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let concept_totals = sets
            .iter()
            .zip(&plain_len)
            .map(|(s, &n)| {
                s[n as usize..]
                    .iter()
                    .map(|&k| weight[k as usize])
                    .sum::<f64>()
            })
            .collect();
        let written: Vec<Box<[(i64, u32)]>> = sets
            .iter()
            .zip(&spare)
            .map(|(set, spare)| {
                let mut v: Vec<(i64, u32)> = set
                    .iter()
                    .filter(|&&k| spare.binary_search(&k).is_err())
                    .filter_map(|&k| match table[k as usize] {
                        Anchor::Date { year, month, day } => {
                            Some((dates::day_number((year, month, day)), k))
                        }
                        _ => None,
                    })
                    .collect();
                v.sort_unstable();
                v.into_boxed_slice()
            })
            .collect();
        let event_days = units
            .iter()
            .map(|u| {
                let c = &u.context;
                let inherited = |s: Option<context::Source>| s != Some(context::Source::Own);
                match c.interval {
                    Some((first, last))
                        if c.events.len() == 1
                            && inherited(c.events_from)
                            && c.interval_from.is_some()
                            && inherited(c.interval_from)
                            && dates::day_number(last) - dates::day_number(first)
                                <= EVENT_DAY_SPAN =>
                    {
                        Some((dates::day_number(first), dates::day_number(last)))
                    }
                    _ => None,
                }
            })
            .collect();
        Prepared {
            written,
            event_days,
            table,
            df,
            weight,
            strong,
            concept_totals,
            sets,
            plain_len,
            nested,
            factors,
            spare,
            date_mentions,
            context_keys: units
                .iter()
                .map(|u| {
                    let keys = |ids: &[EntityId]| -> Box<[u32]> {
                        ids.iter()
                            .filter_map(|id| numbers.get(&Anchor::Entity { id: *id }).copied())
                            .collect()
                    };
                    [keys(&u.context.events), keys(&u.context.places)]
                })
                .collect(),
            numbers,
            contexts: units.iter().map(|u| u.context.clone()).collect(),
            totals,
            event_df: {
                let mut m: HashMap<EntityId, u32> = HashMap::new();
                for u in units
                    .iter()
                    .filter(|u| u.lang == Lang::En && is_alignable(u))
                {
                    for e in &u.context.events {
                        *m.entry(*e).or_default() += 1;
                    }
                }
                m
            },
            n,
            position: positions(units, &doc_of),
            doc_of,
            subjects,
            max_df: ((alignable as f64).sqrt() * params.max_df_sqrt)
                .ceil()
                .max(50.0) as u32,
            narrative: units.iter().map(narrates_battle).collect(),
            params,
        }
    }

    /// The weight of an anchor: ln(1 + N / df) times its kind's factor (an anchor no paragraph
    /// holds counts as held by one).
    pub fn weight(&self, a: &Anchor) -> f64 {
        match self.numbers.get(a) {
            Some(&k) => self.weight[k as usize],
            None => idf(self.n, 1) * a.factor(&self.params),
        }
    }

    /// How many paragraphs hold the anchor.
    pub fn df(&self, a: &Anchor) -> usize {
        self.numbers
            .get(a)
            .map_or(0, |&k| self.df[k as usize] as usize)
    }

    /// The anchor numbers units `i` and `j` share, in number order.
    fn shared_numbers(&self, i: usize, j: usize) -> impl Iterator<Item = u32> + '_ {
        merged(&self.sets[i], &self.sets[j])
    }

    /// The anchor numbers other than concepts units `i` and `j` share, in number order.
    fn shared_plain(&self, i: usize, j: usize) -> impl Iterator<Item = u32> + '_ {
        merged(
            &self.sets[i][..self.plain_len[i] as usize],
            &self.sets[j][..self.plain_len[j] as usize],
        )
    }

    /// The concepts units `i` and `j` share, in number order.
    fn shared_concepts(&self, i: usize, j: usize) -> impl Iterator<Item = u32> + '_ {
        merged(
            &self.sets[i][self.plain_len[i] as usize..],
            &self.sets[j][self.plain_len[j] as usize..],
        )
    }

    /// The score of units `i` and `j` if it links them (before the cap), else `None`: the
    /// quick test first, then the score. Candidate generation (`align`) and the cap's
    /// recomputation in [`Prepared::decide`] both go through here.
    fn linked_score(&self, i: usize, j: usize) -> Option<f64> {
        // The relation of the contexts, the costliest term, is computed once for both.
        let relation = self.may_link_in(i, j)?;
        let s = self.score_in(i, j, Some(relation));
        s.linked.then_some(s.score)
    }

    /// A quick, allocation-free test that units `i` and `j` may link: false only if
    /// [`Prepared::score`] would certainly not link them.
    pub fn may_link(&self, i: usize, j: usize) -> bool {
        self.may_link_in(i, j).is_some()
    }

    /// As [`Prepared::may_link`], with the relation of the two contexts where they may link.
    fn may_link_in(&self, i: usize, j: usize) -> Option<Relation> {
        let (mut shared, mut strong) = (0.0, false);
        for k in self.shared_plain(i, j) {
            shared += self.weight[k as usize];
            strong |= self.strong[k as usize];
        }
        // The place or battle the contexts share, should they agree (an upper bound: it may be
        // counted above as well).
        if let Some(k) = self.context_anchor(i, j, &[]) {
            shared += self.weight[k as usize] * self.params.context_anchor_factor;
            strong = true;
        }
        // Two articles on one battle: what happened alone may link (see `score`).
        if !strong && !self.contexts[i].same_article_event(&self.contexts[j]) {
            return None;
        }
        let factor = self.factors[i].min(self.factors[j]);
        let p = &self.params;
        let moment = self.moment_factor(i, j);
        // First without the contexts (their relation costs most): the best factor, the lowest
        // minimum and the smallest denominator any relation could give; and before the
        // concepts are merged, with as many shared as the poorer side holds.
        let bound = (shared + moment * self.concept_totals[i].min(self.concept_totals[j])) * factor;
        if !self.may_link_anywhere(i, j, bound) {
            return None;
        }
        shared += moment
            * self
                .shared_concepts(i, j)
                .map(|k| self.weight[k as usize])
                .sum::<f64>();
        let shared = shared * factor;
        if !self.may_link_anywhere(i, j, shared) {
            return None;
        }
        let (relation, factor, min_shared, denominator, _) = self.context_terms(i, j, None);
        if self.list_unrelated(i, j, relation) {
            return None;
        }
        (denominator > 0.0
            && shared >= min_shared * MARGIN
            && factor * shared.powf(1.0 + p.gamma) / denominator >= self.floor(i, j) * MARGIN)
            .then_some(relation)
    }

    /// Whether units `i` and `j`, sharing `shared`, could link under the best factor, the
    /// lowest minimum and the smallest denominator any relation of their contexts could give.
    fn may_link_anywhere(&self, i: usize, j: usize, shared: f64) -> bool {
        let p = &self.params;
        {
            let (ti, tj) = (self.totals[i], self.totals[j]);
            let (lo, hi) = (ti.min(tj), ti.max(tj));
            let lowest = if hi > p.summary_ratio * lo {
                (lo * p.summary_ratio * lo).sqrt()
            } else {
                (ti * tj).sqrt()
            };
            let best = p
                .agree_factor
                .max(p.neutral_factor)
                .max(p.place_factor)
                .max(p.disjoint_factor)
                .max(1.0);
            !(lowest <= 0.0
                || shared < p.agree_min_shared.min(p.min_shared) * MARGIN
                || best * shared.powf(1.0 + p.gamma) / lowest < self.floor(i, j) * MARGIN)
        }
    }

    /// The context's terms of units `i` and `j`: how their contexts relate, the factor on the
    /// score, the minimum shared weight, and the score's denominator (when the contexts agree
    /// and the shared anchors weigh at least [`Params::specific`] on average, or one names the
    /// battle or place the other has from its article (the chronicle's paragraph telling the
    /// battle, and a paragraph of the battle's article on one step of it), the longer
    /// paragraph's total counts at most [`Params::summary_ratio`] times the shorter's).
    fn context_terms(
        &self,
        i: usize,
        j: usize,
        relation: Option<Relation>,
    ) -> (Relation, f64, f64, f64, bool) {
        let relation = relation.unwrap_or_else(|| self.relation(i, j).0);
        let p = &self.params;
        let (ti, tj) = (self.totals[i], self.totals[j]);
        let (lo, hi) = (ti.min(tj), ti.max(tj));
        // A long summary meeting a short paragraph of the same event on specific anchors is not
        // punished for its length.
        let capped = relation == Relation::Agree
            && hi > p.summary_ratio * lo
            && (self.mean_shared(i, j) >= p.specific || self.context_anchor(i, j, &[]).is_some());
        let denominator = if capped {
            (lo * p.summary_ratio * lo).sqrt()
        } else {
            (ti * tj).sqrt()
        };
        let (factor, min_shared) = match relation {
            Relation::Agree => (p.agree_factor, p.agree_min_shared),
            Relation::Disjoint => (p.disjoint_factor, p.min_shared),
            Relation::Neutral => (p.neutral_factor, p.min_shared),
            Relation::Place => (p.place_factor, p.min_shared),
            Relation::Overlap => (1.0, p.min_shared),
        };
        (relation, factor, min_shared, denominator, capped)
    }

    /// The factor on the weights of the concepts units `i` and `j` share
    /// ([`Params::battle_concept_factor`] if they are paragraphs of two articles on one
    /// battle, 1 otherwise).
    fn moment_factor(&self, i: usize, j: usize) -> f64 {
        if self.contexts[i].same_article_event(&self.contexts[j]) {
            self.params.battle_concept_factor
        } else {
            1.0
        }
    }

    /// The mean weight of the anchors units `i` and `j` share, concepts aside (0 if none),
    /// summed in anchor order.
    fn mean_shared(&self, i: usize, j: usize) -> f64 {
        let (mut sum, mut n) = (0.0, 0usize);
        for k in self.shared_plain(i, j) {
            sum += self.weight[k as usize];
            n += 1;
        }
        if n == 0 { 0.0 } else { sum / n as f64 }
    }

    /// A list block (Infobox, roster) states no event of its own: it links only where the
    /// contexts agree or the times overlap, or to another list block (two rosters sharing
    /// names are the same list told twice).
    fn list_unrelated(&self, i: usize, j: usize, relation: Relation) -> bool {
        (self.contexts[i].list != self.contexts[j].list)
            && !matches!(relation, Relation::Agree | Relation::Overlap)
    }

    /// The anchor numbers `shared` by units `i` and `j` (in anchor order) with one date anchor
    /// per date written: a date matches through several days (the day before and after, since
    /// the calendars of the time differed by a day; both readings of a date whose calendar is
    /// unknown), but it is one fact. Shared days that one written date of either paragraph
    /// makes are one group; the date kept of a group is the one fewest sides hold only as a
    /// spare day, then the heaviest.
    fn one_per_date(&self, i: usize, j: usize, shared: Vec<u32>) -> Vec<u32> {
        let is_date = |k: u32| matches!(self.table[k as usize], Anchor::Date { .. });
        let dates: Vec<u32> = shared.iter().copied().filter(|&k| is_date(k)).collect();
        if dates.len() < 2 {
            return shared;
        }
        // Union-find over the shared dates, joined by the written dates that make them.
        let mut parent: Vec<usize> = (0..dates.len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        for mention in self.date_mentions[i]
            .iter()
            .chain(self.date_mentions[j].iter())
        {
            let mut first: Option<usize> = None;
            for (x, k) in dates.iter().enumerate() {
                if mention.contains(k) {
                    match first {
                        None => first = Some(x),
                        Some(f) => {
                            let (a, b) = (root(&mut parent, f), root(&mut parent, x));
                            parent[b] = a;
                        }
                    }
                }
            }
        }
        let rank = |k: u32| {
            let firm = [i, j]
                .iter()
                .filter(|&&u| self.spare[u].binary_search(&k).is_err())
                .count();
            (firm, self.weight[k as usize])
        };
        let mut best: Vec<Option<u32>> = vec![None; dates.len()];
        for (x, &k) in dates.iter().enumerate() {
            let r = root(&mut parent, x);
            if best[r].is_none_or(|b| rank(k) > rank(b)) {
                best[r] = Some(k);
            }
        }
        shared
            .into_iter()
            .filter(|&k| !is_date(k) || best.contains(&Some(k)))
            .collect()
    }

    /// The place or battle that units `i` and `j` share through their contexts, where one
    /// names it and the other has it from its article or section: a paragraph of the battle's
    /// article that narrates a step of it without naming the place, and a chronicle's paragraph
    /// that narrates the battle at that place. Its anchor number, the heaviest if several,
    /// unless `counted` holds it already.
    fn context_anchor(&self, i: usize, j: usize, counted: &[u32]) -> Option<u32> {
        if self.params.context_anchor_factor <= 0.0 {
            return None;
        }
        let (a, b) = (&self.contexts[i], &self.contexts[j]);
        // Two articles on one battle share it in every pair of their paragraphs.
        if a.same_article_event(b) {
            return None;
        }
        let own = |s: Option<context::Source>| s == Some(context::Source::Own);
        let (ka, kb) = (&self.context_keys[i], &self.context_keys[j]);
        let mut best: Option<u32> = None;
        for (x, y) in [
            (
                (a.events.len(), &ka[0], own(a.events_from)),
                (b.events.len(), &kb[0], own(b.events_from)),
            ),
            (
                (a.places.len(), &ka[1], own(a.places_from)),
                (b.places.len(), &kb[1], own(b.places_from)),
            ),
        ] {
            // One names it, the other has it from its article or section.
            let (named, inherited) = match (x.2, y.2) {
                (true, false) => (x, y),
                (false, true) => (y, x),
                _ => continue,
            };
            if named.0 > MAX_NAMED || inherited.0 > MAX_NAMED {
                continue;
            }
            for &k in named.1.iter().filter(|k| inherited.1.contains(k)) {
                if !counted.contains(&k)
                    && best.is_none_or(|b| self.weight[k as usize] > self.weight[b as usize])
                {
                    best = Some(k);
                }
            }
        }
        if best.is_none() {
            // One names the day of the one battle the other has from its article or section.
            best = self
                .day_anchor(i, j, DAY_SLACK)
                .filter(|k| !counted.contains(k));
        }
        if best.is_none() {
            // One names the site of the one battle the other has from its article or section
            // (鳴梁 against a paragraph of the article on the battle of Myeongnyang).
            for (x, y) in [(a, b), (b, a)] {
                if !own(x.places_from) || x.places.len() > MAX_NAMED || !x.events.is_empty() {
                    continue;
                }
                if y.events.len() != 1 || own(y.events_from) {
                    continue;
                }
                for p in x.places.iter().filter(|p| y.sites.contains(p)) {
                    match self.numbers.get(&Anchor::Entity { id: *p }) {
                        Some(&k) if !counted.contains(&k) => best = Some(k),
                        _ => {}
                    }
                }
            }
        }
        best
    }

    /// Why the contexts of units `i` (Chinese) and `j` (English) agree, in words, for
    /// `explain` ([`context::agreement`]; or the day of one's battle that the other writes,
    /// [`Prepared::day_anchor`]; or the battle of their two articles, at times that overlap:
    /// [`Prepared::relation`]); `None` if they do not agree.
    pub fn agreement(&self, i: usize, j: usize) -> Option<String> {
        match self.relation(i, j) {
            (Relation::Agree, Some(Upgrade::Day(k))) => Some(format!(
                "one side writes {}, the day of the other's battle",
                self.table[k as usize].label()
            )),
            (Relation::Agree, Some(Upgrade::Articles(e))) => {
                Some(format!("both in articles on {e}, at times that overlap"))
            }
            (Relation::Agree, None) => context::agreement(&self.contexts[i], &self.contexts[j]),
            _ => None,
        }
    }

    /// How the contexts of units `i` and `j` relate ([`context::relation`]), and why they
    /// agree where the contexts alone would only overlap:
    /// - one writes the very day of the other's battle: its day tells the event where its
    ///   places do not (the chronicle names the harbours of the day's next fights, the article
    ///   the bay of its battle; [`Prepared::day_anchor`]);
    /// - both belong to articles on one battle and their times overlap: a paragraph that names
    ///   a place of its own (the island the fleet took on the first day of a siege) does not
    ///   leave its article's battle for the other article's paragraph on the same days.
    fn relation(&self, i: usize, j: usize) -> (Relation, Option<Upgrade>) {
        let (a, b) = (&self.contexts[i], &self.contexts[j]);
        let r = context::relation(a, b);
        if matches!(r, Relation::Overlap | Relation::Place)
            && let Some(k) = self.day_anchor(i, j, 0)
        {
            (Relation::Agree, Some(Upgrade::Day(k)))
        } else if r == Relation::Overlap
            && let Some(e) = a.shared_article_event(b)
        {
            (Relation::Agree, Some(Upgrade::Articles(e)))
        } else {
            (r, None)
        }
    }

    /// The date anchor by which one of units `i` and `j` names the day of the one battle the
    /// other has from its article or section, fought in a day or two: the chronicle's
    /// paragraph writing 五月七日 (16 June 1592) against a paragraph of the article on the
    /// battle of Okpo, fought that day, which names neither the day nor the chronicle's places.
    /// The paragraph naming the day must be in no article on a battle and name no battle of
    /// its own (then its battle decides: an article's Background dating the battle before
    /// its own tells that battle only in passing). The day may be `slack` days off the
    /// battle's (the calendars of the time differed by a day).
    fn day_anchor(&self, i: usize, j: usize, slack: i64) -> Option<u32> {
        for (x, y) in [(i, j), (j, i)] {
            let Some((first, last)) = self.event_days[y] else {
                continue;
            };
            if !self.names_days(x) {
                continue;
            }
            let w = &self.written[x];
            let at = w.partition_point(|&(d, _)| d < first - slack);
            if let Some(&(d, k)) = w.get(at)
                && d <= last + slack
            {
                return Some(k);
            }
        }
        None
    }

    /// The weight of the `shared` anchors of units `i` and `j` other than their battles and
    /// those battles' sites: what they share of the step of the battle, not of its setting.
    fn beyond_setting(&self, i: usize, j: usize, shared: &[(Anchor, f64)]) -> f64 {
        let (a, b) = (&self.contexts[i], &self.contexts[j]);
        let setting = |id: &EntityId| {
            [a, b]
                .iter()
                .any(|c| c.events.contains(id) || c.sites.contains(id))
        };
        shared
            .iter()
            .filter(|(anchor, _)| !matches!(anchor, Anchor::Entity { id } if setting(id)))
            .map(|(_, w)| w)
            .sum()
    }

    /// The lowest score units `i` and `j` may link at: [`Params::min_score`], or
    /// [`Params::chronicle_share`] of it for a narrative paragraph of an article on a battle
    /// and a chronicle's paragraph (a thin pair, if their contexts agree).
    fn floor(&self, i: usize, j: usize) -> f64 {
        let p = &self.params;
        let chronicle = |u: usize| self.contexts[u].article_events.is_empty();
        if p.chronicle_share < 1.0
            && ((self.narrative[i] && chronicle(j)) || (self.narrative[j] && chronicle(i)))
        {
            p.min_score * p.chronicle_share
        } else {
            p.min_score
        }
    }

    /// The score two paragraphs of articles on different battles must reach
    /// ([`Params::cross_article_factor`] times the minimum), if units `i` and `j` are such.
    fn cross_article_floor(&self, i: usize, j: usize) -> Option<f64> {
        let p = &self.params;
        let (a, b) = (&self.contexts[i], &self.contexts[j]);
        // A paragraph telling, in its own words, the battle of the other's article (an
        // aftermath that narrates the next battle) is about that battle.
        let tells = |x: &EventContext, y: &EventContext| {
            x.events_from == Some(context::Source::Own) && x.tells_article_event_of(y)
        };
        (p.cross_article_factor > 1.0
            && !a.article_events.is_empty()
            && !b.article_events.is_empty()
            && !a.same_article_event(b)
            && !tells(a, b)
            && !tells(b, a))
        .then_some(p.min_score * p.cross_article_factor)
    }

    /// Whether unit `i` may name a battle by its day ([`Prepared::day_anchor`]): it is in no
    /// article on a battle, has no battle of its own and does not tell the present day.
    fn names_days(&self, i: usize) -> bool {
        let c = &self.contexts[i];
        c.events.is_empty() && c.article_events.is_empty() && !c.present
    }

    /// The event context of unit `i`.
    pub fn context(&self, i: usize) -> &EventContext {
        &self.contexts[i]
    }

    /// The anchors of unit `i` with their weights, heaviest first.
    pub fn anchors_of(&self, i: usize) -> Vec<(Anchor, f64)> {
        let mut v: Vec<(Anchor, f64)> = self.sets[i]
            .iter()
            .map(|&k| (self.table[k as usize].clone(), self.weight[k as usize]))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// The factor on shared anchor `k` of units `i` and `j`: [`Params::subject_factor`] where
    /// it is a subject of one unit's document and not of the other's (it tells which document,
    /// not which of its paragraphs), else 1 (also where a document is too short to tell).
    fn subject_factor(&self, i: usize, j: usize, k: u32) -> f64 {
        let of = |u: usize| {
            self.subjects[self.doc_of[u] as usize]
                .as_ref()
                .map(|s| s.binary_search(&k).is_ok())
        };
        match (of(i), of(j)) {
            (Some(a), Some(b)) if a != b => self.params.subject_factor,
            _ => 1.0,
        }
    }

    /// The positions of units `i` and `j` in their narratives, if they are paragraphs of two
    /// articles on one battle further apart than [`Params::order_gap`].
    fn out_of_order(&self, i: usize, j: usize) -> Option<(f64, f64)> {
        if self.params.order_factor >= 1.0 {
            return None;
        }
        let (a, b) = (&self.contexts[i], &self.contexts[j]);
        let (x, y) = (f64::from(self.position[i]), f64::from(self.position[j]));
        ((x - y).abs() > self.params.order_gap && a.same_article_event(b)).then_some((x, y))
    }

    /// Scores units `i` (Chinese) and `j` (English). A name one side writes only inside a
    /// longer name is not counted when the longer name is shared too.
    pub fn score(&self, i: usize, j: usize) -> PairScore {
        self.score_in(i, j, None)
    }

    /// As [`Prepared::score`], with the relation of the two contexts if already known.
    fn score_in(&self, i: usize, j: usize, relation: Option<Relation>) -> PairScore {
        let factor = self.factors[i].min(self.factors[j]);
        let numbers: Vec<u32> = self.shared_numbers(i, j).collect();
        let counted_in_outer = |k: u32| {
            [i, j].iter().any(|&u| {
                self.nested[u]
                    .iter()
                    .any(|&(n, outer)| n == k && numbers.binary_search(&outer).is_ok())
            })
        };
        let counted: Vec<u32> = numbers
            .iter()
            .copied()
            .filter(|&k| !counted_in_outer(k))
            .collect();
        let counted = self.one_per_date(i, j, counted);
        let (relation, context_factor, min_shared, denominator, summary) =
            self.context_terms(i, j, relation);
        let mut counted = counted;
        let context_anchor = (relation == Relation::Agree)
            .then(|| self.context_anchor(i, j, &counted))
            .flatten();
        if let Some(k) = context_anchor {
            counted.push(k);
        }
        // Evidence to link on needs a name or a date that is a reading of what both sides
        // wrote, not only a spare day of it.
        // Between two articles on one battle, the battle is shared by every pair: what
        // happened (a concept) is evidence enough to be scored, with no name in common (the
        // general and the enemy, unnamed, at the breach).
        let one_battle = self.contexts[i].same_article_event(&self.contexts[j])
            && counted.iter().any(|&k| self.table[k as usize].is_concept());
        let firm = context_anchor.is_some()
            || one_battle
            || counted.iter().any(|&k| {
                self.strong[k as usize]
                    && self.spare[i].binary_search(&k).is_err()
                    && self.spare[j].binary_search(&k).is_err()
            });
        let concept_factor = self.moment_factor(i, j);
        let mut subject_of_one = Vec::new();
        let mut shared: Vec<(Anchor, f64)> = counted
            .iter()
            .map(|&k| {
                let through_context = if context_anchor == Some(k) {
                    self.params.context_anchor_factor
                } else {
                    1.0
                };
                let subject = self.subject_factor(i, j, k);
                if subject < 1.0 {
                    subject_of_one.push(self.table[k as usize].clone());
                }
                let what_happened = if self.table[k as usize].is_concept() {
                    concept_factor
                } else {
                    1.0
                };
                (
                    self.table[k as usize].clone(),
                    self.weight[k as usize] * factor * through_context * subject * what_happened,
                )
            })
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let shared_weight: f64 = shared.iter().map(|(_, w)| w).sum();
        let p = &self.params;
        let base_score = if denominator > 0.0 {
            shared_weight.powf(1.0 + p.gamma) / denominator
        } else {
            0.0
        };
        let out_of_order = self.out_of_order(i, j);
        let score = base_score
            * context_factor
            * if out_of_order.is_some() {
                p.order_factor
            } else {
                1.0
            };
        // A thin pair: below the minimum, but the best a chronicle may give a step of the
        // battle it tells (the cap keeps only the best). What it shares beyond the battle and
        // its site must reach the minimum for agreeing contexts: the battle alone tells which
        // battle, not which step of it.
        let thin = score < p.min_score
            && relation == Relation::Agree
            && score >= self.floor(i, j)
            && self.beyond_setting(i, j, &shared) >= p.agree_min_shared;
        let reason = if !firm {
            Some(
                "no shared name or full date (a shared number or year alone is coincidence)"
                    .to_string(),
            )
        } else if self.list_unrelated(i, j, relation) {
            Some(
                "a list block (Infobox, roster) links only where the contexts agree or times overlap".to_string(),
            )
        } else if score < p.min_score && !thin {
            Some(format!("score {score:.3} below {}", p.min_score))
        } else if let Some(floor) = self.cross_article_floor(i, j).filter(|f| score < *f) {
            Some(format!(
                "score {score:.3} below {floor:.3}: the paragraphs are in articles on different \
                 battles, which share the war's commanders and places"
            ))
        } else if shared_weight < min_shared {
            Some(format!(
                "shared weight {shared_weight:.2} below {min_shared}"
            ))
        } else {
            None
        };
        PairScore {
            linked: reason.is_none(),
            thin: thin && reason.is_none(),
            through_context: context_anchor.map(|k| self.table[k as usize].clone()),
            subject_of_one,
            concept_factor,
            shared,
            shared_weight,
            base_score,
            relation,
            context_factor,
            denominator,
            summary,
            min_shared,
            out_of_order,
            score,
            reason,
        }
    }
}

impl Prepared {
    /// Whether [`align`] proposes the pair at all: it shares an anchor held by at most
    /// `max_df` paragraphs.
    fn is_candidate(&self, i: usize, j: usize) -> bool {
        self.shared_plain(i, j)
            .any(|k| self.df[k as usize] <= self.max_df)
            || (self.params.event_candidates > 0.5 && self.shares_event(i, j))
            || (self.params.event_candidates > 0.5 && self.names_site(i, j))
            || (self.params.event_candidates > 0.5 && self.day_anchor(i, j, DAY_SLACK).is_some())
    }

    /// Whether Chinese unit `zh` names a place that is the site of the battles English unit
    /// `en` narrates, each of which proposes pairs ([`Self::event_proposes`]): 鳴梁 in a
    /// chronicle's paragraph and the article on the battle of Myeongnyang, whose paragraphs
    /// share with it only words too common to propose a pair (the tide, the strait, ships).
    fn names_site(&self, zh: usize, en: usize) -> bool {
        let (a, b) = (&self.contexts[zh], &self.contexts[en]);
        a.places_from == Some(context::Source::Own)
            && b.events.iter().all(|e| self.event_proposes(e))
            && a.places.iter().any(|p| b.sites.contains(p))
    }

    /// Whether units `i` and `j` narrate a battle in common (their contexts' battles) that
    /// at most `max_df` English paragraphs narrate: such pairs are proposed even when the
    /// names they share are common (the admiral of every paragraph of a naval war).
    fn shares_event(&self, i: usize, j: usize) -> bool {
        self.contexts[i]
            .events
            .iter()
            .any(|e| self.contexts[j].events.contains(e) && self.event_proposes(e))
    }

    /// Whether battle `e` proposes the pairs of the paragraphs narrating it: at most `max_df`
    /// English paragraphs do.
    fn event_proposes(&self, e: &EntityId) -> bool {
        self.event_df.get(e).is_some_and(|&d| d <= self.max_df)
    }

    /// The decision [`align`] makes on units `i` (Chinese) and `j` (English) of `units` (the
    /// units this was prepared from): the score's, then that of candidate generation and of
    /// the cap, which it states as the reason when they drop a pair the score would link.
    /// The two units may come in either order.
    pub fn decide(&self, units: &[Unit], i: usize, j: usize) -> PairScore {
        let (i, j) = if units[i].lang.is_cjk() || !units[j].lang.is_cjk() {
            (i, j)
        } else {
            (j, i)
        };
        let mut s = self.score(i, j);
        if !s.linked {
            return s;
        }
        let reason = if !is_alignable(&units[i]) || !is_alignable(&units[j]) {
            Some("a heading or page furniture is never linked".to_string())
        } else if !self.is_candidate(i, j) {
            Some(format!(
                "every shared anchor is in more than {} paragraphs: too common to propose the pair",
                self.max_df
            ))
        } else {
            let (zh_doc, en_doc) = (&units[i].doc, &units[j].doc);
            // Every linked pair of a paragraph of either document: what the cap reads for
            // the pairs between the two.
            let alignable = |zh: bool| {
                (0..units.len())
                    .filter(move |&k| is_alignable(&units[k]) && units[k].lang.is_cjk() == zh)
            };
            let zh_of_doc = alignable(true).filter(|&a| &units[a].doc == zh_doc);
            let en_of_doc = alignable(false).filter(|&b| &units[b].doc == en_doc);
            // Pairs of the Chinese document's paragraphs, then of the English document's with
            // the other Chinese documents (those with the Chinese document are already in).
            let pairs: Vec<(usize, usize, f64)> = zh_of_doc
                .flat_map(|a| alignable(false).map(move |b| (a, b)))
                .chain(en_of_doc.flat_map(|b| {
                    alignable(true)
                        .filter(|&a| &units[a].doc != zh_doc)
                        .map(move |a| (a, b))
                }))
                .filter(|&(a, b)| self.is_candidate(a, b))
                .filter_map(|(a, b)| self.linked_score(a, b).map(|s| (a, b, s)))
                .collect();
            // The English paragraph's best pair with the Chinese document.
            let best_into = pairs
                .iter()
                .filter(|&&(a, b, _)| b == j && &units[a].doc == zh_doc)
                .map(|&(_, _, score)| score)
                .fold(f64::NEG_INFINITY, f64::max);
            // The Chinese paragraph's best pair with the English document.
            let best_from = pairs
                .iter()
                .filter(|&&(a, b, _)| a == i && &units[b].doc == en_doc)
                .map(|&(_, _, score)| score)
                .fold(f64::NEG_INFINITY, f64::max);
            // How many narrative paragraphs of an article on its battle each side reaches
            // with a better score than this pair's.
            let better_moments = |zh_side: bool| {
                pairs
                    .iter()
                    .filter(|&&(a, b, score)| {
                        score > s.score
                            && if zh_side {
                                a == i && &units[b].doc == en_doc
                            } else {
                                b == j && &units[a].doc == zh_doc
                            }
                            && battle_moment(units, a as u32, b as u32, zh_side)
                    })
                    .count()
            };
            let beyond_moments = |zh_side: bool| {
                let own = if zh_side { i } else { j };
                let limit = battle_limit(&units[own], &self.params);
                (limit > 0
                    && battle_moment(units, i as u32, j as u32, zh_side)
                    && better_moments(zh_side) >= limit)
                    .then_some(limit)
            };
            let beyond = beyond_moments(true)
                .map(|l| (l, "Chinese"))
                .or_else(|| beyond_moments(false).map(|l| (l, "English")));
            (!cap_pairs(units, pairs, &self.params).contains(&(i, j))).then(|| {
                let p = &self.params;
                // The thin pair's narrative paragraph's best pair with the other document.
                let narrative_best = if self.narrative[j] {
                    best_into
                } else {
                    best_from
                };
                if s.thin && s.score < narrative_best {
                    format!(
                        "a thin pair (score {:.3} below {}) links only as the best pair of a \
                         narrative paragraph of an article on its battle with a chronicle, where \
                         it has no other: not the best here",
                        s.score, p.min_score
                    )
                } else if let Some((limit, side)) = beyond {
                    format!(
                        "beyond the {side} paragraph's {limit} best links into the narrative \
                         of an article on its battle: it tells another moment"
                    )
                } else if s.score < p.zh_best_share * best_from
                    && units[i].context.same_article_event(&units[j].context)
                {
                    format!(
                        "weak beside the Chinese paragraph's best link into {en_doc}, an article \
                         on its battle (score {:.3} below {} of {best_from:.3}): it tells a \
                         neighbouring moment",
                        s.score, p.zh_best_share
                    )
                } else if s.score < p.en_best_share * best_into {
                    format!(
                        "weak beside the English paragraph's best link into {zh_doc} (score \
                         {:.3} below {} of {best_into:.3}): it tells another moment",
                        s.score, p.en_best_share
                    )
                } else if !mutual_keeps(units, p, i as u32, j as u32, s.score, best_from, best_into)
                {
                    format!(
                        "the best pair of neither paragraph (score {:.3} below {} of the Chinese \
                         paragraph's best into {en_doc}, {best_from:.3}, and of the English \
                         paragraph's best into {zh_doc}, {best_into:.3}): each tells its event \
                         with another paragraph",
                        s.score, p.mutual_share
                    )
                } else {
                    format!(
                        "dropped by the cap: at most {} links between a paragraph and another \
                         document, and a paragraph with more than {} keeps a document's only if \
                         their best scores {} of its best",
                        p.max_links, p.max_links, p.doc_share
                    )
                }
            })
        };
        if reason.is_some() {
            s.linked = false;
            s.thin = false;
            s.reason = reason;
        }
        s
    }
}

/// Aligns every Chinese unit with every English unit that shares anchors with it.
pub fn align(units: &[Unit], params: Params) -> Vec<Link> {
    align_with(units, params, &|| {})
}

/// As [`align`], calling `tick` after each Chinese paragraph (for progress bars).
pub fn align_with(units: &[Unit], params: Params, tick: &(dyn Fn() + Sync)) -> Vec<Link> {
    let mut links = Vec::new();
    align_each(units, params, LINK_BATCH, tick, |batch| {
        links.extend(batch);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    links
}

/// Links are built with their evidence and handed over in batches of this many.
pub const LINK_BATCH: usize = 8192;

/// As [`align_with`], handing the links to `sink` in batches of `batch` (in document order)
/// instead of collecting them: only one batch of links with their evidence is in memory at a
/// time.
pub fn align_each<E>(
    units: &[Unit],
    params: Params,
    batch: usize,
    tick: &(dyn Fn() + Sync),
    mut sink: impl FnMut(Vec<Link>) -> Result<(), E>,
) -> Result<(), E> {
    let prep = Prepared::new(units, params);
    // Inverted index over English units, skipping anchors too common to discriminate.
    let max_df = prep.max_df;
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); prep.table.len()];
    for (i, u) in units.iter().enumerate() {
        if u.lang != Lang::En || !is_alignable(u) {
            continue;
        }
        // Concepts (the end of each set) propose no pair.
        for &k in &prep.sets[i][..prep.plain_len[i] as usize] {
            if prep.df[k as usize] <= max_df {
                postings[k as usize].push(i as u32);
            }
        }
    }
    let mut event_postings: HashMap<EntityId, Vec<u32>> = HashMap::new();
    if params.event_candidates > 0.5 {
        for (i, u) in units.iter().enumerate() {
            if u.lang == Lang::En && is_alignable(u) {
                for e in &u.context.events {
                    if prep.event_proposes(e) {
                        event_postings.entry(*e).or_default().push(i as u32);
                    }
                }
            }
        }
    }
    // The English units by the sites of the battles they narrate ([`Prepared::names_site`]).
    let mut site_postings: HashMap<EntityId, Vec<u32>> = HashMap::new();
    if params.event_candidates > 0.5 {
        for (i, u) in units.iter().enumerate() {
            if u.lang == Lang::En
                && is_alignable(u)
                && u.context.events.iter().all(|e| prep.event_proposes(e))
            {
                for p in &u.context.sites {
                    site_postings.entry(*p).or_default().push(i as u32);
                }
            }
        }
    }
    // The English units by the day of the battle they have from their article, and by the
    // days they write where they may name a battle by its day ([`Prepared::day_anchor`]).
    let mut event_day_postings: HashMap<i64, Vec<u32>> = HashMap::new();
    let mut day_postings: HashMap<i64, Vec<u32>> = HashMap::new();
    if params.event_candidates > 0.5 {
        for (i, u) in units.iter().enumerate() {
            if u.lang != Lang::En || !is_alignable(u) {
                continue;
            }
            if let Some((first, last)) = prep.event_days[i] {
                for d in first - DAY_SLACK..=last + DAY_SLACK {
                    event_day_postings.entry(d).or_default().push(i as u32);
                }
            }
            if prep.names_days(i) {
                for &(d, _) in &prep.written[i] {
                    day_postings.entry(d).or_default().push(i as u32);
                }
            }
        }
    }
    let zh_units: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].lang.is_cjk() && is_alignable(&units[i]))
        .collect();
    // Scores only; links with their evidence are built for the pairs kept by the cap.
    let scored: Vec<(usize, usize, f64)> = zh_units
        .par_iter()
        .flat_map_iter(|&i| {
            let mut candidates: Vec<u32> = prep.sets[i]
                .iter()
                .flat_map(|&k| &postings[k as usize])
                .chain(
                    units[i]
                        .context
                        .events
                        .iter()
                        .flat_map(|e| event_postings.get(e).map(Vec::as_slice).unwrap_or_default()),
                )
                .chain(
                    (units[i].context.places_from == Some(context::Source::Own))
                        .then_some(&units[i].context.places)
                        .into_iter()
                        .flatten()
                        .flat_map(|p| site_postings.get(p).map(Vec::as_slice).unwrap_or_default()),
                )
                .chain(
                    prep.names_days(i)
                        .then_some(&prep.written[i][..])
                        .into_iter()
                        .flatten()
                        .flat_map(|(d, _)| {
                            event_day_postings
                                .get(d)
                                .map(Vec::as_slice)
                                .unwrap_or_default()
                        }),
                )
                .chain(
                    prep.event_days[i]
                        .into_iter()
                        .flat_map(|(first, last)| first - DAY_SLACK..=last + DAY_SLACK)
                        .flat_map(|d| day_postings.get(&d).map(Vec::as_slice).unwrap_or_default()),
                )
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            tick();
            let prep = &prep;
            candidates
                .into_iter()
                .filter_map(move |j| prep.linked_score(i, j as usize).map(|s| (i, j as usize, s)))
        })
        .collect();
    drop(postings);
    let kept = cap_pairs(units, scored, &params);
    for pairs in kept.chunks(batch.max(1)) {
        let links = pairs
            .par_iter()
            .map(|&(i, j)| make_link(&units[i], &units[j], &prep.score(i, j), &prep))
            .collect();
        sink(links)?;
    }
    Ok(())
}

/// Whether units `zh` and `en` are paragraphs of two articles on one battle and the other
/// side's (the English one's if `zh_side`) narrates: a text paragraph, not a list block.
fn battle_moment(units: &[Unit], zh: u32, en: u32, zh_side: bool) -> bool {
    let (zh, en) = (&units[zh as usize], &units[en as usize]);
    let other = if zh_side { en } else { zh };
    other.kind == BlockKind::Text
        && !other.context.list
        && zh.context.same_article_event(&en.context)
}

/// Whether unit `u` narrates a step of its article's battle: a text paragraph (not a list
/// block) of an article on a battle, whose battle it has from its article or section, not
/// from its own words (a lead or a Background naming the battle).
fn narrates_battle(u: &Unit) -> bool {
    u.kind == BlockKind::Text
        && !u.context.list
        && !u.context.article_events.is_empty()
        && !u.context.events.is_empty()
        && u.context.events_from != Some(context::Source::Own)
}

/// The mutual-best rule ([`Params::mutual_share`]) on the pair of Chinese unit `zh` and English
/// unit `en` scoring `score`, where `zh_best` is the Chinese paragraph's best pair with the
/// English document and `en_best` the English paragraph's with the Chinese one: whether the
/// pair is kept. [`cap_pairs`] decides with it and [`Prepared::decide`] states its reason.
fn mutual_keeps(
    units: &[Unit],
    params: &Params,
    zh: u32,
    en: u32,
    score: f64,
    zh_best: f64,
    en_best: f64,
) -> bool {
    score >= params.mutual_share * zh_best
        || score >= params.mutual_share * en_best
        || chronicle_on_article_battle(units, zh, en)
}

/// Whether one of Chinese unit `zh` and English unit `en` is a chronicle's paragraph (its
/// document is on no one battle) that narrates the battle of the other's article: a chronicle
/// tells a battle in a paragraph or a few, each rightly linked to the several paragraphs of
/// the article that tell its moments, so such a pair is kept though it is the best of neither
/// paragraph ([`Params::mutual_share`]): the article's paragraph may be told best by the
/// chronicle's next paragraph, and the chronicle's by another step of the article.
fn chronicle_on_article_battle(units: &[Unit], zh: u32, en: u32) -> bool {
    let (zh, en) = (&units[zh as usize].context, &units[en as usize].context);
    let tells = |chronicle: &EventContext, article: &EventContext| {
        chronicle.article_events.is_empty() && chronicle.tells_article_event_of(article)
    };
    tells(zh, en) || tells(en, zh)
}

/// How many narrative paragraphs of an article on its battle unit `u` keeps links to
/// ([`Params::battle_links`], [`Params::battle_infobox_links`] for an Infobox; 0: any).
fn battle_limit(u: &Unit, params: &Params) -> usize {
    if u.kind == BlockKind::Infobox {
        params.battle_infobox_links
    } else {
        params.battle_links
    }
}

/// The `n`-th best of `scores` (n ≥ 1), if there are more than `n`.
fn nth_best(scores: impl Iterator<Item = f64>, n: usize) -> Option<f64> {
    let mut v: Vec<f64> = scores.collect();
    if v.len() <= n {
        return None;
    }
    v.sort_by(|a, b| b.total_cmp(a));
    Some(v[n - 1])
}

/// The cap on linked pairs `(Chinese, English, score)`: a paragraph with more than
/// [`Params::max_links`] pairs in all keeps those with another document only if that
/// document's best pair with it scores at least [`Params::doc_share`] of its best pair; an
/// English paragraph keeps a pair with a Chinese document's paragraph only if it scores at least
/// [`Params::en_best_share`] of its best pair with that document, and a Chinese paragraph one
/// with a paragraph of an English article on the same battle only if it scores at least
/// [`Params::zh_best_share`] of its best pair with that article; between two articles on one
/// battle a paragraph keeps pairs with at most [`Params::battle_links`] narrative paragraphs of
/// the other, its best ([`Params::battle_infobox_links`] for an Infobox); a pair is kept only
/// if it scores at least [`Params::mutual_share`] of the best pair of one of its two
/// paragraphs with the other's document, or joins a chronicle's paragraph to the article on
/// the battle it narrates ([`chronicle_on_article_battle`]); then each
/// paragraph keeps its best `max_links` pairs with each other document, on both sides (ties
/// broken by position). Returns the pairs kept in document order (Chinese, then English).
///
/// Whether a pair is kept depends only on the pairs of its two paragraphs and on the pairs
/// between its two documents: what [`Prepared::decide`] relies on.
///
/// Memory: besides two numbers per paragraph, only the pairs themselves (sorted in place to
/// find each paragraph's best pair per other document), so that the millions of pairs of a
/// large corpus need no hash maps.
fn cap_pairs(
    units: &[Unit],
    pairs: Vec<(usize, usize, f64)>,
    params: &Params,
) -> Vec<(usize, usize)> {
    /// A pair in 24 bytes, with whether each side's document-share rule keeps it.
    struct Capped {
        zh: u32,
        en: u32,
        score: f64,
        zh_ok: bool,
        en_ok: bool,
        /// The best score of the Chinese paragraph's pairs with the English document (set
        /// on the Chinese side's turn, read on the English side's; f32 keeps the pair in 24
        /// bytes).
        zh_top: f32,
    }
    const _: () = assert!(std::mem::size_of::<Capped>() == 24);
    let max = params.max_links;
    // Documents numbered, so that per (paragraph, other document) keys are two integers.
    let mut doc_numbers: HashMap<&str, u32> = HashMap::new();
    let doc_of: Vec<u32> = units
        .iter()
        .map(|u| {
            let next = doc_numbers.len() as u32;
            *doc_numbers.entry(u.doc.as_str()).or_insert(next)
        })
        .collect();
    // Per paragraph: its pairs and best score.
    let mut count: Vec<u32> = vec![0; units.len()];
    let mut best: Vec<f64> = vec![f64::NEG_INFINITY; units.len()];
    let mut pairs: Vec<Capped> = pairs
        .into_iter()
        .map(|(i, j, score)| {
            for a in [i, j] {
                count[a] += 1;
                best[a] = best[a].max(score);
            }
            Capped {
                zh: i as u32,
                en: j as u32,
                score,
                zh_ok: true,
                en_ok: true,
                zh_top: score as f32,
            }
        })
        .collect();
    // Each side in turn: group its pairs by (paragraph, other document); a group is kept if
    // the paragraph has few pairs or the group's best scores a share of the paragraph's best.
    for zh_side in [true, false] {
        let side = |p: &Capped| {
            let (own, other) = if zh_side { (p.zh, p.en) } else { (p.en, p.zh) };
            (own, doc_of[other as usize])
        };
        pairs.sort_unstable_by_key(side);
        for group in pairs.chunk_by_mut(|a, b| side(a) == side(b)) {
            let own = side(&group[0]).0 as usize;
            let top = group
                .iter()
                .map(|p| p.score)
                .fold(f64::NEG_INFINITY, f64::max);
            let ok = count[own] as usize <= max || top >= params.doc_share * best[own];
            // Between two articles on one battle, the narrative paragraphs of the other that
            // this one reaches: its best few (an Infobox fewer), not every neighbour that
            // shares its commanders.
            let limit = battle_limit(&units[own], params);
            let on_battle = |p: &Capped| battle_moment(units, p.zh, p.en, zh_side);
            let floor = (limit > 0)
                .then(|| {
                    nth_best(
                        group.iter().filter(|p| on_battle(p)).map(|p| p.score),
                        limit,
                    )
                })
                .flatten();
            // A thin pair (below the minimum score: [`Params::chronicle_share`]) stays only as
            // the narrative paragraph's best with the chronicle (ties: the earlier paragraph).
            let thin = group.iter().any(|p| p.score < params.min_score);
            let best_other = (thin && narrates_battle(&units[own]))
                .then(|| {
                    group
                        .iter()
                        .map(|p| (p.score, if zh_side { p.en } else { p.zh }))
                        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                        .map(|(_, other)| other)
                })
                .flatten();
            for p in group {
                if zh_side {
                    p.zh_top = top as f32;
                }
                let other = if zh_side { p.en } else { p.zh };
                let thin_kept =
                    p.score >= params.min_score || best_other.is_none_or(|b| b == other);
                let ok = ok && thin_kept && !floor.is_some_and(|f| p.score < f && on_battle(p));
                if zh_side {
                    // A Chinese paragraph's neighbouring moments in an article on its battle.
                    let (zh, en) = (&units[p.zh as usize], &units[p.en as usize]);
                    p.zh_ok = ok
                        && (p.score >= params.zh_best_share * top
                            || !zh.context.same_article_event(&en.context));
                } else {
                    // An English paragraph's weak links beside its best into a document; a
                    // pair near the best of neither paragraph.
                    let near_best =
                        mutual_keeps(units, params, p.zh, p.en, p.score, f64::from(p.zh_top), top);
                    p.en_ok = ok && p.score >= params.en_best_share * top && near_best;
                }
            }
        }
    }
    pairs.retain(|p| p.zh_ok && p.en_ok);
    drop((count, best));
    let key = |i: u32, j: u32| {
        let (i, j) = (i as usize, j as usize);
        (
            units[i].doc.as_str(),
            units[i].ordinal,
            units[j].doc.as_str(),
            units[j].ordinal,
        )
    };
    pairs.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| key(a.zh, a.en).cmp(&key(b.zh, b.en)))
    });
    // Per paragraph and other document: links kept so far.
    let mut slots: HashMap<(u32, u32), u32> = HashMap::new();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for p in pairs {
        let (zh, en) = ((p.zh, doc_of[p.en as usize]), (p.en, doc_of[p.zh as usize]));
        let full = |k| slots.get(&k).is_some_and(|&c| c as usize >= max);
        if !full(zh) && !full(en) {
            *slots.entry(zh).or_default() += 1;
            *slots.entry(en).or_default() += 1;
            kept.push((p.zh as usize, p.en as usize));
        }
    }
    kept.sort_by(|a, b| key(a.0 as u32, a.1 as u32).cmp(&key(b.0 as u32, b.1 as u32)));
    kept
}

fn make_link(zh: &Unit, en: &Unit, score: &PairScore, prep: &Prepared) -> Link {
    // Each side's anchor occurrences, once; then those of each shared anchor.
    let spans = |u: &Unit| {
        let mut v: Vec<(Anchor, (usize, usize))> = Vec::new();
        for_each_anchor(&u.mentions, |a, span| v.push((a, span)));
        v
    };
    let (zh_spans, en_spans) = (spans(zh), spans(en));
    let occurrences = |u: &Unit, spans: &[(Anchor, (usize, usize))], a: &Anchor| {
        // A death is shown where the person is named.
        let a = match a {
            Anchor::Death { id } => &Anchor::Entity { id: *id },
            a => a,
        };
        spans
            .iter()
            .filter(|(b, _)| b == a)
            .map(|&(_, (s, e))| Occurrence {
                start: u.map.start(s),
                end: u.map.end(e),
                text: u.text.get(s..e).unwrap_or("").to_string(),
            })
            .collect::<Vec<_>>()
    };
    let evidence: Vec<Evidence> = score
        .shared
        .iter()
        .map(|(a, _)| Evidence {
            anchor: a.clone(),
            weight: prep.weight(a),
            zh: occurrences(zh, &zh_spans, a),
            en: occurrences(en, &en_spans, a),
        })
        .collect();
    Link {
        zh_doc: zh.doc.clone(),
        zh_para: zh.ordinal,
        zh_hash: zh.hash.clone(),
        en_doc: en.doc.clone(),
        en_para: en.ordinal,
        en_hash: en.hash.clone(),
        score: score.score,
        shared: score.shared_weight,
        evidence,
    }
}

/// How an unlinked paragraph relates to the other language's documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scope {
    /// Entities it shares with some paragraph of the other language (heaviest first).
    pub shared_names: Vec<String>,
    /// Dates it shares with the other language.
    pub shared_dates: Vec<String>,
}

impl Scope {
    /// True when the paragraph is about the same events as the other side (shares a name or a
    /// date) though unlinked.
    pub fn in_scope(&self) -> bool {
        !self.shared_names.is_empty() || !self.shared_dates.is_empty()
    }
}

/// Anchors weighing less than this (in more than about 30% of paragraphs: Joseon, Ming) are
/// background: sharing only them does not put a passage in scope.
pub const SCOPE_MIN_WEIGHT: f64 = 1.5;

/// For each unit, the specific names and dates it shares with the units of the other language;
/// computed for the units `wanted` marks (the others get an empty scope).
pub fn scopes(units: &[Unit], params: Params, wanted: &[bool]) -> Vec<Scope> {
    scopes_with(&Prepared::new(units, params), units, wanted)
}

/// As [`scopes`], with the anchors already prepared from `units`.
pub fn scopes_with(prep: &Prepared, units: &[Unit], wanted: &[bool]) -> Vec<Scope> {
    // Per anchor number: held on the Chinese side, on the English side.
    let mut zh_side = vec![false; prep.table.len()];
    let mut en_side = vec![false; prep.table.len()];
    for (u, s) in units.iter().zip(&prep.sets) {
        let side = if u.lang.is_cjk() {
            &mut zh_side
        } else {
            &mut en_side
        };
        for &k in s.iter() {
            side[k as usize] = true;
        }
    }
    units
        .iter()
        .zip(&prep.sets)
        .enumerate()
        .map(|(i, (u, s))| {
            if !wanted.get(i).copied().unwrap_or(false) {
                return Scope::default();
            }
            let other = if u.lang.is_cjk() { &en_side } else { &zh_side };
            let mut shared: Vec<(&Anchor, f64)> = s
                .iter()
                .filter(|&&k| other[k as usize])
                .map(|&k| (&prep.table[k as usize], prep.weight[k as usize]))
                .filter(|(_, w)| *w >= SCOPE_MIN_WEIGHT)
                .collect();
            shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let mut names = Vec::new();
            let mut dates = Vec::new();
            for (a, _) in shared {
                match a {
                    Anchor::Entity { id } => names.push(id.to_string()),
                    Anchor::Date { .. } => dates.push(a.label()),
                    _ => {}
                }
            }
            Scope {
                shared_names: names,
                shared_dates: dates,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Column, Status};
    use crate::mentions::{Mention, Resolution};

    /// A plain, unambiguous mention of entity `id` at `start..end`.
    pub(crate) fn mention(id: &str, start: usize, end: usize) -> Mention {
        Mention {
            start,
            end,
            entity: Some(EntityId::from(id)),
            candidates: EntityId::list(&[EntityId::from(id)]),
            column: Column::En,
            status: Status::Preferred,
            short: false,
            nested: false,
            resolution: Resolution::Unique,
            derived: None,
        }
    }

    fn unit(doc: &str, ordinal: usize, lang: Lang, entities: &[&str]) -> Unit {
        let names = entities
            .iter()
            .enumerate()
            .map(|(i, e)| mention(e, i * 3, i * 3 + 2))
            .collect();
        Unit {
            doc: doc.into(),
            ordinal,
            hash: format!("{doc}{ordinal}"),
            lang,
            kind: BlockKind::Text,
            text: "x".repeat(entities.len() * 3 + 40), // narrative, not a list of names
            map: OffsetMap::default(),
            mentions: ParagraphMentions {
                names,
                ..ParagraphMentions::default()
            },
            context: EventContext::default(),
        }
    }

    #[test]
    fn a_chinese_clause_naming_its_actors_is_no_roster() {
        let with_names = |text: &str, names: &[&str]| -> Unit {
            let mut u = unit("zh-1", 1, Lang::Zh, &[]);
            u.text = text.into();
            u.mentions.names = names
                .iter()
                .flat_map(|n| {
                    text.match_indices(n)
                        .map(|(s, m)| mention(n, s, s + m.len()))
                })
                .collect();
            u.mentions.names.sort_by_key(|m| m.start);
            u
        };
        let story = with_names(
            "八月，倭軍左路宇喜多秀家、小西行長攻陷南原，右路毛利秀元、黑田長政經全州北上忠清道，直逼王京，王京震動。",
            &[
                "宇喜多秀家",
                "小西行長",
                "南原",
                "毛利秀元",
                "黑田長政",
                "全州",
                "忠清道",
                "王京",
            ],
        );
        assert!(!is_roster(&story));
        let roster = with_names(
            "朝鮮王朝：李舜臣、元均、權慄、金時敏、郭再祐",
            &["朝鮮", "李舜臣", "元均", "權慄", "金時敏", "郭再祐"],
        );
        assert!(is_roster(&roster));
        // In English the same share of names is a list.
        let mut english = story.clone();
        english.lang = Lang::En;
        assert!(is_roster(&english));
    }

    #[test]
    fn a_name_in_every_document_weighs_less_than_one_in_two() {
        // "king" is named in six paragraphs of six documents, "a" in six paragraphs of five:
        // the same paragraph frequency, but the king is everyone's background.
        let mut units = vec![
            unit("zh-1", 1, Lang::Zh, &["king", "a"]),
            unit("en-1", 1, Lang::En, &["king", "a"]),
        ];
        for d in 2..6 {
            units.push(unit(&format!("en-{d}"), 1, Lang::En, &["king"]));
        }
        units.push(unit("en-6", 1, Lang::En, &["a", "b"]));
        units.push(unit("en-7", 1, Lang::En, &["a", "c"]));
        units.push(unit("en-8", 1, Lang::En, &["a", "d"]));
        units.push(unit("en-8", 2, Lang::En, &["a", "e"]));
        let prep = Prepared::new(&units, Params::default());
        let w = |id: &str| prep.weight(&Anchor::Entity { id: id.into() });
        assert!(w("king") < w("a"), "{} vs {}", w("king"), w("a"));
        let off = Prepared::new(
            &units,
            Params {
                doc_spread: 0.0,
                ..Params::default()
            },
        );
        let w0 = |id: &str| off.weight(&Anchor::Entity { id: id.into() });
        assert!(
            (w0("king") - w0("a")).abs() < 1e-9,
            "same paragraph frequency"
        );
    }

    #[test]
    fn the_subject_of_one_document_tells_the_document_not_the_paragraph() {
        // An English article on a sea battle names its admiral in most paragraphs; a chronicle
        // names him in one paragraph of many. Sharing him says which article, not which of its
        // paragraphs: he counts at `subject_factor` in the pair, and `explain` says why.
        let mut units: Vec<Unit> = (1..=6)
            .map(|k| unit("en-sea", k, Lang::En, &["admiral", &format!("e{k}")]))
            .collect();
        units.push(unit("en-sea", 7, Lang::En, &["captain", "e7"]));
        units.push(unit("zh-war", 1, Lang::Zh, &["admiral", "captain", "e1"]));
        for k in 2..=12 {
            units.push(unit("zh-war", k, Lang::Zh, &[&format!("z{k}")]));
        }
        // A short article has no subjects: every name is in a large share of it. Its names
        // keep their weight against any document.
        units.push(unit("en-short", 1, Lang::En, &["captain", "s1"]));
        units.push(unit("en-short", 2, Lang::En, &["captain", "s2"]));
        let prep = Prepared::new(&units, Params::default());
        let id = |s: &str| prep.numbers[&Anchor::Entity { id: s.into() }];
        assert_eq!(prep.subjects[0].as_deref(), Some(&[id("admiral")][..]));
        assert_eq!(prep.subjects[1].as_deref(), Some(&[][..]));
        assert_eq!(prep.subjects[2], None);
        let pair = prep.score(7, 0);
        let weight_of = |s: &PairScore, name: &str| {
            s.shared
                .iter()
                .find(|(a, _)| *a == Anchor::Entity { id: name.into() })
                .map(|(_, w)| *w)
        };
        let admiral = prep.weight(&Anchor::Entity {
            id: "admiral".into(),
        });
        let counted = weight_of(&pair, "admiral").expect("shared");
        assert!(
            (counted - 0.7 * admiral).abs() < 1e-9,
            "{counted} vs {admiral}"
        );
        assert!(
            pair.shared_labels()
                .iter()
                .any(|l| l.starts_with("admiral") && l.contains("subject of one")),
            "{:?}",
            pair.shared_labels()
        );
        // A name that is no document's subject keeps its weight.
        let captain = prep.weight(&Anchor::Entity {
            id: "captain".into(),
        });
        let both = prep.score(7, 6);
        assert!((weight_of(&both, "captain").expect("shared") - captain).abs() < 1e-9);
        let short = prep.score(7, units.len() - 2);
        assert!((weight_of(&short, "captain").expect("shared") - captain).abs() < 1e-9);
        // Off at 1.
        let off = Prepared::new(
            &units,
            Params {
                subject_factor: 1.0,
                ..Params::default()
            },
        );
        let full = weight_of(&off.score(7, 0), "admiral").expect("shared");
        assert!((full - admiral).abs() < 1e-9);
    }

    #[test]
    fn two_list_blocks_link_as_the_same_list() {
        let names = ["p", "q", "r", "s", "t", "u"];
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &names),
            unit("en", 1, Lang::En, &names),
            unit("en", 2, Lang::En, &names),
        ];
        for k in 3..20 {
            units.push(unit("zh", k, Lang::Zh, &["ming", &format!("z{k}")]));
        }
        // Two rosters with no time of their own, and a prose paragraph months away.
        units[0].context.list = true;
        units[1].context.list = true;
        units[0].context.interval = Some(((1592, 5, 24), (1592, 5, 24)));
        units[2].context.interval = Some(((1593, 2, 1), (1593, 2, 1)));
        let prep = Prepared::new(&units, Params::default());
        let lists = prep.score(0, 1);
        assert!(lists.linked, "{lists:?}");
        let list_and_prose = prep.score(0, 2);
        assert!(!list_and_prose.linked, "{list_and_prose:?}");
        assert!(
            list_and_prose
                .reason
                .is_some_and(|r| r.contains("list block"))
        );
    }

    #[test]
    fn a_day_the_narration_completes_is_a_date_written() {
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &["a"]),
            unit("en", 1, Lang::En, &["b"]),
        ];
        for k in 2..12 {
            units.push(unit("en", k, Lang::En, &[&format!("e{k}")]));
        }
        // 二十九日 in a chronicle whose month is the sixth of 1593 (27 July); the English writes
        // "27 July 1593".
        units[0].context.days = vec![(1593, 7, 27)];
        let mut d = dates::DateMention::new(0, 1, dates::Calendar::Gregorian);
        (d.year, d.month, d.day) = (Some(1593), Some(7), Some(27));
        units[1].mentions.dates.push(d);
        let prep = Prepared::new(&units, Params::default());
        let s = prep.score(0, 1);
        let day = Anchor::Date {
            year: 1593,
            month: 7,
            day: 27,
        };
        assert!(s.shared.iter().any(|(a, _)| *a == day), "{s:?}");
        // A day later in the other account still meets it (a spare day), but adds no weight of
        // its own to the paragraph.
        units[1].mentions.dates[0].day = Some(28);
        let prep = Prepared::new(&units, Params::default());
        assert!(!prep.score(0, 1).shared.is_empty());
        units[1].mentions.dates[0].day = Some(30);
        let prep = Prepared::new(&units, Params::default());
        assert!(prep.score(0, 1).shared.is_empty());
    }

    #[test]
    fn rare_shared_names_link_and_common_ones_do_not() {
        // "ming" is everywhere; a, b, c are rare names of one event.
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &["ming", "a", "b", "c"]),
            unit("zh", 2, Lang::Zh, &["ming", "d"]),
            unit("en", 1, Lang::En, &["ming", "a", "b", "c"]),
            unit("en", 2, Lang::En, &["ming", "e"]),
        ];
        for i in 3..12 {
            units.push(unit("zh", i, Lang::Zh, &["ming", &format!("x{i}")]));
        }
        let links = align(&units, Params::default());
        let pairs: Vec<(usize, usize)> = links.iter().map(|l| (l.zh_para, l.en_para)).collect();
        assert_eq!(pairs, [(1, 1)]);
        assert_eq!(
            links[0].evidence[0].anchor,
            Anchor::Entity { id: "a".into() }
        );
        assert!(
            links[0]
                .evidence
                .iter()
                .all(|e| e.zh.len() == 1 && e.en.len() == 1)
        );
        let prep = Prepared::new(&units, Params::default());
        assert!(
            prep.weight(&Anchor::Entity { id: "ming".into() })
                < prep.weight(&Anchor::Entity { id: "a".into() })
        );
        let no = prep.score(1, 3);
        assert!(!no.linked, "only 'ming' shared: abstain");
    }

    /// A paragraph of document `one` that tells the moment of paragraph 1 of document `two`
    /// (fifteen rare names in common) and shares three rare names with its paragraph 2, enough
    /// to link alone but a small share of its best; `two` has nine more paragraphs of a name
    /// each. Returns the paragraph and `two`'s paragraphs.
    fn moment_and_neighbour(one: (&str, Lang), two: (&str, Lang)) -> (Unit, Vec<Unit>) {
        let best: Vec<String> = (0..15).map(|k| format!("n{k}")).collect();
        let best: Vec<&str> = best.iter().map(String::as_str).collect();
        let mut both = best.clone();
        both.extend(["m1", "m2", "m3"]);
        let mut others = vec![
            unit(two.0, 1, two.1, &best),
            unit(two.0, 2, two.1, &["m1", "m2", "m3"]),
        ];
        for i in 3..12 {
            others.push(unit(two.0, i, two.1, &[&format!("x{i}")]));
        }
        (unit(one.0, 1, one.1, &both), others)
    }

    /// The (Chinese, English) paragraph numbers [`align`] links.
    fn pairs(units: &[Unit], p: Params) -> Vec<(usize, usize)> {
        align(units, p)
            .iter()
            .map(|l| (l.zh_para, l.en_para))
            .collect()
    }

    /// Why [`Prepared::decide`] does not link units `i` and `j` ("" if it does).
    fn reason(prep: &Prepared, units: &[Unit], i: usize, j: usize) -> String {
        prep.decide(units, i, j).reason.unwrap_or_default()
    }

    /// Borrowed names.
    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    #[test]
    fn two_articles_on_one_battle_agree_at_overlapping_times_though_one_names_its_own_place() {
        use context::Source;
        // The Chinese article's paragraph on the first day of the siege names the island the
        // fleet took, not the fortress; the English article's paragraph is on the same days.
        let siege = EntityId::from("siege-x");
        let mut zh = unit("zh-siege", 5, Lang::Zh, &["chen-lin", "island"]);
        zh.context.interval = Some(((1598, 10, 19), (1598, 10, 19)));
        zh.context.interval_from = Some(Source::Own);
        zh.context.places = vec![EntityId::from("island")];
        zh.context.places_from = Some(Source::Own);
        zh.context.article_events = vec![siege];
        let mut en = unit("en-siege", 9, Lang::En, &["chen-lin", "liu-ting"]);
        en.context.interval = Some(((1598, 10, 19), (1598, 11, 4)));
        en.context.interval_from = Some(Source::Infobox(2));
        en.context.events = vec![siege];
        en.context.events_from = Some(Source::Title(1));
        en.context.places = vec![EntityId::from("fortress")];
        en.context.places_from = Some(Source::Infobox(2));
        en.context.article_events = vec![siege];
        let units = vec![zh.clone(), en.clone()];
        let prep = Prepared::new(&units, Params::default());
        assert_eq!(prep.score(0, 1).relation, Relation::Agree);
        let why = prep.agreement(0, 1).unwrap_or_default();
        assert!(why.contains("articles on siege-x"), "{why}");
        // Without the overlap of times, or with the Chinese article on another battle: not.
        let mut later = zh.clone();
        later.context.interval = Some(((1598, 12, 16), (1598, 12, 16)));
        let prep = Prepared::new(&[later, en.clone()], Params::default());
        assert_eq!(prep.score(0, 1).relation, Relation::Disjoint);
        let mut other = zh;
        other.context.article_events = vec![EntityId::from("battle-y")];
        let prep = Prepared::new(&[other, en], Params::default());
        assert_eq!(prep.score(0, 1).relation, Relation::Overlap);
        assert_eq!(prep.agreement(0, 1), None);
    }

    #[test]
    fn a_pair_the_best_of_neither_paragraph_is_not_linked() {
        // zh 1 tells the moment of en 1 and zh 2 that of en 2; zh 1 and en 2 share six
        // commanders of both moments. zh 3 names only those: en 2 is its best.
        let names =
            |p: &str, n: usize| -> Vec<String> { (0..n).map(|k| format!("{p}{k}")).collect() };
        let (n, m, c) = (names("n", 10), names("m", 10), names("c", 6));
        let with =
            |a: &[String], b: &[String]| -> Vec<String> { a.iter().chain(b).cloned().collect() };
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &refs(&with(&n, &c))),
            unit("zh", 2, Lang::Zh, &refs(&m)),
            unit("zh", 3, Lang::Zh, &refs(&c)),
            unit("en", 1, Lang::En, &refs(&n)),
            unit("en", 2, Lang::En, &refs(&with(&m, &c))),
        ];
        // Other paragraphs, so that the names are rare.
        for k in 3..14 {
            units.push(unit("en", k, Lang::En, &[&format!("x{k}")]));
        }
        // The rules on weak links beside a paragraph's best aside.
        let base = Params {
            zh_best_share: 0.0,
            en_best_share: 0.0,
            cross_article_factor: 1.0,
            ..Params::default()
        };
        let off = Params {
            mutual_share: 0.0,
            ..base
        };
        assert_eq!(pairs(&units, off), [(1, 1), (1, 2), (2, 2), (3, 2)]);
        assert_eq!(pairs(&units, base), [(1, 1), (2, 2), (3, 2)]);
        let prep = Prepared::new(&units, base);
        assert!(prep.score(0, 4).linked, "scores above the minimum");
        assert!(!prep.decide(&units, 0, 4).linked);
        let why = reason(&prep, &units, 0, 4);
        assert!(why.contains("the best pair of neither paragraph"), "{why}");
        assert!(prep.decide(&units, 2, 4).linked, "the best of zh 3");
        // zh 1 a chronicle's paragraph narrating the battle of the English article: the pair
        // is kept, as one of the moments the chronicle tells.
        let battle = EntityId::from("battle-x");
        units[0].context.events = vec![battle];
        for u in units.iter_mut().filter(|u| u.doc == "en") {
            u.context.article_events = vec![battle];
        }
        assert_eq!(pairs(&units, base), [(1, 1), (1, 2), (2, 2), (3, 2)]);
        let prep = Prepared::new(&units, base);
        assert!(prep.decide(&units, 0, 4).linked);
        // Not when the Chinese paragraph is itself in an article (here on another battle).
        for u in units.iter_mut().filter(|u| u.doc == "zh") {
            u.context.article_events = vec![EntityId::from("battle-y")];
        }
        assert_eq!(pairs(&units, base), [(1, 1), (2, 2), (3, 2)]);
        let prep = Prepared::new(&units, base);
        let why = reason(&prep, &units, 0, 4);
        assert!(why.contains("the best pair of neither paragraph"), "{why}");
    }

    #[test]
    fn paragraphs_of_articles_on_different_battles_link_only_at_twice_the_minimum() {
        use context::Source;
        // zh 1 and en 1 share four names; the other paragraphs none.
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &["a", "b", "c", "d", "zz"]),
            unit("zh", 2, Lang::Zh, &["y"]),
            unit("en", 1, Lang::En, &["a", "b", "c", "d", "ee"]),
        ];
        // Other paragraphs, so that the names are rare.
        for k in 2..10 {
            units.push(unit("en", k, Lang::En, &[&format!("x{k}")]));
        }
        let (x, y) = (EntityId::from("battle-x"), EntityId::from("battle-y"));
        for u in &mut units {
            u.context.article_events = vec![if u.doc == "zh" { y } else { x }];
        }
        let off = Params {
            cross_article_factor: 1.0,
            ..Params::default()
        };
        let score = Prepared::new(&units, off).score(0, 2).score;
        // A minimum the pair's score passes, but not twice over.
        let p = Params {
            min_score: score / 1.5,
            ..Params::default()
        };
        let off = Params {
            cross_article_factor: 1.0,
            ..p
        };
        let prep = Prepared::new(&units, off);
        assert_eq!(
            pairs(&units, off),
            [(1, 1)],
            "{:?}",
            prep.decide(&units, 0, 2)
        );
        assert_eq!(pairs(&units, p), []);
        let prep = Prepared::new(&units, p);
        let why = reason(&prep, &units, 0, 2);
        assert!(why.contains("articles on different battles"), "{why}");
        // Both articles on one battle: the minimum.
        let mut same = units.clone();
        for u in &mut same {
            u.context.article_events = vec![x];
        }
        assert_eq!(Prepared::new(&same, p).cross_article_floor(0, 2), None);
        assert_eq!(pairs(&same, p), [(1, 1)]);
        // A chronicle (no battle of its own article): the minimum.
        same[0].context.article_events.clear();
        assert_eq!(Prepared::new(&same, p).cross_article_floor(0, 2), None);
        // The Chinese paragraph tells the English article's battle in its own words (an
        // aftermath narrating the next battle): exempt; inherited from a heading, not.
        units[0].context.events = vec![x];
        units[0].context.events_from = Some(Source::Section(0));
        assert_eq!(
            Prepared::new(&units, p).cross_article_floor(0, 2),
            Some(2.0 * p.min_score)
        );
        units[0].context.events_from = Some(Source::Own);
        assert_eq!(Prepared::new(&units, p).cross_article_floor(0, 2), None);
        assert_eq!(Prepared::new(&units, p).cross_article_floor(2, 0), None);
    }

    #[test]
    fn an_english_paragraph_keeps_no_weak_link_beside_its_best_into_a_document() {
        // The English paragraph tells the moment of zh 1 and shares three names with zh 2.
        let (en, mut units) = moment_and_neighbour(("en", Lang::En), ("zh", Lang::Zh));
        units.insert(2, en);
        let prep = Prepared::new(&units, Params::default());
        let (strong, weak) = (prep.score(0, 2), prep.score(1, 2));
        assert!(strong.linked && weak.linked, "{weak:?}");
        assert!(
            weak.score < 0.15 * strong.score,
            "{} {}",
            weak.score,
            strong.score
        );
        let pairs = |p: Params| pairs(&units, p);
        assert_eq!(pairs(Params::default()), [(1, 1)]);
        assert!(!prep.decide(&units, 1, 2).linked);
        let why = reason(&prep, &units, 1, 2);
        assert!(why.contains("weak beside"), "{why}");
        // Off at 0: both links.
        let off = Params {
            en_best_share: 0.0,
            ..Params::default()
        };
        assert_eq!(pairs(off), [(1, 1), (2, 1)]);
    }

    #[test]
    fn a_chinese_paragraph_keeps_no_weak_link_beside_its_best_into_an_article_on_its_battle() {
        // The Chinese paragraph tells the moment of en 1 and shares three names with en 2, a
        // neighbouring moment.
        let (zh, en) = moment_and_neighbour(("zh", Lang::Zh), ("en", Lang::En));
        let mut units = vec![zh];
        units.extend(en);
        // The order of the two narratives aside (its own test below).
        let base = Params {
            order_factor: 1.0,
            ..Params::default()
        };
        // Not two articles on one battle (a chronicle's paragraph): both links.
        assert_eq!(pairs(&units, base), [(1, 1), (1, 2)]);
        for u in &mut units {
            u.context.article_events = vec![EntityId::from("battle-x")];
        }
        let prep = Prepared::new(&units, base);
        let (strong, weak) = (prep.score(0, 1), prep.score(0, 2));
        assert!(strong.linked && weak.linked, "{weak:?}");
        assert!(
            weak.score < 0.3 * strong.score,
            "{} {}",
            weak.score,
            strong.score
        );
        assert_eq!(pairs(&units, base), [(1, 1)]);
        let why = reason(&prep, &units, 0, 2);
        assert!(why.contains("neighbouring moment"), "{why}");
        // Off at 0: both links.
        let off = Params {
            zh_best_share: 0.0,
            ..base
        };
        assert_eq!(pairs(&units, off), [(1, 1), (1, 2)]);
    }

    #[test]
    fn between_two_articles_on_one_battle_a_paragraph_reaches_its_best_few_moments() {
        // One Chinese paragraph shares 6, 5, 4, 3 and 3 names with five English paragraphs; an
        // English Infobox shares 6, 5, 4 and 3 names with four Chinese paragraphs.
        let names = |from: usize, n: usize| -> Vec<String> {
            (from..from + n).map(|k| format!("n{k}")).collect()
        };
        let counts = [6, 5, 4, 3, 3];
        let mut all = Vec::new();
        let mut units = Vec::new();
        let mut from = 0;
        for (k, &n) in counts.iter().enumerate() {
            let v = names(from, n);
            all.extend(v.clone());
            units.push(unit("en", k + 1, Lang::En, &refs(&v)));
            from += n;
        }
        units.insert(0, unit("zh", 1, Lang::Zh, &refs(&all)));
        let mut infobox_names = Vec::new();
        for (k, &n) in counts[..4].iter().enumerate() {
            let v = names(100 + 10 * k, n);
            infobox_names.extend(v.clone());
            units.push(unit("zh", k + 2, Lang::Zh, &refs(&v)));
        }
        let mut infobox = unit("en", 6, Lang::En, &refs(&infobox_names));
        infobox.kind = BlockKind::Infobox;
        units.push(infobox);
        // Other paragraphs, so that the names are rare.
        for k in 7..16 {
            units.push(unit("en", k, Lang::En, &[&format!("x{k}")]));
        }
        // The other rules that drop weak links and out-of-order pairs aside.
        let base = Params {
            zh_best_share: 0.0,
            en_best_share: 0.0,
            order_factor: 1.0,
            ..Params::default()
        };
        let everything = [
            (1, 1),
            (1, 2),
            (1, 3),
            (1, 4),
            (1, 5),
            (2, 6),
            (3, 6),
            (4, 6),
            (5, 6),
        ];
        // Not two articles on one battle: every link.
        assert_eq!(pairs(&units, base), everything);
        for u in &mut units {
            u.context.article_events = vec![EntityId::from("battle-x")];
        }
        // Two articles on one battle: the Chinese paragraph's best three, the Infobox's two.
        assert_eq!(
            pairs(&units, base),
            [(1, 1), (1, 2), (1, 3), (2, 6), (3, 6)]
        );
        let prep = Prepared::new(&units, base);
        let why = reason(&prep, &units, 0, 4);
        assert!(
            why.contains("beyond the Chinese paragraph's 3 best links"),
            "{why}"
        );
        let infobox_at = units.iter().position(|u| u.kind == BlockKind::Infobox);
        let infobox_at = infobox_at.expect("the Infobox is a unit");
        let why = reason(&prep, &units, 8, infobox_at);
        assert!(
            why.contains("beyond the English paragraph's 2 best links"),
            "{why}"
        );
        assert!(prep.decide(&units, 0, 3).linked);
        // Off at 0: every link.
        let off = Params {
            battle_links: 0,
            battle_infobox_links: 0,
            ..base
        };
        assert_eq!(pairs(&units, off), everything);
    }

    #[test]
    fn two_articles_on_one_battle_tell_it_in_the_same_order() {
        // Each article: an Infobox, then five paragraphs in the order of the battle; the
        // commander is named in every paragraph, and each step has a name of its own.
        let article = |doc: &str, lang: Lang, battle: &str| -> Vec<Unit> {
            let mut box_ = unit(doc, 1, lang, &["commander"]);
            box_.kind = BlockKind::Infobox;
            box_.context.list = true;
            let mut v = vec![box_];
            for k in 1..=5 {
                v.push(unit(doc, k + 1, lang, &["commander", &format!("step{k}")]));
            }
            for u in &mut v {
                u.context.article_events = vec![EntityId::from(battle)];
            }
            v
        };
        let mut units = article("zh-a", Lang::Zh, "battle-x");
        units.extend(article("en-a", Lang::En, "battle-x"));
        units.extend(article("en-b", Lang::En, "battle-y"));
        let prep = Prepared::new(&units, Params::default());
        let off = Prepared::new(
            &units,
            Params {
                order_factor: 1.0,
                ..Params::default()
            },
        );
        // zh-a's first step against en-a's last: far apart in the two narratives.
        let (first, last) = (1, 6 + 5);
        let far = prep.score(first, last);
        let (x, y) = far.out_of_order.expect("out of order");
        assert!((x - 0.1).abs() < 1e-6 && (y - 0.9).abs() < 1e-6, "{x} {y}");
        let unordered = off.score(first, last);
        assert!((far.score - 0.5 * unordered.score).abs() < 1e-9);
        // The same step, or neighbouring ones: in order.
        assert_eq!(prep.score(3, 6 + 3).out_of_order, None);
        assert_eq!(prep.score(3, 6 + 4).out_of_order, None);
        // An article on another battle, and an Infobox (no place in the narration): no order.
        assert_eq!(prep.score(first, 12 + 5).out_of_order, None);
        assert_eq!(prep.score(0, last).out_of_order, None);
        // A lead dating its battle vaguely over a wide time ("in the autumn of 1592") tells
        // one battle still: in order.
        units[first].context.interval = Some(((1592, 8, 23), (1593, 2, 8)));
        units[first].context.interval_from = Some(context::Source::Own);
        units[first].mentions.dates = crate::mentions::dates::find_english("in 1592");
        let vague = Prepared::new(&units, Params::default());
        assert!(vague.score(first, last).out_of_order.is_some());
        // An article whose lead dates itself over two years through two dates tells more than
        // one battle's order (two battles at one place): no order.
        units[first].mentions.dates =
            crate::mentions::dates::find_english("on 23 August 1592 and on 8 February 1593");
        assert_eq!(units[first].mentions.dates.len(), 2);
        let wide = Prepared::new(&units, Params::default());
        assert_eq!(wide.score(first, last).out_of_order, None);
        assert_eq!(wide.score(3, last).out_of_order, None);
    }

    #[test]
    fn a_paragraph_s_position_is_where_its_narration_tells_it() {
        // An Infobox, then paragraphs of 10, 10 and 20 characters: each sits at the middle of
        // its share of the narration's text.
        let mut units: Vec<Unit> = (1..=4).map(|k| unit("en-a", k, Lang::En, &[])).collect();
        units[0].kind = BlockKind::Infobox;
        units[0].context.list = true;
        for (u, n) in units[1..].iter_mut().zip([10, 10, 20]) {
            u.text = "x".repeat(n);
        }
        let got = positions(&units, &[0, 0, 0, 0]);
        assert!(got[0].is_nan());
        for (g, want) in got[1..].iter().zip([0.125, 0.375, 0.75]) {
            assert!((g - want).abs() < 1e-6, "{got:?}");
        }
    }

    #[test]
    fn links_come_in_batches_in_the_same_order() {
        let mut units = Vec::new();
        for i in 0..12 {
            // Two rare names per pair, and one shared by a few pairs.
            let (p, q, r) = (format!("p{i}"), format!("q{i}"), format!("r{}", i % 4));
            units.push(unit("zh", i, Lang::Zh, &[&p, &q, &r]));
            units.push(unit("en", i, Lang::En, &[&p, &q, &r]));
        }
        let all = align(&units, Params::default());
        assert!(all.len() > 10, "{} links", all.len());
        let mut batches: Vec<Vec<Link>> = Vec::new();
        align_each(&units, Params::default(), 4, &|| {}, |batch| {
            batches.push(batch);
            Ok::<(), ()>(())
        })
        .expect("no error");
        assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 4));
        assert_eq!(batches.concat(), all);
        let failed = align_each(&units, Params::default(), 4, &|| {}, |_| Err("disk full"));
        assert_eq!(
            failed,
            Err("disk full"),
            "the sink's error stops the aligner"
        );
    }

    #[test]
    fn the_quick_test_never_drops_a_link_the_score_would_make() {
        // Every pair, linked or not, over names shared in many combinations.
        let names = ["a", "b", "c", "d", "e", "f"];
        let mut units = Vec::new();
        for (k, lang) in [Lang::Zh, Lang::En].into_iter().enumerate() {
            for mask in 1u32..64 {
                let chosen: Vec<&str> = (0..6)
                    .filter(|b| mask & (1 << b) != 0)
                    .map(|b| names[b])
                    .collect();
                units.push(unit(["zh", "en"][k], mask as usize, lang, &chosen));
            }
        }
        let prep = Prepared::new(&units, Params::default());
        let (mut linked, mut skipped) = (0, 0);
        for i in 0..63 {
            for j in 63..126 {
                let s = prep.score(i, j);
                assert!(!s.linked || prep.may_link(i, j), "{i} {j}");
                linked += usize::from(s.linked);
                skipped += usize::from(!prep.may_link(i, j));
            }
        }
        assert!(
            linked > 100 && skipped > 100,
            "{linked} linked, {skipped} skipped"
        );
    }

    #[test]
    fn context_decides_thin_and_summary_pairs_and_list_blocks() {
        // A long Chinese summary (60 rare names) and a short English paragraph sharing two of
        // them; background paragraphs make the names rare.
        let many: Vec<String> = (0..60).map(|k| format!("n{k}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &many),
            unit("en", 1, Lang::En, &["n0", "n1", "e0"]),
        ];
        for k in 2..30 {
            units.push(unit("zh", k, Lang::Zh, &["ming", &format!("z{k}")]));
        }
        let battle = EventContext {
            events: vec![EntityId::from("battle-x")],
            ..EventContext::default()
        };
        let prep = Prepared::new(&units, Params::default());
        let plain = prep.score(0, 1);
        assert_eq!(plain.relation, Relation::Neutral);
        assert!(!plain.linked && !plain.summary, "{plain:?}");
        // Nothing known of either context: names carry the link alone, discounted.
        assert_eq!(
            plain.score,
            plain.base_score * Params::default().neutral_factor
        );
        assert!(Params::default().neutral_factor < 1.0);
        // Same battle: the summary's length no longer dilutes the specific shared names.
        units[0].context = battle.clone();
        units[1].context = battle.clone();
        let prep = Prepared::new(&units, Params::default());
        let agreed = prep.score(0, 1);
        assert_eq!(agreed.relation, Relation::Agree);
        assert!(agreed.summary && agreed.linked, "{agreed:?}");
        assert!(prep.may_link(0, 1));
        // ...which is what links them: with the summary's whole length counted, they do not.
        let uncapped = Params {
            summary_ratio: 1000.0,
            ..Params::default()
        };
        let diluted = Prepared::new(&units, uncapped).score(0, 1);
        assert!(!diluted.summary && !diluted.linked, "{diluted:?}");
        assert_eq!(
            agreed.score,
            agreed.base_score * Params::default().agree_factor
        );
        // Months apart: the same names are another event, and a list block does not link.
        let at = |d: dates::Ymd| EventContext {
            interval: Some((d, d)),
            ..EventContext::default()
        };
        units[0].context = at((1592, 5, 24));
        units[1].context = EventContext {
            list: true,
            ..at((1592, 10, 14))
        };
        let prep = Prepared::new(&units, Params::default());
        let apart = prep.score(0, 1);
        assert_eq!(apart.relation, Relation::Disjoint);
        assert!(!apart.linked && !prep.may_link(0, 1), "{apart:?}");
        assert!(
            apart
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("list block"))
        );
    }

    #[test]
    fn a_summary_naming_the_battle_of_the_other_s_article_is_not_diluted() {
        // The chronicle's long paragraph names the battle; a short paragraph of the battle's
        // article (its battle from its title) shares one common name with it.
        let mut many: Vec<String> = (0..60).map(|k| format!("n{k}")).collect();
        many.push("battle-x".into());
        many.push("common".into());
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &many),
            unit("en", 1, Lang::En, &["common", "e0"]),
        ];
        for k in 2..30 {
            units.push(unit("zh", k, Lang::Zh, &["common", &format!("z{k}")]));
        }
        units[0].context = EventContext {
            events: vec![EntityId::from("battle-x")],
            events_from: Some(context::Source::Own),
            ..EventContext::default()
        };
        units[1].context = EventContext {
            events: vec![EntityId::from("battle-x")],
            events_from: Some(context::Source::Title(1)),
            ..EventContext::default()
        };
        let prep = Prepared::new(&units, Params::default());
        let s = prep.score(0, 1);
        assert_eq!(s.relation, Relation::Agree);
        assert!(
            prep.mean_shared(0, 1) < Params::default().specific,
            "the shared name is common"
        );
        assert!(s.summary, "{s:?}");
        // Without the battle through the contexts, the summary's whole length counts.
        let off = Prepared::new(
            &units,
            Params {
                context_anchor_factor: 0.0,
                ..Params::default()
            },
        );
        let diluted = off.score(0, 1);
        assert!(!diluted.summary, "{diluted:?}");
        assert!(diluted.base_score < s.base_score);
    }

    #[test]
    fn numbers_alone_never_link() {
        let mut zh = unit("zh", 1, Lang::Zh, &[]);
        let mut en = unit("en", 1, Lang::En, &[]);
        for u in [&mut zh, &mut en] {
            u.mentions.quantities =
                crate::mentions::numbers::find_english("3,000 and 5,000 and 12,345", &[]);
        }
        let links = align(&[zh, en], Params::default());
        assert!(links.is_empty());
    }

    /// `unit` with the concepts `ids` written after its names.
    fn with_concepts(mut u: Unit, ids: &[&str]) -> Unit {
        let base = u.mentions.names.len() * 3;
        u.mentions.concepts = ids
            .iter()
            .enumerate()
            .map(|(k, id)| crate::mentions::concepts::ConceptMention {
                concept: crate::mentions::concepts::Vocabulary::embedded()
                    .number(id)
                    .unwrap_or_else(|| panic!("{id} is in the vocabulary")),
                start: (base + k * 3) as u32,
                end: (base + k * 3 + 2) as u32,
            })
            .collect();
        u
    }

    fn concepts_on(factor: f64) -> Params {
        Params {
            concept_factor: factor,
            ..Params::default()
        }
    }

    #[test]
    fn concepts_alone_never_link_nor_propose_a_pair() {
        let story = ["tide", "narrow", "flagship", "current", "starvation"];
        let units = [
            with_concepts(unit("zh", 1, Lang::Zh, &[]), &story),
            with_concepts(unit("en", 1, Lang::En, &[]), &story),
            unit("zh", 2, Lang::Zh, &["x"]),
            unit("en", 2, Lang::En, &["y"]),
        ];
        let prep = Prepared::new(&units, concepts_on(1.0));
        let s = prep.score(0, 1);
        assert!(s.shared_weight > 5.0, "{s:?}");
        assert!(!s.linked, "{s:?}");
        assert!(
            s.reason
                .as_deref()
                .is_some_and(|r| r.contains("no shared name"))
        );
        assert!(!prep.is_candidate(0, 1), "a concept proposes no pair");
        assert!(align(&units, concepts_on(1.0)).is_empty());
    }

    #[test]
    fn shared_concepts_tell_which_paragraph_of_a_battle_narrates_the_moment() {
        // Three English paragraphs name the admiral; one tells the tide and the narrows, as the
        // Chinese paragraph does. Without concepts the admiral alone links nothing.
        let admiral = |doc: &str, k: usize, lang: Lang| unit(doc, k, lang, &["admiral"]);
        let mut units = vec![
            with_concepts(admiral("zh", 1, Lang::Zh), &["tide", "narrow", "current"]),
            with_concepts(admiral("en", 1, Lang::En), &["tide", "narrow", "current"]),
            with_concepts(admiral("en", 2, Lang::En), &["flagship"]),
            admiral("en", 3, Lang::En),
        ];
        for k in 4..30 {
            units.push(unit("en", k, Lang::En, &[&format!("other{k}")]));
        }
        let off = align(&units, concepts_on(0.0));
        assert!(off.is_empty(), "{off:?}");
        let on = align(&units, concepts_on(1.0));
        let pairs: Vec<(usize, usize)> = on.iter().map(|l| (l.zh_para, l.en_para)).collect();
        assert_eq!(pairs, [(1, 1)]);
        let kinds: Vec<String> = on[0].evidence.iter().map(|e| e.anchor.label()).collect();
        assert!(kinds.contains(&"~tide".to_string()), "{kinds:?}");
    }

    #[test]
    fn between_two_articles_on_one_battle_what_happened_tells_the_moment() {
        // The Chinese paragraph names the admiral and a captain and tells the tide in the
        // narrows. One English paragraph names both men; another names the admiral and tells
        // the tide in the narrows.
        let tide = ["tide", "narrow", "current"];
        let mut units = vec![
            with_concepts(unit("zh", 1, Lang::Zh, &["admiral", "captain"]), &tide),
            unit("en", 1, Lang::En, &["admiral", "captain"]),
            with_concepts(unit("en", 2, Lang::En, &["admiral"]), &tide),
        ];
        for k in 3..30 {
            units.push(unit("en", k, Lang::En, &[&format!("other{k}")]));
        }
        let one = Params {
            battle_links: 1,
            ..Params::default()
        };
        let flat = Params {
            battle_concept_factor: 1.0,
            ..one
        };
        // Not two articles on one battle: the concepts count as anywhere else.
        let (a, b) = (Prepared::new(&units, one), Prepared::new(&units, flat));
        assert_eq!(a.score(0, 2), b.score(0, 2));
        for u in &mut units {
            u.context.article_events = vec![EntityId::from("battle-x")];
        }
        // Two articles on one battle: without the factor the two names win; with it, the
        // paragraph telling what happened.
        assert_eq!(pairs(&units, flat), [(1, 1)]);
        assert_eq!(pairs(&units, one), [(1, 2)]);
        let (a, b) = (Prepared::new(&units, one), Prepared::new(&units, flat));
        let (with, without) = (a.score(0, 2), b.score(0, 2));
        let concepts = |s: &PairScore| -> f64 {
            s.shared
                .iter()
                .filter(|(x, _)| x.is_concept())
                .map(|(_, w)| w)
                .sum()
        };
        assert!((concepts(&with) - 3.0 * concepts(&without)).abs() < 1e-9);
        // In the shared weight only: the paragraphs' totals are what they were.
        assert_eq!(with.denominator, without.denominator);
        let labels = with.shared_labels().join(", ");
        assert!(
            labels.contains("~tide") && labels.contains("what happened, between two articles"),
            "{labels}"
        );
    }

    #[test]
    fn between_two_articles_on_one_battle_what_happened_alone_may_link() {
        // The two paragraphs tell the tide in the narrows and the flagship, naming no one.
        let story = ["tide", "narrow", "current", "flagship"];
        let mut units = vec![
            with_concepts(unit("zh", 1, Lang::Zh, &["zh-only"]), &story),
            with_concepts(unit("en", 1, Lang::En, &["en-only"]), &story),
        ];
        for k in 2..30 {
            units.push(unit("en", k, Lang::En, &[&format!("other{k}")]));
        }
        // Not two articles on one battle: no name or date in common, no link.
        let prep = Prepared::new(&units, Params::default());
        let apart = prep.score(0, 1);
        assert!(!apart.linked, "{apart:?}");
        assert!(
            apart
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("no shared name"))
        );
        assert!(!prep.may_link(0, 1));
        // Two articles on one battle: the story they share is scored, and links them.
        for u in &mut units {
            u.context.article_events = vec![EntityId::from("battle-x")];
        }
        let prep = Prepared::new(&units, Params::default());
        let one = prep.score(0, 1);
        assert!(one.linked, "{one:?}");
        assert!(prep.may_link(0, 1));
        // Concepts alone still propose no pair: the battle in both contexts does.
        assert!(!prep.is_candidate(0, 1), "concepts alone propose no pair");
    }

    #[test]
    fn a_death_both_tell_is_evidence_beyond_the_name() {
        // A chronicle's long paragraph and a short English one both name the commander among
        // others; only the pair where both tell his death links, and the death does not weigh
        // on the totals of a paragraph the other does not match.
        let names = ["commander", "za", "zb", "zc", "zd"];
        let mut units = vec![
            unit("zh", 1, Lang::Zh, &names),
            unit("en", 1, Lang::En, &["commander", "ea"]),
        ];
        for k in 2..30 {
            units.push(unit("en", k, Lang::En, &["commander", &format!("e{k}")]));
        }
        // Both on the same day at the same town: the contexts agree.
        for u in &mut units[..2] {
            u.context = EventContext {
                interval: Some(((1592, 5, 24), (1592, 5, 24))),
                interval_from: Some(context::Source::Own),
                places: vec![EntityId::from("town")],
                places_from: Some(context::Source::Own),
                ..EventContext::default()
            };
        }
        let prep = Prepared::new(&units, Params::default());
        let named = prep.score(0, 1);
        assert!(!named.linked, "the name alone: {named:?}");
        let died = vec![EntityId::from("commander")];
        units[0].context.deaths = died.clone();
        units[1].context.deaths = died.clone();
        let prep = Prepared::new(&units, Params::default());
        let told = prep.score(0, 1);
        assert!(told.linked, "the death both tell: {told:?}");
        assert!(told.shared.iter().any(|(a, _)| a.label() == "†commander"));
        // Told on one side only: the pair scores as with the name alone.
        units[1].context.deaths.clear();
        let prep = Prepared::new(&units, Params::default());
        assert!((prep.score(0, 1).score - named.score).abs() < 1e-9);
    }

    #[test]
    fn with_concepts_off_the_scores_are_those_without_concepts() {
        let units = [
            with_concepts(unit("zh", 1, Lang::Zh, &["a", "b"]), &["tide"]),
            unit("en", 1, Lang::En, &["a", "b"]),
            unit("en", 2, Lang::En, &["c"]),
        ];
        let bare: Vec<Unit> = units
            .iter()
            .cloned()
            .map(|mut u| {
                u.mentions.concepts.clear();
                u
            })
            .collect();
        let (with, without) = (
            Prepared::new(&units, concepts_on(0.0)),
            Prepared::new(&bare, concepts_on(0.0)),
        );
        assert_eq!(with.score(0, 1), without.score(0, 1));
    }

    #[test]
    fn a_place_one_side_names_and_the_other_has_from_its_article_is_evidence() {
        // A chronicle's paragraph narrates the battle at a harbour it names; a paragraph of the
        // battle's article tells a moment of it (the admiral wounded) without naming the
        // harbour, which its Infobox gives. They share the admiral, a common name, and the
        // moment.
        use context::Source;
        let day = (1592, 7, 8);
        let moment = ["tide", "wound", "flagship"];
        let mut units = vec![
            with_concepts(
                unit("zh", 1, Lang::Zh, &["admiral", "harbour", "za", "zb"]),
                &moment,
            ),
            with_concepts(unit("en", 1, Lang::En, &["admiral", "ea"]), &moment),
        ];
        for k in 2..20 {
            let mut zh = unit("zh", k, Lang::Zh, &["admiral", &format!("z{k}")]);
            let mut en = unit("en", k, Lang::En, &["admiral", &format!("e{k}")]);
            if k % 6 == 0 {
                (zh, en) = (with_concepts(zh, &moment), with_concepts(en, &moment));
            }
            units.push(zh);
            units.push(en);
        }
        let chronicle = EventContext {
            interval: Some((day, day)),
            interval_from: Some(Source::Own),
            places: vec![EntityId::from("harbour")],
            places_from: Some(Source::Own),
            ..EventContext::default()
        };
        let article = EventContext {
            interval: Some((day, day)),
            interval_from: Some(Source::Infobox(2)),
            article: Some((day, day)),
            events: vec![EntityId::from("battle-x")],
            events_from: Some(Source::Title(1)),
            places: vec![EntityId::from("harbour")],
            places_from: Some(Source::Infobox(2)),
            article_events: vec![EntityId::from("battle-x")],
            ..EventContext::default()
        };
        units[0].context = chronicle.clone();
        units[1].context = article.clone();
        let harbour = Anchor::Entity {
            id: EntityId::from("harbour"),
        };
        let with = |f: f64| Params {
            context_anchor_factor: f,
            ..Params::default()
        };
        let prep = Prepared::new(&units, with(0.5));
        let s = prep.score(0, 1);
        assert_eq!(s.relation, Relation::Agree);
        assert_eq!(s.through_context, Some(harbour.clone()), "{s:?}");
        assert!(s.linked && prep.may_link(0, 1), "{s:?}");
        let full = prep.weight[prep.numbers[&harbour] as usize];
        let counted = s
            .shared
            .iter()
            .find(|(a, _)| *a == harbour)
            .map(|(_, w)| *w);
        assert_eq!(
            counted,
            Some(full * 0.5),
            "at the parameter's share of its weight"
        );
        let linked: Vec<(usize, usize)> = align(&units, with(0.5))
            .iter()
            .map(|l| (l.zh_para, l.en_para))
            .collect();
        assert!(linked.contains(&(1, 1)), "{linked:?}");
        // Off, the admiral and the moment are too thin.
        let off = Prepared::new(&units, with(0.0)).score(0, 1);
        assert!(off.through_context.is_none() && !off.linked, "{off:?}");
        // Not when the chronicle's paragraph passes through two places...
        units[0].context.places.push(EntityId::from("cape"));
        assert!(
            Prepared::new(&units, with(0.5))
                .score(0, 1)
                .through_context
                .is_none()
        );
        // ...nor between two articles on the battle, where every pair shares it...
        units[0].context = EventContext {
            article_events: vec![EntityId::from("battle-x")],
            ..chronicle.clone()
        };
        assert!(
            Prepared::new(&units, with(0.5))
                .score(0, 1)
                .through_context
                .is_none()
        );
        // ...nor where both name it (it is shared in their words) or neither does.
        units[0].context = chronicle;
        units[1].context.places_from = Some(Source::Own);
        assert!(
            Prepared::new(&units, with(0.5))
                .score(0, 1)
                .through_context
                .is_none()
        );
    }

    #[test]
    fn two_paragraphs_of_one_battle_are_proposed_whatever_names_they_share() {
        // The admiral is named in sixty English paragraphs: too common to propose a pair. The
        // two paragraphs narrate one battle and tell the same moment: they are scored.
        let battle = || EventContext {
            events: vec![EntityId::from("battle-x")],
            ..EventContext::default()
        };
        let moment = ["tide", "narrow", "current"];
        let mut units = vec![
            with_concepts(unit("zh", 1, Lang::Zh, &["admiral"]), &moment),
            with_concepts(unit("en", 1, Lang::En, &["admiral"]), &moment),
        ];
        units[0].context = battle();
        units[1].context = battle();
        for k in 2..62 {
            units.push(unit(&format!("en-{k}"), 1, Lang::En, &["admiral"]));
        }
        let on = |event_candidates: f64| Params {
            event_candidates,
            ..concepts_on(1.0)
        };
        let prep = Prepared::new(&units, on(0.0));
        assert!(!prep.is_candidate(0, 1));
        assert!(prep.score(0, 1).linked, "{:?}", prep.score(0, 1));
        assert!(align(&units, on(0.0)).is_empty());
        let linked: Vec<(String, usize)> = align(&units, on(1.0))
            .into_iter()
            .map(|l| (l.en_doc, l.en_para))
            .collect();
        assert_eq!(linked, [("en".to_string(), 1)]);
    }

    #[test]
    fn a_paragraph_naming_the_site_of_the_other_s_battle_is_proposed_and_shares_it() {
        // The chronicle's paragraph names the strait (鳴梁) and no battle; the English paragraph
        // is one of the article on the battle fought there, and names neither. They share only
        // words too common to propose a pair, and the site through the contexts.
        let moment = ["tide", "narrow", "current"];
        let mut units = vec![
            with_concepts(unit("zh", 1, Lang::Zh, &["admiral", "strait"]), &moment),
            with_concepts(unit("en", 1, Lang::En, &["admiral"]), &moment),
        ];
        // One day, told by each.
        let day = Some(((1597, 10, 26), (1597, 10, 26)));
        units[0].context = EventContext {
            interval: day,
            interval_from: Some(context::Source::Own),
            places: vec![EntityId::from("strait")],
            places_from: Some(context::Source::Own),
            ..EventContext::default()
        };
        units[1].context = EventContext {
            interval: day,
            interval_from: Some(context::Source::Infobox(2)),
            events: vec![EntityId::from("battle-x")],
            events_from: Some(context::Source::Title(1)),
            article_events: vec![EntityId::from("battle-x")],
            sites: vec![EntityId::from("strait")],
            ..EventContext::default()
        };
        for k in 2..62 {
            units.push(unit(&format!("en-{k}"), 1, Lang::En, &["admiral"]));
        }
        let on = |event_candidates: f64| Params {
            event_candidates,
            ..concepts_on(1.0)
        };
        let prep = Prepared::new(&units, on(1.0));
        assert!(prep.is_candidate(0, 1));
        let s = prep.score(0, 1);
        let strait = Anchor::Entity {
            id: EntityId::from("strait"),
        };
        assert_eq!(s.through_context, Some(strait), "{s:?}");
        assert!(s.linked, "{s:?}");
        let linked: Vec<(String, usize)> = align(&units, on(1.0))
            .into_iter()
            .map(|l| (l.en_doc, l.en_para))
            .collect();
        assert_eq!(linked, [("en".to_string(), 1)]);
        // Another battle's article, at another site: neither proposed nor shared.
        units[1].context.sites = vec![EntityId::from("bay")];
        let prep = Prepared::new(&units, on(1.0));
        assert!(!prep.is_candidate(0, 1));
        assert_eq!(prep.score(0, 1).through_context, None);
        assert!(align(&units, on(1.0)).is_empty());
    }

    #[test]
    fn a_paragraph_naming_the_day_of_the_other_s_battle_is_proposed_and_shares_it() {
        // The chronicle's paragraph writes the day of the battle (in a week's sortie) and names
        // other harbours; the English paragraph is one of the article on the battle fought
        // that day, and names neither the day nor those harbours. They share only words too
        // common to propose a pair, and the day through the contexts.
        let moment = ["tide", "narrow", "current"];
        let mut units = vec![
            with_concepts(unit("zh", 1, Lang::Zh, &["admiral", "harbour"]), &moment),
            with_concepts(unit("en", 1, Lang::En, &["admiral"]), &moment),
        ];
        let mut d = dates::DateMention::new(0, 1, dates::Calendar::Gregorian);
        (d.year, d.month, d.day) = (Some(1592), Some(6), Some(16));
        units[0].mentions.dates.push(d);
        units[0].context = EventContext {
            interval: Some(((1592, 6, 13), (1592, 6, 18))),
            interval_from: Some(context::Source::Own),
            places: vec![EntityId::from("harbour")],
            places_from: Some(context::Source::Own),
            ..EventContext::default()
        };
        units[1].context = EventContext {
            interval: Some(((1592, 6, 16), (1592, 6, 16))),
            interval_from: Some(context::Source::Infobox(2)),
            events: vec![EntityId::from("battle-x")],
            events_from: Some(context::Source::Title(1)),
            article_events: vec![EntityId::from("battle-x")],
            places: vec![EntityId::from("bay")],
            places_from: Some(context::Source::Infobox(2)),
            sites: vec![EntityId::from("bay")],
            ..EventContext::default()
        };
        for k in 2..62 {
            units.push(unit(&format!("en-{k}"), 1, Lang::En, &["admiral"]));
        }
        let on = Params {
            event_candidates: 1.0,
            ..concepts_on(1.0)
        };
        let prep = Prepared::new(&units, on);
        assert!(prep.is_candidate(0, 1));
        let s = prep.score(0, 1);
        let day = Anchor::Date {
            year: 1592,
            month: 6,
            day: 16,
        };
        assert_eq!(s.relation, Relation::Agree, "{s:?}");
        assert_eq!(s.through_context, Some(day), "{s:?}");
        assert_eq!(
            prep.agreement(0, 1).as_deref(),
            Some("one side writes 1592-06-16, the day of the other's battle")
        );
        assert!(s.linked, "{s:?}");
        let linked: Vec<(String, usize)> = align(&units, on)
            .into_iter()
            .map(|l| (l.en_doc, l.en_para))
            .collect();
        assert_eq!(linked, [("en".to_string(), 1)]);
        // A day off by one is still proposed (the calendars differed by a day), but only the
        // very day makes the contexts agree; it is shared only where they agree otherwise.
        units[0].mentions.dates[0].day = Some(17);
        let prep = Prepared::new(&units, on);
        assert!(prep.is_candidate(0, 1));
        let s = prep.score(0, 1);
        assert!(
            s.through_context.is_none() && s.relation == Relation::Overlap,
            "{s:?}"
        );
        // Another day of the sortie: neither proposed nor shared.
        units[0].mentions.dates[0].day = Some(18);
        let prep = Prepared::new(&units, on);
        assert!(!prep.is_candidate(0, 1));
        assert_eq!(prep.score(0, 1).through_context, None);
        assert!(align(&units, on).is_empty());
        // The day written in an article on another battle (its Background): no sign of this one.
        units[0].mentions.dates[0].day = Some(16);
        units[0].context.article_events = vec![EntityId::from("battle-y")];
        let prep = Prepared::new(&units, on);
        assert!(!prep.is_candidate(0, 1));
        assert!(align(&units, on).is_empty());
    }

    #[test]
    fn a_step_of_the_battle_takes_the_chronicle_s_best_agreeing_paragraph_though_thin() {
        // A chronicle (no article on one battle) tells the battle in two paragraphs; a
        // narrative paragraph of the article on the battle shares three names with the first
        // and two with the second. Both pairs agree (the chronicle names the battle). The
        // chronicle in language `chronicle`, the article in `article`.
        let story = |chronicle: (&str, Lang), article: (&str, Lang)| -> Vec<Unit> {
            let battle = EntityId::from("battle-x");
            let mut units = vec![
                unit(
                    chronicle.0,
                    1,
                    chronicle.1,
                    &["admiral", "captain", "harbour"],
                ),
                unit(chronicle.0, 2, chronicle.1, &["admiral", "captain"]),
                unit(
                    article.0,
                    1,
                    article.1,
                    &["admiral", "captain", "harbour", "flagship"],
                ),
            ];
            for u in &mut units[..2] {
                u.context.events = vec![battle];
                u.context.events_from = Some(context::Source::Own);
            }
            units[2].context.events = vec![battle];
            units[2].context.events_from = Some(context::Source::Title(1));
            units[2].context.article_events = vec![battle];
            for k in 2..40 {
                units.push(unit(
                    &format!("{}-{k}", article.0),
                    1,
                    article.1,
                    &["other"],
                ));
            }
            units
        };
        let units = story(("zh", Lang::Zh), ("en", Lang::En));
        let prep = Prepared::new(&units, Params::default());
        let (best, second) = (prep.score(0, 2), prep.score(1, 2));
        assert_eq!(best.relation, Relation::Agree, "{best:?}");
        assert!(best.score > second.score && second.score > 0.0);
        // The minimum set above both pairs: the better is at 0.9 of it, the other below.
        let params = Params {
            min_score: best.score / 0.9,
            chronicle_share: 0.3,
            ..Params::default()
        };
        let linked = |units: &[Unit], params: Params| -> Vec<(usize, usize)> {
            align(units, params)
                .into_iter()
                .map(|l| (l.zh_para, l.en_para))
                .collect()
        };
        assert_eq!(
            linked(&units, params),
            [(1, 1)],
            "the chronicle's best only"
        );
        let prep = Prepared::new(&units, params);
        let kept = prep.decide(&units, 0, 2);
        assert!(kept.linked && kept.thin, "{kept:?}");
        let dropped = prep.decide(&units, 1, 2);
        assert!(!dropped.linked && !dropped.thin, "{dropped:?}");
        assert!(
            dropped
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("not the best here")),
            "{dropped:?}"
        );
        // Off: nothing below the minimum links.
        let off = Params {
            chronicle_share: 1.0,
            ..params
        };
        assert!(linked(&units, off).is_empty());
        // A paragraph naming the battle in its own words (the lead) is not a step of it.
        let mut lead = units.clone();
        lead[2].context.events_from = Some(context::Source::Own);
        assert!(linked(&lead, params).is_empty());
        // Nor is the chronicle's paragraph in an article on a battle (another article).
        let mut article = units.clone();
        for u in &mut article[..2] {
            u.context.article_events = vec![EntityId::from("battle-y")];
        }
        assert!(linked(&article, params).is_empty());
        // The harbour is the battle's site: the names beyond it tell the step.
        let mut sited = units.clone();
        sited[2].context.sites = vec![EntityId::from("harbour")];
        assert_eq!(linked(&sited, params), [(1, 1)]);
        // Sharing only the battle's setting (every shared name a site of it) tells no step.
        sited[2].context.sites = ["admiral", "captain", "harbour"]
            .map(EntityId::from)
            .to_vec();
        assert!(linked(&sited, params).is_empty());
        // Contexts that do not agree give no thin link.
        let mut apart = units.clone();
        for u in &mut apart[..2] {
            u.context.events.clear();
            u.context.events_from = None;
        }
        assert!(linked(&apart, params).is_empty());
        // The other way round: a step told by a Chinese article, an English chronicle.
        let turned = story(("en", Lang::En), ("zh", Lang::Zh));
        let prep = Prepared::new(&turned, Params::default());
        let best = prep.score(2, 0).score;
        assert!(best > prep.score(2, 1).score);
        let params = Params {
            min_score: best / 0.9,
            chronicle_share: 0.3,
            ..Params::default()
        };
        assert_eq!(linked(&turned, params), [(1, 1)]);
        let prep = Prepared::new(&turned, params);
        assert!(prep.decide(&turned, 2, 0).thin);
        assert!(!prep.decide(&turned, 2, 1).linked);
    }
}
