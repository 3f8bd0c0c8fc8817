//! What the workbench reads: a snapshot of the scanned corpus taken when the server starts, and
//! the database, read afresh for every request (links change with every review action).
//!
//! This is the one place that knows how the server's data is composed; the pages only read a
//! [`Snapshot`] and a [`Store`]. The caller (the CLI) builds the snapshot from the pipeline.

use crate::align::{self, Params, Prepared, Scope, Unit};
use crate::check::Finding;
use crate::corpus::BlockKind;
use crate::glossary::Glossary;
use crate::store::{Access, DocumentSummary, LinkStatus, Store};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// The scanned corpus and what is computed from it once: paragraphs with their mentions, the
/// aligner's prepared anchors (for the score's terms), each paragraph's scope, the findings.
pub struct Snapshot {
    /// Scanned current paragraphs, in document order.
    pub units: Vec<Unit>,
    /// Section heading of each unit ("" for a lead).
    pub sections: Vec<String>,
    /// Documents, ordered by id.
    pub documents: Vec<DocumentSummary>,
    /// The glossary, replaced when the workbench edits it.
    glossary: RwLock<Arc<Glossary>>,
    /// Findings of the checks when the snapshot was taken.
    pub findings: Vec<Finding>,
    /// What each unit shares with the other language.
    pub scopes: Vec<Scope>,
    /// The aligner's anchors and weights (for a link's score terms).
    pub prepared: Prepared,
    /// Document id → units of that document, in paragraph order.
    by_doc: HashMap<String, Vec<usize>>,
}

impl Snapshot {
    /// Indexes the pipeline's results.
    pub fn new(
        units: Vec<Unit>,
        sections: Vec<String>,
        documents: Vec<DocumentSummary>,
        glossary: Glossary,
        findings: Vec<Finding>,
    ) -> Snapshot {
        let alignable: Vec<bool> = units
            .iter()
            .map(|u| matches!(u.kind, BlockKind::Text | BlockKind::Infobox))
            .collect();
        let prepared = Prepared::new(&units, Params::default());
        let scopes = align::scopes_with(&prepared, &units, &alignable);
        let mut by_doc: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            by_doc.entry(u.doc.clone()).or_default().push(i);
        }
        Snapshot {
            units,
            sections,
            documents,
            glossary: RwLock::new(Arc::new(glossary)),
            findings,
            scopes,
            prepared,
            by_doc,
        }
    }

    /// The unit of paragraph `para` of `doc`, if current (a binary search in the document's
    /// units: no key to build per lookup, no second index to hold).
    pub fn unit(&self, doc: &str, para: usize) -> Option<usize> {
        let units = self.by_doc.get(doc)?;
        let k = units
            .binary_search_by_key(&para, |&i| self.units[i].ordinal)
            .ok()?;
        Some(units[k])
    }

    /// The units of a document, in order (empty for an unknown one).
    pub fn units_of(&self, doc: &str) -> &[usize] {
        self.by_doc.get(doc).map_or(&[], Vec::as_slice)
    }

    /// The units of a document a reader sees (headings, text, Infobox; no page furniture).
    pub fn readable_units(&self, doc: &str) -> Vec<usize> {
        self.units_of(doc)
            .iter()
            .copied()
            .filter(|&i| self.units[i].kind != BlockKind::Meta)
            .collect()
    }

    /// The glossary as it is now.
    pub fn glossary(&self) -> Arc<Glossary> {
        match self.glossary.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the glossary (after an edit or an accepted suggestion); the paragraphs keep
    /// the mentions found at start until the next `run`.
    pub fn set_glossary(&self, glossary: Glossary) {
        let fresh = Arc::new(glossary);
        match self.glossary.write() {
            Ok(mut g) => *g = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
    }

    /// The document with `id`.
    pub fn document(&self, id: &str) -> Option<&DocumentSummary> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// A list paragraph: the Infobox or a roster of names, shown collapsed and after prose.
    pub fn is_list(&self, unit: usize) -> bool {
        let u = &self.units[unit];
        u.kind == BlockKind::Infobox || align::is_roster(u)
    }
}

/// Where the database is and how long a writer waits for another.
#[derive(Debug, Clone)]
pub struct Db {
    /// Database path.
    pub path: PathBuf,
    /// Busy timeout for writes.
    pub busy_timeout: Duration,
}

impl Db {
    /// Opens the database to read, for one request: with a page cache of 4 MiB rather than
    /// the pipeline's 32 MiB (a page reads a document's links through indexes; the server's
    /// memory stays under the report job's).
    pub fn read(&self) -> crate::store::Result<Store> {
        let store = Store::open_with(&self.path, Access::Read, self.busy_timeout)?;
        store
            .connection()
            .pragma_update(None, "cache_size", -4096)?;
        Ok(store)
    }

    /// Opens the database to write.
    pub fn write(&self) -> crate::store::Result<Store> {
        Store::open_with(&self.path, Access::Write, self.busy_timeout)
    }
}

/// Which units links hold, read again only when the database changed since: a connection kept
/// open watches SQLite's `data_version`, which moves whenever another connection (this
/// server's writes, the CLI, any process) commits.
#[derive(Default)]
pub struct LinkedCache {
    cached: Mutex<Cached>,
}

#[derive(Default)]
struct Cached {
    watcher: Option<Store>,
    last: Option<(i64, Arc<Vec<bool>>)>,
}

impl LinkedCache {
    /// Per unit: held by a link that is neither rejected nor stale, as the database is now.
    pub fn get(
        &self,
        db: &Db,
        store: &Store,
        snap: &Snapshot,
    ) -> crate::store::Result<Arc<Vec<bool>>> {
        let Ok(mut cached) = self.cached.lock() else {
            return Ok(Arc::new(linked_now(store, snap)?));
        };
        let watcher = match cached.watcher.take() {
            Some(w) => w,
            None => {
                let w = db.write()?;
                // It reads one pragma, never a page: no page cache to hold.
                w.connection().pragma_update(None, "cache_size", 0)?;
                w
            }
        };
        // Read before the links: a commit in between makes the next request read again.
        let version: i64 = watcher
            .connection()
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        cached.watcher = Some(watcher);
        if let Some((seen, linked)) = &cached.last
            && *seen == version
        {
            return Ok(linked.clone());
        }
        let linked = Arc::new(linked_now(store, snap)?);
        cached.last = Some((version, linked.clone()));
        Ok(linked)
    }
}

/// Per unit: held by a link that is neither rejected nor stale (read now, one pass).
pub fn linked_now(store: &Store, snap: &Snapshot) -> crate::store::Result<Vec<bool>> {
    let mut linked = vec![false; snap.units.len()];
    store.for_each_link_pair(|l| {
        if l.status == LinkStatus::Rejected || l.stale {
            return;
        }
        for i in [
            snap.unit(&l.zh_doc, l.zh_para),
            snap.unit(&l.en_doc, l.en_para),
        ]
        .into_iter()
        .flatten()
        {
            linked[i] = true;
        }
    })?;
    Ok(linked)
}
