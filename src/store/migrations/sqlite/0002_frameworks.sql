-- canbo schema 2: criteria frameworks as immutable, versioned data, and the
-- settings each locality chooses (DOMAIN.md marks them configurable).
-- (CHECK constraints use OR chains, not IN lists: see 0001.)

-- One row per stored version of a framework. A row is never updated: a
-- change is a new row with the same code and version + 1, and evaluations
-- keep the id of the row they were made under. json holds the whole
-- framework (docs/frameworks.md); the other columns repeat what selection
-- needs so it runs in SQL. effective_to is exclusive like every interval
-- in this schema ([effective_from, effective_to), NULL while open), while
-- the JSON gives the last day in force. categories is a comma list of
-- CB, CC, VC, LDHD; roles a comma list of leader, staff. unit_id is the
-- unit owning a derived framework (NULL for system-wide frameworks, built
-- in or imported); parent_id the version it was derived from.
CREATE TABLE framework_versions (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL,
  version        INTEGER NOT NULL CHECK (version >= 1),
  name           TEXT NOT NULL,
  legal_basis    TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to   TEXT,
  categories     TEXT NOT NULL,
  roles          TEXT NOT NULL,
  unit_id        INTEGER REFERENCES units(id),
  parent_id      INTEGER REFERENCES framework_versions(id),
  builtin        INTEGER NOT NULL DEFAULT 0 CHECK (builtin = 0 OR builtin = 1),
  json           TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  UNIQUE (code, version),
  CHECK (effective_to IS NULL OR effective_to > effective_from),
  CHECK (builtin = 0 OR unit_id IS NULL)
);
CREATE INDEX framework_versions_unit ON framework_versions(unit_id, effective_from);

-- Settings: one value per key, system-wide (unit_id NULL) or for a unit
-- and the units below it. A unique index cannot see two NULLs as equal, so
-- system-wide rows get their own partial index (works in PostgreSQL too).
CREATE TABLE settings (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER REFERENCES units(id),
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX settings_unit_key ON settings(unit_id, key) WHERE unit_id IS NOT NULL;
CREATE UNIQUE INDEX settings_system_key ON settings(key) WHERE unit_id IS NULL;
