-- summary-en: the whole programme: organisations, people, themes, action points, progress updates, interviews, money, events and the audit log
-- summary-nl: het hele programma: organisaties, mensen, thema's, actiepunten, voortgang, interviews, geld, activiteiten en het logboek van wijzigingen
-- 0001: the whole LIA domain (see README.md and docs/).
-- Portable SQL: runs on SQLite and PostgreSQL. Enumerations are TEXT with CHECK
-- constraints (their codes are stable API values; labels come from translations).
-- Money is always integer cents. Dates are ISO 8601 text (YYYY-MM-DD), times are
-- UTC ISO 8601 text (YYYY-MM-DDTHH:MM:SSZ).

CREATE TABLE organisation (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('municipality', 'partner', 'national')),
  name          TEXT NOT NULL,
  cbs_code      TEXT UNIQUE,            -- e.g. GM0268, municipalities only
  website       TEXT,
  description   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE programme (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  title           TEXT NOT NULL,
  subtitle        TEXT NOT NULL DEFAULT '',
  start_year      INTEGER NOT NULL,
  end_year        INTEGER NOT NULL CHECK (end_year >= start_year),
  adopted_on      TEXT,
  lia_phase       TEXT NOT NULL CHECK (lia_phase IN ('niet_gestart', 'in_ontwikkeling', 'vastgesteld', 'in_uitvoering')),
  description     TEXT NOT NULL DEFAULT '',
  is_example      INTEGER NOT NULL DEFAULT 0 CHECK (is_example IN (0, 1))
);

CREATE TABLE crpd_article (
  number     INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 50),
  title_nl   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  nl_checked INTEGER NOT NULL DEFAULT 0 CHECK (nl_checked IN (0, 1))
);

CREATE TABLE theme (
  id             INTEGER PRIMARY KEY,
  programme_id   INTEGER NOT NULL REFERENCES programme(id),
  position       INTEGER NOT NULL,
  slug           TEXT NOT NULL,
  name_nl        TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  description_nl TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  UNIQUE (programme_id, slug)
);

CREATE TABLE theme_article (
  theme_id       INTEGER NOT NULL REFERENCES theme(id),
  article_number INTEGER NOT NULL REFERENCES crpd_article(number),
  PRIMARY KEY (theme_id, article_number)
);

-- A person is anyone lia knows about: project group members, dossier holders,
-- experience experts, interviewers. Contact details and communication needs
-- are never public; communication needs are stored only with recorded consent.
CREATE TABLE person (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  organisation_id      INTEGER REFERENCES organisation(id),
  job_title            TEXT NOT NULL DEFAULT '',
  email                TEXT,
  phone                TEXT,
  is_municipal         INTEGER NOT NULL DEFAULT 0 CHECK (is_municipal IN (0, 1)),
  is_experience_expert INTEGER NOT NULL DEFAULT 0 CHECK (is_experience_expert IN (0, 1)),
  communication_needs  TEXT,
  consent_recorded_on  TEXT,
  CHECK (communication_needs IS NULL OR consent_recorded_on IS NOT NULL)
);

CREATE TABLE project_member (
  programme_id INTEGER NOT NULL REFERENCES programme(id),
  person_id    INTEGER NOT NULL REFERENCES person(id),
  role         TEXT NOT NULL CHECK (role IN ('voorzitter', 'coordinator', 'lid', 'secretaris')),
  since        TEXT,
  PRIMARY KEY (programme_id, person_id)
);

CREATE TABLE user_account (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER REFERENCES person(id),
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  role          TEXT NOT NULL CHECK (role IN ('coordinator', 'project_member', 'dossier_holder', 'reader')),
  created_at    TEXT NOT NULL,
  disabled_at   TEXT
);

CREATE TABLE action_point (
  id                INTEGER PRIMARY KEY,
  theme_id          INTEGER NOT NULL REFERENCES theme(id),
  code              TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  description       TEXT NOT NULL DEFAULT '',
  dossier_holder_id INTEGER REFERENCES person(id),
  starts_on         TEXT,
  due_on            TEXT,
  created_at        TEXT NOT NULL,
  CHECK (due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on)
);
CREATE INDEX action_point_theme ON action_point(theme_id);

CREATE TABLE action_partner (
  action_point_id INTEGER NOT NULL REFERENCES action_point(id),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (action_point_id, organisation_id)
);

CREATE TABLE action_article (
  action_point_id INTEGER NOT NULL REFERENCES action_point(id),
  article_number  INTEGER NOT NULL REFERENCES crpd_article(number),
  PRIMARY KEY (action_point_id, article_number)
);

CREATE TABLE reporting_period (
  id           INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programme(id),
  seq          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  starts_on    TEXT NOT NULL,
  ends_on      TEXT NOT NULL CHECK (ends_on >= starts_on),
  state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'published')),
  published_at TEXT,
  UNIQUE (programme_id, seq),
  CHECK ((state = 'published') = (published_at IS NOT NULL))
);

CREATE TABLE interview (
  id               INTEGER PRIMARY KEY,
  programme_id     INTEGER NOT NULL REFERENCES programme(id),
  theme_id         INTEGER NOT NULL REFERENCES theme(id),
  period_id        INTEGER REFERENCES reporting_period(id),
  held_on          TEXT NOT NULL,
  public_summary   TEXT NOT NULL DEFAULT '',
  restricted_notes TEXT NOT NULL DEFAULT '',   -- may hold health data: never public
  created_at       TEXT NOT NULL
);

CREATE TABLE interview_participant (
  interview_id INTEGER NOT NULL REFERENCES interview(id),
  person_id    INTEGER NOT NULL REFERENCES person(id),
  role         TEXT NOT NULL CHECK (role IN ('interviewer_municipal', 'interviewer_expert', 'dossier_holder')),
  PRIMARY KEY (interview_id, person_id, role)
);

CREATE TABLE interview_action (
  interview_id    INTEGER NOT NULL REFERENCES interview(id),
  action_point_id INTEGER NOT NULL REFERENCES action_point(id),
  PRIMARY KEY (interview_id, action_point_id)
);

-- Append-only: one row per report of progress. The current status and health of
-- an action point are those of its latest update (view action_point_current).
CREATE TABLE progress_update (
  id                 INTEGER PRIMARY KEY,
  action_point_id    INTEGER NOT NULL REFERENCES action_point(id),
  period_id          INTEGER NOT NULL REFERENCES reporting_period(id),
  status             TEXT NOT NULL CHECK (status IN ('niet_gestart', 'in_voorbereiding', 'in_uitvoering', 'afgerond', 'doorlopend', 'vervallen')),
  health             TEXT NOT NULL CHECK (health IN ('groen', 'oranje', 'rood', 'grijs')),
  progress_md        TEXT NOT NULL DEFAULT '',
  health_cause       TEXT NOT NULL DEFAULT '',
  health_consequence TEXT NOT NULL DEFAULT '',
  health_measures    TEXT NOT NULL DEFAULT '',
  holder_assessment  TEXT NOT NULL DEFAULT '',
  expert_assessment  TEXT NOT NULL DEFAULT '',
  author_id          INTEGER REFERENCES person(id),
  expert_id          INTEGER REFERENCES person(id),
  interview_id       INTEGER REFERENCES interview(id),
  created_at         TEXT NOT NULL,
  -- orange and red need an explanation: cause, consequence and what is done
  CHECK (health IN ('groen', 'grijs') OR (health_cause <> '' AND health_consequence <> '' AND health_measures <> ''))
);
CREATE INDEX progress_update_action ON progress_update(action_point_id, period_id);

CREATE VIEW action_point_current AS
SELECT a.id AS action_point_id,
       COALESCE(u.status, 'niet_gestart') AS status,
       COALESCE(u.health, 'grijs') AS health,
       u.id AS update_id,
       u.period_id AS period_id
FROM action_point a
LEFT JOIN progress_update u ON u.id = (
  SELECT u2.id FROM progress_update u2
  JOIN reporting_period p2 ON p2.id = u2.period_id
  WHERE u2.action_point_id = a.id
  ORDER BY p2.seq DESC, u2.id DESC
  LIMIT 1);

CREATE TABLE fund_source (
  id           INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programme(id),
  name         TEXT NOT NULL,
  year         INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  note         TEXT NOT NULL DEFAULT '',
  UNIQUE (programme_id, name, year)
);

CREATE TABLE allocation (
  id              INTEGER PRIMARY KEY,
  source_id       INTEGER NOT NULL REFERENCES fund_source(id),
  action_point_id INTEGER REFERENCES action_point(id),
  purpose         TEXT CHECK (purpose IN ('inhoudelijke_verdieping', 'zichtbaarheid', 'ervaringsdeskundigheid', 'toegankelijkheid', 'organisatie', 'overig')),
  amount_cents    INTEGER NOT NULL CHECK (amount_cents >= 0),
  allocated_on    TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  CHECK (action_point_id IS NOT NULL OR purpose IS NOT NULL)
);

CREATE TABLE expense (
  id            INTEGER PRIMARY KEY,
  allocation_id INTEGER NOT NULL REFERENCES allocation(id),
  spent_on      TEXT NOT NULL,
  amount_cents  INTEGER NOT NULL,             -- negative for a credit note
  description   TEXT NOT NULL,
  reference     TEXT NOT NULL DEFAULT ''      -- invoice or booking number
);

CREATE TABLE event (
  id             INTEGER PRIMARY KEY,
  programme_id   INTEGER NOT NULL REFERENCES programme(id),
  name           TEXT NOT NULL,
  starts_on      TEXT NOT NULL,
  ends_on        TEXT,
  location       TEXT NOT NULL DEFAULT '',
  description    TEXT NOT NULL DEFAULT '',
  accessibility  TEXT NOT NULL DEFAULT '',   -- arrangements: interpreters, step-free, quiet room
  participants   INTEGER CHECK (participants IS NULL OR participants >= 0),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE event_theme (
  event_id INTEGER NOT NULL REFERENCES event(id),
  theme_id INTEGER NOT NULL REFERENCES theme(id),
  PRIMARY KEY (event_id, theme_id)
);

CREATE TABLE event_partner (
  event_id        INTEGER NOT NULL REFERENCES event(id),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  PRIMARY KEY (event_id, organisation_id)
);

-- Narrative for the report: highlights (mooie ontwikkelingen) and outlook.
CREATE TABLE narrative (
  id        INTEGER PRIMARY KEY,
  period_id INTEGER NOT NULL REFERENCES reporting_period(id),
  kind      TEXT NOT NULL CHECK (kind IN ('highlight', 'outlook')),
  position  INTEGER NOT NULL DEFAULT 0,
  title     TEXT NOT NULL,
  body_md   TEXT NOT NULL DEFAULT ''
);

-- Who changed what and when. Never updated, never deleted (triggers below).
CREATE TABLE audit_entry (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES user_account(id),
  request_id  TEXT,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'publish', 'sign_in', 'import')),
  entity      TEXT NOT NULL,
  entity_id   INTEGER,
  before_json TEXT,
  after_json  TEXT
);

-- National comparison (flitspeiling): reference shares per round and phase,
-- and the phase each municipality reported.
CREATE TABLE lia_survey (
  round         INTEGER NOT NULL,
  year          INTEGER NOT NULL,
  respondents   INTEGER NOT NULL,
  phase         TEXT NOT NULL DEFAULT '',
  share_percent INTEGER CHECK (share_percent IS NULL OR share_percent BETWEEN 0 AND 100),
  source_note   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (round, phase)
);

CREATE TABLE lia_survey_response (
  round           INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  phase           TEXT NOT NULL CHECK (phase IN ('niet_gestart', 'in_verkenning', 'in_ontwikkeling', 'vastgesteld', 'in_uitvoering')),
  PRIMARY KEY (round, organisation_id)
);
