//! Dismissed findings: a translator's "this finding is fine" with the reason, kept across runs.

use super::{Result, Store};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// A dismissal: why and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dismissal {
    /// The reason given.
    pub reason: String,
    /// When (UTC, ISO 8601).
    pub at: String,
}

impl Store {
    /// Dismisses the finding with `key` (see [`crate::check::Finding::key`]) for `reason`, in
    /// one transaction; dismissing it again replaces the reason. Returns the dismissal it
    /// replaced, if any.
    pub fn dismiss_finding(&mut self, key: &str, reason: &str) -> Result<Option<Dismissal>> {
        let tx = self.begin_write("finding dismiss")?;
        let before = dismissal(&tx, key)?;
        tx.execute(
            "INSERT INTO finding_dismissal (key, reason) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET reason = excluded.reason,
                 dismissed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            params![key, reason.trim()],
        )?;
        record_finding(&tx, "finding dismiss", key, &before)?;
        tx.commit()?;
        Ok(before)
    }

    /// Takes the dismissal of `key` back, in one transaction; returns it (`None`: there was
    /// none).
    pub fn restore_finding(&mut self, key: &str) -> Result<Option<Dismissal>> {
        let tx = self.begin_write("finding restore")?;
        let before = dismissal(&tx, key)?;
        tx.execute("DELETE FROM finding_dismissal WHERE key = ?1", params![key])?;
        if before.is_some() {
            record_finding(&tx, "finding restore", key, &before)?;
        }
        tx.commit()?;
        Ok(before)
    }

    /// Every dismissal, by finding key.
    pub fn dismissals(&self) -> Result<HashMap<String, Dismissal>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, reason, dismissed_at FROM finding_dismissal")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Dismissal {
                    reason: r.get(1)?,
                    at: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn dismissal(conn: &rusqlite::Connection, key: &str) -> Result<Option<Dismissal>> {
    Ok(conn
        .query_row(
            "SELECT reason, dismissed_at FROM finding_dismissal WHERE key = ?1",
            params![key],
            |r| {
                Ok(Dismissal {
                    reason: r.get(0)?,
                    at: r.get(1)?,
                })
            },
        )
        .optional()?)
}

fn record_finding(
    tx: &rusqlite::Transaction<'_>,
    action: &str,
    key: &str,
    before: &Option<Dismissal>,
) -> Result<()> {
    super::undo::record(
        tx,
        action,
        &super::undo::Before::Finding {
            key: key.to_string(),
            before: before.as_ref().map(|d| (d.reason.clone(), d.at.clone())),
        },
    )
}
