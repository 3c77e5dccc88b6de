# lib.sh: fixtures and assertions shared by the black-box tests (sourced by every t*.sh).
#
# Each test gets a fresh temporary folder $T (removed on exit), a demo database of two provinces
# (01 Hà Nội, 79 TP Hồ Chí Minh) and, after start_server, a `danvan serve` on a random port at
# $BASE. Requests go through curl; the last response is in $STATUS, $T/hdrs and $T/body.
# Assertions print "ok"/"not ok" lines with what was expected and what came; the script's exit
# status is 1 when any failed.

set -u
set -o pipefail

: "${DANVAN:?set DANVAN to the danvan binary}"
case $DANVAN in /*) ;; *) DANVAN=$PWD/$DANVAN ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/danvan-bb.XXXXXX")
# The engine under test: sqlite (a file in $T) or postgresql (a fresh database on the server
# that tests/blackbox/run started, whose base URL is in DANVAN_TEST_PG).
ENGINE=${DANVAN_TEST_ENGINE:-sqlite}
PGDB=
case $ENGINE in
sqlite) DB="sqlite:$T/d.db" ;;
postgresql)
	: "${DANVAN_TEST_PG:?DANVAN_TEST_ENGINE=postgresql needs DANVAN_TEST_PG (tests/blackbox/run sets it)}"
	PGDB="t_$(basename "$T" | tr -cd 'a-zA-Z0-9' | tr 'A-Z' 'a-z')"
	psql "$DANVAN_TEST_PG/postgres" -qAt -c "CREATE DATABASE $PGDB" >/dev/null ||
		{ echo "not ok - BAIL OUT: cannot create database $PGDB on $DANVAN_TEST_PG"; rm -rf "$T"; exit 1; }
	DB="$DANVAN_TEST_PG/$PGDB"
	;;
*) echo "not ok - BAIL OUT: DANVAN_TEST_ENGINE must be sqlite or postgresql"; exit 1 ;;
esac
KEY="$T/k"
LOGINS="$T/logins.txt"
BASE=
PORT=
SERVER_PID=
STATUS=
N_OK=0
N_FAIL=0
# Sanitizer builds are several times slower; every wait scales with this.
SLOW=${DANVAN_TEST_SLOW:-1}
case ${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-} in ?*) SLOW=3 ;; esac

# ---------------------------------------------------------------- reporting

ok() { N_OK=$((N_OK + 1)); echo "ok - $*"; }
not_ok() { N_FAIL=$((N_FAIL + 1)); echo "not ok - $*"; }
note() { echo "# $*"; }
# relay FILE: a helper's "ok - "/"not ok - " lines counted as this script's assertions, its
# other lines kept as notes (read from a file, not a pipe: the counters stay in this shell).
relay() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		*) note "$line" ;;
		esac
	done <"$1"
}
# Stop the script now: a fixture did not work, so no later assertion means anything.
bail() {
	N_FAIL=$((N_FAIL + 1))
	echo "not ok - BAIL OUT: $*"
	exit 1
}
# The last response, for the failure messages.
last_response() {
	echo "#   last request: ${LAST_REQ:-none}"
	echo "#   status: ${STATUS:-none}"
	[ -f "$T/hdrs" ] && sed 's/^/#   < /' "$T/hdrs" | head -20
	[ -f "$T/body" ] && { head -c 600 "$T/body" | sed 's/^/#   | /'; echo; }
}

# The useful part of the server's stderr: a sanitizer's report and stack, else its last lines.
server_err_summary() {
	if grep -qE 'Sanitizer|runtime error' "$T/server.err"; then
		grep -E 'ERROR:|SUMMARY:|runtime error|^ *#[0-9]+ |READ of|WRITE of|freed by|allocated by|previously' \
			"$T/server.err" | head -40 | sed 's/^/#   /'
	else
		tail -20 "$T/server.err" | sed 's/^/#   /'
	fi
}

_cleanup() {
	local rc=$?
	trap - EXIT
	stop_server || rc=1
	[ -n "$PGDB" ] && psql "$DANVAN_TEST_PG/postgres" -qAt \
		-c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1
	if [ "$N_FAIL" -gt 0 ]; then rc=1; fi
	echo "# $N_OK assertions passed, $N_FAIL failed"
	if [ -z "${KEEP_TMP:-}" ]; then rm -rf "$T"; else echo "# kept $T"; fi
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM HUP

# Call at the end of every test script.
done_testing() {
	[ "$N_OK" -gt 0 ] || bail "no assertion ran"
	exit 0
}

# ---------------------------------------------------------------- fixtures

# Run the binary, capturing stdout in $T/out, stderr in $T/err and the exit status in $RC.
dv() {
	RC=0
	"$DANVAN" "$@" >"$T/out" 2>"$T/err" || RC=$?
	LAST_REQ="danvan $*"
	sanitizer_check "$T/err" "danvan $*"
	return 0
}

# Any sanitizer report in a log is a failure of the test that produced it.
sanitizer_check() {
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$1" 2>/dev/null; then
		not_ok "sanitizer report from $2"
		grep -E 'ERROR:|SUMMARY:|runtime error|^ *#[0-9]+ |READ of|WRITE of|freed by|allocated by' "$1" |
			head -40 | sed 's/^/#   /' 
	fi
}

# The two-province demo (fast): database, key file and logins. The runner builds it once per
# engine (DANVAN_TEST_DEMO: its folder; on PostgreSQL also the template database in
# DANVAN_TEST_DEMO_PG) and each script takes a copy; with extra arguments, or run alone, the
# script builds its own.
make_demo() {
	local tpl=${DANVAN_TEST_DEMO:-}
	if [ $# -eq 0 ] && [ -n "$tpl" ] && [ -s "$tpl/logins.txt" ]; then
		cp "$tpl/k" "$KEY" && cp "$tpl/logins.txt" "$LOGINS" &&
			cp "$tpl/demo.out" "$tpl/demo.err" "$T/" || bail "cannot copy the demo from $tpl"
		if [ "$ENGINE" = postgresql ]; then
			psql "$DANVAN_TEST_PG/postgres" -qAt -v ON_ERROR_STOP=1 \
				-c "DROP DATABASE $PGDB" -c "CREATE DATABASE $PGDB TEMPLATE ${DANVAN_TEST_DEMO_PG:?}" \
				>/dev/null || bail "cannot copy the demo database ${DANVAN_TEST_DEMO_PG:-}"
		else
			cp "$tpl"/d.db* "$T/" || bail "cannot copy the demo database from $tpl"
		fi
		sanitizer_check "$T/demo.err" "danvan demo (the run's shared demo)"
		return 0
	fi
	"$DANVAN" demo --db "$DB" --key-file "$KEY" --provinces 01,79 --logins "$LOGINS" \
		"$@" >"$T/demo.out" 2>"$T/demo.err" || {
		sed 's/^/#   /' "$T/demo.out" "$T/demo.err" | tail -30
		bail "danvan demo failed"
	}
	sanitizer_check "$T/demo.err" "danvan demo"
	[ -s "$LOGINS" ] || bail "danvan demo wrote no logins to $LOGINS"
}

# Start `danvan serve` on a random port; extra arguments are passed on.
start_server() {
	local i port=""
	: >"$T/server.err"
	"$DANVAN" serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0 \
		--access-log "$T/access.log" "$@" >"$T/server.out" 2>"$T/server.err" &
	SERVER_PID=$!
	for ((i = 0; i < 100 * SLOW; i++)); do
		port=$(sed -n 's|^danvan: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' \
			"$T/server.err" | head -1)
		[ -n "$port" ] && break
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			sed 's/^/#   /' "$T/server.err" | tail -30
			SERVER_PID=
			bail "danvan serve exited before listening"
		fi
		sleep 0.1
	done
	if [ -z "$port" ]; then
		sed 's/^/#   /' "$T/server.err" | tail -30
		bail "danvan serve did not print 'danvan: listening on http://127.0.0.1:PORT/' within $((10 * SLOW)) s"
	fi
	PORT=$port
	BASE="http://127.0.0.1:$PORT"
}

# Stop the server by its pid: TERM, then KILL after 5 s. A clean stop exits 0; anything else
# (a crash, a sanitizer report at exit) fails the test.
stop_server() {
	local pid=$SERVER_PID i rc=0
	[ -n "$pid" ] || return 0
	SERVER_PID=
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50 * SLOW; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null
		not_ok "danvan serve did not stop within $((5 * SLOW)) s of SIGTERM (killed)"
		return 1
	fi
	wait "$pid" 2>/dev/null || rc=$?
	sanitizer_check "$T/server.err" "danvan serve"
	if [ "$rc" -ne 0 ]; then
		not_ok "danvan serve exited with status $rc after SIGTERM (expected 0)"
		server_err_summary
		return 1
	fi
	return 0
}

restart_server() {
	stop_server || true
	start_server "$@"
}

# ---------------------------------------------------------------- HTTP

# req METHOD PATH [curl arguments...]: one request on its own connection. Sets STATUS;
# headers in $T/hdrs (CR stripped), body in $T/body.
req() {
	local method=$1 path=$2
	shift 2
	local how=(-X "$method")
	[ "$method" = HEAD ] && how=(--head)
	LAST_REQ="$method $path"
	STATUS=$(curl -sS --max-time $((20 * SLOW)) "${how[@]}" -o "$T/body" -D "$T/hdrs.raw" \
		-w '%{http_code}' "$@" "$BASE$path" 2>"$T/curl.err") || STATUS="curl-failed($(cat "$T/curl.err"))"
	case $STATUS in curl-failed*) : >"$T/body" ;; esac
	touch "$T/hdrs.raw" "$T/body"
	tr -d '\r' <"$T/hdrs.raw" >"$T/hdrs"
	# A server that died answers nothing more: say why once, instead of failing every later step.
	if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
		local rc=0
		wait "$SERVER_PID" 2>/dev/null || rc=$?
		SERVER_PID=
		echo "#   danvan serve died (status $rc) during or before $LAST_REQ; its stderr:"
		server_err_summary
		bail "danvan serve died (status $rc) at $LAST_REQ"
	fi
	[ "$method" = HEAD ] && : >"$T/body" # --head writes the headers to -o as well
	return 0
}
get() { req GET "$@"; }
post() { req POST "$@"; }

# As req, with the signed-in session's cookie (and its CSRF header for unsafe methods if asked).
sget() { req GET "$1" -H "Cookie: $COOKIE" "${@:2}"; }
# spost PATH name=value...: a form POST with the session cookie and the session's csrf field.
spost() {
	local path=$1 a
	shift
	local args=(-H "Cookie: $COOKIE" --data-urlencode "csrf=$CSRF")
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	req POST "$path" "${args[@]}"
}
# With an API token.
aget() { req GET "$1" -H "Authorization: Bearer $TOKEN" "${@:2}"; }

# Value of header NAME in the last response (first one, case-insensitive).
hdr() {
	awk -v n="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" -F': ' '
		{ k = tolower($1) } k == n { sub(/^[^:]*: */, ""); print; exit }' "$T/hdrs"
}
# Value of cookie NAME set by the last response's Set-Cookie headers.
set_cookie_value() {
	grep -i '^set-cookie:' "$T/hdrs" | sed 's/^[^:]*: *//' |
		awk -v n="$1" -F';' '{ split($1, kv, "="); if (kv[1] == n) { sub(/^[^=]*=/, "", $1); print $1; exit } }'
}
# Value of the hidden csrf field in the last body.
csrf_field() {
	grep -o '<input[^>]*name="csrf"[^>]*>' "$T/body" | head -1 | sed -n 's/.*value="\([^"]*\)".*/\1/p'
}
body() { cat "$T/body"; }
# A JSON field of the last body by a jq-like dotted path, via python3 (always installed).
json() {
	python3 - "$1" "$T/body" <<'PY'
import json, sys
path, f = sys.argv[1], sys.argv[2]
try:
    v = json.load(open(f, encoding="utf-8"))
except Exception as ex:
    print("<invalid json: %s>" % ex); sys.exit(0)
for k in [p for p in path.split(".") if p]:
    try:
        v = v[int(k)] if isinstance(v, list) else v[k]
    except Exception:
        print("<missing %s>" % path); sys.exit(0)
print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else
      ("true" if v is True else "false" if v is False else "null" if v is None else v))
PY
}

# ---------------------------------------------------------------- users and sessions

# user_field LOGIN N: field N (1 login, 2 password, 3 role, 4 unit) of the logins file.
user_field() { awk -F'\t' -v l="$1" -v n="$2" '$1 == l { print $n; exit }' "$LOGINS"; }
password_of() { user_field "$1" 2; }
# logins_with ROLE [UNIT-REGEX]: the logins of that role whose unit name matches.
logins_with() {
	awk -F'\t' -v r="$1" -v u="${2:-}" '$3 == r && (u == "" || $4 ~ u) { print $1 }' "$LOGINS"
}

# login LOGIN [PASSWORD]: sign in through the form; sets COOKIE and CSRF (the session's token,
# read from /account). Bails when sign-in fails: later assertions would mean nothing.
login() {
	local who=$1 pw=${2:-} pre sess
	[ -n "$pw" ] || pw=$(password_of "$who")
	[ -n "$pw" ] || bail "no password for '$who' in $LOGINS"
	get /login
	pre=$(set_cookie_value __Host-dv_csrf)
	[ -n "$pre" ] || { last_response; bail "GET /login set no __Host-dv_csrf cookie"; }
	post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=$who" \
		--data-urlencode "password=$pw" --data-urlencode "csrf=$pre"
	sess=$(set_cookie_value __Host-dv_session)
	if [ "$STATUS" != 303 ] || [ -z "$sess" ]; then
		last_response
		bail "sign-in as '$who' failed (status $STATUS)"
	fi
	COOKIE="__Host-dv_session=$sess"
	sget /account
	CSRF=$(csrf_field)
	[ -n "$CSRF" ] || { last_response; bail "GET /account as '$who' shows no csrf field"; }
}

# token_for LOGIN: an API token made by the CLI, in TOKEN.
token_for() {
	dv user token "$1" --db "$DB" --key-file "$KEY"
	TOKEN=$(tr -d '\n' <"$T/out")
	[ "$RC" -eq 0 ] && [ -n "$TOKEN" ] || { cat "$T/err"; bail "danvan user token $1 failed ($RC)"; }
}

# ---------------------------------------------------------------- assertions

assert_status() {
	local want=$1 msg=${2:-$LAST_REQ}
	if [ "$STATUS" = "$want" ]; then ok "$msg: status $want"; else
		not_ok "$msg: expected status $want, got $STATUS"; last_response; fi
}
# assert_status_in "401 403" MSG
assert_status_in() {
	local want=$1 msg=${2:-$LAST_REQ}
	case " $want " in *" $STATUS "*) ok "$msg: status $STATUS" ;; *)
		not_ok "$msg: expected status one of ($want), got $STATUS"; last_response ;; esac
}
# assert_contains TEXT [MSG]: fixed string in the last body.
assert_contains() {
	if grep -qF -- "$1" "$T/body"; then ok "${2:-$LAST_REQ}: body contains '$1'"; else
		not_ok "${2:-$LAST_REQ}: body should contain '$1'"; last_response; fi
}
assert_not_contains() {
	if ! grep -qF -- "$1" "$T/body"; then ok "${2:-$LAST_REQ}: body lacks '$1'"; else
		not_ok "${2:-$LAST_REQ}: body should not contain '$1'"; last_response; fi
}
# Every value of header NAME in the last response, one a line.
hdr_all() {
	awk -v n="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" -F': ' '
		{ k = tolower($1) } k == n { sub(/^[^:]*: */, ""); print }' "$T/hdrs"
}
# assert_header NAME REGEX [MSG]: one of the header's values matches an extended regex.
assert_header() {
	local v
	v=$(hdr_all "$1")
	if [ -n "$v" ] && printf '%s\n' "$v" | grep -qE -- "$2"; then ok "${3:-$LAST_REQ}: $1 ~ /$2/"; else
		not_ok "${3:-$LAST_REQ}: header $1 should match /$2/, got '${v:-<absent>}'"; last_response; fi
}
assert_no_header() {
	local v
	v=$(hdr "$1")
	if [ -z "$v" ]; then ok "${2:-$LAST_REQ}: no $1 header"; else
		not_ok "${2:-$LAST_REQ}: header $1 should be absent, got '$v'"; last_response; fi
}
# assert_eq WANT GOT MSG
assert_eq() {
	if [ "$1" = "$2" ]; then ok "$3: '$2'"; else not_ok "$3: expected '$1', got '$2'"; fi
}
assert_ne() {
	if [ "$1" != "$2" ]; then ok "$3: '$2' differs from '$1'"; else not_ok "$3: expected something other than '$1'"; fi
}
# assert_match REGEX VALUE MSG
assert_match() {
	if printf '%s' "$2" | grep -qE -- "$1"; then ok "$3: '$2' ~ /$1/"; else
		not_ok "$3: expected /$1/, got '$2'"; fi
}
# assert_json PATH WANT [MSG]
assert_json() {
	local v
	v=$(json "$1")
	if [ "$v" = "$2" ]; then ok "${3:-$LAST_REQ}: .$1 = $2"; else
		not_ok "${3:-$LAST_REQ}: expected .$1 = '$2', got '$v'"; last_response; fi
}
# assert_problem STATUS CODE [MSG]: an application/problem+json error with every field; STATUS
# may be "400|422"; CODE "" accepts any code.
assert_problem() {
	local want=$1 code=$2 msg=${3:-$LAST_REQ} f bad=""
	# "400|422": any of these
	case $want in *"|"*) assert_status_in "${want//|/ }" "$msg"; want=$STATUS ;;
		*) assert_status "$want" "$msg" ;; esac
	assert_header Content-Type '^application/problem\+json' "$msg"
	for f in type title status detail code; do
		case $(json "$f") in "<missing"* | "<invalid"*) bad="$bad $f" ;; esac
	done
	if [ -z "$bad" ]; then ok "$msg: problem has type, title, status, detail, code"; else
		not_ok "$msg: problem+json lacks:$bad"; last_response; fi
	assert_json status "$want" "$msg"
	[ -z "$code" ] || assert_json code "$code" "$msg"
}
# assert_rc WANT MSG: exit status of the last dv.
assert_rc() {
	if [ "$RC" = "$1" ]; then ok "${2:-$LAST_REQ}: exit $1"; else
		not_ok "${2:-$LAST_REQ}: expected exit $1, got $RC"
		sed 's/^/#   out: /' "$T/out" | head -10; sed 's/^/#   err: /' "$T/err" | head -10
	fi
}
# Redirect to sign-in with the path as next.
assert_login_redirect() {
	local path=$1 enc
	enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$path")
	assert_status 303 "${2:-$LAST_REQ}"
	assert_header Location "^/login\?next=$(printf '%s' "$enc" | sed 's/[.[\*^$()+?{|]/\\&/g')$" "${2:-$LAST_REQ}"
}

# ---------------------------------------------------------------- looking into the database

# sql QUERY [PARAM...]: rows of a read-only query on the test database, tab-separated. The
# tests use it only to pick fixtures and to prove that rejected requests changed nothing.
# On PostgreSQL the parameters are written into the query as quoted literals (test values only).
sql() {
	if [ "$ENGINE" = postgresql ]; then
		local q
		q=$(python3 - "$@" <<'PY'
import sys
q, params = sys.argv[1], sys.argv[2:]
out, i = [], 0
for ch in q:
    if ch == "?":
        out.append("'" + params[i].replace("'", "''") + "'")
        i += 1
    else:
        out.append(ch)
print("".join(out))
PY
)
		psql "$DB" -qAt -F $'\t' -v ON_ERROR_STOP=1 -c "$q"
		return
	fi
	python3 - "$T/d.db" "$@" <<'PY'
import sqlite3, sys
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
for row in con.execute(sys.argv[2], sys.argv[3:]):
    print("\t".join("" if v is None else str(v) for v in row))
PY
}
# sqlw SQL: a write straight into the database (to corrupt an aggregate on purpose); fails the
# script when the statement fails.
sqlw() {
	if [ "$ENGINE" = postgresql ]; then psql "$DB" -qAt -v ON_ERROR_STOP=1 -c "$1" >/dev/null; else
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10); c.execute(sys.argv[2]); c.commit()' "$T/d.db" "$1"; fi ||
		bail "sqlw: $1 failed"
}
# A digest of what requests may change: units, their closure and areas, users, audit (sign-ins
# are audited too, and are left out). Compared only with itself, on the same engine.
db_fingerprint() {
	local q
	for q in "SELECT id, parent_id, kind, name, name_en, home_area_id, active FROM unit ORDER BY id" \
		"SELECT ancestor, descendant, depth FROM unit_closure ORDER BY 1, 2" \
		"SELECT unit_id, area_id FROM unit_area ORDER BY 1, 2" \
		"SELECT id, login, display_name, unit_id, role, password_hash, active FROM app_user ORDER BY id" \
		"SELECT count(*) FROM audit_log WHERE action NOT LIKE 'auth.%'"; do
		sql "$q"
	done | sha256sum | cut -c1-16
}
# pick_user VAR ROLE LEVEL PROVINCE: sets VAR to a login of that role whose unit's home area is
# at LEVEL (1 province, 2 commune, 3 village, 0 nation) inside province PROVINCE ("" = anywhere).
pick_user() {
	local var=$1 who
	shift
	who=$(sql "SELECT u.login FROM app_user u JOIN unit n ON n.id = u.unit_id
		JOIN area a ON a.id = n.home_area_id
		WHERE u.role = ? AND u.active = 1 AND a.level = ? AND (? = '' OR EXISTS (
			SELECT 1 FROM area_closure c JOIN area p ON p.id = c.ancestor
			WHERE c.descendant = a.id AND p.code = ?))
		ORDER BY u.id LIMIT 1" "$1" "$2" "$3" "$3")
	[ -n "$who" ] || bail "the demo has no $1 at level $2 in province '${3:-any}'"
	awk -F'\t' -v l="$who" '$1 == l { f = 1 } END { exit !f }' "$LOGINS" ||
		bail "demo user '$who' ($1, level $2, province $3) is not in $LOGINS"
	printf -v "$var" '%s' "$who"
	note "$var = $who ($1, level $2, province ${3:-any})"
}
# unit_of LOGIN: the id of the user's unit.
unit_of() { sql "SELECT unit_id FROM app_user WHERE login = ?" "$1"; }

# ---------------------------------------------------------------- cases (t1400-t1600)

# urlenc TEXT: TEXT percent-encoded for a path segment or a query value.
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# serve_flag FLAG VALUE: "FLAG VALUE" when `danvan serve --help` knows FLAG, else nothing (for
# settings that arrive with the pieces being written, e.g. --submit-max-addr).
serve_flag() {
	# the help is read whole first: grep -q stops early, and under pipefail the writer's SIGPIPE
	# would fail the pipeline
	local help
	help=$("$DANVAN" serve --help 2>&1)
	grep -q -- "^ *$1 " <<<"$help" && printf '%s\n%s\n' "$1" "$2"
	return 0
}

# public_csrf: the anonymous visitor's CSRF token (double-submit cookie) in PUB_CSRF, once.
public_csrf() {
	[ -n "${PUB_CSRF:-}" ] && return 0
	get /login
	PUB_CSRF=$(set_cookie_value __Host-dv_csrf)
	[ -n "$PUB_CSRF" ] || { last_response; bail "GET /login set no __Host-dv_csrf cookie"; }
}
# ppost PATH name=value...: an anonymous form POST with the CSRF cookie and field.
ppost() {
	local path=$1 a
	shift
	public_csrf
	local args=(-H "Cookie: __Host-dv_csrf=$PUB_CSRF" --data-urlencode "csrf=$PUB_CSRF")
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	req POST "$path" "${args[@]}"
}
# praw_post PATH BODY: an anonymous form body sent as is (csrf=... prepended), for bytes curl
# would encode (%FF, %00).
praw_post() {
	public_csrf
	printf 'csrf=%s&%s' "$PUB_CSRF" "$2" >"$T/req-body"
	req POST "$1" -H "Cookie: __Host-dv_csrf=$PUB_CSRF" \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/req-body"
}
# sraw_post PATH BODY: the same with the signed-in session (COOKIE, CSRF).
sraw_post() {
	printf 'csrf=%s&%s' "$CSRF" "$2" >"$T/req-body"
	req POST "$1" -H "Cookie: $COOKIE" -H 'Content-Type: application/x-www-form-urlencoded' \
		--data-binary "@$T/req-body"
}
# json_post PATH JSON [curl args]: a JSON body as is (printf %s: raw bytes survive).
json_post() {
	local path=$1 data=$2
	shift 2
	printf '%s' "$data" >"$T/req-json"
	req POST "$path" -H 'Content-Type: application/json' --data-binary "@$T/req-json" "$@"
}
# apost PATH JSON: json_post with the bearer TOKEN.
apost() { json_post "$1" "$2" -H "Authorization: Bearer $TOKEN" "${@:3}"; }

# submit_public KIND name=value...: the public web form (POST /submit); TRACK gets the code
# from the 303 to /track/CODE (empty otherwise).
submit_public() {
	local kind=$1
	shift
	ppost /submit "kind=$kind" "$@"
	TRACK=$(hdr Location | sed -n 's|^/track/\([^?/]*\).*|\1|p')
}
# submit_json JSON: POST /api/v1/public/cases; TRACK gets .tracking_code of a 201.
submit_json() {
	json_post /api/v1/public/cases "$1"
	TRACK=
	if [ "$STATUS" = 201 ]; then TRACK=$(json tracking_code); fi
	return 0
}
# staff_case name=value...: POST /cases (intake on behalf) as the signed-in user; CASE_ID gets
# the id from the 303 to /cases/ID (empty otherwise).
staff_case() {
	spost /cases "$@"
	CASE_ID=$(hdr Location | sed -n 's|^/cases/\([0-9][0-9]*\).*|\1|p')
}
# staff_case_json JSON: POST /api/v1/cases with TOKEN; CASE_ID gets .id of a 201.
staff_case_json() {
	apost /api/v1/cases "$1"
	CASE_ID=
	if [ "$STATUS" = 201 ]; then CASE_ID=$(json id); fi
	return 0
}
# act ID ACTION [name=value...]: one workflow action through the case page's form. The fields
# are those of the JSON action (target_unit_id, extend_days); the page's form names them
# target_unit and days, so both are sent.
act() {
	local id=$1 action=$2 a
	shift 2
	local f=()
	for a in "$@"; do
		f+=("$a")
		case $a in
		target_unit_id=*) f+=("target_unit=${a#*=}") ;;
		extend_days=*) f+=("days=${a#*=}") ;;
		esac
	done
	spost "/cases/$id/act" "action=$action" "${f[@]}"
}
# must_act ID ACTION [name=value...]: act, bailing unless it was applied (303): a fixture step.
must_act() {
	act "$@"
	[ "$STATUS" = 303 ] || { last_response; bail "fixture: action '$2' on case $1 answered $STATUS"; }
}
# case_id_of CODE: the id of the case with that tracking code (empty when none).
case_id_of() { sql "SELECT id FROM citizen_case WHERE tracking_code = ?" "$1"; }
# tracking_of ID: the tracking code of case ID.
tracking_of() { sql "SELECT tracking_code FROM citizen_case WHERE id = ?" "$1"; }
# case_field ID COLUMN: one column of a case (COLUMN is a fixed name written in the test).
case_field() { sql "SELECT $2 FROM citizen_case WHERE id = ?" "$1"; }

# case_counts: the rows of every case table and the audit records (sign-ins left out), one
# line, to prove that refused requests wrote nothing.
case_counts() {
	local t
	for t in citizen_case case_event case_deadline case_handler notification routing_rule case_area_agg; do
		printf '%s=%s ' "$t" "$(sql "SELECT count(*) FROM $t")"
	done
	printf 'audit=%s\n' "$(sql "SELECT count(*) FROM audit_log WHERE action NOT LIKE 'auth.%'")"
}
# cases_digest: a digest of what actions change in cases, clocks and received sums.
cases_digest() {
	{
		sql "SELECT id, status, handling_unit_id, extensions, complex, rating, decision, decided_on,
			accepted_on, closed_at, updated_at FROM citizen_case ORDER BY id"
		sql "SELECT case_id, step, rule_code, due_day, met_on, extensions FROM case_deadline ORDER BY 1, 2"
		sql "SELECT area_id, month, kind, topic_id, received, accepted, decided FROM case_area_agg ORDER BY 1, 2, 3, 4"
	} | sha256sum | cut -c1-16
}

# blob_hex COLUMN: an SQL expression giving a blob column as lowercase hex on either engine.
blob_hex() {
	if [ "$ENGINE" = postgresql ]; then echo "encode($1, 'hex')"; else echo "lower(hex($1))"; fi
}
# text_hex TEXT: the UTF-8 bytes of TEXT as lowercase hex.
text_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# find_secrets FILE TEXT...: prints each TEXT found in FILE, looking at the raw bytes and at
# the text with HTML entities, JSON \u escapes and percent-encoding undone, and with case and
# diacritics folded (so "Nguyen Van" finds "Nguyễn Văn"). Prints nothing when none is there.
find_secrets() {
	python3 - "$@" <<'PY'
import html, json, re, sys, unicodedata, urllib.parse
f, needles = sys.argv[1], [n for n in sys.argv[2:] if n]
try:
    raw = open(f, "rb").read().decode("utf-8", "replace")
except OSError:
    sys.exit(0)
def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()
views = [raw, html.unescape(raw)]
try:
    views.append(urllib.parse.unquote_plus(raw))
except Exception:
    pass
try:
    views.append(json.dumps(json.loads(raw), ensure_ascii=False))
except Exception:
    views.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw))
folded = [fold(v) for v in views]
for n in needles:
    if any(n in v for v in views) or any(fold(n) in v for v in folded):
        print(n)
PY
}
# assert_no_secrets MSG FILE TEXT...: none of the texts is in FILE (see find_secrets).
assert_no_secrets() {
	local msg=$1 f=$2 found
	shift 2
	found=$(find_secrets "$f" "$@")
	if [ -z "$found" ]; then ok "$msg: no identity"; else
		not_ok "$msg: holds the identity: $(printf '%s' "$found" | tr '\n' '|')"
		[ "$f" = "$T/body" ] && last_response
	fi
}
# assert_body_no_secrets MSG TEXT...: the same for the last response body.
assert_body_no_secrets() {
	local msg=$1
	shift
	assert_no_secrets "$msg" "$T/body" "$@"
}

# add_user LOGIN UNIT_ID ROLE: a user made by the CLI and added to the logins file (for roles
# the demo lacks, e.g. a settler out of scope).
add_user() {
	local pw="bb-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	dv user add "$1" --unit "$2" --role "$3" --name "Người thử $1" --password "$pw" \
		--db "$DB" --key-file "$KEY"
	[ "$RC" -eq 0 ] || { cat "$T/err"; bail "danvan user add $1 failed ($RC)"; }
	printf '%s\t%s\t%s\t%s\n' "$1" "$pw" "$3" "unit $2" >>"$LOGINS"
}
# today_vn: today's date in Vietnam (UTC+7), YYYY-MM-DD.
today_vn() { date -u -d "@$(( $(date +%s) + 7 * 3600 ))" +%Y-%m-%d; }
