//! `hanbridge run`: the main job on the default database.

use super::import::print_outcome_summary;
use super::output::{print_json, status};
use super::{Context, OutputFormat};
use hanbridge::check::Severity;
use hanbridge::corpus::collect::Overrides;
use hanbridge::store::ImportStatus;
use hanbridge::workbench::{self, GlossaryFiles, Reviewed};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus directory to import.
    #[arg(long, default_value = "seeds")]
    pub seeds: PathBuf,
    /// The glossary directory to load.
    #[arg(long, default_value = "glossary")]
    pub glossary: PathBuf,
    /// Where to write the review report (index.html).
    #[arg(long, default_value = "report")]
    pub report: PathBuf,
    /// One report page, or an index with a page per document (`auto`: split above 5 000
    /// paragraphs).
    #[arg(long, value_enum, default_value_t = super::report::Pages::Auto)]
    pub pages: super::report::Pages,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let obs = ctx.observer();
    // Read and check the glossary and every input before touching the database.
    let glossary = GlossaryFiles::check(&ctx.db, &args.glossary, &obs)?;
    ctx.timing("glossary read", started);
    let stage = std::time::Instant::now();
    let (mut bench, outcomes) = workbench::import(
        std::slice::from_ref(&args.seeds),
        &Overrides::default(),
        &obs,
        || ctx.open_create(),
    )?;
    if ctx.format == OutputFormat::Table {
        print_outcome_summary(ctx, &outcomes)?;
    }
    ctx.timing("import", stage);
    let stage = std::time::Instant::now();
    let (entries, forms) = bench.load_glossary(glossary, &obs)?;
    ctx.timing("glossary load", stage);
    let stage = std::time::Instant::now();
    // Scan the corpus once; align, check and report all read the same paragraphs.
    let scanned = bench.scan(&obs)?;
    ctx.timing("scan", stage);
    let stage = std::time::Instant::now();
    let align_summary = bench.align(&scanned, hanbridge::align::Params::default(), &obs)?;
    ctx.timing("align", stage);
    let stage = std::time::Instant::now();
    let unaligned = bench.store().unaligned_counts()?;
    // The links, read once for the checks and the report.
    let linked = bench.links(&scanned.units)?;
    let findings = bench.check(
        &scanned,
        &linked,
        &args.glossary,
        &hanbridge::check::Options::default(),
        &obs,
    )?;
    ctx.timing("check", stage);
    let stage = std::time::Instant::now();
    let reviewed = Reviewed {
        scanned,
        linked,
        findings,
    };
    let report = bench.write_report(&reviewed, &args.report, args.pages.into(), &obs)?;
    let findings = reviewed.findings;
    ctx.timing("report", stage);
    let store = bench.store();
    let summaries = store.documents()?;
    let paragraphs: usize = summaries.iter().map(|d| d.paragraphs).sum();
    let sentences: usize = summaries.iter().map(|d| d.sentences).sum();
    if ctx.format == OutputFormat::Json {
        let count = |s: ImportStatus| outcomes.iter().filter(|o| o.status == s).count();
        let open: Vec<_> = findings.iter().filter(|f| f.dismissed.is_none()).collect();
        let severity = |s: Severity| open.iter().filter(|f| f.severity == s).count();
        let mut by_category = BTreeMap::new();
        for f in &open {
            *by_category.entry(f.category.to_string()).or_insert(0) += 1;
        }
        print_json(&json!({
            "database": ctx.db,
            "import": {
                "documents": outcomes.len(),
                "added": count(ImportStatus::Added),
                "revised": count(ImportStatus::Revised),
                "metadata_updated": count(ImportStatus::Metadata),
                "unchanged": count(ImportStatus::Unchanged),
            },
            "corpus": {
                "documents": summaries.len(),
                "paragraphs": paragraphs,
                "sentences": sentences,
            },
            "glossary": {
                "path": args.glossary,
                "entries": entries,
                "forms": forms,
            },
            "links": align_summary,
            "unaligned": { "zh": unaligned.0, "en": unaligned.1 },
            "findings": {
                "errors": severity(Severity::Error),
                "warnings": severity(Severity::Warning),
                "info": severity(Severity::Info),
                "by_category": by_category,
                "dismissed": findings.len() - open.len(),
            },
            "report": report,
            "seconds": started.elapsed().as_secs_f64(),
        }))?;
    } else {
        status(
            ctx.quiet,
            format!(
                "corpus: {} documents, {paragraphs} paragraphs, {sentences} sentences in {}",
                summaries.len(),
                ctx.db.display()
            ),
        );
        status(
            ctx.quiet,
            format!(
                "glossary: {entries} entries, {forms} forms from {}",
                args.glossary.display()
            ),
        );
        status(ctx.quiet, align_summary);
        status(
            ctx.quiet,
            format!(
                "unaligned: {} Chinese and {} English passages have no link (see `hanbridge unaligned --lang zh|en`)",
                unaligned.0, unaligned.1
            ),
        );
        status(
            ctx.quiet,
            format!(
                "{} (see `hanbridge check`)",
                super::check::summary(&findings)
            ),
        );
        status(ctx.quiet, format!("report: {}", report.display()));
    }
    // (With --verbose the command's own timing line says it.)
    if !ctx.quiet && !ctx.verbose {
        eprintln!("hanbridge: run finished in {:.2?}", started.elapsed());
    }
    Ok(0)
}
