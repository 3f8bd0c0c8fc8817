//! The pipeline and the review actions, as one API over a [`Store`]: what `hanbridge run`,
//! every other subcommand and `hanbridge serve` call, so that each stage and each review
//! action has one implementation.
//!
//! The stages run in this order, each reading what the one before stored:
//!
//! 1. [`import`]: files → documents and paragraphs (all or nothing);
//! 2. [`GlossaryFiles`]: the glossary directory, checked before the database is touched and
//!    loaded after the import ([`Workbench::load_glossary`]);
//! 3. [`Workbench::scan`]: every current paragraph's names, numbers and dates;
//! 4. [`Workbench::align`]: links proposed and stored (review decisions kept);
//! 5. [`Workbench::links`] and [`Workbench::check`]: which paragraphs links hold, and findings;
//! 6. [`Workbench::write_report`] or [`Workbench::snapshot`]: the HTML report, or the data
//!    the browser workbench serves.
//!
//! Review actions ([`Workbench::decide`], [`Workbench::add_link`], [`Workbench::dismiss`],
//! [`Workbench::restore`], [`Workbench::undo`], glossary suggestions and edits) are each one
//! SQLite transaction (a glossary edit: one switch of the glossary files) and fail with a
//! [`ReviewError`] the caller can branch on (not found, conflict, invalid).
//!
//! The library prints nothing: progress and warnings go to an [`Observer`].

mod actions;
mod glossary;
mod pipeline;
mod report;
mod suggest;

pub use actions::{EntryEdit, ReviewError, entry_version, is_finding_key, parse_doc_para};
pub use glossary::{
    GlossaryFiles, authority_error, glossary_problems, load_glossary_files, settle,
    write_glossary_files,
};
pub use pipeline::{
    Aligned, CORPUS_GLOSSARY_ABOVE, GlossaryScope, Linked, Reviewed, Scanned, import, unlinked,
};
pub use report::{Pages, SPLIT_ABOVE};

use crate::store::Store;

/// Where the library reports what a long stage is doing and what a user should know. The
/// command line draws progress bars and prints warnings; tests and the server stay
/// [`Silent`]. Ticks come from worker threads.
pub trait Observer: Sync {
    /// A stage of `len` steps starts (`scan`, `align`, `check`, `read`, `import`).
    fn begin(&self, _stage: &str, _len: u64) {}
    /// One step of the current stage is done.
    fn tick(&self) {}
    /// The current stage is over.
    fn end(&self) {}
    /// Something the user should know that is not an error (a file passed over, an
    /// interrupted write completed).
    fn warn(&self, _message: &str) {}
    /// Detail for `--verbose` (timings, caches).
    fn detail(&self, _message: &str) {}
}

/// An observer that reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Observer for Silent {}

/// The pipeline and the review actions over one open database.
pub struct Workbench {
    store: Store,
}

impl Workbench {
    /// A workbench over `store` (opened to read for the views, to write for the actions).
    pub fn new(store: Store) -> Workbench {
        Workbench { store }
    }

    /// The database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The database, to write.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Gives the database back.
    pub fn into_store(self) -> Store {
        self.store
    }
}
