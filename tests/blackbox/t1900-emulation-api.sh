#!/bin/bash
# t1900-emulation-api: "clever mass mobilisation" models, emulation rounds and commendation
# through the JSON API (doc/EMULATION.md). A commune's model is registered, evaluated by two
# commune evaluators (means, weights, pass mark), refused recognition while the evaluation is
# incomplete or below the pass mark or at a level not the caller's, recognised at commune then
# province level (never again lower), made typical; it is replicated in three other communes
# (two direct, one through a replica): the original's page shows the lineage with areas and
# results, while a unit of another province sees neither the original nor its replicas. An
# emulation round with weighted criteria ranks two peer groups by hand-computed reviewer totals
# (a tie, a skipped rank, an unranked participant), goes preliminary then final (refused while
# one participant lacks a score) and locks its scores. Commendation proposals are flagged by the
# rules (needs_titles, one_achievement, needs_initiative), decisions need the granting unit's
# entitlement and acknowledgement of warnings, a recipient's history is listed. Bad input on
# every POST and PUT is a 400 naming the field, and writes nothing.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

TODAY=$(today_vn)
YEAR=${TODAY:0:4}
Y1=$((YEAR - 1))
Y2=$((YEAR - 2))
Y3=$((YEAR - 3))

# ---------------------------------------------------------------- helpers

# jpy EXPR: a Python expression over the last body (d), printed (JSON for lists and dicts).
# Helpers: near(a, b, tol), uid(unit or id), items(list or envelope), codes(warnings),
# flat_rank(a review's ranking).
jpy() {
	python3 - "$1" "$T/body" <<'PY'
import json, sys
expr, f = sys.argv[1], sys.argv[2]
try:
    d = json.load(open(f, encoding="utf-8"))
except Exception as ex:
    print("<invalid json: %s>" % ex); sys.exit(0)
def near(a, b, tol=1e-6):
    try:
        return a is not None and not isinstance(a, bool) and abs(float(a) - float(b)) <= tol
    except Exception:
        return False
def uid(u):
    return u.get("id") if isinstance(u, dict) else u
def items(x):
    return x["items"] if isinstance(x, dict) and "items" in x else x
def codes(ws):
    return sorted(w.get("code") for w in (ws or []))
def flat_rank(r):
    # a review's ranking: a list of entries, or of peer groups with items (JSON or as text)
    if isinstance(r, str):
        r = json.loads(r)
    out = []
    for x in r or []:
        out.extend(x["items"] if isinstance(x, dict) and "items" in x else [x])
    return out
try:
    v = eval(expr, {"d": d, "json": json, "near": near, "uid": uid, "items": items, "codes": codes,
                    "flat_rank": flat_rank})
except Exception as ex:
    print("<error %s: %s>" % (type(ex).__name__, ex)); sys.exit(0)
print(json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (dict, list)) else
      ("true" if v is True else "false" if v is False else "null" if v is None else v))
PY
}
# jtrue EXPR MSG: the expression over the last body is true.
jtrue() {
	local v
	v=$(jpy "$1")
	if [ "$v" = true ]; then ok "$2"; else
		not_ok "$2: ($1) gave '$v'"; last_response; fi
}
aput() { req PUT "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$2"; }
adel() { req DELETE "$1" -H "Authorization: Bearer $TOKEN"; }
as() { TOKEN=${TOKENS[$1]:?no token for $1}; }

# emu_digest: what the emulation tables hold (and the audit records), compared with itself only.
EMU_Q=("SELECT id, unit_id, purpose, name, pass_percent, active FROM criteria_set ORDER BY id"
	"SELECT id, set_id, pos, name, weight, max_score FROM criterion ORDER BY id"
	"SELECT id, kind, field, name, owner_unit_id, area_id, launch_unit_id, start_on, description, goals, results, status, level, withdrawn_reason, origin_id, root_id, updated_at FROM model ORDER BY id"
	"SELECT id, model_id, action, level, decision_no FROM model_event ORDER BY id"
	"SELECT model_id, criterion_id, evaluator_id, score, note FROM model_evaluation ORDER BY 1, 2, 3"
	"SELECT model_id, activity_id FROM model_activity ORDER BY 1, 2"
	"SELECT id, model_id FROM model_photo ORDER BY id"
	"SELECT id, name, status, start_on, end_on, criteria_set_id, updated_at FROM campaign ORDER BY id"
	"SELECT campaign_id, unit_id, peer_group FROM campaign_unit ORDER BY 1, 2"
	"SELECT campaign_id, unit_id, criterion_id, self_score, review_score, self_note, review_note FROM campaign_score ORDER BY 1, 2, 3"
	"SELECT campaign_id, unit_id, criterion_id, kind, ref_id FROM campaign_evidence ORDER BY 1, 2, 3, 4, 5"
	"SELECT id, campaign_id, stage FROM campaign_review ORDER BY id"
	"SELECT id, form_code, recipient_key, year, achievement, status, decision_no, warnings, issuer_unit_id FROM award ORDER BY id"
	"SELECT count(*) FROM audit_log WHERE action NOT LIKE 'auth.%'")
emu_digest() {
	if [ "$ENGINE" = postgresql ]; then
		local args=() q
		for q in "${EMU_Q[@]}"; do args+=(-c "$q"); done
		psql "$DB" -qAt -F $'\t' -v ON_ERROR_STOP=1 "${args[@]}"
	else
		python3 - "$T/d.db" "${EMU_Q[@]}" <<'PY'
import sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
for q in sys.argv[2:]:
    for row in con.execute(q):
        print("\t".join("" if v is None else str(v) for v in row))
PY
	fi | sha256sum | cut -c1-16
}
# same_digest MSG: the emulation tables are as in $DG; when not, the failure is reported once and
# $DG follows (so that one write does not fail every later check).
same_digest() {
	local now
	now=$(emu_digest)
	assert_eq "$DG" "$now" "$1"
	DG=$now
}
# emu_rows: the number of rows of each emulation table, one line.
emu_rows() {
	local t
	for t in criteria_set criterion model model_event model_evaluation model_activity model_photo \
		campaign campaign_unit campaign_score campaign_evidence campaign_review award; do
		printf '%s=%s ' "$t" "$(sql "SELECT count(*) FROM $t")"
	done
	echo
}
# bad METHOD PATH JSON FIELD MSG: a 400 problem whose detail names FIELD (a regex), and the
# emulation tables unchanged (against $DG, taken before the batch).
bad() {
	local method=$1 path=$2 data=$3 field=$4 msg=$5
	case $method in
	PUT) aput "$path" "$data" ;;
	*) apost "$path" "$data" ;;
	esac
	assert_problem 400 "" "$msg"
	assert_match "$field" "$(json detail)" "$msg: the error names '$field'"
	same_digest "$msg: nothing written"
}
# refused STATUSES MSG: the last answer is a problem with one of STATUSES ("403|409"), and the
# emulation tables are as in $DG.
refused() {
	assert_problem "$1" "" "$2"
	same_digest "$2: nothing changed"
}
# must STATUS MSG: a fixture step that has to work (bail otherwise: what follows would mean nothing).
must() {
	if [ "$STATUS" = "$1" ]; then ok "$2: status $1"; else
		last_response; bail "$2: expected status $1, got $STATUS"; fi
}

# ---------------------------------------------------------------- fixtures: units and users

PROV=01
unit_at() { sql "SELECT u.id FROM unit u JOIN area a ON a.id = u.home_area_id WHERE a.code = ? AND u.kind = ? ORDER BY u.id LIMIT 1" "$1" "$2"; }
P_PARTY=$(unit_at $PROV party-committee)
P_MM=$(unit_at $PROV mm-board)
P_PC=$(unit_at $PROV peoples-committee)
[ -n "$P_PARTY" ] && [ -n "$P_MM" ] && [ -n "$P_PC" ] || bail "province $PROV lacks a party committee, mm-board or people's committee"
mapfile -t COMMUNES < <(sql "SELECT a.code FROM area a JOIN area p ON p.id = a.parent_id
	WHERE p.code = ? AND a.level = 2
	AND EXISTS (SELECT 1 FROM unit u WHERE u.home_area_id = a.id AND u.kind = 'peoples-committee')
	AND EXISTS (SELECT 1 FROM unit u WHERE u.home_area_id = a.id AND u.kind = 'party-committee')
	AND EXISTS (SELECT 1 FROM unit u WHERE u.home_area_id = a.id AND u.kind = 'mm-board')
	AND EXISTS (SELECT 1 FROM area v WHERE v.parent_id = a.id)
	ORDER BY a.code LIMIT 5" "$PROV")
[ "${#COMMUNES[@]}" -eq 5 ] || bail "the demo has fewer than 5 complete communes in province $PROV"
C1=${COMMUNES[0]} C2=${COMMUNES[1]} C3=${COMMUNES[2]} C4=${COMMUNES[3]}
V1=$(sql "SELECT v.code FROM area v JOIN area c ON c.id = v.parent_id WHERE c.code = ? ORDER BY v.code LIMIT 1" "$C1")
V1_NAME=$(sql "SELECT full_name FROM area WHERE code = ?" "$V1")
C1_PC=$(unit_at "$C1" peoples-committee) C1_PARTY=$(unit_at "$C1" party-committee) C1_MM=$(unit_at "$C1" mm-board)
C2_PC=$(unit_at "$C2" peoples-committee) C2_PARTY=$(unit_at "$C2" party-committee) C2_MM=$(unit_at "$C2" mm-board)
C3_PC=$(unit_at "$C3" peoples-committee)
C4_PC=$(unit_at "$C4" peoples-committee) C4_PARTY=$(unit_at "$C4" party-committee)
OTHER=$(sql "SELECT code FROM area WHERE level = 1 AND code <> ? ORDER BY code LIMIT 1" "$PROV")
O_PC=$(unit_at "$OTHER" peoples-committee)
[ -n "$V1" ] && [ -n "$O_PC" ] || bail "no village in $C1 or no people's committee in another province"
note "province $PROV: party $P_PARTY, mm-board $P_MM, people's committee $P_PC; communes $C1 (pc $C1_PC, party $C1_PARTY, mm $C1_MM, village $V1) $C2 $C3 $C4; other province $OTHER (pc $O_PC)"

declare -A TOKENS
user() { # user LOGIN UNIT ROLE: a user with a token in TOKENS[LOGIN]
	add_user "$1" "$2" "$3"
	token_for "$1"
	TOKENS[$1]=$TOKEN
}
user bb.c1.canbo "$C1_PC" officer     # registers the model, proposes awards, self-scores PC1
user bb.c1.ubnd "$C1_PC" leader       # the owner unit's leader; grassroots titles
user bb.c1.dang "$C1_PARTY" leader    # launching unit: commune criteria, evaluation, recognition
user bb.c1.bdv "$C1_MM" leader        # a second commune evaluator
user bb.c1.dang.canbo "$C1_PARTY" officer
user bb.c2.canbo "$C2_PC" officer
user bb.c2.dang.canbo "$C2_PARTY" officer
user bb.c3.canbo "$C3_PC" officer
user bb.c4.canbo "$C4_PC" officer
user bb.tinhuy "$P_PARTY" leader      # province criteria, evaluation, recognition
user bb.ubndtinh "$P_PC" leader       # province-level commendation decisions
user bb.bdvtinh "$P_MM" leader        # launches and reviews the emulation round
user bb.ngoai "$O_PC" officer         # another province

# ================================================================ criteria sets
DG=$(emu_digest)
as bb.c1.dang
apost /api/v1/criteria-sets "{\"unit\":$C1_PARTY,\"purpose\":\"model\",\"name\":\"Tiêu chí mô hình dân vận khéo phường BB1900\",\"pass_percent\":60,
	\"criteria\":[{\"name\":\"Giải quyết vấn đề bức xúc\",\"guidance\":\"Vấn đề cụ thể của địa phương\",\"weight\":2,\"max_score\":10},
	{\"name\":\"Được nhân dân đồng tình\",\"weight\":1,\"max_score\":10},{\"name\":\"Có khả năng nhân rộng\",\"weight\":1,\"max_score\":10}]}"
must 201 "POST /api/v1/criteria-sets: the commune party committee's model criteria"
S1=$(json id)
aget "/api/v1/criteria-sets/$S1"
assert_status 200 "GET /api/v1/criteria-sets/$S1"
assert_json purpose model "the set is for models"
jtrue "len(d['criteria']) == 3 and [c['weight'] for c in d['criteria']] == [2, 1, 1]" "the set keeps its three criteria and weights in order"
jtrue "near(d['pass_percent'], 60)" "the set keeps its pass mark"
mapfile -t S1C < <(jpy "'\n'.join(str(c['id']) for c in d['criteria'])")
[ "${#S1C[@]}" -eq 3 ] || bail "criteria ids of set $S1: ${S1C[*]}"
as bb.c1.bdv
aget "/api/v1/criteria-sets/$S1"
assert_status 200 "a guide issued above is visible below (the commune mm-board reads its party committee's set)"
aget "/api/v1/criteria-sets?purpose=model"
jtrue "$S1 in [s['id'] for s in items(d)]" "the list of model sets below the issuer includes it"
as bb.ngoai
aget "/api/v1/criteria-sets/$S1"
assert_problem 404 "" "another province does not see the commune's set"

as bb.tinhuy
apost /api/v1/criteria-sets "{\"unit\":$P_PARTY,\"purpose\":\"model\",\"name\":\"Tiêu chí cấp thành phố BB1900\",\"pass_percent\":70,
	\"criteria\":[{\"name\":\"Hiệu quả thực tế\",\"weight\":1,\"max_score\":10},{\"name\":\"Bền vững\",\"weight\":1,\"max_score\":10}]}"
must 201 "the province party committee's model criteria"
S2=$(json id)
aget "/api/v1/criteria-sets/$S2"
mapfile -t S2C < <(jpy "'\n'.join(str(c['id']) for c in d['criteria'])")
apost /api/v1/criteria-sets "{\"unit\":$P_PARTY,\"purpose\":\"model\",\"name\":\"Bộ tạm BB1900\",\"criteria\":[{\"name\":\"Một\",\"weight\":1,\"max_score\":5}]}"
must 201 "a set without a pass mark"
STMP=$(json id)
apost "/api/v1/criteria-sets/$STMP/active" '{"active":false}'
assert_status 200 "POST /api/v1/criteria-sets/$STMP/active false"
assert_json active false "the set is inactive"
apost "/api/v1/criteria-sets/$STMP/active" '{"active":true}'
assert_json active true "and active again"
as bb.c1.canbo
apost /api/v1/criteria-sets "{\"unit\":$C1_PC,\"purpose\":\"model\",\"name\":\"x\",\"criteria\":[{\"name\":\"x\",\"weight\":1,\"max_score\":1}]}"
assert_problem 403 "" "an officer makes no criteria set"

# ================================================================ a model in a commune
as bb.c1.canbo
MNAME="Bếp ăn nghĩa tình BB1900 phường $C1"
apost /api/v1/models "{\"kind\":\"model\",\"field\":\"culture_society\",\"name\":\"$MNAME\",\"owner_unit\":$C1_PC,
	\"area\":\"$V1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-01-15\",\"description\":\"Nấu cơm miễn phí cho bệnh nhân nghèo\",
	\"goals\":\"Mỗi tuần 200 suất\",\"results\":\"\"}"
must 201 "POST /api/v1/models (commune officer, launched with the commune's party committee)"
M=$(json id)
assert_json status registered "a new model is registered"
jtrue "uid(d['owner_unit']) == $C1_PC and uid(d['launch_unit']) == $C1_PARTY" "owner and launching unit kept"
assert_json area.code "$V1" "the model's area is the village"
assert_json area.name "$V1_NAME" "with its (full) name"
assert_json origin null "an original has no origin"
aget "/api/v1/models/$M"
assert_status 200 "GET /api/v1/models/$M"
jtrue "d['events'][0]['action'] == 'registered'" "the first event is the registration"
aput "/api/v1/models/$M" "{\"kind\":\"model\",\"field\":\"culture_society\",\"name\":\"$MNAME\",\"area\":\"$V1\",\"start_on\":\"$YEAR-01-15\",
	\"description\":\"Nấu cơm miễn phí cho bệnh nhân nghèo\",\"goals\":\"Mỗi tuần 300 suất\",\"results\":\"Đã nấu 5.000 suất\"}"
assert_status 200 "PUT /api/v1/models/$M"
assert_json goals "Mỗi tuần 300 suất" "the edit is kept"
jtrue "'Đã nấu 5.000 suất' in (d.get('results_text'), d.get('results'))" "the results text is kept"
jtrue "uid(d['owner_unit']) == $C1_PC and uid(d['launch_unit']) == $C1_PARTY" "the owner and launching unit stay"
apost "/api/v1/models/$M/status" '{"action":"implementing"}'
assert_status 200 "the owner starts implementing"
assert_json status implementing "status implementing"

# results: an activity of the commune linked to the model
apost /api/v1/activities "{\"type\":\"house\",\"lead_unit\":$C1_PC,\"area\":\"$V1\",\"start_on\":\"$TODAY\",\"title\":\"Bếp ăn BB1900: sửa nhà bếp\",\"households\":2,\"persons\":7}"
must 201 "an activity of the commune"
A0=$(json id)
apost "/api/v1/models/$M/activities" "{\"activity\":$A0}"
assert_status 200 "POST /api/v1/models/$M/activities"
jtrue "d['results']['totals']['households'] == 2 and d['results']['totals']['persons'] == 7" "the model's results sum the linked activity"
adel "/api/v1/models/$M/activities/$A0"
assert_status 200 "DELETE /api/v1/models/$M/activities/$A0"
jtrue "not d['results']['totals'].get('households')" "unlinked: no households left in the results"
apost "/api/v1/models/$M/activities" "{\"activity\":$A0}"
assert_status 200 "linked again"
aget "/api/v1/models?activity=$A0"
assert_status 200 "GET /api/v1/models?activity=$A0"
jtrue "d['total'] == 1 and d['items'][0]['id'] == $M" "the activity names the model it is a result of"

# photos
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89' >"$T/p.png"
req POST "/api/v1/models/$M/photos?caption=Bep+an" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary "@$T/p.png"
assert_status 201 "a PNG photo of the model"
PHOTO=$(json id)
aget "/api/v1/model-photos/$PHOTO"
assert_header Content-Type '^image/png' "the photo comes back as PNG"
cmp -s "$T/body" "$T/p.png" && ok "the photo's bytes are intact" || not_ok "the photo's bytes differ"
req POST "/api/v1/models/$M/photos" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary "@$T/p.png"
PHOTO2=$(json id)
adel "/api/v1/model-photos/$PHOTO2"
assert_status 204 "DELETE /api/v1/model-photos/$PHOTO2"
aget "/api/v1/model-photos/$PHOTO2"
assert_problem 404 "" "the deleted photo is gone"

# ================================================================ evaluation and recognition
# incomplete: two of three criteria scored
as bb.c1.dang
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":8,\"note\":\"tốt\"},{\"criterion\":${S1C[1]},\"score\":6}]}"
assert_status 200 "POST /api/v1/models/$M/evaluations: two of three criteria"
EV="[e for e in d['evaluations'] if uid(e['criteria_set']) == $S1][0]"
jtrue "$EV['complete'] is False and $EV['passes'] is False" "an evaluation lacking a criterion is incomplete"
DG=$(emu_digest)
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"01/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
refused 409 "recognition on an incomplete evaluation"
# complete but below the pass mark: 2x3 + 6 + 1 = 13 of 40 = 32.5 % (the later 3 replaces the 8)
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":3},{\"criterion\":${S1C[2]},\"score\":1}]}"
assert_status 200 "the evaluator completes the evaluation, replacing a score"
jtrue "$EV['complete'] is True and $EV['passes'] is False" "complete, but below the pass mark"
jtrue "near($EV['total'], 13) and near($EV['max'], 40) and near($EV['percent'], 32.5, 0.051)" "total 2x3 + 6 + 1 = 13 of 40 (32.5 %)"
jtrue "[c['evaluators'] for c in $EV['criteria']] == [1, 1, 1]" "a later score replaces the evaluator's earlier one"
DG=$(emu_digest)
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"01/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
refused 409 "recognition below the set's pass mark (32.5 % < 60 %)"
# two evaluators: means (8+6)/2, (6+8)/2, (9+7.5)/2 = 7, 7, 8.25; total 14+7+8.25 = 29.25 of 40
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":8},{\"criterion\":${S1C[1]},\"score\":6},{\"criterion\":${S1C[2]},\"score\":9}]}"
assert_status 200 "the first evaluator re-scores"
as bb.c1.bdv
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":6},{\"criterion\":${S1C[1]},\"score\":8},{\"criterion\":${S1C[2]},\"score\":7.5}]}"
assert_status 200 "a second evaluator (the commune's mm-board) scores, half points allowed"
jtrue "[c['evaluators'] for c in $EV['criteria']] == [2, 2, 2]" "two evaluators per criterion"
jtrue "all(near(c['mean'], m) for c, m in zip($EV['criteria'], [7, 7, 8.25]))" "per criterion the mean of the evaluators (7, 7, 8.25)"
jtrue "near($EV['total'], 29.25) and near($EV['max'], 40) and near($EV['percent'], 73.125, 0.051)" "total = sum of weight x mean = 29.25 of 40 (73.125 %)"
jtrue "$EV['complete'] is True and $EV['passes'] is True" "the evaluation passes"
DG=$(emu_digest)
as bb.c1.ubnd
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":10}]}"
refused "403|409" "the owner unit's leader does not evaluate its own model"
as bb.c1.canbo
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":10}]}"
refused 403 "an officer does not evaluate"
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"01/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
refused 403 "an officer does not recognise"
# the province's evaluation (passing) before any recognition
as bb.tinhuy
apost "/api/v1/models/$M/evaluations" "{\"criteria_set\":$S2,\"scores\":[{\"criterion\":${S2C[0]},\"score\":9},{\"criterion\":${S2C[1]},\"score\":8}]}"
assert_status 200 "the province party committee evaluates on its own set"
EV2="[e for e in d['evaluations'] if uid(e['criteria_set']) == $S2][0]"
jtrue "$EV2['passes'] is True and near($EV2['percent'], 85, 0.051)" "the province's evaluation passes (17 of 20)"
DG=$(emu_digest)
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S2,\"decision_no\":\"02/QĐ-TU\",\"decision_on\":\"$YEAR-11-20\"}"
refused "403|409" "a province-level unit does not recognise at commune level"
apost "/api/v1/models/$M/status" "{\"action\":\"typical\",\"decision_no\":\"03/QĐ-TU\",\"decision_on\":\"$YEAR-11-20\"}"
refused 409 "'typical' needs a province recognition first"
as bb.c1.dang
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"province\",\"criteria_set\":$S1,\"decision_no\":\"04/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
refused "403|409" "a commune-level unit does not recognise at province level"
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"national\",\"criteria_set\":$S1,\"decision_no\":\"04/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
refused "403|409" "nor at national level"
aget "/api/v1/models/$M"
assert_json status implementing "after the refusals the model is still implementing"
# commune recognition
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"15/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-20\"}"
assert_status 200 "the commune party committee recognises the model at commune level"
assert_json status recognised "status recognised"
assert_json level commune "level commune"
RECOG="[e for e in d['events'] if e['action'] == 'recognised']"
jtrue "len($RECOG) == 1 and $RECOG[0]['level'] == 'commune' and $RECOG[0]['decision_no'] == '15/QĐ-ĐU' and near($RECOG[0]['percent'], 73.125, 0.051)" "the recognition keeps its decision and the evaluation's percent"
# province recognition
as bb.tinhuy
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"province\",\"criteria_set\":$S2,\"decision_no\":\"120/QĐ-TU\",\"decision_on\":\"$YEAR-11-25\"}"
assert_status 200 "the province party committee recognises it at province level"
assert_json level province "level province"
jtrue "[(e['level'], e['decision_no']) for e in $RECOG] == [('commune', '15/QĐ-ĐU'), ('province', '120/QĐ-TU')]" "both recognitions are in the events"
DG=$(emu_digest)
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"province\",\"criteria_set\":$S2,\"decision_no\":\"121/QĐ-TU\",\"decision_on\":\"$YEAR-11-26\"}"
refused 409 "the same level twice"
as bb.c1.dang
apost "/api/v1/models/$M/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"16/QĐ-ĐU\",\"decision_on\":\"$YEAR-11-27\"}"
refused 409 "recognising at commune level after province is refused"
aget "/api/v1/models/$M"
assert_json level province "the level stays province"
as bb.tinhuy
apost "/api/v1/models/$M/status" "{\"action\":\"typical\",\"decision_no\":\"130/QĐ-TU\",\"decision_on\":\"$YEAR-11-28\"}"
assert_status 200 "the province makes the model typical"
assert_json status typical "status typical"
assert_json level province "still at province level"

# ================================================================ replications
as bb.c2.canbo
apost /api/v1/models "{\"kind\":\"model\",\"field\":\"culture_society\",\"name\":\"Bếp ăn nghĩa tình BB1900 phường $C2\",\"owner_unit\":$C2_PC,
	\"area\":\"$C2\",\"launch_unit\":$C2_MM,\"start_on\":\"$YEAR-03-01\",\"origin\":$M}"
must 201 "a replication in commune $C2"
R1=$(json id)
jtrue "uid(d['origin']) == $M" "the replica names its origin"
apost /api/v1/activities "{\"type\":\"house\",\"lead_unit\":$C2_PC,\"area\":\"$C2\",\"start_on\":\"$TODAY\",\"title\":\"Bếp ăn BB1900: nhân rộng\",\"households\":4,\"persons\":12}"
must 201 "an activity of commune $C2"
A1=$(json id)
apost "/api/v1/models/$R1/activities" "{\"activity\":$A1}"
assert_status 200 "the replica links its activity"
as bb.c3.canbo
apost /api/v1/models "{\"kind\":\"model\",\"field\":\"culture_society\",\"name\":\"Bếp ăn nghĩa tình BB1900 phường $C3\",\"owner_unit\":$C3_PC,
	\"area\":\"$C3\",\"launch_unit\":$C3_PC,\"start_on\":\"$YEAR-04-01\",\"origin\":$M}"
must 201 "a replication in commune $C3"
R2=$(json id)
as bb.c4.canbo
apost /api/v1/models "{\"kind\":\"model\",\"field\":\"culture_society\",\"name\":\"Bếp ăn nghĩa tình BB1900 phường $C4\",\"owner_unit\":$C4_PC,
	\"area\":\"$C4\",\"launch_unit\":$C4_PARTY,\"start_on\":\"$YEAR-05-01\",\"origin\":$R1}"
must 201 "a replication of the replica, in commune $C4"
R3=$(json id)
apost "/api/v1/models/$R3/status" '{"action":"withdraw","reason":"Không còn kinh phí"}'
assert_status 200 "the third replica is withdrawn"
assert_json status withdrawn "status withdrawn"
assert_json withdrawn_reason "Không còn kinh phí" "with its reason"
DG=$(emu_digest)
apost "/api/v1/models/$R3/status" '{"action":"implementing"}'
refused 409 "a withdrawn model takes no further step"

as bb.c1.canbo
aget "/api/v1/models/$M"
assert_status 200 "the original's page"
assert_json replications.direct 2 "two direct replications"
assert_json replications.total 3 "three in the lineage"
REP="{i['id']: i for i in d['replications']['items']}"
jtrue "sorted($REP) == sorted([$R1, $R2, $R3])" "the lineage lists the three replicas"
jtrue "$REP[$R1]['area']['code'] == '$C2' and $REP[$R2]['area']['code'] == '$C3' and $REP[$R3]['area']['code'] == '$C4'" "each replica with its area"
jtrue "all($REP[i]['area'].get('name') for i in $REP)" "each area with its name"
jtrue "$REP[$R1]['depth'] == 1 and $REP[$R2]['depth'] == 1 and $REP[$R3]['depth'] == 2" "depths 1, 1, 2"
jtrue "$REP[$R3]['status'] == 'withdrawn'" "the withdrawn replica is listed with its status"
jtrue "$REP[$R1]['households'] == 4 and d['replications']['totals']['households'] == 4" "the replicas' results are summed (4 households)"
aget "/api/v1/models?origin=$M"
jtrue "not set(i['id'] for i in items(d)) & {$R1, $R2, $R3}" "the original's owner does not list the replicas of other communes (each replica stays scoped)"
as bb.tinhuy
aget "/api/v1/models?origin=$M&limit=50"
assert_json total 2 "GET /api/v1/models?origin=$M (the province): the direct replications"
jtrue "sorted(i['id'] for i in items(d)) == sorted([$R1, $R2])" "the two direct replications"
aget "/api/v1/models?q=bep+an+nghia+tinh+bb1900"
assert_json total 4 "the province finds the original and its replicas without diacritics"
aget "/api/v1/models?q=bep+an+nghia+tinh+bb1900&level=province"
jtrue "[i['id'] for i in items(d)] == [$M]" "only the original is at province level"
as bb.c2.canbo
aget "/api/v1/models/$R1"
assert_status 200 "the replica's owner reads it"
aget "/api/v1/models/$R2"
assert_problem 404 "" "but not another commune's replica"

# another province sees nothing of the lineage
as bb.ngoai
for id in $M $R1 $R2 $R3; do
	aget "/api/v1/models/$id"
	assert_problem 404 "" "another province's officer: model $id is not found"
done
aget "/api/v1/models?q=bep+an+nghia+tinh+bb1900"
assert_status 200 "another province searches"
assert_json total 0 "and finds none of them"
aget "/api/v1/model-photos/$PHOTO"
assert_problem 404 "" "nor the model's photo"
DG=$(emu_digest)
apost "/api/v1/models/$M/status" '{"action":"withdraw","reason":"x"}'
refused 404 "nor withdraws it"

# ================================================================ an emulation round
as bb.bdvtinh
apost /api/v1/criteria-sets "{\"unit\":$P_MM,\"purpose\":\"round\",\"name\":\"Thi đua dân vận khéo BB1900\",
	\"criteria\":[{\"name\":\"Kết quả mô hình\",\"weight\":2,\"max_score\":10},{\"name\":\"Phối hợp các lực lượng\",\"weight\":1,\"max_score\":10},
	{\"name\":\"Giải quyết kiến nghị\",\"weight\":1,\"max_score\":5}]}"
must 201 "the province mm-board's round criteria (weights 2, 1, 1; max 10, 10, 5)"
SR=$(json id)
aget "/api/v1/criteria-sets/$SR"
mapfile -t RC < <(jpy "'\n'.join(str(c['id']) for c in d['criteria'])")
[ "${#RC[@]}" -eq 3 ] || bail "criteria of the round set: ${RC[*]}"
PC1=$C1_PC PC2=$C2_PC PC3=$C3_PC PA1=$C1_PARTY PA2=$C2_PARTY
apost /api/v1/campaigns "{\"launch_unit\":$P_MM,\"name\":\"Thi đua dân vận khéo năm $YEAR BB1900\",\"theme\":\"Dân vận khéo\",
	\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"criteria_set\":$SR,\"participants\":[$PC1,$PC2,$PC3,$PA1]}"
must 201 "POST /api/v1/campaigns (four participants)"
CAMP=$(json id)
assert_json status open "a new round is open"
apost "/api/v1/campaigns/$CAMP/participants" "{\"units\":[$PA2]}"
assert_status 200 "POST /api/v1/campaigns/$CAMP/participants: one more"
PART="{uid(p['unit']): p for p in d['participants']}"
jtrue "sorted($PART) == sorted([$PC1, $PC2, $PC3, $PA1, $PA2])" "five participants"
jtrue "all($PART[u]['peer_group'] == 'peoples-committee@commune' for u in [$PC1, $PC2, $PC3]) and all($PART[u]['peer_group'] == 'party-committee@commune' for u in [$PA1, $PA2])" "peer groups: unit kind and level"

# score UNIT ROLE S1 S2 [S3]: one participant's scores (an empty score is left out)
score() {
	local unit=$1 role=$2 s="" i=0 v
	shift 2
	for v in "$@"; do
		[ -n "$v" ] && s="$s${s:+,}{\"criterion\":${RC[$i]},\"score\":$v,\"note\":\"ghi chú $i\"}"
		i=$((i + 1))
	done
	apost "/api/v1/campaigns/$CAMP/scores" "{\"unit\":$unit,\"role\":\"$role\",\"scores\":[$s]}"
}
as bb.c1.canbo
score $PC1 self 9 9 5
assert_status 200 "a participant's officer enters its self-scores"
jtrue "near($PART[$PC1]['self']['total'], 32) and $PART[$PC1]['self']['complete'] is True" "self total = 2x9 + 9 + 5 = 32"
DG=$(emu_digest)
score $PC2 self 10 10 5
refused "403|404" "an officer of another participant does not self-score it"
score $PC1 review 10 10 5
refused 403 "an officer does not enter reviewer scores"
as bb.c2.canbo
score $PC2 self 8 8 4
assert_status 200 "the second participant's self-scores"
as bb.c1.dang.canbo
score $PA1 self 7 7 3
assert_status 200 "a party committee's self-scores"
as bb.c3.canbo
score $PC3 self 6 6 ""
assert_status 200 "the third people's committee's self-scores (one left out)"
jtrue "near($PART[$PC3]['self']['total'], 18) and $PART[$PC3]['self']['complete'] is False" "an incomplete self-assessment: 2x6 + 6 = 18, not complete"
as bb.c2.dang.canbo
score $PA2 self 8 8 4
assert_status 200 "the second party committee's self-scores"
jtrue "near($PART[$PC2]['self']['total'], 28) and near($PART[$PA2]['self']['total'], 28)" "self totals 2x8 + 8 + 4 = 28"
as bb.c1.dang
DG=$(emu_digest)
score $PA1 review 10 10 5
refused "403|404" "a leader outside the launching unit does not review"

as bb.bdvtinh
apost "/api/v1/campaigns/$CAMP/scores" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":8,\"note\":\"mô hình tốt\",
	\"evidence\":[{\"kind\":\"model\",\"ref\":$M},{\"kind\":\"cases\",\"ref\":\"$C1\"}]},{\"criterion\":${RC[1]},\"score\":7},{\"criterion\":${RC[2]},\"score\":4}]}"
assert_status 200 "reviewer scores with evidence (a model, the commune's case statistics)"
jtrue "sorted(e['kind'] for e in d['evidence']) == ['cases', 'model']" "the evidence is listed"
CASES=$(sql "SELECT COALESCE(SUM(g.received), 0), COALESCE(SUM(g.decided), 0), COALESCE(SUM(g.decided_on_time), 0)
	FROM case_area_agg g JOIN area a ON a.id = g.area_id WHERE a.code = ? AND g.month >= ? AND g.month <= ?" "$C1" "$YEAR-01" "$YEAR-12")
note "cases of $C1 in $YEAR (received, settled, on time): $CASES"
assert_eq "$CASES" "$(jpy "'\t'.join(str(e['cases'][k]) for e in d['evidence'] if e['kind'] == 'cases' for k in ('received', 'settled', 'settled_on_time'))")" "the case evidence sums the commune's case aggregates over the round's period"
score $PC2 review 9 5 4
score $PC3 review 6 9 5
score $PA1 review 7.5 8 3
score $PA2 review 6 6 ""
assert_status 200 "reviewer scores for every participant (one criterion left out for the last)"

# check_round MISSING_PA2: compare participants and rankings with totals and ranks computed here
REVIEW_SCORES="{\"$PC1\": [8, 7, 4], \"$PC2\": [9, 5, 4], \"$PC3\": [6, 9, 5], \"$PA1\": [7.5, 8, 3], \"$PA2\": [6, 6, null]}"
PEER_GROUPS="{\"$PC1\": \"peoples-committee@commune\", \"$PC2\": \"peoples-committee@commune\", \"$PC3\": \"peoples-committee@commune\", \"$PA1\": \"party-committee@commune\", \"$PA2\": \"party-committee@commune\"}"
check_round() {
	python3 - "$T/body" "$REVIEW_SCORES" "$PEER_GROUPS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
scores = {int(k): v for k, v in json.loads(sys.argv[2]).items()}
groups = {int(k): v for k, v in json.loads(sys.argv[3]).items()}
weights, maxs = [2, 1, 1], [10, 10, 5]
mx = sum(w * m for w, m in zip(weights, maxs))
uid = lambda u: u.get("id") if isinstance(u, dict) else u
# expected: totals by hand, competition ranking within each peer group
exp = {}
for u, s in scores.items():
    complete = all(x is not None for x in s)
    total = sum(w * x for w, x in zip(weights, s) if x is not None)
    exp[u] = {"total": total, "complete": complete, "group": groups[u]}
for u, e in exp.items():
    if not e["complete"]:
        e["rank"] = None
        continue
    better = [v for v in exp.values() if v["group"] == e["group"] and v["complete"] and v["total"] > e["total"] + 1e-9]
    e["rank"] = 1 + len(better)
errs = []
parts = {uid(p["unit"]): p for p in d.get("participants", [])}
for u, e in exp.items():
    p = parts.get(u)
    if p is None:
        errs.append("participant %d missing" % u); continue
    r = p.get("review") or {}
    if abs(float(r.get("total", -1)) - e["total"]) > 1e-6:
        errs.append("unit %d: review.total %s, expected %s" % (u, r.get("total"), e["total"]))
    if r.get("percent") is None or abs(float(r["percent"]) - e["total"] * 100.0 / mx) > 0.051:
        errs.append("unit %d: review.percent %s, expected %.3f" % (u, r.get("percent"), e["total"] * 100.0 / mx))
    if bool(r.get("complete")) != e["complete"]:
        errs.append("unit %d: review.complete %s, expected %s" % (u, r.get("complete"), e["complete"]))
    if p.get("rank", "absent") != e["rank"]:
        errs.append("unit %d: rank %s, expected %s" % (u, p.get("rank", "absent"), e["rank"]))
    size = sum(1 for v in exp.values() if v["group"] == e["group"])
    if p.get("group_size") != size:
        errs.append("unit %d: group_size %s, expected %d" % (u, p.get("group_size"), size))
rk = {g["peer_group"]: g["items"] for g in d.get("rankings", [])}
for g in sorted(set(groups.values())):
    if g not in rk:
        errs.append("rankings lack %s" % g); continue
    got = {uid(i["unit"]): i for i in rk[g]}
    for u, e in exp.items():
        if e["group"] != g:
            if u in got:
                errs.append("rankings of %s list unit %d of another group" % (g, u))
            continue
        i = got.get(u)
        if i is None:
            if e["rank"] is not None:
                errs.append("rankings of %s lack ranked unit %d" % (g, u))
            continue
        if i.get("rank") != e["rank"] and not (e["rank"] is None and i.get("rank") == 0):
            errs.append("rankings of %s: unit %d rank %s, expected %s" % (g, u, i.get("rank"), e["rank"]))
        if e["rank"] is not None and abs(float(i.get("total", -1)) - e["total"]) > 1e-6:
            errs.append("rankings of %s: unit %d total %s, expected %s" % (g, u, i.get("total"), e["total"]))
    ranked = [i.get("rank") for i in rk[g] if i.get("rank") is not None]
    if ranked != sorted(ranked):
        errs.append("rankings of %s not in rank order: %s" % (g, ranked))
print("; ".join(errs) if errs else "OK")
PY
}
aget "/api/v1/campaigns/$CAMP"
assert_status 200 "GET /api/v1/campaigns/$CAMP"
assert_eq OK "$(check_round)" "review totals (sum of weight x score) and ranks 1, 1, 3 / 1, unranked, as computed by hand"
jtrue "$PART[$PC1]['rank'] == 1 and $PART[$PC2]['rank'] == 1 and $PART[$PC3]['rank'] == 3" "a tie shares rank 1 and the next rank skips to 3"
jtrue "$PART[$PA2]['rank'] is None and $PART[$PA2]['review']['complete'] is False" "a participant missing a reviewer score is unranked (rank null)"
jtrue "near($PART[$PA1]['review']['total'], 26)" "half points count: 2x7.5 + 8 + 3 = 26"
as bb.c1.canbo
aget "/api/v1/campaigns/$CAMP"
assert_status 200 "a participant's officer reads the round"
as bb.ngoai
aget "/api/v1/campaigns/$CAMP"
assert_problem 404 "" "another province does not see the round"
aget "/api/v1/campaigns?q=bb1900"
assert_json total 0 "nor finds it"

# reviews
as bb.c1.canbo
DG=$(emu_digest)
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"preliminary"}'
refused 403 "an officer makes no review"
as bb.bdvtinh
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"final"}'
refused 409 "final straight from open is refused"
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"preliminary","note":"Sơ kết"}'
assert_status 200 "the preliminary review"
assert_json status preliminary "status preliminary"
jtrue "[r['stage'] for r in d['reviews']] == ['preliminary']" "the review is kept"
as bb.c1.canbo
DG=$(emu_digest)
score $PC1 self 10 10 5
refused 409 "self-scores only while the round is open"
as bb.bdvtinh
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"final","note":"Tổng kết"}'
refused 409 "final while a participant lacks a reviewer score"
score $PA2 review "" "" 2
assert_status 200 "the reviewer corrects during the preliminary stage"
REVIEW_SCORES=${REVIEW_SCORES/\[6, 6, null\]/[6, 6, 2]}
assert_eq OK "$(check_round)" "after the missing score: totals and ranks as computed by hand (party committees 1, 2)"
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"final","note":"Tổng kết"}'
assert_status 200 "the final review"
assert_json status final "status final"
assert_eq OK "$(check_round)" "the final answer's totals and ranks"
jtrue "sorted(r['stage'] for r in d['reviews']) == ['final', 'preliminary']" "both reviews are kept"
jtrue "[i.get('rank') for r in d['reviews'] if r['stage'] == 'preliminary' for i in flat_rank(r['ranking']) if uid(i.get('unit')) == $PA2] in ([], [None], [0])" "the preliminary review kept the ranking it saw (the last participant unranked)"
jtrue "[i.get('rank') for r in d['reviews'] if r['stage'] == 'final' for i in flat_rank(r['ranking']) if uid(i.get('unit')) == $PA2] == [2]" "the final review keeps the final ranking (rank 2)"
DG=$(emu_digest)
score $PC3 review 10 10 5
refused 409 "after the final review the scores are locked"
apost "/api/v1/campaigns/$CAMP/review" '{"stage":"final"}'
refused 409 "a second final review"
apost "/api/v1/campaigns/$CAMP/participants" "{\"units\":[$C3_PC]}"
refused "409" "no participant joins a final round"

# ================================================================ commendation
as bb.c1.canbo
aget /api/v1/award-forms
assert_status 200 "GET /api/v1/award-forms"
FORMS="{f['code']: f for f in items(d)}"
jtrue "len($FORMS) == 21" "the 21 forms of RULES.md"
jtrue "all(f.get('grantors') for f in items(d))" "each form with its grantors"
jtrue "any('peoples-committee' in json.dumps(g) and ('2' in json.dumps(g) or 'commune' in json.dumps(g)) for g in $FORMS['grassroots_emulation_soldier']['grantors'])" "grassroots emulation soldier: granted by a commune people's committee"
jtrue "'grassroots_emulation_soldier' in json.dumps($FORMS['province_emulation_soldier'], ensure_ascii=False)" "the province title says it needs the grassroots title"
jtrue "'person' in json.dumps($FORMS['province_emulation_soldier']['recipients'])" "and goes to persons"

# propose FORM NAME YEAR ACHIEVEMENT INITIATIVE: a person of the commune people's committee
propose() {
	apost /api/v1/awards "{\"form\":\"$1\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"$2\",\"year\":$3,
		\"achievement\":\"$4\",\"reason\":\"Thành tích trong công tác dân vận\",\"initiative\":\"$5\"}"
}
# decide ID DECISION [EXTRA]: a decision with number and date
decide() {
	apost "/api/v1/awards/$1/decision" "{\"decision\":\"$2\",\"decision_no\":\"$RANDOM/QĐ\",\"decision_on\":\"$YEAR-11-2${3:-0}\"${4:-}}"
}
# (a) a province title without three grassroots titles
propose province_emulation_soldier "Trần Văn Xuân" "$YEAR" "Mô hình bếp ăn BB1900" province
must 201 "POST /api/v1/awards: a province emulation soldier proposal"
AX=$(json id)
assert_json status proposed "a proposal is proposed"
jtrue "'needs_titles' in codes(d['warnings'])" "without 3 consecutive grassroots titles: warning needs_titles"
jtrue "'needs_initiative' not in codes(d['warnings'])" "the province initiative is enough"
# (c) a national title without a nationwide initiative
propose national_emulation_soldier "Đỗ Văn Vinh" "$YEAR" "Sáng kiến dân vận BB1900" province
must 201 "a national emulation soldier proposal with a province initiative"
AV=$(json id)
jtrue "'needs_initiative' in codes(d['warnings'])" "warning needs_initiative"
apost /api/v1/awards/check "{\"form\":\"national_emulation_soldier\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"Đỗ Văn Vinh\",\"year\":$Y1,\"achievement\":\"Khác BB1900\",\"initiative\":\"national\"}"
assert_status 200 "POST /api/v1/awards/check"
jtrue "'needs_initiative' not in codes(d['warnings'])" "a nationwide initiative satisfies the rule"
# (b) one achievement, one award (compared without diacritics or case)
propose letter_of_commendation "Lê Thị Yến" "$YEAR" "Hoàn thành xuất sắc nhiệm vụ dân vận BB1900" ""
must 201 "a letter of commendation"
AY1=$(json id)
jtrue "codes(d['warnings']) == []" "the first proposal breaks no rule"
propose certificate_of_merit "Lê Thị Yến" "$YEAR" "HOAN THANH XUAT SAC nhiem vu dan van bb1900" ""
must 201 "a certificate of merit for the same achievement written without diacritics"
AY2=$(json id)
jtrue "'one_achievement' in codes(d['warnings'])" "warning one_achievement"
# a person with three approved consecutive grassroots titles
Z="Phạm Thị Dung"
ZS=()
for y in $Y3 $Y2 $Y1; do
	as bb.c1.canbo
	propose grassroots_emulation_soldier "$Z" "$y" "Chiến sĩ thi đua cơ sở năm $y BB1900" grassroots
	must 201 "a grassroots title for $y"
	jtrue "codes(d['warnings']) == []" "the grassroots title of $y breaks no rule"
	id=$(json id)
	ZS+=("$id")
	as bb.c1.ubnd
	decide "$id" approved
	assert_status 200 "the commune people's committee approves the grassroots title of $y"
	assert_json status approved "approved"
done
# and one whose middle title was never approved
W="Vũ Văn Hải"
for y in $Y3 $Y2 $Y1; do
	as bb.c1.canbo
	propose grassroots_emulation_soldier "$W" "$y" "Chiến sĩ thi đua cơ sở năm $y BB1900" grassroots
	id=$(json id)
	as bb.c1.ubnd
	[ "$y" = "$Y2" ] || { decide "$id" approved; assert_status 200 "approve $W's title of $y"; }
done
as bb.c1.canbo
apost /api/v1/awards/check "{\"form\":\"province_emulation_soldier\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"$W\",\"year\":$YEAR,\"achievement\":\"Tỉnh BB1900\",\"initiative\":\"province\"}"
assert_status 200 "check a province title over a gap"
jtrue "'needs_titles' in codes(d['warnings'])" "a title only proposed does not count: needs_titles"
DG=$(emu_digest)
apost /api/v1/awards/check "{\"form\":\"province_emulation_soldier\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"$Z\",\"year\":$YEAR,\"achievement\":\"Chiến sĩ thi đua thành phố BB1900\",\"initiative\":\"province\"}"
assert_status 200 "check a province title after three grassroots titles"
jtrue "codes(d['warnings']) == []" "three consecutive approved grassroots titles: no warning"
assert_eq "$DG" "$(emu_digest)" "a check writes nothing"
propose province_emulation_soldier "$Z" "$YEAR" "Chiến sĩ thi đua thành phố BB1900" province
must 201 "the province title proposed"
AZ=$(json id)
jtrue "'needs_titles' not in codes(d['warnings'])" "no needs_titles warning"
aget "/api/v1/awards/$AZ"
assert_status 200 "GET /api/v1/awards/$AZ"
jtrue "sorted(h['id'] for h in d['history']) == sorted([${ZS[0]}, ${ZS[1]}, ${ZS[2]}])" "the award's page shows the recipient's three titles"
assert_json can_decide false "an officer cannot decide"
aget "/api/v1/awards?recipient_kind=person&unit=$C1_PC&person_name=$(urlenc "$Z")"
assert_status 200 "GET /api/v1/awards: one person's history"
jtrue "sorted(i['id'] for i in items(d)) == sorted([${ZS[0]}, ${ZS[1]}, ${ZS[2]}, $AZ]) and d['total'] == 4" "the person's four proposals and awards"
aget "/api/v1/awards?recipient_kind=person&unit=$C1_PC&person_name=pham+thi+DUNG"
jtrue "sorted(i['id'] for i in items(d)) == sorted([${ZS[0]}, ${ZS[1]}, ${ZS[2]}, $AZ])" "the history by the name without diacritics"
# a model recipient
apost /api/v1/awards "{\"form\":\"certificate_of_merit\",\"recipient_kind\":\"model\",\"model\":$M,\"year\":$YEAR,\"achievement\":\"Mô hình tiêu biểu BB1900\",\"initiative\":\"\"}"
must 201 "a certificate of merit for the model"
AM=$(json id)
aget "/api/v1/models/$M"
jtrue "$AM in [a['id'] for a in d['awards']]" "the model's page lists its award"

# decisions: entitlement, warnings, twice
as bb.c1.ubnd
DG=$(emu_digest)
aget "/api/v1/awards/$AY2"
assert_json can_decide false "a commune people's committee may not grant a certificate of merit"
decide "$AY2" approved 1 ',"acknowledge_warnings":true'
refused 403 "a commune people's committee deciding a certificate of merit"
aget "/api/v1/awards/$AY2"
assert_json status proposed "the award stays proposed"
assert_eq proposed "$(sql "SELECT status FROM award WHERE id = ?" "$AY2")" "proposed in the database"
as bb.ubndtinh
aget "/api/v1/awards/$AY2"
assert_json can_decide true "the province people's committee may"
jtrue "'one_achievement' in codes(d['warnings'])" "the warning is shown with the award"
decide "$AY2" approved 2
refused 409 "approving a flagged proposal without acknowledge_warnings"
decide "$AY2" approved 2 ',"acknowledge_warnings":true,"note":"Đã xem xét"'
assert_status 200 "approving with acknowledge_warnings"
assert_json status approved "approved"
jtrue "d['decision'] and d['decision']['no'] and d['decision']['on'] == '$YEAR-11-22'" "the decision's number and date"
assert_eq approved "$(sql "SELECT status FROM award WHERE id = ?" "$AY2")" "approved in the database"
DG=$(emu_digest)
decide "$AY2" rejected 3
refused 409 "deciding twice"
decide "$AX" rejected 3
assert_status 200 "the province rejects the province title without grassroots titles"
assert_json status rejected "rejected"
as bb.c1.ubnd
DG=$(emu_digest)
decide "$AY1" approved 4
refused 409 "the first proposal now breaks the rule (the same achievement was awarded): not approved without acknowledgement"
decide "$AY1" rejected 4
assert_status 200 "the commune rejects the letter of commendation"
assert_json status rejected "rejected"
# at the decision only awards and earlier proposals count: the first of two can be approved
as bb.c1.canbo
propose letter_of_commendation "Hoàng Văn Nam" "$YEAR" "Giữ gìn an ninh trật tự BB1900" ""
must 201 "a letter of commendation for Hoàng Văn Nam"
AN1=$(json id)
propose advanced_worker "Hoàng Văn Nam" "$YEAR" "giu gin an ninh trat tu bb1900" ""
must 201 "an advanced worker title for the same achievement"
AN2=$(json id)
jtrue "'one_achievement' in codes(d['warnings'])" "the second proposal is flagged"
as bb.c1.ubnd
decide "$AN1" approved 5
assert_status 200 "the first of the two is approved without acknowledgement (the later proposal does not count)"
assert_json status approved "approved"
DG=$(emu_digest)
decide "$AN2" approved 5
refused 409 "the second, now that the first is an award, needs acknowledgement"
as bb.c1.canbo
aget "/api/v1/awards?recipient_kind=person&unit=$C1_PC&person_name=$(urlenc "Lê Thị Yến")"
jtrue "sorted((i['id'], i['status']) for i in items(d)) == sorted([($AY1, 'rejected'), ($AY2, 'approved')])" "Lê Thị Yến's history: one rejected, one approved"
as bb.ngoai
aget "/api/v1/awards/$AZ"
assert_problem 404 "" "another province does not see the award"
aget "/api/v1/awards?q=bb1900"
assert_json total 0 "nor finds any"

# ================================================================ bad input changes nothing
# a fresh model, implementing, with a passing evaluation: only the bad field can be wrong
as bb.c1.canbo
apost /api/v1/models "{\"kind\":\"exemplar\",\"field\":\"party_building\",\"name\":\"Điển hình BB1900 phường $C1\",\"owner_unit\":$C1_PC,
	\"area\":\"$C1\",\"launch_unit\":$C1_MM,\"start_on\":\"$YEAR-02-01\"}"
must 201 "an exemplar for the bad input"
M4=$(json id)
apost "/api/v1/models/$M4/status" '{"action":"implementing"}'
must 200 "the exemplar is implementing"
as bb.c1.dang
apost "/api/v1/models/$M4/evaluations" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":10},{\"criterion\":${S1C[1]},\"score\":10},{\"criterion\":${S1C[2]},\"score\":10}]}"
must 200 "the exemplar evaluated (100 %)"
apost /api/v1/criteria-sets "{\"unit\":$C1_PARTY,\"purpose\":\"round\",\"name\":\"Thi đua phường BB1900\",\"criteria\":[{\"name\":\"Một\",\"weight\":1,\"max_score\":10}]}"
must 201 "a round set of the commune (usable by its evaluators, but not for models)"
S1R=$(json id)
aget "/api/v1/criteria-sets/$S1R"
S1RC=$(json criteria.0.id)
DG=$(emu_digest)
ROWS0=$(emu_rows)
# criteria sets
as bb.c1.dang
CR='{"name":"Một","weight":1,"max_score":10}'
CS="\"unit\":$C1_PARTY,\"purpose\":\"model\",\"name\":\"Bộ BB1900 sai\""
bad POST /api/v1/criteria-sets "{\"unit\":$C1_PARTY,\"purpose\":\"model\",\"criteria\":[$CR]}" name "a set without a name"
bad POST /api/v1/criteria-sets "{\"unit\":$C1_PARTY,\"name\":\"x\",\"criteria\":[$CR]}" purpose "a set without a purpose"
bad POST /api/v1/criteria-sets "{\"unit\":$C1_PARTY,\"purpose\":\"everything\",\"name\":\"x\",\"criteria\":[$CR]}" purpose "an unknown purpose"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[]}" criteria "an empty criteria list"
bad POST /api/v1/criteria-sets "{$CS}" criteria "no criteria"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"name\":\"x\",\"weight\":0,\"max_score\":10}]}" weight "weight 0"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"name\":\"x\",\"weight\":-1,\"max_score\":10}]}" weight "a negative weight"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"name\":\"x\",\"weight\":\"2\",\"max_score\":10}]}" weight "a weight as a string"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"name\":\"x\",\"weight\":1,\"max_score\":0}]}" max_score "max_score 0"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"weight\":1,\"max_score\":10}]}" name "a criterion without a name"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[{\"name\":\"x\",\"weight\":1,\"max_score\":10,\"colour\":\"red\"}]}" colour "an unknown field of a criterion"
bad POST /api/v1/criteria-sets "{$CS,\"pass_percent\":150,\"criteria\":[$CR]}" pass_percent "a pass mark above 100"
bad POST /api/v1/criteria-sets "{$CS,\"pass_percent\":\"60\",\"criteria\":[$CR]}" pass_percent "a pass mark as a string"
bad POST /api/v1/criteria-sets "{\"unit\":\"$C1_PARTY\",\"purpose\":\"model\",\"name\":\"x\",\"criteria\":[$CR]}" unit "a unit id as a string"
bad POST /api/v1/criteria-sets "{\"unit\":$C2_PARTY,\"purpose\":\"model\",\"name\":\"x\",\"criteria\":[$CR]}" unit "a unit outside the caller's subtree"
bad POST /api/v1/criteria-sets "{\"unit\":99999999,\"purpose\":\"model\",\"name\":\"x\",\"criteria\":[$CR]}" unit "an unknown unit"
bad POST /api/v1/criteria-sets "{$CS,\"criteria\":[$CR],\"ethnicity\":\"Kinh\"}" ethnicity "an unknown field"
bad POST "/api/v1/criteria-sets/$S1/active" '{"active":"no"}' active "active as a string"
bad POST "/api/v1/criteria-sets/$S1/active" '{}' active "active missing"
apost /api/v1/criteria-sets/99999999/active '{"active":false}'
refused 404 "an unknown set"

# models
as bb.c1.canbo
MG="\"kind\":\"model\",\"field\":\"economy\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\""
bad POST /api/v1/models "{$MG}" name "a model without a name"
bad POST /api/v1/models "{$MG,\"name\":\"\"}" name "an empty name"
bad POST /api/v1/models "{\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\"}" kind "a model without a kind"
bad POST /api/v1/models "{\"kind\":\"hero\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\"}" kind "an unknown kind"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"sports\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\"}" field "an unknown field of work"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"00000x\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\"}" area "an unknown area"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"start_on\":\"$YEAR-02-01\"}" launch_unit "no launching unit"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C2_PARTY,\"start_on\":\"$YEAR-02-01\"}" launch_unit "a launching unit whose area does not contain the model's"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C2_PC,\"area\":\"$C2\",\"launch_unit\":$C2_PARTY,\"start_on\":\"$YEAR-02-01\"}" owner_unit "an owner outside the caller's subtree"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":\"$C1_PC\",\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-01\"}" owner_unit "an owner id as a string"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-02-30\"}" start_on "an impossible date"
bad POST /api/v1/models "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"owner_unit\":$C1_PC,\"area\":\"$C1\",\"launch_unit\":$C1_PARTY,\"start_on\":\"$YEAR-2-1x\"}" start_on "a malformed date"
bad POST /api/v1/models "{$MG,\"name\":\"x\",\"origin\":99999999}" origin "an unknown origin"
bad POST /api/v1/models "{$MG,\"name\":\"x\",\"origin\":$R3}" origin "a withdrawn origin"
bad POST /api/v1/models "{$MG,\"name\":\"x\",\"origin\":\"$M\"}" origin "an origin as a string"
bad POST /api/v1/models "{$MG,\"name\":\"x\",\"ethnicity\":\"Kinh\"}" ethnicity "an unknown field"
MP="\"kind\":\"exemplar\",\"field\":\"party_building\",\"area\":\"$C1\",\"start_on\":\"$YEAR-02-01\""
bad PUT "/api/v1/models/$M4" "{$MP,\"name\":\"\"}" name "PUT: an empty name"
bad PUT "/api/v1/models/$M4" "{\"kind\":\"model\",\"field\":\"magic\",\"name\":\"x\",\"area\":\"$C1\",\"start_on\":\"$YEAR-01-15\"}" field "PUT: an unknown field of work"
bad PUT "/api/v1/models/$M4" "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"area\":\"$C1\",\"start_on\":\"$YEAR-13-01\"}" start_on "PUT: month 13"
bad PUT "/api/v1/models/$M4" "{\"kind\":\"model\",\"field\":\"economy\",\"name\":\"x\",\"area\":\"99999x\",\"start_on\":\"$YEAR-01-15\"}" area "PUT: an unknown area"
bad PUT "/api/v1/models/$M4" "{$MP,\"name\":\"x\",\"ethnicity\":\"Kinh\"}" ethnicity "PUT: an unknown field"
aput /api/v1/models/99999999 "{$MP,\"name\":\"x\"}"
refused 404 "PUT: an unknown model"
as bb.c2.canbo
aput "/api/v1/models/$M4" "{$MP,\"name\":\"x\"}"
refused 404 "PUT: a model outside the caller's scope"
as bb.c1.canbo
bad POST "/api/v1/models/$M4/activities" '{"activity":99999999}' activity "linking an unknown activity"
bad POST "/api/v1/models/$M4/activities" "{\"activity\":\"$A0\"}" activity "an activity id as a string"
bad POST "/api/v1/models/$M4/activities" '{}' activity "no activity"
req POST "/api/v1/models/$M4/photos" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: image/png' --data-binary "<svg onload=alert(1)>"
refused 400 "a photo that is not an image"
# evaluations (the first evaluator of the commune) and steps
as bb.c1.dang
EVB="/api/v1/models/$M4/evaluations"
bad POST "$EVB" "{\"scores\":[{\"criterion\":${S1C[0]},\"score\":5}]}" criteria_set "an evaluation without a set"
bad POST "$EVB" "{\"criteria_set\":99999999,\"scores\":[{\"criterion\":${S1C[0]},\"score\":5}]}" criteria_set "an unknown set"
bad POST "$EVB" "{\"criteria_set\":$S1R,\"scores\":[{\"criterion\":$S1RC,\"score\":5}]}" "criteria_set|purpose" "a round set (of the evaluator's unit) used for a model"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":11}]}" score "a score above max_score"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":-1}]}" score "a negative score"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":\"8\"}]}" score "a score as a string"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S2C[0]},\"score\":5}]}" criterion "a criterion of another set"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"score\":5}]}" criterion "a score without its criterion"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[]}" scores "no scores"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":\"all tens\"}" scores "scores not a list"
bad POST "$EVB" "{\"criteria_set\":$S1,\"scores\":[{\"criterion\":${S1C[0]},\"score\":5}],\"weight\":3}" weight "an unknown field"
bad POST "/api/v1/models/$M4/status" '{"action":"promote"}' action "an unknown action"
bad POST "/api/v1/models/$M4/status" '{}' action "no action"
bad POST "/api/v1/models/$M4/status" "{\"action\":\"recognise\",\"level\":\"galaxy\",\"criteria_set\":$S1,\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}" level "an unknown level"
bad POST "/api/v1/models/$M4/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_no\":\"1\",\"decision_on\":\"$YEAR-02-30\"}" decision_on "an impossible decision date"
bad POST "/api/v1/models/$M4/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":$S1,\"decision_on\":\"$YEAR-11-20\"}" decision_no "a recognition without a decision number"
bad POST "/api/v1/models/$M4/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}" criteria_set "a recognition without the set evaluated"
bad POST "/api/v1/models/$M4/status" "{\"action\":\"recognise\",\"level\":\"commune\",\"criteria_set\":\"$S1\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}" criteria_set "a set id as a string"
as bb.c1.canbo
bad POST "/api/v1/models/$M4/status" '{"action":"withdraw"}' reason "a withdrawal without a reason"
bad POST "/api/v1/models/$M4/status" '{"action":"withdraw","reason":""}' reason "a withdrawal with an empty reason"
apost /api/v1/models/99999999/status '{"action":"implementing"}'
refused 404 "a step on an unknown model"
# rounds
as bb.bdvtinh
CG="\"launch_unit\":$P_MM,\"name\":\"Vòng BB1900 sai\",\"criteria_set\":$SR"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$Y1-12-31\",\"participants\":[$PC1]}" end_on "an end before the start"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-02-30\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}" start_on "an impossible start"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"cuối năm\",\"participants\":[$PC1]}" end_on "a malformed end date"
bad POST /api/v1/campaigns "{\"launch_unit\":$P_MM,\"criteria_set\":$SR,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}" name "a round without a name"
bad POST /api/v1/campaigns "{\"launch_unit\":$P_MM,\"name\":\"x\",\"criteria_set\":$STMP,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}" "criteria_set|purpose" "a model set (of the launching unit's parent) used for a round"
bad POST /api/v1/campaigns "{\"launch_unit\":$P_MM,\"name\":\"x\",\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}" criteria_set "a round without criteria"
bad POST /api/v1/campaigns "{\"launch_unit\":$P_PC,\"name\":\"x\",\"criteria_set\":$SR,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}" launch_unit "a launching unit outside the caller's subtree"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$O_PC]}" participants "a participant of another province"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[99999999]}" participants "an unknown participant"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":\"$PC1\"}" participants "participants not a list"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[\"$PC1\"]}" participants "a participant id as a string"
bad POST /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1],\"prize\":1}" prize "an unknown field"
assert_eq "$ROWS0" "$(emu_rows)" "the bad models, sets and rounds so far wrote no row"
apost /api/v1/campaigns "{$CG,\"start_on\":\"$YEAR-01-01\",\"end_on\":\"$YEAR-12-31\",\"participants\":[$PC1]}"
must 201 "a second round (open) for the bad scores"
CAMP2=$(json id)
DG=$(emu_digest)
ROWS1=$(emu_rows)
bad POST "/api/v1/campaigns/$CAMP2/participants" "{\"units\":[$O_PC]}" "'units" "joining a unit of another province"
bad POST "/api/v1/campaigns/$CAMP2/participants" '{"units":[99999999]}' "'units" "joining an unknown unit"
bad POST "/api/v1/campaigns/$CAMP2/participants" '{"units":"all"}' "'units" "units not a list"
bad POST "/api/v1/campaigns/$CAMP2/participants" '{}' "'units" "no units"
SC="/api/v1/campaigns/$CAMP2/scores"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"judge\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5}]}" role "an unknown role"
bad POST "$SC" "{\"unit\":$PC1,\"scores\":[{\"criterion\":${RC[0]},\"score\":5}]}" role "no role"
bad POST "$SC" "{\"unit\":$PC2,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5}]}" unit "a unit that does not take part"
bad POST "$SC" "{\"unit\":\"$PC1\",\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5}]}" unit "a unit id as a string"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":10.5}]}" score "a score above max_score 10"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[2]},\"score\":6}]}" score "a score above max_score 5"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":-0.5}]}" score "a negative score"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${S1C[0]},\"score\":5}]}" criterion "a criterion of another set"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[]}" scores "no scores"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5,\"evidence\":[{\"kind\":\"rumour\",\"ref\":\"1\"}]}]}" "evidence|kind" "an unknown kind of evidence"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5,\"evidence\":[{\"kind\":\"activity\",\"ref\":99999999}]}]}" "evidence|activity|ref" "evidence: an unknown activity"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5,\"evidence\":[{\"kind\":\"cases\",\"ref\":\"00000x\"}]}]}" "evidence|area|ref" "evidence: an unknown area"
bad POST "$SC" "{\"unit\":$PC1,\"role\":\"review\",\"scores\":[{\"criterion\":${RC[0]},\"score\":5}],\"bonus\":1}" bonus "an unknown field"
bad POST "/api/v1/campaigns/$CAMP2/review" '{"stage":"semi-final"}' stage "an unknown stage"
bad POST "/api/v1/campaigns/$CAMP2/review" '{}' stage "no stage"
apost /api/v1/campaigns/99999999/review '{"stage":"preliminary"}'
refused 404 "a review of an unknown round"
# commendation
as bb.c1.canbo
AG="\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"Ngô Văn Sai\",\"year\":$YEAR,\"achievement\":\"BB1900 sai\""
for path in /api/v1/awards /api/v1/awards/check; do
	bad POST $path "{$AG,\"form\":\"golden_star\"}" form "$path: an unknown form"
	bad POST $path "{$AG}" form "$path: no form"
	bad POST $path "{\"form\":\"advanced_worker\",\"recipient_kind\":\"alien\",\"unit\":$C1_PC,\"person_name\":\"x\",\"year\":$YEAR,\"achievement\":\"x\"}" recipient_kind "$path: an unknown recipient kind"
	bad POST $path "{$AG,\"form\":\"advanced_worker\",\"initiative\":\"galactic\"}" initiative "$path: an unknown initiative"
	bad POST $path "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"x\",\"year\":\"$YEAR\",\"achievement\":\"x\"}" year "$path: a year as a string"
done
bad POST /api/v1/awards "{\"form\":\"province_emulation_flag\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"x\",\"year\":$YEAR,\"achievement\":\"x\"}" "recipient_kind|form" "a form that does not go to persons"
bad POST /api/v1/awards "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"year\":$YEAR,\"achievement\":\"x\"}" person_name "a person without a name"
bad POST /api/v1/awards "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"x\",\"achievement\":\"x\"}" year "no year"
bad POST /api/v1/awards "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":$C1_PC,\"person_name\":\"x\",\"year\":$YEAR}" achievement "no achievement"
bad POST /api/v1/awards "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":$O_PC,\"person_name\":\"x\",\"year\":$YEAR,\"achievement\":\"x\"}" unit "a person of a unit out of scope"
bad POST /api/v1/awards "{\"form\":\"advanced_worker\",\"recipient_kind\":\"person\",\"unit\":99999999,\"person_name\":\"x\",\"year\":$YEAR,\"achievement\":\"x\"}" unit "a person of an unknown unit"
bad POST /api/v1/awards "{\"form\":\"cultural_village\",\"recipient_kind\":\"area\",\"area\":\"00000x\",\"year\":$YEAR,\"achievement\":\"x\"}" area "an unknown area"
bad POST /api/v1/awards "{\"form\":\"certificate_of_merit\",\"recipient_kind\":\"model\",\"model\":99999999,\"year\":$YEAR,\"achievement\":\"x\"}" model "an unknown model"
bad POST /api/v1/awards "{\"form\":\"certificate_of_merit\",\"recipient_kind\":\"model\",\"model\":$R2,\"year\":$YEAR,\"achievement\":\"x\"}" model "a model out of scope"
bad POST /api/v1/awards "{$AG,\"form\":\"advanced_worker\",\"proposing_unit\":$C2_PC}" proposing_unit "a proposing unit outside the subtree"
bad POST /api/v1/awards "{$AG,\"form\":\"advanced_worker\",\"campaign\":99999999}" campaign "an unknown round"
bad POST /api/v1/awards "{$AG,\"form\":\"advanced_worker\",\"ethnicity\":\"Kinh\"}" ethnicity "an unknown field (never ethnicity)"
as bb.c1.ubnd
W3=$(sql "SELECT id FROM award WHERE recipient_name = ? AND year = ? AND status = 'proposed'" "$W" "$Y2")
[ -n "$W3" ] || bail "no pending proposal for $W $Y2"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"maybe\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}" decision "an unknown decision"
bad POST "/api/v1/awards/$W3/decision" "{\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}" decision "no decision"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"rejected\",\"decision_on\":\"$YEAR-11-20\"}" decision_no "a rejection without a decision number"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":\"1\"}" decision_on "an approval without a decision date"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":1,\"decision_on\":\"$YEAR-11-20\"}" decision_no "a decision number as a number"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-02-30\"}" decision_on "an impossible decision date"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\",\"acknowledge_warnings\":\"yes\"}" acknowledge_warnings "acknowledge_warnings as a string"
bad POST "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\",\"signature\":\"x\"}" signature "an unknown field"
apost /api/v1/awards/99999999/decision "{\"decision\":\"approved\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}"
refused 404 "a decision on an unknown award"
as bb.ngoai
apost "/api/v1/awards/$W3/decision" "{\"decision\":\"approved\",\"decision_no\":\"1\",\"decision_on\":\"$YEAR-11-20\"}"
refused "403|404" "another province's officer decides nothing"
assert_eq proposed "$(sql "SELECT status FROM award WHERE id = ?" "$W3")" "the pending title is still proposed"
assert_eq "$DG" "$(emu_digest)" "after all the bad input: the emulation tables are unchanged"
assert_eq "$ROWS1" "$(emu_rows)" "after all the bad input: no row more in any emulation table"

done_testing
