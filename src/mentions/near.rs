//! Regex matches searched from near anchors instead of through every byte.
//!
//! Dates and quantities are rare in prose, and each holds an anchor: a digit, or a word like
//! "hundred". A pattern all of whose matches hold one, and which before its first anchor can
//! only match a few kinds of characters (letters and spaces: "some", "October"), need not run
//! over the prose between: [`Near::captures`] finds the next anchor with a byte test, walks back
//! over the characters a match can begin with, and tries the pattern anchored at each place a
//! match can start there. It finds exactly the matches an ordinary left-to-right search finds.

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternID};

/// A pattern searched from near anchors.
#[derive(Debug)]
pub(crate) struct Near {
    re: Regex,
}

/// How [`Near::captures`] finds where matches can lie.
pub(crate) struct Anchors<F: Fn(usize) -> Option<usize>> {
    /// The first anchor at or after a byte offset: every match holds one.
    pub next: F,
    /// The characters a match can hold before its first anchor.
    pub leads: fn(char) -> bool,
    /// How many words (runs of ASCII letters) a match can hold before its first anchor.
    pub words: usize,
    /// Whether a match can begin with the word (ASCII letters, as written) that starts where
    /// the pattern would be tried: "about", "October". Where no word starts, it is tried.
    pub opens: fn(&str) -> bool,
}

/// The most capture groups a pattern here may have (group 0, the whole match, included).
pub(crate) const MAX_GROUPS: usize = 16;

/// Capture group spans (start, end) by group index, relative to the start of the match.
pub(crate) type Slots = [Option<(usize, usize)>; MAX_GROUPS];

/// A reading of the groups of a match from its text alone, for the shapes most matches have
/// (a bare year, "3,700 troops"): it fills the slots and returns true, or returns false and
/// the pattern's own capture search runs. It must fill them as that search would.
pub(crate) type Quick<'q> = &'q dyn Fn(&str, &mut Slots) -> bool;

/// One match: its capture groups.
pub(crate) struct Found<'t> {
    text: &'t str,
    start: usize,
    slots: Slots,
}

/// A capture group of a [`Found`] match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }
}

impl<'t> Found<'t> {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Group<'t>> {
        self.slots.get(i).copied().flatten().map(|(s, e)| Group {
            text: self.text,
            start: self.start + s,
            end: self.start + e,
        })
    }
}

/// The first byte at or after `from` that begins a digit (any script's).
pub(crate) fn next_digit(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            return Some(i);
        }
        if b >= 0xC0 && text[i..].chars().next().is_some_and(char::is_numeric) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A word character for the patterns' ASCII `\b`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The start of the run of `leads` characters that ends at `anchor`, holding at most `words`
/// words and beginning no earlier than `pos`.
fn lead_start(
    text: &str,
    pos: usize,
    anchor: usize,
    leads: fn(char) -> bool,
    words: usize,
) -> usize {
    let mut from = anchor;
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text[pos..anchor].char_indices().rev() {
        if !leads(c) {
            break;
        }
        let letter = c.is_ascii_alphabetic();
        if letter && !in_word {
            if seen == words {
                break;
            }
            seen += 1;
        }
        in_word = letter;
        from = pos + i;
    }
    from
}

/// Whether a match can start at byte `p` by the word found there ([`Anchors::opens`]).
fn opens(text: &str, p: usize, opens: fn(&str) -> bool) -> bool {
    let rest = &text.as_bytes()[p..];
    let len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    len == 0 || opens(&text[p..p + len])
}

impl Near {
    /// Compiles `pattern`. To be searched with anchors ([`Near::captures`]), each of its
    /// alternatives must begin with an ASCII word boundary `(?-u:\b)` before a word character or
    /// a digit, or with one of `<>~≈`; [`Near::at`] takes any pattern.
    pub fn new(pattern: &str) -> Self {
        let re = Regex::new(pattern).expect("the pattern compiles");
        assert!(re.group_info().group_len(PatternID::ZERO) <= MAX_GROUPS);
        Near { re }
    }

    /// The index of the capture group `name`.
    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.re.group_info().to_index(PatternID::ZERO, name)
    }

    /// The match of the pattern that starts at byte `at`, if any. Most tries fail, and they
    /// fail in the automaton, before any capture group is read.
    pub fn at<'t>(&self, text: &'t str, at: usize, quick: Option<Quick>) -> Option<Found<'t>> {
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        let whole = self.re.search(&input)?;
        let mut slots: Slots = [None; MAX_GROUPS];
        slots[0] = Some((0, whole.end() - at));
        if quick.is_some_and(|q| q(&text[at..whole.end()], &mut slots)) {
            return Some(Found {
                text,
                start: at,
                slots,
            });
        }
        self.captured(text, &input.span(at..whole.end()))
    }

    /// The leftmost match in `input`, with its groups from the pattern's capture search.
    fn captured<'t>(&self, text: &'t str, input: &Input<'_>) -> Option<Found<'t>> {
        let mut caps: Captures = self.re.create_captures();
        self.re.search_captures(input, &mut caps);
        let start = caps.get_match()?.start();
        let mut slots: Slots = [None; MAX_GROUPS];
        for (i, slot) in slots.iter_mut().enumerate() {
            *slot = caps.get_group(i).map(|g| (g.start - start, g.end - start));
        }
        Some(Found { text, start, slots })
    }

    /// The leftmost match starting at or after byte `from`.
    fn after<'t>(&self, text: &'t str, from: usize) -> Option<Found<'t>> {
        self.captured(text, &Input::new(text).span(from..text.len()))
    }

    /// Where a match can start: at an ASCII word boundary (the patterns begin with `\b`) before
    /// a word character, or before a digit outside ASCII (a boundary after a word: "hundred١٢"),
    /// or at a sign that needs none.
    fn may_start(text: &str, p: usize) -> bool {
        let bytes = text.as_bytes();
        let word_here = bytes.get(p).is_some_and(|&b| is_word_byte(b));
        let after_word = p > 0 && is_word_byte(bytes[p - 1]);
        if word_here {
            return !after_word;
        }
        let rest = &text[p..];
        rest.starts_with(['<', '>', '~', '≈'])
            || (after_word && rest.chars().next().is_some_and(char::is_numeric))
    }

    /// Every match in `text`, left to right and not overlapping, as a search through every byte
    /// finds them; with `anchors`, searched only from near them (see the module).
    pub fn captures<'t, 'q, F: Fn(usize) -> Option<usize>>(
        &'t self,
        text: &'t str,
        anchors: Option<Anchors<F>>,
        quick: Option<Quick<'q>>,
    ) -> impl Iterator<Item = Found<'t>> {
        let mut pos = 0;
        std::iter::from_fn(move || {
            let found = match &anchors {
                None => self.after(text, pos)?,
                Some(anchors) => loop {
                    let anchor = (anchors.next)(pos)?;
                    // No match starts in [pos, from): one that did would hold `anchor` with
                    // only leading characters and words before it.
                    let from = lead_start(text, pos, anchor, anchors.leads, anchors.words);
                    let tried = text[from..]
                        .char_indices()
                        .map(|(i, _)| from + i)
                        .take_while(|&p| p <= anchor)
                        .filter(|&p| Self::may_start(text, p) && opens(text, p, anchors.opens))
                        .find_map(|p| self.at(text, p, quick));
                    match tried {
                        Some(found) => break found,
                        // No match holds this anchor: look from the next one.
                        None => pos = super::next_char(text, anchor),
                    }
                },
            };
            let whole = found.get(0)?;
            // The patterns here never match empty; were one to, step over a character.
            pos = if whole.start == whole.end {
                super::next_char(text, whole.end)
            } else {
                whole.end
            };
            Some(found)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The spans of every group of every match, as `regex` finds them through every byte.
    fn regex_spans(pattern: &str, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let re = regex::Regex::new(pattern).expect("the pattern compiles");
        re.captures_iter(text)
            .map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            })
            .collect()
    }

    /// Checks that `find`, searching near anchors, finds in a text made of `pieces` exactly
    /// the matches and groups of `pattern` that `regex` finds through every byte.
    pub(crate) fn same_as_regex(
        pattern: &str,
        find: fn(&str) -> Vec<Found<'_>>,
        pieces: &[&str],
        picks: &[proptest::sample::Index],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let text: String = picks.iter().map(|i| *i.get(pieces)).collect();
        let expected = regex_spans(pattern, &text);
        let groups = expected.first().map_or(0, Vec::len);
        let found: Vec<Vec<Option<(usize, usize)>>> = find(&text)
            .iter()
            .map(|f| {
                (0..groups)
                    .map(|i| f.get(i).map(|g| (g.start(), g.end())))
                    .collect()
            })
            .collect();
        proptest::prop_assert_eq!(found, expected, "{:?}", text);
        Ok(())
    }

    #[test]
    fn lead_runs_stop_at_the_word_budget_and_other_characters() {
        let leads = |c: char| c.is_ascii_alphabetic() || c == ' ';
        let text = "x, more than a few 5";
        let anchor = text.len() - 1;
        assert_eq!(
            &text[lead_start(text, 0, anchor, leads, 4)..],
            " more than a few 5"
        );
        assert_eq!(
            &text[lead_start(text, 0, anchor, leads, 3)..],
            " than a few 5"
        );
        assert_eq!(&text[lead_start(text, 0, anchor, leads, 1)..], " few 5");
        assert_eq!(&text[lead_start(text, 0, anchor, leads, 0)..], " 5");
        assert_eq!(
            &text[lead_start(text, 10, anchor, leads, 9)..],
            "an a few 5"
        );
    }
}
