#!/bin/bash
# t1600-routing-escalation: who handles a case. A denunciation naming the head of a commune
# people's committee goes to that unit's superior, never to the unit or below it (even when a
# routing rule says otherwise); an administrator's routing rule sends new cases of an area and
# topic to its unit; a decided first-time complaint escalates to a linked second-time complaint
# at the superior with KN2 clocks; anonymous information has no acceptance clock and cannot be
# accepted; a forward moves the case with its clock met and the first unit keeps seeing it.
. "$(dirname "$0")/lib.sh"
make_demo
mapfile -t EXTRA < <(serve_flag --submit-max-addr 10000)
start_server "${EXTRA[@]}"

SETTLER=giaiquyet.badinh
OFFICER=canbo.badinh
INSPECTOR=thanhtra.hanoi
for u in $SETTLER $OFFICER $INSPECTOR admin canbo.saigon; do
	[ -n "$(password_of "$u")" ] || bail "the demo has no '$u'"
done
WARD=$(unit_of "$SETTLER") # Ủy ban nhân dân phường Ba Đình
CITY=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$WARD")
[ "$CITY" = "$(unit_of "$INSPECTOR")" ] || bail "the ward's parent ($CITY) is not the inspector's unit"
SAIGON=$(unit_of canbo.saigon)
# the city's settler, to act on what reaches the city
add_user giaiquyet.hanoi "$CITY" settler
TODAY=$(today_vn)
note "ward $WARD, its superior $CITY, Sài Gòn $SAIGON, today $TODAY"

# in_subtree ROOT UNIT: 1 when UNIT is ROOT or below it
in_subtree() { sql "SELECT count(*) FROM unit_closure WHERE ancestor = ? AND descendant = ?" "$1" "$2"; }
# clock ID STEP: "rule_code from_day met_on" of a case's clock ("" when none)
clock() { sql "SELECT rule_code, from_day, COALESCE(met_on, '-') FROM case_deadline WHERE case_id = ? AND step = ?" "$1" "$2" | tr '\t' ' '; }
DEN=(kind=denunciation channel=reception topic=officials-conduct area=00004 people=1 signed=1
	"name=Đặng Văn Thẳng" "contact=0905000001" "address=Tổ dân phố 3, Ba Đình")

# ================================================================ a denunciation naming the head
login "$OFFICER"
token_for "$OFFICER"
staff_case "${DEN[@]}" "subject_unit_id=$WARD" names_head=1 \
	"title=Tố cáo Chủ tịch UBND phường" "description=Chủ tịch phường chỉ đạo cấp phép sai quy định."
assert_status 303 "the ward's officer enters a denunciation against the ward's head"
H1=$CASE_ID
[ -n "$H1" ] || H1=$(sql "SELECT max(id) FROM citizen_case")
[ -n "$H1" ] || bail "no case was created"
assert_eq "$WARD 1" "$(sql "SELECT subject_unit_id, names_head FROM citizen_case WHERE id = ?" "$H1" | tr '\t' ' ')" \
	"case $H1 names the head of unit $WARD"
assert_eq "$CITY" "$(case_field "$H1" handling_unit_id)" "the superior ($CITY) handles case $H1"
assert_eq 0 "$(in_subtree "$WARD" "$(case_field "$H1" handling_unit_id)")" "the handler is not the ward nor below it"
assert_eq 0 "$(sql "SELECT count(*) FROM case_handler h JOIN unit_closure c ON c.descendant = h.unit_id WHERE h.case_id = ? AND c.ancestor = ?" "$H1" "$WARD")" \
	"no handler row of case $H1 is in the ward's subtree"
# through the JSON API
token_for "$OFFICER"
staff_case_json "$(python3 -c 'import json, sys; print(json.dumps({"kind": "denunciation",
	"channel": "letter", "topic": "officials-conduct", "area": "00004",
	"subject_unit_id": int(sys.argv[1]), "names_head": True, "title": "Tố cáo Chủ tịch phường (thư)",
	"description": "Thư tố cáo người đứng đầu.", "people_count": 1, "name": "Mai Văn Thư",
	"contact": "0905000002", "address": "Ba Đình", "signed": True}, ensure_ascii=False))' "$WARD")"
assert_status 201 "POST /api/v1/cases: a denunciation against the ward's head"
H2=$CASE_ID
[ -n "$H2" ] || H2=$(sql "SELECT max(id) FROM citizen_case")
assert_eq "$CITY" "$(case_field "$H2" handling_unit_id)" "the API intake also goes to the superior"
# the denounced unit does not see them; the superior does
for h in "$H1" "$H2"; do
	login "$OFFICER"
	token_for "$OFFICER"
	sget "/cases/$h"
	assert_status 404 "the denounced ward's officer gets 404 for case $h"
	aget "/api/v1/cases/$h"
	assert_problem 404 "" "the denounced ward's officer, API, case $h"
	login "$SETTLER"
	sget "/cases/$h"
	assert_status 404 "the denounced ward's settler gets 404 for case $h"
	login "$INSPECTOR"
	sget "/cases/$h"
	assert_status 200 "the city's inspector opens case $h"
	token_for "$INSPECTOR"
	aget "/api/v1/cases/$h"
	assert_status 200 "GET /api/v1/cases/$h as the city's inspector"
	assert_json handling_unit.id "$CITY" "the API shows the superior as handler of case $h"
done
# against the city's head: to the city's superior
login giaiquyet.hanoi
staff_case "${DEN[@]}" "subject_unit_id=$CITY" names_head=1 "title=Tố cáo Chủ tịch UBND thành phố" \
	"description=Người đứng đầu thành phố bao che vi phạm."
H3=$CASE_ID
[ -n "$H3" ] || H3=$(sql "SELECT max(id) FROM citizen_case WHERE subject_unit_id = ?" "$CITY")
if [ -n "$H3" ]; then
	assert_eq "$(sql "SELECT parent_id FROM unit WHERE id = ?" "$CITY")" "$(case_field "$H3" handling_unit_id)" \
		"a denunciation of the city's head goes to the city's superior"
else
	not_ok "the city's settler could not enter a denunciation against the city's head ($STATUS)"
	last_response
fi
# naming a head without naming the unit is refused
login "$OFFICER"
n=$(sql "SELECT count(*) FROM citizen_case")
staff_case "${DEN[@]}" names_head=1 "title=Tố cáo người đứng đầu" "description=Không nêu đơn vị."
assert_status_in "400 422" "names_head without a subject unit"
assert_eq "$n" "$(sql "SELECT count(*) FROM citizen_case")" "nothing was written"

# ================================================================ routing rules
login "$OFFICER"
spost /config/routing area=00004 topic=environment kind=feedback "unit=$SAIGON"
assert_status 403 "an officer may not add a routing rule"
login admin
sget /config/routing
assert_status 200 "GET /config/routing"
RULES0=$(sql "SELECT count(*) FROM routing_rule")
# the party committee's mass-mobilisation board of the ward takes environment feedback
BOARD=$(sql "SELECT id FROM unit WHERE kind = 'mm-board' AND parent_id IN (SELECT id FROM unit WHERE parent_id = ? AND kind = 'party-committee') AND name LIKE '%Ba Đình%' ORDER BY id LIMIT 1" "$(sql "SELECT parent_id FROM unit WHERE id = ?" "$CITY")")
[ -n "$BOARD" ] || BOARD=$SAIGON
spost /config/routing area=00004 topic=environment kind=feedback "unit=$BOARD"
assert_status_in "200 303" "the administrator adds a rule: 00004 × environment × feedback -> $BOARD"
assert_eq "$((RULES0 + 1))" "$(sql "SELECT count(*) FROM routing_rule")" "one routing rule was added"
assert_eq "$BOARD" "$(sql "SELECT unit_id FROM routing_rule ORDER BY id DESC LIMIT 1")" "the rule names unit $BOARD"
sget /config/routing
assert_contains "$(sql "SELECT name FROM unit WHERE id = ?" "$BOARD" | sed 's/&/\&amp;/g')" "the rules page lists the rule's unit"
# bad rules are refused and change nothing
for bad in "area=99999 topic=environment unit=$BOARD" "area=00004 topic=nope unit=$BOARD" \
	"area=00004 topic=environment unit=987654321" "area=00004 topic=environment kind=spaceship unit=$BOARD" \
	"area=00004 topic=environment unit=abc"; do
	read -r -a f <<<"$bad"
	spost /config/routing "${f[@]}"
	assert_status_in "400 404 422" "POST /config/routing $bad"
done
assert_eq "$((RULES0 + 1))" "$(sql "SELECT count(*) FROM routing_rule")" "refused rules added nothing"
# a rule that would send denunciations of the ward to the ward itself
spost /config/routing area=00004 topic=officials-conduct kind=denunciation "unit=$WARD"
assert_status_in "200 303" "a rule: 00004 × officials-conduct × denunciation -> the ward"
# new cases follow the rule
submit_public feedback topic=environment area=00004 "title=Khói bụi từ xưởng gỗ" \
	"description=Xưởng gỗ xả khói bụi cả ngày." "name=Tạ Văn Bụi" "contact=0906000001"
R1=$(case_id_of "$TRACK")
[ -n "$R1" ] || { last_response; bail "public feedback was not accepted ($STATUS)"; }
assert_eq "$BOARD" "$(case_field "$R1" handling_unit_id)" "environment feedback in 00004 goes to the rule's unit"
submit_public feedback topic=land area=00004 "title=Lấn chiếm vỉa hè" \
	"description=Quán ăn lấn chiếm vỉa hè." "name=Tạ Văn Hè" "contact=0906000002"
R2=$(case_id_of "$TRACK")
assert_eq "$WARD" "$(case_field "$R2" handling_unit_id)" "land feedback in 00004 still goes to the ward (default)"
submit_public complaint1 topic=environment area=00004 "title=Khiếu nại xử phạt môi trường" \
	"description=Không đồng ý quyết định xử phạt." "name=Tạ Văn Phạt" "contact=0906000003" "address=Ba Đình"
R3=$(case_id_of "$TRACK")
assert_eq "$WARD" "$(case_field "$R3" handling_unit_id)" "a complaint on environment is not caught by the feedback-only rule"
# the rule never beats the head rule
login "$OFFICER"
staff_case "${DEN[@]}" "subject_unit_id=$WARD" names_head=1 "title=Tố cáo Chủ tịch phường lần nữa" \
	"description=Tiếp tục vi phạm."
H4=$CASE_ID
[ -n "$H4" ] || H4=$(sql "SELECT max(id) FROM citizen_case")
assert_eq "$CITY" "$(case_field "$H4" handling_unit_id)" "a head denunciation ignores a rule that points at the ward"
token_for "$OFFICER"
staff_case_json "$(python3 -c 'import json, sys; print(json.dumps({"kind": "denunciation",
	"channel": "reception", "topic": "officials-conduct", "area": "00004",
	"subject_unit_id": int(sys.argv[1]), "names_head": True, "title": "Tố cáo Chủ tịch phường (API)",
	"description": "Vẫn tiếp tục vi phạm.", "people_count": 1, "name": "Mai Văn Tiếp",
	"contact": "0905000009", "address": "Ba Đình", "signed": True}, ensure_ascii=False))' "$WARD")"
H4B=$(sql "SELECT max(id) FROM citizen_case WHERE title = ?" "Tố cáo Chủ tịch phường (API)")
assert_eq "$CITY" "$(case_field "$H4B" handling_unit_id)" "the same through the API ignores the rule too"
staff_case "${DEN[@]}" "title=Tố cáo cán bộ một cửa" "description=Cán bộ một cửa gây khó dễ."
H5=$CASE_ID
[ -n "$H5" ] || H5=$(sql "SELECT max(id) FROM citizen_case")
assert_eq "$WARD" "$(case_field "$H5" handling_unit_id)" "a denunciation not naming the head follows the rule"

# ================================================================ escalation
login "$SETTLER"
token_for "$SETTLER"
staff_case kind=complaint1 channel=reception topic=land area=00004 people=1 \
	"title=Khiếu nại quyết định bồi thường" "description=Giá bồi thường thấp hơn thị trường." \
	"name=Lương Văn Khiếu" "contact=0907000001" "address=Ba Đình"
K1=$CASE_ID
[ -n "$K1" ] || { last_response; bail "complaint intake failed ($STATUS)"; }
assert_eq "KN1_ACCEPT $TODAY -" "$(clock "$K1" accept)" "a first-time complaint has the KN1_ACCEPT clock from today"
act "$K1" escalate
assert_status 409 "a complaint not yet decided cannot be escalated"
must_act "$K1" accept
assert_match "^KN1_ACCEPT $TODAY $TODAY$" "$(clock "$K1" accept)" "accepting meets the accept clock"
assert_match "^KN1_SETTLE $TODAY -$" "$(clock "$K1" settle)" "accepting starts KN1_SETTLE"
must_act "$K1" decide "note=Bác đơn khiếu nại, giữ nguyên giá bồi thường." "decision_date=$TODAY"
n=$(sql "SELECT count(*) FROM citizen_case")
act "$K1" escalate "note=Người khiếu nại không đồng ý, khiếu nại lần hai."
assert_status 303 "escalate the decided complaint"
K2=$(hdr Location | sed -n 's|^/cases/\([0-9][0-9]*\).*|\1|p')
[ -n "$K2" ] || K2=$(sql "SELECT id FROM citizen_case WHERE parent_case_id = ?" "$K1")
[ -n "$K2" ] || bail "escalation created no case"
assert_ne "$K1" "$K2" "escalation leads to a new case"
assert_eq "$((n + 1))" "$(sql "SELECT count(*) FROM citizen_case")" "escalation created exactly one case"
assert_eq "complaint2 $CITY $K1" "$(sql "SELECT kind, handling_unit_id, parent_case_id FROM citizen_case WHERE id = ?" "$K2" | tr '\t' ' ')" \
	"the new case is a second-time complaint at the superior, linked to the first"
assert_eq "KN2_ACCEPT $TODAY -" "$(clock "$K2" accept)" "the second-time complaint has the KN2_ACCEPT clock"
assert_eq 0 "$(sql "SELECT count(*) FROM case_deadline WHERE case_id = ? AND rule_code LIKE 'KN1%'" "$K2")" "no KN1 clock on the second-time complaint"
assert_match '^[1-9]' "$(sql "SELECT count(*) FROM case_event WHERE case_id = ?" "$K1")" "the first case's timeline records the escalation"
assert_eq 1 "$(sql "SELECT count(*) FROM case_event WHERE case_id = ? AND kind = 'escalated'" "$K1")" \
	"one 'escalated' event on the first case"
# the API shows the link
token_for "$INSPECTOR"
aget "/api/v1/cases/$K2"
assert_status 200 "GET /api/v1/cases/$K2 as the city's inspector"
assert_json parent_case_id "$K1" "the API shows parent_case_id"
assert_json kind complaint2 "the API shows kind complaint2"
assert_contains KN2_ACCEPT "the API shows the KN2_ACCEPT clock"
# the city's settler accepts: KN2_SETTLE starts
login giaiquyet.hanoi
act "$K2" accept
assert_status 303 "the city's settler accepts the second-time complaint"
assert_match "^KN2_SETTLE $TODAY -$" "$(clock "$K2" settle)" "accepting starts KN2_SETTLE"
# the ward still sees its own first case
login "$SETTLER"
sget "/cases/$K1"
assert_status 200 "the ward keeps its first-time complaint"
act "$K1" escalate "note=Lần nữa"
assert_status 409 "a complaint escalated once cannot be escalated again"
# escalation through the API, and what cannot be escalated
staff_case kind=complaint1 channel=letter topic=land area=00004 people=1 \
	"title=Khiếu nại thu phí" "description=Thu phí không đúng." "name=Lương Thị Phí" "contact=0907000002" "address=Ba Đình"
K3=$CASE_ID
must_act "$K3" accept
must_act "$K3" decide "note=Công nhận một phần." "decision_date=$TODAY"
token_for "$SETTLER"
apost "/api/v1/cases/$K3/actions" '{"action":"escalate","note":"Khiếu nại lần hai"}'
assert_status 201 "POST /api/v1/cases/$K3/actions escalate"
assert_json parent_case_id "$K3" "the API answers with the new linked case"
assert_json kind complaint2 "the API answers with a complaint2"
staff_case kind=feedback channel=phone topic=land area=00004 people=1 \
	"title=Đề nghị sửa đường" "description=Đường xuống cấp." "name=Lương Văn Đường" "contact=0907000003"
FB=$CASE_ID
apost "/api/v1/cases/$FB/actions" '{"action":"escalate"}'
assert_problem 409 "" "a feedback cannot be escalated"

# ================================================================ anonymous information
submit_public anonymous topic=officials-conduct area=00004 "title=Thông tin nặc danh" \
	"description=Cán bộ địa chính nhận tiền, có ảnh chụp kèm theo."
AN=$(case_id_of "$TRACK")
[ -n "$AN" ] || { last_response; bail "anonymous submission failed ($STATUS)"; }
assert_eq "anonymous" "$(case_field "$AN" kind)" "the case is anonymous information"
assert_eq "" "$(clock "$AN" accept)" "anonymous information has no accept clock"
assert_eq 0 "$(sql "SELECT count(*) FROM case_deadline WHERE case_id = ? AND rule_code IN ('TC_INIT', 'TC_SETTLE')" "$AN")" \
	"anonymous information has no TC_INIT or TC_SETTLE clock"
assert_eq "1 1 1" "$(sql "SELECT CASE WHEN submitter_name IS NULL THEN 1 ELSE 0 END, CASE WHEN submitter_contact IS NULL THEN 1 ELSE 0 END, CASE WHEN sealed_identity IS NULL THEN 1 ELSE 0 END FROM citizen_case WHERE id = ?" "$AN" | tr '\t' ' ')" \
	"anonymous information stores no identity"
login "$SETTLER"
before=$(cases_digest)
act "$AN" accept
assert_status 409 "accepting anonymous information is refused"
token_for "$SETTLER"
apost "/api/v1/cases/$AN/actions" '{"action":"accept"}'
assert_problem 409 "" "accepting anonymous information through the API is refused"
assert_eq "$before" "$(cases_digest)" "the refused accepts changed nothing"
json_post /api/v1/public/cases '{"kind":"anonymous","topic":"land","area":"00004","title":"Nặc danh qua API","description":"Nội dung nặc danh."}'
assert_status 201 "anonymous information through the public API"
AN2=$(case_id_of "$(json tracking_code)")
assert_eq "" "$(clock "$AN2" accept)" "no accept clock either"
# what it may do: go to inspection
login "$OFFICER"
act "$AN" start "note=Chuyển xác minh"
assert_status 303 "anonymous information is sent to verification"
assert_eq in_progress "$(case_field "$AN" status)" "it is in progress"

# ================================================================ forwarding
login "$OFFICER"
submit_public feedback topic=infrastructure area=00004 "title=Cống thoát nước tắc" \
	"description=Cống tắc gây ngập." "name=Kiều Văn Cống" "contact=0908000001"
FW=$(case_id_of "$TRACK")
[ -n "$FW" ] || bail "feedback submission failed ($STATUS)"
assert_eq "$WARD" "$(case_field "$FW" handling_unit_id)" "the feedback starts at the ward"
assert_match '^PAKN_FWD ' "$(clock "$FW" forward)" "a feedback has a PAKN_FWD clock"
act "$FW" forward "note=Thuộc thẩm quyền phường Sài Gòn" "target_unit_id=$SAIGON"
assert_status 303 "the ward's officer forwards the feedback to Sài Gòn"
assert_eq "$SAIGON" "$(case_field "$FW" handling_unit_id)" "Sài Gòn handles it now"
assert_match "^PAKN_FWD [0-9-]+ $TODAY$" "$(clock "$FW" forward)" "the PAKN_FWD clock is met today"
assert_match "^PAKN_SETTLE $TODAY -$" "$(clock "$FW" settle)" "the receiving unit's settle clock starts today"
assert_eq 2 "$(sql "SELECT count(*) FROM case_handler WHERE case_id = ? AND unit_id IN (?, ?)" "$FW" "$WARD" "$SAIGON")" \
	"both units are recorded as handlers"
assert_eq 1 "$(sql "SELECT count(*) FROM case_event WHERE case_id = ? AND kind = 'forwarded'" "$FW")" "the timeline has the forward ('forwarded')"
sget "/cases/$FW"
assert_status 200 "the first unit still sees the forwarded case"
token_for "$OFFICER"
aget "/api/v1/cases/$FW"
assert_status 200 "the first unit still reads it through the API"
aget "/api/v1/cases?limit=500"
assert_contains "$(tracking_of "$FW")" "the first unit's list still has it"
login canbo.saigon
sget "/cases/$FW"
assert_status 200 "Sài Gòn's officer opens the forwarded case"
sget "/cases"
assert_contains "$(tracking_of "$FW")" "Sài Gòn's inbox has it"
# a denunciation forwarded: TC_TRANSFER
login "$OFFICER"
staff_case "${DEN[@]}" topic=land "title=Tố cáo lấn chiếm đất công" "description=Lấn chiếm đất công ở khu phố."
FD=$CASE_ID
[ -n "$FD" ] || { last_response; bail "denunciation intake failed ($STATUS)"; }
assert_eq "$WARD" "$(case_field "$FD" handling_unit_id)" "the denunciation starts at the ward"
act "$FD" forward "note=Chuyển cơ quan có thẩm quyền" "target_unit_id=$SAIGON"
assert_status 303 "the denunciation is forwarded"
assert_eq "$SAIGON" "$(case_field "$FD" handling_unit_id)" "Sài Gòn handles the denunciation now"
assert_match "^TC_TRANSFER [0-9-]+ $TODAY$" "$(clock "$FD" forward)" "the TC_TRANSFER clock is met today"
assert_match "^TC_INIT $TODAY -$" "$(clock "$FD" accept)" "the receiving unit's TC_INIT clock starts today"
sget "/cases/$FD"
assert_status 200 "the first unit still sees the forwarded denunciation"
# a forward to a unit inside a head-denounced subtree is still refused for a head denunciation
login giaiquyet.hanoi
act "$H2" forward "note=Trả về phường" "target_unit_id=$WARD"
assert_status_in "400 403 409 422" "a head denunciation cannot be forwarded to the denounced unit"
assert_eq "$CITY" "$(case_field "$H2" handling_unit_id)" "it stays at the superior"

done_testing
