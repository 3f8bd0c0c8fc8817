//! Command-line interface: clap structs and one thin `run` per subcommand.
//!
//! Each subcommand gathers its inputs, calls the library, and hands results to a renderer.
//! Data goes to stdout, progress and warnings to stderr.

mod align;
mod bench;
mod check;
mod docs;
mod glossary;
mod glossary_suggest;
mod import;
mod output;
mod progress;
mod report;
mod run;
mod show;
mod values;

use clap::{Parser, Subcommand, ValueEnum};
use hanbridge::store::{Access, DEFAULT_DB, Store};
use std::path::PathBuf;
use std::time::Duration;

/// A workbench for translators of East-Asian history: import Chinese and English texts,
/// map names across scripts, align comparable paragraphs, check names and numbers.
#[derive(Debug, Parser)]
#[command(name = "hanbridge", version, about, long_about = None)]
pub struct Cli {
    /// SQLite database to use (`import`, `glossary load` and `run` create it if missing).
    #[arg(long, global = true, env = "HANBRIDGE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Seconds a command that writes waits for another process writing the same database
    /// (0 to 86400) before giving up.
    #[arg(long, global = true, env = "HANBRIDGE_BUSY_TIMEOUT", value_name = "SECS",
          default_value = "30", allow_negative_numbers = true, value_parser = values::busy_timeout)]
    pub busy_timeout: Duration,

    /// Output format for data on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// No progress or summary lines on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// How data is printed (each command says which it supports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for programs.
    Json,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// TermBase eXchange v3 (glossary export).
    Tbx,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import text files or directories (with an optional corpus.toml) into the database.
    Import(import::Args),
    /// List documents with paragraph and sentence counts.
    Docs,
    /// Show a document (DOC) or one paragraph (DOC:PARA) with offsets and sentences.
    Show(show::Args),
    /// The glossary: load, validate, lookup, export, import.
    Glossary(glossary::Args),
    /// Link Chinese paragraphs to English ones through shared names, numbers and dates.
    Align(align::AlignArgs),
    /// List links with score, status and evidence.
    Links(align::LinksArgs),
    /// Review a link: confirm, reject, or add one by hand.
    #[command(subcommand)]
    Link(align::LinkCommand),
    /// Passages with no link, grouped by section: in scope (sharing names or dates with the
    /// other language) first, then out of scope.
    Unaligned(align::UnalignedArgs),
    /// Why two paragraphs are (or are not) linked: their anchors, weights and score.
    Explain(align::ExplainArgs),
    /// Print every paragraph's anchors as JSON lines (for studying the aligner).
    #[command(hide = true)]
    DumpAnchors,
    /// Measure the aligner against a gold annotation: precision, recall, F1.
    Eval(align::EvalArgs),
    /// Check names, romanisations, numbers and dates across documents and languages; exit 1
    /// when findings at or above --fail-on exist.
    Check(check::Args),
    /// Write the review report: one self-contained HTML page (side by side, unaligned
    /// passages, findings, glossary).
    Report(report::Args),
    /// Benchmarks: generate a synthetic corpus, time every stage at several scales.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// The main job: import the corpus, load the glossary, align, check, write the report.
    Run(run::Args),
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let ctx = Context {
        db: cli.db,
        busy_timeout: cli.busy_timeout,
        format: cli.format,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Import(args) => import::run(&ctx, args),
        Command::Docs => docs::run(&ctx),
        Command::Show(args) => show::run(&ctx, args),
        Command::Glossary(args) => glossary::run(&ctx, args),
        Command::Align(args) => align::run_align(&ctx, args),
        Command::Links(args) => align::run_links(&ctx, args),
        Command::Link(cmd) => align::run_link(&ctx, cmd),
        Command::Unaligned(args) => align::run_unaligned(&ctx, args),
        Command::Eval(args) => align::run_eval(&ctx, args),
        Command::Explain(args) => align::run_explain(&ctx, args),
        Command::DumpAnchors => align::run_dump_anchors(&ctx),
        Command::Check(args) => check::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Bench(cmd) => bench::run(&ctx, cmd),
        Command::Run(args) => run::run(&ctx, args),
    }
}

/// Options shared by every subcommand.
#[derive(Debug)]
pub struct Context {
    /// Database path.
    pub db: PathBuf,
    /// How long a writer waits for another's write lock.
    pub busy_timeout: Duration,
    /// Output format.
    pub format: OutputFormat,
    /// Suppress stderr chatter.
    pub quiet: bool,
}

impl Context {
    /// Opens the database for writing, creating it if missing (`import`, `run`, ...).
    pub fn open_create(&self) -> anyhow::Result<Store> {
        self.open(Access::Create)
    }

    /// Opens an existing database for writing (`align`, `link`).
    pub fn open_write(&self) -> anyhow::Result<Store> {
        self.open(Access::Write)
    }

    /// Opens an existing database for reading: every query the command makes reads the same
    /// snapshot, whatever other processes write meanwhile.
    pub fn open_read(&self) -> anyhow::Result<Store> {
        self.open(Access::Read)
    }

    fn open(&self, access: Access) -> anyhow::Result<Store> {
        // The store's errors name the file already.
        Ok(Store::open_with(&self.db, access, self.busy_timeout)?)
    }
}
