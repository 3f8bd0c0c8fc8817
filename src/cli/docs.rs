//! `hanbridge docs`

use super::output::{line, print_json, table};
use super::{Context, OutputFormat};

pub fn run(ctx: &Context) -> anyhow::Result<u8> {
    let store = ctx.open_read()?;
    let docs = store.documents()?;
    if ctx.format == OutputFormat::Json {
        print_json(&docs)?;
        return Ok(0);
    }
    if docs.is_empty() {
        if !ctx.quiet {
            eprintln!("hanbridge: no documents yet; try `hanbridge import seeds`");
        }
        return Ok(0);
    }
    let mut t = table(&[
        "id",
        "lang",
        "format",
        "rev",
        "paragraphs",
        "text",
        "sentences",
        "chars",
        "paragraphs by",
        "title",
    ]);
    for d in &docs {
        t.add_row(vec![
            d.id.clone(),
            d.lang.clone(),
            d.format.clone(),
            d.revision.to_string(),
            d.paragraphs.to_string(),
            d.text_paragraphs.to_string(),
            d.sentences.to_string(),
            d.chars.to_string(),
            d.paragraph_rule.clone(),
            d.title.clone(),
        ]);
    }
    line(t)?;
    Ok(0)
}
