//! Output formats: the only module, with `report`, that formats data for other programs.
//!
//! Owns glossary exports (CSV, OmegaT TSV, TBX v3, JSON) and atomic file writing: an export is
//! written to a temporary file beside its destination and renamed, so a failure never leaves
//! half a file.

pub mod glossary;

use std::io::{self, Write};
use std::path::Path;

/// Writes a file atomically: `write` fills a temporary file in the same directory, which then
/// replaces `path`. On any error the destination is untouched and the temporary file removed.
pub fn write_atomic<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    prepare_atomic(path, write)?.commit()
}

/// A file written completely beside its destination, waiting to replace it.
///
/// Dropping it without [`Pending::commit`] removes the temporary file and leaves the
/// destination untouched, so several files can be prepared and then committed together.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl Pending {
    /// Renames the temporary file over the destination.
    pub fn commit(self) -> io::Result<()> {
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The first half of [`write_atomic`]: writes and syncs the temporary file, with the
/// destination's permissions (or the usual ones for a new file).
pub fn prepare_atomic<F>(path: &Path, write: F) -> io::Result<Pending>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".hanbridge-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut buf = io::BufWriter::new(tmp.as_file_mut());
        write(&mut buf)?;
        buf.flush()?;
    }
    // Temporary files are private (0600).
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    Ok(Pending {
        tmp,
        path: path.to_path_buf(),
    })
}

#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_destination_untouched() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").expect("write");
        let result = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        let leftovers = std::fs::read_dir(dir.path()).expect("ls").count();
        assert_eq!(leftovers, 1, "temporary file removed");
        write_atomic(&path, |w| w.write_all(b"new")).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
    }
}
