-- 0002: the glossary, loaded from glossary/*.csv (the files are the source of truth; these
-- tables are replaced on every load). Every form of every entry is indexed by its folded key.

CREATE TABLE glossary_entry (
    id      TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    origin  TEXT NOT NULL,
    side    TEXT,
    label   TEXT NOT NULL,              -- preferred English form
    note    TEXT NOT NULL,
    data    TEXT NOT NULL               -- the whole entry as JSON
);

CREATE TABLE glossary_form (
    entry_id    TEXT NOT NULL REFERENCES glossary_entry (id) ON DELETE CASCADE,
    column_name TEXT NOT NULL,          -- zh_hant, pinyin, ko_rr, … or ja_kanji
    form        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('preferred', 'accepted', 'variant', 'alias', 'error')),
    folded      TEXT NOT NULL,          -- lookup key: no case, marks, spaces; simplified Han
    PRIMARY KEY (entry_id, column_name, form)
) WITHOUT ROWID;
CREATE INDEX glossary_form_folded ON glossary_form (folded);
