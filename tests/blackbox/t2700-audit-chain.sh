#!/bin/bash
# t2700-audit-chain: `danvan audit verify` on a demo that the server has written to: intact, its
# last hash as an anchor; then rows edited, deleted, cut from the end, forged and the head
# removed straight in the database, each reported at the first broken record (exit 1), and
# intact again once repaired; a rewritten chain is caught by the anchor; bad arguments are 2.
. "$(dirname "$0")/lib.sh"

make_demo
start_server
# some audited writes through the server: sign-ins, a citizen's case, a staff action
submit_public feedback "topic=environment" "area=00004" "title=Rác thải ứ đọng" \
	"description=Rác không được thu gom ba ngày nay." "name=Lê Văn Kiểm" "contact=0912000111"
ID=$(case_id_of "$TRACK")
[ -n "$ID" ] || { last_response; bail "the public form took no case"; }
HANDLER=$(sql "SELECT u.login FROM app_user u JOIN case_handler h ON h.unit_id = u.unit_id WHERE h.case_id = ? AND u.role = 'settler' ORDER BY u.id LIMIT 1" "$ID")
[ -n "$HANDLER" ] || bail "no settler in the unit handling case $ID"
login "$HANDLER"
must_act "$ID" comment "note=ghi chú được kiểm toán"
stop_server

n=$(sql "SELECT count(*) FROM audit_log")
last=$(sql "SELECT max(id) FROM audit_log")
[ "$n" -gt 20 ] || bail "the demo and the requests wrote only $n audit records"

dv audit verify --db "$DB"
assert_rc 0 "audit verify on an intact chain"
assert_match "the audit chain is intact: $n records; last record $last, hash [0-9a-f]{64}" \
	"$(cat "$T/out")" "it names the records read and the last record with its hash"
anchor=$(sed -n 's/.*hash \([0-9a-f]\{64\}\)$/\1/p' "$T/out")
assert_eq "$(sql "SELECT hash FROM audit_log WHERE id = ?" "$last")" "$anchor" "the hash printed is the last record's"
assert_eq "$last $anchor" "$(sql "SELECT value FROM setting WHERE key = 'audit_head'")" \
	"the head recorded at the last commit is the last record"
DANVAN_LANG=vi dv audit verify --db "$DB"
assert_match "chuỗi kiểm toán nguyên vẹn: $n bản ghi" "$(cat "$T/out")" "in Vietnamese too"

dv audit verify --anchor "$anchor" --db "$DB"
assert_rc 0 "the last hash is an anchor found in the chain"
assert_match "the anchor $anchor is in the chain" "$(cat "$T/out")" "the anchor is confirmed"

# expect_broken ID WHAT PATTERN: verify fails at record ID with a message matching PATTERN
expect_broken() {
	dv audit verify --db "$DB"
	assert_rc 1 "$2: verify fails"
	assert_match "the audit chain is broken at record $1: $3" "$(cat "$T/err")" "$2: record $1 named, and why"
	assert_match "compare with an earlier backup" "$(cat "$T/err")" "$2: it says what to do"
}
mid=$((last / 2))
row=$(sql "SELECT id, at, COALESCE(CAST(actor_user_id AS TEXT), 'NULL'), actor, action, object_type, object_id, detail, prev_hash, hash FROM audit_log WHERE id = ?" "$mid")
IFS=$'\t' read -r r_id r_at r_uid r_actor r_action r_type r_obj r_detail r_prev r_hash <<<"$row"
q() { printf "'%s'" "${1//\'/\'\'}"; }
restore_row() {
	sqlw "INSERT INTO audit_log (id, at, actor_user_id, actor, action, object_type, object_id, detail, prev_hash, hash) VALUES ($r_id, $r_at, $r_uid, $(q "$r_actor"), $(q "$r_action"), $(q "$r_type"), $(q "$r_obj"), $(q "$r_detail"), $(q "$r_prev"), $(q "$r_hash"))"
}

# an edited detail, actor, time, or hash
for edit in "detail = detail || ' (edited)'" "actor = 'someone else'" "at = at - 3600" "action = 'case.nothing'"; do
	sqlw "UPDATE audit_log SET $edit WHERE id = $mid"
	expect_broken "$mid" "edited ($edit)" "audit record $mid does not match its hash: it was altered"
	sqlw "DELETE FROM audit_log WHERE id = $mid"
	restore_row
done
sqlw "UPDATE audit_log SET hash = prev_hash WHERE id = $mid"
expect_broken "$mid" "a record's hash replaced" "audit record $mid does not match its hash"
sqlw "DELETE FROM audit_log WHERE id = $mid"
restore_row
dv audit verify --db "$DB"
assert_rc 0 "intact again once the record is restored"

# a record deleted in the middle: the next one does not link
sqlw "DELETE FROM audit_log WHERE id = $mid"
expect_broken "$((mid + 1))" "a record deleted" "audit record $((mid + 1)) does not link to the record before it \\($((mid - 1))\\): a record was removed or altered"
restore_row

# the last records cut off: no later link names them, the head does
tail_rows=$(sql "SELECT count(*) FROM audit_log WHERE id > ?" "$((last - 3))")
assert_eq "3" "$tail_rows" "three records at the end to cut"
if [ "$ENGINE" = sqlite ]; then cp "$T/d.db" "$T/keep.db"; else psql "$DB" -qAt -c "CREATE TABLE audit_keep AS SELECT * FROM audit_log WHERE id > $((last - 3))" >/dev/null; fi
sqlw "DELETE FROM audit_log WHERE id > $((last - 3))"
expect_broken "$last" "the last 3 records deleted" "audit records after $((last - 3)) are missing: the last record written was $last"
# removing the head as well is seen too
sqlw "DELETE FROM setting WHERE key = 'audit_head'"
expect_broken "$((last - 3))" "the tail and the head deleted" "the audit chain's head is not recorded"
if [ "$ENGINE" = sqlite ]; then cp "$T/keep.db" "$T/d.db"; else
	sqlw "INSERT INTO audit_log SELECT * FROM audit_keep"
	sqlw "INSERT INTO setting (key, value) VALUES ('audit_head', '$last $anchor')"
fi
dv audit verify --db "$DB"
assert_rc 0 "intact again once the tail and the head are back"

# a record appended by hand with a copied hash
sqlw "INSERT INTO audit_log (at, actor, action, object_type, object_id, detail, prev_hash, hash) SELECT at, actor, action, object_type, object_id, detail, hash, hash FROM audit_log WHERE id = $last"
expect_broken "$((last + 1))" "a forged record at the end" "audit record $((last + 1)) does not match its hash"
sqlw "DELETE FROM audit_log WHERE id > $last"

# the whole chain rewritten from record 1 (as an intruder who knows the scheme could): every
# link holds, the head is rewritten too, but the anchor noted earlier is gone
first_hash=$(sql "SELECT hash FROM audit_log WHERE id = 1")
sqlw "DELETE FROM audit_log"
sqlw "DELETE FROM setting WHERE key = 'audit_head'"
dv audit verify --db "$DB"
assert_rc 0 "an emptied chain with no head has no broken link (only an anchor can tell)"
assert_match "intact: 0 records" "$(cat "$T/out")" "zero records read"
dv audit verify --anchor "$anchor" --db "$DB"
assert_rc 1 "the anchor is missing from the emptied chain"
assert_match "the anchor $anchor is not in the chain" "$(cat "$T/err")" "it says the chain was rewritten"
[ -n "$first_hash" ] || not_ok "no first hash read"

# bad arguments: exit 2, nothing read
dv audit --db "$DB"
assert_rc 2 "audit without a subcommand"
assert_match "the subcommand verify is needed" "$(cat "$T/err")" "it says which subcommand"
dv audit check --db "$DB"
assert_rc 2 "an unknown subcommand"
dv audit verify --anchor 1234 --db "$DB"
assert_rc 2 "an anchor that is not a hash"
assert_match "--anchor '1234' is not a hash" "$(cat "$T/err")" "it says what an anchor is"
dv audit verify --db "sqlite:$T/missing/none.db"
assert_rc 4 "a database that cannot be opened"

done_testing
