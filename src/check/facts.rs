//! Fact checks across linked paragraphs: numbers and dates attached to the same entity.
//!
//! A number belongs to the person or unit named nearest to it in the same sentence (places and
//! states are settings, not owners of numbers); its class — troops, casualties, ships, horses —
//! comes from the word after it (人, 艘, troops, killed, -strong) or, in Chinese, the words
//! before it (騎兵數百, 戰死80餘人). Two sides disagree when each gives numbers of one class
//! for the entity and no two intervals overlap (五、六百 and 500–600 agree; 3000 and 2,000 do
//! not), unless one side's numbers all agree with the entity's in another paragraph linked to
//! it (then the two tell different moments). Dates likewise, compared as Gregorian days.

use super::{Category, CheckUnit, Finding, LinkRef, Severity, finding};
use crate::glossary::{Glossary, Kind};
use crate::mentions::dates::{DateMention, Ymd, add_days};
use crate::mentions::numbers::Quantity;
use crate::mentions::{EntityId, Mention};
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The class of what a quantity counts, if its context tells.
pub(super) fn class(text: &str, q: &Quantity, cjk: bool) -> Option<&'static str> {
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

/// The sentence (index into `sentences`, sorted and disjoint) holding byte `pos`.
pub(super) fn sentence_of(sentences: &[(usize, usize)], pos: usize) -> Option<usize> {
    let i = sentences.partition_point(|&(_, e)| e <= pos);
    sentences.get(i).filter(|&&(s, _)| s <= pos).map(|_| i)
}

/// The people and units a paragraph names, sorted by start, for nearest-owner look-ups in
/// O(log n) each (a scan of every owner per number made the check quadratic in the length of
/// a paragraph).
pub(super) struct OwnerIndex<'m> {
    /// Candidate owners, by start (ties in paragraph order).
    sorted: Vec<&'m Mention>,
    /// Their (start, end).
    spans: Vec<(usize, usize)>,
    /// `max_end[k]`: the largest end among the candidates of `sorted[k]`'s sentence up to `k`.
    max_end: Vec<usize>,
}

impl<'m> OwnerIndex<'m> {
    pub(super) fn new(u: &'m CheckUnit<'_>, owners: &HashSet<String>) -> Self {
        let mut sorted: Vec<&Mention> = u
            .unit
            .mentions
            .names
            .iter()
            .filter(|m| !m.nested && m.entity.as_ref().is_some_and(|e| owners.contains(&**e)))
            .collect();
        sorted.sort_by_key(|m| m.start);
        let mut max_end = Vec::with_capacity(sorted.len());
        let mut group = None;
        for m in &sorted {
            let here = sentence_of(&u.sentences, m.start);
            let max = match max_end.last() {
                Some(&max) if here == group => m.end.max(max),
                _ => m.end,
            };
            group = here;
            max_end.push(max);
        }
        let spans = sorted.iter().map(|m| (m.start, m.end)).collect();
        OwnerIndex {
            sorted,
            spans,
            max_end,
        }
    }

    /// The owner nearest to `s..e` within sentence `sentence` (see [`nearest_index`]).
    pub(super) fn nearest(
        &self,
        sentence: (usize, usize),
        s: usize,
        e: usize,
    ) -> Option<&'m Mention> {
        nearest_index(&self.spans, &self.max_end, sentence, s, e).map(|k| self.sorted[k])
    }
}

/// Of the spans (sorted by start; `max_end` as in [`OwnerIndex`]) starting within `sentence`,
/// the index of the one nearest to `s..e`, the first among equally near ones: distance is the
/// gap between the two spans, 0 when they touch or overlap.
fn nearest_index(
    spans: &[(usize, usize)],
    max_end: &[usize],
    sentence: (usize, usize),
    s: usize,
    e: usize,
) -> Option<usize> {
    let (ss, se) = sentence;
    let lo = spans.partition_point(|m| m.0 < ss);
    let hi = spans.partition_point(|m| m.0 < se);
    // Spans starting at or after `s`: the first is the nearest of them.
    let p = lo + spans[lo..hi].partition_point(|m| m.0 < s);
    let after = (p < hi).then(|| (spans[p].0.saturating_sub(e), p));
    // Spans starting before `s`: the nearest ends last; take the first to reach that end.
    let before = (p > lo).then(|| {
        let d = s.saturating_sub(max_end[p - 1]);
        let k = lo + max_end[lo..p].partition_point(|&end| s.saturating_sub(end) > d);
        (d, k)
    });
    let best = match (before, after) {
        (Some(b), Some(a)) => Some(if b.0 <= a.0 { b } else { a }),
        (b, a) => b.or(a),
    };
    best.map(|(_, k)| k)
}

/// The owner of each item (number, date): the entity of its nearest person or unit in the
/// same sentence, if any.
fn owners_of<T>(
    u: &CheckUnit<'_>,
    index: &OwnerIndex<'_>,
    items: &[T],
    span: impl Fn(&T) -> (usize, usize),
) -> Vec<Option<EntityId>> {
    items
        .iter()
        .map(|it| {
            let (s, e) = span(it);
            let si = sentence_of(&u.sentences, s)?;
            index.nearest(u.sentences[si], s, e)?.entity
        })
        .collect()
}

/// The items whose owner (see [`owners_of`]) is `id`.
fn owned_by<'a, T>(items: &'a [T], owner: &[Option<EntityId>], id: &str) -> Vec<&'a T> {
    items
        .iter()
        .zip(owner)
        .filter(|(_, o)| o.as_deref() == Some(id))
        .map(|(it, _)| it)
        .collect()
}

/// True when some interval of `a` overlaps some interval of `b` (closed intervals), in
/// O((|a| + |b|) log |b|) rather than pair by pair.
fn any_overlap(a: &[(u64, u64)], b: &[(u64, u64)]) -> bool {
    let mut b = b.to_vec();
    b.sort_unstable();
    let max_high: Vec<u64> = b
        .iter()
        .scan(0, |max, &(_, high)| {
            *max = (*max).max(high);
            Some(*max)
        })
        .collect();
    a.iter().any(|&(low, high)| {
        let k = b.partition_point(|&(l, _)| l <= high);
        k > 0 && max_high[k - 1] >= low
    })
}

/// Entities that can own a number or date: people and units.
pub(super) fn owners(glossary: &Glossary) -> HashSet<String> {
    glossary
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Person | Kind::Unit))
        .map(|e| e.id.clone())
        .collect()
}

/// For each link, each person or unit both paragraphs name: (Chinese, English, entity), the
/// paragraphs as indices into `units`.
fn shared_owners<'u>(
    units: &'u [CheckUnit<'_>],
    links: &'u [LinkRef],
    owners: &'u HashSet<String>,
) -> impl Iterator<Item = (usize, usize, EntityId)> + 'u {
    links.iter().flat_map(move |l| {
        let shared: BTreeSet<EntityId> = units[l.zh]
            .entities()
            .intersection(&units[l.en].entities())
            .cloned()
            .collect();
        shared
            .into_iter()
            .filter(|id| owners.contains(&**id))
            .map(move |id| (l.zh, l.en, id))
    })
}

/// The owners of a unit's quantities and dates (see [`owners_of`]).
struct Owned {
    quantities: Vec<Option<EntityId>>,
    dates: Vec<Option<EntityId>>,
}

/// Each unit's [`Owned`], computed the first time a link asks for it: once per unit, not once
/// per link and entity, and shared by the number and the date checks.
pub(super) struct OwnerIndexes<'u, 'a> {
    units: &'u [CheckUnit<'a>],
    owners: &'u HashSet<String>,
    built: Vec<OnceCell<Owned>>,
}

impl<'u, 'a> OwnerIndexes<'u, 'a> {
    /// No unit's owners computed yet; `owners` as from [`owners`].
    pub(super) fn new(units: &'u [CheckUnit<'a>], owners: &'u HashSet<String>) -> Self {
        OwnerIndexes {
            units,
            owners,
            built: (0..units.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// Unit `i` and the owners of its items.
    fn get(&self, i: usize) -> (&'u CheckUnit<'a>, &Owned) {
        let u = &self.units[i];
        let owned = self.built[i].get_or_init(|| {
            let index = OwnerIndex::new(u, self.owners);
            let m = &u.unit.mentions;
            Owned {
                quantities: owners_of(u, &index, &m.quantities, |q| (q.start, q.end)),
                dates: owners_of(u, &index, &m.dates, |d| (d.start, d.end)),
            }
        });
        (u, owned)
    }
}

fn show(text: &str, q: &Quantity) -> String {
    text.get(q.start..q.end).unwrap_or("").to_string()
}

/// Numbers for the same entity and class that disagree across a link.
pub(super) fn numbers(
    indexes: &OwnerIndexes<'_, '_>,
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    let (units, owners) = (indexes.units, indexes.owners);
    // The paragraphs each paragraph is linked to.
    let mut linked: HashMap<usize, Vec<usize>> = HashMap::new();
    for l in links {
        linked.entry(l.zh).or_default().push(l.en);
        linked.entry(l.en).or_default().push(l.zh);
    }
    // The quantities of unit `u` that `id` owns and `cls` counts (ten or more).
    let counted = |u: usize, id: &str, cls: &str| -> Vec<&Quantity> {
        let (cu, owned) = indexes.get(u);
        let cjk = cu.unit.lang.is_cjk();
        owned_by(&cu.unit.mentions.quantities, &owned.quantities, id)
            .into_iter()
            .filter(|q| q.high >= 10 && class(&cu.unit.text, q, cjk) == Some(cls))
            .collect()
    };
    let intervals =
        |qs: &[&Quantity]| -> Vec<(u64, u64)> { qs.iter().map(|q| (q.low, q.high)).collect() };
    // Every number of `qs` (of unit `u`) agrees with one the entity has in another paragraph
    // linked to `u` than `except`: the two paragraphs tell different moments ("five hundred
    // ships came" here, "fifty escaped" there and in the other paragraph).
    let told_elsewhere = |u: usize, except: usize, qs: &[&Quantity], id: &str, cls: &str| {
        let others: Vec<(u64, u64)> = linked
            .get(&u)
            .into_iter()
            .flatten()
            .filter(|&&o| o != except)
            .flat_map(|&o| intervals(&counted(o, id, cls)))
            .collect();
        !others.is_empty() && qs.iter().all(|q| any_overlap(&[(q.low, q.high)], &others))
    };
    for (z, e, id) in shared_owners(units, links, owners) {
        let ((zh, _), (en, _)) = (indexes.get(z), indexes.get(e));
        for cls in ["troops", "casualties", "ships", "horses"] {
            let zc = counted(z, &id, cls);
            let ec = counted(e, &id, cls);
            if zc.is_empty()
                || ec.is_empty()
                || any_overlap(&intervals(&zc), &intervals(&ec))
                || told_elsewhere(e, z, &ec, &id, cls)
                || told_elsewhere(z, e, &zc, &id, cls)
            {
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
    indexes: &OwnerIndexes<'_, '_>,
    links: &[LinkRef],
    glossary: &Glossary,
    out: &mut Vec<Finding>,
) {
    let (units, owners) = (indexes.units, indexes.owners);
    for (z, e, id) in shared_owners(units, links, owners) {
        let ((zh, zi), (en, ei)) = (indexes.get(z), indexes.get(e));
        let zd: Vec<_> = owned_by(&zh.unit.mentions.dates, &zi.dates, &id)
            .into_iter()
            .filter_map(|d| d.gregorian_ymd().map(|g| (d, g)))
            .collect();
        let ed: Vec<_> = owned_by(&en.unit.mentions.dates, &ei.dates, &id)
            .into_iter()
            .filter_map(|d| d.gregorian_ymd().map(|g| (d, g)))
            .collect();
        let en_days: HashSet<Ymd> = ed.iter().map(|(_, b)| *b).collect();
        if zd.is_empty() || ed.is_empty() || zd.iter().any(|(d, _)| agrees(d, &en_days)) {
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

/// Whether one of `days` is a reading of `date` (`DateMention::agrees_with` against a set:
/// a converted lunar reading agrees with the day before and after too), in time independent of
/// how many days there are.
fn agrees(date: &DateMention, days: &HashSet<Ymd>) -> bool {
    date.readings().iter().any(|r| {
        let around: &[i64] = if r.approx { &[-1, 0, 1] } else { &[0] };
        around.iter().any(|&k| days.contains(&add_days(r.ymd, k)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The nearest span as the check first computed it: every span of the sentence compared.
    fn nearest_naive(
        spans: &[(usize, usize)],
        sentences: &[(usize, usize)],
        si: usize,
        s: usize,
        e: usize,
    ) -> Option<usize> {
        (0..spans.len())
            .filter(|&k| sentence_of(sentences, spans[k].0) == Some(si))
            .min_by_key(|&k| {
                let (ms, me) = spans[k];
                if s >= me {
                    s - me
                } else {
                    ms.saturating_sub(e)
                }
            })
    }

    proptest! {
        #[test]
        fn nearest_owner_is_the_one_a_scan_finds(
            raw in prop::collection::vec((0usize..200, 1usize..8), 0..40),
            cuts in prop::collection::btree_set(1usize..200, 0..6),
            item in (0usize..200, 1usize..6),
        ) {
            let mut spans: Vec<(usize, usize)> = raw.iter().map(|&(s, l)| (s, s + l)).collect();
            spans.sort_by_key(|m| m.0);
            let mut bounds: Vec<usize> = vec![0];
            bounds.extend(cuts);
            bounds.push(1000);
            let sentences: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
            let mut max_end = Vec::new();
            let mut group = None;
            for &(s, e) in &spans {
                let here = sentence_of(&sentences, s);
                let max = match max_end.last() {
                    Some(&max) if here == group => e.max(max),
                    _ => e,
                };
                group = here;
                max_end.push(max);
            }
            let (s, e) = (item.0, item.0 + item.1);
            let si = sentence_of(&sentences, s).expect("covered");
            prop_assert_eq!(
                nearest_index(&spans, &max_end, sentences[si], s, e),
                nearest_naive(&spans, &sentences, si, s, e)
            );
        }

        #[test]
        fn overlap_of_interval_sets_is_the_pairwise_one(
            a in prop::collection::vec((0u64..100, 0u64..20), 0..12),
            b in prop::collection::vec((0u64..100, 0u64..20), 0..12),
        ) {
            let a: Vec<(u64, u64)> = a.iter().map(|&(l, w)| (l, l + w)).collect();
            let b: Vec<(u64, u64)> = b.iter().map(|&(l, w)| (l, l + w)).collect();
            let naive = a.iter().any(|x| b.iter().any(|y| x.0 <= y.1 && y.0 <= x.1));
            prop_assert_eq!(any_overlap(&a, &b), naive);
        }
    }

    #[test]
    fn sentence_of_finds_the_covering_sentence() {
        let sentences = [(0, 5), (6, 10), (10, 12)];
        let found: Vec<Option<usize>> = [0, 4, 5, 6, 9, 10, 11, 12]
            .iter()
            .map(|&p| sentence_of(&sentences, p))
            .collect();
        assert_eq!(
            found,
            [
                Some(0),
                Some(0),
                None,
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                None
            ]
        );
    }
}
