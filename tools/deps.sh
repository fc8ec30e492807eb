#!/bin/sh
# Installs what lia needs on Debian 12: the packages in deps/debian-packages.txt
# that are missing, the Dutch and English locales (for translated pages), and
# the browser-test packages from npm. Safe to run again: it only adds what is
# missing. Needs root (or sudo) for apt-get.
set -eu
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
		echo "deps: run as root (or install sudo) to install packages" >&2; exit 1
	fi
fi

missing=""
for p in $(grep -v '^#' deps/debian-packages.txt); do
	# nodejs and npm may come from elsewhere; only install them if absent.
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -q '^installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q -o DPkg::Lock::Timeout=600
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 $missing
fi

# Locales: lia picks the language per request with uselocale(); glibc needs
# the locale data for that.
need_locale=""
for l in nl_NL en_GB; do
	locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$" || need_locale="$need_locale $l"
done
if [ -n "$need_locale" ]; then
	for l in $need_locale; do
		grep -q "^$l.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null ||
			echo "$l.UTF-8 UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
	done
	$sudo locale-gen >/dev/null
fi

# Browser tests: playwright-core and axe-core, pinned by tests/package-lock.json.
# A tests/node_modules that is a link belongs to another checkout (a git
# worktree sharing it): npm ci would empty that one, so it is left alone.
if [ -L tests/node_modules ]; then
	:
elif [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
	(cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
