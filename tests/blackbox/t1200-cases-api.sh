#!/bin/bash
# t1200-cases-api: the journey of a case through the JSON API with bearer tokens: topics, a
# denunciation submitted as JSON, the staff list and the case (clocks, events, allowed actions,
# never the identity), accept, extend, decide, the public case with the decision, the rating;
# the audited reveal; staff intake; then bad input (malformed JSON, unknown field, wrong type,
# unknown action, an illegal transition, a missing reason, a case out of scope), each refused
# with problem+json and leaving the database as it was.
. "$(dirname "$0")/lib.sh"
make_demo
mapfile -t EXTRA < <(serve_flag --submit-max-addr 10000)
start_server "${EXTRA[@]}"

SETTLER=giaiquyet.badinh
OFFICER_HCM=canbo.saigon
for u in $SETTLER $OFFICER_HCM; do [ -n "$(password_of "$u")" ] || bail "the demo has no '$u'"; done
token_for "$OFFICER_HCM"
HCM_TOKEN=$TOKEN
token_for "$SETTLER"
TODAY=$(today_vn)
NAME="Trịnh Văn Tốcáo"
CONTACT="0912345678"
ADDRESS="Số 7 ngõ Giếng, Ba Đình"

# ================================================================ public side
get /api/v1/topics
assert_status 200 "GET /api/v1/topics without sign-in"
assert_header Content-Type '^application/json' "GET /api/v1/topics"
assert_contains '"code":"land"' "topics list land"
assert_contains '"Đất đai"' "topics carry the Vietnamese name"

submit_json "{\"kind\":\"denunciation\",\"topic\":\"officials-conduct\",\"area\":\"00004\",
	\"title\":\"Tố cáo cán bộ địa chính nhận tiền\",
	\"description\":\"Cán bộ địa chính phường nhận tiền để làm nhanh hồ sơ cấp sổ.\",
	\"people_count\":1,\"name\":\"$NAME\",\"contact\":\"$CONTACT\",\"address\":\"$ADDRESS\",
	\"signed\":true}"
assert_status 201 "POST /api/v1/public/cases (a denunciation)"
assert_match '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' "$TRACK" "the answer carries a tracking code"
assert_header Location "^/api/v1/public/cases/$TRACK$" "the answer points at the public case"
assert_body_no_secrets "the public submit answer" "$NAME" "$CONTACT" "$ADDRESS"
ID=$(case_id_of "$TRACK")
assert_match '^[0-9]+$' "$ID" "the case is in the database"
note "case $ID ($TRACK)"

get "/api/v1/public/cases/$TRACK"
assert_status 200 "GET /api/v1/public/cases/$TRACK"
assert_json tracking_code "$TRACK" "the public case"
assert_json status received "the public case is received"
assert_body_no_secrets "the public case" "$NAME" "$CONTACT" "$ADDRESS"
lower=$(printf '%s' "$TRACK" | tr 'A-Z' 'a-z' | tr -d '-')
get "/api/v1/public/cases/$lower"
assert_status 200 "the tracking code forgives case and missing dashes"
get /api/v1/public/cases/AAAA-BBBB-CCCC
assert_problem 404 "" "a tracking code with a wrong check symbol"

# ================================================================ staff: list and case
get /api/v1/cases
assert_problem 401 "" "GET /api/v1/cases without a token"
aget "/api/v1/cases?kind=denunciation"
assert_status 200 "GET /api/v1/cases?kind=denunciation"
assert_contains "\"tracking_code\":\"$TRACK\"" "the list holds the new case"
assert_body_no_secrets "the staff list" "$NAME" "$CONTACT" "$ADDRESS"
aget "/api/v1/cases?status=received&topic=officials-conduct&area=00004&overdue=false&limit=10"
assert_contains "\"tracking_code\":\"$TRACK\"" "filters status, topic, area, overdue keep it"
assert_json limit 10 "the list says its limit"
aget "/api/v1/cases?q=dia%20chinh%20nhan%20tien"
assert_contains "\"tracking_code\":\"$TRACK\"" "diacritic-insensitive search finds it"
aget "/api/v1/cases?kind=feedback"
assert_not_contains "\"tracking_code\":\"$TRACK\"" "kind=feedback leaves it out"
aget "/api/v1/cases?status=flying"
assert_problem 400 "" "an unknown status filter"
aget "/api/v1/cases?topic=no-such-topic"
assert_problem 400 "" "an unknown topic filter"
aget "/api/v1/cases?overdue=maybe"
assert_problem 400 "" "overdue must be true or false"
aget "/api/v1/cases?limit=0"
assert_problem 400 "" "limit 0"

aget "/api/v1/cases/$ID"
assert_status 200 "GET /api/v1/cases/$ID"
assert_json id "$ID" "the case"
assert_json kind denunciation "the case"
assert_json identity_sealed true "the case says an identity is sealed"
assert_json submitter null "the case shows no submitter"
# clock_field RULE FIELD: a field of the clock set by RULE in the last body
clock_field() {
	python3 - "$1" "$2" "$T/body" <<'PY'
import json, sys
rule, field, f = sys.argv[1:]
for c in json.load(open(f, encoding="utf-8")).get("clocks", []):
    if c.get("rule") == rule:
        print(c.get(field)); break
else:
    print("<no clock %s>" % rule)
PY
}
assert_eq working "$(clock_field TC_INIT kind)" "TC_INIT counts working days"
assert_eq receipt "$(clock_field TC_INIT anchor)" "TC_INIT counts from the receipt"
assert_eq "$(case_field "$ID" received_on)" "$(clock_field TC_INIT from)" "TC_INIT's anchor day"
assert_match '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "$(clock_field TC_INIT due)" "TC_INIT has a due day"
assert_match 'TC_INIT' "$(clock_field TC_INIT explanation)" "TC_INIT explains itself"
assert_contains '"explanation":"' "each clock explains itself"
assert_json events.0.kind received "the timeline starts with the receipt"
assert_contains '"accept"' "accept is an allowed action"
assert_body_no_secrets "the staff case" "$NAME" "$CONTACT" "$ADDRESS"
aget "/api/v1/cases/abc"
assert_problem 404 "" "GET /api/v1/cases/abc"

# ================================================================ the journey
apost "/api/v1/cases/$ID/actions" '{"action":"accept","complex":1,"note":"Thụ lý tố cáo"}'
assert_status 200 "accept (complex)"
assert_json status accepted "after accept"
assert_json accepted_on "$TODAY" "accepted today"
assert_contains '"rule":"TC_SETTLE"' "acceptance starts the TC_SETTLE clock"
due0=$(sql "SELECT due_day FROM case_deadline WHERE case_id = ? AND step = 'settle'" "$ID")
assert_match '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "$due0" "the settle clock is stored"

ev0=$(sql "SELECT count(*) FROM case_event WHERE case_id = ?" "$ID")
apost "/api/v1/cases/$ID/actions" '{"action":"extend","extend_days":30,"note":"Cần xác minh thêm"}'
assert_status 200 "extend by 30 days"
assert_json extensions 1 "one extension granted"
due1=$(sql "SELECT due_day FROM case_deadline WHERE case_id = ? AND step = 'settle'" "$ID")
assert_ne "$due0" "$due1" "the extension moved the settle clock"
assert_eq $((ev0 + 1)) "$(sql "SELECT count(*) FROM case_event WHERE case_id = ?" "$ID")" "the extension is on the timeline"

DECISION="Tố cáo đúng một phần; đã xử lý kỷ luật cán bộ."
apost "/api/v1/cases/$ID/actions" "{\"action\":\"decide\",\"note\":\"$DECISION\",\"decision_date\":\"$TODAY\"}"
assert_status 200 "decide"
assert_json status decided "after decide"
assert_json decided_on "$TODAY" "decided today"

get "/api/v1/public/cases/$TRACK"
assert_json status decided "the public case is decided"
assert_json decision "$DECISION" "the public case shows the decision"
assert_json can_rate true "the citizen may rate it"
assert_body_no_secrets "the decided public case" "$NAME" "$CONTACT" "$ADDRESS"

json_post "/api/v1/public/cases/$TRACK/rating" '{"rating":5,"comment":"Cảm ơn"}'
assert_status 200 "rate 5"
assert_json rating 5 "the public case shows the rating"
assert_eq 5 "$(case_field "$ID" rating)" "the rating is stored"

# the reveal: the entitled settler sees the identity, and it is audited
audit0=$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'")
apost "/api/v1/cases/$ID/reveal" '{}'
assert_status 200 "POST /api/v1/cases/$ID/reveal"
assert_json name "$NAME" "the reveal shows the name"
assert_json contact "$CONTACT" "the reveal shows the contact"
assert_eq $((audit0 + 1)) "$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'")" "the reveal is audited"

# staff intake on a citizen's behalf
staff_case_json '{"kind":"feedback","channel":"phone","topic":"environment","area":"00004",
	"title":"Rác thải ứ đọng ở chợ","description":"Rác không được thu gom ba ngày nay.",
	"people_count":1,"name":"Lê Thị Gọi","contact":"0987000111","address":"Ba Đình"}'
assert_status 201 "POST /api/v1/cases (staff intake)"
assert_header Location "^/api/v1/cases/$CASE_ID$" "the intake points at the case"
assert_json channel phone "the intake keeps the channel"
assert_json submitter.name "Lê Thị Gọi" "staff see a feedback's submitter"
assert_eq calendar "$(clock_field PAKN_SETTLE kind)" "feedback gets a PAKN_SETTLE clock"
FB=$CASE_ID
# duplicate suggestions: at intake, and on the case only when asked for (?similar=true)
similar_ids() {
	python3 -c 'import json, sys
print(" ".join(str(c["id"]) for c in json.load(open(sys.argv[1], encoding="utf-8")).get("similar", [])))' "$T/body"
}
staff_case_json '{"kind":"feedback","channel":"phone","topic":"environment","area":"00004",
	"title":"Rác thải ứ đọng ở chợ Ba Đình","description":"Rác ở chợ không ai thu gom.",
	"people_count":1,"name":"Phạm Văn Chợ","contact":"0987000222","address":"Ba Đình"}'
assert_status 201 "POST /api/v1/cases (a second, similar intake)"
FB2=$CASE_ID
assert_match "(^| )$FB( |$)" "$(similar_ids)" "the intake's answer suggests the first as a duplicate"
aget "/api/v1/cases/$FB"
assert_json similar "<missing similar>" "the case alone reads no duplicate suggestions"
aget "/api/v1/cases/$FB?similar=true"
assert_status 200 "GET /api/v1/cases/$FB?similar=true"
assert_match "(^| )$FB2( |$)" "$(similar_ids)" "?similar=true suggests the second intake"
aget "/api/v1/cases/$FB?similar=perhaps"
assert_problem 400 "" "similar must be true or false"
aget /api/v1/cases
assert_body_no_secrets "the list" "Lê Thị Gọi" "0987000111"

# ================================================================ bad input changes nothing
FP0=$(db_fingerprint)
N0="$(sql "SELECT count(*) FROM citizen_case") $(sql "SELECT count(*) FROM case_event")"
D0=$(cases_digest)
unchanged() {
	assert_eq "$FP0" "$(db_fingerprint)" "$1: fingerprint unchanged"
	assert_eq "$N0" "$(sql "SELECT count(*) FROM citizen_case") $(sql "SELECT count(*) FROM case_event")" "$1: no case or event written"
	assert_eq "$D0" "$(cases_digest)" "$1: no case changed"
}
apost /api/v1/cases '{"kind":"feedback",'
assert_problem 400 "" "malformed JSON"
unchanged "malformed JSON"
apost /api/v1/cases '{"kind":"feedback","topic":"land","area":"00004","title":"x","description":"y","ethnicity":"Kinh"}'
assert_problem 400 "" "an unknown field"
assert_contains "ethnicity" "the error names the field"
unchanged "an unknown field"
apost /api/v1/cases '{"kind":"feedback","topic":"land","area":"00004","title":5,"description":"y"}'
assert_problem 400 "" "a wrong type"
unchanged "a wrong type"
apost "/api/v1/cases/$FB/actions" '{"action":"fly"}'
assert_problem 400 "" "an unknown action"
unchanged "an unknown action"
apost "/api/v1/cases/$ID/actions" '{"action":"accept"}'
assert_problem 409 "" "accepting a decided case"
unchanged "an illegal transition"
apost "/api/v1/cases/$FB/actions" '{"action":"refuse"}'
assert_problem 400 "" "refusing without a reason"
unchanged "a missing reason"
printf '%s' '{"action":"refuse","note":"x"}' >"$T/req-json"
req POST "/api/v1/cases/$FB/actions" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/plain' \
	--data-binary "@$T/req-json"
assert_problem 415 "" "an action sent as text/plain"
unchanged "a wrong content type"
json_post "/api/v1/public/cases/$TRACK/rating" '{"rating":9}'
assert_problem 400 "" "a rating of 9"
unchanged "a rating out of range"
submit_json '{"kind":"petition","topic":"land","area":"00004","title":"x","description":"y"}'
assert_problem 400 "" "a petition through the public JSON"
unchanged "a public petition"
# out of scope: an officer in Hồ Chí Minh City neither sees nor touches Ba Đình's case
TOKEN=$HCM_TOKEN
aget "/api/v1/cases/$FB"
assert_problem 404 "" "a case out of scope"
apost "/api/v1/cases/$FB/actions" '{"action":"comment","note":"x"}'
assert_problem 404 "" "an action on a case out of scope"
apost "/api/v1/cases/$ID/reveal" '{}'
assert_problem "403|404" "" "a reveal out of scope"
aget "/api/v1/cases?kind=denunciation"
assert_not_contains "\"tracking_code\":\"$TRACK\"" "the list out of scope"
unchanged "out of scope"

# at stop the group commit counts its log writes: on SQLite each commit's frames went to the
# file together at its last frame (store/sqlite_vfs.c), none left for the index's barrier
stop_server
LINE=$(grep 'msg="group commit"' "$T/server.err" | tail -1)
assert_match 'writes=[1-9]' "$LINE" "the group commit logged its writes at stop"
if [ "$ENGINE" = sqlite ]; then
	assert_match 'log_write_calls=[1-9][0-9]* log_late=0$' "$LINE" "the log's frames went out at each commit's end"
fi

done_testing
