//! Glossary exports: CSV (the glossary's own format), OmegaT TSV for one language pair,
//! TBX v3 (TBX-Basic dialect), XLSX, JSON.

use crate::glossary::io::{neutralise, row, write_csv};
use crate::glossary::{Column, Entry, Glossary, HEADER, Status};
use quick_xml::Writer;
use quick_xml::events::BytesText;
use std::io::{self, Write};

/// CSV with the glossary header; `bom` prepends a UTF-8 byte order mark (for Excel).
pub fn csv<W: Write>(glossary: &Glossary, out: W, bom: bool) -> io::Result<()> {
    let refs: Vec<&Entry> = glossary.entries.iter().collect();
    write_csv(&refs, out, bom)
}

/// XLSX: the CSV's columns and cells (one sheet, `glossary`), with a frozen header and filters.
pub fn xlsx(glossary: &Glossary) -> io::Result<Vec<u8>> {
    let rows: Vec<Vec<super::sheet::Cell>> = glossary
        .entries
        .iter()
        .map(|e| row(e).into_iter().map(Into::into).collect())
        .collect();
    super::sheet::xlsx("glossary", &HEADER, &rows)
}

/// JSON: all entries with every field.
pub fn json<W: Write>(glossary: &Glossary, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &glossary.entries)?;
    writeln!(out)
}

/// A cell of the OmegaT TSV: on one line, and neutralised like the CSV's (a spreadsheet opening
/// the file must not run `=…` as a formula).
fn tsv_cell(s: &str) -> String {
    neutralise(&s.replace(['\t', '\n', '\r'], " "))
}

/// The forms of `entry` in `column`: column values, then aliases of that column (errors last).
fn forms_in(entry: &Entry, column: Column) -> Vec<(&str, Status)> {
    let mut out: Vec<(&str, Status)> = entry
        .forms()
        .filter(|(c, _, _)| *c == column)
        .map(|(_, t, s)| (t, s))
        .collect();
    out.sort_by_key(|(_, s)| *s == Status::Error);
    out
}

/// OmegaT glossary: `source<TAB>target<TAB>comment`, one row per source form (preferred,
/// accepted, variants, aliases, known errors) with the preferred target form. Entries without
/// both languages are left out.
pub fn omegat<W: Write>(
    glossary: &Glossary,
    source: Column,
    target: Column,
    mut out: W,
) -> io::Result<usize> {
    let mut rows = 0;
    for e in &glossary.entries {
        let Some(t) = e.preferred(target) else {
            continue;
        };
        for (s, status) in forms_in(e, source) {
            let mut comment = format!("{} {}", e.kind, e.id);
            if status != Status::Preferred {
                comment.push_str(&format!("; {status} form"));
            }
            if let Some(en) = e
                .preferred(Column::En)
                .filter(|_| target != Column::En && source != Column::En)
            {
                comment.push_str(&format!("; {en}"));
            }
            writeln!(
                out,
                "{}\t{}\t{}",
                tsv_cell(s),
                tsv_cell(t),
                tsv_cell(&comment)
            )?;
            rows += 1;
        }
    }
    Ok(rows)
}

fn admin_status(status: Status) -> &'static str {
    match status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Accepted | Status::Variant | Status::Alias => "admittedTerm-admn-sts",
        Status::Error => "deprecatedTerm-admn-sts",
    }
}

/// TBX v3, TBX-Basic dialect (DCA style): one conceptEntry per entry, one langSec per language
/// and per romanisation (BCP 47 tags), one termSec per form with its administrative status.
pub fn tbx<W: Write>(glossary: &Glossary, out: W) -> io::Result<()> {
    super::xml_document(out, |w| {
        w.create_element("tbx")
        .with_attribute(("type", "TBX-Basic"))
        .with_attribute(("style", "dca"))
        .with_attribute(("xml:lang", "en"))
        .with_attribute(("xmlns", "urn:iso:std:iso:30042:ed:3.0"))
        .write_inner_content(|w| {
            w.create_element("tbxHeader").write_inner_content(|w| {
                w.create_element("fileDesc").write_inner_content(|w| {
                    w.create_element("sourceDesc").write_inner_content(|w| {
                        w.create_element("p").write_text_content(BytesText::new(
                            "hanbridge glossary: names across Chinese, Korean, Japanese and English",
                        ))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("text").write_inner_content(|w| {
                w.create_element("body").write_inner_content(|w| {
                    for e in &glossary.entries {
                        concept(w, e)?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    })
}

fn concept<W: Write>(w: &mut Writer<W>, e: &Entry) -> io::Result<()> {
    w.create_element("conceptEntry")
        .with_attribute(("id", e.id.as_str()))
        .write_inner_content(|w| {
            w.create_element("descrip")
                .with_attribute(("type", "subjectField"))
                .write_text_content(BytesText::new(e.kind.as_str()))?;
            if !e.note.is_empty() {
                w.create_element("note")
                    .write_text_content(BytesText::new(&e.note))?;
            }
            let columns = Column::FORM_COLUMNS.iter().chain([Column::JaKanji].iter());
            for &column in columns {
                let forms = forms_in(e, column);
                if forms.is_empty() {
                    continue;
                }
                w.create_element("langSec")
                    .with_attribute(("xml:lang", column.bcp47()))
                    .write_inner_content(|w| {
                        for (text, status) in &forms {
                            w.create_element("termSec").write_inner_content(|w| {
                                w.create_element("term")
                                    .write_text_content(BytesText::new(text))?;
                                w.create_element("termNote")
                                    .with_attribute(("type", "administrativeStatus"))
                                    .write_text_content(BytesText::new(admin_status(*status)))?;
                                w.create_element("termNote")
                                    .with_attribute(("type", "partOfSpeech"))
                                    .write_text_content(BytesText::new("properNoun"))?;
                                if matches!(status, Status::Variant) {
                                    w.create_element("termNote")
                                        .with_attribute(("type", "termType"))
                                        .write_text_content(BytesText::new("variant"))?;
                                }
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}
