//! TMX 1.4b export of links: one translation unit per link, the linked paragraphs as its two
//! variants, for a reference translation memory, memoQ LiveDocs, OmegaT's `tm/` or a
//! concordance.
//!
//! Owns the TMX document only; which links go in (status filter) and which language tag each
//! document gets are the caller's choice. Links whose paragraph has changed or gone (no
//! current text on one side) are left out and counted.

use super::{xml_document, xml_safe};
use crate::store::StoredLink;
use quick_xml::Writer;
use quick_xml::events::BytesText;
use std::io::{self, Write};

/// What [`tmx`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TmxSummary {
    /// Translation units written.
    pub units: usize,
    /// Links left out because a side has no current text.
    pub skipped: usize,
}

/// A link's two texts, trimmed (stray spaces at either end defeat a CAT tool's exact match),
/// if both sides still have one.
fn texts(link: &StoredLink) -> Option<(&str, &str)> {
    let zh = link.zh_text.as_deref().map(str::trim)?;
    let en = link.en_text.as_deref().map(str::trim)?;
    (!zh.is_empty() && !en.is_empty()).then_some((zh, en))
}

/// Writes `links` as a TMX 1.4b document. `lang_of(doc)` gives a document's language tag
/// (BCP 47: `zh-Hant`, `zh-Hans`, `ja`, `ko`, `en`); the Chinese (or Japanese, Korean) side is
/// the source. The header's `srclang` is that side's tag when all units share it, else `*all*`.
///
/// Each `<tu>` (with `tuid` the link id) carries `<prop>`s: `x-link-id`, `x-status`,
/// `x-score` (absent for manual links), `x-source` and `x-target` (`DOC:PARA`), `x-stale`
/// (only when set) and `x-evidence` (the shared anchors, `; `-separated).
pub fn tmx<W: Write>(
    links: &[StoredLink],
    lang_of: &dyn Fn(&str) -> String,
    out: W,
) -> io::Result<TmxSummary> {
    let units: Vec<(&StoredLink, &str, &str, String, String)> = links
        .iter()
        .filter_map(|l| {
            let (zh, en) = texts(l)?;
            Some((l, zh, en, lang_of(&l.zh_doc), lang_of(&l.en_doc)))
        })
        .collect();
    let summary = TmxSummary {
        units: units.len(),
        skipped: links.len() - units.len(),
    };
    let srclang = match units.first() {
        Some((_, _, _, first, _)) if units.iter().all(|u| &u.3 == first) => first.clone(),
        Some(_) => "*all*".to_string(),
        None => "zh-Hant".to_string(),
    };
    xml_document(out, |w| {
        w.create_element("tmx")
            .with_attribute(("version", "1.4"))
            .write_inner_content(|w| {
                w.create_element("header")
                    .with_attribute(("creationtool", "hanbridge"))
                    .with_attribute(("creationtoolversion", env!("CARGO_PKG_VERSION")))
                    .with_attribute(("segtype", "paragraph"))
                    .with_attribute(("o-tmf", "hanbridge"))
                    .with_attribute(("adminlang", "en"))
                    .with_attribute(("srclang", srclang.as_str()))
                    .with_attribute(("datatype", "plaintext"))
                    .write_empty()?;
                w.create_element("body").write_inner_content(|w| {
                    for (link, zh, en, zh_lang, en_lang) in &units {
                        unit(w, link, (zh, zh_lang), (en, en_lang))?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(summary)
}

/// One `<tu>`: its properties, then the source and target variants.
fn unit<W: Write>(
    w: &mut Writer<W>,
    link: &StoredLink,
    source: (&str, &str),
    target: (&str, &str),
) -> io::Result<()> {
    let id = link.id.to_string();
    let evidence: Vec<String> = link.evidence.iter().map(|e| e.anchor.label()).collect();
    let mut props = vec![
        ("x-link-id", id.clone()),
        ("x-status", link.status.to_string()),
    ];
    if let Some(score) = link.score {
        props.push(("x-score", format!("{score:.3}")));
    }
    props.push(("x-source", format!("{}:{}", link.zh_doc, link.zh_para)));
    props.push(("x-target", format!("{}:{}", link.en_doc, link.en_para)));
    if link.stale {
        props.push(("x-stale", "true".to_string()));
    }
    if !evidence.is_empty() {
        props.push(("x-evidence", evidence.join("; ")));
    }
    w.create_element("tu")
        .with_attribute(("tuid", id.as_str()))
        .write_inner_content(|w| {
            for (kind, value) in &props {
                w.create_element("prop")
                    .with_attribute(("type", *kind))
                    .write_text_content(BytesText::new(&xml_safe(value)))?;
            }
            for (text, lang) in [source, target] {
                w.create_element("tuv")
                    .with_attribute(("xml:lang", lang))
                    .write_inner_content(|w| {
                        w.create_element("seg")
                            .write_text_content(BytesText::new(&xml_safe(text)))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::LinkStatus;

    fn link(id: i64, zh: Option<&str>, en: Option<&str>) -> StoredLink {
        StoredLink {
            id,
            status: LinkStatus::Auto,
            score: Some(2.5),
            zh_doc: "zh-a".into(),
            zh_para: 3,
            zh_text: zh.map(str::to_string),
            en_doc: "en-b".into(),
            en_para: 7,
            en_text: en.map(str::to_string),
            stale: false,
            evidence: Vec::new(),
            revision: 0,
            supersedes: None,
            superseded_by: None,
        }
    }

    #[test]
    fn markup_and_control_characters_cannot_break_the_document() {
        let links = [
            link(
                1,
                Some(" 甲<乙>&丙\u{1}丁 "),
                Some("A & B </seg> \"C\"\u{b}"),
            ),
            link(2, None, Some("gone on the other side")),
        ];
        let mut out = Vec::new();
        let summary = tmx(&links, &|d| d[..2].to_string(), &mut out).expect("write");
        assert_eq!(
            summary,
            TmxSummary {
                units: 1,
                skipped: 1
            }
        );
        let text = String::from_utf8(out).expect("utf8");
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        let segs: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("seg"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(segs, ["甲<乙>&丙丁", "A & B </seg> \"C\""]);
        let header = doc
            .descendants()
            .find(|n| n.has_tag_name("header"))
            .expect("header");
        assert_eq!(header.attribute("srclang"), Some("zh"));
        assert_eq!(header.attribute("segtype"), Some("paragraph"));
    }
}
