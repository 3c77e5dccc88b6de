#!/bin/bash
# t1800-work-pages: the pages of mass-mobilisation work. An officer of the Ba Đình ward logs an
# activity through the form (measures of the chosen type only), finds it on its page, in the list,
# by a search without diacritics, in the CSV and XLSX exports and in the commune's rollup; edits
# it (a stale revision gets 409); adds and serves a photo; downloads the import template and
# imports a CSV in both modes; makes a plan with a target and submits it, and the leader of the
# superior unit approves it. Working groups, twinning and the activity types answer; another
# province's officer gets 404; bad forms and a missing CSRF token change nothing.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

OFFICER=canbo.badinh
LEADER=lanhdao.hanoi
ADMIN=admin
[ -n "$(password_of "$OFFICER")" ] || pick_user OFFICER officer 2 01
[ -n "$(password_of "$LEADER")" ] || LEADER=$(logins_with leader 'Hà Nội' | head -1)
[ -n "$LEADER" ] || bail "the demo has no leader in Hà Nội"
OTHER=canbo.saigon
[ -n "$(password_of "$OTHER")" ] || pick_user OTHER officer 2 79
UNIT=$(unit_of "$OFFICER")
AREA=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$UNIT")
[ -n "$AREA" ] || bail "no home area for unit $UNIT"
TODAY=$(today_vn)
YEAR=${TODAY%%-*}
note "OFFICER = $OFFICER (unit $UNIT, area $AREA), LEADER = $LEADER, OTHER = $OTHER"

nact() { sql "SELECT count(*) FROM activity"; }
# what a refused form must leave alone: units, users, audit, and every activity row
work_fp() {
	{
		db_fingerprint
		sql "SELECT id, revision, title, lead_unit_id, area_id FROM activity ORDER BY id"
		sql "SELECT count(*) FROM activity_revision"
		sql "SELECT count(*) FROM activity_measure"
	} | sha256sum | cut -c1-16
}
# mpost PATH -F name=value...: a multipart form POST with the session and its csrf field.
mpost() {
	local path=$1
	shift
	req POST "$path" -H "Cookie: $COOKIE" -F "csrf=$CSRF" "$@"
}
# notice_has TEXT MSG: the error notice of the last page contains TEXT (HTML-escaped).
notice_has() {
	local got
	got=$(grep -o '<div class="notice notice-error"[^>]*>[^<]*' "$T/body" | sed 's/^<[^>]*>//')
	if [ -n "$got" ] && printf '%s' "$got" | grep -qF -- "$1"; then ok "$2: the error says '$1'"
	else not_ok "$2: the error notice should say '$1', got '${got:-<no notice>}'"; fi
}
# rollup_n CODE [QUERY]: activities of type CODE in the commune's rollup, read from its CSV.
rollup_n() {
	sget "/rollups?area=$AREA&from=$YEAR-01&to=$YEAR-12&format=csv${2:-}"
	python3 - "$1" "$T/body" <<'PY'
import csv, sys
code, f = sys.argv[1], sys.argv[2]
n = "0"
for row in csv.reader(open(f, encoding="utf-8-sig", newline="")):
    if row and row[0] == code:
        n = row[2]
print(n)
PY
}

# ================================================================ the list and the form
login "$OFFICER"
sget /activities
assert_status 200 "GET /activities"
assert_contains 'href="/activities"' "the navigation has the work entry"
assert_contains 'Công tác dân vận' "the entry is named in Vietnamese"
assert_contains 'href="/activities/new"' "the list links to the form"
assert_contains 'href="/activities/import"' "the list links to the import"
assert_contains 'name="q"' "the list has a search field"

sget /activities/new
assert_status 200 "GET /activities/new"
for f in type title description start_on end_on lead_unit units area participants workdays \
	households persons value_cash value_kind working_group target measure.houses_built \
	measure.road_km; do
	assert_contains "name=\"$f\"" "the activity form"
done
assert_contains "value=\"$UNIT\"" "the lead unit is the officer's own"
assert_contains 'type="date"' "dates are date inputs"
assert_eq "$CSRF" "$(csrf_field)" "the form carries the session's token"
assert_not_contains '<script' "no script on the form"
assert_not_contains 'onclick=' "no inline handlers on the form"

BASE_HOUSE=$(rollup_n house)
assert_match '^[0-9]+$' "$BASE_HOUSE" "the commune's rollup CSV has a count for houses"

# ================================================================ bad input changes nothing
before=$(work_fp)
n0=$(nact)
good=(type=house "lead_unit=$UNIT" "area=$AREA" "start_on=$TODAY")
spost /activities "${good[@]}" participants=30 "title=" "description=Mô tả còn giữ lại khi thiếu tên"
assert_status 400 "POST /activities without a title"
notice_has title "the refused form without a title"
assert_contains 'Mô tả còn giữ lại khi thiếu tên' "the refused form keeps what was typed"
assert_contains 'notice-error' "the error is shown as an error"
spost /activities type=house "lead_unit=$UNIT" "area=$AREA" start_on=2026-13-45 "title=Ngày sai"
assert_status 400 "POST /activities with a bad date"
notice_has "&#39;start_on&#39;" "the refused form with a bad date"
assert_contains 'value="Ngày sai"' "the title typed is kept"
spost /activities type=house "lead_unit=$UNIT" area=99999 "start_on=$TODAY" "title=Địa bàn lạ"
assert_status 400 "POST /activities in an unknown area"
notice_has area "the refused form in an unknown area"
notice_has 99999 "the refused form in an unknown area"
spost /activities type=spaceship "lead_unit=$UNIT" "area=$AREA" "start_on=$TODAY" "title=Loại lạ"
assert_status 400 "POST /activities of an unknown type"
spost /activities "${good[@]}" "title=Số sai" participants=nhiều
assert_status 400 "POST /activities with a malformed number"
notice_has "&#39;participants&#39;" "the refused form with a malformed number"
req POST /activities -H "Cookie: $COOKIE" --data-urlencode type=house \
	--data-urlencode "lead_unit=$UNIT" --data-urlencode "area=$AREA" \
	--data-urlencode "start_on=$TODAY" --data-urlencode "title=Không có mã CSRF"
assert_status 403 "POST /activities without the csrf field"
assert_eq "$before" "$(work_fp)" "refused forms changed nothing (db_fingerprint and activities)"
assert_eq "$n0" "$(nact)" "no activity was written"

# ================================================================ log an activity
TITLE='Xây nhà đại đoàn kết cho hộ bà Nguyễn Thị Lự <b>'
spost /activities type=house "lead_unit=$UNIT" "area=$AREA" "start_on=$TODAY" "end_on=$TODAY" \
	"title=$TITLE" "description=Đoàn viên thanh niên và dân quân cùng xây nhà." \
	participants=30 workdays=12,5 households=1 persons=4 value_cash=50.000.000 \
	value_kind=5000000 measure.houses_built=1 measure.road_km=3
assert_status 303 "POST /activities"
assert_header Location '^/activities/[0-9]+$' "POST /activities redirects to the activity"
ACT=$(hdr Location | sed 's|^/activities/||')
assert_eq "$((n0 + 1))" "$(nact)" "one activity was written"
assert_eq 1 "$(sql "SELECT count(*) FROM activity_measure WHERE activity_id = ?" "$ACT")" \
	"only the measure of the chosen type was kept"
assert_eq 1 "$(sql "SELECT revision FROM activity WHERE id = ?" "$ACT")" "the first revision"

sget "/activities/$ACT"
assert_status 200 "GET /activities/$ACT"
assert_contains 'Nguyễn Thị Lự &lt;b&gt;' "the title is shown, escaped"
assert_contains '50.000.000' "money in Vietnamese style"
assert_contains '55.000.000' "the total value"
assert_contains '12,5' "decimals with a comma"
assert_contains 'Nhà xây mới' "the measure by its name"
assert_contains "href=\"/activities/$ACT/edit\"" "an edit link"
assert_contains 'enctype="multipart/form-data"' "a photo upload form"
assert_contains "action=\"/activities/$ACT/photos\"" "the upload goes to the activity"
assert_contains 'Tạo mới' "the history has the creation"
assert_contains '<details' "the saved snapshot is behind a details element"
assert_not_contains "action=\"/activities/$ACT/delete\"" "an officer is offered no delete"

sget /activities
assert_contains "href=\"/activities/$ACT\"" "the list shows the new activity"
sget "/activities?q=xay+nha+dai+doan+ket+ba+nguyen+thi+lu"
assert_status 200 "GET /activities?q= without diacritics"
assert_contains "href=\"/activities/$ACT\"" "the search without diacritics finds it"
sget "/activities?q=khong+co+hoat+dong+nao+nhu+the"
assert_not_contains "href=\"/activities/$ACT\"" "a search for something else does not"
sget "/activities?type=house&area=$AREA&unit=$UNIT&from=$TODAY&to=$TODAY"
assert_contains "href=\"/activities/$ACT\"" "the filters by type, area, unit and dates find it"
sget "/activities?type=dialogue&area=$AREA"
assert_not_contains "href=\"/activities/$ACT\"" "another type does not"
sget "/activities?from=not-a-date"
assert_status 400 "GET /activities?from=not-a-date"
assert_contains 'notice-error' "a bad filter is explained"
sget "/activities?area=99999"
assert_contains 'notice-error' "an unknown area in the filter is explained"
sget "/activities?q=xay+nha"
assert_contains 'format=xlsx' "the list links to its XLSX export"
assert_contains 'format=csv' "the list links to its CSV export"

# in English: numbers the English way
req GET "/activities/$ACT" -H "Cookie: $COOKIE; dv_lang=en"
assert_contains 'Mass mobilisation' "the English navigation"
assert_contains '50,000,000' "money in English style"
assert_contains '12.5' "decimals with a point in English"

# ================================================================ exports and the template
sget "/activities?q=nguyen+thi+lu&format=csv"
assert_status 200 "GET /activities?format=csv"
assert_header Content-Type '^text/csv' "the CSV export"
assert_header Content-Disposition 'attachment; filename="activities\.csv"' "the CSV export"
assert_contains 'Nguyễn Thị Lự' "the CSV export holds the activity"
assert_contains '50000000' "the CSV has plain numbers"
sget "/activities?q=nguyen+thi+lu&format=xlsx"
assert_status 200 "GET /activities?format=xlsx"
assert_header Content-Disposition 'attachment; filename="activities\.xlsx"' "the XLSX export"
assert_eq "PK" "$(head -c 2 "$T/body")" "the XLSX export is a zip"
sget "/activities?format=pdf"
assert_status 400 "GET /activities?format=pdf"
sget /activities/template.xlsx
assert_status 200 "GET /activities/template.xlsx"
assert_header Content-Disposition '^attachment' "the template downloads"
assert_eq "PK" "$(head -c 2 "$T/body")" "the template is an XLSX file"
cp "$T/body" "$T/template.xlsx"
python3 - "$T/template.xlsx" "$UNIT" >"$T/template.check" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
for want in ("Loại hoạt động", "Đơn vị chủ trì", "Xây nhà đại đoàn kết cho hộ nghèo",
             "houses_built=1", "house"):
    print(("ok " if want in text else "missing ") + want)
PY
assert_eq 0 "$(grep -c '^missing' "$T/template.check")" "the template has the Vietnamese titles and the example ($(tr '\n' ' ' <"$T/template.check"))"

# ================================================================ edit, and a stale revision
sget "/activities/$ACT/edit"
assert_status 200 "GET /activities/$ACT/edit"
assert_contains 'name="revision" value="1"' "the edit form carries the revision"
assert_contains 'value="Xây nhà đại đoàn kết cho hộ bà Nguyễn Thị Lự &lt;b&gt;"' "the title is filled in"
assert_contains 'name="measure.houses_built" type="text" inputmode="decimal" maxlength="30" value="1"' \
	"the stored measure is filled in"
TITLE2='Xây nhà đại đoàn kết cho hộ bà Nguyễn Thị Lự (hoàn thành)'
edit=(type=house "lead_unit=$UNIT" "area=$AREA" "start_on=$TODAY" participants=32 workdays=12,5
	households=1 persons=4 value_cash=50.000.000 value_kind=5000000 measure.houses_built=1)
spost "/activities/$ACT" revision=1 "${edit[@]}" "title=$TITLE2"
assert_status 303 "POST /activities/$ACT (revision 1)"
assert_eq 2 "$(sql "SELECT revision FROM activity WHERE id = ?" "$ACT")" "the revision went up"
assert_eq "$TITLE2" "$(sql "SELECT title FROM activity WHERE id = ?" "$ACT")" "the title was saved"
sget "/activities/$ACT"
assert_contains '(hoàn thành)' "the page shows the new title"
assert_contains 'Sửa' "the history has the edit"
before=$(work_fp)
spost "/activities/$ACT" revision=1 "${edit[@]}" "title=Bản cũ ghi đè"
assert_status 409 "POST /activities/$ACT with a stale revision"
assert_contains "href=\"/activities/$ACT/edit\"" "the conflict page links to a reload"
assert_contains 'Bản cũ ghi đè' "the conflict page keeps what was typed"
assert_eq "$before" "$(work_fp)" "the stale save changed nothing"
spost "/activities/$ACT" revision=2 "${edit[@]}" "title="
assert_status 400 "POST /activities/$ACT without a title"
assert_eq "$before" "$(work_fp)" "the refused edit changed nothing"
spost /activities/999999 revision=1 "${edit[@]}" "title=Không có"
assert_status 404 "POST /activities/999999"

# ================================================================ the rollup
assert_eq "$((BASE_HOUSE + 1))" "$(rollup_n house)" "the commune's rollup counts the new activity"
sget "/rollups?area=$AREA"
assert_status 200 "GET /rollups?area=$AREA"
assert_contains 'Xây nhà tình nghĩa, nhà đại đoàn kết' "the rollup by type names the type"
assert_contains 'Tổng cộng' "the rollup has a grand total"
assert_contains 'Nhà xây mới' "the commune's rollup lists its measures"
sget /rollups
assert_status 200 "GET /rollups (the officer's unit, by type, this year)"
assert_contains 'Xây nhà tình nghĩa, nhà đại đoàn kết' "the unit's rollup has the activity's type"
sget "/rollups?area=$AREA&by=month"
assert_status 200 "GET /rollups by month"
sget "/rollups?unit=$UNIT&by=child"
assert_status 200 "GET /rollups by child"
sget "/rollups?area=$AREA&format=xlsx"
assert_eq "PK" "$(head -c 2 "$T/body")" "the rollup's XLSX export"
sget "/rollups?area=79"
assert_status 404 "GET /rollups for another province's area"
sget "/rollups?area=$AREA&from=2026-14"
assert_status 400 "GET /rollups with a bad month"

# ================================================================ photos
python3 -c 'import base64, sys; sys.stdout.buffer.write(base64.b64decode(
"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))' >"$T/p.png"
printf 'not an image' >"$T/p.txt"
mpost "/activities/$ACT/photos" -F "photo=@$T/p.png;type=image/png" -F "caption=Lễ bàn giao nhà"
assert_status 303 "POST /activities/$ACT/photos (a PNG)"
PHOTO=$(sql "SELECT id FROM activity_photo WHERE activity_id = ?" "$ACT")
assert_match '^[0-9]+$' "$PHOTO" "the photo is stored"
sget "/activities/$ACT"
assert_contains "<img src=\"/photos/$PHOTO\"" "the page shows the thumbnail"
assert_contains 'Lễ bàn giao nhà' "with its caption"
sget "/photos/$PHOTO"
assert_status 200 "GET /photos/$PHOTO"
assert_header Content-Type '^image/png$' "the photo's stored type"
assert_header Content-Disposition '^inline' "the photo is shown inline"
assert_header X-Content-Type-Options '^nosniff$' "the photo is not sniffed"
assert_header Cache-Control 'private' "the photo is cached privately"
assert_eq "$(sha256sum <"$T/p.png" | cut -c1-64)" "$(sha256sum <"$T/body" | cut -c1-64)" \
	"the photo comes back byte for byte"
before=$(work_fp)
mpost "/activities/$ACT/photos" -F "photo=@$T/p.txt;type=image/png" -F "caption=x"
assert_status 400 "POST a photo that is not an image"
assert_contains "&#39;photo&#39;" "the error names the photo"
assert_eq 1 "$(sql "SELECT count(*) FROM activity_photo WHERE activity_id = ?" "$ACT")" \
	"the refused photo was not stored"
req POST "/activities/$ACT/photos" -H "Cookie: $COOKIE" -F "photo=@$T/p.png;type=image/png"
assert_status 403 "POST a photo without the csrf field"
spost "/photos/$PHOTO/delete"
assert_status 303 "POST /photos/$PHOTO/delete"
assert_eq 0 "$(sql "SELECT count(*) FROM activity_photo WHERE activity_id = ?" "$ACT")" \
	"the photo was deleted"
mpost "/activities/$ACT/photos" -F "photo=@$T/p.png;type=image/png"
PHOTO=$(sql "SELECT id FROM activity_photo WHERE activity_id = ?" "$ACT")

# ================================================================ import
sget /activities/import
assert_status 200 "GET /activities/import"
assert_contains 'enctype="multipart/form-data"' "the import form sends a file"
assert_contains 'value="all_or_nothing"' "the import offers all-or-nothing"
assert_contains 'value="valid_rows"' "the import offers valid rows only"
assert_contains 'href="/activities/template.xlsx"' "the import links to the template"
assert_eq "$CSRF" "$(csrf_field)" "the import form carries the session's token"
{
	# the template's Vietnamese titles, as a user fills it in
	printf 'Loại hoạt động,Đơn vị chủ trì,Mã địa bàn,Ngày bắt đầu,Tên hoạt động,Số người tham gia,Kết quả đo\r\n'
	printf 'house,%s,%s,%s,Nhập thử: dòng đúng,5,houses_built=1\r\n' "$UNIT" "$AREA" "$TODAY"
	printf 'house,%s,%s,2026-13-45,Nhập thử: dòng sai,5,\r\n' "$UNIT" "$AREA"
} >"$T/import.csv"
before=$(work_fp)
n1=$(nact)
mpost /activities/import -F "file=@$T/import.csv;type=text/csv" -F mode=all_or_nothing
assert_status 400 "POST /activities/import (all or nothing, one bad row)"
assert_contains 'row 3' "the report names the bad row"
assert_contains "&#39;start_on&#39;" "the report names the bad field"
assert_contains 'KHÔNG có hoạt động nào được ghi' "the report says plainly nothing was written"
assert_eq "$n1" "$(nact)" "all or nothing wrote nothing"
assert_eq "$before" "$(work_fp)" "the refused import changed nothing"
req POST /activities/import -H "Cookie: $COOKIE" -F "file=@$T/import.csv;type=text/csv" \
	-F mode=valid_rows
assert_status 403 "POST /activities/import without the csrf field"
assert_eq "$n1" "$(nact)" "the import without a token wrote nothing"
mpost /activities/import -F "file=@$T/import.csv;type=text/csv" -F mode=valid_rows
assert_status 200 "POST /activities/import (valid rows)"
assert_contains 'row 3' "the report still names the bad row"
assert_eq "$((n1 + 1))" "$(nact)" "valid rows wrote the good row"
assert_eq 1 "$(sql "SELECT count(*) FROM activity WHERE title = ?" 'Nhập thử: dòng đúng')" \
	"the good row is stored"
mpost /activities/import -F mode=valid_rows
assert_status 400 "POST /activities/import without a file"
# the columns may also be named by their codes (app/work.h)
printf 'type,lead_unit,area,start_on,title\r\nhouse,%s,%s,%s,Nhập theo mã cột\r\n' "$UNIT" "$AREA" \
	"$TODAY" >"$T/import-codes.csv"
mpost /activities/import -F "file=@$T/import-codes.csv;type=text/csv" -F mode=all_or_nothing
assert_status 200 "POST /activities/import (columns named by code)"
assert_eq 1 "$(sql "SELECT count(*) FROM activity WHERE title = ?" 'Nhập theo mã cột')" \
	"a file with the column codes as its header imports"
n1=$(($(nact) - 1))
# a row in an area that does not exist is a wrong row like any other, not a missing page
printf 'type,lead_unit,area,start_on,title\r\nhouse,%s,99999,%s,Địa bàn lạ\r\n' "$UNIT" "$TODAY" \
	>"$T/import-area.csv"
mpost /activities/import -F "file=@$T/import-area.csv;type=text/csv" -F mode=valid_rows
assert_status 400 "POST /activities/import (a row in an unknown area)"
assert_contains 'row 2' "the report names the row in an unknown area"
assert_contains '99999' "the report names the unknown area"
assert_eq "$((n1 + 1))" "$(nact)" "the row in an unknown area was not written"
# the template as downloaded imports as it is
mpost /activities/import -F "file=@$T/template.xlsx" -F mode=all_or_nothing
assert_status 200 "POST /activities/import (the template itself)"
assert_eq "$((n1 + 2))" "$(nact)" "the template's example row imports"

# ================================================================ working groups and twinning
sget /groups/new
assert_status 200 "GET /groups/new"
spost /groups "name=Tổ công tác dân vận số 1" "unit=$UNIT" "area=$AREA" "start_on=$TODAY" \
	members=5 "tasks=Giúp dân xây nhà"
assert_status 303 "POST /groups"
GROUP=$(hdr Location | sed -n 's|^/groups/\([0-9][0-9]*\)$|\1|p')
assert_match '^[0-9]+$' "$GROUP" "the working group was created"
spost /groups "name=" "unit=$UNIT" "area=$AREA" "start_on=$TODAY" members=5
assert_status 400 "POST /groups without a name"
sget "/groups/$GROUP"
assert_status 200 "GET /groups/$GROUP"
assert_contains 'Tổ công tác dân vận số 1' "the group's page"
assert_contains "href=\"/activities/new?group=$GROUP" "the group's page offers to log its activity"
sget "/groups?q=to+cong+tac+dan+van+so+1&format=csv"
assert_contains 'Tổ công tác dân vận số 1' "the groups' CSV export"
spost /twinning "unit=$UNIT" "area=$AREA" "purpose=Giúp đỡ khu dân cư xây dựng nông thôn mới" \
	status=active "start_on=$TODAY"
assert_status 303 "POST /twinning"
TWIN=$(hdr Location | sed -n 's|^/twinning/\([0-9][0-9]*\)$|\1|p')
sget "/twinning/$TWIN"
assert_status 200 "GET /twinning/$TWIN"
assert_contains 'Giúp đỡ khu dân cư' "the twinning's page"
spost "/twinning/$TWIN" "purpose=Giúp đỡ khu dân cư (đã xong)" status=ended "start_on=$TODAY"
assert_status 303 "POST /twinning/$TWIN"
sget "/twinning?status=ended"
assert_contains "href=\"/twinning/$TWIN\"" "the twinning list filters by status"

# ================================================================ a plan, approved by the superior
sget /plans/new
assert_status 200 "GET /plans/new"
spost /plans "unit=$UNIT" "year=$YEAR" quarter=0 "title=Kế hoạch công tác dân vận năm $YEAR"
assert_status 303 "POST /plans"
PLAN=$(hdr Location | sed -n 's|^/plans/\([0-9][0-9]*\)$|\1|p')
assert_match '^[0-9]+$' "$PLAN" "the plan was created"
sget "/plans/$PLAN"
assert_status 200 "GET /plans/$PLAN"
assert_contains "action=\"/plans/$PLAN/targets\"" "a draft offers the target form"
spost "/plans/$PLAN/targets" indicator=activities type=house value=0
assert_status 400 "POST a target of value 0"
spost "/plans/$PLAN/targets" indicator=activities type=house value=10 "label=Xây 10 căn nhà"
assert_status 303 "POST /plans/$PLAN/targets"
sget "/plans/$PLAN"
assert_contains 'Xây 10 căn nhà' "the target is listed"
assert_contains '<meter' "progress is drawn as a meter"
assert_contains 'value="submit"' "the draft can be submitted"
spost "/plans/$PLAN/act" action=submit
assert_status 303 "POST /plans/$PLAN/act submit"
assert_eq submitted "$(sql "SELECT status FROM plan WHERE id = ?" "$PLAN")" "the plan is submitted"
spost "/plans/$PLAN/act" action=approve
assert_status 403 "the officer may not approve"
spost "/plans/$PLAN/targets" indicator=activities value=3
assert_status 409 "a submitted plan's targets no longer change"

login "$LEADER"
sget "/plans/$PLAN"
assert_status 200 "GET /plans/$PLAN as $LEADER"
assert_contains 'value="approve"' "the superior's leader is offered the approval"
spost "/plans/$PLAN/act" action=return
assert_status 400 "a return needs a note"
spost "/plans/$PLAN/act" action=approve
assert_status 303 "POST /plans/$PLAN/act approve"
assert_eq approved "$(sql "SELECT status FROM plan WHERE id = ?" "$PLAN")" "the plan is approved"
sget "/plans?status=approved&format=csv"
assert_contains "Kế hoạch công tác dân vận năm $YEAR" "the plans' CSV export"

# the leader may delete an activity, at its current revision only
sget "/activities/$ACT"
assert_contains "action=\"/activities/$ACT/delete\"" "a leader is offered the delete form"

# ================================================================ scope: another province
login "$OTHER"
sget "/activities/$ACT"
assert_status 404 "GET /activities/$ACT from another province"
sget "/activities/$ACT/edit"
assert_status 404 "GET /activities/$ACT/edit from another province"
sget "/photos/$PHOTO"
assert_status 404 "GET /photos/$PHOTO from another province"
sget "/plans/$PLAN"
assert_status 404 "GET /plans/$PLAN from another province"
sget "/groups/$GROUP"
assert_status 404 "GET /groups/$GROUP from another province"
sget "/rollups?area=$AREA"
assert_status 404 "GET /rollups?area=$AREA from another province"
sget "/activities?q=nguyen+thi+lu"
assert_not_contains "href=\"/activities/$ACT\"" "another province's list does not show it"
before=$(work_fp)
spost "/activities/$ACT" revision=2 "${edit[@]}" "title=Sửa từ tỉnh khác"
assert_status 404 "POST /activities/$ACT from another province"
assert_eq "$before" "$(work_fp)" "the other province changed nothing"

# ================================================================ types; deletion
sget /activity-types
assert_status 200 "GET /activity-types"
assert_contains 'houses_built' "the types list their measures"
assert_not_contains 'action="/activity-types"' "an officer is offered no type form"
login "$ADMIN"
sget /activity-types
assert_contains 'action="/activity-types"' "an administrator may add types"
spost /activity-types code=clean_water "name=Cấp nước sạch" "name_en=Clean water"
assert_status 303 "POST /activity-types"
spost /activity-types/clean_water/measures code=wells "name=Giếng khoan" "name_en=Wells" \
	"unit_label=giếng" "unit_label_en=wells"
assert_status 303 "POST /activity-types/clean_water/measures"
sget /activity-types
assert_contains 'Cấp nước sạch' "the new type is listed"
assert_contains 'Giếng khoan' "with its measure"
spost /activity-types code=clean_water "name=Trùng" "name_en=Again"
assert_status 409 "POST /activity-types with a taken code"

login "$LEADER"
spost "/activities/$ACT/delete" revision=1
assert_status 409 "POST /activities/$ACT/delete with a stale revision"
spost "/activities/$ACT/delete" revision=2
assert_status 303 "POST /activities/$ACT/delete"
assert_eq 0 "$(sql "SELECT count(*) FROM activity WHERE id = ?" "$ACT")" "the activity is gone"
sget "/activities/$ACT"
assert_status 404 "GET a deleted activity"

done_testing
