-- The review actions taken (link confirm/reject/add, finding dismiss/restore), newest last,
-- each with what it replaced, so `hanbridge undo` (and the workbench's undo) can put the
-- previous state back. `what` is JSON: see src/store/undo.rs.
CREATE TABLE review_action (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    kind TEXT NOT NULL,
    what TEXT NOT NULL
);
