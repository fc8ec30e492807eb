-- summary-en: sessions that end after 30 idle minutes or 12 hours, the device they started on, and API tokens with an end date and read-only by default
-- summary-nl: sessies die eindigen na 30 minuten zonder gebruik of na 12 uur, het apparaat waarop ze begonnen, en API-sleutels met een einddatum die standaard alleen mogen lezen
-- 0015: sessions and API tokens as ASVS level 2 asks (issue 14).
-- A session records the device (User-Agent) and address it started from,
-- for the account page, and may hold a form that arrived after it had
-- expired (resume_to, resume_fields: the fields as JSON, never a password
-- or a file) until the user has signed in again and sent it.
-- An API token has an expiry (at most a year) and may write only when its
-- owner asked for that; tokens made before this migration keep writing
-- (they could before) and end a year after they were made.
ALTER TABLE session ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN resume_to TEXT;
ALTER TABLE session ADD COLUMN resume_fields TEXT;
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
ALTER TABLE api_token ADD COLUMN can_write INTEGER NOT NULL DEFAULT 0 CHECK (can_write IN (0, 1));
UPDATE api_token SET can_write = 1, expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+365 days');
