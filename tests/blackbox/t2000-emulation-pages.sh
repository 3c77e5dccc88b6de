#!/bin/bash
# t2000-emulation-pages: the pages of "clever mass mobilisation" models, criteria sets, emulation
# rounds and commendation. The Hà Nội leader makes criteria sets through the form; the Ba Đình
# officer registers a model, finds it by a search without diacritics and in the CSV and XLSX
# exports, starts implementing it, links an activity and adds a photo; the leader replicates it
# in Ngọc Hà (the map and the table show where it spread), evaluates it on a set, recognises it
# at province level and declares it typical. The leader launches a round; self and reviewer
# scores give a ranking (exported), a preliminary and a final review. A proposal is checked
# (the check writes nothing), made, and decided, a rule-breaking one only with the warnings
# acknowledged. Every page answers for the leader; bad input on every form shows the form again
# with its error and changes nothing; another province gets 404; a POST without the CSRF token
# is refused.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

OFFICER=canbo.badinh
LEADER=lanhdao.hanoi
OTHER=canbo.saigon
[ -n "$(password_of "$OFFICER")" ] || pick_user OFFICER officer 2 01
[ -n "$(password_of "$LEADER")" ] || LEADER=$(logins_with leader 'Hà Nội' | head -1)
[ -n "$LEADER" ] || bail "the demo has no leader in Hà Nội"
[ -n "$(password_of "$OTHER")" ] || pick_user OTHER officer 2 79
UNIT=$(unit_of "$OFFICER")
LUNIT=$(unit_of "$LEADER")
AREA=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$UNIT")
[ -n "$AREA" ] || bail "no home area for unit $UNIT"
# two more communes' people's committees under the leader, for the replica and the round
pc() {
	sql "SELECT n.id FROM unit n JOIN area a ON a.id = n.home_area_id
		WHERE n.kind = 'peoples-committee' AND a.name = ? ORDER BY n.id LIMIT 1" "$1"
}
NGOCHA=$(pc 'Ngọc Hà')
GIANGVO=$(pc 'Giảng Võ')
NGOCHA_AREA=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$NGOCHA")
[ -n "$NGOCHA" ] && [ -n "$GIANGVO" ] && [ -n "$NGOCHA_AREA" ] || bail "the demo lacks Ngọc Hà or Giảng Võ"
TODAY=$(today_vn)
YEAR=${TODAY%%-*}
note "OFFICER = $OFFICER (unit $UNIT, area $AREA), LEADER = $LEADER (unit $LUNIT), OTHER = $OTHER"
note "Ngọc Hà = $NGOCHA ($NGOCHA_AREA), Giảng Võ = $GIANGVO"

# what a refused form must leave alone: units, users, audit and every table of the feature
emu_fp() {
	{
		db_fingerprint
		local t q="SELECT 0"
		for t in criteria_set criterion model model_event model_evaluation model_activity \
			model_photo campaign campaign_unit campaign_score campaign_evidence \
			campaign_review award; do
			q="$q, (SELECT count(*) FROM $t)"
		done
		sql "$q"
		sql "SELECT id, status, level, name FROM model ORDER BY id"
		sql "SELECT id, status FROM campaign ORDER BY id"
		sql "SELECT id, status FROM award ORDER BY id"
		sql "SELECT id, active FROM criteria_set ORDER BY id"
		sql "SELECT campaign_id, unit_id, criterion_id, self_score, review_score FROM campaign_score ORDER BY 1, 2, 3"
	} | sha256sum | cut -c1-16
}
mpost() {
	local path=$1
	shift
	req POST "$path" -H "Cookie: $COOKIE" -F "csrf=$CSRF" "$@"
}
notice_has() {
	local got
	got=$(grep -o '<div class="notice notice-error"[^>]*>[^<]*' "$T/body" | sed 's/^<[^>]*>//')
	if [ -n "$got" ] && printf '%s' "$got" | grep -qF -- "$1"; then ok "$2: the error says '$1'"
	else not_ok "$2: the error notice should say '$1', got '${got:-<no notice>}'"; fi
}
# assert_fields MSG NAME...: the last page has an input, select or textarea of every NAME
assert_fields() {
	local msg=$1 f missing=""
	shift
	for f in "$@"; do grep -qF -- "name=\"$f\"" "$T/body" || missing="$missing $f"; done
	if [ -z "$missing" ]; then ok "$msg: has the fields $*"; else
		not_ok "$msg: lacks the fields$missing"; last_response; fi
}
# assert_has MSG TEXT...: the last body contains every TEXT (fixed strings)
assert_has() {
	local msg=$1 x missing=""
	shift
	for x in "$@"; do grep -qF -- "$x" "$T/body" || missing="$missing '$x'"; done
	if [ -z "$missing" ]; then ok "$msg: body has $#/$# texts"; else
		not_ok "$msg: body lacks$missing"; last_response; fi
}
# id_from PREFIX: the id in the Location of the last 303 ("/models/12" -> 12)
id_from() { hdr Location | sed -n "s|^/$1/\([0-9][0-9]*\).*|\1|p"; }
criteria_of() { sql "SELECT id FROM criterion WHERE set_id = ? ORDER BY pos" "$1" | tr '\n' ' '; }

# ================================================================ criteria sets (leader)
login "$LEADER"
sget /criteria-sets
assert_contains 'href="/criteria-sets/new"' "a leader is offered a new set"
assert_has "the work sub-navigation links to models, rounds, commendation" 'href="/models"' \
	'href="/campaigns"' 'href="/awards"'
sget /criteria-sets/new
assert_fields "the criteria set form" unit purpose name pass_percent crit_name.1 \
	crit_guidance.1 crit_weight.1 crit_max.1 crit_name.10
assert_eq "$CSRF" "$(csrf_field)" "the set form carries the session's token"

before=$(emu_fp)
spost /criteria-sets "unit=$LUNIT" purpose=model "name=Tiêu chí không có dòng nào" pass_percent=60
assert_status 400 "POST /criteria-sets without criteria"
notice_has criteria "the set without criteria"
assert_contains 'value="Tiêu chí không có dòng nào"' "the refused set form keeps the name"
spost /criteria-sets "unit=$LUNIT" purpose=model "name=Trọng số sai" pass_percent=60 \
	"crit_name.1=Hiệu quả" crit_weight.1=0 crit_max.1=10
assert_status 400 "POST /criteria-sets with a weight of 0"
notice_has weight "the set with a zero weight"
spost /criteria-sets "unit=$LUNIT" purpose=spaceship "name=Mục đích lạ" "crit_name.1=A" \
	crit_weight.1=1 crit_max.1=10
assert_status 400 "POST /criteria-sets with an unknown purpose"
spost /criteria-sets "unit=$LUNIT" purpose=model "name=Ngưỡng sai" pass_percent=150 \
	"crit_name.1=A" crit_weight.1=1 crit_max.1=10
assert_status 400 "POST /criteria-sets with a pass mark over 100"
req POST /criteria-sets -H "Cookie: $COOKIE" --data-urlencode "unit=$LUNIT" \
	--data-urlencode purpose=model --data-urlencode "name=Không mã CSRF" \
	--data-urlencode "crit_name.1=A" --data-urlencode crit_weight.1=1 --data-urlencode crit_max.1=10
assert_status 403 "POST /criteria-sets without the csrf field"
assert_eq "$before" "$(emu_fp)" "refused set forms changed nothing"

spost /criteria-sets "unit=$LUNIT" purpose=model "name=Tiêu chí mô hình Dân vận khéo $YEAR" \
	pass_percent=60 "crit_name.1=Hiệu quả thiết thực" "crit_guidance.1=Kết quả đo được" \
	crit_weight.1=2 crit_max.1=10 "crit_name.2=Khả năng nhân rộng" crit_weight.2=1 \
	crit_max.2=10 "crit_name.3=Sự tham gia của nhân dân" crit_weight.3=1 crit_max.3=10 \
	"crit_name.4=" "crit_guidance.4="
assert_status 303 "POST /criteria-sets (model)"
MSET=$(id_from criteria-sets)
assert_match '^[0-9]+$' "$MSET" "the model set was created"
assert_eq 3 "$(sql "SELECT count(*) FROM criterion WHERE set_id = ?" "$MSET")" \
	"the empty rows were ignored"
read -r C1 C2 C3 <<<"$(criteria_of "$MSET")"
spost /criteria-sets "unit=$LUNIT" purpose=round "name=Tiêu chí thi đua phường $YEAR" \
	"crit_name.1=Công tác dân vận chính quyền" crit_weight.1=1 crit_max.1=10 \
	"crit_name.2=Giải quyết khiếu nại đúng hạn" crit_weight.2=1 crit_max.2=10
assert_status 303 "POST /criteria-sets (round)"
RSET=$(id_from criteria-sets)
read -r R1 R2 <<<"$(criteria_of "$RSET")"
sget "/criteria-sets/$MSET"
assert_contains 'Khả năng nhân rộng' "the set's page lists its criteria"
assert_contains "action=\"/criteria-sets/$MSET/active\"" "the set's page offers the switch"
sget "/criteria-sets?purpose=round"
assert_contains "href=\"/criteria-sets/$RSET\"" "the list filters by purpose"
assert_not_contains "href=\"/criteria-sets/$MSET\"" "the model set is not a round set"
spost "/criteria-sets/$MSET/active" active=0
assert_status 303 "POST /criteria-sets/$MSET/active (off)"
assert_eq 0 "$(sql "SELECT active FROM criteria_set WHERE id = ?" "$MSET")" "the set is inactive"
spost "/criteria-sets/$MSET/active" active=1
assert_eq 1 "$(sql "SELECT active FROM criteria_set WHERE id = ?" "$MSET")" "the set is active again"

# ================================================================ a model, registered by the officer
login "$OFFICER"
sget /models
assert_contains 'href="/models/new"' "the list links to the registration form"
assert_contains 'name="q"' "the list has a search field"
sget /models/new
assert_fields "the model form" kind field name owner_unit area launch_unit start_on \
	description goals results origin
assert_contains "value=\"$UNIT\"" "the owner is the officer's own unit"

NAME='Dân vận khéo trong xây dựng khu dân cư văn minh <i>'
good=(kind=model field=culture_society "owner_unit=$UNIT" "area=$AREA" "launch_unit=$UNIT" \
	"start_on=$TODAY")
before=$(emu_fp)
spost /models "${good[@]}" "name=" "goals=Mục tiêu còn giữ lại khi thiếu tên"
assert_status 400 "POST /models without a name"
notice_has name "the refused model without a name"
assert_contains 'Mục tiêu còn giữ lại khi thiếu tên' "the refused form keeps what was typed"
spost /models kind=model field=culture_society "owner_unit=$UNIT" "area=$AREA" \
	"launch_unit=$UNIT" start_on=2026-13-45 "name=Ngày sai"
assert_status 400 "POST /models with a bad date"
notice_has start_on "the refused model with a bad date"
spost /models kind=model field=culture_society "owner_unit=$UNIT" area=99999 \
	"launch_unit=$UNIT" "start_on=$TODAY" "name=Địa bàn lạ"
assert_status 400 "POST /models in an unknown area"
notice_has area "the refused model in an unknown area"
spost /models kind=spaceship field=culture_society "owner_unit=$UNIT" "area=$AREA" \
	"launch_unit=$UNIT" "start_on=$TODAY" "name=Loại lạ"
assert_status 400 "POST /models of an unknown kind"
notice_has kind "the refused model of an unknown kind"
req POST /models -H "Cookie: $COOKIE" --data-urlencode kind=model \
	--data-urlencode field=economy --data-urlencode "owner_unit=$UNIT" \
	--data-urlencode "area=$AREA" --data-urlencode "launch_unit=$UNIT" \
	--data-urlencode "start_on=$TODAY" --data-urlencode "name=Không mã CSRF"
assert_status 403 "POST /models without the csrf field"
assert_eq "$before" "$(emu_fp)" "refused model forms changed nothing"

spost /models "${good[@]}" "name=$NAME" "description=Tổ dân phố tự quản, đoàn viên giúp dân." \
	"goals=Khu dân cư sạch, đẹp, an toàn"
assert_status 303 "POST /models"
MODEL=$(id_from models)
assert_match '^[0-9]+$' "$MODEL" "the model was registered"
assert_eq registered "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "a new model is registered"
sget "/models/$MODEL"
assert_contains 'khu dân cư văn minh &lt;i&gt;' "the name is shown, escaped"
assert_has "the owner may edit, replicate, start implementing, add photos; a map is drawn" \
	"href=\"/models/$MODEL/edit\"" "href=\"/models/new?origin=$MODEL\"" 'value="implementing"' \
	'<svg' 'enctype="multipart/form-data"'
assert_not_contains 'action="/models/'"$MODEL"'/evaluations"' "the owner unit is not offered the evaluation"

# the list: search without diacritics, filters, exports
sget "/models?q=dan+van+kheo+khu+dan+cu+van+minh"
assert_contains "href=\"/models/$MODEL\"" "the search without diacritics finds the model"
sget "/models?q=khong+co+mo+hinh+nao+nhu+the"
assert_not_contains "href=\"/models/$MODEL\"" "a search for something else does not"
sget "/models?kind=model&field=culture_society&status=registered&unit=$UNIT&area=$AREA"
assert_contains "href=\"/models/$MODEL\"" "the filters find the model"
sget "/models?field=economy"
assert_not_contains "href=\"/models/$MODEL\"" "another field does not"
sget "/models?status=flying"
assert_status 400 "GET /models?status=flying"
assert_contains 'notice-error' "a bad filter is explained"
sget "/models?q=van+minh&format=csv"
assert_header Content-Type '^text/csv' "the models' CSV export"
assert_header Content-Disposition 'attachment; filename="models\.csv"' "the models' CSV export"
assert_contains 'khu dân cư văn minh' "the CSV holds the model"
sget "/models?q=van+minh&format=xlsx"
assert_header Content-Type 'spreadsheetml' "the models' XLSX export"
assert_eq "PK" "$(head -c 2 "$T/body")" "the XLSX export is a zip"
sget "/models?format=pdf"
assert_status 400 "GET /models?format=pdf"

# edit, implementing
sget "/models/$MODEL/edit"
assert_contains 'value="culture_society" selected' "the edit form has the stored field"
before=$(emu_fp)
spost "/models/$MODEL" kind=model field=culture_society "area=$AREA" "start_on=$TODAY" "name="
assert_status 400 "POST /models/$MODEL without a name"
assert_eq "$before" "$(emu_fp)" "the refused edit changed nothing"
spost "/models/$MODEL" kind=model field=culture_society "area=$AREA" "start_on=$TODAY" \
	"name=$NAME" "results=Ba tổ dân phố đạt khu dân cư văn hóa"
assert_status 303 "POST /models/$MODEL (edit)"
assert_eq 'Ba tổ dân phố đạt khu dân cư văn hóa' "$(sql "SELECT results FROM model WHERE id = ?" "$MODEL")" \
	"the edit was saved"
spost "/models/$MODEL/status" action=implementing
assert_status 303 "POST /models/$MODEL/status implementing"
assert_eq implementing "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "the model is being implemented"
spost "/models/$MODEL/status" action=withdraw "reason="
assert_status 400 "withdrawing without a reason"
notice_has reason "the withdrawal without a reason"
assert_eq implementing "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "the refused withdrawal changed nothing"

# an activity linked as a result, and a photo
spost /activities type=house "lead_unit=$UNIT" "area=$AREA" "start_on=$TODAY" \
	"title=Sửa nhà cho hộ khó khăn trong khu dân cư" participants=20 households=1 persons=3 \
	value_cash=30000000 measure.houses_repaired=1
[ "$STATUS" = 303 ] || { last_response; bail "fixture: the activity was not logged"; }
ACT=$(id_from activities)
spost "/models/$MODEL/activities" activity=abc
assert_status 400 "linking a malformed activity number"
spost "/models/$MODEL/activities" "activity=$ACT"
assert_status 303 "POST /models/$MODEL/activities"
assert_eq 1 "$(sql "SELECT count(*) FROM model_activity WHERE model_id = ?" "$MODEL")" "the activity is linked"
spost "/models/$MODEL/activities" "activity=$ACT"
assert_status 409 "linking it twice"
sget "/models/$MODEL"
assert_contains "href=\"/activities/$ACT\"" "the page lists the linked activity"
sget "/activities/$ACT"
assert_contains "href=\"/models/$MODEL\"" "the activity's page links the model it is a result of"
assert_contains '30.000.000' "the results are summed"
python3 -c 'import base64, sys; sys.stdout.buffer.write(base64.b64decode(
"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))' >"$T/p.png"
printf 'not an image' >"$T/p.txt"
mpost "/models/$MODEL/photos" -F "photo=@$T/p.txt;type=image/png"
assert_status 400 "POST a model photo that is not an image"
mpost "/models/$MODEL/photos" -F "photo=@$T/p.png;type=image/png" -F "caption=Khu dân cư sạch đẹp"
assert_status 303 "POST /models/$MODEL/photos"
PHOTO=$(sql "SELECT id FROM model_photo WHERE model_id = ?" "$MODEL")
assert_match '^[0-9]+$' "$PHOTO" "the photo is stored"
sget "/model-photos/$PHOTO"
assert_status 200 "GET /model-photos/$PHOTO"
assert_header Content-Type '^image/png$' "the photo's stored type"
assert_eq "$(sha256sum <"$T/p.png" | cut -c1-64)" "$(sha256sum <"$T/body" | cut -c1-64)" \
	"the photo comes back byte for byte"

# ================================================================ the leader: replicate, evaluate, recognise
login "$LEADER"
sget "/models/new?origin=$MODEL"
assert_contains "name=\"origin\" type=\"text\" value=\"$MODEL\"" "the replication form names the origin"
assert_contains 'khu dân cư văn minh &lt;i&gt;' "the replication form starts from the origin's name"
spost /models kind=model field=culture_society "owner_unit=$NGOCHA" "area=$NGOCHA_AREA" \
	"launch_unit=$NGOCHA" "start_on=$TODAY" "origin=$MODEL" \
	"name=Khu dân cư văn minh phường Ngọc Hà"
assert_status 303 "POST /models (a replication)"
REPLICA=$(id_from models)
assert_eq "$MODEL" "$(sql "SELECT origin_id FROM model WHERE id = ?" "$REPLICA")" "the replica names its origin"
sget "/models?origin=$MODEL"
assert_contains "href=\"/models/$REPLICA\"" "the list of direct replications"

sget "/models/$MODEL"
assert_has "the original's page lists the replica and plots it with a title" \
	"href=\"/models/$REPLICA\"" '<circle' '<title>Khu dân cư văn minh phường Ngọc Hà'
assert_contains "href=\"/models/$MODEL?set=$MSET#evaluate\"" "the leader may choose the set to evaluate with"
sget "/models/$MODEL?set=$MSET"
assert_fields "the evaluation form has a score and a note per criterion" "score.$C1" \
	"score.$C2" "score.$C3" "note.$C1" "note.$C3"

before=$(emu_fp)
spost "/models/$MODEL/evaluations" "criteria_set=$MSET" "score.$C1=11" "score.$C2=8"
assert_status 400 "an evaluation over the maximum"
notice_has score "the refused evaluation"
assert_contains "name=\"score.$C1\" type=\"text\" inputmode=\"decimal\" maxlength=\"12\" size=\"6\" value=\"11\"" \
	"the refused evaluation keeps the scores typed"
spost "/models/$MODEL/evaluations" "criteria_set=$MSET"
assert_status 400 "an evaluation without scores"
assert_eq "$before" "$(emu_fp)" "refused evaluations changed nothing"

spost "/models/$MODEL/status" action=recognise level=province "criteria_set=$MSET" \
	decision_no=12/QĐ-BDV "decision_on=$TODAY"
assert_status 409 "recognising a model not yet evaluated"
assert_eq implementing "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "the model is not recognised"

spost "/models/$MODEL/evaluations" "criteria_set=$MSET" "score.$C1=9" "score.$C2=8,5" \
	"score.$C3=7" "note.$C1=Hiệu quả rõ"
assert_status 303 "POST /models/$MODEL/evaluations"
assert_eq 3 "$(sql "SELECT count(*) FROM model_evaluation WHERE model_id = ?" "$MODEL")" "three scores were stored"
sget "/models/$MODEL"
assert_contains '83,8%' "the evaluation's percent ((2×9+8,5+7)/40)"
assert_has "the evaluation lists its criteria, passes, and the recognition is offered" \
	'Hiệu quả thiết thực' '>Đạt<' 'value="recognise"'

spost "/models/$MODEL/status" action=recognise level=province "criteria_set=$MSET" \
	"decision_no=" "decision_on=$TODAY"
assert_status 400 "recognising without a decision number"
notice_has decision_no "the recognition without a decision number"
spost "/models/$MODEL/status" action=recognise level=commune "criteria_set=$MSET" \
	decision_no=12/QĐ-BDV "decision_on=$TODAY"
assert_status 403 "a province leader recognising at commune level"
assert_eq implementing "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "the refused recognitions changed nothing"
spost "/models/$MODEL/status" action=recognise level=province "criteria_set=$MSET" \
	decision_no=12/QĐ-BDV "decision_on=$TODAY" "reason=Mô hình hiệu quả"
assert_status 303 "POST /models/$MODEL/status recognise"
assert_eq "recognised	province" "$(sql "SELECT status, level FROM model WHERE id = ?" "$MODEL")" \
	"the model is recognised at province level"
spost "/models/$MODEL/status" action=typical decision_no=20/QĐ-BDV "decision_on=$TODAY"
assert_status 303 "POST /models/$MODEL/status typical"
assert_eq typical "$(sql "SELECT status FROM model WHERE id = ?" "$MODEL")" "the model is typical"
sget "/models/$MODEL"
assert_has "the timeline shows the decision and the typical step" '12/QĐ-BDV' \
	'Công nhận tiêu biểu'

# ================================================================ scope
login "$OTHER"
sget "/models/$MODEL"
assert_status 404 "GET /models/$MODEL from another province"
sget "/models/$MODEL/edit"
assert_status 404 "GET /models/$MODEL/edit from another province"
sget "/model-photos/$PHOTO"
assert_status 404 "GET /model-photos/$PHOTO from another province"
sget "/models?q=van+minh"
assert_not_contains "href=\"/models/$MODEL\"" "another province's list does not show it"
before=$(emu_fp)
spost "/models/$MODEL" kind=model field=economy "area=$AREA" "start_on=$TODAY" "name=Sửa từ tỉnh khác"
assert_status 404 "POST /models/$MODEL from another province"
assert_eq "$before" "$(emu_fp)" "the other province changed nothing"

# ================================================================ an emulation round
login "$LEADER"
sget /campaigns
assert_contains 'href="/campaigns/new"' "a leader may launch a round"
sget "/campaigns/new?criteria_set=$RSET"
assert_contains "value=\"$RSET\" selected" "the round form offers the round set"
assert_fields "the round form" launch_unit name theme start_on end_on criteria_set \
	participants
round=("launch_unit=$LUNIT" "start_on=$YEAR-01-01" "end_on=$YEAR-12-31" "criteria_set=$RSET")
before=$(emu_fp)
spost /campaigns "${round[@]}" "name=" "participants=$UNIT, $NGOCHA $GIANGVO"
assert_status 400 "POST /campaigns without a name"
assert_contains "$UNIT, $NGOCHA $GIANGVO" "the refused round keeps the participants typed"
spost /campaigns "${round[@]}" "name=Thi đua lạ" "participants=$UNIT, abc"
assert_status 400 "POST /campaigns with a malformed participant"
spost /campaigns "launch_unit=$LUNIT" "start_on=$YEAR-12-31" "end_on=$YEAR-01-01" \
	"criteria_set=$RSET" "name=Thời gian ngược" "participants=$UNIT"
assert_status 400 "POST /campaigns ending before it starts"
spost /campaigns "${round[@]/criteria_set=$RSET/criteria_set=$MSET}" "name=Bộ tiêu chí mô hình" \
	"participants=$UNIT"
assert_status 400 "POST /campaigns on a model set"
assert_eq "$before" "$(emu_fp)" "refused rounds changed nothing"
spost /campaigns "${round[@]}" "name=Thi đua Dân vận khéo các phường năm $YEAR" \
	"theme=Dân vận chính quyền" "participants=$UNIT, $NGOCHA $GIANGVO"
assert_status 303 "POST /campaigns"
ROUND=$(id_from campaigns)
assert_eq 3 "$(sql "SELECT count(*) FROM campaign_unit WHERE campaign_id = ?" "$ROUND")" "three participants"
sget "/campaigns/$ROUND"
assert_has "the round lists its criteria, links each participant's score form, offers the review" \
	'Công tác dân vận chính quyền' "href=\"/campaigns/$ROUND?unit=$UNIT#score\"" \
	'value="preliminary"'
sget "/campaigns?q=thi+dua+dan+van+kheo+cac+phuong"
assert_contains "href=\"/campaigns/$ROUND\"" "the round list finds it without diacritics"
sget "/campaigns?status=open&format=csv"
assert_header Content-Type '^text/csv' "the rounds' CSV export"
assert_contains 'Thi đua Dân vận khéo các phường' "the rounds' CSV holds the round"

login "$OFFICER"
sget "/campaigns/$ROUND?unit=$UNIT"
assert_has "the score form has the round's criteria; the participant scores itself" \
	"name=\"score.$R1\"" "name=\"ev_kind.$R2\"" 'value="self" checked'
before=$(emu_fp)
spost "/campaigns/$ROUND/scores" "unit=$UNIT" role=self "score.$R1=12"
assert_status 400 "a self score over the maximum"
spost "/campaigns/$ROUND/scores" "unit=$UNIT" role=self "score.$R1=8" "ev_kind.$R1=activity" \
	"ev_ref.$R1=999999"
assert_status_in "400 404" "evidence that does not exist"
assert_eq "$before" "$(emu_fp)" "refused scores changed nothing"
spost "/campaigns/$ROUND/scores" "unit=$UNIT" role=self "score.$R1=9" "score.$R2=8" \
	"note.$R1=Làm tốt" "ev_kind.$R1=activity" "ev_ref.$R1=$ACT"
assert_status 303 "POST /campaigns/$ROUND/scores (self)"
assert_eq 1 "$(sql "SELECT count(*) FROM campaign_evidence WHERE campaign_id = ?" "$ROUND")" "the evidence was kept"

login "$LEADER"
for u in "$UNIT:9:9" "$NGOCHA:8:9" "$GIANGVO:9:9"; do
	IFS=: read -r uid s1 s2 <<<"$u"
	spost "/campaigns/$ROUND/scores" "unit=$uid" role=review "score.$R1=$s1" "score.$R2=$s2"
	assert_status 303 "POST /campaigns/$ROUND/scores (review of $uid)"
done
sget "/campaigns/$ROUND"
assert_has "the round shows its ranking by peer group, named in words" \
	'<table class="list ranking">' 'Ủy ban nhân dân · Xã, phường, đặc khu'
sget "/campaigns/$ROUND?format=csv"
assert_header Content-Type '^text/csv' "the ranking's CSV export"
assert_header Content-Disposition "campaign-$ROUND-ranking\\.csv" "the ranking's file name"
python3 - "$T/body" "$UNIT" "$NGOCHA" "$GIANGVO" >"$T/ranks" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
rank = {r[2]: r[1] for r in rows[1:]}
print(rank.get(sys.argv[2]), rank.get(sys.argv[3]), rank.get(sys.argv[4]))
PY
assert_eq "1 3 1" "$(cat "$T/ranks")" "equal totals share rank 1 and the next is 3"
sget "/campaigns/$ROUND?format=xlsx"
assert_eq "PK" "$(head -c 2 "$T/body")" "the ranking's XLSX export"
spost "/campaigns/$ROUND/participants" units=abc
assert_status 400 "adding a malformed participant"
spost "/campaigns/$ROUND/review" stage=final
assert_status 409 "a final review before the preliminary one"
spost "/campaigns/$ROUND/review" stage=preliminary "note=Sơ kết 6 tháng"
assert_status 303 "POST /campaigns/$ROUND/review preliminary"
assert_eq preliminary "$(sql "SELECT status FROM campaign WHERE id = ?" "$ROUND")" "the round is reviewed"
login "$OFFICER"
spost "/campaigns/$ROUND/scores" "unit=$UNIT" role=self "score.$R1=10"
assert_status 409 "self scores after the preliminary review"
login "$LEADER"
spost "/campaigns/$ROUND/review" stage=final "note=Tổng kết năm"
assert_status 303 "POST /campaigns/$ROUND/review final"
assert_eq final "$(sql "SELECT status FROM campaign WHERE id = ?" "$ROUND")" "the round is final"
sget "/campaigns/$ROUND"
assert_contains 'Tổng kết năm' "the reviews are listed"
assert_not_contains "action=\"/campaigns/$ROUND/scores\"" "a final round offers no score form"

# ================================================================ commendation
login "$OFFICER"
sget /awards/new
assert_fields "the proposal form" form recipient_kind unit person_name model area year \
	achievement reason initiative proposing_unit campaign check
assert_contains '<optgroup' "the forms are grouped"
ACH='Hoàn thành xuất sắc công tác dân vận chính quyền năm '"$YEAR"
aw=(form=certificate_of_merit recipient_kind=unit "unit=$UNIT" "year=$YEAR" initiative=none)
before=$(emu_fp)
spost /awards "${aw[@]}" "achievement="
assert_status 400 "a proposal without an achievement"
notice_has achievement "the proposal without an achievement"
spost /awards form=no_such_form recipient_kind=unit "unit=$UNIT" "year=$YEAR" "achievement=$ACH"
assert_status 400 "a proposal of an unknown form"
spost /awards form=certificate_of_merit recipient_kind=unit "unit=$UNIT" year=1800 "achievement=$ACH"
assert_status 400 "a proposal for the year 1800"
spost /awards form=grassroots_emulation_soldier recipient_kind=unit "unit=$UNIT" "year=$YEAR" \
	"achievement=$ACH"
assert_status 400 "a title for a kind of recipient it does not go to"
spost /awards "${aw[@]}" "achievement=$ACH" check=1
assert_status 200 "checking a proposal"
assert_contains 'notice-ok' "the check found no broken rule"
assert_eq "$before" "$(emu_fp)" "refused proposals and the check wrote nothing"
spost /awards "${aw[@]}" "achievement=$ACH" "reason=Dẫn đầu khối thi đua" "campaign=$ROUND"
assert_status 303 "POST /awards"
AWARD=$(id_from awards)
assert_eq proposed "$(sql "SELECT status FROM award WHERE id = ?" "$AWARD")" "the proposal is stored"
sget "/awards/$AWARD"
assert_contains 'Bằng khen' "the award's page names its form"
assert_not_contains 'notice-error warnings' "a proposal that breaks no rule shows no warning"

sget /awards
assert_contains "href=\"/awards/$AWARD\"" "the list shows the proposal"
sget "/awards?q=hoan+thanh+xuat+sac&status=proposed&year=$YEAR&form=certificate_of_merit&unit=$UNIT"
assert_contains "href=\"/awards/$AWARD\"" "the filters find the proposal"
sget "/awards?form=letter_of_commendation"
assert_not_contains "href=\"/awards/$AWARD\"" "another form does not"
sget "/awards?year=abc"
assert_status 400 "GET /awards?year=abc"
sget "/awards?format=csv"
assert_header Content-Type '^text/csv' "the awards' CSV export"
assert_contains 'Hoàn thành xuất sắc công tác dân vận' "the awards' CSV holds the proposal"
sget "/awards?format=xlsx"
assert_eq "PK" "$(head -c 2 "$T/body")" "the awards' XLSX export"
spost "/awards/$AWARD/decision" decision=approved decision_no=1/QĐ "decision_on=$TODAY"
assert_status 403 "an officer may not decide"

login "$LEADER"
sget "/awards/$AWARD"
assert_contains "action=\"/awards/$AWARD/decision\"" "the leader is offered the decision"
before=$(emu_fp)
spost "/awards/$AWARD/decision" decision=maybe decision_no=1/QĐ "decision_on=$TODAY"
assert_status 400 "an unknown decision"
spost "/awards/$AWARD/decision" decision=approved "decision_no=" "decision_on=$TODAY"
assert_status 400 "a decision without its number"
notice_has decision_no "the decision without its number"
assert_eq "$before" "$(emu_fp)" "refused decisions changed nothing"
spost "/awards/$AWARD/decision" decision=approved decision_no=1/QĐ-UBND "decision_on=$TODAY" \
	"note=Khen thưởng đột xuất"
assert_status 303 "POST /awards/$AWARD/decision approved"
assert_eq approved "$(sql "SELECT status FROM award WHERE id = ?" "$AWARD")" "the award is approved"
sget "/awards/$AWARD"
assert_contains '1/QĐ-UBND' "the award's page shows the decision"
assert_not_contains "action=\"/awards/$AWARD/decision\"" "a decided award offers no decision"
spost "/awards/$AWARD/decision" decision=rejected decision_no=1/QĐ "decision_on=$TODAY"
assert_status 409 "deciding twice"

# the same achievement again: the check warns and writes nothing; the proposal keeps the warning
login "$OFFICER"
before=$(emu_fp)
spost /awards "${aw[@]}" "achievement=${ACH^^}" check=1
assert_status 200 "checking the same achievement again"
assert_contains 'notice-error warnings' "the check shows the warning prominently"
assert_contains 'one_achievement' "the warning names the rule"
assert_eq "$before" "$(emu_fp)" "the check wrote nothing"
spost /awards "${aw[@]}" "achievement=${ACH^^}"
assert_status 303 "proposing the same achievement anyway"
AWARD2=$(id_from awards)
sget "/awards/$AWARD2"
assert_contains 'notice-error warnings' "the award's page shows its warning"
assert_contains "href=\"/awards/$AWARD\"" "the recipient's history lists the first award"

login "$LEADER"
sget "/awards/$AWARD2"
assert_contains 'name="acknowledge_warnings"' "a proposal with warnings asks for the acknowledgement"
before=$(emu_fp)
spost "/awards/$AWARD2/decision" decision=approved decision_no=2/QĐ-UBND "decision_on=$TODAY"
assert_status 409 "approving a proposal with warnings without acknowledging them"
assert_contains 'name="acknowledge_warnings"' "the decision form is shown again"
assert_eq "$before" "$(emu_fp)" "the refused approval changed nothing"
spost "/awards/$AWARD2/decision" decision=approved decision_no=2/QĐ-UBND "decision_on=$TODAY" \
	acknowledge_warnings=1
assert_status 303 "approving with the warnings acknowledged"
assert_eq approved "$(sql "SELECT status FROM award WHERE id = ?" "$AWARD2")" "the second award is approved"

# a model's page lists its awards; every page answers in English too
spost /awards form=certificate_of_merit recipient_kind=model "model=$MODEL" "year=$YEAR" \
	initiative=none "achievement=Mô hình tiêu biểu năm $YEAR"
assert_status 303 "proposing the model for an award"
AWARD3=$(id_from awards)
sget "/models/$MODEL"
assert_contains "href=\"/awards/$AWARD3\"" "the model's page lists its proposal"
# every page answers for the leader, in Vietnamese and in English, without a script
pages=(/models /models/new "/models/new?origin=$MODEL" "/models/$MODEL" "/models/$MODEL?set=$MSET"
	"/models/$MODEL/edit" "/models/$REPLICA" /criteria-sets /criteria-sets/new
	"/criteria-sets/$MSET" "/criteria-sets/$RSET" /campaigns /campaigns/new "/campaigns/$ROUND"
	"/campaigns/$ROUND?unit=$NGOCHA" /awards /awards/new "/awards/$AWARD" "/awards/$AWARD2")
for lang in vi en; do
	bad=""
	for p in "${pages[@]}"; do
		req GET "$p" -H "Cookie: $COOKIE; dv_lang=$lang"
		[ "$STATUS" = 200 ] || bad="$bad $p=$STATUS"
		grep -q '<script' "$T/body" && bad="$bad $p:script"
		grep -q "<html lang=\"$lang\"" "$T/body" || bad="$bad $p:lang"
	done
	if [ -z "$bad" ]; then ok "all ${#pages[@]} pages answer 200 in '$lang', without a script"
	else not_ok "pages in '$lang' that did not answer well:$bad"; fi
done
req GET "/models/$MODEL" -H "Cookie: $COOKIE; dv_lang=en"
assert_contains 'Where it spread' "the model's page in English"
assert_contains 'Recognition level' "the model's labels in English"

# the owner's superior removes the photo
spost "/model-photos/$PHOTO/delete"
assert_status 303 "POST /model-photos/$PHOTO/delete"
assert_eq 0 "$(sql "SELECT count(*) FROM model_photo WHERE model_id = ?" "$MODEL")" "the photo was deleted"

done_testing
