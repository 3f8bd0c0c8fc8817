//! Corpus tables: importing parsed documents as revisions, and reading them back.

use super::{Result, Store, StoreError};
use crate::corpus::{
    BlockKind, Citation, Document, InfoboxField, Lang, Link, OffsetMap, Paragraph, Sentence, Span,
};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What an import did to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportStatus {
    /// A new document.
    Added,
    /// Same file content and metadata as the current revision: nothing written.
    Unchanged,
    /// Same content, new title/source/licence/path/language/format.
    Metadata,
    /// Changed content: a new revision.
    Revised,
}

/// How one paragraph differs from the previous revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// New paragraph.
    Added,
    /// Paragraph gone.
    Removed,
    /// Paragraph at the same place with different text.
    Changed,
    /// Same text at another place.
    Moved,
}

/// One paragraph-level difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphChange {
    /// What happened.
    pub change: Change,
    /// Ordinal in the previous revision.
    pub old: Option<usize>,
    /// Ordinal in the new revision.
    pub new: Option<usize>,
    /// Start of the (new, else old) display text.
    pub preview: String,
}

/// The result of importing one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportOutcome {
    /// Document id.
    pub document: String,
    /// What happened.
    pub status: ImportStatus,
    /// Current revision number after the import.
    pub revision: i64,
    /// Paragraphs in the current revision.
    pub paragraphs: usize,
    /// Paragraph-level differences to the previous revision (empty unless `Revised`).
    pub changes: Vec<ParagraphChange>,
}

/// A document as listed by `docs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Id.
    pub id: String,
    /// Language code.
    pub lang: String,
    /// Markup.
    pub format: String,
    /// Title.
    pub title: String,
    /// Source.
    pub source: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Path at last import.
    pub path: String,
    /// Current revision number.
    pub revision: i64,
    /// Paragraphs (all kinds).
    pub paragraphs: usize,
    /// Paragraphs of running text.
    pub text_paragraphs: usize,
    /// Sentences.
    pub sentences: usize,
    /// Characters in the file.
    pub chars: usize,
    /// How the file's paragraphs were separated: `blank-line`, `line` or `indent`.
    pub paragraph_rule: String,
    /// The bound on a paragraph's length in characters it was cut with (0: none).
    pub unit_chars: usize,
}

/// A paragraph as listed in a document overview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphSummary {
    /// Ordinal.
    pub ordinal: usize,
    /// Kind.
    pub kind: String,
    /// Section ordinal.
    pub section: usize,
    /// Character span in the file.
    pub start_char: usize,
    /// End of the character span.
    pub end_char: usize,
    /// Display text.
    pub text: String,
}

fn preview(text: &str) -> String {
    const MAX: usize = 40;
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > MAX {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Paragraph-level diff of two revisions, by content hash.
fn diff(old: &[(String, String)], new: &Document) -> Vec<ParagraphChange> {
    let old_hashes: Vec<&str> = old.iter().map(|(h, _)| h.as_str()).collect();
    let new_hashes: Vec<&str> = new.paragraphs.iter().map(|p| p.hash.as_str()).collect();
    let mut out = Vec::new();
    let removed = |i: usize, out: &mut Vec<ParagraphChange>| {
        out.push(ParagraphChange {
            change: Change::Removed,
            old: Some(i + 1),
            new: None,
            preview: preview(&old[i].1),
        })
    };
    let added = |j: usize, out: &mut Vec<ParagraphChange>| {
        out.push(ParagraphChange {
            change: Change::Added,
            old: None,
            new: Some(j + 1),
            preview: preview(&new.paragraphs[j].text),
        })
    };
    for op in capture_diff_slices(Algorithm::Patience, &old_hashes, &new_hashes) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len).for_each(|i| removed(i, &mut out)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (new_index..new_index + new_len).for_each(|j| added(j, &mut out)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    out.push(ParagraphChange {
                        change: Change::Changed,
                        old: Some(old_index + k + 1),
                        new: Some(new_index + k + 1),
                        preview: preview(&new.paragraphs[new_index + k].text),
                    });
                }
                (old_index + paired..old_index + old_len).for_each(|i| removed(i, &mut out));
                (new_index + paired..new_index + new_len).for_each(|j| added(j, &mut out));
            }
        }
    }
    // A paragraph removed in one place and added in another is a move.
    let removed_hashes: std::collections::HashMap<&str, usize> = out
        .iter()
        .filter(|c| c.change == Change::Removed)
        .filter_map(|c| Some((old_hashes[c.old? - 1], c.old?)))
        .collect();
    let mut moved_from = Vec::new();
    for c in out.iter_mut().filter(|c| c.change == Change::Added) {
        if let Some(&old_ord) = c.new.and_then(|n| removed_hashes.get(new_hashes[n - 1])) {
            c.change = Change::Moved;
            c.old = Some(old_ord);
            moved_from.push(old_ord);
        }
    }
    out.retain(|c| {
        !(c.change == Change::Removed && c.old.is_some_and(|o| moved_from.contains(&o)))
    });
    out
}

impl Store {
    /// Imports documents in one transaction: all or nothing.
    ///
    /// A document whose file hash and metadata equal its current revision is left untouched; a
    /// changed file becomes a new revision, and the outcome lists paragraph-level changes.
    pub fn import(&mut self, docs: &[Document]) -> Result<Vec<ImportOutcome>> {
        let mut importer = self.importer()?;
        let outcomes = docs
            .iter()
            .map(|doc| importer.import(doc))
            .collect::<Result<_>>()?;
        importer.finish()?;
        Ok(outcomes)
    }

    /// As [`Store::import`], one document at a time (so a corpus need not be in memory at
    /// once): import each, then [`Importer::finish`]. Dropping the importer without it leaves
    /// the database as it was.
    pub fn importer(&mut self) -> Result<Importer<'_>> {
        Ok(Importer {
            tx: self.begin_write("import")?,
        })
    }

    /// All documents, ordered by id.
    pub fn documents(&self) -> Result<Vec<DocumentSummary>> {
        self.document_rows(None)
    }

    /// One document.
    pub fn document(&self, id: &str) -> Result<Option<DocumentSummary>> {
        Ok(self.document_rows(Some(id))?.into_iter().next())
    }

    fn document_rows(&self, id: Option<&str>) -> Result<Vec<DocumentSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.lang, d.format, d.title, d.source, d.licence, d.path, r.number,
                    r.char_len, r.paragraph_rule, r.unit_chars,
                    (SELECT count(*) FROM paragraph p WHERE p.revision_id = r.id),
                    (SELECT count(*) FROM paragraph p WHERE p.revision_id = r.id AND p.kind = 'text'),
                    (SELECT count(*) FROM sentence s JOIN paragraph p ON s.paragraph_id = p.id
                       WHERE p.revision_id = r.id)
             FROM document d JOIN revision r ON r.id = d.current_revision
             WHERE ?1 IS NULL OR d.id = ?1
             ORDER BY d.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(DocumentSummary {
                id: r.get(0)?,
                lang: r.get(1)?,
                format: r.get(2)?,
                title: r.get(3)?,
                source: r.get(4)?,
                licence: r.get(5)?,
                path: r.get(6)?,
                revision: r.get(7)?,
                chars: r.get::<_, i64>(8)? as usize,
                paragraph_rule: r.get(9)?,
                unit_chars: r.get::<_, i64>(10)? as usize,
                paragraphs: r.get::<_, i64>(11)? as usize,
                text_paragraphs: r.get::<_, i64>(12)? as usize,
                sentences: r.get::<_, i64>(13)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The paragraphs of a document's current revision, in order.
    pub fn paragraph_summaries(&self, doc: &str) -> Result<Vec<ParagraphSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ordinal, kind, section, start_char, end_char, text
             FROM current_paragraph WHERE document_id = ?1 ORDER BY ordinal",
        )?;
        let rows = stmt.query_map([doc], |r| {
            Ok(ParagraphSummary {
                ordinal: r.get::<_, i64>(0)? as usize,
                kind: r.get(1)?,
                section: r.get::<_, i64>(2)? as usize,
                start_char: r.get::<_, i64>(3)? as usize,
                end_char: r.get::<_, i64>(4)? as usize,
                text: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The start of a document's current text: its paragraphs in order, concatenated until at
    /// least `max_chars` characters (all of it if shorter). For telling its script.
    pub fn text_sample(&self, doc: &str, max_chars: usize) -> Result<String> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT text FROM current_paragraph WHERE document_id = ?1 ORDER BY ordinal",
        )?;
        let mut rows = stmt.query([doc])?;
        let mut sample = String::new();
        let mut chars = 0;
        while chars < max_chars {
            let Some(row) = rows.next()? else { break };
            let text: String = row.get(0)?;
            chars += text.chars().count();
            sample.push_str(&text);
        }
        Ok(sample)
    }

    /// One paragraph of a document's current revision, with sentences, links and fields.
    pub fn paragraph(&self, doc: &str, ordinal: usize) -> Result<Option<Paragraph>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, section, kind, hash, start_byte, end_byte, start_char, end_char,
                        raw, text, offset_map
                 FROM current_paragraph WHERE document_id = ?1 AND ordinal = ?2",
                params![doc, ordinal as i64],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        span_at(r, 4)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, section, kind, hash, span, raw, text, map)) = row else {
            return Ok(None);
        };
        let map: OffsetMap = serde_json::from_str(&map).map_err(|source| StoreError::Json {
            column: "paragraph.offset_map",
            source,
        })?;
        let sentences = self
            .conn
            .prepare_cached(
                "SELECT ordinal, text, start_byte, end_byte, start_char, end_char
                 FROM sentence WHERE paragraph_id = ?1 ORDER BY ordinal",
            )?
            .query_map([id], |r| {
                Ok(Sentence {
                    ordinal: r.get::<_, i64>(0)? as usize,
                    text: r.get(1)?,
                    span: span_at(r, 2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut links = Vec::new();
        let mut citations = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, label, target, page, start_byte, end_byte, start_char, end_char,
                    text_start, text_end
             FROM markup WHERE paragraph_id = ?1 ORDER BY ordinal",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            let label: String = r.get(1)?;
            let span = span_at(r, 4)?;
            if kind == "link" {
                links.push(Link {
                    label,
                    target: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    page: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    span,
                    label_in_text: (
                        r.get::<_, Option<i64>>(8)?.unwrap_or(0) as usize,
                        r.get::<_, Option<i64>>(9)?.unwrap_or(0) as usize,
                    ),
                });
            } else {
                citations.push(Citation { mark: label, span });
            }
        }
        let fields = self
            .conn
            .prepare_cached(
                "SELECT key, value, start_byte, end_byte, start_char, end_char
                 FROM infobox_field WHERE paragraph_id = ?1 ORDER BY ordinal",
            )?
            .query_map([id], |r| {
                Ok(InfoboxField {
                    key: r.get(0)?,
                    value: r.get(1)?,
                    span: span_at(r, 2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(Paragraph {
            ordinal,
            section: section as usize,
            kind: kind.parse().unwrap_or(BlockKind::Text),
            span,
            raw,
            text,
            map,
            hash,
            sentences,
            links,
            citations,
            fields,
        }))
    }

    /// The language of a document, if it exists.
    pub fn document_lang(&self, doc: &str) -> Result<Option<Lang>> {
        let lang: Option<String> = self
            .conn
            .query_row("SELECT lang FROM document WHERE id = ?1", [doc], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(lang.and_then(|l| l.parse().ok()))
    }
}

fn span_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Span> {
    Ok(Span {
        start_byte: r.get::<_, i64>(first)? as usize,
        end_byte: r.get::<_, i64>(first + 1)? as usize,
        start_char: r.get::<_, i64>(first + 2)? as usize,
        end_char: r.get::<_, i64>(first + 3)? as usize,
    })
}

/// Imports documents one at a time in one transaction (see [`Store::importer`]).
pub struct Importer<'s> {
    tx: Transaction<'s>,
}

impl Importer<'_> {
    /// Imports one document (visible to others only after [`Importer::finish`]).
    pub fn import(&mut self, doc: &Document) -> Result<ImportOutcome> {
        import_one(&self.tx, doc)
    }

    /// Commits every document imported.
    pub fn finish(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

fn import_one(tx: &Transaction<'_>, doc: &Document) -> Result<ImportOutcome> {
    let current: Option<(i64, i64, String, String, i64)> = tx
        .query_row(
            "SELECT r.id, r.number, r.file_hash, r.paragraph_rule, r.unit_chars
             FROM document d JOIN revision r ON r.id = d.current_revision WHERE d.id = ?1",
            [&doc.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let old_paragraphs = |rev_id: i64| -> rusqlite::Result<Vec<(String, String)>> {
        tx.prepare_cached(
            "SELECT hash, text FROM paragraph WHERE revision_id = ?1 ORDER BY ordinal",
        )?
        .query_map([rev_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
    };
    // A revision is its file as cut into paragraphs. The same file cut by another rule or bound
    // into other paragraphs is a new revision (with a paragraph diff); cut into the same ones
    // (a database from before rules and bounds, a bound no paragraph reaches), it is unchanged.
    let same_cut = |rev_id: i64, rule: &str, bound: i64| -> rusqlite::Result<bool> {
        if rule == doc.paragraph_rule.name() && bound == doc.unit_chars as i64 {
            return Ok(true);
        }
        let old = old_paragraphs(rev_id)?;
        let same = old.len() == doc.paragraphs.len()
            && old
                .iter()
                .zip(&doc.paragraphs)
                .all(|((h, _), p)| *h == p.hash);
        if same {
            tx.execute(
                "UPDATE revision SET paragraph_rule = ?2, unit_chars = ?3 WHERE id = ?1",
                params![rev_id, doc.paragraph_rule.name(), doc.unit_chars as i64],
            )?;
        }
        Ok(same)
    };
    let current = match current {
        Some((rev_id, number, hash, rule, bound)) => {
            let unchanged = hash == doc.file_hash && same_cut(rev_id, &rule, bound)?;
            Some((rev_id, number, unchanged))
        }
        None => None,
    };
    let meta_changed = |tx: &Transaction<'_>| -> rusqlite::Result<bool> {
        let stored: (
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
        ) = tx.query_row(
            "SELECT lang, format, title, source, licence, path FROM document WHERE id = ?1",
            [&doc.id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        let wanted = (
            doc.lang.code().to_string(),
            doc.format.name().to_string(),
            doc.title.clone(),
            doc.source.clone(),
            doc.licence.clone(),
            doc.path.clone(),
        );
        if stored == wanted {
            return Ok(false);
        }
        tx.execute(
            "UPDATE document SET lang = ?2, format = ?3, title = ?4, source = ?5, licence = ?6,
                    path = ?7 WHERE id = ?1",
            params![
                doc.id, wanted.0, wanted.1, wanted.2, wanted.3, wanted.4, wanted.5
            ],
        )?;
        Ok(true)
    };
    let (status, number, changes) = match current {
        Some((_, number, true)) => {
            let status = if meta_changed(tx)? {
                ImportStatus::Metadata
            } else {
                ImportStatus::Unchanged
            };
            (status, number, Vec::new())
        }
        Some((rev_id, number, false)) => {
            let old = old_paragraphs(rev_id)?;
            meta_changed(tx)?;
            insert_revision(tx, doc, number + 1)?;
            (ImportStatus::Revised, number + 1, diff(&old, doc))
        }
        None => {
            tx.execute(
                "INSERT INTO document (id, lang, format, title, source, licence, path)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    doc.id,
                    doc.lang.code(),
                    doc.format.name(),
                    doc.title,
                    doc.source,
                    doc.licence,
                    doc.path
                ],
            )?;
            insert_revision(tx, doc, 1)?;
            (ImportStatus::Added, 1, Vec::new())
        }
    };
    Ok(ImportOutcome {
        document: doc.id.clone(),
        status,
        revision: number,
        paragraphs: doc.paragraphs.len(),
        changes,
    })
}

fn insert_revision(tx: &Transaction<'_>, doc: &Document, number: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO revision (document_id, number, file_hash, byte_len, char_len,
                               paragraph_rule, unit_chars)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            doc.id,
            number,
            doc.file_hash,
            doc.byte_len as i64,
            doc.char_len as i64,
            doc.paragraph_rule.name(),
            doc.unit_chars as i64
        ],
    )?;
    let rev = tx.last_insert_rowid();
    tx.execute(
        "UPDATE document SET current_revision = ?2 WHERE id = ?1",
        params![doc.id, rev],
    )?;
    let mut sec = tx.prepare_cached(
        "INSERT INTO section (revision_id, ordinal, level, title, start_byte, end_byte,
                              start_char, end_char)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for s in &doc.sections {
        sec.execute(params![
            rev,
            s.ordinal as i64,
            s.level as i64,
            s.title,
            s.span.start_byte as i64,
            s.span.end_byte as i64,
            s.span.start_char as i64,
            s.span.end_char as i64
        ])?;
    }
    let mut para = tx.prepare_cached(
        "INSERT INTO paragraph (revision_id, ordinal, section, kind, hash, start_byte, end_byte,
                                start_char, end_char, raw, text, offset_map)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut sent = tx.prepare_cached(
        "INSERT INTO sentence (paragraph_id, ordinal, start_byte, end_byte, start_char, end_char, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut mark = tx.prepare_cached(
        "INSERT INTO markup (paragraph_id, ordinal, kind, label, target, page, text_start,
                             text_end, start_byte, end_byte, start_char, end_char)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut field = tx.prepare_cached(
        "INSERT INTO infobox_field (paragraph_id, ordinal, key, value, start_byte, end_byte,
                                    start_char, end_char)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for p in &doc.paragraphs {
        let map = serde_json::to_string(&p.map).map_err(|source| StoreError::Json {
            column: "paragraph.offset_map",
            source,
        })?;
        para.execute(params![
            rev,
            p.ordinal as i64,
            p.section as i64,
            p.kind.name(),
            p.hash,
            p.span.start_byte as i64,
            p.span.end_byte as i64,
            p.span.start_char as i64,
            p.span.end_char as i64,
            p.raw,
            p.text,
            map
        ])?;
        let pid = tx.last_insert_rowid();
        for s in &p.sentences {
            sent.execute(params![
                pid,
                s.ordinal as i64,
                s.span.start_byte as i64,
                s.span.end_byte as i64,
                s.span.start_char as i64,
                s.span.end_char as i64,
                s.text
            ])?;
        }
        let mut ordinal = 0i64;
        for l in &p.links {
            mark.execute(params![
                pid,
                ordinal,
                "link",
                l.label,
                l.target,
                l.page,
                l.label_in_text.0 as i64,
                l.label_in_text.1 as i64,
                l.span.start_byte as i64,
                l.span.end_byte as i64,
                l.span.start_char as i64,
                l.span.end_char as i64
            ])?;
            ordinal += 1;
        }
        for c in &p.citations {
            mark.execute(params![
                pid,
                ordinal,
                "citation",
                c.mark,
                None::<String>,
                None::<String>,
                None::<i64>,
                None::<i64>,
                c.span.start_byte as i64,
                c.span.end_byte as i64,
                c.span.start_char as i64,
                c.span.end_char as i64
            ])?;
            ordinal += 1;
        }
        for (i, f) in p.fields.iter().enumerate() {
            field.execute(params![
                pid,
                i as i64,
                f.key,
                f.value,
                f.span.start_byte as i64,
                f.span.end_byte as i64,
                f.span.start_char as i64,
                f.span.end_char as i64
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse::{DocMeta, parse_document};

    fn doc(text: &str) -> Document {
        parse_document(
            "a.txt",
            text,
            DocMeta {
                id: "a".into(),
                ..DocMeta::default()
            },
        )
        .expect("parse")
    }

    #[test]
    fn reimport_unchanged_is_a_no_op() {
        let mut store = Store::open_in_memory().expect("open");
        let d = doc("平壤。\n\n碧蹄館。\n");
        assert_eq!(
            store.import(std::slice::from_ref(&d)).expect("import")[0].status,
            ImportStatus::Added
        );
        let again = store.import(&[d]).expect("import");
        assert_eq!(again[0].status, ImportStatus::Unchanged);
        assert_eq!(again[0].revision, 1);
    }

    #[test]
    fn revision_diff_reports_changes_and_keeps_hashes() {
        let mut store = Store::open_in_memory().expect("open");
        store
            .import(&[doc("甲。\n\n乙。\n\n丙。\n\n丁。\n")])
            .expect("v1");
        let v1_hash = store.paragraph("a", 1).expect("q").expect("p1").hash;
        let out = store
            .import(&[doc("甲。\n\n乙改。\n\n丁。\n\n戊。\n")])
            .expect("v2");
        assert_eq!(out[0].status, ImportStatus::Revised);
        assert_eq!(out[0].revision, 2);
        let changes: Vec<_> = out[0]
            .changes
            .iter()
            .map(|c| (c.change, c.old, c.new))
            .collect();
        assert_eq!(
            changes,
            [
                (Change::Changed, Some(2), Some(2)),
                (Change::Removed, Some(3), None),
                (Change::Added, None, Some(4)),
            ]
        );
        assert_eq!(
            store.paragraph("a", 1).expect("q").expect("p1").hash,
            v1_hash
        );
        assert_eq!(store.documents().expect("docs")[0].revision, 2);
    }

    #[test]
    fn new_metadata_without_new_text_updates_the_document_only() {
        let mut store = Store::open_in_memory().expect("open");
        let mut d = doc("平壤。\n");
        store.import(std::slice::from_ref(&d)).expect("import");
        d.title = "平壤之戰".into();
        let out = store.import(std::slice::from_ref(&d)).expect("import");
        assert_eq!(out[0].status, ImportStatus::Metadata);
        assert_eq!(out[0].revision, 1);
        assert_eq!(
            store.document("a").expect("q").expect("doc").title,
            "平壤之戰"
        );
    }

    #[test]
    fn another_cut_is_a_revision_only_when_the_paragraphs_differ() {
        use crate::corpus::ParagraphRule;
        let cut = |rule, bound| {
            parse_document(
                "a.txt",
                "甲。\n乙。\n",
                DocMeta {
                    id: "a".into(),
                    paragraphs: Some(rule),
                    unit_chars: Some(bound),
                    ..DocMeta::default()
                },
            )
            .expect("parse")
        };
        let mut store = Store::open_in_memory().expect("open");
        store.import(&[cut(ParagraphRule::Line, 4000)]).expect("v1");
        // No paragraph reaches either bound: the same paragraphs, the bound recorded.
        let out = store.import(&[cut(ParagraphRule::Line, 0)]).expect("same");
        assert_eq!(out[0].status, ImportStatus::Unchanged);
        let docs = store.documents().expect("docs");
        assert_eq!(
            (docs[0].paragraph_rule.as_str(), docs[0].unit_chars),
            ("line", 0)
        );
        let out = store
            .import(&[cut(ParagraphRule::BlankLine, 0)])
            .expect("v2");
        assert_eq!(
            (out[0].status, out[0].paragraphs),
            (ImportStatus::Revised, 1)
        );
        assert_eq!(
            store.documents().expect("docs")[0].paragraph_rule,
            "blank-line"
        );
    }

    #[test]
    fn moved_paragraph_is_a_move() {
        let mut store = Store::open_in_memory().expect("open");
        store.import(&[doc("甲。\n\n乙。\n\n丙。\n")]).expect("v1");
        let out = store.import(&[doc("乙。\n\n丙。\n\n甲。\n")]).expect("v2");
        let changes: Vec<_> = out[0]
            .changes
            .iter()
            .map(|c| (c.change, c.old, c.new))
            .collect();
        assert_eq!(changes, [(Change::Moved, Some(1), Some(3))]);
    }

    #[test]
    fn paragraph_round_trips() {
        let mut store = Store::open_in_memory().expect("open");
        let d = doc("見[平壤](../Page/平壤.md \"wikilink\")城[3]。翌日。\n");
        store.import(std::slice::from_ref(&d)).expect("import");
        let p = store.paragraph("a", 1).expect("query").expect("exists");
        assert_eq!(p, d.paragraphs[0]);
    }
}
