//! Measuring the aligner against a gold annotation.
//!
//! The gold file is TSV with a header: `zh_doc  zh_para  en_doc  en_para  strength  note`, where
//! strength is `strong` (the two paragraphs report the same facts) or `partial` (they share
//! some). As in word-alignment evaluation (sure/possible links), precision counts a predicted
//! link as correct if it is strong or partial, recall counts the strong links found:
//! precision = |P ∩ (S ∪ Pa)| / |P|, recall = |P ∩ S| / |S|.

use serde::Serialize;
use std::collections::BTreeSet;

/// A paragraph pair: (zh document, zh paragraph, en document, en paragraph).
pub type Pair = (String, usize, String, usize);

/// A gold annotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    /// Links that must be found.
    pub strong: BTreeSet<Pair>,
    /// Links that may be found.
    pub partial: BTreeSet<Pair>,
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
}

/// Scores predicted pairs against the gold.
pub fn score(predicted: &BTreeSet<Pair>, gold: &Gold) -> Scores {
    let correct = predicted
        .iter()
        .filter(|p| gold.strong.contains(*p) || gold.partial.contains(*p))
        .count();
    let strong_found = gold
        .strong
        .iter()
        .filter(|p| predicted.contains(*p))
        .count();
    let partial_found = gold
        .partial
        .iter()
        .filter(|p| predicted.contains(*p))
        .count();
    let precision = if predicted.is_empty() {
        0.0
    } else {
        correct as f64 / predicted.len() as f64
    };
    let recall = if gold.strong.is_empty() {
        0.0
    } else {
        strong_found as f64 / gold.strong.len() as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
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
            .filter(|p| !gold.strong.contains(*p) && !gold.partial.contains(*p))
            .cloned()
            .collect(),
        missed: gold
            .strong
            .iter()
            .filter(|p| !predicted.contains(*p))
            .cloned()
            .collect(),
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
    }

    #[test]
    fn bad_gold_names_the_line() {
        let err = Gold::parse("zh_doc\tzh_para\ten_doc\ten_para\tstrength\nzh\tx\ten\t1\tstrong\n")
            .expect_err("bad");
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(Gold::parse("nope\n").is_err());
    }
}
