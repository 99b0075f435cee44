-- Sign-in for the web server: users linked to people, with a role and an
-- organisation scope; sessions and API tokens are stored hashed (SHA-256 of
-- the secret the client holds), never in clear.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  pass_hash     TEXT NOT NULL,           -- argon2id (libsodium crypto_pwhash_str)
  person_id     BIGINT REFERENCES people(id),
  role          TEXT NOT NULL CHECK (role = 'staff' OR role = 'reviewer' OR role = 'head' OR role = 'hr' OR role = 'viewer' OR role = 'admin'),
  scope_unit_id BIGINT REFERENCES units(id),  -- NULL: the whole tree
  must_change   INTEGER NOT NULL DEFAULT 1,   -- initial password: change at first sign-in
  disabled      INTEGER NOT NULL DEFAULT 0,
  failed_count  INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX users_person ON users(person_id);

CREATE TABLE sessions (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seen_at    TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  source     TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id    BIGINT NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  read_only  INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  last_used  TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Long work started over the API (imports, opening a period): progress the
-- client polls.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  user_id     BIGINT REFERENCES users(id),
  state       TEXT NOT NULL CHECK (state = 'queued' OR state = 'running' OR state = 'done' OR state = 'failed'),
  done_count  BIGINT NOT NULL DEFAULT 0,
  total_count BIGINT NOT NULL DEFAULT 0,
  message     TEXT,
  result      TEXT,                      -- JSON
  created_at  TEXT NOT NULL,
  finished_at TEXT
);
