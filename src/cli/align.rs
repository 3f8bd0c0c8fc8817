//! `hanbridge align`, `links`, `link confirm|reject|add`, `unaligned`, `eval`.

use super::output::{line, preview, print_json, table};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
use hanbridge::align::eval::{Gold, Pair, score};
use hanbridge::align::{self, Params};
use hanbridge::corpus::{BlockKind, Lang};
use hanbridge::export;
use hanbridge::store::{LinkFilter, LinkStatus, Store};
use hanbridge::workbench::{ReviewError, Scanned, Silent, parse_doc_para, unlinked};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Aligner thresholds on the command line.
#[derive(Debug, Clone, clap::Args)]
pub struct ParamArgs {
    /// Minimum link score, 0 to 100 (default 1.0; lower links more, abstains less).
    #[arg(long, allow_negative_numbers = true, value_parser = super::values::min_score)]
    pub min_score: Option<f64>,
    /// Minimum total weight of the anchors two paragraphs share, 0 to 1000 (default 4.0).
    #[arg(long, allow_negative_numbers = true, value_parser = super::values::min_shared)]
    pub min_shared: Option<f64>,
    /// Sets any aligner parameter by its name, for calibration against gold sets (repeatable;
    /// e.g. `--param agree_factor=1.4`; `docs/design.md` describes each).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = super::values::param)]
    pub set: Vec<(String, f64)>,
}

impl ParamArgs {
    fn params(&self) -> Params {
        let mut p = Params::default();
        if let Some(v) = self.min_score {
            p.min_score = v;
        }
        if let Some(v) = self.min_shared {
            p.min_shared = v;
        }
        if !self.set.is_empty() {
            // Names and values were checked by the value parser against the defaults.
            let mut value = serde_json::to_value(p).expect("parameters serialise");
            for (name, v) in &self.set {
                value[name.as_str()] = if v.fract() == 0.0 && *v >= 0.0 {
                    serde_json::json!(*v as u64)
                } else {
                    serde_json::json!(v)
                };
            }
            p = serde_json::from_value(value).expect("checked parameters deserialise");
        }
        p
    }
}

/// Arguments of `align`.
#[derive(Debug, clap::Args)]
pub struct AlignArgs {
    #[command(flatten)]
    pub params: ParamArgs,
}

/// Arguments of `links`.
#[derive(Debug, clap::Args)]
pub struct LinksArgs {
    /// Only links touching this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Only links in this state: auto, confirmed, rejected, manual (with --format tmx, every
    /// state but rejected when not given).
    #[arg(long)]
    pub status: Option<LinkStatus>,
    /// With --format tmx: write the TMX here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `link` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum LinkCommand {
    /// Accept links (they stay, whatever the aligner computes later); all or none.
    Confirm(Decision),
    /// Refuse links (the aligner will not propose them again); all or none.
    Reject(Decision),
    /// Link two paragraphs by hand: ZH_DOC:PARA EN_DOC:PARA.
    Add {
        /// Chinese paragraph, DOC:PARA.
        zh: String,
        /// English paragraph, DOC:PARA.
        en: String,
        /// Why they belong together.
        #[arg(long)]
        note: Option<String>,
    },
}

/// The links a `link confirm|reject` decides on.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = true)]
pub struct Decision {
    /// Link ids (see `hanbridge links`).
    #[arg(allow_negative_numbers = true, value_parser = super::values::link_id)]
    pub ids: Vec<i64>,
    /// A file of link ids, one per line or separated by spaces or commas (`#` starts a
    /// comment; `-` reads stdin).
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

impl Decision {
    /// Every id given, in order, each once.
    fn ids(&self) -> anyhow::Result<Vec<i64>> {
        let mut ids = self.ids.clone();
        if let Some(path) = &self.from {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).context("stdin: cannot read")?
            } else {
                std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read", path.display()))?
            };
            for (n, row) in text.lines().enumerate() {
                let row = row.split('#').next().unwrap_or("");
                for word in row.split([' ', '\t', ',']).filter(|w| !w.is_empty()) {
                    let id = super::values::link_id(word).map_err(|e| {
                        anyhow::anyhow!("{}:{}: {word:?}: {e}", path.display(), n + 1)
                    })?;
                    ids.push(id);
                }
            }
        }
        let mut seen = BTreeSet::new();
        ids.retain(|id| seen.insert(*id));
        if ids.is_empty() {
            bail!("no link ids given");
        }
        Ok(ids)
    }
}

/// Arguments of `unaligned`.
#[derive(Debug, clap::Args)]
pub struct UnalignedArgs {
    /// Which side: zh (Chinese passages the English lacks) or en.
    #[arg(long)]
    pub lang: Lang,
    /// Only this document.
    #[arg(long)]
    pub doc: Option<String>,
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Chinese paragraph, DOC:PARA.
    pub zh: String,
    /// English paragraph, DOC:PARA.
    pub en: String,
    #[command(flatten)]
    pub params: ParamArgs,
}

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold annotation (TSV: zh_doc, zh_para, en_doc, en_para, strength, note). Repeat it to
    /// score several gold sets from one alignment, each on its own documents.
    #[arg(long, required = true)]
    pub gold: Vec<PathBuf>,
    /// Also print a line per document (its links on either side).
    #[arg(long)]
    pub per_document: bool,
    #[command(flatten)]
    pub params: ParamArgs,
}

pub fn run_align(ctx: &Context, args: AlignArgs) -> anyhow::Result<u8> {
    let mut bench = ctx.workbench_write()?;
    // Another writer holding the database is said before the scan, not after it.
    bench.store_mut().wait_for_writers("align")?;
    let obs = ctx.observer();
    let scanned = bench.scan(&obs)?;
    let summary = bench.align(&scanned, args.params.params(), &obs)?;
    if ctx.format == OutputFormat::Json {
        print_json(&summary)?;
    } else {
        super::output::status(ctx.quiet, summary);
    }
    Ok(0)
}

fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn run_links(ctx: &Context, args: LinksArgs) -> anyhow::Result<u8> {
    let store = ctx.open_read()?;
    if ctx.format == OutputFormat::Tmx {
        return links_tmx(ctx, &store, args);
    }
    if args.out.is_some() {
        bail!("links: --out is for --format tmx; other formats go to stdout");
    }
    let links = store.links(&LinkFilter {
        doc: args.doc,
        status: args.status,
    })?;
    match ctx.format {
        OutputFormat::Json => print_json(&links)?,
        OutputFormat::Tsv => {
            line(
                "id\tzh_doc\tzh_para\tzh_text\ten_doc\ten_para\ten_text\tscore\tstatus\tstale\tevidence\tsupersedes\tsuperseded_by",
            )?;
            for l in &links {
                let evidence: Vec<String> = l
                    .evidence
                    .iter()
                    .map(|e| {
                        let zh: Vec<&str> = e.zh.iter().map(|o| o.text.as_str()).collect();
                        let en: Vec<&str> = e.en.iter().map(|o| o.text.as_str()).collect();
                        format!("{} ({} / {})", e.anchor.label(), zh.join(","), en.join(","))
                    })
                    .collect();
                let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
                line(format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    l.id,
                    l.zh_doc,
                    l.zh_para,
                    tsv(l.zh_text.as_deref().unwrap_or("")),
                    l.en_doc,
                    l.en_para,
                    tsv(l.en_text.as_deref().unwrap_or("")),
                    l.score.map(|s| format!("{s:.3}")).unwrap_or_default(),
                    l.status,
                    l.stale,
                    tsv(&evidence.join("; ")),
                    id(l.supersedes),
                    id(l.superseded_by),
                ))?;
            }
        }
        OutputFormat::Table => {
            let mut t = table(&[
                "id", "en", "zh", "score", "status", "evidence", "en text", "zh text",
            ]);
            for l in &links {
                let evidence: Vec<String> = l
                    .evidence
                    .iter()
                    .take(4)
                    .map(|e| e.anchor.label())
                    .collect();
                t.add_row(vec![
                    l.id.to_string(),
                    format!("{}:{}", l.en_doc, l.en_para),
                    format!("{}:{}", l.zh_doc, l.zh_para),
                    l.score
                        .map(|s| format!("{s:.2}"))
                        .unwrap_or_else(|| "-".into()),
                    status_label(l),
                    evidence.join(", "),
                    preview(l.en_text.as_deref().unwrap_or("(changed)"), 30),
                    preview(l.zh_text.as_deref().unwrap_or("(changed)"), 20),
                ]);
            }
            line(t)?;
            line(format!("{} links", links.len()))?;
        }
        other => bail!("links: --format {other:?} is not supported (table, json, tsv)"),
    }
    Ok(0)
}

/// `links --format tmx`: the links (every state but rejected unless `--status` says) as TMX,
/// each document tagged by its language and, for Chinese, its script.
fn links_tmx(ctx: &Context, store: &Store, args: LinksArgs) -> anyhow::Result<u8> {
    let mut links = store.links(&LinkFilter {
        doc: args.doc,
        status: args.status,
    })?;
    if args.status.is_none() {
        links.retain(|l| l.status != LinkStatus::Rejected);
    }
    let tags = document_tags(store)?;
    let lang_of = |doc: &str| tags.get(doc).cloned().unwrap_or_else(|| "und".to_string());
    let write = |w: &mut dyn std::io::Write| export::tmx::tmx(&links, &lang_of, w);
    let summary = match &args.out {
        Some(path) => {
            let mut summary = Default::default();
            export::write_atomic(path, |w| {
                summary = write(w)?;
                Ok(())
            })
            .with_context(|| format!("{}: cannot write", path.display()))?;
            summary
        }
        None => write(&mut std::io::stdout().lock())?,
    };
    if !ctx.quiet {
        let skipped = match summary.skipped {
            0 => String::new(),
            n => format!(" ({n} left out: a paragraph changed or gone)"),
        };
        let to = args
            .out
            .as_ref()
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default();
        eprintln!(
            "hanbridge: wrote {} translation units{to}{skipped}",
            summary.units
        );
    }
    Ok(0)
}

/// Each document's language tag for interchange: `zh-Hant` or `zh-Hans` (told from the
/// characters of its first paragraphs), `ja`, `ko`, `en`.
fn document_tags(store: &Store) -> anyhow::Result<std::collections::HashMap<String, String>> {
    let mut tags = std::collections::HashMap::new();
    for doc in store.documents()? {
        let tag = match doc.lang.parse::<Lang>() {
            Ok(Lang::Zh) => {
                let sample = store.text_sample(&doc.id, SCRIPT_SAMPLE)?;
                if hanbridge::romanise::chinese::is_simplified(&sample) {
                    "zh-Hans"
                } else {
                    "zh-Hant"
                }
                .to_string()
            }
            Ok(lang) => lang.code().to_string(),
            Err(_) => doc.lang.clone(),
        };
        tags.insert(doc.id, tag);
    }
    Ok(tags)
}

/// Characters of a Chinese document read to tell its script.
const SCRIPT_SAMPLE: usize = 4000;

/// A link's status for the table: stale, and which stale decision on the same paragraphs a
/// fresh link takes over (or which link took over a stale decision).
fn status_label(l: &hanbridge::store::StoredLink) -> String {
    let mut notes = Vec::new();
    if l.stale {
        notes.push("stale".to_string());
    }
    if let Some(id) = l.supersedes {
        notes.push(format!("same pair as stale decision {id}"));
    }
    if let Some(id) = l.superseded_by {
        notes.push(format!("proposed again as link {id}"));
    }
    if notes.is_empty() {
        l.status.to_string()
    } else {
        format!("{} ({})", l.status, notes.join("; "))
    }
}

pub fn run_link(ctx: &Context, cmd: LinkCommand) -> anyhow::Result<u8> {
    let mut bench = ctx.workbench_write()?;
    match &cmd {
        LinkCommand::Confirm(decision) | LinkCommand::Reject(decision) => {
            let status = if matches!(cmd, LinkCommand::Confirm { .. }) {
                LinkStatus::Confirmed
            } else {
                LinkStatus::Rejected
            };
            let ids = decision.ids()?;
            bench.decide(&ids, status).map_err(|e| match e {
                ReviewError::NoLink(ids) => {
                    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                    anyhow::anyhow!(
                        "no link {} (see `hanbridge links`); nothing changed",
                        list.join(", ")
                    )
                }
                e => e.into(),
            })?;
            for id in ids {
                line(format!("link {id}: {status}"))?;
            }
        }
        LinkCommand::Add { zh, en, note } => {
            let id = bench.add_link(zh, en, note.as_deref()).map_err(|e| match e {
                ReviewError::NoDocument(doc) => {
                    anyhow::anyhow!("no document {doc:?} (see `hanbridge docs`)")
                }
                ReviewError::NoParagraph { doc, para, count } => anyhow::anyhow!(
                    "no paragraph {doc}:{para} ({doc} has {count} paragraphs; see `hanbridge show {doc}`)"
                ),
                e => e.into(),
            })?;
            line(format!("link {id}: manual, {zh} ↔ {en}"))?;
        }
    }
    Ok(0)
}

/// An unlinked passage, for the `unaligned` view.
#[derive(Debug, Serialize)]
struct Passage {
    doc: String,
    para: usize,
    section: String,
    kind: String,
    in_scope: bool,
    shared_names: Vec<String>,
    shared_dates: Vec<String>,
    names: Vec<String>,
    preview: String,
}

pub fn run_unaligned(ctx: &Context, args: UnalignedArgs) -> anyhow::Result<u8> {
    let bench = ctx.workbench_read()?;
    let Scanned {
        units,
        stored,
        glossary,
        ..
    } = bench.scan(&Silent)?;
    let linked = bench.links(&units)?.linked;
    let scopes = align::scopes(&units, Params::default(), &unlinked(&units, &linked));
    let want_cjk = args.lang.is_cjk();
    let label = |id: &str| {
        glossary
            .get(id)
            .map_or(id.to_string(), |e| e.label().to_string())
    };
    let mut passages: Vec<Passage> = Vec::new();
    for (((u, s), scope), &linked) in units.iter().zip(&stored).zip(&scopes).zip(&linked) {
        if u.lang.is_cjk() != want_cjk
            || !matches!(u.kind, BlockKind::Text | BlockKind::Infobox)
            || args.doc.as_ref().is_some_and(|d| *d != u.doc)
            || linked
        {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for m in &u.mentions.names {
            let name = m
                .entity
                .as_deref()
                .map(&label)
                .unwrap_or_else(|| format!("{}?", m.text(&u.text)));
            if !m.nested && !names.contains(&name) {
                names.push(name);
            }
        }
        passages.push(Passage {
            doc: u.doc.clone(),
            para: u.ordinal,
            section: s.section_title.clone(),
            kind: s.kind.name().to_string(),
            in_scope: scope.in_scope(),
            shared_names: scope.shared_names.iter().map(|id| label(id)).collect(),
            shared_dates: scope.shared_dates.clone(),
            names,
            preview: preview(&u.text, 60),
        });
    }
    // In-scope passages first, then by document and position.
    passages.sort_by(|a, b| {
        (!a.in_scope, a.doc.as_str(), a.para).cmp(&(!b.in_scope, b.doc.as_str(), b.para))
    });
    if ctx.format == OutputFormat::Json {
        print_json(&passages)?;
        return Ok(0);
    }
    let in_scope = passages.iter().filter(|p| p.in_scope).count();
    let side = if want_cjk { "English" } else { "Chinese" };
    for (title, scoped) in [
        (
            format!("About the same events as the {side} documents, but unlinked ({in_scope}):"),
            true,
        ),
        (
            format!(
                "Out of scope: nothing shared with the {side} documents ({}):",
                passages.len() - in_scope
            ),
            false,
        ),
    ] {
        line(title)?;
        let mut current: Option<(String, String)> = None;
        for p in passages.iter().filter(|p| p.in_scope == scoped) {
            let key = (p.doc.clone(), p.section.clone());
            if current.as_ref() != Some(&key) {
                let section = if p.section.is_empty() {
                    "(lead)"
                } else {
                    p.section.as_str()
                };
                line(format!("  {} § {}", p.doc, section))?;
                current = Some(key);
            }
            let names = if scoped {
                format!(
                    "shares: {}",
                    [p.shared_names.clone(), p.shared_dates.clone()]
                        .concat()
                        .join(", ")
                )
            } else {
                let names: Vec<String> = p.names.iter().take(6).cloned().collect();
                format!(
                    "names: {}",
                    if names.is_empty() {
                        "(none)".to_string()
                    } else {
                        names.join(", ")
                    }
                )
            };
            line(format!(
                "    {}:{}  {}  [{}]",
                p.doc, p.para, p.preview, names
            ))?;
        }
    }
    Ok(0)
}

pub fn run_eval(ctx: &Context, args: EvalArgs) -> anyhow::Result<u8> {
    // Every gold file is read and checked before the (slow) alignment.
    let golds = args
        .gold
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let gold =
                Gold::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Ok((path, gold))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let units = ctx.workbench_read()?.scan(&Silent)?.units;
    let links = align::align(&units, args.params.params());
    let predicted: BTreeSet<Pair> = links
        .iter()
        .map(|l| (l.zh_doc.clone(), l.zh_para, l.en_doc.clone(), l.en_para))
        .collect();
    for (n, (path, gold)) in golds.iter().enumerate() {
        let s = score(&predicted, gold);
        if ctx.format == OutputFormat::Json {
            // One object per gold file: JSON Lines when there are several.
            #[derive(serde::Serialize)]
            struct Named<'a> {
                gold: String,
                #[serde(flatten)]
                scores: &'a hanbridge::align::eval::Scores,
            }
            let named = Named {
                gold: path.display().to_string(),
                scores: &s,
            };
            if golds.len() == 1 {
                print_json(&named)?;
            } else {
                line(serde_json::to_string(&named)?)?;
            }
            continue;
        }
        if golds.len() > 1 {
            if n > 0 {
                line("")?;
            }
            line(format!("gold {}", path.display()))?;
        }
        print_scores(&s, args.per_document)?;
    }
    Ok(0)
}

/// The text form of one gold file's scores.
fn print_scores(s: &hanbridge::align::eval::Scores, per_document: bool) -> anyhow::Result<()> {
    line(format!(
        "precision {:.3} ({}/{} predicted links are strong or partial in the gold)",
        s.precision, s.correct, s.predicted
    ))?;
    line(format!(
        "recall    {:.3} ({}/{} strong links found; {}/{} partial)",
        s.recall, s.strong_found, s.strong, s.partial_found, s.partial
    ))?;
    line(format!("F1        {:.3}", s.f1))?;
    if per_document {
        let rows: Vec<Vec<String>> = s
            .documents
            .iter()
            .map(|d| {
                vec![
                    d.doc.clone(),
                    format!("{}/{}", d.correct, d.predicted),
                    format!("{}/{}", d.strong_found, d.strong),
                    format!("{:.3}", d.precision),
                    format!("{:.3}", d.recall),
                    format!("{:.3}", d.f1),
                ]
            })
            .collect();
        let mut t = table(&["document", "correct", "strong", "precision", "recall", "F1"]);
        t.add_rows(rows);
        line(t)?;
    }
    let fmt = |p: &Pair| format!("{}:{} ↔ {}:{}", p.0, p.1, p.2, p.3);
    if !s.missed.is_empty() {
        line(format!(
            "missed strong: {}",
            s.missed.iter().map(fmt).collect::<Vec<_>>().join(", ")
        ))?;
    }
    if !s.false_positives.is_empty() {
        line(format!(
            "not in gold:   {}",
            s.false_positives
                .iter()
                .map(fmt)
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
    }
    Ok(())
}

pub fn run_explain(ctx: &Context, args: ExplainArgs) -> anyhow::Result<u8> {
    let units = ctx.workbench_read()?.scan(&Silent)?.units;
    let find = |s: &str| -> anyhow::Result<usize> {
        let (doc, para) = parse_doc_para(s)?;
        units
            .iter()
            .position(|u| u.doc == doc && u.ordinal == para)
            .with_context(|| format!("no paragraph {doc}:{para}"))
    };
    let (i, j) = (find(&args.zh)?, find(&args.en)?);
    if units[i].lang.is_cjk() == units[j].lang.is_cjk() {
        anyhow::bail!(
            "{} and {} are both {}: explain compares a Chinese paragraph with an English one",
            args.zh,
            args.en,
            if units[i].lang.is_cjk() {
                "Chinese"
            } else {
                "English"
            }
        );
    }
    let prep = align::Prepared::new(&units, args.params.params());
    // The decision `align` stores: the score's, the candidate generation's and the cap's.
    let score = prep.decide(&units, i, j);
    // Why the contexts agree, if they do.
    let agreement = prep.agreement(i, j);
    if ctx.format == OutputFormat::Json {
        /// The decision with why the contexts agree.
        #[derive(Serialize)]
        struct Explained<'a> {
            #[serde(flatten)]
            score: &'a align::PairScore,
            #[serde(skip_serializing_if = "Option::is_none")]
            agreement: Option<&'a str>,
        }
        print_json(&Explained {
            score: &score,
            agreement: agreement.as_deref(),
        })?;
        return Ok(0);
    }
    for (label, k) in [(&args.zh, i), (&args.en, j)] {
        let anchors: Vec<String> = prep
            .anchors_of(k)
            .iter()
            .map(|(a, w)| format!("{} {w:.2}", a.label()))
            .collect();
        line(format!("{label} anchors: {}", anchors.join(", ")))?;
        line(format!("{label} context: {}", prep.context(k).describe()))?;
        let u = &units[k];
        let derived: Vec<String> = u
            .mentions
            .names
            .iter()
            .filter_map(|n| {
                let rule = n.derived?;
                let entity = n.entity.as_deref().unwrap_or("?");
                Some(format!("{} → {entity} ({rule})", n.text(&u.text)))
            })
            .collect();
        if !derived.is_empty() {
            line(format!("{label} derived names: {}", derived.join(", ")))?;
        }
    }
    let shared = score.shared_labels();
    line(format!(
        "shared: {}",
        if shared.is_empty() {
            "nothing".into()
        } else {
            shared.join(", ")
        }
    ))?;
    let agreement = agreement.map(|why| format!("contexts agree ({why})"));
    let relation = match score.relation {
        align::context::Relation::Agree => agreement.as_deref().unwrap_or("contexts agree"),
        align::context::Relation::Disjoint => "times disjoint",
        align::context::Relation::Overlap => "times overlap",
        align::context::Relation::Place => "same place, time unknown or wide",
        align::context::Relation::Neutral => "contexts neither agree nor differ",
    };
    line(format!(
        "base score {:.3} = shared {:.2}^(1+γ) / denominator {:.2}{}; context: {relation}, \
         ×{}{}; minimum shared weight {}",
        score.base_score,
        score.shared_weight,
        score.denominator,
        if score.summary {
            format!(
                " (the longer paragraph counted at {}× the shorter: a summary)",
                args.params.params().summary_ratio
            )
        } else {
            String::new()
        },
        score.context_factor,
        match score.out_of_order {
            Some((x, y)) => format!(
                "; two articles on one battle, the paragraphs far apart in their narratives \
                 (at {x:.2} and {y:.2} of them): two moments, ×{}",
                args.params.params().order_factor
            ),
            None => String::new(),
        },
        score.min_shared
    ))?;
    line(format!(
        "score {:.3}, shared weight {:.2}: {}",
        score.score,
        score.shared_weight,
        match &score.reason {
            None if score.thin => format!(
                "linked, thin: below {} but at least {} of it, the best pair of a narrative \
                 paragraph of an article on its battle with a chronicle whose context agrees",
                args.params.params().min_score,
                args.params.params().chronicle_share
            ),
            None => "linked".to_string(),
            Some(r) => format!("not linked ({r})"),
        }
    ))?;
    Ok(0)
}

/// Prints every alignable paragraph's anchors as JSON lines (for studying the scorer).
pub fn run_dump_anchors(ctx: &Context) -> anyhow::Result<u8> {
    let units = ctx.workbench_read()?.scan(&Silent)?.units;
    for u in &units {
        let set = align::anchors(&u.mentions);
        let mut anchors = Vec::new();
        let mut kinds = Vec::new();
        let mut counts = Vec::new();
        for (a, spans) in &set {
            anchors.push(a.label());
            kinds.push(match a {
                align::Anchor::Entity { .. } => "entity",
                align::Anchor::Number { .. } => "number",
                align::Anchor::Range { .. } => "range",
                align::Anchor::Date { .. } => "date",
                align::Anchor::Concept { .. } => "concept",
                align::Anchor::Read { .. } => "read",
                align::Anchor::Death { .. } => "death",
            });
            counts.push(spans.len());
        }
        line(
            serde_json::json!({"doc": u.doc, "para": u.ordinal, "lang": u.lang, "kind": u.kind, "anchors": anchors, "kinds": kinds, "counts": counts}),
        )?;
    }
    Ok(0)
}
