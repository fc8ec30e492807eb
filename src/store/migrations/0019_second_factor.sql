-- summary-en: a second factor for signing in (a code from an app, TOTP), required for coordinators and project group members, with single-use recovery codes
-- summary-nl: een tweede stap bij het inloggen (een code uit een app, TOTP), verplicht voor coördinatoren en projectgroepleden, met herstelcodes die één keer werken
-- 0019: the second factor of issue 14 (ASVS V2.8). An account with a
-- second factor has its TOTP key (base32, RFC 6238: 30-second steps, 6
-- digits) and the last time step a code was accepted for, so a code is
-- never accepted twice. lia has no key of its own to encrypt server
-- secrets with, so the key is stored as it is, like the relay's password:
-- it never leaves the store (not in the audit log, not in any export).
-- Recovery codes are kept as the digest of the code only, and work once.
-- A key being set up (shown as a QR code, not yet confirmed with a code)
-- waits in totp_enrolment, one per account. Between the password and the
-- code, a sign-in waits in sign_in_pending for a few minutes: the digest
-- of a random cookie that is not a session and gives no access.
ALTER TABLE user_account ADD COLUMN totp_secret TEXT;
ALTER TABLE user_account ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_account ADD COLUMN totp_enrolled_at TEXT;

CREATE TABLE totp_recovery (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user_account(id),
  code_hash  TEXT NOT NULL,           -- hex BLAKE2b-256 of the code (upper case, no spaces)
  created_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE INDEX totp_recovery_user ON totp_recovery(user_id);

CREATE TABLE totp_enrolment (
  user_id    INTEGER PRIMARY KEY REFERENCES user_account(id),
  secret     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE sign_in_pending (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user_account(id),
  token_hash TEXT NOT NULL UNIQUE,   -- hex BLAKE2b-256 of the cookie value
  next       TEXT NOT NULL DEFAULT '/',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at   TEXT
);
CREATE INDEX sign_in_pending_user ON sign_in_pending(user_id);
