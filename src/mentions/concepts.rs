//! Concepts: the unnamed facts of a war narrative — what happened, not who — found in either
//! language through one bilingual vocabulary (`concepts.tsv`, kept as data beside this file).
//!
//! "The tide changes direction several times a day" and 「每天隨潮汐數次改變流向」 share no
//! name, number or date, but they share the concept `tide`; "eating paper and earth" and
//! 「嚼紙、煮食牆土」 share `eating-paper`… The aligner weighs a shared concept like any anchor,
//! by rarity, times its own factor, but a concept alone never links two paragraphs (a name or
//! a date must be shared too) and proposes no pair: it tells which of the paragraphs that
//! share people narrate the same moment.
//!
//! English forms are whole words, case-folded (`retreat*` is any word that begins so); phrases
//! match word by word. Chinese forms are matched leftmost-longest in the text as written, in
//! the traditional and simplified forms the vocabulary lists.

use crate::corpus::Lang;
use crate::mentions::EntityId;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The vocabulary, embedded: `id<TAB>english forms<TAB>chinese forms`, forms separated by `|`.
const VOCABULARY: &str = include_str!("concepts.tsv");

/// A concept found in a paragraph: its number in the vocabulary and display byte span (twelve
/// bytes: a corpus holds millions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConceptMention {
    /// The concept's number in the vocabulary that found it ([`Vocabulary::id`]).
    pub concept: u16,
    /// Display byte start.
    pub start: u32,
    /// Display byte end.
    pub end: u32,
}

impl ConceptMention {
    /// The display byte span.
    pub fn span(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }

    /// The concept's id in the embedded vocabulary.
    pub fn id(&self) -> EntityId {
        Vocabulary::embedded().id(self.concept)
    }
}

/// One word of an English form: the word itself, or a prefix (`retreat*`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => w == token,
            Word::Prefix(p) => token.starts_with(p.as_str()),
        }
    }
}

/// The vocabulary compiled for matching.
pub struct Vocabulary {
    /// English forms by their first word's key (the word, or the prefix before `*`): the
    /// concept and the form's words.
    english: HashMap<String, Vec<(u16, Vec<Word>)>>,
    /// The byte lengths of the prefix keys (a token's prefixes of other lengths are not
    /// looked up), ascending.
    prefix_lens: Vec<usize>,
    /// Chinese forms, leftmost-longest.
    chinese: AhoCorasick,
    /// Per Chinese pattern: its concept's number.
    chinese_ids: Vec<u16>,
    /// Concept ids in vocabulary order.
    ids: Vec<EntityId>,
}

/// An error in the vocabulary: its line and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("concepts.tsv line {line}: {message}")]
pub struct VocabularyError {
    line: usize,
    message: String,
}

impl Vocabulary {
    /// Parses a vocabulary (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, VocabularyError> {
        let mut english: HashMap<String, Vec<(u16, Vec<Word>)>> = HashMap::new();
        let mut prefix_lens: Vec<usize> = Vec::new();
        let (mut patterns, mut chinese_ids, mut ids) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen_en: HashMap<String, usize> = HashMap::new();
        let mut seen_zh: HashMap<String, usize> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line_no = n + 1;
            let err = |message: String| VocabularyError {
                line: line_no,
                message,
            };
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [id, en, zh] = fields[..] else {
                return Err(err(format!(
                    "{} fields, expected 3 (id, english, chinese)",
                    fields.len()
                )));
            };
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(err(format!("id {id:?} is not a lowercase slug")));
            }
            let id = EntityId::new(id);
            if ids.contains(&id) {
                return Err(err(format!("id {id} is listed twice")));
            }
            let number = u16::try_from(ids.len())
                .map_err(|_| err("more than 65,536 concepts".to_string()))?;
            ids.push(id);
            for form in en.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                if let Some(first) = seen_en.insert(form.to_string(), line_no) {
                    return Err(err(format!(
                        "English form {form:?} already on line {first}"
                    )));
                }
                let mut words = Vec::new();
                for w in form.split(' ').filter(|w| !w.is_empty()) {
                    let word = match w.strip_suffix('*') {
                        Some(p) if p.chars().count() >= 3 => Word::Prefix(p.to_string()),
                        Some(_) => {
                            return Err(err(format!("prefix {w:?} is shorter than 3 letters")));
                        }
                        None => Word::Exact(w.to_string()),
                    };
                    if w.trim_end_matches('*')
                        .chars()
                        .any(|c| !c.is_alphabetic() && c != '\'' && c != '-')
                        || w.chars().any(char::is_uppercase)
                    {
                        return Err(err(format!("English word {w:?}: lowercase letters only")));
                    }
                    words.push(word);
                }
                let key = match &words[0] {
                    Word::Exact(w) => w.clone(),
                    Word::Prefix(p) => {
                        prefix_lens.push(p.len());
                        p.clone()
                    }
                };
                english.entry(key).or_default().push((number, words));
            }
            for form in zh.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                if let Some(first) = seen_zh.insert(form.to_string(), line_no) {
                    if first != line_no {
                        return Err(err(format!(
                            "Chinese form {form:?} already on line {first}"
                        )));
                    }
                    continue;
                }
                patterns.push(form.to_string());
                chinese_ids.push(number);
            }
        }
        // Longer phrases first, so the longest form starting at a word is tried first.
        for forms in english.values_mut() {
            forms.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        }
        let chinese = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| VocabularyError {
                line: 0,
                message: e.to_string(),
            })?;
        prefix_lens.sort_unstable();
        prefix_lens.dedup();
        Ok(Vocabulary {
            english,
            prefix_lens,
            chinese,
            chinese_ids,
            ids,
        })
    }

    /// The embedded vocabulary.
    pub fn embedded() -> &'static Vocabulary {
        static V: LazyLock<Vocabulary> = LazyLock::new(|| {
            Vocabulary::parse(VOCABULARY).unwrap_or_else(|e| panic!("embedded vocabulary: {e}"))
        });
        &V
    }

    /// The id of concept number `concept` (`?` if the vocabulary has no such number).
    pub fn id(&self, concept: u16) -> EntityId {
        self.ids
            .get(concept as usize)
            .copied()
            .unwrap_or_else(|| EntityId::new("?"))
    }

    /// The number of concept `id`, if the vocabulary holds it.
    pub fn number(&self, id: &str) -> Option<u16> {
        self.ids.iter().position(|i| &**i == id).map(|k| k as u16)
    }

    /// How many concepts the vocabulary holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the vocabulary is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The concepts of `text` (display text of one paragraph), in text order.
    pub fn find(&self, text: &str, lang: Lang) -> Vec<ConceptMention> {
        match lang {
            Lang::Zh => self
                .chinese
                .find_iter(text)
                .filter_map(|m| {
                    Some(ConceptMention {
                        concept: self.chinese_ids[m.pattern().as_usize()],
                        start: u32::try_from(m.start()).ok()?,
                        end: u32::try_from(m.end()).ok()?,
                    })
                })
                .collect(),
            Lang::En => self.find_english(text),
            Lang::Ja | Lang::Ko => Vec::new(),
        }
    }

    fn find_english(&self, text: &str) -> Vec<ConceptMention> {
        let (tokens, lower) = words(text);
        let word = |t: usize| &lower[tokens[t].2..tokens[t].3];
        let mut out = Vec::new();
        let mut t = 0;
        while t < tokens.len() {
            let (start, ..) = tokens[t];
            let w = word(t);
            // The word itself, then its prefixes of the lengths listed (on char boundaries).
            let keys = std::iter::once(w).chain(
                self.prefix_lens
                    .iter()
                    .take_while(|&&n| n < w.len())
                    .filter(|&&n| w.is_char_boundary(n))
                    .map(|&n| &w[..n]),
            );
            let mut best: Option<(u16, usize)> = None;
            for key in keys {
                for (id, form) in self.english.get(key).into_iter().flatten() {
                    let n = form.len();
                    if t + n > tokens.len() || best.is_some_and(|(_, m)| m >= n) {
                        continue;
                    }
                    // Words of a phrase must follow each other (no sentence or clause break
                    // between them beyond spaces and hyphens).
                    let fits = form.iter().enumerate().all(|(k, w)| {
                        w.matches(word(t + k))
                            && (k == 0 || adjacent(text, tokens[t + k - 1].1, tokens[t + k].0))
                    });
                    if fits {
                        best = Some((*id, n));
                    }
                }
            }
            match best {
                Some((concept, n)) => {
                    if let (Ok(start), Ok(end)) =
                        (u32::try_from(start), u32::try_from(tokens[t + n - 1].1))
                    {
                        out.push(ConceptMention {
                            concept,
                            start,
                            end,
                        });
                    }
                    t += n;
                }
                None => t += 1,
            }
        }
        out
    }
}

/// Whether only spaces or hyphens lie between byte `a` and byte `b` of `text`.
fn adjacent(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b)
        .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '-'))
}

/// The words of an English text — letters and inner apostrophes — as (start, end) in `text`
/// and (start, end) of their lowercased form in the string returned with them.
fn words(text: &str) -> (Vec<(usize, usize, usize, usize)>, String) {
    let mut out = Vec::new();
    let mut lower = String::with_capacity(text.len());
    let mut start: Option<(usize, usize)> = None;
    let mut iter = text.char_indices().peekable();
    let close = |s: (usize, usize), k: usize, lower: &String, out: &mut Vec<_>| {
        out.push((s.0, k, s.1, lower.len()));
    };
    while let Some((k, c)) = iter.next() {
        let apostrophe = c == '\'' || c == '’';
        let inner_apostrophe =
            apostrophe && start.is_some() && iter.peek().is_some_and(|&(_, n)| n.is_alphabetic());
        if c.is_alphabetic() || inner_apostrophe {
            start.get_or_insert((k, lower.len()));
            if apostrophe {
                lower.push('\'');
            } else if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
        } else if let Some(s) = start.take() {
            close(s, k, &lower, &mut out);
        }
    }
    if let Some(s) = start {
        close(s, text.len(), &lower, &mut out);
    }
    (out, lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: &str = "# test vocabulary\n\
tide\ttide|tides|tidal\t潮汐|潮流\n\
retreat\tretreat*|fell back|withdr*\t撤退|退兵\n\
set-fire\tset fire|set on fire|burn*\t焚燒|焚烧|火攻\n\
eating-paper\tate paper|eating paper\t嚼紙|嚼纸\n";

    fn found(v: &Vocabulary, text: &str, lang: Lang) -> Vec<(String, String)> {
        v.find(text, lang)
            .into_iter()
            .map(|m| {
                let (a, b) = m.span();
                (v.id(m.concept).to_string(), text[a..b].to_string())
            })
            .collect()
    }

    #[test]
    fn english_words_prefixes_and_phrases() {
        let v = Vocabulary::parse(TEST).expect("valid");
        let text = "The Japanese retreated at the Tide's turn; they set fire to the town \
                    and fell back, eating paper. Tidewater is no tide.";
        assert_eq!(
            found(&v, text, Lang::En),
            [
                ("retreat", "retreated"),
                ("set-fire", "set fire"),
                ("retreat", "fell back"),
                ("eating-paper", "eating paper"),
                ("tide", "tide"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn a_phrase_does_not_cross_punctuation() {
        let v = Vocabulary::parse(TEST).expect("valid");
        assert!(found(&v, "They set. Fire came later", Lang::En).is_empty());
        assert_eq!(found(&v, "set-fire", Lang::En).len(), 1);
    }

    #[test]
    fn chinese_forms_in_either_script() {
        let v = Vocabulary::parse(TEST).expect("valid");
        assert_eq!(
            found(&v, "潮流極急，日軍撤退，城中焚烧", Lang::Zh),
            [("tide", "潮流"), ("retreat", "撤退"), ("set-fire", "焚烧")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = Vocabulary::parse("a\tb\n").err().expect("two fields");
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = Vocabulary::parse("a\tx\t甲\nb\tx\t乙\n")
            .err()
            .expect("duplicate");
        assert!(
            e.to_string().contains("line 2") && e.to_string().contains("line 1"),
            "{e}"
        );
        let e = Vocabulary::parse("a\tab*\t甲\n")
            .err()
            .expect("short prefix");
        assert!(e.to_string().contains("shorter"), "{e}");
    }

    #[test]
    fn the_embedded_vocabulary_is_valid() {
        let v = Vocabulary::embedded();
        assert!(v.len() >= 100, "{} concepts", v.len());
    }
}
