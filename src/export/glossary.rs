//! Glossary exports: CSV (the glossary's own format), OmegaT TSV for one language pair,
//! TBX v3 and v2 (TBX-Basic dialect), XLSX, JSON.

use crate::glossary::io::{neutralise, row, write_csv};
use crate::glossary::{Column, Entry, Glossary, HEADER, Kind, Origin, Status};
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

/// Which TBX: ISO 30042:2019 (v3, `<tbx>`) or the TBX-Basic v2 `<martif>` that
/// translate-toolkit, Weblate, OmegaT and older CAT tools read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TbxVersion {
    /// TBX-Basic v2 (`martif`, `termEntry`, `langSet`, `tig`).
    V2,
    /// TBX v3, TBX-Basic dialect, DCA style (`tbx`, `conceptEntry`, `langSec`, `termSec`).
    V3,
}

/// Element names of a TBX version.
struct Names {
    root: &'static str,
    header: &'static str,
    entry: &'static str,
    lang: &'static str,
    term: &'static str,
}

impl TbxVersion {
    fn names(self) -> Names {
        match self {
            TbxVersion::V2 => Names {
                root: "martif",
                header: "martifHeader",
                entry: "termEntry",
                lang: "langSet",
                term: "tig",
            },
            TbxVersion::V3 => Names {
                root: "tbx",
                header: "tbxHeader",
                entry: "conceptEntry",
                lang: "langSec",
                term: "termSec",
            },
        }
    }
}

/// The language tag of a column's terms in a TBX of `version`. Japanese kanji forms are `ja`
/// (what a CAT tool's Japanese is). In v2, romanisations get tags that do not start with the
/// language's code (`und-Latn-t-zh`, …): tools reading v2 take every `zh…` set as Chinese terms,
/// and a romanisation must not become a false source term. See docs/interchange.md.
pub fn tbx_tag(column: Column, version: TbxVersion) -> &'static str {
    match (column, version) {
        (Column::JaKanji, _) => "ja",
        (Column::Pinyin, TbxVersion::V2) => "und-Latn-t-zh-m0-pinyin",
        (Column::KoRr, TbxVersion::V2) => "und-Latn-t-ko-m0-mcst",
        (Column::KoMr, TbxVersion::V2) => "und-Latn-t-ko-m0-alaloc",
        (Column::JaHepburn, TbxVersion::V2) => "und-Latn-t-ja-m0-hepburn",
        (c, _) => c.bcp47(),
    }
}

/// The prefix of the notes that carry what TBX has no data category for (an entry's origin and
/// side, a form's standing), so an exported file imports back unchanged.
pub const NOTE_PREFIX: &str = "hanbridge:";

/// Whether a name of this kind is a proper noun (offices and unclassified terms are not).
fn proper_noun(kind: Kind) -> bool {
    !matches!(kind, Kind::Office | Kind::Other)
}

/// TBX (TBX-Basic dialect): one concept per entry (`id` the entry's id, subject field its
/// kind), one language section per language and per romanisation (tags: [`tbx_tag`]), one
/// term per form with its administrative status; `partOfSpeech` `properNoun` for names of
/// people, places, polities, battles, wars, eras, units and works. Japanese entries also get a
/// `ja` section: the glossary's shinjitai forms (`ja_kanji` aliases), else the traditional forms
/// converted to shinjitai (OpenCC t2jp).
pub fn tbx<W: Write>(glossary: &Glossary, version: TbxVersion, out: W) -> io::Result<()> {
    let n = version.names();
    super::xml_document(out, |w| {
        let mut root = w
            .create_element(n.root)
            .with_attribute(("type", "TBX-Basic"));
        root = match version {
            TbxVersion::V3 => root
                .with_attribute(("style", "dca"))
                .with_attribute(("xml:lang", "en"))
                .with_attribute(("xmlns", "urn:iso:std:iso:30042:ed:3.0")),
            TbxVersion::V2 => root.with_attribute(("xml:lang", "en")),
        };
        root.write_inner_content(|w| {
            w.create_element(n.header).write_inner_content(|w| {
                w.create_element("fileDesc").write_inner_content(|w| {
                    w.create_element("sourceDesc").write_inner_content(|w| {
                        text(w, "p", &[], "hanbridge glossary: names across Chinese, Korean, Japanese and English")
                    })?;
                    Ok(())
                })?;
                if version == TbxVersion::V2 {
                    w.create_element("encodingDesc").write_inner_content(|w| {
                        text(w, "p", &[("type", "XCSURI")], "TBXBasicXCSV02.xcs")
                    })?;
                }
                Ok(())
            })?;
            w.create_element("text").write_inner_content(|w| {
                w.create_element("body").write_inner_content(|w| {
                    for e in &glossary.entries {
                        concept(w, e, version)?;
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

/// An element holding only text (made XML-safe).
fn text<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    content: &str,
) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_text_content(BytesText::new(&super::xml_safe(content)))?;
    Ok(())
}

/// A form in a TBX: its text, standing, and its position among the entry's aliases (none for
/// a column value).
type Form<'e> = (std::borrow::Cow<'e, str>, Status, Option<usize>);

/// The alias position of a form computed for the export (a `hanbridge:computed` note instead of
/// `hanbridge:alias=N`): `glossary import` ignores it.
const COMPUTED: usize = usize::MAX;

/// The forms of `e` in `column`: column values, then aliases (errors last).
fn tbx_forms(e: &Entry, column: Column) -> Vec<Form<'_>> {
    let values = e.column(column).iter().enumerate().map(|(i, v)| {
        let status = if i == 0 {
            Status::Preferred
        } else {
            Status::Accepted
        };
        (v.as_str().into(), status, None)
    });
    let aliases = e
        .aliases
        .iter()
        .enumerate()
        .filter(|(_, a)| a.column == column)
        .map(|(i, a)| (a.text.as_str().into(), a.status, Some(i + 1)));
    let mut out: Vec<Form<'_>> = values.chain(aliases).collect();
    out.sort_by_key(|(_, s, _)| *s == Status::Error);
    out
}

/// The language sections of an entry: column, and its forms.
fn sections(e: &Entry) -> Vec<(Column, Vec<Form<'_>>)> {
    let mut out: Vec<(Column, Vec<Form<'_>>)> = Column::FORM_COLUMNS
        .iter()
        .map(|&c| (c, tbx_forms(e, c)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let mut kanji = tbx_forms(e, Column::JaKanji);
    if kanji.is_empty() && e.origin == Origin::Ja {
        // No shinjitai form listed: the traditional forms in Japan's new forms (戶次 → 戸次,
        // 豐臣 → 豊臣), which `glossary import` recognises as computed, not as aliases.
        kanji = tbx_forms(e, Column::ZhHant)
            .into_iter()
            .map(|(form, status, _)| {
                let shinjitai = crate::romanise::chinese::traditional_to_japanese(&form);
                (shinjitai.into(), status, Some(COMPUTED))
            })
            .collect();
    }
    if !kanji.is_empty() {
        out.push((Column::JaKanji, kanji));
    }
    out
}

fn concept<W: Write>(w: &mut Writer<W>, e: &Entry, version: TbxVersion) -> io::Result<()> {
    let n = version.names();
    w.create_element(n.entry)
        .with_attribute(("id", e.id.as_str()))
        .write_inner_content(|w| {
            text(w, "descrip", &[("type", "subjectField")], e.kind.as_str())?;
            text(w, "note", &[], &format!("{NOTE_PREFIX}origin={}", e.origin))?;
            if let Some(side) = e.side {
                text(w, "note", &[], &format!("{NOTE_PREFIX}side={side}"))?;
            }
            if !e.note.is_empty() {
                text(w, "note", &[], &e.note)?;
            }
            for (column, forms) in sections(e) {
                w.create_element(n.lang)
                    .with_attribute(("xml:lang", tbx_tag(column, version)))
                    .write_inner_content(|w| {
                        for (i, (form, status, alias)) in forms.iter().enumerate() {
                            let (status, alias) = (*status, *alias);
                            // Shinjitai forms are aliases in the glossary, but the first is
                            // Japanese's preferred writing.
                            let shown = match (column, i) {
                                (Column::JaKanji, 0) if status != Status::Error => {
                                    Status::Preferred
                                }
                                _ => status,
                            };
                            w.create_element(n.term).write_inner_content(|w| {
                                text(w, "term", &[], form.as_ref())?;
                                let admin = [("type", "administrativeStatus")];
                                text(w, "termNote", &admin, admin_status(shown))?;
                                if proper_noun(e.kind) {
                                    text(w, "termNote", &[("type", "partOfSpeech")], "properNoun")?;
                                }
                                if status == Status::Variant {
                                    text(w, "termNote", &[("type", "termType")], "variant")?;
                                }
                                match alias {
                                    Some(COMPUTED) => {
                                        let note = format!("{NOTE_PREFIX}computed=shinjitai");
                                        text(w, "note", &[], &note)?;
                                    }
                                    Some(k) => {
                                        let note = format!("{NOTE_PREFIX}alias={k},{status}");
                                        text(w, "note", &[], &note)?;
                                    }
                                    None => {}
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
