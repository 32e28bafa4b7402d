# model/SETTINGS.md is the reference of every scenario setting; it must be
# what `wijksim settings --markdown` prints (regenerate: make settings-doc).
. "$(dirname "$0")/lib.sh"
"$W" settings --markdown > "$tmp/settings.md"
if ! diff -u model/SETTINGS.md "$tmp/settings.md" > "$tmp/diff"; then
	head -n 40 "$tmp/diff" >&2
	die "model/SETTINGS.md is out of date: run make settings-doc"
fi
echo "model/SETTINGS.md matches the schema ($(grep -c '^| `' model/SETTINGS.md) settings)"
