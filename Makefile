# Thin wrapper around Meson so the README's two commands stay short.
#   make demo   install what is missing, build (optimised), serve the demo programme
#   make check  install what is missing, build, run every test: on SQLite under
#               AddressSanitizer and UndefinedBehaviorSanitizer, on PostgreSQL
#               on the normal build
# Parts of check: unit-pg and http-pg (the unit and HTTP tests on PostgreSQL,
# in a throwaway cluster that tests/lib/pg.sh starts and stops), asan (unit:
# Criterion and fuzz corpora, http: node HTTP tests, e2e: browser tests, on
# the sanitizer build). unit, http and e2e run the same on the normal build,
# for a quicker look while working. Also: deps, build, bench, po, clean.

BUILD ?= build
ASAN_BUILD ?= build-asan
INSTALL_BUILD ?= build-release
PORT ?= 8080
# Test files run side by side, each with its own server, port and database.
JOBS ?= 2
NODE_TEST = node --test --test-concurrency=$(JOBS)
# The HTTP test files wait more than they compute (a server starting, a
# writer held on purpose, a client that is slow on purpose, the cluster's
# round trips), so one more file runs beside them than there are JOBS.
HTTP_JOBS ?= $(shell echo $$(($(JOBS) + 1)))
# The slowest HTTP test files first (node starts them in the order given): a
# file of minutes that started last would run alone at the end.
HTTP_SLOW = $(patsubst %,tests/http/%.test.mjs,import_writes private_cache migrate contract mail postgres auth municipalities)
HTTP_FILES = $(HTTP_SLOW) $(filter-out $(HTTP_SLOW),$(sort $(wildcard tests/http/*.test.mjs)))
NODE_TEST_HTTP = node --test --test-concurrency=$(HTTP_JOBS)
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0

.PHONY: all deps build release demo check unit http unit-pg http-pg memory e2e screenshots asan bench po clean

all: build

deps:
	@tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --native-file native/dev.ini

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --native-file native/asan.ini

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# An optimised build (no debug checks, -O3) for serving: `make demo`, the
# benchmarks and `make install` use it; tests use $(BUILD) and $(ASAN_BUILD).
# Its directory is INSTALL_BUILD (the install block below sets it up).
release: deps $(INSTALL_BUILD)/build.ninja
	meson compile -C $(INSTALL_BUILD) lia:executable lia-gmo

demo: release
	$(INSTALL_BUILD)/lia demo --port $(PORT)

# Every test once per engine: PostgreSQL on the normal build, then SQLite on
# the sanitizer build (which also checks memory and undefined behaviour; the
# same tests on the normal build would add nothing but time). The sanitizer
# build compiles (niced, its output in $(ASAN_BUILD)/compile.log) while the
# PostgreSQL stages run, which leave the processors idle part of the time.
# Each stage says how long it took.
check: build $(ASAN_BUILD)/build.ninja
	@stage() { t=$$(date +%s); $(MAKE) --no-print-directory $$1 || return 1; \
	  echo "check: $$1 took $$(($$(date +%s) - t)) s"; }; \
	nice -n 15 meson compile -C $(ASAN_BUILD) >$(ASAN_BUILD)/compile.log 2>&1 & pid=$$!; \
	rc=0; { stage unit-pg && stage http-pg && stage memory; } || rc=$$?; \
	wait $$pid || { cat $(ASAN_BUILD)/compile.log; echo "check: the sanitizer build failed" >&2; exit 1; }; \
	[ $$rc -eq 0 ] || exit $$rc; \
	stage asan

unit: build
	meson test -C $(BUILD) --print-errorlogs --num-processes $(JOBS)

http: build
	LIA_BIN=$(abspath $(BUILD))/lia $(NODE_TEST_HTTP) $(HTTP_FILES)

# The unit tests that use a database, run again on PostgreSQL (LIA_TEST_DB=pg:
# tests/unit/fixture.c makes each test's database in the cluster). The others
# (templates, parsers, PDF, translations) never touch a database.
UNIT_PG = db store version w_actions w_admin w_people w_themes import routes find cycle privacy tenancy national

# A round trip per query: the import tests take several times longer than on
# SQLite, so they get a longer time limit (meson's default is 30 s).
unit-pg: build
	tests/lib/pg.sh run meson test -C $(BUILD) --print-errorlogs --num-processes $(JOBS) --timeout-multiplier 4 $(UNIT_PG)

# Every HTTP test file on PostgreSQL (tests/lib/server.mjs gives each server
# its own database in the cluster).
http-pg: build
	tests/lib/pg.sh run env LIA_BIN=$(abspath $(BUILD))/lia $(NODE_TEST_HTTP) $(HTTP_FILES)

# The one HTTP test the sanitizer build skips (it measures lia's own peak
# memory), on SQLite on the normal build; http-pg runs it on PostgreSQL.
memory: build
	LIA_BIN=$(abspath $(BUILD))/lia $(NODE_TEST) tests/http/upload_memory.test.mjs

e2e: build
	LIA_BIN=$(abspath $(BUILD))/lia $(NODE_TEST) tests/e2e

# The browser tests with a screenshot of every page they visit, for people to
# look at, in tests/output/screenshots (the tests take them only when asked).
screenshots: build
	LIA_SCREENSHOTS=1 LIA_BIN=$(abspath $(BUILD))/lia $(NODE_TEST) tests/e2e

asan: deps $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	$(SAN_ENV) meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes $(JOBS)
	$(SAN_ENV) LIA_BIN=$(abspath $(ASAN_BUILD))/lia $(NODE_TEST_HTTP) $(HTTP_FILES)
	$(SAN_ENV) LIA_BIN=$(abspath $(ASAN_BUILD))/lia $(NODE_TEST) tests/e2e

# BENCH_BEFORE=REV also measures lia as it was at REV (bench/before.sh),
# side by side in the same run; BENCH_SECS is the time per measurement.
# SCALE_SIZES: the numbers of municipalities bench/scale.sh makes (one
# deployment each, both engines; 342 takes about 7 minutes on SQLite alone).
BENCH_SECS ?= 10
BENCH_BEFORE ?=
SCALE_SIZES ?= 34 342
bench: release
	LIA_BIN=$(INSTALL_BUILD)/lia $(if $(BENCH_BEFORE),LIA_BEFORE=$$(bench/before.sh $(BENCH_BEFORE))) bench/run.sh $(BENCH_SECS)
	LIA_BIN=$(INSTALL_BUILD)/lia bench/import.sh
	LIA_BIN=$(INSTALL_BUILD)/lia bench/import_readers.sh
	LIA_BIN=$(INSTALL_BUILD)/lia CACHE_MB=32 bench/import_readers.sh
	tests/lib/pg.sh run env LIA_BIN=$(abspath $(INSTALL_BUILD))/lia bench/pg_version.sh
	LIA_BIN=$(INSTALL_BUILD)/lia bench/report.sh
	LIA_BIN=$(INSTALL_BUILD)/lia bench/scale.sh $(BENCH_SECS) $(SCALE_SIZES)

# Update po/*.po from the sources: po/POTFILES lists every C file with
# translatable text (made here, not by hand). English msgids are the English
# text, so en.po is regenerated with msgstr = msgid; nl.po keeps its translations.
po: $(BUILD)/build.ninja
	grep -rl --include='*.c' --include='*.h' -e 'N_(' -e 'TR(' -e 'TRN(' src | LC_ALL=C sort > po/POTFILES
	meson compile -C $(BUILD) lia-pot lia-update-po
	msginit --no-translator -l en_GB.UTF-8 -i po/lia.pot -o po/en.po
	sed -i 's/charset=ASCII/charset=UTF-8/' po/en.po
	@n=$$( (msgattrib --untranslated --no-obsolete po/nl.po; msgattrib --only-fuzzy --no-obsolete po/nl.po) | grep -c '^msgid'); \
	  [ "$$n" -le 2 ] || echo "po/nl.po has untranslated or fuzzy messages: translate them"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# ---- install (branch ops: keep this block separate) -------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the lia binary and its
# translations (a release build configured for PREFIX, in $(INSTALL_BUILD)),
# a man page per command (man/), the systemd unit with its paths filled in
# and the sysusers.d entry for the user it runs as (dist/). docs/install.md
# says what to do next.
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BUILD ?= build-release
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
UNITDIR = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d

.PHONY: install

$(INSTALL_BUILD)/build.ninja:
	meson setup $(INSTALL_BUILD) --buildtype=release --prefix=$(PREFIX)

install: $(INSTALL_BUILD)/build.ninja
	meson configure $(INSTALL_BUILD) -Dprefix=$(PREFIX)
	meson compile -C $(INSTALL_BUILD) lia:executable lia-gmo
	meson install -C $(INSTALL_BUILD) --no-rebuild $(if $(DESTDIR),--destdir $(abspath $(DESTDIR)))
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@UNITDIR@|$(UNITDIR)|g' dist/lia.service.in > $(DESTDIR)$(UNITDIR)/lia.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/lia.service
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@UNITDIR@|$(UNITDIR)|g' dist/lia-purge.service.in > $(DESTDIR)$(UNITDIR)/lia-purge.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/lia-purge.service
	install -m 0644 dist/lia-purge.timer $(DESTDIR)$(UNITDIR)/lia-purge.timer
	install -m 0644 dist/lia.sysusers $(DESTDIR)$(SYSUSERSDIR)/lia.conf
