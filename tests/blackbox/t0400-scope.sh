#!/bin/bash
# t0400-scope: what a user sees is their unit's subtree and its areas; anything else is 404
# (never 403), by page and by API, indistinguishable from an id that does not exist.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user HN officer 2 01
pick_user HCM officer 2 79
pick_user HNLEAD leader 1 01
pick_user ADMIN administrator 0 ""
hn_unit=$(unit_of "$HN")
hcm_unit=$(unit_of "$HCM")
hn_commune=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$hn_unit")
hcm_commune=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$hcm_unit")
note "HN unit $hn_unit (area $hn_commune), HCM unit $hcm_unit (area $hcm_commune)"
missing=987654321

# --- the commune officer of 79, by API
token_for "$HCM"
HCM_TOKEN=$TOKEN
aget "/api/v1/units/$hcm_unit"
assert_status 200 "79 officer: own unit by API"
aget "/api/v1/units/$hn_unit"
assert_problem 404 not-found "79 officer: a Hà Nội unit by API"
cp "$T/body" "$T/oos.json"
aget "/api/v1/units/$missing"
assert_problem 404 not-found "79 officer: a unit that does not exist by API"
a=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("title"), d.get("code"), d.get("type"))' "$T/oos.json")
b=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("title"), d.get("code"), d.get("type"))' "$T/body")
assert_eq "$b" "$a" "out of scope and nonexistent look the same"
aget "/api/v1/areas/01"
assert_problem 404 not-found "79 officer: Hà Nội (01) by API"
aget "/api/v1/areas/$hn_commune"
assert_problem 404 not-found "79 officer: a Hà Nội commune by API"
aget "/api/v1/areas/$hcm_commune"
assert_status 200 "79 officer: own commune by API"
aget "/api/v1/areas?q=ha%20noi"
assert_status 200 "79 officer: search 'ha noi'"
assert_not_contains '"Hà Nội"' "79 officer: search 'ha noi' finds nothing of Hà Nội"
aget "/api/v1/units?limit=500"
assert_status 200 "79 officer: unit list"
python3 - "$T/body" "$hn_unit" <<'PY' && ok "79 officer: the unit list holds no Hà Nội unit" || not_ok "79 officer: the unit list shows Hà Nội unit $2"
import json, sys
ids = set()
def walk(v):
    if isinstance(v, dict):
        if isinstance(v.get("id"), int): ids.add(v["id"])
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(json.load(open(sys.argv[1])))
sys.exit(1 if int(sys.argv[2]) in ids else 0)
PY

# --- the commune officer of 79, by page
login "$HCM"
sget "/units/$hcm_unit"
assert_status 200 "79 officer: own unit page"
sget "/units/$hn_unit"
assert_status 404 "79 officer: a Hà Nội unit page"
assert_header Content-Type '^text/html' "79 officer: a Hà Nội unit page"
sget "/units/$hn_unit/edit"
assert_status_in "403 404" "79 officer: a Hà Nội unit's edit page"
sget "/areas/01"
assert_status 404 "79 officer: the Hà Nội area page"
sget "/areas/$hn_commune"
assert_status 404 "79 officer: a Hà Nội commune page"
sget "/areas?q=ha+noi"
assert_status 200 "79 officer: area search page 'ha noi'"
assert_not_contains "/areas/01\"" "79 officer: area search page shows no link to Hà Nội"
sget /
assert_status 200 "79 officer: home"

# --- the Hà Nội leader sees Hà Nội, not 79
token_for "$HNLEAD"
aget "/api/v1/areas/01"
assert_status 200 "Hà Nội leader: area 01"
assert_contains "Hà Nội" "Hà Nội leader: area 01"
aget "/api/v1/areas/79"
assert_problem 404 not-found "Hà Nội leader: area 79"
aget "/api/v1/areas/$hcm_commune"
assert_problem 404 not-found "Hà Nội leader: a commune of 79"
aget "/api/v1/units/$hn_unit"
assert_status 200 "Hà Nội leader: a Hà Nội commune unit below"
aget "/api/v1/units/$hcm_unit"
assert_problem 404 not-found "Hà Nội leader: a unit of 79"
aget "/api/v1/areas?q=ha%20noi"
assert_contains "Hà Nội" "Hà Nội leader: search 'ha noi' finds Hà Nội"
login "$HNLEAD"
sget "/units/$hn_unit"
assert_status 200 "Hà Nội leader: Hà Nội unit page"
sget "/units/$hcm_unit"
assert_status 404 "Hà Nội leader: unit page of 79"
sget "/areas/79"
assert_status 404 "Hà Nội leader: area page 79"

# --- the HN commune officer cannot look up (only down)
token_for "$HN"
parent=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$hn_unit")
aget "/api/v1/units/$parent"
assert_problem 404 not-found "Hà Nội commune officer: the parent unit"
aget "/api/v1/areas/01"
assert_problem 404 not-found "Hà Nội commune officer: the province above"

# --- the administrator sees both
token_for "$ADMIN"
for u in "$hn_unit" "$hcm_unit"; do
	aget "/api/v1/units/$u"
	assert_status 200 "administrator: unit $u"
done
for c in 01 79 "$hn_commune" "$hcm_commune"; do
	aget "/api/v1/areas/$c"
	assert_status 200 "administrator: area $c"
done

# --- the home page counts what the user can see, and only that
# has_count N LABEL: the page shows N (plain or with thousands separators) as a figure
has_count() {
	local n=$1 g
	g=$(printf '%s' "$n" | rev | sed -E 's/([0-9]{3})/\1,/g; s/,$//' | rev | sed 's/,/[.,  ]/g')
	if grep -qE ">[[:space:]]*($n|$g)[[:space:]]*<" "$T/body"; then ok "$2 shows $n"; else not_ok "$2 does not show $n"; fi
}
for who in "$HCM" "$HNLEAD" "$ADMIN"; do
	login "$who"
	sget /
	u=$(unit_of "$who")
	n_units=$(sql "SELECT count(*) FROM unit_closure WHERE ancestor = ?" "$u")
	has_count "$n_units" "home of $who: units in scope"
done
login "$HCM"
sget /
n_all=$(sql "SELECT count(*) FROM unit")
if grep -qE ">[[:space:]]*$n_all[[:space:]]*<" "$T/body"; then not_ok "home of $HCM shows the national unit count $n_all"; else ok "home of $HCM does not show the national unit count $n_all"; fi

done_testing
