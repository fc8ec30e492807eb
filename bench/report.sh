#!/usr/bin/env bash
# Benchmark of the progress report: `lia report` in HTML and PDF (and the
# figures as JSON) for the demo programme, and for a programme of 1,000
# action points with 8 reporting periods (an update for every action point in
# every period), each under GNU time. Prints wall time and peak memory.
# Usage: bench/report.sh   (LIA_BIN=path picks the binary; default build/lia)
# Needs /usr/bin/time and sqlite3 (in deps/debian-packages.txt: make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
lia=${LIA_BIN:-build/lia}
. bench/demo_db.sh

bench_demo_db "$work/demo.db" bench/report.sh

# The big programme: the demo plus 960 action points (1,000 in all) spread
# over the themes, periods 4 to 8, and an update of every action point in
# every period from 3 on; periods 3 to 7 are then published, 8 stays open.
cp "$work/demo.db" "$work/big.db"
sqlite3 "$work/big.db" <<'SQL'
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 960)
INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, created_at)
SELECT 1 + (i % 7), 'GEN-' || printf('%04d', i), 'Gegenereerd actiepunt ' || i,
       'Een actiepunt om te meten hoe snel de rapportage is. Het heeft een korte omschrijving in gewone taal.',
       NULL, '2021-07-08T00:00:00Z' FROM n;
WITH RECURSIVE p(s) AS (SELECT 4 UNION ALL SELECT s + 1 FROM p WHERE s < 8)
INSERT INTO reporting_period (programme_id, seq, name, starts_on, ends_on, state)
SELECT 1, s, s || 'e voortgangsrapportage ' || (2021 + s), (2021 + s) || '-01-01', (2021 + s) || '-12-31', 'open' FROM p;
INSERT INTO progress_update (action_point_id, period_id, status, health, progress_md, holder_assessment,
                             expert_assessment, created_at)
SELECT a.id, r.id,
       CASE (a.id + r.seq) % 5 WHEN 0 THEN 'afgerond' WHEN 1 THEN 'in_voorbereiding' ELSE 'in_uitvoering' END,
       'groen',
       'Er is deze periode goed gewerkt aan dit actiepunt. De volgende stap is **gepland**. Meer weten? Lees de [website](https://example.org/).',
       'Het gaat goed.', 'Ik zie vooruitgang, maar vraag meer aandacht voor toegankelijke informatie.',
       r.starts_on || 'T12:00:00Z'
FROM action_point a CROSS JOIN reporting_period r WHERE r.seq >= 3;
UPDATE reporting_period SET state = 'published', published_at = ends_on || 'T12:00:00Z' WHERE seq BETWEEN 3 AND 7;
COMMIT;
SQL
echo "big programme: $(sqlite3 "$work/big.db" 'SELECT count(*) FROM action_point') action points," \
     "$(sqlite3 "$work/big.db" 'SELECT count(*) FROM reporting_period') periods," \
     "$(sqlite3 "$work/big.db" 'SELECT count(*) FROM progress_update') updates"

run() { # label db period format
	local out="$work/out.$4"
	/usr/bin/time -f "%e %M" -o "$work/time" "$lia" report --db "$2" --period "$3" --format "$4" --output "$out" --lang nl
	read -r secs kb <"$work/time"
	printf '%-34s %-5s %8.2f s %8.1f MB %10d bytes\n' "$1" "$4" "$secs" "$(awk -v k="$kb" 'BEGIN{printf "%.1f", k/1024}')" "$(stat -c %s "$out")"
}
printf '%-34s %-5s %10s %11s %16s\n' "programme (period)" "fmt" "wall" "peak RSS" "size"
for f in html pdf json; do run "demo, 40 action points (3)" "$work/demo.db" 3 "$f"; done
big_last=$(sqlite3 "$work/big.db" 'SELECT id FROM reporting_period WHERE seq = 8')
for f in html pdf json; do run "1,000 action points, 8 periods (8)" "$work/big.db" "$big_last" "$f"; done
