-- Findings a translator dismissed, with the reason: keyed by the finding's stable key (its
-- category, document, paragraph content hash, the text found and what was expected), so a
-- dismissal survives re-import, re-alignment and renumbering of the paragraphs around it.
CREATE TABLE finding_dismissal (
    key TEXT PRIMARY KEY,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    dismissed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
