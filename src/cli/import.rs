//! `hanbridge import FILE|DIR…`

use super::output::{print_json, status as say};
use super::{Context, OutputFormat};
use hanbridge::corpus::collect::Overrides;
use hanbridge::corpus::{Format, Lang, ParagraphRule};
use hanbridge::store::{Change, ImportOutcome, ImportStatus};
use std::path::PathBuf;

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories to import (directories: .txt, .md, .wiki files, and corpus.toml).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Language of every file (default: detected from script): zh, en, ja, ko.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Markup of every file (default: detected): markdown, wiki, plain.
    #[arg(long)]
    pub markup: Option<Format>,
    /// Document id (one file only; default: the manifest's id, else the file name).
    #[arg(long)]
    pub id: Option<String>,
    /// How every file separates paragraphs (default: the manifest's `paragraphs`, else
    /// detected per file): blank-line, line (a line that ends a sentence ends a paragraph),
    /// indent (a line opening with a full-width space starts one).
    #[arg(long)]
    pub paragraphs: Option<ParagraphRule>,
    /// Cut paragraphs longer than this many characters at sentence ends (0: never).
    #[arg(long, default_value_t = hanbridge::corpus::DEFAULT_UNIT_CHARS,
          allow_negative_numbers = true, value_parser = super::values::unit_chars)]
    pub unit_chars: usize,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let ov = Overrides {
        lang: args.lang,
        format: args.markup,
        id: args.id,
        paragraphs: args.paragraphs,
        unit_chars: Some(args.unit_chars),
    };
    let (_, outcomes) =
        hanbridge::workbench::import(&args.paths, &ov, &ctx.observer(), || ctx.open_create())?;
    print_outcomes(ctx, &outcomes)?;
    Ok(0)
}

/// Prints what an import did.
/// Beyond this many documents, `run` prints one line of counts instead of a line per document.
pub const OUTCOME_LINES: usize = 20;

/// `run`'s account of an import: a line per document for a few, counts for a corpus.
pub fn print_outcome_summary(ctx: &Context, outcomes: &[ImportOutcome]) -> anyhow::Result<()> {
    if ctx.format != OutputFormat::Table || outcomes.len() <= OUTCOME_LINES {
        return print_outcomes(ctx, outcomes);
    }
    let count = |s: ImportStatus| outcomes.iter().filter(|o| o.status == s).count();
    say(
        ctx.quiet,
        format!(
            "import: {} documents: {} added, {} revised, {} metadata updated, {} unchanged (see `hanbridge docs`)",
            outcomes.len(),
            count(ImportStatus::Added),
            count(ImportStatus::Revised),
            count(ImportStatus::Metadata),
            count(ImportStatus::Unchanged),
        ),
    );
    Ok(())
}

pub fn print_outcomes(ctx: &Context, outcomes: &[ImportOutcome]) -> anyhow::Result<()> {
    if ctx.format == OutputFormat::Json {
        return print_json(outcomes);
    }
    for o in outcomes {
        let status = match o.status {
            ImportStatus::Added => "added",
            ImportStatus::Unchanged => "unchanged",
            ImportStatus::Metadata => "metadata updated",
            ImportStatus::Revised => "revised",
        };
        let mut summary = format!(
            "{}: {status}, revision {}, {} paragraphs",
            o.document, o.revision, o.paragraphs
        );
        if o.status == ImportStatus::Revised {
            let count = |c: Change| o.changes.iter().filter(|x| x.change == c).count();
            summary.push_str(&format!(
                " ({} changed, {} added, {} removed, {} moved)",
                count(Change::Changed),
                count(Change::Added),
                count(Change::Removed),
                count(Change::Moved)
            ));
        }
        say(ctx.quiet, summary);
        for c in &o.changes {
            let (sign, place) = match (c.change, c.old, c.new) {
                (Change::Added, _, Some(n)) => ('+', format!("{}:{n}", o.document)),
                (Change::Removed, Some(old), _) => ('-', format!("{}:{old} (old)", o.document)),
                (Change::Changed, Some(old), Some(n)) => {
                    ('~', format!("{}:{n} (was {old})", o.document))
                }
                (Change::Moved, Some(old), Some(n)) => {
                    ('>', format!("{}:{n} (was {old})", o.document))
                }
                _ => ('?', o.document.clone()),
            };
            say(ctx.quiet, format!("  {sign} {place}  {}", c.preview));
        }
    }
    Ok(())
}
