//! The SQLite store: the only module that talks SQL.
//!
//! Owns opening the database (WAL, foreign keys), the numbered migrations in `db/migrations/`
//! (applied in one transaction keyed on `PRAGMA user_version`), and the reads and writes every
//! stage needs. Writes are transactional: a failed import leaves the database as it was.

mod corpus;
mod dismissals;
mod glossary;
mod links;
mod suggestions;
mod undo;

pub use corpus::{
    Change, DocumentSummary, ImportOutcome, ImportStatus, Importer, ParagraphChange,
    ParagraphSummary,
};
pub use dismissals::Dismissal;
pub use links::{
    AddedLink, AlignSummary, LinkFilter, LinkPair, LinkStatus, LinkWriter, MarkupRow, StoredLink,
    StoredUnit,
};
pub use suggestions::{SuggestionRow, SuggestionStatus};
pub use undo::Undone;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;

/// The default database, relative to the project root.
pub const DEFAULT_DB: &str = "db/hanbridge.sqlite";

/// How long a writer waits for another process's write lock by default.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What a caller means to do with the database, which decides how it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Create the database (and its folder) if missing; read and write (`import`, `run`).
    Create,
    /// The database must exist; read and write (`align`, `link`).
    Write,
    /// The database must exist; read only, every read from one snapshot: the store begins a
    /// read transaction when opened and holds it until dropped, so a concurrent import is seen
    /// either entirely or not at all (`docs`, `show`, `links`, `check`, `report`, ...).
    Read,
}

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
    (
        "0007_glossary_suggestions",
        include_str!("../../db/migrations/0007_glossary_suggestions.sql"),
    ),
    (
        "0008_glossary_version",
        include_str!("../../db/migrations/0008_glossary_version.sql"),
    ),
    (
        "0009_finding_dismissals",
        include_str!("../../db/migrations/0009_finding_dismissals.sql"),
    ),
    (
        "0010_review_actions",
        include_str!("../../db/migrations/0010_review_actions.sql"),
    ),
    (
        "0011_link_revision",
        include_str!("../../db/migrations/0011_link_revision.sql"),
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
    /// The database could not be opened (not a database, no permission, ...).
    #[error("{path}: cannot open database: {source}")]
    Open {
        /// The database file.
        path: String,
        /// Why.
        source: rusqlite::Error,
    },
    /// A read-only command was given a database that does not exist.
    #[error("no database at {path}; run `hanbridge import` or `hanbridge run` first")]
    Missing {
        /// The path given.
        path: String,
    },
    /// Another process held the write lock longer than the busy timeout.
    #[error(
        "{path}: {op}: another process held the write lock for more than {waited:?}; gave up waiting (nothing written)"
    )]
    Locked {
        /// The database file.
        path: String,
        /// The operation that was waiting.
        op: &'static str,
        /// How long it waited.
        waited: Duration,
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
    /// The file ("" in memory), for messages.
    path: PathBuf,
    /// How long a writer waits for another's write lock.
    busy_timeout: Duration,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date;
    /// writers wait up to [`DEFAULT_BUSY_TIMEOUT`] for each other.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, Access::Create, DEFAULT_BUSY_TIMEOUT)
    }

    /// The database file (empty for a database in memory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the database at `path` for `access`; a writer waits up to `busy_timeout` for
    /// another process's write lock before failing with [`StoreError::Locked`].
    pub fn open_with(path: &Path, access: Access, busy_timeout: Duration) -> Result<Store> {
        let name = path.display().to_string();
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if access == Access::Create {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        } else if !path.exists() {
            return Err(StoreError::Missing { path: name });
        }
        let open = |conn: &Connection| -> rusqlite::Result<()> {
            conn.busy_timeout(busy_timeout)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // 32 MiB of page cache instead of SQLite's 2 MiB: whole-corpus reads (links with
            // their evidence, paragraphs) otherwise become one read system call per page.
            conn.pragma_update(None, "cache_size", -32768)
        };
        let conn = Connection::open_with_flags(path, flags)
            .and_then(|conn| open(&conn).map(|()| conn))
            .map_err(|source| StoreError::Open {
                path: name.clone(),
                source,
            })?;
        let store = Self::setup(conn, path.to_path_buf(), busy_timeout)?;
        if access == Access::Read {
            store.begin_snapshot()?;
        }
        Ok(store)
    }

    /// Opens a fresh in-memory database (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(
            Connection::open_in_memory()?,
            PathBuf::new(),
            DEFAULT_BUSY_TIMEOUT,
        )
    }

    fn setup(conn: Connection, path: PathBuf, busy_timeout: Duration) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(busy_timeout)?;
        let mut store = Store {
            conn,
            path,
            busy_timeout,
        };
        store.migrate()?;
        Ok(store)
    }

    /// Begins the read transaction a [`Access::Read`] store holds for its lifetime, and takes
    /// its snapshot at once (SQLite fixes a WAL snapshot at a transaction's first read).
    /// `query_only` makes an accidental write an error rather than a lock upgrade.
    fn begin_snapshot(&self) -> Result<()> {
        self.conn.pragma_update(None, "query_only", "ON")?;
        self.conn.execute_batch("BEGIN DEFERRED")?;
        self.conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
        Ok(())
    }

    /// Begins a write transaction for `op` (named in the error if it times out). IMMEDIATE:
    /// it takes the write lock first, waiting up to the busy timeout for another writer;
    /// a transaction that began by reading could not wait (SQLite refuses to upgrade a read
    /// snapshot another writer has made stale, without calling the busy handler).
    fn begin_write(&mut self, op: &'static str) -> Result<Transaction<'_>> {
        let (path, waited) = (self.path.display().to_string(), self.busy_timeout);
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| locked(e, path, op, waited))
    }

    /// Waits for the write lock as `op` would (up to the busy timeout) and lets it go at once:
    /// a command that reads and computes long before it writes (align) says that another
    /// writer holds the database when it starts, not after its work.
    pub fn wait_for_writers(&mut self, op: &'static str) -> Result<()> {
        self.begin_write(op)?.rollback()?;
        Ok(())
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
        let tx = self.begin_write("migrating the schema")?;
        // Another process may have migrated while this one waited for the lock.
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version >= known {
            return Ok(());
        }
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

/// [`StoreError::Locked`] if `e` says the database is busy, else the SQLite error.
fn locked(e: rusqlite::Error, path: String, op: &'static str, waited: Duration) -> StoreError {
    if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) {
        StoreError::Locked { path, op, waited }
    } else {
        StoreError::Sqlite(e)
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

    fn doc(id: &str, text: &str) -> crate::corpus::Document {
        let meta = crate::corpus::parse::DocMeta {
            id: id.into(),
            ..Default::default()
        };
        crate::corpus::parse::parse_document("x.txt", text, meta).expect("parse")
    }

    /// Issue 15.6: a read store sees one snapshot, however other connections write meanwhile.
    #[test]
    fn issue_15_read_store_sees_one_snapshot() {
        let dir = tempfile::TempDir::new().expect("tempdir");
        let path = dir.path().join("h.sqlite");
        let mut writer = Store::open(&path).expect("open");
        writer
            .import(&[doc("old", "A first paragraph.\n\nA second one.\n")])
            .expect("import");
        let reader = Store::open_with(&path, Access::Read, DEFAULT_BUSY_TIMEOUT).expect("read");
        assert_eq!(reader.documents().expect("docs").len(), 1);
        writer
            .import(&[doc("new", "Written while the reader reads.\n\nTwo.\n")])
            .expect("import while reading");
        // The reader's next query still sees the database as it was at its first.
        assert_eq!(reader.documents().expect("docs").len(), 1);
        assert!(reader.document("new").expect("doc").is_none());
        assert!(reader.paragraph_summaries("new").expect("paras").is_empty());
        // A read store refuses to write rather than upgrading its snapshot.
        assert!(
            reader
                .connection()
                .execute("DELETE FROM document", [])
                .is_err()
        );
        drop(reader);
        let reader = Store::open_with(&path, Access::Read, DEFAULT_BUSY_TIMEOUT).expect("read");
        assert_eq!(reader.documents().expect("docs").len(), 2);
    }

    /// Issue 15.11: reading a database that does not exist creates nothing.
    #[test]
    fn issue_15_reading_a_missing_database_creates_nothing() {
        let dir = tempfile::TempDir::new().expect("tempdir");
        let path = dir.path().join("sub/h.sqlite");
        for access in [Access::Read, Access::Write] {
            let err = Store::open_with(&path, access, DEFAULT_BUSY_TIMEOUT).expect_err("missing");
            assert!(matches!(err, StoreError::Missing { .. }), "{err}");
        }
        assert!(!dir.path().join("sub").exists());
    }

    /// Issue 21.3: a writer waits for another's write lock, and names itself when it gives up.
    #[test]
    fn issue_21_writers_wait_then_name_the_operation() {
        let dir = tempfile::TempDir::new().expect("tempdir");
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open(&path).expect("open");
        let other = Connection::open(&path).expect("other");
        other.execute_batch("BEGIN IMMEDIATE").expect("lock");
        let mut impatient =
            Store::open_with(&path, Access::Write, Duration::from_millis(50)).expect("open");
        let err = impatient
            .import(&[doc("a", "Text.\n")])
            .expect_err("locked");
        let text = err.to_string();
        assert!(
            text.contains("import") && text.contains("h.sqlite"),
            "{text}"
        );
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            other.execute_batch("COMMIT").expect("unlock");
        });
        store
            .import(&[doc("a", "Text.\n")])
            .expect("waits, then imports");
        release.join().expect("thread");
    }

    #[test]
    fn refuses_newer_schema() {
        let conn = Connection::open_in_memory().expect("open");
        conn.pragma_update(None, "user_version", 999).expect("set");
        let err = Store::setup(conn, PathBuf::new(), DEFAULT_BUSY_TIMEOUT).expect_err("too new");
        assert!(err.to_string().contains("newer"));
    }
}
