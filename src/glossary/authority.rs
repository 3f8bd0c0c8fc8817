//! The name authority cache: what depends on the glossary alone, built once per glossary
//! version and reused by every command.
//!
//! With a glossary of a million forms, parsing the files, folding and deriving every form and
//! validating every romanisation takes seconds; a look-up of one name or the glossary
//! findings of `check` must not pay that per command. The cache holds, for one version of the
//! glossary files (a blake3 hash of their bytes and of [`RULES_VERSION`]):
//!
//! - the folded keys of every form, listed and derived, as an [`fst::Map`] (and the loose keys
//!   of Latin forms as a second one), each pointing at the record of its forms (entry, column,
//!   form, standing, rule): what [`super::lookup::Index`] computes, stored;
//! - every entry as a record, read by position only when a look-up names it;
//! - what `check` reports about the glossary itself: the validation report and where each
//!   entry was read (`file:line`).
//!
//! It is written beside the database as `<db>.names-<version>.bin` (atomically: a temporary
//! file persisted over the name), and older versions are removed. Nothing in it is trusted
//! blindly: the header names the format and the version, the key maps are checked against a
//! hash when opened and every record carries a hash of its own; anything that does not check
//! out is a [`AuthorityError::Corrupt`] and the callers here rebuild the cache from the files.
//!
//! Not here: the name matcher of the scan (built from the stored glossary), the parsing of
//! the files ([`super::io`]).

use super::derive::{RULES_VERSION, Rule};
use super::io::{LoadError, Loaded, load_sources, read_sources, source_files};
use super::lookup::{Hit, Index, Slot};
use super::validate::{Report, validate};
use super::{Column, Entry, Status};
use fst::{Map, MapBuilder, Streamer};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The first bytes of a cache file.
const MAGIC: &[u8; 8] = b"HBNAMES\0";
/// The layout of the file; part of the version key too.
const FORMAT: u32 = 4;
/// The sections, in this order.
const KEYS: usize = 0;
const LOOSE: usize = 1;
const SLOTS: usize = 2;
const ENTRIES: usize = 3;
const OFFSETS: usize = 4;
/// `check`'s glossary findings (last in the file).
const CHECK: usize = 11;
/// The name matcher's pattern keys (see [`crate::mentions::for_each_pattern`]) → the entries
/// they lead to, as a run of `u32` in [`MATCH_ENTRIES`].
const MATCH: usize = 5;
const MATCH_ENTRIES: usize = 6;
/// The Latin forms near misses are sought among: `key\tentry\tid\tform` lines.
const LATIN: usize = 7;
/// The Chinese near-miss index ([`crate::check::cjk_near::CjkNearIndex`]) as one map: `b`,
/// `s`, `w` and a key (blanked, shortened, whole) → a record of names in [`CJK_NAMED`]; `e`
/// and a Chinese form → 0.
const CJK: usize = 8;
const CJK_NAMED: usize = 9;
/// Its (first character, length) starts, as JSON.
const CJK_STARTS: usize = 10;
const SECTIONS: usize = 12;
/// A surname alone leads to at most this many entries in [`MATCH`]: enough to stand for the
/// short form; the entries a short form can resolve to are written in full in the same
/// document, so their own keys bring them in.
const SHORT_ENTRIES: usize = 16;
/// Magic, format, version, then per section its offset, length and hash.
const HEADER_LEN: usize = 8 + 4 + 32 + SECTIONS * (8 + 8 + 32);
/// Bytes of the hash each record starts with.
const RECORD_HASH: usize = 8;

/// Why the cache could not serve.
#[derive(Debug, thiserror::Error)]
pub enum AuthorityError {
    /// The glossary files did not load.
    #[error("the glossary did not load ({} problems)", .0.len())]
    Load(Vec<LoadError>),
    /// The cache file is damaged or of another format (rebuilt by the callers here).
    #[error("{path}: damaged name cache: {why}")]
    Corrupt {
        /// The file.
        path: String,
        /// What did not check out.
        why: String,
    },
    /// Reading the cache failed.
    #[error("{path}: cannot read the name cache: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
}

/// Where the cache came from in this command (printed with `--verbose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// Read from the file of this glossary version.
    Hit,
    /// Built: there was no cache of this version.
    Built,
    /// Built again: the file was damaged.
    Rebuilt,
    /// Built but not written (the database's folder is not writable or there is none).
    Unsaved,
}

impl std::fmt::Display for CacheStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CacheStatus::Hit => "cache hit",
            CacheStatus::Built => "cache built",
            CacheStatus::Rebuilt => "cache damaged, rebuilt",
            CacheStatus::Unsaved => "built, not cached",
        })
    }
}

/// What `check` needs about the glossary itself.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CheckData {
    /// The romanisations compared with the engines.
    pub report: Report,
    /// Entry id → (file, line) it was read from.
    pub origins: std::collections::BTreeMap<String, (String, usize)>,
}

/// The entries and forms a look-up found; [`Found::hits`] gives them as [`Hit`]s.
#[derive(Debug, Clone, Default)]
pub struct Found {
    entries: Vec<Entry>,
    /// Entry (in `entries`), form, column, standing, exact, rule.
    hits: Vec<(usize, String, Column, Status, bool, Option<Rule>)>,
}

impl Found {
    /// The hits, best first, as [`super::lookup::Index::lookup`] gives them.
    pub fn hits(&self) -> Vec<Hit<'_>> {
        self.hits
            .iter()
            .map(|(e, form, column, status, exact, derived)| Hit {
                entry: &self.entries[*e],
                form,
                column: *column,
                status: *status,
                exact: *exact,
                derived: *derived,
            })
            .collect()
    }
}

/// Glossary files' names and bytes.
type Sources = Vec<(String, Vec<u8>)>;

/// One stored form of a key: entry index, column, form, standing, rule.
type StoredSlot = (usize, Column, String, Status, Option<Rule>);
/// A record of forms as stored.
type SlotRecord = Vec<StoredSlot>;

/// The bytes the cache is read from.
#[derive(Debug)]
enum Backing {
    File(File),
    Memory(Vec<u8>),
}

/// An opened name authority cache.
#[derive(Debug)]
pub struct Authority {
    path: String,
    backing: Backing,
    /// Per section: offset, length, hash.
    sections: [(u64, u64, [u8; 32]); SECTIONS],
    keys: Map<Vec<u8>>,
    /// Read when a query misses `keys`.
    loose: std::sync::OnceLock<Map<Vec<u8>>>,
}

/// The version key of glossary files: their names' order and bytes, the rules and the format.
pub fn version_key(sources: &[(String, Vec<u8>)]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    h.update(MAGIC);
    h.update(&FORMAT.to_le_bytes());
    h.update(&RULES_VERSION.to_le_bytes());
    for (_, bytes) in sources {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update_rayon(bytes);
    }
    h.finalize()
}

/// The blake3 hash of `bytes`, on every core for large inputs (a look-up hashes the
/// glossary files and the key maps, tens of megabytes with a million forms).
fn hash(bytes: &[u8]) -> blake3::Hash {
    if bytes.len() < 1 << 20 {
        return blake3::hash(bytes);
    }
    let mut h = blake3::Hasher::new();
    h.update_rayon(bytes);
    h.finalize()
}

/// The cache file of `version` beside the database `db`.
pub fn cache_path(db: &Path, version: &blake3::Hash) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".names-{}.bin", &version.to_hex()[..16]));
    db.with_file_name(name)
}

/// Looks `query` up in the glossary at `glossary` through the cache beside `db` (built or
/// rebuilt first when needed).
pub fn lookup(
    db: &Path,
    glossary: &Path,
    query: &str,
) -> Result<(Found, CacheStatus), AuthorityError> {
    with_cache(db, glossary, |a| a.lookup(query))
}

/// The validation report and the entries' origins of the glossary at `glossary`, through
/// the cache beside `db`.
pub fn check_data(db: &Path, glossary: &Path) -> Result<(CheckData, CacheStatus), AuthorityError> {
    with_cache(db, glossary, Authority::check_data)
}

/// The version key of the glossary files at `glossary` (hex), and whether the cache beside
/// `db` holds that version (then the files are known to load: a cache is only built from
/// files that did).
pub fn version(db: &Path, glossary: &Path) -> Result<(String, bool), AuthorityError> {
    let (version, _) = version_of(db, glossary)?;
    let cached =
        !db.as_os_str().is_empty() && Authority::open(&cache_path(db, &version), &version).is_ok();
    Ok((version.to_hex().to_string(), cached))
}

/// The cache beside `db` of the glossary version `version` (hex, as the database stores it
/// with the glossary), if it exists and opens.
pub fn open_cached(db: &Path, version: &str) -> Option<Authority> {
    let version = blake3::Hash::from_hex(version).ok()?;
    if db.as_os_str().is_empty() {
        return None;
    }
    Authority::open(&cache_path(db, &version), &version).ok()
}

/// Builds the cache of glossary files already parsed (`glossary load`, `run`) unless the
/// cache of their version exists.
pub fn ensure(db: &Path, glossary: &Path, loaded: &Loaded) -> Result<CacheStatus, AuthorityError> {
    let (version, _) = version_of(db, glossary)?;
    let path = cache_path(db, &version);
    if Authority::open(&path, &version).is_ok() {
        return Ok(CacheStatus::Hit);
    }
    let (_, status) = build_and_save(db, &path, &version, loaded, CacheStatus::Built)?;
    Ok(status)
}

/// The version key of the glossary files at `glossary`, and their bytes if they had to be
/// read for it.
///
/// Hashing tens of megabytes is most of a look-up's time, so the key is also kept beside the
/// database with a stamp of the files (names, sizes, modification times): while the stamp
/// holds, the files are not read. As git does with its index, a stamp is written only for
/// files last modified more than [`STAMP_SETTLE`] before, so an edit within the same clock
/// tick as the stamp cannot go unnoticed.
fn version_of(
    db: &Path,
    glossary: &Path,
) -> Result<(blake3::Hash, Option<Sources>), AuthorityError> {
    let files = source_files(glossary).map_err(AuthorityError::Load)?;
    let stamp = stamp(&files);
    let stamp_file = stamp_path(db);
    if let Some((stamp, _)) = &stamp
        && !db.as_os_str().is_empty()
        && let Ok(text) = std::fs::read_to_string(&stamp_file)
        && let Some((s, v)) = text.trim().split_once(' ')
        && s == stamp.to_hex().as_str()
        && let Ok(version) = blake3::Hash::from_hex(v)
    {
        return Ok((version, None));
    }
    let sources = read_sources(glossary).map_err(AuthorityError::Load)?;
    let version = version_key(&sources);
    if let Some((stamp, settled)) = stamp
        && settled
        && !db.as_os_str().is_empty()
    {
        // Best effort: without a stamp the next command hashes the files again.
        let _ = save(
            &stamp_file,
            format!("{} {}\n", stamp.to_hex(), version.to_hex()).as_bytes(),
        );
    }
    Ok((version, Some(sources)))
}

/// How long before a stamp a file must have been modified for the stamp to be kept.
const STAMP_SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// A hash of the files' names, sizes and modification times, and whether every file was
/// modified more than [`STAMP_SETTLE`] ago; `None` if a file cannot be looked at.
fn stamp(files: &[PathBuf]) -> Option<(blake3::Hash, bool)> {
    let mut h = blake3::Hasher::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(&RULES_VERSION.to_le_bytes());
    let now = std::time::SystemTime::now();
    let mut settled = true;
    for f in files {
        let meta = std::fs::metadata(f).ok()?;
        let modified = meta.modified().ok()?;
        let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
        settled &= now
            .duration_since(modified)
            .is_ok_and(|age| age > STAMP_SETTLE);
        h.update(f.as_os_str().as_encoded_bytes());
        h.update(&meta.len().to_le_bytes());
        h.update(&since.as_nanos().to_le_bytes());
    }
    Some((h.finalize(), settled))
}

/// The stamp file beside the database `db`.
fn stamp_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".names.stamp");
    db.with_file_name(name)
}

/// Opens the cache of the current files (building it when missing or damaged) and asks `f`;
/// a damaged record found by `f` rebuilds the cache once.
fn with_cache<T>(
    db: &Path,
    glossary: &Path,
    f: impl Fn(&Authority) -> Result<T, AuthorityError>,
) -> Result<(T, CacheStatus), AuthorityError> {
    let (version, mut sources) = version_of(db, glossary)?;
    let path = cache_path(db, &version);
    let mut build = |status| -> Result<(Authority, CacheStatus), AuthorityError> {
        let sources = match sources.take() {
            Some(s) => s,
            None => read_sources(glossary).map_err(AuthorityError::Load)?,
        };
        let loaded = load_sources(sources).map_err(AuthorityError::Load)?;
        build_and_save(db, &path, &version, &loaded, status)
    };
    let in_memory = db.as_os_str().is_empty();
    let opened = if in_memory {
        Err(AuthorityError::Corrupt {
            path: String::new(),
            why: "a database in memory has no cache".into(),
        })
    } else {
        Authority::open(&path, &version)
    };
    let (authority, status) = match opened {
        Err(_) if in_memory => build(CacheStatus::Unsaved)?,
        Ok(a) => (a, CacheStatus::Hit),
        Err(AuthorityError::Corrupt { .. }) => build(CacheStatus::Rebuilt)?,
        Err(_) => build(CacheStatus::Built)?,
    };
    match f(&authority) {
        Err(AuthorityError::Corrupt { .. }) if status == CacheStatus::Hit => {
            let (authority, status) = build(CacheStatus::Rebuilt)?;
            Ok((f(&authority)?, status))
        }
        other => Ok((other?, status)),
    }
}

/// Builds the cache bytes, writes them to `path` (removing the caches of other versions) and
/// opens them; when the file cannot be written the cache serves from memory.
fn build_and_save(
    db: &Path,
    path: &Path,
    version: &blake3::Hash,
    loaded: &Loaded,
    status: CacheStatus,
) -> Result<(Authority, CacheStatus), AuthorityError> {
    let bytes = build(loaded, version);
    let saved = !db.as_os_str().is_empty() && save(path, &bytes).is_ok();
    if saved {
        remove_other_versions(db, path);
    }
    let authority = Authority::from_memory(path, bytes, version)?;
    Ok((authority, if saved { status } else { CacheStatus::Unsaved }))
}

fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no database folder",
        ));
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes `<db>.names-*.bin` files other than `keep` (caches of older glossary versions).
fn remove_other_versions(db: &Path, keep: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{}.names-", name.to_string_lossy());
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    for e in list.filter_map(Result::ok) {
        let file = e.file_name().to_string_lossy().into_owned();
        if file.starts_with(&prefix)
            && file.ends_with(".bin")
            && keep
                .file_name()
                .is_none_or(|k| k != e.file_name().as_os_str())
        {
            // A cache another process still reads stays readable until closed (unix).
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A record: the first bytes of its hash, then its bytes.
fn record(out: &mut Vec<u8>, bytes: &[u8]) -> (u64, u64) {
    let start = out.len() as u64;
    out.extend_from_slice(&blake3::hash(bytes).as_bytes()[..RECORD_HASH]);
    out.extend_from_slice(bytes);
    (start, out.len() as u64 - start)
}

/// The cache file's bytes for a parsed glossary.
fn build(loaded: &Loaded, version: &blake3::Hash) -> Vec<u8> {
    let glossary = &loaded.glossary;
    // The sections are independent: built side by side.
    let (((maps, slots), (entries, offsets)), ((check, (matches, match_entries)), (latin, cjk))) =
        rayon::join(
            || rayon::join(|| key_maps(glossary), || entry_records(glossary)),
            || {
                rayon::join(
                    || rayon::join(|| check_section(loaded), || match_keys(glossary)),
                    || rayon::join(|| latin_section(glossary), || cjk_index(glossary)),
                )
            },
        );
    let mut maps = maps;
    let loose = maps.pop().unwrap_or_default();
    let keys = maps.pop().unwrap_or_default();
    let (cjk, cjk_named, cjk_starts) = cjk;
    let parts: [&[u8]; SECTIONS] = [
        &keys,
        &loose,
        &slots,
        &entries,
        &offsets,
        &matches,
        &match_entries,
        latin.as_bytes(),
        &cjk,
        &cjk_named,
        &cjk_starts,
        &check,
    ];
    let mut out = Vec::with_capacity(HEADER_LEN + parts.iter().map(|p| p.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(version.as_bytes());
    let mut at = HEADER_LEN as u64;
    for p in parts {
        out.extend_from_slice(&at.to_le_bytes());
        out.extend_from_slice(&(p.len() as u64).to_le_bytes());
        out.extend_from_slice(hash(p).as_bytes());
        at += p.len() as u64;
    }
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// The [`KEYS`] and [`LOOSE`] maps (in that order) and their [`SLOTS`] records.
fn key_maps(glossary: &super::Glossary) -> (Vec<Vec<u8>>, Vec<u8>) {
    let index = Index::new(glossary);
    let mut slots = Vec::new();
    let mut maps = Vec::new();
    for keys in index.keys() {
        let mut sorted: Vec<(&String, &Vec<Slot<'_>>)> = keys.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut builder = MapBuilder::memory();
        for (key, found) in sorted {
            let rec: SlotRecord = found
                .iter()
                .map(|&(i, column, form, status, rule)| (i, column, form.to_string(), status, rule))
                .collect();
            let json = serde_json::to_vec(&rec).unwrap_or_default();
            let (start, len) = record(&mut slots, &json);
            // Offset in the high 40 bits, length in the low 24 (a record of forms is small).
            let value = (start << 24) | len.min((1 << 24) - 1);
            // Keys come sorted and unique: the builder cannot fail.
            let _ = builder.insert(key.as_bytes(), value);
        }
        maps.push(builder.into_inner().unwrap_or_default());
    }
    (maps, slots)
}

/// The [`ENTRIES`] records and their [`OFFSETS`].
fn entry_records(glossary: &super::Glossary) -> (Vec<u8>, Vec<u8>) {
    let mut entries = Vec::new();
    let mut offsets = Vec::with_capacity((glossary.entries.len() + 1) * 8);
    for e in &glossary.entries {
        let json = serde_json::to_vec(e).unwrap_or_default();
        let (start, _) = record(&mut entries, &json);
        offsets.extend_from_slice(&start.to_le_bytes());
    }
    offsets.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    (entries, offsets)
}

/// The [`CHECK`] section: the validation report and the entries' origins.
fn check_section(loaded: &Loaded) -> Vec<u8> {
    let glossary = &loaded.glossary;
    let check = CheckData {
        report: validate(glossary),
        origins: glossary
            .entries
            .iter()
            .zip(&loaded.origins)
            .map(|(e, o)| (e.id.clone(), (o.file.clone(), o.line as usize)))
            .collect(),
    };
    serde_json::to_vec(&check).unwrap_or_default()
}

/// The [`LATIN`] section.
fn latin_section(glossary: &super::Glossary) -> String {
    let mut latin = String::new();
    for l in crate::check::names::latin_forms(glossary) {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        latin.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            clean(&l.key),
            l.entry,
            clean(&l.id),
            clean(&l.form)
        ));
    }
    latin
}

/// The [`MATCH`] map and its [`MATCH_ENTRIES`]: per pattern key of the name matcher, the
/// entries it leads to (a full form's entries only, where a full form and a short form share
/// the key, as the matcher takes them; a short form's at most [`SHORT_ENTRIES`]).
fn match_keys(glossary: &super::Glossary) -> (Vec<u8>, Vec<u8>) {
    // Key → (any full source, entries).
    let mut by_key: HashMap<String, (bool, Vec<u32>)> = HashMap::new();
    crate::mentions::for_each_pattern(glossary, |p| {
        let slot = by_key.entry(p.key).or_insert((false, Vec::new()));
        if !p.short && !slot.0 {
            *slot = (true, Vec::new());
        }
        if p.short && slot.0 {
            return;
        }
        if !slot.1.contains(&p.entity) && (!p.short || slot.1.len() < SHORT_ENTRIES) {
            slot.1.push(p.entity);
        }
    });
    let mut sorted: Vec<(String, Vec<u32>)> = by_key.into_iter().map(|(k, v)| (k, v.1)).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut runs = Vec::new();
    let mut builder = MapBuilder::memory();
    for (key, entities) in sorted {
        let start = (runs.len() / 4) as u64;
        for e in &entities {
            runs.extend_from_slice(&e.to_le_bytes());
        }
        // Start (in entries) in the high 40 bits, count in the low 24.
        let value = (start << 24) | (entities.len() as u64).min((1 << 24) - 1);
        let _ = builder.insert(key.as_bytes(), value);
    }
    (builder.into_inner().unwrap_or_default(), runs)
}

/// The [`CJK`] map, its [`CJK_NAMED`] records and the [`CJK_STARTS`] of a glossary.
fn cjk_index(glossary: &super::Glossary) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let index = crate::check::cjk_near::CjkNearIndex::new(glossary);
    let parts = index.parts();
    let mut keyed: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for (k, names) in parts.blanked {
        keyed.insert(format!("b{k}"), names.clone());
    }
    for (k, names) in parts.shortened {
        keyed.insert(format!("s{k}"), names.clone());
    }
    for (k, named) in parts.whole {
        keyed.insert(format!("w{k}"), vec![named.clone()]);
    }
    for k in parts.exact {
        keyed.insert(format!("e{k}"), Vec::new());
    }
    let mut named = Vec::new();
    let mut builder = MapBuilder::memory();
    for (key, names) in keyed {
        let value = if names.is_empty() {
            0
        } else {
            let json = serde_json::to_vec(&names).unwrap_or_default();
            let (start, len) = record(&mut named, &json);
            (start << 24) | len.min((1 << 24) - 1)
        };
        let _ = builder.insert(key.as_bytes(), value);
    }
    let mut starts: Vec<(char, usize)> = parts.starts.iter().copied().collect();
    starts.sort_unstable();
    (
        builder.into_inner().unwrap_or_default(),
        named,
        serde_json::to_vec(&starts).unwrap_or_default(),
    )
}

/// The Chinese near-miss index of the cache, read by key (see [`Authority::cjk`]).
pub struct CachedCjk<'a> {
    authority: &'a Authority,
    map: Map<Vec<u8>>,
    starts: std::collections::HashSet<(char, usize)>,
}

impl CachedCjk<'_> {
    /// The names under `kind` (`b`, `s`, `w`) and `key`; a damaged record reads as none.
    pub fn names(&self, kind: char, key: &str) -> Vec<(String, String)> {
        let Some(value) = self.map.get(format!("{kind}{key}").as_bytes()) else {
            return Vec::new();
        };
        self.authority
            .record(CJK_NAMED, value >> 24, value & ((1 << 24) - 1))
            .unwrap_or_default()
    }

    /// `folded` is a Chinese or Japanese form of the glossary.
    pub fn is_form(&self, folded: &str) -> bool {
        self.map.contains_key(format!("e{folded}").as_bytes())
    }

    /// Some name of `len` characters (or one more or fewer) starts with `c`.
    pub fn may_start(&self, c: char, len: usize) -> bool {
        self.starts.contains(&(c, len))
    }
}

impl Authority {
    /// The Latin forms near misses are sought among, as [`crate::check::names::latin_forms`]
    /// gives them for the whole glossary.
    pub fn latin_forms(&self) -> Result<Vec<crate::check::names::LatinForm>, AuthorityError> {
        let bytes = self.section(LATIN)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| self.corrupt("latin forms"))?;
        text.lines()
            .map(|line| {
                let mut f = line.split('\t');
                let (Some(key), Some(entry), Some(id), Some(form)) =
                    (f.next(), f.next(), f.next(), f.next())
                else {
                    return Err(self.corrupt("a latin form line"));
                };
                Ok(crate::check::names::LatinForm {
                    key: key.to_string(),
                    entry: entry
                        .parse()
                        .map_err(|_| self.corrupt("a latin form line"))?,
                    id: id.to_string(),
                    form: form.to_string(),
                })
            })
            .collect()
    }

    /// The label of entry `i` (by index), if it reads.
    pub fn label(&self, i: u32) -> Option<String> {
        self.entry(i as usize).ok().map(|e| e.label().to_string())
    }

    /// The Chinese near-miss index.
    pub fn cjk(&self) -> Result<CachedCjk<'_>, AuthorityError> {
        let map = self.map(CJK)?;
        let starts: Vec<(char, usize)> = serde_json::from_slice(&self.section(CJK_STARTS)?)
            .map_err(|e| self.corrupt(&format!("cjk starts: {e}")))?;
        Ok(CachedCjk {
            authority: self,
            map,
            starts: starts.into_iter().collect(),
        })
    }

    /// The entries of the glossary whose names can occur in `texts`: those with a pattern of
    /// the name matcher (listed, derived or short form) whose key is in a text once folded.
    /// The matcher built from these entries finds in `texts` what the matcher of the whole
    /// glossary finds (short forms aside, which resolve only to names written in full in the
    /// same document). Returned in the order of the glossary files.
    pub fn corpus_entries<'t>(
        &self,
        texts: impl Iterator<Item = &'t str>,
    ) -> Result<Vec<Entry>, AuthorityError> {
        let map = self.map(MATCH)?;
        let runs = self.section(MATCH_ENTRIES)?;
        let fst = map.as_fst();
        let mut wanted: std::collections::BTreeSet<u32> = Default::default();
        let mut take = |value: u64| -> Result<(), AuthorityError> {
            let (start, count) = ((value >> 24) as usize, (value & ((1 << 24) - 1)) as usize);
            let run = runs
                .get(start * 4..(start + count) * 4)
                .ok_or_else(|| self.corrupt("a match run out of bounds"))?;
            for b in run.chunks_exact(4) {
                wanted.insert(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            }
            Ok(())
        };
        // A key with Latin letters is a name only from a word's start to a word's end in the
        // text (as the matcher takes it; folding drops spaces and hyphens); one without,
        // anywhere.
        let (mut folded, mut starts) = (String::new(), Vec::new());
        for text in texts {
            super::fold::fold_into(text, &mut folded, &mut starts);
            let bytes = folded.as_bytes();
            let at = |k: usize| starts.get(k).map_or(text.len(), |&s| s as usize);
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            for (pos, _) in folded.char_indices() {
                let latin_start = !word(text[..at(pos)].chars().next_back());
                let mut node = fst.root();
                let mut out = fst::raw::Output::zero();
                let mut latin = false;
                for (k, &b) in bytes[pos..].iter().enumerate() {
                    let Some(i) = node.find_input(b) else { break };
                    let t = node.transition(i);
                    out = out.cat(t.out);
                    node = fst.node(t.addr);
                    latin |= b.is_ascii_alphabetic();
                    if !node.is_final() {
                        continue;
                    }
                    let last = at(pos + k);
                    let latin_end = !word(text.get(last..).and_then(|r| r.chars().nth(1)));
                    if !latin || (latin_start && latin_end) {
                        take(out.cat(node.final_output()).value())?;
                    }
                }
            }
        }
        wanted.into_iter().map(|i| self.entry(i as usize)).collect()
    }

    /// Opens the cache file at `path`, which must be of `version`.
    fn open(path: &Path, version: &blake3::Hash) -> Result<Self, AuthorityError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| AuthorityError::Io {
            path: name.clone(),
            source,
        })?;
        Self::from_backing(name, Backing::File(file), version)
    }

    fn from_memory(
        path: &Path,
        bytes: Vec<u8>,
        version: &blake3::Hash,
    ) -> Result<Self, AuthorityError> {
        Self::from_backing(path.display().to_string(), Backing::Memory(bytes), version)
    }

    fn from_backing(
        path: String,
        backing: Backing,
        version: &blake3::Hash,
    ) -> Result<Self, AuthorityError> {
        let mut a = Authority {
            path,
            backing,
            sections: [(0, 0, [0; 32]); SECTIONS],
            keys: Map::default(),
            loose: std::sync::OnceLock::new(),
        };
        let header = a.read_at(0, HEADER_LEN as u64)?;
        if &header[..8] != MAGIC {
            return Err(a.corrupt("not a name cache"));
        }
        if header[8..12] != FORMAT.to_le_bytes() {
            return Err(a.corrupt("another format"));
        }
        if &header[12..44] != version.as_bytes() {
            return Err(a.corrupt("another glossary version"));
        }
        let le = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        for (i, s) in a.sections.iter_mut().enumerate() {
            let at = 44 + i * 48;
            let mut hash = [0; 32];
            hash.copy_from_slice(&header[at + 16..at + 48]);
            *s = (le(&header[at..at + 8]), le(&header[at + 8..at + 16]), hash);
        }
        a.keys = a.map(KEYS)?;
        Ok(a)
    }

    /// The key map of `section`, checked.
    fn map(&self, section: usize) -> Result<Map<Vec<u8>>, AuthorityError> {
        let bytes = self.section(section)?;
        Map::new(bytes).map_err(|e| self.corrupt(&format!("key map: {e}")))
    }

    /// The map of loose keys, read on first use.
    fn loose(&self) -> Result<&Map<Vec<u8>>, AuthorityError> {
        if let Some(m) = self.loose.get() {
            return Ok(m);
        }
        let m = self.map(LOOSE)?;
        Ok(self.loose.get_or_init(|| m))
    }

    fn corrupt(&self, why: &str) -> AuthorityError {
        AuthorityError::Corrupt {
            path: self.path.clone(),
            why: why.to_string(),
        }
    }

    /// `len` bytes at `at`; fewer is a damaged file.
    fn read_at(&self, at: u64, len: u64) -> Result<Vec<u8>, AuthorityError> {
        match &self.backing {
            Backing::Memory(bytes) => usize::try_from(at)
                .ok()
                .zip(usize::try_from(at.saturating_add(len)).ok())
                .and_then(|(a, b)| bytes.get(a..b))
                .map(<[u8]>::to_vec)
                .ok_or_else(|| self.corrupt("shorter than its header says")),
            Backing::File(file) => {
                let io = |source| AuthorityError::Io {
                    path: self.path.clone(),
                    source,
                };
                let size = file.metadata().map_err(io)?.len();
                if at.saturating_add(len) > size {
                    return Err(self.corrupt("shorter than its header says"));
                }
                let mut buf = vec![0; usize::try_from(len).map_err(|_| self.corrupt("too large"))?];
                let mut f = file;
                f.seek(SeekFrom::Start(at)).map_err(io)?;
                f.read_exact(&mut buf).map_err(io)?;
                Ok(buf)
            }
        }
    }

    /// A whole section, checked against its hash.
    fn section(&self, section: usize) -> Result<Vec<u8>, AuthorityError> {
        let (at, len, hash) = self.sections[section];
        let bytes = self.read_at(at, len)?;
        if self::hash(&bytes).as_bytes() != &hash {
            return Err(self.corrupt("a section does not match its hash"));
        }
        Ok(bytes)
    }

    /// A record of `section` at `at` (in the section) of `len` bytes, checked.
    fn record<T: serde::de::DeserializeOwned>(
        &self,
        section: usize,
        at: u64,
        len: u64,
    ) -> Result<T, AuthorityError> {
        let (start, size, _) = self.sections[section];
        if len < RECORD_HASH as u64 || at.saturating_add(len) > size {
            return Err(self.corrupt("a record out of bounds"));
        }
        let bytes = self.read_at(start + at, len)?;
        let (hash, body) = bytes.split_at(RECORD_HASH);
        if &blake3::hash(body).as_bytes()[..RECORD_HASH] != hash {
            return Err(self.corrupt("a record does not match its hash"));
        }
        serde_json::from_slice(body).map_err(|e| self.corrupt(&format!("a record: {e}")))
    }

    fn slots(&self, value: u64) -> Result<SlotRecord, AuthorityError> {
        self.record(SLOTS, value >> 24, value & ((1 << 24) - 1))
    }

    /// Entry `i` of the glossary.
    fn entry(&self, i: usize) -> Result<Entry, AuthorityError> {
        let (start, size, _) = self.sections[OFFSETS];
        let at = (i as u64).saturating_mul(8);
        if at.saturating_add(16) > size {
            return Err(self.corrupt("an entry out of bounds"));
        }
        let pair = self.read_at(start + at, 16)?;
        let from = u64::from_le_bytes(pair[..8].try_into().unwrap_or([0; 8]));
        let to = u64::from_le_bytes(pair[8..].try_into().unwrap_or([0; 8]));
        self.record(ENTRIES, from, to.saturating_sub(from))
    }

    /// The validation report and origins stored for `check`.
    pub fn check_data(&self) -> Result<CheckData, AuthorityError> {
        let bytes = self.section(CHECK)?;
        serde_json::from_slice(&bytes).map_err(|e| self.corrupt(&format!("check data: {e}")))
    }

    /// Entries with a form equal to `query` once folded (or to its loose key); if none,
    /// entries with a form that contains the query or is contained in it: as
    /// [`Index::lookup`], from the cache.
    pub fn lookup(&self, query: &str) -> Result<Found, AuthorityError> {
        let key = super::fold::fold(query);
        let mut found = Found::default();
        if key.is_empty() {
            return Ok(found);
        }
        let mut entries: HashMap<usize, usize> = HashMap::new();
        let mut add = |found: &mut Found,
                       (i, column, form, status, rule): StoredSlot,
                       exact: bool|
         -> Result<(), AuthorityError> {
            let at = match entries.get(&i) {
                Some(&at) => at,
                None => {
                    found.entries.push(self.entry(i)?);
                    entries.insert(i, found.entries.len() - 1);
                    found.entries.len() - 1
                }
            };
            found.hits.push((at, form, column, status, exact, rule));
            Ok(())
        };
        let exact = match self.keys.get(key.as_bytes()) {
            Some(v) => Some(v),
            None => self.loose()?.get(super::fold::loose(&key).as_bytes()),
        };
        if let Some(value) = exact {
            for slot in self.slots(value)? {
                add(&mut found, slot, true)?;
            }
            return Ok(found);
        }
        if key.chars().count() < 2 {
            return Ok(found);
        }
        // Partial matches, on listed forms only, one per entry, nearest in length first.
        let mut partial: Vec<(usize, String, StoredSlot)> = Vec::new();
        let mut stream = self.keys.stream();
        let mut seen: HashMap<usize, usize> = HashMap::new();
        while let Some((k, value)) = stream.next() {
            let Ok(k) = std::str::from_utf8(k) else {
                continue;
            };
            if !(k.contains(&key) || (key.contains(k) && k.chars().count() >= 2)) {
                continue;
            }
            let distance = k.len().abs_diff(key.len());
            // An entry once, by its closest form.
            for slot in self.slots(value)?.into_iter().filter(|s| s.4.is_none()) {
                if let Some(&at) = seen.get(&slot.0) {
                    if distance < partial[at].0 {
                        partial[at].0 = distance;
                        partial[at].2 = slot;
                    }
                    continue;
                }
                seen.insert(slot.0, partial.len());
                let id = self.entry(slot.0)?.id;
                partial.push((distance, id, slot));
            }
        }
        partial.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        for (_, _, slot) in partial.into_iter().take(20) {
            add(&mut found, slot, false)?;
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> (Loaded, blake3::Hash) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
        let sources = read_sources(&dir).expect("read");
        let version = version_key(&sources);
        (load_sources(sources).expect("load"), version)
    }

    #[test]
    fn the_cache_answers_as_the_index_does() {
        let (loaded, version) = shipped();
        let bytes = build(&loaded, &version);
        let cached = Authority::from_memory(Path::new("mem"), bytes, &version).expect("opens");
        let index = Index::new(&loaded.glossary);
        let mut queries: Vec<String> = Vec::new();
        for e in loaded.glossary.entries.iter().step_by(7) {
            for (_, text, _) in e.forms() {
                queries.push(text.to_string());
                // A part of the form, for the partial matches.
                queries.push(text.chars().skip(1).collect());
            }
        }
        queries.extend(["Kiyomasa Kato", "Katou", "Siege of Busan", "", "x"].map(String::from));
        for q in &queries {
            let found = cached.lookup(q).expect("lookup");
            let (mut got, mut want): (Vec<_>, Vec<_>) = (found.hits(), index.lookup(q));
            if want.first().is_some_and(|h| !h.exact) {
                // Among partial matches of equal distance the index's order is its hash
                // map's: compare which entries were found.
                let ids = |h: &Vec<Hit<'_>>| {
                    let mut v: Vec<String> = h.iter().map(|h| h.entry.id.clone()).collect();
                    v.sort();
                    v
                };
                assert_eq!(ids(&got), ids(&want), "{q}");
                continue;
            }
            got.sort_by(|a, b| a.entry.id.cmp(&b.entry.id));
            want.sort_by(|a, b| a.entry.id.cmp(&b.entry.id));
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn another_version_or_format_is_refused() {
        let (loaded, version) = shipped();
        let bytes = build(&loaded, &version);
        let other = blake3::hash(b"another glossary");
        let err = Authority::from_memory(Path::new("mem"), bytes.clone(), &other)
            .expect_err("another version");
        assert!(
            err.to_string().contains("another glossary version"),
            "{err}"
        );
        let mut b = bytes;
        b[8] = 99;
        let err = Authority::from_memory(Path::new("mem"), b, &version).expect_err("format");
        assert!(err.to_string().contains("another format"), "{err}");
    }
}
