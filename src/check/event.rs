//! Event facts from context (issue #16 item 7): an English article's Infobox states its event's
//! date, each side's strength and each side's casualties; the Chinese paragraphs linked to the
//! article that narrate the same event (their contexts agree with the Infobox's: the same
//! battle, or the same place at overlapping times) are compared with it.
//!
//! - **Date**: where a Chinese paragraph names the article's battle, one of its own dates
//!   (lunar dates converted, within a day) must meet the Infobox's Date line (a day or a
//!   range). If none does, the finding gives both readings.
//! - **Numbers**: a Chinese troop or casualty figure whose nearest name in its sentence is a
//!   commander or belligerent of one side (the Infobox's `Commander1`, `Combatant2`… rows) is
//!   compared with that side's `Strength`/`Casualties` row. Only a figure an order of magnitude
//!   off (at least [`RATIO`] times the nearest of the row's, after allowing [`APPROX`] either
//!   way for approximations) is reported: sources count troops differently (the First
//!   Division or the whole army, the dead or the dead and wounded), so closer figures are
//!   not a finding.

use super::facts::{OwnerIndex, class, sentence_of};
use super::{Category, CheckUnit, Finding, LinkRef, Severity, finding};
use crate::align::context::{self, Relation};
use crate::corpus::{BlockKind, Lang};
use crate::glossary::{Glossary, Kind};
use crate::mentions::EntityId;
use crate::mentions::dates::{Reading, Ymd, day_number};
use crate::mentions::numbers::Quantity;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Figures this many times apart (or more) are reported.
pub const RATIO: f64 = 5.0;

/// An approximate figure (約, 餘, about, over) may be this share off either way.
pub const APPROX: f64 = 0.5;

/// What one Infobox row holds, by its key: `Strength2` → (Strength, side 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Date,
    Side(u8),
    Strength(u8),
    Casualties(u8),
}

fn row(key: &str) -> Option<Row> {
    let k = key.trim().to_lowercase();
    let side = || {
        k.chars()
            .rev()
            .find(|c| c.is_ascii_digit())
            .and_then(|c| c.to_digit(10))
            .map(|d| d as u8)
    };
    let starts = |words: &[&str]| words.iter().any(|w| k.starts_with(w));
    if k == "date" || k == "dates" {
        Some(Row::Date)
    } else if starts(&["commander", "leader", "combatant", "belligerent"]) {
        side().map(Row::Side)
    } else if starts(&["strength", "troops"]) {
        side().map(Row::Strength)
    } else if starts(&["casualties", "losses", "casualty"]) {
        side().map(Row::Casualties)
    } else {
        None
    }
}

/// An Infobox read for its event: date interval, each side's entities, each side's figures.
struct Event<'u> {
    unit: &'u CheckUnit<'u>,
    /// The Date row's days, with the Date row's display range.
    date: Option<((Ymd, Ymd), (usize, usize))>,
    /// Entity → side.
    sides: HashMap<EntityId, u8>,
    /// (side, class, quantity, row's display range).
    figures: Vec<(u8, &'static str, &'u Quantity, (usize, usize))>,
}

fn read_event<'u>(u: &'u CheckUnit<'u>) -> Event<'u> {
    let mut event = Event {
        unit: u,
        date: None,
        sides: HashMap::new(),
        figures: Vec::new(),
    };
    let within = |(s, e): (usize, usize), (a, b): (usize, usize)| a <= s && e <= b;
    for (key, range) in &u.fields {
        let Some(r) = row(key) else { continue };
        let m = &u.unit.mentions;
        match r {
            Row::Date => {
                let days: Vec<Ymd> = m
                    .dates
                    .iter()
                    .filter(|d| within((d.start, d.end), *range))
                    .flat_map(|d| d.readings())
                    .map(|r| r.ymd)
                    .collect();
                if let (Some(lo), Some(hi)) = (days.iter().min(), days.iter().max()) {
                    event.date = Some(((*lo, *hi), *range));
                }
            }
            Row::Side(side) => {
                for n in m.names.iter().filter(|n| within((n.start, n.end), *range)) {
                    if let Some(id) = n.entity {
                        event.sides.entry(id).or_insert(side);
                    }
                }
            }
            Row::Strength(side) | Row::Casualties(side) => {
                let cls = if matches!(r, Row::Strength(_)) {
                    "troops"
                } else {
                    "casualties"
                };
                for q in m
                    .quantities
                    .iter()
                    .filter(|q| within((q.start, q.end), *range) && q.high >= 10)
                {
                    event.figures.push((side, cls, q, *range));
                }
            }
        }
    }
    event
}

/// Whether a figure agrees with one of a row's: their intervals, widened by [`APPROX`] for
/// approximations, overlap; otherwise how many times apart the nearest two are.
fn apart(zh: &Quantity, rows: &[&Quantity]) -> Option<f64> {
    let widen = |q: &Quantity| {
        let k = if q.approx { APPROX } else { 0.0 };
        (q.low as f64 * (1.0 - k), q.high as f64 * (1.0 + k))
    };
    let (zl, zh_) = widen(zh);
    let mut nearest = f64::INFINITY;
    for q in rows {
        let (l, h) = widen(q);
        if zl <= h && l <= zh_ {
            return None;
        }
        let ratio = if zl > h {
            zl / h.max(1.0)
        } else {
            l / zh_.max(1.0)
        };
        nearest = nearest.min(ratio);
    }
    nearest.is_finite().then_some(nearest)
}

fn ymd((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// The event checks (see the module documentation).
pub(super) fn event_facts(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    // Each English document's Infobox, by document.
    let infobox: HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.unit.lang == Lang::En && u.unit.kind == BlockKind::Infobox)
        .map(|(i, u)| (u.unit.doc.as_str(), i))
        .collect();
    // The Chinese paragraphs linked to each Infobox's article.
    let mut linked: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for l in links {
        if let Some(&i) = infobox.get(units[l.en].unit.doc.as_str()) {
            linked.entry(i).or_default().insert(l.zh);
        }
    }
    let owners: HashSet<String> = glossary
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Person | Kind::Unit | Kind::Polity))
        .map(|e| e.id.clone())
        .collect();
    let mut infoboxes: Vec<(&usize, &BTreeSet<usize>)> = linked.iter().collect();
    infoboxes.sort();
    for (&i, zhs) in infoboxes {
        let en = &units[i];
        let event = read_event(en);
        for &z in zhs {
            let zh = &units[z];
            if context::relation(&zh.unit.context, &en.unit.context) != Relation::Agree {
                continue;
            }
            date_check(&event, zh, out);
            number_check(&event, zh, &owners, glossary, out);
        }
    }
}

fn date_check(event: &Event<'_>, zh: &CheckUnit<'_>, out: &mut Vec<Finding>) {
    let Some(((lo, hi), range)) = event.date else {
        return;
    };
    let en = event.unit;
    // The article's battle, named by the Chinese paragraph itself.
    let battles: Vec<EntityId> = en
        .unit
        .context
        .events
        .iter()
        .filter(|e| zh.unit.context.events.contains(e))
        .copied()
        .collect();
    if battles.is_empty() || zh.unit.context.events_from != Some(context::Source::Own) {
        return;
    }
    // The paragraph's own dates: if none meets the Infobox's, it dates the battle elsewhere
    // (a paragraph telling the days before the battle and the battle meets it through one).
    let dated: Vec<_> = zh
        .unit
        .mentions
        .dates
        .iter()
        .map(|d| (d, d.readings()))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let (from, to) = (day_number(lo), day_number(hi));
    let meets = |r: &Reading| {
        let k = if r.approx { 1 } else { 0 };
        let day = day_number(r.ymd);
        day + k >= from && day - k <= to
    };
    if dated.is_empty() || dated.iter().any(|(_, rs)| rs.iter().any(meets)) {
        return;
    }
    let (d, readings) = &dated[0];
    let read: Vec<String> = readings
        .iter()
        .map(|r| {
            if r.approx {
                format!("{} (lunar, ±1 day)", ymd(r.ymd))
            } else {
                ymd(r.ymd)
            }
        })
        .collect();
    let infobox_text = en.unit.text.get(range.0..range.1).unwrap_or("").trim();
    let when = if lo == hi {
        ymd(lo)
    } else {
        format!("{}..{}", ymd(lo), ymd(hi))
    };
    let day = day_number(readings[0].ymd);
    let gap = if day < from { from - day } else { day - to };
    let mut f = finding(
        zh,
        Category::EventDateMismatch,
        Severity::Warning,
        d.start,
        d.end,
    );
    f.entity = Some(battles[0].to_string());
    f.expected = Some(when.clone());
    f.suggestion = Some(format!(
        "{} = {} here; the Infobox of {} gives Date: {infobox_text} ({when}), {gap} days apart; \
         context: {}",
        zh.unit.text.get(d.start..d.end).unwrap_or(""),
        read.join(" or "),
        en.unit.doc,
        zh.unit.context.describe()
    ));
    f.related = Some(format!("{}:{}", en.unit.doc, en.unit.ordinal));
    out.push(f);
}

fn number_check(
    event: &Event<'_>,
    zh: &CheckUnit<'_>,
    owners: &HashSet<String>,
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    if event.figures.is_empty() {
        return;
    }
    let en = event.unit;
    let index = OwnerIndex::new(zh, owners);
    for q in zh.unit.mentions.quantities.iter().filter(|q| q.high >= 10) {
        let Some(cls) = class(&zh.unit.text, q, true) else {
            continue;
        };
        let Some(si) = sentence_of(&zh.sentences, q.start) else {
            continue;
        };
        let Some(owner) = index
            .nearest(zh.sentences[si], q.start, q.end)
            .and_then(|m| m.entity)
        else {
            continue;
        };
        let Some(&side) = event.sides.get(&owner) else {
            continue;
        };
        let rows: Vec<(&Quantity, (usize, usize))> = event
            .figures
            .iter()
            .filter(|(s, c, _, _)| *s == side && *c == cls)
            .map(|(_, _, q, r)| (*q, *r))
            .collect();
        let quantities: Vec<&Quantity> = rows.iter().map(|(q, _)| *q).collect();
        let Some(ratio) = apart(q, &quantities) else {
            continue;
        };
        if ratio < RATIO {
            continue;
        }
        let range = rows[0].1;
        let row_text = en.unit.text.get(range.0..range.1).unwrap_or("").trim();
        let label = glossary.get(&owner).map_or(&*owner, |e| e.label());
        let key = if cls == "troops" {
            "Strength"
        } else {
            "Casualties"
        };
        let mut f = finding(
            zh,
            Category::EventNumberMismatch,
            Severity::Warning,
            q.start,
            q.end,
        );
        f.entity = Some(owner.to_string());
        f.expected = Some(row_text.to_string());
        f.suggestion = Some(format!(
            "{} ({cls}, side {side} with {label}) here; the Infobox of {} gives {key}{side}: \
             {row_text}, {ratio:.0} times apart; check which force each counts",
            zh.unit.text.get(q.start..q.end).unwrap_or(""),
            en.unit.doc,
        ));
        f.related = Some(format!("{}:{}", en.unit.doc, en.unit.ordinal));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infobox_rows_by_key() {
        assert_eq!(row("Date"), Some(Row::Date));
        assert_eq!(row("Commander2"), Some(Row::Side(2)));
        assert_eq!(row("combatant1"), Some(Row::Side(1)));
        assert_eq!(row("Strength1"), Some(Row::Strength(1)));
        assert_eq!(row("Casualties2"), Some(Row::Casualties(2)));
        assert_eq!(row("Place"), None);
        assert_eq!(row("Strength"), None, "a row of no side");
    }

    fn q(low: u64, high: u64, approx: bool) -> Quantity {
        Quantity {
            start: 0,
            end: 0,
            low,
            high,
            approx,
            written: vec![low],
            unit: None,
        }
    }

    #[test]
    fn figures_apart_by_an_order_of_magnitude() {
        let row = q(18_700, 18_700, false);
        assert_eq!(apart(&q(18_700, 18_700, false), &[&row]), None);
        // 一萬三千餘 (about 13,000) widened by half meets 18,700: not apart; written exactly,
        // it is 1.4 times apart.
        assert_eq!(apart(&q(13_000, 13_000, true), &[&row]), None);
        assert!(apart(&q(13_000, 13_000, false), &[&row]).is_some());
        let r = apart(&q(1_870, 1_870, false), &[&row]).expect("apart");
        assert!((r - 10.0).abs() < 1e-9, "{r}");
        // The nearest of a row's figures counts.
        let low = q(2_000, 2_000, false);
        let r = apart(&q(1_000, 1_000, false), &[&row, &low]).expect("apart");
        assert!((r - 2.0).abs() < 1e-9, "{r}");
    }
}
