#!/usr/bin/env bash
# Benchmark of writes and reads during a large import through the web: a
# project group member uploads a CSV file of 100,000 expense lines
# (bench_expenses_csv) and imports it (all lines or none: one transaction
# that holds the writer). Meanwhile wrk reads public pages (/, /actions,
# /api/v1/actions, /themes, each made: --cache-size 0 unless CACHE_MB is set) and the coordinator
# sends forms (new events), two at a time, one after another, until the
# import is done. Prints the import's time, the GET latencies during the
# import (p50, p99), the forms tried, saved and failed, and checks the
# database afterwards (every line imported, every saved form there).
# Targets (issue 12): GET p99 under 50 ms; no form fails.
# Usage: bench/import_readers.sh [lines]   (LIA_BIN picks the binary; default build-release/lia)
# Needs wrk, curl, sqlite3 (make deps).
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-100000}
lia=${LIA_BIN:-build-release/lia}
cache_mb=${CACHE_MB:-0} # lia serve --cache-size: 0, every page made (the default of lia serve is 32)
for tool in wrk curl sqlite3 awk; do
	command -v "$tool" >/dev/null || { echo "bench/import_readers.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
. bench/demo_db.sh
srv_pid=
wrk_pid=
trap 'kill $srv_pid $wrk_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

bench_demo_db "$work/demo.db" bench/import_readers.sh
bench_expenses_csv "$work/expenses.csv" "$lines" "$work/sum"

"$lia" serve --db "$work/demo.db" --port 0 --quiet --cache-size "$cache_mb" >"$work/srv.out" 2>"$work/srv.err" &
srv_pid=$!
for _ in $(seq 100); do grep -q serving "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[^/]*' "$work/srv.out")

# sign_in JAR EMAIL: a signed-in cookie jar; prints the session's CSRF token.
sign_in() {
	local csrf
	csrf=$(curl -s -c "$1" -b "$1" "$base/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
	curl -s -o /dev/null -c "$1" -b "$1" --data-urlencode "csrf=$csrf" --data-urlencode "email=$2" \
		--data-urlencode "password=tulp molen fiets klomp" "$base/sign-in"
	curl -s -b "$1" "$base/" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}
member_csrf=$(sign_in "$work/member" projectgroep@example.org)
coord_csrf=$(sign_in "$work/coord" coordinator@example.org)

# Upload (checked and kept), as the upload form does.
up=$(curl -s -b "$work/member" -H 'Accept: application/json' -F "csrf=$member_csrf" \
	-F "file=@$work/expenses.csv;type=text/csv" -w '\n%{http_code}' "$base/funds/import")
[ "$(tail -1 <<<"$up")" = 201 ] || { echo "bench/import_readers.sh: the upload failed: $up" | head -c 600 >&2; exit 1; }
id=$(head -1 <<<"$up" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)

# Readers: wrk, the pages in turn, until it is interrupted (SIGINT: it
# stops and prints what it measured) when the import is done.
cat >"$work/readers.lua" <<'LUA'
local paths = {"/", "/actions", "/api/v1/actions", "/themes"}
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
LUA
wrk -t2 -c24 -d600s --latency -s "$work/readers.lua" "$base" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
sleep 0.3 # the readers are under way before the import starts

# The import, timed; and the forms, two senders, until the import is done.
curl -s -o "$work/apply.out" -b "$work/member" --data-urlencode "csrf=$member_csrf" \
	-w '%{http_code} %{time_total}\n' "$base/funds/import/$id" >"$work/apply.res" &
apply_pid=$!
writer() { # N: sends forms while the import runs; a line per form: its status
	local k=0
	while kill -0 "$apply_pid" 2>/dev/null; do
		k=$((k + 1))
		curl -s -o /dev/null -b "$work/coord" -w '%{http_code}\n' --data-urlencode "csrf=$coord_csrf" \
			--data-urlencode "name=Bijeenkomst $1-$k" --data-urlencode "starts_on=2024-06-02" \
			--data-urlencode "location=Stadhuis" --data-urlencode "description=" --data-urlencode "accessibility=" \
			"$base/events" >>"$work/writes.$1"
	done
}
: >"$work/writes.1"
: >"$work/writes.2"
writer 1 &
w1=$!
writer 2 &
w2=$!
wait "$apply_pid" || { echo "bench/import_readers.sh: the import got no answer (curl: $?); lia said:" >&2; tail -5 "$work/srv.err" >&2; exit 1; }
kill -INT "$wrk_pid"
wait "$w1" "$w2"
wait "$wrk_pid" || true
wrk_pid=

read -r apply_status apply_secs <"$work/apply.res"
[ "$apply_status" = 303 ] || { echo "bench/import_readers.sh: the import answered $apply_status" >&2; head -c 600 "$work/apply.out" >&2; exit 1; }
tried=$(cat "$work/writes.1" "$work/writes.2" | wc -l)
saved=$(cat "$work/writes.1" "$work/writes.2" | grep -c '^303$' || true)
failed=$((tried - saved))
imported=$(sqlite3 "$work/demo.db" "SELECT count(*) || ' ' || sum(amount_cents) FROM expense WHERE import_id = $id")
events=$(sqlite3 "$work/demo.db" "SELECT count(*) FROM event WHERE name LIKE 'Bijeenkomst _-%'")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
gets=$(awk '/requests in/ {print $1}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
peak=$(awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$srv_pid/status")

printf 'import through the web: %d lines, %.1f MB, %s cores, %s (--cache-size %s)\n\n' "$lines" \
	"$(awk -v b="$(wc -c <"$work/expenses.csv")" 'BEGIN { print b / 1048576 }')" "$(nproc)" "$lia" "$cache_mb"
printf '%-40s %s s\n' "import (POST, all lines in one transaction)" "$apply_secs"
printf '%-40s %s GETs, p50 %s, p99 %s (target: p99 under 50 ms), not 200: %s\n' "public pages meanwhile (wrk -t2 -c24)" \
	"$gets" "$p50" "$p99" "${non2xx:-0}"
printf '%-40s %d tried, %d saved, %d failed (target: none failed)\n' "forms meanwhile (2 senders)" "$tried" "$saved" "$failed"
printf '%-40s %s MB\n' "peak memory of lia serve (VmHWM)" "$peak"
if [ "$imported" = "$lines $(cat "$work/sum")" ] && [ "$events" = "$saved" ]; then
	echo "checked: $lines expenses imported with the right sum; $events events saved, as many as answered 303"
else
	echo "MISMATCH: expected $lines expenses summing to $(cat "$work/sum") and $saved events; got $imported and $events" >&2
	exit 1
fi
