-- 0005: the (revision, hash) index also holds the ordinal, so resolving a link's paragraphs
-- (links_explained without the texts) reads only this index, never the paragraph rows with
-- their text. At a whole-wiki corpus the index fits in the page cache and the table does not.

DROP INDEX paragraph_revision_hash;
CREATE INDEX paragraph_revision_hash ON paragraph (revision_id, hash, ordinal);
