//! Detecting a text's language (from its script) and its markup (from its shape), and the
//! headings of a plain page copied from a browser (a page title over Wikipedia's tagline,
//! `Section[edit]` lines).
//!
//! Language and markup are guesses a user can override (`--lang`, `--markup`); they look only
//! at the text.

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

/// True for Latin letters, with or without diacritics (the Latin blocks of the BMP).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic()
            && matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}'))
}

/// A character that does not show but changes what a text is or how it is displayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hidden {
    /// Byte offset in the text.
    pub byte: usize,
    /// The character.
    pub ch: char,
    /// What it is, for messages ("bidirectional control", …).
    pub what: &'static str,
}

/// What kind of hidden character `c` is, ignoring context (`None` for a character that shows):
/// control characters other than tab, line feed and carriage return; bidirectional controls;
/// zero-width spaces, word joiners and byte order marks; soft hyphens; invisible mathematical
/// operators; zero-width (non-)joiners. The one list of such characters: the glossary loader
/// rejects them, `check` flags them in texts and titles, and folding
/// ([`crate::glossary::fold`]) passes over all but the control characters.
pub fn hidden_kind(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\n' | '\r' => return None,
        '\u{0}'..='\u{1F}' | '\u{7F}' => "control character",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "bidirectional control",
        '\u{200B}' => "zero-width space",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space (byte order mark)",
        '\u{00AD}' => "soft hyphen",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        _ => return None,
    })
}

/// True for a character that neither shows nor controls the text's layout as a control
/// character does: a [`hidden_kind`] other than the control characters. Names are matched
/// through them (folding drops them), so a name they interrupt still counts.
pub fn is_invisible(c: char) -> bool {
    !c.is_control() && hidden_kind(c).is_some()
}

/// A letter a zero-width joiner may sit next to: one of a script that shapes letters together
/// (Arabic, Indic, …), not Latin, not Han.
fn joins(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() && !is_latin(c) && !is_han(c))
}

/// The hidden characters of `text` (see [`Hidden`]), in order. A zero-width joiner or non-joiner
/// (U+200D, U+200C) is allowed between two letters of a script that needs it (neither Latin nor
/// Han) and reported anywhere else.
pub fn hidden_chars(text: &str) -> Vec<Hidden> {
    let mut out = Vec::new();
    let mut prev = None;
    let mut chars = text.char_indices().peekable();
    while let Some((byte, ch)) = chars.next() {
        if let Some(what) = hidden_kind(ch) {
            let joiner = matches!(ch, '\u{200C}' | '\u{200D}');
            if !(joiner && joins(prev) && joins(chars.peek().map(|&(_, c)| c))) {
                out.push(Hidden { byte, ch, what });
            }
        }
        prev = Some(ch);
    }
    out
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
        } else if is_latin(c) {
            counts.latin += 1;
        }
    }
    counts
}

/// Why no language was detected: what [`detect_lang`] found instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undetected {
    /// No letters of any script (only digits, punctuation, symbols).
    NoLetters,
    /// Letters mostly of a script none of the supported languages is written in, by name
    /// (`Cyrillic`, `Greek`, `Arabic`, …; `None` for a script not named here).
    Script(Option<&'static str>),
}

/// The languages detection can return, for messages.
pub const SUPPORTED: &str = "zh, en, ja, ko";

/// Scripts recognised by name when a text is written in none of the supported languages'.
const OTHER_SCRIPTS: &[(&str, &[(char, char)])] = &[
    (
        "Cyrillic",
        &[
            ('\u{400}', '\u{52F}'),
            ('\u{1C80}', '\u{1C8F}'),
            ('\u{2DE0}', '\u{2DFF}'),
            ('\u{A640}', '\u{A69F}'),
        ],
    ),
    ("Greek", &[('\u{370}', '\u{3FF}'), ('\u{1F00}', '\u{1FFF}')]),
    ("Armenian", &[('\u{530}', '\u{58F}')]),
    ("Hebrew", &[('\u{590}', '\u{5FF}')]),
    (
        "Arabic",
        &[
            ('\u{600}', '\u{6FF}'),
            ('\u{750}', '\u{77F}'),
            ('\u{8A0}', '\u{8FF}'),
            ('\u{FB50}', '\u{FDFF}'),
            ('\u{FE70}', '\u{FEFF}'),
        ],
    ),
    ("Devanagari", &[('\u{900}', '\u{97F}')]),
    ("Bengali", &[('\u{980}', '\u{9FF}')]),
    ("Tamil", &[('\u{B80}', '\u{BFF}')]),
    ("Thai", &[('\u{E00}', '\u{E7F}')]),
    ("Lao", &[('\u{E80}', '\u{EFF}')]),
    ("Tibetan", &[('\u{F00}', '\u{FFF}')]),
    ("Georgian", &[('\u{10A0}', '\u{10FF}')]),
    ("Ethiopic", &[('\u{1200}', '\u{137F}')]),
    ("Khmer", &[('\u{1780}', '\u{17FF}')]),
    ("Mongolian", &[('\u{1800}', '\u{18AF}')]),
];

/// The most frequent script among `text`'s letters that [`count_scripts`] does not count, and
/// how many letters are in such scripts (named or not).
fn other_letters(text: &str) -> (Option<&'static str>, usize) {
    let mut by_script = vec![0usize; OTHER_SCRIPTS.len()];
    let mut total = 0;
    for c in text.chars() {
        if !c.is_alphabetic()
            || is_han(c)
            || is_kana(c)
            || is_hangul(c)
            || c.is_ascii()
            || is_latin(c)
        {
            continue;
        }
        total += 1;
        if let Some(i) = OTHER_SCRIPTS
            .iter()
            .position(|(_, ranges)| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
        {
            by_script[i] += 1;
        }
    }
    let top = (0..OTHER_SCRIPTS.len())
        .filter(|&i| by_script[i] > 0)
        .max_by_key(|&i| (by_script[i], std::cmp::Reverse(i)))
        .map(|i| OTHER_SCRIPTS[i].0);
    (top, total)
}

/// Guesses the language of a text from its script.
///
/// One Han character carries about as much as an English word of five letters, so CJK
/// characters are weighed against Latin letters at 1:3; a CJK text with Latin citations or
/// romanisations stays CJK, an English text quoting a few names in Han stays English. A text
/// whose letters are mostly of another script (a Russian article quoting "Li Rusong") is
/// [`Undetected::Script`], not English.
pub fn detect_lang(text: &str) -> Result<Lang, Undetected> {
    let c = count_scripts(text);
    let cjk = c.han + c.kana + c.hangul;
    let (script, other) = other_letters(text);
    if other > c.latin + cjk * 3 {
        return Err(Undetected::Script(script));
    }
    if cjk == 0 && c.latin == 0 {
        return Err(Undetected::NoLetters);
    }
    if cjk * 3 < c.latin {
        return Ok(Lang::En);
    }
    if c.hangul > c.han + c.kana {
        Ok(Lang::Ko)
    } else if c.kana * 10 > c.han {
        Ok(Lang::Ja)
    } else {
        Ok(Lang::Zh)
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

/// Whether `line` is the tagline Wikipedia prints under a page's title ("From Wikipedia, the
/// free encyclopedia", in English or Chinese).
pub fn is_wikipedia_tagline(line: &str) -> bool {
    matches!(
        line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'),
        "From Wikipedia, the free encyclopedia"
            | "維基百科，自由的百科全書"
            | "维基百科，自由的百科全书"
    )
}

/// Section links a browser copies after each heading of a Wikipedia page.
const EDIT_MARKS: [&str; 6] = [
    "[edit]",
    "[edit source]",
    "[編輯]",
    "[编辑]",
    "[編輯原始碼]",
    "[编辑源代码]",
];

/// Whether `line` is a section's edit link alone on its line (`[edit]`, `[编辑]`).
pub fn is_edit_mark(line: &str) -> bool {
    EDIT_MARKS.contains(&line.trim())
}

/// The title of a section heading copied from a Wikipedia page (`Luring Tactic[edit]`): its
/// byte range in `line`, without the mark. `None` for any other line, and for a mark alone or
/// after a line too long to be a heading.
pub fn edit_heading(line: &str) -> Option<(usize, usize)> {
    let line = line.trim_end();
    let title = EDIT_MARKS
        .iter()
        .find_map(|m| line.strip_suffix(m))?
        .trim_end();
    let start = title.len() - title.trim_start().len();
    (start < title.len() && title.chars().count() <= 150).then_some((start, title.len()))
}

/// The first line of a plain page when it is the page's title: a short line whose next
/// non-blank line is Wikipedia's tagline ([`is_wikipedia_tagline`]). Its byte offset in `text`.
pub fn plain_page_title(text: &str) -> Option<usize> {
    let mut pos = 0;
    let mut lines = text.split_inclusive('\n').filter_map(|l| {
        let at = pos;
        pos += l.len();
        let bare = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        (!bare.is_empty()).then_some((at, bare))
    });
    let (at, first) = lines.next()?;
    let (_, next) = lines.next()?;
    (is_wikipedia_tagline(next) && !is_wikipedia_tagline(first) && first.chars().count() <= 150)
        .then_some(at)
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

    /// Issue 21.6: what is hidden, what kind it is, and where; joiners only between letters of
    /// a script that needs them.
    #[test]
    fn hidden_characters_are_found_with_their_kind() {
        let found = |text: &str| -> Vec<(usize, u32, &str)> {
            hidden_chars(text)
                .into_iter()
                .map(|h| (h.byte, h.ch as u32, h.what))
                .collect()
        };
        // (byte, code point, kind) of each hidden character.
        type Found<'a> = &'a [(usize, u32, &'a str)];
        let cases: &[(&str, Found)] = &[
            ("李如松 Li Rusong\t\r\n", &[]),
            ("李如\u{200B}松", &[(6, 0x200B, "zero-width space")]),
            ("Kobaya\u{AD}kawa", &[(6, 0xAD, "soft hyphen")]),
            ("Li\u{2060}Rusong", &[(2, 0x2060, "word joiner")]),
            (
                "a\u{FEFF}b",
                &[(1, 0xFEFF, "zero-width no-break space (byte order mark)")],
            ),
            ("Li\u{202E}Rusong", &[(2, 0x202E, "bidirectional control")]),
            (
                "x\u{2067}y\u{2069}",
                &[
                    (1, 0x2067, "bidirectional control"),
                    (5, 0x2069, "bidirectional control"),
                ],
            ),
            ("\u{61C}x", &[(0, 0x61C, "bidirectional control")]),
            ("a\u{2062}b", &[(1, 0x2062, "invisible operator")]),
            ("a\u{7}b", &[(1, 7, "control character")]),
            ("Li\u{200C}Ru", &[(2, 0x200C, "zero-width non-joiner")]),
            ("क\u{200D}ष", &[]),
            ("\u{200D}क", &[(0, 0x200D, "zero-width joiner")]),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), *expected, "{text:?}");
        }
        // Folding passes over what does not show, not over control characters.
        for c in [
            '\u{200B}', '\u{AD}', '\u{2060}', '\u{FEFF}', '\u{202E}', '\u{200D}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['\u{7}', '\t', 'a', '李', ' ', '\u{3000}'] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn browser_copied_headings() {
        let line = "Luring Tactic[edit]";
        assert_eq!(
            edit_heading(line).map(|(s, e)| &line[s..e]),
            Some("Luring Tactic")
        );
        let line = "  戰役經過 [編輯]  ";
        assert_eq!(
            edit_heading(line).map(|(s, e)| &line[s..e]),
            Some("戰役經過")
        );
        assert_eq!(edit_heading("[edit]"), None);
        assert_eq!(edit_heading("The army retreated [edit] at dawn."), None);
        assert_eq!(edit_heading("Luring Tactic"), None);

        let page = "\u{feff}Battle of Jiksan\n\nFrom Wikipedia, the free encyclopedia\nText.\n";
        assert_eq!(plain_page_title(page), Some(0));
        let page = "\nBattle of Jiksan\nFrom Wikipedia, the free encyclopedia\n";
        assert_eq!(plain_page_title(page), Some(1));
        assert_eq!(
            plain_page_title("Battle of Jiksan\nThe battle was fought.\n"),
            None
        );
        assert_eq!(
            plain_page_title("From Wikipedia, the free encyclopedia\n"),
            None
        );
    }

    #[test]
    fn languages() {
        let cases = [
            ("平壤之戰指的是萬曆朝鮮之役", Ok(Lang::Zh)),
            (
                "The Battle of Byeokjegwan was fought in 1593 (碧蹄館).",
                Ok(Lang::En),
            ),
            (
                "小早川隆景（こばやかわ たかかげ）は、戦国時代の武将である。",
                Ok(Lang::Ja),
            ),
            ("고언백은 조선의 무신이다.", Ok(Lang::Ko)),
            ("平壤之戰 (Battle of Pyongyang) 是1592年", Ok(Lang::Zh)),
            ("1592–1598 — 3,000", Err(Undetected::NoLetters)),
            ("The Greek word λόγος means word.", Ok(Lang::En)),
        ];
        for (text, want) in cases {
            assert_eq!(detect_lang(text), want, "{text}");
        }
    }

    /// Issue #15.11: letters of another script are named, not called "no letters".
    #[test]
    fn issue_15_11_other_scripts_are_named() {
        let cases = [
            ("Битва при Пхеньяне (1593), Li Rusong", Some("Cyrillic")),
            ("Η μάχη της Πιονγκγιάνγκ", Some("Greek")),
            ("معركة بيونغ يانغ", Some("Arabic")),
            ("קרב פיונגיאנג", Some("Hebrew")),
            ("การต่อสู้ที่เปียงยาง", Some("Thai")),
            ("ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", None),
        ];
        for (text, script) in cases {
            assert_eq!(detect_lang(text), Err(Undetected::Script(script)), "{text}");
        }
        // Latin letters beyond Latin-1 and Latin Extended-A/B (Vietnamese ậ, ế, ữ) are Latin
        // letters, as `is_latin` says, not letters of another script, however many they are.
        assert_eq!(detect_lang("Trận ải: quân tiến về, dữ dội."), Ok(Lang::En));
        assert_eq!(detect_lang("ậẩẫ ếềể ữựừ"), Ok(Lang::En));
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
