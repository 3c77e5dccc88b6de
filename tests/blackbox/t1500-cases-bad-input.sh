#!/bin/bash
# t1500-cases-bad-input: every case form and endpoint (public form and JSON, staff intake form and
# JSON, workflow actions, the citizen's tracking, rating, reopen and withdrawal, Open311) refuses
# bad input with a clear 4xx (an HTML message or problem+json) and writes nothing: the database
# fingerprint and the rows of every case table and of the audit log are the same afterwards.
. "$(dirname "$0")/lib.sh"
make_demo
mapfile -t EXTRA < <(serve_flag --submit-max-addr 10000)
start_server "${EXTRA[@]}"

SETTLER=giaiquyet.badinh
OFFICER=canbo.badinh
for u in $SETTLER $OFFICER; do [ -n "$(password_of "$u")" ] || bail "the demo has no '$u'"; done
HCM_UNIT=$(unit_of canbo.saigon)

# ================================================================ fixtures (these must work)
login "$SETTLER"
token_for "$SETTLER"
# A: a first-time complaint, accepted (decide without a text, extend a complaint)
staff_case kind=complaint1 channel=reception topic=land area=00004 people=1 \
	"title=Khiếu nại quyết định thu hồi đất" "description=Không đồng ý với mức bồi thường." \
	"name=Phạm Văn Khiếu" "contact=0903000001" "address=Ba Đình"
[ -n "$CASE_ID" ] || { last_response; bail "fixture: staff intake of a complaint failed ($STATUS)"; }
A=$CASE_ID
must_act "$A" accept
# B: a first-time complaint, decided (ratings)
staff_case kind=complaint1 channel=letter topic=land area=00004 people=1 \
	"title=Khiếu nại về cấp giấy chứng nhận" "description=Hồ sơ bị trả lại không rõ lý do." \
	"name=Đỗ Thị Nại" "contact=0903000002" "address=Ba Đình"
[ -n "$CASE_ID" ] || { last_response; bail "fixture: staff intake failed ($STATUS)"; }
B=$CASE_ID
must_act "$B" accept
must_act "$B" decide "note=Giữ nguyên quyết định, giải thích rõ căn cứ." "decision_date=$(today_vn)"
TRACK_B=$(tracking_of "$B")
# C: a feedback, just received (forward without a unit)
staff_case kind=feedback channel=phone topic=environment area=00004 people=1 \
	"title=Tiếng ồn công trình ban đêm" "description=Công trình thi công sau 22 giờ." \
	"name=Vũ Văn Ồn" "contact=0903000003" "address=Ba Đình"
[ -n "$CASE_ID" ] || { last_response; bail "fixture: staff intake failed ($STATUS)"; }
C=$CASE_ID
# D: a complex denunciation, accepted and extended once: its one extension is used up
staff_case kind=denunciation channel=reception topic=officials-conduct area=00004 people=1 \
	complex=1 signed=1 "title=Tố cáo cán bộ nhận tiền" "description=Nhận tiền để làm nhanh hồ sơ." \
	"name=Hoàng Văn Cáo" "contact=0903000004" "address=Ba Đình"
[ -n "$CASE_ID" ] || { last_response; bail "fixture: staff intake of a denunciation failed ($STATUS)"; }
D=$CASE_ID
must_act "$D" accept complex=1
must_act "$D" extend extend_days=30 "note=Vụ việc phức tạp"
# E: a complaint received on 2026-06-30, before partial withdrawal existed
staff_case kind=complaint1 channel=letter topic=land area=00004 people=1 received_on=2026-06-30 \
	"title=Khiếu nại nhận trước ngày 1/7/2026" "description=Hai nội dung khiếu nại về đất." \
	"name=Bùi Văn Rút" "contact=0903000005" "address=Ba Đình"
[ -n "$CASE_ID" ] || { last_response; bail "fixture: staff intake with received_on 2026-06-30 failed ($STATUS)"; }
E=$CASE_ID
assert_eq 2026-06-30 "$(case_field "$E" received_on)" "case E was received on 2026-06-30"
TRACK_E=$(tracking_of "$E")
# F: anonymous information through the public form
submit_public anonymous topic=officials-conduct area=00004 \
	"title=Phản ánh nặc danh về cán bộ" "description=Có dấu hiệu nhận hối lộ ở bộ phận một cửa."
[ -n "$TRACK" ] || { last_response; bail "fixture: anonymous submission failed ($STATUS)"; }
F=$(case_id_of "$TRACK")
TRACK_F=$TRACK
note "fixtures: A=$A (accepted) B=$B (decided, $TRACK_B) C=$C (received) D=$D (extended) E=$E ($TRACK_E) F=$F (anonymous)"

login "$SETTLER"
token_for "$SETTLER"
FP0=$(db_fingerprint)
CC0=$(case_counts)
CD0=$(cases_digest)
# check_unchanged MSG: nothing was written since the last baseline; when something was, the
# failure is reported once and the baseline moves, so later sections report only their own.
check_unchanged() {
	local fp cc cd
	fp=$(db_fingerprint)
	cc=$(case_counts)
	cd=$(cases_digest)
	assert_eq "$FP0" "$fp" "$1: the database fingerprint is unchanged"
	assert_eq "$CC0" "$cc" "$1: no row written"
	assert_eq "$CD0" "$cd" "$1: no case changed"
	FP0=$fp CC0=$cc CD0=$cd
}
# html_refused MSG [STATUSES]: a 4xx with an HTML message
html_refused() {
	assert_status_in "${2:-400 422}" "$1"
	assert_header Content-Type '^text/html' "$1"
}
json_refused() { assert_problem "${2:-400|422}" "" "$1"; }

# Valid fields of each intake, spoiled one at a time below.
PUB=(kind=feedback topic=environment area=00004 people_count=1 "title=Đèn đường hỏng"
	"description=Đèn đường ngõ 5 hỏng một tháng." "name=Ngô Văn Hỏi" "contact=0904000000" "address=Ba Đình")
STAFF=(channel=reception "${PUB[@]}")
DEN=(kind=denunciation topic=officials-conduct area=00004 people_count=1 "title=Tố cáo vi phạm"
	"description=Nội dung tố cáo cụ thể." "name=Lý Văn Tố" "contact=0904000001" "address=Ba Đình" signed=1)
# form_with NAME=VALUE...: PUB with the given fields replaced (or added), urlencoded into FORM.
form_with() {
	FORM=$(python3 - "$@" -- "${BASEF[@]}" <<'PY'
import sys, urllib.parse
args = sys.argv[1:]
i = args.index("--")
over, base = args[:i], args[i + 1:]
d = {}
for kv in base + over:
    k, _, v = kv.partition("=")
    d["people" if k == "people_count" else k] = v  # the forms call it "people"
print("&".join(urllib.parse.quote(k) + "=" + urllib.parse.quote(v) for k, v in d.items()))
PY
)
}
# json_with NAME=VALUE...: the same as a JSON object; VALUE "@json:..." is raw JSON; "DROP" drops.
json_with() {
	JBODY=$(python3 - "$@" -- "${BASEF[@]}" <<'PY'
import json, sys
args = sys.argv[1:]
i = args.index("--")
over, base = args[:i], args[i + 1:]
d = {}
for kv in base:
    k, _, v = kv.partition("=")
    d[k] = int(v) if k in ("people_count", "complex", "subject_unit_id") else (True if v == "1" and k in ("signed", "names_head") else v)
for kv in over:
    k, _, v = kv.partition("=")
    if k in ("people_count", "complex", "subject_unit_id") and v.lstrip("-").isdigit():
        d[k] = int(v)
    elif v == "DROP":
        d.pop(k, None)
    elif v.startswith("@json:"):
        d[k] = json.loads(v[6:])
    else:
        d[k] = v
print(json.dumps(d, ensure_ascii=False))
PY
)
}

long_title=$(head -c 201 /dev/zero | tr '\0' 'a')
long_text=$(head -c 10001 /dev/zero | tr '\0' 'b')
long_vi_title=$(python3 -c 'print("ệ" * 201)')

# ================================================================ intake: the four doors
# intake_bad LABEL OVERRIDES...: the public form, the staff form, the public JSON and the staff
# JSON with the base fields overridden; each must be refused.
intake_bad() {
	local label=$1
	shift
	BASEF=("${PUB[@]}")
	form_with "$@"
	praw_post /submit "$FORM"
	html_refused "POST /submit: $label" "400 422"
	BASEF=("${STAFF[@]}")
	form_with "$@"
	sraw_post /cases "$FORM"
	html_refused "POST /cases: $label" "400 422"
	BASEF=("${PUB[@]}")
	json_with "$@"
	json_post /api/v1/public/cases "$JBODY"
	json_refused "POST /api/v1/public/cases: $label"
	BASEF=("${STAFF[@]}")
	json_with "$@"
	apost /api/v1/cases "$JBODY"
	json_refused "POST /api/v1/cases: $label"
}
intake_bad "a title over 200 characters" "title=$long_title"
intake_bad "a title of 201 Vietnamese letters" "title=$long_vi_title"
intake_bad "a description over 10000 characters" "description=$long_text"
intake_bad "an empty title" "title="
intake_bad "an empty description" "description="
intake_bad "a control character in the title" $'title=Đèn\x01hỏng'
intake_bad "an escape character in the description" $'description=abc\x1b[31mdef'
intake_bad "an unknown kind" kind=spaceship
intake_bad "an unknown topic" topic=no-such-topic
intake_bad "an unknown area" area=99999
intake_bad "an area outside the country's codes" area=ZZ
intake_bad "people_count 0" people_count=0
intake_bad "people_count -3" people_count=-3
intake_bad "an absurd people_count" people_count=100000000
intake_bad "a people_count that is not a number" people_count=many
for f in name address contact; do
	BASEF=("${DEN[@]}")
	form_with "$f="
	praw_post /submit "$FORM"
	html_refused "POST /submit: a denunciation without $f"
	BASEF=("${DEN[@]}" channel=reception)
	form_with "$f="
	sraw_post /cases "$FORM"
	html_refused "POST /cases: a denunciation without $f"
	BASEF=("${DEN[@]}")
	json_with "$f=DROP"
	json_post /api/v1/public/cases "$JBODY"
	json_refused "POST /api/v1/public/cases: a denunciation without $f"
	BASEF=("${DEN[@]}" channel=reception)
	json_with "$f=DROP"
	apost /api/v1/cases "$JBODY"
	json_refused "POST /api/v1/cases: a denunciation without $f"
done
BASEF=("${DEN[@]:0:${#DEN[@]}-1}") # DEN without signed=1
form_with
praw_post /submit "$FORM"
html_refused "POST /submit: a denunciation without a signature"
json_with "signed=@json:false"
json_post /api/v1/public/cases "$JBODY"
json_refused "POST /api/v1/public/cases: a denunciation with signed false"
BASEF=("${DEN[@]}" channel=reception)
json_with "signed=DROP"
apost /api/v1/cases "$JBODY"
json_refused "POST /api/v1/cases: a denunciation without signed"
# a names_head denunciation that names no unit
json_with "names_head=@json:true"
apost /api/v1/cases "$JBODY"
json_refused "POST /api/v1/cases: names_head without subject_unit_id"
json_with "names_head=@json:true" "subject_unit_id=@json:987654321"
apost /api/v1/cases "$JBODY"
json_refused "POST /api/v1/cases: names_head against a unit that does not exist" "400|404|422"
# staff only: the channel and the receipt day
BASEF=("${STAFF[@]}")
for bad in channel=pigeon channel= received_on=2026-02-30 received_on=yesterday received_on=2999-01-01 complex=3 complex=-1; do
	form_with "$bad"
	sraw_post /cases "$FORM"
	html_refused "POST /cases: $bad"
	json_with "$bad"
	apost /api/v1/cases "$JBODY"
	json_refused "POST /api/v1/cases: $bad"
done
# invalid UTF-8, NUL, bad escapes in forms
BASEF=("${PUB[@]}")
form_with "title=PLACEHOLDER"
for enc in '%FF%FE' '%C3%28' '%ED%A0%80' '%C0%AF' '%00' '%ZZ'; do
	praw_post /submit "${FORM/PLACEHOLDER/Bad$enc}"
	html_refused "POST /submit with title Bad$enc" "400"
	sraw_post /cases "channel=reception&${FORM/PLACEHOLDER/Bad$enc}"
	html_refused "POST /cases with title Bad$enc" "400"
done
praw_post /submit "${FORM/PLACEHOLDER/ok}&description=%FFraw"
html_refused "POST /submit with description %FF" "400"
# invalid UTF-8 and wrong JSON
json_with "title=PLACEHOLDER"
bad_json=$(printf '%s' "$JBODY" | sed 's/PLACEHOLDER/Bad\xff\xfe/')
json_post /api/v1/public/cases "$bad_json"
json_refused "POST /api/v1/public/cases with invalid UTF-8" "400"
apost /api/v1/cases "$bad_json"
json_refused "POST /api/v1/cases with invalid UTF-8" "400"
for body in '{' '[]' '"case"' 'null' '{"kind":"feedback",}' "$(printf '%s' "$JBODY" | sed 's/}$/,"evil":1}/')" \
	"$(printf '%s' "$JBODY" | sed 's/}$/,"submitter_name":"x"}/')" \
	"$(printf '%s' "$JBODY" | sed 's/"title": "[^"]*"/"title": 5/')" \
	"$(printf '%s' "$JBODY" | sed 's/"title": "[^"]*"/"title": null/')" \
	"$(printf '%s' "$JBODY" | sed 's/"people_count": [0-9]*/"people_count": "1"/')" \
	"$(printf '%s' "$JBODY" | sed 's/"people_count": [0-9]*/"people_count": 1.5/')" \
	"$(printf '%s' "$JBODY" | sed 's/"kind": "[^"]*"/"kind": ["feedback"]/')"; do
	json_post /api/v1/public/cases "$body"
	json_refused "POST /api/v1/public/cases $(printf '%.60s' "$body")" "400|422"
	apost /api/v1/cases "$body"
	json_refused "POST /api/v1/cases $(printf '%.60s' "$body")" "400|422"
done
# a petition is for deputies, not the public form; an Open311 client needs its key
BASEF=("${PUB[@]}")
json_with kind=petition
json_post /api/v1/public/cases "$JBODY"
json_refused "POST /api/v1/public/cases: kind petition"
req POST /open311/v2/requests.json --data-urlencode service_code=land --data-urlencode lat=21.03 \
	--data-urlencode long=105.83 --data-urlencode "description=Không có khóa"
assert_status 403 "POST /open311/v2/requests.json without api_key"
req POST /open311/v2/requests.json --data-urlencode api_key=not-a-key --data-urlencode service_code=land \
	--data-urlencode lat=21.03 --data-urlencode long=105.83 --data-urlencode "description=Khóa sai"
assert_status 403 "POST /open311/v2/requests.json with a made-up api_key"
check_unchanged "after the bad intakes"
# the public JSON route has no CSRF token because browsers cannot send application/json across
# sites without a preflight: any other content type must be refused
BASEF=("${PUB[@]}")
json_with
json_post /api/v1/public/cases "$JBODY" -H 'Content-Type: text/plain'
assert_problem "400|415" "" "POST /api/v1/public/cases as text/plain (a cross-site form could send it)"
json_post /api/v1/public/cases "$JBODY" -H 'Content-Type: application/x-www-form-urlencoded'
assert_problem "400|415" "" "POST /api/v1/public/cases as a form"
check_unchanged "after the public JSON in other content types"

# ================================================================ workflow actions
act "$A" decide note= "decision_date=$(today_vn)"
html_refused "decide without a text" "400 422"
act "$A" decide "note=Quyết định" decision_date=2026-13-45
html_refused "decide with decision_date 2026-13-45" "400 422"
act "$A" decide "note=Quyết định" decision_date=soon
html_refused "decide with decision_date 'soon'" "400 422"
act "$A" decide $'note=Quyết\x01định' "decision_date=$(today_vn)"
html_refused "decide with a control character" "400 422"
act "$A" extend extend_days=10
html_refused "extend a first-time complaint (no extension in its rule)" "400 409"
act "$A" fly
html_refused "an unknown action" "400 422"
act "$A" ""
html_refused "an empty action" "400 422"
act "$A" refuse note=
html_refused "refuse without a reason" "400 409 422"
act "$C" forward "note=Không thuộc thẩm quyền" target_unit_id=
html_refused "forward without a unit" "400 422"
act "$C" forward "note=Không thuộc thẩm quyền" target_unit_id=abc
html_refused "forward to unit 'abc'" "400 404 422"
act "$C" forward "note=Không thuộc thẩm quyền" target_unit_id=987654321
html_refused "forward to a unit that does not exist" "400 404 422"
act "$C" forward "note=Không thuộc thẩm quyền" "target_unit_id=$(unit_of "$SETTLER")"
html_refused "forward to the unit that already handles it" "400 409 422"
act "$D" extend extend_days=30 "note=Lần hai"
html_refused "a second extension of a complex denunciation (one allowed)" "400 409"
act "$D" extend extend_days=31 "note=Quá 30 ngày"
html_refused "an extension of 31 days" "400 409 422"
act "$F" accept
html_refused "accept anonymous information" "409"
act "$E" withdraw_part "note=Rút một nội dung"
html_refused "staff: partial withdrawal of a case received 2026-06-30" "400 403 409"
act "$B" decide "note=Lần nữa" "decision_date=$(today_vn)"
html_refused "decide a decided case" "409"
act "$A" accept
html_refused "accept an accepted case" "409"
act 987654321 accept
html_refused "act on a case that does not exist" "404"
act abc accept
html_refused "act on case 'abc'" "404"
sraw_post "/cases/$A/act" "action=decide&note=Bad%FFtext&decision_date=$(today_vn)"
html_refused "decide with invalid UTF-8" "400"
req POST "/cases/$A/act" -H "Cookie: $COOKIE" --data-urlencode action=comment --data-urlencode note=x
assert_status 403 "an action without the CSRF token"
# the same through the JSON API
for body in '{"action":"decide","note":"","decision_date":"'"$(today_vn)"'"}' \
	'{"action":"decide","decision_date":"'"$(today_vn)"'"}' \
	'{"action":"decide","note":"x","decision_date":"2026-02-30"}' \
	'{"action":"fly"}' '{"action":5}' '{"action":"accept","evil":true}' '{"note":"no action"}' \
	'{"action":"comment","note":5}' '{"action":"comment","note":"x","public":"yes"}' '[' '{}'; do
	apost "/api/v1/cases/$A/actions" "$body"
	json_refused "POST /api/v1/cases/$A/actions $body" "400|409|422"
done
apost "/api/v1/cases/$C/actions" '{"action":"forward","note":"x"}'
json_refused "API: forward without a unit"
apost "/api/v1/cases/$C/actions" '{"action":"forward","note":"x","target_unit_id":"12"}'
json_refused "API: forward with a unit id as a string"
apost "/api/v1/cases/$D/actions" '{"action":"extend","extend_days":30,"note":"again"}'
json_refused "API: extend past the allowed count" "400|409"
apost "/api/v1/cases/$F/actions" '{"action":"accept"}'
json_refused "API: accept anonymous information" "409"
apost "/api/v1/cases/$E/actions" '{"action":"withdraw_part","note":"một phần"}'
json_refused "API: partial withdrawal of a case received 2026-06-30" "400|403|409"
apost /api/v1/cases/987654321/actions '{"action":"accept"}'
json_refused "API: a case that does not exist" "404"
# out of scope: an officer of Sài Gòn acts on Ba Đình's case
login canbo.saigon
act "$C" comment "note=Không phải việc của tôi"
html_refused "an officer of another province comments on case $C" "403 404"
login "$OFFICER"
act "$A" decide "note=Cán bộ không có quyền" "decision_date=$(today_vn)"
html_refused "an officer decides" "403"
login "$SETTLER"
act "$A" decide "note=$(head -c 5001 /dev/zero | tr '\0' 'n')" "decision_date=$(today_vn)"
html_refused "decide with a text over 5000 characters" "400 422"
apost "/api/v1/cases/$A/actions" "{\"action\":\"comment\",\"note\":\"$(head -c 5001 /dev/zero | tr '\0' 'n')\"}"
json_refused "API: a comment over 5000 characters"
check_unchanged "after the bad actions"

# ================================================================ the citizen's side
good=$TRACK_B
# a tracking code with a wrong check symbol (each single change of it is caught)
last=${good: -1}
for s in 0 1 2 A B Z; do [ "$s" != "$last" ] && { swapped=${good%?}$s; break; }; done
swapped_mid=${good:0:5}${good:6:1}${good:5:1}${good:7}
[ "$swapped_mid" != "$good" ] || swapped_mid=${good:0:5}$([ "${good:5:1}" = 0 ] && echo 1 || echo 0)${good:6}
for code in "$swapped" "$swapped_mid" ABCD 0000-0000-000U "$good-X" '%FF%FE' "$(urlenc "$good<script>")"; do
	get "/track/$code"
	assert_status_in "400 404" "GET /track/$code"
	assert_header Content-Type '^text/html' "GET /track/$code"
	get "/api/v1/public/cases/$code"
	assert_problem "400|404" "" "GET /api/v1/public/cases/$code"
	ppost "/track/$code/rate" rating=5
	assert_status_in "400 404" "POST /track/$code/rate"
	json_post "/api/v1/public/cases/$code/rating" '{"rating":5}'
	assert_problem "400|404" "" "POST /api/v1/public/cases/$code/rating"
done
get "/track?code=$(urlenc "$swapped")"
assert_status 400 "GET /track?code=$swapped (bad check symbol)"
get "/track?code=%FF"
assert_status 400 "GET /track?code=%FF"
# ratings out of range, on a decided case
for r in 0 6 -1 five 3.5 ""; do
	ppost "/track/$good/rate" "rating=$r" "comment=Đánh giá"
	html_refused "rate '$r' on the tracking page" "400 422"
done
for body in '{"rating":0}' '{"rating":6}' '{"rating":"5"}' '{"rating":null}' '{"rating":4.5}' \
	'{"rating":5,"evil":1}' '{"comment":"no rating"}' '{"rating":5,"comment":5}' '{'; do
	json_post "/api/v1/public/cases/$good/rating" "$body"
	json_refused "POST /api/v1/public/cases/$good/rating $body"
done
json_post "/api/v1/public/cases/$good/rating" "{\"rating\":5,\"comment\":\"$(head -c 6000 /dev/zero | tr '\0' 'c')\"}"
json_refused "a rating comment over 5000 characters"
# a rating of a case not decided yet
ppost "/track/$TRACK_F/rate" rating=4
html_refused "rate a case that is not decided" "400 409"
json_post "/api/v1/public/cases/$TRACK_F/rating" '{"rating":4}'
json_refused "API: rate a case that is not decided" "400|409"
# partial withdrawal of a case received before 2026-07-01, and reopening what is not decided
ppost "/track/$TRACK_E/withdraw" part=1 "note=Rút một nội dung khiếu nại"
html_refused "withdraw in part a case received on 2026-06-30" "400 409"
ppost "/track/$TRACK_F/reopen" "note=Mở lại"
html_refused "reopen a case that is not decided" "400 409"
ppost "/track/$good/reopen" $'note=Bad\x01control'
html_refused "reopen with a control character in the note" "400 422"
# without the CSRF token
req POST "/track/$good/rate" --data-urlencode rating=5
assert_status 403 "a rating without the CSRF token"
req POST "/track/$TRACK_E/withdraw" --data-urlencode note=x
assert_status 403 "a withdrawal without the CSRF token"
check_unchanged "after the bad citizen requests"

# ================================================================ search and list parameters
sget "/cases?q=%FF"
assert_status 400 "GET /cases?q=%FF"
for q in "q=%FF" "q=%ZZ" "status=nope" "kind=spaceship" "limit=-1" "limit=abc" "offset=-5"; do
	aget "/api/v1/cases?$q"
	json_refused "GET /api/v1/cases?$q" "400"
done
for id in abc -1 0 1.5 99999999999999999999999 '%FF'; do
	sget "/cases/$id"
	assert_status_in "400 404" "GET /cases/$id"
	aget "/api/v1/cases/$id"
	assert_problem "400|404" "" "GET /api/v1/cases/$id"
done

check_unchanged "after the bad list and id parameters"
done_testing
