-- canbo schema 1: organisation units with history, people, assignments,
-- audit log. (CHECK constraints use OR chains, not IN lists: SQLite 3.40
-- builds a temporary table for every IN list of three or more values on
-- every insert.) Dates are ISO 'YYYY-MM-DD' text; validity intervals are
-- [valid_from, valid_to) with valid_to NULL while open. Sort keys are ICU
-- 'vi' collation keys stored as blobs so SQLite and PostgreSQL order alike.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- A unit's identity. Its attributes over time live in unit_versions.
CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- Reorganisations (merge, split, dissolve, move, rename), each on a date.
CREATE TABLE unit_events (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind = 'create' OR kind = 'merge' OR kind = 'split' OR kind = 'dissolve' OR kind = 'move' OR kind = 'rename'),
  event_date  TEXT NOT NULL,
  decision_no TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL
);

-- Which units an event took from and gave to.
CREATE TABLE unit_event_units (
  event_id INTEGER NOT NULL REFERENCES unit_events(id),
  unit_id  INTEGER NOT NULL REFERENCES units(id),
  role     TEXT NOT NULL CHECK (role = 'from' OR role = 'to'),
  PRIMARY KEY (event_id, unit_id, role)
);

-- One row per period in which a unit had the same parent, name, kind and
-- sector. The tree on day D is the set of versions with
-- valid_from <= D < valid_to.
CREATE TABLE unit_versions (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  parent_id  INTEGER REFERENCES units(id),
  name       TEXT NOT NULL,
  name_fold  TEXT NOT NULL,
  name_key   BLOB NOT NULL,
  kind       TEXT NOT NULL,
  sector     TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to   TEXT,
  event_id   INTEGER REFERENCES unit_events(id),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX unit_versions_unit ON unit_versions(unit_id, valid_from);
CREATE INDEX unit_versions_parent ON unit_versions(parent_id, valid_from);
CREATE UNIQUE INDEX unit_versions_open ON unit_versions(unit_id) WHERE valid_to IS NULL;

-- The personnel record (Mẫu 2C-BNV/2008 subset). Enumerated fields hold
-- codes; app/vocab.c maps them to Vietnamese labels.
CREATE TABLE people (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  full_name      TEXT NOT NULL,
  name_fold      TEXT NOT NULL,
  name_key       BLOB NOT NULL,
  other_name     TEXT,
  birth_date     TEXT,
  gender         TEXT CHECK (gender = 'M' OR gender = 'F'),
  ethnicity      TEXT,
  religion       TEXT,
  birth_place    TEXT,
  home_town      TEXT,
  category       TEXT NOT NULL CHECK (category = 'CB' OR category = 'CC' OR category = 'VC' OR category = 'LDHD'),
  rank_name      TEXT,
  rank_code      TEXT,
  salary_step    INTEGER,
  salary_coef    INTEGER,         -- hundredths: 2.34 is 234
  salary_from    TEXT,
  degree         TEXT,
  major          TEXT,
  llct           TEXT,
  qlnn           TEXT,
  it_level       TEXT,
  language       TEXT,
  party_joined   TEXT,
  party_official TEXT,
  status         TEXT NOT NULL DEFAULT 'working'
                 CHECK (status = 'working' OR status = 'leave' OR status = 'seconded' OR status = 'retired' OR status = 'left'),
  status_from    TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX people_name_key ON people(name_key);
CREATE INDEX people_name_fold ON people(name_fold);

-- Posts held: the primary post, concurrent posts (kiêm nhiệm) and
-- secondments (biệt phái), each with its decision.
CREATE TABLE assignments (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES people(id),
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  kind         TEXT NOT NULL CHECK (kind = 'primary' OR kind = 'concurrent' OR kind = 'secondment'),
  position     TEXT NOT NULL,
  is_leader    INTEGER NOT NULL DEFAULT 0 CHECK (is_leader = 0 OR is_leader = 1),
  leader_level TEXT CHECK (leader_level = 'head' OR leader_level = 'deputy'),
  valid_from   TEXT NOT NULL,
  valid_to     TEXT,
  decision_no  TEXT,
  event_id     INTEGER REFERENCES unit_events(id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX assignments_person ON assignments(person_id, valid_from);
CREATE INDEX assignments_unit ON assignments(unit_id, valid_to);
CREATE UNIQUE INDEX assignments_one_primary ON assignments(person_id)
  WHERE kind = 'primary' AND valid_to IS NULL;

-- Append-only, hash-chained record of every change.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  source    TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT,
  before    TEXT,
  after     TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
