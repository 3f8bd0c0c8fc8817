//! Issue 19.1: the pipeline and the review actions as one library API (`hanbridge::workbench`),
//! which the command line and the server call. These tests drive the library directly: the
//! stages give what `hanbridge run` gives, and every review action refuses with an error a
//! caller can branch on, changing nothing.

mod common;

use common::{glossary_copy, root, seeds, stdout_ok};
use hanbridge::check::Options;
use hanbridge::corpus::collect::Overrides;
use hanbridge::glossary::HEADER;
use hanbridge::glossary::io::row;
use hanbridge::store::{LinkFilter, LinkStatus, Store};
use hanbridge::workbench::{
    self, EntryEdit, GlossaryFiles, Pages, ReviewError, Reviewed, Silent, Workbench, entry_version,
};
use std::path::Path;

/// The seeds imported, the glossary loaded, scanned and aligned, through the library alone.
fn pipeline(dir: &Path, glossary: &Path) -> (Workbench, Reviewed) {
    let db = dir.join("lib.sqlite");
    let files = GlossaryFiles::check(&db, glossary, &Silent).expect("glossary");
    let (mut bench, outcomes) =
        workbench::import(&[seeds()], &Overrides::default(), &Silent, || {
            Ok(Store::open(&db)?)
        })
        .expect("import");
    assert_eq!(outcomes.len(), 3, "the three seeds");
    let (entries, forms) = bench.load_glossary(files, &Silent).expect("load");
    assert!(
        entries > 400 && forms > entries,
        "{entries} entries, {forms} forms"
    );
    let scanned = bench.scan(&Silent).expect("scan");
    let aligned = bench
        .align(&scanned, hanbridge::align::Params::default(), &Silent)
        .expect("align");
    assert!(aligned.proposed > 10, "{aligned}");
    let linked = bench.links(&scanned.units).expect("links");
    let findings = bench
        .check(&scanned, &linked, glossary, &Options::default(), &Silent)
        .expect("check");
    (
        bench,
        Reviewed {
            scanned,
            linked,
            findings,
        },
    )
}

#[test]
fn the_library_pipeline_gives_what_run_gives() {
    let dir = tempfile::tempdir().expect("tmp");
    let (bench, reviewed) = pipeline(dir.path(), &root().join("glossary"));
    let report = bench
        .write_report(&reviewed, &dir.path().join("report"), Pages::Auto, &Silent)
        .expect("report");
    let html = std::fs::read_to_string(&report).expect("read report");
    assert!(
        html.contains("Byeokjegwan"),
        "the English seed is in the report"
    );
    // The same corpus through the command line: the same links and the same findings.
    let cli_db = dir.path().join("cli.sqlite");
    stdout_ok(
        &cli_db,
        &[
            "-q",
            "run",
            "--report",
            dir.path().join("r2").to_str().expect("utf8"),
        ],
    );
    let cli_links: serde_json::Value =
        serde_json::from_str(&stdout_ok(&cli_db, &["--format", "json", "links"])).expect("json");
    let lib_links = bench.store().links(&LinkFilter::default()).expect("links");
    assert_eq!(
        cli_links.as_array().expect("array").len(),
        lib_links.len(),
        "same links"
    );
    let cli_findings = common::findings(&cli_db);
    assert_eq!(cli_findings.len(), reviewed.findings.len(), "same findings");
    // The browser workbench's data is the same reviewed corpus.
    let units = reviewed.scanned.units.len();
    let snap = bench.snapshot(reviewed).expect("snapshot");
    assert_eq!(snap.units.len(), units);
    assert_eq!(snap.documents.len(), 3);
}

#[test]
fn review_actions_refuse_with_errors_a_caller_branches_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let (mut bench, reviewed) = pipeline(dir.path(), &root().join("glossary"));
    let before = common::dump(bench.store().path());
    let err = bench
        .decide(&[99_999_999], LinkStatus::Confirmed)
        .expect_err("no such link");
    assert!(
        matches!(err, ReviewError::NoLink(ref ids) if ids == &[99_999_999]),
        "{err}"
    );
    assert!(err.is_not_found());
    let err = bench
        .add_link("en-byeokjegwan:2", "zh-pyongyang:1", None)
        .expect_err("languages swapped");
    assert!(matches!(err, ReviewError::Invalid(_)), "{err}");
    let err = bench
        .add_link("zh-pyongyang:999", "en-byeokjegwan:2", None)
        .expect_err("no paragraph");
    assert!(
        matches!(err, ReviewError::NoParagraph { ref doc, para: 999, count } if doc == "zh-pyongyang" && count > 5),
        "{err}"
    );
    let err = bench
        .add_link("zh-nowhere:1", "en-byeokjegwan:2", None)
        .expect_err("no document");
    assert!(matches!(err, ReviewError::NoDocument(_)), "{err}");
    let err = bench.dismiss("not-a-key", "fine").expect_err("bad key");
    assert!(matches!(err, ReviewError::Invalid(_)), "{err}");
    let key = reviewed.findings[0].key.clone();
    let err = bench.dismiss(&key, "  ").expect_err("empty reason");
    assert!(matches!(err, ReviewError::Invalid(_)), "{err}");
    let err = bench.restore(&key).expect_err("not dismissed");
    assert!(err.is_conflict(), "{err}");
    let err = bench.undo().expect_err("nothing done yet");
    assert!(matches!(err, ReviewError::NothingToUndo), "{err}");
    assert_eq!(
        common::dump(bench.store().path()),
        before,
        "nothing changed"
    );

    // A decision names the revision it saw; a later one on an older view is refused.
    let link = bench.store().links(&LinkFilter::default()).expect("links")[0].clone();
    bench
        .decide_seen(&[(link.id, link.revision)], LinkStatus::Confirmed)
        .expect("confirm");
    let err = bench
        .decide_seen(&[(link.id, link.revision)], LinkStatus::Rejected)
        .expect_err("stale");
    assert!(
        matches!(err, ReviewError::Stale { id, now: LinkStatus::Confirmed, revision } if id == link.id && revision == link.revision + 1),
        "{err}"
    );
    let undone = bench.undo().expect("undo");
    assert!(undone.action.contains("confirmed"), "{undone:?}");
    let now = bench.store().link(link.id).expect("read").expect("link");
    assert_eq!(now.status, LinkStatus::Auto);
    assert_eq!(
        now.revision,
        link.revision + 2,
        "undo is an action on the link too"
    );
}

/// Issue 19.2: a glossary entry edited (in the browser) is checked as `glossary load` checks a
/// file, written into the glossary files and loaded; a bad cell or an entry changed since it was
/// opened writes nothing.
#[test]
fn an_edited_glossary_entry_is_checked_written_and_loaded() {
    let dir = tempfile::tempdir().expect("tmp");
    let glossary = glossary_copy(dir.path());
    let (mut bench, _) = pipeline(dir.path(), &glossary);
    let entry = bench
        .store()
        .glossary()
        .expect("glossary")
        .get("li-rusong")
        .expect("li-rusong")
        .clone();
    let en = HEADER.iter().position(|c| *c == "en").expect("en column");
    let zh = HEADER
        .iter()
        .position(|c| *c == "zh_hant")
        .expect("zh column");
    let people = glossary.join("people.csv");
    let original = std::fs::read(&people).expect("read");

    // A hangul syllable in the traditional-characters column: refused, nothing written.
    let mut cells = row(&entry);
    cells[zh] = "이여송".into();
    let edit = EntryEdit {
        id: entry.id.clone(),
        seen: entry_version(&entry),
        cells,
    };
    let err = bench
        .edit_entry(&glossary, &edit, &Silent)
        .expect_err("bad script");
    assert!(matches!(err, ReviewError::Invalid(_)), "{err}");
    assert_eq!(
        std::fs::read(&people).expect("read"),
        original,
        "nothing written"
    );

    // A second English spelling: written, and loaded into the database.
    let mut cells = row(&entry);
    cells[en] = "Li Rusong|Li Ju-sung".into();
    let edit = EntryEdit {
        id: entry.id.clone(),
        seen: entry_version(&entry),
        cells,
    };
    let saved = bench.edit_entry(&glossary, &edit, &Silent).expect("saved");
    assert_eq!(saved.en, ["Li Rusong", "Li Ju-sung"]);
    let text = std::fs::read_to_string(&people).expect("read");
    assert!(
        text.contains("Li Rusong|Li Ju-sung"),
        "written to people.csv"
    );
    let stored = bench.store().glossary().expect("glossary");
    assert_eq!(
        stored.get("li-rusong").expect("entry").en,
        saved.en,
        "loaded"
    );

    // The same edit again names the version it saw, which is no longer the entry's.
    let err = bench
        .edit_entry(&glossary, &edit, &Silent)
        .expect_err("changed since");
    assert!(err.is_conflict(), "{err}");
    assert_eq!(std::fs::read_to_string(&people).expect("read"), text);
}

/// Issue 17.5: with a large glossary the scan matches names with only the entries whose names
/// can occur in the corpus (read from the name authority cache). Forced here on the seeds and
/// the development corpus: the part is much smaller than the glossary, and every paragraph's
/// mentions are the same as with the whole glossary (short forms left unresolved aside, whose
/// list of candidates is the part's).
#[test]
fn the_corpus_part_of_the_glossary_finds_what_the_whole_finds() {
    use hanbridge::workbench::GlossaryScope;
    for corpus in [seeds(), root().join("tests/dev/corpus")] {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("db.sqlite");
        let glossary = root().join("glossary");
        let files = GlossaryFiles::check(&db, &glossary, &Silent).expect("glossary");
        let (mut bench, _) = workbench::import(
            std::slice::from_ref(&corpus),
            &Overrides::default(),
            &Silent,
            || Ok(Store::open(&db)?),
        )
        .expect("import");
        bench.load_glossary(files, &Silent).expect("load");
        let whole = bench.scan_in(GlossaryScope::Whole, &Silent).expect("whole");
        let part = bench.scan_in(GlossaryScope::Corpus, &Silent).expect("part");
        let named: std::collections::BTreeSet<&str> = whole
            .units
            .iter()
            .flat_map(|u| u.mentions.names.iter())
            .filter_map(|m| m.entity.as_ref().map(|e| e.as_str()))
            .collect();
        eprintln!(
            "{}: {} of {} entries; {} named",
            corpus.display(),
            part.glossary.entries.len(),
            whole.glossary.entries.len(),
            named.len()
        );
        for id in &named {
            assert!(
                part.glossary.get(id).is_some(),
                "{id} is named but not in the part"
            );
        }
        assert!(part.glossary.entries.len() < whole.glossary.entries.len());
        assert_eq!(whole.units.len(), part.units.len());
        let mut mentions = 0;
        for (w, p) in whole.units.iter().zip(&part.units) {
            // A surname alone brings in at most 16 entries (`SHORT_ENTRIES`): the candidates of
            // a resolved short form ("Yi") that no text of the corpus names can be missing from
            // the part, and no check reads them (they are named in no linked paragraph).
            let strip = |u: &hanbridge::align::Unit| {
                let mut m = u.mentions.clone();
                for n in &mut m.names {
                    if n.entity.is_none() {
                        n.candidates = Default::default();
                    } else {
                        let kept: Vec<_> = n
                            .candidates
                            .iter()
                            .filter(|c| part.glossary.get(c).is_some())
                            .cloned()
                            .collect();
                        n.candidates = hanbridge::mentions::EntityId::list(&kept);
                    }
                }
                m
            };
            assert_eq!(strip(w), strip(p), "{}:{}", w.doc, w.ordinal);
            assert_eq!(w.context, p.context, "{}:{}", w.doc, w.ordinal);
            mentions += w.mentions.names.len();
        }
        assert!(mentions > 100, "{mentions} names found");
        // The checks give the same findings, the whole glossary's near misses included (asked
        // of the name authority cache).
        let findings = |scanned: &hanbridge::workbench::Scanned| {
            let linked = bench.links(&scanned.units).expect("links");
            let all = bench
                .check(scanned, &linked, &glossary, &Options::default(), &Silent)
                .expect("check");
            all.into_iter()
                .map(|f| {
                    format!(
                        "{} {}:{} {} {:?} {:?} {:?}",
                        f.category, f.doc, f.para, f.text, f.expected, f.entity, f.suggestion
                    )
                })
                .collect::<Vec<_>>()
        };
        assert!(part.is_part() && !whole.is_part());
        let (a, b) = (findings(&whole), findings(&part));
        assert!(a.len() > 10, "{} findings", a.len());
        assert_eq!(a, b, "{}", corpus.display());
    }
}
