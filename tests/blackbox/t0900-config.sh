#!/bin/bash
# t0900-config: one table of keys, read from defaults < --config file < DANVAN_* environment <
# flags; shown by `danvan serve --help`. Proven with max-body, whose effect is visible (413).
. "$(dirname "$0")/lib.sh"
make_demo

# probe SIZE: status of an anonymous POST /login with a body of SIZE bytes
probe() {
	head -c "$1" /dev/zero | tr '\0' 'a' | sed 's/^/login=/' >"$T/probe"
	req POST /login -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$T/probe"
	echo "$STATUS"
}
over() { if [ "$(probe "$1")" = 413 ]; then ok "$2: $1 bytes refused (413)"; else not_ok "$2: $1 bytes got $STATUS, expected 413"; fi; }
under() { local s; s=$(probe "$1"); if [ "$s" != 413 ] && [ "$s" -lt 500 ]; then ok "$2: $1 bytes accepted ($s)"; else not_ok "$2: $1 bytes got $s, expected the form's own answer"; fi; }

# default: 1 MiB
start_server
under 100000 "default max-body"
over 1100000 "default max-body"
stop_server

# config file
cat >"$T/danvan.conf" <<CONF
# a comment, then a blank line

max-body = 2000
CONF
start_server --config "$T/danvan.conf"
under 1500 "config file max-body = 2000"
over 2500 "config file max-body = 2000"
stop_server

# environment beats the file
DANVAN_MAX_BODY=3000 start_server --config "$T/danvan.conf"
under 2500 "DANVAN_MAX_BODY=3000 over the file's 2000"
over 3500 "DANVAN_MAX_BODY=3000"
stop_server

# flags beat both
DANVAN_MAX_BODY=3000 start_server --config "$T/danvan.conf" --max-body 5000
under 4500 "--max-body 5000 over env and file"
over 5500 "--max-body 5000"
stop_server

# underscores in the file are the same key
printf 'max_body = 2000\n' >"$T/u.conf"
start_server --config "$T/u.conf"
over 2500 "max_body (underscore) in the file"
stop_server

# bad values are refused with exit 3 (file) or 2 (flag), naming the key
printf 'max-body = lots\n' >"$T/bad.conf"
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0 --config "$T/bad.conf"
assert_rc 3 "config file max-body = lots"
grep -q 'max' "$T/err" && ok "the message names the key: $(head -1 "$T/err")" || not_ok "the message does not name max-body: $(head -1 "$T/err")"
dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0 --max-body -5
assert_rc_in() { case " $1 " in *" $RC "*) ok "$2: exit $RC" ;; *) not_ok "$2: expected exit in ($1), got $RC: $(head -1 "$T/err")" ;; esac; }
assert_rc_in "2 3" "--max-body -5"
DANVAN_MAX_BODY=abc dv serve --db "$DB" --key-file "$KEY" --listen 127.0.0.1:0
assert_rc 3 "DANVAN_MAX_BODY=abc"

# the environment reaches every key: the database itself
DANVAN_DB="$DB" DANVAN_KEY_FILE="$KEY" dv migrate --status
assert_rc 0 "DANVAN_DB and DANVAN_KEY_FILE are used by migrate --status"

done_testing
