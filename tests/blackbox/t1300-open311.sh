#!/bin/bash
# t1300-open311: Open311 GeoReport v2 in JSON and XML: a key issued by an administrator,
# discovery, services and a service definition, requests created with lat/long (the nearest
# commune) and with address_string + attribute[area_code], read back one by one and by filters,
# tokens, servicerequestupdates after staff actions, the errors of the standard (403 without a
# key, 400 for a bad service_code or a missing location, 404 for an unknown id or jurisdiction)
# in both formats, and no name, email or phone in any answer.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

command -v xmllint >/dev/null || bail "xmllint (libxml2-utils) is needed to check the XML"
SETTLER=giaiquyet.badinh
[ -n "$(password_of "$SETTLER")" ] || bail "the demo has no '$SETTLER'"
pick_user ADMIN administrator 0 ""
FIRST="Hoàng"
LAST="Thị Mười Một"
EMAIL="muoimot.hoang@example.vn"
PHONE="0977111222"
SECRETS=("$FIRST $LAST" "$LAST" "$EMAIL" "$PHONE")

# assert_xml MSG: the last body is well-formed XML (xmllint) with an encoding declaration.
assert_xml() {
	if xmllint --noout "$T/body" 2>"$T/xmllint.err"; then ok "$1: well-formed XML"; else
		not_ok "$1: not well-formed XML: $(head -3 "$T/xmllint.err")"; last_response; fi
	if head -1 "$T/body" | grep -qi '^<?xml version="1.0" encoding="utf-8"?>'; then
		ok "$1: UTF-8 declaration"; else not_ok "$1: no UTF-8 declaration"; fi
}
# xml_text XPATH: the text of the first node matching XPATH in the last body.
xml_text() { xmllint --xpath "string($1)" "$T/body" 2>/dev/null; }
# o311_error STATUS FMT MSG: the standard's error list in the given format.
o311_error() {
	assert_status "$1" "$3"
	if [ "$2" = json ]; then
		assert_header Content-Type '^application/json' "$3"
		assert_json 0.code "$1" "$3"
		case $(json 0.description) in "<missing"* | "") not_ok "$3: no description" ;;
			*) ok "$3: the error has a description" ;; esac
	else
		assert_header Content-Type '^text/xml' "$3"
		assert_xml "$3"
		assert_eq "$1" "$(xml_text /errors/error/code)" "$3: <errors><error><code>"
		assert_ne "" "$(xml_text /errors/error/description)" "$3: <description>"
	fi
}

# ================================================================ a key from the administrator
login "$ADMIN"
spost /config/open311 "name=Ứng dụng phản ánh thử"
assert_status 200 "POST /config/open311"
KEY311=$(grep -o 'class="token" type="text" readonly value="[^"]*"' "$T/body" | sed 's/.*value="\([^"]*\)"/\1/')
[ -n "$KEY311" ] || { last_response; bail "the Open311 key page shows no key"; }
assert_eq 1 "$(sql "SELECT count(*) FROM open311_client WHERE key_hash <> ?" "$KEY311")" "only the key's hash is stored"

# ================================================================ discovery and services
get /open311/discovery.json
assert_status 200 "discovery.json"
assert_json endpoints.0.specification "http://wiki.open311.org/GeoReport_v2" "discovery.json"
assert_match '/open311/v2$' "$(json endpoints.0.url)" "discovery: the base URL has no trailing slash"
get /open311/discovery.xml
assert_status 200 "discovery.xml"
assert_xml "discovery.xml"
assert_eq "http://wiki.open311.org/GeoReport_v2" "$(xml_text /discovery/endpoints/endpoint/specification)" "discovery.xml"

get /open311/v2/services.json
assert_status 200 "services.json"
assert_header Content-Type '^application/json' "services.json"
assert_contains '"service_code":"land"' "services.json lists land"
assert_contains '"service_name":"Môi trường"' "service names are Vietnamese"
assert_contains '"type":"realtime"' "services are realtime"
get /open311/v2/services.xml
assert_status 200 "services.xml"
assert_xml "services.xml"
assert_eq land "$(xml_text "/services/service[service_code='land']/service_code")" "services.xml lists land"
get /open311/v2/services/environment.json
assert_status 200 "services/environment.json"
assert_json service_code environment "the definition"
assert_json attributes.0.code area_code "the definition's attribute"
get /open311/v2/services/environment.xml
assert_xml "services/environment.xml"
assert_eq area_code "$(xml_text /service_definition/attributes/attribute/code)" "the XML definition"
get /open311/v2/services/no-such.json
o311_error 404 json "services/no-such.json"
get "/open311/v2/services.json?jurisdiction_id=danvan"
assert_status 200 "jurisdiction_id danvan is accepted"
get "/open311/v2/services.xml?jurisdiction_id=elsewhere.gov"
o311_error 404 xml "another jurisdiction_id"

# ================================================================ creating requests
read -r LAT LON < <(sql "SELECT lat, lon FROM area WHERE code = '00004'")
[ -n "$LAT" ] || bail "commune 00004 has no centroid in the demo"
N0=$(sql "SELECT count(*) FROM citizen_case")
o311_post() { # FMT name=value...
	local fmt=$1 a args=()
	shift
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	req POST "/open311/v2/requests.$fmt" "${args[@]}"
}
o311_post json "api_key=$KEY311" service_code=environment "lat=$LAT" "long=$LON" \
	"description=Cống thoát nước bị tắc, nước tràn ra đường khi mưa." \
	"first_name=$FIRST" "last_name=$LAST" "email=$EMAIL" "phone=$PHONE"
assert_status_in "200 201" "POST requests.json with lat/long"
ID1=$(json 0.service_request_id)
assert_match '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' "$ID1" "the request id is a tracking code"
assert_ne "" "$(json 0.service_notice)" "the answer carries a service notice"
assert_body_no_secrets "the POST answer" "${SECRETS[@]}"
C1=$(case_id_of "$ID1")
assert_eq "feedback open311 00004" "$(sql "SELECT c.kind, c.channel, a.code FROM citizen_case c JOIN area a ON a.id = c.area_id WHERE c.id = ?" "$C1" | tr '\t' ' ')" "a feedback case at the nearest commune"
assert_eq "$FIRST $LAST" "$(case_field "$C1" submitter_name)" "the name is kept as the submitter"

o311_post xml "api_key=$KEY311" service_code=infrastructure "address_string=Ngõ 12 phố Đội Cấn" \
	"attribute[area_code]=00004" "description=Đèn đường hỏng <ba> tuần & chưa sửa." \
	"email=$EMAIL"
assert_status_in "200 201" "POST requests.xml with address_string"
assert_xml "POST requests.xml"
ID2=$(xml_text /service_requests/request/service_request_id)
assert_match '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' "$ID2" "the XML answer's request id"
assert_body_no_secrets "the XML POST answer" "${SECRETS[@]}"
assert_eq 2 $(( $(sql "SELECT count(*) FROM citizen_case") - N0 )) "two cases were created"

# errors of creation, in both formats, writing nothing
FP0=$(db_fingerprint)
N1=$(sql "SELECT count(*) FROM citizen_case")
for fmt in json xml; do
	o311_post $fmt service_code=environment "lat=$LAT" "long=$LON" "description=x y z"
	o311_error 403 $fmt "POST requests.$fmt without api_key"
	o311_post $fmt api_key=not-a-key service_code=environment "lat=$LAT" "long=$LON" "description=x y z"
	o311_error 403 $fmt "POST requests.$fmt with a made-up api_key"
	o311_post $fmt "api_key=$KEY311" service_code=no-such "lat=$LAT" "long=$LON" "description=x y z"
	o311_error 400 $fmt "POST requests.$fmt with a bad service_code"
	o311_post $fmt "api_key=$KEY311" service_code=environment "address_string=Phố Huế" "description=x y z"
	o311_error 400 $fmt "POST requests.$fmt with address_string and no area"
	o311_post $fmt "api_key=$KEY311" service_code=environment "description=x y z"
	o311_error 400 $fmt "POST requests.$fmt without a location"
	o311_post $fmt "api_key=$KEY311" service_code=environment lat=abc long=105 "description=x y z"
	o311_error 400 $fmt "POST requests.$fmt with a lat that is no number"
	o311_post $fmt "api_key=$KEY311" service_code=environment "lat=$LAT" "long=$LON"
	o311_error 400 $fmt "POST requests.$fmt without a description"
done
assert_eq "$FP0" "$(db_fingerprint)" "refused requests changed nothing"
assert_eq "$N1" "$(sql "SELECT count(*) FROM citizen_case")" "refused requests created no case"

# ================================================================ reading requests
get "/open311/v2/requests/$ID1.json"
assert_status 200 "requests/ID.json"
assert_json 0.service_request_id "$ID1" "requests/ID.json is a list of one"
assert_json 0.status open "a new request is open"
assert_json 0.service_code environment "requests/ID.json"
assert_match '\+07:00$' "$(json 0.requested_datetime)" "dates carry the +07:00 offset"
assert_body_no_secrets "requests/ID.json" "${SECRETS[@]}"
get "/open311/v2/requests/$ID2.xml"
assert_status 200 "requests/ID.xml"
assert_xml "requests/ID.xml"
assert_eq "$ID2" "$(xml_text /service_requests/request/service_request_id)" "requests/ID.xml"
assert_eq "Ngõ 12 phố Đội Cấn" "$(xml_text /service_requests/request/address)" "the address_string is kept"
assert_eq "Đèn đường hỏng <ba> tuần & chưa sửa." "$(xml_text /service_requests/request/description)" "the description survives escaping"
assert_body_no_secrets "requests/ID.xml" "${SECRETS[@]}"
for fmt in json xml; do
	get "/open311/v2/requests/ZZZZ-ZZZZ-ZZZZ.$fmt"
	o311_error 404 $fmt "an unknown request id ($fmt)"
done

get "/open311/v2/requests.json?service_request_id=$ID1,$ID2"
assert_status 200 "requests.json by two ids"
assert_eq 2 "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/body")" "two requests"
get "/open311/v2/requests.json?service_code=environment"
assert_contains "\"$ID1\"" "service_code=environment holds the first"
assert_not_contains "\"$ID2\"" "service_code=environment leaves out the second"
get "/open311/v2/requests.json?status=closed"
assert_not_contains "\"$ID1\"" "status=closed leaves out open requests"
get "/open311/v2/requests.json?start_date=2030-01-01T00:00:00%2B07:00"
assert_eq "[]" "$(tr -d '\n' <"$T/body")" "a window in the future is empty"
get "/open311/v2/requests.xml?status=open"
assert_xml "requests.xml"
assert_contains "<service_request_id>$ID2</service_request_id>" "requests.xml lists the second"
assert_body_no_secrets "requests.xml" "${SECRETS[@]}"
get "/open311/v2/requests.json?start_date=yesterday"
o311_error 400 json "a start_date that is no date"
get "/open311/v2/requests.xml?status=lost"
o311_error 400 xml "a status that is neither open nor closed"
get "/open311/v2/tokens/$ID1.json"
assert_status 200 "tokens/ID.json"
assert_json 0.service_request_id "$ID1" "a token is its request id"

# ================================================================ staff act; updates follow
token_for "$SETTLER"
apost "/api/v1/cases/$C1/actions" '{"action":"start","note":"Đã cử cán bộ kiểm tra.","public":true}'
assert_status 200 "the settler starts work on the request"
apost "/api/v1/cases/$C1/actions" "{\"action\":\"decide\",\"note\":\"Đã nạo vét cống.\",\"decision_date\":\"$(today_vn)\"}"
assert_status 200 "the settler decides"
apost "/api/v1/cases/$C1/actions" '{"action":"close"}'
assert_status 200 "the settler closes"
get "/open311/v2/requests/$ID1.json"
assert_json 0.status closed "the closed case is a closed request"
assert_json 0.status_notes "Đã nạo vét cống." "status_notes carry the decision"
get /open311/v2/servicerequestupdates.json
assert_status 200 "servicerequestupdates.json"
assert_contains "\"service_request_id\":\"$ID1\"" "updates hold the request"
assert_contains '"status":"IN_PROGRESS"' "the start is IN_PROGRESS"
assert_contains '"status":"FIXED"' "the decision is FIXED"
assert_contains '"status":"CLOSED"' "the closing is CLOSED"
assert_body_no_secrets "servicerequestupdates.json" "${SECRETS[@]}"
get /open311/v2/servicerequestupdates.xml
assert_xml "servicerequestupdates.xml"
assert_contains "<service_request_id>$ID1</service_request_id>" "the XML updates"
assert_body_no_secrets "servicerequestupdates.xml" "${SECRETS[@]}"
get "/open311/v2/requests.json?status=closed"
assert_contains "\"$ID1\"" "status=closed now holds the first"
get "/open311/v2/requests.json"
assert_body_no_secrets "requests.json" "${SECRETS[@]}"

done_testing
