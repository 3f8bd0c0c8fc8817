//! `hanbridge serve`: the review workbench in the browser, on 127.0.0.1.
//!
//! Builds the snapshot the pages read (scan, links, findings), binds the port, prints the URL
//! on stderr, opens a browser with `--open`, and serves until Ctrl-C.

use super::Context;
use anyhow::Context as _;
use hanbridge::serve::{App, Db};
use std::path::PathBuf;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0: any free port; the URL is printed on stderr).
    #[arg(long, default_value_t = 8717)]
    pub port: u16,
    /// Open the workbench in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The glossary files (for glossary findings).
    #[arg(long, default_value = "glossary")]
    pub glossary: PathBuf,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let snap = {
        let bench = ctx.workbench_read()?;
        let reviewed = bench.review(&args.glossary, &ctx.observer())?;
        bench.snapshot(reviewed)?
    };
    let db = Db {
        path: ctx.db.clone(),
        busy_timeout: ctx.busy_timeout,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .with_context(|| format!("127.0.0.1:{}: cannot listen", args.port))?;
        let port = listener.local_addr()?.port();
        let url = format!("http://127.0.0.1:{port}/");
        let app = App::new(snap, db, args.glossary.clone(), port)?;
        // The URL goes to stderr even with --quiet: tests and scripts read it there; with
        // --format json also to stdout, as one JSON line, before serving.
        eprintln!("hanbridge: serving {url} (Ctrl-C stops)");
        if ctx.format == super::OutputFormat::Json {
            let line = serde_json::json!({ "url": url, "port": port });
            let mut out = std::io::stdout().lock();
            std::io::Write::write_all(&mut out, format!("{line}\n").as_bytes())?;
            std::io::Write::flush(&mut out)?;
        }
        if args.open {
            open_browser(&url);
        }
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        hanbridge::serve::run(listener, app, stop)
            .await
            .context("the server failed")?;
        super::output::status(ctx.quiet, "stopped".to_string());
        anyhow::Ok(())
    })?;
    Ok(0)
}

/// Opens `url` in the desktop's browser; a failure only warns (the URL is printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("hanbridge: warning: cannot open a browser ({opener}: {e}); open {url}");
    }
}
