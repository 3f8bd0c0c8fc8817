//! Finding entries by any form in any script (folded: see `fold`), and by the spellings
//! `derive` makes of them (a listed form always wins its key).

use super::derive::{Rule, derive};
use super::fold::{fold, loose};
use super::{Column, Entry, Glossary, Status};
use serde::Serialize;
use std::collections::HashMap;

/// How a query matched an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit<'g> {
    /// The entry.
    pub entry: &'g Entry,
    /// The form that matched (for a derived spelling, the listed form it was derived from).
    pub form: &'g str,
    /// Its column.
    pub column: Column,
    /// Its standing.
    pub status: Status,
    /// True for an exact (folded) match, false for a partial one.
    pub exact: bool,
    /// The rule that derived the spelling matched, if it is not a listed form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<Rule>,
}

/// One form in the index: entry index, column, form, standing, and the rule that derived
/// it.
pub(crate) type Slot<'g> = (usize, Column, &'g str, Status, Option<Rule>);

/// An index of every folded form of a glossary.
#[derive(Debug)]
pub struct Index<'g> {
    glossary: &'g Glossary,
    by_key: HashMap<String, Vec<Slot<'g>>>,
    /// Latin forms by their loose key (long vowels folded), for the fallback.
    by_loose: HashMap<String, Vec<Slot<'g>>>,
}

impl<'g> Index<'g> {
    /// Builds the index.
    pub fn new(glossary: &'g Glossary) -> Self {
        type Slots<'g> = HashMap<String, Vec<Slot<'g>>>;
        let mut by_key: Slots<'g> = HashMap::new();
        let mut by_loose: Slots<'g> = HashMap::new();
        let add = |map: &mut Slots<'g>, key: String, hit: Slot<'g>| {
            let slot = map.entry(key).or_default();
            if !slot.iter().any(|(j, ..)| *j == hit.0) {
                slot.push(hit);
            }
        };
        for (i, e) in glossary.entries.iter().enumerate() {
            for (column, text, status) in e.forms() {
                let key = fold(text);
                if key.is_empty() {
                    continue;
                }
                if column.is_latin() {
                    add(&mut by_loose, loose(&key), (i, column, text, status, None));
                }
                add(&mut by_key, key, (i, column, text, status, None));
            }
        }
        for d in derive(glossary) {
            let key = fold(&d.form);
            if by_key
                .get(&key)
                .is_none_or(|slot| slot.iter().all(|s| s.4.is_some()))
            {
                add(
                    &mut by_key,
                    key,
                    (d.entry, d.column, d.from, d.status, Some(d.rule)),
                );
            }
        }
        Index {
            glossary,
            by_key,
            by_loose,
        }
    }

    /// The folded keys with their forms, and the loose keys of Latin forms (for the
    /// name authority cache, which stores them).
    pub(crate) fn keys(&self) -> [&HashMap<String, Vec<Slot<'g>>>; 2] {
        [&self.by_key, &self.by_loose]
    }

    /// Entries with a form equal to `query` once folded; if none, entries with a form that
    /// contains the query or is contained in it (at least two folded characters), best first.
    pub fn lookup(&self, query: &str) -> Vec<Hit<'g>> {
        let key = fold(query);
        if key.is_empty() {
            return Vec::new();
        }
        let hit = |&(i, column, form, status, derived): &Slot<'g>, exact| Hit {
            entry: &self.glossary.entries[i],
            form,
            column,
            status,
            exact,
            derived,
        };
        if let Some(found) = self
            .by_key
            .get(&key)
            .or_else(|| self.by_loose.get(&loose(&key)))
        {
            return found.iter().map(|f| hit(f, true)).collect();
        }
        if key.chars().count() < 2 {
            return Vec::new();
        }
        let mut partial: Vec<(usize, Hit<'g>)> = Vec::new();
        for (k, found) in &self.by_key {
            if k.contains(&key) || (key.contains(k.as_str()) && k.chars().count() >= 2) {
                // Partial matches are on listed forms only.
                // An entry once, by its closest form (not the first the map yields).
                for f in found.iter().filter(|f| f.4.is_none()) {
                    let distance = k.len().abs_diff(key.len());
                    let id = &self.glossary.entries[f.0].id;
                    match partial.iter_mut().find(|(_, h)| &h.entry.id == id) {
                        Some(slot) if distance < slot.0 => *slot = (distance, hit(f, false)),
                        Some(_) => {}
                        None => partial.push((distance, hit(f, false))),
                    }
                }
            }
        }
        partial.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.entry.id.cmp(&b.1.entry.id)));
        partial.into_iter().map(|(_, h)| h).take(20).collect()
    }
}
