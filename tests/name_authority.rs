//! The name authority cache (issue #17 item 5): built once per glossary version beside the
//! database, read by later commands, rebuilt when the glossary changes or the file is
//! damaged; what the commands print stays the same.

mod common;

use common::{hanbridge, root};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A copy of the shipped glossary in `dir`.
fn shipped_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("glossary");
    fs::create_dir(&copy).expect("mkdir");
    for name in ["people.csv", "places.csv", "events.csv", "terms.csv"] {
        fs::copy(root().join("glossary").join(name), copy.join(name)).expect("copy");
    }
    copy
}

/// The cache files beside `db`.
fn caches(db: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(db.parent().expect("parent"))
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("g.sqlite.names-"))
        })
        .collect();
    found.sort();
    found
}

/// `glossary lookup QUERY -v` on `glossary`: (stdout, stderr).
fn lookup(db: &Path, glossary: &Path, query: &str) -> (String, String) {
    let out = hanbridge(db)
        .current_dir(root())
        .args(["-v", "glossary", "lookup", query, "--glossary"])
        .arg(glossary)
        .output()
        .expect("run");
    (
        String::from_utf8(out.stdout).expect("utf8"),
        String::from_utf8(out.stderr).expect("utf8"),
    )
}

#[test]
fn lookup_builds_the_cache_once_and_reads_it_after() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    let (first, err) = lookup(&db, &glossary, "Li Rusong");
    assert!(err.contains("name authority (cache built)"), "{err}");
    assert!(first.starts_with("li-rusong  "), "{first}");
    assert_eq!(caches(&db).len(), 1, "one cache file beside the database");
    let (second, err) = lookup(&db, &glossary, "Li Rusong");
    assert!(err.contains("name authority (cache hit)"), "{err}");
    assert_eq!(first, second, "the cache answers as the files did");
    // Derived spellings and partial matches come from the cache as well.
    let (derived, err) = lookup(&db, &glossary, "Kiyomasa Kato");
    assert!(err.contains("cache hit"), "{err}");
    assert!(derived.contains("derived (ja-western-order)"), "{derived}");
    let (partial, _) = lookup(&db, &glossary, "Rusong");
    assert!(partial.starts_with("no exact match"), "{partial}");
    assert!(partial.contains("li-rusong"), "{partial}");
}

#[test]
fn a_changed_glossary_rebuilds_the_cache_and_drops_the_old_one() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    let (_, err) = lookup(&db, &glossary, "Zhao Yunlan");
    assert!(err.contains("cache built"), "{err}");
    let before = caches(&db);
    let terms = glossary.join("terms.csv");
    let mut text = fs::read_to_string(&terms).expect("read");
    text.push_str("zhao-yunlan,other,zh,,趙雲瀾,赵云澜,Zhào Yúnlán,,,,,,Zhao Yunlan,,\n");
    fs::write(&terms, text).expect("write");
    let (out, err) = lookup(&db, &glossary, "Zhao Yunlan");
    assert!(err.contains("cache built"), "a new version is built: {err}");
    assert!(
        out.starts_with("zhao-yunlan  "),
        "the new entry is found: {out}"
    );
    let after = caches(&db);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(before, after, "the old version's file is gone");
}

#[test]
fn an_edit_after_the_stamp_is_noticed() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    // Files last modified a minute ago: the version is stamped, and later look-ups take it
    // from the stamp without reading the files.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for e in fs::read_dir(&glossary).expect("ls").filter_map(Result::ok) {
        let f = fs::File::options()
            .write(true)
            .open(e.path())
            .expect("open");
        f.set_modified(old).expect("set mtime");
    }
    let (first, _) = lookup(&db, &glossary, "Zhao Yunlan");
    assert!(dir.path().join("g.sqlite.names.stamp").exists());
    let (_, err) = lookup(&db, &glossary, "Li Rusong");
    assert!(err.contains("cache hit"), "{err}");
    // An edit of the same size (a letter changed) is seen by its modification time.
    let terms = glossary.join("terms.csv");
    let text = fs::read_to_string(&terms).expect("read");
    assert!(text.contains("Wokou"), "the fixture has Wokou");
    fs::write(&terms, text.replace("Wokou", "Wokuo")).expect("write");
    let (_, err) = lookup(&db, &glossary, "Wokuo");
    assert!(err.contains("cache built"), "{err}");
    let (second, _) = lookup(&db, &glossary, "Zhao Yunlan");
    assert_eq!(first, second);
}

#[test]
fn a_damaged_cache_is_detected_and_rebuilt() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    let (good, _) = lookup(&db, &glossary, "小西行長");
    let cache = caches(&db).pop().expect("a cache");
    let bytes = fs::read(&cache).expect("read cache");
    // Flipped bytes anywhere, a truncated file, another file's bytes.
    let mut damages: Vec<Vec<u8>> = [0.001, 0.3, 0.5, 0.7, 0.95]
        .iter()
        .map(|at| {
            let mut b = bytes.clone();
            let i = (b.len() as f64 * at) as usize;
            for x in &mut b[i..i + 4] {
                *x ^= 0x5a;
            }
            b
        })
        .collect();
    damages.push(bytes[..bytes.len() / 2].to_vec());
    damages.push(b"not a cache".to_vec());
    for (n, damaged) in damages.into_iter().enumerate() {
        fs::write(&cache, &damaged).expect("damage");
        let (out, err) = lookup(&db, &glossary, "小西行長");
        assert_eq!(out, good, "damage {n}: the answer is unchanged");
        // A flip inside a record no look-up reads goes unnoticed until read; the others
        // are found at once.
        assert!(
            err.contains("cache damaged, rebuilt") || fs::read(&cache).expect("read") == damaged,
            "damage {n}: {err}"
        );
        fs::write(&cache, &bytes).expect("restore");
    }
    // A damaged header is always found.
    let mut b = bytes.clone();
    b[10] ^= 1;
    fs::write(&cache, &b).expect("damage");
    let (out, err) = lookup(&db, &glossary, "小西行長");
    assert_eq!(out, good);
    assert!(err.contains("cache damaged, rebuilt"), "{err}");
    assert!(
        fs::read(&cache).expect("read") == bytes,
        "rebuilt as it was"
    );
}

#[test]
fn check_reads_the_glossary_findings_from_the_cache() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    // Every command is given the glossary copy (`import` takes none).
    let run = |args: &[&str]| {
        let mut cmd = hanbridge(&db);
        cmd.current_dir(root()).args(args);
        if args.last() != Some(&"seeds") {
            cmd.arg("--glossary").arg(&glossary);
        }
        let out = cmd.output().expect("run");
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
        String::from_utf8(out.stdout).expect("utf8")
    };
    run(&["-q", "import", "seeds"]);
    run(&["-q", "glossary", "load"]);
    let cache = caches(&db);
    assert_eq!(cache.len(), 1, "glossary load builds the cache");
    let hit = run(&["--format", "csv", "check"]);
    fs::remove_file(&cache[0]).expect("remove");
    let built = run(&["--format", "csv", "check"]);
    assert_eq!(
        hit, built,
        "the same findings from the cache as from the files"
    );
    assert!(built.lines().count() > 1, "{built}");
    assert!(cache[0].exists(), "check builds a missing cache");
    // A damaged check section is rebuilt, with the same findings.
    let bytes = fs::read(&cache[0]).expect("read");
    let mut b = bytes.clone();
    let last = b.len() - 10;
    b[last] ^= 0x21;
    fs::write(&cache[0], &b).expect("damage");
    assert_eq!(run(&["--format", "csv", "check"]), built);
    assert!(fs::read(&cache[0]).expect("read") == bytes, "rebuilt");
}

#[test]
fn run_loads_a_glossary_version_once() {
    let dir = TempDir::new().expect("tempdir");
    let glossary = shipped_copy(dir.path());
    let db = dir.path().join("g.sqlite");
    let report = dir.path().join("report");
    let run = || {
        let out = hanbridge(&db)
            .current_dir(root())
            .args(["-v", "--format", "json", "run", "--glossary"])
            .arg(&glossary)
            .arg("--report")
            .arg(&report)
            .output()
            .expect("run");
        assert!(out.status.success(), "{out:?}");
        let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json.as_object_mut().expect("object").remove("seconds");
        (json, String::from_utf8(out.stderr).expect("utf8"))
    };
    let (first, err) = run();
    assert!(!err.contains("loaded already"), "{err}");
    let (second, err) = run();
    assert!(err.contains("this version is loaded already"), "{err}");
    assert_eq!(first["glossary"], second["glossary"], "same counts");
    assert_eq!(first["findings"], second["findings"]);
    // An edited glossary is loaded again.
    let terms = glossary.join("terms.csv");
    let mut text = fs::read_to_string(&terms).expect("read");
    text.push_str("zhao-yunlan,other,zh,,趙雲瀾,赵云澜,Zhào Yúnlán,,,,,,Zhao Yunlan,,\n");
    fs::write(&terms, text).expect("write");
    let (third, err) = run();
    assert!(!err.contains("loaded already"), "{err}");
    let entries = |j: &serde_json::Value| j["glossary"]["entries"].as_u64().expect("entries");
    assert_eq!(entries(&third), entries(&first) + 1);
}
