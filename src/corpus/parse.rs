//! Block structure: a validated text → sections, paragraphs (blocks separated by the file's
//! [`ParagraphRule`], headings and the Infobox as blocks of their own, paragraphs longer than
//! the bound on units cut at sentence ends), sentences, links and Infobox pairs.
//!
//! Inline markup is delegated to `markup`, sentence boundaries to `sentence`. Every span is
//! absolute in the file, so `&file[span.start_byte..span.end_byte]` is the text it names.

use super::detect::{
    SUPPORTED, Undetected, detect_format, detect_lang, detect_paragraphs, edit_heading,
    ends_sentence, is_edit_mark, is_wikipedia_tagline, plain_page_title,
};
use super::markup::{Rendered, render};
use super::sentence;
use super::wiki;
use super::{
    BlockKind, CharCounter, Citation, DEFAULT_UNIT_CHARS, Document, Format, InfoboxField, Lang,
    Link, Paragraph, ParagraphRule, Section, Sentence, content_hash,
};
use regex::Regex;
use std::sync::LazyLock;

/// What the caller knows about a document before parsing (from a manifest or flags).
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    /// Document id.
    pub id: String,
    /// Language, or `None` to detect.
    pub lang: Option<Lang>,
    /// Markup, or `None` to detect.
    pub format: Option<Format>,
    /// Title, or `None` to take it from the text.
    pub title: Option<String>,
    /// Source URL or citation.
    pub source: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// How paragraphs are separated, or `None` to detect.
    pub paragraphs: Option<ParagraphRule>,
    /// Bound on a paragraph's length in characters (0: none), or `None` for
    /// [`DEFAULT_UNIT_CHARS`].
    pub unit_chars: Option<usize>,
}

/// Why a text cannot be parsed.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// No letters of any script: the language cannot be detected.
    #[error("{path}: no letters to detect the language from (supported: {SUPPORTED}); pass --lang")]
    NoLanguage {
        /// The file.
        path: String,
    },
    /// The letters are of a script no supported language is written in.
    #[error(
        "{path}: no supported language: the text is written in {script} \
         (supported: {SUPPORTED}); pass --lang to import it anyway"
    )]
    UnsupportedScript {
        /// The file.
        path: String,
        /// The script found: `Cyrillic script`, `an unrecognised script`.
        script: String,
    },
    /// Only markup, no displayable text.
    #[error("{path}: no paragraphs of text found")]
    NoParagraphs {
        /// The file.
        path: String,
    },
}

static WIKI_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(=+)[ \t]*([^=].*?)[ \t]*(=+)[ \t]*$").expect("regex"));
static MD_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$").expect("regex"));
static INFOBOX_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Infobox(?:[ \t].*)?$").expect("regex"));
static INFOBOX_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*[-*|][ \t]*([^:=\n]+?)[ \t]*[:=][ \t]?(.*?)[ \t]*$").expect("regex")
});
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)^(?:
            From\ Wikipedia,\ the\ free\ encyclopedia
            | Jump\ to:?\ (?:navigation|search|content)(?:,\ search)?
            | \(Redirected\ from\ [^)]*\) | [（(](?:重定向自|重新導向自).*
            | This\ is\ a\ (?:Korean|Chinese|Japanese|Mongolian|Vietnamese)\ name;\ .*
            | <templatestyles\ .* | (?:Category|Categories|Hidden\ categories|分類|分类|頁面分類|页面分类)\s*[:：].*
            | 維基百科，自由的百科全書 | 维基百科，自由的百科全书
            # Hatnotes: where else to read, what the page is not.
            | (?:Main\ articles?|See\ also|Further\ information|Further|For\ more\ details)\s*:\ .*
            | (?:For\ other\ uses|For\ the\ [^,]{1,60}),\ see\ .* | This\ article\ is\ about\ .*
            | "[^"]{1,80}"\ redirects\ here\..*
            | (?:主條目|主条目|參見|参见|另見|另见|相關條目|相关条目)\s*[:：].*
            # A navigation box's view / talk / edit marks, a stub's notice, the page's address.
            | (?:[•·]\s*)?v\s*[•·]?\s*t\s*[•·]?\s*e | [•·]\s*[vte]
            | [查閱阅檢检]\s*[·•]?\s*[論论]\s*[·•]?\s*[編编]
            # Maintenance notices, image files.
            | This\ (?:article|section)\ (?:needs|does\ not\ cite|may\ |relies|has\ multiple|is\ missing).*
            | \(?Learn\ how\ and\ when\ to\ remove\ this\ (?:message|template\ message)\)?
            | (?:本|此)(?:條目|条目|文章|章節|章节).{0,40}(?:來源|来源|需要|可能|請|请|協助|协助|擴充|扩充).*
            | (?:File|Image|文件|檔案|档案|圖像|图像)\s*[:：].*
            | (?:編輯|编辑)?(?:這|这)是一(?:篇|個|个).{0,40}小作品.* | This\ .{0,80}\ is\ a\ stub\..*
            | Retrieved\ from\ .* | 取自[「"“].*
            | This\ page\ was\ last\ edited\ .* | Lua\ error\ .*
        )$"#,
    )
    .expect("regex")
});

/// Whether `line` is page furniture of its own ([`BOILERPLATE`]), a redirect's hatnote
/// (「朝鮮之役」重定向至此) or an image's file name: the last two by plain string tests, which
/// cost less than more alternatives in the pattern run over every line.
fn is_boilerplate(line: &str) -> bool {
    const REDIRECTED: [&str; 3] = ["」重定向至此", "」重新導向至此", "」重定向到此"];
    const IMAGES: [&str; 7] = [".jpg", ".jpeg", ".png", ".svg", ".gif", ".tif", ".tiff"];
    let ends = |x: &str| {
        line.len() >= x.len()
            && line.as_bytes()[line.len() - x.len()..].eq_ignore_ascii_case(x.as_bytes())
    };
    let image = line.len() <= 120
        && IMAGES.iter().any(|x| ends(x))
        && !line.contains(['/', '\\', '。'])
        && line.matches('.').count() == 1;
    image || REDIRECTED.iter().any(|r| line.contains(r)) || BOILERPLATE.is_match(line)
}

/// A line of a list of references: a note's backlink (`^ Hawley 2014, p. 186.`, `1. ^ a b`),
/// or a book or article cited by its identifier (ISBN, doi) or by author, year and page.
static CITATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            (?:[-*•·]\s*|\d{1,3}\.\s*|\[\d{1,3}\]\s*)?
            (?: \^.* | .*(?-u:\b)(?:ISBN|ISSN|OCLC|doi:)(?-u:\b).* | [^.,]{1,40}\ \d{4}[a-z]?,\ pp?\.\ ?\d.*
              | .*(?-u:\b)(?:Archived\ from\ the\ original|Retrieved\ (?:\d|[A-Z][a-z]+\ \d)).* )
            # Author, year: only as an item of a list (prose may read 'Hanseong, the capital
            # (1592), fell').
            | (?:[-*•·]\s*|\d{1,3}\.\s*|\[\d{1,3}\]\s*)
              \p{Lu}[^\s,()]*,\ \p{Lu}[^()]{0,40}\(\d{4}[a-z]?\)[.,]\ .*
        )$",
    )
    .expect("regex")
});

/// An entry of a table of contents: `2.1 Battle`.
static CONTENTS_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[^.。]{1,60}$").expect("regex"));

/// Section headings whose sections hold the page's apparatus, not its text: their paragraphs
/// are page furniture (English and Chinese, traditional and simplified).
const APPARATUS_SECTIONS: &[&str] = &[
    "references",
    "notes",
    "citations",
    "footnotes",
    "bibliography",
    "sources",
    "primary sources",
    "secondary sources",
    "works cited",
    "further reading",
    "external links",
    "see also",
    "literature",
    "notes and references",
    "references and notes",
    "explanatory notes",
    "參考文獻",
    "参考文献",
    "參考資料",
    "参考资料",
    "參考書目",
    "参考书目",
    "參考",
    "参考",
    "資料來源",
    "资料来源",
    "來源",
    "来源",
    "文獻",
    "文献",
    "注釋",
    "注释",
    "註釋",
    "註解",
    "注解",
    "腳註",
    "脚注",
    "參見",
    "参见",
    "外部連結",
    "外部链接",
    "延伸閱讀",
    "延伸阅读",
    "相關條目",
    "相关条目",
    "引用",
];

/// A section title as lists of section names hold it: heading marks and blanks trimmed,
/// lowercased ("== See Also ==" → "see also").
pub fn section_key(title: &str) -> String {
    title
        .trim_matches(|c: char| c == '=' || c == '#' || c.is_whitespace())
        .to_lowercase()
}

/// Whether a section titled `title` holds the page's apparatus (references, notes, links).
pub fn is_apparatus_section(title: &str) -> bool {
    // The longest title listed is a few words: spare a long line the lowercasing.
    title.len() <= 64 && APPARATUS_SECTIONS.contains(&section_key(title).as_str())
}

/// Whether the lines of a text block are page furniture: each is boilerplate
/// ([`BOILERPLATE`]), a citation ([`CITATION_LINE`]), or an
/// apparatus section's title, but for short heading-like lines among them ("评价" over "注释"
/// and its notes, "相关人物" over a stub's notice).
fn is_furniture(lines: &[&str]) -> bool {
    // Furniture lines are short (a long citation is a few hundred characters): a line of
    // prose longer than this is text, whatever else the block holds.
    if lines.iter().any(|l| l.len() > 1200) {
        return false;
    }
    // A table of contents: its title, then numbered entries.
    if let [title, entries @ ..] = lines
        && matches!(*title, "Contents" | "目錄" | "目录")
        && entries.iter().all(|l| CONTENTS_ENTRY.is_match(l))
    {
        return true;
    }
    let mut furniture = 0;
    for l in lines {
        // Every citation holds a digit or a note's backlink.
        let citation =
            l.contains(|c: char| c.is_ascii_digit() || c == '^') && CITATION_LINE.is_match(l);
        if is_boilerplate(l) || citation || is_apparatus_section(l) {
            furniture += 1;
            continue;
        }
        let short = l.chars().count() <= 12 && !l.contains(['。', '.', '，', ',']);
        if !short {
            return false;
        }
    }
    furniture > 0
}
static MD_BOLD_LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\*([^*\n]+)\*\*").expect("regex"));

/// A block before rendering: kind and trimmed byte range; headings keep level and title range.
#[derive(Debug)]
struct Block {
    kind: BlockKind,
    start: usize,
    end: usize,
    heading: Option<(usize, (usize, usize))>,
}

impl Block {
    /// Makes the whole block a heading of `level` (a title or section line found by its shape).
    fn make_heading(&mut self, level: usize) {
        self.kind = BlockKind::Heading;
        self.heading = Some((level, (self.start, self.end)));
    }
}

fn is_blank(line: &str) -> bool {
    line.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Trims whitespace (and a byte order mark) off an absolute range of `text`.
fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_matches(is_space);
    (start + lead, start + lead + trimmed.len())
}

/// Splits `text` into blocks, paragraphs separated by `rule`.
fn blocks(text: &str, format: Format, rule: ParagraphRule) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    let mut pos = 0;
    let close = |open: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(mut b) = open.take() {
            (b.start, b.end) = trim_range(text, b.start, b.end);
            if b.start < b.end {
                out.push(b);
            }
        }
    };
    // A plain page's title over Wikipedia's tagline: a heading of level 1.
    let page_title = (format == Format::Plain)
        .then(|| plain_page_title(text))
        .flatten();
    // MediaWiki source: its constructs that span lines, matched once.
    let source = if format == Format::Wiki {
        WikiSource::new(text)
    } else {
        WikiSource::default()
    };
    // The end of a block of source that spans lines (a template, a table, a comment).
    let mut skip_to = 0;
    for line_nl in text.split_inclusive('\n') {
        let start = pos;
        pos += line_nl.len();
        if start < skip_to {
            continue;
        }
        let line = line_nl.trim_end_matches(['\n', '\r']);
        let end = start + line.len();
        if is_blank(line) {
            close(&mut open, &mut out);
            continue;
        }
        let bare = line.trim_start_matches('\u{feff}');
        let bare_start = end - bare.len();
        let heading = match format {
            Format::Wiki => WIKI_HEADING.captures(bare).and_then(|c| {
                let level = c[1].len().min(c[3].len());
                let t = c.get(2)?;
                Some((level, (bare_start + t.start(), bare_start + t.end())))
            }),
            Format::Markdown => MD_HEADING.captures(bare).and_then(|c| {
                let t = c.get(2)?;
                Some((c[1].len(), (bare_start + t.start(), bare_start + t.end())))
            }),
            Format::Plain if page_title == Some(start) => Some((1, trim_range(text, start, end))),
            Format::Plain => edit_heading(bare).map(|(s, e)| (2, (bare_start + s, bare_start + e))),
        };
        if let Some(heading) = heading {
            close(&mut open, &mut out);
            out.push(Block {
                kind: BlockKind::Heading,
                start: bare_start,
                end,
                heading: Some(heading),
            });
            continue;
        }
        if format == Format::Plain && is_edit_mark(bare) {
            // "Citations\n\n[edit]": a browser's copy may put the section's edit link on a
            // line of its own, after the heading line. That line, if alone in its block, is the
            // heading; the mark is page furniture, a block of its own (so that the blocks are
            // numbered as with the mark read as text).
            close(&mut open, &mut out);
            if let Some(b) = out.last_mut()
                && b.kind == BlockKind::Text
                && !text[b.start..b.end].contains('\n')
                && text[b.start..b.end].chars().count() <= 150
            {
                b.make_heading(2);
            }
            let (start, end) = trim_range(text, start, end);
            out.push(Block {
                kind: BlockKind::Meta,
                start,
                end,
                heading: None,
            });
            continue;
        }
        if format == Format::Plain && is_wikipedia_tagline(bare) {
            // Page furniture of its own, even with no blank line around it.
            close(&mut open, &mut out);
            out.push(Block {
                kind: BlockKind::Text,
                start,
                end,
                heading: None,
            });
            continue;
        }
        if format == Format::Wiki
            && let Some((end, kind)) = source.block(text, bare_start)
        {
            close(&mut open, &mut out);
            out.push(Block {
                kind,
                start: bare_start,
                end,
                heading: None,
            });
            skip_to = end;
            continue;
        }
        if format == Format::Wiki && INFOBOX_START.is_match(bare.trim_end()) {
            close(&mut open, &mut out);
            open = Some(Block {
                kind: BlockKind::Infobox,
                start,
                end,
                heading: None,
            });
            continue;
        }
        let text_open = open.as_ref().is_some_and(|b| b.kind == BlockKind::Text);
        if rule == ParagraphRule::Indent && text_open && bare.starts_with('\u{3000}') {
            close(&mut open, &mut out);
        }
        match open.as_mut() {
            Some(b) => b.end = end,
            None => {
                open = Some(Block {
                    kind: BlockKind::Text,
                    start,
                    end,
                    heading: None,
                })
            }
        }
        let text_open = open.as_ref().is_some_and(|b| b.kind == BlockKind::Text);
        if rule == ParagraphRule::Line && text_open && ends_sentence(line) {
            close(&mut open, &mut out);
        }
    }
    close(&mut open, &mut out);
    if format == Format::Plain {
        // A plain copy keeps a section's title on a line of its own: "References" alone in its
        // block heads the apparatus that follows it.
        for b in &mut out {
            let line = &text[b.start..b.end];
            if b.kind == BlockKind::Text && !line.contains('\n') && is_apparatus_section(line) {
                b.make_heading(2);
            }
        }
    }
    out
}

/// The constructs of MediaWiki source that may span lines, matched once per file: templates
/// (`{{…}}`), tables (a line opening `{|` to the line closing it, tables inside counted) and
/// the ends of comments.
#[derive(Default)]
struct WikiSource {
    templates: Vec<(usize, usize)>,
    tables: Vec<(usize, usize)>,
    comment_ends: Vec<usize>,
}

impl WikiSource {
    fn new(text: &str) -> Self {
        let mut tables = Vec::new();
        if text.contains("{|") {
            let mut open = Vec::new();
            let mut pos = 0;
            for line in text.split_inclusive('\n') {
                let at = pos;
                pos += line.len();
                if line.starts_with("{|") {
                    open.push(at);
                } else if line.trim_start().starts_with("|}")
                    && let Some(o) = open.pop()
                {
                    tables.push((o, at + line.trim_end().len()));
                }
            }
            tables.sort_unstable();
        }
        WikiSource {
            templates: if text.contains("{{") {
                wiki::pairs(text, b"{{", b"}}")
            } else {
                Vec::new()
            },
            tables,
            comment_ends: wiki::occurrences(text, "-->"),
        }
    }

    /// A block of source that starts a line at `at` and may span lines: a template alone on
    /// its lines (an Infobox; or page furniture: a hatnote, a navigation box, the reference
    /// list), a table, a comment. Its end and kind; `None` for text (a template that shows
    /// text, one with text after it on its last line, markup that does not close).
    fn block(&self, text: &str, at: usize) -> Option<(usize, BlockKind)> {
        let rest = &text[at..];
        let line_rest_blank = |end: usize| {
            text[end..]
                .split('\n')
                .next()
                .is_none_or(|l| l.trim().is_empty())
        };
        if rest.starts_with("{{") {
            let end = wiki::closing(&self.templates, at)?;
            if !line_rest_blank(end) {
                return None;
            }
            let (name, _) = wiki::template_name(text, at, end);
            return if wiki::is_infobox_name(&name) {
                Some((end, BlockKind::Infobox))
            } else if wiki::shows_text(&name) {
                None
            } else {
                Some((end, BlockKind::Meta))
            };
        }
        if rest.starts_with("{|") {
            return wiki::closing(&self.tables, at).map(|end| (end, BlockKind::Meta));
        }
        if rest.starts_with("<!--") {
            let end = wiki::next_at(&self.comment_ends, at + 4)? + 3;
            return line_rest_blank(end).then_some((end, BlockKind::Meta));
        }
        None
    }
}

/// Cuts a text block longer than `bound` characters (0: no bound) at sentence ends into
/// blocks of at most `bound` characters each; a sentence longer than that is cut at character
/// boundaries. Offsets stay absolute and exact; whitespace between the parts is left out.
fn split_long(text: &str, block: Block, lang: Lang, bound: usize) -> Vec<Block> {
    let raw = &text[block.start..block.end];
    // A character is at least one byte: a block of few bytes is within the bound.
    if bound == 0 || block.kind != BlockKind::Text || raw.len() <= bound {
        return vec![block];
    }
    if raw.chars().count() <= bound {
        return vec![block];
    }
    // Parts as (start, end) relative to `raw`.
    let mut parts: Vec<(usize, usize)> = Vec::new();
    // The open part: start, end, characters.
    let mut open: Option<(usize, usize, usize)> = None;
    for (s, e) in sentence::split(raw, lang) {
        if let Some((os, oe, on)) = open {
            let grown = on + raw[oe..e].chars().count();
            if grown <= bound {
                open = Some((os, e, grown));
                continue;
            }
            parts.push((os, oe));
        }
        let n = raw[s..e].chars().count();
        let mut start = s;
        let mut count = 0;
        if n > bound {
            for (i, _) in raw[s..e].char_indices() {
                if count == bound {
                    parts.push((start, s + i));
                    (start, count) = (s + i, 0);
                }
                count += 1;
            }
        } else {
            count = n;
        }
        open = Some((start, e, count));
    }
    parts.extend(open.map(|(s, e, _)| (s, e)));
    parts
        .into_iter()
        .filter_map(|(s, e)| {
            let (start, end) = trim_range(text, block.start + s, block.start + e);
            (start < end).then_some(Block {
                kind: BlockKind::Text,
                start,
                end,
                heading: None,
            })
        })
        .collect()
}

/// Parses a validated text into a document.
pub fn parse_document(path: &str, text: &str, meta: DocMeta) -> Result<Document, ParseError> {
    let lang = match meta.lang {
        Some(l) => l,
        None => detect_lang(text).map_err(|why| match why {
            Undetected::NoLetters => ParseError::NoLanguage { path: path.into() },
            Undetected::Script(script) => ParseError::UnsupportedScript {
                path: path.into(),
                script: script.map_or_else(
                    || "an unrecognised script".to_string(),
                    |name| format!("{name} script"),
                ),
            },
        })?,
    };
    let format = meta.format.unwrap_or_else(|| detect_format(text));
    let counter = CharCounter::new(text);
    let rule = meta.paragraphs.unwrap_or_else(|| detect_paragraphs(text));
    let unit_chars = meta.unit_chars.unwrap_or(DEFAULT_UNIT_CHARS);
    let mut raw_blocks: Vec<Block> = blocks(text, format, rule)
        .into_iter()
        .flat_map(|b| split_long(text, b, lang, unit_chars))
        .collect();
    mark_title_line(text, &mut raw_blocks);
    if format == Format::Plain {
        mark_plain_infobox(text, &mut raw_blocks);
    }
    if format == Format::Wiki {
        mark_captioned_infobox(text, &mut raw_blocks);
    }

    let mut sections: Vec<Section> = Vec::new();
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut first_heading_title: Option<String> = None;
    let mut plain_title: Option<String> = None;

    // The level of the apparatus section (references, notes) the blocks are in, if any.
    let mut apparatus_level: Option<usize> = None;
    for block in raw_blocks {
        let raw = &text[block.start..block.end];
        let in_apparatus = apparatus_level.is_some() && block.heading.is_none();
        let rendered = match block.heading {
            Some((_, (ts, te))) => render(format, &text[ts..te], ts),
            None => render(format, raw, block.start),
        };
        let mut kind = block.kind;
        if kind == BlockKind::Text {
            let lines: Vec<&str> = rendered
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // A block of markup alone (a file's or category's link, a magic word) shows
            // nothing: furniture.
            if in_apparatus || lines.is_empty() || is_furniture(&lines) {
                kind = BlockKind::Meta;
            } else if paragraphs.is_empty()
                && lines.len() == 2
                && is_boilerplate(lines[1])
                && lines[0].chars().count() <= 120
            {
                // "Battle of X\nFrom Wikipedia, the free encyclopedia": title + furniture.
                kind = BlockKind::Meta;
                plain_title = Some(lines[0].to_string());
            }
        }
        if let Some((level, _)) = block.heading {
            // An apparatus section runs to the next heading of its level or above that is not
            // one.
            let apparatus = is_apparatus_section(&rendered.text);
            match apparatus_level {
                Some(at) if level <= at && !apparatus => apparatus_level = None,
                None if apparatus => apparatus_level = Some(level),
                _ => {}
            }
            if level == 1 && first_heading_title.is_none() {
                first_heading_title = Some(rendered.text.clone());
            }
            if let Some(prev) = sections.last_mut() {
                prev.span = counter.span(prev.span.start_byte, block.start);
            }
            sections.push(Section {
                ordinal: sections.len(),
                level,
                title: rendered.text.clone(),
                span: counter.span(block.start, text.len()),
            });
        } else if sections.is_empty() {
            sections.push(Section {
                ordinal: 0,
                level: 0,
                title: String::new(),
                span: counter.span(0, text.len()),
            });
        }
        let fields = if kind == BlockKind::Infobox && format == Format::Plain {
            plain_infobox_fields(raw, block.start, &counter)
        } else if kind == BlockKind::Infobox {
            infobox_fields(format, raw, block.start, &counter)
        } else {
            Vec::new()
        };
        paragraphs.push(paragraph(
            paragraphs.len() + 1,
            sections.len() - 1,
            kind,
            raw,
            block.start,
            rendered,
            fields,
            lang,
            &counter,
        ));
    }
    if paragraphs.is_empty() {
        return Err(ParseError::NoParagraphs { path: path.into() });
    }
    let bold_lead = || {
        let first = paragraphs.iter().find(|p| p.kind == BlockKind::Text)?;
        MD_BOLD_LEAD
            .captures(&first.raw)
            .map(|c| c[1].trim().to_string())
    };
    let title = meta
        .title
        .clone()
        .or(first_heading_title)
        .or_else(|| (format == Format::Markdown).then(bold_lead).flatten())
        .or(plain_title)
        .unwrap_or_else(|| stem(path));
    Ok(Document {
        id: meta.id,
        lang,
        format,
        title,
        source: meta.source,
        licence: meta.licence,
        path: path.to_string(),
        file_hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
        byte_len: text.len(),
        char_len: counter.chars_before(text.len()),
        paragraph_rule: rule,
        unit_chars,
        sections,
        paragraphs,
    })
}

#[allow(clippy::too_many_arguments)]
fn paragraph(
    ordinal: usize,
    section: usize,
    kind: BlockKind,
    raw: &str,
    start: usize,
    rendered: Rendered,
    fields: Vec<InfoboxField>,
    lang: Lang,
    counter: &CharCounter<'_>,
) -> Paragraph {
    let Rendered {
        text,
        map,
        links,
        citations,
    } = rendered;
    let sentences = sentence::split(&text, lang)
        .into_iter()
        .enumerate()
        .map(|(i, (s, e))| Sentence {
            ordinal: i,
            text: text[s..e].to_string(),
            span: counter.span(map.start(s), map.end(e)),
        })
        .collect();
    Paragraph {
        ordinal,
        section,
        kind,
        span: counter.span(start, start + raw.len()),
        raw: raw.to_string(),
        hash: content_hash(raw),
        sentences,
        links: links
            .into_iter()
            .map(|l| Link {
                label: l.label,
                target: l.target,
                page: l.page,
                span: counter.span(l.range.0, l.range.1),
                label_in_text: l.label_in_text,
            })
            .collect(),
        citations: citations
            .into_iter()
            .map(|(mark, (s, e))| Citation {
                mark,
                span: counter.span(s, e),
            })
            .collect(),
        fields,
        text,
        map,
    }
}

fn infobox_fields(
    format: Format,
    raw: &str,
    base: usize,
    counter: &CharCounter<'_>,
) -> Vec<InfoboxField> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line_nl in raw.split_inclusive('\n') {
        let line = line_nl.trim_end_matches(['\n', '\r']);
        if let Some(c) = INFOBOX_FIELD.captures(line)
            && let (Some(k), Some(v)) = (c.get(1), c.get(2))
        {
            let value_start = base + pos + v.start();
            let value = render(format, v.as_str(), value_start).text;
            out.push(InfoboxField {
                key: k.as_str().to_string(),
                value: value.trim().to_string(),
                span: counter.span(value_start, value_start + v.len()),
            });
        }
        pos += line_nl.len();
    }
    out
}

/// The keys of a battle's Infobox as a plain copy of the page shows them, one at the start of
/// a line, its value after it or on the next lines ("Date7 May 1592", "Location\nHappo"); the
/// longer of two keys that start alike first.
const PLAIN_INFOBOX_KEYS: &[&str] = &[
    "Casualties and losses",
    "Commanders and leaders",
    "Territorial changes",
    "Units involved",
    "Belligerents",
    "Location",
    "Strength",
    "Part of",
    "Result",
    "Date",
    "指揮官與領導者",
    "指挥官与领导者",
    "傷亡與損失",
    "伤亡与损失",
    "領土變更",
    "领土变更",
    "參戰方",
    "参战方",
    "指揮官",
    "指挥官",
    "地點",
    "地点",
    "日期",
    "結果",
    "结果",
    "兵力",
    "交戰方",
    "交战方",
    "傷亡",
    "伤亡",
    "時間",
    "时间",
    "位置",
];

/// The Infobox key a line starts with, if any.
fn plain_infobox_key(line: &str) -> Option<&'static str> {
    let line = line.trim_start();
    PLAIN_INFOBOX_KEYS.iter().copied().find(|k| {
        line.strip_prefix(k).is_some_and(|rest| {
            // "Date7 May 1592", "Result Korean victory", "Location" alone; not "Dates of…".
            rest.chars()
                .next()
                .is_none_or(|c| !c.is_lowercase() || !k.is_ascii())
        })
    })
}

/// A copied page shows a person's or place's Infobox under its caption, not under the word
/// Infobox: "Yi Sun-sin" and then "- Birth Date: …", "- Battles: …" lines. A text block
/// before the first heading of a `wiki` page whose first line is such a caption (one short line
/// with no key or sentence end) and whose other lines, two or more, are all `- key: value`
/// pairs is an Infobox.
fn mark_captioned_infobox(text: &str, blocks: &mut [Block]) {
    for b in blocks.iter_mut() {
        if b.kind == BlockKind::Heading && b.heading.is_some_and(|(level, _)| level > 1) {
            break;
        }
        if b.kind != BlockKind::Text {
            continue;
        }
        let mut lines = text[b.start..b.end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        let Some(caption) = lines.next() else {
            continue;
        };
        let rest: Vec<&str> = lines.collect();
        if is_title_line(caption)
            && rest.len() >= 2
            && rest
                .iter()
                .all(|l| l.starts_with('-') && INFOBOX_FIELD.is_match(l))
        {
            b.kind = BlockKind::Infobox;
        }
    }
}

/// A page copied as text opens with its title on a line of its own ("玉浦海戰", "Battle of
/// Happo"): a first block of one short line, with no sentence end and no key, before other
/// blocks, is the title, a heading of level 1 (so that the article's battle holds for its
/// paragraphs, and the title is never linked as a paragraph of its own).
fn mark_title_line(text: &str, blocks: &mut [Block]) {
    let [first, _, ..] = blocks else {
        return;
    };
    if first.kind == BlockKind::Text && is_title_line(text[first.start..first.end].trim()) {
        first.make_heading(1);
    }
}

/// Whether `line` can be a page's title: one short line, no sentence end, no key or markup.
fn is_title_line(line: &str) -> bool {
    !line.is_empty()
        && !line.contains('\n')
        && line.chars().count() <= 40
        && !line.contains([':', '：', '|', '[', ']', '*', '=', '#'])
        && !line.ends_with(['。', '.', '！', '!', '？', '?', '，', ','])
        && !line.starts_with(|c: char| c.is_ascii_digit())
        && !is_wikipedia_tagline(line)
        && !is_boilerplate(line)
        && line_keys(line).is_empty()
}

/// A plain copy of a Wikipedia page shows the Infobox as lines of text, often cut into several
/// blocks by blank lines ("Date7 May 1592" in one, "Commanders and leaders" in another). The text
/// blocks before the first prose (or a heading after them) are the Infobox when their lines start
/// with at least two Infobox keys together: it begins at the first block holding a key and takes
/// the fragments after it (names, bullet lists of ships, the casualties) up to the first prose;
/// the text blocks before it (the page's title, the Infobox's caption) are page furniture.
fn mark_plain_infobox(text: &str, blocks: &mut [Block]) {
    let lines = |b: &Block| {
        text[b.start..b.end]
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    // Prose: a line of ten words or more that ends a sentence, or any Chinese sentence.
    let prose = |b: &Block| {
        lines(b)
            .iter()
            .any(|l| (l.split_whitespace().count() >= 10 && ends_sentence(l)) || l.contains('。'))
    };
    let keys_of = |b: &Block| -> Vec<&'static str> {
        lines(b)
            .iter()
            .flat_map(|l| line_keys(l).into_iter().map(|(_, k)| k))
            .collect()
    };
    // One pass over the page's top (its blocks before the first prose, or before the first
    // heading after a key: a title heading may come first): the keys of its text blocks and
    // the first block holding one.
    let mut keys: Vec<&str> = Vec::new();
    let mut first = None;
    let mut top = blocks.len();
    for (k, b) in blocks.iter().enumerate() {
        if (b.kind == BlockKind::Heading && first.is_some())
            || (b.kind == BlockKind::Text && prose(b))
        {
            top = k;
            break;
        }
        if b.kind == BlockKind::Text {
            let found = keys_of(b);
            if !found.is_empty() {
                first.get_or_insert(k);
                keys.extend(found);
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let Some(first) = first.filter(|_| keys.len() >= 2) else {
        return;
    };
    // Before it, the page's title and the Infobox's caption ("Battle of X", "Part of …"): a
    // name, no text to align.
    for b in &mut blocks[..first] {
        if b.kind == BlockKind::Text {
            b.kind = BlockKind::Meta;
        }
    }
    for b in &mut blocks[first..top] {
        if b.kind == BlockKind::Text {
            b.kind = BlockKind::Infobox;
        }
    }
}

/// The Chinese Infobox key `text` starts with, if any (日期, 地點, 參戰方…).
pub fn cjk_infobox_key(text: &str) -> Option<&'static str> {
    PLAIN_INFOBOX_KEYS
        .iter()
        .copied()
        .find(|k| !k.is_ascii() && text.starts_with(k))
}

/// The Infobox keys of a line, with their byte offsets in it: the key it starts with, and a
/// Chinese key after a space (a copy of a Chinese page may run a whole Infobox into one line:
/// "日期 1592年5月23日 地點 朝鮮半島 結果").
fn line_keys(line: &str) -> Vec<(usize, &'static str)> {
    let lead = line.len() - line.trim_start().len();
    let mut out: Vec<(usize, &'static str)> = plain_infobox_key(line)
        .map(|k| (lead, k))
        .into_iter()
        .collect();
    let mut after_space = false;
    for (i, c) in line.char_indices() {
        if after_space
            && i > lead
            && !c.is_whitespace()
            && let Some(k) = cjk_infobox_key(&line[i..])
        {
            out.push((i, k));
        }
        after_space = c.is_whitespace();
    }
    out
}

/// The pairs of a plain Infobox block (see [`mark_plain_infobox`]): each key, its value the
/// rest of its line up to the next key there, and the lines after it up to the next key.
fn plain_infobox_fields(raw: &str, base: usize, counter: &CharCounter<'_>) -> Vec<InfoboxField> {
    let mut out = Vec::new();
    // (key, value start, value end), offsets in `raw`.
    let mut open: Option<(&str, Option<(usize, usize)>)> = None;
    let mut close = |open: &mut Option<(&str, Option<(usize, usize)>)>| {
        if let Some((key, Some((s, e)))) = open.take() {
            let value = render(Format::Plain, &raw[s..e], base + s).text;
            out.push(InfoboxField {
                key: key.to_string(),
                value: value.trim().to_string(),
                span: counter.span(base + s, base + e),
            });
        }
    };
    // Widens the open value by `raw[s..e]` trimmed, if anything is left.
    let extend = |open: &mut Option<(&str, Option<(usize, usize)>)>, s: usize, e: usize| {
        let part = &raw[s..e];
        let (s, e) = (
            s + (part.len() - part.trim_start().len()),
            s + part.trim_end().len(),
        );
        if let Some((_, value)) = open.as_mut()
            && s < e
        {
            *value = Some(value.map_or((s, e), |(vs, _)| (vs, e)));
        }
    };
    let mut pos = 0;
    for line_nl in raw.split_inclusive('\n') {
        let line = line_nl.trim_end_matches(['\n', '\r']);
        let keys = line_keys(line);
        let line_end = pos + line.len();
        let first = keys.first().map_or(line.len(), |&(at, _)| at);
        extend(&mut open, pos, pos + first);
        for (n, &(at, key)) in keys.iter().enumerate() {
            close(&mut open);
            let value_end = keys.get(n + 1).map_or(line_end, |&(next, _)| pos + next);
            open = Some((key, None));
            // The value starts after the key's colon, if it has one ("日期：…", "Date: …").
            let after = pos + at + key.len();
            let rest = &raw[after..value_end.max(after)];
            let colon = rest
                .strip_prefix([':', '：'])
                .map_or(0, |r| rest.len() - r.len());
            extend(&mut open, after + colon, value_end);
        }
        pos += line_nl.len();
    }
    close(&mut open);
    out
}

fn stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_and_hatnotes_are_furniture_and_prose_is_not() {
        use super::is_furniture;
        for lines in [
            &["^ Hawley 2014, p. 186."][..],
            &["1. ^ a b c Hawley 2014, p. 186."],
            &["• Hawley, Samuel (2014), The Imjin War, Conquistador Press"],
            &["* Turnbull, Stephen (2002). Samurai Invasion. Cassell. ISBN 978-0-304-35948-6."],
            &["Main article: Japanese invasions of Korea (1592–1598)"],
            &[
                "See also: Battle of Hansan Island",
                "For other uses, see Okpo (disambiguation).",
            ],
            &[
                "Contents",
                "1 Background",
                "2 Battle",
                "2.1 Losses",
                "3 References",
            ],
            &[
                "v t e",
                "Retrieved from \"https://en.wikipedia.org/wiki/X\"",
            ],
            &["评价", "注释", "- ^ 《明史·李如柏传》"],
            &[
                "相关人物",
                "编辑这是一篇与朝鲜半岛人物相关的小作品。您可以通过编辑扩充其内容。",
            ],
            &["主條目：萬曆朝鮮之役"],
            &["分類：萬曆朝鮮之役戰役"],
            &["閱 · 論 · 編"],
            &["This article needs additional citations for verification."],
            &["本條目需要補充更多來源。"],
            &["File:Busanjin Sunjeoldo.jpg", "Disambig gray.svg"],
            &[
                "From Wikipedia, the free encyclopedia",
                "Jump to: navigation, search",
            ],
            &["This is a Korean name; the family name is Gwak."],
            &["李氏朝鲜时将领", "(重定向自李舜臣 (朝鲜)"],
            &["<templatestyles src=\"Module:Hatnote/styles.css\"></templatestyles>"],
        ] {
            assert!(is_furniture(lines), "{lines:?}");
        }
        for lines in [
            &["Hanseong, the capital (1592), fell to the Japanese within three weeks."][..],
            &["Yi Sun-sin (1545–1598) destroyed the fleet at Okpo."],
            &["1592 was the year of the landing"],
            &[
                "Contents of the castle's stores were burned.",
                "2 ships escaped",
            ],
            &["評價", "李如柏為將不及其兄。"],
            &["The fleet (see also the Battle of Hansan Island) sailed on."],
            &["本條目所述之戰，明軍先勝後敗。"],
            &["This article is long."],
        ] {
            assert!(!is_furniture(lines), "{lines:?}");
        }
    }

    use super::*;

    fn parse(text: &str) -> Document {
        parse_as(text, None)
    }

    fn parse_plain(text: &str) -> Document {
        parse_as(text, Some(Format::Plain))
    }

    fn parse_as(text: &str, format: Option<Format>) -> Document {
        parse_document(
            "t.txt",
            text,
            DocMeta {
                id: "t".into(),
                format,
                ..DocMeta::default()
            },
        )
        .expect("parses")
    }

    /// The Infobox pairs of a paragraph as (key, value).
    fn fields_of(p: &Paragraph) -> Vec<(&str, &str)> {
        p.fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect()
    }

    #[test]
    fn wiki_headings_and_infobox_are_blocks() {
        let text = "= Battle of X =\n\nInfobox\n- Date: 27 February 1593\n- Commander1: A, B[2]\n\nLead text.\n\n==Background==\nAfter taking it.\n";
        let d = parse(text);
        let kinds: Vec<_> = d.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, [Heading, Infobox, Text, Heading, Text]);
        assert_eq!(d.title, "Battle of X");
        assert_eq!(d.format, Format::Wiki);
        assert_eq!(d.lang, Lang::En);
        let fields = fields_of(&d.paragraphs[1]);
        assert_eq!(
            fields,
            [("Date", "27 February 1593"), ("Commander1", "A, B")]
        );
        let f = &d.paragraphs[1].fields[1];
        assert_eq!(&text[f.span.start_byte..f.span.end_byte], "A, B[2]");
        assert_eq!(d.sections.len(), 2);
        assert_eq!(d.sections[1].title, "Background");
        assert_eq!(d.paragraphs[4].section, 1);
        for p in &d.paragraphs {
            assert_eq!(&text[p.span.start_byte..p.span.end_byte], p.raw);
        }
    }

    #[test]
    fn an_infobox_under_its_caption_is_an_infobox() {
        // A person's Infobox as a copied page shows it: the caption, then key: value lines.
        let text = "= Kim Si-min =\n\nKim Si-min\n- Birth Date: 1554\n- Battles: Siege of Jinju (1592)\n\nKim Si-min was a general.\n\nNotable people\n- one: a\n\n==Life==\nHe was born.\n\nFamily\n- Father: Kim Chung-gap\n- Son: Kim Sa\n";
        let d = parse(text);
        let kinds: Vec<_> = d.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        // A caption over one pair, or a list after the first section, stays text.
        assert_eq!(kinds, [Heading, Infobox, Text, Text, Heading, Text, Text]);
        assert_eq!(
            fields_of(&d.paragraphs[1]),
            [("Birth Date", "1554"), ("Battles", "Siege of Jinju (1592)")]
        );
    }

    #[test]
    fn mediawiki_source_blocks() {
        let text = "{{Short description|A battle}}\n{{Infobox military conflict\n| conflict = Battle of Okpo\n| date = 16 June 1592<ref>diary</ref>\n| commander1 = [[Yi Sun-sin]]\n}}\nThe '''Battle of Okpo''' was fought.<ref name=a>{{cite book|year=2005}}</ref>\n\n{| class=wikitable\n| A || B\n{|\n|}\n|}\n<!-- a comment\n\nover a blank line -->\n{{nowrap|Won Gyun}} came too.\n\n{| not closed\n\n<!-- not closed\n";
        let d = parse(text);
        let got: Vec<_> = d
            .paragraphs
            .iter()
            .map(|p| (p.kind, p.text.trim().to_string()))
            .collect();
        use BlockKind::*;
        let want = [
            (Meta, ""),
            (
                Infobox,
                "| conflict = Battle of Okpo\n| date = 16 June 1592\n| commander1 = Yi Sun-sin",
            ),
            (Text, "The Battle of Okpo was fought."),
            // Furniture shows what it holds.
            (Meta, "{| class=wikitable\n| A || B\n{|\n|}\n|}"),
            (Meta, ""),
            (Text, "Won Gyun came too."),
            // Markup that does not close is text, not a block that swallows the page.
            (Text, "{| not closed"),
            (Text, "<!-- not closed"),
        ];
        let want: Vec<_> = want.iter().map(|&(k, t)| (k, t.to_string())).collect();
        assert_eq!(got, want);
        let fields = fields_of(&d.paragraphs[1]);
        assert_eq!(
            fields,
            [
                ("conflict", "Battle of Okpo"),
                ("date", "16 June 1592"),
                ("commander1", "Yi Sun-sin")
            ]
        );
        assert_eq!(d.paragraphs[2].citations[0].mark, "ref");
        for p in &d.paragraphs {
            assert_eq!(&text[p.span.start_byte..p.span.end_byte], p.raw);
        }
    }

    #[test]
    fn plain_english_with_wikipedia_furniture() {
        let d = parse(
            "Battle of Imjin River\nFrom Wikipedia, the free encyclopedia\n\nThe battle was fought in 1592. It ended.\n",
        );
        assert_eq!(d.title, "Battle of Imjin River");
        assert_eq!(d.paragraphs[0].kind, BlockKind::Heading);
        assert_eq!(d.paragraphs[1].kind, BlockKind::Meta);
        assert_eq!(d.paragraphs[2].sentences.len(), 2);
        // Copied from a browser without blank lines: title, tagline, `[edit]` headings.
        let d = parse(
            "Battle of Imjin River\nFrom Wikipedia, the free encyclopedia\nThe battle was fought in 1592.\nLuring Tactic[edit]\nThe army feigned a retreat.\n",
        );
        let kinds: Vec<BlockKind> = d.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, [Heading, Meta, Text, Heading, Text]);
        assert_eq!(d.sections[1].title, "Luring Tactic");
        assert_eq!(d.sections[1].level, 2);
    }

    #[test]
    fn a_plain_copy_of_an_infobox_is_an_infobox() {
        // A browser copy of a battle page: title, the Infobox as lines with keys glued to
        // values or alone on their line, fragments after it, then the prose.
        let text = "Battle of Somewhere\n\nBattle of Somewhere\nDate9 June 1592\nLocation\nSomewhere harbour, Far Province\nResult Korean victory\nStrength\n6 ships[1]\n\nAdmiral Kim[1]\n\n  \u{2022} 20 warships\n\nCasualties and losses\nNone\n\nThe Battle of Somewhere was fought on 9 June 1592 by the fleet of the southern province against a convoy.\n";
        let d = parse_plain(text);
        let kinds: Vec<_> = d.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::*;
        // The title line heads the page (its battle holds for the paragraphs).
        assert_eq!(kinds, [Heading, Infobox, Infobox, Infobox, Infobox, Text]);
        let fields = fields_of(&d.paragraphs[1]);
        assert_eq!(
            fields,
            [
                ("Date", "9 June 1592"),
                ("Location", "Somewhere harbour, Far Province"),
                ("Result", "Korean victory"),
                ("Strength", "6 ships"),
            ]
        );
        let f = &d.paragraphs[1].fields[1];
        assert_eq!(
            &text[f.span.start_byte..f.span.end_byte],
            "Somewhere harbour, Far Province"
        );
        // Prose first: no Infobox, whatever keys a later line starts with.
        let d = parse_plain(
            "The battle was fought in the south by two fleets over three days in the summer.\n\nDate of the battle\nResult unknown\nLocation\n",
        );
        assert!(d.paragraphs.iter().all(|p| p.kind == Text));
        // Keys cut apart by blank lines, one per block: together they make the Infobox, and
        // its commander lists are part of it, not text.
        let d = parse_plain(
            "The Long War (1590s)\n\nThe Long War\nA harbour at dawn\nDateMay 3, 1592 \u{2013} May 9, 1598\n\nStalemate[1]\n\nNorth\nSouth\nCommanders and leaders\n\nAdmiral Kim\nGeneral Park\n\nThe war began when the northern fleet crossed the strait and landed near the harbour.\n",
        );
        let kinds: Vec<_> = d.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Heading, Infobox, Infobox, Infobox, Infobox, Text]);
        assert_eq!(
            fields_of(&d.paragraphs[1]),
            [("Date", "May 3, 1592 \u{2013} May 9, 1598")]
        );
        // A Chinese copy that runs the Infobox into one line.
        let d = parse_plain(
            "某城之戰 日期 1593年2月27日 地點 某城 結果\n\n守軍勝利\n\n指揮官 甲將軍\n\n某城之戰是一場戰役。\n",
        );
        let kinds: Vec<_> = d.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Infobox, Infobox, Infobox, Text]);
        assert_eq!(
            fields_of(&d.paragraphs[0]),
            [("日期", "1593年2月27日"), ("地點", "某城")]
        );
        // Key：value lines: the value starts after the colon, and every key of zh.wikipedia's
        // Infobox starts a field (傷亡 is not swallowed by the 兵力 line before it).
        let d = parse_plain(
            "某城之戰\n\n日期：1593年2月27日\n交戰方：甲國；乙國\n兵力：甲國約五百人\n傷亡：甲國傷亡不詳\n\n某城之戰是一場戰役。\n",
        );
        assert_eq!(
            fields_of(&d.paragraphs[1]),
            [
                ("日期", "1593年2月27日"),
                ("交戰方", "甲國；乙國"),
                ("兵力", "甲國約五百人"),
                ("傷亡", "甲國傷亡不詳")
            ]
        );
    }

    #[test]
    fn markdown_title_from_bold_lead_and_category_is_meta() {
        let d = parse(
            "**平壤之戰**指的是[萬曆朝鮮之役](../Page/萬曆朝鮮之役.md \"wikilink\")。\n\n[Category:萬曆朝鮮戰爭](https://zh.wikipedia.org/wiki/Category:萬曆朝鮮戰爭 \"wikilink\")\n",
        );
        assert_eq!(d.title, "平壤之戰");
        assert_eq!(d.lang, Lang::Zh);
        assert_eq!(d.paragraphs[1].kind, BlockKind::Meta);
    }

    #[test]
    fn char_spans_count_characters() {
        let text = "\u{feff}平壤。\n\n碧蹄館之戰。";
        let d = parse(text);
        let p = &d.paragraphs[1];
        let chars: String = text
            .chars()
            .skip(p.span.start_char)
            .take(p.span.end_char - p.span.start_char)
            .collect();
        assert_eq!(chars, "碧蹄館之戰。");
        assert_eq!(d.paragraphs[0].raw, "平壤。");
    }

    fn parse_with(text: &str, paragraphs: Option<ParagraphRule>, bound: usize) -> Document {
        parse_document(
            "t.txt",
            text,
            DocMeta {
                id: "t".into(),
                paragraphs,
                unit_chars: Some(bound),
                ..DocMeta::default()
            },
        )
        .expect("parses")
    }

    fn raws(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.raw.as_str()).collect()
    }

    #[test]
    fn paragraph_rules_cut_lines_and_indents() {
        let d = parse("It began.\r\nThe army\r\nmarched on.\r\nIt ended.\r\n");
        assert_eq!(d.paragraph_rule, ParagraphRule::Line);
        assert_eq!(
            raws(&d),
            ["It began.", "The army\r\nmarched on.", "It ended."]
        );
        let d = parse_with("甲。\n乙。\n", Some(ParagraphRule::BlankLine), 0);
        assert_eq!(raws(&d), ["甲。\n乙。"]);
        let d = parse_with(
            "\u{3000}甲，\n乙。\n\u{3000}丙。\n",
            Some(ParagraphRule::Indent),
            0,
        );
        assert_eq!(raws(&d), ["甲，\n乙。", "丙。"]);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        let text = "One two. Three four five. Six.\n";
        let d = parse_with(text, None, 16);
        assert_eq!(raws(&d), ["One two.", "Three four five.", "Six."]);
        let d = parse_with(text, None, 21);
        assert_eq!(raws(&d), ["One two.", "Three four five. Six."]);
        // A sentence beyond the bound is cut at character boundaries.
        let d = parse_with("甲乙丙丁戊己庚。辛。", Some(ParagraphRule::BlankLine), 3);
        assert_eq!(raws(&d), ["甲乙丙", "丁戊己", "庚。", "辛。"]);
        for p in &d.paragraphs {
            assert_eq!(
                &"甲乙丙丁戊己庚。辛。"[p.span.start_byte..p.span.end_byte],
                p.raw
            );
        }
    }

    #[test]
    fn no_letters_is_an_error() {
        let err =
            parse_document("n.txt", "1592 — 1598\n", DocMeta::default()).expect_err("no lang");
        assert!(err.to_string().contains("pass --lang"));
    }
}
