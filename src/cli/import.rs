//! `hanbridge import FILE|DIR…`

use super::output::{print_json, status as say};
use super::{Context, OutputFormat};
use hanbridge::corpus::collect::{
    Collected, Overrides, Skip, TEXT_EXTENSIONS, collect, for_each_document,
};
use hanbridge::corpus::{Format, Lang, ParagraphRule};
use hanbridge::store::{Change, ImportOutcome, ImportStatus, Store};
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

/// At most this many files a walk passed over are named, one warning each.
const SKIPPED_LINES: usize = 10;

/// Imports every file under `paths` into the store that `open` opens, all or nothing.
///
/// Every path is resolved and every file read and parsed first, to report every bad path and
/// file (missing, unreadable, not UTF-8, binary, empty, unparsable) in one pass before the
/// database is touched (or created); then read and parsed again in parallel batches written in one
/// transaction. Parsing twice costs little next to the inserts, and the corpus is never
/// in memory at once.
pub fn import_paths(
    paths: &[PathBuf],
    ov: &Overrides,
    quiet: bool,
    open: impl FnOnce() -> anyhow::Result<Store>,
) -> anyhow::Result<(Store, Vec<ImportOutcome>)> {
    let Collected {
        inputs,
        mut errors,
        skipped,
    } = collect(paths, ov);
    if !quiet {
        for (path, why) in skipped.iter().take(SKIPPED_LINES) {
            let why = match why {
                Skip::OtherKind => format!(
                    "not a .{} file, and no corpus.toml lists it",
                    TEXT_EXTENSIONS.join("/.")
                ),
                Skip::NotRegular => "not a regular file (a FIFO, socket or device)".into(),
            };
            eprintln!(
                "hanbridge: warning: {}: not imported: {why}",
                path.display()
            );
        }
        if skipped.len() > SKIPPED_LINES {
            eprintln!(
                "hanbridge: warning: {} more files not imported",
                skipped.len() - SKIPPED_LINES
            );
        }
    }
    let progress = super::progress::Progress::new(quiet, inputs.len() as u64, "read");
    if let Err(bad) = for_each_document(&inputs, &|| progress.tick(), |_| Ok(())) {
        errors.extend(bad);
    }
    progress.finish();
    if !errors.is_empty() {
        return Err(join_errors(errors));
    }
    let mut store = open()?;
    let mut importer = store.importer()?;
    let mut outcomes = Vec::with_capacity(inputs.len());
    let progress = super::progress::Progress::new(quiet, inputs.len() as u64, "import");
    for_each_document(&inputs, &|| progress.tick(), |doc| {
        outcomes.push(importer.import(&doc)?);
        Ok(())
    })
    .map_err(join_errors)?;
    progress.finish();
    importer.finish()?;
    Ok((store, outcomes))
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let ov = Overrides {
        lang: args.lang,
        format: args.markup,
        id: args.id,
        paragraphs: args.paragraphs,
        unit_chars: Some(args.unit_chars),
    };
    let (_, outcomes) = import_paths(&args.paths, &ov, ctx.quiet, || ctx.open_create())?;
    print_outcomes(ctx, &outcomes)?;
    Ok(0)
}

/// Merges the errors of several files into one message, one file per line.
pub fn join_errors(errors: Vec<anyhow::Error>) -> anyhow::Error {
    let n = errors.len();
    let msgs: Vec<String> = errors.iter().map(|e| format!("{e:#}")).collect();
    let joined = msgs.join("\nhanbridge: ");
    if n > 1 {
        anyhow::anyhow!("{joined}\nhanbridge: {n} errors; nothing imported")
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
