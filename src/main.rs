//! The `hanbridge` command: parses arguments, dispatches, maps errors to exit codes.
//!
//! Exit codes: 0 fine, 1 findings at or above `--fail-on` (checks), 2 error (usage, I/O, bad
//! input, database). A closed stdout (`hanbridge docs | head`) exits 0 quietly.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a whole-wiki run holds hundreds of megabytes of
/// small objects (mentions, links, strings), where glibc's allocator spends much of its time
/// consolidating and walking free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("hanbridge: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
