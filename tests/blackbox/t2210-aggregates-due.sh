#!/bin/bash
# t2210-aggregates-due: `danvan aggregates check` covers the "overdue now" counts (case_due_agg:
# each open case at the due day of its earliest running clock, in its area and every ancestor)
# and each case's counted day (citizen_case.counted_due, due_dirty): on the demo they match the
# facts; a changed, a deleted and a made-up case_due_agg row, a wrong counted day and a mark left
# set are each reported by key, with the stored figure and the one from the facts, and fail the
# check; `danvan aggregates rebuild` repairs all of them.
. "$(dirname "$0")/lib.sh"
make_demo

dv aggregates check --db "$DB"
assert_rc 0 "danvan aggregates check on the demo"
grep -q "match the facts" "$T/out" && ok "the check says the aggregates match" ||
	not_ok "aggregates check: $(head -5 "$T/out" "$T/err")"
[ "$(sql "SELECT count(*) FROM case_due_agg WHERE n > 0")" -gt 1 ] ||
	bail "the demo has no open case with a running clock"

# the row of the nation (the root area) for the earliest day, and another row to delete
read -r CHG_AREA CHG_DAY CHG_N < <(sql "SELECT area_id, due_day, n FROM case_due_agg WHERE n > 0
	ORDER BY area_id, due_day LIMIT 1" | tr '\t' ' ')
read -r DEL_AREA DEL_DAY DEL_N < <(sql "SELECT area_id, due_day, n FROM case_due_agg WHERE n > 0
	ORDER BY area_id DESC, due_day DESC LIMIT 1" | tr '\t' ' ')
[ "$CHG_AREA $CHG_DAY" != "$DEL_AREA $DEL_DAY" ] || bail "the demo has a single case_due_agg row"
# an open case with a clock: its counted day made wrong; another one marked and left so
read -r CASE_A DAY_A < <(sql "SELECT id, counted_due FROM citizen_case WHERE counted_due IS NOT NULL
	ORDER BY id LIMIT 1" | tr '\t' ' ')
CASE_B=$(sql "SELECT id FROM citizen_case WHERE counted_due IS NOT NULL AND id <> ? ORDER BY id
	LIMIT 1" "$CASE_A")
[ -n "$CASE_A" ] && [ -n "$CASE_B" ] || bail "the demo has fewer than two open cases with clocks"
ROOT=$(sql "SELECT id FROM area WHERE parent_id IS NULL ORDER BY id LIMIT 1")
note "changed: area $CHG_AREA $CHG_DAY ($CHG_N); deleted: area $DEL_AREA $DEL_DAY ($DEL_N);" \
	"case $CASE_A counted $DAY_A; case $CASE_B marked"

sqlw "UPDATE case_due_agg SET n = n + 2 WHERE area_id = $CHG_AREA AND due_day = '$CHG_DAY'"
sqlw "DELETE FROM case_due_agg WHERE area_id = $DEL_AREA AND due_day = '$DEL_DAY'"
sqlw "INSERT INTO case_due_agg (area_id, due_day, n) VALUES ($ROOT, '1999-01-01', 4)"
sqlw "UPDATE citizen_case SET counted_due = '2000-02-02' WHERE id = $CASE_A"
sqlw "UPDATE citizen_case SET due_dirty = 1 WHERE id = $CASE_B"

dv aggregates check --db "$DB"
assert_rc 1 "a corrupted case_due_agg and counted day fail the check"
has() { # REGEX MSG
	if grep -qE "$1" "$T/out"; then ok "$2"; else not_ok "$2: no line matching '$1' in:"; sed 's/^/#   /' "$T/out" | head -12; fi
}
has "^case_due_agg area_id=$CHG_AREA due_day=$CHG_DAY: n stored $((CHG_N + 2)), from the facts $CHG_N$" \
	"the changed row is named with both figures"
has "^case_due_agg area_id=$DEL_AREA due_day=$DEL_DAY: n stored 0, from the facts $DEL_N$" \
	"the deleted row is named"
has "^case_due_agg area_id=$ROOT due_day=1999-01-01: n stored 4, from the facts 0$" \
	"the made-up row is named"
has "^citizen_case.counted_due case_id=$CASE_A due_day=2000-02-02: counted stored 1, from the facts 0$" \
	"the wrong counted day is named"
has "^citizen_case.counted_due case_id=$CASE_A due_day=$DAY_A: counted stored 0, from the facts 1$" \
	"the right counted day is named as missing"
has "^citizen_case.counted_due case_id=$CASE_B due_day=[0-9-]+: due_dirty stored 1, from the facts 0$" \
	"a mark left set is named"
assert_match "6 aggregate rows differ" "$(cat "$T/err")" \
	"the error counts the differences"

dv aggregates rebuild --db "$DB"
assert_rc 0 "danvan aggregates rebuild"
dv aggregates check --db "$DB"
assert_rc 0 "after the rebuild the aggregates match the facts again"
assert_eq "$CHG_N" "$(sql "SELECT n FROM case_due_agg WHERE area_id = ? AND due_day = ?" "$CHG_AREA" "$CHG_DAY")" \
	"the changed row has its figure back"
assert_eq "$DEL_N" "$(sql "SELECT n FROM case_due_agg WHERE area_id = ? AND due_day = ?" "$DEL_AREA" "$DEL_DAY")" \
	"the deleted row is back"
assert_eq "0" "$(sql "SELECT count(*) FROM case_due_agg WHERE due_day = '1999-01-01' AND n <> 0")" \
	"the made-up row counts nothing"
assert_eq "$DAY_A 0" "$(sql "SELECT counted_due, due_dirty FROM citizen_case WHERE id = ?" "$CASE_A" | tr '\t' ' ')" \
	"the counted day is right again"
assert_eq "0" "$(sql "SELECT due_dirty FROM citizen_case WHERE id = ?" "$CASE_B")" "the mark is cleared"

done_testing
