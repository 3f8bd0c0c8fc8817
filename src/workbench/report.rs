//! The HTML report, written so that a kill never leaves half of it.

use super::{Observer, Reviewed, Workbench, settle, unlinked};
use crate::align::{Params, scopes};
use crate::export::{self, Change};
use crate::report::{PAGES_DIR, Report, ReportData, page_file};
use anyhow::{Context as _, bail};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How the report is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pages {
    /// One page up to [`SPLIT_ABOVE`] paragraphs, split above (a browser chokes on a page much
    /// larger).
    Auto,
    /// Everything in index.html.
    One,
    /// index.html lists the documents, findings about the glossary and the glossary; each
    /// document has its own page under pages/.
    Split,
}

/// Above this many paragraphs, [`Pages::Auto`] splits the report.
pub const SPLIT_ABOVE: usize = 5_000;

/// Marks a pages directory as written by hanbridge, which may then replace it.
const MARKER: &str = ".hanbridge-report";

impl Workbench {
    /// Writes the report of a reviewed corpus into `out/index.html` (and, when split,
    /// `out/pages/`); returns the index written.
    ///
    /// Nothing is replaced until every page is written: the pages go to a fresh directory and
    /// the index to a temporary file, which are then switched in together through a journal
    /// ([`export::commit_together`]), so a kill at any point leaves the old set or one the next
    /// run completes. A pages directory hanbridge did not write is never touched.
    pub fn write_report(
        &self,
        reviewed: &Reviewed,
        out: &Path,
        pages: Pages,
        obs: &dyn Observer,
    ) -> anyhow::Result<PathBuf> {
        let units = &reviewed.scanned.units;
        let linked = &reviewed.linked;
        let store = &self.store;
        let links_of = |doc: &str| {
            store
                .links_of_english_document(doc)
                .map_err(std::io::Error::other)
        };
        let scopes = scopes(units, Params::default(), &unlinked(units, &linked.linked));
        let glossary = &reviewed.scanned.glossary;
        let documents = store
            .documents()?
            .into_iter()
            .map(|d| (d.id, d.lang, d.title))
            .collect();
        let data = ReportData {
            title: "hanbridge review report".into(),
            documents,
            units,
            sections: reviewed
                .scanned
                .stored
                .iter()
                .map(|s| s.section_title.as_str())
                .collect(),
            linked: &linked.linked,
            links: linked.shown,
            links_of: &links_of,
            partner: &linked.partner,
            scopes: &scopes,
            findings: &reviewed.findings,
            glossary,
            glossary_entries: store.glossary_counts()?.0,
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
        settle(out, obs)?;
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
        export::commit_together(out, changes)
            .with_context(|| format!("{}: cannot switch the report's files", out.display()))?;
        Ok(path)
    }
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
