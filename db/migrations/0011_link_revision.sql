-- 0011: every link has a revision, raised by each review action on it (confirm, reject, add
-- again, undo), so a reviewer's action names the revision it saw and one taken on an older
-- page (another tab, the command line meanwhile) is refused instead of silently overwriting.

ALTER TABLE link ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

DROP VIEW links_explained;
CREATE VIEW links_explained AS
SELECT l.id, l.status, l.score, l.shared,
       l.zh_doc, coalesce(zp.ordinal, l.zh_para) AS zh_para, zp.text AS zh_text,
       l.en_doc, coalesce(ep.ordinal, l.en_para) AS en_para, ep.text AS en_text,
       (zp.id IS NULL OR ep.id IS NULL) AS stale,
       l.evidence, l.note, l.created_at, l.decided_at, l.zh_hash, l.en_hash, l.revision
FROM link l
JOIN document zd ON zd.id = l.zh_doc
LEFT JOIN paragraph zp ON zp.revision_id = zd.current_revision AND zp.hash = l.zh_hash
JOIN document ed ON ed.id = l.en_doc
LEFT JOIN paragraph ep ON ep.revision_id = ed.current_revision AND ep.hash = l.en_hash;
