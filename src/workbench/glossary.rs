//! The glossary directory: settled, read, checked and written as the pipeline needs it.

use super::{Observer, Workbench};
use crate::export;
use crate::glossary::authority::{self, AuthorityError, CheckData};
use crate::glossary::io::{
    Delimiter, LoadError, Loaded, file_for, files_of, load_path_with, write_csv,
};
use crate::glossary::{Glossary, Kind};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// Completes an interrupted switch of `dir`'s files and removes stale temporaries.
pub fn settle(dir: &Path, obs: &dyn Observer) -> anyhow::Result<()> {
    if export::recover(dir)
        .with_context(|| format!("{}: cannot complete an interrupted write", dir.display()))?
    {
        obs.warn(&format!(
            "{}: completed an interrupted write",
            dir.display()
        ));
    }
    export::remove_stale(dir)
        .with_context(|| format!("{}: cannot remove stale temporary files", dir.display()))?;
    Ok(())
}

/// Loads the glossary files (a directory, or one file), turning every problem into one error
/// with one line per problem. A directory is settled first ([`settle`]).
pub fn load_glossary_files(path: &Path, obs: &dyn Observer) -> anyhow::Result<Loaded> {
    if path.is_dir() {
        settle(path, obs)?;
    }
    load_path_with(path, Delimiter::Auto).map_err(glossary_problems)
}

/// Every problem of a glossary that did not load, one per line, as one error.
pub fn glossary_problems(errors: Vec<LoadError>) -> anyhow::Error {
    let n = errors.len();
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(
        "{}\nhanbridge: {n} problem{} in the glossary; nothing loaded",
        lines.join("\nhanbridge: "),
        if n == 1 { "" } else { "s" }
    )
}

/// A name-authority error as the user reads it (a glossary that does not load: its problems).
pub fn authority_error(e: AuthorityError) -> anyhow::Error {
    match e {
        AuthorityError::Load(errors) => glossary_problems(errors),
        other => other.into(),
    }
}

/// Writes `glossary` into `dir`'s files, one per kind group, all switched together (or
/// none): the write of `glossary import`, accepted suggestions and edits. Returns
/// `name (count)` per file.
pub fn write_glossary_files(dir: &Path, glossary: &Glossary) -> anyhow::Result<Vec<String>> {
    let files = files_of(glossary);
    let mut names: Vec<&str> = Kind::ALL.iter().map(|&k| file_for(k)).collect();
    names.sort();
    names.dedup();
    let mut written = Vec::new();
    let mut changes = Vec::new();
    for name in names {
        let entries = files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| e.clone())
            .unwrap_or_default();
        let path = dir.join(name);
        let pending = export::prepare_atomic(&path, |w| write_csv(&entries, w, false))
            .with_context(|| format!("{}: cannot write", path.display()))?;
        changes.push(export::Change::File(pending));
        written.push(format!("{name} ({})", entries.len()));
    }
    export::commit_together(dir, changes)
        .with_context(|| format!("{}: cannot switch the glossary files", dir.display()))?;
    Ok(written)
}

/// The glossary files of a run: checked before the database is touched, loaded into it after
/// the import unless it holds this version already.
pub struct GlossaryFiles {
    dir: PathBuf,
    version: String,
    /// The parsed files; `None` while the name authority cache vouches for them.
    loaded: Option<Loaded>,
}

impl GlossaryFiles {
    /// Checks the files of `dir` for the database at `db`: parsed unless the name authority
    /// cache beside the database holds their version.
    pub fn check(db: &Path, dir: &Path, obs: &dyn Observer) -> anyhow::Result<GlossaryFiles> {
        if dir.is_dir() {
            settle(dir, obs)?;
        }
        let (version, cached) = authority::version(db, dir).map_err(authority_error)?;
        let loaded = if cached {
            None
        } else {
            Some(load_glossary_files(dir, obs)?)
        };
        Ok(GlossaryFiles {
            dir: dir.to_path_buf(),
            version,
            loaded,
        })
    }
}

impl Workbench {
    /// Loads checked glossary files into the database unless it holds this version already,
    /// and builds the name authority cache when missing. Returns the stored entries and forms.
    pub fn load_glossary(
        &mut self,
        mut files: GlossaryFiles,
        obs: &dyn Observer,
    ) -> anyhow::Result<(usize, usize)> {
        if self.store.glossary_version()?.as_deref() == Some(files.version.as_str()) {
            obs.detail("glossary: this version is loaded already");
            return Ok(self.store.glossary_counts()?);
        }
        let loaded = match files.loaded.take() {
            Some(l) => l,
            None => load_glossary_files(&files.dir, obs)?,
        };
        // The store and the name authority cache beside it are written side by side.
        let db = self.store.path().to_path_buf();
        let store = &mut self.store;
        let (forms, built) = rayon::join(
            || store.load_glossary_version(&loaded.glossary, Some(&files.version)),
            || {
                let stage = std::time::Instant::now();
                let status = authority::ensure(&db, &files.dir, &loaded);
                (status, stage.elapsed())
            },
        );
        let forms = forms?;
        let status = built.0.map_err(authority_error)?;
        obs.detail(&format!("name authority ({status}): {:.2?}", built.1));
        Ok((loaded.glossary.entries.len(), forms))
    }

    /// Builds the name authority cache of glossary files just loaded, unless it exists.
    pub fn ensure_authority(
        &self,
        dir: &Path,
        loaded: &Loaded,
        obs: &dyn Observer,
    ) -> anyhow::Result<()> {
        let stage = std::time::Instant::now();
        let status = authority::ensure(self.store.path(), dir, loaded).map_err(authority_error)?;
        obs.detail(&format!(
            "name authority ({status}): {:.2?}",
            stage.elapsed()
        ));
        Ok(())
    }

    /// The validation report and entry origins of the glossary files `dir`, through the name
    /// authority cache beside the database (for the checks).
    pub fn authority_checks(&self, dir: &Path, obs: &dyn Observer) -> anyhow::Result<CheckData> {
        let stage = std::time::Instant::now();
        if dir.is_dir() {
            settle(dir, obs)?;
        }
        let (data, status) =
            authority::check_data(self.store.path(), dir).map_err(authority_error)?;
        obs.detail(&format!(
            "name authority ({status}): {:.2?}",
            stage.elapsed()
        ));
        Ok(data)
    }
}
