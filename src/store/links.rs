//! Link tables: storing automatic links without touching human decisions, reviewing them, and
//! reading paragraphs for the aligner.

use super::{Result, Store, StoreError};
use crate::align::{Evidence, Link};
use crate::corpus::{BlockKind, Lang, OffsetMap};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// The review state of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// Proposed by the aligner; replaced on every `align`.
    Auto,
    /// Accepted by a reviewer.
    Confirmed,
    /// Refused by a reviewer: the aligner will not propose it again.
    Rejected,
    /// Added by a reviewer.
    Manual,
}

impl LinkStatus {
    /// The name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Auto => "auto",
            LinkStatus::Confirmed => "confirmed",
            LinkStatus::Rejected => "rejected",
            LinkStatus::Manual => "manual",
        }
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LinkStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(LinkStatus::Auto),
            "confirmed" => Ok(LinkStatus::Confirmed),
            "rejected" => Ok(LinkStatus::Rejected),
            "manual" => Ok(LinkStatus::Manual),
            _ => Err(format!(
                "unknown link status {s:?} (auto, confirmed, rejected, manual)"
            )),
        }
    }
}

/// A paragraph as the aligner reads it.
#[derive(Debug, Clone)]
pub struct StoredUnit {
    /// Document.
    pub doc: String,
    /// Language.
    pub lang: Lang,
    /// Ordinal.
    pub ordinal: usize,
    /// Section ordinal.
    pub section: usize,
    /// Section heading ("" for the lead).
    pub section_title: String,
    /// Hash.
    pub hash: String,
    /// Kind.
    pub kind: BlockKind,
    /// Display text.
    pub text: String,
    /// Display → file offsets.
    pub map: OffsetMap,
    /// File character offset of each run of `map` (see [`OffsetMap::run_chars`]): what turns
    /// display offsets into file characters, in place of the raw text.
    pub run_chars: Vec<usize>,
    /// First character in the file.
    pub start_char: usize,
}

/// A wikilink or Infobox value of a current paragraph: (document, paragraph, "link" or
/// "field", label or key, page or value, label range in the display text).
pub type MarkupRow = (
    String,
    usize,
    String,
    String,
    String,
    Option<(usize, usize)>,
);

/// What `align` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AlignSummary {
    /// Automatic links stored.
    pub auto: usize,
    /// Proposed links already confirmed (kept confirmed, evidence refreshed).
    pub confirmed: usize,
    /// Proposed links a reviewer had rejected (kept rejected).
    pub rejected: usize,
    /// Manual links (untouched).
    pub manual: usize,
    /// Human decisions whose paragraphs have changed since.
    pub stale: usize,
}

/// Stores the aligner's links batch by batch in one transaction (see [`Store::link_writer`]).
pub struct LinkWriter<'s> {
    tx: rusqlite::Transaction<'s>,
    summary: AlignSummary,
}

impl LinkWriter<'_> {
    /// Writes a batch of proposed links.
    pub fn write(&mut self, links: &[Link]) -> Result<()> {
        let tx = &self.tx;
        let summary = &mut self.summary;
        let mut proposed =
            tx.prepare_cached("INSERT OR IGNORE INTO temp.proposed VALUES (?1, ?2, ?3, ?4)")?;
        let mut existing = tx.prepare_cached(
            "SELECT status FROM link WHERE zh_doc = ?1 AND zh_hash = ?2 AND en_doc = ?3 AND en_hash = ?4",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO link (zh_doc, zh_hash, zh_para, en_doc, en_hash, en_para, score, shared,
                               status, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'auto', ?9)
             ON CONFLICT (zh_doc, zh_hash, en_doc, en_hash) DO UPDATE SET
                 zh_para = excluded.zh_para, en_para = excluded.en_para,
                 score = excluded.score, shared = excluded.shared,
                 evidence = excluded.evidence
             WHERE (zh_para, en_para, score, shared, evidence)
                   IS NOT (excluded.zh_para, excluded.en_para, excluded.score,
                           excluded.shared, excluded.evidence)",
        )?;
        for l in links {
            let status: Option<String> = existing
                .query_row(params![l.zh_doc, l.zh_hash, l.en_doc, l.en_hash], |r| {
                    r.get(0)
                })
                .optional()?;
            match status.as_deref() {
                Some("confirmed") => summary.confirmed += 1,
                Some("rejected") => summary.rejected += 1,
                Some("manual") => summary.manual += 1,
                _ => summary.auto += 1,
            }
            let evidence =
                serde_json::to_string(&l.evidence).map_err(|source| StoreError::Json {
                    column: "link.evidence",
                    source,
                })?;
            insert.execute(params![
                l.zh_doc,
                l.zh_hash,
                l.zh_para as i64,
                l.en_doc,
                l.en_hash,
                l.en_para as i64,
                l.score,
                l.shared,
                evidence
            ])?;
            proposed.execute(params![l.zh_doc, l.zh_hash, l.en_doc, l.en_hash])?;
        }
        Ok(())
    }

    /// Removes automatic links not proposed this time, counts, and commits.
    pub fn finish(self) -> Result<AlignSummary> {
        let LinkWriter { tx, mut summary } = self;
        tx.execute(
            "DELETE FROM link WHERE status = 'auto' AND NOT EXISTS (
                 SELECT 1 FROM temp.proposed p
                 WHERE p.zh_doc = link.zh_doc AND p.zh_hash = link.zh_hash
                   AND p.en_doc = link.en_doc AND p.en_hash = link.en_hash)",
            [],
        )?;
        let (manual, stale): (i64, i64) = tx.query_row(
            "SELECT count(*) FILTER (WHERE status = 'manual'),
                    count(*) FILTER (WHERE status <> 'auto' AND stale)
             FROM links_explained",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        summary.manual = manual as usize;
        summary.stale = stale as usize;
        tx.commit()?;
        Ok(summary)
    }
}

/// A link as stored, with its current paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredLink {
    /// Link id (for `link confirm ID`).
    pub id: i64,
    /// Review state.
    pub status: LinkStatus,
    /// Score (None for manual links).
    pub score: Option<f64>,
    /// Chinese document.
    pub zh_doc: String,
    /// Chinese paragraph (current ordinal, or last seen if stale).
    pub zh_para: usize,
    /// Chinese text (None if the paragraph is gone).
    pub zh_text: Option<String>,
    /// English document.
    pub en_doc: String,
    /// English paragraph.
    pub en_para: usize,
    /// English text.
    pub en_text: Option<String>,
    /// A linked paragraph has changed since the link was made.
    pub stale: bool,
    /// Shared anchors.
    pub evidence: Vec<Evidence>,
    /// Raised by every review action on the link: what a reviewer's action names as the
    /// state it saw (see [`Store::decide_links_seen`]).
    pub revision: i64,
    /// For a current link: the id of a stale review decision (confirmed, rejected, manual) on
    /// an earlier text of the same two paragraphs, which this link proposes afresh; a reviewer
    /// decides again (only filled by [`Store::links`]).
    pub supersedes: Option<i64>,
    /// For a stale decision: the id of the current link for the same two paragraphs, when the
    /// list holds it (only filled by [`Store::links`]).
    pub superseded_by: Option<i64>,
}

/// A link without its evidence: which paragraphs, and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPair {
    /// Chinese document.
    pub zh_doc: String,
    /// Chinese paragraph (current ordinal, or last seen if stale).
    pub zh_para: usize,
    /// English document.
    pub en_doc: String,
    /// English paragraph.
    pub en_para: usize,
    /// Review state.
    pub status: LinkStatus,
    /// A linked paragraph has changed since.
    pub stale: bool,
}

/// What [`Store::add_link`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddedLink {
    /// The manual link's id.
    Added(i64),
    /// This paragraph (document, ordinal) does not exist in the current revision.
    NoParagraph(String, usize),
}

/// A link a decision refused: its id, and its state and revision now (`None`: it is gone).
pub type Refused = (i64, Option<(LinkStatus, i64)>);

/// Which links to list.
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    /// Only links touching this document.
    pub doc: Option<String>,
    /// Only links in this state.
    pub status: Option<LinkStatus>,
}

impl Store {
    /// The current paragraphs of every document, in document and paragraph order.
    pub fn units(&self) -> Result<Vec<StoredUnit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.document_id, p.lang, p.ordinal, p.section, coalesce(s.title, ''), p.hash,
                    p.kind, p.text, p.offset_map, p.raw, p.start_byte, p.start_char
             FROM current_paragraph p
             LEFT JOIN section s ON s.revision_id = p.revision_id AND s.ordinal = p.section
             ORDER BY p.document_id, p.ordinal",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, i64>(10)?,
                r.get::<_, i64>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                doc,
                lang,
                ordinal,
                section,
                section_title,
                hash,
                kind,
                text,
                map,
                raw,
                start_byte,
                start_char,
            ) = row?;
            let map: OffsetMap = serde_json::from_str(&map).map_err(|source| StoreError::Json {
                column: "paragraph.offset_map",
                source,
            })?;
            out.push(StoredUnit {
                doc,
                lang: lang.parse().unwrap_or(Lang::En),
                ordinal: ordinal as usize,
                section: section as usize,
                section_title,
                hash,
                kind: kind.parse().unwrap_or(BlockKind::Text),
                text,
                run_chars: map.run_chars(&raw, start_byte as usize, start_char as usize),
                map,
                start_char: start_char as usize,
            });
        }
        Ok(out)
    }

    /// Wikilinks and Infobox values of current paragraphs: (document, paragraph, kind, label or
    /// key, page or value, label range in the display text).
    pub fn current_markup(&self) -> Result<Vec<MarkupRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.document_id, p.ordinal, 'link', m.label, coalesce(m.page, ''), m.text_start, m.text_end
             FROM current_paragraph p JOIN markup m ON m.paragraph_id = p.id WHERE m.kind = 'link'
             UNION ALL
             SELECT p.document_id, p.ordinal, 'field', f.key, f.value, NULL, NULL
             FROM current_paragraph p JOIN infobox_field f ON f.paragraph_id = p.id
             ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| {
            let range = match (r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?) {
                (Some(s), Some(e)) => Some((s as usize, e as usize)),
                _ => None,
            };
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                range,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces automatic links with `links`, in one transaction. A proposed link that a
    /// reviewer confirmed or rejected keeps its status (its evidence is refreshed); manual
    /// links are untouched. Links proposed again keep their id; unchanged links are not
    /// rewritten, so aligning an unchanged corpus changes nothing.
    pub fn store_links(&mut self, links: &[Link]) -> Result<AlignSummary> {
        let mut writer = self.link_writer()?;
        writer.write(links)?;
        writer.finish()
    }

    /// As [`Store::store_links`], for links that come in batches: write each batch, then
    /// [`LinkWriter::finish`]. Nothing is visible (and nothing replaced) until `finish`;
    /// dropping the writer without it leaves the links as they were.
    pub fn link_writer(&mut self) -> Result<LinkWriter<'_>> {
        let tx = self.begin_write("align")?;
        tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS proposed (
                 zh_doc TEXT, zh_hash TEXT, en_doc TEXT, en_hash TEXT,
                 PRIMARY KEY (zh_doc, zh_hash, en_doc, en_hash)) WITHOUT ROWID",
            [],
        )?;
        tx.execute("DELETE FROM temp.proposed", [])?;
        Ok(LinkWriter {
            tx,
            summary: AlignSummary::default(),
        })
    }

    /// Links, ordered by English document and paragraph, then Chinese. A current link for the
    /// same two paragraphs (document and position) as a stale decision names it in
    /// [`StoredLink::supersedes`], and the decision names the link back when both are listed.
    pub fn links(&self, filter: &LinkFilter) -> Result<Vec<StoredLink>> {
        let mut links = self.link_rows(
            "(?1 IS NULL OR zh_doc = ?1 OR en_doc = ?1) AND (?2 IS NULL OR status = ?2)",
            params![filter.doc, filter.status.map(|s| s.as_str())],
        )?;
        // Stale decisions are few (one per reviewed paragraph that changed since).
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, zh_doc, zh_para, en_doc, en_para FROM links_explained
             WHERE stale AND status <> 'auto' ORDER BY id",
        )?;
        let stale: HashMap<(String, usize, String, usize), i64> = stmt
            .query_map([], |r| {
                Ok((
                    (
                        r.get(1)?,
                        r.get::<_, i64>(2)? as usize,
                        r.get(3)?,
                        r.get::<_, i64>(4)? as usize,
                    ),
                    r.get(0)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if stale.is_empty() {
            return Ok(links);
        }
        let key = |l: &StoredLink| (l.zh_doc.clone(), l.zh_para, l.en_doc.clone(), l.en_para);
        let mut fresh: HashMap<i64, i64> = HashMap::new();
        for l in links.iter_mut().filter(|l| !l.stale) {
            l.supersedes = stale.get(&key(l)).copied();
            if let Some(decision) = l.supersedes {
                fresh.insert(decision, l.id);
            }
        }
        for l in links.iter_mut().filter(|l| l.stale) {
            l.superseded_by = fresh.get(&l.id).copied();
        }
        Ok(links)
    }

    /// The link with `id`, with its paragraphs' texts and evidence.
    pub fn link(&self, id: i64) -> Result<Option<StoredLink>> {
        Ok(self.link_rows("id = ?1", params![id])?.into_iter().next())
    }

    /// Links matching `condition` (an SQL expression over `links_explained`), ordered by
    /// English document and paragraph, then Chinese.
    fn link_rows(&self, condition: &str, args: impl rusqlite::Params) -> Result<Vec<StoredLink>> {
        Ok(self
            .hashed_link_rows(condition, args, true)?
            .into_iter()
            .map(|(_, l)| l)
            .collect())
    }

    /// [`Self::link_rows`], each link with its English paragraph's content hash; `texts`:
    /// with the paragraphs' texts (without, SQLite reads only the paragraph index).
    fn hashed_link_rows(
        &self,
        condition: &str,
        args: impl rusqlite::Params,
        texts: bool,
    ) -> Result<Vec<(String, StoredLink)>> {
        let (zh_text, en_text) = if texts {
            ("zh_text", "en_text")
        } else {
            ("NULL", "NULL")
        };
        let sql = format!(
            "SELECT id, status, score, zh_doc, zh_para, {zh_text}, en_doc, en_para, {en_text},
                    stale, evidence, en_hash, revision
             FROM links_explained WHERE {condition}
             ORDER BY en_doc, en_para, zh_doc, zh_para"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<f64>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, bool>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, i64>(12)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                status,
                score,
                zh_doc,
                zh_para,
                zh_text,
                en_doc,
                en_para,
                en_text,
                stale,
                evidence,
                hash,
                revision,
            ) = row?;
            out.push((
                hash,
                StoredLink {
                    id,
                    status: status.parse().unwrap_or(LinkStatus::Auto),
                    score,
                    zh_doc,
                    zh_para: zh_para as usize,
                    zh_text,
                    en_doc,
                    en_para: en_para as usize,
                    en_text,
                    stale,
                    evidence: serde_json::from_str(&evidence).map_err(|source| {
                        StoreError::Json {
                            column: "link.evidence",
                            source,
                        }
                    })?,
                    revision,
                    supersedes: None,
                    superseded_by: None,
                },
            ));
        }
        Ok(out)
    }

    /// Numbers of unlinked text and Infobox paragraphs: (Chinese, English).
    pub fn unaligned_counts(&self) -> Result<(usize, usize)> {
        let (zh, en): (i64, i64) = self.conn.query_row(
            "SELECT count(*) FILTER (WHERE lang <> 'en'), count(*) FILTER (WHERE lang = 'en')
             FROM unaligned_paragraphs",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((zh as usize, en as usize))
    }

    /// Calls `f` with every link without evidence, one at a time (nothing collected).
    pub fn for_each_link_pair(&self, mut f: impl FnMut(LinkPair)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT zh_doc, zh_para, en_doc, en_para, status, stale FROM links_explained",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(LinkPair {
                zh_doc: r.get(0)?,
                zh_para: r.get::<_, i64>(1)? as usize,
                en_doc: r.get(2)?,
                en_para: r.get::<_, i64>(3)? as usize,
                status: r.get::<_, String>(4)?.parse().unwrap_or(LinkStatus::Auto),
                stale: r.get(5)?,
            });
        }
        Ok(())
    }

    /// The links of one English document's paragraphs, with evidence, keyed by the English
    /// paragraph's content hash, each list best first. One query per document: the report's
    /// side-by-side view reads links this way.
    pub fn links_of_english_document(&self, doc: &str) -> Result<HashMap<String, Vec<StoredLink>>> {
        let mut out: HashMap<String, Vec<StoredLink>> = HashMap::new();
        for (hash, link) in self.hashed_link_rows("en_doc = ?1", params![doc], false)? {
            out.entry(hash).or_default().push(link);
        }
        for links in out.values_mut() {
            links.sort_by(|a, b| {
                b.score
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&a.score.unwrap_or(f64::INFINITY))
            });
        }
        Ok(out)
    }

    /// Sets the review status of links, all or none: returns the ids that name no link (then
    /// nothing is changed), or an empty list when every one was set, in one transaction.
    pub fn decide_links(&mut self, ids: &[i64], status: LinkStatus) -> Result<Vec<i64>> {
        let any: Vec<(i64, Option<i64>)> = ids.iter().map(|&id| (id, None)).collect();
        Ok(self
            .decide(&any, status)?
            .into_iter()
            .map(|(id, _)| id)
            .collect())
    }

    /// Sets the review status of links as a reviewer who saw each at a given revision: all or
    /// none, in one transaction. Returns, for each link that is gone or no longer at the
    /// revision its reviewer saw (another tab or command acted on it meanwhile), its id and
    /// current state and revision; then nothing is changed. An empty list: every link was set.
    pub fn decide_links_seen(
        &mut self,
        seen: &[(i64, i64)],
        status: LinkStatus,
    ) -> Result<Vec<Refused>> {
        let seen: Vec<(i64, Option<i64>)> = seen.iter().map(|&(id, rev)| (id, Some(rev))).collect();
        self.decide(&seen, status)
    }

    /// Sets links to `status`, each only if it is at the revision given with it (`None`: any),
    /// all or none, raises their revisions, and logs the action for undo. Returns the links
    /// refused (gone, or at another revision) with their state now; then nothing is changed.
    fn decide(&mut self, seen: &[(i64, Option<i64>)], status: LinkStatus) -> Result<Vec<Refused>> {
        let tx = self.begin_write("link decision")?;
        let ids: Vec<i64> = seen.iter().map(|&(id, _)| id).collect();
        let before = super::undo::link_states(&tx, &ids)?;
        let mut refused = Vec::new();
        {
            let mut update = tx.prepare_cached(
                "UPDATE link SET status = ?2, revision = revision + 1,
                                 decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1 AND (?3 IS NULL OR revision = ?3)",
            )?;
            let mut current =
                tx.prepare_cached("SELECT status, revision FROM link WHERE id = ?1")?;
            for &(id, rev) in seen {
                if update.execute(params![id, status.as_str(), rev])? == 0 {
                    let now: Option<(String, i64)> = current
                        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?;
                    refused.push((
                        id,
                        now.map(|(s, r)| (s.parse().unwrap_or(LinkStatus::Auto), r)),
                    ));
                }
            }
        }
        if refused.is_empty() {
            super::undo::record(
                &tx,
                &format!("link {status}"),
                &super::undo::Before::Links { links: before },
            )?;
            tx.commit()?;
        }
        Ok(refused)
    }

    /// Adds (or turns into) a manual link between two current paragraphs; returns its id, or
    /// the first of the two paragraphs that does not exist.
    pub fn add_link(
        &mut self,
        zh: (&str, usize),
        en: (&str, usize),
        note: Option<&str>,
    ) -> Result<AddedLink> {
        let tx = self.begin_write("link add")?;
        let hash = |doc: &str, para: usize| -> rusqlite::Result<Option<String>> {
            tx.query_row(
                "SELECT hash FROM current_paragraph WHERE document_id = ?1 AND ordinal = ?2",
                params![doc, para as i64],
                |r| r.get(0),
            )
            .optional()
        };
        let Some(zh_hash) = hash(zh.0, zh.1)? else {
            return Ok(AddedLink::NoParagraph(zh.0.to_string(), zh.1));
        };
        let Some(en_hash) = hash(en.0, en.1)? else {
            return Ok(AddedLink::NoParagraph(en.0.to_string(), en.1));
        };
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM link WHERE zh_doc = ?1 AND zh_hash = ?2 AND en_doc = ?3 AND en_hash = ?4",
                params![zh.0, zh_hash, en.0, en_hash],
                |r| r.get(0),
            )
            .optional()?;
        let before = match existing {
            Some(id) => super::undo::link_states(&tx, &[id])?.pop(),
            None => None,
        };
        tx.execute(
            "INSERT INTO link (zh_doc, zh_hash, zh_para, en_doc, en_hash, en_para, status, note,
                               decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'manual', ?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
             ON CONFLICT (zh_doc, zh_hash, en_doc, en_hash) DO UPDATE SET
                 status = 'manual', note = coalesce(excluded.note, note),
                 revision = revision + 1,
                 decided_at = excluded.decided_at",
            params![zh.0, zh_hash, zh.1 as i64, en.0, en_hash, en.1 as i64, note],
        )?;
        let id: i64 = tx.query_row(
            "SELECT id FROM link WHERE zh_doc = ?1 AND zh_hash = ?2 AND en_doc = ?3 AND en_hash = ?4",
            params![zh.0, zh_hash, en.0, en_hash],
            |r| r.get(0),
        )?;
        super::undo::record(&tx, "link add", &super::undo::Before::Added { id, before })?;
        tx.commit()?;
        Ok(AddedLink::Added(id))
    }
}
