#!/bin/bash
# t2500-web-probes: XSS payloads in every text field come back escaped on every page, SQL
# metacharacters in every field and parameter change nothing, every state-changing route refuses
# a request without the session's CSRF token, sessions (fixation, sign-out, cookie flags,
# password change), and the security headers of every kind of answer. The probes run in one
# python3 process (tests/blackbox/probes.py) over keep-alive connections.
. "$(dirname "$0")/lib.sh"
make_demo
# the per-address request limit would answer 429 to a single client sending this many requests
mapfile -t extra < <(serve_flag --rate-limit 0)
start_server "${extra[@]}"

# the route table from the binary under test (every ROUTE_WRITE route is probed for CSRF)
dv routes
[ "$RC" -eq 0 ] && [ -s "$T/out" ] || bail "danvan routes failed ($RC): $(head -3 "$T/err")"
cp "$T/out" "$T/routes.tsv"

python3 "$(dirname "$0")/probes.py" "$BASE" "$DB" "$LOGINS" "$T/routes.tsv" >"$T/probes.out" 2>&1
rc=$?
cat "$T/probes.out"
N_OK=$((N_OK + $(grep -c '^ok ' "$T/probes.out")))
N_FAIL=$((N_FAIL + $(grep -c '^not ok ' "$T/probes.out")))
[ "$rc" -eq 0 ] && ok "probes.py ran to its end" || not_ok "probes.py stopped with status $rc"

done_testing
