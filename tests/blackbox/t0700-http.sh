#!/bin/bash
# t0700-http: 404 and 405 (with Allow), HEAD as GET without a body, keep-alive kept on HTML and
# API answers, no caching of private pages, the request log.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user ADMIN administrator 0 ""
login "$ADMIN"
token_for "$ADMIN"

# --- 404
get /no-such-page
assert_status 404 "GET /no-such-page"
assert_header Content-Type '^text/html' "GET /no-such-page"
sget /no-such-page
assert_status 404 "GET /no-such-page signed in"
aget /api/v1/no-such-thing
assert_problem 404 not-found "GET /api/v1/no-such-thing"
get /api/v1/no-such-thing
assert_status_in "401 404" "GET /api/v1/no-such-thing anonymous"
assert_header Content-Type '^application/problem\+json' "GET /api/v1/no-such-thing anonymous"
aget /api/v2/areas
assert_status 404 "GET /api/v2/areas"
sget /areas/
assert_status_in "404 301 308" "GET /areas/ (trailing slash)"
sget /static/no-such-file.css
assert_status 404 "GET /static/no-such-file.css"
sget /static/../../etc/passwd
assert_status_in "400 404" "GET /static/../../etc/passwd"
assert_not_contains "root:" "no file outside the embedded assets"
get /%2e%2e/%2e%2e/etc/passwd
assert_status_in "400 404" "GET /%2e%2e/%2e%2e/etc/passwd"
assert_not_contains "root:"

# --- 405 with Allow
req DELETE /login
assert_status 405 "DELETE /login"
assert_header Allow '^GET, HEAD, POST$' "DELETE /login"
req PUT /
assert_status 405 "PUT /"
assert_header Allow '^GET, HEAD$' "PUT /"
req POST /healthz
assert_status 405 "POST /healthz"
assert_header Allow 'GET' "POST /healthz"
req DELETE /api/v1/units/1 -H "Authorization: Bearer $TOKEN"
assert_problem 405 "" "DELETE /api/v1/units/1"
assert_header Allow '^GET, HEAD, PATCH$' "DELETE /api/v1/units/1"
req PATCH /api/v1/areas/01 -H "Authorization: Bearer $TOKEN"
assert_status 405 "PATCH /api/v1/areas/01"
req POST /api/v1/me -H "Authorization: Bearer $TOKEN"
assert_status 405 "POST /api/v1/me"
req BREW /
assert_status_in "405 501 400" "BREW / (an unknown method)"

# --- HEAD as GET, without a body
sget /
len_get=$(wc -c <"$T/body")
req HEAD / -H "Cookie: $COOKIE"
assert_status 200 "HEAD / signed in"
assert_header Content-Type '^text/html' "HEAD /"
assert_eq 0 "$(wc -c <"$T/body")" "HEAD / has no body"
cl=$(hdr Content-Length)
if [ -z "$cl" ] || [ "$cl" -gt 0 ]; then ok "HEAD / Content-Length '${cl:-absent}' is that of GET (or absent)"; else not_ok "HEAD / Content-Length $cl"; fi
req HEAD /login
assert_status 200 "HEAD /login"
req HEAD /api/v1/areas/01 -H "Authorization: Bearer $TOKEN"
assert_status 200 "HEAD /api/v1/areas/01"
assert_header Content-Type '^application/json' "HEAD /api/v1/areas/01"
req HEAD /no-such-page
assert_status 404 "HEAD /no-such-page"
# the raw bytes: nothing after the blank line
printf 'HEAD /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >"$T/head.req"
python3 - "$PORT" "$T/head.req" >"$T/head.raw" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(open(sys.argv[2], "rb").read())
data = b""
while True:
    b = s.recv(65536)
    if not b: break
    data += b
sys.stdout.write(repr(data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b"<no header end>"))
PY
assert_eq "b''" "$(cat "$T/head.raw")" "HEAD /login sends no body bytes on the wire"

# --- keep-alive: two requests on one connection, no Connection: close
keepalive() { # label url curl-args...
	local label=$1 url=$2
	shift 2
	curl -sv "$@" "$url" "$url" -o /dev/null -o /dev/null 2>"$T/kv.err" >/dev/null
	if grep -q 'Re-using existing connection' "$T/kv.err"; then ok "$label: connection re-used"
	else not_ok "$label: connection not re-used"; grep -E '^[<>*]' "$T/kv.err" | head -30 | sed 's/^/#   /'; fi
	if grep -qi '^< connection: close' "$T/kv.err"; then not_ok "$label: server said Connection: close"
	else ok "$label: no Connection: close"; fi
	local n
	n=$(grep -c '^< HTTP/1.1 200' "$T/kv.err")
	assert_eq 2 "$n" "$label: two 200 answers"
}
keepalive "HTML page" "$BASE/" -H "Cookie: $COOKIE"
keepalive "login form" "$BASE/login"
keepalive "API area" "$BASE/api/v1/areas/01" -H "Authorization: Bearer $TOKEN"
keepalive "API search" "$BASE/api/v1/areas?q=ha%20noi" -H "Authorization: Bearer $TOKEN"
# errors keep the connection too
curl -sv -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/areas/99" "$BASE/api/v1/areas/01" -o /dev/null -o /dev/null 2>"$T/kv.err"
grep -q 'Re-using existing connection' "$T/kv.err" && ok "a 404 keeps the connection" || not_ok "a 404 closed the connection"

# --- headers every answer should carry
sget /
assert_header Cache-Control 'no-store' "GET / is not cached"
assert_header X-Content-Type-Options '^nosniff$' "GET /"
assert_header Content-Security-Policy "default-src" "GET /"
assert_header X-Frame-Options '^(DENY|SAMEORIGIN)$' "GET /"
aget /api/v1/me
assert_header Cache-Control 'no-store' "GET /api/v1/me is not cached"

# --- the request log (logfmt)
sleep 0.3
if [ -s "$T/access.log" ]; then ok "the access log is written"; else not_ok "the access log $T/access.log is empty"; fi
grep -E 'method=GET' "$T/access.log" | grep -E 'path=/api/v1/areas/01' | grep -qE 'status=200' &&
	ok "the access log has method=, path=, status= in logfmt" ||
	not_ok "no logfmt line for GET /api/v1/areas/01: $(tail -2 "$T/access.log")"
if grep -qF "$TOKEN" "$T/access.log" "$T/server.err"; then not_ok "the API token appears in a log"; else ok "the API token is not logged"; fi
if grep -qF "${COOKIE#*=}" "$T/access.log" "$T/server.err"; then not_ok "the session token appears in a log"; else ok "the session token is not logged"; fi

done_testing
