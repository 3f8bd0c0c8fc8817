//! The seed corpus, parsed through the library: counts, offsets, links, Infobox pairs.

mod common;

use hanbridge::corpus::collect::{Overrides, collect_inputs, load_inputs};
use hanbridge::corpus::{BlockKind, Document, Format, Lang, Span};

fn seeds() -> Vec<Document> {
    let inputs = collect_inputs(&[common::seeds()], &Overrides::default()).expect("inputs");
    load_inputs(inputs).expect("seeds parse")
}

fn seed(id: &str) -> Document {
    seeds()
        .into_iter()
        .find(|d| d.id == id)
        .expect("seed present")
}

fn file_of(doc: &Document) -> String {
    std::fs::read_to_string(&doc.path).expect("seed file")
}

/// A span must name the same text by bytes and by characters.
fn slice<'a>(file: &'a str, span: &Span) -> &'a str {
    let by_bytes = &file[span.start_byte..span.end_byte];
    let by_chars: String = file
        .chars()
        .skip(span.start_char)
        .take(span.end_char - span.start_char)
        .collect();
    assert_eq!(by_bytes, by_chars, "byte and char spans disagree");
    by_bytes
}

#[test]
fn paragraph_counts_of_each_seed() {
    let docs = seeds();
    let count = |id: &str| docs.iter().find(|d| d.id == id).expect(id).paragraphs.len();
    assert_eq!(docs.len(), 3);
    assert_eq!(count("zh-pyongyang"), 10);
    assert_eq!(count("zh-imjin"), 121);
    let en = seed("en-byeokjegwan");
    let kinds: Vec<BlockKind> = en.paragraphs.iter().map(|p| p.kind).collect();
    // Title heading, Infobox, lead, then Background / Battle / Aftermath headings with their
    // paragraphs: headings and the Infobox are blocks of their own.
    use BlockKind::{Heading as H, Infobox as I, Text as T};
    assert_eq!(kinds, [H, I, T, H, T, T, H, T, T, T, T, T, H, T, T, T]);
    let headings: Vec<&str> = en
        .paragraphs
        .iter()
        .filter(|p| p.kind == H)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        headings,
        ["Battle of Byeokjegwan", "Background", "Battle", "Aftermath"]
    );
    let sections: Vec<(usize, &str)> = en
        .sections
        .iter()
        .map(|s| (s.level, s.title.as_str()))
        .collect();
    assert_eq!(
        sections,
        [
            (1, "Battle of Byeokjegwan"),
            (2, "Background"),
            (2, "Battle"),
            (2, "Aftermath")
        ]
    );
}

#[test]
fn detected_language_and_format_match_the_manifest() {
    use hanbridge::corpus::detect::{detect_format, detect_lang};
    for doc in seeds() {
        let text = file_of(&doc);
        assert_eq!(detect_lang(&text), Ok(doc.lang), "{}", doc.id);
        assert_eq!(detect_format(&text), doc.format, "{}", doc.id);
    }
    assert_eq!(seed("zh-pyongyang").format, Format::Markdown);
    assert_eq!(seed("zh-imjin").format, Format::Plain);
    assert_eq!(seed("en-byeokjegwan").lang, Lang::En);
}

#[test]
fn every_offset_slices_the_original_file_back_exactly() {
    for doc in seeds() {
        let file = file_of(&doc);
        assert_eq!(doc.byte_len, file.len());
        assert_eq!(doc.char_len, file.chars().count());
        for p in &doc.paragraphs {
            assert_eq!(slice(&file, &p.span), p.raw, "{}:{}", doc.id, p.ordinal);
            // Every displayed character comes from the file at the mapped offset.
            for (d, c) in p.text.char_indices() {
                let f = p.map.start(d);
                assert_eq!(&file[f..f + c.len_utf8()], c.to_string());
            }
            for s in &p.sentences {
                let in_file = slice(&file, &s.span);
                // The sentence spans from its first to its last displayed character; markup in
                // between (link targets, citation marks) is in the file but not displayed.
                assert!(in_file.starts_with(s.text.chars().next().expect("non-empty")));
                assert!(in_file.ends_with(s.text.chars().last().expect("non-empty")));
            }
            for l in &p.links {
                let markup = slice(&file, &l.span);
                assert!(markup.starts_with(&format!("[{}]", l.label)), "{markup}");
                assert_eq!(&p.text[l.label_in_text.0..l.label_in_text.1], l.label);
            }
            for c in &p.citations {
                assert_eq!(slice(&file, &c.span), format!("[{}]", c.mark));
            }
            for f in &p.fields {
                assert!(slice(&file, &f.span).starts_with(&f.value));
            }
        }
        // Paragraphs are in order and do not overlap.
        for pair in doc.paragraphs.windows(2) {
            assert!(pair[0].span.end_byte < pair[1].span.start_byte);
        }
    }
}

#[test]
fn wikilink_labels_and_targets() {
    let doc = seed("zh-pyongyang");
    let links: Vec<(&str, &str)> = doc
        .paragraphs
        .iter()
        .flat_map(|p| p.links.iter().map(|l| (l.label.as_str(), l.page.as_str())))
        .collect();
    assert!(links.contains(&("萬曆朝鮮之役", "萬曆朝鮮之役")));
    // A label that runs past the name: the target names the entity.
    assert!(links.contains(&("漢陽被日軍攻陷之後", "首尔")));
    assert!(links.contains(&("查大受率部攻打平壤城北的", "查大受")));
    assert!(links.contains(&("臨津江之戰", "临津江之战 (1592年)")));
    assert!(links.contains(&("李舜臣", "李舜臣 (朝鮮)")));
    assert_eq!(links.len(), 41); // = grep -c "\"wikilink\")" on the file
    let first = &doc.paragraphs[0];
    assert_eq!(
        first.text,
        "平壤之戰指的是萬曆朝鮮之役中於1592年至1593年發生在平壤附近的戰鬥。"
    );
    assert_eq!(doc.title, "平壤之戰");
    assert_eq!(doc.paragraphs[9].kind, BlockKind::Meta, "category line");
    assert!(!doc.paragraphs.iter().any(|p| p.text.contains("wikilink")));
}

#[test]
fn infobox_pairs() {
    let doc = seed("en-byeokjegwan");
    let infobox = &doc.paragraphs[1];
    assert_eq!(infobox.kind, BlockKind::Infobox);
    let get = |key: &str| {
        infobox
            .fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
            .unwrap_or_else(|| panic!("no field {key}"))
    };
    assert_eq!(infobox.fields.len(), 14);
    assert_eq!(get("Date"), "27 February 1593");
    assert_eq!(get("Result"), "Japanese victory");
    assert_eq!(get("Strength2"), "~5,000");
    assert_eq!(
        get("Commander2"),
        "Li Rusong, Zha Dashou, Ko Ŏnbaek, Yang Yuan, Zheng Wenbin, Li Rumei, Li Yousheng"
    );
}

#[test]
fn citation_marks_leave_the_display_text() {
    let doc = seed("zh-imjin");
    let p = doc
        .paragraphs
        .iter()
        .find(|p| p.raw.contains("[來源請求]"))
        .expect("editorial mark present");
    assert!(!p.text.contains("[來源請求]"));
    assert!(p.citations.iter().any(|c| c.mark == "來源請求"));
    let numbered = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.citations)
        .filter(|c| c.mark == "3")
        .count();
    assert!(numbered >= 2);
}

#[test]
fn chinese_sentences_end_at_chinese_stops() {
    let doc = seed("zh-pyongyang");
    let p = &doc.paragraphs[2];
    let sentences: Vec<&str> = p.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        sentences,
        [
            "六月十三，小西行長率日軍兵臨平壤城下。",
            "尹斗壽、金命元、李元翼突襲日軍，但戰敗，只得搗毀並撤離了平壤。",
            "翌日，日軍進入平壤城。"
        ]
    );
}
