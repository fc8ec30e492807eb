-- summary-en: e-mail: an outbox of every message, one-time links to choose a password, the relay settings, and the language of each account
-- summary-nl: e-mail: een uitbak met elk bericht, eenmalige links om een wachtwoord te kiezen, de instellingen van de mailserver, en de taal van elk account
-- 0014: e-mail. Every message lia sends is first written to the outbox (to
-- whom, why, for which period and kind), then sent by the server's mail
-- worker through the municipality's SMTP relay, retried with a growing wait
-- when the relay refuses. A reminder carries a key (person, period, kind)
-- that is unique, so it is never queued, and so never sent, twice.
-- Account links (an invitation, a password reset) are kept as the digest of
-- the random token in the link, with an end time and the time of their one
-- use. The token itself is never stored, not even in the outbox: a
-- message with a link is written with a placeholder and gets its token
-- only when it is sent. The relay may also be set in the database by the coordinator.

CREATE TABLE account_link (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user_account(id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash TEXT NOT NULL UNIQUE,   -- hex BLAKE2b-256 of the token in the link
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE INDEX account_link_user ON account_link(user_id);

CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  to_email        TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  lang            TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en')),
  kind            TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'remind_update_before', 'remind_update_after', 'remind_assess_before', 'remind_assess_after')),
  reason          TEXT NOT NULL DEFAULT '',  -- why it was sent, for the coordinator
  period_id       INTEGER REFERENCES reporting_period(id),
  person_id       INTEGER REFERENCES person(id),
  user_id         INTEGER REFERENCES user_account(id),
  dedupe_key      TEXT UNIQUE,               -- reminders: person, period and kind
  subject         TEXT NOT NULL,
  body_text       TEXT NOT NULL,
  body_html       TEXT NOT NULL,
  -- an invitation or reset: its link. The bodies hold a placeholder; the
  -- worker makes a fresh token at send time (only its digest is stored).
  link_id         INTEGER REFERENCES account_link(id),
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);

-- "Forgot your password" requests, for the throttle (per address typed and
-- per client address), whether or not the address has an account.
CREATE TABLE password_reset_request (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  email   TEXT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX password_reset_request_email ON password_reset_request(email, at);
CREATE INDEX password_reset_request_address ON password_reset_request(address, at);

-- The relay as the coordinator set it (one row); the command line wins.
CREATE TABLE mail_setting (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  smtp_url      TEXT NOT NULL DEFAULT '',
  smtp_from     TEXT NOT NULL DEFAULT '',
  smtp_user     TEXT NOT NULL DEFAULT '',
  smtp_password TEXT NOT NULL DEFAULT '',
  updated_at    TEXT
);

-- The language an account's mail is written in.
ALTER TABLE user_account ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl' CHECK (lang IN ('nl', 'en'));
