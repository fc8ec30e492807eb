#!/usr/bin/env bash
# Benchmarks: requests per second of lia's pages under wrk, side by side with
# nginx serving the same bytes as a static file (the practical limit), on this
# machine in one run. Prints a table; ratios matter more than absolutes.
# Usage: bench/run.sh [seconds]   (needs wrk and nginx: make deps)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
lia=${LIA_BIN:-build/lia}
work=$(mktemp -d)
trap 'kill $lia_pid $nginx_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

"$lia" demo --db "$work/demo.db" --port 0 --quiet >"$work/lia.out" 2>"$work/lia.err" &
lia_pid=$!
for _ in $(seq 50); do grep -q serving "$work/lia.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[^/]*' "$work/lia.out")

# nginx serving the dashboard's bytes as a static file, on a free port.
mkdir -p "$work/www"
curl -s "$base/" >"$work/www/index.html"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
sleep 0.5

run() { # name url
	local out rps lat
	out=$(wrk -t2 -c32 -d"${secs}s" --latency "$2")
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	lat=$(awk '$1=="99%" {print $2}' <<<"$out")
	printf '%-34s %12s %10s\n' "$1" "$rps" "$lat"
	echo "$rps" >"$work/rps.$3"
}

printf 'wrk -t2 -c32 -d%ss on %s (%s cores)\n\n' "$secs" "$(uname -m)" "$(nproc)"
printf '%-34s %12s %10s\n' "what" "req/s" "p99"
run "lia dashboard /" "$base/" lia
run "nginx static copy of /" "http://127.0.0.1:$nport/index.html" nginx
run "lia action point /actions/1" "$base/actions/1" action
run "lia JSON /api/v1/" "$base/api/v1/" json
run "lia CSS /static/lia.css" "$base/static/lia.css" css
echo
awk -v a="$(cat "$work/rps.lia")" -v b="$(cat "$work/rps.nginx")" \
	'BEGIN { printf "dashboard vs nginx static: %.2f (%.0f%% of the static limit)\n", a / b, 100 * a / b }'
echo "dashboard size: $(wc -c <"$work/www/index.html") bytes"
