#!/bin/bash
# t1100-cases-web: the pages of cases: a citizen submits on the web form and follows the case by
# its tracking code; the settler of the handling unit accepts, extends and decides through the
# staff pages; the citizen sees the answer, rates it and asks to reopen; a denouncer's identity
# stays sealed but for an audited reveal; refused actions and forms change nothing; scope holds.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

# --- the settler of the Ba Đình ward people's committee (routing picks it for area 00004)
SETTLER=giaiquyet.badinh
[ -n "$(password_of "$SETTLER")" ] || SETTLER=$(logins_with settler 'Ba Đình' | head -1)
[ -n "$SETTLER" ] || bail "the demo has no settler in Ba Đình"
note "SETTLER = $SETTLER"
pick_user HCM officer 2 79

ncases() { sql "SELECT count(*) FROM citizen_case"; }
nevents() { sql "SELECT count(*) FROM case_event WHERE case_id = ?" "$1"; }

# --- anonymous: the form and its CSRF cookie
get /submit
assert_status 200 "GET /submit"
ANON=$(set_cookie_value __Host-dv_csrf)
[ -n "$ANON" ] || { last_response; bail "GET /submit set no __Host-dv_csrf cookie"; }
assert_eq "$ANON" "$(csrf_field)" "the submit form carries the cookie's token"
for f in kind topic area title description people representatives name contact address signed; do
	assert_contains "name=\"$f\"" "the submit form"
done
assert_contains 'value="denunciation"' "the submit form offers a denunciation"
assert_contains 'value="anonymous"' "the submit form offers anonymous information"
assert_contains 'href="/track"' "anonymous visitors see the Track link"

# apost PATH name=value...: a form POST as the anonymous visitor.
apost() {
	local path=$1 a
	shift
	local args=(-H "Cookie: __Host-dv_csrf=$ANON" --data-urlencode "csrf=$ANON")
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	req POST "$path" "${args[@]}"
}

# --- bad input and a missing token change nothing
before=$(ncases)
apost /submit kind=feedback topic=environment area=00004 "title=" "description=Không có tiêu đề"
assert_status 400 "POST /submit without a title"
assert_contains 'Không có tiêu đề' "the refused form keeps what was typed"
apost /submit kind=spaceship topic=environment area=00004 "title=Loại lạ" "description=x"
assert_status 400 "POST /submit with an unknown kind"
apost /submit kind=feedback topic=environment area=99999 "title=Địa bàn lạ" "description=x"
assert_status 400 "POST /submit in an unknown area"
apost /submit kind=denunciation topic=land area=00004 "title=Tố cáo thiếu chữ ký" \
	"description=Nội dung" "name=Trần Văn B" "contact=0900000002" "address=Hà Nội"
assert_status 400 "POST /submit a denunciation without the signature"
req POST /submit -H "Cookie: __Host-dv_csrf=$ANON" --data-urlencode kind=feedback \
	--data-urlencode topic=environment --data-urlencode area=00004 \
	--data-urlencode "title=Không có mã" --data-urlencode "description=x"
assert_status 403 "POST /submit without the csrf field"
assert_eq "$before" "$(ncases)" "refused submissions wrote no case"

# --- a citizen's feedback
NAME='Nguyễn Thị Công Dân'
CONTACT='0912345678'
apost /submit kind=feedback topic=environment area=00004 \
	"title=Rác thải ùn ứ ở ngõ <b>12</b>" \
	"description=Rác thải sinh hoạt không được thu gom suốt một tuần ở ngõ 12 phố Đội Cấn." \
	"people=1" "name=$NAME" "contact=$CONTACT" "address=Ngõ 12 Đội Cấn"
assert_status 303 "POST /submit feedback"
assert_header Location '^/track/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\?new=1$' "POST /submit feedback"
CODE=$(hdr Location | sed 's|^/track/||; s|?.*||')
CASE=$(sql "SELECT id FROM citizen_case WHERE tracking_code = ?" "$CODE")
assert_match '^[0-9]+$' "$CASE" "the case is stored under its tracking code"
get "/track/$CODE?new=1"
assert_status 200 "GET /track/$CODE?new=1"
assert_contains "$CODE" "the new case's page shows the code"
assert_contains 'class="tracking-new"' "the new case's page says to keep the code"
assert_contains 'status-received' "the case is received"
assert_contains 'Rác thải ùn ứ ở ngõ &lt;b&gt;12&lt;/b&gt;' "the title is escaped"
assert_not_contains "$NAME" "the tracking page never shows the name"
assert_not_contains "$CONTACT" "the tracking page never shows the contact"

# tracking by a typed code
lower=$(printf '%s' "$CODE" | tr 'A-Z' 'a-z' | tr -d '-')
get "/track?code=$lower"
assert_status 303 "GET /track?code=(lower case, no dashes)"
assert_header Location "^/track/$CODE\$" "GET /track?code= normalises"
get "/track?code=not-a-code"
assert_status 400 "GET /track?code=not-a-code"
assert_contains 'name="code"' "a bad code gets the form again"
get "/track/AAAA-AAAA-AAAA"
assert_status 404 "GET /track/AAAA-AAAA-AAAA"

# --- a denunciation, whose identity is sealed
DNAME='Lê Văn Tố Giác'
DCONTACT='0987654321'
apost /submit kind=denunciation topic=officials-conduct area=00004 \
	"title=Cán bộ địa chính nhận tiền" \
	"description=Cán bộ địa chính phường nhận tiền để hợp thức hóa giấy tờ đất đai." \
	"name=$DNAME" "contact=$DCONTACT" "address=Số 1 phố Liễu Giai" "signed=1"
assert_status 303 "POST /submit denunciation"
DCODE=$(hdr Location | sed 's|^/track/||; s|?.*||')
DCASE=$(sql "SELECT id FROM citizen_case WHERE tracking_code = ?" "$DCODE")
assert_match '^[0-9]+$' "$DCASE" "the denunciation is stored"
get "/track/$DCODE"
assert_status 200 "GET /track/$DCODE"
assert_not_contains "$DNAME" "the denunciation's tracking page hides the denouncer"

# --- a first-time complaint, to be refused
apost /submit kind=complaint1 topic=land area=00004 "title=Khiếu nại quyết định thu hồi đất" \
	"description=Tôi khiếu nại quyết định thu hồi đất số 12 của phường." \
	"name=Phạm Văn C" "contact=0900000003" "address=Ba Đình"
assert_status 303 "POST /submit complaint1"
RCODE=$(hdr Location | sed 's|^/track/||; s|?.*||')
RCASE=$(sql "SELECT id FROM citizen_case WHERE tracking_code = ?" "$RCODE")

# --- the settler's inbox
login "$SETTLER"
sget /cases
assert_status 200 "GET /cases as $SETTLER"
assert_contains "$CODE" "the inbox lists the feedback"
assert_contains "$DCODE" "the inbox lists the denunciation"
assert_contains "href=\"/cases/$CASE\"" "rows link to the case page"
assert_not_contains "$DNAME" "the inbox never shows a denouncer"
assert_not_contains "$NAME" "the inbox shows no submitter names"
assert_contains 'href="/cases"' "the navigation has Cases"
sget "/cases?kind=denunciation&status=all"
assert_status 200 "GET /cases filtered by kind"
assert_contains "$DCODE" "the kind filter keeps the denunciation"
assert_not_contains "$CODE" "the kind filter drops the feedback"
sget "/cases?q=rac+thai"
assert_contains "$CODE" "diacritic-insensitive search finds the feedback"
sget "/cases?overdue=1"
assert_status 200 "GET /cases?overdue=1"
assert_not_contains "$CODE" "a new case is not overdue"

# --- the feedback: accept, then decide
sget "/cases/$CASE"
assert_status 200 "GET /cases/$CASE"
assert_contains "PAKN_SETTLE" "the case page names the rule of its clock"
assert_contains "$NAME" "a feedback's submitter is shown to staff"
assert_contains 'value="accept"' "the settler may accept"
spost "/cases/$CASE/act" action=accept "note=Thụ lý"
assert_status 303 "accept the feedback"
assert_header Location "^/cases/$CASE\$" "accept returns to the case"
assert_eq accepted "$(sql "SELECT status FROM citizen_case WHERE id = ?" "$CASE")" "the feedback is accepted"

# the dispatcher's CSRF check holds for staff forms too
req POST "/cases/$CASE/act" -H "Cookie: $COOKIE" --data-urlencode action=start
assert_status 403 "POST /cases/$CASE/act without csrf"
assert_eq accepted "$(sql "SELECT status FROM citizen_case WHERE id = ?" "$CASE")" "nothing changed without csrf"

# a decision needs its text
n=$(nevents "$CASE")
spost "/cases/$CASE/act" action=decide "note=" "decision_date=$(today_vn)"
assert_status 400 "decide without a text"
assert_contains 'notice-error' "the case page comes back with the message"
spost "/cases/$CASE/act" action=decide "note=x" "decision_date=2026-13-45"
assert_status 400 "decide with a bad date"
spost "/cases/$CASE/act" action=nonsense
assert_status 400 "an unknown action"
assert_eq "$n" "$(nevents "$CASE")" "refused actions wrote no event"

DECISION='Phường đã bố trí xe thu gom rác hằng ngày tại ngõ 12 từ tuần này.'
spost "/cases/$CASE/act" action=decide "note=$DECISION" "decision_date=$(today_vn)"
assert_status 303 "decide the feedback"
assert_eq decided "$(sql "SELECT status FROM citizen_case WHERE id = ?" "$CASE")" "the feedback is decided"

# --- the denunciation: sealed on the case page, accepted as complex, extended, revealed
sget "/cases/$DCASE"
assert_status 200 "GET /cases/$DCASE"
assert_contains 'Danh tính được bảo mật' "the denunciation's identity is sealed"
assert_not_contains "$DNAME" "the case page does not show the denouncer"
assert_not_contains "$DCONTACT" "the case page does not show the denouncer's contact"
assert_contains "/cases/$DCASE/reveal" "the settler is offered the reveal"
spost "/cases/$DCASE/act" action=accept complex=1
assert_status 303 "accept the denunciation as complex"
due0=$(sql "SELECT due_day FROM case_deadline WHERE case_id = ? AND step = 'settle'" "$DCASE")
spost "/cases/$DCASE/act" action=extend days=30 "note=Cần xác minh thêm"
assert_status 303 "extend the denunciation"
assert_eq 1 "$(sql "SELECT extensions FROM citizen_case WHERE id = ?" "$DCASE")" "one extension granted"
due1=$(sql "SELECT due_day FROM case_deadline WHERE case_id = ? AND step = 'settle'" "$DCASE")
assert_ne "$due0" "$due1" "the settlement clock moved"
sget "/cases/$DCASE"
assert_contains "TC_SETTLE" "the clock names TC_SETTLE"
reveals=$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'")
spost "/cases/$DCASE/reveal"
assert_status 200 "POST /cases/$DCASE/reveal"
assert_contains "$DNAME" "the reveal shows the denouncer"
assert_header Cache-Control 'no-store' "the reveal is not cached"
assert_eq "$((reveals + 1))" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'")" "the reveal is audited"
req POST "/cases/$DCASE/reveal" -H "Cookie: $COOKIE"
assert_status 403 "reveal without csrf"
assert_eq "$((reveals + 1))" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'")" "no reveal without csrf"

# --- a refused complaint cannot be decided (409, nothing changes)
spost "/cases/$RCASE/act" action=refuse "note=Quá thời hiệu khiếu nại"
assert_status 303 "refuse the complaint"
n=$(nevents "$RCASE")
spost "/cases/$RCASE/act" action=decide "note=Quyết định" "decision_date=$(today_vn)"
assert_status 409 "decide a refused case"
assert_eq refused "$(sql "SELECT status FROM citizen_case WHERE id = ?" "$RCASE")" "the refused case stays refused"
assert_eq "$n" "$(nevents "$RCASE")" "the refused decision wrote no event"

# --- staff intake on a citizen's behalf
sget /cases/new
assert_status 200 "GET /cases/new"
for f in channel kind topic area title description complex received_on; do
	assert_contains "name=\"$f\"" "the intake form"
done
before=$(ncases)
spost /cases channel=web kind=feedback topic=health area=00004 "title=Kênh sai" "description=x"
assert_status 400 "POST /cases with the web channel"
assert_eq "$before" "$(ncases)" "the refused intake wrote nothing"
spost /cases channel=reception kind=feedback topic=environment area=00004 \
	"title=Rác thải ở ngõ 12 vẫn chưa được thu gom" \
	"description=Người dân phản ánh tại buổi tiếp công dân: rác thải sinh hoạt ở ngõ 12 Đội Cấn chưa được thu gom." \
	"name=Hoàng Văn D" "contact=0900000004"
assert_status 303 "POST /cases (reception)"
assert_header Location '^/cases/[0-9]+$' "POST /cases"
NEW=$(hdr Location | sed 's|.*/||')
assert_eq reception "$(sql "SELECT channel FROM citizen_case WHERE id = ?" "$NEW")" "the channel is stored"
sget "/cases/$NEW"
assert_status 200 "GET /cases/$NEW"

# --- the citizen sees the answer, rates it and asks to reopen
get "/track/$CODE"
assert_status 200 "GET /track/$CODE after the decision"
assert_contains "$DECISION" "the citizen sees the decision"
assert_contains 'name="rating"' "a decided case can be rated"
apost "/track/$CODE/rate" rating=9
assert_status 400 "rate 9"
apost "/track/$CODE/rate" rating=5 "comment=Cảm ơn phường"
assert_status 303 "rate 5"
assert_eq 5 "$(sql "SELECT rating FROM citizen_case WHERE id = ?" "$CASE")" "the rating is stored"
req POST "/track/$CODE/reopen" -H "Cookie: __Host-dv_csrf=$ANON" --data-urlencode "note=x"
assert_status 403 "reopen without csrf"
apost "/track/$CODE/reopen" "note=Rác lại ùn ứ sau ba ngày"
assert_status 303 "ask to reopen"
assert_eq in_progress "$(sql "SELECT status FROM citizen_case WHERE id = ?" "$CASE")" "the case is reopened"

# --- scope: an officer of province 79 sees none of it
login "$HCM"
sget "/cases/$CASE"
assert_status 404 "GET /cases/$CASE as an officer of province 79"
sget /cases
assert_not_contains "$CODE" "the province 79 inbox does not list it"
spost "/cases/$CASE/act" action=comment "note=x"
assert_status 404 "act on a case out of scope"

# --- settings: administrators only
sget /config
assert_status 403 "GET /config as an officer"
pick_user ADMIN administrator 0 ""
login "$ADMIN"
sget /config
assert_status 200 "GET /config as an administrator"
assert_contains 'href="/config/holidays"' "the settings index links the holidays"
sget "/config/rules?rule=KN1_ACCEPT&from=2026-12-04"
assert_status 200 "the deadline calculator"
assert_contains '2026-12-14' "KN1_ACCEPT from 2026-12-04 is due 2026-12-14"
assert_contains 'KN2_ACCEPT' "every rule is listed"
assert_contains 'to-verify' "U rules are marked to verify"
sget "/config/rules?rule=KN1_ACCEPT&from=2026-02-31"
assert_status 400 "the calculator refuses a bad date"
# TC_INIT: 7 working days from Thursday 2027-02-04 end on Monday 2027-02-15; a holiday on
# Monday 2027-02-08 moves it to the 16th at once (the rules a server keeps follow the change)
sget "/config/rules?rule=TC_INIT&from=2027-02-04"
assert_contains '2027-02-15' "TC_INIT from 2027-02-04 is due 2027-02-15"
spost /config/holidays day=2027-02-08 "name=Tết Nguyên đán"
assert_status 303 "add a holiday"
assert_eq 1 "$(sql "SELECT count(*) FROM holiday WHERE day = '2027-02-08'")" "the holiday is stored"
sget "/config/rules?rule=TC_INIT&from=2027-02-04"
assert_contains '2027-02-16' "with the new holiday TC_INIT from 2027-02-04 is due 2027-02-16"
spost /config/holidays day=2027-02-30 "name=Không có"
assert_status 400 "a holiday on a day that does not exist"
sget /config/holidays
assert_contains 'Tết Nguyên đán' "the holidays list shows it"
spost /config/holidays/2027-02-08/delete
assert_status 303 "remove the holiday"
sget "/config/rules?rule=TC_INIT&from=2027-02-04"
assert_contains '2027-02-15' "without it the due date is 2027-02-15 again"
assert_eq 0 "$(sql "SELECT count(*) FROM holiday WHERE day = '2027-02-08'")" "the holiday is gone"
sget /config/topics
assert_status 200 "GET /config/topics"
assert_contains 'officials-conduct' "the topics list"
sget /config/routing
assert_status 200 "GET /config/routing"
spost /config/open311 "name=Ứng dụng phản ánh"
assert_status 200 "issue an Open311 key"
assert_contains 'class="token"' "the key is shown once"

done_testing
