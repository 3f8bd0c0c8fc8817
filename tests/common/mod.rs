//! Helpers shared by the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The project root (where `seeds/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seeds directory.
pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// The `hanbridge` binary with `--db` set and the environment cleaned.
pub fn hanbridge(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("hanbridge").expect("binary");
    cmd.env_remove("HANBRIDGE_DB").arg("--db").arg(db);
    cmd
}

/// Every row of every table, and the schema version: equal dumps mean an unchanged database.
pub fn dump(db: &Path) -> String {
    if !db.exists() {
        return "<no database>".into();
    }
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut out = String::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    out.push_str(&format!("user_version {version}\n"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for table in tables {
        out.push_str(&format!("== {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get_ref(i).expect("cell")))
                .collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}
