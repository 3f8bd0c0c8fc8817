//! `hanbridge import FILE|DIR…`

use super::output::{line, print_json};
use super::{Context, OutputFormat};
use hanbridge::corpus::collect::{Overrides, collect_inputs, load_inputs_with};
use hanbridge::corpus::{Document, Format, Lang};
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
}

/// Reads and parses every file under `paths`; every bad file is reported, none is kept.
pub fn load_paths(paths: &[PathBuf], ov: &Overrides, quiet: bool) -> anyhow::Result<Vec<Document>> {
    let inputs = collect_inputs(paths, ov)?;
    let progress = super::progress::Progress::new(quiet, inputs.len() as u64, "import");
    let docs = load_inputs_with(inputs, &|| progress.tick()).map_err(join_errors);
    progress.finish();
    docs
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let ov = Overrides {
        lang: args.lang,
        format: args.markup,
        id: args.id,
    };
    // Read and parse everything before touching the database.
    let docs = load_paths(&args.paths, &ov, ctx.quiet)?;
    let mut store = ctx.open()?;
    let outcomes = store.import(&docs)?;
    print_outcomes(ctx, &outcomes)?;
    Ok(0)
}

/// Merges the errors of several files into one message, one file per line.
pub fn join_errors(errors: Vec<anyhow::Error>) -> anyhow::Error {
    let n = errors.len();
    let msgs: Vec<String> = errors.iter().map(|e| format!("{e:#}")).collect();
    let joined = msgs.join("\nhanbridge: ");
    if n > 1 {
        anyhow::anyhow!("{joined}\nhanbridge: {n} files failed; nothing imported")
    } else {
        anyhow::anyhow!("{joined}")
    }
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
    line(format!(
        "import: {} documents: {} added, {} revised, {} metadata updated, {} unchanged (see `hanbridge docs`)",
        outcomes.len(),
        count(ImportStatus::Added),
        count(ImportStatus::Revised),
        count(ImportStatus::Metadata),
        count(ImportStatus::Unchanged),
    ))
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
        line(summary)?;
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
            line(format!("  {sign} {place}  {}", c.preview))?;
        }
    }
    Ok(())
}
