#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the tests: made in a temporary folder,
# listening on 127.0.0.1 on a free port, run as an unprivileged user, removed
# when stopped. No mock, no outside service.
#
#   eval "$(tests/lib/pg.sh start)"   # sets LIA_TEST_PG_DIR, LIA_TEST_PG (the URI, as the superuser
#                                      # postgres) and LIA_TEST_PG_USER (as the ordinary role lia)
#   ... LIA_TEST_DB=pg make unit ...   # every test program makes its own databases in it
#   tests/lib/pg.sh stop "$LIA_TEST_PG_DIR"
#
#   tests/lib/pg.sh run CMD ARGS...    # start, run CMD with LIA_TEST_DB=pg and the
#                                      # URI in its environment, stop; CMD's exit code
#
# As root (CI), the cluster runs as the postgres user (initdb refuses root);
# otherwise as whoever runs this. Durability is off (fsync): the data lives
# only as long as the test run.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# A free TCP port on 127.0.0.1: bind to port 0 and read what the kernel gave.
free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

start() {
	dir=$(mktemp -d "${TMPDIR:-/tmp}/lia-pg-XXXXXX")
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --locale=C --encoding=UTF8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		rm -rf "$dir"
		exit 1
	}
	# Another process may take the port between free_port and the start: try again.
	for attempt in 1 2 3 4 5; do
		port=$(free_port)
		if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
			-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
			    -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
			    -c shared_buffers=64MB" >/dev/null 2>&1; then
			# An ordinary role as lia should run under (no superuser, no
			# BYPASSRLS): row-level security applies to it (0018).
			as_owner "$PGBIN/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
				-c "CREATE ROLE lia LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS" >/dev/null
			echo "LIA_TEST_PG_DIR=$dir; export LIA_TEST_PG_DIR"
			echo "LIA_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres; export LIA_TEST_PG"
			echo "LIA_TEST_PG_USER=postgresql://lia@127.0.0.1:$port/postgres; export LIA_TEST_PG_USER"
			# A local throwaway cluster: no TLS or Kerberos set-up in every client.
			echo "PGSSLMODE=disable; export PGSSLMODE; PGGSSENCMODE=disable; export PGGSSENCMODE"
			return 0
		fi
	done
	cat "$dir/server.log" >&2
	rm -rf "$dir"
	exit 1
}

stop() {
	dir=$1
	case "$dir" in
	*/lia-pg-*) ;;
	*) echo "pg.sh: $dir is not a cluster made by pg.sh" >&2; exit 2 ;;
	esac
	as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:?usage: pg.sh stop DIR}" ;;
run)
	shift
	eval "$(start)"
	trap 'stop "$LIA_TEST_PG_DIR"' EXIT INT TERM
	rc=0
	LIA_TEST_DB=pg "$@" || rc=$?
	exit $rc
	;;
*) echo "usage: pg.sh start | stop DIR | run CMD ARGS..." >&2; exit 2 ;;
esac
