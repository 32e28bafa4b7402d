# Common random numbers: two scenarios in one run that differ only in
# routing get identical need arrivals (needs_new); their outcomes differ.
. "$(dirname "$0")/lib.sh"
a=$(small routing_a)
sed -e 's/^name = "baseline";/name = "routing_b";/' \
    -e 's/name = "ha_sociaal_naar_wijkteam"; at = "huisarts"; needs = \["schulden", "eenzaamheid"\];/name = "ha_sociaal_naar_wijkteam"; at = "huisarts"; needs = ["schulden"];/' \
    scenarios/baseline.cfg > "$tmp/b.cfg"
grep -q 'needs = \["schulden"\];' "$tmp/b.cfg" || die "test setup: routing change not applied"
"$W" run "$a" "$tmp/b.cfg" -o "$tmp/crn.h5" --days 120 -r 3 --quiet --set world.residents_per_wijk=4000
$PY tests/h5same.py "$tmp/crn.h5" "$tmp/crn.h5" --scenarios routing_a,routing_b --only needs_new \
	|| die "needs_new differs between scenarios with the same demand"
if $PY tests/h5same.py "$tmp/crn.h5" "$tmp/crn.h5" --scenarios routing_a,routing_b --only referrals >/dev/null; then
	die "routing change had no effect on referrals"
fi
echo "common random numbers ok"
