#!/bin/bash
# t0200-login: the sign-in form, its CSRF cookie, sessions, wrong passwords, logout, rate limit.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user ADMIN administrator 0 ""
pick_user OFFICER officer 2 01
pick_user VICTIM officer 2 79

# --- not signed in
get /
assert_login_redirect / "GET / anonymous"
get /units
assert_login_redirect /units "GET /units anonymous"
get /api/v1/me
assert_problem 401 unauthorized "GET /api/v1/me anonymous"

# --- the form
get /login
assert_status 200 "GET /login"
assert_header Content-Type '^text/html' "GET /login"
pre=$(set_cookie_value __Host-dv_csrf)
assert_match '^[A-Za-z0-9_-]{16,}$' "$pre" "GET /login sets __Host-dv_csrf"
assert_header Set-Cookie '__Host-dv_csrf=.*Path=/' "GET /login csrf cookie Path=/"
assert_header Set-Cookie '__Host-dv_csrf=.*Secure' "GET /login csrf cookie Secure"
assert_eq "$pre" "$(csrf_field)" "GET /login hidden csrf field equals the cookie"
assert_contains 'name="password"' "GET /login"
assert_contains 'name="login"' "GET /login"
get /login
assert_ne "$pre" "$(set_cookie_value __Host-dv_csrf)" "a second GET /login gets a new csrf token"

# post_login LOGIN PASSWORD [more curl args]
post_login() {
	local l=$1 p=$2
	shift 2
	get /login
	pre=$(set_cookie_value __Host-dv_csrf)
	post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=$l" \
		--data-urlencode "password=$p" --data-urlencode "csrf=$pre" "$@"
}
normalised_body() { sed -E 's/value="[^"]*"//g; s/req(uest)?[-_ ]?id[^<]*//Ig' "$T/body"; }

# --- right password
pw=$(password_of "$OFFICER")
post_login "$OFFICER" "$pw"
assert_status 303 "POST /login right password"
assert_header Location '^/$' "POST /login right password"
sess=$(set_cookie_value __Host-dv_session)
assert_match '^[A-Za-z0-9_-]{20,}$' "$sess" "POST /login sets __Host-dv_session"
for a in 'Path=/' 'Secure' 'HttpOnly' 'SameSite=Lax'; do
	assert_header Set-Cookie "__Host-dv_session=.*; *$a(;|$)" "session cookie has $a"
done
if grep -i '^set-cookie: *__Host-dv_session' "$T/hdrs" | grep -qi 'domain='; then
	not_ok "__Host- cookie must not carry Domain"; else ok "__Host- session cookie has no Domain"; fi
COOKIE="__Host-dv_session=$sess"
sget /
assert_status 200 "GET / signed in"
assert_header Content-Type '^text/html' "GET / signed in"
sget /api/v1/me
assert_status 200 "GET /api/v1/me with the session cookie"
assert_json login "$OFFICER" "GET /api/v1/me with the session cookie"

# next: a local path is followed, anything else is not
post_login "$OFFICER" "$pw" --data-urlencode "next=/areas?q=x"
assert_status 303 "POST /login next=/areas?q=x"
assert_header Location '^/areas\?q=x$' "POST /login next=/areas?q=x"
sess2=$(set_cookie_value __Host-dv_session)
assert_ne "$sess" "$sess2" "every sign-in gets a new session token"
for evil in 'https://evil.example/' '//evil.example/x' '/\evil.example' 'javascript:alert(1)'; do
	post_login "$OFFICER" "$pw" --data-urlencode "next=$evil"
	assert_status 303 "POST /login next=$evil"
	assert_header Location '^/$' "POST /login next=$evil is not followed"
done

# --- wrong password, unknown login: the same 401, no session
post_login "$ADMIN" "wrong password 123"
assert_status 401 "POST /login wrong password"
assert_header Content-Type '^text/html' "POST /login wrong password"
assert_eq "" "$(set_cookie_value __Host-dv_session)" "wrong password sets no session"
normalised_body >"$T/wrong.html"
post_login "no-such-user-x" "wrong password 123"
assert_status 401 "POST /login unknown login"
assert_eq "" "$(set_cookie_value __Host-dv_session)" "unknown login sets no session"
normalised_body >"$T/unknown.html"
if cmp -s "$T/wrong.html" "$T/unknown.html"; then ok "unknown login and wrong password give the same page"
else not_ok "unknown login and wrong password give different pages"; diff "$T/wrong.html" "$T/unknown.html" | head -10 | sed 's/^/#   /'; fi

# --- CSRF on the login form
get /login
pre=$(set_cookie_value __Host-dv_csrf)
post /login --data-urlencode "login=$OFFICER" --data-urlencode "password=$pw" --data-urlencode "csrf=$pre"
assert_status 403 "POST /login csrf field without the cookie"
post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=$OFFICER" --data-urlencode "password=$pw"
assert_status 403 "POST /login cookie without the csrf field"
post /login -H "Cookie: __Host-dv_csrf=$pre" --data-urlencode "login=$OFFICER" \
	--data-urlencode "password=$pw" --data-urlencode "csrf=${pre}x"
assert_status 403 "POST /login with a csrf field that differs from the cookie"
assert_eq "" "$(set_cookie_value __Host-dv_session)" "a rejected csrf sets no session"

# --- logout
COOKIE="__Host-dv_session=$sess"
post /logout -H "Cookie: $COOKIE"
assert_status 403 "POST /logout without csrf"
sget /
assert_status 200 "the session survives a logout without csrf"
sget /account
CSRF=$(csrf_field)
spost /logout
assert_status 303 "POST /logout"
assert_header Location '^/login' "POST /logout"
assert_header Set-Cookie '__Host-dv_session=.*(Max-Age=0|Expires=Thu, 01 Jan 1970)' "POST /logout clears the cookie"
sget /areas
assert_login_redirect /areas "GET /areas with the old session"
sget /api/v1/me
assert_problem 401 unauthorized "GET /api/v1/me with the old session"
COOKIE="__Host-dv_session=$sess2"
sget /api/v1/me
assert_status 200 "another session of the same user stays signed in"

# --- a made-up session
COOKIE="__Host-dv_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
sget /units
assert_login_redirect /units "GET /units with a made-up session"

# --- rate limit: 5 failures for one login, then even the right password is refused
vpw=$(password_of "$VICTIM")
for i in 1 2 3 4 5; do
	post_login "$VICTIM" "not the password $i"
	assert_status 401 "failure $i for $VICTIM"
done
post_login "$VICTIM" "$vpw"
assert_status 429 "6th attempt with the right password after 5 failures"
assert_eq "" "$(set_cookie_value __Host-dv_session)" "a rate-limited attempt sets no session"
assert_header Retry-After '^[0-9]+$' "429 says when to retry"
# the limit is per account: another user still signs in
post_login "$ADMIN" "$(password_of "$ADMIN")"
assert_status 303 "another account signs in while $VICTIM is limited"

done_testing
