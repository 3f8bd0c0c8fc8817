//! Glossary tables: replacing the loaded glossary, reading it back.

use super::{Result, Store, StoreError};
use crate::glossary::fold::fold;
use crate::glossary::{Entry, Glossary};
use rusqlite::params;

impl Store {
    /// Replaces the stored glossary with `glossary`, in one transaction. Returns the number of
    /// forms stored.
    pub fn load_glossary(&mut self, glossary: &Glossary) -> Result<usize> {
        self.load_glossary_version(glossary, None)
    }

    /// As [`Store::load_glossary`], recording the version of the files it came from (see
    /// [`Store::glossary_version`]).
    pub fn load_glossary_version(
        &mut self,
        glossary: &Glossary,
        version: Option<&str>,
    ) -> Result<usize> {
        let tx = self.begin_write("glossary load")?;
        tx.execute("DELETE FROM glossary_entry", [])?;
        tx.execute("DELETE FROM glossary_version", [])?;
        if let Some(v) = version {
            tx.execute("INSERT INTO glossary_version (version) VALUES (?1)", [v])?;
        }
        let mut forms = 0;
        {
            let mut entry = tx.prepare_cached(
                "INSERT INTO glossary_entry (id, kind, origin, side, label, note, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut form = tx.prepare_cached(
                "INSERT OR IGNORE INTO glossary_form (entry_id, column_name, form, status, folded)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for e in &glossary.entries {
                let data = serde_json::to_string(e).map_err(|source| StoreError::Json {
                    column: "glossary_entry.data",
                    source,
                })?;
                entry.execute(params![
                    e.id,
                    e.kind.as_str(),
                    e.origin.as_str(),
                    e.side.map(|s| s.as_str()),
                    e.label(),
                    e.note,
                    data
                ])?;
                for (column, text, status) in e.forms() {
                    forms += form.execute(params![
                        e.id,
                        column.as_str(),
                        text,
                        status.as_str(),
                        fold(text)
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(forms)
    }

    /// The version of the glossary files loaded last, if it was recorded.
    pub fn glossary_version(&self) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT version FROM glossary_version LIMIT 1")?;
        let mut rows = stmt.query([])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    /// How many entries and forms the stored glossary has.
    pub fn glossary_counts(&self) -> Result<(usize, usize)> {
        let count = |sql: &str| -> Result<usize> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as usize)
        };
        Ok((
            count("SELECT count(*) FROM glossary_entry")?,
            count("SELECT count(*) FROM glossary_form")?,
        ))
    }

    /// The stored glossary, sorted by id.
    pub fn glossary(&self) -> Result<Glossary> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM glossary_entry ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut entries = Vec::new();
        for data in rows {
            let entry: Entry = serde_json::from_str(&data?).map_err(|source| StoreError::Json {
                column: "glossary_entry.data",
                source,
            })?;
            entries.push(entry);
        }
        Ok(Glossary { entries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::HEADER;
    use crate::glossary::io::load_sources;

    #[test]
    fn glossary_round_trips_and_reload_replaces() {
        let text = format!(
            "{}\nli-rusong,person,zh,ming,李如松,李如松,Lǐ Rúsōng,이여송,Yi Yeo-song,Yi Yŏsong,,,Li Rusong,accepted:en:Li Ju-sung,\n",
            HEADER.join(",")
        );
        let g = load_sources(vec![("g.csv".into(), text.into_bytes())])
            .expect("valid")
            .glossary;
        let mut store = Store::open_in_memory().expect("open");
        let forms = store.load_glossary(&g).expect("load");
        assert_eq!(forms, 8, "7 column values and 1 alias");
        assert_eq!(store.glossary().expect("read"), g);
        store.load_glossary(&g).expect("reload");
        let n: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM glossary_form", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 8);
    }
}
