//! hanbridge: a workbench for translators of East-Asian history.
//!
//! The pipeline runs one way: `corpus` (files → documents → paragraphs → sentences) →
//! `store` (SQLite). The library prints nothing; the `hanbridge` binary owns the command line.

pub mod align;
pub mod check;
pub mod corpus;
pub mod export;
pub mod glossary;
pub mod mentions;
pub mod report;
pub mod romanise;
pub mod serve;
pub mod store;
pub mod synth;
pub mod workbench;
