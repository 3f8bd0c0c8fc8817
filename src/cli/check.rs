//! `hanbridge check`: findings about names, romanisations, numbers and dates.

use super::output::{line, table, write_binary};
use super::{Context, OutputFormat};
use anyhow::bail;
use hanbridge::check::{Category, Finding, Options, Severity};
use hanbridge::export;
use hanbridge::workbench::is_finding_key;
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
    match cmd {
        FindingCommand::Dismiss { key, reason } => {
            // Checked before the database is opened: a typo never waits for a lock.
            if !is_finding_key(&key) {
                bail!(
                    "finding dismiss: {key:?} is not a finding key (16 hex digits, as `check` prints)"
                );
            }
            if reason.trim().is_empty() {
                bail!("finding dismiss: --reason is empty: say why the finding is fine");
            }
            let before = ctx.workbench_write()?.dismiss(&key, &reason)?;
            super::output::status(
                ctx.quiet,
                match before {
                    Some(b) => format!("finding {key}: reason replaced (was {:?})", b.reason),
                    None => format!("finding {key}: dismissed"),
                },
            );
        }
        FindingCommand::Restore { key } => {
            ctx.workbench_write()?
                .restore(&key)
                .map_err(|e| anyhow::anyhow!("finding restore: {e}"))?;
            super::output::status(ctx.quiet, format!("finding {key}: restored"));
        }
    }
    Ok(0)
}

/// Runs `undo`: puts back what the latest review action replaced, in one transaction.
pub fn run_undo(ctx: &Context) -> anyhow::Result<u8> {
    let u = ctx
        .workbench_write()?
        .undo()
        .map_err(|e| anyhow::anyhow!("undo: {e}"))?;
    line(format!("undone: {} of {}: {}", u.action, u.at, u.what))?;
    Ok(0)
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let bench = ctx.workbench_read()?;
    let obs = ctx.observer();
    let scanned = bench.scan(&obs)?;
    let options = Options {
        suggest: args.suggest,
    };
    let linked = bench.links(&scanned.units)?;
    let mut all = bench.check(&scanned, &linked, &args.glossary, &options, &obs)?;
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
