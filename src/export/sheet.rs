//! Spreadsheets (XLSX, through `rust_xlsxwriter`): one sheet, a bold frozen header row with
//! filters, a font that has Chinese, Japanese and Korean characters, columns sized to their
//! contents. Cells are written as text or numbers, never as formulas, so nothing a cell holds
//! is run by the spreadsheet (no `'` prefix is needed, unlike CSV).

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::io;

/// The workbook's font: Microsoft JhengHei ships with Windows and Office and covers traditional
/// and simplified Chinese and kana (the spreadsheet substitutes a font for hangul and where it
/// is missing), so names do not fall back glyph by glyph from a Latin font.
pub const FONT: &str = "Microsoft JhengHei";

/// The longest text one cell holds (Excel's limit); longer texts are cut with `…`.
const MAX_CELL_CHARS: usize = 32_767;

/// Widest a column is made, in characters.
const MAX_COLUMN_WIDTH: u32 = 60;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as a string (even if it looks like a formula or a number).
    Text(String),
    /// A number.
    Number(f64),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Number(n as f64)
    }
}

fn cut(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() > MAX_CELL_CHARS {
        let mut s: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
        s.push('…');
        s.into()
    } else {
        text.into()
    }
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(e)
}

/// A workbook of one sheet named `name`: `header`, then `rows`, as XLSX bytes.
pub fn xlsx(name: &str, header: &[&str], rows: &[Vec<Cell>]) -> io::Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_default_format(&Format::new().set_font_name(FONT).set_font_size(11), 20, 64)
        .map_err(xlsx_error)?;
    let bold = Format::new().set_bold().set_font_name(FONT);
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(xlsx_error)?;
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xlsx_error)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(t) if t.is_empty() => continue,
                Cell::Text(t) => sheet.write_string(r, c, cut(t)),
                Cell::Number(n) => sheet.write_number(r, c, *n),
            }
            .map_err(xlsx_error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    let last_col = header.len().saturating_sub(1) as u16;
    sheet
        .autofilter(0, 0, rows.len() as u32, last_col)
        .map_err(xlsx_error)?;
    sheet.set_autofit_max_width(MAX_COLUMN_WIDTH * 7);
    sheet.autofit();
    book.save_to_buffer().map_err(xlsx_error)
}
