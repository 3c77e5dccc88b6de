#!/bin/bash
# t0500-api: /api/v1 with bearer tokens: me, areas (diacritic-insensitive search), units,
# creating a unit, and the 400s for malformed JSON, unknown fields and wrong types.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user ADMIN administrator 0 ""
pick_user OFFICER officer 2 79
token_for "$ADMIN"
ADMIN_TOKEN=$TOKEN

# --- authentication
get /api/v1/me
assert_problem 401 unauthorized "GET /api/v1/me without credentials"
get /api/v1/me -H "Authorization: Bearer not-a-real-token"
assert_problem 401 unauthorized "GET /api/v1/me with a made-up token"
get /api/v1/me -H "Authorization: Basic YWRtaW46YWRtaW4="
assert_problem 401 unauthorized "GET /api/v1/me with Basic auth"
aget /api/v1/me
assert_status 200 "GET /api/v1/me"
assert_header Content-Type '^application/json' "GET /api/v1/me"
assert_json login "$ADMIN" "GET /api/v1/me"
assert_json role administrator "GET /api/v1/me"

# --- areas
aget "/api/v1/areas?q=ha%20noi"
assert_status 200 "search 'ha noi'"
assert_contains '"Hà Nội"' "search 'ha noi' finds Hà Nội"
aget "/api/v1/areas?q=H%C3%80%20N%E1%BB%98I"
assert_contains '"Hà Nội"' "search 'HÀ NỘI' finds Hà Nội"
aget "/api/v1/areas?q=ho%20chi%20minh"
assert_contains "Hồ Chí Minh" "search 'ho chi minh'"
aget "/api/v1/areas?q=ba%20dinh"
assert_contains "Ba Đình" "search 'ba dinh' finds Ba Đình"
aget "/api/v1/areas?q=zzzqqqxxx"
assert_status 200 "search for nothing"
assert_not_contains "Hà Nội" "search for nothing finds nothing"
aget /api/v1/areas/01
assert_status 200 "GET /api/v1/areas/01"
assert_json code 01 "GET /api/v1/areas/01"
assert_json name "Hà Nội" "GET /api/v1/areas/01"
aget /api/v1/areas/00004
assert_status 200 "GET /api/v1/areas/00004"
assert_json name "Ba Đình" "GET /api/v1/areas/00004"
aget /api/v1/areas/48
assert_problem 404 not-found "a province outside the demo (48)"
aget "/api/v1/areas?parent=01&limit=5"
assert_status 200 "the communes of 01, 5 at a time"

# --- units
aget /api/v1/units
assert_status 200 "GET /api/v1/units"
uid=$(unit_of "$OFFICER")
aget "/api/v1/units/$uid"
assert_status 200 "GET /api/v1/units/$uid"
assert_json id "$uid" "GET /api/v1/units/$uid"
assert_json name "$(sql "SELECT name FROM unit WHERE id = ?" "$uid")" "GET /api/v1/units/$uid"
home=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$uid")

# --- creating a unit
ct=(-H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json')
req POST /api/v1/units "${ct[@]}" --data-binary \
	"{\"parent_id\":$uid,\"kind\":\"village-team\",\"name\":\"Tổ dân vận thôn Thử Nghiệm\",\"name_en\":\"Test village team\",\"home_area_code\":\"$home\"}"
assert_status 201 "POST /api/v1/units"
assert_header Content-Type '^application/json' "POST /api/v1/units"
new=$(json id)
assert_match '^[0-9]+$' "$new" "POST /api/v1/units returns the new id"
aget "/api/v1/units/$new"
assert_status 200 "GET the new unit"
assert_json name "Tổ dân vận thôn Thử Nghiệm" "GET the new unit"
assert_json parent_id "$uid" "GET the new unit"
assert_eq 1 "$(sql "SELECT count(*) FROM unit_closure WHERE ancestor = ? AND descendant = ? AND depth = 1" "$uid" "$new")" "closure row parent -> new unit"
assert_eq "$(sql "SELECT count(*) FROM unit_closure WHERE descendant = ?" "$uid")" \
	"$(( $(sql "SELECT count(*) FROM unit_closure WHERE descendant = ?" "$new") - 1 ))" "the new unit has every ancestor of its parent, plus itself"
# decomposed (NFD) input is stored as NFC
req POST /api/v1/units "${ct[@]}" --data-binary \
	"{\"parent_id\":$uid,\"kind\":\"village-team\",\"name\":\"To\u0302\u0309 NFD\",\"home_area_code\":\"$home\"}"
assert_status 201 "POST /api/v1/units with a decomposed name"
assert_eq 1 "$(sql "SELECT count(*) FROM unit WHERE name = ?" "Tổ NFD")" "the name was stored NFC"

# the officer may read but not write
token_for "$OFFICER"
req POST /api/v1/units -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary \
	"{\"parent_id\":$uid,\"kind\":\"village-team\",\"name\":\"Không được\",\"home_area_code\":\"$home\"}"
assert_problem 403 "" "officer POST /api/v1/units"

# --- bad JSON: 400 problem+json, nothing changes
before=$(db_fingerprint)
bad() { # label body [status]
	req POST /api/v1/units "${ct[@]}" --data-binary "$2"
	assert_problem "${3:-400}" "" "POST /api/v1/units $1"
}
good="\"parent_id\":$uid,\"kind\":\"village-team\",\"home_area_code\":\"$home\""
bad "malformed JSON" "{\"parent_id\":$uid,\"kind\":"
bad "not an object" "[1,2,3]"
bad "empty body" ""
bad "unknown field" "{$good,\"name\":\"X\",\"colour\":\"red\"}"
bad "parent_id as a string" "{\"parent_id\":\"$uid\",\"kind\":\"village-team\",\"name\":\"X\",\"home_area_code\":\"$home\"}"
bad "name as a number" "{$good,\"name\":42}"
bad "name missing" "{$good}" "400|422"
bad "empty name" "{$good,\"name\":\"\"}" "400|422"
bad "name of 1000 characters" "{$good,\"name\":\"$(printf 'x%.0s' $(seq 1000))\"}" "400|422"
bad "control character in name" "{$good,\"name\":\"a\\u0001b\"}" "400|422"
bad "unknown kind" "{\"parent_id\":$uid,\"kind\":\"spaceship\",\"name\":\"X\",\"home_area_code\":\"$home\"}" "400|422"
bad "unknown home area" "{\"parent_id\":$uid,\"kind\":\"village-team\",\"name\":\"X\",\"home_area_code\":\"99999\"}" "400|404|422"
bad "duplicate key" "{$good,\"name\":\"X\",\"name\":\"Y\"}"
bad "trailing garbage" "{$good,\"name\":\"X\"} xyz"
req POST /api/v1/units -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: text/plain' --data-binary "{$good,\"name\":\"X\"}"
assert_status_in "400 415" "POST /api/v1/units as text/plain"
assert_eq "$before" "$(db_fingerprint)" "rejected JSON changed nothing"

# --- problem+json for unknown API paths and ids
aget /api/v1/nothing-here
assert_problem 404 not-found "GET /api/v1/nothing-here"
aget /api/v1/units/abc
assert_problem 404 not-found "GET /api/v1/units/abc"
aget /api/v1/units/987654321
assert_problem 404 not-found "GET /api/v1/units/987654321"

get /healthz
assert_status 200 "GET /healthz"

done_testing
