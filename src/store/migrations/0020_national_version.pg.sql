-- summary-en: a counter of what the national picture shows (SQLite only; PostgreSQL has one for the deployment)
-- summary-nl: een teller van wat het landelijke beeld laat zien (alleen SQLite; PostgreSQL heeft er een voor alles)
-- 0020 (PostgreSQL): nothing to do. The deployment is one database, and its
-- counter lia_data_version (0017) already moves with every change in any
-- municipality; the national picture is kept under it.
SELECT 1;
