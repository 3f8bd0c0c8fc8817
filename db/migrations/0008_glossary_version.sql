-- The version of the glossary files last loaded (a blake3 key of their bytes and of the derive
-- rules, as named by the name authority cache beside the database): `run` skips reloading a
-- glossary the store already holds. At most one row; every load replaces it.
CREATE TABLE glossary_version (
    version TEXT NOT NULL
);
