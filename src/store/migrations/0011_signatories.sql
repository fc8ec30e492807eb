-- summary-en: who signs the cover letter to the council: a new field on the programme
-- summary-nl: wie de brief aan de raad ondertekent: een nieuw veld bij het programma
-- 0011: who signs the cover letter to the council. The seed letter is signed
-- by the municipal secretary and the mayor on behalf of the college; the
-- coordinator records them on the letter page, one per line ("name,
-- function"), and every letter ends with them. Empty: the letter ends with
-- the college's line only, as before. Plain ADD COLUMN with a default runs
-- on SQLite and PostgreSQL alike.

ALTER TABLE programme ADD COLUMN letter_signatories TEXT NOT NULL DEFAULT '';
