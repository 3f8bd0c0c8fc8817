//! MediaWiki source, as a translator pastes it from a page's edit box: the constructs that
//! are not the page's text. References (`<ref>…</ref>`, `{{sfn|…}}`) are citations; comments,
//! file and category links and most templates are markup; the templates that show text
//! (`{{lang|ko|고언백}}`, `{{nihongo|…}}`, lists) keep it, and an Infobox template keeps its
//! fields. Every construct is matched in one pass over its block (nesting by a stack), so a
//! block of unbalanced braces costs no more than one of text.

/// A construct of the source that is not shown as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Byte range in the block.
    pub start: usize,
    pub end: usize,
    pub what: What,
}

/// What a construct shows.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// A reference or citation template: a citation mark (its tag or template name).
    Citation(String),
    /// Text it shows: byte ranges of the block, each rendered in turn.
    Keep(Vec<(usize, usize)>),
    /// Nothing (a comment, a file or category link, a template that shows no text).
    Drop,
}

/// Templates that mark a citation or an editorial note, by lowercase name (a name starting
/// with `cite` or `harv` is one too).
const CITATION_TEMPLATES: &[&str] = &[
    "sfn",
    "sfnp",
    "sfnm",
    "efn",
    "efn-ua",
    "efn-lr",
    "refn",
    "r",
    "rp",
    "ref",
    "citation",
    "cn",
    "citation needed",
    "fact",
    "clarify",
    "clarification needed",
    "when",
    "who",
    "which",
    "dubious",
    "vague",
    "page needed",
    "better source needed",
    "failed verification",
    "dead link",
    "來源請求",
    "来源请求",
    "需要來源",
    "需要来源",
    "citation needed span",
];

/// Templates that show their last argument (`{{lang|ko|고언백}}`).
const LAST_ARGUMENT: &[&str] = &["lang", "transl", "transliteration", "flag", "flagcountry"];

/// Templates that show their first argument: Chinese Wikipedia's links to other languages'
/// pages (`{{link-en|李如松|Li Rusong}}`, `{{ill|…}}`, `{{le|…}}`; any `link-` template).
/// `{{convert|20|km|mi}}` shows its number (its units would run into it).
const FIRST_ARGUMENT: &[&str] = &["ill", "le", "interlanguage link", "illm", "convert"];

/// Templates that show their third argument: `{{tsl|en|Li Rusong|李如松}}`.
const THIRD_ARGUMENT: &[&str] = &["tsl", "translink"];

/// Templates that show their arguments (`{{nihongo|Konishi Yukinaga|小西 行長}}`, lists); the
/// separators between arguments stay, so two names never run together. `lang-ko`, `lang-zh` and
/// the like are `lang-` templates.
const ALL_ARGUMENTS: &[&str] = &[
    "nihongo",
    "nihongo2",
    "nihongo3",
    "nihongo4",
    "nowrap",
    "small",
    "big",
    "plainlist",
    "plain list",
    "flatlist",
    "ubl",
    "unbulleted list",
    "hlist",
    "korean",
    "zh",
    "chinese",
    "linktext",
    "circa",
    "c.",
    "abbr",
];

/// Link namespaces that show no text: files, images, categories.
const HIDDEN_LINKS: &[&str] = &[
    "file:",
    "image:",
    "category:",
    "文件:",
    "檔案:",
    "档案:",
    "圖像:",
    "图像:",
    "分類:",
    "分类:",
    "category：",
    "分類：",
    "分类：",
];

/// Nesting beyond which templates inside templates are dropped whole (a hostile source may
/// nest them thousands deep).
pub const MAX_DEPTH: usize = 8;

/// Whether a template of this lowercase name is an Infobox (`Infobox military conflict`,
/// `軍事衝突信息框`).
pub fn is_infobox_name(name: &str) -> bool {
    name.starts_with("infobox")
        || name.ends_with("信息框")
        || name.ends_with("資訊框")
        || name.ends_with("信息盒")
}

/// The pairs of `open` and `close` tokens of `text` (`{{`/`}}`, `[[`/`]]`), matched by a stack
/// in one pass: open offset → offset just after its close, sorted by open offset.
pub fn pairs(text: &str, open: &[u8; 2], close: &[u8; 2]) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == open[0] && b[i + 1] == open[1] {
            stack.push(i);
            i += 2;
        } else if b[i] == close[0] && b[i + 1] == close[1] {
            if let Some(o) = stack.pop() {
                out.push((o, i + 2));
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    out.sort_unstable();
    out
}

/// The end of the construct `pairs` opens at `at`, if it closes.
pub fn closing(pairs: &[(usize, usize)], at: usize) -> Option<usize> {
    pairs
        .binary_search_by_key(&at, |&(o, _)| o)
        .ok()
        .map(|k| pairs[k].1)
}

/// Offsets of every occurrence of `needle` in `text`, ASCII case ignored.
pub fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    let lower = needle.as_bytes();
    let b = text.as_bytes();
    let mut out = Vec::new();
    if b.len() < lower.len() {
        return out;
    }
    for i in 0..=b.len() - lower.len() {
        if b[i] == lower[0] && b[i..i + lower.len()].eq_ignore_ascii_case(lower) {
            out.push(i);
        }
    }
    out
}

/// The first offset of `sorted` at or after `from`.
pub fn next_at(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&x| x < from)).copied()
}

/// The template whose `{{` is at `at` in `text` and whose `}}` ends at `end`: its lowercase
/// name and the offset where its arguments start (the first `|`, or `end - 2`).
pub fn template_name(text: &str, at: usize, end: usize) -> (String, usize) {
    let inner = &text[at + 2..end - 2];
    let name_end = inner.find(['|', '\n']).unwrap_or(inner.len());
    let name = inner[..name_end].trim();
    let name = name
        .strip_prefix("Template:")
        .or_else(|| name.strip_prefix("template:"))
        .unwrap_or(name)
        .trim()
        .replace('_', " ")
        .to_lowercase();
    (name, at + 2 + name_end)
}

/// The arguments of a template (text from `args` to `end`, without the closing `}}`), split
/// at the `|` of its own level: (start of the `|`, value start, value end) per argument, the
/// value after `key=` for a named one.
fn arguments(text: &str, args: usize, end: usize) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let stop = end - 2;
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = args;
    let mut bar = None;
    let mut push = |bar: usize, to: usize| {
        let arg = &text[bar + 1..to];
        // A named argument's value follows its `=` (only where the key is a plain word).
        let value = match arg.find('=') {
            Some(k) if !arg[..k].contains(['[', '{', '<']) => bar + 1 + k + 1,
            _ => bar + 1,
        };
        out.push((bar, value, to));
    };
    while i < stop {
        let two = b.get(i..i + 2);
        if matches!(two, Some(b"{{") | Some(b"[[")) {
            depth += 1;
            i += 2;
        } else if matches!(two, Some(b"}}") | Some(b"]]")) {
            depth = depth.saturating_sub(1);
            i += 2;
        } else {
            if b[i] == b'|' && depth == 0 {
                if let Some(s) = bar {
                    push(s, i);
                }
                bar = Some(i);
            }
            i += 1;
        }
    }
    if let Some(s) = bar {
        push(s, stop);
    }
    out
}

/// The constructs of `raw` that are not shown as written, in order, none inside another.
pub fn spans(raw: &str) -> Vec<Span> {
    let templates = pairs(raw, b"{{", b"}}");
    let links = pairs(raw, b"[[", b"]]");
    let comment_ends = occurrences(raw, "-->");
    let ref_ends = occurrences(raw, "</ref>");
    let conversion_ends = occurrences(raw, "}-");
    let list_ends = occurrences(raw, "</references>");
    let tag_ends: Vec<usize> = raw
        .bytes()
        .enumerate()
        .filter(|&(_, c)| c == b'>')
        .map(|(k, _)| k)
        .collect();
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !matches!(c, b'{' | b'[' | b'<' | b'_' | b'-') {
            i += 1;
            continue;
        }
        let rest = &raw[i..];
        let span = if rest.starts_with("<!--") {
            // One that does not close is text: it would hide the rest of the block.
            next_at(&comment_ends, i + 4).map(|e| (e + 3, What::Drop))
        } else if rest.len() >= 4
            && rest.as_bytes()[..4].eq_ignore_ascii_case(b"<ref")
            && rest[4..].starts_with([' ', '>', '/', '\t', '\n'])
        {
            let tag_end = next_at(&tag_ends, i).map(|e| e + 1);
            match tag_end {
                Some(t) if raw[..t].ends_with("/>") => Some((t, What::Citation("ref".into()))),
                Some(t) => {
                    let end = next_at(&ref_ends, t).map_or(raw.len(), |e| e + "</ref>".len());
                    Some((end, What::Citation("ref".into())))
                }
                None => None,
            }
        } else if rest.len() >= 11 && rest.as_bytes()[..11].eq_ignore_ascii_case(b"<references") {
            next_at(&tag_ends, i).and_then(|t| {
                if raw[..=t].ends_with("/>") {
                    Some((t + 1, What::Drop))
                } else {
                    next_at(&list_ends, t).map(|e| (e + "</references>".len(), What::Drop))
                }
            })
        } else if rest.starts_with("{{") {
            closing(&templates, i).map(|end| (end, template(raw, i, end)))
        } else if rest.starts_with("[[") {
            closing(&links, i).and_then(|end| {
                let target = raw[i + 2..end - 2].trim_start().to_lowercase();
                HIDDEN_LINKS
                    .iter()
                    .any(|p| target.starts_with(p))
                    .then_some((end, What::Drop))
            })
        } else if rest.starts_with("-{") {
            // Chinese Wikipedia's conversion markup: `-{李舜臣}-` shows its text;
            // `-{zh-hans:…;zh-hant:…}-` a variant, the traditional one where given.
            next_at(&conversion_ends, i + 2)
                .map(|k| (k + 2, What::Keep(vec![variant(raw, i + 2, k)])))
        } else if c == b'_' && rest.starts_with("__") {
            // Magic words: __NOTOC__, __TOC__.
            let word = rest[2..].bytes().take_while(u8::is_ascii_uppercase).count();
            (word > 0 && rest[2 + word..].starts_with("__")).then_some((i + word + 4, What::Drop))
        } else {
            None
        };
        match span {
            Some((end, what)) => {
                out.push(Span {
                    start: i,
                    end,
                    what,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a template of this lowercase name shows text ([`LAST_ARGUMENT`], [`ALL_ARGUMENTS`]).
pub fn shows_text(name: &str) -> bool {
    name.starts_with("lang-")
        || name.starts_with("link-")
        || LAST_ARGUMENT.contains(&name)
        || ALL_ARGUMENTS.contains(&name)
        || FIRST_ARGUMENT.contains(&name)
        || THIRD_ARGUMENT.contains(&name)
}

/// The text of a conversion block `raw[s..e]` (between `-{` and `}-`): its traditional
/// variant (`zh-hant:`, `zh-tw:`, `zh-hk:`), else its first, else the whole.
fn variant(raw: &str, s: usize, e: usize) -> (usize, usize) {
    let inner = &raw[s..e];
    if !inner.contains(':') {
        return (s, e);
    }
    let mut first = None;
    let mut at = s;
    for part in inner.split(';') {
        let start = at;
        at += part.len() + 1;
        let Some((code, _)) = part.split_once(':') else {
            continue;
        };
        let lead = part.len() - part.trim_start().len();
        let code = code.trim();
        if !code.starts_with("zh") {
            continue;
        }
        let value = (start + lead + code.len() + 1, start + part.trim_end().len());
        if matches!(code, "zh-hant" | "zh-tw" | "zh-hk") {
            return value;
        }
        first.get_or_insert(value);
    }
    first.unwrap_or((s, e))
}

/// What the template at `at..end` of `raw` shows.
fn template(raw: &str, at: usize, end: usize) -> What {
    let (name, args) = template_name(raw, at, end);
    if is_infobox_name(&name) {
        // Its fields, one per line (`| date = 16 June 1592`).
        return What::Keep(vec![(args, end - 2)]);
    }
    if CITATION_TEMPLATES.contains(&name.as_str())
        || name.starts_with("cite")
        || name.starts_with("harv")
    {
        return What::Citation(name);
    }
    let positional = || {
        arguments(raw, args, end)
            .into_iter()
            .filter(|&(bar, value, _)| value == bar + 1)
            .collect::<Vec<_>>()
    };
    let nth = |k: usize| match positional().get(k) {
        Some(&(_, s, e)) => What::Keep(vec![(s, e)]),
        None => What::Drop,
    };
    if name.starts_with("link-") || FIRST_ARGUMENT.contains(&name.as_str()) {
        return nth(0);
    }
    if THIRD_ARGUMENT.contains(&name.as_str()) {
        return nth(2);
    }
    if LAST_ARGUMENT.contains(&name.as_str()) {
        return match positional().last() {
            Some(&(_, s, e)) => What::Keep(vec![(s, e)]),
            None => What::Drop,
        };
    }
    if name.starts_with("lang-") || ALL_ARGUMENTS.contains(&name.as_str()) {
        let mut runs = Vec::new();
        for (k, (bar, value, to)) in arguments(raw, args, end).into_iter().enumerate() {
            if raw[value..to].trim().is_empty() {
                continue;
            }
            // The separator before every argument but the first shows, so two names never run
            // together ("Konishi Yukinaga|小西 行長").
            if k > 0 && !runs.is_empty() {
                runs.push((bar, bar + 1));
            }
            runs.push((value, to));
        }
        return What::Keep(runs);
    }
    What::Drop
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(raw: &str) -> Vec<(String, String)> {
        spans(raw)
            .into_iter()
            .map(|s| {
                let what = match s.what {
                    What::Citation(m) => format!("cite {m}"),
                    What::Keep(runs) => format!(
                        "keep {}",
                        runs.iter().map(|&(a, b)| &raw[a..b]).collect::<String>()
                    ),
                    What::Drop => "drop".into(),
                };
                (raw[s.start..s.end].to_string(), what)
            })
            .collect()
    }

    #[test]
    fn references_templates_comments_and_files() {
        let raw = "Yi<ref name=\"h\">{{cite book|last=Hawley|year=2005}}</ref> sailed.<ref name=h/>{{sfn|Hawley|2005|p=196}} {{lang|ko|이순신}}<!-- a {{note}} -->[[File:Okpo.jpg|thumb|The [[Okpo]] bay]] {{nihongo|Tōdō Takatora|藤堂 高虎}}{{Use dmy dates}}__NOTOC__";
        let got = shown(raw);
        let whats: Vec<&str> = got.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            whats,
            [
                "cite ref",
                "cite ref",
                "cite sfn",
                "keep 이순신",
                "drop",
                "drop",
                "keep Tōdō Takatora|藤堂 高虎",
                "drop",
                "drop"
            ]
        );
    }

    #[test]
    fn chinese_wikipedia_s_templates_show_their_chinese_text() {
        let raw = "{{link-en|李如松|Li Rusong}}與{{tsl|ja|Konishi Yukinaga|小西行長}}、{{ill|宋應昌|en|Song Yingchang}}會於-{平壤}-，-{zh-hans:沈惟敬;zh-hant:沈惟敬}-往來";
        let kept: Vec<String> = shown(raw).into_iter().map(|(_, w)| w).collect();
        assert_eq!(
            kept,
            [
                "keep 李如松",
                "keep 小西行長",
                "keep 宋應昌",
                "keep 平壤",
                "keep 沈惟敬"
            ]
        );
        // The traditional variant, where a block gives both.
        let raw = "-{zh-hans:李舜臣水军;zh-hant:李舜臣水軍}-";
        assert_eq!(shown(raw)[0].1, "keep 李舜臣水軍");
        assert_eq!(shown("{{convert|20|km|mi}}")[0].1, "keep 20");
        // A dash before a brace in prose is text.
        assert!(spans("1592-{x").is_empty());
    }

    #[test]
    fn an_infobox_keeps_its_fields_and_nested_templates_are_spans_of_it() {
        let raw = "{{Infobox military conflict\n| conflict = Battle of Okpo\n| date = 16 June 1592{{efn|lunar 7 May}}\n}}";
        let s = spans(raw);
        assert_eq!(s.len(), 1);
        let What::Keep(runs) = &s[0].what else {
            panic!("{s:?}")
        };
        let inner = &raw[runs[0].0..runs[0].1];
        assert!(
            inner.starts_with("\n| conflict = Battle of Okpo"),
            "{inner}"
        );
        assert_eq!(shown(inner)[0].1, "cite efn");
    }

    #[test]
    fn unbalanced_markup_is_text_and_costs_one_pass() {
        assert!(spans("a {{ b [[ c <ref d").is_empty());
        // A hostile block: unmatched openers, each of which a search to the end would make
        // quadratic.
        let raw = "{{[[<ref <references <!-- -{".repeat(20_000);
        assert!(spans(&raw).is_empty());
        // A comment that does not close is text (MediaWiki would hide the rest of the page).
        assert_eq!(shown("a <!-- b {{c}}"), [("{{c}}".into(), "drop".into())]);
        // Closed by the last of them: the outermost pair is one span.
        let raw = format!("{}x{}", "{{".repeat(1000), "}}".repeat(1000));
        assert_eq!(spans(&raw).len(), 1);
    }
}
