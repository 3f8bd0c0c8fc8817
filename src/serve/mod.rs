//! `hanbridge serve`: the review workbench as a local web application.
//!
//! Owns the HTTP side only: routing, the safety rules, the pages and the review endpoints. The
//! data comes from a [`Snapshot`] the caller builds and from the [`Store`](crate::store::Store),
//! opened per request; every review action is one store call (one SQLite transaction). Pages
//! are rendered on the server with maud (every text escaped), with the report's styles and
//! views; a small script compiled into the binary sends actions and swaps the page's main part
//! without a reload.
//!
//! Safety: the caller binds 127.0.0.1; requests whose `Host` is not the server's own address
//! (DNS rebinding) or whose `Origin` is another site (CSRF) get 403, and a POST without the
//! page's token (random per server start) gets 403 too. The library prints nothing.

pub mod data;
mod pages;

pub use data::{Db, Snapshot};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use std::future::Future;
use std::sync::Arc;

/// The header carrying the page's token on state-changing requests.
pub const TOKEN_HEADER: &str = "x-hanbridge-token";

/// Shared by every request: the data, the database and the safety settings.
pub struct App {
    snap: Snapshot,
    db: Db,
    linked: data::LinkedCache,
    /// The glossary files the entry editor and accepted suggestions write.
    glossary_dir: std::path::PathBuf,
    token: String,
    /// `Host` values accepted: `127.0.0.1:PORT`, `localhost:PORT`.
    hosts: Vec<String>,
}

impl App {
    /// A workbench over `snap` and `db` (glossary edits written into `glossary_dir`),
    /// answering on `port`, with a fresh random token.
    pub fn new(
        snap: Snapshot,
        db: Db,
        glossary_dir: std::path::PathBuf,
        port: u16,
    ) -> std::io::Result<App> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(App {
            snap,
            db,
            linked: data::LinkedCache::default(),
            glossary_dir,
            token,
            hosts: vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        })
    }

    /// The token pages carry (for tests that post as a page would).
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// Serves `app` on `listener` until `shutdown` completes; requests in flight are finished.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(Arc::new(app)))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The routes, behind the safety rules.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::documents))
        .route("/doc/{id}", get(pages::side_by_side))
        .route("/unaligned", get(pages::unaligned))
        .route("/findings", get(pages::findings))
        .route("/glossary", get(pages::glossary))
        .route("/glossary/{id}", get(pages::entry_editor))
        .route("/link/{id}", get(pages::link_detail))
        .route("/pick", get(pages::pick))
        .route("/app.js", get(script))
        .route("/api/link/{id}/{action}", post(pages::decide))
        .route("/api/links/confirm", post(pages::bulk_confirm))
        .route("/api/link/add", post(pages::add))
        .route("/api/finding/{key}/{action}", post(pages::finding_action))
        .route("/api/undo", post(pages::undo))
        .route("/api/glossary/{id}", post(pages::save_entry))
        .route(
            "/api/suggestion/{id}/{action}",
            post(pages::suggestion_action),
        )
        .fallback(|| async { Failure::NotFound("no such page".into()) })
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// The page script, compiled in.
async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("app.js"),
    )
}

/// The safety rules, before any handler: own `Host`, no foreign `Origin`, the token on every
/// request that is not a GET or HEAD.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Err(f) = check_request(&app, req.method(), req.headers()) {
        return f.into_response();
    }
    next.run(req).await
}

/// Why a request is refused, if it is.
fn check_request(app: &App, method: &Method, headers: &HeaderMap) -> Result<(), Failure> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.hosts.iter().any(|a| a == h)) {
        return Err(Failure::Forbidden(
            "this address is not the workbench's own (Host refused)".into(),
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin.to_str().ok().is_some_and(|o| {
            app.hosts
                .iter()
                .any(|h| o.strip_prefix("http://") == Some(h.as_str()))
        });
        if !own {
            return Err(Failure::Forbidden(
                "a request from another site (Origin refused)".into(),
            ));
        }
    }
    if method != Method::GET && method != Method::HEAD {
        let token = headers.get(TOKEN_HEADER).and_then(|t| t.to_str().ok());
        if token != Some(app.token.as_str()) {
            return Err(Failure::Forbidden(
                "missing or wrong page token: reload the page".into(),
            ));
        }
    }
    Ok(())
}

/// A request that cannot be answered: an error page (or, for an action, its message) with the
/// matching status.
#[derive(Debug)]
pub enum Failure {
    /// 400: a malformed id or parameter.
    BadRequest(String),
    /// 403: refused by the safety rules.
    Forbidden(String),
    /// 404: no such document, paragraph or link.
    NotFound(String),
    /// 409: the action names a state the link is no longer in (another tab decided it).
    Conflict(String),
    /// 500: the database failed.
    Internal(String),
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Failure::Internal(e.to_string())
    }
}

impl From<crate::workbench::ReviewError> for Failure {
    fn from(e: crate::workbench::ReviewError) -> Self {
        use crate::workbench::ReviewError;
        let message = e.to_string();
        if e.is_not_found() {
            Failure::NotFound(message)
        } else if e.is_conflict() {
            Failure::Conflict(message)
        } else if matches!(e, ReviewError::Invalid(_)) {
            Failure::BadRequest(message)
        } else {
            Failure::Internal(message)
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Failure::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            Failure::Forbidden(m) => (StatusCode::FORBIDDEN, m),
            Failure::NotFound(m) => (StatusCode::NOT_FOUND, m),
            Failure::Conflict(m) => (StatusCode::CONFLICT, m),
            Failure::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, m),
        };
        let page = maud::html! {
            (maud::DOCTYPE)
            html lang="en" {
                head { meta charset="utf-8"; title { (status.as_u16()) " · hanbridge" } }
                body {
                    h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
                    p #message { (message) }
                    p { a href="/" { "documents" } }
                }
            }
        };
        (status, Html(page.into_string())).into_response()
    }
}
