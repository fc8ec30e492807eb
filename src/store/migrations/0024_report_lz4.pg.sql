-- summary-en: frozen reports are compressed with LZ4, which takes a fraction of the time
-- summary-nl: vastgelegde rapportages worden met LZ4 gecomprimeerd, wat een fractie van de tijd kost
-- 0024 (PostgreSQL): the bytes of a frozen report (published_report.content)
-- were compressed with PostgreSQL's own pglz, which tried every PDF in full
-- before it kept it as it was (a PDF's streams are compressed already):
-- a third of the time of storing a municipality's reports, for nothing.
-- LZ4 is several times faster, and gives up as quickly. Rows already
-- stored stay as they are. A PostgreSQL built without LZ4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE published_report ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no LZ4: frozen reports stay compressed with pglz';
END $$;
