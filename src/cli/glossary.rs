//! `hanbridge glossary load|validate|lookup|export|import|fill`

use super::output::{line, print_json, table, write_binary};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
use hanbridge::export;
use hanbridge::glossary::authority;
use hanbridge::glossary::io::{
    Delimiter, Loaded, file_for, is_tbx, load_path_with, load_tbx, write_csv,
};
use hanbridge::glossary::lookup::Hit;
use hanbridge::glossary::validate::{Report, fill, validate};
use hanbridge::glossary::{Column, Glossary, Kind};
use hanbridge::workbench::{self, Workbench, authority_error, glossary_problems};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `glossary`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The glossary directory (or one CSV file).
    #[arg(long, global = true, default_value = "glossary")]
    pub glossary: PathBuf,
    #[command(subcommand)]
    pub command: Sub,
}

/// Glossary subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Load the glossary files into the database (replacing what was loaded before).
    Load,
    /// Compare every stored romanisation with the engines; exit 1 on unexplained disagreements.
    Validate,
    /// Find an entry from any form in any script and show all its forms.
    Lookup {
        /// A name in any script (case, diacritics, spaces and hyphens do not matter).
        text: String,
    },
    /// Export the glossary: --format csv|tsv|tbx|xlsx|json.
    Export {
        /// Write here (atomically) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Start the CSV with a UTF-8 byte order mark (Excel on Windows needs it for CJK).
        #[arg(long)]
        bom: bool,
        /// Source language of the OmegaT TSV: zh-Hant, zh-Hans, pinyin, ko, ko-RR, ko-MR, ja,
        /// ja-Latn, en (or a column name).
        #[arg(long, default_value = "zh-Hant", value_parser = parse_lang_column)]
        source: Column,
        /// Target language of the OmegaT TSV.
        #[arg(long, default_value = "en", value_parser = parse_lang_column)]
        target: Column,
        /// TBX version: 3 (ISO 30042:2019) or 2 (TBX-Basic `martif`, for translate-toolkit,
        /// Weblate, OmegaT and older CAT tools).
        #[arg(long, default_value = "3", value_parser = parse_tbx_version)]
        tbx_version: export::glossary::TbxVersion,
    },
    /// Replace the glossary files with the entries of a CSV or TBX file (as written by export;
    /// TBX v3 or TBX-Basic v2), all four together; prints what is added, changed and removed.
    Import {
        /// A glossary CSV, or a TBX file (named .tbx, or starting with `<`).
        file: PathBuf,
        /// The CSV's delimiter: auto (the header's `,` or `;`), comma or semicolon.
        #[arg(long, value_enum, default_value_t = DelimiterArg::Auto)]
        delimiter: DelimiterArg,
        /// Refuse an import that removes more than this percentage of the current entries.
        #[arg(long, default_value_t = 10.0, value_name = "PERCENT",
              allow_negative_numbers = true, value_parser = super::values::percent)]
        max_remove: f64,
        /// Allow the import to remove any number of entries (the file replaces the glossary).
        #[arg(long)]
        replace: bool,
        /// Print what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Propose entries for names the glossary lacks: unknown English names whose reading
    /// (Sino-Korean, pinyin, Japanese) is a Chinese span of a linked paragraph. Suggestions are
    /// stored; none enters the glossary unless accepted.
    Suggest {
        /// Write these suggestions into the glossary files.
        #[arg(long, num_args = 1.., value_name = "ID")]
        accept: Vec<String>,
        /// Never propose these suggestions again.
        #[arg(long, num_args = 1.., value_name = "ID")]
        reject: Vec<String>,
    },
    /// Print entries as glossary CSV with their empty columns computed by the engines (review
    /// the result, then `glossary import` it).
    Fill {
        /// Only these entry ids (default: all).
        ids: Vec<String>,
    },
}

/// The `--delimiter` of `glossary import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DelimiterArg {
    /// The one the header line uses more.
    Auto,
    /// `,`
    #[value(alias = ",")]
    Comma,
    /// `;`
    #[value(alias = ";")]
    Semicolon,
}

impl From<DelimiterArg> for Delimiter {
    fn from(d: DelimiterArg) -> Self {
        match d {
            DelimiterArg::Auto => Delimiter::Auto,
            DelimiterArg::Comma => Delimiter::Comma,
            DelimiterArg::Semicolon => Delimiter::Semicolon,
        }
    }
}

/// `--tbx-version`: 2 or 3.
fn parse_tbx_version(s: &str) -> Result<export::glossary::TbxVersion, String> {
    match s.trim() {
        "2" => Ok(export::glossary::TbxVersion::V2),
        "3" => Ok(export::glossary::TbxVersion::V3),
        _ => Err("expected 2 or 3".into()),
    }
}

/// A language tag or column name → the glossary column.
fn parse_lang_column(s: &str) -> Result<Column, String> {
    let lower = s.to_ascii_lowercase();
    Ok(match lower.as_str() {
        "zh-hant" | "zh-tw" | "zh" | "zh_hant" => Column::ZhHant,
        "zh-hans" | "zh-cn" | "zh_hans" => Column::ZhHans,
        "pinyin" | "zh-latn" | "zh-latn-pinyin" => Column::Pinyin,
        "ko" | "ko-hang" | "ko_hangul" => Column::KoHangul,
        "ko-rr" | "ko-latn" | "ko_rr" | "rr" => Column::KoRr,
        "ko-mr" | "ko_mr" | "mr" | "ko-latn-alalc97" => Column::KoMr,
        "ja" | "ja-hrkt" | "ja_kana" | "kana" => Column::JaKana,
        "ja-latn" | "ja_hepburn" | "hepburn" | "ja-latn-hepburn" => Column::JaHepburn,
        "ja-jpan" | "ja_kanji" | "kanji" => Column::JaKanji,
        "en" => Column::En,
        _ => return Err(format!("unknown language {s:?}")),
    })
}

/// Loads the glossary files (see [`workbench::load_glossary_files`]), warnings on stderr.
pub fn load_files(path: &Path) -> anyhow::Result<Loaded> {
    workbench::load_glossary_files(path, &super::progress::Bars::new(false, false))
}

fn load_with(path: &Path, delimiter: Delimiter) -> anyhow::Result<Loaded> {
    load_path_with(path, delimiter).map_err(glossary_problems)
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    match args.command {
        Sub::Load => {
            let loaded = load_files(&args.glossary)?;
            let mut bench = Workbench::new(ctx.open_create()?);
            let (version, _) =
                authority::version(&ctx.db, &args.glossary).map_err(authority_error)?;
            let forms = bench
                .store_mut()
                .load_glossary_version(&loaded.glossary, Some(&version))?;
            bench.ensure_authority(&args.glossary, &loaded, &ctx.observer())?;
            let entries = loaded.glossary.entries.len();
            if ctx.format == OutputFormat::Json {
                print_json(&serde_json::json!({
                    "path": args.glossary,
                    "entries": entries,
                    "forms": forms,
                }))?;
            } else {
                super::output::status(
                    ctx.quiet,
                    format!(
                        "glossary: {entries} entries, {forms} forms loaded from {}",
                        args.glossary.display()
                    ),
                );
            }
            Ok(0)
        }
        Sub::Validate => {
            let loaded = load_files(&args.glossary)?;
            let report = validate(&loaded.glossary);
            print_report(ctx, &report)?;
            Ok(if report.unexplained().next().is_some() {
                1
            } else {
                0
            })
        }
        Sub::Lookup { text } => lookup(
            ctx,
            &authority_lookup(ctx, &args.glossary, &text)?.hits(),
            &text,
        ),
        Sub::Export {
            out,
            bom,
            source,
            target,
            tbx_version,
        } => {
            let loaded = load_files(&args.glossary)?;
            let g = &loaded.glossary;
            if ctx.format == OutputFormat::Xlsx {
                write_binary(out.as_deref(), &export::glossary::xlsx(g)?)?;
                return Ok(0);
            }
            let write = |w: &mut dyn Write| -> std::io::Result<()> {
                match ctx.format {
                    OutputFormat::Csv | OutputFormat::Table => export::glossary::csv(g, w, bom),
                    OutputFormat::Tsv => export::glossary::omegat(g, source, target, w).map(|_| ()),
                    OutputFormat::Tbx => export::glossary::tbx(g, tbx_version, w),
                    OutputFormat::Json => export::glossary::json(g, w),
                    // Refused when the command line is parsed; xlsx is written above.
                    OutputFormat::Tmx | OutputFormat::Xlsx | OutputFormat::JsonArray => Err(
                        std::io::Error::other("glossary export writes csv, tsv, tbx, xlsx or json"),
                    ),
                }
            };
            match out {
                Some(path) => {
                    export::write_atomic(&path, write)
                        .with_context(|| format!("{}: cannot write", path.display()))?;
                    if !ctx.quiet {
                        eprintln!(
                            "hanbridge: wrote {} entries to {}",
                            g.entries.len(),
                            path.display()
                        );
                    }
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    write(&mut lock)?;
                }
            }
            Ok(0)
        }
        Sub::Import {
            file,
            delimiter,
            max_remove,
            replace,
            dry_run,
        } => import(
            ctx,
            &file,
            &args.glossary,
            &ImportOptions {
                delimiter: delimiter.into(),
                max_remove,
                replace,
                dry_run,
            },
        ),
        Sub::Suggest { accept, reject } => {
            super::glossary_suggest::run(ctx, &args.glossary, &accept, &reject)
        }
        Sub::Fill { ids } => {
            let loaded = load_files(&args.glossary)?;
            let mut filled_entries = Vec::new();
            let mut filled_columns = 0;
            for e in &loaded.glossary.entries {
                if !ids.is_empty() && !ids.contains(&e.id) {
                    continue;
                }
                let (f, cols) = fill(e);
                filled_columns += cols.len();
                filled_entries.push(f);
            }
            if !ctx.quiet {
                eprintln!(
                    "hanbridge: filled {filled_columns} empty columns of {} entries",
                    filled_entries.len()
                );
            }
            if ctx.format == OutputFormat::Json {
                return print_json(&filled_entries).map(|_| 0);
            }
            let refs: Vec<_> = filled_entries.iter().collect();
            write_csv(&refs, std::io::stdout().lock(), false)?;
            Ok(0)
        }
    }
}

fn print_report(ctx: &Context, report: &Report) -> anyhow::Result<()> {
    if ctx.format == OutputFormat::Json {
        return print_json(report);
    }
    if !report.disagreements.is_empty() {
        let mut t = table(&["entry", "column", "stored", "computed", "status"]);
        for d in &report.disagreements {
            t.add_row(vec![
                d.entry.clone(),
                d.column.to_string(),
                d.stored.clone(),
                d.computed.clone(),
                if d.explained {
                    "explained (see note)"
                } else {
                    "DISAGREES"
                }
                .to_string(),
            ]);
        }
        line(t)?;
    }
    let unexplained = report.unexplained().count();
    line(format!(
        "glossary: {} entries, {} values checked, {} agree, {} disagree ({} explained by notes, {unexplained} unexplained)",
        report.entries,
        report.checked,
        report.agreed,
        report.disagreements.len(),
        report.disagreements.len() - unexplained
    ))
}

/// Settles the glossary directory, then looks `text` up through the name authority cache
/// beside the database (built when missing, stale or damaged).
fn authority_lookup(ctx: &Context, dir: &Path, text: &str) -> anyhow::Result<authority::Found> {
    let stage = std::time::Instant::now();
    if dir.is_dir() {
        workbench::settle(dir, &ctx.observer())?;
    }
    let (found, status) = authority::lookup(&ctx.db, dir, text).map_err(authority_error)?;
    ctx.timing(&format!("name authority ({status})"), stage);
    Ok(found)
}

fn lookup(ctx: &Context, hits: &[Hit<'_>], text: &str) -> anyhow::Result<u8> {
    if ctx.format == OutputFormat::Json {
        print_json(&hits)?;
        return Ok(if hits.is_empty() { 1 } else { 0 });
    }
    if hits.is_empty() {
        eprintln!("hanbridge: no glossary entry for {text:?}");
        return Ok(1);
    }
    if !hits[0].exact {
        line(format!(
            "no exact match for {text:?}; entries with a similar form:"
        ))?;
    }
    for hit in hits {
        let e = hit.entry;
        let how = match hit.derived {
            Some(rule) => format!("derived ({rule}) from {:?}", hit.form),
            None => format!("matched {:?}", hit.form),
        };
        line(format!(
            "{}  ({}, {}{})  {how} [{} {}]",
            e.id,
            e.kind,
            e.origin,
            e.side.map(|s| format!(", {s}")).unwrap_or_default(),
            hit.column,
            hit.status
        ))?;
        let mut t = table(&["column", "forms"]);
        for c in Column::FORM_COLUMNS {
            let values = e.column(c);
            if !values.is_empty() {
                t.add_row(vec![c.to_string(), values.join(" | ")]);
            }
        }
        for a in &e.aliases {
            t.add_row(vec![format!("{} ({})", a.column, a.status), a.text.clone()]);
        }
        if !e.note.is_empty() {
            t.add_row(vec!["note".to_string(), e.note.clone()]);
        }
        line(t)?;
    }
    Ok(0)
}

/// How `glossary import` may change the glossary.
struct ImportOptions {
    delimiter: Delimiter,
    /// Largest share of the current entries (percent) an import may remove.
    max_remove: f64,
    /// Remove any number.
    replace: bool,
    /// Only print the changes.
    dry_run: bool,
}

/// What an import changes, by entry id.
#[derive(Debug, Default)]
struct Diff {
    added: Vec<String>,
    changed: Vec<String>,
    removed: Vec<String>,
}

fn diff(old: &Glossary, new: &Glossary) -> Diff {
    let before: std::collections::HashMap<&str, _> =
        old.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let after: std::collections::HashMap<&str, _> =
        new.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut d = Diff::default();
    for e in &new.entries {
        match before.get(e.id.as_str()) {
            None => d.added.push(e.id.clone()),
            Some(&o) if o != e => d.changed.push(e.id.clone()),
            Some(_) => {}
        }
    }
    d.removed = old
        .entries
        .iter()
        .filter(|e| !after.contains_key(e.id.as_str()))
        .map(|e| e.id.clone())
        .collect();
    d
}

/// Replaces the glossary directory's files with the entries of `file`, one file per kind group,
/// switched together; refuses to remove more than `--max-remove` percent unless `--replace`.
fn import(ctx: &Context, file: &Path, dir: &Path, opts: &ImportOptions) -> anyhow::Result<u8> {
    let head = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
    let loaded = if is_tbx(file, &head) {
        load_tbx(file).map_err(glossary_problems)?
    } else {
        load_with(file, opts.delimiter)?
    };
    if !dir.is_dir() {
        bail!("{}: not a glossary directory", dir.display());
    }
    workbench::settle(dir, &ctx.observer())?;
    let groups: Vec<&str> = Kind::ALL.iter().map(|&k| file_for(k)).collect();
    let mut has_files = false;
    for existing in std::fs::read_dir(dir)? {
        let path = existing?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.extension().is_some_and(|x| x == "csv") {
            has_files = true;
            if !groups.contains(&name) {
                bail!(
                    "{}: not one of the glossary's files ({}); move it away before importing",
                    path.display(),
                    groups.join(", ")
                );
            }
        }
    }
    let old = if has_files {
        match load_path_with(dir, Delimiter::Auto) {
            Ok(old) => Some(old.glossary),
            Err(errors) if opts.replace => {
                if !ctx.quiet {
                    eprintln!(
                        "hanbridge: {}: the current glossary does not load ({} problems); replacing it",
                        dir.display(),
                        errors.len()
                    );
                }
                None
            }
            Err(errors) => bail!(
                "{}: the current glossary does not load ({} problems, first: {}), so what the import removes is unknown; nothing written (use --replace to overwrite it)",
                dir.display(),
                errors.len(),
                errors.first().map(ToString::to_string).unwrap_or_default()
            ),
        }
    } else {
        Some(Glossary::default())
    };
    let new = &loaded.glossary;
    if let Some(old) = &old {
        let d = diff(old, new);
        print_diff(&d, old.entries.len(), new.entries.len())?;
        let share = if old.entries.is_empty() {
            0.0
        } else {
            100.0 * d.removed.len() as f64 / old.entries.len() as f64
        };
        if share > opts.max_remove && !opts.replace {
            let why = format!(
                "{}: the import would remove {} of {} entries ({share:.0}%), more than --max-remove {}%",
                file.display(),
                d.removed.len(),
                old.entries.len(),
                opts.max_remove
            );
            if !opts.dry_run {
                bail!(
                    "{why}; nothing written (use --replace if the file is meant to replace the glossary)"
                );
            }
            eprintln!("hanbridge: {why}: without --dry-run it would be refused");
        }
    }
    if opts.dry_run {
        return Ok(0);
    }
    let written = workbench::write_glossary_files(dir, new)?;
    if !ctx.quiet {
        eprintln!(
            "hanbridge: imported {} entries into {}: {}",
            new.entries.len(),
            dir.display(),
            written.join(", ")
        );
    }
    Ok(0)
}

/// Prints an import's changes: one line per entry (`+` added, `~` changed, `-` removed), then
/// the counts.
fn print_diff(d: &Diff, before: usize, after: usize) -> anyhow::Result<()> {
    for (mark, ids) in [("+", &d.added), ("~", &d.changed), ("-", &d.removed)] {
        for id in ids {
            line(format!("{mark} {id}"))?;
        }
    }
    line(format!(
        "glossary import: {} added, {} changed, {} removed ({before} → {after} entries)",
        d.added.len(),
        d.changed.len(),
        d.removed.len()
    ))
}
