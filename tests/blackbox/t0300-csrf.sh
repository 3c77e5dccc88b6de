#!/bin/bash
# t0300-csrf: every page's forms carry the session's token; state-changing requests without it,
# or with another, are refused with 403 and change nothing; the API's cookie path needs a header.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user ADMIN administrator 0 ""
pick_user OFFICER officer 2 01
login "$ADMIN"
admin_cookie=$COOKIE admin_csrf=$CSRF
unit=$(unit_of "$OFFICER")
officer_id=$(sql "SELECT id FROM app_user WHERE login = ?" "$OFFICER")

# --- every signed-in page carries the session's csrf token in its forms
for p in / /areas /areas/01 /units "/units/$unit" /account /users; do
	sget "$p"
	assert_status 200 "GET $p as administrator"
	got=$(grep -o '<input[^>]*name="csrf"[^>]*>' "$T/body" | sed -n 's/.*value="\([^"]*\)".*/\1/p' | sort -u)
	if [ -z "$got" ]; then not_ok "GET $p has no csrf field"
	elif [ "$got" = "$CSRF" ]; then ok "GET $p: every csrf field is the session's token"
	else not_ok "GET $p: csrf fields ($got) differ from the session's token ($CSRF)"; fi
done

# a second session of the same user has its own token
COOKIE_A=$COOKIE CSRF_A=$CSRF
login "$ADMIN"
COOKIE_B=$COOKIE CSRF_B=$CSRF
assert_ne "$CSRF_A" "$CSRF_B" "two sessions have different csrf tokens"

# --- unsafe requests without, with a wrong, or with another session's token: 403, no change
COOKIE=$COOKIE_A
before=$(db_fingerprint)
try_forms() { # label csrf-args...
	local label=$1
	shift
	req POST /units -H "Cookie: $COOKIE" "$@" --data-urlencode "parent_id=$unit" \
		--data-urlencode "kind=village-team" --data-urlencode "name=Tổ dân vận CSRF" \
		--data-urlencode "home_area=01"
	assert_status 403 "POST /units $label"
	req POST "/users/$officer_id/disable" -H "Cookie: $COOKIE" "$@"
	assert_status 403 "POST /users/$officer_id/disable $label"
	req POST /account/password -H "Cookie: $COOKIE" "$@" --data-urlencode "old=$(password_of "$ADMIN")" \
		--data-urlencode "new=Mật khẩu mới thật dài 1" --data-urlencode "confirm=Mật khẩu mới thật dài 1"
	assert_status 403 "POST /account/password $label"
	req POST "/units/$unit/move" -H "Cookie: $COOKIE" "$@" --data-urlencode "new_parent=1"
	assert_status 403 "POST /units/$unit/move $label"
	req POST /logout -H "Cookie: $COOKIE" "$@"
	assert_status 403 "POST /logout $label"
}
try_forms "without csrf"
try_forms "with an empty csrf" --data-urlencode "csrf="
try_forms "with a wrong csrf" --data-urlencode "csrf=${CSRF_A}x"
try_forms "with another session's csrf" --data-urlencode "csrf=$CSRF_B"
try_forms "with the csrf in the query only" --url-query "csrf=$CSRF_A" 2>/dev/null
assert_eq "$before" "$(db_fingerprint)" "rejected forms changed nothing"
sget /api/v1/me
assert_status 200 "the session is still live after rejected logouts"

# --- the API: cookie sessions need X-CSRF-Token on unsafe methods, tokens do not
home=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$unit")
json_body="{\"parent_id\":$unit,\"kind\":\"village-team\",\"name\":\"Tổ dân vận API CSRF\",\"home_area_code\":\"$home\"}"
req POST /api/v1/units -H "Cookie: $COOKIE" -H 'Content-Type: application/json' --data-binary "$json_body"
assert_problem 403 "" "POST /api/v1/units with a cookie and no X-CSRF-Token"
req POST /api/v1/units -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF_B" -H 'Content-Type: application/json' --data-binary "$json_body"
assert_problem 403 "" "POST /api/v1/units with another session's X-CSRF-Token"
assert_eq "$before" "$(db_fingerprint)" "rejected API writes changed nothing"
req POST /api/v1/units -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF_A" -H 'Content-Type: application/json' --data-binary "$json_body"
assert_status 201 "POST /api/v1/units with a cookie and its X-CSRF-Token"
token_for "$ADMIN"
req POST /api/v1/units -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	--data-binary "${json_body/API CSRF/API token}"
assert_status 201 "POST /api/v1/units with a bearer token needs no CSRF header"

# --- the right token works (and a form POST is then accepted)
CSRF=$CSRF_A
spost /units "parent_id=$unit" "kind=village-team" "name=Tổ dân vận có CSRF" "home_area=$home"
assert_status 303 "POST /units with the session's csrf"
n=$(sql "SELECT count(*) FROM unit WHERE name = ?" "Tổ dân vận có CSRF")
assert_eq 1 "$n" "the unit was created"

# --- an officer may not see /users at all
login "$OFFICER"
sget /users
assert_status 403 "GET /users as officer"
spost "/users/$officer_id/disable"
assert_status 403 "POST /users/ID/disable as officer (with csrf)"
assert_eq 1 "$(sql "SELECT active FROM app_user WHERE id = ?" "$officer_id")" "the officer is still active"

done_testing
