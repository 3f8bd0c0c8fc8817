//! The HTML report: a snapshot on a small fixture, escaping of everything from sources and the
//! glossary, and a real browser loading the page from disk.

mod common;

use common::{hanbridge, root};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// Builds the fixture database and writes the report; returns (tempdir, report file).
fn report() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("r.sqlite");
    let fixtures = root().join("tests/fixtures/report");
    let glossary = fixtures.join("glossary");
    hanbridge(&db)
        .arg("import")
        .arg(fixtures.join("zh-small.txt"))
        .arg(fixtures.join("en-small.txt"))
        .assert()
        .success();
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(&glossary)
        .arg("load")
        .assert()
        .success();
    hanbridge(&db).arg("align").assert().success();
    let out = dir.path().join("report");
    hanbridge(&db)
        .args(["report", "--glossary"])
        .arg(&glossary)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let file = out.join("index.html");
    (dir, file)
}

#[test]
fn report_snapshot() {
    let (_dir, file) = report();
    let html = fs::read_to_string(&file).expect("report");
    insta::assert_snapshot!("report_small_fixture", html);
}

#[test]
fn everything_from_sources_is_escaped() {
    let (_dir, file) = report();
    let html = fs::read_to_string(&file).expect("report");
    assert!(
        html.contains("&lt;script&gt;alert(&quot;zh&quot;)&lt;/script&gt;"),
        "Chinese paragraph escaped"
    );
    assert!(
        html.contains("&lt;script&gt;alert(&quot;en&quot;)&lt;/script&gt;"),
        "English paragraph escaped"
    );
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(
        html.contains("note with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;"),
        "glossary note escaped"
    );
    assert!(!html.contains("alert(\"zh\")") && !html.contains("alert(\"en\")"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the report's own script"
    );
    // Self-contained: nothing fetched from the network.
    for needle in ["http://", "https://", "<link ", "src="] {
        assert!(!html.contains(needle), "report refers to {needle}");
    }
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "{} not found: the browser test needs Debian's chromium (.ci/run installs it)",
        path.display()
    );
    path
}

fn run_chromium(profile: &Path, args: &[String]) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn report_opens_in_a_headless_browser() {
    let (dir, file) = report();
    let url = format!("file://{}", file.display());
    let profile = dir.path().join("profile");
    let dom = run_chromium(&profile, &["--dump-dom".to_string(), url.clone()]);
    assert!(
        dom.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in [
        "side-by-side",
        "unaligned",
        "findings",
        "glossary-section",
        "glossary",
        "tip",
    ] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "section {id} missing from the rendered page"
        );
    }
    assert!(
        dom.contains("鳴梁") && dom.contains("Myeongnyang"),
        "both languages rendered"
    );
    // Screenshots at desktop and phone widths, kept for people to look at.
    let shots = root().join("target/report-screenshots");
    fs::create_dir_all(&shots).expect("dir");
    for (name, size) in [("desktop.png", "1280,1600"), ("narrow.png", "390,1600")] {
        let path = shots.join(name);
        let _ = fs::remove_file(&path);
        let out = run_chromium(
            &profile,
            &[
                format!("--window-size={size}"),
                format!("--screenshot={}", path.display()),
                url.clone(),
            ],
        );
        assert!(
            out.status.success(),
            "screenshot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let png = fs::read(&path).expect("screenshot written");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name} is a real picture"
        );
    }
}
