//! `hanbridge check`: findings about names, romanisations, numbers and dates.

use super::output::{line, table, write_binary};
use super::{Context, OutputFormat};
use anyhow::bail;
use hanbridge::align::Unit;
use hanbridge::check::{self, Category, CheckUnit, Finding, Options, Severity};
use hanbridge::export;
use hanbridge::store::{Store, StoredUnit};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only findings in this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Exit 1 when findings at or above this severity exist: info, warning, error.
    #[arg(long, default_value = "error")]
    pub fail_on: Severity,
    /// Propose glossary forms for unknown names (computed by the romanisation engines).
    #[arg(long)]
    pub suggest: bool,
    /// The glossary files (for the glossary category).
    #[arg(long, default_value = "glossary")]
    pub glossary: PathBuf,
    /// With --format xlsx: write the workbook here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `finding`: a translator's decision on a finding of `check`.
#[derive(Debug, clap::Subcommand)]
pub enum FindingCommand {
    /// Dismiss a finding (by the key `check` prints): it stays listed, marked dismissed with
    /// the reason, and no longer fails `check`; it survives re-import and re-alignment.
    Dismiss {
        /// The finding's key (`check` prints it; `--format json` as `key`).
        key: String,
        /// Why the finding is fine.
        #[arg(long)]
        reason: String,
    },
    /// Take a dismissal back.
    Restore {
        /// The finding's key.
        key: String,
    },
}

/// Runs `finding dismiss|restore`, each one transaction.
pub fn run_finding(ctx: &Context, cmd: FindingCommand) -> anyhow::Result<u8> {
    let valid = |key: &str| key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit());
    match cmd {
        FindingCommand::Dismiss { key, reason } => {
            if !valid(&key) {
                bail!(
                    "finding dismiss: {key:?} is not a finding key (16 hex digits, as `check` prints)"
                );
            }
            if reason.trim().is_empty() {
                bail!("finding dismiss: --reason is empty: say why the finding is fine");
            }
            let mut store = ctx.open_write()?;
            let before = store.dismiss_finding(&key, &reason)?;
            super::output::status(
                ctx.quiet,
                match before {
                    Some(b) => format!("finding {key}: reason replaced (was {:?})", b.reason),
                    None => format!("finding {key}: dismissed"),
                },
            );
        }
        FindingCommand::Restore { key } => {
            if !valid(&key) {
                bail!(
                    "finding restore: {key:?} is not a finding key (16 hex digits, as `check` prints)"
                );
            }
            let mut store = ctx.open_write()?;
            match store.restore_finding(&key)? {
                Some(_) => super::output::status(ctx.quiet, format!("finding {key}: restored")),
                None => bail!("finding restore: {key} was not dismissed"),
            }
        }
    }
    Ok(0)
}

/// Runs `undo`: puts back what the latest review action replaced, in one transaction.
pub fn run_undo(ctx: &Context) -> anyhow::Result<u8> {
    let mut store = ctx.open_write()?;
    match store.undo()? {
        Some(u) => {
            line(format!("undone: {} of {}: {}", u.action, u.at, u.what))?;
            Ok(0)
        }
        None => bail!("undo: no review action to undo"),
    }
}

/// Runs every check on paragraphs already scanned.
pub fn findings_for(
    store: &Store,
    units: &[Unit],
    stored: &[StoredUnit],
    linked: &super::align::Linked,
    glossary_dir: &std::path::Path,
    options: &Options,
    quiet: bool,
) -> anyhow::Result<Vec<Finding>> {
    let glossary = store.glossary()?;
    let markup = store.current_markup()?;
    type Markup = (
        Vec<(String, String, (usize, usize))>,
        Vec<(String, (usize, usize))>,
    );
    // Per unit: the markup of its paragraph.
    let mut by_unit: Vec<Markup> = vec![Markup::default(); units.len()];
    let index_of = hanbridge::align::unit_index(units);
    for (doc, para, kind, label, value, range) in markup {
        let Some(&i) = index_of.get(&(doc.as_str(), para)) else {
            continue;
        };
        let entry = &mut by_unit[i];
        if kind == "link" {
            if let Some(r) = range {
                entry.0.push((label, value, r));
            }
        } else if let Some(pos) = units[i].text.find(&value).filter(|_| !value.is_empty()) {
            entry.1.push((label, (pos, pos + value.len())));
        }
    }
    let check_units: Vec<CheckUnit<'_>> = units
        .iter()
        .zip(stored)
        .zip(by_unit)
        .map(|((u, s), (links, fields))| CheckUnit {
            sentences: hanbridge::corpus::sentence::split(&u.text, u.lang),
            chars: hanbridge::corpus::CharCounter::new(&u.text),
            unit: u,
            run_chars: &s.run_chars,
            start_char: s.start_char,
            links,
            fields,
        })
        .collect();
    let checked = super::glossary::authority_checks(store.path(), glossary_dir, false)?;
    let (report, origins) = (checked.report, checked.origins);
    let origin = |id: &str| {
        origins
            .get(id)
            .cloned()
            .unwrap_or_else(|| ("glossary".into(), 0))
    };
    let progress = super::progress::Progress::new(quiet, check::STEPS, "check");
    let mut all = check::check_with(
        &check_units,
        &linked.pairs,
        &glossary,
        Some((&report, &origin)),
        options,
        &|| progress.tick(),
    );
    progress.finish();
    let documents = store.documents()?;
    all.extend(check::hidden_in_titles(
        documents.iter().map(|d| (d.id.as_str(), d.title.as_str())),
        units,
    ));
    check::sort(&mut all);
    // Stable keys (by paragraph content), then the translator's dismissals.
    let hash_of: std::collections::HashMap<(&str, usize), &str> = units
        .iter()
        .map(|u| ((u.doc.as_str(), u.ordinal), u.hash.as_str()))
        .collect();
    check::assign_keys(&mut all, |doc, para| {
        hash_of.get(&(doc, para)).map(|h| h.to_string())
    });
    let dismissed = store.dismissals()?;
    check::apply_dismissals(&mut all, |key| dismissed.get(key).map(|d| d.reason.clone()));
    Ok(all)
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let store = ctx.open_read()?;
    let (units, stored) = super::align::build_units_with(&store, ctx.quiet)?;
    let options = Options {
        suggest: args.suggest,
    };
    let linked = super::align::linked_units(&store, &units)?;
    let mut all = findings_for(
        &store,
        &units,
        &stored,
        &linked,
        &args.glossary,
        &options,
        ctx.quiet,
    )?;
    if let Some(doc) = &args.doc {
        all.retain(|f| &f.doc == doc);
    }
    if args.out.is_some() && ctx.format != OutputFormat::Xlsx {
        bail!("check: --out is for --format xlsx; other formats go to stdout");
    }
    match ctx.format {
        OutputFormat::JsonArray => super::output::print_json(&all)?,
        OutputFormat::Json => {
            let mut out = std::io::stdout().lock();
            for f in &all {
                serde_json::to_writer(&mut out, f)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Csv => export::findings::csv(&all, std::io::stdout().lock())?,
        OutputFormat::Xlsx => write_binary(args.out.as_deref(), &export::findings::xlsx(&all)?)?,
        OutputFormat::Table => {
            for category in Category::ALL {
                let group: Vec<&Finding> = all.iter().filter(|f| f.category == category).collect();
                if group.is_empty() {
                    continue;
                }
                line(format!("{category} ({}):", group.len()))?;
                let mut t = table(&["where", "severity", "found", "expected", "note"]);
                for f in group {
                    let found = if f.count > 1 {
                        format!("{} (×{})", f.text, f.count)
                    } else {
                        f.text.clone()
                    };
                    let severity = match &f.dismissed {
                        Some(reason) => format!("dismissed ({}): {reason}", f.severity),
                        None => f.severity.to_string(),
                    };
                    t.add_row(vec![
                        format!("{}:{} @{} [{}]", f.doc, f.para, f.start_char, f.key),
                        severity,
                        found,
                        f.expected.clone().unwrap_or_default(),
                        f.suggestion.clone().unwrap_or_default(),
                    ]);
                }
                line(t)?;
            }
            line(summary(&all))?;
        }
        other => {
            bail!("check: --format {other:?} is not supported (table, json, json-array, csv, xlsx)")
        }
    }
    Ok(
        if all
            .iter()
            .any(|f| f.severity >= args.fail_on && f.dismissed.is_none())
        {
            1
        } else {
            0
        },
    )
}

/// One line: findings by severity and category.
pub fn summary(all: &[Finding]) -> String {
    let dismissed = all.iter().filter(|f| f.dismissed.is_some()).count();
    let all: Vec<&Finding> = all.iter().filter(|f| f.dismissed.is_none()).collect();
    let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
    let by_category: Vec<String> = Category::ALL
        .iter()
        .filter_map(|c| {
            let n = all.iter().filter(|f| f.category == *c).count();
            (n > 0).then(|| format!("{c} {n}"))
        })
        .collect();
    format!(
        "findings: {} errors, {} warnings, {} info ({})",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        if by_category.is_empty() {
            "none".to_string()
        } else {
            by_category.join(", ")
        }
    ) + &if dismissed > 0 {
        format!("; {dismissed} dismissed")
    } else {
        String::new()
    }
}
