#!/bin/bash
# t1400-confidentiality: a denouncer's identity, submitted through the public form and the public
# JSON API, never shows in any page, list, search, API answer, public page, Open311 answer, log,
# notification or audit record for anyone; it is sealed at rest; the entitled (the settler of
# the handling unit, an inspector in scope) see it only on a reveal, and every reveal is audited.
. "$(dirname "$0")/lib.sh"
make_demo
mapfile -t EXTRA < <(serve_flag --submit-max-addr 10000; serve_flag --notify-interval 1)
start_server "${EXTRA[@]}"

# The demo's users at and above Ba Đình (00004), whose people's committee handles its cases.
SETTLER=giaiquyet.badinh
OFFICER=canbo.badinh
INSPECTOR=thanhtra.hanoi
for u in $SETTLER $OFFICER $INSPECTOR; do
	[ -n "$(password_of "$u")" ] || bail "the demo has no '$u' in $LOGINS"
done
HANDLER=$(unit_of "$SETTLER")
# A settler out of scope (Sài Gòn) to prove the role alone is not enough.
add_user giaiquyet.saigon "$(unit_of canbo.saigon)" settler

uniq=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
NAME="Nguyễn Văn Tố Cáo Bí Mật"
CONTACT="to-cao-bi-mat-$uniq@example.org"
ADDRESS="Số 77 ngõ Kín Đáo $uniq, phường Ba Đình"
NAME2="Trần Thị Giấu Tên Riêng"
CONTACT2="giau-ten-$uniq@example.org"
ADDRESS2="Số 9 hẻm Âm Thầm $uniq"
SECRETS=("$NAME" "$CONTACT" "$ADDRESS" "$NAME2" "$CONTACT2" "$ADDRESS2" "to-cao-bi-mat-$uniq" "giau-ten-$uniq")

# --- a denunciation through the public web form
submit_public denunciation "topic=land" "area=00004" \
	"title=Cán bộ địa chính thu tiền trái phép khi cấp sổ" \
	"description=Khi làm thủ tục cấp giấy chứng nhận, cán bộ địa chính yêu cầu nộp thêm tiền ngoài quy định." \
	"name=$NAME" "contact=$CONTACT" "address=$ADDRESS" "signed=1" "people=1"
assert_status 303 "POST /submit (denunciation)"
assert_match '^/track/' "$(hdr Location)" "the form sends the citizen to the tracking page"
TRACK1=$TRACK
[ -n "$TRACK1" ] || bail "the public form gave no tracking code"
assert_body_no_secrets "the answer to POST /submit" "${SECRETS[@]}"
ID1=$(case_id_of "$TRACK1")
[ -n "$ID1" ] || bail "no case with tracking code $TRACK1"
note "web denunciation: case $ID1, code $TRACK1"

# --- and through the public JSON API
submit_json "$(python3 -c 'import json, sys; print(json.dumps({"kind": "denunciation",
	"topic": "officials-conduct", "area": "00004",
	"title": "Cán bộ phường có thái độ hách dịch với người dân",
	"description": "Nhiều lần đến làm thủ tục, cán bộ quát nạt và đòi quà biếu.",
	"name": sys.argv[1], "contact": sys.argv[2], "address": sys.argv[3], "signed": True,
	"people_count": 1}, ensure_ascii=False))' "$NAME2" "$CONTACT2" "$ADDRESS2")"
assert_status 201 "POST /api/v1/public/cases (denunciation)"
assert_body_no_secrets "the answer to POST /api/v1/public/cases" "${SECRETS[@]}"
TRACK2=$TRACK
[ -n "$TRACK2" ] || bail "the public API gave no tracking code"
ID2=$(case_id_of "$TRACK2")
[ -n "$ID2" ] || bail "no case with tracking code $TRACK2"
note "API denunciation: case $ID2, code $TRACK2"
for id in "$ID1" "$ID2"; do
	assert_eq "denunciation $HANDLER" "$(sql "SELECT kind, handling_unit_id FROM citizen_case WHERE id = ?" "$id" | tr '\t' ' ')" \
		"case $id is a denunciation handled by Ba Đình's people's committee"
done

# --- sealed at rest
for id in "$ID1" "$ID2"; do
	assert_eq "1 1 1 1" "$(sql "SELECT CASE WHEN submitter_name IS NULL THEN 1 ELSE 0 END,
		CASE WHEN submitter_contact IS NULL THEN 1 ELSE 0 END,
		CASE WHEN submitter_address IS NULL THEN 1 ELSE 0 END,
		CASE WHEN sealed_identity IS NOT NULL THEN 1 ELSE 0 END FROM citizen_case WHERE id = ?" "$id" | tr '\t' ' ')" \
		"case $id: submitter_* are NULL and sealed_identity is set"
	hex=$(sql "SELECT $(blob_hex sealed_identity) FROM citizen_case WHERE id = ?" "$id")
	bad=""
	for s in "${SECRETS[@]}"; do
		case $hex in *"$(text_hex "$s")"*) bad="$bad|$s" ;; esac
	done
	assert_eq "" "$bad" "case $id: the sealed bytes do not hold the identity in plain text"
	assert_eq 1 "$([[ $hex =~ ^[0-9a-f]{80,}$ ]] && echo 1 || echo 0)" "case $id: sealed_identity is nonce + box (40+ bytes)"
	sql "SELECT title, description, text_fold, representatives, address_text FROM citizen_case WHERE id = ?" "$id" >"$T/row"
	assert_no_secrets "case $id: title, description, folded text" "$T/row" "${SECRETS[@]}"
done
# the whole database, as stored
if [ "$ENGINE" = sqlite ]; then
	cat "$T"/d.db* >"$T/dbdump"
else
	pg_dump --no-owner "$DB" >"$T/dbdump" 2>"$T/pg_dump.err" || { cat "$T/pg_dump.err"; bail "pg_dump failed"; }
fi
found=""
for s in "${SECRETS[@]}"; do grep -qF -- "$s" "$T/dbdump" && found="$found|$s"; done
assert_eq "" "$found" "the database files ($ENGINE) hold no identity in plain text"

# --- every user of the demo, every page and answer that shows cases
# A search page may echo what was searched (the search box, the pager's links): that is the
# user's own input, so it is cut out before looking for the identity.
strip_echo() {
	python3 - "$T/body" "$@" <<'PY'
import html, sys, urllib.parse
f, texts = sys.argv[1], sys.argv[2:]
s = open(f, "rb").read().decode("utf-8", "replace")
for t in texts:
    for form in (t, html.escape(t), html.escape(t, quote=False), urllib.parse.quote(t, safe=""),
                 urllib.parse.quote_plus(t), urllib.parse.quote(t),
                 urllib.parse.quote(urllib.parse.quote(t, safe=""), safe="")):  # /lang?next=
        s = s.replace(form, "")
open(f, "w", encoding="utf-8").write(s)
PY
}
declare -A SEARCHED=([$(urlenc "$NAME")]="$NAME" [$(urlenc "$CONTACT")]="$CONTACT" [$(urlenc "Tố Cáo Bí Mật")]="Tố Cáo Bí Mật")
q1=$(urlenc "$NAME")
q2=$(urlenc "$CONTACT")
q3=$(urlenc "Tố Cáo Bí Mật")
while IFS=$'\t' read -r -u 3 who _ role _; do
	[ -n "$who" ] || continue
	login "$who"
	token_for "$who"
	for path in / /cases "/cases?kind=denunciation" "/cases?status=received" "/cases?q=$q1" \
		"/cases?q=$q2" "/cases?q=$q3" "/cases/$ID1" "/cases/$ID2"; do
		sget "$path"
		assert_status_in "200 403 404" "$who ($role): GET $path"
		case $path in *"?q="*) strip_echo "${SEARCHED[${path#*\?q=}]}" ;; esac
		assert_body_no_secrets "$who ($role): GET $path" "${SECRETS[@]}"
	done
	for path in /api/v1/cases "/api/v1/cases?kind=denunciation" "/api/v1/cases?q=$q1" \
		"/api/v1/cases?q=$q2" "/api/v1/cases?q=$q3" "/api/v1/cases/$ID1" "/api/v1/cases/$ID2"; do
		aget "$path"
		assert_status_in "200 403 404" "$who ($role): GET $path"
		assert_body_no_secrets "$who ($role): GET $path" "${SECRETS[@]}"
	done
	# searching by the name or the contact finds neither case
	for q in "$q1" "$q2" "$q3"; do
		aget "/api/v1/cases?q=$q"
		assert_not_contains "$TRACK1" "$who ($role): search '$q' does not find case $ID1"
		assert_not_contains "$TRACK2" "$who ($role): search '$q' does not find case $ID2"
		sget "/cases?q=$q"
		assert_not_contains "$TRACK1" "$who ($role): page search '$q' does not find case $ID1"
		assert_not_contains "$TRACK2" "$who ($role): page search '$q' does not find case $ID2"
	done
	# who sees the case at all: those whose subtree handles it
	aget "/api/v1/cases/$ID1"
	if [ "$STATUS" = 200 ]; then
		assert_json identity_sealed true "$who ($role): GET /api/v1/cases/$ID1 says the identity is sealed"
	fi
done 3< <(cut -f1-4 "$LOGINS")

# the denounced unit's staff see the case (it is theirs to handle) but not who denounced
login "$OFFICER"
sget "/cases/$ID1"
assert_status 200 "the officer of the handling unit opens case $ID1"
assert_contains "$TRACK1" "the case page shows its tracking code"

# --- the citizen's side and Open311: anonymous
for code in "$TRACK1" "$TRACK2"; do
	for path in "/track/$code" "/api/v1/public/cases/$code" "/track?code=$code" \
		"/open311/v2/requests/$code.json" "/open311/v2/requests/$code.xml" \
		"/open311/v2/tokens/$code.json"; do
		get "$path"
		assert_status_in "200 303 404" "GET $path"
		assert_body_no_secrets "GET $path" "${SECRETS[@]}"
	done
done
get "/track/$TRACK1"
assert_status 200 "GET /track/$TRACK1"
for path in /open311/v2/requests.json /open311/v2/requests.xml /open311/v2/servicerequestupdates.json \
	/open311/v2/servicerequestupdates.xml "/open311/v2/requests.json?service_code=land" \
	"/open311/v2/requests.json?service_request_id=$TRACK1,$TRACK2"; do
	get "$path"
	assert_status_in "200 400 404" "GET $path"
	assert_body_no_secrets "GET $path" "${SECRETS[@]}"
done

# --- reveal: who may, and every reveal audited once
reveals() { sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal'"; }
n0=$(reveals)
# not entitled: an officer of the same unit, leaders, the administrator, a settler elsewhere
for who in "$OFFICER" lanhdao.hanoi admin canbo.saigon giaiquyet.saigon lanhdao.qk7 canbo.trungdoan1.f5; do
	[ -n "$(password_of "$who")" ] || continue
	login "$who"
	spost "/cases/$ID1/reveal"
	assert_status_in "403 404" "$who: POST /cases/$ID1/reveal"
	assert_body_no_secrets "$who: POST /cases/$ID1/reveal" "${SECRETS[@]}"
	token_for "$who"
	apost "/api/v1/cases/$ID1/reveal" '{}'
	assert_problem "403|404" "" "$who: POST /api/v1/cases/$ID1/reveal"
	assert_body_no_secrets "$who: POST /api/v1/cases/$ID1/reveal" "${SECRETS[@]}"
done
assert_eq "$n0" "$(reveals)" "refused reveals leave no case.reveal record"

# the settler of the handling unit
login "$SETTLER"
req POST "/cases/$ID1/reveal" -H "Cookie: $COOKIE"
assert_status 403 "a reveal without the CSRF token"
assert_eq "$n0" "$(reveals)" "a reveal without CSRF is not recorded"
sget "/cases/$ID1"
assert_status 200 "the settler opens case $ID1"
assert_body_no_secrets "the settler's case page before the reveal" "${SECRETS[@]}"
spost "/cases/$ID1/reveal"
assert_status 200 "$SETTLER: POST /cases/$ID1/reveal"
assert_contains "$NAME" "the reveal shows the name"
assert_contains "$CONTACT" "the reveal shows the contact"
assert_contains "$ADDRESS" "the reveal shows the address"
assert_header Cache-Control 'no-store' "the reveal is not cached"
assert_eq "$((n0 + 1))" "$(reveals)" "the settler's reveal adds exactly one case.reveal record"
assert_eq 1 "$(sql "SELECT count(*) FROM audit_log WHERE action = 'case.reveal' AND object_id = ? AND actor_user_id = (SELECT id FROM app_user WHERE login = ?)" "$ID1" "$SETTLER")" \
	"the record names the case and the settler"
token_for "$SETTLER"
apost "/api/v1/cases/$ID2/reveal" '{}'
assert_status 200 "$SETTLER: POST /api/v1/cases/$ID2/reveal"
assert_json name "$NAME2" "the API reveal gives the name"
assert_json contact "$CONTACT2" "the API reveal gives the contact"
assert_json address "$ADDRESS2" "the API reveal gives the address"
assert_eq "$((n0 + 2))" "$(reveals)" "the API reveal adds exactly one case.reveal record"
# the identity does not stick to the case page after a reveal
sget "/cases/$ID1"
assert_body_no_secrets "the settler's case page after the reveal" "${SECRETS[@]}"

# an inspector in scope (the city's people's committee, above Ba Đình)
login "$INSPECTOR"
spost "/cases/$ID1/reveal"
assert_status 200 "$INSPECTOR: POST /cases/$ID1/reveal"
assert_contains "$NAME" "the inspector sees the name"
assert_eq "$((n0 + 3))" "$(reveals)" "the inspector's reveal adds exactly one case.reveal record"
# a case that has no sealed identity cannot be "revealed"
submit_public feedback "topic=environment" "area=00004" "title=Rác thải ứ đọng ở đầu ngõ" \
	"description=Rác không được thu gom ba ngày nay." "name=Lê Văn Phản Ánh" "contact=0912000111"
ID3=$(case_id_of "$TRACK")
if [ -n "$ID3" ]; then
	login "$SETTLER"
	spost "/cases/$ID3/reveal"
	assert_status_in "404 409" "reveal of a feedback case (nothing sealed)"
	assert_eq "$((n0 + 3))" "$(reveals)" "a failed reveal is not recorded as a disclosure"
fi

# --- the outbox, the audit trail, the logs
sql "SELECT recipient, subject, body FROM notification" >"$T/outbox"
assert_no_secrets "notification rows (recipient, subject, body)" "$T/outbox" "${SECRETS[@]}"
assert_eq 0 "$(sql "SELECT count(*) FROM notification WHERE case_id IN (?, ?) AND recipient IS NOT NULL" "$ID1" "$ID2")" \
	"a denouncer's notifications have no plain recipient"
sql "SELECT $(blob_hex sealed_recipient) FROM notification WHERE sealed_recipient IS NOT NULL" >"$T/sealed-rcpt"
bad=""
for s in "${SECRETS[@]}"; do grep -qF -- "$(text_hex "$s")" "$T/sealed-rcpt" && bad="$bad|$s"; done
assert_eq "" "$bad" "sealed recipients do not hold the contact in plain text"
sql "SELECT actor, action, object_type, object_id, detail FROM audit_log" >"$T/audit"
assert_no_secrets "audit_log rows" "$T/audit" "${SECRETS[@]}"
sql "SELECT note FROM case_event" >"$T/events"
assert_no_secrets "case_event notes" "$T/events" "${SECRETS[@]}"
# let the delivery thread run once, then look at what the server wrote
for ((i = 0; i < 30 * SLOW; i++)); do
	[ "$(sql "SELECT count(*) FROM notification WHERE sent_at IS NULL AND attempts = 0")" = 0 ] && break
	sleep 0.2
done
stop_server
# the searches above carry the name in their query string by our own doing: leave those lines out
grep -v -e 'q=' "$T/access.log" >"$T/access.filtered" 2>/dev/null || true
assert_match '[1-9]' "$(wc -l <"$T/access.filtered")" "the access log has lines"
assert_no_secrets "the access log" "$T/access.filtered" "${SECRETS[@]}"
assert_no_secrets "the server's stderr" "$T/server.err" "${SECRETS[@]}"
assert_no_secrets "the server's stdout" "$T/server.out" "${SECRETS[@]}"

done_testing
