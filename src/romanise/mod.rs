//! Romanisation engines: pure text → text, no I/O.
//!
//! - `pinyin`: Chinese characters → Hanyu Pinyin (names with a surname table).
//! - `hanja`: hanja → hangul (Sino-Korean readings, initial-sound law).
//! - `hangul`: hangul → Revised Romanization and McCune–Reischauer (words and names).
//! - `kana`: kana → modified Hepburn with macrons.
//! - `chinese`: traditional ↔ simplified, Japanese shinjitai → traditional.
//!
//! The glossary validates its stored forms against these; the lookup folds with them.

pub mod chinese;
pub mod hangul;
pub mod hanja;
pub mod kana;
pub mod pinyin;
pub mod wade_giles;
