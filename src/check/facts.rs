//! Fact checks across linked paragraphs: numbers and dates attached to the same entity.
//!
//! A number belongs to the person or unit named nearest to it in the same sentence (places and
//! states are settings, not owners of numbers); its class — troops, casualties, ships, horses —
//! comes from the word after it (人, 艘, troops, killed, -strong) or, in Chinese, the words
//! before it (騎兵數百, 戰死80餘人). Two sides disagree when each gives numbers of one class
//! for the entity and no two intervals overlap (五、六百 and 500–600 agree; 3000 and 2,000 do
//! not). Dates likewise, compared as Gregorian days.

use super::{Category, CheckUnit, Finding, LinkRef, Severity, finding};
use crate::glossary::{Glossary, Kind};
use crate::mentions::EntityId;
use crate::mentions::numbers::Quantity;
use std::collections::{BTreeSet, HashSet};

/// The class of what a quantity counts, if its context tells.
fn class(text: &str, q: &Quantity, cjk: bool) -> Option<&'static str> {
    let unit = q.unit.as_deref().unwrap_or("");
    if cjk {
        let before: String = text[..q.start]
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let casualty = ["死", "亡", "斬", "殺", "傷", "首", "損", "失"]
            .iter()
            .any(|w| before.contains(w));
        match unit {
            "艘" | "隻" | "船" => return Some("ships"),
            "匹" => return Some("horses"),
            "級" => return Some("casualties"),
            "人" | "兵" | "名" | "騎" | "卒" | "餘" | "軍" => {
                return Some(if casualty { "casualties" } else { "troops" });
            }
            _ => {}
        }
        if before.ends_with("兵") || before.ends_with("軍") || before.ends_with("騎") {
            return Some(if casualty { "casualties" } else { "troops" });
        }
        None
    } else {
        match unit {
            "strong" | "troops" | "men" | "soldiers" | "cavalry" | "infantry" | "warriors"
            | "defenders" | "archers" | "reinforcements" => Some("troops"),
            "casualties" | "killed" | "dead" | "wounded" => Some("casualties"),
            "ships" | "vessels" | "boats" => Some("ships"),
            "horses" => Some("horses"),
            _ => None,
        }
    }
}

fn sentence_of(sentences: &[(usize, usize)], pos: usize) -> Option<usize> {
    sentences.iter().position(|&(s, e)| pos >= s && pos < e)
}

/// The items (numbers, dates) whose nearest person or unit in the same sentence is `id`.
fn owned_by<'a, T>(
    u: &CheckUnit<'_>,
    id: &str,
    owners: &HashSet<String>,
    items: &'a [T],
    span: impl Fn(&T) -> (usize, usize),
) -> Vec<&'a T> {
    let sentences = &u.sentences;
    let candidates: Vec<_> = u
        .unit
        .mentions
        .names
        .iter()
        .filter(|m| !m.nested && m.entity.as_ref().is_some_and(|e| owners.contains(&**e)))
        .collect();
    items
        .iter()
        .filter(|it| {
            let (s, e) = span(it);
            let Some(si) = sentence_of(sentences, s) else {
                return false;
            };
            let nearest = candidates
                .iter()
                .filter(|m| sentence_of(sentences, m.start) == Some(si))
                .min_by_key(|m| {
                    if s >= m.end {
                        s - m.end
                    } else {
                        m.start.saturating_sub(e)
                    }
                });
            nearest.is_some_and(|m| m.entity.as_deref() == Some(id))
        })
        .collect()
}

/// Entities that can own a number or date: people and units.
fn owners(glossary: &Glossary) -> HashSet<String> {
    glossary
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Person | Kind::Unit))
        .map(|e| e.id.clone())
        .collect()
}

/// For each link, each person or unit both paragraphs name: (Chinese, English, entity).
fn shared_owners<'u, 'a>(
    units: &'u [CheckUnit<'a>],
    links: &'u [LinkRef],
    owners: &'u HashSet<String>,
) -> impl Iterator<Item = (&'u CheckUnit<'a>, &'u CheckUnit<'a>, EntityId)> + 'u {
    links.iter().flat_map(move |l| {
        let (zh, en) = (&units[l.zh], &units[l.en]);
        let shared: BTreeSet<EntityId> = zh
            .entities()
            .intersection(&en.entities())
            .cloned()
            .collect();
        shared
            .into_iter()
            .filter(|id| owners.contains(&**id))
            .map(move |id| (zh, en, id))
    })
}

fn show(text: &str, q: &Quantity) -> String {
    text.get(q.start..q.end).unwrap_or("").to_string()
}

/// Numbers for the same entity and class that disagree across a link.
pub(super) fn numbers(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    let owners = owners(glossary);
    for (zh, en, id) in shared_owners(units, links, &owners) {
        let zq: Vec<&Quantity> = owned_by(zh, &id, &owners, &zh.unit.mentions.quantities, |q| {
            (q.start, q.end)
        })
        .into_iter()
        .filter(|q| q.high >= 10)
        .collect();
        let eq: Vec<&Quantity> = owned_by(en, &id, &owners, &en.unit.mentions.quantities, |q| {
            (q.start, q.end)
        })
        .into_iter()
        .filter(|q| q.high >= 10)
        .collect();
        for cls in ["troops", "casualties", "ships", "horses"] {
            let zc: Vec<&&Quantity> = zq
                .iter()
                .filter(|q| class(&zh.unit.text, q, true) == Some(cls))
                .collect();
            let ec: Vec<&&Quantity> = eq
                .iter()
                .filter(|q| class(&en.unit.text, q, false) == Some(cls))
                .collect();
            if zc.is_empty() || ec.is_empty() || zc.iter().any(|a| ec.iter().any(|b| a.agrees(b))) {
                continue;
            }
            let label = glossary.get(&id).map_or(&*id, |e| e.label());
            let q = zc[0];
            let en_texts: Vec<String> = ec.iter().map(|q| show(&en.unit.text, q)).collect();
            let zh_texts: Vec<String> = zc.iter().map(|q| show(&zh.unit.text, q)).collect();
            let mut f = finding(
                zh,
                Category::NumberMismatch,
                Severity::Warning,
                q.start,
                q.end,
            );
            f.entity = Some(id.to_string());
            f.expected = Some(en_texts.join(", "));
            f.suggestion = Some(format!(
                "{label} ({cls}): {} here, {} in {}:{}; say which source gives which",
                zh_texts.join(", "),
                en_texts.join(", "),
                en.unit.doc,
                en.unit.ordinal
            ));
            f.related = Some(format!("{}:{}", en.unit.doc, en.unit.ordinal));
            out.push(f);
        }
    }
}

/// Dates of the same event (nearest to a shared entity) that disagree across a link by more
/// than the day by which the calendars of the time (and a converted lunar date) may differ.
pub(super) fn dates(
    units: &[CheckUnit<'_>],
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    let owners = owners(glossary);
    for (zh, en, id) in shared_owners(units, links, &owners) {
        let zd: Vec<_> = owned_by(zh, &id, &owners, &zh.unit.mentions.dates, |d| {
            (d.start, d.end)
        })
        .into_iter()
        .filter_map(|d| d.gregorian_ymd().map(|g| (d, g)))
        .collect();
        let ed: Vec<_> = owned_by(en, &id, &owners, &en.unit.mentions.dates, |d| {
            (d.start, d.end)
        })
        .into_iter()
        .filter_map(|d| d.gregorian_ymd().map(|g| (d, g)))
        .collect();
        if zd.is_empty()
            || ed.is_empty()
            || zd
                .iter()
                .any(|(d, _)| ed.iter().any(|(_, b)| d.agrees_with(*b)))
        {
            continue;
        }
        let label = glossary.get(&id).map_or(&*id, |e| e.label());
        let (d, (y, m, day)) = zd[0];
        let en_dates: Vec<String> = ed
            .iter()
            .map(|(_, (y, m, d))| format!("{y:04}-{m:02}-{d:02}"))
            .collect();
        let mut f = finding(
            zh,
            Category::DateMismatch,
            Severity::Warning,
            d.start,
            d.end,
        );
        f.entity = Some(id.to_string());
        f.expected = Some(en_dates.join(", "));
        f.suggestion = Some(format!(
            "{label}: {y:04}-{m:02}-{day:02} here, {} in {}:{}",
            en_dates.join(", "),
            en.unit.doc,
            en.unit.ordinal
        ));
        f.related = Some(format!("{}:{}", en.unit.doc, en.unit.ordinal));
        out.push(f);
    }
}
