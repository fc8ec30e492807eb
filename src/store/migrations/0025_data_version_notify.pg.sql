-- summary-en: a change to the data is announced to the running server at once, so it no longer asks the database before each ready page
-- summary-nl: een wijziging in de gegevens wordt direct aan de draaiende server gemeld, zodat die niet meer voor elke klaargezette pagina de database vraagt
-- 0025 (PostgreSQL): the counter of 0017 is also sent as a notification on
-- the channel lia_data_version, with its new number as the payload. The
-- server LISTENs on a connection of its own (store/version.c) and keeps the
-- greatest number it was sent, so a ready page is served without a round
-- trip to the database. PostgreSQL sends a notification only when its
-- transaction commits, and a listener gets it only once that commit is
-- visible to others: the number never runs ahead of the data.
CREATE OR REPLACE FUNCTION lia_bump_data_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  v BIGINT;
BEGIN
  IF current_setting('lia.data_version_tx', true) IS DISTINCT FROM txid_current()::text THEN
    UPDATE lia_data_version SET n = n + 1 WHERE id = 1 RETURNING n INTO v;
    PERFORM set_config('lia.data_version_tx', txid_current()::text, true);
    PERFORM pg_notify('lia_data_version', v::text);
  END IF;
  RETURN NULL;
END $$;
