//! `hanbridge bench`: the synthetic corpus and the whole-process benchmark.

mod common;

use common::{hanbridge, root, stdout_ok};
use serde_json::Value;
use tempfile::TempDir;

#[test]
fn bench_gen_writes_a_deterministic_corpus_of_both_languages() {
    let tmp = TempDir::new().expect("tempdir");
    let db = tmp.path().join("db.sqlite");
    let write = |dir: &str| {
        let out = tmp.path().join(dir);
        hanbridge(&db)
            .current_dir(root())
            .args(["bench", "gen", "--scale", "2", "--out"])
            .arg(&out)
            .assert()
            .success();
        out
    };
    let (a, b) = (write("a"), write("b"));
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n.starts_with("zh")) && names.iter().any(|n| n.starts_with("en")));
    for n in &names {
        let (x, y) = (
            std::fs::read_to_string(a.join(n)).expect("a"),
            std::fs::read_to_string(b.join(n)).expect("b"),
        );
        assert_eq!(x, y, "{n} differs between two runs");
    }
    // Issue 18.4: with --format json, what was written, as data.
    let out = common::stdout_ok(
        &db,
        &[
            "--format",
            "json",
            "bench",
            "gen",
            "--scale",
            "1",
            "--out",
            tmp.path().join("c").to_str().expect("utf8"),
        ],
    );
    let said: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(said["documents"].as_u64(), Some(2));
    assert!(said["zh_mb"].as_f64() > Some(0.0));
}

#[test]
fn bench_run_reports_every_stage_with_links_and_memory() {
    let tmp = TempDir::new().expect("tempdir");
    let out = stdout_ok(
        &tmp.path().join("db.sqlite"),
        &["--format", "json", "bench", "run", "--scales", "1"],
    );
    let rows: Value = serde_json::from_str(&out).expect("json");
    let row = &rows[0];
    assert_eq!(row["scale"], 1);
    for key in [
        "import_s",
        "scan_s",
        "align_s",
        "check_s",
        "report_s",
        "run_s",
        "names_mb_s_core",
        "numbers_dates_mb_s_core",
    ] {
        assert!(row[key].as_f64().is_some_and(|s| s > 0.0), "{key}: {row}");
    }
    for (median, best) in [
        ("names_mb_s_core", "names_best_mb_s_core"),
        ("numbers_dates_mb_s_core", "numbers_dates_best_mb_s_core"),
    ] {
        let (m, b) = (row[median].as_f64(), row[best].as_f64());
        assert!(
            m.zip(b).is_some_and(|(m, b)| b >= m),
            "{median} {best}: {row}"
        );
    }
    assert!(row["links"].as_u64().is_some_and(|n| n > 10), "{row}");
    assert!(
        row["zh_paragraphs"].as_u64().is_some_and(|n| n > 50),
        "{row}"
    );
    assert!(
        row["peak_rss_mb"].as_f64().is_some_and(|m| m > 1.0),
        "{row}"
    );
}

/// Issue 17 item 5: `bench gen --glossary-scale N` writes the glossary with a synthetic name
/// authority of N forms that loads without a conflict; `run` with it writes a report whose
/// index carries only the entries the texts name, not the whole authority.
#[test]
fn regression_17_a_large_glossary_loads_and_stays_out_of_the_report() {
    let tmp = TempDir::new().expect("tempdir");
    let db = tmp.path().join("db.sqlite");
    let glossary = tmp.path().join("glossary");
    let report = tmp.path().join("report");
    let g = glossary.to_str().expect("utf8 path");
    stdout_ok(
        &db,
        &["bench", "gen", "--glossary-scale", "4000", "--out", g],
    );
    let csv = std::fs::read_to_string(glossary.join("synthetic.csv")).expect("synthetic.csv");
    assert_eq!(
        csv.lines().count(),
        1 + 2000,
        "a header and one row per two forms"
    );
    let out = common::stderr_ok(
        &db,
        &[
            "run",
            "--glossary",
            g,
            "--report",
            report.to_str().expect("utf8 path"),
        ],
    );
    assert!(out.contains("forms from"), "{out}");
    let index = std::fs::read_to_string(report.join("index.html")).expect("index");
    let synthetic_rows = index.matches("<tr id=\"g-synth-").count();
    assert!(
        synthetic_rows < 20,
        "{synthetic_rows} synthetic rows in the index"
    );
    assert!(
        index.contains("<tr id=\"g-li-rusong\""),
        "named entries stay"
    );
    assert!(index.contains("entries these texts name (of "), "heading");
}

#[test]
fn regression_17_bench_run_has_a_glossary_size_axis() {
    let tmp = TempDir::new().expect("tempdir");
    let out = stdout_ok(
        &tmp.path().join("db.sqlite"),
        &[
            "--format",
            "json",
            "bench",
            "run",
            "--scales",
            "1",
            "--glossary-scale",
            "2000",
        ],
    );
    let rows: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(rows[0]["glossary_forms"], 2000, "{rows}");
    assert!(rows[0]["names_mb_s_core"].as_f64().is_some_and(|s| s > 0.0));
}
