//! Findings of `check` as rows: CSV (formula cells neutralised) and XLSX, one row per finding
//! under [`HEADER`]. The JSON Lines and table views stay with the command line.

use super::sheet::{self, Cell};
use crate::check::Finding;
use crate::glossary::io::neutralise;
use std::io::{self, Write};

/// The columns of a findings table.
pub const HEADER: [&str; 14] = [
    "category",
    "severity",
    "doc",
    "para",
    "start_char",
    "end_char",
    "text",
    "entity",
    "expected",
    "suggestion",
    "related",
    "count",
    "key",
    "dismissed",
];

/// A finding's cells under [`HEADER`] (positions and the count as numbers).
fn row(f: &Finding) -> Vec<Cell> {
    let opt = |v: &Option<String>| Cell::from(v.clone().unwrap_or_default());
    vec![
        f.category.to_string().into(),
        f.severity.to_string().into(),
        f.doc.as_str().into(),
        f.para.into(),
        f.start_char.into(),
        f.end_char.into(),
        f.text.as_str().into(),
        opt(&f.entity),
        opt(&f.expected),
        opt(&f.suggestion),
        opt(&f.related),
        f.count.into(),
        f.key.as_str().into(),
        opt(&f.dismissed),
    ]
}

/// Findings as CSV with a header, formula cells neutralised.
pub fn csv<W: Write>(findings: &[Finding], out: W) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for f in findings {
        w.write_record(row(f).iter().map(|c| match c {
            Cell::Text(t) => neutralise(t),
            Cell::Number(n) => n.to_string(),
        }))?;
    }
    w.flush()
}

/// Findings as an XLSX workbook (one sheet, `findings`).
pub fn xlsx(findings: &[Finding]) -> io::Result<Vec<u8>> {
    let rows: Vec<Vec<Cell>> = findings.iter().map(row).collect();
    sheet::xlsx("findings", &HEADER, &rows)
}
