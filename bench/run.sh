#!/usr/bin/env bash
# Benchmarks: requests per second of lia's pages under wrk, side by side with
# nginx serving the very same bytes as static files (the practical limit), on
# this machine in one run: the overview /, the list /actions and the API
# /api/v1/actions, for a programme of 500 and of 5,000 action points (the
# demo's and copies of them, bench/demo_db.sh). Each page is asked for once
# before it is measured, so lia answers from its cache of ready bytes when
# it has one. wrk sends no Accept-Encoding: everyone sends the same
# uncompressed bytes.
#
# LIA_BIN is the binary measured (default build-release/lia, `make release`);
# LIA_BEFORE, when set, an earlier build measured the same way in the same
# run (bench/before.sh REV builds one). Prints a table; ratios matter more
# than absolutes, and the machine's other load shows in them.
# Usage: bench/run.sh [seconds] [sizes...]   (needs wrk, nginx, sqlite3: make deps)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
sizes=("${@:-500 5000}")
read -r -a sizes <<<"${sizes[*]}"
lia=${LIA_BIN:-build-release/lia}
before=${LIA_BEFORE:-}
for tool in wrk nginx sqlite3 curl; do
	command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing (make deps installs it)" >&2; exit 1; }
done
. bench/demo_db.sh
srv_pid=
nginx_pid=
trap 'kill $srv_pid $nginx_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

pages=(/ /actions /api/v1/actions)
names=(root actions api)

# start BIN DB: serve DB with BIN; sets $base.
start() {
	"$1" serve --db "$2" --port 0 --quiet >"$work/srv.out" 2>"$work/srv.err" &
	srv_pid=$!
	for _ in $(seq 100); do grep -q serving "$work/srv.out" 2>/dev/null && break; sleep 0.1; done
	base=$(grep -o 'http://[^/]*' "$work/srv.out")
}
stop() {
	kill "$srv_pid" 2>/dev/null || { echo "bench/run.sh: lia had stopped by itself:" >&2; tail -5 "$work/srv.err" >&2; }
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=
}
# rps URL: prints the requests per second and the p99 latency.
rps() {
	wrk -t2 -c32 -d"${secs}s" --latency "$1" | awk '/Requests\/sec/ {r = $2} $1 == "99%" {l = $2} END {printf "%.0f %s", r, l}'
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

printf 'wrk -t2 -c32 -d%ss, %s, %s cores; lia: %s%s\n\n' "$secs" "$(uname -m)" "$(nproc)" "$lia" "${before:+, before: $before}"
printf '%-18s %6s %9s %9s %9s %9s %7s %9s\n' page rows bytes nginx before after after% p99-after
bench_demo_db "$work/demo.db" bench/run.sh
for n in "${sizes[@]}"; do
	cp "$work/demo.db" "$work/db$n.db"
	bench_scale_db "$work/db$n.db" "$n"
	declare -A r_before=() r_after=() r_nginx=() size=() lat=()
	for i in "${!pages[@]}"; do
		if [ -n "$before" ]; then
			start "$before" "$work/db$n.db"
			curl -s -o /dev/null "$base${pages[$i]}"
			read -r r_before[$i] _ <<<"$(rps "$base${pages[$i]}")"
			stop
		fi
		start "$lia" "$work/db$n.db"
		curl -s -o "$work/www/${names[$i]}-$n" "$base${pages[$i]}"
		chmod 644 "$work/www/${names[$i]}-$n"
		size[$i]=$(wc -c <"$work/www/${names[$i]}-$n")
		read -r r_after[$i] lat[$i] <<<"$(rps "$base${pages[$i]}")"
		stop
		curl -sf "http://127.0.0.1:$nport/${names[$i]}-$n" | cmp -s - "$work/www/${names[$i]}-$n" ||
			{ echo "bench/run.sh: nginx does not serve the same bytes for ${pages[$i]}" >&2; tail -3 "$work/nginx.err" >&2; exit 1; }
		read -r r_nginx[$i] _ <<<"$(rps "http://127.0.0.1:$nport/${names[$i]}-$n")"
		printf '%-18s %6s %9s %9s %9s %9s %6.0f%% %9s\n' "${pages[$i]}" "$n" "${size[$i]}" "${r_nginx[$i]}" \
			"${r_before[$i]:--}" "${r_after[$i]}" "$(awk -v a="${r_after[$i]}" -v b="${r_nginx[$i]}" 'BEGIN{print 100*a/b}')" "${lat[$i]}"
	done
done
echo
echo "before/after: req/s of lia without and with this build; after%: after as a share of nginx."
