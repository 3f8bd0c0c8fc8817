//! The glossary file format: CSV (RFC 4180, UTF-8), the export header, one row per entry.
//!
//! Several values in a cell are separated by `|` (the first is preferred); aliases are
//! `status:column:text`. Cells a spreadsheet would run as formulas (starting with = + - @, tab
//! or CR) are written with a leading `'` and read back without it. Loading checks the header,
//! required fields, enum values, the script of every form, duplicate ids and forms shared by two
//! entries, and reports every problem as `file:line: message`.

use super::fold::fold;
use super::{Alias, Column, Entry, Glossary, HEADER, Kind, NoteTags};
use crate::corpus::detect::{is_han, is_hangul, is_kana};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A problem in a glossary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub file: String,
    /// 1-based physical line, the header being line 1 (0 when the problem is the file as a
    /// whole).
    pub line: u64,
    /// 1-based column in characters (0 when the problem is the whole line).
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 && self.column > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        } else if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// Where an entry was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// File.
    pub file: String,
    /// Line.
    pub line: u64,
}

/// A glossary with the place each entry came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The glossary.
    pub glossary: Glossary,
    /// `origins[i]` is where `glossary.entries[i]` was read.
    pub origins: Vec<Origin>,
}

/// The file an entry of `kind` is kept in.
pub fn file_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "people.csv",
        Kind::Place => "places.csv",
        Kind::Battle | Kind::War => "events.csv",
        _ => "terms.csv",
    }
}

/// How the cells of a glossary CSV are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// Whichever of `,` and `;` the header line uses more (Excel in European locales writes `;`).
    #[default]
    Auto,
    /// `,`
    Comma,
    /// `;`
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Auto => None,
            Delimiter::Comma => Some(b','),
            Delimiter::Semicolon => Some(b';'),
        }
    }
}

/// Loads every `*.csv` file of a directory (sorted by name), or one file.
pub fn load_path(path: &Path) -> Result<Loaded, Vec<LoadError>> {
    load_path_with(path, Delimiter::Auto)
}

/// As [`load_path`], with the delimiter detected or forced.
pub fn load_path_with(path: &Path, delimiter: Delimiter) -> Result<Loaded, Vec<LoadError>> {
    load_sources_with(read_sources(path)?, delimiter)
}

/// The bytes of a glossary file, or of every `.csv` file of a glossary directory (sorted by
/// name), each with its name: what [`load_sources`] parses.
pub fn read_sources(path: &Path) -> Result<Vec<(String, Vec<u8>)>, Vec<LoadError>> {
    let mut sources = Vec::new();
    for file in &source_files(path)? {
        let text =
            std::fs::read(file).map_err(|e| vec![whole(file, format!("cannot read: {e}"))])?;
        sources.push((file.display().to_string(), text));
    }
    Ok(sources)
}

/// The glossary file `path`, or every `.csv` file of the directory `path`, sorted by name.
pub fn source_files(path: &Path) -> Result<Vec<PathBuf>, Vec<LoadError>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| vec![whole(path, format!("cannot read directory: {e}"))])?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(vec![whole(
            path,
            "no .csv glossary files in directory".into(),
        )]);
    }
    Ok(files)
}

fn whole(path: &Path, message: String) -> LoadError {
    LoadError {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message,
    }
}

/// Whether a file to import is TBX rather than CSV: named `.tbx`, or starting with `<`.
pub fn is_tbx(path: &Path, bytes: &[u8]) -> bool {
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
    let start = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    ext.eq_ignore_ascii_case("tbx") || start.trim_ascii_start().starts_with(b"<")
}

/// Loads a TBX file (v3 or v2, see [`super::tbx`]) with the same checks as a CSV file: its
/// entries are written as glossary CSV and loaded from that, and each problem is reported at
/// the line of its concept in the TBX, naming the entry.
pub fn load_tbx(path: &Path) -> Result<Loaded, Vec<LoadError>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| vec![whole(path, format!("cannot read: {e}"))])?;
    let text =
        String::from_utf8(bytes).map_err(|e| vec![whole(path, format!("not UTF-8: {e}"))])?;
    let entries = super::tbx::parse(&name, &text)?;
    // Where each entry's row starts in the CSV (the header is line 1; a note's line breaks
    // stay inside its quoted cell).
    let mut starts = Vec::with_capacity(entries.len());
    let mut line = 2;
    for (e, _) in &entries {
        starts.push(line);
        line += 1 + row(e)
            .iter()
            .map(|c| c.matches('\n').count() as u64)
            .sum::<u64>();
    }
    let refs: Vec<&Entry> = entries.iter().map(|(e, _)| e).collect();
    let mut csv = Vec::new();
    write_csv(&refs, &mut csv, false).map_err(|e| vec![whole(path, e.to_string())])?;
    let at = |csv_line: u64| starts.partition_point(|&s| s <= csv_line).checked_sub(1);
    let mut loaded =
        load_sources_with(vec![(name.clone(), csv)], Delimiter::Comma).map_err(|errors| {
            errors
                .into_iter()
                .map(|mut err| {
                    if let Some(i) = at(err.line).filter(|_| err.line > 1) {
                        let (e, tbx_line) = &entries[i];
                        err.message = format!("entry {:?}: {}", e.id, err.message);
                        err.line = *tbx_line;
                    } else {
                        err.line = 0;
                    }
                    err.column = 0;
                    err
                })
                .collect::<Vec<_>>()
        })?;
    let lines: HashMap<&str, u64> = entries.iter().map(|(e, l)| (e.id.as_str(), *l)).collect();
    for (e, origin) in loaded.glossary.entries.iter().zip(&mut loaded.origins) {
        origin.line = lines.get(e.id.as_str()).copied().unwrap_or(0);
    }
    Ok(loaded)
}

/// Loads glossary files given as (name, bytes).
pub fn load_sources(sources: Vec<(String, Vec<u8>)>) -> Result<Loaded, Vec<LoadError>> {
    load_sources_with(sources, Delimiter::Auto)
}

/// As [`load_sources`], with the delimiter detected or forced.
pub fn load_sources_with(
    sources: Vec<(String, Vec<u8>)>,
    delimiter: Delimiter,
) -> Result<Loaded, Vec<LoadError>> {
    let mut errors = Vec::new();
    let mut rows: Vec<(Entry, Origin)> = Vec::new();
    for (name, bytes) in sources {
        parse_file(&name, &bytes, delimiter, &mut rows, &mut errors);
    }
    // Duplicate ids.
    let mut by_id: HashMap<&str, &Origin> = HashMap::new();
    for (entry, origin) in &rows {
        if let Some(first) = by_id.insert(entry.id.as_str(), origin) {
            errors.push(LoadError {
                file: origin.file.clone(),
                line: origin.line,
                column: 0,
                message: format!(
                    "duplicate id {:?} (first at {}:{})",
                    entry.id, first.file, first.line
                ),
            });
        }
    }
    // One surface form claimed by two entries.
    let mut by_form: HashMap<String, usize> = HashMap::new();
    for (i, (entry, origin)) in rows.iter().enumerate() {
        let mut seen_here = std::collections::HashSet::new();
        for (column, text, _) in entry.forms() {
            let key = fold(text);
            if key.is_empty() || !seen_here.insert(key.clone()) {
                continue;
            }
            match by_form.get(&key) {
                Some(&j) if rows[j].0.id != entry.id => {
                    let (other, other_origin) = &rows[j];
                    if !(entry.tags().ambiguous && other.tags().ambiguous) {
                        errors.push(LoadError {
                            file: origin.file.clone(),
                            line: origin.line,
                            column: 0,
                            message: format!(
                                "{column} form {text:?} is also a form of {:?} ({}:{}); if both are meant, say how they differ in both notes and tag them #ambiguous",
                                other.id, other_origin.file, other_origin.line
                            ),
                        });
                    }
                }
                Some(_) => {}
                None => {
                    by_form.insert(key, i);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    rows.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let (entries, origins) = rows.into_iter().unzip();
    Ok(Loaded {
        glossary: Glossary { entries },
        origins,
    })
}

/// Reads a cell written by [`write_csv`]: a leading `'` before a formula character is dropped.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Protects a cell from being run as a formula by a spreadsheet.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn split_values(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// Physical line numbers of byte offsets in a file (the header is line 1).
struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the start of every line.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, byte: usize) -> u64 {
        self.starts.partition_point(|&s| s <= byte) as u64
    }

    /// The 1-based (line, column) of a byte offset, the column counted in characters.
    fn line_column(&self, byte: usize) -> (u64, u64) {
        let line = self.line(byte);
        let start = self.starts[(line as usize).saturating_sub(1)];
        let column = self.text.get(start..byte).map_or(0, |t| t.chars().count()) + 1;
        (line, column as u64)
    }

    /// The line a record starting at `byte` is on: the parser places a record where the one
    /// before it ended, before any line ending or blank lines.
    fn record_line(&self, byte: usize) -> u64 {
        let skipped = self.text.get(byte..).map_or(0, |rest| {
            rest.len() - rest.trim_start_matches(['\r', '\n']).len()
        });
        self.line(byte + skipped)
    }
}

/// The delimiter the header line uses more (outside quotes): `;` or, by default, `,`.
fn detect_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '\n' if !quoted => break,
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn parse_file(
    name: &str,
    bytes: &[u8],
    delimiter: Delimiter,
    rows: &mut Vec<(Entry, Origin)>,
    errors: &mut Vec<LoadError>,
) {
    let at = |line: u64, column: u64, message: String| LoadError {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let err = |line: u64, message: String| at(line, 0, message);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let byte = e.valid_up_to();
            let line = 1 + bytes[..byte].iter().filter(|&&b| b == b'\n').count() as u64;
            return errors.push(err(
                line,
                format!("not UTF-8 (at byte {byte}), convert it to UTF-8"),
            ));
        }
    };
    let lines = Lines::new(text);
    // Characters that do not show: they would make a form unmatchable, or (controls) the TBX
    // export ill-formed. A byte order mark may open the file.
    let hidden: Vec<_> = crate::corpus::detect::hidden_chars(text)
        .into_iter()
        .filter(|h| !(h.byte == 0 && h.ch == '\u{feff}'))
        .collect();
    for h in &hidden {
        let (line, column) = lines.line_column(h.byte);
        errors.push(at(
            line,
            column,
            format!("{} U+{:04X} in a cell; remove it", h.what, h.ch as u32),
        ));
    }
    if !hidden.is_empty() {
        return;
    }
    let delimiter = delimiter.byte().unwrap_or_else(|| detect_delimiter(text));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return errors.push(err(1, format!("cannot read header: {e}"))),
        None => return errors.push(err(0, "empty file: expected the glossary header".into())),
    };
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_string()
        })
        .collect();
    // A header that is one cell holding the other delimiter: say that once rather than
    // reporting every column as unknown or missing.
    let (other, other_name) = if delimiter == b';' {
        (',', "comma")
    } else {
        (';', "semicolon")
    };
    if names.len() == 1 && names[0].contains(other) {
        return errors.push(err(
            1,
            format!(
                "the header is one cell holding {other:?}: the file looks {other_name}-separated \
                 (use --delimiter '{other}')"
            ),
        ));
    }
    for n in &names {
        if !HEADER.contains(&n.as_str()) {
            errors.push(err(
                1,
                format!("unknown column {n:?} (expected: {})", HEADER.join(",")),
            ));
        }
    }
    for h in HEADER {
        if !names.iter().any(|n| n == h) {
            errors.push(err(1, format!("missing column {h:?}")));
        }
    }
    if names.len() != HEADER.len() || !errors.is_empty() {
        return;
    }
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let line_of = |p: Option<&csv::Position>| p.map_or(0, |p| lines.record_line(p.byte() as usize));
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                errors.push(err(line, format!("malformed CSV: {e}")));
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != HEADER.len() {
            errors.push(err(
                line,
                format!("{} cells, expected {}", record.len(), HEADER.len()),
            ));
            continue;
        }
        let cells: HashMap<&str, String> = HEADER
            .iter()
            .map(|h| {
                (
                    *h,
                    unneutralise(record.get(index[h]).unwrap_or(""))
                        .trim()
                        .to_string(),
                )
            })
            .collect();
        match parse_entry(&cells) {
            Ok(entry) => rows.push((
                entry,
                Origin {
                    file: name.to_string(),
                    line,
                },
            )),
            Err(messages) => errors.extend(messages.into_iter().map(|m| err(line, m))),
        }
    }
}

fn parse_entry(cells: &HashMap<&str, String>) -> Result<Entry, Vec<String>> {
    let cell = |name: &str| cells.get(name).map_or("", String::as_str);
    let mut problems = Vec::new();
    let id = cell("id").to_string();
    let id_ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        problems.push(format!(
            "id {id:?} must be a non-empty slug of a-z, 0-9 and '-'"
        ));
    }
    let required = |name: &str, problems: &mut Vec<String>| {
        let v = cell(name);
        if v.is_empty() {
            problems.push(format!("{name} is empty (required)"));
        }
        v
    };
    let kind = required("kind", &mut problems)
        .parse()
        .map_err(|e| problems.push(e))
        .ok();
    let origin = required("origin", &mut problems)
        .parse()
        .map_err(|e| problems.push(e))
        .ok();
    let side = match cell("side") {
        "" => None,
        s => s.parse().map_err(|e| problems.push(e)).ok(),
    };
    let mut entry = Entry {
        side,
        note: cell("note").to_string(),
        ..Entry::new(
            id,
            kind.unwrap_or(Kind::Other),
            origin.unwrap_or(super::Origin::Other),
        )
    };
    for column in Column::FORM_COLUMNS {
        let values = split_values(cell(column.as_str()));
        for v in &values {
            if let Err(m) = check_script(column, v) {
                problems.push(m);
            }
        }
        if let Some(slot) = entry.column_mut(column) {
            *slot = values;
        }
    }
    if entry.en.is_empty() {
        problems.push("en is empty (required: the English form translators use)".into());
    }
    for item in split_values(cell("aliases")) {
        match Alias::parse(&item) {
            Ok(a) => {
                if let Err(m) = check_script(a.column, &a.text) {
                    problems.push(format!("alias: {m}"));
                }
                entry.aliases.push(a);
            }
            Err(m) => problems.push(m),
        }
    }
    if let Err(m) = NoteTags::parse(&entry.note) {
        problems.push(m);
    }
    if problems.is_empty() && kind.is_some() && origin.is_some() {
        Ok(entry)
    } else {
        Err(problems)
    }
}

/// Checks that a form is written in its column's script.
pub fn check_script(column: Column, text: &str) -> Result<(), String> {
    let ok = |c: char| -> bool {
        match column {
            Column::ZhHant | Column::ZhHans => {
                is_han(c) || matches!(c, '〇' | '々' | '·' | '・' | 'ヶ')
            }
            Column::JaKanji => is_han(c) || is_kana(c) || matches!(c, '〇' | '々' | '・'),
            Column::KoHangul => is_hangul(c) || c == ' ' || c.is_ascii_digit(),
            Column::JaKana => is_kana(c) || matches!(c, ' ' | 'ー' | '・'),
            Column::Pinyin => {
                c.is_ascii_alphabetic()
                    || matches!(c, ' ' | '\'' | '-' | '’')
                    || "āáǎàōóǒòēéěèīíǐìūúǔùüǖǘǚǜĀÁǍÀŌÓǑÒĒÉĚÈĪÍǏÌŪÚǓÙÜ".contains(c)
            }
            Column::KoRr => c.is_ascii_alphabetic() || matches!(c, ' ' | '-'),
            Column::KoMr => {
                c.is_ascii_alphabetic()
                    || matches!(c, ' ' | '-' | '\'' | '’')
                    || "ŏŭŎŬë".contains(c)
            }
            Column::JaHepburn => {
                c.is_ascii_alphabetic()
                    || matches!(c, ' ' | '-' | '\'' | '’')
                    || "āīūēōĀĪŪĒŌâîûêôÂÎÛÊÔ".contains(c)
            }
            Column::En => !(is_han(c) || is_hangul(c) || is_kana(c)),
        }
    };
    match text.chars().find(|&c| !ok(c)) {
        None => Ok(()),
        Some(bad) => Err(format!(
            "{column}: {text:?} has a character of the wrong script: {bad:?} (U+{:04X})",
            bad as u32
        )),
    }
}

/// Writes entries as glossary CSV (header first), neutralising formula cells.
pub fn write_csv<W: Write>(entries: &[&Entry], mut out: W, bom: bool) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(HEADER)?;
    for e in entries {
        w.write_record(row(e).iter().map(|c| neutralise(c)))?;
    }
    w.flush()?;
    Ok(())
}

/// An entry's cells under [`HEADER`], as written to CSV (before neutralising) and to a
/// spreadsheet: several values in one cell separated by `|`.
pub fn row(e: &Entry) -> Vec<String> {
    let mut row: Vec<String> = vec![
        e.id.clone(),
        e.kind.to_string(),
        e.origin.to_string(),
        e.side.map(|s| s.to_string()).unwrap_or_default(),
    ];
    for c in Column::FORM_COLUMNS {
        row.push(e.column(c).join("|"));
    }
    row.push(
        e.aliases
            .iter()
            .map(Alias::to_cell)
            .collect::<Vec<_>>()
            .join("|"),
    );
    row.push(e.note.clone());
    row
}

/// Groups entries into the files they are kept in (see [`file_for`]), each sorted by id.
pub fn files_of(glossary: &Glossary) -> Vec<(&'static str, Vec<&Entry>)> {
    let mut files: std::collections::BTreeMap<&'static str, Vec<&Entry>> = Default::default();
    for e in &glossary.entries {
        files.entry(file_for(e.kind)).or_default().push(e);
    }
    files.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,en,aliases,note\n";

    fn load(text: &str) -> Result<Loaded, Vec<LoadError>> {
        load_sources(vec![("g.csv".into(), text.as_bytes().to_vec())])
    }

    fn errors(text: &str) -> Vec<String> {
        load(text)
            .expect_err("should fail")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn loads_a_row() {
        let g = load(&format!(
            "{HEAD}liu-ting,person,zh,ming,劉綎,刘𬘩,Liú Tíng,유정,Yu Jeong,Yu Chŏng,,,Liu Ting,variant:zh_hant:劉鋌,\n"
        ))
        .expect("valid");
        let e = &g.glossary.entries[0];
        assert_eq!(e.zh_hant, ["劉綎"]);
        assert_eq!(e.aliases[0].text, "劉鋌");
        assert_eq!(g.origins[0].line, 2);
    }

    #[test]
    fn reports_file_line_problems() {
        let text = format!(
            "{HEAD}a,person,zh,ming,李如松,,,,,,,,Li Rusong,,\na,person,zh,ming,李如柏,,,,,,,,Li Rubai,,\nb,persn,zh,,李,,,,,,,,B,,\nc,place,zh,,平壤,,,,Pyongyang,,,,,,\nd,place,ko,,평양,,,,,,,,Pyongyang2,,\n"
        );
        let errs = errors(&text);
        assert!(
            errs.contains(&"g.csv:3: duplicate id \"a\" (first at g.csv:2)".to_string()),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("g.csv:4: unknown kind \"persn\"")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.starts_with("g.csv:5: en is empty")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e
                    .starts_with("g.csv:6: zh_hant: \"평양\" has a character of the wrong script")),
            "{errs:?}"
        );
    }

    #[test]
    fn unknown_and_missing_columns() {
        let errs = errors(
            "id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,english,aliases,note\n",
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("g.csv:1: unknown column \"english\"")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e == "g.csv:1: missing column \"en\""),
            "{errs:?}"
        );
    }

    #[test]
    fn shared_forms_need_ambiguous_tags() {
        let text = format!(
            "{HEAD}jinju-1592,battle,ko,,晉州城之戰,,,,,,,,First Siege of Jinju,,\njinju-1593,battle,ko,,晉州城之戰,,,,,,,,Second Siege of Jinju,,\n"
        );
        let errs = errors(&text);
        assert!(
            errs[0].starts_with(
                "g.csv:3: zh_hant form \"晉州城之戰\" is also a form of \"jinju-1592\""
            ),
            "{errs:?}"
        );
        let tagged = text.replace(",,\n", ",,1592 #ambiguous\n");
        assert!(load(&tagged).is_ok());
    }

    #[test]
    fn formula_cells_round_trip() {
        let text = format!("{HEAD}x,other,other,,,,,,,,,,'=HYPERLINK(1),,\n");
        let g = load(&text).expect("valid");
        assert_eq!(g.glossary.entries[0].en, ["=HYPERLINK(1)"]);
        let mut out = Vec::new();
        let refs: Vec<&Entry> = g.glossary.entries.iter().collect();
        write_csv(&refs, &mut out, false).expect("write");
        let written = String::from_utf8(out).expect("utf8");
        assert!(written.contains(",'=HYPERLINK(1),"), "{written}");
    }

    /// Issue 15.8: a row's line is its physical line, whatever the line endings, blank lines
    /// and multi-line cells before it.
    #[test]
    fn errors_cite_the_physical_line() {
        let bad = "b,persn,zh,,李,,,,,,,,B,,";
        let crlf = format!(
            "{}a,person,zh,,甲,,,,,,,,A,,\r\n{bad}\r\n",
            HEAD.replace('\n', "\r\n")
        );
        assert!(
            errors(&crlf)[0].starts_with("g.csv:3: "),
            "{:?}",
            errors(&crlf)
        );
        let blank = format!("{HEAD}\n\na,person,zh,,甲,,,,,,,,A,,\n{bad}\n");
        assert!(
            errors(&blank)[0].starts_with("g.csv:5: "),
            "{:?}",
            errors(&blank)
        );
        let multi = format!("{HEAD}a,person,zh,,甲,,,,,,,,A,,\"two\nline note\"\n{bad}\n");
        assert!(
            errors(&multi)[0].starts_with("g.csv:4: "),
            "{:?}",
            errors(&multi)
        );
        let ok = load(&crlf.replace(bad, "b,person,zh,,乙,,,,,,,,B,,")).expect("valid");
        assert_eq!(
            ok.origins.iter().map(|o| o.line).collect::<Vec<_>>(),
            [2, 3]
        );
    }

    #[test]
    fn latin1_is_named_with_its_byte() {
        let mut bytes = HEAD.as_bytes().to_vec();
        let row = b"a,person,zh,,,,,,,,,,Jos";
        bytes.extend_from_slice(row);
        bytes.extend_from_slice(b"\xe9,,\n");
        let byte = HEAD.len() + row.len();
        let errs: Vec<String> = load_sources(vec![("g.csv".into(), bytes)])
            .expect_err("latin-1")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            [format!(
                "g.csv:2: not UTF-8 (at byte {byte}), convert it to UTF-8"
            )]
        );
    }

    /// Issues 15.8 and 21.6: control characters, bidi controls and zero-width spaces are
    /// rejected with line, column and code point; joiners only where a script needs them.
    #[test]
    fn hidden_characters_are_rejected_where_they_are() {
        let errs = errors(&format!(
            "{HEAD}a,person,zh,,甲,,,,,,,,A\u{7}b,,\nb,person,zh,,乙,,,,,,,,\u{202E}Bee,,\n\
             c,person,zh,,丙,,,,,,,,C\u{200B}ee,,\nd,person,zh,,丁,,,,,,,,De\u{200D}e,,\n"
        ));
        assert_eq!(
            errs,
            [
                "g.csv:2:24: control character U+0007 in a cell; remove it",
                "g.csv:3:23: bidirectional control U+202E in a cell; remove it",
                "g.csv:4:24: zero-width space U+200B in a cell; remove it",
                "g.csv:5:25: zero-width joiner U+200D in a cell; remove it",
            ]
        );
        // Between two Devanagari letters a joiner is part of the spelling.
        let ok = format!("{HEAD}e,person,other,,,,,,,,,,क\u{200D}ष,,\n");
        assert!(load(&ok).is_ok());
        // A byte order mark may open the file, not sit in a cell.
        assert!(load(&format!("\u{feff}{HEAD}e,person,zh,,戊,,,,,,,,E,,\n")).is_ok());
        assert!(load(&format!("{HEAD}e,person,zh,,戊,,,,,,,,E\u{feff},,\n")).is_err());
    }

    /// Issue 15.11: semicolon-separated files load; a forced wrong delimiter is named once.
    #[test]
    fn semicolons_are_detected_or_named() {
        let text = format!("{HEAD}a,person,zh,,甲,,,,,,,,\"A, the first\",,\n").replace(',', ";");
        let text = text.replace("A; the first", "A, the first");
        let g = load(&text).expect("semicolons");
        assert_eq!(g.glossary.entries[0].en, ["A, the first"]);
        let forced = load_sources_with(vec![("g.csv".into(), text.into_bytes())], Delimiter::Comma)
            .expect_err("forced comma");
        assert_eq!(forced.len(), 1, "{forced:?}");
        assert!(
            forced[0].message.contains("semicolon-separated"),
            "{forced:?}"
        );
    }
}
