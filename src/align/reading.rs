//! Names the glossary lacks, read across the corpus's scripts: an English name that no entry
//! resolves ("Sin Rip") and a Chinese span whose Sino-Korean, Mandarin or Japanese reading it
//! is (申砬 → 신립 → Sin Rip) are one name, and two paragraphs writing it share it as they
//! would share a glossary name. On texts the glossary was not written for, the commanders and
//! places of a battle's phases are often such names: without them two accounts of one battle
//! share only its famous people.
//!
//! The matching is [`crate::glossary::suggest::read_across`] (the engine `glossary suggest`
//! proposes entries with); this pass runs it over the whole corpus before alignment and
//! records what it found in each paragraph's [`ParagraphMentions::read`]. Checks never see
//! these names: a name the glossary lacks is still reported as such.
//!
//! [`ParagraphMentions::read`]: crate::mentions::ParagraphMentions::read

use super::Unit;
use crate::glossary::suggest::{Paragraph, read_across};
use crate::mentions::{EntityId, ReadName};

/// A paragraph as discovery reads it: its glossary names (not short forms: a surname or given
/// name alone, 李 or Yi, may be part of an unknown full name) and, in English, its name-like
/// spans.
pub fn paragraph(u: &Unit) -> Paragraph<'_> {
    let known = u
        .mentions
        .names
        .iter()
        .filter(|m| !m.short)
        .map(|m| (m.start, m.end))
        .collect();
    let unknown = if u.lang.is_cjk() {
        Vec::new()
    } else {
        crate::check::english_name_likes(&u.text, &[(0, u.text.len())])
    };
    Paragraph {
        doc: &u.doc,
        ordinal: u.ordinal,
        text: &u.text,
        known,
        unknown,
    }
}

/// Finds the names read across scripts in `units` and records them in their mentions
/// (replacing what an earlier pass recorded). Returns how many distinct names were found.
pub fn read_names(units: &mut [Unit]) -> usize {
    for u in units.iter_mut() {
        u.mentions.read.clear();
    }
    // Headings and page furniture name nothing a link can stand on.
    let found = read_across(
        units.len(),
        |i| {
            let u = &units[i];
            if super::is_alignable(u) {
                paragraph(u)
            } else {
                Paragraph {
                    doc: &u.doc,
                    ordinal: u.ordinal,
                    text: "",
                    known: Vec::new(),
                    unknown: Vec::new(),
                }
            }
        },
        |i| units[i].lang.is_cjk(),
    );
    let mut names = std::collections::HashSet::new();
    for o in found {
        names.insert(o.zh.clone());
        units[o.para].mentions.read.push(ReadName {
            start: o.start as u32,
            end: o.end as u32,
            id: EntityId::new(&o.zh),
        });
    }
    names.len()
}
