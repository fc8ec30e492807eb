# Sourced (not run) by bench/import.sh, bench/import_readers.sh, bench/report.sh
# and bench/run.sh, after they set
# $lia: a temporary folder $work, removed on exit together with a `lia demo`
# that is still running, and bench_demo_db, which makes a fresh demo database.
# Needs bash; the caller has `set -euo pipefail`.
work=$(mktemp -d)
demo_pid=
trap 'if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

# bench_demo_db FILE WHO: a fresh demo database in FILE. `lia demo` makes it
# and then serves it; it is stopped (by its own PID) as soon as it serves.
# WHO names the calling script in the message if it does not start.
bench_demo_db() {
	"$lia" demo --db "$1" --port 0 --quiet >"$work/demo.out" 2>&1 &
	demo_pid=$!
	for _ in $(seq 600); do grep -q serving "$work/demo.out" 2>/dev/null && break; sleep 0.1; done
	grep -q serving "$work/demo.out" || { echo "$2: lia demo did not start:" >&2; cat "$work/demo.out" >&2; exit 1; }
	kill "$demo_pid"
	wait "$demo_pid" 2>/dev/null || true
	demo_pid=
}

# bench_scale_db FILE N: make FILE (a fresh demo database) hold N action
# points: the demo's own and copies of them (code CODE.k, same theme, title,
# dossier holder, dates, partners, articles and status), so lists grow
# while every row stays as realistic as the demo's. Needs sqlite3.
bench_scale_db() {
	local db=$1 n=$2
	sqlite3 "$db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE orig AS SELECT id, code FROM action_point;
CREATE TEMP TABLE k (n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $n)
INSERT INTO k SELECT n FROM c;
INSERT INTO action_point (theme_id, code, title, description, dossier_holder_id, starts_on, due_on, created_at)
SELECT a.theme_id, a.code || '.' || k.n, a.title, a.description, a.dossier_holder_id, a.starts_on, a.due_on, a.created_at
  FROM k, orig o JOIN action_point a ON a.id = o.id
 ORDER BY k.n, o.id
 LIMIT max(0, $n - (SELECT count(*) FROM orig));
CREATE TEMP TABLE map AS
SELECT c.id AS copy, o.id AS orig FROM k, orig o JOIN action_point c ON c.code = o.code || '.' || k.n;
UPDATE action_point_state AS t
   SET update_id = s.update_id, status = s.status, health = s.health, period_id = s.period_id,
       pub_update_id = s.pub_update_id, pub_status = s.pub_status, pub_health = s.pub_health,
       pub_period_id = s.pub_period_id
  FROM (SELECT m.copy, st.* FROM map m JOIN action_point_state st ON st.action_point_id = m.orig) AS s
 WHERE t.action_point_id = s.copy;
INSERT INTO action_partner SELECT m.copy, p.organisation_id FROM map m JOIN action_partner p ON p.action_point_id = m.orig;
INSERT INTO action_article SELECT m.copy, r.article_number FROM map m JOIN action_article r ON r.action_point_id = m.orig;
COMMIT;
SQL
}

# bench_expenses_csv FILE N SUMFILE: a CSV file of N expense lines as Dutch
# Excel writes it (';', decimal comma, thousands dots, dd-mm-yyyy, CRLF, some
# credit notes) for allocations 1-10 (paid from the demo's 2023 funds, so
# every line is added), and in SUMFILE the sum of its cents, computed here,
# independently of lia.
bench_expenses_csv() {
	awk -v n="$2" -v sumfile="$3" '
function grouped(e,   s) {
	s = ""
	while (e >= 1000) { s = sprintf(".%03d", e % 1000) s; e = int(e / 1000) }
	return e s
}
BEGIN {
	srand(20240501)
	printf "Boekdatum;Bedrag;Omschrijving;Kostenplaats;Factuurnummer\r\n"
	sum = 0
	for (i = 1; i <= n; i++) {
		c = int(rand() * 2500000) + 1          # 0,01 .. 25.000,00
		if (rand() < 0.1) c = -c               # credit notes
		sum += c
		a = c < 0 ? -c : c
		amount = (c < 0 ? "-" : "") grouped(int(a / 100)) sprintf(",%02d", a % 100)
		if (i % 3 == 0) amount = "\"€ " amount "\""
		printf "%02d-%02d-2023;%s;\"Factuur %d; regel %d\";%d;FAC-2023-%07d\r\n", \
			1 + int(rand() * 28), 1 + int(rand() * 12), amount, i, i, 1 + int(rand() * 10), i
	}
	printf "%.0f\n", sum > sumfile   # exact: doubles hold integers up to 2^53
}' >"$1"
}
