#!/bin/bash
# t0100-cli: --version, init (once only, key file 0600, admin password), user add/list/disable/
# enable/passwd and what they do to sign-in, exit codes for usage, config and database errors.
# engines: sqlite (init, file modes and missing-file errors are about the SQLite file; t1000 covers PostgreSQL)
. "$(dirname "$0")/lib.sh"

# --- version and usage
dv --version
assert_rc 0 "danvan --version"
assert_match '^danvan [0-9]+\.[0-9]+\.[0-9]+' "$(head -1 "$T/out")" "danvan --version prints the version"
dv --no-such-option
assert_rc 2 "danvan --no-such-option"
[ -s "$T/err" ] && ok "unknown option explains itself on stderr" || not_ok "unknown option printed nothing on stderr"
dv no-such-command
assert_rc 2 "danvan no-such-command"
dv serve --no-such-flag
assert_rc 2 "danvan serve --no-such-flag"
# commands without positional arguments name the stray one and the command's help, and touch nothing
for c in serve migrate init demo deadline routes; do
	dv "$c" stray --db "sqlite:$T/none.db" --key-file "$T/nonek"
	assert_rc 2 "danvan $c stray"
	grep -q "'stray'.*danvan $c --help" "$T/err" && ok "danvan $c stray names the argument and the help" ||
		not_ok "danvan $c stray: $(head -1 "$T/err")"
done
[ ! -e "$T/none.db" ] && [ ! -e "$T/nonek" ] && ok "a usage error creates no database and no key" ||
	not_ok "a usage error left $T/none.db or $T/nonek behind"
dv --help
assert_rc 0 "danvan --help"
for c in init serve migrate user areas demo; do
	grep -qw "$c" "$T/out" && ok "danvan --help lists $c" || not_ok "danvan --help does not list $c"
done
dv serve --help
assert_rc 0 "danvan serve --help"
for k in listen db key-file access-log max-body DANVAN_LISTEN DANVAN_DB; do
	grep -q -- "$k" "$T/out" && ok "serve --help documents $k" || not_ok "serve --help does not document $k"
done

# --- init
dv init --db "sqlite:$T/i.db" --key-file "$T/ik"
assert_rc 0 "danvan init on a fresh path"
assert_eq 600 "$(stat -c %a "$T/ik" 2>/dev/null)" "key file mode"
[ -s "$T/i.db" ] && ok "init created the database" || not_ok "init created no database at $T/i.db"
cp "$T/out" "$T/init.out"
admin_pw=$(grep -oE '[^[:space:]"'"'"']{12,}' "$T/init.out" | grep -vE "^(sqlite:|/)" | tail -1)
assert_match '.{12,}' "$admin_pw" "init prints a generated password of 12+ characters"
keysum=$(md5sum <"$T/ik")
dbsum=$(md5sum <"$T/i.db")
dv init --db "sqlite:$T/i.db" --key-file "$T/ik"
if [ "$RC" -ne 0 ]; then ok "init again fails (exit $RC)"; else not_ok "init again succeeded"; fi
[ -s "$T/err" ] && ok "init again says why: $(head -1 "$T/err")" || not_ok "init again printed nothing on stderr"
if grep -qF -- "$admin_pw" "$T/out" "$T/err"; then not_ok "init again printed the password again"; else ok "init again prints no password"; fi
assert_eq "$keysum" "$(md5sum <"$T/ik")" "init again leaves the key file alone"
assert_eq "$dbsum" "$(md5sum <"$T/i.db")" "init again leaves the database alone"
dv user list --db "sqlite:$T/i.db" --key-file "$T/ik"
assert_rc 0 "user list on the new database"
assert_match administrator "$(cat "$T/out")" "user list shows the first administrator"
admin_login=$(awk '/administrator/ { print $1; exit }' "$T/out")
note "first administrator: '$admin_login'"

# the printed password signs in
mv "$T/i.db" "$T/d.db"; for f in "$T"/i.db-*; do [ -e "$f" ] && mv "$f" "$T/d.db${f#"$T"/i.db}"; done
cp "$T/ik" "$KEY"
start_server
login "$admin_login" "$admin_pw"
ok "the password printed by init signs in as $admin_login"
stop_server

# --- users
make_demo_fresh() { rm -f "$T"/d.db* "$KEY" "$LOGINS"; make_demo; }
make_demo_fresh
pick_user OFFICER officer 2 79
unit=$(unit_of "$OFFICER")
CLI=(--db "$DB" --key-file "$KEY")
newpw='Mật khẩu đủ dài 2025!'
dv user add cli-test-user --unit "$unit" --role officer --name "Nguyễn Văn Thử" --password "$newpw" "${CLI[@]}"
assert_rc 0 "user add"
dv user add cli-test-user --unit "$unit" --role officer --name "Trùng" --password "$newpw" "${CLI[@]}"
if [ "$RC" -ne 0 ]; then ok "user add of an existing login fails (exit $RC)"; else not_ok "user add of an existing login succeeded"; fi
dv user add short-pw-user --unit "$unit" --role officer --name "Ngắn" --password "short" "${CLI[@]}"
if [ "$RC" -ne 0 ]; then ok "user add with a 5-character password fails (exit $RC)"; else not_ok "user add accepted a 5-character password"; fi
dv user add bad-role-user --unit "$unit" --role emperor --name "Vua" --password "$newpw" "${CLI[@]}"
if [ "$RC" -ne 0 ]; then ok "user add with an unknown role fails (exit $RC)"; else not_ok "user add accepted role 'emperor'"; fi
dv user list "${CLI[@]}"
assert_rc 0 "user list"
grep -qw 'cli-test-user' "$T/out" && ok "user list shows cli-test-user" || not_ok "user list lacks cli-test-user"
grep -qw 'short-pw-user' "$T/out" && not_ok "a refused user was created" || ok "refused users were not created"
printf 'cli-test-user\t%s\tofficer\tx\n' "$newpw" >>"$LOGINS"

start_server
login cli-test-user "$newpw"
ok "a user made by the CLI signs in"
sget /api/v1/me
assert_json login cli-test-user "the CLI user's /api/v1/me"

dv user disable cli-test-user "${CLI[@]}"
assert_rc 0 "user disable"
sget /api/v1/me
assert_problem 401 unauthorized "a disabled user's session ends"
get /login
pre=$(set_cookie_value __Host-dv_csrf)
post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=cli-test-user" \
	--data-urlencode "password=$newpw" --data-urlencode "csrf=$pre"
assert_status 401 "a disabled user cannot sign in"
dv user list "${CLI[@]}"
grep 'cli-test-user' "$T/out" | grep -qiE 'disabled|inactive|no\b|false|khóa|vô hiệu' &&
	ok "user list shows cli-test-user as disabled" || not_ok "user list does not show cli-test-user as disabled: $(grep cli-test-user "$T/out")"
dv user enable cli-test-user "${CLI[@]}"
assert_rc 0 "user enable"
login cli-test-user "$newpw"
ok "an enabled user signs in again"

pw2='Một mật khẩu mới khác 77'
dv user passwd cli-test-user --password "$pw2" "${CLI[@]}"
assert_rc 0 "user passwd"
sget /api/v1/me
assert_problem 401 unauthorized "a password reset ends the user's sessions"
get /login
pre=$(set_cookie_value __Host-dv_csrf)
post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=cli-test-user" \
	--data-urlencode "password=$newpw" --data-urlencode "csrf=$pre"
assert_status 401 "the old password no longer works"
login cli-test-user "$pw2"
ok "the new password works"
dv user disable no-such-login "${CLI[@]}"
assert_rc 1 "user disable of an unknown login"

# --- token
dv user token "$OFFICER" "${CLI[@]}"
assert_rc 0 "user token"
assert_eq 1 "$(wc -l <"$T/out")" "user token prints one line"
TOKEN=$(tr -d '\n' <"$T/out")
aget /api/v1/me
assert_json login "$OFFICER" "the printed token authenticates"
stop_server

# --- migrate
dv migrate --status "${CLI[@]}"
assert_rc 0 "migrate --status"
latest=$(ls "$(dirname "$0")/../../src/store/migrations" | sort | tail -1 | cut -c1-4)
grep -q "$latest" "$T/out" && ok "migrate --status names the latest migration $latest" || not_ok "migrate --status does not name $latest: $(head -3 "$T/out")"
dv migrate "${CLI[@]}"
assert_rc 0 "migrate on an up-to-date database"

# --- exit codes for configuration and database errors
dv serve --db "sqlite:$T/missing/nothing.db" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve against a missing database"
grep -qE 'danvan (init|demo)' "$T/err" && ok "it names what to run: $(head -1 "$T/err")" ||
	not_ok "serve against a missing database does not name 'danvan init': $(head -2 "$T/err")"
[ -e "$T/missing" ] && not_ok "serve created $T/missing" || ok "serve created nothing"
dv serve --db "$DB" --key-file "$T/no-such.key" --listen 127.0.0.1:0
assert_rc 3 "serve with a missing key file"
chmod 644 "$KEY"
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 3 "serve with a key file readable by others (0644)"
chmod 600 "$KEY"
dv serve --db "$DB" --key-file "$KEY" --listen 'not-an-address'
assert_rc_in() { case " $1 " in *" $RC "*) ok "$2: exit $RC" ;; *) not_ok "$2: expected exit in ($1), got $RC"; sed 's/^/#   /' "$T/err" | head -5 ;; esac; }
assert_rc_in "2 3" "serve --listen not-an-address"
printf 'listen = 127.0.0.1:0\nno_such_key = 1\n' >"$T/bad.conf"
dv serve --config "$T/bad.conf" --db "$DB" --key-file "$KEY"
assert_rc 3 "serve with an unknown key in the config file"
grep -q 'no_such_key' "$T/err" && ok "the message names the key" || not_ok "the message does not name no_such_key: $(head -2 "$T/err")"
dv serve --config "$T/no-such.conf" --db "$DB" --key-file "$KEY"
assert_rc 3 "serve with a missing config file"
# a database from a newer binary is refused
python3 - "$T/d.db" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
t = next((t for t in tables if "migration" in t or "schema" in t), None)
if t:
    cols = [r[1] for r in con.execute("PRAGMA table_info(%s)" % t)]
    row = con.execute("SELECT * FROM %s ORDER BY 1 DESC LIMIT 1" % t).fetchone()
    vals = list(row); vals[0] = 9999 if isinstance(vals[0], int) else "9999"
    con.execute("INSERT INTO %s VALUES (%s)" % (t, ",".join("?" * len(vals))), vals)
    con.commit()
    print(t)
PY
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 4 "serve against a database with a newer schema"

done_testing
