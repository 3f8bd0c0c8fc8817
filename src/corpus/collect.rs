//! Turning command-line paths (files and directories, with or without a `corpus.toml`) into
//! parsed documents.
//!
//! All inputs are read and parsed (in parallel) before anything is written, so one bad file
//! stops the whole import and every bad file is reported at once.

use super::manifest::{MANIFEST_NAME, Manifest, ManifestEntry, validate_id};
use super::parse::{DocMeta, parse_document};
use super::read::read_source;
use super::{Document, Format, Lang, ParagraphRule};
use anyhow::{Context, bail};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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

/// Resolves paths to inputs. A directory with a `corpus.toml` holds exactly the documents its
/// manifest lists; a directory without one is walked (sorted; hidden entries and README,
/// LICENSE, NOTICE, CHANGELOG files skipped). A file named on the command line that its
/// directory's manifest lists gets that entry's metadata.
pub fn collect_inputs(paths: &[PathBuf], ov: &Overrides) -> anyhow::Result<Vec<Input>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut manifests: HashMap<PathBuf, BTreeMap<PathBuf, ManifestEntry>> = HashMap::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
        if meta.is_dir() {
            let before = files.len();
            let listed = load_manifest(path)?;
            if path.join(MANIFEST_NAME).is_file() {
                files.extend(listed.keys().map(|f| path.join(f)));
                manifests.insert(path.clone(), listed);
            } else {
                walk(path, &mut files)?;
            }
            if files.len() == before {
                bail!(
                    "{}: no text files (.{}) in directory",
                    path.display(),
                    TEXT_EXTENSIONS.join(", .")
                );
            }
        } else {
            files.push(path.clone());
        }
    }
    if ov.id.is_some() && files.len() != 1 {
        bail!("--id needs exactly one file, got {}", files.len());
    }
    let mut inputs = Vec::with_capacity(files.len());
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for file in files {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        if !manifests.contains_key(&dir) {
            manifests.insert(dir.clone(), load_manifest(&dir)?);
        }
        let name = PathBuf::from(file.file_name().unwrap_or_default());
        let entry = manifests.get(&dir).and_then(|m| m.get(&name));
        let id = match (&ov.id, entry) {
            (Some(id), _) => id.clone(),
            (None, Some(e)) => e.id.clone(),
            (None, None) => id_from_path(&file),
        };
        validate_id(&id).with_context(|| file.display().to_string())?;
        if let Some(other) = ids.insert(id.clone(), file.clone()) {
            bail!(
                "{}: document id {id:?} is also used by {}",
                file.display(),
                other.display()
            );
        }
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
    Ok(inputs)
}

fn load_manifest(dir: &Path) -> anyhow::Result<BTreeMap<PathBuf, ManifestEntry>> {
    let path = dir.join(MANIFEST_NAME);
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let manifest = Manifest::load(&path)?;
    let mut by_file = BTreeMap::new();
    for entry in manifest.documents {
        if !dir.join(&entry.file).is_file() {
            bail!(
                "{}: document {:?}: file {:?} not found",
                path.display(),
                entry.id,
                entry.file.display().to_string()
            );
        }
        by_file.insert(entry.file.clone(), entry);
    }
    Ok(by_file)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read directory", dir.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: cannot read directory", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let upper = name.to_ascii_uppercase();
        if name.starts_with('.')
            || ["README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"]
                .iter()
                .any(|skip| upper.starts_with(skip))
        {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
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
