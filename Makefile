# Thin wrapper around Meson so the README's two commands stay short.
#   make demo   install what is missing, build, serve the demo programme
#   make check  install what is missing, build, run every test (also under
#               AddressSanitizer and UndefinedBehaviorSanitizer)
# Other targets: deps, build, unit, http, e2e, asan, bench, po, clean.

BUILD ?= build
ASAN_BUILD ?= build-asan
PORT ?= 8080
NODE_TESTS ?= tests/http tests/e2e

.PHONY: all deps build demo check unit node asan bench po clean

all: build

deps:
	@tools/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --native-file native/dev.ini

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --native-file native/asan.ini

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

demo: build
	$(BUILD)/lia demo --port $(PORT)

# Unit tests (Criterion) and the HTTP and browser tests (node), first on the
# normal build, then on the sanitizer build.
check: deps $(BUILD)/build.ninja $(ASAN_BUILD)/build.ninja
	meson compile -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs
	LIA_BIN=$(abspath $(BUILD))/lia node --test --test-concurrency=1 $(NODE_TESTS)
	meson compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	  meson test -C $(ASAN_BUILD) --print-errorlogs
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	  LIA_BIN=$(abspath $(ASAN_BUILD))/lia node --test --test-concurrency=1 $(NODE_TESTS)

bench: build
	bench/run.sh
	bench/import.sh
	bench/report.sh

# Update po/*.po from the sources. English msgids are the English text, so
# en.po is regenerated with msgstr = msgid; nl.po keeps its translations.
po: $(BUILD)/build.ninja
	meson compile -C $(BUILD) lia-pot lia-update-po
	msginit --no-translator -l en_GB.UTF-8 -i po/lia.pot -o po/en.po
	sed -i 's/charset=ASCII/charset=UTF-8/' po/en.po
	@n=$$( (msgattrib --untranslated --no-obsolete po/nl.po; msgattrib --only-fuzzy --no-obsolete po/nl.po) | grep -c '^msgid'); \
	  [ "$$n" -le 2 ] || echo "po/nl.po has untranslated or fuzzy messages: translate them"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
