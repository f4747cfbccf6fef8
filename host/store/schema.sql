-- opora store, schema version 1. Migrations live in store/migrations.cpp; this file is the
-- reference of version 1 and is embedded into the binary at build time.
CREATE TABLE territories (
  id      TEXT PRIMARY KEY,          -- path id: federal, chelyabinsk, chelyabinsk/chebarkul
  name    TEXT NOT NULL,
  parent  TEXT REFERENCES territories(id),
  level   TEXT NOT NULL CHECK (level IN ('federal', 'region', 'municipality')),
  source  TEXT NOT NULL DEFAULT 'import'  -- 'package' when a Lua package defines it
);

CREATE TABLE schools (
  id        INTEGER PRIMARY KEY,
  login     TEXT NOT NULL UNIQUE,     -- ФИС ОКО login, e.g. sch740123
  name      TEXT NOT NULL,
  territory TEXT NOT NULL REFERENCES territories(id),
  kind      TEXT NOT NULL DEFAULT '',
  locality  TEXT NOT NULL DEFAULT '',
  students  INTEGER
);
CREATE INDEX schools_territory ON schools(territory);

-- One assessment work of a school. Clustered by school so a snapshot reads a school's rows in
-- one range scan.
CREATE TABLE results (
  school       INTEGER NOT NULL REFERENCES schools(id),
  year         INTEGER NOT NULL,
  procedure    TEXT NOT NULL,
  grade        INTEGER NOT NULL,
  subject      TEXT NOT NULL,
  participants INTEGER NOT NULL CHECK (participants >= 0),
  m2 INTEGER NOT NULL, m3 INTEGER NOT NULL, m4 INTEGER NOT NULL, m5 INTEGER NOT NULL,
  mean_score   REAL,
  PRIMARY KEY (school, year, procedure, grade, subject)
) WITHOUT ROWID;

CREATE TABLE student_results (
  school        INTEGER NOT NULL REFERENCES schools(id),
  year          INTEGER NOT NULL,
  procedure     TEXT NOT NULL,
  grade         INTEGER NOT NULL,
  subject       TEXT NOT NULL,
  student       TEXT NOT NULL,
  primary_score INTEGER NOT NULL,
  mark          INTEGER,
  PRIMARY KEY (school, year, procedure, grade, subject, student)
) WITHOUT ROWID;

-- Social context and anything a region adds without a schema change.
CREATE TABLE observations (
  school    INTEGER NOT NULL REFERENCES schools(id),
  year      INTEGER NOT NULL,
  indicator TEXT NOT NULL,
  value     REAL NOT NULL,
  PRIMARY KEY (school, indicator, year)
) WITHOUT ROWID;

-- Territory-level figures (e.g. teachers_total) that indicators divide by.
CREATE TABLE territory_observations (
  territory TEXT NOT NULL REFERENCES territories(id),
  year      INTEGER NOT NULL,
  indicator TEXT NOT NULL,
  value     REAL NOT NULL,
  PRIMARY KEY (territory, indicator, year)
) WITHOUT ROWID;

CREATE TABLE risk_profiles (
  school INTEGER NOT NULL REFERENCES schools(id),
  year   INTEGER NOT NULL,
  factor TEXT NOT NULL,
  level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),  -- 1 low, 2 medium, 3 high
  PRIMARY KEY (school, year, factor)
) WITHOUT ROWID;

CREATE TABLE identification_runs (
  id           INTEGER PRIMARY KEY,
  territory    TEXT NOT NULL REFERENCES territories(id),
  year         INTEGER NOT NULL,
  ruleset      TEXT NOT NULL,   -- JSON: every criterion, its origin and parameters
  ruleset_hash TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE verdicts (
  run         INTEGER NOT NULL REFERENCES identification_runs(id) ON DELETE CASCADE,
  school      INTEGER NOT NULL REFERENCES schools(id),
  criterion   TEXT NOT NULL,
  category    TEXT NOT NULL,
  flagged     INTEGER NOT NULL,
  score       REAL NOT NULL,
  explanation TEXT NOT NULL,
  PRIMARY KEY (run, school, criterion)
) WITHOUT ROWID;

CREATE TABLE people (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL,
  role      TEXT NOT NULL DEFAULT '',
  territory TEXT REFERENCES territories(id)
);

CREATE TABLE assignments (
  id     INTEGER PRIMARY KEY,
  person INTEGER NOT NULL REFERENCES people(id),
  school INTEGER REFERENCES schools(id),
  role   TEXT NOT NULL,               -- curator, coordinator, tutor_school, ...
  year   INTEGER NOT NULL
);

CREATE TABLE roadmaps (
  id           INTEGER PRIMARY KEY,
  territory    TEXT NOT NULL REFERENCES territories(id),
  year         INTEGER NOT NULL,
  template     TEXT NOT NULL,
  title        TEXT NOT NULL,
  order_number TEXT NOT NULL DEFAULT '',
  order_date   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  UNIQUE (territory, year)
);

CREATE TABLE activities (
  id          INTEGER PRIMARY KEY,
  roadmap     INTEGER NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  number      TEXT NOT NULL,
  section     TEXT NOT NULL DEFAULT '',
  title       TEXT NOT NULL,
  deadline    TEXT NOT NULL DEFAULT '',
  schedule    TEXT NOT NULL DEFAULT '{}',   -- JSON of the parsed schedule
  responsible TEXT NOT NULL DEFAULT '',
  scope       TEXT NOT NULL DEFAULT 'territory',
  category    TEXT NOT NULL DEFAULT '',
  indicator   TEXT NOT NULL DEFAULT '',
  columns     TEXT NOT NULL DEFAULT '{}'    -- JSON: the document's own result columns
);

CREATE TABLE occurrences (
  id         INTEGER PRIMARY KEY,
  activity   INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  school     INTEGER REFERENCES schools(id),
  seq        INTEGER NOT NULL,
  due_start  TEXT NOT NULL DEFAULT '',
  due_end    TEXT NOT NULL DEFAULT '',     -- '' for open-ended (event-driven, external schedule)
  kind       TEXT NOT NULL                 -- dated | window | open
);
CREATE INDEX occurrences_activity ON occurrences(activity);

-- Append-only: a correction is a new row that supersedes an old one; an undo is a row with
-- action 'undo'. The current state of an occurrence is computed, never stored over.
CREATE TABLE progress (
  id          INTEGER PRIMARY KEY,
  occurrence  INTEGER NOT NULL REFERENCES occurrences(id),
  action      TEXT NOT NULL CHECK (action IN ('record', 'correct', 'undo')),
  supersedes  INTEGER REFERENCES progress(id),
  status      TEXT CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  date        TEXT,
  evidence    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  who         TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX progress_occurrence ON progress(occurrence);

CREATE TABLE participation (
  id          INTEGER PRIMARY KEY,
  activity    INTEGER NOT NULL REFERENCES activities(id),
  school      INTEGER REFERENCES schools(id),
  person      TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL DEFAULT '',
  date        TEXT NOT NULL,
  retracted   INTEGER NOT NULL DEFAULT 0,
  who         TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);

-- Every update or delete of user data leaves its old value here (filled by triggers).
CREATE TABLE history (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  table_name TEXT NOT NULL,
  row_key    TEXT NOT NULL,
  action     TEXT NOT NULL,   -- update | delete
  old_value  TEXT NOT NULL    -- JSON of the row before the change
);
