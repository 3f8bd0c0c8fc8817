//! Reading TBX glossaries: TBX v3 (`<tbx>`, as `glossary export --format tbx` writes it) and
//! TBX-Basic v2 (`<martif>`), into entries that then go through the same validation as CSV
//! (see [`super::io::load_tbx`]).
//!
//! Mapping (docs/interchange.md): a concept is an entry (its `id` the entry's id, its subject
//! field the kind, `hanbridge:origin=…` / `hanbridge:side=…` notes origin and side, other notes
//! the note); a language section is a glossary column, told by its language tag. A term with a
//! `hanbridge:alias=N,STATUS` note is the entry's Nth alias; any other term's standing is its
//! administrative status and term type: preferred and admitted terms fill the column, the others
//! become aliases. A `ja` section holds
//! kanji: forms equal to the entry's traditional characters are that column's, others are
//! `ja_kanji` aliases.

use super::io::LoadError;
use super::{Alias, Column, Entry, Kind, Origin, Side, Status};
use roxmltree::{Document, Node, ParsingOptions};

/// The prefix of notes carrying hanbridge's own fields.
const NOTE_PREFIX: &str = "hanbridge:";

/// Most XML nodes a TBX file may have (a guard against entity expansion bombs).
const NODES_LIMIT: u32 = 20_000_000;

/// The glossary column of a TBX language tag: hanbridge's own tags (v3 and v2), and the usual
/// tags of CAT tools (`zh`, `zh-TW`, `zh-CN`, `ko-KR`, `ja-JP`, `en-US`, …).
pub fn column_for_tag(tag: &str) -> Option<Column> {
    let lower = tag.to_ascii_lowercase();
    let column = match lower.as_str() {
        "zh-hant" | "zh" | "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant-tw" | "zh-hant-hk" => {
            Column::ZhHant
        }
        "zh-hans" | "zh-cn" | "zh-sg" | "zh-hans-cn" => Column::ZhHans,
        "zh-latn-pinyin" | "zh-latn" | "und-latn-t-zh-m0-pinyin" => Column::Pinyin,
        "ko-hang" | "ko" | "ko-kr" | "ko-kore" => Column::KoHangul,
        "ko-latn-t-ko-m0-mcst" | "ko-latn" | "und-latn-t-ko-m0-mcst" => Column::KoRr,
        "ko-latn-alalc97" | "und-latn-t-ko-m0-alaloc" => Column::KoMr,
        "ja-hrkt" | "ja-hira" | "ja-kana" => Column::JaKana,
        "ja-latn-hepburn" | "ja-latn" | "und-latn-t-ja-m0-hepburn" => Column::JaHepburn,
        "ja" | "ja-jp" | "ja-jpan" => Column::JaKanji,
        _ if lower == "en" || lower.starts_with("en-") => Column::En,
        _ => return None,
    };
    Some(column)
}

/// The text of an element, trimmed.
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// The child elements of `node` named one of `names` (local names, any namespace).
fn children<'a, 'i>(
    node: Node<'a, 'i>,
    names: &'static [&'static str],
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && names.contains(&n.tag_name().name()))
}

/// The `type` attribute's value of the first child `name` element of that type.
fn typed<'a>(node: Node<'a, '_>, name: &str, kind: &str) -> Option<String> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.attribute("type") == Some(kind))
        .map(text_of)
}

/// A `hanbridge:key=value` note's value.
fn own_note<'n>(note: &'n str, key: &str) -> Option<&'n str> {
    note.strip_prefix(NOTE_PREFIX)?
        .strip_prefix(key)?
        .strip_prefix('=')
        .map(str::trim)
}

/// One term of a language section: its text, standing, and its position among the entry's
/// aliases when a `hanbridge:alias=N,status` note says it is one.
fn term(node: Node<'_, '_>) -> Result<Option<Term>, String> {
    let Some(text) = node
        .descendants()
        .find(|n| n.tag_name().name() == "term")
        .map(text_of)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let notes = || node.children().filter(|n| n.tag_name().name() == "note");
    // A form hanbridge computed for the export (shinjitai under `ja`) is no data of its own.
    if notes().any(|n| own_note(&text_of(n), "computed").is_some()) {
        return Ok(None);
    }
    let own = notes().find_map(|n| own_note(&text_of(n), "alias").map(str::to_string));
    if let Some(own) = own {
        let parsed = own
            .split_once(',')
            .and_then(|(k, s)| Some((k.trim().parse::<usize>().ok()?, s.trim().parse().ok()?)));
        let Some((order, status)) = parsed else {
            return Err(format!(
                "note \"{NOTE_PREFIX}alias={own}\" is not alias=POSITION,STATUS"
            ));
        };
        return Ok(Some((text, status, Some(order))));
    }
    let admin = typed(node, "termNote", "administrativeStatus").unwrap_or_default();
    let variant = typed(node, "termNote", "termType").as_deref() == Some("variant");
    let status = match admin.as_str() {
        "deprecatedTerm-admn-sts" | "supersededTerm-admn-sts" => Status::Error,
        _ if variant => Status::Variant,
        "preferredTerm-admn-sts" => Status::Preferred,
        _ => Status::Accepted,
    };
    Ok(Some((text, status, None)))
}

/// A term: text, standing, position among the aliases.
type Term = (String, Status, Option<usize>);

/// One concept as an entry.
fn entry(node: Node<'_, '_>) -> Result<Entry, String> {
    let id = node
        .attribute("id")
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or("a concept without an id (every entry needs one)")?;
    let mut notes = Vec::new();
    let subject = typed(node, "descrip", "subjectField");
    let kind = match subject.as_deref().map(str::parse::<Kind>) {
        Some(Ok(kind)) => kind,
        None => Kind::Other,
        Some(Err(_)) => {
            notes.push(format!("subject field: {}", subject.unwrap_or_default()));
            Kind::Other
        }
    };
    let mut e = Entry::new(id.to_string(), kind, Origin::Other);
    for note in children(node, &["note"]).map(text_of) {
        if let Some(origin) = own_note(&note, "origin") {
            e.origin = origin.parse()?;
        } else if let Some(side) = own_note(&note, "side") {
            e.side = Some(side.parse::<Side>()?);
        } else if note.starts_with(NOTE_PREFIX) {
            return Err(format!("unknown note {note:?}"));
        } else if !note.is_empty() {
            notes.push(note);
        }
    }
    e.note = notes.join(" ");
    let mut kanji = Vec::new();
    let mut aliases: Vec<(usize, Alias)> = Vec::new();
    for section in children(node, &["langSec", "langSet"]) {
        let tag = section
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
            .ok_or("a language section without xml:lang")?;
        let column = column_for_tag(tag).ok_or_else(|| {
            format!("language {tag:?} is not one of the glossary's (see docs/interchange.md)")
        })?;
        let mut terms = Vec::new();
        for t in children(section, &["termSec", "tig", "ntig"]) {
            terms.extend(term(t)?);
        }
        if column == Column::JaKanji {
            kanji.extend(terms);
            continue;
        }
        // Preferred forms first, then admitted ones; the rest are aliases.
        if let Some(values) = e.column_mut(column) {
            for want in [Status::Preferred, Status::Accepted] {
                values.extend(
                    terms
                        .iter()
                        .filter(|(_, s, a)| *s == want && a.is_none())
                        .map(|(t, _, _)| t.clone()),
                );
            }
        }
        for (text, status, order) in terms {
            if order.is_some() || !matches!(status, Status::Preferred | Status::Accepted) {
                let alias = Alias {
                    status,
                    column,
                    text,
                };
                aliases.push((order.unwrap_or(usize::MAX), alias));
            }
        }
    }
    for (text, status, order) in kanji {
        // The kanji as stored in the traditional column (exported under `ja` too when the
        // glossary has no shinjitai form) are that column's already.
        let traditional = e.zh_hant.contains(&text)
            || aliases
                .iter()
                .any(|(_, a)| a.column == Column::ZhHant && a.text == text);
        if traditional {
            continue;
        }
        let status = match (status, order) {
            (Status::Preferred | Status::Accepted, None) => Status::Alias,
            (status, _) => status,
        };
        let alias = Alias {
            status,
            column: Column::JaKanji,
            text,
        };
        aliases.push((order.unwrap_or(usize::MAX), alias));
    }
    aliases.sort_by_key(|(order, _)| *order);
    e.aliases = aliases.into_iter().map(|(_, a)| a).collect();
    Ok(e)
}

/// Reads a TBX file (v3 or v2) into entries, each with the line of its concept. Every problem
/// is reported (`file:line: message`); none is skipped.
pub fn parse(file: &str, text: &str) -> Result<Vec<(Entry, u64)>, Vec<LoadError>> {
    let error = |line: u64, column: u64, message: String| LoadError {
        file: file.to_string(),
        line,
        column,
        message,
    };
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text.trim_start_matches('\u{feff}'), options).map_err(
        |e| {
            let pos = e.pos();
            vec![error(
                u64::from(pos.row),
                u64::from(pos.col),
                format!("not well-formed XML: {e}"),
            )]
        },
    )?;
    let root = doc.root_element();
    if !matches!(root.tag_name().name(), "tbx" | "martif") {
        return Err(vec![error(
            0,
            0,
            format!(
                "not a TBX file: the root element is <{}>, not <tbx> or <martif>",
                root.tag_name().name()
            ),
        )]);
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for node in root
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "conceptEntry" | "termEntry"))
    {
        let line = u64::from(doc.text_pos_at(node.range().start).row);
        match entry(node) {
            Ok(e) => entries.push((e, line)),
            Err(message) => errors.push(error(line, 0, message)),
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(error(
            0,
            0,
            "no concepts (termEntry or conceptEntry)".into(),
        ));
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v2_file_from_another_tool_reads() {
        let tbx = r#"<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="river-crossing">
    <descrip type="subjectField">place</descrip>
    <note>Seen in two chronicles.</note>
    <langSet xml:lang="zh-TW"><tig><term>渡口</term></tig>
      <tig><term>渡頭</term><termNote type="termType">variant</termNote></tig></langSet>
    <langSet xml:lang="en-US"><tig><term>Ferry Crossing</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>Ferry Crosing</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
</body></text></martif>"#;
        let entries = parse("x.tbx", tbx).expect("reads");
        let (e, line) = &entries[0];
        assert_eq!(*line, 4);
        assert_eq!(e.kind, Kind::Place);
        assert_eq!(e.zh_hant, ["渡口"]);
        assert_eq!(e.en, ["Ferry Crossing"]);
        assert_eq!(e.note, "Seen in two chronicles.");
        let aliases: Vec<String> = e.aliases.iter().map(Alias::to_cell).collect();
        assert_eq!(aliases, ["variant:zh_hant:渡頭", "error:en:Ferry Crosing"]);
    }

    #[test]
    fn problems_name_their_line() {
        let bad = "<martif><text><body>\n<termEntry><langSet xml:lang=\"fr\"/></termEntry>\n\
                   <termEntry id=\"x\"><langSet xml:lang=\"fr\"/></termEntry></body></text></martif>";
        let errors: Vec<String> = parse("b.tbx", bad)
            .expect_err("refused")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("b.tbx:2: a concept without an id"));
        assert!(errors[1].starts_with("b.tbx:3: language \"fr\""));
        let broken = parse("c.tbx", "<martif><text>").expect_err("refused");
        assert!(broken[0].message.starts_with("not well-formed XML"));
        let other = parse("d.tbx", "<html/>").expect_err("refused");
        assert!(other[0].message.contains("not a TBX file"));
    }
}
