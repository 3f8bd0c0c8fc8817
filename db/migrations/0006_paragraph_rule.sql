-- 0006: how a revision's file was cut into paragraphs: the rule that separated them (blank
-- lines, one per line, indentation) and the bound on a paragraph's length in characters that
-- cut longer ones at sentence ends (0: none). Revisions imported before were cut by blank
-- lines with no bound.

ALTER TABLE revision ADD COLUMN paragraph_rule TEXT NOT NULL DEFAULT 'blank-line'
    CHECK (paragraph_rule IN ('blank-line', 'line', 'indent'));
ALTER TABLE revision ADD COLUMN unit_chars INTEGER NOT NULL DEFAULT 0;
