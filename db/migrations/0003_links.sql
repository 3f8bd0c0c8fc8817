-- 0003: links between Chinese and English paragraphs, and their review.
-- A link names its paragraphs by document and content hash, so a decision survives edits
-- elsewhere in a file; zh_para/en_para are the ordinals last seen. `align` replaces 'auto'
-- links and never touches the status of a human decision ('confirmed', 'rejected', 'manual').

CREATE TABLE link (
    id          INTEGER PRIMARY KEY,
    zh_doc      TEXT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    zh_hash     TEXT NOT NULL,
    zh_para     INTEGER NOT NULL,
    en_doc      TEXT NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    en_hash     TEXT NOT NULL,
    en_para     INTEGER NOT NULL,
    score       REAL,                       -- shared^(1+γ)/√(total_zh·total_en) (NULL: manual)
    shared      REAL,                       -- total weight of the shared anchors
    status      TEXT NOT NULL CHECK (status IN ('auto', 'confirmed', 'rejected', 'manual')),
    evidence    TEXT NOT NULL DEFAULT '[]', -- JSON: shared anchors with spans on both sides
    note        TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decided_at  TEXT,
    UNIQUE (zh_doc, zh_hash, en_doc, en_hash)
);
CREATE INDEX link_en ON link (en_doc, en_hash);

-- Links with their current paragraphs; `stale` when a linked paragraph's text has changed
-- (its hash is no longer in the document's current revision).
CREATE VIEW links_explained AS
SELECT l.id, l.status, l.score, l.shared,
       l.zh_doc, coalesce(zp.ordinal, l.zh_para) AS zh_para, zp.text AS zh_text,
       l.en_doc, coalesce(ep.ordinal, l.en_para) AS en_para, ep.text AS en_text,
       (zp.id IS NULL OR ep.id IS NULL) AS stale,
       l.evidence, l.note, l.created_at, l.decided_at
FROM link l
LEFT JOIN current_paragraph zp ON zp.document_id = l.zh_doc AND zp.hash = l.zh_hash
LEFT JOIN current_paragraph ep ON ep.document_id = l.en_doc AND ep.hash = l.en_hash;

-- Current text and Infobox paragraphs that no link (other than a rejected one) touches.
CREATE VIEW unaligned_paragraphs AS
SELECT p.document_id, p.lang, p.ordinal, p.section, p.kind, p.text
FROM current_paragraph p
WHERE p.kind IN ('text', 'infobox')
  AND NOT EXISTS (
      SELECT 1 FROM link l
      WHERE l.status <> 'rejected'
        AND ((l.zh_doc = p.document_id AND l.zh_hash = p.hash)
          OR (l.en_doc = p.document_id AND l.en_hash = p.hash)));
