//! Hidden characters in texts and their titles: a zero-width space, a soft hyphen, a word
//! joiner, a byte order mark or a bidi control inside a paragraph or a title (issue 21.6).
//!
//! Which characters are hidden is [`crate::corpus::detect::hidden_chars`]'s to say (the same
//! list the glossary loader rejects). The name scan reads through them, so a name they
//! interrupt is still a mention; this check says where each one is, and which name it sits in.

use super::{Category, CheckUnit, Finding, Severity, finding};
use crate::align::Unit;
use crate::corpus::detect::hidden_chars;

/// One warning per hidden character in a paragraph's text, at the character's own offsets.
/// `text` is its code point (`U+200B`: the character itself would not show in a table); when it
/// sits inside a glossary name, `entity` is the name's entry (the note names the candidates of
/// a name left unresolved) and `expected` the name as it reads without the hidden characters.
/// Vertical tabs and form feeds, white space that does show as a break, are left out.
pub(super) fn in_paragraphs(units: &[CheckUnit<'_>], out: &mut Vec<Finding>) {
    for u in units {
        let text = &u.unit.text;
        for h in hidden_chars(text) {
            if h.ch.is_whitespace() {
                continue;
            }
            let end = h.byte + h.ch.len_utf8();
            let code = format!("U+{:04X}", h.ch as u32);
            let mut f = finding(u, Category::HiddenCharacter, Severity::Warning, h.byte, end);
            f.text = code.clone();
            let name = u
                .unit
                .mentions
                .names
                .iter()
                .filter(|m| !m.nested && m.start <= h.byte && end <= m.end)
                .max_by_key(|m| m.end - m.start);
            f.suggestion = Some(match name {
                Some(m) => {
                    let visible = without_hidden(m.text(text));
                    // The entry, when the name names one; an unresolved short form names its
                    // candidates in the note only.
                    f.entity = match (m.entity, m.candidates) {
                        (Some(e), _) => Some(e.to_string()),
                        (None, [one]) => Some(one.to_string()),
                        (None, _) => None,
                    };
                    let who = f.entity.clone().unwrap_or_else(|| {
                        m.candidates
                            .iter()
                            .map(|e| e.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    });
                    let advice = format!(
                        "{} {code} inside the name {visible} ({who}); remove it",
                        h.what
                    );
                    f.expected = Some(visible);
                    advice
                }
                None => format!("{} {code}, which does not show; remove it", h.what),
            });
            out.push(f);
        }
    }
}

/// Findings about the names of texts: a title holding a character that does not show (see
/// [`crate::corpus::detect::hidden_chars`]) looks like another title, or is displayed reversed.
/// One warning per title, at paragraph 0 of its document. `documents` are (id, title) pairs.
/// A title that is the text of one of its document's paragraphs (a heading) is left to
/// `in_paragraphs`, which places each character exactly: `units` are the scanned paragraphs.
pub fn hidden_in_titles<'a>(
    documents: impl IntoIterator<Item = (&'a str, &'a str)>,
    units: &[Unit],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (doc, title) in documents {
        let hidden = hidden_chars(title);
        let Some(first) = hidden.first() else {
            continue;
        };
        if units.iter().any(|u| u.doc == doc && u.text == title) {
            continue;
        }
        let listed: Vec<String> = hidden
            .iter()
            .map(|h| {
                let at = title[..h.byte].chars().count() + 1;
                format!("U+{:04X} ({}) at character {at}", h.ch as u32, h.what)
            })
            .collect();
        let visible = without_hidden(title);
        out.push(Finding {
            category: Category::HiddenCharacter,
            severity: Severity::Warning,
            doc: doc.to_string(),
            para: 0,
            start_byte: first.byte,
            end_byte: first.byte + first.ch.len_utf8(),
            start_char: 0,
            end_char: 0,
            text: title.to_string(),
            entity: None,
            expected: Some(visible),
            suggestion: Some(format!(
                "the title holds {}; remove it from the title",
                listed.join(", ")
            )),
            related: None,
            count: 1,
            key: String::new(),
            dismissed: None,
        });
    }
    out
}

/// `text` without its hidden characters: what a reader sees.
fn without_hidden(text: &str) -> String {
    let hidden = hidden_chars(text);
    text.char_indices()
        .filter(|(i, _)| !hidden.iter().any(|h| h.byte == *i))
        .map(|(_, c)| c)
        .collect()
}
