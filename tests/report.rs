//! The HTML report: a snapshot on a small fixture, escaping of everything from sources and the
//! glossary, and a real browser loading the page from disk.

mod common;

use common::{hanbridge, root};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// Builds the fixture database and writes the report on one page; returns (tempdir, report
/// file).
fn report() -> (TempDir, PathBuf) {
    report_with("one")
}

/// Builds the fixture database and writes the report with `--pages PAGES`; returns (tempdir,
/// index file).
fn report_with(pages: &str) -> (TempDir, PathBuf) {
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
    common::load_glossary_and_align(&db, &glossary);
    let out = dir.path().join("report");
    hanbridge(&db)
        .args(["report", "--glossary"])
        .arg(&glossary)
        .arg("--out")
        .arg(&out)
        .args(["--pages", pages])
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

/// The HTML files of a report: the index and, when split, every page.
fn report_files(index: &Path) -> Vec<PathBuf> {
    let mut files = vec![index.to_path_buf()];
    if let Ok(pages) = fs::read_dir(index.with_file_name("pages")) {
        let mut pages: Vec<PathBuf> = pages
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        pages.sort();
        files.extend(pages);
    }
    files
}

/// Follows every relative link of every file of a report; returns how many were followed.
/// Fails on a link to a missing file or to an id its file does not have.
fn check_links(index: &Path) -> usize {
    let href = regex::Regex::new(r#"href="([^"]*)""#).expect("regex");
    let id = regex::Regex::new(r#" id="([^"]*)""#).expect("regex");
    let files = report_files(index);
    let ids: std::collections::HashMap<PathBuf, Vec<String>> = files
        .iter()
        .map(|f| {
            let html = fs::read_to_string(f).expect("read");
            let ids = id.captures_iter(&html).map(|c| c[1].to_string()).collect();
            (f.canonicalize().expect("path"), ids)
        })
        .collect();
    let mut followed = 0;
    for f in &files {
        let html = fs::read_to_string(f).expect("read");
        for c in href.captures_iter(&html) {
            let (path, fragment) = c[1].split_once('#').unwrap_or((&c[1], ""));
            let target = if path.is_empty() {
                f.canonicalize().expect("path")
            } else {
                let t = f.parent().expect("dir").join(path);
                t.canonicalize()
                    .unwrap_or_else(|_| panic!("{}: link to missing {}", f.display(), &c[1]))
            };
            let known = ids
                .get(&target)
                .unwrap_or_else(|| panic!("{}: link outside the report: {}", f.display(), &c[1]));
            assert!(
                fragment.is_empty() || known.iter().any(|i| i == fragment),
                "{}: link to a missing anchor: {}",
                f.display(),
                &c[1]
            );
            followed += 1;
        }
    }
    followed
}

#[test]
fn split_report_has_a_page_per_document_and_every_link_lands() {
    let (_dir, index) = report_with("split");
    let html = fs::read_to_string(&index).expect("index");
    assert!(
        html.contains("id=\"documents\""),
        "the index lists documents"
    );
    assert!(
        !html.contains("id=\"side-by-side\""),
        "paragraphs are on the document pages, not the index"
    );
    let pages = index.with_file_name("pages");
    let zh = fs::read_to_string(pages.join("zh-small.html")).expect("Chinese page");
    let en = fs::read_to_string(pages.join("en-small.html")).expect("English page");
    assert!(html.contains("href=\"pages/en-small.html\""));
    assert!(
        en.contains("id=\"side-by-side\"") && en.contains("Myeongnyang"),
        "the English page shows its paragraphs beside their links"
    );
    assert!(
        en.contains("鳴梁"),
        "linked Chinese paragraphs are shown beside the English"
    );
    assert!(!zh.contains("id=\"side-by-side\""));
    // Every page carries the glossary rows of the names it shows, for the tooltips.
    assert!(en.contains("id=\"glossary-head\"") && en.contains("id=\"g-"));
    assert!(check_links(&index) > 10, "links were followed");
}

#[test]
fn one_page_report_links_land() {
    let (_dir, index) = report();
    assert!(check_links(&index) > 10);
    assert!(!index.with_file_name("pages").exists());
}

#[test]
fn report_never_replaces_a_pages_directory_it_did_not_write() {
    let (dir, index) = report_with("split");
    let out = index.parent().expect("dir").to_path_buf();
    // Written again: the pages are replaced, nothing else is left behind.
    let db = dir.path().join("r.sqlite");
    let fixtures = root().join("tests/fixtures/report");
    let again = |out: &Path, pages: &str| {
        hanbridge(&db)
            .args(["report", "--glossary"])
            .arg(fixtures.join("glossary"))
            .arg("--out")
            .arg(out)
            .args(["--pages", pages])
            .output()
            .expect("run")
    };
    assert!(again(&out, "split").status.success());
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["index.html", "pages"]);
    // Back to one page: the old pages go.
    assert!(again(&out, "one").status.success());
    assert!(!out.join("pages").exists());
    // Someone else's pages/ is left alone, and the report fails saying why.
    let theirs = dir.path().join("theirs");
    fs::create_dir_all(theirs.join("pages")).expect("dir");
    fs::write(theirs.join("pages/notes.txt"), "mine").expect("write");
    let result = again(&theirs, "split");
    assert!(!result.status.success());
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(
        err.contains("pages") && err.contains("not replacing"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(theirs.join("pages/notes.txt")).expect("kept"),
        "mine"
    );
    assert!(!theirs.join("index.html").exists(), "nothing half-written");
}

#[test]
fn everything_from_sources_is_escaped() {
    let (_dir, file) = report();
    let html = fs::read_to_string(&file).expect("report");
    assert_escaped(&html);
    let (_dir, index) = report_with("split");
    for page in report_files(&index).iter().skip(1) {
        let html = fs::read_to_string(page).expect("page");
        assert!(!html.contains("alert(\"zh\")") && !html.contains("alert(\"en\")"));
        assert_eq!(html.matches("<script>").count(), 1);
        for needle in ["http://", "https://", "<link ", "src="] {
            assert!(!html.contains(needle), "page refers to {needle}");
        }
    }
    let pages = index.with_file_name("pages");
    let zh = fs::read_to_string(pages.join("zh-small.html")).expect("page");
    let en = fs::read_to_string(pages.join("en-small.html")).expect("page");
    assert!(
        format!("{zh}{en}").contains("&lt;script&gt;alert(&quot;zh&quot;)&lt;/script&gt;"),
        "the Chinese paragraph is on a page, escaped"
    );
    assert!(en.contains("&lt;script&gt;alert(&quot;en&quot;)&lt;/script&gt;"));
}

/// What the escaping test asserts of the one-page report.
fn assert_escaped(html: &str) {
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

fn run_chromium(profile: &Path, args: &[String]) -> std::process::Output {
    Command::new(common::chromium())
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
    // A split report's document page works on its own too.
    let (split_dir, index) = report_with("split");
    let page = index.with_file_name("pages").join("en-small.html");
    let dom = run_chromium(
        &split_dir.path().join("profile"),
        &[
            "--dump-dom".to_string(),
            format!("file://{}", page.display()),
        ],
    );
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    for id in ["side-by-side", "unaligned", "findings", "glossary", "tip"] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "section {id} missing from the document page"
        );
    }
    assert!(dom.contains("鳴梁") && dom.contains("Myeongnyang"));
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

/// `report --pages split` of `db` into `out`; returns the output.
fn split_report(db: &Path, out: &Path) -> std::process::Output {
    hanbridge(db)
        .args(["report", "--glossary"])
        .arg(root().join("tests/fixtures/report/glossary"))
        .arg("--out")
        .arg(out)
        .args(["--pages", "split"])
        .output()
        .expect("run")
}

/// The names in a directory, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Issue 21.5: the longest ids the importer accepts (100 `_`, 33 Han characters) get pages a
/// file system can hold, each showing its id, and every link lands.
#[test]
fn regression_21_5_longest_ids_get_pages() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("r.sqlite");
    let fixtures = root().join("tests/fixtures/report");
    let underscores = "_".repeat(100);
    let han = "碧".repeat(33);
    for (file, id) in [
        ("zh-small.txt", han.as_str()),
        ("en-small.txt", &underscores),
    ] {
        hanbridge(&db)
            .arg("import")
            .arg("--id")
            .arg(id)
            .arg(fixtures.join(file))
            .assert()
            .success();
    }
    hanbridge(&db)
        .args(["glossary", "--glossary"])
        .arg(fixtures.join("glossary"))
        .arg("load")
        .assert()
        .success();
    hanbridge(&db).arg("align").assert().success();
    let out = dir.path().join("report");
    let result = split_report(&db, &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let pages = names_in(&out.join("pages"));
    assert_eq!(pages.len(), 3, "two pages and the marker: {pages:?}");
    for id in [&han, &underscores] {
        let page = out.join("pages").join(hanbridge::report::page_file(id));
        let html = fs::read_to_string(&page).expect("page");
        assert!(html.contains(id.as_str()), "the page shows its id");
    }
    assert!(check_links(&out.join("index.html")) > 0);
}

/// Issue 15.4: a report killed in the middle of switching its pages and index is completed
/// by the next run; one killed before its switch leaves litter the next run removes (15.5).
#[test]
fn regression_15_4_interrupted_report_is_completed_and_litter_removed() {
    let (dir, index) = report_with("split");
    let out = index.parent().expect("dir").to_path_buf();
    let db = dir.path().join("r.sqlite");
    let dead = 4_194_305; // above any Linux pid_max: never a running process
    // Killed mid-switch: the old pages moved aside, the new ones not yet in place.
    let new_pages = out.join(format!(".hanbridge-{dead}-pages.tmp"));
    fs::create_dir(&new_pages).expect("mkdir");
    fs::write(new_pages.join(".hanbridge-report"), "marker").expect("w");
    fs::write(new_pages.join("new.html"), "<p>new</p>").expect("w");
    let new_index = format!(".hanbridge-{dead}-index.html.k1.tmp");
    fs::write(out.join(&new_index), "<p>new index</p>").expect("w");
    fs::rename(out.join("pages"), out.join(".hanbridge-aside-pages")).expect("aside");
    fs::write(
        out.join(".hanbridge-journal"),
        format!(
            "hanbridge journal 1\n.hanbridge-{dead}-pages.tmp\tpages\n{new_index}\tindex.html\n"
        ),
    )
    .expect("journal");
    // The next report first completes the switch (then writes its own).
    let result = split_report(&db, &out);
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{err}");
    assert!(err.contains("completed an interrupted write"), "{err}");
    assert_eq!(names_in(&out), ["index.html", "pages"]);
    assert!(check_links(&out.join("index.html")) > 10);
    // Killed before the switch: the temporaries are litter, removed by the next report.
    let litter = out.join(format!(".hanbridge-{dead}-pages.tmp"));
    fs::create_dir(&litter).expect("mkdir");
    fs::write(litter.join("half.html"), "<p>half").expect("w");
    fs::write(
        out.join(format!(".hanbridge-{dead}-index.html.k2.tmp")),
        "half",
    )
    .expect("w");
    let result = split_report(&db, &out);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(names_in(&out), ["index.html", "pages"]);
    assert!(check_links(&out.join("index.html")) > 10);
}

/// Two translators writing one report folder at once take turns: before the folder was
/// locked, a second process completed the first one's journal half-way and one of them failed
/// with "cannot switch the report's files".
#[test]
fn regression_15_4_reports_written_at_once_take_turns() {
    let (dir, index) = report_with("split");
    let out = index.parent().expect("dir").to_path_buf();
    let db = dir.path().join("r.sqlite");
    for round in 0..3 {
        let children: Vec<_> = (0..6)
            .map(|i| {
                Command::new(assert_cmd::cargo::cargo_bin("hanbridge"))
                    .env_remove("HANBRIDGE_DB")
                    .arg("--db")
                    .arg(&db)
                    .current_dir(root())
                    .args(["-q", "report", "--glossary"])
                    .arg(root().join("tests/fixtures/report/glossary"))
                    .arg("--out")
                    .arg(&out)
                    .args([
                        "--pages",
                        if (i + round) % 2 == 0 { "split" } else { "one" },
                    ])
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for child in children {
            let result = child.wait_with_output().expect("wait");
            assert!(
                result.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&result.stderr)
            );
        }
        let names = names_in(&out);
        assert!(
            names == ["index.html"] || names == ["index.html", "pages"],
            "round {round}: the folder holds one whole report and nothing else: {names:?}"
        );
    }
}

/// The report carries the glossary rows of the names its documents use (and its findings are
/// about), not the whole glossary: a name authority of a million entries would otherwise be
/// copied into every report (issue #17 item 5).
#[test]
fn the_report_embeds_only_the_names_it_shows() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("s.sqlite");
    let out = dir.path().join("report");
    hanbridge(&db)
        .current_dir(root())
        .args(["-q", "run", "--seeds"])
        .arg(common::seeds())
        .arg("--report")
        .arg(&out)
        .assert()
        .success();
    let index = fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains(r#"id="g-li-rusong""#),
        "a name the seeds use"
    );
    // Edo (江戶) is in the glossary and in no seed text.
    assert!(
        fs::read_to_string(root().join("glossary/places.csv"))
            .expect("places")
            .contains("\nedo,")
    );
    assert!(
        !index.contains(r#"id="g-edo""#),
        "a glossary row no page shows"
    );
}
