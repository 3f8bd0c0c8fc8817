//! The review log: every review action (link confirm/reject/add, finding dismiss/restore) is
//! recorded in the same transaction as the action, with the state it replaced, so that
//! [`Store::undo`] can put the latest one back.

use super::{Result, Store, StoreError};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

/// A link's review state before an action: status, note, time of decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct LinkState {
    pub id: i64,
    pub status: String,
    pub note: Option<String>,
    pub decided_at: Option<String>,
}

/// What one action replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Before {
    /// Links decided (confirm, reject): their states before.
    Links { links: Vec<LinkState> },
    /// A manual link added: the link's state before (`None`: it did not exist).
    Added { id: i64, before: Option<LinkState> },
    /// A finding dismissed or restored: its dismissal before (reason, time), if any.
    Finding {
        key: String,
        before: Option<(String, String)>,
    },
}

/// What [`Store::undo`] put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The action undone (`link confirmed`, `link add`, `finding dismiss`, …).
    pub action: String,
    /// When it was taken.
    pub at: String,
    /// What was put back, in words.
    pub what: String,
}

/// The states of links `ids` now (the ones that exist).
pub(super) fn link_states(tx: &Transaction<'_>, ids: &[i64]) -> Result<Vec<LinkState>> {
    let mut stmt = tx.prepare_cached("SELECT status, note, decided_at FROM link WHERE id = ?1")?;
    let mut out = Vec::new();
    for &id in ids {
        if let Some((status, note, decided_at)) = stmt
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
        {
            out.push(LinkState {
                id,
                status,
                note,
                decided_at,
            });
        }
    }
    Ok(out)
}

/// Records an action in the log, inside the action's transaction.
pub(super) fn record(tx: &Transaction<'_>, action: &str, before: &Before) -> Result<()> {
    let what = serde_json::to_string(before).map_err(|source| StoreError::Json {
        column: "review_action.what",
        source,
    })?;
    tx.execute(
        "INSERT INTO review_action (kind, what) VALUES (?1, ?2)",
        params![action, what],
    )?;
    Ok(())
}

fn put_back(tx: &Transaction<'_>, s: &LinkState) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE link SET status = ?2, note = ?3, decided_at = ?4, revision = revision + 1
         WHERE id = ?1",
        params![s.id, s.status, s.note, s.decided_at],
    )? > 0)
}

impl Store {
    /// Undoes the latest review action still in the log, in one transaction: links get back
    /// the status, note and time they had, a link added by hand where there was none is
    /// removed, a dismissal is taken back or restored. `None`: nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Undone>> {
        let tx = self.begin_write("undo")?;
        let Some((id, at, action, what)): Option<(i64, String, String, String)> = tx
            .query_row(
                "SELECT id, at, kind, what FROM review_action ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
        else {
            return Ok(None);
        };
        let before: Before = serde_json::from_str(&what).map_err(|source| StoreError::Json {
            column: "review_action.what",
            source,
        })?;
        let what = match before {
            Before::Links { links } => {
                let mut back = Vec::new();
                for s in &links {
                    if put_back(&tx, s)? {
                        back.push(format!("link {} {}", s.id, s.status));
                    }
                }
                if back.is_empty() {
                    "nothing: the links are gone".to_string()
                } else {
                    back.join(", ")
                }
            }
            Before::Added { id, before: None } => {
                tx.execute(
                    "DELETE FROM link WHERE id = ?1 AND status = 'manual'",
                    params![id],
                )?;
                format!("link {id} removed")
            }
            Before::Added {
                id,
                before: Some(s),
            } => {
                put_back(&tx, &s)?;
                format!("link {id} {}", s.status)
            }
            Before::Finding { key, before: None } => {
                tx.execute("DELETE FROM finding_dismissal WHERE key = ?1", params![key])?;
                format!("finding {key} not dismissed")
            }
            Before::Finding {
                key,
                before: Some((reason, at)),
            } => {
                tx.execute(
                    "INSERT INTO finding_dismissal (key, reason, dismissed_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET reason = excluded.reason,
                         dismissed_at = excluded.dismissed_at",
                    params![key, reason, at],
                )?;
                format!("finding {key} dismissed: {reason}")
            }
        };
        tx.execute("DELETE FROM review_action WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(Some(Undone { action, at, what }))
    }
}
