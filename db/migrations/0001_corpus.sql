-- 0001: the corpus. Documents have revisions; a revision's paragraphs carry a content hash,
-- their identity across revisions (later tables key review decisions on document + hash).
-- Offsets are absolute in the source file: *_byte for slicing bytes, *_char for characters.

CREATE TABLE document (
    id               TEXT PRIMARY KEY,
    lang             TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'ja', 'ko')),
    format           TEXT NOT NULL CHECK (format IN ('markdown', 'wiki', 'plain')),
    title            TEXT NOT NULL,
    source           TEXT,
    licence          TEXT,
    path             TEXT NOT NULL,
    current_revision INTEGER REFERENCES revision (id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE revision (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    file_hash   TEXT NOT NULL,
    byte_len    INTEGER NOT NULL,
    char_len    INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (document_id, number)
);

CREATE TABLE section (
    revision_id INTEGER NOT NULL REFERENCES revision (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    level       INTEGER NOT NULL,
    title       TEXT NOT NULL,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    PRIMARY KEY (revision_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE paragraph (
    id          INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES revision (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,           -- 1-based: DOC:N on the command line
    section     INTEGER NOT NULL,           -- section.ordinal in the same revision
    kind        TEXT NOT NULL CHECK (kind IN ('heading', 'infobox', 'text', 'meta')),
    hash        TEXT NOT NULL,              -- BLAKE3-128 of raw, hex
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    raw         TEXT NOT NULL,              -- exactly the file's bytes start_byte..end_byte
    text        TEXT NOT NULL,              -- display text: link labels kept, markup removed
    offset_map  TEXT NOT NULL,              -- JSON [[display_byte, file_byte], ...] run starts
    UNIQUE (revision_id, ordinal)
);
CREATE INDEX paragraph_hash ON paragraph (hash);

CREATE TABLE sentence (
    paragraph_id INTEGER NOT NULL REFERENCES paragraph (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    start_byte   INTEGER NOT NULL,
    end_byte     INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (paragraph_id, ordinal)
) WITHOUT ROWID;

-- Wikilinks (label shown, target kept: it names an entity) and citation marks.
CREATE TABLE markup (
    paragraph_id INTEGER NOT NULL REFERENCES paragraph (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('link', 'citation')),
    label        TEXT NOT NULL,             -- link label, or the citation mark
    target       TEXT,                      -- link target as written
    page         TEXT,                      -- page title the target names
    text_start   INTEGER,                   -- link label within paragraph.text (bytes)
    text_end     INTEGER,
    start_byte   INTEGER NOT NULL,
    end_byte     INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    PRIMARY KEY (paragraph_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX markup_page ON markup (page) WHERE page IS NOT NULL;

CREATE TABLE infobox_field (
    paragraph_id INTEGER NOT NULL REFERENCES paragraph (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    start_byte   INTEGER NOT NULL,
    end_byte     INTEGER NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    PRIMARY KEY (paragraph_id, ordinal)
) WITHOUT ROWID;

-- The paragraphs of each document's current revision: what every later stage reads.
CREATE VIEW current_paragraph AS
SELECT d.id AS document_id, d.lang, p.*
FROM document d
JOIN paragraph p ON p.revision_id = d.current_revision;
