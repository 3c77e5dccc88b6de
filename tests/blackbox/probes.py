# probes.py: the web probes of t2500 (XSS, SQL metacharacters, CSRF, sessions, headers) in one process.
#
# Usage: python3 probes.py BASE_URL DB_URL LOGINS_FILE ROUTES_TSV
# BASE_URL is the running `danvan serve`; DB_URL sqlite:PATH or postgresql://...; LOGINS_FILE the
# demo's logins (login, password, role, unit); ROUTES_TSV the output of `danvan routes`. Prints
# "ok - ..." / "not ok - ..." / "# ..." lines like lib.sh; exits 0 (the script counts the lines).
import hashlib
import html
import html.parser
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse

BASE, DB_URL, LOGINS, ROUTES = sys.argv[1:5]
U = urllib.parse.urlsplit(BASE)
N_OK = 0
N_FAIL = 0


def ok(msg):
    global N_OK
    N_OK += 1
    print("ok - " + msg, flush=True)


def not_ok(msg, resp=None):
    global N_FAIL
    N_FAIL += 1
    print("not ok - " + msg, flush=True)
    if resp is not None:
        print("#   %s %s -> %s" % (resp.method, resp.path, resp.status))
        for k, v in resp.headers[:20]:
            print("#   < %s: %s" % (k, v))
        text = resp.text
        if resp.ctype() == "text/html":
            # the page's message, not its chrome
            m = re.search(r'class="[^"]*(error|notice)[^"]*".*', text, re.S)
            text = re.sub(r"<[^>]+>", " ", m.group(0) if m else text)
            text = re.sub(r"\s+", " ", html.unescape(text))
        for line in text[:600].splitlines():
            print("#   | " + line)


def note(msg):
    print("# " + msg, flush=True)


def check(cond, msg, resp=None):
    if cond:
        ok(msg)
    else:
        not_ok(msg, resp)
    return cond


# ------------------------------------------------------------------ HTTP


class Resp:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status, self.headers, self.body = method, path, status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def ctype(self):
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


class Client:
    """One keep-alive connection and a cookie jar."""

    def __init__(self):
        self.conn = None
        self.cookies = {}
        self.csrf = None
        self.count = 0

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(U.hostname, U.port, timeout=60)
        return self.conn

    def request(self, method, path, body=None, headers=None, cookies=True):
        hs = {}
        if cookies and self.cookies:
            hs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        hs.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        for attempt in (0, 1):
            try:
                c = self._conn()
                c.request(method, path, body=body, headers=hs)
                r = c.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                if self.conn:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        self.count += 1
        resp = Resp(method, path, r.status, r.getheaders(), data)
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        for v in resp.header_all("Set-Cookie"):
            nv = v.split(";")[0]
            name, _, val = nv.partition("=")
            name = name.strip()
            if "max-age=0" in v.lower() or val == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post_form(self, path, fields, csrf=True, headers=None):
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf and self.csrf is not None and not any(k == "csrf" for k, _ in items):
            items = [("csrf", self.csrf)] + items
        hs = {"Content-Type": "application/x-www-form-urlencoded"}
        hs.update(headers or {})
        return self.request("POST", path, body=urllib.parse.urlencode(items), headers=hs)

    def post_multipart(self, path, fields, files):
        """fields: [(name, value)]; files: [(name, filename, content type, bytes)]."""
        b = "----probe2500boundary"
        out = []
        items = [("csrf", self.csrf)] + list(fields) if self.csrf is not None else list(fields)
        for k, v in items:
            out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" %
                        (b, k, v)).encode())
        for k, fn, ct, data in files:
            out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                        "Content-Type: %s\r\n\r\n" % (b, k, fn.replace('"', "%22"), ct)).encode())
            out.append(data + b"\r\n")
        out.append(("--%s--\r\n" % b).encode())
        return self.request("POST", path, body=b"".join(out),
                            headers={"Content-Type": "multipart/form-data; boundary=" + b})

    def json_req(self, method, path, obj, headers=None):
        hs = {"Content-Type": "application/json"}
        hs.update(headers or {})
        body = obj if isinstance(obj, (str, bytes)) else json.dumps(obj)
        return self.request(method, path, body=body, headers=hs)


def logins():
    out = []
    for line in open(LOGINS, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) >= 3:
            out.append(f)
    return out


def password_of(login):
    for f in logins():
        if f[0] == login:
            return f[1]
    raise SystemExit("no password for " + login)


def sign_in(login, client=None):
    c = client or Client()
    r = c.get("/login")
    pre = c.cookies.get("__Host-dv_csrf")
    r = c.post_form("/login", {"csrf": pre, "login": login, "password": password_of(login)}, csrf=False)
    if r.status != 303 or "__Host-dv_session" not in c.cookies:
        not_ok("sign-in as %s failed" % login, r)
        raise SystemExit(1)
    c.csrf = csrf_of(c.get("/account").text)
    return c


def csrf_of(text):
    m = re.search(r'<input[^>]*name="csrf"[^>]*value="([^"]*)"', text)
    return html.unescape(m.group(1)) if m else None


# ------------------------------------------------------------------ database fingerprint


def db_rows(query):
    if DB_URL.startswith("sqlite:"):
        import sqlite3
        con = sqlite3.connect("file:%s?mode=ro" % DB_URL[7:], uri=True, timeout=30)
        try:
            return [tuple(r) for r in con.execute(query)]
        finally:
            con.close()
    out = subprocess.run(["psql", DB_URL, "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(l.split("\t")) for l in out.splitlines()]


def tables():
    if DB_URL.startswith("sqlite:"):
        return [r[0] for r in db_rows("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return [r[0] for r in db_rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]


# Tables that reads change by design: sessions are touched, sign-ins and their limits counted,
# caches filled. Everything else must be unchanged by reads and refused writes. Some tables are
# read in part: sign-ins append audit records (and so move the chain's head in setting), and
# the outbox's delivery thread marks notifications sent whenever it runs: their number counts.
VOLATILE = {"session", "login_attempt"}
PARTIAL = {
    "audit_log": "SELECT count(*) FROM audit_log WHERE action NOT LIKE 'auth.%'",
    "notification": "SELECT count(*) FROM notification",
    "setting": "SELECT key, value FROM setting WHERE key <> 'audit_head' ORDER BY key",
}


TABLES = []


def fingerprint():
    """Row count and content digest of every table but the volatile ones (sign-in audit rows left
    out). PostgreSQL: one psql call for all tables."""
    if not TABLES:
        TABLES.extend(t for t in tables() if t not in VOLATILE)
    fp = {}
    if not DB_URL.startswith("sqlite:"):
        parts = []
        for t in TABLES:
            if t in PARTIAL:
                parts.append("SELECT '%s', '', md5(coalesce(string_agg(x::text, '|' "
                             "ORDER BY x::text), '')) FROM (%s) x" % (t, PARTIAL[t]))
            else:
                parts.append("SELECT '%s', count(*)::text, md5(coalesce(string_agg(x::text, '|' "
                             "ORDER BY x::text), '')) FROM %s x" % (t, t))
        for name, n, h in db_rows(" UNION ALL ".join(parts)):
            fp[name] = "%s:%s" % (n, h)
        return fp
    for t in TABLES:
        if t in PARTIAL:
            fp[t] = str(db_rows(PARTIAL[t]))
            continue
        rows = db_rows("SELECT * FROM %s" % t)
        h = hashlib.sha256()
        for r in sorted(repr(tuple("" if v is None else str(v) for v in r)) for r in rows):
            h.update(r.encode())
        fp[t] = "%d:%s" % (len(rows), h.hexdigest()[:16])
    return fp


def fp_diff(a, b):
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))


# ------------------------------------------------------------------ HTML


class Page(html.parser.HTMLParser):
    """Links, forms, and what a strict CSP forbids: inline scripts, event handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self.bad = [], [], []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("event handler attribute %s= on <%s>" % (k, tag))
            if k in ("href", "src", "action", "formaction") and v and \
                    re.sub(r"[\x00-\x20]", "", v).lower().startswith(("javascript:", "data:text")):
                self.bad.append("%s=%r on <%s>" % (k, v[:60], tag))
        if tag == "script":
            self.bad.append("<script> element%s" % (" (inline)" if "src" not in a else ""))
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self.form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                         "enctype": a.get("enctype", ""), "fields": []}
            self.forms.append(self.form)
        if self.form is None:
            return
        if tag == "input":
            self.form["fields"].append({"tag": "input", "type": a.get("type", "text").lower(),
                                        "name": a.get("name"), "value": a.get("value", ""),
                                        "checked": "checked" in a, "required": "required" in a,
                                        "min": a.get("min"), "pattern": a.get("pattern"),
                                        "maxlength": a.get("maxlength")})
        elif tag == "textarea":
            self.textarea = {"tag": "textarea", "type": "textarea", "name": a.get("name"), "value": "",
                             "required": "required" in a, "maxlength": a.get("maxlength")}
            self.form["fields"].append(self.textarea)
        elif tag == "select":
            self.select = {"tag": "select", "type": "select", "name": a.get("name"), "options": [],
                           "value": None, "required": "required" in a}
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["value"] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self.form["fields"].append({"tag": "button", "type": "submit", "name": a["name"],
                                        "value": a.get("value", "")})

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def parse_page(text):
    p = Page()
    try:
        p.feed(text)
        p.close()
    except Exception as ex:  # a page the parser cannot read is itself a finding
        p.bad.append("unparsable HTML: %s" % ex)
    return p


# ------------------------------------------------------------------ headers on every answer

HDR_FAIL = {}
HDR_SEEN = {}


def kind_of(resp):
    ct = resp.ctype()
    if resp.status in (301, 302, 303, 307, 308):
        return "redirect"
    if resp.status >= 400:
        return "error %d %s" % (resp.status, ct or "-")
    return ct or "no content type"


def csp_problems(csp):
    if not csp:
        return ["no Content-Security-Policy"]
    d = {}
    for part in csp.split(";"):
        w = part.split()
        if w:
            d[w[0].lower()] = [x.lower() for x in w[1:]]
    out = []
    script = d.get("script-src", d.get("default-src"))
    if script is None:
        out.append("CSP has neither script-src nor default-src")
    else:
        for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
            if bad in script:
                out.append("CSP script-src allows %s" % bad)
    if d.get("frame-ancestors") != ["'none'"]:
        out.append("CSP frame-ancestors is %r, not 'none'" % d.get("frame-ancestors"))
    if "object-src" not in d and d.get("default-src") not in (["'none'"],):
        out.append("CSP leaves object-src open")
    return out


def check_headers(resp):
    """Security headers of one answer and, for HTML, what a strict CSP would block."""
    k = kind_of(resp)
    HDR_SEEN[k] = HDR_SEEN.get(k, 0) + 1
    probs = []
    if (resp.header("X-Content-Type-Options") or "").lower() != "nosniff":
        probs.append("X-Content-Type-Options is not nosniff")
    rp = (resp.header("Referrer-Policy") or "").lower()
    if rp not in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"):
        probs.append("Referrer-Policy %r leaks or is missing" % rp)
    probs += csp_problems(resp.header("Content-Security-Policy"))
    if resp.ctype() == "text/html" and resp.body:
        probs += parse_page(resp.text).bad
    if resp.ctype() in ("text/html", "application/json", "text/csv") and \
            "charset" not in (resp.header("Content-Type") or "").lower() and resp.ctype() != "application/json":
        probs.append("no charset in Content-Type")
    for p in probs:
        key = (k, p)
        if key not in HDR_FAIL:
            HDR_FAIL[key] = resp
    return not probs


def report_headers():
    for k, n in sorted(HDR_SEEN.items()):
        fails = [(p, r) for (kk, p), r in HDR_FAIL.items() if kk == k]
        if not fails:
            ok("headers: %d answers of kind '%s' carry CSP (no inline script, frame-ancestors 'none'), "
               "nosniff, Referrer-Policy; HTML without inline script or event handlers" % (n, k))
        for p, r in fails:
            not_ok("headers: answers of kind '%s' (e.g. %s %s): %s" % (k, r.method, r.path, p), r)


# ------------------------------------------------------------------ XSS: store a payload per field

MARKS = {}  # n -> {"label", "payload", "html_pages", "json", "raw_pages"}
NEXT_MARK = [100]
TODAY = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))


def payload(label, short=False):
    """A distinctive payload: javascript: URL, attribute break, element and handler injection,
    and the SQL metacharacters that must be stored literally."""
    n = NEXT_MARK[0]
    NEXT_MARK[0] += 1
    # three shapes in turn, each short enough for a 100-character name: element injection with
    # the SQL metacharacters, a javascript: URL with an event handler element, attribute breaking
    v = n % 3
    if short:
        p = "Z%dZ'\"><script>alert(%d)" % (n, n)
    elif v == 0:
        p = "Z%dZ'\"><script>alert(%d)</script> ;--%%_\\" % (n, n)
    elif v == 1:
        p = "javascript:alert(%d)//Z%dZ\"><img src=x onerror=alert(%d)>" % (n, n, n)
    else:
        p = "Z%dZ' onmouseover='alert(%d)'\" onfocus=\"alert(%d)\" x=\"" % (n, n, n)
    MARKS[n] = {"label": label, "payload": p, "html": set(), "json": set(), "other": set()}
    return p


MARK_RE = re.compile(r"Z(\d{3})Z")
# What an unescaped payload leaves in HTML (its escaped forms never contain a raw '<').
RAW_RE = re.compile(r"<script>alert\(|<img src=x onerror|onmouseover=\"alert\(")


def first_option(f):
    for o in f.get("options", []):
        if o:
            return o
    return ""


def form_fields(form, overrides, inject, label):
    """The values a browser would send, then the overrides, then a payload in each injected field."""
    items, radios = [], set()
    for f in form["fields"]:
        name, t = f["name"], f["type"]
        if not name or name in overrides or name in inject or name + "!" in inject or \
                t in ("file", "submit"):
            continue
        if t == "select":
            items.append((name, f["value"] if f["value"] is not None else first_option(f)))
        elif t == "radio":
            if name not in radios:
                radios.add(name)
                items.append((name, f["value"]))
        elif t == "checkbox":
            if f.get("checked"):
                items.append((name, f["value"] or "on"))
        elif t == "date" and not f["value"] and f.get("required"):
            items.append((name, TODAY))
        else:
            items.append((name, f["value"]))
    for k, v in overrides.items():
        items.append((k, v))
    for k in inject:
        short = k.endswith("!")
        k = k.rstrip("!")
        items.append((k, payload("%s %s" % (label, k), short)))
    return items


def find_form(text, action):
    for f in parse_page(text).forms:
        if f["method"] == "post" and f["action"] == action:
            return f
    return None


def store(client, page, action, overrides, inject, label=None, expect=(303,)):
    """Fill the form of PAGE posting to ACTION; returns the answer (303 expected)."""
    label = label or action
    r = client.get(page)
    form = find_form(r.text, action)
    if form is None:
        not_ok("XSS store %s: no form posting to %s on %s" % (label, action, page), r)
        return None
    before = NEXT_MARK[0]
    r = client.post_form(action, form_fields(form, overrides, inject, label))
    scan(r, "store " + label)  # the answer may show what was sent (a key shown once, an error)
    if r.status in expect:
        ok("XSS store %s: %d payload fields accepted (%d)" % (label, NEXT_MARK[0] - before, r.status))
        return r
    not_ok("XSS store %s: answered %d" % (label, r.status), r)
    for n in range(before, NEXT_MARK[0]):
        MARKS.pop(n, None)
    return None


def location_id(r, prefix):
    if r is None:
        return None
    m = re.match(re.escape(prefix) + r"(\d+)", r.header("Location") or "")
    return m.group(1) if m else None


def api_store(client, method, path, obj, label, expect=(200, 201)):
    """A JSON write with the session cookie and its X-CSRF-Token; '{P:name}' values get payloads."""
    before = NEXT_MARK[0]

    def sub(v, key):
        if v == "P":
            return payload("%s %s %s" % (method, path, key))
        if isinstance(v, dict):
            return {k: sub(x, k) for k, x in v.items()}
        if isinstance(v, list):
            return [sub(x, key) for x in v]
        return v
    r = client.json_req(method, path, sub(obj, ""), headers={"X-CSRF-Token": client.csrf})
    if r.status in expect:
        ok("XSS store %s: %d payload fields accepted (%d)" % (label, NEXT_MARK[0] - before, r.status))
        try:
            return json.loads(r.text)
        except ValueError:
            not_ok("XSS store %s: answer is not JSON" % label, r)
            return {}
    not_ok("XSS store %s: answered %d" % (label, r.status), r)
    for n in range(before, NEXT_MARK[0]):
        MARKS.pop(n, None)
    return None


# ------------------------------------------------------------------ reading every page back

RAW_FAIL = {}
ALTERED = {}
GET_FORMS = {}  # action -> set of field names (the filters of lists)
CHECKED = {"html": 0, "json": 0, "csv": 0, "xlsx": 0, "other": 0}


def json_strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from json_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from json_strings(x)


def note_marks(text, where, kind, exact=None):
    for m in set(MARK_RE.findall(text)):
        n = int(m)
        if n not in MARKS:
            continue
        MARKS[n][kind].add(where)
        if exact is not None and MARKS[n]["payload"] not in exact:
            ALTERED.setdefault((n, kind), where)


def scan(resp, who):
    """Every check that applies to one answer, by its type."""
    check_headers(resp)
    where = "%s %s (%s)" % (resp.method, resp.path, who)
    ct = resp.ctype()
    if ct == "text/html":
        CHECKED["html"] += 1
        if RAW_RE.search(resp.text):
            RAW_FAIL.setdefault(re.sub(r"\d+", "N", resp.path), (where, resp))
        # shown escaped and whole (lists may cut long text: the marker is enough there)
        note_marks(resp.text, where, "html")
        shown = html.unescape(resp.text)
        for m in set(MARK_RE.findall(resp.text)):
            if int(m) in MARKS and MARKS[int(m)]["payload"] in shown:
                MARKS[int(m)]["whole"] = True
        page = parse_page(resp.text)
        for f in page.forms:
            if f["method"] == "get" and f["action"].startswith("/"):
                a = f["action"].split("?")[0].split("#")[0]
                GET_FORMS.setdefault(a, set()).update(x["name"] for x in f["fields"]
                                                      if x["name"] and x["type"] != "submit")
        return page
    if ct in ("application/json", "application/problem+json") or ct.endswith("+json"):
        CHECKED["json"] += 1
        try:
            doc = json.loads(resp.text)
        except ValueError as ex:
            not_ok("%s is not valid JSON: %s" % (where, ex), resp)
            return None
        strings = list(json_strings(doc))
        note_marks("\n".join(strings), where, "json", exact="\n".join(strings))
        return None
    if ct == "text/csv":
        CHECKED["csv"] += 1
        import csv
        import io
        try:
            cells = "\n".join(c for row in csv.reader(io.StringIO(resp.text)) for c in row)
        except csv.Error as ex:
            not_ok("%s is not valid CSV: %s" % (where, ex), resp)
            return None
        note_marks(cells, where, "other", exact=cells)
        return None
    if "spreadsheetml" in ct:
        CHECKED["xlsx"] += 1
        import io
        import xml.etree.ElementTree as ET
        import zipfile
        try:
            z = zipfile.ZipFile(io.BytesIO(resp.body))
            texts = []
            for name in z.namelist():
                if name.endswith(".xml") or name.endswith(".rels"):
                    root = ET.fromstring(z.read(name))
                    texts.extend(t for t in root.itertext())
        except Exception as ex:
            not_ok("%s: the workbook is not well-formed: %s" % (where, ex), None)
            return None
        joined = "\n".join(texts)
        note_marks(joined, where, "other", exact=joined)
        return None
    CHECKED["other"] += 1
    return None


SKIP_LINK = re.compile(r"^/(lang/|logout)")


def crawl(client, who, seeds, limit=3, budget=700):
    """Fetch the seeds and follow every local link (at most LIMIT pages of one shape)."""
    seen, queue, shapes = set(), list(seeds), {}
    forced = set(seeds)
    n = 0
    while queue and n < budget:
        p = queue.pop(0)
        if p in seen:
            continue
        seen.add(p)
        n += 1
        r = client.get(p)
        if r.status >= 500:
            not_ok("crawl as %s: GET %s answered %d" % (who, p, r.status), r)
        page = scan(r, who)
        links = []
        if r.status in (301, 302, 303, 307, 308) and r.header("Location"):
            links.append(r.header("Location"))
        if page is not None:
            links += [html.unescape(l) for l in page.links]
        for l in links:
            l = l.split("#")[0]
            if not l.startswith("/") or l.startswith("//") or SKIP_LINK.match(l) or l in seen:
                continue
            u = urllib.parse.urlsplit(l)
            shape = re.sub(r"/\d+", "/N", u.path) + "?" + ",".join(sorted(
                k for k, _ in urllib.parse.parse_qsl(u.query, keep_blank_values=True)))
            c = shapes.get(shape, 0)
            if c < limit or l in forced:
                shapes[shape] = c + 1
                queue.append(l)
    return n


# ------------------------------------------------------------------ the probes


def users_by_role():
    out = {}
    for f in logins():
        out.setdefault(f[2], []).append(f[0])
    return out


def officer_fixture(login):
    """The officer's unit and an area code inside its scope (its unit's home area)."""
    rows = db_rows("SELECT u.unit_id, a.code FROM app_user u JOIN unit n ON n.id = u.unit_id "
                   "JOIN area a ON a.id = n.home_area_id WHERE u.login = '%s'" % login.replace("'", "''"))
    return str(rows[0][0]), str(rows[0][1])


def xss_stores(admin, officer, leader, settler, anon, off_unit, off_area):
    seeds = {"admin": [], "officer": [], "leader": [], "anon": []}
    # administrators: units, users, the lists behind cases and work, tokens
    first = NEXT_MARK[0]
    r = store(admin, "/units/new", "/units", {"kind": "mm-board"}, ["name", "name_en"], "unit")
    uid = location_id(r, "/units/")
    if uid:
        seeds["admin"] += ["/units/%s" % uid, "/units/%s/edit" % uid, "/api/v1/units/%s" % uid]
        if store(admin, "/units/%s/edit" % uid, "/units/%s" % uid, {}, ["name"], "unit rename"):
            MARKS.pop(first, None)  # the first name is gone
    store(admin, "/users/new", "/users", {"login": "xssprobe", "unit_id": off_unit, "role": "officer",
                                          "password": "Mật khẩu thử dài 2500"}, ["display_name"], "user")
    store(admin, "/config/topics", "/config/topics", {"code": "xss-topic", "sort": "99", "active": "1"},
          ["name", "name_en", "description"], "topic")
    store(admin, "/config/holidays", "/config/holidays", {"day": "2027-03-03"}, ["name"], "holiday")
    r = store(admin, "/config/open311", "/config/open311", {}, ["name"], "open311 client",
              expect=(200, 303))
    m = re.search(r'class="token" type="text" readonly value="([^"]*)"', r.text if r else "")
    key311 = html.unescape(m.group(1)) if m else None
    store(admin, "/activity-types", "/activity-types", {"code": "xss_type"}, ["name", "name_en"],
          "activity type")
    store(admin, "/activity-types", "/activity-types/house/measures", {"code": "xss_measure"},
          ["name", "name_en", "unit_label!", "unit_label_en!"], "measure")
    store(admin, "/account", "/account/tokens", {"days": "30"}, ["name"], "token", expect=(200, 303))

    # an officer: activities, groups, twinning, plans, models, cases, awards
    area = {"area": off_area}
    r = store(officer, "/activities/new", "/activities", dict(area, type="house"),
              ["title", "description"], "activity")
    aid = location_id(r, "/activities/")
    if aid:
        seeds["officer"] += ["/activities/%s" % aid, "/activities/%s/edit" % aid]
    r = store(officer, "/groups/new", "/groups", dict(area, members="5"), ["name", "tasks"], "group")
    gid = location_id(r, "/groups/")
    r = store(officer, "/twinning/new", "/twinning", area, ["purpose"], "twinning")
    tid = location_id(r, "/twinning/")
    r = store(officer, "/plans/new", "/plans", {"year": str(int(TODAY[:4]) + 1)}, ["title", "note"],
              "plan")
    pid = location_id(r, "/plans/")
    if pid:
        store(officer, "/plans/%s" % pid, "/plans/%s/targets" % pid,
              {"indicator": "activities", "type": "house", "measure": "", "value": "10"}, ["label"], "plan target")
    r = store(officer, "/models/new", "/models", area, ["name", "description", "goals", "results"],
              "model")
    mid = location_id(r, "/models/")
    r = store(officer, "/cases/new", "/cases", dict(area, topic="land", channel="reception",
                                                  kind="feedback", people="3"),
              ["title", "description", "name", "address", "representatives"], "staff intake")
    cid = location_id(r, "/cases/")
    if cid:
        store(officer, "/cases/%s" % cid, "/cases/%s/act" % cid, {"action": "comment", "public": "1"},
              ["note"], "case comment")
        r = officer.post_form("/cases/%s/act" % cid, {"action": "start", "note": "ok"})
        store(settler, "/cases/%s" % cid, "/cases/%s/act" % cid, {"action": "decide",
              "decision_date": TODAY}, ["note"], "case decision", expect=(303,))
        seeds["officer"] += ["/cases/%s" % cid]
    r = store(officer, "/awards/new", "/awards", {"form": "medal", "recipient_kind": "person",
                                                  "year": TODAY[:4], "unit": off_unit},
              ["person_name", "achievement", "reason"], "award")
    awid = location_id(r, "/awards/")
    for path, i in (("/groups/", gid), ("/twinning/", tid), ("/plans/", pid), ("/models/", mid),
                    ("/awards/", awid), ("/activities/", aid), ("/cases/", cid)):
        if i:
            seeds["officer"].append(path + i)
            api = {"/groups/": "/working-groups/"}.get(path, path)
            seeds["officer"].append("/api/v1" + api + i)
    if mid:
        seeds["officer"].append("/models/%s/edit" % mid)

    # uploads: photo captions, and an import whose rows (good and bad) and file name are shown
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c63f8cfc0f00f0004850180848a"
                        "8c210000000049454e44ae426082")
    for path, i, label in (("/activities/%s/photos", aid, "activity photo"),
                           ("/models/%s/photos", mid, "model photo")):
        if not i:
            continue
        r = officer.post_multipart(path % i, [("caption", payload(label + " caption"))],
                                   [("photo", "p.png", "image/png", png)])
        scan(r, "store " + label)
        if not check(r.status == 303, "XSS store %s: caption accepted (%d)" % (label, r.status), r):
            MARKS.pop(NEXT_MARK[0] - 1, None)
    good, bad, fname = payload("import title"), payload("import bad type"), payload("import file name")
    MARKS[NEXT_MARK[0] - 2]["partial"] = True  # quoted, cut short, in the row's error
    rows = "type,lead_unit,area,start_on,title\r\nhouse,%s,%s,%s,\"%s\"\r\n\"%s\",%s,%s,%s,x\r\n" % (
        off_unit, off_area, TODAY, good.replace('"', '""'), bad.replace('"', '""'), off_unit, off_area, TODAY)
    r = officer.post_multipart("/activities/import", [("mode", "valid_rows")],
                               [("file", fname + ".csv", "text/csv", rows.encode())])
    scan(r, "store import")
    check(r.status == 200, "XSS store import: the good row imported, the report shown (%d)" % r.status, r)
    for n in range(NEXT_MARK[0] - 2, NEXT_MARK[0]):  # the report may or may not echo these
        if not MARKS[n]["html"]:
            note("the import report does not show '%s'" % MARKS[n]["label"])
            MARKS.pop(n)
    if mid:
        store(officer, "/models/%s" % mid, "/models/%s/status" % mid, {"action": "withdraw"},
              ["reason"], "model withdrawal", expect=(303, 409))

    # JSON writes with the session and its header
    api_store(officer, "POST", "/api/v1/activities",
              {"type": "house", "lead_unit": int(off_unit), "area": off_area, "start_on": TODAY,
               "title": "P", "description": "P"}, "API activity")
    api_store(officer, "POST", "/api/v1/working-groups",
              {"name": "P", "unit": int(off_unit), "area": off_area, "start_on": TODAY, "members": 3,
               "tasks": "P"}, "API working group")

    # a leader: criteria sets and rounds
    r = store(leader, "/criteria-sets/new", "/criteria-sets", {"purpose": "round", "pass_percent": "60"},
              ["name", "crit_name.1", "crit_guidance.1"], "criteria set")
    csid = location_id(r, "/criteria-sets/")
    if csid:
        seeds["leader"] += ["/criteria-sets/%s" % csid, "/api/v1/criteria-sets/%s" % csid]
    r = store(leader, "/campaigns/new", "/campaigns",
              {"criteria_set": csid or "", "participants": off_unit}, ["name", "theme"], "campaign")
    caid = location_id(r, "/campaigns/")
    if caid:
        seeds["leader"] += ["/campaigns/%s" % caid, "/api/v1/campaigns/%s" % caid]
        seeds["officer"].append("/campaigns/%s" % caid)

    # an Open311 client's request (no CSRF: a key), then shown to staff
    if key311:
        before = NEXT_MARK[0]
        fields = [("api_key", key311), ("service_code", "land"), ("address_string", "x"),
                  ("attribute[area_code]", off_area), ("description", payload("open311 description")),
                  ("first_name", payload("open311 first_name")), ("last_name", "x"),
                  ("email", "probe@example.org")]
        r = anon.request("POST", "/open311/v2/requests.json", body=urllib.parse.urlencode(fields),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        scan(r, "store open311")
        if not check(r.status in (200, 201), "XSS store open311 request: accepted (%d)" % r.status, r):
            MARKS.pop(before, None)
            MARKS.pop(before + 1, None)
        else:
            try:
                code = json.loads(r.text)[0]["service_request_id"]
                seeds["admin"] += ["/open311/v2/requests/%s.json" % code]
                cid2 = db_rows("SELECT id FROM citizen_case WHERE tracking_code = '%s'" % code)[0][0]
                seeds["officer"] += ["/cases/%s" % cid2, "/api/v1/cases/%s" % cid2]
                seeds["admin"] += ["/cases/%s" % cid2]
            except (ValueError, KeyError, IndexError):
                not_ok("open311: no service_request_id in the answer", r)
    if uid and api_store(admin, "PATCH", "/api/v1/units/%s" % uid, {"name_en": "P"},
                         "API unit update") is not None:
        MARKS.pop(first + 1, None)  # the English name it replaced

    # the citizen's form
    r = store(anon, "/submit", "/submit", dict(area, kind="feedback", topic="land", signed="1",
                                              people="3"),
              ["title", "description", "name", "address", "representatives"], "public submission")
    m = re.match(r"/track/([^/?]+)", (r.header("Location") if r else "") or "")
    if m:
        seeds["anon"] += ["/track/%s" % m.group(1), "/api/v1/public/cases/%s" % m.group(1)]
    return seeds


STATIC_SEEDS = ["/", "/dashboard", "/reports", "/areas", "/areas/01", "/units", "/units/new", "/users",
                "/users/new", "/account", "/cases", "/cases/new", "/config", "/config/topics",
                "/config/routing", "/config/holidays", "/config/rules", "/config/open311",
                "/activities", "/activities/new", "/activities/import", "/rollups", "/twinning",
                "/twinning/new", "/groups", "/groups/new", "/plans", "/plans/new", "/activity-types",
                "/models", "/models/new", "/criteria-sets", "/criteria-sets/new", "/campaigns",
                "/campaigns/new", "/awards", "/awards/new", "/submit", "/track", "/portal",
                "/portal/01", "/portal/01/figures.csv", "/portal/01/figures.json", "/login",
                "/healthz", "/api/v1/me", "/api/v1/areas", "/api/v1/units", "/api/v1/activities",
                "/api/v1/rollups", "/api/v1/dashboard", "/api/v1/reports", "/api/v1/activity-types",
                "/api/v1/twinning", "/api/v1/working-groups", "/api/v1/plans",
                "/api/v1/criteria-sets", "/api/v1/models", "/api/v1/campaigns",
                "/api/v1/award-forms", "/api/v1/awards", "/api/v1/cases", "/api/v1/topics",
                "/api/v1/public/figures", "/open311/discovery.json", "/open311/v2/services.json",
                "/open311/v2/requests.json", "/rollups?format=csv", "/rollups?format=xlsx"]


def echo_probes(officer, anon, off_area):
    """Refused forms show what was typed again: there too every value is escaped."""
    c = Client()
    c.get("/login")
    r = c.post_form("/login", {"csrf": c.cookies.get("__Host-dv_csrf"), "login": payload("login echo"),
                               "password": "wrong password 123"}, csrf=False)
    scan(r, "echo")
    r = c.get("/login?next=" + urllib.parse.quote("/x" + payload("login next")))
    MARKS[NEXT_MARK[0] - 1]["partial"] = True  # shown percent-encoded, in links
    scan(r, "echo")
    for client, page, action, over, inj in (
            (officer, "/activities/new", "/activities", {"area": off_area, "type": "house",
                                                         "start_on": "2026-13-45"}, ["title", "description"]),
            (officer, "/groups/new", "/groups", {"area": off_area, "members": "many"}, ["name", "tasks"]),
            (officer, "/models/new", "/models", {"area": "99999"}, ["name", "goals"]),
            (officer, "/cases/new", "/cases", {"area": "99999", "topic": "land"}, ["title", "description"]),
            (anon, "/submit", "/submit", {"area": "99999", "kind": "feedback", "topic": "land"},
             ["title", "description", "name"])):
        r = client.get(page)
        form = find_form(r.text, action)
        if form is None:
            not_ok("echo: no form posting to %s on %s" % (action, page), r)
            continue
        r = client.post_form(action, form_fields(form, over, inj, "echo " + action))
        scan(r, "echo")
        if check(400 <= r.status < 500, "echo: a refused POST %s answers %d" % (action, r.status), r):
            pass


def report_marks():
    shown = [n for n, m in MARKS.items() if m["html"]]
    ok("XSS: %d payloads in %d fields; %d shown escaped (and whole) on HTML pages (%d page views), "
       "%d in JSON, %d in CSV/XLSX" % (len(MARKS), len(MARKS), len(shown),
                                        sum(len(m["html"]) for m in MARKS.values()),
                                        len([1 for m in MARKS.values() if m["json"]]),
                                        len([1 for m in MARKS.values() if m["other"]])))
    for n, m in sorted(MARKS.items()):
        if m["html"] and not m.get("whole") and not m.get("partial"):
            not_ok("XSS: field '%s' (Z%dZ) is never shown whole: %s" % (m["label"], n, sorted(m["html"])[:3]))
        if not (m["html"] or m["json"] or m["other"]):
            not_ok("XSS: field '%s' (Z%dZ) was stored but no page visited shows it" % (m["label"], n))
        elif not m["html"]:
            note("field '%s' is shown only in JSON/exports" % m["label"])
    if RAW_FAIL:
        for shape, (where, r) in sorted(RAW_FAIL.items()):
            not_ok("XSS: %s shows a payload unescaped" % where, r)
    else:
        ok("XSS: no page shows any payload unescaped (%d HTML pages)" % CHECKED["html"])
    if ALTERED:
        for (n, kind), where in sorted(ALTERED.items()):
            not_ok("XSS: %s shows field '%s' altered (%s): not the text stored" %
                   (where, MARKS[n]["label"], kind))
    else:
        ok("XSS: JSON (%d answers), CSV (%d) and XLSX (%d) give every payload back exactly" %
           (CHECKED["json"], CHECKED["csv"], CHECKED["xlsx"]))


# ------------------------------------------------------------------ CSRF

CSRF_MSG = "security token"


def write_routes():
    """(method, pattern, flags) of every state-changing route, from `danvan routes`."""
    out = []
    for line in open(ROUTES, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 4 or f[0].startswith("#") or f[0] == "method":
            continue
        flags = set(re.split(r"[,|\s]+", f[3].lower()))
        if "write" in flags:
            out.append((f[0], f[1], flags))
    return out


def fill_pattern(pattern, ids):
    def one(m):
        name = m.group(1)
        return ids.get(name, "1")
    return re.sub(r"\{(\w+)\}", one, pattern)


def csrf_probes(admin, other, ids):
    """Every state-changing route with a signed-in session but no, a wrong, another session's or
    the anonymous cookie's token: 403 with the message, and nothing changed."""
    routes = write_routes()
    if not check(len(routes) > 50, "danvan routes lists %d state-changing routes" % len(routes)):
        return
    before = fingerprint()
    n_routes = n_req = 0
    wrong = admin.csrf[:-4] + ("AAAA" if not admin.csrf.endswith("AAAA") else "BBBB")
    for method, pattern, flags in routes:
        if "no-csrf" in flags:
            continue
        path = fill_pattern(pattern, ids)
        n_routes += 1
        api = "api" in flags
        form = {"name": "csrf probe", "title": "csrf probe", "note": "csrf probe", "action": "comment"}
        cases = []
        if api:
            body = json.dumps(form)
            for label, hs in (("no X-CSRF-Token", {}), ("a wrong X-CSRF-Token", {"X-CSRF-Token": wrong}),
                              ("another session's X-CSRF-Token", {"X-CSRF-Token": other.csrf}),
                              ("the token in the body only", {})):
                b = json.dumps(dict(form, csrf=admin.csrf)) if "body" in label else body
                cases.append((label, lambda hs=hs, b=b: admin.request(
                    method, path, body=b, headers=dict(hs, **{"Content-Type": "application/json"}))))
        else:
            enc = lambda d: urllib.parse.urlencode(d)
            ctype = {"Content-Type": "application/x-www-form-urlencoded"}
            for label, fields, hs, q in (
                    ("no token", form, {}, ""),
                    ("an empty token", dict(form, csrf=""), {}, ""),
                    ("a wrong token", dict(form, csrf=wrong), {}, ""),
                    ("another session's token", dict(form, csrf=other.csrf), {}, ""),
                    ("the token in the query only", form, {}, "?csrf=" + admin.csrf),
                    ("a wrong X-CSRF-Token header", form, {"X-CSRF-Token": wrong}, ""),
                    ("a cross-site Origin and no token", form, {"Origin": "https://evil.example"}, "")):
                cases.append((label, lambda f=fields, h=hs, q=q: admin.request(
                    method, path + q, body=enc(f), headers=dict(ctype, **h))))
            # the anonymous double-submit cookie does not stand in for the session's token
            anon_tok = "A" * 43
            cases.append(("a forged anonymous CSRF cookie", lambda: admin.request(
                method, path, body=enc(dict(form, csrf=anon_tok)),
                headers=dict(ctype, Cookie="__Host-dv_session=%s; __Host-dv_csrf=%s" % (
                    admin.cookies["__Host-dv_session"], anon_tok)), cookies=False)))
        bad = []
        for label, send in cases:
            r = send()
            n_req += 1
            if r.status != 403 or CSRF_MSG not in html.unescape(r.text):
                bad.append((label, r))
            check_headers(r)
        if bad:
            for label, r in bad:
                not_ok("CSRF: %s %s with %s: expected 403 with the token message, got %d" %
                       (method, pattern, label, r.status), r)
    ok("CSRF: %d state-changing routes x (no, empty, wrong, other session's token, query only, "
       "header, forged cookie) = %d requests checked" % (n_routes, n_req))
    diff = fp_diff(before, fingerprint())
    check(not diff, "CSRF: the refused requests changed nothing (tables changed: %s)" % (diff or "none"))
    r = admin.get("/account")
    check(r.status == 200, "CSRF: the session is still live after refused sign-outs", r)


def public_csrf_probes():
    """The citizen's and sign-in forms: the anonymous double-submit cookie and field must agree."""
    before = fingerprint()
    for path, fields in (("/login", {"login": "admin", "password": "x" * 12}),
                         ("/submit", {"kind": "feedback", "title": "csrf", "description": "csrf"}),
                         ("/track/AAAA-AAAA-AAAA/rate", {"rating": "5"}),
                         ("/track/AAAA-AAAA-AAAA/withdraw", {}),
                         ("/track/AAAA-AAAA-AAAA/reopen", {})):
        c = Client()
        c.get("/submit")
        tok = c.cookies.get("__Host-dv_csrf")
        for label, f, cookies in (("no cookie nor field", fields, {}),
                                  ("the cookie but no field", fields, {"__Host-dv_csrf": tok}),
                                  ("a field that differs from the cookie",
                                   dict(fields, csrf="B" * 43), {"__Host-dv_csrf": tok}),
                                  ("a field but no cookie", dict(fields, csrf=tok), {})):
            c.cookies = dict(cookies)
            r = c.post_form(path, f, csrf=False)
            check(r.status == 403, "public CSRF: POST %s with %s: %d" % (path, label, r.status), r)
    diff = fp_diff(before, fingerprint())
    check(not diff, "public CSRF: the refused requests changed nothing (%s)" % (diff or "none"))


# ------------------------------------------------------------------ sessions

def cookie_attrs(v):
    parts = [p.strip() for p in v.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, _, x = p.partition("=")
        attrs[k.strip().lower()] = x.strip()
    return name, val, attrs


def check_cookie(resp, name, same_site=("lax", "strict")):
    for v in resp.header_all("Set-Cookie"):
        n, val, a = cookie_attrs(v)
        if n != name:
            continue
        probs = []
        if not name.startswith("__Host-"):
            probs.append("no __Host- prefix")
        for flag in ("secure", "httponly"):
            if flag not in a:
                probs.append("no " + flag)
        if a.get("samesite", "").lower() not in same_site:
            probs.append("SameSite=%r" % a.get("samesite"))
        if a.get("path") != "/" or "domain" in a:
            probs.append("Path %r / Domain %r (a __Host- cookie needs Path=/ and no Domain)" %
                         (a.get("path"), a.get("domain")))
        if val and len(val) < 32:
            probs.append("value of %d characters (guessable)" % len(val))
        check(not probs, "cookie %s set by %s %s: Secure, HttpOnly, SameSite=%s, Path=/%s" %
              (name, resp.method, resp.path, a.get("samesite"), (": " + ", ".join(probs)) if probs else ""),
              resp)
        return val
    not_ok("%s %s set no %s cookie" % (resp.method, resp.path, name), resp)
    return None


def session_probes(login, other_login):
    S = "__Host-dv_session"
    # the anonymous CSRF cookie
    c = Client()
    r = c.get("/login")
    pre = check_cookie(r, "__Host-dv_csrf", ("strict", "lax"))
    # fixation: a session id planted before sign-in (a made-up one, and another user's real
    # one) is not what the sign-in answers with, and the planted real one stays that user's
    victim = sign_in(other_login)
    planted = victim.cookies[S]
    for label, value in (("a made-up session id", "F" * 43), ("another user's live session id", planted)):
        c = Client()
        c.get("/login")
        c.cookies[S] = value
        # with a live session planted the form needs that session's token (the attacker has it)
        tok = victim.csrf if value == planted else c.cookies["__Host-dv_csrf"]
        r = c.post_form("/login", {"csrf": tok, "login": login, "password": password_of(login)}, csrf=False)
        got = check_cookie(r, S) if r.status == 303 else None
        check(r.status == 303 and got and got != value,
              "session fixation: sign-in with %s planted issues a new session id" % label, r)
        me = json.loads(c.get("/api/v1/me").text or "{}")
        check(me.get("login") == login, "session fixation: the new session is %s's (got %r)" %
              (login, me.get("login")))
        acc = c.get("/account")
        check(csrf_of(acc.text) not in (None, tok), "the session's CSRF token is not the anonymous one")
    me = json.loads(victim.get("/api/v1/me").text or "{}")
    check(me.get("login") == other_login, "the planted session is still only %s's" % other_login)
    # sign-out ends the session on the server: the old cookie is refused afterwards
    c = sign_in(login)
    old = c.cookies[S]
    r = c.post_form("/logout", {})
    check(r.status == 303, "POST /logout answers 303", r)
    cleared = [v for v in r.header_all("Set-Cookie") if v.startswith(S + "=")]
    check(cleared and ("max-age=0" in cleared[0].lower() or "expires=" in cleared[0].lower()),
          "sign-out clears the session cookie (%s)" % (cleared[:1] or "no Set-Cookie"), r)
    d = Client()
    d.cookies[S] = old
    r = d.get("/account")
    check(r.status == 303 and (r.header("Location") or "").startswith("/login"),
          "after sign-out the old session cookie is refused on pages (%d)" % r.status, r)
    r = d.get("/api/v1/me")
    check(r.status == 401, "after sign-out the old session cookie is refused by the API (%d)" % r.status, r)
    # a session id never travels in a URL, and a login page is never cached
    r = c.get("/login")
    check("no-store" in (r.header("Cache-Control") or ""), "the sign-in page is not cached", r)
    # changing the password ends the user's other sessions
    a = sign_in(login)
    b = sign_in(login)
    new_pw = "Mật khẩu mới của thử nghiệm 2500"
    r = a.post_form("/account/password", {"old": password_of(login), "new": new_pw, "confirm": new_pw})
    check(r.status == 303, "POST /account/password answers 303", r)
    r = b.get("/api/v1/me")
    check(r.status == 401, "after a password change another session of the user is refused (%d)" %
          r.status, r)
    return new_pw


# ------------------------------------------------------------------ SQL metacharacters

SQL_VALUES = ["'", '"', "' OR '1'='1", "1;DROP TABLE unit--", "%", "_", "\\", "%00"]
API_LISTS = ["/api/v1/areas", "/api/v1/units", "/api/v1/activities", "/api/v1/twinning",
             "/api/v1/working-groups", "/api/v1/plans", "/api/v1/criteria-sets", "/api/v1/models",
             "/api/v1/campaigns", "/api/v1/awards", "/api/v1/cases", "/api/v1/rollups",
             "/api/v1/dashboard", "/api/v1/reports", "/api/v1/topics", "/api/v1/public/figures",
             "/open311/v2/requests.json", "/open311/v2/services.json"]
PAGING = ["q", "sort", "page", "limit", "offset", "area", "unit", "status", "from", "year"]


def qenc(v):
    return "%00" if v == "%00" else urllib.parse.quote(v, safe="")


def sql_read_probes(client, pages=True, values=None):
    """Every filter of every list page (the GET forms seen while crawling) and of the API lists,
    and path segments: a normal answer or a clear 4xx, never 5xx; nothing in the database changes."""
    before = fingerprint()
    targets = [(a, sorted(names | {"page", "sort"})) for a, names in sorted(GET_FORMS.items()) if pages]
    targets += [(a, PAGING) for a in API_LISTS]
    n = 0
    bad = {}
    for action, names in targets:
        for name in names:
            for v in values or SQL_VALUES:
                r = client.get("%s?%s=%s" % (action, urllib.parse.quote(name), qenc(v)))
                n += 1
                check_headers(r)
                if r.status >= 500 or (r.status >= 400 and r.status not in (400, 403, 404, 422)):
                    bad.setdefault((action, name, r.status), (v, r))
                elif v == "%00" and r.status != 400:
                    bad.setdefault((action, name, "NUL"), (v, r))
    for path in ("/units/1'", "/units/1%20OR%201=1", "/areas/01'%20OR%20'1'='1", "/activities/1;--",
                 "/cases/1%27", "/track/'%20OR%20'1'='1", "/api/v1/units/1'", "/api/v1/areas/%25",
                 "/api/v1/public/cases/%27--", "/portal/%27", "/models/1%22", "/static/%27.css"):
        r = client.get(path)
        n += 1
        if r.status >= 500 or r.status not in (400, 404):
            bad.setdefault((path, "", r.status), ("", r))
    for (action, name, st), (v, r) in sorted(bad.items(), key=str):
        not_ok("SQL metacharacters: GET %s %s=%r answered %s" % (action, name, v, st), r)
    ok("SQL metacharacters: %d reads (%d list pages and APIs x their parameters x %d values, and "
       "path segments) checked" % (n, len(targets), len(values or SQL_VALUES)))
    diff = fp_diff(before, fingerprint())
    check(not diff, "SQL metacharacters: the reads changed nothing (%s)" % (diff or "none"))
    # search: the key folds case, diacritics and punctuation ('%', '_', '\\' are punctuation,
    # utf8_fold), so they act as a space does, never as LIKE wildcards inside a word
    total = lambda q: json.loads(client.get("/api/v1/areas?q=" + urllib.parse.quote(q)).text).get("total")
    for q, same in (("%", " "), ("_", " "), ("%%", " "), ("\\", " "), ("ba%dinh", "ba dinh"),
                    ("ba_dinh", "ba dinh"), ("b_ dinh", "b dinh"), ("%inh", "inh")):
        a, b = total(q), total(same)
        check(a == b, "search: %r finds what %r finds (%s, %s): not a wildcard" % (q, same, a, b))
    t = json.loads(client.get("/api/v1/units?q=" + urllib.parse.quote("%\\_';--")).text).get("total")
    check(t is not None, "search with every metacharacter at once answers a list (%s found)" % t)


def sql_write_probes(admin, officer, anon, off_unit, off_area):
    """Every field of the forms, SQL metacharacters in each: refused (4xx) or stored as typed,
    never a 5xx; a refusal changes nothing."""
    n = 0
    before = fingerprint()
    for client, page, action in ((admin, "/units/new", "/units"), (admin, "/users/new", "/users"),
                                 (admin, "/config/topics", "/config/topics"),
                                 (admin, "/config/holidays", "/config/holidays"),
                                 (admin, "/config/routing", "/config/routing"),
                                 (admin, "/activity-types", "/activity-types"),
                                 (officer, "/activities/new", "/activities"),
                                 (officer, "/groups/new", "/groups"), (officer, "/twinning/new", "/twinning"),
                                 (officer, "/plans/new", "/plans"), (officer, "/models/new", "/models"),
                                 (officer, "/cases/new", "/cases"), (officer, "/awards/new", "/awards"),
                                 (anon, "/submit", "/submit")):
        r = client.get(page)
        form = find_form(r.text, action)
        if form is None:
            not_ok("SQL metacharacters: no form posting to %s on %s" % (action, page), r)
            continue
        names = sorted({f["name"] for f in form["fields"] if f["name"] and f["name"] != "csrf"
                        and f["type"] not in ("file", "submit")})
        for v in ("' OR '1'='1", "1;--", "\\'"):
            r = client.post_form(action, [(k, v) for k in names])
            n += 1
            check_headers(r)
            if r.status >= 500:
                not_ok("SQL metacharacters: POST %s with %r in every field answered %d" % (action, v, r.status), r)
            elif r.status < 400:
                # stored as typed (a free-text form): the new baseline for the refusals after it
                note("POST %s with %r in every field was accepted (%d)" % (action, v, r.status))
                before = fingerprint()
    # JSON writes: each field in turn a metacharacter string or one with a NUL (\u0000)
    bodies = (("/api/v1/activities", {"type": "house", "lead_unit": int(off_unit), "area": off_area,
                                      "start_on": TODAY, "title": "t", "participants": 3}),
              ("/api/v1/working-groups", {"name": "n", "unit": int(off_unit), "area": off_area,
                                          "start_on": TODAY, "members": 3}),
              ("/api/v1/cases", {"kind": "feedback", "channel": "phone", "topic": "land", "area": off_area,
                                 "title": "t", "description": "d"}))
    for path, body in bodies:
        for k in body:
            for v in ("' OR '1'='1", "1;--", "a\u0000b"):
                r = officer.json_req("POST", path, dict(body, **{k: v}), headers={"X-CSRF-Token": officer.csrf})
                n += 1
                check_headers(r)
                if r.status >= 500 or (r.status < 400 and "\u0000" in v):
                    not_ok("SQL metacharacters: POST %s with %s=%r answered %d" % (path, k, v, r.status), r)
                elif r.status < 400:
                    before = fingerprint()  # a text field stored as typed
    diff = fp_diff(before, fingerprint())
    check(not diff, "SQL metacharacters: the refused posts changed nothing (%s)" % (diff or "none"))
    ok("SQL metacharacters: %d form and JSON posts with metacharacters in every field: no 5xx, "
       "refusals changed nothing" % n)


# ------------------------------------------------------------------ answers of every kind


def kinds_probes(admin, officer):
    """Error pages, redirects, static files and open redirects: the headers, and where they go."""
    anon = Client()
    for c, method, path, hs, want in (
            (anon, "GET", "/no-such-page", {}, 404), (anon, "GET", "/api/v1/no-such", {}, None),
            (admin, "GET", "/api/v1/no-such", {}, 404), (anon, "GET", "/static/style.css", {}, 200),
            (anon, "GET", "/static/nothing.css", {}, 404), (anon, "DELETE", "/login", {}, 405),
            (anon, "BREW", "/", {}, 501), (anon, "GET", "/areas?q=%ZZ", {}, None),
            (officer, "GET", "/users", {}, 403), (officer, "GET", "/api/v1/areas?q=%FF", {}, 400),
            (anon, "GET", "/cases", {}, 303), (anon, "GET", "/healthz", {}, 200),
            (anon, "HEAD", "/login", {}, 200), (anon, "GET", "/portal/01/figures.csv", {}, 200),
            (admin, "GET", "/activities/template.xlsx", {}, 200)):
        r = c.request(method, path, headers=hs)
        check_headers(r)
        if want is not None:
            check(r.status == want, "%s %s answers %d (%d)" % (method, path, want, r.status), r)
        else:
            check(r.status < 500, "%s %s answers %d, not 5xx" % (method, path, r.status), r)
    # redirects stay on this site, whatever `next` says (browsers drop tabs and newlines in URLs
    # and read '\' as '/')
    for nxt in ("https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example",
                "/%09/evil.example", "\t//evil.example", "/\n/evil.example", "javascript:alert(1)",
                "/%2F%2Fevil.example", "/ /evil.example"):
        for c, base in ((anon, "/lang/en?next="), (admin, "/login?next=")):
            r = c.get(base + urllib.parse.quote(nxt, safe=""))
            loc = r.header("Location") or ""
            seen = re.sub(r"[\t\n\r]", "", loc).replace("\\", "/")
            check(r.status in (303, 200) and (not loc or (seen.startswith("/") and not seen.startswith("//"))
                                              and not re.search(r"[\x00-\x1f\x7f]", loc)),
                  "open redirect: GET %s%r goes to %r, on this site" % (base, nxt, loc), r)
        c = Client()
        c.get("/login")
        r = c.post_form("/login", {"csrf": c.cookies["__Host-dv_csrf"], "login": "nobody-2500",
                                   "password": "wrong password 2500", "next": nxt}, csrf=False)
        check("evil" not in (r.header("Location") or ""), "POST /login next=%r stays on this site" % nxt, r)
    anon.get("/lang/vi?next=/")


def main():
    t0 = time.time()
    roles = users_by_role()
    admin_login = roles["administrator"][0]
    officer_login = roles["officer"][0]
    leader_login = roles["leader"][0]
    admin = sign_in(admin_login)
    officer = sign_in(officer_login)
    leader = sign_in(leader_login)
    settler = sign_in(roles["settler"][0])
    anon = Client()
    anon.get("/submit")
    anon.csrf = anon.cookies.get("__Host-dv_csrf")
    off_unit, off_area = officer_fixture(officer_login)

    session_probes(roles["inspector"][0], roles["leader"][1])
    note("sessions: %.1f s" % (time.time() - t0))

    admin2 = sign_in(admin_login)
    code = db_rows("SELECT tracking_code FROM citizen_case ORDER BY id LIMIT 1")[0][0]
    csrf_probes(admin, officer, {"code": code, "day": "2027-01-01", "name": "style.css", "doc": "discovery.json",
                                 "file": "x.json"})
    public_csrf_probes()
    check(admin2.get("/account").status == 200, "CSRF: another session of the same user is untouched")
    note("CSRF: %.1f s" % (time.time() - t0))

    seeds = xss_stores(admin, officer, leader, settler, anon, off_unit, off_area)
    echo_probes(officer, anon, off_area)
    note("stores: %.1f s" % (time.time() - t0))
    pages = 0
    for who, c in (("administrator", admin), ("officer", officer), ("leader", leader),
                   ("anonymous", anon)):
        key = {"administrator": "admin", "anonymous": "anon"}.get(who, who)
        pages += crawl(c, who, seeds[key] + STATIC_SEEDS)
    # the English pages show the English names (name_en fields)
    admin.cookies["dv_lang"] = "en"
    pages += crawl(admin, "administrator, English", seeds["admin"] + STATIC_SEEDS, limit=1, budget=250)
    admin.cookies.pop("dv_lang")
    note("crawl: %d pages in %.1f s" % (pages, time.time() - t0))
    report_marks()

    sql_read_probes(admin)
    sql_read_probes(officer, pages=False, values=["'", "' OR '1'='1", "%", "%00"])
    sql_write_probes(admin, officer, anon, off_unit, off_area)
    note("SQL: %.1f s" % (time.time() - t0))
    kinds_probes(admin, officer)
    report_headers()
    note("%d requests in %.1f s" % (sum(c.count for c in (admin, officer, leader, settler, anon)),
                                    time.time() - t0))
    print("# probes: %d passed, %d failed" % (N_OK, N_FAIL))


if __name__ == "__main__":
    main()
