//! Measuring the aligner against a gold annotation.
//!
//! The gold file is TSV with a header: `zh_doc  zh_para  en_doc  en_para  strength  note`, where
//! strength is `strong` (the two paragraphs report the same facts) or `partial` (they share
//! some). As in word-alignment evaluation (sure/possible links), precision counts a predicted
//! link as correct if it is strong or partial, recall counts the strong links found:
//! precision = |P ∩ (S ∪ Pa)| / |P|, recall = |P ∩ S| / |S|.
//!
//! A gold file covers the documents its rows name, plus any listed on a comment line
//! `# documents: ID ID …` (documents that have no gold link at all, whose links are all
//! false). Only predicted links between two covered documents are scored, so one database can
//! hold several gold sets' texts and each is measured on its own.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A paragraph pair: (zh document, zh paragraph, en document, en paragraph).
pub type Pair = (String, usize, String, usize);

/// A gold annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    /// Links that must be found.
    pub strong: BTreeSet<Pair>,
    /// Links that may be found.
    pub partial: BTreeSet<Pair>,
    /// Documents the annotation covers: those its rows name and those on `# documents:` lines.
    pub documents: BTreeSet<String>,
}

impl Gold {
    /// Parses gold TSV; errors name the line.
    pub fn parse(text: &str) -> Result<Gold, String> {
        let mut gold = Gold::default();
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h))
                if h.split('\t').take(5).collect::<Vec<_>>()
                    == ["zh_doc", "zh_para", "en_doc", "en_para", "strength"] => {}
            _ => {
                return Err(
                    "line 1: expected header zh_doc, zh_para, en_doc, en_para, strength, note"
                        .into(),
                );
            }
        }
        for (i, line) in lines {
            let line_no = i + 1;
            if let Some(list) = line.strip_prefix("# documents:") {
                gold.documents
                    .extend(list.split_whitespace().map(str::to_string));
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() < 5 {
                return Err(format!(
                    "line {line_no}: expected at least 5 tab-separated cells"
                ));
            }
            let para = |s: &str| {
                s.trim()
                    .parse::<usize>()
                    .map_err(|_| format!("line {line_no}: {s:?} is not a paragraph number"))
            };
            let pair = (
                cells[0].trim().to_string(),
                para(cells[1])?,
                cells[2].trim().to_string(),
                para(cells[3])?,
            );
            let set = match cells[4].trim() {
                "strong" => &mut gold.strong,
                "partial" => &mut gold.partial,
                other => {
                    return Err(format!(
                        "line {line_no}: strength {other:?} is not strong or partial"
                    ));
                }
            };
            gold.documents.insert(pair.0.clone());
            gold.documents.insert(pair.2.clone());
            set.insert(pair);
        }
        Ok(gold)
    }
}

/// Scores of a prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Links predicted.
    pub predicted: usize,
    /// Predicted links that are strong or partial in the gold.
    pub correct: usize,
    /// Strong gold links.
    pub strong: usize,
    /// Strong gold links predicted.
    pub strong_found: usize,
    /// Partial gold links.
    pub partial: usize,
    /// Partial gold links predicted.
    pub partial_found: usize,
    /// correct / predicted.
    pub precision: f64,
    /// strong_found / strong.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Predicted links not in the gold.
    pub false_positives: Vec<Pair>,
    /// Strong gold links not predicted.
    pub missed: Vec<Pair>,
    /// The same measures per covered document (its links on either side), in id order.
    pub documents: Vec<DocScores>,
}

/// Precision, recall and F1 of the links of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocScores {
    /// Document id.
    pub doc: String,
    /// Links predicted with this document on one side.
    pub predicted: usize,
    /// Of those, links strong or partial in the gold.
    pub correct: usize,
    /// Strong gold links of this document.
    pub strong: usize,
    /// Of those, predicted.
    pub strong_found: usize,
    /// correct / predicted (0 when nothing is predicted).
    pub precision: f64,
    /// strong_found / strong (0 when the gold has none).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// (precision, recall, F1) from counts; 0 where a denominator is 0.
fn measures(correct: usize, predicted: usize, found: usize, strong: usize) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(correct, predicted), ratio(found, strong));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// Scores predicted pairs against the gold. Only pairs between two documents the gold covers
/// count (see the module docs).
pub fn score(predicted: &BTreeSet<Pair>, gold: &Gold) -> Scores {
    let covered = |p: &Pair| gold.documents.contains(&p.0) && gold.documents.contains(&p.2);
    let predicted: BTreeSet<&Pair> = predicted.iter().filter(|p| covered(p)).collect();
    let in_gold = |p: &Pair| gold.strong.contains(p) || gold.partial.contains(p);
    let correct = predicted.iter().filter(|p| in_gold(p)).count();
    let strong_found = gold.strong.iter().filter(|p| predicted.contains(p)).count();
    let partial_found = gold
        .partial
        .iter()
        .filter(|p| predicted.contains(p))
        .count();
    let (precision, recall, f1) =
        measures(correct, predicted.len(), strong_found, gold.strong.len());
    // Per document, counted in one pass over the links (not once per document).
    #[derive(Default)]
    struct Counts {
        predicted: usize,
        correct: usize,
        strong: usize,
        found: usize,
    }
    let mut counts: BTreeMap<&str, Counts> = gold
        .documents
        .iter()
        .map(|d| (d.as_str(), Counts::default()))
        .collect();
    let mut add = |p: &Pair, bump: &dyn Fn(&mut Counts)| {
        for doc in [p.0.as_str(), p.2.as_str()] {
            if let Some(c) = counts.get_mut(doc) {
                bump(c);
            }
        }
    };
    for p in &predicted {
        let correct = in_gold(p);
        add(p, &|c| {
            c.predicted += 1;
            c.correct += usize::from(correct);
        });
    }
    for p in &gold.strong {
        let found = predicted.contains(p);
        add(p, &|c| {
            c.strong += 1;
            c.found += usize::from(found);
        });
    }
    let documents = counts
        .into_iter()
        .map(|(doc, c)| {
            let (precision, recall, f1) = measures(c.correct, c.predicted, c.found, c.strong);
            DocScores {
                doc: doc.to_string(),
                predicted: c.predicted,
                correct: c.correct,
                strong: c.strong,
                strong_found: c.found,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    Scores {
        predicted: predicted.len(),
        correct,
        strong: gold.strong.len(),
        strong_found,
        partial: gold.partial.len(),
        partial_found,
        precision,
        recall,
        f1,
        false_positives: predicted
            .iter()
            .filter(|p| !in_gold(p))
            .map(|p| (*p).clone())
            .collect(),
        missed: gold
            .strong
            .iter()
            .filter(|p| !predicted.contains(p))
            .cloned()
            .collect(),
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(z: usize, e: usize) -> Pair {
        ("zh".into(), z, "en".into(), e)
    }

    #[test]
    fn sure_and_possible_scoring() {
        let gold = Gold::parse(
            "zh_doc\tzh_para\ten_doc\ten_para\tstrength\tnote\nzh\t1\ten\t1\tstrong\t\nzh\t2\ten\t2\tstrong\t\nzh\t3\ten\t1\tpartial\tsome\n",
        )
        .expect("valid");
        let predicted: BTreeSet<Pair> = [pair(1, 1), pair(3, 1), pair(4, 4)].into();
        let s = score(&predicted, &gold);
        assert_eq!((s.correct, s.strong_found, s.partial_found), (2, 1, 1));
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.recall - 0.5).abs() < 1e-9);
        assert_eq!(s.false_positives, [pair(4, 4)]);
        assert_eq!(s.missed, [pair(2, 2)]);
        let zh = &s.documents[1];
        assert_eq!((zh.doc.as_str(), zh.predicted, zh.correct), ("zh", 3, 2));
    }

    #[test]
    fn only_covered_documents_are_scored() {
        let gold = Gold::parse(
            "zh_doc\tzh_para\ten_doc\ten_para\tstrength\tnote\n# documents: lone\nzh\t1\ten\t1\tstrong\t\n",
        )
        .expect("valid");
        let other = ("zh".to_string(), 2, "elsewhere".to_string(), 1);
        let lone = ("lone".to_string(), 1, "en".to_string(), 2);
        let predicted: BTreeSet<Pair> = [pair(1, 1), other, lone.clone()].into();
        let s = score(&predicted, &gold);
        assert_eq!(
            (s.predicted, s.correct),
            (2, 1),
            "a link to an uncovered document is not scored"
        );
        assert_eq!(s.false_positives, [lone]);
        let docs: Vec<&str> = s.documents.iter().map(|d| d.doc.as_str()).collect();
        assert_eq!(docs, ["en", "lone", "zh"]);
    }

    #[test]
    fn bad_gold_names_the_line() {
        let err = Gold::parse("zh_doc\tzh_para\ten_doc\ten_para\tstrength\nzh\tx\ten\t1\tstrong\n")
            .expect_err("bad");
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(Gold::parse("nope\n").is_err());
    }
}
