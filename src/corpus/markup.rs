//! Inline markup: turns the raw text of one block into display text, keeping links as data.
//!
//! Owns wikilinks (`[label](target "wikilink")`, `[[Target|label]]`), emphasis markers and
//! citation marks (`[3]`, `[來源請求]`). Every displayed character is copied verbatim from the
//! file, so the returned [`OffsetMap`] maps display offsets back to the file exactly. Block
//! structure (headings, Infobox, paragraphs) is `parse`'s job.

use super::{Format, OffsetMap, wiki};
use regex::Regex;
use std::sync::LazyLock;

/// A link found in a block, with byte ranges absolute in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// Displayed label.
    pub label: String,
    /// Target as written.
    pub target: String,
    /// Page title named by the target.
    pub page: String,
    /// The whole markup, absolute in the file.
    pub range: (usize, usize),
    /// The label within the display text.
    pub label_in_text: (usize, usize),
}

/// A block rendered to display text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rendered {
    /// Display text.
    pub text: String,
    /// Display offsets → file offsets.
    pub map: OffsetMap,
    /// Links.
    pub links: Vec<RawLink>,
    /// Citation marks: the mark without brackets and its absolute range with brackets.
    pub citations: Vec<(String, (usize, usize))>,
}

/// Citation and editorial marks, and nothing else: any other bracketed text (`[李如松]`,
/// `[the king]`, `[1592]`) is prose and stays in the display text.
///
/// - reference numbers `[3]` (so `[12][13]` is two marks) and note letters `[a]`;
/// - named notes `[note 2]`, `[nb 1]`, `[n 3]`, `[注 1]`, `[註 2]`, `[注釋 a]`;
/// - the editorial marks of English and Chinese Wikipedia's inline templates
///   (`[citation needed]`, `[來源請求]`, `[哪個／哪些？]`, …), in traditional and simplified
///   spelling, listed one by one: a bracketed Han phrase is not a mark because it is short.
const CITATION: &str = concat!(
    r"\[(?P<cite>",
    r"\d{1,3}|[a-z]",
    r"|(?i:note|nb|n)[ \x{a0}](?:\d{1,3}|[a-z])",
    r"|(?:注|註|注釋|註釋|注释|注解|註解)[ \x{a0}]?(?:\d{1,3}|[a-zA-Z])",
    r"|(?i:citation needed|clarification needed|verification needed|failed verification",
    r"|better source needed|full citation needed|page needed|year needed|dead link",
    r"|not in citation given|dubious(?: [–-] discuss)?|original research\?|vague",
    r"|who\?|which\?|when\?|where\?|by whom\?|according to whom\?|specify)",
    r"|來源請求|来源请求|需要較佳來源|需要较佳来源|需要更好來源|需要更好来源|來源可靠[？?]|来源可靠[？?]",
    r"|需要頁碼|需要页码|失效連結|失效链接|需要解釋|需要解释|需要澄清|需要更新|需要引用",
    r"|原創研究[？?]|原创研究[？?]|可疑(?:[ ]?[–-][ ]?討論|[ ]?[–-][ ]?讨论)?",
    r"|哪[個个][／/]哪些[？?]|哪[個个][？?]|誰[？?]|谁[？?]|何時[？?]|何时[？?]|何處[？?]|何处[？?]",
    r")\]",
);
static MARKDOWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"\[(?P<label>[^\[\]\n]*)\]\((?P<target>(?:\\.|[^()\\\s]|\([^()\s]*\))+)(?:\s+"(?P<title>[^"\n]*)")?\)|\*\*|{CITATION}"#
    ))
    .expect("markdown regex")
});

static WIKI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\[\[(?P<wtarget>[^\[\]|\n]+)(?:\|(?P<wlabel>[^\[\]\n]*))?\]\]|'{{2,5}}|{CITATION}"
    ))
    .expect("wiki regex")
});

static PLAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(CITATION).expect("plain regex"));

/// Collects display text and the offset map.
struct Builder {
    out: Rendered,
    /// File offset just after the last copied run, to merge contiguous runs.
    next_file: Option<usize>,
}

impl Builder {
    fn new() -> Self {
        Builder {
            out: Rendered::default(),
            next_file: None,
        }
    }

    /// Appends `text`, which sits at absolute `file_offset` in the file.
    fn copy(&mut self, text: &str, file_offset: usize) {
        if text.is_empty() {
            return;
        }
        if self.next_file != Some(file_offset) {
            self.out.map.0.push((self.out.text.len(), file_offset));
        }
        self.out.text.push_str(text);
        self.next_file = Some(file_offset + text.len());
    }
}

/// Renders `raw` (a block that starts at absolute byte `base` of the file) in `format`.
pub fn render(format: Format, raw: &str, base: usize) -> Rendered {
    let re: &Regex = match format {
        Format::Markdown => &MARKDOWN,
        Format::Wiki => &WIKI,
        Format::Plain => &PLAIN,
    };
    let mut b = Builder::new();
    if format == Format::Wiki {
        render_wiki(&mut b, raw, base, 0);
    } else {
        render_runs(&mut b, re, raw, base);
    }
    b.out
}

/// Renders MediaWiki source: templates, references, comments and file links first
/// ([`wiki::spans`]), the text between them and what templates show by the inline pattern;
/// templates nested deeper than [`wiki::MAX_DEPTH`] are dropped whole.
fn render_wiki(b: &mut Builder, raw: &str, base: usize, depth: usize) {
    if !raw.contains(['{', '<', '_']) && !raw.contains("[[") {
        return render_runs(b, &WIKI, raw, base);
    }
    let mut last = 0;
    for span in wiki::spans(raw) {
        render_runs(b, &WIKI, &raw[last..span.start], base + last);
        match span.what {
            wiki::What::Citation(mark) => {
                b.out
                    .citations
                    .push((mark, (base + span.start, base + span.end)));
            }
            wiki::What::Keep(runs) if depth < wiki::MAX_DEPTH => {
                for (s, e) in runs {
                    render_wiki(b, &raw[s..e], base + s, depth + 1);
                }
            }
            wiki::What::Keep(_) | wiki::What::Drop => {}
        }
        last = span.end;
    }
    render_runs(b, &WIKI, &raw[last..], base + last);
}

/// Renders `raw` (at absolute byte `base`) with the inline pattern `re` into `b`.
fn render_runs(b: &mut Builder, re: &Regex, raw: &str, base: usize) {
    let mut last = 0;
    for caps in re.captures_iter(raw) {
        let Some(whole) = caps.get(0) else { continue };
        b.copy(&raw[last..whole.start()], base + last);
        last = whole.end();
        let range = (base + whole.start(), base + whole.end());
        if let Some(cite) = caps.name("cite") {
            b.out.citations.push((cite.as_str().to_string(), range));
        } else if let (Some(label), Some(target)) = (caps.name("label"), caps.name("target")) {
            let start = b.out.text.len();
            b.copy(label.as_str(), base + label.start());
            let end = b.out.text.len();
            b.out.links.push(RawLink {
                label: label.as_str().to_string(),
                target: target.as_str().to_string(),
                page: page_of_target(target.as_str()),
                range,
                label_in_text: (start, end),
            });
        } else if let Some(target) = caps.name("wtarget") {
            let shown = caps
                .name("wlabel")
                .filter(|l| !l.as_str().is_empty())
                .unwrap_or(target);
            let start = b.out.text.len();
            b.copy(shown.as_str(), base + shown.start());
            let end = b.out.text.len();
            b.out.links.push(RawLink {
                label: shown.as_str().to_string(),
                target: target.as_str().to_string(),
                page: page_of_target(target.as_str()),
                range,
                label_in_text: (start, end),
            });
        }
        // Otherwise an emphasis marker: dropped.
    }
    b.copy(&raw[last..], base + last);
}

/// The page title a link target names: `../Page/平壤.md` → `平壤`,
/// `https://zh.wikipedia.org/wiki/临津江之战_\(1592年\)` → `临津江之战 (1592年)`,
/// `Battle_of_Pyongyang#Siege` → `Battle of Pyongyang`.
pub fn page_of_target(target: &str) -> String {
    let unescaped = unescape_markdown(target);
    let mut page = unescaped.as_str();
    if let Some(i) = page.find("/wiki/") {
        page = &page[i + "/wiki/".len()..];
    } else if let Some(i) = page.rfind('/') {
        page = &page[i + 1..];
    }
    page = page.strip_suffix(".md").unwrap_or(page);
    page = page.split('#').next().unwrap_or(page);
    let decoded = percent_encoding::percent_decode_str(page).decode_utf8_lossy();
    decoded.replace('_', " ").trim().to_string()
}

fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every display character must come from the file at the mapped offset.
    fn assert_map_exact(raw: &str, base: usize, r: &Rendered) {
        let file = format!("{}{}", " ".repeat(base), raw);
        for (d, c) in r.text.char_indices() {
            let f = r.map.start(d);
            assert_eq!(&file[f..f + c.len_utf8()], c.to_string(), "display {d}");
        }
    }

    #[test]
    fn markdown_links_keep_labels_and_targets() {
        let raw = r#"王京[漢陽被日軍攻陷之後](https://zh.wikipedia.org/wiki/首尔 "wikilink")，發起[臨津江之戰](https://zh.wikipedia.org/wiki/临津江之战_\(1592年\) "wikilink")。"#;
        let r = render(Format::Markdown, raw, 10);
        assert_eq!(r.text, "王京漢陽被日軍攻陷之後，發起臨津江之戰。");
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].label, "漢陽被日軍攻陷之後");
        assert_eq!(r.links[0].page, "首尔");
        assert_eq!(r.links[1].page, "临津江之战 (1592年)");
        let (s, e) = r.links[1].label_in_text;
        assert_eq!(&r.text[s..e], "臨津江之戰");
        assert_map_exact(raw, 10, &r);
    }

    #[test]
    fn markdown_relative_links_and_bold() {
        let raw = r#"**平壤之戰**指的是[萬曆朝鮮之役](../Page/萬曆朝鮮之役.md "wikilink")中"#;
        let r = render(Format::Markdown, raw, 0);
        assert_eq!(r.text, "平壤之戰指的是萬曆朝鮮之役中");
        assert_eq!(r.links[0].page, "萬曆朝鮮之役");
        assert_eq!(r.links[0].target, "../Page/萬曆朝鮮之役.md");
        assert_map_exact(raw, 0, &r);
    }

    #[test]
    fn citations_are_removed_and_kept() {
        let raw = "1,000,000+陣亡 (包括平民)[3]，朝鮮弓[來源請求]。Text[12] and[a].";
        let r = render(Format::Plain, raw, 5);
        assert_eq!(r.text, "1,000,000+陣亡 (包括平民)，朝鮮弓。Text and.");
        let marks: Vec<_> = r.citations.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(marks, ["3", "來源請求", "12", "a"]);
        let (s, e) = r.citations[0].1;
        assert_eq!(&format!("{}{raw}", " ".repeat(5))[s..e], "[3]");
        assert_map_exact(raw, 5, &r);
    }

    #[test]
    fn file_characters_without_the_raw_text() {
        // Removed markup holds non-ASCII characters (the link target), so characters in the
        // file and in the display text differ before every run.
        let raw = "據[[碧蹄館之戰|碧蹄館]]記載，'''李如松'''於[[1593年]]退兵[3]。";
        let (base, base_char) = (100, 40);
        let r = render(Format::Wiki, raw, base);
        let runs = r.map.run_chars(raw, base, base_char);
        assert!(r.map.0.len() > 3, "several runs");
        for (p, _) in r.text.char_indices().chain([(r.text.len(), ' ')]) {
            for end in [false, true] {
                let b = if end { r.map.end(p) } else { r.map.start(p) };
                // As counted in the raw text (clamped, as before the first run).
                let rel = b.saturating_sub(base).min(raw.len());
                let want = base_char + raw[..rel].chars().count();
                assert_eq!(
                    r.map.file_char(&runs, &r.text, p, end).unwrap_or(base_char),
                    want,
                    "display {p} (end: {end})"
                );
            }
        }
    }

    #[test]
    fn wiki_links_and_emphasis() {
        let raw = "The '''[[Battle of Byeokjegwan|battle]]''' near [[Hanseong]][2].";
        let r = render(Format::Wiki, raw, 0);
        assert_eq!(r.text, "The battle near Hanseong.");
        assert_eq!(r.links[0].page, "Battle of Byeokjegwan");
        assert_eq!(r.links[1].label, "Hanseong");
        assert_map_exact(raw, 0, &r);
    }

    /// Issue #15.1: only citation marks leave the text; a bracketed name or phrase stays, in
    /// every format. One row per bracket shape: (raw, display text, marks removed).
    #[test]
    fn issue_15_1_only_citation_marks_leave_the_text() {
        let cases: &[(&str, &str, &[&str])] = &[
            // Text, whatever its script or length.
            ("第二段[李如松]。", "第二段[李如松]。", &[]),
            ("據[李如松、楊元]所記", "據[李如松、楊元]所記", &[]),
            (
                "[平壤之戰指的是萬曆朝鮮之役中]",
                "[平壤之戰指的是萬曆朝鮮之役中]",
                &[],
            ),
            ("[一]", "[一]", &[]),
            ("in [1592] he", "in [1592] he", &[]),
            ("[sic] and [the king]", "[sic] and [the king]", &[]),
            ("[I] went", "[I] went", &[]),
            ("[？]", "[？]", &[]),
            ("[注意]", "[注意]", &[]),
            // Reference numbers and note letters.
            ("甲[3]乙", "甲乙", &["3"]),
            ("甲[12][13]乙", "甲乙", &["12", "13"]),
            ("end.[a]", "end.", &["a"]),
            // Named notes.
            ("x[note 2] y", "x y", &["note 2"]),
            ("x[nb 1] y", "x y", &["nb 1"]),
            ("甲[注 1]乙", "甲乙", &["注 1"]),
            ("甲[註 2]乙", "甲乙", &["註 2"]),
            ("甲[註1]乙", "甲乙", &["註1"]),
            // Editorial marks.
            ("x[citation needed] y", "x y", &["citation needed"]),
            ("x[clarification needed]", "x", &["clarification needed"]),
            ("甲[來源請求]乙", "甲乙", &["來源請求"]),
            ("甲[来源请求]乙", "甲乙", &["来源请求"]),
            ("甲[哪個／哪些？]乙", "甲乙", &["哪個／哪些？"]),
            ("甲[誰？]乙", "甲乙", &["誰？"]),
        ];
        for &(raw, text, marks) in cases {
            for format in [Format::Plain, Format::Markdown, Format::Wiki] {
                let r = render(format, raw, 0);
                assert_eq!(r.text, text, "{format}: {raw}");
                let got: Vec<_> = r.citations.iter().map(|c| c.0.as_str()).collect();
                assert_eq!(got, marks, "{format}: {raw}");
                assert_map_exact(raw, 0, &r);
            }
        }
    }

    #[test]
    fn square_brackets_in_prose_are_text() {
        let r = render(Format::Plain, "he said [the king] would come", 0);
        assert_eq!(r.text, "he said [the king] would come");
        assert!(r.citations.is_empty());
    }
}
