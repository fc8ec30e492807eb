#!/usr/bin/env bash
# Build lia as it was at a git revision (default: the merge base with main),
# release build, to compare with in bench/run.sh (LIA_BEFORE). Prints the
# path of the binary. The sources are exported with git archive into
# build-before/REV (kept, so a second run only checks it is built).
# Usage: bench/before.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=$(git rev-parse --short "${1:-$(git merge-base HEAD main)}")
dir=build-before/$rev
if [ ! -x "$dir/build/lia" ]; then
	mkdir -p "$dir/src"
	git archive "$rev" | tar -x -C "$dir/src"
	meson setup "$dir/build" "$dir/src" --buildtype=release >"$dir/setup.log"
	meson compile -C "$dir/build" lia:executable >"$dir/compile.log"
fi
echo "$PWD/$dir/build/lia"
