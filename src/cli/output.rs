//! Shared rendering helpers: tables, JSON, previews.

use anyhow::{Context as _, bail};
use comfy_table::{Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// A borderless table with a header row.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_header(header.iter().map(|h| h.to_uppercase()));
    t
}

/// Writes `value` as pretty JSON and a newline to stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A status line (what a command did, not the data it prints): to stderr, unless `-q`. A
/// stderr that cannot be written to is not an error.
pub fn status(quiet: bool, text: impl std::fmt::Display) {
    if !quiet {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// Writes a line to stdout, propagating I/O errors (so a closed pipe ends the program quietly).
pub fn line(text: impl std::fmt::Display) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}

/// The first `max` characters of `text` on one line, with an ellipsis if cut.
pub fn preview(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Writes a binary document (a workbook) to `out` atomically, or to stdout when it is not a
/// terminal (bytes of a zip archive would only garble one).
pub fn write_binary(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => hanbridge::export::write_atomic(path, |w| w.write_all(bytes))
            .with_context(|| format!("{}: cannot write", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.is_terminal() {
                bail!("--format xlsx writes a binary file: give --out FILE or redirect stdout");
            }
            stdout.write_all(bytes)?;
            Ok(stdout.flush()?)
        }
    }
}
