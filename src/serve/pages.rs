//! The workbench's pages and review endpoints.
//!
//! Every page reads the [`Snapshot`](super::Snapshot) and the database as it is now; long lists
//! are cut into pages of [`PAGE`] items. Texts go through maud, which escapes them; only the
//! compiled-in style sheet is written unescaped.

use super::{App, Failure};
use crate::align::Unit;
use crate::check::{Category, Finding, Severity};
use crate::corpus::BlockKind;
use crate::glossary::Column;
use crate::report::{CSS, evidence, glossary_head, glossary_row_linked, highlighted, shown_links};
use crate::store::{LinkStatus, StoredLink};
use crate::workbench::{EntryEdit, Silent, Workbench, entry_version};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

/// Items per page in long lists (paragraph pairs, passages, finding groups, glossary rows).
pub const PAGE: usize = 40;

/// Query parameters, as given.
type Params = Query<HashMap<String, String>>;

/// Styles of the workbench beyond the report's.
const EXTRA_CSS: &str = r#"
nav a.here{font-weight:bold;text-decoration:none}
.link{border-left:4px solid transparent}
.link.cur{border-left-color:var(--accent);background:#eaf1fb}
.acts{margin-top:4px;white-space:normal}
.acts button,.filters button{font:inherit;font-size:.8rem;padding:1px 8px;margin-right:4px;cursor:pointer}
#status{position:fixed;bottom:8px;left:8px;right:8px;max-width:700px;padding:6px 10px;border-radius:6px;background:#e6fcf5;display:none}
#status.bad{background:#fff0f0}
#help{position:fixed;top:60px;right:16px;background:#fff;border:1px solid var(--line);padding:10px 16px;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.15)}
details.list>summary{cursor:pointer;color:var(--muted)}
.pager a,.pager span{margin-right:.8em}
.picker{background:#fff;border:1px dashed var(--line);padding:6px;margin-top:6px;white-space:normal}
.filters input,.filters select{font:inherit;font-size:.85rem;max-width:100%}
.sentence{font-size:.85rem}
.dismissed{opacity:.55}
"#;

/// Measures a page's render time and sends it as `Server-Timing` (read by
/// `benches/serve_pages.sh` and the serve tests).
fn timed(started: Instant, page: Markup) -> Response {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut resp = Html(page.into_string()).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("render;dur={ms:.1}")) {
        resp.headers_mut().insert("server-timing", v);
    }
    resp
}

/// Runs a page's work (which reads SQLite) off the async threads.
async fn blocking<F>(f: F) -> Response
where
    F: FnOnce() -> Result<Response, Failure> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(e) => Failure::Internal(format!("the page failed: {e}")).into_response(),
    }
}

/// The frame of every page: head (styles, token), navigation, `main`, status line, help, script.
fn layout(app: &App, here: &str, title: &str, body: Markup) -> Markup {
    let nav = [
        ("/", "Documents"),
        ("/unaligned", "Unaligned"),
        ("/findings", "Findings"),
        ("/glossary", "Glossary"),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="hanbridge-token" content=(app.token);
                title { (title) " · hanbridge" }
                style { (PreEscaped(CSS)) (PreEscaped(EXTRA_CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    nav {
                        @for (href, label) in nav {
                            a.here[href == here] href=(href) { (label) }
                        }
                        a href="#" data-act="undo" title="undo the latest review action (u)" { "undo" }
                        a href="#" data-act="help" { "? keys" }
                    }
                }
                main { (body) }
                div #status role="status" {}
                div #help hidden {
                    strong { "Keys" }
                    ul {
                        li { kbd { "j" } " / " kbd { "k" } " next / previous link" }
                        li { kbd { "c" } " confirm the link" }
                        li { kbd { "r" } " reject the link" }
                        li { kbd { "u" } " undo the latest review action" }
                        li { kbd { "?" } " this help" }
                    }
                }
                script src="/app.js" {}
            }
        }
    }
}

/// Page `n` (1-based) of `items`, and the number of pages.
fn page_of<T>(items: &[T], n: usize) -> (&[T], usize) {
    let pages = items.len().div_ceil(PAGE).max(1);
    let start = (n.saturating_sub(1) * PAGE).min(items.len());
    let end = (start + PAGE).min(items.len());
    (&items[start..end], pages)
}

/// The `page` parameter (1 if absent); 400 when it is not a number from 1.
fn page_param(q: &HashMap<String, String>) -> Result<usize, Failure> {
    match q.get("page").map(String::as_str) {
        None | Some("") => Ok(1),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| Failure::BadRequest(format!("page {s:?} is not a page number"))),
    }
}

/// Links to the other pages of a list, keeping the other parameters.
fn pager(path: &str, q: &HashMap<String, String>, n: usize, pages: usize) -> Markup {
    let href = |k: usize| {
        let mut params: Vec<(&str, String)> = q
            .iter()
            .filter(|(key, v)| key.as_str() != "page" && !v.is_empty())
            .map(|(key, v)| (key.as_str(), v.clone()))
            .collect();
        params.sort();
        params.push(("page", k.to_string()));
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                )
            })
            .collect();
        format!("{path}?{}", query.join("&"))
    };
    html! {
        @if pages > 1 {
            p.pager {
                @if n > 1 { a rel="prev" href=(href(n - 1)) { "← previous" } }
                span { "page " (n) " of " (pages) }
                @if n < pages { a rel="next" href=(href(n + 1)) { "next →" } }
            }
        }
    }
}

/// `DOC:PARA` → (document, paragraph); 400 otherwise.
fn doc_para(s: &str) -> Result<(&str, usize), Failure> {
    s.rsplit_once(':')
        .and_then(|(d, p)| Some((d, p.parse().ok()?)))
        .filter(|(d, _)| !d.is_empty())
        .ok_or_else(|| Failure::BadRequest(format!("{s:?} is not DOC:PARA")))
}

/// `/`: the documents with their counts.
pub async fn documents(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let started = Instant::now();
        let store = app.db.read()?;
        let snap = &app.snap;
        let linked = app.linked.get(&app.db, &store, snap)?;
        let mut findings: HashMap<&str, usize> = HashMap::new();
        for f in &snap.findings {
            *findings.entry(f.doc.as_str()).or_default() += 1;
        }
        let body = html! {
            p.meta { "Open an English document to review its links side by side." }
            div.tablewrap {
                table #documents {
                    thead { tr { th { "document" } th { "lang" } th { "title" } th { "paragraphs" } th { "linked" } th { "findings" } } }
                    tbody {
                        @for d in &snap.documents {
                            @let units = snap.units_of(&d.id);
                            @let text = units.iter().filter(|&&i| matches!(snap.units[i].kind, BlockKind::Text | BlockKind::Infobox)).count();
                            @let l = units.iter().filter(|&&i| linked[i]).count();
                            tr {
                                td {
                                    a href=(format!("/doc/{}", enc(&d.id))) { (d.id) }
                                }
                                td { (d.lang) } td { (d.title) } td { (text) } td { (l) }
                                td { a href=(format!("/findings?doc={}", enc(&d.id))) { (findings.get(d.id.as_str()).copied().unwrap_or(0)) } }
                            }
                        }
                    }
                }
            }
        };
        Ok(timed(started, layout(&app, "/", "Documents", body)))
    })
    .await
}

/// Everything but RFC 3986's unreserved characters (letters, digits, `-._~`).
const PIECE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path or query piece (ids such as `li-rusong` stay readable).
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, PIECE).to_string()
}

/// A paragraph block: where it is, then its text with names, numbers and dates marked.
fn para(u: &Unit, section: &str, extra: Markup) -> Markup {
    html! {
        div.para {
            div.meta { (u.doc) ":" (u.ordinal) " " (section) (extra) }
            (highlighted(u))
        }
    }
}

/// The score shown for a link.
fn score(l: &StoredLink) -> String {
    l.score
        .map_or_else(|| "manual".to_string(), |s| format!("{s:.2}"))
}

/// The paragraph `other` (the link's Chinese or English side) with the link's state and the
/// review buttons.
fn linked_block(app: &App, l: &StoredLink, other: (&str, usize)) -> Markup {
    let snap = &app.snap;
    let meta = html! {
        " · " a href=(format!("/link/{}", l.id)) { "link " (l.id) }
        " · score " (score(l)) " · "
        span.status class=(format!("status-{}", l.status)) { (l.status.as_str()) }
        @if l.stale { " · " span.stale { "stale: a paragraph changed" } }
        br;
        (evidence(l))
        div.acts {
            @if l.status != LinkStatus::Confirmed && l.status != LinkStatus::Manual {
                button data-act="confirm" { "confirm (c)" }
            }
            @if l.status == LinkStatus::Manual {
                // A manual link is removed by rejecting it: it leaves the page and the aligner
                // never proposes it again, as with `hanbridge link reject`.
                button data-act="reject" { "remove (r)" }
            } @else if l.status != LinkStatus::Rejected {
                button data-act="reject" { "reject (r)" }
            }
        }
    };
    html! {
        div.link data-link=(l.id) data-status=(l.status.as_str()) data-revision=(l.revision) {
            @match snap.unit(other.0, other.1) {
                Some(z) => (para(&snap.units[z], &snap.sections[z], meta)),
                None => p.none { (other.0) ":" (other.1) " (changed since linked)" (meta) },
            }
        }
    }
}

/// `/doc/{id}`: an English document's paragraphs beside their linked Chinese ones; the Infobox
/// and lists collapsed.
pub async fn side_by_side(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Params,
) -> Response {
    blocking(move || {
        let started = Instant::now();
        let snap = &app.snap;
        let n = page_param(&q)?;
        let Some(doc) = snap.document(&id) else {
            return Err(Failure::NotFound(format!("no document {id:?}")));
        };
        let store = app.db.read()?;
        if doc.lang != "en" {
            return chinese_side_by_side(&app, &store, doc, &q, n, started);
        }
        let links = store.links_of_english_document(&doc.id)?;
        let rows = snap.readable_units(&doc.id);
        let (shown, pages) = page_of(&rows, n);
        let mut auto_ids: Vec<String> = Vec::new();
        let mut pieces = Vec::with_capacity(shown.len());
        for &i in shown {
            let u = &snap.units[i];
            if u.kind == BlockKind::Heading {
                pieces.push(html! { h3 { (u.text) } });
                continue;
            }
            let ls = shown_links(&links, &u.hash);
            auto_ids.extend(
                ls.iter()
                    .filter(|l| l.status == LinkStatus::Auto)
                    .map(|l| format!("{}@{}", l.id, l.revision)),
            );
            let key = format!("{}:{}", u.doc, u.ordinal);
            let pair = html! {
                div.pair data-en=(key) {
                    div lang="en" {
                        (para(u, &snap.sections[i], html! {
                            " " button.add data-act="pick" data-en=(key) { "add link" }
                        }))
                        div.picker hidden {}
                    }
                    div lang="zh-Hant" {
                        @if ls.is_empty() { p.none { "No linked Chinese paragraph." } }
                        @for l in &ls { (linked_block(&app, l, (&l.zh_doc, l.zh_para))) }
                    }
                }
            };
            pieces.push(if snap.is_list(i) {
                let what = if u.kind == BlockKind::Infobox { "Infobox" } else { "List" };
                html! {
                    details.list {
                        summary { (what) " " (u.doc) ":" (u.ordinal) " · " (ls.len()) " linked Chinese paragraphs" }
                        (pair)
                    }
                }
            } else {
                pair
            });
        }
        let ids = auto_ids;
        let body = html! {
            p.meta {
                (doc.id) " · " (doc.title) " · " (rows.len()) " paragraphs "
                @if !ids.is_empty() {
                    button data-act="bulk" data-ids=(ids.join(",")) { "confirm the " (ids.len()) " automatic links on this page" }
                }
            }
            (pager(&format!("/doc/{}", enc(&doc.id)), &q, n, pages))
            section #side-by-side { @for p in pieces { (p) } }
            (pager(&format!("/doc/{}", enc(&doc.id)), &q, n, pages))
        };
        Ok(timed(started, layout(&app, "", &doc.title, body)))
    })
    .await
}

/// A Chinese document's paragraphs, each beside the English paragraphs it is linked to.
fn chinese_side_by_side(
    app: &App,
    store: &crate::store::Store,
    doc: &crate::store::DocumentSummary,
    q: &HashMap<String, String>,
    n: usize,
    started: Instant,
) -> Result<Response, Failure> {
    let snap = &app.snap;
    let filter = crate::store::LinkFilter {
        doc: Some(doc.id.clone()),
        status: None,
    };
    let mut links: HashMap<usize, Vec<StoredLink>> = HashMap::new();
    for l in store.links(&filter)? {
        if l.zh_doc == doc.id && l.status != LinkStatus::Rejected {
            links.entry(l.zh_para).or_default().push(l);
        }
    }
    let rows = snap.readable_units(&doc.id);
    let (shown, pages) = page_of(&rows, n);
    let path = format!("/doc/{}", enc(&doc.id));
    let body = html! {
        p.meta { (doc.id) " · " (doc.title) " · " (rows.len()) " paragraphs" }
        (pager(&path, q, n, pages))
        section #side-by-side {
            @for &i in shown {
                @let u = &snap.units[i];
                @if u.kind == BlockKind::Heading { h3 { (u.text) } } @else {
                    @let ls = links.get(&u.ordinal).map_or(&[][..], Vec::as_slice);
                    div.pair {
                        div lang="zh-Hant" { (para(u, &snap.sections[i], html! {})) }
                        div lang="en" {
                            @if ls.is_empty() { p.none { "No linked English paragraph." } }
                            @for l in ls { (linked_block(app, l, (&l.en_doc, l.en_para))) }
                        }
                    }
                }
            }
        }
        (pager(&path, q, n, pages))
    };
    Ok(timed(started, layout(app, "", &doc.title, body)))
}

/// `/pick?en=DOC:PARA`: Chinese paragraphs to link an English one to, those sharing the most
/// names first, and a field to type any `DOC:PARA`.
pub async fn pick(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    blocking(move || {
        let snap = &app.snap;
        let en = q.get("en").map(String::as_str).unwrap_or("");
        let (doc, p) = doc_para(en)?;
        let Some(e) = snap.unit(doc, p) else {
            return Err(Failure::NotFound(format!("no paragraph {en}")));
        };
        let names: HashSet<&str> = entities(&snap.units[e]).collect();
        let mut scored: Vec<(usize, usize)> = snap
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| {
                u.lang.is_cjk() && matches!(u.kind, BlockKind::Text | BlockKind::Infobox)
            })
            .map(|(i, u)| {
                let shared: HashSet<&str> = entities(u).filter(|x| names.contains(x)).collect();
                (i, shared.len())
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        scored.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
        scored.truncate(8);
        let fragment = html! {
            div.meta { "Link " (en) " to a Chinese paragraph (sharing the most names first):" }
            @for (z, shared) in scored {
                @let u = &snap.units[z];
                @let key = format!("{}:{}", u.doc, u.ordinal);
                div.para.candidate {
                    div.meta {
                        (key) " · " (shared) " names shared "
                        button data-act="add" data-zh=(key) data-en=(en) { "link this" }
                    }
                    (u.text.chars().take(160).collect::<String>())
                }
            }
            div.filters {
                label { "or DOC:PARA " input.zh-typed type="text" placeholder="zh-doc:12"; }
                " " button data-act="add-typed" data-en=(en) { "link" }
            }
        };
        Ok(Html(fragment.into_string()).into_response())
    })
    .await
}

/// The entities a unit names (outermost mentions).
fn entities(u: &Unit) -> impl Iterator<Item = &str> {
    u.mentions
        .names
        .iter()
        .filter(|n| !n.nested)
        .filter_map(|n| n.entity.as_deref())
}

/// `/unaligned`: paragraphs without a link, in scope first, prose before lists; filters by
/// language, document, section, entity and text.
pub async fn unaligned(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    blocking(move || {
        let started = Instant::now();
        let snap = &app.snap;
        let n = page_param(&q)?;
        let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("").trim();
        let (lang, doc, section, entity, text) =
            (get("lang"), get("doc"), get("section"), get("entity"), get("q"));
        let store = app.db.read()?;
        let linked = app.linked.get(&app.db, &store, snap)?;
        let needle = text.to_lowercase();
        let glossary = snap.glossary();
        let wanted = named(&glossary, entity);
        if !entity.is_empty() && wanted.is_empty() {
            return Err(Failure::NotFound(format!("no glossary entry {entity:?}")));
        }
        let mut list: Vec<usize> = (0..snap.units.len())
            .filter(|&i| {
                let u = &snap.units[i];
                matches!(u.kind, BlockKind::Text | BlockKind::Infobox)
                    && !linked[i]
                    && match lang {
                        "zh" => u.lang.is_cjk(),
                        "en" => !u.lang.is_cjk(),
                        _ => true,
                    }
                    && (doc.is_empty() || u.doc == doc)
                    && (section.is_empty() || snap.sections[i].to_lowercase().contains(&section.to_lowercase()))
                    && (entity.is_empty() || entities(u).any(|e| wanted.contains(e)))
                    && (needle.is_empty() || u.text.to_lowercase().contains(&needle))
            })
            .collect();
        list.sort_by_key(|&i| (!snap.scopes[i].in_scope(), snap.is_list(i), i));
        let total = list.len();
        let (shown, pages) = page_of(&list, n);
        let docs: Vec<&str> = snap.documents.iter().map(|d| d.id.as_str()).collect();
        let body = html! {
            form.filters method="get" action="/unaligned" {
                select name="lang" {
                    @for (v, l) in [("", "both languages"), ("zh", "Chinese"), ("en", "English")] {
                        option value=(v) selected[v == lang] { (l) }
                    }
                }
                " "
                select name="doc" {
                    option value="" { "every document" }
                    @for d in docs { option value=(d) selected[d == doc] { (d) } }
                }
                " " input type="text" name="section" placeholder="section" value=(section);
                " " input type="text" name="entity" placeholder="name or glossary id" value=(entity);
                " " input type="search" name="q" placeholder="text" value=(text);
                " " button type="submit" { "filter" }
            }
            p.meta { (total) " passages without a link" }
            (pager("/unaligned", &q, n, pages))
            @for &i in shown {
                @let u = &snap.units[i];
                @let s = &snap.scopes[i];
                div lang=(if u.lang.is_cjk() { "zh-Hant" } else { "en" }) {
                    (para(u, &snap.sections[i], html! {
                        @if s.in_scope() {
                            " · shares: "
                            (s.shared_names.iter().map(|id| glossary.get(id).map_or(id.as_str(), |e| e.label())).chain(s.shared_dates.iter().map(String::as_str)).collect::<Vec<_>>().join(", "))
                        } @else { " · out of scope" }
                        @if snap.is_list(i) { " · list" }
                    }))
                }
            }
            (pager("/unaligned", &q, n, pages))
        };
        Ok(timed(started, layout(&app, "/unaligned", "Unaligned passages", body)))
    })
    .await
}

/// The glossary entries `name` means: the entry with that id, or those with a form or alias
/// written so (letters compared without case).
fn named<'g>(glossary: &'g crate::glossary::Glossary, name: &str) -> HashSet<&'g str> {
    let name = name.to_lowercase();
    glossary
        .entries
        .iter()
        .filter(|e| {
            e.id == name
                || Column::FORM_COLUMNS
                    .iter()
                    .any(|&c| e.column(c).iter().any(|f| f.to_lowercase() == name))
                || e.aliases.iter().any(|a| a.text.to_lowercase() == name)
        })
        .map(|e| e.id.as_str())
        .collect()
}

/// The sentence of a finding's paragraph that holds its text (the paragraph's start if none).
fn sentence_of<'a>(u: &'a Unit, found: &str) -> &'a str {
    let sentences = crate::corpus::sentence::split(&u.text, u.lang);
    sentences
        .iter()
        .map(|&(s, e)| &u.text[s..e])
        .find(|s| !found.is_empty() && s.contains(found))
        .unwrap_or_else(|| {
            let end = u
                .text
                .char_indices()
                .nth(200)
                .map_or(u.text.len(), |(i, _)| i);
            &u.text[..end]
        })
}

/// `/findings`: findings grouped by rule and text, each place with its sentence; filters by
/// severity and document.
pub async fn findings(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    blocking(move || {
        let started = Instant::now();
        let snap = &app.snap;
        let n = page_param(&q)?;
        let severity = q.get("severity").map(String::as_str).unwrap_or("");
        let doc = q.get("doc").map(String::as_str).unwrap_or("");
        let wanted: Option<Severity> = match severity {
            "" => None,
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            s => return Err(Failure::BadRequest(format!("unknown severity {s:?}"))),
        };
        let mut groups: BTreeMap<(usize, &str, &str), Vec<&Finding>> = BTreeMap::new();
        for f in &snap.findings {
            if wanted.is_some_and(|w| f.severity < w) || (!doc.is_empty() && f.doc != doc) {
                continue;
            }
            let c = Category::ALL.iter().position(|&c| c == f.category).unwrap_or(0);
            groups.entry((c, f.category.as_str(), f.text.as_str())).or_default().push(f);
        }
        let groups: Vec<_> = groups.into_iter().collect();
        let (shown, pages) = page_of(&groups, n);
        // Dismissals as stored now (this page or `finding dismiss` may have made them since).
        let dismissed = app.db.read()?.dismissals()?;
        let body = html! {
            form.filters method="get" action="/findings" {
                select name="severity" {
                    @for (v, l) in [("", "every severity"), ("error", "errors"), ("warning", "warnings and errors"), ("info", "all, info included")] {
                        option value=(v) selected[v == severity] { (l) }
                    }
                }
                @if !doc.is_empty() { input type="hidden" name="doc" value=(doc); }
                " " button type="submit" { "filter" }
            }
            p.meta {
                (groups.len()) " groups of findings" @if !doc.is_empty() { " in " (doc) }
                " · as checked when the workbench started (links decided since are not yet re-checked)"
            }
            (pager("/findings", &q, n, pages))
            @for ((_, category, text), fs) in shown {
                section.group {
                    h3 { (category) " · " (text) " (" (fs.len()) ")" }
                    div.tablewrap {
                        table {
                            thead { tr { th { "where" } th { "severity" } th { "sentence" } th { "expected" } th { "note" } th { "review" } } }
                            tbody {
                                @for f in fs {
                                    @let unit = snap.unit(&f.doc, f.para);
                                    tr {
                                        td {
                                            @match unit {
                                                Some(_) => a href=(format!("/doc/{}", enc(&f.doc))) { (f.doc) ":" (f.para) },
                                                _ => { (f.doc) ":" (f.para) }
                                            }
                                        }
                                        td class=(format!("sev-{}", f.severity)) { (f.severity.as_str()) }
                                        td.sentence { @if let Some(i) = unit { (sentence_of(&snap.units[i], &f.text)) } }
                                        td { (f.expected.as_deref().unwrap_or("")) }
                                        td { (f.suggestion.as_deref().unwrap_or("")) }
                                        td.review data-finding=(f.key) {
                                            @match dismissed.get(&f.key) {
                                                Some(d) => {
                                                    span.dismissed { "dismissed: " (d.reason) }
                                                    " " button type="button" data-act="restore" { "restore" }
                                                }
                                                None => {
                                                    input.reason type="text" placeholder="why it is fine" aria-label="reason";
                                                    " " button type="button" data-act="dismiss" { "dismiss" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pager("/findings", &q, n, pages))
        };
        Ok(timed(started, layout(&app, "/findings", "Findings", body)))
    })
    .await
}

/// `/glossary?q=`: entries whose id, forms in any script, aliases or note contain the text,
/// each with a link to edit it; above them, the open suggestions of `glossary suggest` to
/// accept or reject.
pub async fn glossary(State(app): State<Arc<App>>, Query(q): Params) -> Response {
    blocking(move || {
        let started = Instant::now();
        let glossary = app.snap.glossary();
        let n = page_param(&q)?;
        let text = q.get("q").map(String::as_str).unwrap_or("").trim();
        let needle = text.to_lowercase();
        let hit = |s: &str| s.to_lowercase().contains(&needle);
        let entries: Vec<_> = glossary
            .entries
            .iter()
            .filter(|e| {
                needle.is_empty()
                    || hit(&e.id)
                    || hit(&e.note)
                    || Column::FORM_COLUMNS.iter().any(|&c| e.column(c).iter().any(|f| hit(f)))
                    || e.aliases.iter().any(|a| hit(&a.text))
            })
            .collect();
        let (shown, pages) = page_of(&entries, n);
        let suggestions = app.db.read()?.open_suggestions()?;
        let body = html! {
            @if !suggestions.is_empty() {
                details #suggestions open {
                    summary {
                        (suggestions.len()) " suggested entries (from " code { "hanbridge glossary suggest" } ")"
                        @if suggestions.len() > PAGE { ", the surest " (PAGE) " shown" }
                    }
                    div.tablewrap {
                        table {
                            thead { tr { th { "id" } th { "Chinese" } th { "English" } th { "reading" } th { "confidence" } th { "where" } th {} } }
                            tbody {
                                @for s in suggestions.iter().take(PAGE) {
                                    tr data-suggestion=(s.id) {
                                        td { (s.entry.id) }
                                        td lang="zh-Hant" { (s.entry.zh_hant.join(" | ")) }
                                        td { (s.entry.en.join(" | ")) }
                                        td { (s.system.as_str()) }
                                        td { (format!("{:.2}", s.confidence)) " · " (s.support) " pairs" }
                                        td {
                                            @for e in s.evidence.iter().take(2) {
                                                (e.zh_at) " " span lang="zh-Hant" { (e.zh_text) } " ↔ " (e.en_at) " " (e.en_text) br;
                                            }
                                        }
                                        td.acts {
                                            button data-act="accept-suggestion" { "accept" }
                                            " "
                                            button data-act="reject-suggestion" { "reject" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form.filters method="get" action="/glossary" {
                input type="search" name="q" placeholder="any script: 李如松, Li Rusong, 이여송…" value=(text);
                " " button type="submit" { "search" }
            }
            p.meta { (entries.len()) " of " (glossary.entries.len()) " entries · an entry's id opens it for editing" }
            (pager("/glossary", &q, n, pages))
            div.tablewrap {
                table #glossary {
                    thead { (glossary_head()) }
                    tbody { @for e in shown { (glossary_row_linked(e, Some(&format!("/glossary/{}", enc(&e.id))))) } }
                }
            }
            (pager("/glossary", &q, n, pages))
        };
        Ok(timed(started, layout(&app, "/glossary", "Glossary", body)))
    })
    .await
}

/// `/glossary/{id}`: one entry's cells, as in its glossary file, to edit (several values in
/// a cell separated by `|`; aliases as `status:column:text`).
pub async fn entry_editor(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    blocking(move || {
        let started = Instant::now();
        let glossary = app.snap.glossary();
        let Some(e) = glossary.get(&id) else {
            return Err(Failure::NotFound(format!("no glossary entry {id:?}")));
        };
        let cells = crate::glossary::io::row(e);
        let body = html! {
            p.meta {
                "Several values in a cell are separated by " code { "|" } ", the first preferred; an alias is written "
                code { "status:column:text" } " (" code { "accepted:en:Yi Sun-shin" } "). "
                "Saved into the glossary files (all switched together) after the same checks as "
                code { "hanbridge glossary load" } "; the corpus is scanned with it at the next "
                code { "hanbridge run" } "."
            }
            form #entry data-entry=(e.id) data-seen=(entry_version(e)) {
                table {
                    @for (name, cell) in crate::glossary::HEADER.iter().zip(&cells) {
                        tr {
                            th { label for=(format!("cell-{name}")) { (name) } }
                            td { input.cell type="text" size="60" id=(format!("cell-{name}")) name=(name) value=(cell); }
                        }
                    }
                }
                p { button data-act="save-entry" { "save" } " " a href=(format!("/glossary?q={}", enc(&e.id))) { "back" } }
            }
        };
        Ok(timed(started, layout(&app, "/glossary", &format!("Entry {}", e.id), body)))
    })
    .await
}

/// `/link/{id}`: a link's two paragraphs, its evidence and the terms of its score.
pub async fn link_detail(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    blocking(move || {
        let started = Instant::now();
        let snap = &app.snap;
        let Ok(id) = id.parse::<i64>() else {
            return Err(Failure::BadRequest(format!("{id:?} is not a link id")));
        };
        let store = app.db.read()?;
        let Some(l) = store.link(id)? else {
            return Err(Failure::NotFound(format!("no link {id}")));
        };
        let zh = snap.unit(&l.zh_doc, l.zh_para);
        let en = snap.unit(&l.en_doc, l.en_para);
        let terms = zh.zip(en).map(|(z, e)| snap.prepared.decide(&snap.units, z, e));
        let agreement = zh.zip(en).and_then(|(z, e)| snap.prepared.agreement(z, e));
        let body = html! {
            p.meta {
                "status " span class=(format!("status-{}", l.status)) { (l.status.as_str()) }
                " · score " (score(&l))
                @if l.stale { " · " span.stale { "stale: a paragraph changed" } }
                " · " a href=(format!("/doc/{}", enc(&l.en_doc))) { "side by side" }
            }
            (evidence(&l))
            @if let Some(s) = &terms {
                h2 { "Score" }
                table {
                    tbody {
                        tr { th { "shared anchors" } td { (s.shared_labels().join(", ")) } }
                        tr { th { "shared weight" } td { (format!("{:.2}", s.shared_weight)) } }
                        tr { th { "denominator" } td { (format!("{:.2}", s.denominator)) @if s.summary { " (a summary: the longer paragraph counted at a multiple of the shorter)" } } }
                        tr { th { "base score" } td { (format!("{:.3}", s.base_score)) } }
                        tr { th { "context" } td { (format!("{:?}", s.relation)) @if let Some(why) = &agreement { " (" (why) ")" } " ×" (s.context_factor) } }
                        @if let Some((x, y)) = s.out_of_order { tr { th { "order" } td { (format!("two articles on one battle, far apart in their narratives (at {x:.2} and {y:.2} of them): two moments")) } } }
                        tr { th { "minimum shared weight" } td { (s.min_shared) } }
                        tr { th { "score" } td { (format!("{:.3}", s.score)) " · " (s.reason.as_deref().unwrap_or(if s.thin { "linked, thin: below the minimum, the best pair of a narrative paragraph of an article on its battle with a chronicle whose context agrees" } else { "linked" })) } }
                    }
                }
            }
            div.pair {
                div lang="zh-Hant" { @if let Some(z) = zh { (para(&snap.units[z], &snap.sections[z], html! {})) } @else { p.none { "The Chinese paragraph changed." } } }
                div lang="en" { @if let Some(e) = en { (para(&snap.units[e], &snap.sections[e], html! {})) } @else { p.none { "The English paragraph changed." } } }
            }
        };
        Ok(timed(started, layout(&app, "", &format!("Link {id}"), body)))
    })
    .await
}

/// A short plain-text answer to an action (the page shows it in its status line).
fn done(message: String) -> Response {
    message.into_response()
}

/// The workbench over the database, opened to write, for one review action.
fn workbench(app: &App) -> Result<Workbench, Failure> {
    Ok(Workbench::new(app.db.write()?))
}

/// `POST /api/link/{id}/{confirm|reject}` with `seen=REVISION`, the link's revision the page
/// showed: a link acted on elsewhere since is refused (409) with its state now.
pub async fn decide(
    State(app): State<Arc<App>>,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let status = match action.as_str() {
            "confirm" => LinkStatus::Confirmed,
            "reject" => LinkStatus::Rejected,
            a => return Err(Failure::NotFound(format!("no action {a:?}"))),
        };
        let Ok(id) = id.parse::<i64>() else {
            return Err(Failure::BadRequest(format!("{id:?} is not a link id")));
        };
        let seen = form.get("seen").map(String::as_str).unwrap_or("");
        let Ok(seen) = seen.parse::<i64>() else {
            return Err(Failure::BadRequest(format!(
                "seen {seen:?}: the link's revision the page showed is needed"
            )));
        };
        workbench(&app)?.decide_seen(&[(id, seen)], status)?;
        Ok(done(format!("link {id} {status}")))
    })
    .await
}

/// `POST /api/finding/{key}/{dismiss|restore}` (with `reason=TEXT` to dismiss): the same
/// actions as `hanbridge finding dismiss|restore`, one transaction each.
pub async fn finding_action(
    State(app): State<Arc<App>>,
    Path((key, action)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        if !app.snap.findings.iter().any(|f| f.key == key) {
            return Err(Failure::NotFound(format!("no finding {key:?}")));
        }
        match action.as_str() {
            "dismiss" => {
                let reason = form.get("reason").map(String::as_str).unwrap_or("");
                workbench(&app)?.dismiss(&key, reason)?;
                Ok(done(format!("finding {key} dismissed")))
            }
            "restore" => {
                workbench(&app)?.restore(&key)?;
                Ok(done(format!("finding {key} restored")))
            }
            a => Err(Failure::NotFound(format!("no action {a:?}"))),
        }
    })
    .await
}

/// `POST /api/undo`: undoes the latest review action, as `hanbridge undo` does (409 when
/// there is none).
pub async fn undo(State(app): State<Arc<App>>) -> Response {
    blocking(move || {
        let u = workbench(&app)?.undo()?;
        Ok(done(format!("undone: {}: {}", u.action, u.what)))
    })
    .await
}

/// `POST /api/links/confirm` with `ids=ID@REVISION,…` (links the page showed as automatic, at
/// the revisions shown): confirms them all or none.
pub async fn bulk_confirm(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let raw = form.get("ids").map(String::as_str).unwrap_or("");
        let seen: Vec<(i64, i64)> = raw
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (id, rev) = s.trim().split_once('@')?;
                Some((id.parse().ok()?, rev.parse().ok()?))
            })
            .collect::<Option<_>>()
            .ok_or_else(|| Failure::BadRequest(format!("{raw:?} is not a list of ID@REVISION")))?;
        if seen.is_empty() {
            return Err(Failure::BadRequest("no link ids".into()));
        }
        workbench(&app)?.decide_seen(&seen, LinkStatus::Confirmed)?;
        Ok(done(format!("{} links confirmed", seen.len())))
    })
    .await
}

/// `POST /api/link/add` with `zh=DOC:PARA&en=DOC:PARA`: a manual link.
pub async fn add(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
        let (zh, en) = (field("zh"), field("en"));
        let id = workbench(&app)?.add_link(zh, en, None)?;
        Ok(done(format!("link {id} added: {zh} ↔ {en}")))
    })
    .await
}

/// `POST /api/glossary/{id}` with `seen=VERSION` and one field per glossary column: saves the
/// edited entry (409 when it changed since the editor opened it, 400 when a cell is wrong).
pub async fn save_entry(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    blocking(move || {
        let edit = EntryEdit {
            id,
            seen: form.get("seen").cloned().unwrap_or_default(),
            cells: crate::glossary::HEADER
                .iter()
                .map(|c| {
                    form.get(*c)
                        .map(|v| v.trim().to_string())
                        .unwrap_or_default()
                })
                .collect(),
        };
        let mut bench = workbench(&app)?;
        let saved = bench.edit_entry(&app.glossary_dir, &edit, &Silent)?;
        app.snap.set_glossary(bench.store().glossary()?);
        Ok(done(format!(
            "entry {} saved; the next `hanbridge run` scans the corpus with it",
            saved.id
        )))
    })
    .await
}

/// `POST /api/suggestion/{id}/{accept|reject}`: writes a suggested entry into the glossary
/// files, or rejects it for good, as `hanbridge glossary suggest --accept|--reject` does.
pub async fn suggestion_action(
    State(app): State<Arc<App>>,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    blocking(move || {
        let mut bench = workbench(&app)?;
        let ids = [id.clone()];
        match action.as_str() {
            "accept" => {
                let (added, _) = bench.accept_suggestions(&app.glossary_dir, &ids, &Silent)?;
                app.snap.set_glossary(bench.store().glossary()?);
                Ok(done(if added.is_empty() {
                    format!("suggestion {id} accepted: the glossary holds it already")
                } else {
                    format!("suggestion {id} accepted as entry {}", added.join(", "))
                }))
            }
            "reject" => {
                bench.reject_suggestions(&ids)?;
                Ok(done(format!(
                    "suggestion {id} rejected: not proposed again"
                )))
            }
            a => Err(Failure::NotFound(format!("no action {a:?}"))),
        }
    })
    .await
}
