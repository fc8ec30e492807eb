#!/usr/bin/env bash
# Benchmark of `lia import expenses`: a generated CSV file of 100,000 lines
# (as Dutch Excel writes it: ';', decimal comma, thousands dots, dd-mm-yyyy,
# CRLF, some credit notes) checked with --dry-run and then imported for real
# into a fresh demo database, each under GNU time. Prints wall time and peak
# memory (max RSS) of each run, and checks that the database holds exactly
# the generated lines and amounts afterwards.
# Usage: bench/import.sh [lines]   (LIA_BIN=path picks the binary; default build/lia)
# Needs /usr/bin/time and sqlite3 (both in deps/debian-packages.txt: make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-100000}
lia=${LIA_BIN:-build/lia}
for tool in /usr/bin/time sqlite3 awk; do
	command -v "$tool" >/dev/null || { echo "bench/import.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
. bench/demo_db.sh

# A fresh demo database.
bench_demo_db "$work/demo.db" bench/import.sh

# The file, and the sum of its cents (computed independently of lia).
bench_expenses_csv "$work/expenses.csv" "$lines" "$work/sum"
expected=$(cat "$work/sum")

run() { # label, extra arguments
	local label=$1
	shift
	if ! /usr/bin/time -f '%e %M' -o "$work/time" \
		"$lia" import expenses "$work/expenses.csv" --db "$work/demo.db" "$@" >"$work/out" 2>"$work/err"; then
		echo "bench/import.sh: $label failed:" >&2
		cat "$work/out" "$work/err" >&2
		exit 1
	fi
	read -r secs kb < <(tail -n 1 "$work/time")
	awk -v l="$label" -v s="$secs" -v k="$kb" 'BEGIN { printf "%-26s %9.2f s %10.1f MB\n", l, s, k / 1024 }'
}

printf 'lia import expenses: %d lines, %.1f MB (%s, %s cores)\n\n' "$lines" \
	"$(awk -v b="$(wc -c <"$work/expenses.csv")" 'BEGIN { print b / 1048576 }')" "$lia" "$(nproc)"
printf '%-26s %11s %13s\n' "run" "wall time" "peak RSS"
before=$(sqlite3 "$work/demo.db" 'SELECT count(*) FROM expense')
run "check (--dry-run)" --dry-run
[ "$(sqlite3 "$work/demo.db" 'SELECT count(*) FROM expense')" = "$before" ] || { echo "the dry run changed the database" >&2; exit 1; }
run "import"
got=$(sqlite3 "$work/demo.db" 'SELECT count(*) || " " || sum(amount_cents) FROM expense WHERE import_id IS NOT NULL')
audits=$(sqlite3 "$work/demo.db" "SELECT count(*) FROM audit_entry WHERE entity = 'expense'")
echo
if [ "$got" = "$lines $expected" ] && [ "$audits" = "$lines" ]; then
	echo "checked: $lines expenses and $audits audit entries added; sum $expected cents, the same in awk and in SQL"
else
	echo "MISMATCH: expected $lines expenses summing to $expected cents and $lines audit entries; got $got and $audits" >&2
	exit 1
fi
