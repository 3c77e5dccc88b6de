#!/bin/bash
# t1700-work-api: mass-mobilisation work through the JSON API and the CLI. A battalion officer
# logs an activity in a village: it counts in the rollups of the battalion, its regiment,
# division and military region, of the commune and the province, and not in another province;
# the plan target linked to it moves. Editing moves the rollups, a stale revision is refused,
# the history keeps both states, deleting takes everything back. `danvan aggregates check`
# agrees with the facts, reports a corrupted aggregate row and `rebuild` repairs it. An XLSX
# import with bad rows names each row and field and writes nothing in all-or-nothing mode; the
# valid rows only in the other mode. Twinning, working groups, photos, exports, scope, and bad
# input on every endpoint (database unchanged).
. "$(dirname "$0")/lib.sh"
make_demo
start_server

TODAY=$(today_vn)
MONTH=${TODAY:0:7}
BAT=$(sql "SELECT id FROM unit WHERE kind = 'battalion' ORDER BY id LIMIT 1")
[ -n "$BAT" ] || bail "the demo has no battalion"
REG=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$BAT")
DIV=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$REG")
MR=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$DIV")
[ "$(sql "SELECT kind FROM unit WHERE id = ?" "$MR")" = military-region ] || bail "the battalion's chain does not reach a military region"
COMMUNE=$(sql "SELECT a.code FROM unit u JOIN area a ON a.id = u.home_area_id WHERE u.id = ?" "$BAT")
VILLAGE=$(sql "SELECT v.code FROM area v JOIN area c ON c.id = v.parent_id WHERE c.code = ? ORDER BY v.code LIMIT 1" "$COMMUNE")
PROVINCE=$(sql "SELECT p.code FROM area c JOIN area p ON p.id = c.parent_id WHERE c.code = ?" "$COMMUNE")
OTHER=$(sql "SELECT code FROM area WHERE level = 1 AND code <> ? ORDER BY code LIMIT 1" "$PROVINCE")
[ -n "$VILLAGE" ] && [ -n "$OTHER" ] || bail "no village under $COMMUNE or no second province"
note "battalion $BAT < regiment $REG < division $DIV < region $MR; village $VILLAGE < commune $COMMUNE < province $PROVINCE; other province $OTHER"
add_user bb.tieudoan "$BAT" officer
add_user bb.quankhu "$MR" leader
OUTSIDER_UNIT=$(sql "SELECT u.id FROM unit u JOIN area a ON a.id = u.home_area_id WHERE a.code = ? AND u.kind = 'peoples-committee'" "$OTHER")
add_user bb.ngoai "$OUTSIDER_UNIT" officer
token_for bb.ngoai
OUT_TOKEN=$TOKEN
token_for bb.quankhu
MR_TOKEN=$TOKEN
token_for bb.tieudoan
BAT_TOKEN=$TOKEN
token_for admin
ADMIN_TOKEN=$TOKEN

# figure WHERE FIELD: a figure of the total of a rollup of this month (house activities), as
# the national administrator sees it
figure() {
	req GET "/api/v1/rollups?$1&from=$MONTH&to=$MONTH&type=house" -H "Authorization: Bearer $ADMIN_TOKEN"
	[ "$STATUS" = 200 ] || { echo "<status $STATUS>"; return; }
	json "total.$2"
}
ROLLUPS=("unit=$BAT" "unit=$REG" "unit=$DIV" "unit=$MR" "area=$VILLAGE" "area=$COMMUNE" "area=$PROVINCE")
snapshot() {
	local r
	for r in "${ROLLUPS[@]}" "area=$OTHER"; do printf '%s %s %s|' "$(figure "$r" activities)" "$(figure "$r" households)" "$(figure "$r" value_cash)"; done
}
# work_digest: what the work tables hold (compared with itself only)
work_digest() {
	local q
	for q in "SELECT id, type_id, lead_unit_id, area_id, start_on, title, households, revision FROM activity ORDER BY id" \
		"SELECT * FROM activity_area_agg ORDER BY 1, 2, 3" "SELECT * FROM activity_unit_agg ORDER BY 1, 2, 3" \
		"SELECT id, status FROM plan ORDER BY id" "SELECT count(*) FROM plan_target" \
		"SELECT count(*) FROM twinning" "SELECT count(*) FROM working_group" "SELECT count(*) FROM activity_photo"; do
		sql "$q"
	done | sha256sum | cut -c1-16
}

# ================================================================ types
TOKEN=$BAT_TOKEN
aget /api/v1/activity-types
assert_status 200 "GET /api/v1/activity-types"
assert_contains '"code":"house"' "the types include house building"
assert_contains '"code":"houses_built"' "house building measures houses built"

# ================================================================ a plan with targets
apost /api/v1/plans "{\"unit\":$BAT,\"year\":${TODAY:0:4},\"title\":\"Kế hoạch dân vận tiểu đoàn\"}"
assert_status 201 "POST /api/v1/plans"
PLAN=$(json id)
assert_json status draft "a new plan is a draft"
apost "/api/v1/plans/$PLAN/targets" "{\"indicator\":\"activities\",\"type\":\"house\",\"area\":\"$COMMUNE\",\"value\":4}"
assert_status 201 "a target: 4 houses built in the commune"
T_ACT=$(json targets.0.id)
apost "/api/v1/plans/$PLAN/targets" '{"indicator":"measure","type":"house","measure":"houses_built","value":10}'
assert_status 201 "a measure target"
apost "/api/v1/plans/$PLAN/actions" '{"action":"approve"}'
assert_problem 403 "" "an officer cannot approve"
apost "/api/v1/plans/$PLAN/actions" '{"action":"submit"}'
assert_status 200 "the battalion submits its plan"
assert_json status submitted "the plan is submitted"
TOKEN=$MR_TOKEN
apost "/api/v1/plans/$PLAN/actions" '{"action":"return"}'
assert_problem 400 "" "a return needs a note"
apost "/api/v1/plans/$PLAN/actions" '{"action":"approve"}'
assert_status 200 "the military region approves"
assert_json status approved "the plan is approved"
TOKEN=$BAT_TOKEN
aget "/api/v1/plans/$PLAN"
DONE0=$(json targets.0.done)
MDONE0=$(json targets.1.done)

# ================================================================ log an activity
BEFORE=$(snapshot)
ACT_JSON="{\"type\":\"house\",\"lead_unit\":$BAT,\"area\":\"$VILLAGE\",\"start_on\":\"$TODAY\",
	\"title\":\"Xây nhà đồng đội cho gia đình chính sách\",\"description\":\"Tiểu đoàn giúp xây nhà\",
	\"participants\":25,\"workdays\":50.5,\"households\":1,\"persons\":5,\"value_cash\":50000000,
	\"value_kind\":10000000,\"measures\":{\"houses_built\":1},\"target\":$T_ACT}"
apost /api/v1/activities "$ACT_JSON"
assert_status 201 "POST /api/v1/activities (battalion officer, a village)"
ACT=$(json id)
assert_header Location "^/api/v1/activities/$ACT$" "the answer points at the activity"
assert_json revision 1 "a new activity is revision 1"
assert_json measures.0.code houses_built "its measure is kept"
assert_json workdays 50.5 "decimal workdays are kept"
AFTER=$(snapshot)
python3 - "$BEFORE" "$AFTER" <<'PY' >"$T/deltas"
import sys
b = [x.split() for x in sys.argv[1].strip("|").split("|")]
a = [x.split() for x in sys.argv[2].strip("|").split("|")]
for x, y in zip(b, a):
    print(" ".join(str(int(float(q)) - int(float(p))) for p, q in zip(x, y)))
PY
i=0
for r in "${ROLLUPS[@]}"; do
	i=$((i + 1))
	assert_eq "1 1 50000000" "$(sed -n "${i}p" "$T/deltas")" "the activity counts once in the rollup of $r"
done
assert_eq "0 0 0" "$(sed -n 8p "$T/deltas")" "the activity does not count in another province ($OTHER)"
TOKEN=$ADMIN_TOKEN
aget "/api/v1/rollups?area=$PROVINCE&from=$MONTH&to=$MONTH&by=child&type=house"
assert_contains "\"code\":\"$COMMUNE\"" "the province's drill-down lists the commune"
TOKEN=$MR_TOKEN
aget "/api/v1/rollups?unit=$MR&from=$MONTH&to=$MONTH&by=child"
assert_contains "\"id\":$DIV" "the region's drill-down lists the division"
TOKEN=$BAT_TOKEN
aget "/api/v1/plans/$PLAN"
assert_eq "$((DONE0 + 1))" "$(json targets.0.done)" "the target's progress moves by the activity"
assert_eq "$((MDONE0 + 1))" "$(json targets.1.done)" "the measure target moves by one house"
assert_match '^[0-9.]+$' "$(json targets.0.projected)" "a projection to the period end"

# ================================================================ read, search, export, scope
aget "/api/v1/activities/$ACT"
assert_status 200 "GET /api/v1/activities/$ACT"
assert_json area.code "$VILLAGE" "the activity's area"
aget "/api/v1/activities?q=xay+nha+dong+doi&unit=$MR"
assert_contains "\"id\":$ACT" "a search without diacritics finds it in the region's subtree"
aget "/api/v1/activities?area=$OTHER&q=xay+nha+dong+doi"
assert_not_contains "\"id\":$ACT" "not under another province"
aget "/api/v1/activities?unit=$BAT&format=csv"
assert_status 200 "CSV export"
assert_header Content-Type '^text/csv' "CSV export"
assert_contains "Xây nhà đồng đội cho gia đình chính sách" "the CSV holds the activity"
aget "/api/v1/activities?unit=$BAT&format=xlsx"
assert_status 200 "XLSX export"
assert_eq "PK" "$(head -c 2 "$T/body")" "the XLSX export is a zip"
aget "/api/v1/activities?format=pdf"
assert_problem 400 "" "an unknown export format"
TOKEN=$OUT_TOKEN
aget "/api/v1/activities/$ACT"
assert_problem 404 "" "another province's officer does not see the activity"
aget "/api/v1/rollups?unit=$BAT"
assert_problem 404 "" "nor the battalion's rollups"
aget "/api/v1/activities?q=xay+nha+dong+doi"
assert_not_contains "\"id\":$ACT" "nor finds it in a search"
aget "/api/v1/plans/$PLAN"
assert_problem 404 "" "nor the battalion's plan"

# ================================================================ edit, history, delete
TOKEN=$BAT_TOKEN
EDIT=$(printf '%s' "$ACT_JSON" | python3 -c 'import json, sys; d = json.load(sys.stdin); d["households"] = 3; d["revision"] = 1; print(json.dumps(d, ensure_ascii=False))')
req PUT "/api/v1/activities/$ACT" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$EDIT"
assert_status 200 "PUT /api/v1/activities/$ACT (revision 1)"
assert_json revision 2 "the edit makes revision 2"
assert_eq "$(( $(echo "$BEFORE" | cut -d'|' -f1 | cut -d' ' -f2) + 3 ))" "$(figure "unit=$BAT" households)" "the rollup follows the edit (3 households, not 1 + 3)"
req PUT "/api/v1/activities/$ACT" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$EDIT"
assert_problem 409 "" "a stale revision is refused"
aget "/api/v1/activities/$ACT/history"
assert_eq "edited created" "$(python3 -c 'import json, sys; print(" ".join(r["action"] for r in json.load(open(sys.argv[1]))))' "$T/body")" "the history keeps both states"
assert_match '"households": ?3' "$(json 0.snapshot)" "the newest snapshot says 3 households"
req DELETE "/api/v1/activities/$ACT?revision=2" -H "Authorization: Bearer $TOKEN"
assert_problem 403 "" "an officer does not delete"
TOKEN=$MR_TOKEN
req DELETE "/api/v1/activities/$ACT?revision=1" -H "Authorization: Bearer $TOKEN"
assert_problem 409 "" "deleting an old revision is refused"
req DELETE "/api/v1/activities/$ACT?revision=2" -H "Authorization: Bearer $TOKEN"
assert_status 204 "the region's leader deletes it"
assert_eq "$BEFORE" "$(snapshot)" "deleting takes the activity out of every rollup"
aget "/api/v1/activities/$ACT"
assert_problem 404 "" "the deleted activity is gone"
assert_eq 3 "$(sql "SELECT count(*) FROM activity_revision WHERE activity_id = ?" "$ACT")" "the history keeps created, edited, deleted"

# ================================================================ aggregates check
dv aggregates check --db "$DB"
assert_rc 0 "danvan aggregates check after the journey"
grep -q "match" "$T/out" && ok "the check says the rollups match" || not_ok "aggregates check: $(cat "$T/out" "$T/err")"
CORRUPT_AREA=$(sql "SELECT area_id FROM activity_area_agg WHERE n > 0 ORDER BY area_id LIMIT 1")
sqlw "UPDATE activity_area_agg SET n = n + 5 WHERE area_id = $CORRUPT_AREA"
dv aggregates check --db "$DB"
assert_rc 1 "a corrupted aggregate row fails the check"
grep -q "activity_area_agg area_id=$CORRUPT_AREA " "$T/out" && ok "the report names the table and the area" ||
	not_ok "the report should name activity_area_agg area_id=$CORRUPT_AREA: $(head -5 "$T/out")"
grep -q "n stored" "$T/out" && ok "the report says which figure differs" || not_ok "no figure named: $(head -3 "$T/out")"
dv aggregates rebuild --db "$DB"
assert_rc 0 "danvan aggregates rebuild repairs it"
dv aggregates check --db "$DB"
assert_rc 0 "the check passes after the rebuild"

# ================================================================ import
# make_xlsx FILE ROW...: a minimal workbook (inline strings), each ROW tab-separated cells
make_xlsx() {
	python3 - "$@" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
out, rows = sys.argv[1], sys.argv[2:]
def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
data = []
for r, line in enumerate(rows, 1):
    cells = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r, escape(v))
                    for c, v in enumerate(line.split("\t")) if v != "")
    data.append('<row r="%d">%s</row>' % (r, cells))
z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % "".join(data))
z.close()
PY
}
HEAD=$'Loại hoạt động\tĐơn vị chủ trì\tMã địa bàn\tNgày bắt đầu\tTên hoạt động\tSố hộ được hưởng\tKết quả đo'
make_xlsx "$T/import.xlsx" "$HEAD" \
	"house	$BAT	$VILLAGE	$TODAY	Nhập: nhà thứ nhất	1	houses_built=1" \
	"house	$BAT	99999	$TODAY	Nhập: địa bàn sai	1	" \
	"health	$BAT	$COMMUNE	31/02/2026	Nhập: ngày sai	0	" \
	"house	$BAT	$COMMUNE	$TODAY	Nhập: đo sai	1	road_km=2" \
	"house	$BAT	$COMMUNE	$TODAY	Nhập: nhà thứ hai	1	houses_built=1"
D0=$(work_digest)
N0=$(sql "SELECT count(*) FROM activity")
TOKEN=$BAT_TOKEN
req POST "/api/v1/activities/import?mode=all" -H "Authorization: Bearer $TOKEN" \
	-H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' --data-binary "@$T/import.xlsx"
assert_status 422 "an all-or-nothing import with bad rows"
assert_json rows 5 "five data rows read"
assert_json refused 3 "three refused"
assert_json written 0 "nothing written"
assert_contains "row 3: field 'area'" "the report names row 3 and its area"
assert_contains "row 4: field 'start_on'" "the report names row 4 and its date"
assert_contains "row 5: field 'measures'" "the report names row 5 and its measures"
assert_eq "$D0" "$(work_digest)" "all or nothing: the database is unchanged"
dv activities import "$T/import.xlsx" --as bb.tieudoan --db "$DB" --key-file "$KEY"
assert_rc 1 "the CLI import of the same file fails"
grep -q "row 3: field 'area'" "$T/out" && ok "the CLI prints the bad rows" || not_ok "CLI report: $(cat "$T/out" "$T/err")"
assert_eq "$N0" "$(sql "SELECT count(*) FROM activity")" "the CLI wrote nothing"
req POST "/api/v1/activities/import?mode=valid" -H "Authorization: Bearer $TOKEN" --data-binary "@$T/import.xlsx"
assert_status 200 "a valid-rows import"
assert_json written 2 "the two good rows are written"
assert_json refused 3 "the three bad ones are refused"
assert_eq "$((N0 + 2))" "$(sql "SELECT count(*) FROM activity")" "two activities more"
assert_eq 2 "$(sql "SELECT count(*) FROM activity WHERE title LIKE 'Nhập: nhà%'")" "exactly the good rows"
printf 'type,lead_unit,area,start_on,title\r\nhouse,%s,%s,%s,"CSV, một dòng"\r\n' "$BAT" "$COMMUNE" "$TODAY" >"$T/import.csv"
req POST "/api/v1/activities/import" -H "Authorization: Bearer $TOKEN" --data-binary "@$T/import.csv"
assert_status 200 "a CSV import"
assert_json written 1 "one CSV row written"
printf 'not,a,template\r\n1,2,3\r\n' >"$T/bad.csv"
req POST "/api/v1/activities/import" -H "Authorization: Bearer $TOKEN" --data-binary "@$T/bad.csv"
assert_problem 400 "" "a file without the template's columns"
req POST "/api/v1/activities/import" -H "Authorization: Bearer $TOKEN" --data-binary "PK\x03\x04garbage"
assert_problem 400 "" "a broken XLSX"
# uploads past max-body (1 MiB) only for a caller who says who they are
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/big.csv"
req POST "/api/v1/activities/import" --data-binary "@$T/big.csv"
assert_status 413 "an anonymous 2 MB upload is refused before it is read"
req POST "/api/v1/activities/import" -H "Authorization: Bearer $TOKEN" --data-binary "@$T/big.csv"
assert_problem 400 "" "the same upload with a token is read (and refused as no template)"
dv aggregates check --db "$DB"
assert_rc 0 "the rollups still match the facts after the imports"

# ================================================================ twinning, working groups, photos
apost /api/v1/twinning "{\"unit\":$BAT,\"area\":\"$VILLAGE\",\"purpose\":\"Kết nghĩa thôn\",\"start_on\":\"$TODAY\"}"
assert_status 201 "POST /api/v1/twinning"
TWIN=$(json id)
assert_json status active "twinning is active by default"
aget "/api/v1/twinning?unit=$BAT"
assert_contains "\"id\":$TWIN" "the battalion's twinning list"
req PUT "/api/v1/twinning/$TWIN" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	--data-binary "{\"purpose\":\"Kết nghĩa thôn\",\"status\":\"ended\",\"start_on\":\"$TODAY\",\"end_on\":\"$TODAY\"}"
assert_json status ended "twinning ends"
apost /api/v1/working-groups "{\"unit\":$BAT,\"area\":\"$COMMUNE\",\"name\":\"Tổ công tác số 1\",\"start_on\":\"$TODAY\",\"members\":6,\"tasks\":\"Giúp dân\"}"
assert_status 201 "POST /api/v1/working-groups"
GROUP=$(json id)
apost /api/v1/activities "{\"type\":\"propaganda\",\"lead_unit\":$BAT,\"area\":\"$COMMUNE\",\"start_on\":\"$TODAY\",\"title\":\"Tuyên truyền của tổ\",\"working_group\":$GROUP}"
assert_status 201 "an activity of the working group"
GACT=$(json id)
aget "/api/v1/working-groups/$GROUP"
assert_contains "\"id\":$GACT" "the group's page lists its activity"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89' >"$T/p.png"
req POST "/api/v1/activities/$GACT/photos?caption=Buoi+tuyen+truyen" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary "@$T/p.png"
assert_status 201 "a PNG photo"
PHOTO=$(json id)
aget "/api/v1/photos/$PHOTO"
assert_header Content-Type '^image/png' "the photo comes back as PNG"
cmp -s "$T/body" "$T/p.png" && ok "the photo's bytes are intact" || not_ok "the photo's bytes differ"
req POST "/api/v1/activities/$GACT/photos" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary "<svg onload=alert(1)>"
assert_problem 400 "" "a file that is not an image"

# ================================================================ bad input changes nothing
D1=$(work_digest)
bad() {
	apost /api/v1/activities "$1"
	assert_problem 400 "" "$2"
	[ -z "${3:-}" ] || assert_contains "$3" "$2: the error names '$3'"
	assert_eq "$D1" "$(work_digest)" "$2: nothing written"
}
GOOD="\"type\":\"house\",\"lead_unit\":$BAT,\"area\":\"$VILLAGE\",\"start_on\":\"$TODAY\""
bad "{$GOOD}" "a missing title" "title"
bad "{\"type\":\"flying\",\"lead_unit\":$BAT,\"area\":\"$VILLAGE\",\"start_on\":\"$TODAY\",\"title\":\"x\"}" "an unknown type" "type"
bad "{\"type\":\"house\",\"lead_unit\":$BAT,\"area\":\"00000x\",\"start_on\":\"$TODAY\",\"title\":\"x\"}" "an unknown area" "area"
bad "{\"type\":\"house\",\"lead_unit\":$BAT,\"area\":\"$VILLAGE\",\"start_on\":\"2026-02-30\",\"title\":\"x\"}" "an impossible date" "start_on"
bad "{$GOOD,\"title\":\"x\",\"end_on\":\"2000-01-01\"}" "an end before the start" "end_on"
bad "{$GOOD,\"title\":\"x\",\"participants\":-4}" "negative participants" "participants"
bad "{$GOOD,\"title\":\"x\",\"value_cash\":\"1.5\"}" "money with a decimal mark" "value_cash"
bad "{$GOOD,\"title\":\"x\",\"measures\":{\"road_km\":1}}" "a measure of another type" "measures"
bad "{$GOOD,\"title\":\"x\",\"measures\":{\"houses_built\":\"a\"}}" "a measure that is not a number" "measures"
bad "{\"type\":\"house\",\"lead_unit\":$OUTSIDER_UNIT,\"area\":\"$VILLAGE\",\"start_on\":\"$TODAY\",\"title\":\"x\"}" "a lead unit outside the subtree" "lead_unit"
bad "{$GOOD,\"title\":\"x\",\"target\":999999}" "an unknown target" "target"
bad "{$GOOD,\"title\":\"x\",\"ethnicity\":\"Kinh\"}" "an unknown field" "ethnicity"
bad "{$GOOD,\"title\":\"x\",\"households\":\"mười\"}" "a count in words" "households"
apost /api/v1/plans "{\"unit\":$BAT,\"year\":1999,\"title\":\"x\"}"
assert_problem 400 "" "a plan year out of range"
apost /api/v1/plans "{\"unit\":$BAT,\"year\":${TODAY:0:4},\"title\":\"again\"}"
assert_problem 409 "" "a second plan for the same period"
apost "/api/v1/plans/$PLAN/targets" '{"indicator":"activities","value":1}'
assert_problem 409 "" "an approved plan's targets no longer change"
apost /api/v1/twinning "{\"unit\":$BAT,\"area\":\"$VILLAGE\",\"purpose\":\"x\",\"start_on\":\"$TODAY\",\"status\":\"forever\"}"
assert_problem 400 "" "an unknown twinning status"
apost /api/v1/working-groups "{\"unit\":$BAT,\"area\":\"$COMMUNE\",\"name\":\"x\",\"start_on\":\"$TODAY\",\"members\":0}"
assert_problem 400 "" "a working group without members"
aget "/api/v1/rollups?area=$COMMUNE&unit=$BAT"
assert_problem 400 "" "a rollup of both an area and a unit"
aget "/api/v1/rollups?area=$COMMUNE&from=2026-13"
assert_problem 400 "" "a month 13"
assert_eq "$D1" "$(work_digest)" "after all the bad input: nothing written"
dv aggregates check --db "$DB"
assert_rc 0 "the rollups match the facts at the end"

done_testing
