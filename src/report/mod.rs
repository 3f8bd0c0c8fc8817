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

/// An English document's links, by the content hash of their English paragraph.
pub type LinksByHash = HashMap<String, Vec<StoredLink>>;

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
    /// The links of an English document's paragraphs by content hash (each list best first),
    /// with evidence, fetched when the document is written.
    pub links_of: &'a dyn Fn(&str) -> std::io::Result<LinksByHash>,
    /// Per unit: for a Chinese paragraph, the first English paragraph it is linked to (not
    /// rejected, not stale), beside which a split report shows it.
    pub partner: &'a [Option<u32>],
    /// What each unit shares with the other language (parallel to `units`).
    pub scopes: &'a [Scope],
    /// Findings of `check`.
    pub findings: &'a [Finding],
    /// The glossary (with a large one, the entries whose names can occur in the texts).
    pub glossary: &'a Glossary,
    /// Entries in the whole glossary.
    pub glossary_entries: usize,
}

/// The report's style sheet (also the workbench's, `hanbridge serve`).
pub const CSS: &str = r#"
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
pub fn highlighted(u: &Unit) -> Markup {
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

/// A link's evidence: each shared anchor with its Chinese and English forms.
pub fn evidence(l: &StoredLink) -> Markup {
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

/// One glossary entry as a table row (id, kind, side, every form column, aliases, note).
pub fn glossary_row(e: &Entry) -> Markup {
    glossary_row_linked(e, None)
}

/// [`glossary_row`], its id linking to `href` when given (the workbench's entry editor).
pub fn glossary_row_linked(e: &Entry, href: Option<&str>) -> Markup {
    html! {
        tr id=(format!("g-{}", e.id)) data-kind=(e.kind.as_str()) data-side=(e.side.map_or("", |s| s.as_str())) {
            td {
                @match href {
                    Some(h) => a href=(h) { (e.id) },
                    None => (e.id),
                }
            }
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

/// The links of the English paragraph with content hash `hash` that are shown beside it
/// (every one but the rejected), best first.
pub fn shown_links<'a>(links: &'a LinksByHash, hash: &str) -> Vec<&'a StoredLink> {
    links
        .get(hash)
        .into_iter()
        .flatten()
        .filter(|l| l.status != LinkStatus::Rejected)
        .collect()
}

/// The glossary table's header row, matching [`glossary_row`].
pub fn glossary_head() -> Markup {
    html! {
        tr {
            th { "id" } th { "kind" } th { "side" }
            @for c in Column::FORM_COLUMNS { th { (c.as_str()) } }
            th { "aliases" } th { "note" }
        }
    }
}

/// Where the pages of a split report live, relative to `index.html`.
pub const PAGES_DIR: &str = "pages";

/// The longest escaped id a page file name holds whole; longer ones are cut and hashed.
const PAGE_NAME_MAX: usize = 96;

/// The file name of a document's page in [`PAGES_DIR`]: ASCII letters, digits and `-` kept,
/// every other byte written as `_` and two hex digits, so any id gives a safe, distinct name.
/// An escaped id longer than 96 bytes is cut there (at a whole escape) and followed by `~` and
/// 32 hex digits of its BLAKE3 hash: every name stays within 134 bytes (file systems allow 255),
/// and since whole names never hold `~`, a cut name never equals a whole one. The id itself is
/// shown on the page.
pub fn page_file(doc: &str) -> String {
    let mut name = String::with_capacity(doc.len() + 5);
    for b in doc.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            name.push(char::from(b));
        } else {
            name.push_str(&format!("_{b:02x}"));
        }
    }
    if name.len() > PAGE_NAME_MAX {
        let mut cut = PAGE_NAME_MAX;
        // Never cut an escape in two: back up to the `_` that starts it.
        if let Some(underscore) = name[cut.saturating_sub(2)..cut].rfind('_') {
            cut = cut - 2 + underscore;
        }
        name.truncate(cut);
        let hash = blake3::hash(doc.as_bytes()).to_hex();
        name.push('~');
        name.push_str(&hash[..32]);
    }
    name.push_str(".html");
    name
}

/// Renders the whole report as one page into a string (tests and small corpora).
pub fn render(d: &ReportData<'_>) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = Report::new(d, false).write_index(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders the report as one page into `w`, section by section.
pub fn render_to<W: Write + ?Sized>(d: &ReportData<'_>, w: &mut W) -> std::io::Result<()> {
    Report::new(d, false).write_index(w)
}

/// Per page: the paragraph anchors already written (the first copy of a paragraph gets the id)
/// and the entities named, whose glossary rows the page carries for the tooltips.
#[derive(Default)]
struct Page<'d> {
    /// The document whose page this is; None for `index.html`.
    doc: Option<&'d str>,
    ids: HashSet<String>,
    entities: HashSet<&'d str>,
}

/// A report over [`ReportData`], written as one page or as an index plus one page per document.
///
/// Everything is indexed once up front (units by document and by paragraph, findings by
/// document), so writing grows with the corpus, not with documents × paragraphs.
pub struct Report<'d> {
    d: &'d ReportData<'d>,
    split: bool,
    index: HashMap<(&'d str, usize), usize>,
    by_doc: HashMap<&'d str, Vec<usize>>,
    /// Document id → its (id, language, title).
    documents: HashMap<&'d str, &'d (String, String, String)>,
    findings_by_doc: HashMap<&'d str, Vec<&'d Finding>>,
}

/// The unaligned groups: (language, label, the other language).
const ZH_GROUP: (&str, &str, &str) = ("zh", "Chinese", "English");
const EN_GROUP: (&str, &str, &str) = ("en", "English", "Chinese");

impl<'d> Report<'d> {
    /// Indexes the data; `split` writes one page per document behind an index.
    pub fn new(d: &'d ReportData<'d>, split: bool) -> Self {
        let index = crate::align::unit_index(d.units);
        let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, u) in d.units.iter().enumerate() {
            by_doc.entry(u.doc.as_str()).or_default().push(i);
        }
        let mut findings_by_doc: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in d.findings {
            findings_by_doc.entry(f.doc.as_str()).or_default().push(f);
        }
        Report {
            d,
            split,
            index,
            by_doc,
            documents: d.documents.iter().map(|x| (x.0.as_str(), x)).collect(),
            findings_by_doc,
        }
    }

    /// The ids of the documents that get a page of their own (none for one page).
    pub fn pages(&self) -> Vec<&'d str> {
        if !self.split {
            return Vec::new();
        }
        self.d.documents.iter().map(|x| x.0.as_str()).collect()
    }

    /// Where a paragraph is shown: a Chinese paragraph beside the first English paragraph it is
    /// linked to, any other on its own document's page.
    fn home(&self, unit: usize) -> &'d str {
        let u = &self.d.units[unit];
        match self.d.partner[unit] {
            Some(e) if u.lang.is_cjk() => self.d.units[e as usize].doc.as_str(),
            _ => u.doc.as_str(),
        }
    }

    /// A link from `page` to a paragraph, or None if the paragraph is not current.
    fn href(&self, page: &Page<'_>, doc: &str, para: usize) -> Option<String> {
        let &unit = self.index.get(&(doc, para))?;
        let a = anchor(doc, para);
        if !self.split {
            return Some(format!("#{a}"));
        }
        let home = self.home(unit);
        Some(match page.doc {
            Some(here) if here == home => format!("#{a}"),
            Some(_) => format!("{}#{a}", page_file(home)),
            None => format!("{PAGES_DIR}/{}#{a}", page_file(home)),
        })
    }

    /// A link from `page` to a document's page (split reports only).
    fn doc_href(&self, page: &Page<'_>, doc: &str) -> String {
        match page.doc {
            Some(_) => page_file(doc),
            None => format!("{PAGES_DIR}/{}", page_file(doc)),
        }
    }

    fn para_block(&self, u: &'d Unit, page: &mut Page<'d>, meta: Markup) -> Markup {
        let id = anchor(&u.doc, u.ordinal);
        let fresh = page.ids.insert(id.clone());
        for n in u.mentions.names.iter().filter(|n| !n.nested) {
            if let Some(e) = &n.entity {
                page.entities.insert(e);
            }
        }
        html! {
            div.para id=[fresh.then_some(id)] {
                div.meta { (meta) }
                (highlighted(u))
            }
        }
    }

    /// The glossary rows of the entities the report's texts and findings name, by id: a name
    /// authority of a million forms stays out of a report of a few pages (#17).
    fn named_entries(&self) -> Vec<&'d Entry> {
        let d = self.d;
        let mut ids: HashSet<&str> = HashSet::new();
        for u in d.units {
            for n in u.mentions.names.iter().filter(|n| !n.nested) {
                if let Some(e) = &n.entity {
                    ids.insert(e);
                }
            }
        }
        ids.extend(d.findings.iter().filter_map(|f| f.entity.as_deref()));
        let mut named: Vec<&Entry> = ids
            .into_iter()
            .filter_map(|id| d.glossary.get(id))
            .collect();
        named.sort_by(|a, b| a.id.cmp(&b.id));
        named
    }

    /// The index's glossary table: the entries the report names.
    fn write_named_glossary<W: Write + ?Sized>(&self, w: &mut W) -> std::io::Result<()> {
        let named = self.named_entries();
        let title = format!(
            "Glossary: the {} entries these texts name (of {})",
            named.len(),
            self.d.glossary_entries
        );
        write_glossary(w, &named, true, &title)
    }

    /// The report's `index.html`: everything on one page, or (split) the documents, a summary
    /// of the findings and the glossary.
    pub fn write_index<W: Write + ?Sized>(&self, w: &mut W) -> std::io::Result<()> {
        let d = self.d;
        let mut page = Page::default();
        write_head(w, &d.title)?;
        let counts = html! {
            (d.documents.len()) " documents · " (d.links) " links · "
            (d.findings.len()) " findings · " (d.glossary_entries) " glossary entries"
        };
        let nav: &[(&str, &str)] = if self.split {
            &[
                ("#documents", "Documents"),
                ("#findings", "Findings"),
                ("#glossary-section", "Glossary"),
            ]
        } else {
            &[
                ("#side-by-side", "Side by side"),
                ("#unaligned", "Unaligned"),
                ("#findings", "Findings"),
                ("#glossary-section", "Glossary"),
            ]
        };
        write_top(w, html! { (d.title) }, counts, nav)?;
        if self.split {
            self.write_documents(w, &page)?;
            // Findings about the glossary files belong to no document page.
            let own: Vec<&Finding> = d
                .findings
                .iter()
                .filter(|f| !self.by_doc.contains_key(f.doc.as_str()))
                .collect();
            self.write_findings(w, &mut page, &own, true)?;
            self.write_named_glossary(w)?;
        } else {
            let en_docs: Vec<&str> = d
                .documents
                .iter()
                .filter(|x| x.1 == "en")
                .map(|x| x.0.as_str())
                .collect();
            self.write_side_by_side(w, &mut page, &en_docs, true)?;
            let all: Vec<usize> = (0..d.units.len()).collect();
            self.write_unaligned(w, &mut page, &all, &[ZH_GROUP, EN_GROUP])?;
            let findings: Vec<&Finding> = d.findings.iter().collect();
            self.write_findings(w, &mut page, &findings, false)?;
            self.write_named_glossary(w)?;
        }
        write_tail(w)
    }

    /// One document's page (split reports): its paragraphs beside their links (English), its
    /// unaligned passages, its findings and the glossary rows of the names shown.
    pub fn write_document<W: Write + ?Sized>(&self, doc: &str, w: &mut W) -> std::io::Result<()> {
        let d = self.d;
        let Some((id, lang, title)) = self.documents.get(doc).copied() else {
            return Err(std::io::Error::other(format!("{doc}: no such document")));
        };
        let mut page = Page {
            doc: Some(id.as_str()),
            ..Page::default()
        };
        let units: &[usize] = self.by_doc.get(id.as_str()).map_or(&[], Vec::as_slice);
        let findings: &[&Finding] = self
            .findings_by_doc
            .get(id.as_str())
            .map_or(&[], Vec::as_slice);
        let text_units = units
            .iter()
            .filter(|&&i| matches!(d.units[i].kind, BlockKind::Text | BlockKind::Infobox));
        let (paragraphs, linked) =
            text_units.fold((0, 0), |(p, l), &i| (p + 1, l + usize::from(d.linked[i])));
        write_head(w, &format!("{title} · {}", d.title))?;
        let counts = html! {
            (id) " · " (lang) " · " (paragraphs) " paragraphs, " (linked) " linked · "
            (findings.len()) " findings · " a href="../index.html" { "all documents" }
        };
        let english = lang == "en";
        let mut nav: Vec<(&str, &str)> = Vec::new();
        if english {
            nav.push(("#side-by-side", "Side by side"));
        }
        nav.extend([
            ("#unaligned", "Unaligned"),
            ("#findings", "Findings"),
            ("#glossary-section", "Names"),
        ]);
        write_top(w, html! { (title) }, counts, &nav)?;
        if english {
            self.write_side_by_side(w, &mut page, &[id.as_str()], false)?;
        }
        let group = if english { EN_GROUP } else { ZH_GROUP };
        self.write_unaligned(w, &mut page, units, &[group])?;
        self.write_findings(w, &mut page, findings, false)?;
        let mut names: Vec<&Entry> = d
            .glossary
            .entries
            .iter()
            .filter(|e| page.entities.contains(e.id.as_str()))
            .collect();
        names.sort_by(|a, b| a.id.cmp(&b.id));
        write_glossary(w, &names, false, "Names on this page")?;
        write_tail(w)
    }

    /// The split index's table of documents, each with its counts and a link to its page.
    fn write_documents<W: Write + ?Sized>(
        &self,
        w: &mut W,
        page: &Page<'_>,
    ) -> std::io::Result<()> {
        let d = self.d;
        let rows = d.documents.iter().map(|(id, lang, title)| {
            let units: &[usize] = self.by_doc.get(id.as_str()).map_or(&[], Vec::as_slice);
            let (mut paragraphs, mut linked, mut in_scope) = (0, 0, 0);
            for &i in units {
                if matches!(d.units[i].kind, BlockKind::Text | BlockKind::Infobox) {
                    paragraphs += 1;
                    if d.linked[i] {
                        linked += 1;
                    } else if d.scopes[i].in_scope() {
                        in_scope += 1;
                    }
                }
            }
            let findings: &[&Finding] = self
                .findings_by_doc
                .get(id.as_str())
                .map_or(&[], Vec::as_slice);
            let errors = findings
                .iter()
                .filter(|f| f.severity == crate::check::Severity::Error)
                .count();
            html! {
                tr {
                    td { a href=(self.doc_href(page, id)) { (id) } }
                    td { (lang) }
                    td { (title) }
                    td { (paragraphs) }
                    td { (linked) }
                    td { (in_scope) }
                    td { (paragraphs - linked - in_scope) }
                    td { (findings.len()) @if errors > 0 { " (" span.sev-error { (errors) " errors" } ")" } }
                }
            }
        });
        w.write_all(b"<section id=\"documents\">")?;
        let head = html! {
            h2 { "Documents" }
            p.meta { "Each document has its own page: English paragraphs beside their linked Chinese paragraphs, the passages without a link, and the findings." }
        };
        w.write_all(head.into_string().as_bytes())?;
        // The table is written row by row, its opening and closing tags by hand.
        w.write_all(b"<div class=\"tablewrap\"><table>")?;
        let thead = html! {
            thead { tr { th { "document" } th { "language" } th { "title" } th { "paragraphs" } th { "linked" } th { "unlinked, in scope" } th { "unlinked, out of scope" } th { "findings" } } }
        };
        w.write_all(thead.into_string().as_bytes())?;
        w.write_all(b"<tbody>")?;
        for row in rows {
            w.write_all(row.into_string().as_bytes())?;
        }
        w.write_all(b"</tbody></table></div></section>")
    }

    /// English documents, each paragraph beside its linked Chinese paragraphs.
    fn write_side_by_side<W: Write + ?Sized>(
        &self,
        w: &mut W,
        page: &mut Page<'d>,
        en_docs: &[&str],
        titles: bool,
    ) -> std::io::Result<()> {
        let d = self.d;
        w.write_all(b"<section id=\"side-by-side\">")?;
        w.write_all(html! { h2 { "Side by side" } }.into_string().as_bytes())?;
        if en_docs.is_empty() {
            w.write_all(
                html! { p.none { "No English documents." } }
                    .into_string()
                    .as_bytes(),
            )?;
        }
        for &doc in en_docs {
            if titles {
                let title = self.documents.get(doc).map_or("", |x| x.2.as_str());
                w.write_all(
                    html! { h3 { (title) " (" (doc) ")" } }
                        .into_string()
                        .as_bytes(),
                )?;
            }
            let units: &[usize] = self.by_doc.get(doc).map_or(&[], Vec::as_slice);
            let links = (d.links_of)(doc)?;
            for &i in units {
                let u = &d.units[i];
                let piece = if u.kind == BlockKind::Heading {
                    html! { h3 { (u.text) } }
                } else if matches!(u.kind, BlockKind::Text | BlockKind::Infobox) {
                    let ls = shown_links(&links, &u.hash);
                    let en = self.para_block(
                        u,
                        page,
                        html! { (u.doc) ":" (u.ordinal) " " (d.sections[i]) },
                    );
                    let mut zh = Vec::with_capacity(ls.len());
                    for l in ls {
                        zh.push(match self.index.get(&(l.zh_doc.as_str(), l.zh_para)) {
                            Some(&zi) => {
                                let meta = html! {
                                    @if let Some(h) = self.href(page, &l.zh_doc, l.zh_para) {
                                        a href=(h) { (l.zh_doc) ":" (l.zh_para) }
                                    } @else { (l.zh_doc) ":" (l.zh_para) }
                                    " · link " (l.id) " · score " (l.score.map_or("manual".to_string(), |s| format!("{s:.2}")))
                                    " · " span class=(format!("status-{}", l.status)) { (l.status.as_str()) }
                                    @if l.stale { " · " span.stale { "stale: a paragraph changed" } }
                                    br;
                                    (evidence(l))
                                };
                                self.para_block(&d.units[zi], page, meta)
                            }
                            None => {
                                html! { p.none { (l.zh_doc) ":" (l.zh_para) " (changed since linked)" } }
                            }
                        });
                    }
                    html! {
                        div.pair {
                            div lang="en" { (en) }
                            div lang="zh-Hant" {
                                @if zh.is_empty() { p.none { "No linked Chinese paragraph." } }
                                @for z in zh { (z) }
                            }
                        }
                    }
                } else {
                    continue;
                };
                w.write_all(piece.into_string().as_bytes())?;
            }
        }
        w.write_all(b"</section>")
    }

    /// Paragraphs among `units` without a link, per language group, in-scope first.
    fn write_unaligned<W: Write + ?Sized>(
        &self,
        w: &mut W,
        page: &mut Page<'d>,
        units: &[usize],
        groups: &[(&str, &str, &str)],
    ) -> std::io::Result<()> {
        let d = self.d;
        w.write_all(b"<section id=\"unaligned\">")?;
        w.write_all(
            html! { h2 { "Unaligned passages" } }
                .into_string()
                .as_bytes(),
        )?;
        for &(lang, label, other) in groups {
            w.write_all(
                html! { h3 { (label) " passages without a link" } }
                    .into_string()
                    .as_bytes(),
            )?;
            for scoped in [true, false] {
                let list: Vec<usize> = units
                    .iter()
                    .copied()
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
                    let meta = html! {
                        (u.doc) ":" (u.ordinal) " " (d.sections[i])
                        @if scoped {
                            " · shares: "
                            (s.shared_names.iter().map(|id| d.glossary.get(id).map_or(id.as_str(), |e| e.label())).chain(s.shared_dates.iter().map(String::as_str)).collect::<Vec<_>>().join(", "))
                        }
                    };
                    let block = self.para_block(u, page, meta);
                    w.write_all(block.into_string().as_bytes())?;
                }
            }
        }
        w.write_all(b"</section>")
    }

    /// Findings grouped by category, each linking to its passage; `summary` adds a count per
    /// category and severity over all findings (the split index).
    fn write_findings<W: Write + ?Sized>(
        &self,
        w: &mut W,
        page: &mut Page<'d>,
        findings: &[&Finding],
        summary: bool,
    ) -> std::io::Result<()> {
        use crate::check::Severity;
        // Per category (in `Category::ALL` order): errors, warnings, info, in one pass.
        let mut counts = vec![[0usize; 3]; Category::ALL.len()];
        if summary {
            for f in self.d.findings {
                let c = Category::ALL.iter().position(|&c| c == f.category);
                let s = [Severity::Error, Severity::Warning, Severity::Info]
                    .iter()
                    .position(|&s| s == f.severity);
                if let (Some(c), Some(s)) = (c, s) {
                    counts[c][s] += 1;
                }
            }
        }
        let section = html! {
            section #findings {
                h2 { "Findings" }
                @if summary {
                    div.tablewrap {
                        table {
                            thead { tr { th { "category" } th { "errors" } th { "warnings" } th { "info" } } }
                            tbody {
                                @for (c, n) in Category::ALL.iter().zip(&counts) {
                                    tr {
                                        td { (c.as_str()) }
                                        td { (n[0]) } td { (n[1]) } td { (n[2]) }
                                    }
                                }
                            }
                        }
                    }
                    p.meta { "Each document's findings are on its page; findings about the glossary follow." }
                }
                @if findings.is_empty() { p.none { "No findings." } }
                @for c in Category::ALL {
                    @let group: Vec<&Finding> = findings.iter().copied().filter(|f| f.category == c).collect();
                    @if !group.is_empty() {
                        h3 { (c.as_str()) " (" (group.len()) ")" }
                        div.tablewrap {
                            table {
                                thead { tr { th { "where" } th { "severity" } th { "found" } th { "expected" } th { "note" } } }
                                tbody {
                                    @for f in group {
                                        tr {
                                            td {
                                                @if let Some(h) = self.href(page, &f.doc, f.para) {
                                                    a href=(h) { (f.doc) ":" (f.para) }
                                                } @else { (f.doc) ":" (f.para) }
                                            }
                                            td class=(format!("sev-{}", f.severity)) {
                                                (f.severity.as_str())
                                                @if let Some(reason) = &f.dismissed { " · dismissed: " (reason) }
                                            }
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
        };
        w.write_all(section.into_string().as_bytes())
    }
}

/// The document head and the opening of the body.
fn write_head<W: Write + ?Sized>(w: &mut W, title: &str) -> std::io::Result<()> {
    let head = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
        }
    };
    // maud closes the elements it opens; the body is written in pieces after the head.
    let head = head.into_string();
    w.write_all(head.trim_end_matches("</html>").as_bytes())?;
    w.write_all(b"<body>")
}

/// The page header (title, counts, navigation) and the opening of `main`.
fn write_top<W: Write + ?Sized>(
    w: &mut W,
    title: Markup,
    counts: Markup,
    nav: &[(&str, &str)],
) -> std::io::Result<()> {
    let top = html! {
        header {
            h1 { (title) }
            p.meta { (counts) }
            nav { @for (href, label) in nav { a href=(href) { (label) } } }
        }
    };
    write!(w, "{}<main>", top.into_string())
}

/// The glossary table (`filters`: by kind and side), then the end of `main`.
fn write_glossary<W: Write + ?Sized>(
    w: &mut W,
    entries: &[&Entry],
    filters: bool,
    heading: &str,
) -> std::io::Result<()> {
    let mut kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let section = html! {
        section #glossary-section {
            h2 { (heading) }
            @if filters {
                div.filters {
                    label { "kind " select #f-kind { option value="" { "all" } @for k in &kinds { option value=(k) { (k) } } } }
                    " "
                    label { "side " select #f-side { option value="" { "all" } @for s in ["ming", "joseon", "japan", "other"] { option value=(s) { (s) } } } }
                }
            }
            @if entries.is_empty() { p.none { "No glossary names." } }
            div.tablewrap {
                table #glossary {
                    thead #glossary-head { (glossary_head()) }
                    tbody { @for e in entries { (glossary_row(e)) } }
                }
            }
        }
    };
    write!(w, "{}</main>", section.into_string())
}

/// The tooltip, the script and the end of the page.
fn write_tail<W: Write + ?Sized>(w: &mut W) -> std::io::Result<()> {
    let tail = html! {
        div #tip role="tooltip" {}
        script { (PreEscaped(JS)) }
    };
    write!(w, "{}</body></html>", tail.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_are_safe_and_distinct() {
        assert_eq!(page_file("en-00001"), "en-00001.html");
        assert_eq!(page_file("a/b"), "a_2fb.html");
        assert_eq!(
            page_file("a_2fb"),
            "a_5f2fb.html",
            "an escape cannot be forged"
        );
        assert_eq!(page_file("碧"), "_e7_a2_a7.html");
        assert_eq!(page_file("../x"), "_2e_2e_2fx.html");
    }

    /// Issue 21.5: the longest ids the importer takes give names a file system holds, and ids
    /// that differ only past the cut still get different names.
    #[test]
    fn long_ids_give_short_distinct_names() {
        let underscores = "_".repeat(100);
        let han = "碧".repeat(33);
        let mut names = std::collections::HashSet::new();
        for id in [
            underscores.clone(),
            format!("{}a", "_".repeat(99)),
            han.clone(),
            format!("{}碧", "碧".repeat(31)),
            format!("{}x", "a".repeat(99)),
            format!("{}y", "a".repeat(99)),
            "a".repeat(96),
        ] {
            let name = page_file(&id);
            assert!(name.len() <= 134, "{id}: {name} ({} bytes)", name.len());
            assert!(
                name.trim_end_matches(".html")
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_~".contains(&b)),
                "{name}"
            );
            assert!(names.insert(name.clone()), "{id}: {name} taken twice");
        }
        // Cut at a whole escape: every `_` is followed by two hex digits.
        let name = page_file(&han);
        let stem = name.split('~').next().unwrap_or_default();
        assert_eq!(stem.len() % 3, 0, "{name}");
    }

    #[test]
    fn hues_are_stable_and_spread() {
        assert_eq!(hue("li-rusong"), hue("li-rusong"));
        assert_ne!(hue("li-rusong"), hue("li-rubai"));
        assert!(hue("x") < 360);
    }
}
