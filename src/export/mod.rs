//! Output formats: the only module, with `report`, that formats data for other programs.
//!
//! Owns glossary exports (CSV, OmegaT TSV, TBX v2 and v3, XLSX, JSON), the TMX export of links,
//! spreadsheets of findings, and atomic file writing: an export is
//! written to a temporary file beside its destination and renamed, so a failure never leaves
//! half a file. Several files (a glossary's four, a report's index and pages) are switched
//! together through a journal ([`commit_together`], [`recover`]). Temporaries are named
//! `.hanbridge-<pid>-<name>…tmp`, so a later run can tell its own stale ones (their process
//! gone) from anyone else's files and remove them ([`remove_stale`]).

pub mod findings;
pub mod glossary;
pub mod sheet;
pub mod tmx;

use std::borrow::Cow;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `text` without the characters XML 1.0 cannot carry at all, even escaped (control characters
/// other than tab, line feed and carriage return; U+FFFE and U+FFFF): a stray one in a source
/// text would make the whole TMX or TBX file unreadable. Markup characters are escaped by the
/// XML writer.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.chars().any(bad) {
        Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes an XML document to `out`: the UTF-8 declaration, what `root` writes (indented by two
/// spaces), and a final newline.
pub fn xml_document<W, F>(out: W, root: F) -> io::Result<()>
where
    W: Write,
    F: FnOnce(&mut quick_xml::Writer<W>) -> io::Result<()>,
{
    use quick_xml::events::{BytesDecl, Event};
    let mut w = quick_xml::Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    root(&mut w)?;
    let mut out = w.into_inner();
    writeln!(out)
}

/// Every temporary file or directory hanbridge makes starts with this.
const TEMP_PREFIX: &str = ".hanbridge-";

/// The journal of a switch of several files, in their directory.
pub const JOURNAL: &str = ".hanbridge-journal";

/// A temporary whose process is still alive is removed after this long all the same (its pid
/// may have been reused).
pub const STALE_AFTER: Duration = Duration::from_secs(12 * 60 * 60);

/// The prefix of this process's temporaries for destination `name`: `.hanbridge-<pid>-<name>.`
pub fn temp_prefix(name: &str) -> String {
    format!("{TEMP_PREFIX}{}-{name}.", std::process::id())
}

/// Whose a temporary is, told from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// `.hanbridge-<pid>-<name>….tmp`, or a report's pages as versions before 0.1 named them
    /// (`.hanbridge-pages-<pid>`, `.hanbridge-pages-old-<pid>`).
    Process(u32),
    /// `.hanbridge-XXXXXX.tmp` (six random letters and digits), as versions before 0.1 named
    /// every temporary: whose it is cannot be told, so only its age makes it stale.
    Unknown,
}

/// Whose temporary `name` is, if it is one of hanbridge's temporaries.
fn temp_owner(name: &str) -> Option<Owner> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    let legacy_pages = rest
        .strip_prefix("pages-old-")
        .or_else(|| rest.strip_prefix("pages-"));
    if let Some(pid) = legacy_pages.and_then(|p| p.parse().ok()) {
        return Some(Owner::Process(pid));
    }
    let stem = rest.strip_suffix(".tmp")?;
    if stem.len() == 6 && stem.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Some(Owner::Unknown);
    }
    let (pid, _) = stem.split_once('-')?;
    pid.parse().ok().map(Owner::Process)
}

/// Whether process `pid` is running (always true where that cannot be told).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// An exclusive lock on directory `dir` for as long as it is held (an advisory `flock` on the
/// directory itself, so no lock file is left behind and a read-only directory can be locked).
/// Every switch, recovery and clean-up in a directory holds it: two processes writing the same
/// report or glossary take turns instead of completing each other's journal half-way.
struct DirLock {
    #[cfg(unix)]
    _dir: std::fs::File,
}

impl DirLock {
    /// Waits for the lock on `dir`.
    #[cfg(unix)]
    fn acquire(dir: &Path) -> io::Result<DirLock> {
        let handle = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })?;
        handle.lock()?;
        Ok(DirLock { _dir: handle })
    }

    /// Where directories cannot be locked, switches are not serialised.
    #[cfg(not(unix))]
    fn acquire(_dir: &Path) -> io::Result<DirLock> {
        Ok(DirLock {})
    }
}

/// Removes the temporaries an interrupted hanbridge left in `dir`: files and directories named
/// `.hanbridge-<pid>-….tmp` whose process is gone or that are older than [`STALE_AFTER`]
/// (and those of earlier versions: see `Owner`).
/// Nothing else is touched, and nothing at all while a journal in `dir` still names
/// temporaries (run [`recover`] first). Returns how many were removed.
pub fn remove_stale(dir: &Path) -> io::Result<usize> {
    let _lock = match DirLock::acquire(dir) {
        Ok(lock) => lock,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    if dir.join(JOURNAL).exists() {
        return Ok(0);
    }
    let mut removed = 0;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(owner) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        let meta = entry.metadata()?;
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        let running = match owner {
            Owner::Process(pid) => alive(pid),
            Owner::Unknown => true,
        };
        if running && !old {
            continue;
        }
        remove_any(&entry.path())?;
        removed += 1;
    }
    Ok(removed)
}

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
    path: PathBuf,
}

impl Pending {
    /// Renames the temporary file over the destination.
    pub fn commit(self) -> io::Result<()> {
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// One step of a switch: a temporary (file or directory) that takes a destination's place, or
/// (no temporary) a destination that goes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    tmp: Option<String>,
    dest: String,
}

/// Where a destination being replaced by a directory is moved while the new one takes its place.
fn aside(dest: &str) -> String {
    format!("{TEMP_PREFIX}aside-{dest}")
}

fn journal_text(steps: &[Step]) -> String {
    let mut text = String::from("hanbridge journal 1\n");
    for s in steps {
        text.push_str(s.tmp.as_deref().unwrap_or("-"));
        text.push('\t');
        text.push_str(&s.dest);
        text.push('\n');
    }
    text
}

fn bad_journal(dir: &Path, why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {why}", dir.join(JOURNAL).display()),
    )
}

/// A plain file name in the journal's directory (no separators, not `.` or `..`).
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name().is_some_and(|n| n == name)
}

fn parse_journal(dir: &Path, text: &str) -> io::Result<Vec<Step>> {
    let mut lines = text.lines();
    if lines.next() != Some("hanbridge journal 1") {
        return Err(bad_journal(dir, "not a hanbridge journal"));
    }
    lines
        .map(|line| {
            let (tmp, dest) = line
                .split_once('\t')
                .ok_or_else(|| bad_journal(dir, "malformed line"))?;
            let tmp = (tmp != "-").then(|| tmp.to_string());
            let ok = plain(dest)
                && tmp
                    .as_deref()
                    .is_none_or(|t| plain(t) && t.starts_with(TEMP_PREFIX));
            if !ok {
                return Err(bad_journal(dir, "names a file outside its directory"));
            }
            Ok(Step {
                tmp,
                dest: dest.to_string(),
            })
        })
        .collect()
}

fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Carries out the steps of a journal; every step can be run again after an interruption.
fn roll_forward(dir: &Path, steps: &[Step]) -> io::Result<()> {
    for step in steps {
        let dest = dir.join(&step.dest);
        let aside = dir.join(aside(&step.dest));
        match &step.tmp {
            Some(tmp) => {
                let tmp = dir.join(tmp);
                if tmp.exists() {
                    // A directory cannot be renamed over a full one: move the old one aside.
                    if tmp.is_dir() && dest.is_dir() {
                        remove_any(&aside)?;
                        std::fs::rename(&dest, &aside)?;
                    }
                    std::fs::rename(&tmp, &dest)?;
                }
            }
            None => {
                if dest.exists() {
                    remove_any(&aside)?;
                    std::fs::rename(&dest, &aside)?;
                }
            }
        }
    }
    sync_dir(dir)?;
    for step in steps {
        remove_any(&dir.join(aside(&step.dest)))?;
    }
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Finishes a switch an interrupted process left in `dir` (its journal names the complete
/// temporaries and where they go) and removes the journal. Returns whether there was one.
///
/// A journal is written only once every temporary it names is complete, so an interrupted
/// switch is always completed, never undone: afterwards `dir` holds the whole new set.
/// Without a journal, the old set is intact and the temporaries are litter for
/// [`remove_stale`].
pub fn recover(dir: &Path) -> io::Result<bool> {
    if !dir.join(JOURNAL).exists() {
        return Ok(false);
    }
    let _lock = DirLock::acquire(dir)?;
    recover_locked(dir)
}

/// [`recover`] with the directory's lock held (the journal may be gone by now: another process
/// completed it while this one waited).
fn recover_locked(dir: &Path) -> io::Result<bool> {
    let journal = dir.join(JOURNAL);
    let text = match std::fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let steps = parse_journal(dir, &text)?;
    roll_forward(dir, &steps)?;
    std::fs::remove_file(&journal)?;
    sync_dir(dir)?;
    Ok(true)
}

/// Something to switch in a directory with [`commit_together`].
pub enum Change {
    /// A file written with [`prepare_atomic`] replaces its destination.
    File(Pending),
    /// A complete directory (named with [`temp_prefix`], ending in `.tmp`) replaces the
    /// directory `dest`.
    Dir {
        /// The temporary directory.
        tmp: PathBuf,
        /// The file name it takes in the same directory.
        dest: String,
    },
    /// The file or directory of this name goes.
    Remove(String),
}

/// Switches several files of `dir` together: each change's temporary is kept, a journal
/// naming them all is written atomically, then the renames are made and the journal removed.
/// A kill at any point leaves either the old set (no journal yet: the temporaries are litter
/// that [`remove_stale`] removes) or a journal that [`recover`] completes into the new set.
///
/// Two processes switching files in one directory take turns (the directory is locked from
/// the recovery of an earlier switch to the removal of this one's journal): the last to
/// switch wins, and neither fails.
pub fn commit_together(dir: &Path, changes: Vec<Change>) -> io::Result<()> {
    let _lock = DirLock::acquire(dir)?;
    recover_locked(dir)?;
    let mut steps = Vec::new();
    let mut kept: Vec<PathBuf> = Vec::new();
    let result = (|| -> io::Result<()> {
        for change in changes {
            let step = match change {
                Change::File(pending) => {
                    let dest = pending
                        .path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .map(str::to_string);
                    let (file, tmp) = pending.tmp.keep().map_err(|e| e.error)?;
                    drop(file);
                    kept.push(tmp.clone());
                    let same_dir = pending.path.parent().map(|p| {
                        if p.as_os_str().is_empty() {
                            Path::new(".")
                        } else {
                            p
                        }
                    }) == Some(dir);
                    let (Some(dest), Some(tmp), true) = (
                        dest,
                        tmp.file_name().and_then(|n| n.to_str()).map(str::to_string),
                        same_dir,
                    ) else {
                        return Err(io::Error::other(
                            "a switched file must be named in utf-8 in the journal's directory",
                        ));
                    };
                    Step {
                        tmp: Some(tmp),
                        dest,
                    }
                }
                Change::Dir { tmp, dest } => {
                    kept.push(tmp.clone());
                    let name = tmp.file_name().and_then(|n| n.to_str()).map(str::to_string);
                    let Some(name) = name.filter(|n| n.starts_with(TEMP_PREFIX)) else {
                        return Err(io::Error::other(
                            "a switched directory must be a hanbridge temporary",
                        ));
                    };
                    Step {
                        tmp: Some(name),
                        dest,
                    }
                }
                Change::Remove(dest) => Step { tmp: None, dest },
            };
            if !plain(&step.dest) {
                return Err(io::Error::other(
                    "a switched file must be in the journal's directory",
                ));
            }
            steps.push(step);
        }
        sync_dir(dir)?;
        let text = journal_text(&steps);
        // Not through `write_atomic`: its clean-up would wait for the lock this switch holds.
        prepare_in(&dir.join(JOURNAL), dir, |w| w.write_all(text.as_bytes()))?.commit()
    })();
    if let Err(e) = result {
        for tmp in kept {
            let _ = remove_any(&tmp);
        }
        return Err(e);
    }
    roll_forward(dir, &steps)?;
    std::fs::remove_file(dir.join(JOURNAL))?;
    sync_dir(dir)
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
    // Best effort: litter from killed runs goes; a failure here must not stop this write.
    let _ = remove_stale(dir);
    prepare_in(path, dir, write)
}

/// [`prepare_atomic`] without the clean-up, for a `path` in `dir`.
fn prepare_in<F>(path: &Path, dir: &Path, write: F) -> io::Result<Pending>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy());
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix(&name))
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

    /// The names and contents of a directory's files (directories as `name/`, with theirs).
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).expect("ls") {
            let e = e.expect("entry");
            let (path, name) = (e.path(), e.file_name().to_string_lossy().into_owned());
            if path.is_dir() {
                for (inner, text) in tree(&path) {
                    out.push((format!("{name}/{inner}"), text));
                }
            } else {
                out.push((name, std::fs::read_to_string(&path).expect("read")));
            }
        }
        out.sort();
        out
    }

    /// A kill after any number of a switch's renames: `recover` completes it into the new set,
    /// the old one gone, nothing left over.
    #[test]
    fn recover_completes_a_switch_interrupted_anywhere() {
        let steps = vec![
            Step {
                tmp: Some(".hanbridge-1-pages.tmp".into()),
                dest: "pages".into(),
            },
            Step {
                tmp: Some(".hanbridge-1-a.csv.x.tmp".into()),
                dest: "a.csv".into(),
            },
            Step {
                tmp: None,
                dest: "gone.csv".into(),
            },
            Step {
                tmp: Some(".hanbridge-1-b.csv.y.tmp".into()),
                dest: "b.csv".into(),
            },
        ];
        // `done` steps made; at 5, the first step half made (the old pages moved aside).
        for done in 0..=steps.len() + 1 {
            let dir = tempfile::tempdir().expect("dir");
            let d = dir.path();
            std::fs::create_dir(d.join("pages")).expect("mkdir");
            std::fs::write(d.join("pages/p.html"), "old page").expect("w");
            std::fs::write(d.join("a.csv"), "old a").expect("w");
            std::fs::write(d.join("b.csv"), "old b").expect("w");
            std::fs::write(d.join("gone.csv"), "old").expect("w");
            std::fs::create_dir(d.join(".hanbridge-1-pages.tmp")).expect("mkdir");
            std::fs::write(d.join(".hanbridge-1-pages.tmp/q.html"), "new page").expect("w");
            std::fs::write(d.join(".hanbridge-1-a.csv.x.tmp"), "new a").expect("w");
            std::fs::write(d.join(".hanbridge-1-b.csv.y.tmp"), "new b").expect("w");
            std::fs::write(d.join(JOURNAL), journal_text(&steps)).expect("journal");
            if done <= steps.len() {
                roll_forward(d, &steps[..done]).expect("partial");
            } else {
                std::fs::rename(d.join("pages"), d.join(aside("pages"))).expect("aside");
            }
            assert!(recover(d).expect("recover"), "journal found");
            let after = tree(d);
            assert_eq!(
                after,
                [
                    ("a.csv".to_string(), "new a".to_string()),
                    ("b.csv".into(), "new b".into()),
                    ("pages/q.html".into(), "new page".into()),
                ],
                "after {done} steps"
            );
            assert!(!recover(d).expect("again"), "journal removed");
        }
    }

    /// A journal naming files outside its directory is refused, and nothing is touched.
    #[test]
    fn journal_cannot_reach_outside_its_directory() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        std::fs::write(d.join("keep"), "kept").expect("w");
        for line in [
            "-\t../keep",
            ".hanbridge-1-x.tmp\t/etc/passwd",
            "../x.tmp\tkeep",
        ] {
            std::fs::write(d.join(JOURNAL), format!("hanbridge journal 1\n{line}\n")).expect("w");
            assert!(recover(d).is_err(), "{line}");
        }
        assert_eq!(std::fs::read_to_string(d.join("keep")).expect("r"), "kept");
    }

    #[test]
    fn temporaries_are_told_by_name() {
        assert_eq!(
            temp_owner(".hanbridge-42-out.csv.Ab12xy.tmp"),
            Some(Owner::Process(42))
        );
        assert_eq!(
            temp_owner(".hanbridge-42-pages.tmp"),
            Some(Owner::Process(42))
        );
        assert_eq!(
            temp_owner(".hanbridge-pages-old-7"),
            Some(Owner::Process(7))
        );
        assert_eq!(temp_owner(".hanbridge-pages-7"), Some(Owner::Process(7)));
        assert_eq!(temp_owner(".hanbridge-Ab12xy.tmp"), Some(Owner::Unknown));
        for theirs in [
            ".hanbridge-report",
            ".hanbridge-journal",
            ".hanbridge-aside-pages",
            ".hanbridge-notes.tmp",
            ".hanbridge-42-out.csv",
            "hanbridge-42-x.tmp",
            ".hanbridge-pages-x",
        ] {
            assert_eq!(temp_owner(theirs), None, "{theirs}");
        }
    }

    /// Issue 15.5: a legacy temporary whose owner cannot be told goes only once it is old.
    #[test]
    fn legacy_temporaries_go_when_old() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(".hanbridge-Ab12xy.tmp");
        let file = std::fs::File::create(&path).expect("create");
        assert_eq!(remove_stale(dir.path()).expect("clean"), 0);
        let long_ago = std::time::SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        file.set_modified(long_ago).expect("mtime");
        drop(file);
        assert_eq!(remove_stale(dir.path()).expect("clean"), 1);
        assert!(!path.exists());
    }
}
