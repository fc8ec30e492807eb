-- summary-en: the separation of municipalities can use its index (PostgreSQL only; SQLite keeps a file per municipality)
-- summary-nl: de scheiding tussen gemeenten kan haar index gebruiken (alleen PostgreSQL; SQLite heeft een bestand per gemeente)
-- 0022 (SQLite): nothing to do. Each municipality has a file of its own, so
-- no query reads another municipality's rows.
SELECT 1;
