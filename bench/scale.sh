#!/usr/bin/env bash
# Benchmark of lia at national scale (issue 10): example municipalities made
# by `lia generate` (ACTIONS action points x PERIODS reporting periods each,
# all but the last published with their frozen reports), on SQLite and on
# PostgreSQL (a throwaway cluster, tests/lib/pg.sh), for each size in SIZES
# (default 34 and 342 municipalities). For each engine and size it prints:
#   create   wall time to make the whole set on JOBS processes (and per
#            municipality: data and reports, from lia generate's own lines)
#   national wrk -t2 -c32: p50, p99 and requests/s of the national picture
#   overview the same for a municipality's overview (/)
#   report   the HTML report of a municipality's open period, made now
#            (`lia report`, best of 3, process start included)
#   steal    the CPU time the host took from this machine meanwhile
# and then the table side by side: SQLite, PostgreSQL, SQLite/PG, and how
# each figure grows from the first size to the last.
#
# By default (MULTI=1) the set is one deployment: `lia demo --municipalities
# N --jobs JOBS` (the demo's Nijmegen first, N-1 generated, varied as real
# ones are; SQLite: a file each next to the first, PostgreSQL: one database
# served as the ordinary role lia, row-level security on). The national page
# is / of that deployment (every municipality's published summary), the
# overview /nijmegen/, the report that of Nijmegen's open period. MULTI=0
# measures as before: each municipality its own database made by `lia
# generate --uniform` (one SQLite file or one PostgreSQL database each), the
# national page /national of municipality 1 (one municipality).
#
# lia answers public pages from its cache of ready bytes (docs/speed.md);
# CACHE=0 measures every request made anew (lia serve --cache-size 0).
#
# Usage: bench/scale.sh [SECONDS] [SIZES...]     e.g. bench/scale.sh 10 34 342
# Environment: LIA_BIN (default build-release/lia, `make release`), JOBS (2),
# ACTIONS (100), PERIODS (8), ENGINES ("sqlite pg"), CACHE (32), MULTI (1).
# Needs wrk and PostgreSQL 15 (deps/debian-packages.txt). Disk: about 15 MB
# per municipality on SQLite and 21 MB on PostgreSQL (the frozen reports).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
sizes=("${@:-34 342}")
read -r -a sizes <<<"${sizes[*]}"
lia=$(realpath "${LIA_BIN:-build-release/lia}")
jobs=${JOBS:-2}
actions=${ACTIONS:-100}
periods=${PERIODS:-8}
engines=${ENGINES:-sqlite pg}
cache=${CACHE:-32}
multi=${MULTI:-1}
for tool in wrk curl xargs; do
	command -v "$tool" >/dev/null || { echo "bench/scale.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
[ -x "$lia" ] || { echo "bench/scale.sh: no lia at $lia (make release)" >&2; exit 1; }

work=$(mktemp -d)
srv_pid=
pg_dir=
pg_admin=
pg_user=
cleanup() {
	if [ -n "$srv_pid" ]; then kill "$srv_pid" 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true; fi
	if [ -n "$pg_dir" ]; then tests/lib/pg.sh stop "$pg_dir" >/dev/null 2>&1 || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [[ " $engines " == *" pg "* ]]; then
	eval "$(tests/lib/pg.sh start)"
	pg_dir=$LIA_TEST_PG_DIR
	pg_admin=$LIA_TEST_PG
	pg_user=$LIA_TEST_PG_USER # an ordinary role: several municipalities are not served as a superuser
	unset LIA_TEST_DB
fi

# db ENGINE N I: where municipality I of the set of N lives (MULTI: the
# deployment, whatever I).
db() {
	if [ "$multi" = 1 ]; then
		if [ "$1" = sqlite ]; then echo "$work/sqlite-$2/lia.db"; else echo "${pg_user%/*}/s$2"; fi
	elif [ "$1" = sqlite ]; then echo "$work/sqlite-$2/m$3.db"; else echo "${pg_admin%/*}/s$2_m$3"; fi
}

# make_set ENGINE N: the N municipalities, JOBS at a time; prints the wall
# seconds and the mean data and report seconds per municipality.
make_set() {
	local engine=$1 n=$2
	mkdir -p "$work/sqlite-$n"
	if [ "$engine" = pg ]; then
		for i in $(seq "$n"); do echo "CREATE DATABASE s${n}_m$i;"; done | psql -X -q "$pg_admin" >/dev/null
	fi
	export lia actions periods work pg_admin engine n
	local t0 t1
	t0=$(date +%s.%N)
	# Each line: lia: example municipality I, NAME (CODE): data X s, reports Y s
	seq "$n" | xargs -P "$jobs" -I{} sh -c \
		'"$lia" generate --db "$(if [ "$engine" = sqlite ]; then echo "$work/sqlite-$n/m{}.db"; else echo "${pg_admin%/*}/s${n}_m{}"; fi)" --index {} --actions "$actions" --periods "$periods" --uniform' \
		>"$work/gen-$engine-$n.log"
	t1=$(date +%s.%N)
	awk -v w="$(echo "$t1 - $t0" | bc)" '/example municipality/ {for (i = 1; i <= NF; i++) {if ($i == "data") d += $(i + 1); if ($i == "reports") r += $(i + 1)} k++}
		END {printf "%.1f %.3f %.3f %d", w, d / k, r / k, k}' "$work/gen-$engine-$n.log"
}

# MULTI: one deployment with all N municipalities (after the tenancy
# branch): the demo's Nijmegen as the first, N-1 generated.
make_set_multi() {
	local engine=$1 n=$2 t0 t1
	mkdir -p "$work/sqlite-$n"
	if [ "$engine" = pg ]; then echo "CREATE DATABASE s$n OWNER lia;" | psql -X -q "$pg_admin" >/dev/null; fi
	t0=$(date +%s.%N)
	"$lia" demo --db "$(db "$engine" "$n" 1)" --port 0 --quiet --municipalities "$n" --jobs "$jobs" \
		--actions "$actions" --periods "$periods" >"$work/gen-$engine-$n.log" 2>&1 &
	srv_pid=$!
	# However long making the set takes (342 on a busy machine: over an
	# hour): until lia serves it, or stops without (then say why).
	until grep -q serving "$work/gen-$engine-$n.log" 2>/dev/null; do
		kill -0 "$srv_pid" 2>/dev/null || { echo "bench/scale.sh: lia demo stopped before serving:" >&2; tail -5 "$work/gen-$engine-$n.log" >&2; exit 1; }
		sleep 0.2
	done
	t1=$(date +%s.%N)
	kill "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=
	printf "%.1f 0 0 %d" "$(echo "$t1 - $t0" | bc)" "$n"
}

start() {
	"$lia" serve --db "$1" --port 0 --quiet --cache-size "$cache" >"$work/srv.out" 2>"$work/srv.err" &
	srv_pid=$!
	for _ in $(seq 300); do grep -q serving "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
	base=$(grep -o 'http://[^/]*' "$work/srv.out") || { echo "bench/scale.sh: lia serve did not start:" >&2; tail -5 "$work/srv.err" >&2; exit 1; }
}
stop() {
	kill "$srv_pid" 2>/dev/null || { echo "bench/scale.sh: lia had stopped by itself:" >&2; tail -5 "$work/srv.err" >&2; }
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=
}

# wrk_on URL: "p50_ms p99_ms req/s" (wrk's latencies in ms).
ms() { awk '{v = $1; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000} printf "%.2f", v}'; }
wrk_on() {
	curl -sf -o /dev/null "$1" || { echo "bench/scale.sh: $1 does not answer" >&2; exit 1; }
	local out
	out=$(wrk -t2 -c32 -d"${secs}s" --latency "$1")
	printf "%s %s %s" "$(echo "$out" | awk '$1 == "50%" {print $2}' | ms)" "$(echo "$out" | awk '$1 == "99%" {print $2}' | ms)" \
		"$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
}

# report_time DB ENGINE: the best of 3 of `lia report` of the open (last)
# period, HTML, made now (MULTI: Nijmegen's).
report_time() {
	local best=999 t0 t1 t which=(--period "$periods")
	if [ "$multi" = 1 ]; then
		local q="SELECT id FROM reporting_period WHERE state = 'open' ORDER BY seq DESC LIMIT 1"
		if [ "$2" = sqlite ]; then which=(--municipality nijmegen --period "$(sqlite3 "$1" "$q")")
		else which=(--municipality nijmegen --period "$(PGOPTIONS='-c lia.municipality=1' psql -X -A -t "$1" -c "$q")"); fi
	fi
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		"$lia" report --db "$1" "${which[@]}" --format html --output "$work/report.html" >/dev/null
		t1=$(date +%s.%N)
		t=$(echo "$t1 - $t0" | bc)
		best=$(echo "if ($t < $best) $t else $best" | bc)
	done
	printf "%.3f" "$best"
}

# The CPU time the host took from this virtual machine so far (steal, the
# 8th number of /proc/stat's cpu line, in 1/100 s): figures measured while
# it takes much are not worth much, so each stage says how much it took.
stolen() { awk '$1 == "cpu" {print $9}' /proc/stat; }

declare -A R
for n in "${sizes[@]}"; do
	for engine in $engines; do
		echo "bench/scale.sh: $engine, $n municipalities of $actions x $periods ..." >&2
		steal0=$(stolen)
		if [ "$multi" = 1 ]; then c=$(make_set_multi "$engine" "$n"); else c=$(make_set "$engine" "$n"); fi
		read -r wall per_data per_reports made <<<"$c"
		[ "$made" = "$n" ] || { echo "bench/scale.sh: made $made of $n:" >&2; tail -5 "$work/gen-$engine-$n.log" >&2; exit 1; }
		R[$engine,$n,create]=$wall
		R[$engine,$n,data]=$per_data
		R[$engine,$n,reports]=$per_reports
		start "$(db "$engine" "$n" 1)"
		if [ "$multi" = 1 ]; then national=/; overview=/nijmegen/; else national=/national; overview=/; fi
		read -r R[$engine,$n,nat50] R[$engine,$n,nat99] R[$engine,$n,natrps] <<<"$(wrk_on "$base$national")"
		read -r R[$engine,$n,ov50] R[$engine,$n,ov99] R[$engine,$n,ovrps] <<<"$(wrk_on "$base$overview")"
		stop
		R[$engine,$n,report]=$(report_time "$(db "$engine" "$n" 1)" "$engine")
		R[$engine,$n,steal]=$(printf "%.1f" "$(echo "($(stolen) - $steal0) / 100" | bc -l)")
		# Each result as soon as it is known, so a run that is cut short still says something.
		per=""
		[ "$multi" = 1 ] || per=" (data ${R[$engine,$n,data]} s, reports ${R[$engine,$n,reports]} s per municipality)"
		echo "bench/scale.sh: $engine $n: create ${R[$engine,$n,create]} s$per; national p50/p99 ${R[$engine,$n,nat50]}/${R[$engine,$n,nat99]} ms," \
			"${R[$engine,$n,natrps]} req/s; overview p50/p99 ${R[$engine,$n,ov50]}/${R[$engine,$n,ov99]} ms," \
			"${R[$engine,$n,ovrps]} req/s; report HTML ${R[$engine,$n,report]} s; the host took ${R[$engine,$n,steal]} s" >&2
		du -sh "$work/sqlite-$n" 2>/dev/null | awk -v e="$engine" '{if (e == "sqlite") print "bench/scale.sh: SQLite files: " $1}' >&2
		# The next size is made from scratch: free the disk.
		if [ "$engine" = sqlite ]; then rm -rf "$work/sqlite-$n"
		elif [ "$multi" = 1 ]; then echo "DROP DATABASE s$n WITH (FORCE);" | psql -X -q "$pg_admin" >/dev/null; else
			for i in $(seq "$n"); do echo "DROP DATABASE s${n}_m$i;"; done | psql -X -q "$pg_admin" >/dev/null
		fi
	done
done

metrics=(create data reports nat50 nat99 natrps ov50 ov99 ovrps report steal)
names=("create the set (s, wall)" "data per municipality (s)" "reports per municipality (s)"
	"national p50 (ms)" "national p99 (ms)" "national req/s" "overview p50 (ms)" "overview p99 (ms)"
	"overview req/s" "report HTML (s)" "taken by the host (s, steal)")
# One deployment (MULTI=1) is made by lia demo, which does not say how long
# each municipality's data and reports took: those two rows are left out.
if [ "$multi" = 1 ]; then
	metrics=("${metrics[0]}" "${metrics[@]:3}")
	names=("${names[0]}" "${names[@]:3}")
fi
first=${sizes[0]}
last=${sizes[-1]}
echo
echo "lia at scale: $actions action points x $periods periods per municipality, wrk -t2 -c32 ${secs}s, cache ${cache} MB, $(nproc) CPUs"
for n in "${sizes[@]}"; do
	echo
	printf "%-30s %10s %10s %9s\n" "$n municipalities" SQLite PG SQLite/PG
	for k in "${!metrics[@]}"; do
		m=${metrics[$k]}
		s=${R[sqlite,$n,$m]:-}
		p=${R[pg,$n,$m]:-}
		ratio=-
		if [ -n "$s" ] && [ -n "$p" ] && [ "$(echo "$p > 0" | bc)" = 1 ]; then ratio=$(printf "%.2f" "$(echo "$s / $p" | bc -l)"); fi
		printf "%-30s %10s %10s %9s\n" "${names[$k]}" "${s:--}" "${p:--}" "$ratio"
	done
done
if [ "$first" != "$last" ]; then
	echo
	printf "%-30s %10s %10s\n" "growth $first -> $last" SQLite PG
	for k in "${!metrics[@]}"; do
		m=${metrics[$k]}
		row=()
		for engine in sqlite pg; do
			a=${R[$engine,$first,$m]:-}
			b=${R[$engine,$last,$m]:-}
			if [ -n "$a" ] && [ -n "$b" ] && [ "$(echo "$a > 0" | bc)" = 1 ]; then row+=("$(printf "%.2fx" "$(echo "$b / $a" | bc -l)")"); else row+=(-); fi
		done
		printf "%-30s %10s %10s\n" "${names[$k]}" "${row[0]}" "${row[1]}"
	done
fi
