//! The SQLite store: the only module that talks SQL.
//!
//! Owns opening the database (WAL, foreign keys), the numbered migrations in `db/migrations/`
//! (applied in one transaction keyed on `PRAGMA user_version`), and the reads and writes every
//! stage needs. Writes are transactional: a failed import leaves the database as it was.

mod corpus;
mod glossary;
mod links;

pub use corpus::{
    Change, DocumentSummary, ImportOutcome, ImportStatus, Importer, ParagraphChange,
    ParagraphSummary,
};
pub use links::{
    AlignSummary, LinkFilter, LinkPair, LinkStatus, LinkWriter, MarkupRow, StoredLink, StoredUnit,
};

use rusqlite::Connection;
use std::path::Path;
use thiserror::Error;

/// The default database, relative to the project root.
pub const DEFAULT_DB: &str = "db/hanbridge.sqlite";

/// Migrations, in order; the database's `user_version` is the number applied.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_corpus",
        include_str!("../../db/migrations/0001_corpus.sql"),
    ),
    (
        "0002_glossary",
        include_str!("../../db/migrations/0002_glossary.sql"),
    ),
    (
        "0003_links",
        include_str!("../../db/migrations/0003_links.sql"),
    ),
    (
        "0004_link_views",
        include_str!("../../db/migrations/0004_link_views.sql"),
    ),
    (
        "0005_paragraph_covering_index",
        include_str!("../../db/migrations/0005_paragraph_covering_index.sql"),
    ),
    (
        "0006_paragraph_rule",
        include_str!("../../db/migrations/0006_paragraph_rule.sql"),
    ),
];

/// Errors of the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer hanbridge.
    #[error(
        "database schema version {found} is newer than this hanbridge knows ({known}); upgrade hanbridge"
    )]
    TooNew {
        /// `user_version` found.
        found: i64,
        /// Migrations known.
        known: i64,
    },
    /// A stored JSON column does not parse.
    #[error("database: corrupt JSON in {column}: {source}")]
    Json {
        /// The column.
        column: &'static str,
        /// The parse error.
        source: serde_json::Error,
    },
    /// The database file's directory cannot be created.
    #[error("{path}: cannot create directory: {source}")]
    Dir {
        /// The directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open hanbridge database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 32 MiB of page cache instead of SQLite's 2 MiB: whole-corpus reads (links with their
        // evidence, paragraphs) otherwise become one read system call per page.
        conn.pragma_update(None, "cache_size", -32768)?;
        Self::setup(conn)
    }

    /// Opens a fresh in-memory database (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations the database lacks, all in one transaction.
    pub fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        if version == known {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        for (_, sql) in &MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", known)?;
        tx.commit()?;
        Ok(())
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// The underlying connection, for read-only inspection in tests and tools.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_twice() {
        let mut store = Store::open_in_memory().expect("open");
        assert_eq!(
            store.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
        store.migrate().expect("second run is a no-op");
        assert_eq!(
            store.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
        let fk: i64 = store
            .connection()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .expect("pragma");
        assert_eq!(fk, 1);
    }

    #[test]
    fn refuses_newer_schema() {
        let conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", 999).expect("set");
        let err = Store::setup(conn).expect_err("too new");
        assert!(err.to_string().contains("newer"));
    }
}
