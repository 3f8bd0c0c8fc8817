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
mod serve;
mod show;
mod values;

use clap::{Parser, Subcommand, ValueEnum};
use hanbridge::store::{Access, DEFAULT_DB, Store};
use hanbridge::workbench::Workbench;
use std::path::PathBuf;
use std::time::Duration;

/// A workbench for translators of East-Asian history: import Chinese and English texts,
/// map names across scripts, align comparable paragraphs, check names and numbers.
#[derive(Debug, Parser)]
#[command(name = "hanbridge", version, about, long_about = None)]
pub struct Cli {
    /// The subcommand path as typed (`glossary load`), set by [`parse`]: for messages and
    /// timings.
    #[arg(skip)]
    pub path: String,

    /// SQLite database to use (`import`, `glossary load` and `run` create it if missing).
    #[arg(long, global = true, env = "HANBRIDGE_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,

    /// Seconds a command that writes waits for another process writing the same database
    /// (0 to 86400) before giving up.
    #[arg(long, global = true, env = "HANBRIDGE_BUSY_TIMEOUT", value_name = "SECS",
          default_value = "30", allow_negative_numbers = true, value_parser = values::busy_timeout)]
    pub busy_timeout: Duration,

    /// Output format for data on stdout; each command accepts only the formats it writes
    /// (listed at the end of its --help), another is a usage error.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// No progress or summary lines on stderr.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Timings on stderr: how long the command took and, for `run`, each stage.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// How data is printed (each command accepts those of its entry in `FORMATS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for programs (`check`: JSON Lines, one finding per line).
    Json,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// Tab-separated values.
    Tsv,
    /// TermBase eXchange (glossary export; v3 unless --tbx-version 2).
    Tbx,
    /// Translation Memory eXchange 1.4b (links).
    Tmx,
    /// Excel workbook (glossary export, check); binary: give --out or redirect stdout.
    Xlsx,
    /// One JSON array rather than JSON Lines (check).
    JsonArray,
}

impl OutputFormat {
    /// The name on the command line.
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// The `--format` values each command accepts besides `table` (the default, which every
/// command accepts: for `glossary export` and `glossary fill` it means CSV). A command not
/// listed accepts only `table`. The longest matching path decides.
const FORMATS: &[(&str, &[OutputFormat])] = {
    use OutputFormat::*;
    &[
        ("import", &[Json]),
        ("glossary load", &[Json]),
        ("align", &[Json]),
        ("report", &[Json]),
        ("docs", &[Json]),
        ("show", &[Json]),
        ("glossary validate", &[Json]),
        ("glossary lookup", &[Json]),
        ("glossary suggest", &[Json]),
        ("glossary export", &[Csv, Tsv, Tbx, Xlsx, Json]),
        ("glossary fill", &[Csv, Json]),
        ("links", &[Json, Tsv, Tmx]),
        ("unaligned", &[Json]),
        ("explain", &[Json]),
        ("eval", &[Json]),
        ("check", &[Json, JsonArray, Csv, Xlsx]),
        ("bench gen", &[Json]),
        ("bench run", &[Json]),
        ("bench one", &[Json]),
        ("run", &[Json]),
        ("serve", &[Json]),
    ]
};

/// The formats of the command at `path` as its help and errors name them: for the glossary's
/// CSV writers, `table` is not named (it means CSV, their default).
fn formats_named(path: &str) -> String {
    let all = formats_for(path);
    let csv_default = path.starts_with("glossary ") && all.contains(&OutputFormat::Csv);
    all.iter()
        .filter(|f| !(csv_default && **f == OutputFormat::Table))
        .map(|f| match f {
            OutputFormat::Csv if csv_default => "csv (default)".to_string(),
            f => f.name(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The formats the command at `path` (subcommand names joined by spaces) accepts.
fn formats_for(path: &str) -> Vec<OutputFormat> {
    let own = FORMATS
        .iter()
        .filter(|(p, _)| path == *p || path.starts_with(&format!("{p} ")))
        .max_by_key(|(p, _)| p.len())
        .map(|(_, f)| *f)
        .unwrap_or(&[]);
    std::iter::once(OutputFormat::Table)
        .chain(own.iter().copied())
        .collect()
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
    /// Review a finding of `check`: dismiss it with a reason, or restore it.
    #[command(subcommand)]
    Finding(check::FindingCommand),
    /// Undo the latest review action (link confirm, reject or add; finding dismiss or
    /// restore), from the command line or the workbench; again for the one before.
    Undo,
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
    /// Review in the browser: a local workbench on 127.0.0.1 (side by side, unaligned passages,
    /// findings, glossary) where links are confirmed, rejected and added.
    Serve(serve::Args),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a directory.
    Man {
        /// Write hanbridge.1 and hanbridge-COMMAND.1 here instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Two or three real examples per subcommand, shown at the end of its `--help` (and in the
/// manual page); a test parses every one of them.
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "import",
        &[
            "hanbridge import seeds",
            "hanbridge import --lang zh --id zh-annals annals.txt",
            "hanbridge import --markup wiki --paragraphs blank-line pages/",
        ],
    ),
    ("docs", &["hanbridge docs", "hanbridge --format json docs"]),
    (
        "show",
        &["hanbridge show zh-imjin", "hanbridge show zh-imjin:55"],
    ),
    (
        "glossary",
        &[
            "hanbridge glossary lookup 李如松",
            "hanbridge glossary validate",
            "hanbridge --format tbx glossary export --tbx-version 2 --out names.tbx",
        ],
    ),
    (
        "glossary load",
        &[
            "hanbridge glossary load",
            "hanbridge glossary --glossary my-glossary load",
        ],
    ),
    (
        "glossary validate",
        &[
            "hanbridge glossary validate",
            "hanbridge --format json glossary validate",
        ],
    ),
    (
        "glossary lookup",
        &[
            "hanbridge glossary lookup 李如松",
            "hanbridge glossary lookup Kato",
            "hanbridge --format json glossary lookup 벽제관",
        ],
    ),
    (
        "glossary suggest",
        &[
            "hanbridge glossary suggest",
            "hanbridge --format json glossary suggest",
            "hanbridge glossary suggest --accept 3f9c2a1b --reject 77d0e4c2",
        ],
    ),
    (
        "glossary export",
        &[
            "hanbridge --format tsv glossary export --source zh-Hant --target en --out names.utf8",
            "hanbridge --format xlsx glossary export --out glossary.xlsx",
            "hanbridge --format tbx glossary export --tbx-version 2 --out names.tbx",
        ],
    ),
    (
        "glossary import",
        &[
            "hanbridge glossary import edited.csv --dry-run",
            "hanbridge glossary import --delimiter semicolon from-excel.csv",
            "hanbridge glossary import names.tbx",
        ],
    ),
    (
        "glossary fill",
        &[
            "hanbridge glossary fill li-rusong",
            "hanbridge glossary fill > filled.csv",
        ],
    ),
    (
        "align",
        &[
            "hanbridge align",
            "hanbridge align --min-score 2 --min-shared 6",
        ],
    ),
    (
        "links",
        &[
            "hanbridge links --doc zh-imjin",
            "hanbridge --format tsv links --status auto",
            "hanbridge --format tmx links --status confirmed --out links.tmx",
        ],
    ),
    (
        "link",
        &[
            "hanbridge link confirm 12",
            "hanbridge link reject 13",
            "hanbridge link add zh-imjin:55 en-byeokjegwan:14 --note same-battle",
        ],
    ),
    (
        "finding",
        &[
            "hanbridge finding dismiss 3f2a9c0d11e4b7a8 --reason the-source-spells-it-so",
            "hanbridge finding restore 3f2a9c0d11e4b7a8",
        ],
    ),
    (
        "finding dismiss",
        &[
            "hanbridge finding dismiss 3f2a9c0d11e4b7a8 --reason quoted-as-written",
            "hanbridge -q finding dismiss 3f2a9c0d11e4b7a8 --reason checked-in-the-annals",
        ],
    ),
    ("undo", &["hanbridge undo", "hanbridge -q undo"]),
    (
        "finding restore",
        &[
            "hanbridge finding restore 3f2a9c0d11e4b7a8",
            "hanbridge -q finding restore 3f2a9c0d11e4b7a8",
        ],
    ),
    (
        "link confirm",
        &[
            "hanbridge link confirm 12",
            "hanbridge link confirm 12 15 21",
            "hanbridge link confirm --from reviewed.txt",
        ],
    ),
    (
        "link reject",
        &[
            "hanbridge link reject 13",
            "hanbridge link reject --from wrong.txt",
        ],
    ),
    (
        "link add",
        &[
            "hanbridge link add zh-imjin:55 en-byeokjegwan:14",
            "hanbridge link add zh-imjin:60 en-byeokjegwan:15 --note same-retreat",
        ],
    ),
    (
        "unaligned",
        &[
            "hanbridge unaligned --lang zh",
            "hanbridge unaligned --lang en --doc en-byeokjegwan",
        ],
    ),
    (
        "explain",
        &[
            "hanbridge explain zh-imjin:55 en-byeokjegwan:14",
            "hanbridge --format json explain zh-imjin:55 en-byeokjegwan:14",
        ],
    ),
    (
        "eval",
        &[
            "hanbridge eval --gold tests/gold/seeds.tsv",
            "hanbridge --format json eval --gold tests/gold/seeds.tsv --min-score 2",
        ],
    ),
    (
        "check",
        &[
            "hanbridge check",
            "hanbridge --format json check --fail-on warning",
            "hanbridge --format xlsx check --out findings.xlsx",
        ],
    ),
    (
        "report",
        &[
            "hanbridge report",
            "hanbridge report --out review --pages split",
        ],
    ),
    (
        "bench",
        &[
            "hanbridge bench run --scales 1,10",
            "hanbridge bench gen --scale 10 --out corpus-10",
        ],
    ),
    (
        "bench gen",
        &[
            "hanbridge bench gen --scale 10 --out corpus-10",
            "hanbridge bench gen --one-paragraph-mb 5 --out long",
        ],
    ),
    (
        "bench run",
        &[
            "hanbridge bench run",
            "hanbridge bench run --scales 1,10 --work bench-work",
        ],
    ),
    (
        "run",
        &[
            "hanbridge run",
            "hanbridge run --seeds texts --report review",
            "hanbridge -q --db work.sqlite run",
        ],
    ),
    (
        "serve",
        &[
            "hanbridge serve --open",
            "hanbridge serve --port 8080",
            "hanbridge --format json --db work.sqlite serve --port 0",
        ],
    ),
    (
        "completions",
        &[
            "hanbridge completions bash > ~/.local/share/bash-completion/completions/hanbridge",
            "hanbridge completions zsh > ~/.zfunc/_hanbridge",
            "hanbridge completions fish > ~/.config/fish/completions/hanbridge.fish",
        ],
    ),
    (
        "man",
        &[
            "hanbridge man | man -l -",
            "hanbridge man --out /usr/local/share/man/man1",
        ],
    ),
];

/// The `after_help` of a subcommand: the formats it writes, then its examples.
fn examples_help(path: &str, examples: &[&str]) -> String {
    let mut text = format!("Formats (--format): {}\n\nExamples:", formats_named(path));
    for e in examples {
        text.push_str("\n  ");
        text.push_str(e);
    }
    text
}

/// The command line's definition, with every subcommand's examples.
pub fn command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    for (path, examples) in EXAMPLES {
        let help = examples_help(path, examples);
        cmd = with_sub(cmd, &path.split(' ').collect::<Vec<_>>(), help);
    }
    cmd
}

/// `cmd` with the subcommand at `path` given `help` after its options.
fn with_sub(cmd: clap::Command, path: &[&str], help: String) -> clap::Command {
    match path {
        [] => cmd.after_help(help),
        [first, rest @ ..] => {
            let rest = rest.to_vec();
            cmd.mut_subcommand(*first, move |sub| with_sub(sub, &rest, help))
        }
    }
}

/// Parses the process's arguments (exits with clap's message and code 2 on a usage error,
/// a `--format` the command does not write included).
pub fn parse() -> Cli {
    match try_parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    }
}

/// Parses a command line, refusing a `--format` the command does not write.
fn try_parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    let mut cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)?;
    let mut names = Vec::new();
    let mut m = &matches;
    while let Some((name, sub)) = m.subcommand() {
        names.push(name);
        m = sub;
    }
    let path = names.join(" ");
    let allowed = formats_for(&path);
    if !allowed.contains(&cli.format) {
        return Err(cmd.error(
            clap::error::ErrorKind::InvalidValue,
            format!(
                "`{path}` does not write --format {}; it writes: {}",
                cli.format.name(),
                formats_named(&path)
            ),
        ));
    }
    cli.path = path;
    Ok(cli)
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let ctx = Context {
        db: cli.db,
        busy_timeout: cli.busy_timeout,
        format: cli.format,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let started = std::time::Instant::now();
    let name = cli.path;
    let code = match cli.command {
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
        Command::Finding(cmd) => check::run_finding(&ctx, cmd),
        Command::Undo => check::run_undo(&ctx),
        Command::Report(args) => report::run(&ctx, args),
        Command::Bench(cmd) => bench::run(&ctx, cmd),
        Command::Run(args) => run::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Completions { shell } => {
            // Into memory first: the generator panics on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "hanbridge", &mut script);
            let mut out = std::io::stdout().lock();
            std::io::Write::write_all(&mut out, &script)?;
            std::io::Write::flush(&mut out)?;
            Ok(0)
        }
        Command::Man { out } => man(out.as_deref()),
    }?;
    if ctx.verbose {
        eprintln!("hanbridge: {name} finished in {:.2?}", started.elapsed());
    }
    Ok(code)
}

/// `hanbridge man`: the main page to stdout, or every page into `out`.
fn man(out: Option<&std::path::Path>) -> anyhow::Result<u8> {
    use anyhow::Context as _;
    let Some(dir) = out else {
        let mut stdout = std::io::stdout().lock();
        clap_mangen::Man::new(command()).render(&mut stdout)?;
        std::io::Write::flush(&mut stdout)?;
        return Ok(0);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let main = command();
    let mut pages = vec![("hanbridge".to_string(), main.clone())];
    for sub in main.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("hanbridge-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().display_name(name)));
    }
    for (name, cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        hanbridge::export::write_atomic(&path, |w| clap_mangen::Man::new(cmd).render(w))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(0)
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
    /// Print timings on stderr.
    pub verbose: bool,
}

impl Context {
    /// The library's observer for this command: progress bars, warnings, `--verbose` detail.
    pub fn observer(&self) -> progress::Bars {
        progress::Bars::new(self.quiet, self.verbose)
    }

    /// The workbench over the database opened to read (see [`Self::open_read`]).
    pub fn workbench_read(&self) -> anyhow::Result<Workbench> {
        Ok(Workbench::new(self.open_read()?))
    }

    /// The workbench over the database opened to write (see [`Self::open_write`]).
    pub fn workbench_write(&self) -> anyhow::Result<Workbench> {
        Ok(Workbench::new(self.open_write()?))
    }

    /// With `--verbose`, prints how long `what` took since `since` on stderr.
    pub fn timing(&self, what: &str, since: std::time::Instant) {
        if self.verbose {
            eprintln!("hanbridge: {what}: {:.2?}", since.elapsed());
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible subcommand, as its path of names.
    fn paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let path = format!("{prefix}{}", sub.get_name()).trim().to_string();
            if sub.get_name() != "help" {
                out.push((path.clone(), sub.clone()));
                paths(sub, &format!("{path} "), out);
            }
        }
    }

    /// Issue 18.5: every subcommand's help ends with two or three examples, and each example
    /// is a command line hanbridge accepts (up to a shell redirection or pipe).
    #[test]
    fn every_subcommand_shows_examples_that_parse() {
        let mut all = Vec::new();
        paths(&command(), "", &mut all);
        assert!(all.len() > 20, "{}", all.len());
        for (path, sub) in &all {
            let help = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            let examples: Vec<&str> = help
                .lines()
                .skip_while(|l| *l != "Examples:")
                .skip(1)
                .collect();
            assert!(
                (2..=3).contains(&examples.len()),
                "{path}: {} examples",
                examples.len()
            );
            for example in examples {
                let words: Vec<&str> = example
                    .split_whitespace()
                    .take_while(|w| !matches!(*w, ">" | "|"))
                    .collect();
                assert_eq!(words[0], "hanbridge", "{path}: {example}");
                let matches = match command().try_get_matches_from(&words) {
                    Ok(m) => m,
                    Err(e) => panic!("{path}: {example}: {e}"),
                };
                let mut names = Vec::new();
                let mut m = &matches;
                while let Some((name, sub)) = m.subcommand() {
                    names.push(name);
                    m = sub;
                }
                assert!(
                    names.join(" ").starts_with(path.as_str()),
                    "{path}: {example} is an example of {names:?}"
                );
            }
        }
    }
}
