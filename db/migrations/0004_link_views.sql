-- 0004: links_explained over base tables, so looking links up by paragraph uses indexes
-- (the 0003 view joined the current_paragraph view, which SQLite could not index into).

CREATE INDEX paragraph_revision_hash ON paragraph (revision_id, hash);

DROP VIEW links_explained;
CREATE VIEW links_explained AS
SELECT l.id, l.status, l.score, l.shared,
       l.zh_doc, coalesce(zp.ordinal, l.zh_para) AS zh_para, zp.text AS zh_text,
       l.en_doc, coalesce(ep.ordinal, l.en_para) AS en_para, ep.text AS en_text,
       (zp.id IS NULL OR ep.id IS NULL) AS stale,
       l.evidence, l.note, l.created_at, l.decided_at, l.zh_hash, l.en_hash
FROM link l
JOIN document zd ON zd.id = l.zh_doc
LEFT JOIN paragraph zp ON zp.revision_id = zd.current_revision AND zp.hash = l.zh_hash
JOIN document ed ON ed.id = l.en_doc
LEFT JOIN paragraph ep ON ep.revision_id = ed.current_revision AND ep.hash = l.en_hash;
