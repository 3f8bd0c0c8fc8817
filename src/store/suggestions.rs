//! Glossary suggestions: what `glossary suggest` proposed and what the translator decided.

use super::{Result, Store, StoreError};
use crate::glossary::suggest::Suggestion;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionStatus {
    /// Proposed, not yet decided.
    Open,
    /// Written into the glossary.
    Accepted,
    /// Never to be proposed again.
    Rejected,
}

impl SuggestionStatus {
    /// The name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Open => "open",
            SuggestionStatus::Accepted => "accepted",
            SuggestionStatus::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> SuggestionStatus {
        match s {
            "accepted" => SuggestionStatus::Accepted,
            "rejected" => SuggestionStatus::Rejected,
            _ => SuggestionStatus::Open,
        }
    }
}

/// A stored suggestion with its status.
#[derive(Debug, Clone)]
pub struct SuggestionRow {
    /// The suggestion as proposed.
    pub suggestion: Suggestion,
    /// What was decided.
    pub status: SuggestionStatus,
}

fn json_err(column: &'static str) -> impl Fn(serde_json::Error) -> StoreError {
    move |source| StoreError::Json { column, source }
}

impl Store {
    /// Stores freshly computed suggestions, in one transaction: new ones as open, open ones
    /// updated; decided ones keep their status and content.
    pub fn save_suggestions(&mut self, suggestions: &[Suggestion]) -> Result<()> {
        let tx = self.begin_write("glossary suggest")?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO glossary_suggestion (id, zh_hant, en, confidence, entry, evidence)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET confidence = excluded.confidence,
                     entry = excluded.entry, evidence = excluded.evidence
                 WHERE status = 'open'",
            )?;
            for s in suggestions {
                let entry = serde_json::to_string(s).map_err(json_err("glossary_suggestion"))?;
                let evidence = serde_json::to_string(&s.evidence)
                    .map_err(json_err("glossary_suggestion.evidence"))?;
                stmt.execute(params![
                    s.id,
                    s.entry.zh_hant.first().map(String::as_str).unwrap_or(""),
                    s.entry.en.first().map(String::as_str).unwrap_or(""),
                    s.confidence,
                    entry,
                    evidence
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The status of every stored suggestion, by id.
    pub fn suggestion_statuses(&self) -> Result<HashMap<String, SuggestionStatus>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, status FROM glossary_suggestion")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, status) = row?;
            out.insert(id, SuggestionStatus::parse(&status));
        }
        Ok(out)
    }

    /// One stored suggestion.
    pub fn suggestion(&self, id: &str) -> Result<Option<SuggestionRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT entry, status FROM glossary_suggestion WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        let Some((data, status)) = row else {
            return Ok(None);
        };
        let suggestion: Suggestion =
            serde_json::from_str(&data).map_err(json_err("glossary_suggestion.entry"))?;
        Ok(Some(SuggestionRow {
            suggestion,
            status: SuggestionStatus::parse(&status),
        }))
    }

    /// The suggestions not yet decided, surest first.
    pub fn open_suggestions(&self) -> Result<Vec<Suggestion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entry FROM glossary_suggestion WHERE status = 'open'
             ORDER BY confidence DESC, id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(serde_json::from_str(&row?).map_err(json_err("glossary_suggestion.entry"))?);
        }
        Ok(out)
    }

    /// Records a decision on suggestions, in one transaction.
    pub fn decide_suggestions(&mut self, ids: &[String], status: SuggestionStatus) -> Result<()> {
        let tx = self.begin_write("glossary suggest")?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE glossary_suggestion SET status = ?2, decided_at = datetime('now')
                 WHERE id = ?1",
            )?;
            for id in ids {
                stmt.execute(params![id, status.as_str()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
