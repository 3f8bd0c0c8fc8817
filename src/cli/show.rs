//! `hanbridge show DOC[:PARA]`

use super::output::{line, preview, print_json, table};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
use hanbridge::align::context::EventContext;
use serde::Serialize;

/// Arguments of `show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A document id (DOC) or one of its paragraphs (DOC:PARA, 1-based).
    pub target: String,
}

/// `DOC` or `DOC:PARA`.
fn parse_target(target: &str) -> anyhow::Result<(&str, Option<usize>)> {
    match target.rsplit_once(':') {
        Some((doc, para)) => {
            let n: usize = para
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .with_context(|| format!("{target:?}: paragraph must be a number from 1"))?;
            Ok((doc, Some(n)))
        }
        None => Ok((target, None)),
    }
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<u8> {
    let (doc_id, para) = parse_target(&args.target)?;
    let bench = ctx.workbench_read()?;
    let store = bench.store();
    let Some(doc) = store.document(doc_id)? else {
        bail!("no document {doc_id:?} (see `hanbridge docs`)");
    };
    let Some(n) = para else {
        let paragraphs = store.paragraph_summaries(doc_id)?;
        if ctx.format == OutputFormat::Json {
            #[derive(Serialize)]
            struct Out<'a, D, P> {
                document: &'a D,
                paragraphs: &'a P,
            }
            print_json(&Out {
                document: &doc,
                paragraphs: &paragraphs,
            })?;
            return Ok(0);
        }
        line(format!(
            "{}: {} ({}, {}, revision {}, {} paragraphs, {} sentences, {} chars)",
            doc.id,
            doc.title,
            doc.lang,
            doc.format,
            doc.revision,
            doc.paragraphs,
            doc.sentences,
            doc.chars
        ))?;
        if let Some(source) = &doc.source {
            line(format!("source: {source}"))?;
        }
        let mut t = table(&["para", "kind", "sec", "chars", "text"]);
        for p in &paragraphs {
            t.add_row(vec![
                format!("{}:{}", doc.id, p.ordinal),
                p.kind.clone(),
                p.section.to_string(),
                format!("{}..{}", p.start_char, p.end_char),
                preview(&p.text, 50),
            ]);
        }
        line(t)?;
        return Ok(0);
    };
    let Some(p) = store.paragraph(doc_id, n)? else {
        bail!(
            "{doc_id}: no paragraph {n} (the document has {})",
            doc.paragraphs
        );
    };
    let (found, context) = mentions(&bench, doc_id, n)?;
    if ctx.format == OutputFormat::Json {
        #[derive(Serialize)]
        struct Out<'a, P> {
            document: &'a str,
            #[serde(flatten)]
            paragraph: &'a P,
            mentions: &'a [Mention],
            context: &'a Option<EventContext>,
        }
        print_json(&Out {
            document: doc_id,
            paragraph: &p,
            mentions: &found,
            context: &context,
        })?;
        return Ok(0);
    }
    line(format!(
        "{doc_id}:{n}  {}  section {}  chars {}..{}  bytes {}..{}  hash {}",
        p.kind.name(),
        p.section,
        p.span.start_char,
        p.span.end_char,
        p.span.start_byte,
        p.span.end_byte,
        p.hash
    ))?;
    line("")?;
    line(&p.text)?;
    line("")?;
    let mut t = table(&["sentence", "chars", "text"]);
    for s in &p.sentences {
        t.add_row(vec![
            format!("{}", s.ordinal + 1),
            format!("{}..{}", s.span.start_char, s.span.end_char),
            s.text.clone(),
        ]);
    }
    line(t)?;
    if !p.links.is_empty() {
        line("")?;
        let mut t = table(&["link", "chars", "target page"]);
        for l in &p.links {
            t.add_row(vec![
                l.label.clone(),
                format!("{}..{}", l.span.start_char, l.span.end_char),
                l.page.clone(),
            ]);
        }
        line(t)?;
    }
    if !p.fields.is_empty() {
        line("")?;
        let mut t = table(&["key", "chars", "value"]);
        for f in &p.fields {
            t.add_row(vec![
                f.key.clone(),
                format!("{}..{}", f.span.start_char, f.span.end_char),
                f.value.clone(),
            ]);
        }
        line(t)?;
    }
    print_mentions(&found)?;
    if let Some(c) = &context {
        line(format!("\ncontext: {}", c.describe()))?;
    }
    if !p.citations.is_empty() {
        let marks: Vec<String> = p
            .citations
            .iter()
            .map(|c| format!("[{}]", c.mark))
            .collect();
        line(format!("\ncitations: {}", marks.join(" ")))?;
    }
    Ok(0)
}

/// A name, number or date found in a paragraph, at file character offsets (like every other
/// offset `show` prints).
#[derive(Debug, Serialize)]
struct Mention {
    /// "name", "number" or "date".
    kind: &'static str,
    /// The text as displayed.
    text: String,
    /// First character in the file.
    start_char: usize,
    /// Character after the last, in the file.
    end_char: usize,
    /// The glossary entry (names; `? a | b` when ambiguous), or the value read.
    value: String,
    /// How a name matched (short form, variant, inside a longer name), if not plainly.
    how: String,
}

/// The names, quantities, dates and concepts found in a paragraph, and its event context (none
/// without a glossary).
fn mentions(
    bench: &hanbridge::workbench::Workbench,
    doc: &str,
    para: usize,
) -> anyhow::Result<(Vec<Mention>, Option<EventContext>)> {
    if bench.store().glossary()?.entries.is_empty() {
        return Ok((Vec::new(), None));
    }
    let hanbridge::workbench::Scanned { units, stored, .. } =
        bench.scan(&hanbridge::workbench::Silent)?;
    let Some(i) = units.iter().position(|u| u.doc == doc && u.ordinal == para) else {
        return Ok((Vec::new(), None));
    };
    let (u, runs) = (&units[i], &stored[i].run_chars);
    // Display byte offsets → file characters.
    let at = |start: usize, end: usize| {
        let s = u.map.file_char(runs, &u.text, start, false).unwrap_or(0);
        (s, u.map.file_char(runs, &u.text, end, true).unwrap_or(s))
    };
    let text = |start: usize, end: usize| u.text.get(start..end).unwrap_or("").to_string();
    let m = &u.mentions;
    let mut out = Vec::new();
    for n in &m.names {
        let how = match (n.nested, n.short, n.status, n.derived) {
            (true, ..) => "inside a longer name".to_string(),
            (.., Some(rule)) => format!("derived ({rule})"),
            (_, true, _, _) => format!("short form, {:?}", n.resolution).to_lowercase(),
            (_, _, s, _) if s != hanbridge::glossary::Status::Preferred => format!("{s} form"),
            _ => String::new(),
        };
        let (start_char, end_char) = at(n.start, n.end);
        out.push(Mention {
            kind: "name",
            text: n.text(&u.text).to_string(),
            start_char,
            end_char,
            value: n
                .entity
                .as_deref()
                .map_or_else(|| format!("? {}", n.candidates.join(" | ")), str::to_string),
            how,
        });
    }
    // Names the glossary lacks, found in both languages through their reading.
    for r in &m.read {
        let (start, end) = (r.start as usize, r.end as usize);
        let (start_char, end_char) = at(start, end);
        out.push(Mention {
            kind: "name",
            text: text(start, end),
            start_char,
            end_char,
            value: format!("≈{}", r.id),
            how: "read across scripts, not in the glossary".to_string(),
        });
    }
    for q in &m.quantities {
        let value = if q.low == q.high {
            q.low.to_string()
        } else {
            format!("{}–{}", q.low, q.high)
        };
        let (start_char, end_char) = at(q.start, q.end);
        out.push(Mention {
            kind: "number",
            text: text(q.start, q.end),
            start_char,
            end_char,
            value: format!("{value}{}", if q.approx { " (approx.)" } else { "" }),
            how: String::new(),
        });
    }
    for d in &m.dates {
        let value = format!(
            "{:?} {}-{}-{}{}",
            d.calendar,
            d.year.map_or("?".into(), |y| y.to_string()),
            d.month.map_or("?".into(), |x| x.to_string()),
            d.day.map_or("?".into(), |x| x.to_string()),
            d.gregorian_ymd()
                .map_or(String::new(), |(y, mo, da)| format!(
                    " = {y}-{mo:02}-{da:02}"
                )),
        );
        let (start_char, end_char) = at(d.start, d.end);
        out.push(Mention {
            kind: "date",
            text: text(d.start, d.end),
            start_char,
            end_char,
            value,
            how: String::new(),
        });
    }
    for c in &m.concepts {
        let (start, end) = c.span();
        let (start_char, end_char) = at(start, end);
        out.push(Mention {
            kind: "concept",
            text: text(start, end),
            start_char,
            end_char,
            value: format!("~{}", c.id()),
            how: String::new(),
        });
    }
    Ok((out, Some(u.context.clone())))
}

/// Prints the names table, then the numbers and dates table, then the concepts.
fn print_mentions(mentions: &[Mention]) -> anyhow::Result<()> {
    let (names, others): (Vec<&Mention>, Vec<&Mention>) =
        mentions.iter().partition(|m| m.kind == "name");
    let (concepts, others): (Vec<&Mention>, Vec<&Mention>) =
        others.into_iter().partition(|m| m.kind == "concept");
    let chars = |m: &Mention| format!("{}..{}", m.start_char, m.end_char);
    if !names.is_empty() {
        line("")?;
        let mut t = table(&["name", "chars", "entity", "how"]);
        for m in names {
            t.add_row(vec![
                m.text.clone(),
                chars(m),
                m.value.clone(),
                m.how.clone(),
            ]);
        }
        line(t)?;
    }
    for (header, rows) in [
        (["number/date", "chars", "value"], others),
        (["concept", "chars", "id"], concepts),
    ] {
        if rows.is_empty() {
            continue;
        }
        line("")?;
        let mut t = table(&header);
        for m in rows {
            t.add_row(vec![m.text.clone(), chars(m), m.value.clone()]);
        }
        line(t)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_target;

    #[test]
    fn targets() {
        assert_eq!(parse_target("zh-a").ok(), Some(("zh-a", None)));
        assert_eq!(parse_target("zh-a:3").ok(), Some(("zh-a", Some(3))));
        assert!(parse_target("zh-a:0").is_err());
        assert!(parse_target("zh-a:x").is_err());
    }
}
