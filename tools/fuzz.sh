#!/bin/sh
# fuzz.sh: run one fuzz target under libFuzzer for real, then merge what it
# found into its corpus in the repository (tests/fuzz/corpus/NAME), which
# `meson test` replays. The library is built once with clang's coverage and
# the address and undefined-behaviour sanitizers in build-fuzz/ (outside the
# normal build). One target at a time, at low priority: fuzzing takes a core.
#
#   tools/fuzz.sh NAME [SECONDS]     e.g. tools/fuzz.sh letter 600
#
# A finding is written to build-fuzz/NAME-artifacts/ and the script exits 1:
# fix it, add the input to the corpus (it then guards the fix) and run again.
set -eu
name=${1:?usage: tools/fuzz.sh NAME [SECONDS]}
secs=${2:-600}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build-fuzz
cd "$top"
# fontconfig keeps its caches to the end (targets that make PDFs): not a leak of lia's.
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
[ -f "tests/fuzz/fuzz_$name.c" ] || { echo "no fuzz target tests/fuzz/fuzz_$name.c" >&2; exit 2; }
if [ ! -f "$out/build.ninja" ]; then
	CC=clang meson setup "$out" -Dwerror=false -Dbuildtype=plain \
		-Dc_args="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" \
		-Dc_link_args="-fsanitize=address,undefined" >/dev/null
fi
nice -n 19 ninja -C "$out" liblia.a >/dev/null
# The libraries of meson.build's deps.
libs="$(pkg-config --libs jansson libsodium libmicrohttpd sqlite3 libcmark cairo pangocairo libxml-2.0 zlib libbrotlienc libpq) -lcsv -lhyphen -lstemmer -lm -lpthread"
# shellcheck disable=SC2086
nice -n 19 clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -I"$out" \
	-o "$out/fuzz_$name" "tests/fuzz/fuzz_$name.c" "$out/liblia.a" $libs
mkdir -p "$out/$name-corpus" "$out/$name-artifacts"
status=0
nice -n 19 "$out/fuzz_$name" -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$out/$name-artifacts/" "$out/$name-corpus" "tests/fuzz/corpus/$name" || status=1
nice -n 19 "$out/fuzz_$name" -merge=1 "tests/fuzz/corpus/$name" "$out/$name-corpus"
exit $status
