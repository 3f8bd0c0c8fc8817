//! The pipeline's stages: import, scan, align, links, checks.

use super::{Observer, Workbench};
use crate::align::{self, Params, Unit};
use crate::check::{self, CheckUnit, Finding, LinkRef, Options};
use crate::corpus::BlockKind;
use crate::corpus::Lang;
use crate::corpus::collect::{
    Collected, Overrides, Skip, TEXT_EXTENSIONS, collect, for_each_document,
};
use crate::glossary::Kind;
use crate::mentions::EntityId;
use crate::mentions::dates::eras_from_glossary;
use crate::mentions::{NameMatcher, ParagraphMentions, scan_document};
use crate::store::{AlignSummary, ImportOutcome, LinkStatus, Store, StoredUnit};
use anyhow::bail;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// At most this many files a walk passed over are named, one warning each.
const SKIPPED_LINES: usize = 10;

/// Imports every file under `paths` into the store that `open` opens, all or nothing.
///
/// Every path is resolved and every file read and parsed first, to report every bad path and
/// file (missing, unreadable, not UTF-8, binary, empty, unparsable) in one pass before the
/// database is touched (or created); then read and parsed again in parallel batches written in
/// one transaction. Parsing twice costs little next to the inserts, and the corpus is never in
/// memory at once.
pub fn import(
    paths: &[PathBuf],
    ov: &Overrides,
    obs: &dyn Observer,
    open: impl FnOnce() -> anyhow::Result<Store>,
) -> anyhow::Result<(Workbench, Vec<ImportOutcome>)> {
    let Collected {
        inputs,
        mut errors,
        skipped,
    } = collect(paths, ov);
    for (path, why) in skipped.iter().take(SKIPPED_LINES) {
        let why = match why {
            Skip::OtherKind => format!(
                "not a .{} file, and no corpus.toml lists it",
                TEXT_EXTENSIONS.join("/.")
            ),
            Skip::NotRegular => "not a regular file (a FIFO, socket or device)".into(),
        };
        obs.warn(&format!("{}: not imported: {why}", path.display()));
    }
    if skipped.len() > SKIPPED_LINES {
        obs.warn(&format!(
            "{} more files not imported",
            skipped.len() - SKIPPED_LINES
        ));
    }
    obs.begin("read", inputs.len() as u64);
    if let Err(bad) = for_each_document(&inputs, &|| obs.tick(), |_| Ok(())) {
        errors.extend(bad);
    }
    obs.end();
    if !errors.is_empty() {
        return Err(join_errors(errors));
    }
    let mut store = open()?;
    let mut importer = store.importer()?;
    let mut outcomes = Vec::with_capacity(inputs.len());
    obs.begin("import", inputs.len() as u64);
    for_each_document(&inputs, &|| obs.tick(), |doc| {
        outcomes.push(importer.import(&doc)?);
        Ok(())
    })
    .map_err(join_errors)?;
    obs.end();
    importer.finish()?;
    Ok((Workbench::new(store), outcomes))
}

/// Merges the errors of several files into one message, one file per line.
fn join_errors(errors: Vec<anyhow::Error>) -> anyhow::Error {
    let n = errors.len();
    let msgs: Vec<String> = errors.iter().map(|e| format!("{e:#}")).collect();
    let joined = msgs.join("\nhanbridge: ");
    if n > 1 {
        anyhow::anyhow!("{joined}\nhanbridge: {n} errors; nothing imported")
    } else {
        anyhow::anyhow!("{joined}")
    }
}

/// Above this many glossary entries, [`Workbench::scan`] reads only the entries whose names
/// can occur in the corpus (from the name authority cache) rather than the whole glossary.
pub const CORPUS_GLOSSARY_ABOVE: usize = 20_000;

/// Which glossary a scan matches names with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryScope {
    /// The corpus's part above [`CORPUS_GLOSSARY_ABOVE`] entries, else the whole.
    Auto,
    /// The whole glossary, as the database holds it.
    Whole,
    /// The entries whose names can occur in the corpus, from the name authority cache beside
    /// the database (the whole glossary when there is no cache of its version).
    Corpus,
}

/// Every current paragraph, scanned: what the aligner, the checks and the views read.
pub struct Scanned {
    /// The glossary the names were matched with: the whole glossary, or the entries whose
    /// names can occur in the corpus (see [`GlossaryScope`]).
    pub glossary: crate::glossary::Glossary,
    /// The name authority cache `glossary` was read from when it is the corpus's part; the
    /// checks ask it about the whole glossary.
    authority: Option<crate::glossary::authority::Authority>,
    /// Paragraphs with their display text, offset map and mentions, in document order.
    pub units: Vec<Unit>,
    /// The same paragraphs' stored rows, for what only the checks and views read (raw text,
    /// positions, section titles); their ids, hashes, texts and maps moved into `units`.
    pub stored: Vec<StoredUnit>,
}

impl Scanned {
    /// `glossary` is the corpus's part of a large glossary, not the whole.
    pub fn is_part(&self) -> bool {
        self.authority.is_some()
    }
}

/// What [`Workbench::align`] stored: how many links the aligner proposed, and what became of
/// them.
#[derive(Debug, Clone, Serialize)]
pub struct Aligned {
    /// Links the aligner proposed.
    pub proposed: usize,
    /// Automatic, confirmed, rejected, manual and stale links after storing them.
    #[serde(flatten)]
    pub stored: AlignSummary,
}

impl std::fmt::Display for Aligned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.stored;
        write!(
            f,
            "links: {} proposed ({} automatic, {} already confirmed, {} rejected earlier), {} manual, {} decisions on changed paragraphs (stale)",
            self.proposed, s.auto, s.confirmed, s.rejected, s.manual, s.stale
        )
    }
}

/// Which paragraphs links hold, read without evidence, one link at a time.
pub struct Linked {
    /// Per unit: held by a link that is neither rejected nor stale.
    pub linked: Vec<bool>,
    /// How many links are not rejected.
    pub shown: usize,
    /// Per unit: for a Chinese paragraph, the first (in unit order) English paragraph it is
    /// linked to (not rejected, not stale); where the report shows it side by side.
    pub partner: Vec<Option<u32>>,
    /// The links neither rejected nor stale between two paragraphs of the units, as unit
    /// indices: what the checks compare.
    pub pairs: Vec<LinkRef>,
}

/// Everything the review views read: the scanned paragraphs, which links hold them, and the
/// findings (the report and the browser workbench).
pub struct Reviewed {
    /// The scanned paragraphs.
    pub scanned: Scanned,
    /// Which paragraphs links hold.
    pub linked: Linked,
    /// The checks' findings, keyed, with the translator's dismissals.
    pub findings: Vec<Finding>,
}

/// Per unit: an alignable paragraph without a link (whose scope the unaligned views show).
pub fn unlinked(units: &[Unit], linked: &[bool]) -> Vec<bool> {
    units
        .iter()
        .zip(linked)
        .map(|(u, &l)| !l && matches!(u.kind, BlockKind::Text | BlockKind::Infobox))
        .collect()
}

impl Workbench {
    /// Reads every current paragraph and finds its names, numbers and dates (documents in
    /// parallel). Needs the glossary loaded.
    pub fn scan(&self, obs: &dyn Observer) -> anyhow::Result<Scanned> {
        self.scan_in(GlossaryScope::Auto, obs)
    }

    /// As [`Self::scan`], with the glossary `scope`.
    pub fn scan_in(&self, scope: GlossaryScope, obs: &dyn Observer) -> anyhow::Result<Scanned> {
        let (entries, _) = self.store.glossary_counts()?;
        if entries == 0 {
            bail!(
                "no glossary in the database: run `hanbridge glossary load` (or `hanbridge run`) first"
            );
        }
        let mut stored = self.store.units()?;
        let corpus = match scope {
            GlossaryScope::Auto => entries > CORPUS_GLOSSARY_ABOVE,
            GlossaryScope::Whole => false,
            GlossaryScope::Corpus => true,
        };
        let (glossary, authority) =
            match corpus.then(|| self.corpus_glossary(&stored)).transpose()? {
                Some(Some((g, authority))) => {
                    obs.detail(&format!(
                        "glossary: the {} of {entries} entries whose names can occur in the corpus",
                        g.entries.len()
                    ));
                    (g, Some(authority))
                }
                _ => (self.store.glossary()?, None),
            };
        let matcher = NameMatcher::new(&glossary);
        let eras = eras_from_glossary(&glossary);
        // Group paragraphs by document (they come ordered by document).
        let mut docs: Vec<(usize, usize)> = Vec::new();
        for (i, u) in stored.iter().enumerate() {
            match docs.last_mut() {
                Some((start, end)) if stored[*start].doc == u.doc => *end = i + 1,
                _ => docs.push((i, i + 1)),
            }
        }
        obs.begin("scan", docs.len() as u64);
        let scanned: Vec<Vec<ParagraphMentions>> = docs
            .par_iter()
            .map(|&(start, end)| {
                obs.tick();
                let part = &stored[start..end];
                // Page furniture (references, hatnotes, category lines) is not read: its names
                // would resolve short forms of the text and its years date the narration.
                let texts: Vec<&str> = part
                    .iter()
                    .map(|u| match u.kind {
                        BlockKind::Meta => "",
                        _ => u.text.as_str(),
                    })
                    .collect();
                scan_document(&matcher, &eras, part[0].lang, &texts)
            })
            .collect();
        obs.end();
        // Ids, hashes, texts and offset maps move into the units: one copy in memory, not two.
        let mut units = Vec::with_capacity(stored.len());
        for (&(start, end), mentions) in docs.iter().zip(scanned) {
            for (u, m) in stored[start..end].iter_mut().zip(mentions) {
                units.push(Unit {
                    doc: std::mem::take(&mut u.doc),
                    ordinal: u.ordinal,
                    hash: std::mem::take(&mut u.hash),
                    lang: u.lang,
                    kind: u.kind,
                    text: std::mem::take(&mut u.text),
                    map: std::mem::take(&mut u.map),
                    mentions: m,
                    context: Default::default(),
                });
            }
        }
        let kinds = align::context::kinds(&glossary);
        // The battles each document's title (as imported) names.
        let titles: HashMap<String, Vec<EntityId>> = self
            .store
            .documents()?
            .into_iter()
            .filter_map(|d| {
                let lang: Lang = d.lang.parse().ok()?;
                let found = scan_document(&matcher, &eras, lang, &[d.title.as_str()]);
                let mut battles: Vec<EntityId> = found
                    .first()?
                    .names
                    .iter()
                    .filter(|n| !n.nested)
                    .filter_map(|n| n.entity)
                    .filter(|e| kinds.get(e) == Some(&Kind::Battle))
                    .collect();
                battles.sort_unstable();
                battles.dedup();
                (!battles.is_empty()).then_some((d.id, battles))
            })
            .collect();
        align::context::assign_titled(
            &mut units,
            &kinds,
            &matcher.battle_sites(),
            &titles,
            align::is_roster,
        );
        // Names the glossary lacks, read across the corpus's scripts: evidence for links.
        let read = align::reading::read_names(&mut units);
        if read > 0 {
            obs.detail(&format!(
                "names the glossary lacks, read in both languages: {read}"
            ));
        }
        Ok(Scanned {
            glossary,
            authority,
            units,
            stored,
        })
    }

    /// The entries whose names can occur in the paragraphs `stored`, from the name authority
    /// cache of the stored glossary's version; `None` without one.
    fn corpus_glossary(
        &self,
        stored: &[StoredUnit],
    ) -> anyhow::Result<
        Option<(
            crate::glossary::Glossary,
            crate::glossary::authority::Authority,
        )>,
    > {
        let Some(version) = self.store.glossary_version()? else {
            return Ok(None);
        };
        let Some(authority) = crate::glossary::authority::open_cached(self.store.path(), &version)
        else {
            return Ok(None);
        };
        let Ok(mut entries) = authority.corpus_entries(stored.iter().map(|u| u.text.as_str()))
        else {
            // A damaged cache: the whole glossary serves (the next look-up rebuilds it).
            return Ok(None);
        };
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Some((crate::glossary::Glossary { entries }, authority)))
    }

    /// Computes links for scanned paragraphs and stores them, batch by batch, in one
    /// transaction; review decisions on unchanged paragraphs are kept.
    pub fn align(
        &mut self,
        scanned: &Scanned,
        params: Params,
        obs: &dyn Observer,
    ) -> anyhow::Result<Aligned> {
        let units = &scanned.units;
        obs.begin(
            "align",
            units.iter().filter(|u| u.lang.is_cjk()).count() as u64,
        );
        let mut writer = self.store.link_writer()?;
        let mut proposed = 0;
        align::align_each(units, params, align::LINK_BATCH, &|| obs.tick(), |batch| {
            proposed += batch.len();
            writer.write(&batch)
        })?;
        obs.end();
        Ok(Aligned {
            proposed,
            stored: writer.finish()?,
        })
    }

    /// Reads every link once and marks the paragraphs they hold.
    pub fn links(&self, units: &[Unit]) -> anyhow::Result<Linked> {
        let index = align::unit_index(units);
        let mut out = Linked {
            linked: vec![false; units.len()],
            shown: 0,
            partner: vec![None; units.len()],
            pairs: Vec::new(),
        };
        self.store.for_each_link_pair(|l| {
            if l.status == LinkStatus::Rejected {
                return;
            }
            out.shown += 1;
            if l.stale {
                return;
            }
            let zh = index.get(&(l.zh_doc.as_str(), l.zh_para)).copied();
            let en = index.get(&(l.en_doc.as_str(), l.en_para)).copied();
            for i in zh.iter().chain(&en) {
                out.linked[*i] = true;
            }
            if let (Some(z), Some(e)) = (zh, en) {
                out.pairs.push(LinkRef { zh: z, en: e });
                let e = e as u32;
                let p = &mut out.partner[z];
                *p = Some(p.map_or(e, |q| q.min(e)));
            }
        })?;
        Ok(out)
    }

    /// Runs every check on scanned paragraphs and their links; the findings come sorted,
    /// keyed (by paragraph content) and marked with the translator's dismissals.
    /// `glossary_dir` holds the glossary files (for findings about the glossary itself).
    pub fn check(
        &self,
        scanned: &Scanned,
        linked: &Linked,
        glossary_dir: &Path,
        options: &Options,
        obs: &dyn Observer,
    ) -> anyhow::Result<Vec<Finding>> {
        let (units, stored) = (&scanned.units, &scanned.stored);
        let glossary = &scanned.glossary;
        let markup = self.store.current_markup()?;
        type Markup = (
            Vec<(String, String, (usize, usize))>,
            Vec<(String, (usize, usize))>,
        );
        // Per unit: the markup of its paragraph.
        let mut by_unit: Vec<Markup> = vec![Markup::default(); units.len()];
        let index_of = align::unit_index(units);
        for (doc, para, kind, label, value, range) in markup {
            let Some(&i) = index_of.get(&(doc.as_str(), para)) else {
                continue;
            };
            let entry = &mut by_unit[i];
            if kind == "link" {
                if let Some(r) = range {
                    entry.0.push((label, value, r));
                }
            } else if let Some(pos) = units[i].text.find(&value).filter(|_| !value.is_empty()) {
                entry.1.push((label, (pos, pos + value.len())));
            }
        }
        let check_units: Vec<CheckUnit<'_>> = units
            .iter()
            .zip(stored)
            .zip(by_unit)
            .map(|((u, s), (links, fields))| CheckUnit {
                sentences: crate::corpus::sentence::split(&u.text, u.lang),
                chars: crate::corpus::CharCounter::new(&u.text),
                unit: u,
                run_chars: &s.run_chars,
                start_char: s.start_char,
                links,
                fields,
            })
            .collect();
        let checked = self.authority_checks(glossary_dir, obs)?;
        let (report, origins) = (checked.report, checked.origins);
        let origin = |id: &str| {
            origins
                .get(id)
                .cloned()
                .unwrap_or_else(|| ("glossary".into(), 0))
        };
        // The corpus's part of a large glossary: what the name checks ask of the whole (near
        // misses, wikilink targets) comes from the name authority cache.
        let cached = scanned
            .authority
            .as_ref()
            .and_then(|a| check::names::CachedNames::new(a).ok());
        // Without a cache to ask, the whole glossary in memory: the one scanned, or (a part was
        // scanned) the database's.
        let whole_glossary;
        let in_memory;
        let whole: &dyn check::names::WholeNames = match &cached {
            Some(c) => c,
            None if scanned.is_part() => {
                whole_glossary = self.store.glossary()?;
                in_memory = check::names::GlossaryNames::new(&whole_glossary);
                &in_memory
            }
            None => {
                in_memory = check::names::GlossaryNames::new(glossary);
                &in_memory
            }
        };
        obs.begin("check", check::STEPS);
        let mut all = check::check_in(
            &check_units,
            &linked.pairs,
            glossary,
            whole,
            Some((&report, &origin)),
            options,
            &|| obs.tick(),
        );
        obs.end();
        let documents = self.store.documents()?;
        all.extend(check::hidden_in_titles(
            documents.iter().map(|d| (d.id.as_str(), d.title.as_str())),
            units,
        ));
        check::sort(&mut all);
        // Stable keys (by paragraph content), then the translator's dismissals.
        let hash_of: HashMap<(&str, usize), &str> = units
            .iter()
            .map(|u| ((u.doc.as_str(), u.ordinal), u.hash.as_str()))
            .collect();
        check::assign_keys(&mut all, |doc, para| {
            hash_of.get(&(doc, para)).map(|h| h.to_string())
        });
        let dismissed = self.store.dismissals()?;
        check::apply_dismissals(&mut all, |key| dismissed.get(key).map(|d| d.reason.clone()));
        Ok(all)
    }

    /// Scans the paragraphs, reads the links and runs the checks: what the report and the
    /// browser workbench show.
    pub fn review(&self, glossary_dir: &Path, obs: &dyn Observer) -> anyhow::Result<Reviewed> {
        let scanned = self.scan(obs)?;
        let linked = self.links(&scanned.units)?;
        let findings = self.check(&scanned, &linked, glossary_dir, &Options::default(), obs)?;
        Ok(Reviewed {
            scanned,
            linked,
            findings,
        })
    }

    /// The browser workbench's data: the reviewed corpus with the documents and glossary.
    pub fn snapshot(&self, reviewed: Reviewed) -> anyhow::Result<crate::serve::Snapshot> {
        let Reviewed {
            scanned, findings, ..
        } = reviewed;
        let sections = scanned
            .stored
            .into_iter()
            .map(|s| s.section_title)
            .collect();
        Ok(crate::serve::Snapshot::new(
            scanned.units,
            sections,
            self.store.documents()?,
            self.store.glossary()?,
            findings,
        ))
    }
}
