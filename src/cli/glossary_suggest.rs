//! `hanbridge glossary suggest [--accept ID…] [--reject ID…]`: proposes glossary entries for
//! names the glossary lacks, stores them, and writes accepted ones into the glossary files.

use super::glossary::load_files;
use super::output::{line, print_json, table};
use super::{Context, OutputFormat};
use anyhow::bail;
use hanbridge::glossary::suggest::Suggestion;
use std::path::Path;

/// Runs `glossary suggest`: decisions when ids are given, else a fresh list of suggestions.
pub fn run(ctx: &Context, dir: &Path, accept: &[String], reject: &[String]) -> anyhow::Result<u8> {
    if let Some(both) = accept.iter().find(|id| reject.contains(id)) {
        bail!("suggestion {both}: both --accept and --reject");
    }
    if !accept.is_empty() || !reject.is_empty() {
        let mut bench = ctx.workbench_write()?;
        let obs = ctx.observer();
        // Every id is checked before anything is written.
        let all: Vec<String> = accept.iter().chain(reject).cloned().collect();
        bench.known_suggestions(&all)?;
        if !accept.is_empty() {
            let (added, written) = bench.accept_suggestions(dir, accept, &obs)?;
            if !added.is_empty() && !ctx.quiet {
                eprintln!(
                    "hanbridge: accepted {} into {}: {}",
                    added.join(", "),
                    dir.display(),
                    written.join(", ")
                );
            }
            for id in &added {
                line(format!("+ {id}"))?;
            }
        }
        if !reject.is_empty() {
            bench.reject_suggestions(reject)?;
            if !ctx.quiet {
                eprintln!(
                    "hanbridge: rejected {}: not proposed again",
                    reject.join(", ")
                );
            }
        }
        return Ok(0);
    }
    let glossary = load_files(dir)?.glossary;
    let found = ctx.workbench_write()?.suggest(&glossary, &ctx.observer())?;
    print(ctx, &found)?;
    Ok(0)
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
