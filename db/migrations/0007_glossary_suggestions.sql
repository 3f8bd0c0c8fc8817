-- Glossary entries proposed by `hanbridge glossary suggest`, and what the translator decided.
-- A suggestion's id is stable (a hash of its traditional Chinese form and the name's origin), so a
-- rejected one is never proposed again and an accepted one is not proposed twice.
CREATE TABLE glossary_suggestion (
    id         TEXT PRIMARY KEY,
    zh_hant    TEXT NOT NULL,
    en         TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
    confidence REAL NOT NULL,
    -- The whole suggestion (entry with every form, evidence, confidence) as JSON, and its
    -- evidence alone for readers with the sqlite3 CLI.
    entry      TEXT NOT NULL,
    evidence   TEXT NOT NULL,
    decided_at TEXT
);
