//! Review actions: each one transaction through the store (a glossary write: one switch of
//! the glossary files, then one load), each refusing with a [`ReviewError`] a caller can
//! branch on: the command line prints it, the server answers 400, 404 or 409.

use super::{
    GlossaryFiles, Observer, Workbench, load_glossary_files, settle, write_glossary_files,
};
use crate::glossary::HEADER as HEADER_ROW;
use crate::glossary::io::{load_sources, row};
use crate::glossary::{Entry, Glossary};
use crate::store::{AddedLink, Dismissal, LinkStatus, StoreError, SuggestionStatus, Undone};
use std::path::Path;
use thiserror::Error;

/// Why a review action changed nothing.
#[derive(Debug, Error)]
pub enum ReviewError {
    /// The database failed (locked by another writer, full, damaged).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No link with these ids.
    #[error("no link {}; nothing changed", join(.0))]
    NoLink(Vec<i64>),
    /// The link changed since the reviewer saw it (another tab, the command line).
    #[error(
        "link {id} is {now} now (decided elsewhere since this page was shown); nothing changed: the page shows it as it is"
    )]
    Stale {
        /// The link.
        id: i64,
        /// Its state now.
        now: LinkStatus,
        /// Its revision now.
        revision: i64,
    },
    /// No such document.
    #[error("no document {0:?}")]
    NoDocument(String),
    /// No such paragraph.
    #[error("no paragraph {doc}:{para} ({doc} has {count} paragraphs)")]
    NoParagraph {
        /// Document.
        doc: String,
        /// Paragraph asked for.
        para: usize,
        /// Paragraphs the document has.
        count: usize,
    },
    /// The finding was not dismissed (restored elsewhere, or never).
    #[error("finding {0} was not dismissed; nothing changed")]
    NotDismissed(String),
    /// The review log is empty.
    #[error("no review action to undo")]
    NothingToUndo,
    /// No suggestion with this id.
    #[error("suggestion {0}: unknown (run `hanbridge glossary suggest` to list them)")]
    NoSuggestion(String),
    /// No glossary entry with this id.
    #[error("no glossary entry {0:?}")]
    NoEntry(String),
    /// The entry changed since the editor opened it.
    #[error(
        "glossary entry {0} was changed elsewhere since it was opened; nothing written: open it again"
    )]
    EntryChanged(String),
    /// The request itself is wrong (a malformed id, an empty reason, a bad glossary cell).
    #[error("{0}")]
    Invalid(String),
    /// Reading or writing the glossary files failed.
    #[error(transparent)]
    Files(#[from] anyhow::Error),
}

impl ReviewError {
    /// The request names something that does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ReviewError::NoLink(_)
                | ReviewError::NoDocument(_)
                | ReviewError::NoParagraph { .. }
                | ReviewError::NoSuggestion(_)
                | ReviewError::NoEntry(_)
        )
    }

    /// The request was made against a state that changed since (or is already undone).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            ReviewError::Stale { .. }
                | ReviewError::NotDismissed(_)
                | ReviewError::NothingToUndo
                | ReviewError::EntryChanged(_)
        )
    }
}

fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding key as `check` prints it: 16 hexadecimal digits.
pub fn is_finding_key(key: &str) -> bool {
    key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `DOC:PARA` (paragraphs count from 1).
pub fn parse_doc_para(s: &str) -> Result<(&str, usize), ReviewError> {
    let (doc, para) = s
        .rsplit_once(':')
        .ok_or_else(|| ReviewError::Invalid(format!("{s:?}: expected DOC:PARA")))?;
    let para = para
        .parse()
        .ok()
        .filter(|&n: &usize| n > 0)
        .ok_or_else(|| ReviewError::Invalid(format!("{s:?}: paragraph must be a number from 1")))?;
    Ok((doc, para))
}

/// A glossary entry as an editor saw and changed it: its cells under the glossary header
/// (several values in one cell separated by `|`), and the version it was opened at.
#[derive(Debug, Clone)]
pub struct EntryEdit {
    /// The entry's id as it was opened (the `id` cell may rename it).
    pub id: String,
    /// [`entry_version`] of the entry when it was opened.
    pub seen: String,
    /// The cells, in the glossary header's order.
    pub cells: Vec<String>,
}

/// A short fingerprint of an entry's cells: what an edit names as the version it saw.
pub fn entry_version(e: &Entry) -> String {
    let joined = row(e).join("\u{1f}");
    blake3::hash(joined.as_bytes()).to_hex()[..16].to_string()
}

impl Workbench {
    /// Confirms or rejects links whatever their state, all or none, in one transaction.
    pub fn decide(&mut self, ids: &[i64], status: LinkStatus) -> Result<(), ReviewError> {
        let missing = self.store.decide_links(ids, status)?;
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ReviewError::NoLink(missing))
        }
    }

    /// Confirms or rejects links as seen at their revisions, all or none, in one transaction:
    /// a link another tab or command acted on since is refused with its state now.
    pub fn decide_seen(
        &mut self,
        seen: &[(i64, i64)],
        status: LinkStatus,
    ) -> Result<(), ReviewError> {
        match self.store.decide_links_seen(seen, status)?.first() {
            None => Ok(()),
            Some(&(id, None)) => Err(ReviewError::NoLink(vec![id])),
            Some(&(id, Some((now, revision)))) => Err(ReviewError::Stale { id, now, revision }),
        }
    }

    /// Adds a manual link between a Chinese paragraph and an English one (`DOC:PARA` each);
    /// returns its id.
    pub fn add_link(&mut self, zh: &str, en: &str, note: Option<&str>) -> Result<i64, ReviewError> {
        let zh = parse_doc_para(zh)?;
        let en = parse_doc_para(en)?;
        for (doc, want) in [(zh.0, true), (en.0, false)] {
            match self.store.document_lang(doc)? {
                None => return Err(ReviewError::NoDocument(doc.to_string())),
                Some(lang) if lang.is_cjk() != want => {
                    return Err(ReviewError::Invalid(format!(
                        "{doc} is {lang}: a link joins a Chinese paragraph to an English one; give the Chinese paragraph first, then the English"
                    )));
                }
                Some(_) => {}
            }
        }
        match self.store.add_link(zh, en, note)? {
            AddedLink::Added(id) => Ok(id),
            AddedLink::NoParagraph(doc, para) => {
                let count = self.store.document(&doc)?.map_or(0, |d| d.paragraphs);
                Err(ReviewError::NoParagraph { doc, para, count })
            }
        }
    }

    /// Dismisses a finding for a reason (again: replaces the reason); returns the dismissal
    /// replaced.
    pub fn dismiss(&mut self, key: &str, reason: &str) -> Result<Option<Dismissal>, ReviewError> {
        if !is_finding_key(key) {
            return Err(ReviewError::Invalid(format!(
                "{key:?} is not a finding key (16 hex digits, as `check` prints)"
            )));
        }
        if reason.trim().is_empty() {
            return Err(ReviewError::Invalid(
                "the reason is empty: say why the finding is fine".into(),
            ));
        }
        Ok(self.store.dismiss_finding(key, reason)?)
    }

    /// Takes a dismissal back.
    pub fn restore(&mut self, key: &str) -> Result<(), ReviewError> {
        if !is_finding_key(key) {
            return Err(ReviewError::Invalid(format!(
                "{key:?} is not a finding key (16 hex digits, as `check` prints)"
            )));
        }
        match self.store.restore_finding(key)? {
            Some(_) => Ok(()),
            None => Err(ReviewError::NotDismissed(key.to_string())),
        }
    }

    /// Puts back what the latest review action replaced.
    pub fn undo(&mut self) -> Result<Undone, ReviewError> {
        self.store.undo()?.ok_or(ReviewError::NothingToUndo)
    }

    /// Rejects suggestions: never proposed again.
    pub fn reject_suggestions(&mut self, ids: &[String]) -> Result<(), ReviewError> {
        self.known_suggestions(ids)?;
        self.store
            .decide_suggestions(ids, SuggestionStatus::Rejected)?;
        Ok(())
    }

    /// Fails on the first id that names no stored suggestion.
    pub fn known_suggestions(&self, ids: &[String]) -> Result<(), ReviewError> {
        for id in ids {
            if self.store.suggestion(id)?.is_none() {
                return Err(ReviewError::NoSuggestion(id.clone()));
            }
        }
        Ok(())
    }

    /// Writes accepted suggestions into the glossary files of `dir` (all files switched
    /// together), records them as accepted, and loads the glossary into the database. Returns
    /// the ids of the entries added (a suggestion the glossary already holds adds none) and
    /// the files written.
    pub fn accept_suggestions(
        &mut self,
        dir: &Path,
        ids: &[String],
        obs: &dyn Observer,
    ) -> Result<(Vec<String>, Vec<String>), ReviewError> {
        // Every id is read before anything is written: an unknown one fails the whole call.
        let mut glossary = self.glossary_files(dir, obs)?;
        let mut added = Vec::new();
        for id in ids {
            let row = self
                .store
                .suggestion(id)?
                .ok_or_else(|| ReviewError::NoSuggestion(id.clone()))?;
            if row.status == SuggestionStatus::Rejected {
                return Err(ReviewError::Invalid(format!(
                    "suggestion {id}: rejected before; nothing written"
                )));
            }
            let mut entry = row.suggestion.entry;
            let hant = entry.zh_hant.first().cloned().unwrap_or_default();
            if glossary
                .entries
                .iter()
                .any(|e| e.zh_hant.contains(&hant) && e.en == entry.en)
            {
                continue;
            }
            let base = entry.id.clone();
            let mut n = 2;
            while glossary.get(&entry.id).is_some() {
                entry.id = format!("{base}-{n}");
                n += 1;
            }
            added.push(entry.id.clone());
            insert_sorted(&mut glossary, entry);
        }
        let written = if added.is_empty() {
            Vec::new()
        } else {
            let written = write_glossary_files(dir, &glossary)?;
            self.reload_glossary(dir, obs)?;
            written
        };
        self.store
            .decide_suggestions(ids, SuggestionStatus::Accepted)?;
        Ok((added, written))
    }

    /// Saves an edited glossary entry into the files of `dir` and loads the glossary into the
    /// database. The edited row is parsed and the whole glossary checked as `glossary load`
    /// checks it before anything is written; an entry changed since it was opened is
    /// refused. Returns the entry saved.
    pub fn edit_entry(
        &mut self,
        dir: &Path,
        edit: &EntryEdit,
        obs: &dyn Observer,
    ) -> Result<Entry, ReviewError> {
        let mut glossary = self.glossary_files(dir, obs)?;
        let at = glossary
            .entries
            .iter()
            .position(|e| e.id == edit.id)
            .ok_or_else(|| ReviewError::NoEntry(edit.id.clone()))?;
        if entry_version(&glossary.entries[at]) != edit.seen {
            return Err(ReviewError::EntryChanged(edit.id.clone()));
        }
        if edit.cells.len() != HEADER_ROW.len() {
            return Err(ReviewError::Invalid(format!(
                "{} cells for the {} columns of a glossary row",
                edit.cells.len(),
                HEADER_ROW.len()
            )));
        }
        let entry = parse_row(&edit.cells)?;
        glossary.entries.remove(at);
        if glossary.get(&entry.id).is_some() {
            return Err(ReviewError::Invalid(format!(
                "id {:?} is another entry's",
                entry.id
            )));
        }
        insert_sorted(&mut glossary, entry.clone());
        check_whole(&glossary)?;
        write_glossary_files(dir, &glossary)?;
        self.reload_glossary(dir, obs)?;
        Ok(entry)
    }

    /// The glossary files of `dir`, settled and parsed.
    fn glossary_files(&self, dir: &Path, obs: &dyn Observer) -> Result<Glossary, ReviewError> {
        if !dir.is_dir() {
            return Err(ReviewError::Invalid(format!(
                "{}: not a glossary directory",
                dir.display()
            )));
        }
        settle(dir, obs)?;
        Ok(load_glossary_files(dir, obs)?.glossary)
    }

    /// Loads the glossary files just written into the database.
    fn reload_glossary(&mut self, dir: &Path, obs: &dyn Observer) -> Result<(), ReviewError> {
        let files = GlossaryFiles::check(self.store.path(), dir, obs)?;
        self.load_glossary(files, obs)?;
        Ok(())
    }
}

/// Inserts an entry in id order.
fn insert_sorted(glossary: &mut Glossary, entry: Entry) {
    let at = glossary
        .entries
        .binary_search_by(|e| e.id.cmp(&entry.id))
        .unwrap_or_else(|i| i);
    glossary.entries.insert(at, entry);
}

/// One glossary row, parsed and checked as a glossary file's row is.
fn parse_row(cells: &[String]) -> Result<Entry, ReviewError> {
    let mut text = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut text);
        w.write_record(HEADER_ROW)
            .and_then(|()| w.write_record(cells))
            .and_then(|()| w.flush().map_err(Into::into))
            .map_err(|e| ReviewError::Invalid(format!("cannot write the row: {e}")))?;
    }
    let loaded = load_sources(vec![("edit".into(), text)]).map_err(|errors| {
        ReviewError::Invalid(
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    loaded
        .glossary
        .entries
        .into_iter()
        .next()
        .ok_or_else(|| ReviewError::Invalid("the row is empty".into()))
}

/// Checks a whole glossary as `glossary load` would read it back from its files.
fn check_whole(glossary: &Glossary) -> Result<(), ReviewError> {
    let mut sources = Vec::new();
    for (name, entries) in crate::glossary::io::files_of(glossary) {
        let mut bytes = Vec::new();
        crate::glossary::io::write_csv(&entries, &mut bytes, false)
            .map_err(|e| ReviewError::Invalid(e.to_string()))?;
        sources.push((name.to_string(), bytes));
    }
    load_sources(sources).map_err(|errors| {
        ReviewError::Invalid(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(())
}
