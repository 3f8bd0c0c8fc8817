//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod server;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The project root (where `seeds/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the project's glossary files in `dir/glossary` (for tests that write them).
pub fn glossary_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("glossary");
    std::fs::create_dir(&copy).expect("mkdir");
    for f in std::fs::read_dir(root().join("glossary")).expect("glossary") {
        let f = f.expect("entry").path();
        if f.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&f, copy.join(f.file_name().expect("name"))).expect("copy");
        }
    }
    copy
}

/// The seeds directory.
pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// The `hanbridge` binary with `--db` set and the environment cleaned.
pub fn hanbridge(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hanbridge").expect("binary");
    cmd.env_remove("HANBRIDGE_DB").arg("--db").arg(db);
    cmd
}

/// Runs `hanbridge --db DB ARGS…` in the project root, asserts it succeeded (showing stderr if
/// not) and returns its standard output.
pub fn stdout_ok(db: &Path, args: &[&str]) -> String {
    String::from_utf8(output_ok(db, args).stdout).expect("utf8")
}

/// As [`stdout_ok`], returning the standard error: the status lines of `import`, `run`,
/// `align`, `glossary load` and `report`.
pub fn stderr_ok(db: &Path, args: &[&str]) -> String {
    String::from_utf8(output_ok(db, args).stderr).expect("utf8")
}

fn output_ok(db: &Path, args: &[&str]) -> std::process::Output {
    let out = hanbridge(db)
        .current_dir(root())
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every row of every table, and the schema version: equal dumps mean an unchanged database.
pub fn dump(db: &Path) -> String {
    if !db.exists() {
        return "<no database>".into();
    }
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut out = String::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    out.push_str(&format!("user_version {version}\n"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for table in tables {
        out.push_str(&format!("== {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            let cells: Vec<String> = (0..n)
                .map(|i| match row.get_ref(i).expect("cell") {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}

/// Asserts two dumps are equal, showing the first differing lines rather than whole dumps.
pub fn assert_same_db(before: &str, after: &str, what: &str) {
    if before == after {
        return;
    }
    let diff = similar::TextDiff::from_lines(before, after);
    let changes: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .take(6)
        .map(|c| {
            let line: String = c.value().chars().take(200).collect();
            format!("{}{}", c.tag(), line)
        })
        .collect();
    panic!("{what}: database changed:\n{}", changes.join("\n"));
}

/// Imports `paths` into `db`, loads the project glossary and aligns: the state the views and
/// checks read.
pub fn import_and_align(db: &Path, paths: &[PathBuf]) {
    hanbridge(db).arg("import").args(paths).assert().success();
    for args in [&["glossary", "load"][..], &["align"]] {
        hanbridge(db)
            .current_dir(root())
            .args(args)
            .assert()
            .success();
    }
}

/// A fresh database with the seed texts imported, the glossary loaded and the links computed
/// (the directory holding it goes when the returned guard drops).
pub fn seeds_aligned() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let db = dir.path().join("aligned.sqlite");
    let texts: Vec<PathBuf> = std::fs::read_dir(seeds())
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    import_and_align(&db, &texts);
    (dir, db)
}

/// Asserts a finished command succeeded (showing its stderr if not) and returns its output.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Loads the glossary in `glossary` (a directory or CSV) into `db` and aligns.
pub fn load_glossary_and_align(db: &Path, glossary: &Path) {
    hanbridge(db)
        .args(["glossary", "--glossary"])
        .arg(glossary)
        .arg("load")
        .assert()
        .success();
    hanbridge(db).arg("align").assert().success();
}

/// Headless Chromium for the browser tests: `$CHROMIUM` or Debian's `/usr/bin/chromium`
/// (`.ci/run` installs it); a clear failure when it is missing.
pub fn chromium() -> std::path::PathBuf {
    let path = std::env::var_os("CHROMIUM").map_or_else(
        || std::path::PathBuf::from("/usr/bin/chromium"),
        std::path::PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} not found: the browser test needs Debian's chromium (.ci/run installs it)",
        path.display()
    );
    path
}

/// The ids of the first `N` links `links` lists.
pub fn first_link_ids<const N: usize>(db: &Path) -> [i64; N] {
    let all: serde_json::Value =
        serde_json::from_str(&stdout_ok(db, &["--format", "json", "links"])).expect("links json");
    let ids: Vec<i64> = all
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["id"].as_i64())
        .take(N)
        .collect();
    ids.try_into().expect("enough links")
}

/// `check --format json` (JSON Lines, one finding a line) as values, whatever its exit code.
pub fn findings(db: &Path) -> Vec<serde_json::Value> {
    let out = hanbridge(db)
        .current_dir(root())
        .args(["--format", "json", "check"])
        .output()
        .expect("run check");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// The stored links as (Chinese paragraph, English paragraph) labels (`zh-doc:3`, `en-doc:5`).
pub fn link_pairs(db: &Path) -> std::collections::BTreeSet<(String, String)> {
    let out = stdout_ok(db, &["--format", "json", "links"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v.as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                format!("{}:{}", l["zh_doc"].as_str().expect("zh"), l["zh_para"]),
                format!("{}:{}", l["en_doc"].as_str().expect("en"), l["en_para"]),
            )
        })
        .collect()
}

/// Imports `corpus`, loads the project glossary and aligns, into a new database `name` in `dir`.
pub fn aligned(dir: &Path, name: &str, corpus: &Path) -> PathBuf {
    let db = dir.join(name);
    import_and_align(&db, &[corpus.to_path_buf()]);
    db
}

/// (ordinal, kind, display text) of every paragraph of `doc`, from `show --format json`.
pub fn paragraphs(db: &Path, doc: &str) -> Vec<(u64, String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&stdout_ok(db, &["--format", "json", "show", doc])).expect("json");
    v["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| {
            (
                p["ordinal"].as_u64().expect("ordinal"),
                p["kind"].as_str().expect("kind").to_string(),
                p["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Copies the corpus directory `from` into a new directory `to`, each file's text passed
/// through `edit(file name, text)`.
pub fn copy_corpus(from: &Path, to: &Path, edit: impl Fn(&str, String) -> String) {
    std::fs::create_dir(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("corpus") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(to.join(&name), edit(&name, text)).expect("write");
    }
}

/// The JSON a command prints with `--format json` (it must succeed).
pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = ["--format", "json"].iter().chain(args).copied().collect();
    serde_json::from_str(&stdout_ok(db, &args)).expect("json")
}

/// Writes a corpus directory `dir/corpus` of the given files (a manifest and texts written for
/// a test) and returns its path.
pub fn write_corpus(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).expect("write fixture");
    }
    corpus
}
