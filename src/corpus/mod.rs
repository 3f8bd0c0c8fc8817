//! The corpus model: source files → documents → sections → paragraphs → sentences.
//!
//! This module owns reading and parsing source texts (Chinese markdown with wikilinks, English
//! wiki text with an Infobox, plain text in either language) into plain Rust values whose every
//! span points back into the original file, in bytes and in characters. It does not talk to the
//! database (that is `store`) and prints nothing.

pub mod collect;
pub mod detect;
pub mod manifest;
pub mod markup;
pub mod parse;
pub mod read;
pub mod sentence;
pub mod wiki;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use parse::{cjk_infobox_key, parse_document};
pub use read::{ReadError, read_source};

/// A document language, detected from script or given by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese (traditional or simplified).
    Zh,
    /// English.
    En,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
}

impl Lang {
    /// The short code stored in the database and accepted on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }

    /// True for languages written without spaces between words, in Han characters or kana.
    pub fn is_cjk(self) -> bool {
        !matches!(self, Lang::En)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-hant" | "zh-hans" | "chinese" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            "ja" | "japanese" => Ok(Lang::Ja),
            "ko" | "korean" => Ok(Lang::Ko),
            _ => Err(format!(
                "unknown language {s:?} (expected zh, en, ja or ko)"
            )),
        }
    }
}

/// The markup a source file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown converted from a wiki: `[label](target "wikilink")`, `**bold**`, `#` headings.
    Markdown,
    /// Wiki text: `= Title =`, `==Section==`, an `Infobox` block of `- Key: value` lines.
    Wiki,
    /// Plain text: blank-line separated paragraphs, nothing else.
    Plain,
}

impl Format {
    /// The name stored in the database and accepted on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Wiki => "wiki",
            Format::Plain => "plain",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "markdown" | "md" => Ok(Format::Markdown),
            "wiki" | "wikitext" => Ok(Format::Wiki),
            "plain" | "text" | "txt" => Ok(Format::Plain),
            _ => Err(format!(
                "unknown format {s:?} (expected markdown, wiki or plain)"
            )),
        }
    }
}

/// How a file separates its paragraphs: detected per file ([`detect::detect_paragraphs`]),
/// or forced by the manifest (`paragraphs = "line"`) or `import --paragraphs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphRule {
    /// Blank lines between paragraphs (the rule for every file that has a blank line).
    #[default]
    BlankLine,
    /// One paragraph per line: a line break that follows a sentence end (。！？」 or `.`)
    /// ends a paragraph; a line that stops mid-sentence goes on in the next line. Pages pasted
    /// from a browser or a wiki mirror.
    Line,
    /// A line indented with a full-width space (U+3000) starts a paragraph. Books.
    Indent,
}

impl ParagraphRule {
    /// The name stored in the database, written in the manifest and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ParagraphRule::BlankLine => "blank-line",
            ParagraphRule::Line => "line",
            ParagraphRule::Indent => "indent",
        }
    }
}

impl fmt::Display for ParagraphRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ParagraphRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "blank-line" | "blank" => Ok(ParagraphRule::BlankLine),
            "line" => Ok(ParagraphRule::Line),
            "indent" => Ok(ParagraphRule::Indent),
            _ => Err(format!(
                "unknown paragraph rule {s:?} (expected blank-line, line or indent)"
            )),
        }
    }
}

/// The default bound on a paragraph's length in characters: a longer paragraph is cut at
/// sentence ends into units of at most this many characters (a sentence longer than that is
/// cut at a character boundary), so that no unit of align, check and report is a whole book.
pub const DEFAULT_UNIT_CHARS: usize = 4000;

/// What a paragraph (a block of the source) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A heading line (`== Battle ==`, `# Battle`).
    Heading,
    /// An Infobox block of key/value lines.
    Infobox,
    /// Running text (also lists and tables written as lines).
    Text,
    /// Page furniture: "From Wikipedia, the free encyclopedia", category lines.
    Meta,
}

impl BlockKind {
    /// The name stored in the database.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Infobox => "infobox",
            BlockKind::Text => "text",
            BlockKind::Meta => "meta",
        }
    }
}

impl FromStr for BlockKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "heading" => Ok(BlockKind::Heading),
            "infobox" => Ok(BlockKind::Infobox),
            "text" => Ok(BlockKind::Text),
            "meta" => Ok(BlockKind::Meta),
            _ => Err(format!("unknown block kind {s:?}")),
        }
    }
}

/// A span of the original file, in bytes (for Rust slicing) and in Unicode scalar values
/// (for tools that count characters). Both are half-open and absolute within the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start_byte: usize,
    /// One past the last byte.
    pub end_byte: usize,
    /// First character.
    pub start_char: usize,
    /// One past the last character.
    pub end_char: usize,
}

/// A heading-delimited part of a document. Section 0 is the part before the first heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// 0-based position in the document.
    pub ordinal: usize,
    /// Heading level: 0 for the lead (no heading), 1 for `= Title =` / `# Title`, and so on.
    pub level: usize,
    /// The heading text, empty for the lead.
    pub title: String,
    /// From the heading to the next heading (or the end of the file).
    pub span: Span,
}

/// A wikilink found in a paragraph: the label is displayed, the target names an entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The displayed label.
    pub label: String,
    /// The target as written (`../Page/平壤.md`, `https://zh.wikipedia.org/wiki/首尔`).
    pub target: String,
    /// The page title the target names (`平壤`, `首尔`, `临津江之战 (1592年)`).
    pub page: String,
    /// The whole link markup in the file.
    pub span: Span,
    /// The label within the display text, in bytes of `Paragraph::text`.
    pub label_in_text: (usize, usize),
}

/// A citation or editorial mark removed from the display text (`[3]`, `[來源請求]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// The mark without brackets.
    pub mark: String,
    /// The mark with its brackets in the file.
    pub span: Span,
}

/// One `Key: value` pair of an Infobox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfoboxField {
    /// The key as written (`Commander1`).
    pub key: String,
    /// The value, citation marks removed.
    pub value: String,
    /// The value as written in the file.
    pub span: Span,
}

/// A sentence of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// 0-based position in the paragraph.
    pub ordinal: usize,
    /// Display text of the sentence.
    pub text: String,
    /// The sentence in the file (from its first to its last displayed character).
    pub span: Span,
}

/// Maps byte offsets of a paragraph's display text back to absolute byte offsets in the file.
///
/// Display text is made of runs copied verbatim from the file; each entry is the start of a run
/// as `(display_offset, file_offset)`, in increasing order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OffsetMap(pub Vec<(usize, usize)>);

impl OffsetMap {
    /// The file offset of the display character starting at `display`.
    pub fn start(&self, display: usize) -> usize {
        let i = self.0.partition_point(|&(d, _)| d <= display);
        match i.checked_sub(1) {
            Some(i) => self.0[i].1 + (display - self.0[i].0),
            None => display,
        }
    }

    /// The file offset just after the display character ending at `display` (exclusive end).
    pub fn end(&self, display: usize) -> usize {
        let i = self.0.partition_point(|&(d, _)| d < display);
        match i.checked_sub(1) {
            Some(i) => self.0[i].1 + (display - self.0[i].0),
            None => display,
        }
    }

    /// The file character offset of each run's start, counted in `raw` (the paragraph as in the
    /// file, starting at file byte `start_byte` and character `start_char`). With these,
    /// [`OffsetMap::file_char`] needs only the display text, so the raw text need not be kept.
    pub fn run_chars(&self, raw: &str, start_byte: usize, start_char: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.0.len());
        let (mut byte, mut chars) = (0, start_char);
        for &(_, file) in &self.0 {
            let rel = file.saturating_sub(start_byte).min(raw.len());
            if rel < byte {
                (byte, chars) = (0, start_char);
            }
            chars += raw.get(byte..rel).map_or(0, |s| s.chars().count());
            byte = rel;
            out.push(chars);
        }
        out
    }

    /// The file character offset of display offset `display` in `text` (`end`: as an exclusive
    /// end, like [`OffsetMap::end`]), from the run starts' offsets of [`OffsetMap::run_chars`];
    /// None before the first run.
    pub fn file_char(
        &self,
        run_chars: &[usize],
        text: &str,
        display: usize,
        end: bool,
    ) -> Option<usize> {
        let i = if end {
            self.0.partition_point(|&(d, _)| d < display)
        } else {
            self.0.partition_point(|&(d, _)| d <= display)
        };
        let run = i.checked_sub(1)?;
        let within = text
            .get(self.0[run].0..display)
            .map_or(0, |s| s.chars().count());
        Some(run_chars.get(run)? + within)
    }

    /// As [`OffsetMap::file_char`], counting the characters within the run with `chars` (a
    /// counter over the display text) in O(1) instead of rescanning the run: what a caller
    /// asking for many offsets in one long paragraph needs.
    pub fn file_char_counted(
        &self,
        run_chars: &[usize],
        chars: &CharCounter<'_>,
        display: usize,
        end: bool,
    ) -> Option<usize> {
        let i = if end {
            self.0.partition_point(|&(d, _)| d < display)
        } else {
            self.0.partition_point(|&(d, _)| d <= display)
        };
        let run = i.checked_sub(1)?;
        let within = chars
            .chars_before(display)
            .saturating_sub(chars.chars_before(self.0[run].0));
        Some(run_chars.get(run)? + within)
    }
}

/// One paragraph of a document (see [`ParagraphRule`]; headings and the Infobox are blocks of
/// their own), or one part of a paragraph longer than the document's bound on units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// 1-based position in the document: `DOC:N` on the command line.
    pub ordinal: usize,
    /// The section (by ordinal) the paragraph belongs to.
    pub section: usize,
    /// What the block is.
    pub kind: BlockKind,
    /// The block in the file, leading and trailing whitespace excluded.
    pub span: Span,
    /// The block exactly as in the file.
    pub raw: String,
    /// What a reader sees: link labels kept, link targets, markup and citation marks removed.
    pub text: String,
    /// Display offsets → file offsets.
    pub map: OffsetMap,
    /// Content hash of `raw` (BLAKE3, 128 bits, hex): the paragraph's identity across revisions.
    pub hash: String,
    /// Sentences of the display text.
    pub sentences: Vec<Sentence>,
    /// Wikilinks.
    pub links: Vec<Link>,
    /// Citation marks.
    pub citations: Vec<Citation>,
    /// Infobox pairs (only for `BlockKind::Infobox`).
    pub fields: Vec<InfoboxField>,
}

/// A parsed source file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Stable identifier (`DOC` on the command line).
    pub id: String,
    /// Language of the text.
    pub lang: Lang,
    /// Markup of the file.
    pub format: Format,
    /// Title: from the manifest, else the first heading, bold lead or file name.
    pub title: String,
    /// Where the text comes from (URL or citation), if known.
    pub source: Option<String>,
    /// Licence of the text, if known.
    pub licence: Option<String>,
    /// The path it was read from, as given.
    pub path: String,
    /// BLAKE3 of the whole file, hex.
    pub file_hash: String,
    /// File length in bytes.
    pub byte_len: usize,
    /// File length in characters.
    pub char_len: usize,
    /// How the file separates its paragraphs.
    pub paragraph_rule: ParagraphRule,
    /// The bound on a paragraph's length in characters (0: none) the file was cut with.
    pub unit_chars: usize,
    /// Sections, in order; section 0 is the lead.
    pub sections: Vec<Section>,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// Content hash used for paragraphs: BLAKE3 truncated to 128 bits, as 32 hex digits.
pub fn content_hash(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..32].to_string()
}

/// Counts characters before any byte offset of a text in O(1) after an O(n) setup.
///
/// Used to turn byte spans into character spans for a whole file without rescanning it for
/// every span.
#[derive(Debug, Clone)]
pub struct CharCounter<'a> {
    bytes: &'a [u8],
    /// `checkpoints[i]` = number of characters in `bytes[..i * STRIDE]`.
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 256;

impl<'a> CharCounter<'a> {
    /// Prepares the counter for `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 2);
        let mut count = 0usize;
        checkpoints.push(0);
        for chunk in bytes.chunks(STRIDE) {
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count();
            checkpoints.push(count);
        }
        CharCounter { bytes, checkpoints }
    }

    /// Number of characters in `text[..byte]`.
    pub fn chars_before(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / STRIDE;
        let rest = &self.bytes[block * STRIDE..byte];
        self.checkpoints[block] + rest.iter().filter(|&&b| !is_continuation(b)).count()
    }

    /// A span from a half-open byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start_byte: start,
            end_byte: end,
            start_char: self.chars_before(start),
            end_char: self.chars_before(end),
        }
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_counter_counts_mixed_scripts() {
        let text = "ab平壤cd".repeat(200);
        let counter = CharCounter::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(counter.chars_before(byte), text[..byte].chars().count());
        }
    }

    #[test]
    fn offset_map_maps_runs() {
        // display "ab平壤" from file "[ab](x)平壤": run 1 at file 1, run 2 at file 7.
        let map = OffsetMap(vec![(0, 1), (2, 7)]);
        assert_eq!(map.start(0), 1);
        assert_eq!(map.end(2), 3);
        assert_eq!(map.start(2), 7);
        assert_eq!(map.end(8), 13);
    }

    #[test]
    fn lang_and_format_parse() {
        assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
    }
}
