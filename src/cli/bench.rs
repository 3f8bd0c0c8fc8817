//! `hanbridge bench gen|run`: the synthetic corpus and whole-process benchmarks.
//!
//! `bench run` starts one child process per scale (`bench one`), so each scale's peak memory is
//! its own; the child generates the corpus, runs every stage of the main job on a fresh database
//! and prints one JSON line of timings; the parent prints the table.

use super::glossary::load_files;
use super::output::{line, table};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
use hanbridge::align::Params;
use hanbridge::check::Options;
use hanbridge::corpus::collect::Overrides;
use hanbridge::mentions::dates::eras_from_glossary;
use hanbridge::mentions::{NameMatcher, dates, numbers};
use hanbridge::store::Store;
use hanbridge::workbench::{self, Pages, Reviewed, Silent};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `bench` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Write a synthetic corpus (Chinese and English, from glossary names) into a directory.
    Gen {
        /// 1 ≈ the seeds (60 KB per language); 1000 ≈ 60 MB per language.
        #[arg(long, default_value = "1", allow_negative_numbers = true, value_parser = super::values::scale)]
        scale: usize,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Random seed (the same seed gives the same corpus).
        #[arg(long, default_value_t = 1592)]
        seed: u64,
        /// The glossary to take names from.
        #[arg(long, default_value = "glossary")]
        glossary: PathBuf,
        /// Instead of a corpus, write zh.txt and en.txt, each ONE paragraph of about this many
        /// MB (the corpus's paragraphs run together, no line break): the input of
        /// benches/long_paragraph.sh, which times every stage on a paragraph of a book's size.
        #[arg(long)]
        one_paragraph_mb: Option<f64>,
        /// Instead of a corpus, write the glossary with a synthetic name authority of this many
        /// forms added (`synthetic.csv`) into the output directory.
        #[arg(long)]
        glossary_scale: Option<usize>,
    },
    /// Time every stage of the main job at several scales; print a table.
    Run {
        /// Scales to measure, comma-separated.
        #[arg(long, default_value = "1,10,100", value_delimiter = ',',
              allow_negative_numbers = true, value_parser = super::values::scale)]
        scales: Vec<usize>,
        /// The glossary to use.
        #[arg(long, default_value = "glossary")]
        glossary: PathBuf,
        /// Keep the generated corpora and databases here (default: a temporary directory).
        #[arg(long)]
        work: Option<PathBuf>,
        /// Add a synthetic name authority of this many forms (half Chinese, half English) to the
        /// glossary: the glossary-size axis of the benchmark.
        #[arg(long, default_value_t = 0)]
        glossary_scale: usize,
    },
    /// One scale, in this process (used by `bench run`); prints one JSON line.
    #[command(hide = true)]
    One {
        #[arg(long, allow_negative_numbers = true, value_parser = super::values::scale)]
        scale: usize,
        #[arg(long)]
        glossary: PathBuf,
        #[arg(long)]
        work: PathBuf,
        #[arg(long, default_value_t = 0)]
        glossary_scale: usize,
    },
}

/// Timings of one scale.
#[derive(Debug, Serialize, Deserialize)]
struct Measure {
    scale: usize,
    /// Synthetic forms added to the glossary.
    #[serde(default)]
    glossary_forms: usize,
    zh_mb: f64,
    en_mb: f64,
    zh_paragraphs: usize,
    en_paragraphs: usize,
    gen_s: f64,
    import_s: f64,
    scan_s: f64,
    names_mb_s_core: f64,
    /// The fastest of the five passes (the least disturbed by other work on the machine).
    names_best_mb_s_core: f64,
    numbers_dates_mb_s_core: f64,
    numbers_dates_best_mb_s_core: f64,
    align_s: f64,
    links: usize,
    check_s: f64,
    findings: usize,
    report_s: f64,
    report_mb: f64,
    run_s: f64,
    peak_rss_mb: f64,
}

/// Resets the process's peak RSS (`VmHWM`) to its current RSS (Linux; a no-op elsewhere).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn generate(
    glossary_dir: &Path,
    scale: usize,
    seed: u64,
    out: &Path,
) -> anyhow::Result<(f64, f64)> {
    let glossary = load_files(glossary_dir)?.glossary;
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let docs = hanbridge::synth::generate(&glossary, scale, seed);
    let (mut zh, mut en) = (0usize, 0usize);
    for d in &docs {
        if d.name.starts_with("zh") {
            zh += d.text.len();
        } else {
            en += d.text.len();
        }
        std::fs::write(out.join(&d.name), &d.text)
            .with_context(|| format!("{}: cannot write", d.name))?;
    }
    Ok((zh as f64 / 1e6, en as f64 / 1e6))
}

/// Writes `zh.txt` and `en.txt` into `out`, each the synthetic corpus's text paragraphs of one
/// language run together into a single paragraph of at least `mb` MB (headings left out;
/// Chinese joined without a space, English with one). Returns the sizes in MB.
fn generate_one_paragraph(
    glossary_dir: &Path,
    mb: f64,
    seed: u64,
    out: &Path,
) -> anyhow::Result<(f64, f64)> {
    if !(mb > 0.0 && mb <= 4096.0) {
        bail!("--one-paragraph-mb: {mb} is not between 0 and 4096");
    }
    let glossary = load_files(glossary_dir)?.glossary;
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let target = (mb * 1e6) as usize;
    // Scale 1 is about 60 KB per language; a little more than needed, then cut.
    let scale = target / 50_000 + 1;
    let docs = hanbridge::synth::generate(&glossary, scale, seed);
    let mut sizes = Vec::new();
    for (lang, joiner) in [("zh", ""), ("en", " ")] {
        let mut text = String::with_capacity(target + 4096);
        let paragraphs = docs
            .iter()
            .filter(|d| d.name.starts_with(lang))
            .flat_map(|d| d.text.split("\n\n"))
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with(['=', '#']));
        for p in paragraphs {
            if text.len() >= target {
                break;
            }
            if !text.is_empty() {
                text.push_str(joiner);
            }
            text.push_str(&p.replace('\n', joiner));
        }
        text.push('\n');
        let path = out.join(format!("{lang}.txt"));
        std::fs::write(&path, &text)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        sizes.push(text.len() as f64 / 1e6);
    }
    Ok((sizes[0], sizes[1]))
}

/// Writes into `out` the `*.csv` files of `glossary_dir` and `synthetic.csv`, a synthetic name
/// authority of `forms` forms ([`hanbridge::synth::glossary_csv`]).
fn write_scaled_glossary(glossary_dir: &Path, forms: usize, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let entries = std::fs::read_dir(glossary_dir)
        .with_context(|| format!("{}: cannot read", glossary_dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "csv") {
            let to = out.join(path.file_name().unwrap_or_default());
            std::fs::copy(&path, &to)
                .with_context(|| format!("{}: cannot copy", path.display()))?;
        }
    }
    let path = out.join("synthetic.csv");
    let base = load_files(glossary_dir)?.glossary;
    std::fs::write(&path, hanbridge::synth::glossary_csv(&base, forms, 1592))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

fn one(
    ctx: &Context,
    scale: usize,
    glossary_forms: usize,
    corpus_glossary: &Path,
    work: &Path,
) -> anyhow::Result<Measure> {
    let scaled = work.join(format!("glossary-{glossary_forms}"));
    let glossary_dir = if glossary_forms == 0 {
        corpus_glossary
    } else {
        write_scaled_glossary(corpus_glossary, glossary_forms, &scaled)?;
        &scaled
    };
    let corpus = work.join(format!("corpus-{scale}"));
    let db = work.join(format!("bench-{scale}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let t = Instant::now();
    let (zh_mb, en_mb) = generate(corpus_glossary, scale, 1592, &corpus)?;
    let gen_s = t.elapsed().as_secs_f64();
    // The generator's memory is not the pipeline's: start the peak afresh.
    reset_peak_rss();

    let run_start = Instant::now();
    let t = Instant::now();
    let loaded = load_files(glossary_dir)?;
    let (mut bench, _) = workbench::import(
        std::slice::from_ref(&corpus),
        &Overrides::default(),
        &Silent,
        || Ok(Store::open(&db)?),
    )?;
    bench.store_mut().load_glossary(&loaded.glossary)?;
    let import_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let scanned = bench.scan(&Silent)?;
    let units = &scanned.units;
    let scan_s = t.elapsed().as_secs_f64();

    // Per-core throughput of the scanners, on one thread, over every n-th paragraph (Chinese
    // and English alike, about 4000 in all): the median of five passes, so that one pass's
    // cold caches (the automata are megabytes) or a neighbour's burst do not decide the figure.
    let step = (units.len() / 4000).max(1);
    let sample: Vec<&hanbridge::align::Unit> = units.iter().step_by(step).collect();
    let sample_mb = sample.iter().map(|u| u.text.len()).sum::<usize>() as f64 / 1e6;
    let matcher = NameMatcher::new(&loaded.glossary);
    let eras = eras_from_glossary(&loaded.glossary);
    let throughput = |scan: &dyn Fn(&hanbridge::align::Unit) -> usize| {
        let mut seconds: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let found: usize = sample.iter().map(|u| scan(u)).sum();
                std::hint::black_box(found);
                t.elapsed().as_secs_f64()
            })
            .collect();
        seconds.sort_by(f64::total_cmp);
        (
            sample_mb / seconds[2].max(1e-9),
            sample_mb / seconds[0].max(1e-9),
        )
    };
    let (names_mb_s_core, names_best_mb_s_core) = throughput(&|u| matcher.find(&u.text).len());
    let (numbers_dates_mb_s_core, numbers_dates_best_mb_s_core) = throughput(&|u| {
        let s = &u.text;
        if u.lang.is_cjk() {
            dates::find_chinese(s, &eras).len() + numbers::find_chinese(s, &[]).len()
        } else {
            dates::find_english(s).len() + numbers::find_english(s, &[]).len()
        }
    });

    let t = Instant::now();
    bench.align(&scanned, Params::default(), &Silent)?;
    let align_s = t.elapsed().as_secs_f64();

    // The checks' time includes reading the links, which the report then shares.
    let t = Instant::now();
    let linked = bench.links(units)?;
    let links = linked.shown;
    let findings = bench.check(
        &scanned,
        &linked,
        glossary_dir,
        &Options::default(),
        &Silent,
    )?;
    let check_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let reviewed = Reviewed {
        scanned,
        linked,
        findings,
    };
    let report = bench.write_report(
        &reviewed,
        &work.join(format!("report-{scale}")),
        Pages::Auto,
        &Silent,
    )?;
    let units = &reviewed.scanned.units;
    let report_s = t.elapsed().as_secs_f64();
    let report_mb = report.parent().map_or(0, tree_bytes) as f64 / 1e6;
    let run_s = run_start.elapsed().as_secs_f64();
    let _ = ctx;
    Ok(Measure {
        scale,
        glossary_forms,
        zh_mb,
        en_mb,
        zh_paragraphs: units.iter().filter(|u| u.lang.is_cjk()).count(),
        en_paragraphs: units.iter().filter(|u| !u.lang.is_cjk()).count(),
        gen_s,
        import_s,
        scan_s,
        names_mb_s_core,
        names_best_mb_s_core,
        numbers_dates_mb_s_core,
        numbers_dates_best_mb_s_core,
        align_s,
        links,
        check_s,
        findings: reviewed.findings.len(),
        report_s,
        report_mb,
        run_s,
        peak_rss_mb: peak_rss_mb(),
    })
}

/// What `bench gen` wrote: JSON on stdout with `--format json`, else a status line.
fn generated(
    ctx: &Context,
    out: &Path,
    documents: usize,
    (zh_mb, en_mb): (f64, f64),
    text: String,
) -> anyhow::Result<u8> {
    if ctx.format == OutputFormat::Json {
        super::output::print_json(&serde_json::json!({
            "out": out,
            "documents": documents,
            "zh_mb": zh_mb,
            "en_mb": en_mb,
        }))?;
    } else {
        super::output::status(ctx.quiet, text);
    }
    Ok(0)
}

pub fn run(ctx: &Context, cmd: BenchCommand) -> anyhow::Result<u8> {
    match cmd {
        BenchCommand::Gen {
            glossary_scale: Some(forms),
            out,
            glossary,
            ..
        } => {
            write_scaled_glossary(&glossary, forms, &out)?;
            line(format!(
                "wrote the glossary with {forms} synthetic forms to {}",
                out.display()
            ))?;
            Ok(0)
        }
        BenchCommand::Gen {
            one_paragraph_mb: Some(mb),
            out,
            seed,
            glossary,
            ..
        } => {
            let (zh, en) = generate_one_paragraph(&glossary, mb, seed, &out)?;
            let text = format!(
                "wrote zh.txt ({zh:.2} MB) and en.txt ({en:.2} MB), one paragraph each, to {}",
                out.display()
            );
            generated(ctx, &out, 2, (zh, en), text)
        }
        BenchCommand::Gen {
            scale,
            out,
            seed,
            glossary,
            one_paragraph_mb: None,
            glossary_scale: None,
        } => {
            let (zh, en) = generate(&glossary, scale, seed, &out)?;
            let text = format!(
                "wrote {} documents ({zh:.1} MB Chinese, {en:.1} MB English) to {}",
                2 * scale,
                out.display()
            );
            generated(ctx, &out, 2 * scale, (zh, en), text)
        }
        BenchCommand::One {
            scale,
            glossary,
            work,
            glossary_scale,
        } => {
            let m = one(ctx, scale, glossary_scale, &glossary, &work)?;
            line(serde_json::to_string(&m)?)?;
            Ok(0)
        }
        BenchCommand::Run {
            scales,
            glossary,
            work,
            glossary_scale,
        } => {
            let tmp = tempfile::tempdir()?;
            let work = work.unwrap_or_else(|| tmp.path().to_path_buf());
            std::fs::create_dir_all(&work)?;
            let exe = std::env::current_exe()?;
            let mut rows = Vec::new();
            for scale in scales {
                if !ctx.quiet {
                    eprintln!("hanbridge: bench scale {scale}…");
                }
                let out = std::process::Command::new(&exe)
                    .args([
                        "--quiet",
                        "bench",
                        "one",
                        "--scale",
                        &scale.to_string(),
                        "--glossary",
                    ])
                    .arg(&glossary)
                    .arg("--work")
                    .arg(&work)
                    .arg("--glossary-scale")
                    .arg(glossary_scale.to_string())
                    .output()?;
                if !out.status.success() {
                    bail!(
                        "scale {scale} failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
                let m: Measure = serde_json::from_slice(&out.stdout).context("child output")?;
                rows.push(m);
            }
            if ctx.format == OutputFormat::Json {
                super::output::print_json(&rows)?;
                return Ok(0);
            }
            let mut t = table(&[
                "scale",
                "glossary forms",
                "zh MB",
                "en MB",
                "paragraphs",
                "import s",
                "scan s",
                "names MB/s/core median (best)",
                "num+date MB/s/core median (best)",
                "align s",
                "links",
                "check s",
                "report s",
                "run s",
                "peak RSS MB",
            ]);
            for m in &rows {
                t.add_row(vec![
                    m.scale.to_string(),
                    m.glossary_forms.to_string(),
                    format!("{:.1}", m.zh_mb),
                    format!("{:.1}", m.en_mb),
                    format!("{}+{}", m.zh_paragraphs, m.en_paragraphs),
                    format!("{:.2}", m.import_s),
                    format!("{:.2}", m.scan_s),
                    format!("{:.0} ({:.0})", m.names_mb_s_core, m.names_best_mb_s_core),
                    format!(
                        "{:.0} ({:.0})",
                        m.numbers_dates_mb_s_core, m.numbers_dates_best_mb_s_core
                    ),
                    format!("{:.2}", m.align_s),
                    m.links.to_string(),
                    format!("{:.2}", m.check_s),
                    format!("{:.2}", m.report_s),
                    format!("{:.2}", m.run_s),
                    format!("{:.0}", m.peak_rss_mb),
                ]);
            }
            line(t)?;
            Ok(0)
        }
    }
}

/// Bytes of every file under `dir` (the report: index and pages).
fn tree_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => tree_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
