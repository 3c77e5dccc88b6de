#!/bin/bash
# t1250-kept-answers: the answer cache (config answer-cache) serves a case's staff JSON and its
# public tracking page again only while nothing they show has changed. Each visitor's tracking
# page carries that visitor's own CSRF token (and its forms work); a change of status, a comment,
# a rating or a renamed handling unit shows at once; another caller never gets an answer kept
# for someone else (scope, actions); the server counts hits; with answer-cache 0 all is the same.
. "$(dirname "$0")/lib.sh"
make_demo
mapfile -t EXTRA < <(serve_flag --submit-max-addr 10000)
start_server "${EXTRA[@]}"

SETTLER=giaiquyet.badinh
OFFICER_HCM=canbo.saigon
ADMIN=$(logins_with administrator | head -1)
for u in $SETTLER $OFFICER_HCM $ADMIN; do [ -n "$(password_of "$u")" ] || bail "the demo has no '$u'"; done
token_for "$ADMIN"
ADMIN_TOKEN=$TOKEN
token_for "$OFFICER_HCM"
HCM_TOKEN=$TOKEN
token_for "$SETTLER"

submit_json '{"kind":"feedback","topic":"infrastructure","area":"00004","title":"Đèn đường hỏng",
	"description":"Đèn đường ngõ 12 hỏng đã hai tuần.","name":"Lê Thị Đèn","contact":"0911222333"}'
assert_status 201 "a public case to read"
CODE=$TRACK
ID=$(case_id_of "$CODE")
assert_match '^[0-9]+$' "$ID" "the case is in the database"

# track_as COOKIE: GET /track/$CODE as an anonymous visitor holding that CSRF cookie
track_as() { get "/track/$CODE" -H "Cookie: __Host-dv_csrf=$1"; }
# the page with its CSRF tokens blanked, to compare two visitors' pages
blanked() { sed "s/$1/TOKEN/g" "$T/body"; }

# ================================================================ the tracking page
A=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
B=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
assert_eq 43 "${#A}" "a CSRF token is 43 characters"
track_as "$A"
assert_status 200 "the tracking page (rendered)"
assert_eq "$A" "$(csrf_field)" "visitor A's page carries A's token"
blanked "$A" >"$T/page.a"
cp "$T/hdrs" "$T/hdrs.a"
track_as "$B"
assert_status 200 "the tracking page again (kept)"
assert_eq "$B" "$(csrf_field)" "visitor B's page carries B's token, not A's"
assert_not_contains "$A" "nothing of visitor A's token is left in B's page"
blanked "$B" >"$T/page.b"
assert_eq "" "$(diff "$T/page.a" "$T/page.b")" "apart from the token, B gets the page A got"
assert_eq "$(grep -iv '^date:' "$T/hdrs.a")" "$(grep -iv '^date:' "$T/hdrs")" "and the same headers"
get "/track/$CODE"
assert_status 200 "a visitor without a cookie"
NEW=$(set_cookie_value __Host-dv_csrf)
assert_match '^[A-Za-z0-9_-]{43}$' "$NEW" "gets a new CSRF cookie"
assert_eq "$NEW" "$(csrf_field)" "and the page's forms carry that new token"
# the kept page's form works with the visitor's own token
req POST "/track/$CODE/withdraw" -H "Cookie: __Host-dv_csrf=$B" --data-urlencode "csrf=$B" \
	--data-urlencode "note=Tôi rút một phần" --data-urlencode "part=1"
assert_status 303 "visitor B's withdrawal from the kept page's form"
track_as "$A"
assert_eq "1" "$(sql "SELECT count(*) FROM case_event WHERE case_id = ? AND kind LIKE 'withdraw%'" "$ID")" \
	"the withdrawal is on the timeline"
EV=$(sql "SELECT count(*) FROM case_event WHERE case_id = ? AND public = 1" "$ID")
assert_eq "$EV" "$(grep -o '<li><time>' "$T/body" | wc -l | tr -d ' ')" \
	"the page after the withdrawal lists every public event ($EV)"

# ================================================================ the staff JSON
aget "/api/v1/cases/$ID"
assert_status 200 "the staff view (rendered)"
cp "$T/body" "$T/view.1"
aget "/api/v1/cases/$ID"
assert_status 200 "the staff view again (kept)"
assert_eq "" "$(cmp "$T/view.1" "$T/body" 2>&1)" "the kept view is the rendered one, byte for byte"
assert_header Content-Type '^application/json' "the kept view"
STATUS0=$(json status)

# another caller, while the settler's view is kept: never an answer kept for the settler
SETTLER_TOKEN=$TOKEN
SETTLER_ACTIONS=$(json actions)
assert_contains '"accept"' "the settler may accept"
TOKEN=$HCM_TOKEN
aget "/api/v1/cases/$ID"
assert_problem 404 "" "an officer of another province gets 404, as without the cache"
TOKEN=$ADMIN_TOKEN
aget "/api/v1/cases/$ID"
assert_status 200 "the administrator reads the case"
assert_ne "$SETTLER_ACTIONS" "$(json actions)" "with an administrator's actions, not the settler's"
TOKEN=$SETTLER_TOKEN

apost "/api/v1/cases/$ID/actions" '{"action":"comment","note":"Ghi chú nội bộ về đèn"}'
assert_status 200 "an internal comment"
aget "/api/v1/cases/$ID"
assert_contains "Ghi chú nội bộ về đèn" "the view shows the comment at once"
apost "/api/v1/cases/$ID/actions" '{"action":"accept","note":"Thụ lý"}'
assert_status 200 "accept"
aget "/api/v1/cases/$ID"
assert_json status accepted "the view shows the new status at once (was $STATUS0)"
track_as "$A"
assert_contains "status-accepted" "so does the tracking page"

# a reveal is an internal event of its own (no other change to the case): it shows at once
submit_json '{"kind":"denunciation","topic":"officials-conduct","area":"00004",
	"title":"Tố cáo thu tiền sai quy định","description":"Cán bộ thu tiền sai quy định.",
	"name":"Phạm Văn Tố","contact":"0933444555","address":"Số 3 phố Đội Cấn","signed":true}'
assert_status 201 "a denunciation"
DEN=$(case_id_of "$TRACK")
aget "/api/v1/cases/$DEN"
aget "/api/v1/cases/$DEN"
assert_not_contains '"revealed"' "the kept view of the denunciation, before the reveal"
apost "/api/v1/cases/$DEN/reveal" '{}'
assert_status 200 "the settler reveals the identity"
aget "/api/v1/cases/$DEN"
assert_contains '"revealed"' "the view shows the reveal on the timeline at once"
assert_body_no_secrets "the view after the reveal" "Phạm Văn Tố" "0933444555" "Số 3 phố Đội Cấn"

# a renamed handling unit shows on both at once (the catalogue's version)
UNIT=$(sql "SELECT handling_unit_id FROM citizen_case WHERE id = ?" "$ID")
NEWNAME="Ban Dân vận phường Ba Đình (đổi tên)"
req PATCH "/api/v1/units/$UNIT" -H "Authorization: Bearer $ADMIN_TOKEN" \
	-H 'Content-Type: application/json' --data-binary "{\"name\":\"$NEWNAME\"}"
assert_status 200 "rename the handling unit"
aget "/api/v1/cases/$ID"
assert_contains "$NEWNAME" "the staff view shows the unit's new name"
track_as "$B"
assert_contains "$NEWNAME" "the tracking page shows the unit's new name"

# the stamp lives in the database: another process's write that raises the revision (as every
# danvan writer does) shows in this server's answers
sqlw "UPDATE citizen_case SET title = 'Đèn đường ngõ 12', revision = revision + 1 WHERE id = $ID"
track_as "$A"
assert_contains "Đèn đường ngõ 12" "another process's change shows on the tracking page"

stop_server
HITS=$(sed -n 's/.*msg="answer cache" hits=\([0-9]*\).*/\1/p' "$T/server.err" | tail -1)
assert_match '^[1-9][0-9]*$' "$HITS" "the server counted its kept answers at stop ($HITS hits)"

# ================================================================ answer-cache 0
start_server "${EXTRA[@]}" --answer-cache 0
track_as "$A"
assert_status 200 "the tracking page with the cache off"
assert_eq "$A" "$(csrf_field)" "carries the visitor's token"
aget "/api/v1/cases/$ID"
assert_status 200 "the staff view with the cache off"
assert_json status accepted "shows the case"
stop_server
assert_eq "" "$(grep 'msg="answer cache"' "$T/server.err")" "with the cache off, nothing is counted"
done_testing
