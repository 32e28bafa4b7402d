# Every scenario file under scenarios/ validates, and its effective text
# validates again to the same text.
. "$(dirname "$0")/lib.sh"
n=0
while IFS= read -r f; do
	"$W" validate "$f" > "$tmp/eff.cfg" || die "$f does not validate"
	"$W" validate "$tmp/eff.cfg" > "$tmp/eff2.cfg" || die "effective text of $f does not validate"
	cmp -s "$tmp/eff.cfg" "$tmp/eff2.cfg" || die "effective text of $f is not stable"
	n=$((n + 1))
done < <(find scenarios -name '*.cfg' | sort)
[ "$n" -gt 0 ] || die "no scenarios found"
echo "$n scenario files validate"
