//! The `import`, `docs`, `show` and `run` commands on the real binary: output, exit codes, and
//! a database left exactly as before by every kind of bad input.

mod common;

use common::{dump, hanbridge, seeds};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn setup() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("t.sqlite");
    (dir, db)
}

#[test]
fn run_imports_the_seeds_and_is_idempotent() {
    let (_dir, db) = setup();
    hanbridge(&db)
        .current_dir(common::root())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "zh-pyongyang: added, revision 1, 10 paragraphs",
        ))
        .stderr(predicate::str::contains(
            "zh-imjin: added, revision 1, 121 paragraphs",
        ))
        .stderr(predicate::str::contains(
            "en-byeokjegwan: added, revision 1, 16 paragraphs",
        ));
    let before = dump(&db);
    hanbridge(&db)
        .current_dir(common::root())
        .arg("run")
        .assert()
        .success()
        .stderr(predicate::str::contains("zh-imjin: unchanged, revision 1"));
    common::assert_same_db(&before, &dump(&db), "re-running run");
}

#[test]
fn docs_lists_documents_as_table_and_json() {
    let (_dir, db) = setup();
    hanbridge(&db).arg("import").arg(seeds()).assert().success();
    hanbridge(&db)
        .arg("docs")
        .assert()
        .success()
        .stdout(predicate::str::contains("zh-imjin"))
        .stdout(predicate::str::contains("萬曆朝鮮之役"));
    let docs = json(&db, &["docs"]);
    let counts: Vec<(String, u64)> = docs
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().expect("id").to_string(),
                d["paragraphs"].as_u64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("en-byeokjegwan".to_string(), 16),
            ("zh-imjin".to_string(), 121),
            ("zh-pyongyang".to_string(), 10)
        ]
    );
}

#[test]
fn show_paragraph_prints_offsets_and_sentences() {
    let (_dir, db) = setup();
    hanbridge(&db).arg("import").arg(seeds()).assert().success();
    hanbridge(&db)
        .args(["show", "zh-pyongyang:3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "zh-pyongyang:3  text  section 0  chars ",
        ))
        .stdout(predicate::str::contains("翌日，日軍進入平壤城。"))
        .stdout(predicate::str::contains("小西行長"));
    let p = json(&db, &["show", "en-byeokjegwan:2"]);
    assert_eq!(p["kind"], "infobox");
    assert_eq!(p["fields"][2]["key"], "Date");
    assert_eq!(p["fields"][2]["value"], "27 February 1593");
    // Offsets from the database slice the file.
    let file = fs::read_to_string(seeds().join("002_f500607c35c6fcec.txt")).expect("seed");
    let (s, e) = (
        p["span"]["start_byte"].as_u64().expect("s") as usize,
        p["span"]["end_byte"].as_u64().expect("e") as usize,
    );
    assert_eq!(&file[s..e], p["raw"].as_str().expect("raw"));
    hanbridge(&db)
        .args(["show", "zh-pyongyang:99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "zh-pyongyang: no paragraph 99 (the document has 10)",
        ));
    hanbridge(&db)
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no document \"nope\""));
}

#[test]
fn changed_file_becomes_a_revision_with_a_paragraph_diff() {
    let (dir, db) = setup();
    let file = dir.path().join("battle.txt");
    fs::write(
        &file,
        "= Battle =\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird.\n",
    )
    .expect("write");
    hanbridge(&db).arg("import").arg(&file).assert().success();
    let first_hash = |db: &Path| {
        let conn = rusqlite::Connection::open(db).expect("db");
        conn.query_row(
            "SELECT hash FROM current_paragraph WHERE document_id = 'battle' AND ordinal = 2",
            [],
            |r| r.get::<_, String>(0),
        )
        .expect("hash")
    };
    let hash_v1 = first_hash(&db);
    fs::write(
        &file,
        "= Battle =\n\nFirst paragraph.\n\nSecond paragraph, revised.\n\nThird.\n\nFourth.\n",
    )
    .expect("write");
    hanbridge(&db)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "battle: revised, revision 2, 5 paragraphs (1 changed, 1 added, 0 removed, 0 moved)",
        ))
        .stderr(predicate::str::contains(
            "~ battle:3 (was 3)  Second paragraph, revised.",
        ))
        .stderr(predicate::str::contains("+ battle:5  Fourth."));
    assert_eq!(
        first_hash(&db),
        hash_v1,
        "unchanged paragraph kept its identity"
    );
}

/// Runs `import` on a bad input and checks exit code 2, the message, and an unchanged database.
fn assert_rejected(db: &Path, path: &Path, message: &str) {
    let before = dump(db);
    hanbridge(db)
        .arg("import")
        .arg(seeds())
        .arg(path)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::starts_with("hanbridge: "));
    assert_eq!(
        before,
        dump(db),
        "database changed by a failed import of {}",
        path.display()
    );
}

#[test]
fn bad_inputs_exit_2_name_the_file_and_change_nothing() {
    let (dir, db) = setup();
    // A database with content, so "unchanged" means something.
    let ok = dir.path().join("ok.txt");
    fs::write(&ok, "平壤之戰。\n").expect("write");
    hanbridge(&db).arg("import").arg(&ok).assert().success();

    let latin1 = dir.path().join("latin1.txt");
    fs::write(&latin1, b"Battle of Pyongyang\ncaf\xe9\n").expect("write");
    assert_rejected(
        &db,
        &latin1,
        "latin1.txt: not valid UTF-8 (at byte 23, line 2)",
    );

    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").expect("write");
    assert_rejected(&db, &empty, "empty.txt: file is empty");

    let binary = dir.path().join("image.txt");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write");
    assert_rejected(
        &db,
        &binary,
        "image.txt: binary file: NUL byte (at byte 8, line 3)",
    );

    let no_texts = dir.path().join("pictures");
    fs::create_dir(&no_texts).expect("mkdir");
    fs::write(no_texts.join("a.png"), b"x").expect("write");
    assert_rejected(&db, &no_texts, "pictures: no text files");

    let missing = dir.path().join("missing.txt");
    assert_rejected(&db, &missing, "missing.txt: cannot read");

    let with_manifest = dir.path().join("corpus");
    fs::create_dir(&with_manifest).expect("mkdir");
    fs::write(with_manifest.join("a.txt"), "平壤。\n").expect("write");
    fs::write(
        with_manifest.join("corpus.toml"),
        "[[document]]\nid = \"a\"\nfile = \"a.txt\"\nlanguage = \"zh\"\n",
    )
    .expect("write");
    assert_rejected(
        &db,
        &with_manifest,
        "corpus.toml: line 4: unknown field `language`",
    );
}

#[test]
fn every_bad_file_of_a_batch_is_reported() {
    let (dir, db) = setup();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(&a, "").expect("write");
    fs::write(&b, b"\xff").expect("write");
    hanbridge(&db)
        .arg("import")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a.txt: file is empty"))
        .stderr(predicate::str::contains(
            "b.txt: not valid UTF-8 (at byte 0, line 1)",
        ))
        .stderr(predicate::str::contains("2 errors; nothing imported"));
    assert_eq!(dump(&db), "<no database>");
}

#[test]
fn overrides_and_manifest_metadata() {
    let (dir, db) = setup();
    let file = dir.path().join("notes.txt");
    fs::write(&file, "李如松 Li Rusong\n").expect("write");
    hanbridge(&db)
        .args([
            "import", "--lang", "en", "--markup", "plain", "--id", "my-notes",
        ])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("my-notes: added"));
    let docs = json(&db, &["docs"]);
    assert_eq!(docs[0]["lang"], "en");
    hanbridge(&db)
        .args(["import", "--lang", "fr"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language \"fr\""));
    // A seed file imported alone takes its id from seeds/corpus.toml.
    hanbridge(&db)
        .arg("import")
        .arg(seeds().join("002_f500607c35c6fcec.txt"))
        .assert()
        .success()
        .stderr(predicate::str::contains("en-byeokjegwan: added"));
}

#[test]
fn a_bad_file_in_a_later_batch_leaves_the_database_as_it_was() {
    // More files than one parse batch, the bad one in the second batch: files are imported
    // batch by batch in one transaction, so nothing of the first batch may stay either.
    let (dir, db) = setup();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    let n = hanbridge::corpus::collect::PARSE_BATCH + 6;
    for i in 0..n {
        fs::write(
            corpus.join(format!("doc-{i:03}.txt")),
            format!("Li Rusong reached Pyongyang with {i} thousand men.\n"),
        )
        .expect("write");
    }
    hanbridge(&db).arg("import").arg(seeds()).assert().success();
    let before = dump(&db);
    fs::write(corpus.join(format!("doc-{:03}.txt", n - 2)), b"ok\xfe").expect("write");
    hanbridge(&db)
        .arg("import")
        .arg(&corpus)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "doc-{:03}.txt: not valid UTF-8 (at byte 2, line 1)",
            n - 2
        )));
    common::assert_same_db(&before, &dump(&db), "failed import");
    fs::write(corpus.join(format!("doc-{:03}.txt", n - 2)), "ok\n").expect("write");
    hanbridge(&db).arg("import").arg(&corpus).assert().success();
    let docs = json(&db, &["docs"]);
    assert_eq!(
        docs.as_array().map(Vec::len),
        Some(n + 3),
        "every file, and the seeds"
    );
}

/// The JSON output of `hanbridge --format json ARGS…`.
fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = hanbridge(db)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run");
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The documents of the database as (id, title, lang), sorted by id.
fn documents(db: &Path) -> Vec<(String, String, String)> {
    let docs = json(db, &["docs"]);
    let mut rows: Vec<_> = docs
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("title"), s("lang"))
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn issue_15_1_a_bracketed_name_stays_in_the_paragraph() {
    let (dir, db) = setup();
    let file = dir.path().join("notes.txt");
    fs::write(&file, "第一段。\n\n第二段[李如松]，渡江[3]。\n").expect("write");
    hanbridge(&db).arg("import").arg(&file).assert().success();
    let p = json(&db, &["show", "notes:2"]);
    assert_eq!(p["text"], "第二段[李如松]，渡江。");
    assert_eq!(p["citations"][0]["mark"], "3");
    assert_eq!(p["citations"].as_array().map(Vec::len), Some(1));
}

/// A folder `corpus` in `dir` holding `files` (name, content).
fn corpus_with(dir: &TempDir, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let corpus = dir.path().join("corpus");
    for (name, content) in files {
        let path = corpus.join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    corpus
}

/// Runs `hanbridge ARGS…` expecting exit 2, nothing on stdout, each of `messages` on stderr
/// (every line of it `hanbridge: `-prefixed) and no database created.
fn assert_fails(db: &Path, args: &[&std::ffi::OsStr], messages: &[&str]) {
    let out = hanbridge(db)
        .current_dir(common::root())
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
    for want in messages {
        assert!(stderr.contains(want), "{want:?} not in:\n{stderr}");
    }
    assert!(
        stderr.lines().all(|l| l.starts_with("hanbridge: ")),
        "{stderr}"
    );
    assert_eq!(dump(db), "<no database>");
}

/// `import` of `paths`, as [`assert_fails`] arguments.
fn import_args<'a>(paths: &'a [&'a Path]) -> Vec<&'a std::ffi::OsStr> {
    std::iter::once("import".as_ref())
        .chain(paths.iter().map(|p| p.as_os_str()))
        .collect()
}

#[test]
fn issue_15_2_manifest_paths_outside_the_corpus_are_errors() {
    let (dir, db) = setup();
    fs::write(dir.path().join("outside.txt"), "Outside the corpus.\n").expect("write");
    let manifest = "[[document]]\nid = \"a\"\nfile = \"a.txt\"\n\n\
         [[document]]\nid = \"pw\"\nfile = \"/etc/passwd\"\n\n\
         [[document]]\nid = \"up\"\nfile = \"../outside.txt\"\n\n\
         [[document]]\nid = \"ln\"\nfile = \"link.txt\"\n";
    let corpus = corpus_with(
        &dir,
        &[
            ("a.txt", "平壤。\n".as_bytes()),
            ("corpus.toml", manifest.as_bytes()),
        ],
    );
    std::os::unix::fs::symlink("../outside.txt", corpus.join("link.txt")).expect("symlink");
    assert_fails(
        &db,
        &import_args(&[&corpus]),
        &[
            "corpus.toml: line 7: document \"pw\": file \"/etc/passwd\" is an absolute path",
            "corpus.toml: line 11: document \"up\": file \"../outside.txt\" leaves the corpus folder",
            "corpus.toml: line 15: document \"ln\": file \"link.txt\" leads outside the corpus folder",
        ],
    );
}

#[test]
fn issue_15_2_every_manifest_key_is_honoured_and_unlisted_files_are_imported() {
    let (dir, db) = setup();
    // Latin letters, but the manifest says Chinese: the manifest wins.
    let manifest =
        "[[document]]\nid = \"listed-b\"\nfile = \"sub/b.txt\"\nlang = \"zh\"\ntitle = \"乙\"\n";
    let corpus = corpus_with(
        &dir,
        &[
            ("sub/b.txt", b"Li Rusong crossed the river.\n"),
            ("unlisted.txt", b"Song Yingchang wrote.\n"),
            ("map.html", b"<p>not a text file</p>\n"),
            ("corpus.toml", manifest.as_bytes()),
        ],
    );
    // Nothing is skipped in silence: a file of another kind is named.
    hanbridge(&db)
        .arg("import")
        .arg(&corpus)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "map.html: not imported: not a .txt/.md/.markdown/.wiki/.text file, and no corpus.toml lists it",
        ));
    let row = |id: &str, title: &str, lang: &str| (id.into(), title.into(), lang.into());
    assert_eq!(
        documents(&db),
        [
            row("listed-b", "乙", "zh"),
            row("unlisted", "unlisted", "en")
        ]
    );
}

#[test]
fn issue_15_2_a_bad_unlisted_file_fails_run() {
    let (dir, db) = setup();
    // The seed manifest lists three files: keep the entry of the one copied.
    let manifest = fs::read_to_string(seeds().join("corpus.toml")).expect("read");
    let first = manifest
        .split("\n[[document]]")
        .take(2)
        .collect::<Vec<_>>()
        .join("\n[[document]]");
    let seed = fs::read(seeds().join("000_ab241afb31864278.txt")).expect("read");
    let corpus = corpus_with(
        &dir,
        &[
            ("000_ab241afb31864278.txt", &seed),
            ("corpus.toml", first.as_bytes()),
            ("extra.txt", b"Pyongyang\n\xff\n"),
        ],
    );
    let report = dir.path().join("report");
    assert_fails(
        &db,
        &[
            "run".as_ref(),
            "--seeds".as_ref(),
            corpus.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ],
        &["extra.txt: not valid UTF-8 (at byte 10, line 2)"],
    );
}

#[test]
fn issue_15_3_every_bad_input_is_named_in_one_pass() {
    let (dir, db) = setup();
    let corpus = corpus_with(
        &dir,
        &[
            ("good.txt", "平壤之戰。\n".as_bytes()),
            ("latin1.txt", b"Pyongyang\ncaf\xe9\n"),
            ("binary.txt", b"ab\x00"),
            ("empty.txt", b"\n"),
        ],
    );
    let [missing, good, latin1, binary, empty] = [
        "missing.txt",
        "good.txt",
        "latin1.txt",
        "binary.txt",
        "empty.txt",
    ]
    .map(|f| corpus.join(f));
    assert_fails(
        &db,
        &import_args(&[&missing, &good, &latin1, &binary, &empty]),
        &[
            "missing.txt: cannot read: No such file or directory",
            "latin1.txt: not valid UTF-8 (at byte 13, line 2)",
            "binary.txt: binary file: NUL byte (at byte 2, line 1)",
            "empty.txt: file is empty",
            "4 errors; nothing imported",
        ],
    );
}

#[test]
fn issue_15_11_an_unsupported_script_is_named() {
    let (dir, db) = setup();
    let corpus = corpus_with(
        &dir,
        &[(
            "russian.txt",
            "Битва при Пхеньяне, 1593 год (Li Rusong).\n".as_bytes(),
        )],
    );
    assert_fails(
        &db,
        &import_args(&[&corpus.join("russian.txt")]),
        &[
            "russian.txt: no supported language: the text is written in Cyrillic script \
           (supported: zh, en, ja, ko); pass --lang",
        ],
    );
}

#[test]
fn issue_21_5_symlink_loops_are_reported_not_followed_forever() {
    let (dir, db) = setup();
    let corpus = corpus_with(&dir, &[("a.txt", b"Pyongyang.\n")]);
    fs::create_dir(corpus.join("inner")).expect("mkdir");
    std::os::unix::fs::symlink(".", corpus.join("inner/self")).expect("symlink");
    std::os::unix::fs::symlink("..", corpus.join("inner/back")).expect("symlink");
    assert_fails(
        &db,
        &import_args(&[&corpus]),
        &["inner/back: symlink loop", "inner/self: symlink loop"],
    );
}

#[test]
fn issue_21_5_one_file_under_two_ids_names_both_lines() {
    let (dir, db) = setup();
    let entry = |id: &str, file: &str| format!("[[document]]\nid = \"{id}\"\nfile = \"{file}\"\n");
    let twice = [entry("first", "a.txt"), entry("second", "a.txt")].concat();
    let corpus = corpus_with(
        &dir,
        &[
            ("a.txt", b"Pyongyang.\n"),
            ("corpus.toml", twice.as_bytes()),
        ],
    );
    std::os::unix::fs::symlink("a.txt", corpus.join("alias.txt")).expect("symlink");
    assert_fails(
        &db,
        &import_args(&[&corpus]),
        &[
            "corpus.toml: line 6: document \"second\": file \"a.txt\" is also listed on line 3 \
           (document \"first\")",
        ],
    );
    // A symlink to the same file is still the same file.
    let aliased = [entry("first", "a.txt"), entry("third", "alias.txt")].concat();
    fs::write(corpus.join("corpus.toml"), aliased).expect("write");
    assert_fails(
        &db,
        &import_args(&[&corpus]),
        &[
            "corpus.toml: line 6: document \"third\": file \"alias.txt\" is the same file as",
            "corpus.toml: line 3 (document \"first\")",
        ],
    );
}

#[test]
fn issue_21_5_a_fifo_in_a_folder_is_named_not_read() {
    let (dir, db) = setup();
    let corpus = corpus_with(&dir, &[("a.txt", b"Pyongyang.\n")]);
    let made = std::process::Command::new("mkfifo")
        .arg(corpus.join("pipe.txt"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    hanbridge(&db)
        .arg("import")
        .arg(&corpus)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains("a: added"))
        .stderr(predicate::str::contains(
            "pipe.txt: not imported: not a regular file (a FIFO, socket or device)",
        ));
}

/// A folder named twice (or whose files were already named) is imported once, not refused as
/// holding no text files because its files had been reached before.
#[test]
fn a_folder_named_twice_is_imported_once() {
    let (_dir, db) = setup();
    let seeds = seeds();
    let file = seeds.join("000_ab241afb31864278.txt");
    hanbridge(&db)
        .arg("import")
        .arg(&seeds)
        .arg(&seeds)
        .assert()
        .success();
    hanbridge(&db)
        .arg("import")
        .arg(&file)
        .arg(&seeds)
        .assert()
        .success();
    assert_eq!(documents(&db).len(), 3);
}
