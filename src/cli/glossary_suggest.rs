//! `hanbridge glossary suggest [--accept ID…] [--reject ID…]`: proposes glossary entries for
//! names the glossary lacks, stores them, and writes accepted ones into the glossary files.

use super::glossary::{load_files, settle, write_files};
use super::output::{line, print_json, table};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
use hanbridge::glossary::Glossary;
use hanbridge::glossary::suggest::{Pair, Pairing, Paragraph, Suggestion, suggest};
use hanbridge::store::{Store, SuggestionStatus};
use std::collections::HashSet;
use std::path::Path;

/// Runs `glossary suggest`: decisions when ids are given, else a fresh list of suggestions.
pub fn run(ctx: &Context, dir: &Path, accept: &[String], reject: &[String]) -> anyhow::Result<u8> {
    if let Some(both) = accept.iter().find(|id| reject.contains(id)) {
        bail!("suggestion {both}: both --accept and --reject");
    }
    if !accept.is_empty() || !reject.is_empty() {
        let mut store = ctx.open_write()?;
        for id in accept.iter().chain(reject) {
            if store.suggestion(id)?.is_none() {
                bail!("suggestion {id}: unknown (run `hanbridge glossary suggest` to list them)");
            }
        }
        if !accept.is_empty() {
            accept_ids(ctx, &mut store, dir, accept)?;
        }
        if !reject.is_empty() {
            store.decide_suggestions(reject, SuggestionStatus::Rejected)?;
            if !ctx.quiet {
                eprintln!(
                    "hanbridge: rejected {}: not proposed again",
                    reject.join(", ")
                );
            }
        }
        return Ok(0);
    }
    let mut store = ctx.open_write()?;
    let glossary = load_files(dir)?.glossary;
    let found = compute(ctx, &store, &glossary)?;
    store.save_suggestions(&found)?;
    print(ctx, &found)?;
    Ok(0)
}

/// Computes the suggestions for the corpus in `store` (rejected and accepted ones left out).
fn compute(ctx: &Context, store: &Store, glossary: &Glossary) -> anyhow::Result<Vec<Suggestion>> {
    let (units, _) = super::align::build_units_with(store, ctx.quiet)?;
    let linked = super::align::linked_units(store, &units)?;
    let paras: Vec<Paragraph<'_>> = units
        .iter()
        .map(|u| {
            let known: Vec<(usize, usize)> = u
                .mentions
                .names
                .iter()
                // A surname or given name alone (李, Yi) may be part of an unknown full name.
                .filter(|m| !m.short)
                .map(|m| (m.start, m.end))
                .collect();
            let unknown = if u.lang.is_cjk() {
                Vec::new()
            } else {
                hanbridge::check::english_name_likes(&u.text, &[(0, u.text.len())])
            };
            Paragraph {
                doc: &u.doc,
                ordinal: u.ordinal,
                text: &u.text,
                known,
                unknown,
            }
        })
        .collect();
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
    let skip: HashSet<String> = store
        .suggestion_statuses()?
        .into_iter()
        .filter(|(_, s)| *s != SuggestionStatus::Open)
        .map(|(id, _)| id)
        .collect();
    Ok(suggest(&paras, &pairs, glossary, &skip))
}

/// Prints suggestions as a table (one line of forms, one of evidence each) or JSON.
fn print(ctx: &Context, found: &[Suggestion]) -> anyhow::Result<()> {
    if ctx.format == OutputFormat::Json {
        return print_json(found);
    }
    if found.is_empty() {
        return line("glossary suggest: no suggestions");
    }
    let mut t = table(&["id", "conf", "zh", "en", "forms", "evidence"]);
    for s in found {
        let e = &s.entry;
        let forms: Vec<String> = hanbridge::glossary::Column::FORM_COLUMNS
            .iter()
            .filter(|&&c| {
                !matches!(
                    c,
                    hanbridge::glossary::Column::ZhHant | hanbridge::glossary::Column::En
                )
            })
            .filter_map(|&c| e.preferred(c).map(|v| format!("{c}={v}")))
            .collect();
        let evidence: Vec<String> = s
            .evidence
            .iter()
            .map(|v| {
                format!(
                    "{}: {} ~ {}: {} [{}: {}]",
                    v.en_at,
                    v.en_text,
                    v.zh_at,
                    v.zh_text,
                    s.system.as_str(),
                    v.reading
                )
            })
            .collect();
        t.add_row(vec![
            s.id.clone(),
            format!("{:.2}", s.confidence),
            e.preferred(hanbridge::glossary::Column::ZhHant)
                .unwrap_or("")
                .to_string(),
            e.label().to_string(),
            forms.join("\n"),
            evidence.join("\n"),
        ]);
    }
    line(t)?;
    line(format!(
        "glossary suggest: {} suggestions (accept with --accept ID, reject with --reject ID)",
        found.len()
    ))
}

/// Writes the accepted suggestions into the glossary files (all files switched together),
/// then records them as accepted.
fn accept_ids(ctx: &Context, store: &mut Store, dir: &Path, ids: &[String]) -> anyhow::Result<()> {
    if !dir.is_dir() {
        bail!("{}: not a glossary directory", dir.display());
    }
    settle(dir)?;
    let mut glossary = load_files(dir)?.glossary;
    let mut added = Vec::new();
    for id in ids {
        let row = store
            .suggestion(id)?
            .with_context(|| format!("suggestion {id}: unknown"))?;
        if row.status == SuggestionStatus::Rejected {
            bail!("suggestion {id}: rejected before; nothing written");
        }
        let mut entry = row.suggestion.entry;
        let hant = entry.zh_hant.first().cloned().unwrap_or_default();
        if glossary
            .entries
            .iter()
            .any(|e| e.zh_hant.contains(&hant) && e.en == entry.en)
        {
            continue;
        }
        let base = entry.id.clone();
        let mut n = 2;
        while glossary.get(&entry.id).is_some() {
            entry.id = format!("{base}-{n}");
            n += 1;
        }
        added.push(entry.id.clone());
        let at = glossary
            .entries
            .binary_search_by(|e| e.id.cmp(&entry.id))
            .unwrap_or_else(|i| i);
        glossary.entries.insert(at, entry);
    }
    if !added.is_empty() {
        let written = write_files(dir, &glossary)?;
        if !ctx.quiet {
            eprintln!(
                "hanbridge: accepted {} into {}: {}",
                added.join(", "),
                dir.display(),
                written.join(", ")
            );
        }
    }
    store.decide_suggestions(ids, SuggestionStatus::Accepted)?;
    for id in &added {
        line(format!("+ {id}"))?;
    }
    Ok(())
}
