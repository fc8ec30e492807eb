-- summary-en: the first municipality's short name is made safe for web addresses (small letters, digits and dashes)
-- summary-nl: de korte naam van de eerste gemeente wordt veilig gemaakt voor webadressen (kleine letters, cijfers en streepjes)
-- 0018 (SQLite): municipality 1's short name comes from its organisation's
-- name, which may hold ' ( , or letters such as ú. A short name is put into
-- every link of its pages, so anything but a-z, 0-9 and - (or a name the
-- deployment's own pages use, or one that reads as a CBS code) becomes
-- "gemeente"; lia municipality set gives it a better one. The same rule as
-- valid_slug (store/municipality.c); 0018_municipalities.pg.sql has its twin.
UPDATE municipality SET slug = 'gemeente'
WHERE id = 1
  AND (slug GLOB '*[^a-z0-9-]*' OR slug GLOB '-*' OR length(slug) > 60 OR slug GLOB 'gm[0-9][0-9][0-9][0-9]'
       OR slug IN ('hosting', 'sign-in', 'sign-out', 'session', 'static', 'accessibility', 'privacy',
                   'forgot-password', 'password', 'account', 'municipalities', 'national', 'healthz', 'api',
                   'health', 'openapi.json', 'robots.txt', 'favicon.ico'));
