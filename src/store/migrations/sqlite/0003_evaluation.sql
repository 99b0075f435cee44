-- canbo schema 3: the monthly evaluation and the year (issue 3; rules in
-- docs/rules.md, workflow in docs/evaluation.md).
--
-- Points are integers in centipoints (89,99 points = 8999); coefficients in
-- hundredths (1,50 = 150). Dates are ISO 'YYYY-MM-DD' text, timestamps ISO
-- 8601 UTC; intervals are [from, to) with to NULL while open. CHECK
-- constraints use OR chains, not IN lists (SQLite 3.40 builds a temporary
-- table for every IN list on every insert). The two child tables written in
-- bulk (scores, steps) are WITHOUT ROWID tables clustered on their evaluation:
-- on PostgreSQL drop that clause, the rest is portable.

-- A month opened for a unit and everything under it.
CREATE TABLE periods (
  id        INTEGER PRIMARY KEY,
  unit_id   INTEGER NOT NULL REFERENCES units(id),   -- root of the subtree
  kind      TEXT NOT NULL DEFAULT 'month' CHECK (kind = 'month'),
  year      INTEGER NOT NULL CHECK (year >= 2000 AND year <= 2200),
  month     INTEGER NOT NULL CHECK (month >= 1 AND month <= 12),
  starts    TEXT NOT NULL,                           -- first day
  ends      TEXT NOT NULL,                           -- first day after
  status    TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'closed'),
  opened_at TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (unit_id, kind, year, month),
  CHECK (ends > starts)
);

-- One person's evaluation for one month. The framework version it was made
-- under is kept for ever (framework versions are immutable), so the totals
-- recompute identically. `version` counts writes: every update says
-- WHERE id = ? AND version = ? (optimistic concurrency). The unit, post,
-- reviewer and decider are a snapshot of the month and carry no foreign key
-- (units and people are never deleted; a check per row would cost a B-tree
-- look-up each on the bulk path of 200,000 evaluations).
CREATE TABLE evaluations (
  id                   INTEGER PRIMARY KEY,
  period_id            INTEGER NOT NULL REFERENCES periods(id),
  person_id            INTEGER NOT NULL REFERENCES people(id),
  year                 INTEGER NOT NULL,
  month                INTEGER NOT NULL,
  unit_id              INTEGER NOT NULL,     -- of the primary post (snapshot)
  assignment_id        INTEGER,              -- the post (snapshot)
  position             TEXT,
  framework_version_id INTEGER NOT NULL REFERENCES framework_versions(id),
  category             TEXT NOT NULL CHECK (category = 'CB' OR category = 'CC' OR category = 'VC' OR category = 'LDHD'),
  is_leader            INTEGER NOT NULL DEFAULT 0 CHECK (is_leader = 0 OR is_leader = 1),
  leader_level         TEXT CHECK (leader_level = 'head' OR leader_level = 'deputy'),
  group_code           TEXT,             -- group of similar tasks (quota), NULL = none
  reviewer_id          INTEGER,              -- a person (snapshot)
  decider_id           INTEGER,              -- a person (snapshot)
  status               TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status = 'pending' OR status = 'self_assessed' OR status = 'reviewed' OR status = 'decided' OR status = 'published' OR status = 'locked'),
  self_total           INTEGER,
  review_total         INTEGER,
  final_total          INTEGER,
  candidate            INTEGER NOT NULL DEFAULT 0 CHECK (candidate = 0 OR candidate = 1),
  top_granted          INTEGER NOT NULL DEFAULT 0 CHECK (top_granted = 0 OR top_granted = 1),
  grade_band           INTEGER,
  grade_code           TEXT,
  grade_label          TEXT,
  grade_reason         TEXT,             -- the disqualifier's reason, or the quota's
  decision_reason      TEXT,
  days_in_post         INTEGER NOT NULL CHECK (days_in_post >= 0 AND days_in_post <= 31),
  days_in_month        INTEGER NOT NULL CHECK (days_in_month >= 28 AND days_in_month <= 31),
  membership           TEXT,             -- joined / left / moved during the month
  late                 INTEGER NOT NULL DEFAULT 0, -- 1 self, 2 review, 4 decision done late
  objection_until      TEXT,             -- last day to object (ISO date), once published
  version              INTEGER NOT NULL DEFAULT 1,
  updated_at           TEXT NOT NULL,    -- who did what when: evaluation_steps
  UNIQUE (period_id, person_id),
  UNIQUE (person_id, year, month)
);

-- Criterion scores: the person's (self), the reviewer's changes (review:
-- only the criteria changed, each with its reason) and the final changes
-- (final: computed criteria refreshed at the decision, changes made when
-- answering an objection). The scores in force are self, overlaid by
-- review, overlaid by final.
CREATE TABLE evaluation_scores (
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  step          TEXT NOT NULL CHECK (step = 'self' OR step = 'review' OR step = 'final'),
  criterion     TEXT NOT NULL,
  points        INTEGER NOT NULL CHECK (points >= 0),
  reason        TEXT,
  PRIMARY KEY (evaluation_id, step, criterion)
) WITHOUT ROWID;

-- Every step taken on an evaluation, in order (seq = the evaluation's
-- version after the step): who, when, the deadline and whether it was late.
CREATE TABLE evaluation_steps (
  evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id),
  seq             INTEGER NOT NULL,
  step            TEXT NOT NULL
                  CHECK (step = 'self' OR step = 'review' OR step = 'decide' OR step = 'publish' OR step = 'object' OR step = 'answer' OR step = 'lock' OR step = 'reopen'),
  actor           TEXT NOT NULL,
  actor_person_id INTEGER,                  -- a person (snapshot)
  at              TEXT NOT NULL,
  due             TEXT,
  late            INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR late = 1),
  reason          TEXT,
  PRIMARY KEY (evaluation_id, seq)
) WITHOUT ROWID;

-- Objections (kiến nghị) after publication, and the head's answers.
CREATE TABLE objections (
  id            INTEGER PRIMARY KEY,
  evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
  person_id     INTEGER NOT NULL REFERENCES people(id),
  reason        TEXT NOT NULL,
  at            TEXT NOT NULL,
  answer        TEXT,
  answered_at   TEXT,
  answered_by   INTEGER REFERENCES people(id),
  outcome       TEXT CHECK (outcome = 'kept' OR outcome = 'changed')
);
CREATE INDEX objections_evaluation ON objections(evaluation_id);

-- The catalogue of work products of a job position, with conversion
-- coefficients (hệ số quy đổi); unit NULL = every unit.
CREATE TABLE work_products (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER REFERENCES units(id),
  position      TEXT NOT NULL,
  position_fold TEXT NOT NULL,
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  coef          INTEGER NOT NULL CHECK (coef > 0 AND coef <= 100000),
  created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX work_products_code ON work_products(COALESCE(unit_id, 0), code);

-- Tasks of a month: assigned, completed, reviewed, waived.
CREATE TABLE tasks (
  id             INTEGER PRIMARY KEY,
  evaluation_id  INTEGER NOT NULL REFERENCES evaluations(id),
  product_id     INTEGER REFERENCES work_products(id),
  title          TEXT NOT NULL,
  coef           INTEGER NOT NULL CHECK (coef > 0 AND coef <= 100000),
  assigned_by    INTEGER REFERENCES people(id),
  assigned_at    TEXT NOT NULL,
  deadline       TEXT NOT NULL,
  completed_at   TEXT,
  passed         INTEGER CHECK (passed IS NULL OR passed = 0 OR passed = 1),
  reviews_failed INTEGER NOT NULL DEFAULT 0 CHECK (reviews_failed >= 0),
  reviews_waived INTEGER NOT NULL DEFAULT 0 CHECK (reviews_waived >= 0 AND reviews_waived <= reviews_failed),
  delays         INTEGER NOT NULL DEFAULT 0 CHECK (delays >= 0),
  delays_waived  INTEGER NOT NULL DEFAULT 0 CHECK (delays_waived >= 0 AND delays_waived <= delays),
  waiver_reason  TEXT,
  waived_by      INTEGER REFERENCES people(id),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX tasks_evaluation ON tasks(evaluation_id);
CREATE INDEX tasks_assigned_by ON tasks(assigned_by);

-- Discipline (kỷ luật): decided, or pending (being considered).
CREATE TABLE discipline (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  decided     TEXT NOT NULL,
  level       TEXT NOT NULL
              CHECK (level = 'reprimand' OR level = 'warning' OR level = 'salary_demotion' OR level = 'demotion' OR level = 'removal' OR level = 'dismissal'),
  decision_no TEXT,
  pending     INTEGER NOT NULL DEFAULT 0 CHECK (pending = 0 OR pending = 1),
  note        TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX discipline_person ON discipline(person_id, decided);

-- Facts about a person over an interval that the rules need: maternity
-- leave, pregnancy, raising a child under 36 months (protections), a
-- conclusion of political or moral degradation, corruption or waste
-- handled in a unit the person (a leader) directly manages (disqualifiers).
CREATE TABLE person_flags (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES people(id),
  kind       TEXT NOT NULL
             CHECK (kind = 'maternity' OR kind = 'pregnant' OR kind = 'child_under_36m' OR kind = 'degraded' OR kind = 'unit_corruption'),
  valid_from TEXT NOT NULL,
  valid_to   TEXT,
  note       TEXT,
  created_at TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX person_flags_person ON person_flags(person_id, valid_from);

-- The year's classification per person (re-computed by `annual run`).
CREATE TABLE annual_results (
  id               INTEGER PRIMARY KEY,
  year             INTEGER NOT NULL,
  person_id        INTEGER NOT NULL REFERENCES people(id),
  unit_id          INTEGER,              -- of the latest month (snapshot)
  decider_id       INTEGER,              -- of the latest month (snapshot)
  months_counted   INTEGER NOT NULL,
  months_absent    INTEGER NOT NULL DEFAULT 0,
  days_absent      INTEGER NOT NULL DEFAULT 0,
  maternity_months INTEGER NOT NULL DEFAULT 0,
  mean_total       INTEGER,
  by_score         TEXT,
  grade            TEXT NOT NULL CHECK (grade = 'HTXS' OR grade = 'HTT' OR grade = 'HT' OR grade = 'KHT' OR grade = 'CXL'),
  top_granted      INTEGER NOT NULL DEFAULT 0,
  reason           TEXT,
  consequences     TEXT,
  computed_at      TEXT NOT NULL,
  UNIQUE (year, person_id)
);
