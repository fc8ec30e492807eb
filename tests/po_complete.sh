#!/bin/sh
# Every user-visible string in the sources is in po/nl.po and translated
# (not fuzzy), and both catalogues compile. Run `make po` and translate when
# this fails.
set -eu
src=${1:?source dir}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A source file with user-visible text that po/POTFILES does not list would
# never be translated: every such file must be listed.
missing=$(grep -rl --include='*.c' -e 'N_(' -e 'TR(' -e 'TRN(' src | sort | while read -r f; do
	grep -qx "$f" po/POTFILES || echo "$f"
done)
if [ -n "$missing" ]; then
	echo "po/POTFILES does not list these files with translatable text:"
	echo "$missing"
	echo "1 failed"
	exit 1
fi
xgettext --keyword=TR:2 --keyword=TRN:2,3 --keyword=N_ --from-code=UTF-8 -o "$tmp/lia.pot" -f po/POTFILES
for po in po/nl.po po/en.po; do
	msgfmt --check -o /dev/null "$po"
	msgcmp --use-untranslated "$po" "$tmp/lia.pot"
done
left=$( (msgattrib --untranslated --no-obsolete po/nl.po; msgattrib --only-fuzzy --no-obsolete po/nl.po) | grep -c '^msgid' || true)
# Each msgattrib output that is not empty repeats the header entry.
if [ "$left" -gt 2 ] || { [ "$left" -gt 0 ] && (msgattrib --untranslated --no-obsolete po/nl.po; msgattrib --only-fuzzy --no-obsolete po/nl.po) | grep -q '^msgid "[^"]'; }; then
	echo "po/nl.po has untranslated or fuzzy messages:"
	msgattrib --untranslated --no-obsolete po/nl.po | grep -A2 '^msgid' | head -40
	msgattrib --only-fuzzy --no-obsolete po/nl.po | grep -A2 '^msgid' | head -40
	echo "1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
