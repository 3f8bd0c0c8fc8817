//! `hanbridge report`: the self-contained HTML review page.

use super::Context;
use super::check::findings_for;
use anyhow::{Context as _, bail};
use hanbridge::align::Unit;
use hanbridge::align::{Params, scopes};
use hanbridge::check::{Finding, Options};
use hanbridge::export::{self, Change};
use hanbridge::report::{PAGES_DIR, Report, ReportData, page_file};
use hanbridge::store::{Store, StoredUnit};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write index.html (and, split, the pages/ of each document) into.
    #[arg(long, default_value = "report")]
    pub out: PathBuf,
    /// The glossary files (for glossary findings).
    #[arg(long, default_value = "glossary")]
    pub glossary: PathBuf,
    /// One page, or an index with one page per document.
    #[arg(long, value_enum, default_value_t = Pages::Auto)]
    pub pages: Pages,
}

/// How the report is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Pages {
    /// One page up to 5 000 paragraphs, split above (a browser chokes on a page much larger).
    Auto,
    /// Everything in index.html.
    One,
    /// index.html lists the documents, findings about the glossary and the glossary; each
    /// document has its own page under pages/.
    Split,
}

/// Above this many paragraphs, `--pages auto` splits the report.
pub const SPLIT_ABOVE: usize = 5_000;

/// Marks a pages directory as written by hanbridge, which may then replace it.
const MARKER: &str = ".hanbridge-report";

/// Writes the report for scanned paragraphs and their findings into `out/index.html` (and, when
/// split, `out/pages/`); returns the index written.
///
/// Nothing is replaced until every page is written: the pages go to a fresh directory
/// (`.hanbridge-<pid>-pages.tmp`) and the index to a temporary file, which are then switched in
/// together through a journal ([`export::commit_together`]), so a kill at any point leaves the
/// old set or one the next run completes. A pages directory hanbridge did not write is never
/// touched.
pub fn write_report(
    store: &Store,
    units: &[Unit],
    stored: &[StoredUnit],
    linked: &super::align::Linked,
    all: &[Finding],
    out: &Path,
    pages: Pages,
) -> anyhow::Result<PathBuf> {
    let links_of = |doc: &str| {
        store
            .links_of_english_document(doc)
            .map_err(std::io::Error::other)
    };
    let scopes = scopes(
        units,
        Params::default(),
        &super::align::unlinked(units, &linked.linked),
    );
    let glossary = store.glossary()?;
    let documents = store
        .documents()?
        .into_iter()
        .map(|d| (d.id, d.lang, d.title))
        .collect();
    let data = ReportData {
        title: "hanbridge review report".into(),
        documents,
        units,
        sections: stored.iter().map(|s| s.section_title.as_str()).collect(),
        linked: &linked.linked,
        links: linked.shown,
        links_of: &links_of,
        partner: &linked.partner,
        scopes: &scopes,
        findings: all,
        glossary: &glossary,
    };
    let split = match pages {
        Pages::Auto => units.len() > SPLIT_ABOVE,
        Pages::One => false,
        Pages::Split => true,
    };
    let report = Report::new(&data, split);
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create directory", out.display()))?;
    // A report a kill interrupted is completed first, and killed runs' temporaries go.
    super::glossary::settle(out)?;
    let pages_dir = out.join(PAGES_DIR);
    let ours = pages_dir.join(MARKER).exists();
    if pages_dir.exists() && !ours {
        bail!(
            "{}: exists and was not written by hanbridge; not replacing it (choose another --out)",
            pages_dir.display()
        );
    }
    let mut changes = Vec::new();
    if split {
        changes.push(Change::Dir {
            tmp: write_pages(&report, out)?,
            dest: PAGES_DIR.to_string(),
        });
    } else if ours {
        changes.push(Change::Remove(PAGES_DIR.to_string()));
    }
    let path = out.join("index.html");
    let index = export::prepare_atomic(&path, |w| report.write_index(w))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    changes.push(Change::File(index));
    // The pages and the index are switched together: a kill leaves the old set, or a journal
    // the next run completes into the new one.
    export::commit_together(out, changes)
        .with_context(|| format!("{}: cannot switch the report's files", out.display()))?;
    Ok(path)
}

/// Writes every document's page into a new directory in `out`; returns it.
fn write_pages(report: &Report<'_>, out: &Path) -> anyhow::Result<PathBuf> {
    let dir = out.join(format!("{}tmp", export::temp_prefix(PAGES_DIR)));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("{}: cannot remove", dir.display()))?;
    }
    std::fs::create_dir(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let result = (|| -> anyhow::Result<()> {
        std::fs::write(
            dir.join(MARKER),
            "Pages of a hanbridge report: replaced whenever the report is written.\n",
        )?;
        for doc in report.pages() {
            let path = dir.join(page_file(doc));
            let file = std::fs::File::create(&path)
                .with_context(|| format!("{}: cannot create", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            report
                .write_document(doc, &mut w)
                .and_then(|()| w.flush())
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    Ok(dir)
}

/// What the review views read: the scanned paragraphs, their stored rows, which links hold
/// them, and the findings (`report` and `serve`).
pub type Reviewed = (
    Vec<Unit>,
    Vec<StoredUnit>,
    super::align::Linked,
    Vec<Finding>,
);

/// Scans the store's paragraphs, reads the links and runs the checks.
pub fn review_data(ctx: &Context, store: &Store, glossary: &Path) -> anyhow::Result<Reviewed> {
    let (units, stored) = super::align::build_units_with(store, ctx.quiet)?;
    let linked = super::align::linked_units(store, &units)?;
    let all = findings_for(
        store,
        &units,
        &stored,
        &linked,
        glossary,
        &Options::default(),
        ctx.quiet,
    )?;
    Ok((units, stored, linked, all))
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let store = ctx.open_read()?;
    let (units, stored, linked, all) = review_data(ctx, &store, &args.glossary)?;
    let path = write_report(
        &store, &units, &stored, &linked, &all, &args.out, args.pages,
    )?;
    if ctx.format == super::OutputFormat::Json {
        super::output::print_json(&serde_json::json!({ "report": path }))?;
    } else {
        super::output::status(ctx.quiet, format!("report: {}", path.display()));
    }
    Ok(0)
}
