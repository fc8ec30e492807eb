# Sourced (not run) by bench/import.sh and bench/report.sh, after they set
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
