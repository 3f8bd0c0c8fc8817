//! Detecting a text's language (from its script) and its markup (from its shape).
//!
//! Both are guesses a user can override (`--lang`, `--markup`); they look only at the text.

use super::{Format, Lang, ParagraphRule};
use regex::Regex;
use std::sync::LazyLock;

/// Character classes counted for language detection.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Han ideographs (CJK unified, extensions, compatibility).
    pub han: usize,
    /// Hiragana and katakana.
    pub kana: usize,
    /// Hangul syllables and jamo.
    pub hangul: usize,
    /// Latin letters (with diacritics).
    pub latin: usize,
}

/// True for Han ideographs, including the extension blocks where rare name characters live.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}'
        | '\u{3005}' | '\u{3007}')
}

/// True for hiragana and katakana (including the prolonged sound mark).
pub fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Counts the script classes of `text`.
pub fn count_scripts(text: &str) -> ScriptCounts {
    let mut counts = ScriptCounts::default();
    for c in text.chars() {
        if is_han(c) {
            counts.han += 1;
        } else if is_kana(c) {
            counts.kana += 1;
        } else if is_hangul(c) {
            counts.hangul += 1;
        } else if c.is_alphabetic() && (c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(&c)) {
            counts.latin += 1;
        }
    }
    counts
}

/// Guesses the language of a text from its script, or `None` when it has no letters at all.
///
/// One Han character carries about as much as an English word of five letters, so CJK
/// characters are weighed against Latin letters at 1:3; a CJK text with Latin citations or
/// romanisations stays CJK, an English text quoting a few names in Han stays English.
pub fn detect_lang(text: &str) -> Option<Lang> {
    let c = count_scripts(text);
    let cjk = c.han + c.kana + c.hangul;
    if cjk == 0 && c.latin == 0 {
        return None;
    }
    if cjk * 3 < c.latin {
        return Some(Lang::En);
    }
    if c.hangul > c.han + c.kana {
        Some(Lang::Ko)
    } else if c.kana * 10 > c.han {
        Some(Lang::Ja)
    } else {
        Some(Lang::Zh)
    }
}

static MD_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\]\((?:\.\./|https?://|[^)\s]*\.md)[^)\n]*\)|(?m)^#{1,6} \S"#).expect("regex")
});
static WIKI_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^(?:=+[^=\n].*[^=\n]=+[ \t]*$|Infobox\b.*\n- [^:\n]+:|\{\{Infobox)|\[\[[^\]\n]+\]\]",
    )
    .expect("regex")
});

/// Guesses the markup of a text.
pub fn detect_format(text: &str) -> Format {
    if MD_LINK.is_match(text) {
        Format::Markdown
    } else if WIKI_SHAPE.is_match(text) {
        Format::Wiki
    } else {
        Format::Plain
    }
}

/// Characters that end a sentence at the end of a line, for the line rule of paragraphs.
const LINE_SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '｡', '」', '』', '”', '.'];

/// True when `line` (a line without its line break) ends a sentence.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .ends_with(LINE_SENTENCE_ENDS)
}

fn is_blank_line(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// Guesses how a text separates its paragraphs: blank lines if it has a blank line between two
/// lines of text; else one paragraph per line if at least half its lines end a sentence; else
/// indentation if at least two lines open with a full-width space; else blank lines (the whole
/// text one paragraph, cut by the bound on units).
pub fn detect_paragraphs(text: &str) -> ParagraphRule {
    let mut content: Vec<&str> = Vec::new();
    let mut blank_after_text = false;
    for line in text.lines() {
        if is_blank_line(line) {
            blank_after_text |= !content.is_empty();
        } else if blank_after_text {
            return ParagraphRule::BlankLine;
        } else {
            content.push(line);
        }
    }
    let Some((_, followed)) = content.split_last() else {
        return ParagraphRule::BlankLine;
    };
    if followed.is_empty() {
        return ParagraphRule::BlankLine;
    }
    let ends = followed.iter().filter(|l| ends_sentence(l)).count();
    if ends * 2 >= followed.len() {
        return ParagraphRule::Line;
    }
    let indented = content
        .iter()
        .filter(|l| l.trim_start_matches('\u{feff}').starts_with('\u{3000}'))
        .count();
    if indented >= 2 {
        ParagraphRule::Indent
    } else {
        ParagraphRule::BlankLine
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        let cases = [
            ("平壤之戰指的是萬曆朝鮮之役", Some(Lang::Zh)),
            (
                "The Battle of Byeokjegwan was fought in 1593 (碧蹄館).",
                Some(Lang::En),
            ),
            (
                "小早川隆景（こばやかわ たかかげ）は、戦国時代の武将である。",
                Some(Lang::Ja),
            ),
            ("고언백은 조선의 무신이다.", Some(Lang::Ko)),
            ("平壤之戰 (Battle of Pyongyang) 是1592年", Some(Lang::Zh)),
            ("1592–1598 — 3,000", None),
        ];
        for (text, want) in cases {
            assert_eq!(detect_lang(text), want, "{text}");
        }
    }

    #[test]
    fn paragraph_rules() {
        use ParagraphRule::*;
        let cases = [
            ("甲。\n\n乙。\n丙。\n", BlankLine),
            ("甲。\r\n\r\n乙。\r\n", BlankLine),
            ("甲。\n乙。\n丙。\n", Line),
            ("甲。\r\n乙！\r\n丙\r\n", Line),
            ("He came.\nShe went.\nThey left\n", Line),
            (
                "\u{3000}\u{3000}甲乙\n丙丁。\n\u{3000}\u{3000}戊己\n庚辛。\n壬癸\n子丑\n",
                Indent,
            ),
            ("甲乙\n丙丁\n戊己。\n", BlankLine),
            ("甲乙丙丁。\n", BlankLine),
            ("甲。\n乙。\n\n", Line),
        ];
        for (text, want) in cases {
            assert_eq!(detect_paragraphs(text), want, "{text:?}");
        }
    }

    #[test]
    fn formats() {
        let cases = [
            ("[平壤](../Page/平壤.md \"wikilink\")之戰", Format::Markdown),
            (
                "見[首尔](https://zh.wikipedia.org/wiki/首尔 \"wikilink\")",
                Format::Markdown,
            ),
            ("# Title\n\ntext", Format::Markdown),
            ("= Battle =\n\nInfobox\n- Date: 1593\n", Format::Wiki),
            ("text\n==Background==\nmore", Format::Wiki),
            ("see [[Pyongyang]]", Format::Wiki),
            ("萬曆朝鮮之役，是1592年[3]。", Format::Plain),
            (
                "From Wikipedia, the free encyclopedia\n\nThe battle [1].",
                Format::Plain,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect_format(text), want, "{text}");
        }
    }
}
