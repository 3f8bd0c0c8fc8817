//! `hanbridge show DOC[:PARA]`

use super::output::{line, preview, print_json, table};
use super::{Context, OutputFormat};
use anyhow::{Context as _, bail};
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
    let store = ctx.open()?;
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
    if ctx.format == OutputFormat::Json {
        #[derive(Serialize)]
        struct Out<'a, P> {
            document: &'a str,
            #[serde(flatten)]
            paragraph: &'a P,
        }
        print_json(&Out {
            document: doc_id,
            paragraph: &p,
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
    print_mentions(&store, doc_id, n)?;
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

/// Lists the names, quantities and dates found in a paragraph (when a glossary is loaded).
fn print_mentions(store: &hanbridge::store::Store, doc: &str, para: usize) -> anyhow::Result<()> {
    if store.glossary()?.entries.is_empty() {
        return Ok(());
    }
    let (units, _) = super::align::build_units(store)?;
    let Some(u) = units.iter().find(|u| u.doc == doc && u.ordinal == para) else {
        return Ok(());
    };
    let m = &u.mentions;
    if !m.names.is_empty() {
        line("")?;
        let mut t = table(&["name", "chars", "entity", "how"]);
        for n in &m.names {
            let how = match (n.nested, n.short, n.status) {
                (true, _, _) => "inside a longer name".to_string(),
                (_, true, _) => format!("short form, {:?}", n.resolution).to_lowercase(),
                (_, _, s) if s != hanbridge::glossary::Status::Preferred => format!("{s} form"),
                _ => String::new(),
            };
            t.add_row(vec![
                n.text(&u.text).to_string(),
                format!("{}..{}", n.start, n.end),
                n.entity
                    .as_deref()
                    .map_or_else(|| format!("? {}", n.candidates.join(" | ")), str::to_string),
                how,
            ]);
        }
        line(t)?;
    }
    if !m.quantities.is_empty() || !m.dates.is_empty() {
        line("")?;
        let mut t = table(&["number/date", "value"]);
        for q in &m.quantities {
            let value = if q.low == q.high {
                q.low.to_string()
            } else {
                format!("{}–{}", q.low, q.high)
            };
            t.add_row(vec![
                u_text(&p_text(store, doc, para)?, q.start, q.end),
                format!("{value}{}", if q.approx { " (approx.)" } else { "" }),
            ]);
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
            t.add_row(vec![
                u_text(&p_text(store, doc, para)?, d.start, d.end),
                value,
            ]);
        }
        line(t)?;
    }
    Ok(())
}

fn p_text(store: &hanbridge::store::Store, doc: &str, para: usize) -> anyhow::Result<String> {
    Ok(store
        .paragraph(doc, para)?
        .map(|p| p.text)
        .unwrap_or_default())
}

fn u_text(text: &str, start: usize, end: usize) -> String {
    text.get(start..end).unwrap_or("").to_string()
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
