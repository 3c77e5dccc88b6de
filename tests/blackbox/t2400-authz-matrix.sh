#!/bin/bash
# t2400-authz-matrix: every route of `danvan routes`, called anonymously and as each role, on an
# object in the caller's scope and one out of it, answers what the role table says.
#
# The route table and the role -> permission table come from the binary (`danvan routes`,
# `danvan routes --roles`); tests/blackbox/authz-matrix.tsv says only how to call each route:
# the path for an object in scope (Hà Nội, 01) and out of scope (TP Hồ Chí Minh, 79; "-" when
# the route names no scoped object), a harmless body (deliberately invalid, or one that acts on
# a throwaway object), options. A route without an entry, or an entry without a route, fails.
# Expected: anonymous -> public routes only (others 401 for the API, 303 to /login for pages);
# a role lacking the route's permission -> 403; with it, out of scope -> 404; in scope ->
# allowed (anything but 401/403/404 and 5xx, and no redirect to /login). The root
# administrator reads each object out of scope as a control: the 404s come from scope.
# AUTHZ_VERBOSE=1 prints every call with its status.
. "$(dirname "$0")/lib.sh"
MATRIX=$(cd "$(dirname "$0")" && pwd)/authz-matrix.tsv
[ -r "$MATRIX" ] || bail "no $MATRIX"

dv routes
[ "$RC" -eq 0 ] || bail "danvan routes failed ($RC): $(head -3 "$T/err")"
cp "$T/out" "$T/routes.tsv"
dv routes --roles
[ "$RC" -eq 0 ] || bail "danvan routes --roles failed ($RC): $(head -3 "$T/err")"
cp "$T/out" "$T/roles.tsv"
ok "danvan routes lists $(grep -vc '^#' "$T/routes.tsv") routes, --roles $(grep -vc '^#' "$T/roles.tsv") roles"

make_demo
ROLES="officer settler leader inspector administrator"
# Every role's user at the Hà Nội city party committee: its subtree is Hà Nội's units, its
# areas the province 01; TP Hồ Chí Minh (79) is out of everyone's scope.
HN_TOP=$(sql "SELECT n.id FROM unit n JOIN area a ON a.id = n.home_area_id
	WHERE a.code = '01' AND n.kind = 'party-committee' ORDER BY n.id LIMIT 1")
HCM_TOP=$(sql "SELECT n.id FROM unit n JOIN area a ON a.id = n.home_area_id
	WHERE a.code = '79' AND n.kind = 'party-committee' ORDER BY n.id LIMIT 1")
[ -n "$HN_TOP" ] && [ -n "$HCM_TOP" ] || bail "no province party committees for 01 and 79"
for r in $ROLES; do add_user "az.$r" "$HN_TOP" "$r"; done

F="$T/fixtures.tsv"
: >"$F"
fx() { printf '%s\t%s\n' "$1" "$2" >>"$F"; }
fxv() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$F"; }
# The fixtures found in the demo, in one query (each "NAME\tVALUE"): Q collects the parts.
Q=
q() { Q="${Q:+$Q UNION ALL }SELECT '$1', CAST(($2 LIMIT 1) AS TEXT)"; }
under() { echo "$1 IN (SELECT descendant FROM unit_closure WHERE ancestor = $2)"; }
for s in in:01:$HN_TOP out:79:$HCM_TOP; do
	IFS=: read -r k prov top <<<"$s"
	q "area_$k" "SELECT a.code FROM area a JOIN area_closure c ON c.descendant = a.id
		JOIN area p ON p.id = c.ancestor WHERE p.code = '$prov' AND a.level = 2 ORDER BY a.code"
	q "unit_$k" "SELECT id FROM unit WHERE kind = 'peoples-committee' AND $(under id "$top") AND id <> $top ORDER BY id"
	q "case_$k" "SELECT id FROM citizen_case WHERE $(under handling_unit_id "$top") ORDER BY id"
	q "activity_$k" "SELECT id FROM activity WHERE $(under lead_unit_id "$top") ORDER BY id"
	q "model_$k" "SELECT id FROM model WHERE $(under owner_unit_id "$top") ORDER BY id"
	q "criteria_set_$k" "SELECT id FROM criteria_set WHERE $(under unit_id "$top") ORDER BY id"
	q "award_$k" "SELECT id FROM award WHERE $(under proposing_unit_id "$top") ORDER BY id"
	# the demo has a round in Hà Nội only: the one out of scope is made below
	q "campaign_$k" "SELECT id FROM campaign WHERE $(under launch_unit_id "$top") ORDER BY id"
done
# a denunciation (its denouncer's identity is sealed) in Hà Nội, for the reveal routes
q denunciation_in "SELECT id FROM citizen_case WHERE kind = 'denunciation' AND $(under handling_unit_id "$HN_TOP") ORDER BY id"
# a decided case, an open one and a feedback (Open311 shows those) for the citizen's pages
q track_decided "SELECT tracking_code FROM citizen_case WHERE status = 'decided' ORDER BY id"
q track_open "SELECT tracking_code FROM citizen_case WHERE status NOT IN ('decided', 'closed', 'withdrawn') ORDER BY id"
q track_feedback "SELECT tracking_code FROM citizen_case WHERE kind = 'feedback' ORDER BY id"
q mm_out "SELECT n.id FROM unit n JOIN area a ON a.id = n.home_area_id WHERE a.code = '79' AND n.kind = 'mm-board' ORDER BY n.id"
q activity_type "SELECT code FROM activity_type WHERE active = 1 ORDER BY sort, code"
q topic "SELECT code FROM topic WHERE active = 1 ORDER BY sort, code"
sql "$Q" | awk -F'\t' '$2 != ""' >>"$F"
fx hn_top "$HN_TOP"
fx hcm_top "$HCM_TOP"

# holidays to delete (global: no scope), one per call expected to succeed
for d in 2031-03-03 2031-03-04; do
	dv holidays add "$d" "Nghỉ thử (authz)" --db "$DB" --key-file "$KEY"
	[ "$RC" -eq 0 ] || bail "danvan holidays add $d failed ($RC): $(head -3 "$T/err")"
done
fx holiday "2031-03-03|2031-03-04"

# throwaway users, and API tokens: one per role for its calls, one more for the revoke route
add_user az.victim.hn "$(fxv unit_in)" officer
add_user az.victim.hcm "$(fxv unit_out)" officer
for r in $ROLES; do
	token_for "az.$r"
	fx "token_$r" "$TOKEN"
	token_for "az.$r"
done
token_for az.victim.hcm
token_for admin
fx token_root "$TOKEN"
sql "SELECT u.login, u.id, (SELECT max(t.id) FROM api_token t WHERE t.user_id = u.id)
	FROM app_user u WHERE u.login LIKE 'az.%' ORDER BY u.login" |
	while IFS=$'\t' read -r login uid tok; do
		case $login in
		az.victim.hn) fx user_in "$uid" ;;
		az.victim.hcm) fx user_out "$uid"; fx token_out "$tok" ;;
		*) fx "own_token_${login#az.}" "$tok" ;;
		esac
	done

# ~2,000 requests from one address in a few seconds: no rate limit
# shellcheck disable=SC2046
start_server $(serve_flag --rate-limit 0)
# routing rules to delete: one in each province, made through the page as the root administrator
login admin
for k in in out; do
	unit=$(fxv "unit_$k")
	spost /config/routing "area=$(fxv "area_$k")" "topic=$(fxv topic)" "kind=" "unit=$unit"
	[ "$STATUS" = 303 ] || { last_response; bail "fixture: POST /config/routing ($k) answered $STATUS"; }
	fx "routing_$k" "$(sql "SELECT max(id) FROM routing_rule WHERE unit_id = ?" "$unit")"
done
# an Open311 client's key (its POST is public at the dispatcher; the handler wants a key)
spost /config/open311 "name=Ứng dụng thử (authz)"
key=$(grep -o 'class="token" type="text" readonly value="[^"]*"' "$T/body" | sed 's/.*value="\([^"]*\)"/\1/')
[ -n "$key" ] || { last_response; bail "fixture: the Open311 key page shows no key"; }
fx open311_key "$key"
python3 - "$BASE" "$T/routes.tsv" "$T/roles.tsv" "$MATRIX" "$F" "$LOGINS" "$SLOW" <<'PY'
import http.client, json, os, re, sys, time, urllib.parse

base, routes_f, roles_f, matrix_f, fx_f, logins_f, slow = sys.argv[1:8]
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
ROLES = ["officer", "settler", "leader", "inspector", "administrator"]
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89"
n_ok = n_fail = 0
verbose = bool(os.environ.get("AUTHZ_VERBOSE"))  # every call and its status, as comments


def ok(msg):
    global n_ok
    n_ok += 1
    print("ok - " + msg)


def not_ok(msg, detail=""):
    global n_fail
    n_fail += 1
    print("not ok - " + msg)
    if detail:
        for line in detail.splitlines()[:12]:
            print("#   " + line)


def bail(msg):
    print("not ok - BAIL OUT: " + msg)
    sys.exit(1)


def table(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


class Conn:
    """One keep-alive connection; reopened when the server closes it."""

    def __init__(self):
        self.c = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.c is None:
                self.c = http.client.HTTPConnection(host, port, timeout=30 * int(slow))
            try:
                self.c.request(method, path, body=body, headers=headers or {})
                r = self.c.getresponse()
                data = r.read()
                if (r.getheader("Connection") or "").lower() == "close":
                    self.c.close()
                    self.c = None
                return r.status, r, data
            except (http.client.HTTPException, OSError):
                self.c.close()
                self.c = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


conn = Conn()


def cookie_of(resp, name):
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie" and v.startswith(name + "="):
            return v.split(";", 1)[0].split("=", 1)[1]
    return None


# ------------------------------------------------------------------ the product's tables
routes = {}
order = []
for r in table(routes_f):
    if len(r) != 4:
        bail("danvan routes: bad line %r" % (r,))
    key = (r[0], r[1])
    routes[key] = {"perms": set() if r[2] == "none" else set(r[2].split(",")),
                   "flags": set() if r[3] == "-" else set(r[3].split(","))}
    order.append(key)
role_perms = {r[0]: set() if r[1] == "none" else set(r[1].split(",")) for r in table(roles_f)}
for role in ROLES:
    if role not in role_perms:
        bail("danvan routes --roles does not list %s" % role)
if set(role_perms) != set(ROLES):
    not_ok("the role table has roles this test does not call: %s" % sorted(set(role_perms) - set(ROLES)))

fx = {}
for r in table(fx_f):
    fx[r[0]] = r[1] if len(r) > 1 else ""
    if "|" in fx[r[0]]:
        fx[r[0]] = fx[r[0]].split("|")
for k in ("hn_top", "hcm_top", "unit_in", "unit_out", "area_in", "area_out", "activity_in",
          "activity_out", "model_in", "model_out", "campaign_in", "mm_out", "activity_type",
          "topic", "token_root"):
    if not fx.get(k):
        bail("the demo gave no fixture %s" % k)
logins = {r[0]: r[1] for r in table(logins_f)}

# ------------------------------------------------------------------ the matrix file
matrix = {}
for i, r in enumerate(table(matrix_f), 1):
    r += ["-"] * (6 - len(r))
    if len(r) > 6:
        not_ok("authz-matrix.tsv: entry %d has %d fields (method, pattern, in, out, body, options)" % (i, len(r)))
        continue
    key = (r[0], r[1])
    if key in matrix:
        not_ok("authz-matrix.tsv: %s %s is listed twice" % key)
    matrix[key] = {"in": r[2], "out": r[3], "body": r[4], "opts": set(r[5].split(",")) - {"-"}}
    if matrix[key]["opts"] - {"ends-session", "out-refused"}:
        not_ok("authz-matrix.tsv: %s %s: unknown options %s" % (key + (sorted(matrix[key]["opts"]),)))
missing = [k for k in order if k not in matrix]
extra = [k for k in matrix if k not in routes]
for k in missing:
    not_ok("route %s %s has no entry in authz-matrix.tsv" % k)
for k in extra:
    not_ok("authz-matrix.tsv: %s %s is not a route of `danvan routes`" % k)
if not missing and not extra:
    ok("every one of the %d routes has a matrix entry, and every entry a route" % len(order))


# ------------------------------------------------------------------ sessions
def login(who, token=None):
    st, r, _ = conn.request("GET", "/login")
    pre = cookie_of(r, "__Host-dv_csrf")
    if not pre:
        bail("GET /login set no CSRF cookie")
    body = urllib.parse.urlencode({"login": who, "password": logins[who], "csrf": pre})
    st, r, _ = conn.request("POST", "/login", body, {
        "Cookie": "__Host-dv_csrf=" + pre, "Content-Type": "application/x-www-form-urlencoded"})
    sess = cookie_of(r, "__Host-dv_session")
    if st != 303 or not sess:
        bail("sign-in as %s answered %d" % (who, st))
    cookie = "__Host-dv_session=" + sess
    st, r, data = conn.request("GET", "/account", None, {"Cookie": cookie})
    m = re.search(rb'name="csrf"[^>]*value="([^"]+)"', data) or \
        re.search(rb'value="([^"]+)"[^>]*name="csrf"', data)
    if st != 200 or not m:
        bail("GET /account as %s shows no csrf field (%d)" % (who, st))
    return {"cookie": cookie, "csrf": m.group(1).decode(), "token": token or fx["token_" + who[3:]]}


st, r, _ = conn.request("GET", "/login")
anon_csrf = cookie_of(r, "__Host-dv_csrf")
if not anon_csrf:
    bail("GET /login set no CSRF cookie")
ANON = {"cookie": "__Host-dv_csrf=" + anon_csrf, "csrf": anon_csrf, "token": None}
sessions = {role: login("az." + role) for role in ROLES}

# ------------------------------------------------------------------ fixtures made through the API
ROOT = {"Authorization": "Bearer " + fx["token_root"]}
root = login("admin", fx["token_root"])


def api(method, path, obj=None, want=(200, 201), raw=None, ctype="application/json"):
    body = raw if raw is not None else (json.dumps(obj) if obj is not None else None)
    h = dict(ROOT)
    if body is not None:
        h["Content-Type"] = ctype
    st, r, data = conn.request(method, path, body, h)
    if st not in want:
        bail("fixture: %s %s answered %d: %s" % (method, path, st, data[:300].decode("utf-8", "replace")))
    try:
        return json.loads(data) if data else {}
    except ValueError:
        return {}


today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
year = int(today[:4])
fx["today"], fx["year"] = today, str(year)
# in each province: a twinning, a working group, a plan; pools of plan targets, activity and
# model photos, and activities linked to the model, for the routes that delete them
for k in ("in", "out"):
    unit, area = int(fx["unit_" + k]), fx["area_" + k]
    fx["twinning_" + k] = api("POST", "/api/v1/twinning", {
        "unit": unit, "area": area, "purpose": "Kết nghĩa (authz)", "start_on": today})["id"]
    fx["group_" + k] = api("POST", "/api/v1/working-groups", {
        "unit": unit, "area": area, "name": "Tổ authz", "start_on": today, "members": 3,
        "tasks": "thử"})["id"]
    fx["plan_" + k] = api("POST", "/api/v1/plans", {"unit": unit, "year": year, "title": "Kế hoạch authz"})["id"]
    photos, mphotos, links = [], [], []
    for i in range(8):
        api("POST", "/api/v1/plans/%s/targets" % fx["plan_" + k], {"indicator": "activities", "value": i + 1})
    targets = [t["id"] for t in api("GET", "/api/v1/plans/%s" % fx["plan_" + k])["targets"]]
    act = fx["activity_" + k]
    for i in range(5):
        photos.append(api("POST", "/api/v1/activities/%s/photos" % act, raw=PNG, ctype="image/png")["id"])
    model = fx["model_" + k]
    for i in range(9):
        mphotos.append(api("POST", "/api/v1/models/%s/photos" % model, raw=PNG, ctype="image/png")["id"])
    for i in range(9):
        a = api("POST", "/api/v1/activities", {
            "type": fx["activity_type"], "lead_unit": unit, "area": area, "start_on": today,
            "title": "Hoạt động authz %d" % i})["id"]
        api("POST", "/api/v1/models/%s/activities" % model, {"activity": a})
        links.append(a)
    fx["target_" + k] = targets
    fx["photo_" + k] = photos
    fx["model_photo_" + k] = mphotos
    fx["link_" + k] = links
    fx["spare_activity_" + k] = api("POST", "/api/v1/activities", {
        "type": fx["activity_type"], "lead_unit": unit, "area": area, "start_on": today,
        "title": "Hoạt động authz (rời)"})["id"]
# the demo's only emulation round is in Hà Nội: one in TP Hồ Chí Minh, by its mm-board
if "campaign_out" not in fx:
    mm = int(fx["mm_out"])
    cs = api("POST", "/api/v1/criteria-sets", {
        "unit": mm, "purpose": "round", "name": "Thi đua authz",
        "criteria": [{"name": "Một", "weight": 1, "max_score": 10}]})["id"]
    fx["campaign_out"] = api("POST", "/api/v1/campaigns", {
        "launch_unit": mm, "name": "Thi đua authz", "theme": "authz",
        "start_on": "%d-01-01" % year, "end_on": "%d-12-31" % year, "criteria_set": cs,
        "participants": [int(fx["unit_out"])]})["id"]


# ------------------------------------------------------------------ the calls
def fill(text, who, scope, take):
    def one(m):
        name = m.group(1).replace("@", scope)  # {unit_@}: unit_in or unit_out
        if name == "own_token":  # the caller's own second token
            name = "own_token_" + (who if who != "anonymous" else "officer")
        if name not in fx:
            raise KeyError(name)
        v = fx[name]
        if isinstance(v, list):
            if not v:
                raise KeyError(name + " (the pool is used up)")
            return str(v.pop(0) if take else v[0])
        return str(v)
    return re.sub(r"\{([a-z][a-z0-9_@]*)\}", one, text)


def expectation(route, ent, who, scope):
    flags, perms = route["flags"], route["perms"]
    if "public" in flags:
        return "allowed"
    if who == "anonymous":
        return "401" if "api" in flags else "login"
    if not perms <= role_perms[who]:
        return "403"
    if scope == "out":
        return "refused" if "out-refused" in ent["opts"] else "404"
    return "allowed"


def verdict(want, st, resp):
    loc = resp.getheader("Location") or ""
    if want == "allowed":
        return st < 500 and st not in (401, 403, 404) and not loc.startswith("/login?next=")
    if want == "refused":  # the body names a unit or area out of scope: nothing is made
        return st in (400, 404, 422)
    if want == "login":
        return st == 303 and loc.startswith("/login?next=")
    return str(st) == want


calls = 0
t0 = time.time()
# a call that ends its session (sign-out) comes after every other
for key in sorted(order, key=lambda k: k in matrix and "ends-session" in matrix[k]["opts"]):
    if key not in matrix:
        continue
    route, ent = routes[key], matrix[key]
    method, pattern = key
    scopes = ["in"] if ent["out"] == "-" else ["in", "out"]
    bad = []
    for who in ["anonymous"] + ROLES:
        s = ANON if who == "anonymous" else sessions[who]
        for scope in scopes:
            want = expectation(route, ent, who, scope)
            try:
                # a call expected to succeed takes its own object from a pool (a GET only looks)
                path = fill(ent[scope], who, scope, want == "allowed" and method != "GET")
                body = None if ent["body"] == "-" else fill(ent["body"], who, scope, False)
                if scope == "out" and "out-refused" in ent["opts"] and not re.search(r"_(@|out)\}", ent["body"]):
                    bad.append("out-refused, but the body names nothing out of scope: %s" % ent["body"])
            except KeyError as ex:
                bad.append("no fixture %s" % ex)
                continue
            h = {}
            api_call = "api" in route["flags"] and who != "anonymous"
            if api_call:
                h["Authorization"] = "Bearer " + s["token"]
            else:
                h["Cookie"] = s["cookie"]
                if method != "GET":
                    h["X-CSRF-Token"] = s["csrf"]
            data = None
            if body is not None:
                kind, _, text = body.partition(":")
                if kind == "form":
                    data = (text + ("&" if text else "") + "csrf=" + urllib.parse.quote(s["csrf"])).encode()
                    h["Content-Type"] = "application/x-www-form-urlencoded"
                elif kind == "json":
                    data = text.encode()
                    h["Content-Type"] = "application/json"
                elif kind == "png":
                    data = PNG
                    h["Content-Type"] = "image/png"
                elif kind == "multipart":
                    b = "azboundary"
                    parts = ["--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n" % (b, s["csrf"])]
                    parts.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"x.png\"\r\n"
                                 "Content-Type: image/png\r\n\r\n" % (b, text or "file"))
                    data = "".join(parts).encode() + PNG + ("\r\n--%s--\r\n" % b).encode()
                    h["Content-Type"] = "multipart/form-data; boundary=" + b
                else:
                    bad.append("unknown body kind %r" % kind)
                    continue
            elif method != "GET":
                h["Content-Length"] = "0"
            st, resp, rdata = conn.request(method, path, data, h)
            calls += 1
            if verbose:
                print("#   %s %s as %s (%s): %d" % (method, path, who, scope, st))
            if not verdict(want, st, resp):
                bad.append("%s %s as %s (%s scope): expected %s, got %d %s" % (
                    method, path, who, scope, want, st,
                    rdata[:160].decode("utf-8", "replace").replace("\n", " ")))
    # the control: the root administrator (whose scope is everything) reads the object out of
    # scope, so the 404s above come from scope, not from a fixture that does not exist
    if method == "GET" and ent["out"] != "-":
        path = fill(ent["out"], "administrator", "out", False)
        h = ROOT if "api" in route["flags"] else {"Cookie": root["cookie"]}
        st, resp, rdata = conn.request(method, path, None, h)
        calls += 1
        if not verdict("allowed", st, resp):
            bad.append("control: %s %s as the root administrator: expected allowed, got %d" % (method, path, st))
    label = "%s %s" % key
    if bad:
        not_ok(label, "\n".join(bad))
    else:
        ok("%s: %d callers x %d scopes as the tables say" % (label, len(ROLES) + 1, len(scopes)))

scoped = sum(1 for k in order if k in matrix and matrix[k]["out"] != "-")
controls = sum(1 for k in order if k in matrix and matrix[k]["out"] != "-" and k[0] == "GET")
print("# matrix: %d routes x %d callers (anonymous + %d roles) x scopes (%d routes in and out of "
      "scope, %d with no scoped object) = %d cells, %d calls (with %d controls by the root "
      "administrator) in %.1f s" % (
          len(order), len(ROLES) + 1, len(ROLES), scoped, len(order) - scoped,
          (len(ROLES) + 1) * (2 * scoped + len(order) - scoped), calls, controls, time.time() - t0))
print("# python: %d passed, %d failed" % (n_ok, n_fail))
sys.exit(1 if n_fail else 0)
PY
rc=$?
[ "$rc" -eq 0 ] && ok "the authorization matrix holds" || not_ok "the authorization matrix (see above)"
done_testing
