#!/bin/bash
# t1000-postgresql: what only PostgreSQL has: init on an empty database, start-up errors, the
# copy from SQLite, two servers sharing sessions, and an outage of the database (503, then back).
# engines: postgresql
. "$(dirname "$0")/lib.sh"

PGBASE=$DANVAN_TEST_PG
PGTMP=$(dirname "$0")/../pg/pgtmp

# --- start-up errors name what to fix and exit 4
dv serve --db "postgresql://postgres@127.0.0.1:1/nothing" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve against an unreachable server"
assert_match "cannot connect to PostgreSQL.*check that the server runs" "$(cat "$T/err")" "unreachable: the message says what to check"
dv serve --db "${PGBASE/postgres@/nobody@}/$PGDB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve with a user the server does not know"
assert_match 'role "nobody" does not exist' "$(cat "$T/err")" "wrong user: the server's reason is shown"
dv serve --db "postgresql://postgres:secret-pw@127.0.0.1:1/x" --key-file "$KEY" --listen 127.0.0.1:0
if grep -q secret-pw "$T/err"; then not_ok "the password appears in the error"; else ok "the password never appears in errors"; fi
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve on an empty database"
assert_match "run 'danvan init' or 'danvan migrate'" "$(cat "$T/err")" "empty database: the message says what to run"

# --- migrate --copy-from: a SQLite demo into this (empty) PostgreSQL database
"$DANVAN" demo --db "sqlite:$T/src.db" --key-file "$KEY" --provinces 01,79 --logins "$LOGINS" \
	>"$T/demo.out" 2>"$T/demo.err" || bail "SQLite demo for the copy failed"
dv migrate --copy-from "sqlite:$T/src.db" --db "$DB"
assert_rc 0 "migrate --copy-from sqlite into an empty PostgreSQL database"
assert_match "copied 54 tables" "$(cat "$T/out")" "copy reports its tables"
grep -q "area_closure" "$T/err" && ok "copy shows progress per table" || not_ok "copy showed no progress"
for t in area area_closure unit unit_closure unit_area app_user audit_log activity activity_area_agg \
	activity_unit_agg activity_revision plan plan_target twinning working_group; do
	want=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM "+sys.argv[2]).fetchone()[0])' "$T/src.db" "$t")
	assert_eq "$want" "$(sql "SELECT count(*) FROM $t")" "rows of $t after the copy"
done
dv migrate --copy-from "sqlite:$T/src.db" --db "$DB"
assert_rc 1 "a second copy into the now full database"
assert_match "not empty" "$(cat "$T/err")" "second copy: says the target is not empty"
# new rows after the copy get fresh ids (the identity sequences moved past the copied ones)
dv user add copy.check --unit 1 --role officer --name "Sau sao chép" --password "mật khẩu đủ dài 123" --db "$DB" --key-file "$KEY"
assert_rc 0 "a user added after the copy"
assert_eq "$(sql "SELECT max(id) FROM app_user WHERE login <> 'copy.check'")" \
	"$(sql "SELECT id - 1 FROM app_user WHERE login = 'copy.check'")" "the new user's id follows the copied ones"

# a schema newer than the binary is refused at start-up
psql "$DB" -qAt -c "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)" >/dev/null
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve on a schema newer than the binary"
assert_match "upgrade danvan" "$(cat "$T/err")" "newer schema: the message says to upgrade"
psql "$DB" -qAt -c "DELETE FROM schema_migrations WHERE version = 9999" >/dev/null

# --- the copied database serves, and two servers share sessions
start_server
A_BASE=$BASE A_PID=$SERVER_PID
login canbo.badinh
SESSION_COOKIE=$COOKIE
"$DANVAN" serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0 --access-log "" \
	>"$T/b.out" 2>"$T/b.err" &
B_PID=$!
for ((i = 0; i < 100 * SLOW; i++)); do
	B_PORT=$(sed -n 's|^danvan: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/$|\1|p' "$T/b.err" | head -1)
	[ -n "$B_PORT" ] && break
	sleep 0.1
done
[ -n "$B_PORT" ] || bail "the second server did not start"
BASE="http://127.0.0.1:$B_PORT"
sget /account
assert_status 200 "the session made on server A works on server B"
assert_contains "canbo.badinh" "server B knows who signed in on A"
spost /logout
assert_status 303 "sign out on server B"
BASE=$A_BASE
sget /api/v1/me
assert_problem 401 unauthorized "after signing out on B, A refuses the old session"
kill -TERM "$B_PID"; wait "$B_PID" 2>/dev/null
sanitizer_check "$T/b.err" "second danvan serve"

# --- an outage: a private server is stopped under a running danvan, then started again
stop_server
OWN=$(mktemp -u "${TMPDIR:-/tmp}/danvan-pg.XXXXXX") # outside $T, which only root may enter
url=$("$PGTMP" start "$OWN") || bail "could not start a private PostgreSQL server"
trap '"$PGTMP" stop "$OWN"; _cleanup' EXIT
psql "$url/postgres" -qAt -c "CREATE DATABASE outage" >/dev/null || bail "could not create the outage database"
DB_SAVE=$DB
DB="$url/outage"
dv migrate --copy-from "sqlite:$T/src.db" --db "$DB"
assert_rc 0 "copy into the private server"
token_for canbo.badinh
start_server
aget /api/v1/areas/00004
assert_status 200 "before the outage"
"$PGTMP" pause "$OWN" || bail "could not stop the private server"
aget /api/v1/areas/00004
assert_problem 503 unavailable "during the outage: 503 problem+json"
get /healthz
assert_status 503 "during the outage, /healthz says so"
"$PGTMP" resume "$OWN" || bail "could not start the private server again"
got=
for ((i = 0; i < 10; i++)); do
	aget /api/v1/areas/00004
	[ "$STATUS" = 200 ] && { got=1; break; }
	sleep 0.3
done
[ -n "$got" ] && ok "after the outage the server answers again without a restart" ||
	{ not_ok "after the outage the server still fails"; last_response; }
aget /api/v1/me
assert_status 200 "and goes on answering"
# every worker's connection died with the server: each read reconnects and runs again
# instead of answering 503 once per worker
bad=0
for ((i = 0; i < 12; i++)); do
	aget /api/v1/areas/00004
	[ "$STATUS" = 200 ] || bad=$((bad + 1))
done
assert_eq "$bad" 0 "after the outage no request fails on a connection that died while idle"
stop_server
DB=$DB_SAVE
done_testing
