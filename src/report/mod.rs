//! The review report: one self-contained HTML page (inline CSS, a little inline JS, no network)
//! with English paragraphs beside their linked Chinese paragraphs, unaligned passages, findings
//! and the glossary.
//!
//! Owns HTML rendering only; the data comes assembled from the store and the earlier stages.
//! Every text from a source file or the glossary goes through maud, which escapes it.

use crate::align::{Scope, Unit};
use crate::check::{Category, Finding};
use crate::corpus::BlockKind;
use crate::glossary::{Column, Entry, Glossary};
use crate::store::{LinkStatus, StoredLink};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// Everything the report shows.
pub struct ReportData<'a> {
    /// Page title.
    pub title: String,
    /// Documents: (id, language code, title).
    pub documents: Vec<(String, String, String)>,
    /// Scanned current paragraphs, in document order.
    pub units: &'a [Unit],
    /// Section heading of each unit ("" for a lead).
    pub sections: Vec<&'a str>,
    /// Per unit: has a link that is shown (not rejected) and not stale.
    pub linked: &'a [bool],
    /// How many links the page shows (every link but the rejected ones).
    pub links: usize,
    /// The links of an English paragraph, with evidence, fetched when the paragraph is written.
    pub links_of: &'a dyn Fn(&Unit) -> std::io::Result<Vec<StoredLink>>,
    /// What each unit shares with the other language (parallel to `units`).
    pub scopes: &'a [Scope],
    /// Findings of `check`.
    pub findings: &'a [Finding],
    /// The glossary.
    pub glossary: &'a Glossary,
}

const CSS: &str = r#"
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--bg:#fff;--panel:#f6f7f9;--accent:#1a56a8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans CJK TC","Noto Sans CJK KR","Noto Sans CJK JP","PingFang TC","Hiragino Sans","Microsoft JhengHei","Malgun Gothic",sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1400px;margin:0 auto;padding:0 16px}
header{padding-top:12px;border-bottom:1px solid var(--line)}
h1{font-size:1.4rem;margin:.2em 0}
h2{font-size:1.2rem;margin:1.6em 0 .6em;border-bottom:2px solid var(--line)}
h3{font-size:1rem;margin:1.2em 0 .4em;color:var(--muted)}
nav a{margin-right:1em;color:var(--accent)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:16px;border-top:1px solid var(--line);padding:10px 0}
.pair>div{min-width:0}
@media (max-width:900px){.pair{grid-template-columns:1fr}}
.para{background:var(--panel);border-radius:6px;padding:8px 10px;margin-bottom:8px;overflow-wrap:anywhere;white-space:pre-wrap}
.meta{font-size:.8rem;color:var(--muted);white-space:normal}
.meta a{color:var(--accent)}
.none{color:var(--muted);font-style:italic}
.n{background:hsl(var(--h) 75% 86%);border-radius:3px;padding:0 2px;color:inherit;text-decoration:none;outline-offset:2px}
.n.unresolved{background:none;border-bottom:2px dotted #999}
.num{background:#fff3bf;border-radius:3px}
.date{background:#d3f9d8;border-radius:3px}
.ev{font-size:.8rem;color:var(--muted)}
.ev code{background:#eef;padding:0 3px;border-radius:3px}
.status-confirmed{color:#2b8a3e}.status-rejected{color:#c92a2a}.status-manual{color:#5f3dc4}
.stale{color:#c92a2a;font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:var(--bg)}
.sev-error{color:#c92a2a;font-weight:bold}.sev-warning{color:#e67700}.sev-info{color:var(--muted)}
.tablewrap{overflow-x:auto}
#tip{position:fixed;z-index:10;max-width:420px;background:#fff;border:1px solid var(--line);box-shadow:0 4px 16px rgba(0,0,0,.15);border-radius:6px;padding:8px;font-size:.85rem;display:none}
#tip table{font-size:.8rem}
.filters{margin:.5em 0}
"#;

const JS: &str = r#"
(function(){
 var tip=document.getElementById('tip');
 function show(e){var n=e.target.closest&&e.target.closest('.n[data-e]');if(!n){return}
  var row=document.getElementById('g-'+n.getAttribute('data-e'));if(!row){return}
  tip.innerHTML='';var t=document.createElement('table');t.appendChild(document.getElementById('glossary-head').cloneNode(true));t.appendChild(row.cloneNode(true));tip.appendChild(t);
  var r=n.getBoundingClientRect();tip.style.display='block';tip.style.left=Math.max(4,Math.min(r.left,window.innerWidth-430))+'px';tip.style.top=(r.bottom+6<window.innerHeight-120?r.bottom+6:Math.max(4,r.top-130))+'px'}
 function hide(e){if(e.target.closest&&e.target.closest('.n')){tip.style.display='none'}}
 document.addEventListener('mouseover',show);document.addEventListener('focusin',show);
 document.addEventListener('mouseout',hide);document.addEventListener('focusout',hide);
 var k=document.getElementById('f-kind'),s=document.getElementById('f-side');
 function filter(){var rows=document.querySelectorAll('#glossary tbody tr');for(var i=0;i<rows.length;i++){var r=rows[i];
  r.hidden=(k.value&&r.getAttribute('data-kind')!==k.value)||(s.value&&r.getAttribute('data-side')!==s.value)}}
 if(k){k.addEventListener('change',filter);s.addEventListener('change',filter)}
})();
"#;

/// A stable colour for an entity: a hue from its id.
fn hue(id: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for b in id.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(16777619);
    }
    h % 360
}

fn anchor(doc: &str, para: usize) -> String {
    format!("p-{doc}-{para}")
}

/// A mark over display text: names, numbers, dates, non-overlapping, in order.
enum Mark<'u> {
    Name(&'u crate::mentions::Mention),
    Number,
    Date,
}

/// The paragraph's display text with names (coloured, linked to the glossary), numbers and
/// dates marked.
fn highlighted(u: &Unit) -> Markup {
    let m = &u.mentions;
    let mut marks: Vec<(usize, usize, Mark<'_>)> = Vec::new();
    for n in m.names.iter().filter(|n| !n.nested) {
        marks.push((n.start, n.end, Mark::Name(n)));
    }
    for q in &m.quantities {
        marks.push((q.start, q.end, Mark::Number));
    }
    for d in &m.dates {
        marks.push((d.start, d.end, Mark::Date));
    }
    marks.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let text = &u.text;
    let mut pos = 0;
    let mut parts: Vec<Markup> = Vec::new();
    for (s, e, mark) in marks {
        if s < pos || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        parts.push(html! { (text[pos..s]) });
        let piece = &text[s..e];
        parts.push(match mark {
            Mark::Name(n) => match &n.entity {
                Some(id) => html! {
                    a.n href=(format!("#g-{id}")) data-e=(id) style=(format!("--h:{}", hue(id))) { (piece) }
                },
                None => html! {
                    span.n.unresolved title=(format!("unresolved: {}", n.candidates.join(", "))) { (piece) }
                },
            },
            Mark::Number => html! { span.num { (piece) } },
            Mark::Date => html! { span.date { (piece) } },
        });
        pos = e;
    }
    parts.push(html! { (text[pos..]) });
    html! { @for p in parts { (p) } }
}

fn para_block(u: &Unit, ids: &mut HashSet<String>, meta: Markup) -> Markup {
    let id = anchor(&u.doc, u.ordinal);
    let fresh = ids.insert(id.clone());
    html! {
        div.para id=[fresh.then_some(id)] {
            div.meta { (meta) }
            (highlighted(u))
        }
    }
}

fn evidence(l: &StoredLink) -> Markup {
    html! {
        span.ev {
            "evidence: "
            @for (i, e) in l.evidence.iter().enumerate() {
                @if i > 0 { " · " }
                code { (e.anchor.label()) }
                " "
                (e.zh.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join("/"))
                " ↔ "
                (e.en.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join("/"))
            }
        }
    }
}

fn glossary_row(e: &Entry) -> Markup {
    html! {
        tr id=(format!("g-{}", e.id)) data-kind=(e.kind.as_str()) data-side=(e.side.map_or("", |s| s.as_str())) {
            td { (e.id) }
            td { (e.kind.as_str()) }
            td { (e.side.map_or("", |s| s.as_str())) }
            @for c in Column::FORM_COLUMNS {
                td lang=(c.bcp47()) { (e.column(c).join(" | ")) }
            }
            td {
                @for (i, a) in e.aliases.iter().enumerate() {
                    @if i > 0 { br; }
                    (a.text) " (" (a.column.as_str()) ", " (a.status.as_str()) ")"
                }
            }
            td { (e.note) }
        }
    }
}

/// Renders the whole report into a string (tests and small corpora).
pub fn render(d: &ReportData<'_>) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = render_to(d, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders the report into `w` section by section, so a whole-wiki corpus never needs the page
/// in memory at once.
pub fn render_to<W: Write + ?Sized>(d: &ReportData<'_>, w: &mut W) -> std::io::Result<()> {
    let mut ids: HashSet<String> = HashSet::new();
    let index: HashMap<(&str, usize), usize> = d
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| ((u.doc.as_str(), u.ordinal), i))
        .collect();
    let en_docs: Vec<&(String, String, String)> =
        d.documents.iter().filter(|x| x.1 == "en").collect();
    let mut kinds: Vec<&str> = d.glossary.entries.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let head = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (d.title) }
                style { (PreEscaped(CSS)) }
            }
        }
    };
    // maud closes the elements it opens; the body is written in pieces after the head.
    let head = head.into_string();
    w.write_all(head.trim_end_matches("</html>").as_bytes())?;
    let top = html! {
        header {
            h1 { (d.title) }
            p.meta {
                (d.documents.len()) " documents · " (d.links) " links · "
                (d.findings.len()) " findings · " (d.glossary.entries.len()) " glossary entries"
            }
            nav {
                a href="#side-by-side" { "Side by side" }
                a href="#unaligned" { "Unaligned" }
                a href="#findings" { "Findings" }
                a href="#glossary-section" { "Glossary" }
            }
        }
    };
    write!(
        w,
        "<body>{}<main><section id=\"side-by-side\">",
        top.into_string()
    )?;
    w.write_all(html! { h2 { "Side by side" } }.into_string().as_bytes())?;
    if en_docs.is_empty() {
        w.write_all(
            html! { p.none { "No English documents." } }
                .into_string()
                .as_bytes(),
        )?;
    }
    for (doc, _, title) in &en_docs {
        w.write_all(
            html! { h3 { (title) " (" (doc) ")" } }
                .into_string()
                .as_bytes(),
        )?;
        for (i, u) in d.units.iter().enumerate().filter(|(_, u)| &u.doc == doc) {
            let piece = if u.kind == BlockKind::Heading {
                html! { h3 { (u.text) } }
            } else if matches!(u.kind, BlockKind::Text | BlockKind::Infobox) {
                let ls: Vec<StoredLink> = (d.links_of)(u)?
                    .into_iter()
                    .filter(|l| l.status != LinkStatus::Rejected)
                    .collect();
                html! {
                    div.pair {
                        div lang="en" {
                            (para_block(u, &mut ids, html! { (u.doc) ":" (u.ordinal) " " (d.sections[i]) }))
                        }
                        div lang="zh-Hant" {
                            @if ls.is_empty() { p.none { "No linked Chinese paragraph." } }
                            @for l in &ls {
                                @match index.get(&(l.zh_doc.as_str(), l.zh_para)) {
                                    Some(&zi) => {
                                        (para_block(&d.units[zi], &mut ids, html! {
                                            a href=(format!("#{}", anchor(&l.zh_doc, l.zh_para))) { (l.zh_doc) ":" (l.zh_para) }
                                            " · link " (l.id) " · score " (l.score.map_or("manual".to_string(), |s| format!("{s:.2}")))
                                            " · " span class=(format!("status-{}", l.status)) { (l.status.as_str()) }
                                            @if l.stale { " · " span.stale { "stale: a paragraph changed" } }
                                            br;
                                            (evidence(l))
                                        }))
                                    }
                                    None => { p.none { (l.zh_doc) ":" (l.zh_para) " (changed since linked)" } }
                                }
                            }
                        }
                    }
                }
            } else {
                continue;
            };
            w.write_all(piece.into_string().as_bytes())?;
        }
    }
    w.write_all(b"</section><section id=\"unaligned\">")?;
    w.write_all(
        html! { h2 { "Unaligned passages" } }
            .into_string()
            .as_bytes(),
    )?;
    for (lang, label, other) in [("zh", "Chinese", "English"), ("en", "English", "Chinese")] {
        w.write_all(
            html! { h3 { (label) " passages without a link" } }
                .into_string()
                .as_bytes(),
        )?;
        for scoped in [true, false] {
            let list: Vec<usize> = (0..d.units.len())
                .filter(|&i| {
                    let u = &d.units[i];
                    (u.lang.code() == lang || (lang == "zh" && u.lang.is_cjk()))
                        && matches!(u.kind, BlockKind::Text | BlockKind::Infobox)
                        && !d.linked[i]
                        && d.scopes[i].in_scope() == scoped
                })
                .collect();
            let title = html! {
                p.meta {
                    @if scoped { strong { "About the same events as the " (other) " documents (" (list.len()) ")" } }
                    @else { strong { "Out of scope (" (list.len()) ")" } }
                }
            };
            w.write_all(title.into_string().as_bytes())?;
            for i in list {
                let u = &d.units[i];
                let s = &d.scopes[i];
                let block = para_block(
                    u,
                    &mut ids,
                    html! {
                        (u.doc) ":" (u.ordinal) " " (d.sections[i])
                        @if scoped {
                            " · shares: "
                            (s.shared_names.iter().map(|id| d.glossary.get(id).map_or(id.as_str(), |e| e.label())).chain(s.shared_dates.iter().map(String::as_str)).collect::<Vec<_>>().join(", "))
                        }
                    },
                );
                w.write_all(block.into_string().as_bytes())?;
            }
        }
    }
    w.write_all(b"</section>")?;
    let rest = html! {
        section #findings {
            h2 { "Findings" }
            @if d.findings.is_empty() { p.none { "No findings." } }
            @for c in Category::ALL {
                @let group: Vec<&Finding> = d.findings.iter().filter(|f| f.category == c).collect();
                @if !group.is_empty() {
                    h3 { (c.as_str()) " (" (group.len()) ")" }
                    div.tablewrap {
                        table {
                            thead { tr { th { "where" } th { "severity" } th { "found" } th { "expected" } th { "note" } } }
                            tbody {
                                @for f in group {
                                    tr {
                                        td {
                                            @if index.contains_key(&(f.doc.as_str(), f.para)) {
                                                a href=(format!("#{}", anchor(&f.doc, f.para))) { (f.doc) ":" (f.para) }
                                            } @else { (f.doc) ":" (f.para) }
                                        }
                                        td class=(format!("sev-{}", f.severity)) { (f.severity.as_str()) }
                                        td { (f.text) @if f.count > 1 { " (×" (f.count) ")" } }
                                        td { (f.expected.as_deref().unwrap_or("")) }
                                        td { (f.suggestion.as_deref().unwrap_or("")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section #glossary-section {
            h2 { "Glossary" }
            div.filters {
                label { "kind " select #f-kind { option value="" { "all" } @for k in &kinds { option value=(k) { (k) } } } }
                " "
                label { "side " select #f-side { option value="" { "all" } @for s in ["ming", "joseon", "japan", "other"] { option value=(s) { (s) } } } }
            }
            div.tablewrap {
                table #glossary {
                    thead #glossary-head {
                        tr {
                            th { "id" } th { "kind" } th { "side" }
                            @for c in Column::FORM_COLUMNS { th { (c.as_str()) } }
                            th { "aliases" } th { "note" }
                        }
                    }
                    tbody { @for e in &d.glossary.entries { (glossary_row(e)) } }
                }
            }
        }
    };
    write!(w, "{}</main>", rest.into_string())?;
    let tail = html! {
        div #tip role="tooltip" {}
        script { (PreEscaped(JS)) }
    };
    write!(w, "{}</body></html>", tail.into_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hues_are_stable_and_spread() {
        assert_eq!(hue("li-rusong"), hue("li-rusong"));
        assert_ne!(hue("li-rusong"), hue("li-rubai"));
        assert!(hue("x") < 360);
    }
}
