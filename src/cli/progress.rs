//! Progress bars for long stages: drawn on stderr only when it is a terminal, only once a stage
//! has run for more than a second, never with `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A progress bar that stays hidden for its first second.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    shown: AtomicBool,
    enabled: bool,
}

impl Progress {
    /// A bar for `len` steps of `what`.
    pub fn new(quiet: bool, len: u64, what: &str) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:>8} [{bar:40}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Progress {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// One step done.
    pub fn tick(&self) {
        self.bar.inc(1);
        if self.enabled
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// The stage is over: clear the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The command line's [`Observer`]: a progress bar per stage (see [`Progress`]), warnings on
/// stderr unless `--quiet`, detail with `--verbose`.
pub struct Bars {
    quiet: bool,
    verbose: bool,
    current: std::sync::Mutex<Option<Progress>>,
}

impl Bars {
    /// An observer for a command run with these flags.
    pub fn new(quiet: bool, verbose: bool) -> Bars {
        Bars {
            quiet,
            verbose,
            current: std::sync::Mutex::new(None),
        }
    }

    fn with(&self, f: impl FnOnce(&mut Option<Progress>)) {
        if let Ok(mut current) = self.current.lock() {
            f(&mut current);
        }
    }
}

impl hanbridge::workbench::Observer for Bars {
    fn begin(&self, stage: &str, len: u64) {
        self.with(|c| *c = Some(Progress::new(self.quiet, len, stage)));
    }

    fn tick(&self) {
        self.with(|c| {
            if let Some(p) = c {
                p.tick();
            }
        });
    }

    fn end(&self) {
        self.with(|c| {
            if let Some(p) = c.take() {
                p.finish();
            }
        });
    }

    fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("hanbridge: warning: {message}");
        }
    }

    fn detail(&self, message: &str) {
        if self.verbose {
            eprintln!("hanbridge: {message}");
        }
    }
}
