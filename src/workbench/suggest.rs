//! Glossary suggestions for names the glossary lacks.

use super::{Observer, Scanned, Workbench};
use crate::glossary::Glossary;
use crate::glossary::suggest::{Pair, Pairing, Paragraph, Suggestion, suggest};
use crate::store::SuggestionStatus;
use std::collections::HashSet;

impl Workbench {
    /// Proposes glossary entries for names the glossary lacks, from what linked (and
    /// neighbouring, and same-battle) paragraphs name in the other language, and stores them
    /// (rejected and accepted ones are not proposed again).
    pub fn suggest(
        &mut self,
        glossary: &Glossary,
        obs: &dyn Observer,
    ) -> anyhow::Result<Vec<Suggestion>> {
        let Scanned { units, .. } = self.scan(obs)?;
        let linked = self.links(&units)?;
        let paras: Vec<Paragraph<'_>> =
            units.iter().map(crate::align::reading::paragraph).collect();
        // Linked pairs, then the linked Chinese paragraph's neighbours as candidates (a name is
        // often introduced a paragraph before or after the one the link holds).
        let mut pairs = Vec::new();
        let mut seen = HashSet::new();
        for l in &linked.pairs {
            if seen.insert((l.zh, l.en)) {
                pairs.push(Pair {
                    zh: l.zh,
                    en: l.en,
                    pairing: Pairing::Linked,
                });
            }
        }
        for l in &linked.pairs {
            for zh in [l.zh.wrapping_sub(1), l.zh + 1] {
                if zh < units.len() && units[zh].doc == units[l.zh].doc && seen.insert((zh, l.en)) {
                    pairs.push(Pair {
                        zh,
                        en: l.en,
                        pairing: Pairing::Candidate,
                    });
                }
            }
        }
        // Chinese paragraphs narrating the same battle as an English paragraph that holds unknown
        // names are candidates too, linked or not.
        let mut by_event: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, u) in units.iter().enumerate() {
            if u.lang.is_cjk() {
                for ev in &u.context.events {
                    by_event.entry(ev.as_str()).or_default().push(i);
                }
            }
        }
        for (en, p) in paras.iter().enumerate() {
            if p.unknown.is_empty() || units[en].lang.is_cjk() {
                continue;
            }
            for ev in &units[en].context.events {
                for &zh in by_event.get(ev.as_str()).into_iter().flatten() {
                    if seen.insert((zh, en)) {
                        pairs.push(Pair {
                            zh,
                            en,
                            pairing: Pairing::Candidate,
                        });
                    }
                }
            }
        }
        let skip: HashSet<String> = self
            .store
            .suggestion_statuses()?
            .into_iter()
            .filter(|(_, s)| *s != SuggestionStatus::Open)
            .map(|(id, _)| id)
            .collect();
        let found = suggest(&paras, &pairs, glossary, &skip);
        self.store.save_suggestions(&found)?;
        Ok(found)
    }
}
