//! Sentence boundaries in display text.
//!
//! Chinese (and Japanese) sentences end at 。！？； (and their ASCII forms), with any closing
//! quotes or brackets that follow; English sentences follow Unicode's sentence rules (UAX #29).
//! A line break always ends a sentence: lists and Infobox lines are one item per line.

use super::Lang;
use unicode_segmentation::UnicodeSegmentation;

const CJK_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', '｡'];
const CLOSERS: &[char] = &['」', '』', '”', '’', '）', ')', '】', '〕', '》', '"', '\''];

/// Byte ranges of the sentences of `text`, trimmed of surrounding whitespace, in order.
pub fn split(text: &str, lang: Lang) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if lang.is_cjk() {
            split_cjk(line, line_start, &mut out);
        } else {
            for (i, s) in line.split_sentence_bound_indices() {
                push_trimmed(s, line_start + i, &mut out);
            }
        }
        line_start += line.len();
    }
    out
}

fn split_cjk(line: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if CJK_ENDS.contains(&c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, next)) = chars.peek() {
                if CLOSERS.contains(&next) || CJK_ENDS.contains(&next) {
                    end = j + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push_trimmed(&line[start..end], base + start, out);
            start = end;
        }
    }
    push_trimmed(&line[start..], base + start, out);
}

fn push_trimmed(s: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let is_space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let trimmed_start = s.len() - s.trim_start_matches(is_space).len();
    let trimmed = s.trim_matches(is_space);
    if !trimmed.is_empty() {
        out.push((base + trimmed_start, base + trimmed_start + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str, lang: Lang) -> Vec<&str> {
        split(text, lang)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn chinese_sentence_ends() {
        assert_eq!(
            sentences(
                "日軍進入平壤城。翌日，他說：「走吧！」然後呢？補給線太長；但是",
                Lang::Zh
            ),
            [
                "日軍進入平壤城。",
                "翌日，他說：「走吧！」",
                "然後呢？",
                "補給線太長；",
                "但是"
            ]
        );
    }

    #[test]
    fn lines_end_sentences() {
        assert_eq!(
            sentences(" 豐臣秀吉(病逝)\n 豐臣秀次(肅清)\n", Lang::Zh),
            ["豐臣秀吉(病逝)", "豐臣秀次(肅清)"]
        );
    }

    #[test]
    fn english_sentences() {
        assert_eq!(
            sentences(
                "It resulted in a Japanese victory. The battle lasted until noon.",
                Lang::En
            ),
            [
                "It resulted in a Japanese victory.",
                "The battle lasted until noon."
            ]
        );
    }
}
