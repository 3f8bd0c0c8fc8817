//! Turning command-line paths (files and directories, with or without a `corpus.toml`) into
//! parsed documents.
//!
//! Directories are walked with symlinks followed and loops detected (`walkdir`); a manifest
//! gives the files it lists their metadata and may not reach outside its folder. Every bad
//! path is collected rather than stopping at the first, and all inputs are read and parsed (in
//! parallel) before anything is written, so every bad file is reported at once.

use super::manifest::{MANIFEST_NAME, Manifest, ManifestEntry, validate_id};
use super::parse::{DocMeta, parse_document};
use super::read::read_source;
use super::{Document, Format, Lang, ParagraphRule};
use anyhow::anyhow;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// File extensions read from directories.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "wiki", "text"];

/// What the user forces on every input (`--lang`, `--markup`, `--id`).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Language for every file.
    pub lang: Option<Lang>,
    /// Markup for every file.
    pub format: Option<Format>,
    /// Id (only with a single file).
    pub id: Option<String>,
    /// Paragraph rule for every file.
    pub paragraphs: Option<ParagraphRule>,
    /// Bound on paragraph length in characters for every file (0: none).
    pub unit_chars: Option<usize>,
}

/// One file to import with what is known about it.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Metadata from the manifest and overrides.
    pub meta: DocMeta,
}

/// The inputs found under the command-line paths, and every problem met on the way.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files that resolved, in order, each once.
    pub inputs: Vec<Input>,
    /// Missing paths, symlink loops, bad manifests, clashing ids: one error each.
    pub errors: Vec<anyhow::Error>,
    /// Files a walk passed over that are not hidden, project furniture (README…) or a
    /// manifest: the caller should say they were not imported, and why.
    pub skipped: Vec<(PathBuf, Skip)>,
}

/// Why a walk passed over a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Not a text file by extension, and no manifest lists it.
    OtherKind,
    /// A FIFO, socket or device: reading it could block for ever (as ripgrep, the walk reads
    /// only regular files; one named on the command line is read).
    NotRegular,
}

/// As [`collect`], failing with every error when there is any.
pub fn collect_inputs(paths: &[PathBuf], ov: &Overrides) -> Result<Vec<Input>, Vec<anyhow::Error>> {
    let collected = collect(paths, ov);
    if collected.errors.is_empty() {
        Ok(collected.inputs)
    } else {
        Err(collected.errors)
    }
}

/// A manifest entry and the manifest it was read from (for messages).
struct Listed {
    manifest: PathBuf,
    entry: ManifestEntry,
}

/// Resolves paths to inputs, going on past errors so that all are reported together.
///
/// A directory is walked (sorted by name; symlinks followed, loops reported; hidden entries
/// and README, LICENSE, NOTICE, CHANGELOG files skipped) for text files ([`TEXT_EXTENSIONS`]).
/// A `corpus.toml` in a walked directory gives the files it lists their metadata and adds
/// listed files the walk skipped; files it does not list are imported with detected metadata.
/// A file named on the command line that its directory's manifest lists gets that entry's
/// metadata. A file reached twice (named twice, or through a symlink) is imported once.
pub fn collect(paths: &[PathBuf], ov: &Overrides) -> Collected {
    let mut c = Collector::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => c.error(anyhow!("{}: cannot read: {e}", path.display())),
            Ok(meta) if meta.is_dir() => c.walk(path),
            Ok(_) => {
                if let Some(dir) = path.parent() {
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    c.manifest(dir);
                }
                c.file(path);
            }
        }
    }
    c.finish(ov)
}

/// The state of one [`collect`]: files in order, the entries listing them, every problem.
#[derive(Default)]
struct Collector {
    /// Files found, as reached, with their canonical paths.
    files: Vec<(PathBuf, PathBuf)>,
    /// The canonical paths in `files`, so a file reached twice is taken once.
    seen: HashSet<PathBuf>,
    /// Canonical file path → the manifest entry listing it.
    listed: HashMap<PathBuf, Listed>,
    /// Canonical directories whose manifest was loaded (or found absent).
    manifests: HashSet<PathBuf>,
    errors: Vec<anyhow::Error>,
    /// Walked files of other kinds (see [`Collected::skipped`]).
    skipped: Vec<(PathBuf, Skip)>,
}

impl Collector {
    fn error(&mut self, e: anyhow::Error) {
        self.errors.push(e);
    }

    /// Adds a file once, by its canonical path.
    /// Adds `path` once (a file reached twice is imported once); returns whether it resolved.
    fn file(&mut self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Err(e) => {
                self.error(anyhow!("{}: cannot read: {e}", path.display()));
                false
            }
            Ok(canonical) => {
                if self.seen.insert(canonical.clone()) {
                    self.files.push((path.to_path_buf(), canonical));
                }
                true
            }
        }
    }

    /// Loads the manifest of `dir` (once) and resolves its entries; returns the files it
    /// lists, as paths under `dir`.
    fn manifest(&mut self, dir: &Path) -> Vec<PathBuf> {
        let manifest_path = dir.join(MANIFEST_NAME);
        let Ok(canonical_dir) = std::fs::canonicalize(dir) else {
            return Vec::new();
        };
        if !self.manifests.insert(canonical_dir.clone()) || !manifest_path.is_file() {
            return Vec::new();
        }
        let (manifest, errors) = Manifest::load(&manifest_path);
        self.errors.extend(errors);
        let mut files = Vec::new();
        for entry in manifest.documents {
            let at = format!(
                "{}: line {}: document {:?}: file {:?}",
                manifest_path.display(),
                entry.line,
                entry.id,
                entry.file.display().to_string()
            );
            let path = dir.join(&entry.file);
            let canonical = match std::fs::canonicalize(&path) {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.error(anyhow!("{at} not found"));
                    continue;
                }
                Err(e) => {
                    self.error(anyhow!("{at}: cannot read: {e}"));
                    continue;
                }
            };
            if !canonical.starts_with(&canonical_dir) {
                self.error(anyhow!(
                    "{at} leads outside the corpus folder (a symlink to {})",
                    canonical.display()
                ));
                continue;
            }
            if !canonical.is_file() {
                self.error(anyhow!("{at} is not a file"));
                continue;
            }
            if let Some(other) = self.listed.get(&canonical) {
                self.error(anyhow!(
                    "{at} is the same file as {}: line {} (document {:?}); list each file once",
                    other.manifest.display(),
                    other.entry.line,
                    other.entry.id
                ));
                continue;
            }
            files.push(path);
            self.listed.insert(
                canonical,
                Listed {
                    manifest: manifest_path.clone(),
                    entry,
                },
            );
        }
        files
    }

    /// Walks a directory: text files, and the files its manifests list.
    fn walk(&mut self, root: &Path) {
        // Whether the walk met a text file, even one already reached through another path.
        let (mut found, errors_before) = (false, self.errors.len());
        let (mut listed, mut others) = (Vec::new(), Vec::new());
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_skipped(e.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(root).display().to_string();
                    match e.loop_ancestor() {
                        Some(ancestor) => self.error(anyhow!(
                            "{path}: symlink loop (it leads back to {}); not followed",
                            ancestor.display()
                        )),
                        None => self.error(anyhow!(
                            "{path}: cannot read: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), ToString::to_string)
                        )),
                    }
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                listed.extend(self.manifest(entry.path()));
            } else if !entry.file_type().is_file() {
                self.skipped.push((entry.into_path(), Skip::NotRegular));
            } else if has_text_extension(entry.path()) {
                found |= self.file(entry.path());
            } else if entry.file_name() != MANIFEST_NAME {
                others.push(entry.into_path());
            }
        }
        // Listed files the walk skipped (other extensions, hidden names) are imported too.
        for path in listed {
            found |= self.file(&path);
        }
        for path in others {
            let listed = std::fs::canonicalize(&path).is_ok_and(|c| self.seen.contains(&c));
            if !listed {
                self.skipped.push((path, Skip::OtherKind));
            }
        }
        if !found && self.errors.len() == errors_before {
            self.error(anyhow!(
                "{}: no text files (.{}) in directory",
                root.display(),
                TEXT_EXTENSIONS.join(", .")
            ));
        }
    }

    /// Gives every file its id and metadata; reports clashing ids.
    fn finish(mut self, ov: &Overrides) -> Collected {
        if ov.id.is_some() && self.files.len() > 1 {
            self.error(anyhow!(
                "--id needs exactly one file, got {}",
                self.files.len()
            ));
        }
        let mut inputs = Vec::with_capacity(self.files.len());
        let mut ids: HashMap<String, PathBuf> = HashMap::new();
        for (file, canonical) in std::mem::take(&mut self.files) {
            let entry = self.listed.get(&canonical).map(|l| &l.entry);
            let id = match (&ov.id, entry) {
                (Some(id), _) => id.clone(),
                (None, Some(e)) => e.id.clone(),
                (None, None) => id_from_path(&file),
            };
            if let Err(e) = validate_id(&id) {
                self.error(anyhow!("{}: {e}", file.display()));
                continue;
            }
            if let Some(other) = ids.get(&id) {
                self.error(anyhow!(
                    "{}: document id {id:?} is also used by {}",
                    file.display(),
                    other.display()
                ));
                continue;
            }
            ids.insert(id.clone(), file.clone());
            inputs.push(Input {
                meta: DocMeta {
                    id,
                    lang: ov.lang.or(entry.and_then(|e| e.lang)),
                    format: ov.format.or(entry.and_then(|e| e.format)),
                    title: entry.and_then(|e| e.title.clone()),
                    source: entry.and_then(|e| e.source.clone()),
                    licence: entry.and_then(|e| e.licence.clone()),
                    paragraphs: ov.paragraphs.or(entry.and_then(|e| e.paragraphs)),
                    unit_chars: ov.unit_chars,
                },
                path: file,
            });
        }
        Collected {
            inputs,
            errors: self.errors,
            skipped: self.skipped,
        }
    }
}

/// Names a directory walk passes over: hidden entries and project furniture.
fn is_skipped(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let upper = name.to_ascii_uppercase();
    name.starts_with('.')
        || ["README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"]
            .iter()
            .any(|skip| upper.starts_with(skip))
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// A document id from a file name: its stem, with characters an id cannot hold replaced.
pub fn id_from_path(path: &Path) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .take(100)
        .collect();
    if id.is_empty() { "doc".into() } else { id }
}

/// Reads and parses every input in parallel; returns all documents, or every error.
pub fn load_inputs(inputs: Vec<Input>) -> Result<Vec<Document>, Vec<anyhow::Error>> {
    load_inputs_with(inputs, &|| {})
}

/// As [`load_inputs`], calling `tick` after each file (for progress bars).
pub fn load_inputs_with(
    inputs: Vec<Input>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Document>, Vec<anyhow::Error>> {
    let results: Vec<anyhow::Result<Document>> = inputs
        .into_par_iter()
        .map(|input| {
            let doc = load_input(&input);
            tick();
            doc
        })
        .collect();
    let (docs, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if errors.is_empty() {
        Ok(docs.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(errors.into_iter().filter_map(Result::err).collect())
    }
}

/// Reads and parses one input.
pub fn load_input(input: &Input) -> anyhow::Result<Document> {
    let source = read_source(&input.path)?;
    Ok(parse_document(
        &input.path.display().to_string(),
        &source.text,
        input.meta.clone(),
    )?)
}

/// Files are parsed in parallel batches of this many when they are streamed.
pub const PARSE_BATCH: usize = 64;

/// Reads and parses `inputs` in parallel batches, handing each document to `f` in input order;
/// only one batch is in memory at a time. Stops at the first error of `f`; files that do not
/// parse are all reported (and `f` is not called after the first of them).
pub fn for_each_document(
    inputs: &[Input],
    tick: &(dyn Fn() + Sync),
    mut f: impl FnMut(Document) -> anyhow::Result<()>,
) -> Result<(), Vec<anyhow::Error>> {
    let mut errors = Vec::new();
    for batch in inputs.chunks(PARSE_BATCH) {
        let results: Vec<anyhow::Result<Document>> = batch
            .par_iter()
            .map(|input| {
                let doc = load_input(input);
                tick();
                doc
            })
            .collect();
        for r in results {
            match r {
                Ok(doc) if errors.is_empty() => f(doc).map_err(|e| vec![e])?,
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_from_path(Path::new("seeds/000_ab.txt")), "000_ab");
        assert_eq!(id_from_path(Path::new("a b:c.md")), "a-b-c");
    }
}
