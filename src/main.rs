//! The `hanbridge` command: parses arguments, dispatches, maps errors to exit codes.
//!
//! Exit codes: 0 fine, 1 findings at or above `--fail-on` (checks), 2 error (usage, I/O, bad
//! input, database). A closed stdout (`hanbridge docs | head`) exits 0 quietly, whichever
//! writer (lines, tables, JSON, CSV) met it: [`is_broken_pipe`] is the one place that decides.

mod cli;

use std::error::Error;
use std::io::ErrorKind;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a whole-wiki run holds hundreds of megabytes of
/// small objects (mentions, links, strings), where glibc's allocator spends much of its time
/// consolidating and walking free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("hanbridge: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes as `file: what: why`, each cause once: a cause whose text an
/// earlier part already contains is dropped (library errors show their source in their own
/// message, and SQLite's errors repeat theirs), and a cause that contains the part before it
/// (a context naming the file of an error that names it too) takes its place. SQLite's raw
/// error code under a rusqlite error is left out.
fn message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            match parts.last_mut() {
                Some(last) if text.contains(last.as_str()) => *last = text,
                _ => parts.push(text),
            }
        }
        // Below a rusqlite error is only SQLite's raw code ("Error code 26: …"), which
        // repeats the message.
        if cause.is::<rusqlite::Error>() {
            break;
        }
    }
    parts.join(": ")
}

/// Whether the error comes from writing to a closed pipe. Serialisers hide the I/O error's
/// kind: serde_json's `source()` skips its own I/O error, a `csv::Error` has no source, and
/// `io::Error::other(e)` reports `e`'s source rather than `e`; so each is opened here.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(broken_pipe)
}

fn broken_pipe(cause: &(dyn Error + 'static)) -> bool {
    if let Some(e) = cause.downcast_ref::<std::io::Error>() {
        return e.kind() == ErrorKind::BrokenPipe
            || e.get_ref().is_some_and(|inner| broken_pipe(inner));
    }
    if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
        return e.io_error_kind() == Some(ErrorKind::BrokenPipe);
    }
    if let Some(e) = cause.downcast_ref::<csv::Error>() {
        return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipes_are_found_inside_serialiser_errors() {
        let pipe = || std::io::Error::from(ErrorKind::BrokenPipe);
        let json = anyhow::Error::from(serde_json::Error::io(pipe()));
        assert!(is_broken_pipe(&json));
        let csv = anyhow::Error::from(std::io::Error::other(csv::Error::from(pipe())));
        assert!(is_broken_pipe(&csv));
        let other = anyhow::Error::from(std::io::Error::from(ErrorKind::NotFound));
        assert!(!is_broken_pipe(&other));
    }

    #[test]
    fn each_cause_is_said_once() {
        let io = std::io::Error::from(ErrorKind::PermissionDenied);
        let text = io.to_string();
        let err = anyhow::Error::from(io)
            .context(format!("db: cannot create directory: {text}"))
            .context("db");
        assert_eq!(
            message(&err),
            format!("db: cannot create directory: {text}")
        );
    }
}
