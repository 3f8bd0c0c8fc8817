//! Micro-benchmarks of the hot stages on a synthetic corpus (scale 10, ≈ 0.6 MB per language):
//! name matching, numbers and dates, alignment. Run with `cargo bench`. For whole-run numbers
//! per stage and per scale (wall time, throughput, peak memory) use `hanbridge bench run`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use hanbridge::align::{Params, Unit, align};
use hanbridge::corpus::{BlockKind, Lang, OffsetMap};
use hanbridge::glossary::Glossary;
use hanbridge::mentions::{NameMatcher, dates, numbers, scan_document};
use std::path::Path;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

struct Corpus {
    glossary: Glossary,
    /// (language, paragraphs) per document.
    docs: Vec<(Lang, Vec<String>)>,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
    let glossary = hanbridge::glossary::io::load_path(&path)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .glossary;
    let docs = hanbridge::synth::generate(&glossary, 10, 1)
        .into_iter()
        .map(|d| {
            let lang = if d.name.starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
            let paras = d
                .text
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string)
                .collect();
            (lang, paras)
        })
        .collect();
    Corpus { glossary, docs }
});

fn bytes(lang: Lang) -> usize {
    CORPUS
        .docs
        .iter()
        .filter(|d| d.0 == lang)
        .flat_map(|d| &d.1)
        .map(String::len)
        .sum()
}

fn paragraphs(lang: Lang) -> impl Iterator<Item = &'static str> {
    CORPUS
        .docs
        .iter()
        .filter(move |d| d.0 == lang)
        .flat_map(|d| &d.1)
        .map(String::as_str)
}

#[divan::bench(args = [Lang::Zh, Lang::En])]
fn names(b: Bencher, lang: Lang) {
    let matcher = NameMatcher::new(&CORPUS.glossary);
    b.counter(BytesCount::new(bytes(lang))).bench(|| {
        paragraphs(lang)
            .map(|p| matcher.find(black_box(p)).len())
            .sum::<usize>()
    });
}

#[divan::bench(args = [Lang::Zh, Lang::En])]
fn numbers_and_dates(b: Bencher, lang: Lang) {
    let eras = dates::eras_from_glossary(&CORPUS.glossary);
    b.counter(BytesCount::new(bytes(lang))).bench(|| {
        paragraphs(lang)
            .map(|p| {
                let p = black_box(p);
                if lang == Lang::Zh {
                    dates::find_chinese(p, &eras).len() + numbers::find_chinese(p, &[]).len()
                } else {
                    dates::find_english(p).len() + numbers::find_english(p, &[]).len()
                }
            })
            .sum::<usize>()
    });
}

#[divan::bench]
fn alignment(b: Bencher) {
    let matcher = NameMatcher::new(&CORPUS.glossary);
    let eras = dates::eras_from_glossary(&CORPUS.glossary);
    let mut units = Vec::new();
    for (d, (lang, paras)) in CORPUS.docs.iter().enumerate() {
        let texts: Vec<&str> = paras.iter().map(String::as_str).collect();
        let mentions = scan_document(&matcher, &eras, *lang, &texts);
        for (i, (text, m)) in paras.iter().zip(mentions).enumerate() {
            units.push(Unit {
                doc: format!("doc{d}"),
                ordinal: i + 1,
                hash: format!("{d}:{i}"),
                lang: *lang,
                kind: BlockKind::Text,
                text: text.clone(),
                map: OffsetMap::default(),
                mentions: m,
                context: Default::default(),
            });
        }
    }
    b.counter(divan::counter::ItemsCount::new(units.len()))
        .bench(|| align(black_box(&units), Params::default()).len());
}
