//! Exports for CAT tools, read back: TMX of links, TBX v2 and v3, spreadsheets, OmegaT TSV.
//! Every XML export is parsed strictly here; where `.ci/run` has installed translate-toolkit
//! (`HANBRIDGE_TT_PYTHON`), its readers read them too.

mod common;

use common::hanbridge;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn links_json(db: &Path) -> Vec<Value> {
    let out = common::stdout_ok(db, &["--format", "json", "links"]);
    serde_json::from_str::<Value>(&out)
        .expect("json")
        .as_array()
        .expect("array")
        .clone()
}

/// The `<prop type=…>` of a `<tu>`.
fn prop<'a>(tu: roxmltree::Node<'a, 'a>, kind: &str) -> Option<&'a str> {
    tu.children()
        .find(|n| n.has_tag_name("prop") && n.attribute("type") == Some(kind))
        .and_then(|n| n.text())
}

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Reads `file` with translate-toolkit's `reader` (`tmx.tmxfile`, `tbx.tbxfile`,
/// `omegat.OmegaTFile`) when `.ci/run` has set `HANBRIDGE_TT_PYTHON`, and asserts it finds
/// `units` units with a source, then runs `check` (Python, with `units` and `sys.argv[3:]` =
/// `args`). A failure to read is a test failure. Without the variable, says it was not run.
fn translate_toolkit(
    what: &str,
    reader: &str,
    file: &Path,
    units: usize,
    check: &str,
    args: &[&str],
) {
    let Some(python) = std::env::var_os("HANBRIDGE_TT_PYTHON") else {
        eprintln!("{what}: not read by translate-toolkit (HANBRIDGE_TT_PYTHON not set)");
        return;
    };
    let program = format!(
        "import sys\nfrom translate.storage import tmx, tbx, omegat\n\
         units = [u for u in {reader}.parsefile(sys.argv[1]).units if u.source]\n\
         assert len(units) == int(sys.argv[2]), (len(units), sys.argv[2])\n\
         {check}\nprint(len(units), 'units read')"
    );
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(program)
        .arg(file)
        .arg(units.to_string())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "{what}: translate-toolkit could not read it:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{what}: {}", String::from_utf8_lossy(&out.stdout).trim());
}

/// Issue 18.1: one `<tu>` per link that is not rejected, its two paragraphs under their
/// language tags, its review state and evidence as properties; `--status` narrows it.
#[test]
fn issue_18_links_export_as_tmx() {
    let (dir, db) = common::seeds_aligned();
    let links = links_json(&db);
    let ids: Vec<i64> = links.iter().filter_map(|l| l["id"].as_i64()).collect();
    assert!(ids.len() >= 3, "the seeds give links: {}", ids.len());
    let (confirm, reject) = (ids[0], ids[1]);
    for (verb, id) in [("confirm", confirm), ("reject", reject)] {
        hanbridge(&db)
            .args(["link", verb, &id.to_string()])
            .assert()
            .success();
    }
    let tmx = dir.path().join("links.tmx");
    hanbridge(&db)
        .args(["--format", "tmx", "links", "--out"])
        .arg(&tmx)
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("translation units"));
    let text = fs::read_to_string(&tmx).expect("tmx written");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root_el = doc.root_element();
    assert_eq!(root_el.tag_name().name(), "tmx");
    assert_eq!(root_el.attribute("version"), Some("1.4"));
    let header = root_el
        .children()
        .find(|n| n.has_tag_name("header"))
        .expect("header");
    for attr in [
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ] {
        assert!(header.attribute(attr).is_some(), "header lacks {attr}");
    }
    assert_eq!(header.attribute("srclang"), Some("zh-Hant"));
    let units: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("tu")).collect();
    assert_eq!(
        units.len(),
        ids.len() - 1,
        "every link but the rejected one"
    );
    for tu in &units {
        let langs: Vec<&str> = tu
            .children()
            .filter(|n| n.has_tag_name("tuv"))
            .filter_map(|n| n.attribute((XML_NS, "lang")))
            .collect();
        assert_eq!(langs, ["zh-Hant", "en"]);
        assert!(prop(*tu, "x-evidence").is_some_and(|e| !e.is_empty()));
        assert!(prop(*tu, "x-source").is_some_and(|s| s.contains(':')));
    }
    let rejected = units
        .iter()
        .find(|tu| prop(**tu, "x-link-id") == Some(&reject.to_string()));
    assert!(rejected.is_none(), "rejected link left out");
    // The confirmed link's texts are the paragraphs `links` shows.
    let confirmed = units
        .iter()
        .find(|tu| tu.attribute("tuid") == Some(&confirm.to_string()))
        .expect("confirmed link exported");
    assert_eq!(prop(*confirmed, "x-status"), Some("confirmed"));
    let segs: Vec<&str> = confirmed
        .descendants()
        .filter(|n| n.has_tag_name("seg"))
        .filter_map(|n| n.text())
        .collect();
    let json = links
        .iter()
        .find(|l| l["id"].as_i64() == Some(confirm))
        .expect("json");
    assert_eq!(segs[0], json["zh_text"].as_str().expect("zh").trim());
    assert_eq!(segs[1], json["en_text"].as_str().expect("en").trim());

    // To stdout, narrowed to confirmed links.
    let only = common::stdout_ok(&db, &["--format", "tmx", "links", "--status", "confirmed"]);
    let doc = roxmltree::Document::parse(&only).expect("well-formed XML");
    let tuids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tu"))
        .filter_map(|n| n.attribute("tuid"))
        .collect();
    assert_eq!(tuids, [confirm.to_string()]);

    translate_toolkit(
        "TMX",
        "tmx.tmxfile",
        &tmx,
        ids.len() - 1,
        "assert all(u.target for u in units)",
        &[],
    );
}

const GLOSSARY_HEADER: &str = "id,kind,origin,side,zh_hant,zh_hans,pinyin,ko_hangul,ko_rr,ko_mr,ja_kana,ja_hepburn,en,aliases,note";

/// A glossary directory holding one file `terms.csv` with these rows.
fn glossary_fixture(dir: &Path, rows: &str) -> PathBuf {
    let g = dir.join("glossary");
    fs::create_dir_all(&g).expect("mkdir");
    fs::write(g.join("terms.csv"), format!("{GLOSSARY_HEADER}\n{rows}")).expect("write");
    g
}

/// The rows of a workbook's only sheet, every cell as text.
fn sheet_rows(bytes: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx workbook");
    assert_eq!(book.sheet_names(), [name]);
    let range = book.worksheet_range(name).expect("sheet");
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

/// The XML of one part of a workbook (a zip archive).
fn workbook_part(bytes: &[u8], part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(part)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read");
    text
}

/// Issue 18.3: the glossary as a workbook holds the CSV's cells (a formula-like cell as plain
/// text, not neutralised), with the header frozen, filters on and a CJK font.
#[test]
fn issue_18_glossary_exports_as_xlsx() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("x.sqlite");
    let g = glossary_fixture(
        dir.path(),
        "ferry-crossing,place,zh,,渡口,,Dùkǒu,,,,,,Ferry Crossing,,\n\
         tricky,other,other,,,,,,,,,,=SUM(1;2),,+1 looks like a number\n",
    );
    let out = dir.path().join("g.xlsx");
    export_glossary(&db, Some(&g), &out, "xlsx", &[]);
    let bytes = fs::read(&out).expect("written");
    let rows = sheet_rows(bytes.clone(), "glossary");
    assert_eq!(rows[0].join(","), GLOSSARY_HEADER);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "ferry-crossing");
    assert_eq!(rows[1][4], "渡口");
    assert_eq!(rows[1][6], "Dùkǒu");
    assert_eq!(rows[2][12], "=SUM(1;2)", "stored as text, not as a formula");
    assert_eq!(rows[2][14], "+1 looks like a number");
    let sheet = workbook_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\""), "header frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:O3\""), "filters on");
    assert!(!sheet.contains("<f>"), "no formulas");
    let styles = workbook_part(&bytes, "xl/styles.xml");
    assert!(styles.contains("Microsoft JhengHei"), "CJK font");
    // To a pipe, the same workbook.
    let piped = hanbridge(&db)
        .args(["--format", "xlsx", "glossary", "--glossary"])
        .arg(&g)
        .arg("export")
        .output()
        .expect("run");
    assert!(piped.status.success());
    assert_eq!(sheet_rows(piped.stdout, "glossary"), rows);
}

/// Issue 18.3: `check --format xlsx` writes one row per finding, as the JSON Lines list them.
#[test]
fn issue_18_findings_export_as_xlsx() {
    let (dir, db) = common::seeds_aligned();
    let json = hanbridge(&db)
        .current_dir(common::root())
        .args(["--format", "json", "check"])
        .output()
        .expect("run");
    let findings: Vec<Value> = String::from_utf8(json.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one finding per line"))
        .collect();
    assert!(!findings.is_empty(), "the seeds give findings");
    let out = dir.path().join("findings.xlsx");
    let run = hanbridge(&db)
        .current_dir(common::root())
        .args(["--format", "xlsx", "check", "--out"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), json.status.code(), "same exit code");
    assert!(run.stdout.is_empty());
    let rows = sheet_rows(fs::read(&out).expect("written"), "findings");
    assert_eq!(rows[0][..4], ["category", "severity", "doc", "para"]);
    assert_eq!(rows.len(), findings.len() + 1);
    for (row, f) in rows[1..].iter().zip(&findings) {
        assert_eq!(row[2], f["doc"].as_str().expect("doc"));
        assert_eq!(row[3], f["para"].to_string());
        assert_eq!(row[6], f["text"].as_str().expect("text"));
    }
}

/// Issue 18.3: a cell of the OmegaT glossary that a spreadsheet would run as a formula is
/// neutralised as in the CSV.
#[test]
fn issue_18_omegat_cells_are_not_formulas() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("o.sqlite");
    let g = glossary_fixture(
        dir.path(),
        "tricky,other,other,,某,,,,,,,,=HYPERLINK(\"http://example.org\"),,\n",
    );
    let out = common::succeeded(
        hanbridge(&db)
            .args(["--format", "tsv", "glossary", "--glossary"])
            .arg(&g)
            .args(["export", "--source", "en", "--target", "zh-Hant"])
            .output()
            .expect("run"),
    );
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(
        text.lines().next(),
        Some("'=HYPERLINK(\"http://example.org\")\t某\tother tricky")
    );
}

/// Exports the glossary in `dir` (default: the shipped one) as `format` (with `extra` options)
/// into `file`.
fn export_glossary(db: &Path, dir: Option<&Path>, file: &Path, format: &str, extra: &[&str]) {
    let shipped = common::root().join("glossary");
    hanbridge(db)
        .args(["--format", format, "glossary", "--glossary"])
        .arg(dir.unwrap_or(&shipped))
        .arg("export")
        .args(extra)
        .arg("--out")
        .arg(file)
        .assert()
        .success();
}

/// Imports `file` into the glossary directory `dir`; returns the output.
fn import_glossary(db: &Path, dir: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    hanbridge(db)
        .args(["glossary", "--glossary"])
        .arg(dir)
        .arg("import")
        .arg(file)
        .args(extra)
        .output()
        .expect("run")
}

/// Issue 18.2: the shipped glossary exported as TBX v3 and as TBX-Basic v2 imports back into
/// the very same glossary (same CSV export, byte for byte).
#[test]
fn issue_18_tbx_round_trips_through_import() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("t.sqlite");
    let csv = dir.path().join("shipped.csv");
    export_glossary(&db, None, &csv, "csv", &[]);
    for version in ["3", "2"] {
        let tbx = dir.path().join(format!("g{version}.tbx"));
        export_glossary(&db, None, &tbx, "tbx", &["--tbx-version", version]);
        let copy = dir.path().join(format!("glossary{version}"));
        fs::create_dir(&copy).expect("mkdir");
        let out = import_glossary(&db, &copy, &tbx, &[]);
        assert!(
            out.status.success(),
            "v{version}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again = dir.path().join(format!("again{version}.csv"));
        export_glossary(&db, Some(&copy), &again, "csv", &[]);
        assert!(
            fs::read_to_string(&csv).expect("csv") == fs::read_to_string(&again).expect("again"),
            "TBX v{version} round trip changed the glossary"
        );
    }
}

/// The language sections of the concept `id`: tag → terms.
fn tbx_sections(xml: &str, id: &str) -> Vec<(String, Vec<String>)> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let concept = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no concept {id}"));
    concept
        .children()
        .filter(|n| n.has_tag_name("langSec") || n.has_tag_name("langSet"))
        .map(|s| {
            let terms = s
                .descendants()
                .filter(|n| n.has_tag_name("term"))
                .filter_map(|n| n.text())
                .map(str::to_string)
                .collect();
            (
                s.attribute((XML_NS, "lang")).expect("xml:lang").to_string(),
                terms,
            )
        })
        .collect()
}

/// Issue 18.2: TBX v2 is a `martif` whose romanisations cannot pass for Chinese, Korean or
/// Japanese terms; Japanese kanji are under `ja` (the glossary's shinjitai form where it has
/// one); only names are proper nouns. Read by translate-toolkit where it is installed.
#[test]
fn issue_18_tbx_v2_for_older_tools() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("v.sqlite");
    let tbx = dir.path().join("g.tbx");
    export_glossary(&db, None, &tbx, "tbx", &["--tbx-version", "2"]);
    let xml = fs::read_to_string(&tbx).expect("written");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "martif");
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("termEntry"))
        .count();
    let shipped = hanbridge::glossary::io::load_path(&common::root().join("glossary"))
        .expect("shipped glossary")
        .glossary;
    assert_eq!(entries, shipped.entries.len());
    for set in doc.descendants().filter(|n| n.has_tag_name("langSet")) {
        let tag = set.attribute((XML_NS, "lang")).expect("xml:lang");
        let latin = set
            .descendants()
            .filter(|n| n.has_tag_name("term"))
            .filter_map(|n| n.text())
            .all(|t| t.chars().all(|c| !hanbridge::corpus::detect::is_han(c)));
        if tag.contains("Latn") {
            assert!(tag.starts_with("und-"), "romanisation tagged {tag}");
            assert!(latin);
        }
    }
    // A Japanese era with a shinjitai form: that form under ja; the traditional one under zh-Hant.
    let bunroku = tbx_sections(&xml, "bunroku");
    assert!(
        bunroku.contains(&("ja".into(), vec!["文禄".into()])),
        "{bunroku:?}"
    );
    assert!(
        bunroku.contains(&("zh-Hant".into(), vec!["文祿".into()])),
        "{bunroku:?}"
    );
    // A Japanese person with no shinjitai form listed: the traditional form in Japan's new
    // forms under ja (戶次 → 戸次), the stored one under zh-Hant.
    let bekki = tbx_sections(&xml, "bekki-munenao");
    assert!(
        bekki.contains(&("ja".into(), vec!["戸次統直".into()])),
        "{bekki:?}"
    );
    assert!(
        bekki.contains(&("zh-Hant".into(), vec!["戶次統直".into()])),
        "{bekki:?}"
    );
    // An office is not a proper noun; a person is.
    let pos = |id: &str| {
        let concept = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .expect("concept");
        concept
            .descendants()
            .any(|n| n.attribute("type") == Some("partOfSpeech"))
    };
    assert!(!pos("canjiang"));
    assert!(pos("li-rusong"));
    translate_toolkit("TBX v2", "tbx.tbxfile", &tbx, entries, "", &[]);
}

/// Issue 18.2: a TBX whose entries break the glossary's rules is refused whole, each problem
/// at its concept's line, and nothing is written; `--dry-run` lists what a good one changes.
#[test]
fn issue_18_tbx_import_is_checked_like_csv() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("c.sqlite");
    let g = glossary_fixture(
        dir.path(),
        "ferry-crossing,place,zh,,渡口,,Dùkǒu,,,,,,Ferry Crossing,,\n",
    );
    let before = fs::read_to_string(g.join("terms.csv")).expect("before");
    let bad = dir.path().join("bad.tbx");
    fs::write(
        &bad,
        "<martif type=\"TBX-Basic\"><text><body>\n\
         <termEntry id=\"one\"><langSet xml:lang=\"en\"><tig><term>Same Name</term></tig></langSet></termEntry>\n\
         <termEntry id=\"two\"><langSet xml:lang=\"zh\"><tig><term>Latin in Chinese</term></tig></langSet>\n\
         <langSet xml:lang=\"en\"><tig><term>Same Name</term></tig></langSet></termEntry>\n\
         </body></text></martif>\n",
    )
    .expect("write");
    let out = import_glossary(&db, &g, &bad, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tbx:3: entry \"two\""), "{err}");
    assert!(err.contains("nothing loaded"), "{err}");
    assert_eq!(
        fs::read_to_string(g.join("terms.csv")).expect("after"),
        before
    );
    let good = dir.path().join("good.tbx");
    fs::write(
        &good,
        "<martif type=\"TBX-Basic\"><text><body>\n\
         <termEntry id=\"ferry-crossing\"><descrip type=\"subjectField\">place</descrip>\n\
         <note>hanbridge:origin=zh</note>\n\
         <langSet xml:lang=\"zh-TW\"><tig><term>渡口</term></tig></langSet>\n\
         <langSet xml:lang=\"en\"><tig><term>Ferry Landing</term></tig></langSet></termEntry>\n\
         </body></text></martif>\n",
    )
    .expect("write");
    let out = import_glossary(&db, &g, &good, &["--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("~ ferry-crossing"), "{text}");
    assert!(text.contains("0 added, 1 changed, 0 removed"), "{text}");
    assert_eq!(
        fs::read_to_string(g.join("terms.csv")).expect("after"),
        before
    );
}

/// Issue 18.6: the OmegaT glossary of the shipped glossary, read by translate-toolkit's OmegaT
/// reader where it is installed: one unit per row, sources and targets as written.
#[test]
fn issue_18_omegat_glossary_reads_back() {
    let dir = TempDir::new().expect("dir");
    let db = dir.path().join("t.sqlite");
    let file = dir.path().join("names.utf8");
    export_glossary(
        &db,
        None,
        &file,
        "tsv",
        &["--source", "zh-Hant", "--target", "en"],
    );
    let text = fs::read_to_string(&file).expect("written");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.len() > 400, "{} rows", rows.len());
    assert!(
        rows.iter().all(|r| r.len() == 3),
        "three columns on every row"
    );
    let first = rows[0].clone();
    translate_toolkit(
        "OmegaT",
        "omegat.OmegaTFile",
        &file,
        rows.len(),
        "assert (units[0].source, units[0].target) == (sys.argv[3], sys.argv[4]), units[0]",
        &[first[0], first[1]],
    );
}
