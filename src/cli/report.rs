//! `hanbridge report`: the self-contained HTML review page.

use super::Context;
use std::path::PathBuf;

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

impl From<Pages> for hanbridge::workbench::Pages {
    fn from(p: Pages) -> Self {
        match p {
            Pages::Auto => hanbridge::workbench::Pages::Auto,
            Pages::One => hanbridge::workbench::Pages::One,
            Pages::Split => hanbridge::workbench::Pages::Split,
        }
    }
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let bench = ctx.workbench_read()?;
    let obs = ctx.observer();
    let reviewed = bench.review(&args.glossary, &obs)?;
    let path = bench.write_report(&reviewed, &args.out, args.pages.into(), &obs)?;
    if ctx.format == super::OutputFormat::Json {
        super::output::print_json(&serde_json::json!({ "report": path }))?;
    } else {
        super::output::status(ctx.quiet, format!("report: {}", path.display()));
    }
    Ok(0)
}
