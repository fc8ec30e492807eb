#!/usr/bin/env bash
# Benchmark of the data-version triggers on PostgreSQL (migration 0017): a
# deferred constraint trigger on every table moves the database's change
# counter once per transaction, but it fires for every changed row. This
# imports the same file of expense lines (bench_expenses_csv; each line is
# an expense and an audit entry) with `lia import expenses` into two copies
# of the demo database, one with the triggers and one without (dropped in
# that scratch copy only), in turn, ROUNDS times (default 4), and prints the wall time of
# each and what the triggers cost.
# Usage: tests/lib/pg.sh run bench/pg_version.sh [lines]
#        (a throwaway cluster; or LIA_TEST_PG=postgresql://... of a cluster to
#        make scratch databases in). LIA_BIN picks the binary (default
#        build-release/lia). Needs psql and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-100000}
rounds=${ROUNDS:-4}
lia=${LIA_BIN:-build-release/lia}
[ -n "${LIA_TEST_PG:-}" ] || { echo "bench/pg_version.sh: run it as tests/lib/pg.sh run bench/pg_version.sh" >&2; exit 1; }
. bench/demo_db.sh
uri() { sed "s#/[^/]*\$#/$1#" <<<"$LIA_TEST_PG"; }
names=(bench_with_triggers bench_without_triggers)
cleanup_dbs() {
	for d in "${names[@]}"; do psql -X -q "$LIA_TEST_PG" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
}
trap 'cleanup_dbs; if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

bench_expenses_csv "$work/expenses.csv" "$lines" "$work/sum"

# fresh DB: an empty demo database (made by lia demo, as the tests make theirs).
fresh() {
	psql -X -q -v ON_ERROR_STOP=1 "$LIA_TEST_PG" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 TEMPLATE template0 LOCALE 'C' ENCODING 'UTF8'" >/dev/null
	bench_demo_db "$(uri "$1")" bench/pg_version.sh
}
drop_triggers() {
	psql -X -q -v ON_ERROR_STOP=1 "$(uri "$1")" -c "DO \$\$ DECLARE r record; BEGIN
		FOR r IN SELECT tgrelid::regclass AS t FROM pg_trigger WHERE tgname = 'lia_data_version' LOOP
			EXECUTE format('DROP TRIGGER lia_data_version ON %s', r.t);
		END LOOP; END \$\$" >/dev/null
}
triggers() { psql -X -q -A -t "$(uri "$1")" -c "SELECT count(*) FROM pg_trigger WHERE tgname = 'lia_data_version'"; }

printf 'lia import expenses on PostgreSQL 15: %d lines (an expense and an audit entry each), %s cores\n\n' "$lines" "$(nproc)"
printf '%-6s %-26s %9s %10s\n' round database triggers "wall time"
declare -A total=()
for r in $(seq "$rounds"); do
	# In turn, the other one first every other round; each after a
	# checkpoint, so neither pays for writing out what the other wrote.
	order=("${names[@]}")
	[ $((r % 2)) = 0 ] && order=("${names[1]}" "${names[0]}")
	for d in "${order[@]}"; do
		fresh "$d"
		[ "$d" = bench_without_triggers ] && drop_triggers "$d"
		n=$(triggers "$d")
		psql -X -q "$LIA_TEST_PG" -c CHECKPOINT >/dev/null
		/usr/bin/time -f '%e' -o "$work/time" "$lia" import expenses "$work/expenses.csv" --db "$(uri "$d")" >"$work/out" 2>"$work/err" ||
			{ echo "bench/pg_version.sh: the import failed:" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
		got=$(psql -X -q -A -t "$(uri "$d")" -c "SELECT count(*) || ' ' || sum(amount_cents) FROM expense WHERE import_id IS NOT NULL")
		[ "$got" = "$lines $(cat "$work/sum")" ] || { echo "bench/pg_version.sh: MISMATCH in $d: $got" >&2; exit 1; }
		secs=$(tail -1 "$work/time")
		total[$d]=$(awk -v a="${total[$d]:-0}" -v b="$secs" 'BEGIN {print a + b}')
		printf '%-6s %-26s %9s %8.2f s\n' "$r" "$d" "$n" "$secs"
	done
done
echo
awk -v w="${total[bench_with_triggers]}" -v o="${total[bench_without_triggers]}" -v r="$rounds" -v n="$lines" 'BEGIN {
	printf "mean: with the triggers %.2f s, without %.2f s: the triggers cost %.2f s (%+.0f%%), %.1f us per imported line\n",
		w / r, o / r, (w - o) / r, 100 * (w - o) / o, 1e6 * (w - o) / r / n }'
