-- summary-en: privacy: consent to be named in reports, the audit log without sensitive content, a log of reads, access to restricted notes by grant, and retention periods
-- summary-nl: privacy: toestemming om genoemd te worden in rapportages, het logboek zonder gevoelige inhoud, een logboek van wie wat las, toegang tot afgeschermde notities per toestemming, en bewaartermijnen
-- 0016: privacy as a municipality must prove it (docs/privacy/).
-- * person.named_in_publications: the person agreed to be named in published
--   reports (set by the coordinator); otherwise a report names the role.
-- * person.erased_at: the person was erased (AVG art. 17); the row stays as a
--   tombstone ("Persoon 17") so the programme's history keeps its shape.
-- * privacy_key: a random key per audited record that holds sensitive fields.
--   The audit log keeps such a field as a keyed digest (store/sensitive.c),
--   never its text; erasing the person or the notes removes the key, so even
--   a guessed name can no longer be matched against the digest.
-- * access_log: who read which sensitive data, or was refused, from where
--   (BIO 12.4.1, ASVS V7); no content. Append-only; only lia purge removes
--   entries older than the retention period.
-- * interview_grant: the coordinator lets one more account read an
--   interview's restricted notes (besides the duo and the coordinator).
-- * retention_setting: how many days each kind of data is kept (lia purge).

ALTER TABLE person ADD COLUMN named_in_publications INTEGER NOT NULL DEFAULT 0
  CHECK (named_in_publications IN (0, 1));
ALTER TABLE person ADD COLUMN erased_at TEXT;

CREATE TABLE privacy_key (
  entity    TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  secret    TEXT NOT NULL,   -- 32 random bytes, hex
  PRIMARY KEY (entity, entity_id)
);

CREATE TABLE access_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  user_id    INTEGER REFERENCES user_account(id),
  address    TEXT NOT NULL DEFAULT '',
  request_id TEXT,
  what       TEXT NOT NULL,          -- restricted_notes, people, person, audit, sign_in, lock_out, forbidden, role
  entity     TEXT,
  entity_id  INTEGER,
  person_id  INTEGER REFERENCES person(id),   -- whose data, when it is about one person
  allowed    INTEGER NOT NULL CHECK (allowed IN (0, 1))
);
CREATE INDEX access_log_person ON access_log(person_id, at);
CREATE INDEX access_log_at ON access_log(at);

CREATE TABLE interview_grant (
  interview_id INTEGER NOT NULL REFERENCES interview(id),
  user_id      INTEGER NOT NULL REFERENCES user_account(id),
  granted_at   TEXT NOT NULL,
  PRIMARY KEY (interview_id, user_id)
);

CREATE TABLE retention_setting (
  kind TEXT PRIMARY KEY CHECK (kind IN ('sign_in_attempts', 'ended_sessions', 'restricted_notes', 'expired_imports', 'access_log')),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)
);
INSERT INTO retention_setting (kind, days) VALUES
  ('sign_in_attempts', 90), ('ended_sessions', 90), ('restricted_notes', 365),
  ('expired_imports', 7), ('access_log', 730);
