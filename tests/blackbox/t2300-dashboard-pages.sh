#!/bin/bash
# t2300-dashboard-pages: the pages of issue 7 as a browser sees them. On the two-province demo
# with generated cases and activities: every inline SVG of the dashboard (nation, province,
# commune), the report and the portal (nation, province, commune) is well-formed XML (xmllint);
# each choropleth map has exactly one linked shape per child area with a stored shape (counted
# in area_shape) whose link and title are the child's; the portal and its open data (CSV, JSON)
# hold no name, contact, address, tracking code, login or staff name, also after a citizen's
# case submitted through the public API is decided with a public answer, which the commune's
# page then shows (a denunciation's answer never); every public count from 1 to N-1 (recomputed
# from the facts) is "< N" on the pages, empty in the CSV and null in the JSON, and the true
# number once a second server runs with DANVAN_PUBLIC_MIN_COUNT=1; the report's XLSX is a
# valid workbook with the area's name and received total, its CSV too, its overdue list has no
# personal column; vi and en render; anonymous dashboards and reports redirect to sign-in,
# unknown and synthetic areas are 404, bad periods and measures 400, out-of-scope areas 404;
# the pages carry the security headers.
. "$(dirname "$0")/lib.sh"
command -v xmllint >/dev/null || bail "xmllint (libxml2-utils) is not installed"
make_demo
dv gen --cases 600 --activities 400 --seed 2300 --db "$DB"
[ "$RC" -eq 0 ] || { sed 's/^/#   /' "$T/out" "$T/err" | tail -20; bail "danvan gen failed ($RC)"; }
start_server

TODAY=$(today_vn)
P=${TODAY:0:4}           # the period of every check: this year (the generator fills it up to today)
MF="$P-01"
MT="$P-12"
MIN=5                    # the default public-min-count
ADMIN=admin              # central: the national dashboard
LEADER=lanhdao.hanoi     # province 01
SETTLER=giaiquyet.badinh # the Ba Đình people's committee: decides the commune's cases
OFFICER_HCM=canbo.saigon # a commune of 79
COMMUNE=00004            # phường Ba Đình (01)
for u in $ADMIN $LEADER $SETTLER $OFFICER_HCM; do
	[ -n "$(password_of "$u")" ] || bail "the demo has no '$u'"
done
# a second commune of 01 with few cases in the period, for the small-count rule
FEW=$(sql "SELECT x.code FROM area x JOIN area p ON p.id = x.parent_id
	WHERE p.code = '01' AND x.level = 2 AND x.code <> ?
	AND (SELECT COUNT(*) FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id
		WHERE ac.ancestor = x.id AND substr(c.received_on, 1, 4) = ?) BETWEEN 1 AND 4
	ORDER BY (SELECT COUNT(*) FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id
		WHERE ac.ancestor = x.id AND c.decided_on IS NOT NULL) DESC, x.code LIMIT 1" "$COMMUNE" "$P")
[ -n "$FEW" ] || bail "no commune of 01 has 1 to 4 cases in $P"
VILLAGE=$(sql "SELECT v.code FROM area v JOIN area c ON c.id = v.parent_id WHERE c.code = ? AND v.synthetic = 1 ORDER BY v.code LIMIT 1" "$COMMUNE")
[ -n "$VILLAGE" ] || bail "the demo has no village in $COMMUNE"
note "period $P, today $TODAY; communes $COMMUNE and $FEW (few cases), village $VILLAGE"
note "facts: $(sql "SELECT COUNT(*) FROM citizen_case") cases, $(sql "SELECT COUNT(*) FROM activity") activities"

# ---------------------------------------------------------------- helpers

cat >"$T/pages.py" <<'PY'
#!/usr/bin/env python3
# pages.py COMMAND ...: what the tests read out of the pages.
#   svgs FILE DIR        each inline <svg>...</svg> of FILE into DIR/N.svg; prints N
#   map FILE WANT PREFIX SUFFIX LABEL
#                        the choropleth (svg.svg-map) of FILE against WANT (code TAB name per
#                        line): one <a> with one <path> and a <title> holding the name per
#                        wanted area, href = PREFIX + code + SUFFIX, nothing else linked
#   leaks FILE NEEDLES   prints each needle (kind TAB text per line) found in FILE (raw, HTML,
#                        URL and JSON unescaped, case and diacritics folded); logins as words
#   xlsx FILE NAME       prints the row holding cell NAME of the first sheet, cells tab-joined
import html
import html.parser
import json
import re
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

SVG = "{http://www.w3.org/2000/svg}"


def svgs(f, d):
    s = open(f, encoding="utf-8").read()
    n = 0
    for m in re.finditer(r"<svg\b.*?</svg>", s, re.S):
        n += 1
        open("%s/%d.svg" % (d, n), "w", encoding="utf-8").write(m.group(0))
    print(n)


def mapcheck(f, want_file, prefix, suffix, label):
    s = open(f, encoding="utf-8").read()
    want = {}
    for line in open(want_file, encoding="utf-8"):
        line = line.rstrip("\n")
        if line:
            code, name = line.split("\t", 1)
            want[code] = name
    m = re.search(r'<svg\b[^>]*class="svg-map".*?</svg>', s, re.S)
    if not m:
        print("not ok - %s: no svg.svg-map on the page" % label)
        return
    raw = m.group(0)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as ex:
        print("not ok - %s: the map is not XML: %s" % (label, ex))
        return
    regions = [a for a in root.iter(SVG + "a")]
    got, bad = {}, []
    for a in regions:
        href = a.get("href") or a.get("{http://www.w3.org/1999/xlink}href") or ""
        title = a.find(SVG + "title")
        paths = a.findall(SVG + "path")
        mm = re.fullmatch(re.escape(prefix) + r"([^?&/]+)" + re.escape(suffix), href)
        if not mm:
            bad.append("link %r is not %sCODE%s" % (href, prefix, suffix))
            continue
        code = mm.group(1)
        if code in got:
            bad.append("%s is linked twice" % code)
        got[code] = (title.text if title is not None else None, len(paths))
    if len(regions) == len(want):
        print("ok - %s: %d linked regions, one per shape in area_shape" % (label, len(regions)))
    else:
        print("not ok - %s: %d linked regions, area_shape has %d" % (label, len(regions), len(want)))
    if set(got) == set(want) and not bad:
        codes = ",".join(sorted(want)) if len(want) <= 8 else "%d codes" % len(want)
        print("ok - %s: the links are exactly %s{%s}%s" % (label, prefix, codes, suffix))
    else:
        print("not ok - %s: links differ: missing %s, extra %s; %s" % (label, sorted(set(want) - set(got)),
              sorted(set(got) - set(want)), "; ".join(bad[:5])))
    onepath = [c for c, (t, n) in got.items() if n != 1]
    if not onepath:
        print("ok - %s: each region is one <a> holding one <path>" % label)
    else:
        print("not ok - %s: regions without exactly one path: %s" % (label, onepath[:10]))
    named = [c for c, (t, n) in got.items() if c in want and not (t and want[c] in t)]
    if not named:
        print("ok - %s: each region's <title> holds its area's name" % label)
    else:
        print("not ok - %s: titles lacking the name: %s" % (label, ["%s: %r (want %r)" % (c, got[c][0], want[c])
                                                                    for c in named[:5]]))
    if "&" not in suffix:
        pass
    elif not re.search(r"&(?!amp;|lt;|gt;|quot;|#)", raw) and all(
            'href="%s%s%s"' % (prefix, c, suffix.replace("&", "&amp;")) in raw for c in got):
        print("ok - %s: the links' & are written &amp;" % label)
    else:
        print("not ok - %s: a link's & is not written &amp;" % label)


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def leaks(f, needles_file):
    raw = open(f, "rb").read().decode("utf-8", "replace")
    views = [raw, html.unescape(raw), urllib.parse.unquote_plus(raw)]
    try:
        views.append(json.dumps(json.loads(raw), ensure_ascii=False))
    except Exception:
        views.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), raw))
    folded = [fold(v) for v in views]
    for line in open(needles_file, encoding="utf-8"):
        line = line.rstrip("\n")
        if "\t" not in line:
            continue
        kind, n = line.split("\t", 1)
        if not n.strip():
            continue
        if kind == "login":
            pat = re.compile(r"(?<![\w.@-])" + re.escape(fold(n)) + r"(?![\w@-]|\.\w)")
            if any(pat.search(v) for v in folded):
                print("%s: %s" % (kind, n))
        elif any(n in v for v in views) or any(fold(n) in v for v in folded):
            print("%s: %s" % (kind, n))


def xlsx(f, name):
    z = zipfile.ZipFile(f)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
    sheets = sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    root = ET.fromstring(z.read(sheets[0]))
    for row in root.iter("{%s}row" % ns["m"]):
        cells = []
        for c in row.findall("m:c", ns):
            t = c.get("t")
            if t == "s":
                cells.append(shared[int(c.find("m:v", ns).text)])
            elif t == "inlineStr":
                cells.append("".join(x.text or "" for x in c.iter("{%s}t" % ns["m"])))
            else:
                v = c.find("m:v", ns)
                cells.append(v.text if v is not None else "")
        if name in cells:
            print("\t".join(cells))
            return


cmd = sys.argv[1]
if cmd == "svgs":
    svgs(*sys.argv[2:4])
elif cmd == "map":
    mapcheck(*sys.argv[2:7])
elif cmd == "leaks":
    leaks(*sys.argv[2:4])
elif cmd == "xlsx":
    xlsx(*sys.argv[2:4])
PY

cat >"$T/counts.py" <<'PY'
#!/usr/bin/env python3
# counts.py FACTS PAGE CSV JSON AREA MIN LABEL: every public count of area AREA (its months and
# total) and of its children against the facts (FACTS: measure TAB code TAB month TAB value, from
# SQL on the fact tables): on the page (months table, children table, headline) "< MIN" exactly
# when the fact is 1..MIN-1, else the number; in the CSV an empty cell, else the number; in the
# JSON null, else the number; the on-time rate "–"/empty/null exactly when decided < MIN or 0,
# or when the cases on time or late are 1..MIN-1.
import csv
import html
import html.parser
import json
import re
import sys
from collections import defaultdict

FACTS, PAGE, CSVF, JSONF, AREA, MIN, LABEL = sys.argv[1:8]
MIN = int(MIN)
f = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
codes = set()
for line in open(FACTS, encoding="utf-8"):
    p = line.rstrip("\n").split("\t")
    if len(p) != 4:
        continue
    meas, code, month, v = p
    codes.add(code)
    f[code][month][meas] += float(v or 0)
    f[code]["*"][meas] += float(v or 0)
MEAS = ["received", "decided", "on_time", "households", "persons"]
n_ok = n_bad = 0
small = 0
problems = defaultdict(list)


def fact(code, month, meas):
    return int(round(f[code][month][meas]))


def hidden(v):
    return MIN > 1 and 1 <= v < MIN


def rate_hidden(code, month):
    # none decided; fewer than MIN decided; or the cases on time or late are 1..MIN-1 (the
    # rate would give them away)
    d = fact(code, month, "decided")
    o = fact(code, month, "on_time")
    return d == 0 or (MIN > 0 and d < MIN) or hidden(o) or hidden(d - o)


def rate(code, month):
    d = fact(code, month, "decided")
    return 100.0 * fact(code, month, "on_time") / d


def page_num(s):
    s = html.unescape(s).strip().replace("\u00a0", " ")
    return s


def check_cell(where, code, month, meas, shown):
    global small
    s = page_num(shown)
    if meas == "rate":
        if rate_hidden(code, month):
            good = s == "–"
        else:
            try:
                good = abs(float(s.replace(".", "").replace(",", ".")) - rate(code, month)) < 0.051
            except ValueError:
                good = False
        want = "–" if rate_hidden(code, month) else "%.1f" % rate(code, month)
    else:
        v = fact(code, month, meas)
        if hidden(v):
            small += 1
            want = "< %d" % MIN
            good = s == want
        else:
            want = str(v)
            good = s.replace(".", "").replace(",", "") == want
    if not good:
        problems[where].append("%s %s %s: shown %r, facts %s" % (code, month, meas, s, want))
    return good


class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.dls = [], []
        self.t = None
        self.cell = None
        self.row = None
        self.in_head = False
        self.dl = None
        self.dt = self.dd = None

    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "table":
            self.t = {"heads": [], "rows": []}
        elif self.t is not None and tag == "thead":
            self.in_head = True
        elif self.t is not None and tag == "tr":
            self.row = {"th": "", "href": None, "tds": []}
        elif self.t is not None and tag in ("th", "td"):
            self.cell = [tag, ""]
        elif self.t is not None and tag == "a" and self.cell is not None and self.row is not None:
            self.row["href"] = a.get("href")
        elif tag == "dl" and "figures" in (a.get("class") or ""):
            self.dl = []
        elif self.dl is not None and tag == "dt":
            self.dt = ""
        elif self.dl is not None and tag == "dd":
            self.dd = ""

    def handle_endtag(self, tag):
        if tag == "table" and self.t is not None:
            self.tables.append(self.t)
            self.t = None
        elif tag == "thead":
            self.in_head = False
        elif tag in ("th", "td") and self.cell is not None:
            kind, text = self.cell
            self.cell = None
            if self.in_head:
                self.t["heads"].append(text.strip())
            elif kind == "th":
                self.row["th"] = text.strip()
            else:
                self.row["tds"].append(text.strip())
        elif tag == "tr" and self.row is not None and not self.in_head:
            self.t["rows"].append(self.row)
            self.row = None
        elif tag == "dl" and self.dl is not None:
            self.dls.append(self.dl)
            self.dl = None
        elif tag == "dt" and self.dt is not None:
            self.cur_dt = self.dt.strip()
            self.dt = None
        elif tag == "dd" and self.dd is not None:
            self.dl.append((self.cur_dt, self.dd.strip()))
            self.dd = None

    def handle_data(self, d):
        if self.cell is not None:
            self.cell[1] += d
        if self.dt is not None:
            self.dt += d
        if self.dd is not None:
            self.dd += d


COLS = {"Tiếp nhận": "received", "Đã giải quyết": "decided", "Giải quyết đúng hạn": "on_time",
        "Tỷ lệ đúng hạn (%)": "rate", "Số hộ được hưởng": "households",
        "Số người được hưởng": "persons", "Người được giúp đỡ": "persons"}


def ok(msg):
    global n_ok
    n_ok += 1
    print("ok - %s: %s" % (LABEL, msg))


def not_ok(msg):
    global n_bad
    n_bad += 1
    print("not ok - %s: %s" % (LABEL, msg))


def verdict(where, n):
    if problems[where]:
        not_ok("%s: %d of %d cells disagree: %s" % (where, len(problems[where]), n,
                                                    "; ".join(problems[where][:8])))
    elif n == 0:
        not_ok("%s: no cell checked" % where)
    else:
        ok("%s: %d cells agree with the facts" % (where, n))


# ---- the page
p = Tables()
p.feed(open(PAGE, encoding="utf-8").read())
months_t = [t for t in p.tables if t["rows"] and any(re.fullmatch(r"\d\d/\d{4}", r["th"]) for r in t["rows"])]
child_t = [t for t in p.tables if t["rows"] and all(r["href"] for r in t["rows"])]
n = 0
if not months_t:
    not_ok("the page has no table by month")
else:
    t = months_t[0]
    cols = [(i, COLS[h]) for i, h in enumerate(t["heads"][1:]) if h in COLS]
    if len(cols) != 6:
        not_ok("the table by month has the columns %r" % t["heads"])
    for r in t["rows"]:
        m = re.fullmatch(r"(\d\d)/(\d{4})", r["th"])
        month = "%s-%s" % (m.group(2), m.group(1)) if m else "*"
        for i, meas in cols:
            n += 1
            check_cell("page, table by month", AREA, month, meas, r["tds"][i])
    verdict("page, table by month", n)
kids = sorted(c for c in codes if c != AREA)
if kids:
    n = 0
    if not child_t:
        not_ok("the page has no table by child area")
    else:
        t = child_t[0]
        cols = [(i, COLS[h]) for i, h in enumerate(t["heads"][1:]) if h in COLS]
        seen = set()
        for r in t["rows"]:
            code = re.match(r"/portal/([^?]+)", html.unescape(r["href"])).group(1)
            seen.add(code)
            for i, meas in cols:
                n += 1
                check_cell("page, table by child", code, "*", meas, r["tds"][i])
        missing = [c for c in kids if c not in seen]
        if missing:
            problems["page, table by child"].append("areas with facts missing: %s" % missing[:5])
        verdict("page, table by child", n)
n = 0
if p.dls:
    for dt, dd in p.dls[0]:
        if dt in COLS:
            n += 1
            check_cell("page, headline", AREA, "*", COLS[dt], dd)
verdict("page, headline", n)

# ---- the CSV
rows = list(csv.DictReader(open(CSVF, encoding="utf-8-sig", newline="")))
CSVCOLS = {"cases_received": "received", "cases_decided": "decided",
           "cases_decided_on_time": "on_time", "households_helped": "households",
           "persons_helped": "persons"}
n = 0
for r in rows:
    code = r["area_code"]
    for col, meas in CSVCOLS.items():
        v = fact(code, "*", meas)
        n += 1
        want = "" if hidden(v) else str(v)
        if r[col] != want:
            problems["CSV"].append("%s %s: %r, facts %r" % (code, col, r[col], want))
    want_rate = rate_hidden(code, "*")
    if (r["on_time_percent"] == "") != want_rate or (not want_rate and abs(float(r["on_time_percent"]) - rate(code, "*")) >= 0.051):
        problems["CSV"].append("%s on_time_percent: %r" % (code, r["on_time_percent"]))
    n += 1
if sorted(r["area_code"] for r in rows) != sorted([AREA] + kids) and kids:
    problems["CSV"].append("rows %s, facts for %s" % (sorted(r["area_code"] for r in rows)[:5], sorted([AREA] + kids)[:5]))
verdict("CSV", n)

# ---- the JSON
j = json.load(open(JSONF, encoding="utf-8"))
n = 0


def jcheck(where, code, month, cases, acts):
    global n
    for meas, obj, key in (("received", cases, "received"), ("decided", cases, "decided"),
                           ("on_time", cases, "decided_on_time"), ("households", acts, "households"),
                           ("persons", acts, "persons")):
        v = fact(code, month, meas)
        n += 1
        want = None if hidden(v) else v
        if obj.get(key, "<missing>") != want:
            problems["JSON"].append("%s %s %s: %r, facts %r" % (code, month, key, obj.get(key, "<missing>"), want))
    n += 1
    r = cases.get("on_time_percent", "<missing>")
    if rate_hidden(code, month):
        if r is not None:
            problems["JSON"].append("%s %s on_time_percent: %r, should be null" % (code, month, r))
    elif not isinstance(r, (int, float)) or abs(r - rate(code, month)) >= 0.051:
        problems["JSON"].append("%s %s on_time_percent: %r, facts %.1f" % (code, month, r, rate(code, month)))


if j.get("suppression", {}).get("min_count") == MIN:
    ok("the JSON says suppression.min_count = %d" % MIN)
else:
    not_ok("the JSON's suppression is %r, want min_count %d" % (j.get("suppression"), MIN))
jcheck("total", AREA, "*", j.get("cases", {}), j.get("activities", {}))
for m in j.get("months", []):
    jcheck("month", AREA, m["month"], m.get("cases", {}), m.get("activities", {}))
for c in j.get("children", []):
    jcheck("child", c["code"], "*", c.get("cases", {}), c.get("activities", {}))
verdict("JSON", n)
print("# %s: %d counts from 1 to %d among the facts checked on the page" % (LABEL, small, MIN - 1))
print("SMALL %d" % small)
PY

# take: the "ok - "/"not ok - " lines of a helper (on stdin) counted as assertions here (not in a
# pipe: the counters must stay in this shell).
take() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		SMALL*) SMALL=${line#SMALL } ;;
		*) echo "$line" ;;
		esac
	done
}
# save NAME: keep the last body as $T/NAME
save() { cp "$T/body" "$T/$1"; }
# svg_ok NAME [LEAST]: $T/NAME has at least LEAST inline <svg>s, each well-formed XML (xmllint)
svg_ok() {
	local name=$1 least=${2:-1} d="$T/svg-$1" n f bad=""
	rm -rf "$d"
	mkdir -p "$d"
	n=$(python3 "$T/pages.py" svgs "$T/$name" "$d")
	if [ "$n" -ge "$least" ]; then ok "$name: $n inline SVGs (at least $least)"; else
		not_ok "$name: $n inline SVGs, expected at least $least"; fi
	for f in "$d"/*.svg; do
		[ -e "$f" ] || continue
		xmllint --noout "$f" 2>"$T/xmllint.err" || bad="$bad $(basename "$f"): $(head -2 "$T/xmllint.err" | tr '\n' ' ')"
	done
	if [ -z "$bad" ]; then ok "$name: every inline SVG is well-formed (xmllint)"; else
		not_ok "$name: SVGs that xmllint refuses:$bad"; fi
}
# security headers of an HTML page
headers_ok() {
	local msg=$1 csp scripts
	assert_header Content-Type '^text/html' "$msg"
	assert_header X-Content-Type-Options '^nosniff$' "$msg"
	assert_header X-Frame-Options '^(DENY|SAMEORIGIN)$' "$msg"
	assert_header Content-Security-Policy "default-src" "$msg"
	csp=$(hdr Content-Security-Policy)
	scripts=$(printf '%s' "$csp" | tr ';' '\n' | grep -E '^ *script-src' || printf '%s' "$csp" | tr ';' '\n' | grep -E '^ *default-src')
	case $scripts in *unsafe-inline* | *unsafe-eval* | '') not_ok "$msg: scripts may run inline: '$csp'" ;;
		*) ok "$msg: scripts are not allowed inline ($scripts)" ;; esac
	if grep -oiE '<script[^>]*>' "$T/body" | grep -qv 'src='; then
		not_ok "$msg: an inline <script>"
	else ok "$msg: no inline script"; fi
	if grep -qE ' on[a-z]+="' "$T/body"; then not_ok "$msg: an inline event handler"; else ok "$msg: no inline event handler"; fi
}
# lang_get LANG PATH: GET with the language cookie (and the session's, when signed in)
lang_get() {
	local c="dv_lang=$1"
	[ -n "${COOKIE:-}" ] && c="$COOKIE; $c"
	req GET "$2" -H "Cookie: $c"
}
# needles: what no public answer may hold, kind TAB text per line
needles() {
	{
		sql "SELECT 'name', submitter_name FROM citizen_case WHERE submitter_name IS NOT NULL AND submitter_name <> ''"
		sql "SELECT 'contact', submitter_contact FROM citizen_case WHERE submitter_contact IS NOT NULL AND submitter_contact <> ''"
		sql "SELECT 'address', submitter_address FROM citizen_case WHERE submitter_address IS NOT NULL AND submitter_address <> ''"
		sql "SELECT 'representatives', representatives FROM citizen_case WHERE representatives <> ''"
		sql "SELECT 'tracking', tracking_code FROM citizen_case"
		sql "SELECT 'login', login FROM app_user"
		sql "SELECT 'staff', display_name FROM app_user WHERE display_name <> ''"
	} | sort -u >"$T/needles.tsv"
}
# no_leak NAME MSG: $T/NAME holds none of the needles
no_leak() {
	local found
	found=$(python3 "$T/pages.py" leaks "$T/$1" "$T/needles.tsv")
	if [ -z "$found" ]; then ok "$2: no personal data ($(wc -l <"$T/needles.tsv") names, contacts, addresses, codes, logins looked for)"; else
		not_ok "$2: holds personal data: $(printf '%s' "$found" | head -5 | tr '\n' '|')"; fi
}
# facts AREA: measure TAB code TAB month TAB value of AREA and its children in the period, from
# the fact tables (never the aggregates)
facts() {
	local a=$1 where="(x.code = ? OR x.parent_id = (SELECT id FROM area WHERE code = ?) AND x.synthetic = 0)"
	local j="JOIN area_closure ac ON ac.descendant = c.area_id JOIN area x ON x.id = ac.ancestor"
	sql "SELECT 'received', x.code, substr(c.received_on, 1, 7), COUNT(*) FROM citizen_case c $j
		WHERE $where AND substr(c.received_on, 1, 7) >= ? AND substr(c.received_on, 1, 7) <= ?
		GROUP BY x.code, substr(c.received_on, 1, 7)" "$a" "$a" "$MF" "$MT"
	sql "SELECT 'decided', x.code, substr(c.decided_on, 1, 7), COUNT(*) FROM citizen_case c $j
		WHERE $where AND substr(c.decided_on, 1, 7) >= ? AND substr(c.decided_on, 1, 7) <= ?
		GROUP BY x.code, substr(c.decided_on, 1, 7)" "$a" "$a" "$MF" "$MT"
	sql "SELECT 'on_time', x.code, substr(c.decided_on, 1, 7), COUNT(*) FROM citizen_case c $j
		WHERE $where AND substr(c.decided_on, 1, 7) >= ? AND substr(c.decided_on, 1, 7) <= ?
		AND NOT EXISTS (SELECT 1 FROM case_deadline s WHERE s.case_id = c.id AND s.step = 'settle'
			AND NOT (s.met_on IS NOT NULL AND s.met_on <= s.due_day))
		GROUP BY x.code, substr(c.decided_on, 1, 7)" "$a" "$a" "$MF" "$MT"
	j="JOIN area_closure ac ON ac.descendant = c.area_id JOIN area x ON x.id = ac.ancestor"
	sql "SELECT 'households', x.code, substr(c.start_on, 1, 7), COALESCE(SUM(c.households), 0) FROM activity c $j
		WHERE $where AND substr(c.start_on, 1, 7) >= ? AND substr(c.start_on, 1, 7) <= ?
		GROUP BY x.code, substr(c.start_on, 1, 7)" "$a" "$a" "$MF" "$MT"
	sql "SELECT 'persons', x.code, substr(c.start_on, 1, 7), COALESCE(SUM(c.persons), 0) FROM activity c $j
		WHERE $where AND substr(c.start_on, 1, 7) >= ? AND substr(c.start_on, 1, 7) <= ?
		GROUP BY x.code, substr(c.start_on, 1, 7)" "$a" "$a" "$MF" "$MT"
	# every official child, even without facts, so that the tables' rows are known
	sql "SELECT 'received', x.code, ?, 0 FROM area x JOIN area p ON p.id = x.parent_id
		WHERE p.code = ? AND x.synthetic = 0" "$MF" "$a"
}
# shapes FRAME: code TAB name of the areas drawn on map FRAME
shapes() {
	sql "SELECT a.code, a.${2:-name} FROM area_shape s JOIN area a ON a.id = s.area_id WHERE s.frame = ? ORDER BY a.code" "$1"
}

# ================================================================ 6. status codes (anonymous)
for path in /dashboard /reports; do
	get "$path"
	assert_login_redirect "$path" "anonymous GET $path"
done
get "/dashboard?area=01&period=$P"
assert_status 303 "anonymous GET /dashboard?area=01"
assert_match '^/login' "$(hdr Location)" "anonymous dashboard goes to sign-in"
get "/reports?area=01&period=$P&format=xlsx"
assert_status 303 "anonymous GET /reports?format=xlsx"
assert_not_contains 'PK' "the anonymous report download gives no workbook"
get /portal/VN-nonexistent
assert_status 404 "GET /portal/VN-nonexistent"
get /portal/99999
assert_status 404 "GET /portal/99999 (no such area)"
get "/portal/$VILLAGE"
assert_status 404 "GET /portal/$VILLAGE (a synthetic village)"
get "/portal/$VILLAGE/figures.csv"
assert_status 404 "GET /portal/$VILLAGE/figures.csv"
get "/portal/$VILLAGE/figures.json"
assert_status 404 "GET /portal/$VILLAGE/figures.json"
for bad in 2026-13 abc 2026-Q5 2026-H3 20261 1899; do
	get "/portal?period=$bad"
	assert_status 400 "GET /portal?period=$bad"
done
get "/portal/01/figures.csv?period=xyz"
assert_status 400 "GET /portal/01/figures.csv?period=xyz"
get "/portal/01/figures.json?period=2026-Q0"
assert_status 400 "GET /portal/01/figures.json?period=2026-Q0"
get "/portal?measure=overdue"
assert_status 400 "GET /portal?measure=overdue (not public)"
get "/portal/01?measure=overdue"
assert_status 400 "GET /portal/01?measure=overdue"
get "/portal?measure=bogus"
assert_status 400 "GET /portal?measure=bogus"
for m in received on_time activities persons; do
	get "/portal?period=$P&measure=$m"
	assert_status 200 "GET /portal?measure=$m"
done

# ================================================================ 1, 2: the portal's SVGs and maps
get /portal
assert_status 200 "GET /portal without sign-in"
headers_ok "GET /portal"
assert_contains 'Công khai kết quả công tác dân vận' "the portal in Vietnamese"
get "/portal?period=$P&measure=activities"
save portal.html
svg_ok portal.html 3
shapes VN >"$T/want"
assert_eq "$(sql "SELECT COUNT(*) FROM area_shape WHERE frame = 'VN'")" "$(wc -l <"$T/want")" "provinces on the national map (area_shape)"
take < <(python3 "$T/pages.py" map "$T/portal.html" "$T/want" /portal/ "?period=$P&measure=activities" "the portal's national map")

get "/portal/01?period=$P&measure=on_time"
assert_status 200 "GET /portal/01"
headers_ok "GET /portal/01"
save portal-01.html
svg_ok portal-01.html 3
shapes 01 >"$T/want"
assert_eq "$(sql "SELECT COUNT(*) FROM area_shape s JOIN area a ON a.id = s.area_id JOIN area p ON p.id = a.parent_id WHERE p.code = '01'")" \
	"$(wc -l <"$T/want")" "the communes of 01 are drawn in frame 01"
take < <(python3 "$T/pages.py" map "$T/portal-01.html" "$T/want" /portal/ "?period=$P&measure=on_time" "the portal's map of 01")

get "/portal/$COMMUNE?period=$P"
assert_status 200 "GET /portal/$COMMUNE"
save portal-c.html
svg_ok portal-c.html 2
if grep -q 'class="svg-map"' "$T/portal-c.html"; then not_ok "the commune's portal page draws a map of villages"; else
	ok "the commune's portal page draws no map (villages have no shape and are not public)"; fi
assert_not_contains "/portal/$VILLAGE" "the commune's portal page links no village"

# English: the same map, titles in English
lang_get en "/portal?period=$P"
assert_contains 'Mass mobilisation work in figures' "the portal in English"
save portal-en.html
svg_ok portal-en.html 3
shapes VN name_en >"$T/want"
take < <(python3 "$T/pages.py" map "$T/portal-en.html" "$T/want" /portal/ "?period=$P&measure=received" "the English national map")
get "/lang/en?next=$(urlenc "/portal/01?period=$P")"
assert_status 303 "GET /lang/en?next=/portal/01"
assert_header Location "/portal/01\?period=$P\$" "the language switch goes back to the page"
assert_header Set-Cookie '^dv_lang=en' "the language switch sets dv_lang"

# ================================================================ 1, 2: the dashboards
login "$ADMIN"
sget "/dashboard?area=VN&period=$P&measure=persons"
assert_status 200 "GET /dashboard?area=VN as $ADMIN"
headers_ok "GET /dashboard?area=VN"
assert_contains 'Bảng điều hành' "the dashboard in Vietnamese"
save dash-vn.html
svg_ok dash-vn.html 4
grep -q '<dl class="figures">' "$T/dash-vn.html" && ok "the dashboard has its headline figures" || not_ok "no dl.figures on the dashboard"
assert_contains 'class="svg-chart"' "the dashboard draws charts"
shapes VN >"$T/want"
take < <(python3 "$T/pages.py" map "$T/dash-vn.html" "$T/want" "/dashboard?area=" "&period=$P&measure=persons" "the national dashboard map")
assert_contains "href=\"/dashboard?area=01&amp;period=$P&amp;measure=persons\"" "the bar chart and the table link province 01, escaped"
lang_get en "/dashboard?area=VN&period=$P"
assert_status 200 "GET /dashboard in English"
assert_contains '>Dashboard' "the dashboard in English"
save dash-vn-en.html
svg_ok dash-vn-en.html 4

login "$LEADER"
sget /dashboard
assert_status 200 "GET /dashboard as $LEADER (default area)"
assert_contains 'Hà Nội' "the default area is the leader's province"
assert_contains 'name="area" type="text" maxlength="32" value="01"' "the form shows area 01"
sget "/dashboard?area=01&period=$P&measure=overdue"
assert_status 200 "GET /dashboard?area=01&measure=overdue (officers may map overdue cases)"
save dash-01.html
svg_ok dash-01.html 4
shapes 01 >"$T/want"
take < <(python3 "$T/pages.py" map "$T/dash-01.html" "$T/want" "/dashboard?area=" "&period=$P&measure=overdue" "the dashboard map of 01")
sget "/dashboard?area=$COMMUNE&period=$P"
assert_status 200 "GET /dashboard?area=$COMMUNE"
save dash-c.html
svg_ok dash-c.html 2
sget "/dashboard?area=79"
assert_status 404 "GET /dashboard?area=79 as the Hà Nội leader (not in scope)"
sget "/dashboard?area=NOPE"
assert_status 404 "GET /dashboard?area=NOPE"
sget "/dashboard?period=2026-13"
assert_status 400 "GET /dashboard?period=2026-13"
sget "/dashboard?measure=bogus"
assert_status 400 "GET /dashboard?measure=bogus"
sget "/reports?area=79&period=$P"
assert_status 404 "GET /reports?area=79 as the Hà Nội leader"
sget "/reports?period=Q3"
assert_status 400 "GET /reports?period=Q3"
sget "/reports?area=01&period=$P&format=pdf"
assert_status 400 "GET /reports?format=pdf"

# a commune's officer: the dashboard of the home commune, and every dashboard or report link on it
# answers (a link to an area out of the officer's areas would be a 404)
login canbo.badinh
sget /dashboard
assert_status 200 "GET /dashboard as canbo.badinh (default area)"
assert_contains 'value="'"$COMMUNE"'"' "the officer's default area is the home commune"
save dash-officer.html
svg_ok dash-officer.html 2
mapfile -t LINKS < <(grep -o 'href="/\(dashboard\|reports\)[^"]*"' "$T/dash-officer.html" |
	sed 's/^href="//; s/"$//; s/&amp;/\&/g' | sort -u)
dead=""
for l in "${LINKS[@]}"; do
	sget "$l"
	[ "$STATUS" = 200 ] || dead="$dead $l ($STATUS)"
done
if [ -z "$dead" ]; then ok "the officer's dashboard: its ${#LINKS[@]} dashboard and report links answer 200"; else
	not_ok "the officer's dashboard links to pages the officer cannot open:$dead"; fi

# ================================================================ 5. the report
login "$LEADER"
sget "/reports?area=01&period=$P"
assert_status 200 "GET /reports?area=01"
headers_ok "GET /reports"
save report.html
svg_ok report.html 0
grep -q '<article class="report">' "$T/report.html" && ok "the report is an article.report" || not_ok "no article.report"
for s in 1 2 3 4; do assert_contains "<h2>$s. " "the report has section $s"; done
# the overdue list (the table under the heading with its count): its columns, one row per overdue
# case of the province, and no identity in the printed report
OVERDUE=$(sql "SELECT COUNT(*) FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id
	JOIN area a ON a.id = ac.ancestor WHERE a.code = '01' AND c.status NOT IN ('closed', 'withdrawn')
	AND EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = c.id AND d.met_on IS NULL AND d.due_day < ?)" "$TODAY")
note "overdue cases in 01: $OVERDUE"
python3 - "$T/report.html" >"$T/od.txt" <<'PY'
import re, sys, html
s = open(sys.argv[1], encoding="utf-8").read()
# the overdue table: the one after the heading holding a count (":")
for m in re.finditer(r"<h2>([^<]*)</h2>(<div class=\"table-wrap\"><table.*?</table>)", s, re.S):
    if ":" in m.group(1):
        heads = [html.unescape(h) for h in re.findall(r"<th scope=\"col\">([^<]*)</th>", m.group(2))]
        rows = re.findall(r"<tr><td", m.group(2))
        print("heads\t" + "|".join(heads))
        print("rows\t%d" % len(rows))
        print("title\t" + html.unescape(m.group(1)))
        break
PY
assert_eq "Số|Loại|Lĩnh vực|Địa bàn|Đơn vị giải quyết|Ngày tiếp nhận|Bước|Hạn" \
	"$(sed -n 's/^heads\t//p' "$T/od.txt")" "the overdue list's columns (no name, contact, address or code)" 
assert_eq "$(( OVERDUE < 200 ? OVERDUE : 200 ))" "$(sed -n 's/^rows\t//p' "$T/od.txt")" "one row per overdue case"
needles
# the printed report (the page's header names the signed-in leader, which is not the report)
python3 -c 'import re, sys; s = open(sys.argv[1], encoding="utf-8").read(); m = re.search(r"<article class=\"report\">.*?</article>", s, re.S); print(m.group(0) if m else "")' \
	"$T/report.html" >"$T/report-article.html"
[ -s "$T/report-article.html" ] || not_ok "no <article class=\"report\"> to look into"
no_leak report-article.html "the report of 01 (article.report)"

# XLSX and CSV downloads
sget "/reports?area=01&period=$P&format=xlsx"
assert_status 200 "GET /reports?format=xlsx"
assert_header Content-Type '^application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet' "the report's XLSX"
assert_header Content-Disposition 'attachment' "the XLSX is a download"
save report.xlsx
RECEIVED=$(sql "SELECT COUNT(*) FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id
	JOIN area a ON a.id = ac.ancestor WHERE a.code = '01' AND substr(c.received_on, 1, 4) = ?" "$P")
if python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)' "$T/report.xlsx" 2>/dev/null; then
	ok "the XLSX is a valid zip"
	row=$(python3 "$T/pages.py" xlsx "$T/report.xlsx" "Hà Nội")
	assert_match "Hà Nội" "$row" "the sheet has a row for Hà Nội"
	assert_eq "$RECEIVED" "$(printf '%s' "$row" | cut -f3)" "the sheet's Hà Nội row carries the received total"
else
	not_ok "the XLSX is not a valid zip"
fi
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.write("".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")))' \
	"$T/report.xlsx" >"$T/report-xlsx.xml" 2>/dev/null
no_leak report-xlsx.xml "the report's XLSX (its sheets' XML)"
sget "/reports?area=01&period=$P&format=csv"
assert_status 200 "GET /reports?format=csv"
assert_header Content-Type '^text/csv' "the report's CSV"
assert_contains 'Hà Nội' "the CSV names the area"
grep -q "Hà Nội\"*,$RECEIVED," "$T/body" && ok "the CSV's Hà Nội row carries the received total $RECEIVED" ||
	{ not_ok "the CSV has no 'Hà Nội,$RECEIVED,'"; last_response; }
lang_get en "/reports?area=01&period=$P"
assert_status 200 "GET /reports in English"
assert_contains '<article class="report">' "the English report"
save report-en.html
svg_ok report-en.html 0

# ================================================================ 3. no personal data on the portal
get "/portal?period=$P"
save pub-vn.html
no_leak pub-vn.html "/portal"
for a in 01 79 "$COMMUNE" "$FEW" 26740; do
	get "/portal/$a?period=$P"
	assert_status 200 "GET /portal/$a"
	save "pub-$a.html"
	no_leak "pub-$a.html" "/portal/$a"
	get "/portal/$a/figures.csv?period=$P"
	assert_status 200 "GET /portal/$a/figures.csv"
	save "pub-$a.csv"
	no_leak "pub-$a.csv" "/portal/$a/figures.csv"
	get "/portal/$a/figures.json?period=$P"
	assert_status 200 "GET /portal/$a/figures.json"
	save "pub-$a.json"
	no_leak "pub-$a.json" "/portal/$a/figures.json"
done
get "/portal/01/figures.csv?period=$P"
assert_header Content-Type '^text/csv' "figures.csv"
assert_eq "area_code,area_name,area_name_en,level,period,cases_received,cases_decided,cases_decided_on_time,on_time_percent,activities,participants,workdays,households_helped,persons_helped,value_vnd,models_recognised_now" \
	"$(head -1 "$T/body" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')" "the CSV header"
get "/portal/01/figures.json?period=$P"
assert_header Content-Type '^application/json' "figures.json"
assert_json area.code 01 "figures.json"
assert_json suppression.min_count "$MIN" "figures.json"

# a citizen's case, decided with a public answer, and a denunciation, decided too
token_for "$SETTLER"
NAME="Hoàng Thị Riêngtư"
CONTACT="0987650023"
ADDRESS="Số 23 ngõ Bí Mật, Ba Đình"
ANSWER="Trả lời t2300: đã nạo vét cống thoát nước ngõ 12 <trong tuần> & báo lại người dân."
submit_json "{\"kind\":\"feedback\",\"topic\":\"environment\",\"area\":\"$COMMUNE\",
	\"title\":\"Cống thoát nước ngõ 12 bị tắc\",\"description\":\"Nước tràn ra đường mỗi khi mưa.\",
	\"people_count\":1,\"name\":\"$NAME\",\"contact\":\"$CONTACT\",\"address\":\"$ADDRESS\"}"
assert_status 201 "POST /api/v1/public/cases (feedback in $COMMUNE)"
CODE1=$TRACK
ID1=$(case_id_of "$CODE1")
[ -n "$ID1" ] || bail "the submitted case is not in the database"
apost "/api/v1/cases/$ID1/actions" '{"action":"accept"}'
assert_status 200 "accept case $ID1"
apost "/api/v1/cases/$ID1/actions" "$(python3 -c 'import json, sys; print(json.dumps({"action": "decide", "note": sys.argv[1]}, ensure_ascii=False))' "$ANSWER")"
assert_status 200 "decide case $ID1 with a public answer"
assert_eq decided "$(case_field "$ID1" status)" "case $ID1 is decided"
SECRET_ANSWER="Kết luận t2300 tố cáo: không công bố nội dung này"
submit_json "{\"kind\":\"denunciation\",\"topic\":\"officials-conduct\",\"area\":\"$COMMUNE\",
	\"title\":\"Tố cáo cán bộ t2300\",\"description\":\"Cán bộ nhận tiền.\",\"people_count\":1,
	\"name\":\"Phan Văn Tốgiác\",\"contact\":\"0911222333\",\"address\":\"Ngõ Kín, Ba Đình\",\"signed\":true}"
assert_status 201 "POST /api/v1/public/cases (a denunciation in $COMMUNE)"
CODE2=$TRACK
ID2=$(case_id_of "$CODE2")
[ -n "$ID2" ] || bail "the denunciation is not in the database"
apost "/api/v1/cases/$ID2/actions" '{"action":"accept"}'
assert_status 200 "accept denunciation $ID2"
apost "/api/v1/cases/$ID2/actions" "{\"action\":\"decide\",\"note\":\"$SECRET_ANSWER\"}"
assert_status 200 "decide denunciation $ID2"
needles
printf 'name\t%s\ncontact\t%s\naddress\t%s\ntracking\t%s\ntracking\t%s\nname\tPhan Văn Tốgiác\ncontact\t0911222333\naddress\tNgõ Kín, Ba Đình\n' \
	"$NAME" "$CONTACT" "$ADDRESS" "$CODE1" "$CODE2" >>"$T/needles.tsv"
get "/portal/$COMMUNE?period=$P"
assert_status 200 "GET /portal/$COMMUNE after the decisions"
save pub-after.html
assert_contains 'đã nạo vét cống thoát nước ngõ 12 &lt;trong tuần&gt; &amp; báo lại người dân.' "the commune's page publishes the answer, escaped"
assert_not_contains "$SECRET_ANSWER" "the denunciation's answer is not published"
no_leak pub-after.html "/portal/$COMMUNE after the decisions"
get "/portal/01?period=$P"
save pub-01-after.html
assert_contains 'đã nạo vét cống thoát nước ngõ 12' "the province's page publishes the answer too"
assert_not_contains "$SECRET_ANSWER" "the province's page hides the denunciation's answer"
no_leak pub-01-after.html "/portal/01 after the decisions"
for x in csv json; do
	get "/portal/$COMMUNE/figures.$x?period=$P"
	save "pub-after.$x"
	no_leak "pub-after.$x" "/portal/$COMMUNE/figures.$x after the decisions"
done
get "/portal?period=$P"
save pub-vn-after.html
no_leak pub-vn-after.html "/portal after the decisions"

# ================================================================ 4. small counts
# check_counts AREA MIN LABEL [PERIOD]: the page, CSV and JSON of AREA on the portal for PERIOD
# (this year, or this quarter "YYYY-Qn") against the facts
check_counts() {
	local a=$1 per=${4:-$P} q
	case $per in
	*-Q?) q=${per#*-Q}; MF=$(printf '%s-%02d' "$P" $((3 * q - 2))); MT=$(printf '%s-%02d' "$P" $((3 * q))) ;;
	*) MF="$P-01"; MT="$P-12" ;;
	esac
	get "/portal/$a?period=$per"
	save "cnt.html"
	get "/portal/$a/figures.csv?period=$per"
	save "cnt.csv"
	get "/portal/$a/figures.json?period=$per"
	save "cnt.json"
	facts "$a" >"$T/facts.tsv"
	SMALL=0
	take < <(python3 "$T/counts.py" "$T/facts.tsv" "$T/cnt.html" "$T/cnt.csv" "$T/cnt.json" "$a" "$2" "$3")
}
QUARTER="$P-Q$(( (10#${TODAY:5:2} - 1) / 3 + 1 ))"
for a in "$FEW" "$COMMUNE" 01; do
	check_counts "$a" "$MIN" "/portal/$a, min $MIN"
	[ "$a" = 01 ] && SMALL01=$SMALL
	[ "$a" = "$FEW" ] && SMALLFEW=$SMALL
done
for a in "$COMMUNE" 01; do
	check_counts "$a" "$MIN" "/portal/$a?period=$QUARTER, min $MIN" "$QUARTER"
done
[ "${SMALLFEW:-0}" -gt 0 ] && ok "commune $FEW has $SMALLFEW counts from 1 to $((MIN - 1)) on its page" ||
	not_ok "commune $FEW shows no count from 1 to $((MIN - 1)): the rule was not exercised"
[ "${SMALL01:-0}" -gt 0 ] && ok "province 01's page has $SMALL01 counts from 1 to $((MIN - 1))" ||
	not_ok "province 01's page shows no small count: the rule was not exercised"
get "/portal/$FEW?period=$P"
assert_contains "&lt; $MIN" "commune $FEW shows '< $MIN'"

# a second server, publishing every count
stop_server
DANVAN_PUBLIC_MIN_COUNT=1 start_server
for a in "$FEW" "$COMMUNE" 01; do
	check_counts "$a" 1 "/portal/$a, DANVAN_PUBLIC_MIN_COUNT=1"
done
check_counts 01 1 "/portal/01?period=$QUARTER, DANVAN_PUBLIC_MIN_COUNT=1" "$QUARTER"
get "/portal/$FEW?period=$P"
assert_not_contains "&lt; " "with min 1 nothing is hidden on /portal/$FEW"
get "/portal/$FEW/figures.json?period=$P"
assert_json suppression.min_count 1 "figures.json under DANVAN_PUBLIC_MIN_COUNT=1"

done_testing
