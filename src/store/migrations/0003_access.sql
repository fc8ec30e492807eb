-- summary-en: signing in: sessions, personal API tokens, a limit on sign-in attempts, a display name per account
-- summary-nl: inloggen: sessies, persoonlijke API-sleutels, een grens aan inlogpogingen, een naam per account
-- 0003: signing in, sessions, personal API tokens and sign-in throttling.
-- Secrets are never stored: sessions and tokens are kept as a hash of the
-- random value the client holds; passwords as argon2id hashes (libsodium).

ALTER TABLE user_account ADD COLUMN display_name TEXT NOT NULL DEFAULT '';

CREATE TABLE session (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES user_account(id),
  token_hash   TEXT NOT NULL UNIQUE,   -- hex BLAKE2b-256 of the cookie value
  csrf_token   TEXT NOT NULL,          -- sent back in every form of this session
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,          -- absolute end; idle end is last_seen_at + idle limit
  ended_at     TEXT                    -- signed out (kept for the audit trail)
);
-- Quoted: session_user is a reserved word in PostgreSQL (same index in SQLite).
CREATE INDEX "session_user" ON session(user_id);

CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES user_account(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_token_user ON api_token(user_id);

CREATE TABLE sign_in_attempt (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  email   TEXT NOT NULL,   -- as typed, lower-cased
  address TEXT NOT NULL,   -- client IP address
  success INTEGER NOT NULL CHECK (success IN (0, 1))
);
CREATE INDEX sign_in_attempt_email ON sign_in_attempt(email, at);
CREATE INDEX sign_in_attempt_address ON sign_in_attempt(address, at);
