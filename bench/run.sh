#!/usr/bin/env bash
# Benchmarks: requests per second of lia's pages under wrk, side by side with
# nginx serving the very same bytes as static files (the practical limit) and
# with Fossil's ticket report over as many tickets (the issue's yardstick),
# on this machine in one run: the overview /, the list /actions and the API
# /api/v1/actions, for a programme of 500 and of 5,000 action points (the
# demo's and copies of them, bench/demo_db.sh). Each page is asked for once
# before it is measured. lia is measured twice: "ready" with its cache of
# ready bytes (the default), "made" with --cache-size 0, so every answer is
# made from the database. wrk sends no Accept-Encoding: everyone sends
# uncompressed bytes. Also: the signed-in coordinator's overview, from the
# private part of the cache ("ready", the default) and made every time
# (--cache-size 0, the same session), with p50 and p99, beside nginx serving
# that page's bytes (the latency this machine gives any server); the CPU time
# per made answer of lia and of Fossil; the peak memory (VmHWM) of lia serve
# under this load, and a summary of lia's made /actions against Fossil
# (ratio, and growth from the first size to the last: how many times longer
# a request takes).
#
# LIA_BIN is the binary measured (default build-release/lia, `make release`);
# LIA_BEFORE, when set, an earlier build measured the same way in the same
# run (bench/before.sh REV builds one). Prints a table; ratios matter more
# than absolutes, and the machine's other load shows in them.
# BENCH_SIGNED_ONLY=1 measures only the signed-in overview (and nginx serving
# its bytes; no other page, no Fossil).
# Usage: bench/run.sh [seconds] [sizes...]   (needs wrk, nginx, sqlite3, fossil, oathtool: make deps)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
sizes=("${@:-500 5000}")
read -r -a sizes <<<"${sizes[*]}"
lia=${LIA_BIN:-build-release/lia}
before=${LIA_BEFORE:-}
for tool in wrk nginx sqlite3 curl fossil oathtool; do
	command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
. bench/demo_db.sh
srv_pid=
nginx_pid=
fossil_pid=
trap 'kill $srv_pid $nginx_pid $fossil_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

pages=(/ /actions /api/v1/actions)
names=(root actions api)

# start BIN DB [ARGS]: serve DB with BIN; sets $base.
start() {
	"$1" serve --db "$2" --port 0 --quiet "${@:3}" >"$work/srv.out" 2>"$work/srv.err" &
	srv_pid=$!
	for _ in $(seq 100); do grep -q serving "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
	base=$(grep -o 'http://[^/]*' "$work/srv.out")
}
# stop [VAR]: stop lia, after noting its peak memory so far (VmHWM, kB) in
# $peak_kb, or in VAR (the signed-in runs: a sign-in's password hash alone
# takes 64 MB for a moment, which says nothing about pages).
peak_kb=0
peak_signed_kb=0
stop() {
	local hwm var=${1:-peak_kb}
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$srv_pid/status" 2>/dev/null || echo 0)
	[ "${hwm:-0}" -gt "${!var}" ] && printf -v "$var" '%s' "$hwm"
	kill "$srv_pid" 2>/dev/null || { echo "bench/run.sh: lia had stopped by itself:" >&2; tail -5 "$work/srv.err" >&2; }
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=
}
# cpu_ticks PID: the CPU time PID and the children it waited for have used
# so far (user and system, in clock ticks: /proc/PID/stat fields 14 to 17).
cpu_ticks() {
	awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$1/stat"
}
# rps URL [wrk options]: prints the requests per second, the p50 and the p99
# latency.
# With $cpu_pid set: also the CPU milliseconds that process (and its
# children: Fossil's server forks one per request) used per request.
# A failure (wrk answered nothing, the process is gone) is said on stderr
# and shows as "-" in the table: this runs in $(...), which set -e leaves.
cpu_pid=
rps() {
	local t0= t1= out
	[ -n "$cpu_pid" ] && t0=$(cpu_ticks "$cpu_pid" 2>/dev/null)
	out=$(wrk -t2 -c32 -d"${secs}s" --latency "${@:2}" "$1") || true
	[ -n "$cpu_pid" ] && t1=$(cpu_ticks "$cpu_pid" 2>/dev/null)
	awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v cpu="$cpu_pid" -v url="$1" '
		/requests in/ {n = $1} /Requests\/sec/ {r = $2} $1 == "50%" {m = $2} $1 == "99%" {l = $2}
		END {
			if (n + 0 == 0) {print "bench/run.sh: wrk got no answer from " url > "/dev/stderr"; printf "- - -"; exit}
			printf "%.0f %s %s", r, m, l
			if (cpu == "") exit
			if (t0 == "" || t1 == "") {print "bench/run.sh: process " cpu " is gone" > "/dev/stderr"; printf " -"; exit}
			printf " %.2f", 1000 * (t1 - t0) / hz / n
		}' <<<"$out"
}
# sign_in: sign in as the demo's coordinator at $base, with the password and
# the code of the second factor (the demo's key, README); prints a Cookie
# header value, and stops the run if the session does not work.
sign_in() {
	local jar=$work/jar csrf cookie
	rm -f "$jar"
	csrf=$(curl -s -c "$jar" -b "$jar" "$base/sign-in" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
		--data-urlencode "email=coordinator@example.org" --data-urlencode "password=tulp molen fiets klomp" "$base/sign-in"
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
		--data-urlencode "code=$(oathtool --totp -b LIADEMOLIADEMOLIADEMOLIADEMOLIAD)" "$base/sign-in/code"
	cookie=$(awk -F'\t' '(NF >= 7 && $1 !~ /^# / || $1 ~ /^#HttpOnly_/) && $6 ~ /session/ {printf "%s%s=%s", sep, $6, $7; sep = "; "}' "$jar")
	curl -s -o "$work/signed.html" -H "Cookie: $cookie" "$base/my-work"
	grep -q 'Marloes' "$work/signed.html" ||
		{ echo "bench/run.sh: signing in as the coordinator failed" >&2; exit 1; }
	printf '%s' "$cookie"
}
# fossil_repo FILE DB: a Fossil repository in FILE with a ticket for every
# action point of the lia database DB (code and title, status, theme as
# subsystem), made with `fossil ticket add` as a person would; everyone may
# read tickets.
fossil_repo() {
	fossil new --admin-user bench "$1" >/dev/null
	fossil user capabilities nobody gjorz -R "$1" >/dev/null
	sqlite3 -separator $'\t' "$2" "SELECT a.code || ' ' || a.title, COALESCE(s.pub_status, 'open'), t.name_nl
		FROM action_point a JOIN action_point_state s ON s.action_point_id = a.id JOIN theme t ON t.id = a.theme_id
		ORDER BY t.position, a.code" |
		while IFS=$'\t' read -r title status theme; do
			USER=bench fossil ticket add title "$title" status "$status" type Code_Defect subsystem "$theme" -R "$1" >/dev/null
		done
}

# nginx's workers run as another user when it is started as root: let them
# read the copies (mktemp -d makes a folder only its owner may enter).
chmod 755 "$work"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/www"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!

printf 'wrk -t2 -c32 -d%ss, %s, %s cores; lia: %s%s; %s\n\n' "$secs" "$(uname -m)" "$(nproc)" "$lia" \
	"${before:+, before: $before}" "$(fossil version | awk '{print "Fossil " $5}')"
printf '%-18s %6s %9s %9s %9s %9s %7s %9s %9s %8s\n' page rows bytes nginx before ready ready% made p99-made cpu-made
bench_demo_db "$work/demo.db" bench/run.sh
declare -A made_rps=() made_cpu=() fossil_rps=() fossil_cpu=() dash=()
only_signed=${BENCH_SIGNED_ONLY:-}
for n in "${sizes[@]}"; do
	cp "$work/demo.db" "$work/db$n.db"
	bench_scale_db "$work/db$n.db" "$n"
	declare -A r_before=() r_after=() r_made=() r_nginx=() size=() lat=() cpu=()
	for i in "${!pages[@]}"; do
		[ -n "$only_signed" ] && break
		if [ -n "$before" ]; then
			start "$before" "$work/db$n.db"
			curl -s -o /dev/null "$base${pages[$i]}"
			read -r r_before[$i] _ _ <<<"$(rps "$base${pages[$i]}")"
			stop
		fi
		start "$lia" "$work/db$n.db"
		curl -s -o "$work/www/${names[$i]}-$n" "$base${pages[$i]}"
		chmod 644 "$work/www/${names[$i]}-$n"
		size[$i]=$(wc -c <"$work/www/${names[$i]}-$n")
		read -r r_after[$i] _ _ <<<"$(rps "$base${pages[$i]}")"
		stop
		start "$lia" "$work/db$n.db" --cache-size 0
		curl -s -o /dev/null "$base${pages[$i]}"
		cpu_pid=$srv_pid
		read -r r_made[$i] _ lat[$i] cpu[$i] <<<"$(rps "$base${pages[$i]}")"
		cpu_pid=
		made_rps[$n${pages[$i]}]=${r_made[$i]}
		made_cpu[$n${pages[$i]}]=${cpu[$i]}
		stop
		curl -sf "http://127.0.0.1:$nport/${names[$i]}-$n" | cmp -s - "$work/www/${names[$i]}-$n" ||
			{ echo "bench/run.sh: nginx does not serve the same bytes for ${pages[$i]}" >&2; tail -3 "$work/nginx.err" >&2; exit 1; }
		read -r r_nginx[$i] _ _ <<<"$(rps "http://127.0.0.1:$nport/${names[$i]}-$n")"
		printf '%-18s %6s %9s %9s %9s %9s %6.0f%% %9s %9s %8s\n' "${pages[$i]}" "$n" "${size[$i]}" "${r_nginx[$i]}" \
			"${r_before[$i]:--}" "${r_after[$i]}" "$(awk -v a="${r_after[$i]}" -v b="${r_nginx[$i]}" 'BEGIN{print 100*a/b}')" \
			"${r_made[$i]}" "${lat[$i]}" "${cpu[$i]}"
	done
	# The signed-in coordinator's overview: from the private part of the
	# cache (the default), then made every time (--cache-size 0), with the
	# same session (it lives in the database; a code works only once).
	start "$lia" "$work/db$n.db"
	cookie=$(sign_in)
	curl -s -o /dev/null -H "Cookie: $cookie" "$base/"
	curl -s -D "$work/signed.head" -o "$work/www/signed-$n" -H "Cookie: $cookie" "$base/"
	chmod 644 "$work/www/signed-$n"
	grep -qi '^x-cache: hit' "$work/signed.head" ||
		{ echo "bench/run.sh: the signed-in overview is not served from the cache" >&2; exit 1; }
	read -r k_rps k_p50 k_lat <<<"$(rps "$base/" -H "Cookie: $cookie")"
	stop peak_signed_kb
	start "$lia" "$work/db$n.db" --cache-size 0
	curl -s -o /dev/null -H "Cookie: $cookie" "$base/"
	read -r d_rps d_p50 d_lat <<<"$(rps "$base/" -H "Cookie: $cookie")"
	stop peak_signed_kb
	# The machine's own floor for that latency: nginx serving the very bytes
	# of that signed-in overview, under the same load.
	read -r g_rps g_p50 g_lat <<<"$(rps "http://127.0.0.1:$nport/signed-$n")"
	dash[$n]="$d_rps $d_p50 $d_lat $k_rps $k_p50 $k_lat $g_rps $g_p50 $g_lat"
	printf '%-18s %6s %9s %9s %9s %9s %6.0f%% %9s %9s\n' "/ (signed in)" "$n" "$(wc -c <"$work/www/signed-$n")" \
		"$g_rps" - "$k_rps" "$(awk -v a="$k_rps" -v b="$g_rps" 'BEGIN{print 100*a/b}')" "$d_rps" "$d_lat"
	[ -n "$only_signed" ] && continue
	# Fossil's ticket report over as many tickets, served by `fossil server`.
	fossil_repo "$work/f$n.fossil" "$work/db$n.db"
	fport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	fossil server --port "$fport" --localhost "$work/f$n.fossil" >/dev/null 2>&1 &
	fossil_pid=$!
	for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$fport/rptview?rn=1" && break; sleep 0.1; done
	fbytes=$(curl -s "http://127.0.0.1:$fport/rptview?rn=1" | wc -c)
	cpu_pid=$fossil_pid
	read -r f_rps _ f_lat f_cpu <<<"$(rps "http://127.0.0.1:$fport/rptview?rn=1")"
	cpu_pid=
	fossil_rps[$n]=$f_rps
	fossil_cpu[$n]=$f_cpu
	kill "$fossil_pid"; wait "$fossil_pid" 2>/dev/null || true; fossil_pid=
	printf '%-18s %6s %9s %9s %9s %9s %7s %9s %9s %8s\n' "Fossil rptview" "$n" "$fbytes" - - - - "$f_rps" "$f_lat" "$f_cpu"
done
first=${sizes[0]}
last=${sizes[${#sizes[@]}-1]}
echo
echo "before/ready: req/s of lia with its cache of ready bytes (before: LIA_BEFORE); ready%: as a share of nginx;"
echo "made: req/s with --cache-size 0, every answer made from the database; Fossil: /rptview?rn=1, all tickets;"
echo "cpu-made: CPU milliseconds per answer (user and system) of lia, or of Fossil's server and the processes it forks;"
echo "/ (signed in): its nginx column is nginx serving the bytes of that signed-in page, ready% a share of it."
echo
for n in "${sizes[@]}"; do
	[ -n "$only_signed" ] && break
	for p in /actions /api/v1/actions; do
		awk -v n="$n" -v p="$p" -v l="${made_rps[$n$p]}" -v f="${fossil_rps[$n]}" -v lc="${made_cpu[$n$p]}" \
			-v fc="${fossil_cpu[$n]}" 'BEGIN {printf "made %-16s %6d rows: %6.0f req/s, Fossil %6.0f: %5.2fx Fossil (target: at least 3x);" \
			" CPU per answer %.2f ms, Fossil %.2f ms\n", p, n, l, f, l / f, lc, fc}'
	done
done
if [ "$first" != "$last" ] && [ -z "$only_signed" ]; then
	awk -v a="${made_rps[$first/actions]}" -v b="${made_rps[$last/actions]}" -v fa="${fossil_rps[$first]}" \
		-v fb="${fossil_rps[$last]}" -v n0="$first" -v n1="$last" 'BEGIN {
		printf "growth %d -> %d rows (%.0fx the data): lia made /actions %.1fx the time, Fossil %.1fx (target: at most %.1fx)\n",
			n0, n1, n1 / n0, a / b, fa / fb, 1.1 * n1 / n0 }'
fi
for n in "${sizes[@]}"; do
	read -r d_rps d_p50 d_lat k_rps k_p50 k_lat g_rps g_p50 g_lat <<<"${dash[$n]}"
	echo "signed-in overview, $n rows, ready: $k_rps req/s, p50 $k_p50, p99 $k_lat at 32 connections (target: p99 under 5 ms)"
	echo "signed-in overview, $n rows, nginx serving its bytes: $g_rps req/s, p50 $g_p50, p99 $g_lat at 32 connections"
	echo "signed-in overview, $n rows, made:  $d_rps req/s, p50 $d_p50, p99 $d_lat at 32 connections"
done
awk -v k="$peak_kb" 'BEGIN {printf "peak memory of lia serve (VmHWM) serving the pages above without a sign-in: %.1f MB (target: under 64 MB)\n", k / 1024}'
awk -v k="$peak_signed_kb" 'BEGIN {printf "peak memory with a sign-in (the password hash takes 64 MB for a moment): %.1f MB\n", k / 1024}'
