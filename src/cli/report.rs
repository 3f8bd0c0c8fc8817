//! `hanbridge report`: the self-contained HTML review page.

use super::Context;
use super::check::findings_for;
use anyhow::Context as _;
use hanbridge::align::Unit;
use hanbridge::align::{Params, scopes};
use hanbridge::check::{Finding, Options};
use hanbridge::report::{ReportData, render_to};
use hanbridge::store::{Store, StoredUnit};
use std::path::{Path, PathBuf};

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to write index.html into.
    #[arg(long, default_value = "report")]
    pub out: PathBuf,
    /// The glossary files (for glossary findings).
    #[arg(long, default_value = "glossary")]
    pub glossary: PathBuf,
}

/// Writes the report for scanned paragraphs and their findings into `out/index.html`; returns
/// the file written.
pub fn write_report(
    store: &Store,
    units: &[Unit],
    stored: &[StoredUnit],
    all: &[Finding],
    out: &Path,
) -> anyhow::Result<PathBuf> {
    let (linked, links) = super::align::linked_units(store, units)?;
    let links_of = |u: &Unit| {
        store
            .links_of_english(&u.doc, &u.hash)
            .map_err(std::io::Error::other)
    };
    let scopes = scopes(
        units,
        Params::default(),
        &super::align::unlinked(units, &linked),
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
        linked: &linked,
        links,
        links_of: &links_of,
        scopes: &scopes,
        findings: all,
        glossary: &glossary,
    };
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create directory", out.display()))?;
    let path = out.join("index.html");
    hanbridge::export::write_atomic(&path, |w| render_to(&data, w))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(path)
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let (units, stored) = super::align::build_units_with(&store, ctx.quiet)?;
    let all = findings_for(
        &store,
        &units,
        &stored,
        &args.glossary,
        &Options::default(),
        ctx.quiet,
    )?;
    let path = write_report(&store, &units, &stored, &all, &args.out)?;
    super::output::line(format!("report: {}", path.display()))?;
    Ok(0)
}
