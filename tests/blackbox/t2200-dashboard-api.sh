#!/bin/bash
# t2200-dashboard-api: the dashboards, periodic reports and the portal's open figures
# (GET /api/v1/dashboard, /api/v1/reports, /api/v1/public/figures) against the facts. On the demo
# with thousands of generated cases and activities, every number of the answer (totals, each
# month, kind, topic, activity type and child area) for the nation, a province and a commune over
# a year, a quarter, a month, the first half and nine months is recomputed by SQL from the fact
# tables (citizen_case, case_deadline, activity, model, model_event; never the aggregates) and
# compared; the report's overdue cases are exactly the overdue ones, without personal data, and
# its plans those approved of the caller's units. Writes are seen at once (the cache is checked
# against the aggregates' version): a public submission, an acceptance, a decision, a reopened
# and decided-again case and a new activity move exactly the figures they should. Areas out of
# the caller's scope are 404, an anonymous dashboard 401, bad periods 400; the portal needs no
# sign-in, publishes no count from 1 to min_count - 1 (DANVAN_PUBLIC_MIN_COUNT, --public-min-count),
# no name, contact, address or tracking code, and no village.
. "$(dirname "$0")/lib.sh"
make_demo

TODAY=$(today_vn)
YEAR=${TODAY:0:4}
CUR=${TODAY:0:7}
# The year whose periods are compared: this one once its first nine months are over, else the
# last one (the generator fills a past year completely, this one up to today).
if [ "${TODAY:5:2}" -ge 10 ]; then MY=$YEAR; else MY=$((YEAR - 1)); fi
PERIODS=("$MY" "$MY-Q3" "$MY-07" "$MY-H1" "$MY-9M")
COMMUNE=00004       # phường Ba Đình, province 01
OTHER_PROV=79
VILLAGE=$(sql "SELECT v.code FROM area v JOIN area c ON c.id = v.parent_id WHERE c.code = ? AND v.synthetic = 1 ORDER BY v.code LIMIT 1" "$COMMUNE")
[ -n "$VILLAGE" ] || bail "the demo has no village in commune $COMMUNE"

# Thousands of cases and activities over the year, through the intake's and workflow's store calls.
dv gen --cases 3000 --activities 2000 --seed 2200 --year "$MY" --db "$DB"
[ "$RC" -eq 0 ] || { sed 's/^/#   /' "$T/out" "$T/err" | tail -20; bail "danvan gen --year $MY failed ($RC)"; }
if [ "$MY" != "$YEAR" ]; then
	dv gen --cases 800 --activities 500 --seed 2201 --year "$YEAR" --db "$DB"
	[ "$RC" -eq 0 ] || { sed 's/^/#   /' "$T/out" "$T/err" | tail -20; bail "danvan gen --year $YEAR failed ($RC)"; }
fi
note "facts: $(sql "SELECT COUNT(*) FROM citizen_case") cases, $(sql "SELECT COUNT(*) FROM activity") activities, $(sql "SELECT COUNT(*) FROM model") models; periods ${PERIODS[*]}; today $TODAY"
start_server

# ---------------------------------------------------------------- helpers

# The checker: one dashboard answer against the facts (see its header).
cat >"$T/dash_check.py" <<'PY'
#!/usr/bin/env python3
# dash_check.py MODE ENGINE DB JSON AREA PERIOD TODAY [options]: compares every number of a
# dashboard answer with the same figure recomputed by SQL from the fact tables (citizen_case,
# case_deadline, activity, model, model_event; never the aggregates). MODE: staff, report or
# public. Prints "ok - ..." / "not ok - ..." / "# ..." lines: one assertion per object, one per
# list (kinds, topics, activity types, children) naming each member that differs.
# Options: --min N (public suppression), --href BASE, --label TEXT, --unit ID (report: the
# caller's unit), --nulls-out FILE (public: the values it found suppressed, with their facts),
# --nulls-in FILE (those values must now be given and equal to the facts).
import json
import re
import subprocess
import sqlite3
import sys

args = sys.argv[1:]
MODE, ENGINE, DBURL, JFILE, AREA, PERIOD, TODAY = args[:7]
opts = {}
i = 7
while i < len(args):
    opts[args[i]] = args[i + 1]
    i += 2
MIN = int(opts.get("--min", "0"))
HREF = opts.get("--href", "")
LABEL = opts.get("--label", "%s %s %s" % (MODE, AREA, PERIOD))
PUBLIC = MODE == "public"

n_ok = n_fail = n_numbers = 0


def ok(msg):
    global n_ok
    n_ok += 1
    print("ok - %s: %s" % (LABEL, msg))


def not_ok(msg):
    global n_fail
    n_fail += 1
    print("not ok - %s: %s" % (LABEL, msg))


def note(msg):
    print("# %s" % msg)


# ---------------------------------------------------------------- the database

def lit(v):
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def conv(v, t):
    if v is None:
        return None
    if t == "s":
        return str(v)
    if isinstance(v, (int, float)):
        return v
    try:
        return int(v)
    except ValueError:
        return float(v)


def run_many(queries):
    """queries: list of (sql, types) -> list of row lists (types: a letter per column, s = text,
    n = number)."""
    out = []
    if ENGINE == "sqlite":
        con = sqlite3.connect("file:%s?mode=ro" % DBURL, uri=True, timeout=10)
        for q, types in queries:
            out.append([tuple(conv(v, t) for v, t in zip(r, types)) for r in con.execute(q)])
        con.close()
        return out
    script = []
    for k, (q, _) in enumerate(queries):
        script.append(q + ";")
        script.append("SELECT '@@END%d';" % k)
    p = subprocess.run(["psql", DBURL, "-X", "-qAt", "-F", "\t", "-P", "null=@NULL@", "-v",
                        "ON_ERROR_STOP=1", "-f", "-"], input="\n".join(script) + "\n",
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("not ok - %s: psql failed: %s" % (LABEL, p.stderr.strip()[:500]))
    rows, k = [], 0
    for line in p.stdout.split("\n"):
        if line == "@@END%d" % k:
            types = queries[k][1]
            out.append([tuple(conv(None if v == "@NULL@" else v, t)
                              for v, t in zip(r, types)) for r in rows])
            rows, k = [], k + 1
        elif k < len(queries):
            rows.append(line.split("\t"))
    if k != len(queries):
        raise SystemExit("not ok - %s: psql answered %d of %d queries" % (LABEL, k, len(queries)))
    return out


def one(q, types):
    return run_many([(q, types)])[0]


# ---------------------------------------------------------------- the period

MONTH_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"]
ROMAN = ["", "I", "II", "III", "IV"]


def period_info(code):
    y = int(code[:4])
    rest = code[4:]
    if rest == "":
        return dict(kind="year", first=1, last=12, label="Năm %d" % y, label_en="Year %d" % y, year=y)
    m = re.fullmatch(r"-(\d\d)", rest)
    if m:
        n = int(m.group(1))
        return dict(kind="month", first=n, last=n, label="Tháng %d/%d" % (n, y),
                    label_en="%s %d" % (MONTH_EN[n], y), year=y)
    m = re.fullmatch(r"-Q(\d)", rest)
    if m:
        n = int(m.group(1))
        return dict(kind="quarter", first=3 * n - 2, last=3 * n, label="Quý %s/%d" % (ROMAN[n], y),
                    label_en="Q%d %d" % (n, y), year=y)
    m = re.fullmatch(r"-H(\d)", rest)
    if m:
        n = int(m.group(1))
        return dict(kind="half", first=1 if n == 1 else 7, last=6 if n == 1 else 12,
                    label="6 tháng %s năm %d" % ("đầu" if n == 1 else "cuối", y),
                    label_en="%s half of %d" % ("First" if n == 1 else "Second", y), year=y)
    if rest == "-9M":
        return dict(kind="9months", first=1, last=9, label="9 tháng năm %d" % y,
                    label_en="First 9 months of %d" % y, year=y)
    raise SystemExit("not ok - %s: the checker does not know period %s" % (LABEL, code))


P = period_info(PERIOD)
Y = P["year"]
MONTHS = ["%04d-%02d" % (Y, m) for m in range(P["first"], P["last"] + 1)]
MF, MT = MONTHS[0], MONTHS[-1]
LAST_DAY = [0, 31, 29 if (Y % 4 == 0 and (Y % 100 != 0 or Y % 400 == 0)) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][P["last"]]
DF, DT = "%s-01" % MF, "%s-%02d" % (MT, LAST_DAY)

# ---------------------------------------------------------------- the facts

area_rows = one("SELECT a.id, a.code, a.name, a.name_en, a.level, p.code FROM area a"
                " LEFT JOIN area p ON p.id = a.parent_id WHERE a.code = %s" % lit(AREA), "nsssns")
if not area_rows:
    raise SystemExit("not ok - %s: no area %s in the database" % (LABEL, AREA))
A = area_rows[0][0]
SUB = "IN (SELECT s.descendant FROM area_closure s WHERE s.ancestor = %d)" % A
CHILD = ("JOIN area_closure ac ON ac.descendant = %s JOIN area x ON x.id = ac.ancestor"
         " AND x.parent_id = %d")

CASE_MEASURES = {
    "received": ("c.received_on", ""),
    "accepted": ("c.accepted_on", ""),
    "decided": ("c.decided_on", ""),
    # decided in the period, and no settle clock, or one met by its due day
    "decided_on_time": ("c.decided_on", " AND NOT EXISTS (SELECT 1 FROM case_deadline s"
                        " WHERE s.case_id = c.id AND s.step = 'settle' AND NOT"
                        " (s.met_on IS NOT NULL AND s.met_on <= s.due_day))"),
}
OVERDUE = (" AND c.status NOT IN ('closed', 'withdrawn') AND EXISTS (SELECT 1 FROM case_deadline d"
           " WHERE d.case_id = c.id AND d.met_on IS NULL AND d.due_day < %s)" % lit(TODAY))
ACT_SUMS = ("COUNT(*), COALESCE(SUM(a.participants), 0), COALESCE(SUM(a.workdays), 0),"
            " COALESCE(SUM(a.households), 0), COALESCE(SUM(a.persons), 0),"
            " COALESCE(SUM(a.value_cash), 0), COALESCE(SUM(a.value_kind), 0)")
ACT_FIELDS = ["activities", "participants", "workdays", "households", "persons", "value_cash",
              "value_kind"]
MODEL_SUMS = ("COALESCE(SUM(CASE WHEN m.start_on >= %s AND m.start_on <= %s THEN 1 ELSE 0 END), 0),"
              " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM model_event v WHERE v.model_id = m.id"
              " AND v.action = 'recognised' AND v.decision_on >= %s AND v.decision_on <= %s)"
              " THEN 1 ELSE 0 END), 0),"
              " COALESCE(SUM(CASE WHEN m.status IN ('recognised', 'typical') THEN 1 ELSE 0 END), 0)"
              % (lit(DF), lit(DT), lit(DF), lit(DT)))
MODEL_FIELDS = ["registered", "recognised", "in_force"]

queries, slots = [], []


def add(slot, q, types):
    slots.append(slot)
    queries.append((q, types))


for meas, (col, extra) in CASE_MEASURES.items():
    inper = " AND substr(%s, 1, 7) >= %s AND substr(%s, 1, 7) <= %s" % (col, lit(MF), col, lit(MT))
    add(("cases", "total", meas), "SELECT '*', COUNT(*) FROM citizen_case c WHERE c.area_id %s%s%s"
        % (SUB, inper, extra), "sn")
    add(("cases", "months", meas), "SELECT substr(%s, 1, 7), COUNT(*) FROM citizen_case c"
        " WHERE c.area_id %s%s%s GROUP BY substr(%s, 1, 7)" % (col, SUB, inper, extra, col), "sn")
    add(("cases", "kinds", meas), "SELECT c.kind, COUNT(*) FROM citizen_case c WHERE c.area_id %s%s%s"
        " GROUP BY c.kind" % (SUB, inper, extra), "sn")
    add(("cases", "topics", meas), "SELECT t.code, COUNT(*) FROM citizen_case c JOIN topic t"
        " ON t.id = c.topic_id WHERE c.area_id %s%s%s GROUP BY t.code" % (SUB, inper, extra), "sn")
    add(("cases", "children", meas), "SELECT x.code, COUNT(*) FROM citizen_case c %s WHERE 1 = 1%s%s"
        " GROUP BY x.code" % (CHILD % ("c.area_id", A), inper, extra), "sn")
add(("cases", "total", "overdue"), "SELECT '*', COUNT(*) FROM citizen_case c WHERE c.area_id %s%s"
    % (SUB, OVERDUE), "sn")
add(("cases", "children", "overdue"), "SELECT x.code, COUNT(*) FROM citizen_case c %s WHERE 1 = 1%s"
    " GROUP BY x.code" % (CHILD % ("c.area_id", A), OVERDUE), "sn")
ainper = " AND substr(a.start_on, 1, 7) >= %s AND substr(a.start_on, 1, 7) <= %s" % (lit(MF), lit(MT))
add(("act", "total"), "SELECT '*', %s FROM activity a WHERE a.area_id %s%s" % (ACT_SUMS, SUB, ainper),
    "snnnnnnn")
add(("act", "months"), "SELECT substr(a.start_on, 1, 7), %s FROM activity a WHERE a.area_id %s%s"
    " GROUP BY substr(a.start_on, 1, 7)" % (ACT_SUMS, SUB, ainper), "snnnnnnn")
add(("act", "types"), "SELECT y.code, %s FROM activity a JOIN activity_type y ON y.id = a.type_id"
    " WHERE a.area_id %s%s GROUP BY y.code" % (ACT_SUMS, SUB, ainper), "snnnnnnn")
add(("act", "children"), "SELECT x.code, %s FROM activity a %s WHERE 1 = 1%s GROUP BY x.code"
    % (ACT_SUMS, CHILD % ("a.area_id", A), ainper), "snnnnnnn")
add(("models", "total"), "SELECT '*', %s FROM model m WHERE m.area_id %s" % (MODEL_SUMS, SUB), "snnn")
add(("models", "children"), "SELECT x.code, %s FROM model m %s GROUP BY x.code"
    % (MODEL_SUMS, CHILD % ("m.area_id", A)), "snnn")
add(("ref", "children"), "SELECT code, name, name_en, level FROM area WHERE parent_id = %d"
    " AND valid_to IS NULL%s ORDER BY code" % (A, " AND synthetic = 0" if PUBLIC else ""), "sssn")
add(("ref", "topics"), "SELECT code, name, name_en FROM topic", "sss")
add(("ref", "types"), "SELECT code, name, name_en FROM activity_type", "sss")
if MODE == "report":
    add(("report", "overdue_ids"), "SELECT c.id, c.kind, c.received_on, (SELECT MIN(d.due_day)"
        " FROM case_deadline d WHERE d.case_id = c.id AND d.met_on IS NULL AND d.due_day < %s)"
        " FROM citizen_case c WHERE c.area_id %s%s" % (lit(TODAY), SUB, OVERDUE), "nsss")
    add(("report", "overdue_steps"), "SELECT d.case_id, d.step, d.due_day FROM case_deadline d"
        " JOIN citizen_case c ON c.id = d.case_id WHERE d.met_on IS NULL AND d.due_day < %s"
        " AND c.area_id %s%s" % (lit(TODAY), SUB, OVERDUE), "nss")
    unit = int(opts["--unit"])
    add(("report", "plans"), "SELECT p.id, (SELECT COUNT(*) FROM plan_target g WHERE g.plan_id = p.id)"
        " FROM plan p WHERE p.status = 'approved' AND p.year = %d AND p.unit_id IN"
        " (SELECT uc.descendant FROM unit_closure uc WHERE uc.ancestor = %d)" % (Y, unit), "nn")

res = dict(zip(slots, run_many(queries)))

# ---------------------------------------------------------------- expected figures

ZERO_CASES = dict(received=0, accepted=0, decided=0, decided_on_time=0)


def case_fig(raw, with_overdue=False):
    f = dict(ZERO_CASES)
    f.update({k: v for k, v in raw.items() if k in ZERO_CASES})
    f["on_time_percent"] = 100.0 * f["decided_on_time"] / f["decided"] if f["decided"] else None
    if with_overdue:
        f["overdue"] = raw.get("overdue", 0)
    if PUBLIC:
        dec, on_time = f["decided"], f["decided_on_time"]
        late = dec - on_time
        del f["accepted"]
        f.pop("overdue", None)
        for k in ("received", "decided", "decided_on_time"):
            if 0 < f[k] < MIN:
                f[k] = None
        # the rate is not given over fewer than MIN decisions, nor when it would give away a
        # count of cases on time or late from 1 to MIN - 1
        if dec < MIN or 0 < on_time < MIN or 0 < late < MIN:
            f["on_time_percent"] = None
    return f


def act_fig(row):
    f = dict(zip(ACT_FIELDS, row or [0] * 7))
    f["value"] = f["value_cash"] + f["value_kind"]
    if PUBLIC:
        del f["value_cash"], f["value_kind"]
        for k in ("households", "persons"):
            if 0 < f[k] < MIN:
                f[k] = None
    return f


def model_fig(row):
    return dict(zip(MODEL_FIELDS, row or [0, 0, 0]))


def case_group(grp):
    """{key: {measure: n}} of one grouping ('total', 'months', ...)."""
    out = {}
    for meas in list(CASE_MEASURES) + ["overdue"]:
        for row in res.get(("cases", grp, meas), []):
            out.setdefault(row[0], {})[meas] = row[1]
    return out


def keyed(rows):
    return {r[0]: list(r[1:]) for r in rows}


# the facts before suppression, for --nulls-out
RAW = {}

# ---------------------------------------------------------------- comparing

def close(want, got, tol):
    return (isinstance(got, (int, float)) and not isinstance(got, bool)
            and abs(float(got) - float(want)) <= tol)


# Inside a group (lists: kinds, topics, types, children) each object's problems are collected and
# the group is one assertion.
GROUP = None


def begin():
    global GROUP
    GROUP = dict(bad=[], n=0, objs=0)


def end(what):
    global GROUP
    g, GROUP = GROUP, None
    if g["bad"]:
        more = " (and %d more)" % (len(g["bad"]) - 25) if len(g["bad"]) > 25 else ""
        not_ok("%s: %s%s" % (what, " | ".join(g["bad"][:25]), more))
    else:
        ok("%s: %d objects, %d values equal the facts" % (what, g["objs"], g["n"]))


def verdict(what, bad, n, kind="numbers equal the facts"):
    if GROUP is not None:
        GROUP["objs"] += 1
        GROUP["n"] += n
        if bad:
            GROUP["bad"].append("%s: %s" % (what, "; ".join(bad)))
    elif bad:
        not_ok("%s: %s" % (what, "; ".join(bad)))
    else:
        ok("%s: %d %s" % (what, n, kind))


def compare_obj(what, want, got, raw=None, path=()):
    """The keys of `got` are those of `want`, and each value equals it."""
    global n_numbers
    if not isinstance(got, dict):
        verdict(what, ["expected an object, got %r" % (got,)], 0)
        return
    bad = []
    if set(got) != set(want):
        bad.append("keys %s, expected %s" % (sorted(got), sorted(want)))
    for k, w in want.items():
        if k not in got:
            continue
        g = got[k]
        n_numbers += 1
        if raw is not None and g is None and raw.get(k):
            NULLS.append([list(path) + [k], raw[k]])
        if w is None:
            if g is not None:
                bad.append("%s: api %r, expected null" % (k, g))
        elif k == "on_time_percent":
            # one decimal, rounded
            if not close(w, g, 0.05 + 1e-9) or abs(g * 10 - round(g * 10)) > 1e-6:
                bad.append("%s: api %r, facts %.4f" % (k, g, w))
        elif k == "workdays":
            if not close(w, g, 0.05 + 1e-9 if PUBLIC else 1e-6 + 1e-9 * abs(w)):
                bad.append("%s: api %r, facts %r" % (k, g, w))
        elif isinstance(g, bool) or not isinstance(g, int) or g != w:
            bad.append("%s: api %r, facts %r" % (k, g, w))
    verdict(what, bad, len(want))


def raw_cases(raw, with_overdue=False):
    f = dict(ZERO_CASES)
    f.update({k: v for k, v in raw.items() if k in ZERO_CASES})
    if with_overdue:
        f["overdue"] = raw.get("overdue", 0)
    return f


def raw_act(row):
    return dict(zip(ACT_FIELDS, row or [0] * 7))


NULLS = []


def check_list(section, items, keyname, want_of, raw_of, expected_keys, extra=None):
    """A list of objects keyed by `keyname`: unique keys, every key with facts present, each
    object's figures equal to the facts (a key with no facts: all zero)."""
    if not isinstance(items, list):
        not_ok("%s is not a list: %r" % (section, items))
        return
    keys = [it.get(keyname) for it in items if isinstance(it, dict)]
    if len(keys) != len(set(keys)) or len(keys) != len(items):
        not_ok("%s: keys are not unique: %s" % (section, keys))
    else:
        ok("%s: %d rows, keys unique" % (section, len(keys)))
    missing = sorted(k for k in expected_keys if k not in keys)
    if missing:
        not_ok("%s: rows with figures in the facts are missing: %s" % (section, missing))
    else:
        ok("%s: every %s with figures in the facts is listed" % (section, keyname))
    begin()
    for it in items:
        if not isinstance(it, dict):
            continue
        k = it.get(keyname)
        figs = {kk: vv for kk, vv in it.items() if kk not in (keyname, "name", "name_en")}
        compare_obj("%s %s" % (section, k), want_of(k), figs, raw_of(k), (section, k))
        if extra:
            extra(k, it)
    end("%s: each one's figures%s" % (section, " and names" if extra else ""))


def run():
    with open(JFILE, encoding="utf-8") as f:
        body = json.load(f)
    d = body
    if MODE == "report":
        d = body.get("figures")
        if not isinstance(d, dict):
            not_ok("the report has no figures object")
            return body
    # area, period, today
    _, code, name, name_en, level, parent = area_rows[0]
    compare_meta("area", dict(code=code, name=name, name_en=name_en, level=level, parent=parent),
                 d.get("area"))
    compare_meta("period", dict(code=PERIOD, kind=P["kind"], **{"from": MF, "to": MT},
                                label=P["label"], label_en=P["label_en"]), d.get("period"))
    if d.get("today") == TODAY:
        ok("today is %s" % TODAY)
    else:
        not_ok("today: api %r, expected %s" % (d.get("today"), TODAY))
    if PUBLIC:
        s = d.get("suppression")
        if isinstance(s, dict) and s.get("min_count") == MIN and isinstance(s.get("note"), str) \
                and s.get("note"):
            ok("suppression says min_count %d with a note" % MIN)
        else:
            not_ok("suppression: %r, expected min_count %d and a note" % (s, MIN))
    elif "suppression" in d:
        not_ok("a staff dashboard carries a suppression object")

    # totals
    tot = case_group("total").get("*", {})
    compare_obj("total cases", case_fig(tot, True), d.get("cases"), raw_cases(tot, True),
                ("cases",))
    act_tot = keyed(res[("act", "total")]).get("*")
    compare_obj("total activities", act_fig(act_tot), d.get("activities"), raw_act(act_tot),
                ("activities",))
    compare_obj("total models", model_fig(keyed(res[("models", "total")]).get("*")),
                d.get("models"))

    # months: every month of the period, in order
    months = d.get("months") or []
    got_months = [m.get("month") for m in months if isinstance(m, dict)]
    if got_months == MONTHS:
        ok("months are %s..%s, %d of them, in order" % (MF, MT, len(MONTHS)))
    else:
        not_ok("months: api %s, expected %s" % (got_months, MONTHS))
    cm = case_group("months")
    am = keyed(res[("act", "months")])
    for m in months:
        k = m.get("month")
        compare_obj("month %s cases" % k, case_fig(cm.get(k, {})), m.get("cases"),
                    raw_cases(cm.get(k, {})), ("months", k, "cases"))
        compare_obj("month %s activities" % k, act_fig(am.get(k)), m.get("activities"),
                    raw_act(am.get(k)), ("months", k, "activities"))
        if set(m) != {"month", "cases", "activities"}:
            not_ok("month %s: keys %s" % (k, sorted(m)))

    # kinds, topics (with names), activity types (with names)
    ck = case_group("kinds")
    check_list("kinds", d.get("kinds"), "kind", lambda k: case_fig(ck.get(k, {})),
               lambda k: raw_cases(ck.get(k, {})), set(ck))
    ct = case_group("topics")
    tref = {r[0]: r[1:] for r in res[("ref", "topics")]}
    check_list("topics", d.get("topics"), "code", lambda k: case_fig(ct.get(k, {})),
               lambda k: raw_cases(ct.get(k, {})), set(ct),
               lambda k, it: compare_names("topic %s" % k, tref.get(k), it))
    at = keyed(res[("act", "types")])
    yref = {r[0]: r[1:] for r in res[("ref", "types")]}
    check_list("activity_types", d.get("activity_types"), "code", lambda k: act_fig(at.get(k)),
               lambda k: raw_act(at.get(k)), set(at),
               lambda k, it: compare_names("activity type %s" % k, yref.get(k), it))

    # children: every child area in force, in code order
    kids = d.get("children") or []
    ref = res[("ref", "children")]
    want_codes = [r[0] for r in ref]
    got_codes = [c.get("code") for c in kids if isinstance(c, dict)]
    if got_codes == want_codes and want_codes == sorted(want_codes):
        ok("children: the %d areas in force below, in code order" % len(want_codes))
    else:
        not_ok("children: api %s, expected %s" % (got_codes, want_codes))
    cc = case_group("children")
    ac = keyed(res[("act", "children")])
    mc = keyed(res[("models", "children")])
    rref = {r[0]: r for r in ref}
    begin()
    for c in kids:
        k = c.get("code")
        r = rref.get(k)
        meta = dict(code=k, name=r[1] if r else None, name_en=r[2] if r else None,
                    level=r[3] if r else None, href="%s%s&period=%s" % (HREF, k, PERIOD))
        compare_meta("child %s" % k, meta, {x: c.get(x) for x in list(meta) if x in c})
        if set(c) != set(meta) | {"cases", "activities", "models"}:
            verdict("child %s" % k, ["keys %s" % sorted(c)], 0)
    end("children: each one's code, names, level and link")
    begin()
    for c in kids:
        k = c.get("code")
        compare_obj("child %s cases" % k, case_fig(cc.get(k, {}), True), c.get("cases"),
                    raw_cases(cc.get(k, {}), True), ("children", k, "cases"))
    end("children: each one's cases")
    begin()
    for c in kids:
        k = c.get("code")
        compare_obj("child %s activities" % k, act_fig(ac.get(k)), c.get("activities"),
                    raw_act(ac.get(k)), ("children", k, "activities"))
    end("children: each one's activities")
    begin()
    for c in kids:
        k = c.get("code")
        compare_obj("child %s models" % k, model_fig(mc.get(k)), c.get("models"))
    end("children: each one's models")
    nz = sorted(set(k for k in list(cc) + list(ac) + list(mc) if k not in got_codes
                    and k in [r[0] for r in ref]))
    if nz:
        not_ok("children with figures are missing: %s" % nz)
    return body


def compare_meta(what, want, got):
    if not isinstance(got, dict):
        verdict(what, ["expected an object, got %r" % (got,)], 0)
        return
    bad = ["%s: api %r, expected %r" % (k, got.get(k), v) for k, v in want.items()
           if got.get(k) != v]
    if set(got) != set(want):
        bad.append("keys %s, expected %s" % (sorted(got), sorted(want)))
    if GROUP is None and not bad:
        ok("%s: %s" % (what, ", ".join("%s %s" % (k, v) for k, v in want.items())))
    else:
        verdict(what, bad, len(want))


def compare_names(what, ref, it):
    if ref is None:
        GROUP["bad"].append("%s: no such code in the database" % what)
    elif (it.get("name"), it.get("name_en")) != tuple(ref):
        GROUP["bad"].append("%s: names %r/%r, expected %r/%r" % (
            what, it.get("name"), it.get("name_en"), ref[0], ref[1]))


def report(body):
    od = body.get("overdue") or {}
    facts = res[("report", "overdue_ids")]
    want_ids = sorted(r[0] for r in facts)
    if od.get("total") == len(want_ids):
        ok("overdue.total %d equals the overdue cases of the facts" % len(want_ids))
    else:
        not_ok("overdue.total: api %r, facts %d" % (od.get("total"), len(want_ids)))
    cases = od.get("cases") or []
    ids = [c.get("id") for c in cases]
    if len(want_ids) <= 500:
        if sorted(ids) == want_ids:
            ok("overdue.cases are exactly the %d overdue cases" % len(ids))
        else:
            not_ok("overdue.cases ids: extra %s, missing %s" % (sorted(set(ids) - set(want_ids))[:20],
                                                               sorted(set(want_ids) - set(ids))[:20]))
    elif len(ids) == 500 and set(ids) <= set(want_ids):
        ok("overdue.cases: 500 of the %d overdue cases" % len(want_ids))
    else:
        not_ok("overdue.cases: %d listed of %d overdue" % (len(ids), len(want_ids)))
    allowed = {"id", "kind", "topic", "area", "handling_unit", "received_on", "step", "due_on"}
    extra = sorted(set(k for c in cases for k in c) - allowed)
    if extra:
        not_ok("overdue members carry other fields: %s" % extra)
    else:
        ok("overdue members carry only %s" % ", ".join(sorted(allowed)))
    byid = {r[0]: r for r in facts}
    steps = {}
    for cid, step, due in res[("report", "overdue_steps")]:
        steps.setdefault(cid, set()).add((step, due))
    bad = []
    for c in cases:
        r = byid.get(c.get("id"))
        if not r:
            continue
        if (c.get("kind"), c.get("received_on"), c.get("due_on")) != (r[1], r[2], r[3]):
            bad.append("case %s: kind/received/due %r, facts %r" % (
                c.get("id"), (c.get("kind"), c.get("received_on"), c.get("due_on")), r[1:]))
        elif (c.get("step"), c.get("due_on")) not in steps.get(r[0], set()):
            bad.append("case %s: step %r is not an unmet clock due %s" % (r[0], c.get("step"),
                                                                         c.get("due_on")))
    if bad:
        not_ok("overdue members against the facts: %s" % "; ".join(bad[:10]))
    else:
        ok("each overdue member's kind, received day, earliest past-due day and step match")
    due = [c.get("due_on") for c in cases]
    if due == sorted(due):
        ok("overdue cases come oldest due first")
    else:
        not_ok("overdue cases are not in due order")
    pl = body.get("plans") or {}
    want = {r[0]: r[1] for r in res[("report", "plans")]}
    got = {p.get("id"): p for p in pl.get("plans") or []}
    if pl.get("total") == len(want) and set(got) == set(want):
        ok("plans: the %d approved plans of the caller's units for %d" % (len(want), Y))
    else:
        not_ok("plans: api total %r ids %s, facts %s" % (pl.get("total"), sorted(got), sorted(want)))
    bad = ["plan %s: targets %r, facts %d" % (k, got[k].get("targets"), want[k])
           for k in got if k in want and got[k].get("targets") != want[k]]
    bad += ["plan %s: year %r" % (k, p.get("year")) for k, p in got.items() if p.get("year") != Y]
    bad += ["plan %s: percent %r" % (k, p.get("percent")) for k, p in got.items()
            if not isinstance(p.get("percent"), (int, float)) or not 0 <= p.get("percent") <= 100]
    if bad:
        not_ok("; ".join(bad))
    else:
        ok("each plan's year, number of targets and percent (0-100) are right")


body = run()
if MODE == "report":
    report(body)
if "--nulls-out" in opts:
    with open(opts["--nulls-out"], "w", encoding="utf-8") as f:
        json.dump(NULLS, f)
if "--nulls-in" in opts:
    with open(opts["--nulls-in"], encoding="utf-8") as f:
        before = json.load(f)
    d = body
    bad = []
    for path, want in before:
        v, p = d, list(path)
        # lists are addressed by their key
        for k in p:
            if isinstance(v, list):
                v = next((x for x in v if isinstance(x, dict) and k in (x.get("month"), x.get("kind"),
                                                                       x.get("code"))), None)
            elif isinstance(v, dict):
                v = v.get(k)
            else:
                v = None
        if v is None or (v != want and not (isinstance(v, float) and abs(v - want) < 1e-6)):
            bad.append("%s: %r, facts %r" % (".".join(map(str, path)), v, want))
    if not before:
        note("no value was suppressed before")
    elif bad:
        not_ok("values suppressed before are not the facts now: %s" % "; ".join(bad[:10]))
    else:
        ok("the %d values null before are given now and equal the facts" % len(before))
note("%s: %d numbers compared with the facts, %d null as suppressed" % (LABEL, n_numbers, len(NULLS)))
PY

# The database as the checker reads it: the SQLite file or the PostgreSQL URL.
if [ "$ENGINE" = postgresql ]; then FACTS_DB=$DB; else FACTS_DB=$T/d.db; fi

# check MODE AREA PERIOD [--min N] [--href BASE] [--unit ID] [--nulls-out F] [--nulls-in F]:
# the last body against the facts, one assertion per object of the answer.
check() {
	local mode=$1 area=$2 period=$3 rc=0
	shift 3
	cp "$T/body" "$T/check.json"
	python3 "$T/dash_check.py" "$mode" "$ENGINE" "$FACTS_DB" "$T/check.json" "$area" "$period" \
		"$TODAY" --label "$mode $area $period" "$@" >"$T/check.out" 2>&1 || rc=$?
	relay "$T/check.out"
	[ "$rc" -eq 0 ] || { not_ok "the checker failed on $mode $area $period (exit $rc)"; tail -5 "$T/check.out" | sed 's/^/#   /'; }
}

# changes OLD NEW LABEL SPEC...: the numbers that differ between two answers are exactly those
# named. SPEC is PATH:+N (moved by exactly N) or PATH:* (may move); paths name list members by
# their month, kind or code: "months.2026-11.cases.received", "children.00004.cases.accepted".
cat >"$T/changes.py" <<'PY'
import json, sys
old_f, new_f, label = sys.argv[1:4]
specs = sys.argv[4:]
def flat(v, p, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(x, p + [k], out)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            k = x.get("month") or x.get("kind") or x.get("code") if isinstance(x, dict) else None
            flat(x, p + [k if k is not None else str(i)], out)
    else:
        out[".".join(p)] = v
    return out
try:
    old = flat(json.load(open(old_f, encoding="utf-8")), [], {})
    new = flat(json.load(open(new_f, encoding="utf-8")), [], {})
except Exception as ex:
    print("not ok - %s: not JSON: %s" % (label, ex)); sys.exit(0)
def num(x):
    return 0 if x is None else x
changed = {}
for k in set(old) | set(new):
    a, b = old.get(k), new.get(k)
    if a == b:
        continue
    if k not in old and (b in (0, None) or isinstance(b, str)):
        continue  # a row that appears: its zeros and names are no change
    if k not in new and a in (0, None):
        continue
    changed[k] = (a, b)
allowed = set()
for s in specs:
    path, want = s.rsplit(":", 1)
    allowed.add(path)
    if want == "*":
        continue
    a, b = changed.get(path, (old.get(path), new.get(path)))
    d = None
    if isinstance(num(a), (int, float)) and isinstance(num(b), (int, float)):
        d = num(b) - num(a)
    if d is not None and abs(d - float(want)) < 1e-9:
        print("ok - %s: %s moved by %s (%s -> %s)" % (label, path, want, a, b))
    else:
        print("not ok - %s: %s should move by %s, went %r -> %r" % (label, path, want, a, b))
others = sorted(k for k in changed if k not in allowed)
if others:
    print("not ok - %s: other figures changed: %s" % (label, "; ".join(
        "%s %r -> %r" % (k, changed[k][0], changed[k][1]) for k in others[:15])))
else:
    print("ok - %s: no other figure changed" % label)
PY
changes() {
	local rc=0
	python3 "$T/changes.py" "$@" >"$T/changes.out" 2>&1 || rc=$?
	relay "$T/changes.out"
	[ "$rc" -eq 0 ] || not_ok "the comparison of answers failed ($3, exit $rc)"
}
keep() { cp "$T/body" "$T/$1.json"; }
# problem STATUS MSG: the last answer is an application/problem+json error of that status with
# type, title, status, detail and code (assert_problem's checks in one python run: this script
# makes many of them).
cat >"$T/problem.py" <<'PY'
import json, sys
want, status, hdrs, body, msg = sys.argv[1:]
if status == want:
    print("ok - %s: status %s" % (msg, want))
else:
    print("not ok - %s: expected status %s, got %s" % (msg, want, status))
ct = [l.split(":", 1)[1].strip() for l in open(hdrs, encoding="latin-1") if l.lower().startswith("content-type:")]
if ct and ct[0].startswith("application/problem+json"):
    print("ok - %s: Content-Type %s" % (msg, ct[0]))
else:
    print("not ok - %s: Content-Type should be application/problem+json, got %r" % (msg, ct))
try:
    d = json.load(open(body, encoding="utf-8"))
    lack = [f for f in ("type", "title", "status", "detail", "code") if f not in d]
except Exception as ex:
    d, lack = {}, ["(not JSON: %s)" % ex]
if not lack and str(d.get("status")) == want:
    print("ok - %s: problem has type, title, status %s, detail, code" % (msg, want))
else:
    print("not ok - %s: problem lacks %s or its status %r is not %s" % (msg, lack, d.get("status"), want))
PY
problem() {
	python3 "$T/problem.py" "$1" "$STATUS" "$T/hdrs" "$T/body" "$2" >"$T/problem.out" 2>&1
	relay "$T/problem.out"
	grep -q '^not ok' "$T/problem.out" && last_response
	return 0
}

# ---------------------------------------------------------------- users

ADMIN=admin                 # Ban Dân vận Trung ương: the nation
PROV_LEADER=lanhdao.hanoi   # Thành ủy Hà Nội: province 01
OFFICER=canbo.badinh        # phường Ba Đình: commune 00004
SETTLER=giaiquyet.badinh    # settles Ba Đình's cases
MIL_LEADER=lanhdao.qk7      # Quân khu 7: province 79, whose division has an approved plan
declare -A TOKENS
for u in $ADMIN $PROV_LEADER $OFFICER $SETTLER $MIL_LEADER; do
	token_for "$u"
	TOKENS[$u]=$TOKEN
done
HN_PC=$(sql "SELECT u.id FROM unit u JOIN area a ON a.id = u.home_area_id WHERE a.code = '01' AND u.kind = 'peoples-committee' ORDER BY u.id LIMIT 1")
[ -n "$HN_PC" ] || bail "province 01 has no people's committee"
add_user bb.t01.canbo "$HN_PC" officer   # an officer of province 01
token_for bb.t01.canbo
TOKENS[bb.t01.canbo]=$TOKEN
as() { TOKEN=${TOKENS[$1]:?no token for $1}; }
# dash PATH: GET as the current TOKEN, which must answer 200 with JSON.
dash() {
	aget "$1"
	assert_status 200 "GET $1"
	assert_header Content-Type '^application/json' "GET $1"
}

# ================================================================ 1. dashboards against the facts
for row in "VN $ADMIN" "01 $PROV_LEADER" "$COMMUNE $OFFICER"; do
	set -- $row
	as "$2"
	for p in "${PERIODS[@]}"; do
		dash "/api/v1/dashboard?area=$1&period=$p"
		check staff "$1" "$p" --href "/api/v1/dashboard?area="
	done
done
# the second half and the first quarter of the nation too
as $ADMIN
for p in "$MY-H2" "$MY-Q1"; do
	dash "/api/v1/dashboard?area=VN&period=$p"
	check staff VN "$p" --href "/api/v1/dashboard?area="
done

# defaults: the caller's unit's home area, the current year
as $OFFICER
dash /api/v1/dashboard
assert_json area.code "$COMMUNE" "without area: the officer's home area"
assert_json period.code "$YEAR" "without period: the current year"
check staff "$COMMUNE" "$YEAR" --href "/api/v1/dashboard?area="
as $ADMIN
dash "/api/v1/dashboard?period=$MY-Q3"
assert_json area.code VN "without area: the central unit's home area is the nation"
# a village in the caller's areas has its own dashboard
as $OFFICER
dash "/api/v1/dashboard?area=$VILLAGE&period=$MY"
check staff "$VILLAGE" "$MY" --href "/api/v1/dashboard?area="

# ================================================================ 2. reports
# report_secrets AREA: every name, contact, address, title, description and tracking code of the
# overdue cases of the area's subtree, one a line (for find_secrets).
report_secrets() {
	sql "SELECT c.tracking_code, COALESCE(c.submitter_name, ''), COALESCE(c.submitter_contact, ''),
		COALESCE(c.submitter_address, ''), c.title, c.description, c.representatives, c.address_text
		FROM citizen_case c JOIN area_closure ac ON ac.descendant = c.area_id JOIN area x ON x.id = ac.ancestor
		WHERE x.code = ? AND c.status NOT IN ('closed', 'withdrawn') AND EXISTS (SELECT 1 FROM case_deadline d
		WHERE d.case_id = c.id AND d.met_on IS NULL AND d.due_day < ?)" "$1" "$TODAY" |
		tr '\t' '\n' | grep -v '^$' | sort -u
}
for row in "VN $ADMIN $MY" "01 $PROV_LEADER $MY-Q3" "$COMMUNE $OFFICER $MY" "$OTHER_PROV $MIL_LEADER $YEAR"; do
	set -- $row
	as "$2"
	dash "/api/v1/reports?area=$1&period=$3"
	check report "$1" "$3" --href "/api/v1/reports?area=" --unit "$(unit_of "$2")"
	mapfile -t secrets < <(report_secrets "$1")
	note "report $1: ${#secrets[@]} personal texts and codes of its overdue cases looked for"
	assert_body_no_secrets "the report of $1 for $3 (overdue cases' people, texts and codes)" "${secrets[@]}"
done
as $MIL_LEADER
aget "/api/v1/reports?area=$OTHER_PROV&period=$YEAR"
assert_match '^[1-9]' "$(json plans.total)" "the military region's report lists its division's approved plan"

# ================================================================ 3. writes are seen at once
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d0
dash "/api/v1/dashboard?area=01&period=$YEAR"
assert_eq "$(cat "$T/d0.json")" "$(body)" "a second read (from the cache) is the same answer"
as $OFFICER
dash "/api/v1/dashboard?area=$COMMUNE&period=$CUR"
keep c0
get "/api/v1/public/figures?area=01&period=$YEAR"
assert_status 200 "the public figures of province 01"
keep p0

NAME="Đỗ Thị Bảng Điều Khiển"
CONTACT="0987002200"
ADDRESS="Số 22 ngõ Thống Kê, Ba Đình"
submit_json "{\"kind\":\"feedback\",\"topic\":\"environment\",\"area\":\"$COMMUNE\",
	\"title\":\"Rác thải ùn ứ đầu ngõ 22\",\"description\":\"Rác không được thu gom ba ngày nay.\",
	\"name\":\"$NAME\",\"contact\":\"$CONTACT\",\"address\":\"$ADDRESS\"}"
assert_status 201 "POST /api/v1/public/cases (feedback in $COMMUNE)"
NEW=$(case_id_of "$TRACK")
[ -n "$NEW" ] || bail "the submitted case is not in the database"
note "new case $NEW ($TRACK)"

# the places a feedback case on the environment received today in the commune counts in
places() {
	local f
	for f in "$@"; do
		printf '%s\n' "cases.$f" "months.$CUR.cases.$f" "kinds.feedback.$f" "topics.environment.$f" \
			"children.$COMMUNE.cases.$f"
	done
}
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d1
mapfile -t spec < <(places received | sed 's/$/:+1/')
changes "$T/d0.json" "$T/d1.json" "province 01 after a submission" "${spec[@]}"
as $OFFICER
dash "/api/v1/dashboard?area=$COMMUNE&period=$CUR"
keep c1
changes "$T/c0.json" "$T/c1.json" "commune $COMMUNE, $CUR, after a submission" cases.received:+1 \
	"months.$CUR.cases.received:+1" kinds.feedback.received:+1 topics.environment.received:+1
get "/api/v1/public/figures?area=01&period=$YEAR"
keep p1
changes "$T/p0.json" "$T/p1.json" "the public figures of 01 after a submission" cases.received:+1 \
	"months.$CUR.cases.received:+1" kinds.feedback.received:+1 topics.environment.received:+1 \
	"children.$COMMUNE.cases.received:*"

as $SETTLER
apost "/api/v1/cases/$NEW/actions" '{"action":"accept"}'
assert_status 200 "the settler accepts the new case"
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d2
mapfile -t spec < <(places accepted | sed 's/$/:+1/')
changes "$T/d1.json" "$T/d2.json" "province 01 after an acceptance" "${spec[@]}"

as $SETTLER
apost "/api/v1/cases/$NEW/actions" "{\"action\":\"decide\",\"note\":\"Đã thu gom rác, nhắc tổ dân phố.\",\"decision_date\":\"$TODAY\"}"
assert_status 200 "the settler decides the new case"
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d3
mapfile -t spec < <(places decided decided_on_time | sed 's/$/:+1/'; places on_time_percent | sed 's/$/:*/')
changes "$T/d2.json" "$T/d3.json" "province 01 after a decision on time" "${spec[@]}"
check staff 01 "$YEAR" --href "/api/v1/dashboard?area="

# a new activity in the commune
as $OFFICER
apost /api/v1/activities "{\"type\":\"propaganda\",\"lead_unit\":$(unit_of $OFFICER),\"area\":\"$COMMUNE\",
	\"start_on\":\"$TODAY\",\"title\":\"Tuyên truyền phân loại rác BB2200\",\"participants\":12,
	\"workdays\":3.5,\"households\":2,\"persons\":7,\"value_cash\":1000000,\"value_kind\":500000}"
assert_status 201 "POST /api/v1/activities in $COMMUNE"
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d4
spec=()
for pre in activities "months.$CUR.activities" activity_types.propaganda "children.$COMMUNE.activities"; do
	spec+=("$pre.activities:+1" "$pre.participants:+12" "$pre.workdays:+3.5" "$pre.households:+2"
		"$pre.persons:+7" "$pre.value_cash:+1000000" "$pre.value_kind:+500000" "$pre.value:+1500000")
done
changes "$T/d3.json" "$T/d4.json" "province 01 after a new activity" "${spec[@]}"
check staff 01 "$YEAR" --href "/api/v1/dashboard?area="

# ================================================================ 4. scope and bad input
as bb.t01.canbo
dash "/api/v1/dashboard?area=$COMMUNE&period=$MY"
for path in "/api/v1/dashboard?area=$OTHER_PROV&period=$MY" "/api/v1/reports?area=$OTHER_PROV&period=$MY" \
	"/api/v1/dashboard?area=26740" "/api/v1/reports?area=26740" "/api/v1/dashboard?area=VN" \
	"/api/v1/dashboard?area=ZZ999"; do
	aget "$path"
	problem 404 "an officer of province 01: $path"
	assert_not_contains '"cases"' "an officer of province 01: $path shows no figures"
done
as $OFFICER
for path in "/api/v1/dashboard?area=01" "/api/v1/reports?area=01" "/api/v1/dashboard?area=00007"; do
	aget "$path"
	problem 404 "the commune officer: $path"
done
for path in /api/v1/dashboard "/api/v1/dashboard?area=01&period=$MY" "/api/v1/reports?area=01"; do
	get "$path"
	problem 401 "anonymous $path"
	assert_not_contains '"received"' "anonymous $path shows no figures"
done
as $PROV_LEADER
for p in 2026-13 2026-Q5 1999 abc 2026-H3 2101 2026-00 2026-7 " 2026" 2026-9N; do
	enc=${p// /%20}
	aget "/api/v1/dashboard?area=01&period=$enc"
	problem 400 "dashboard period '$p'"
done
for p in 2026-13 abc 2026-H3; do
	aget "/api/v1/reports?area=01&period=$p"
	problem 400 "report period '$p'"
	get "/api/v1/public/figures?area=01&period=$p"
	problem 400 "public figures period '$p'"
done

# ================================================================ 5. the portal's figures
# every name, contact and address the cases hold, and every tracking code
mapfile -t PERSONAL < <(sql "SELECT submitter_name FROM citizen_case UNION SELECT submitter_contact FROM citizen_case
	UNION SELECT submitter_address FROM citizen_case UNION SELECT tracking_code FROM citizen_case" | grep -v '^$' | sort -u)
note "${#PERSONAL[@]} names, contacts, addresses and tracking codes looked for in the public figures"
get /api/v1/public/figures
assert_status 200 "GET /api/v1/public/figures without sign-in"
assert_json area.code VN "the portal's default area is the nation"
assert_json period.code "$YEAR" "the portal's default period is the current year"
assert_header Access-Control-Allow-Origin '^\*$' "open data may be read from any site"
for a in VN 01 "$COMMUNE"; do
	for p in "${PERIODS[@]}" "$CUR"; do
		get "/api/v1/public/figures?area=$a&period=$p"
		assert_status 200 "public figures $a $p"
		check public "$a" "$p" --min 5 --href "/api/v1/public/figures?area=" --nulls-out "$T/nulls.$a.$p.json"
		assert_body_no_secrets "public figures $a $p" "${PERSONAL[@]}"
	done
done
nulls=$(python3 -c 'import json, sys; print(sum(len(json.load(open(f))) for f in sys.argv[1:]))' "$T"/nulls.*.json)
assert_match '^[1-9][0-9]*$' "$nulls" "some small counts were withheld (null) at min_count 5"
for a in "$VILLAGE" ZZ999; do
	get "/api/v1/public/figures?area=$a&period=$MY"
	problem 404 "public figures of '$a' (a village is not an official area)"
done

# the same with nothing withheld: what was null is the facts
stop_server
export DANVAN_PUBLIC_MIN_COUNT=1
start_server
unset DANVAN_PUBLIC_MIN_COUNT
for a in VN 01 "$COMMUNE"; do
	for p in "${PERIODS[@]}" "$CUR"; do
		get "/api/v1/public/figures?area=$a&period=$p"
		assert_status 200 "public figures $a $p, min 1"
		check public "$a" "$p" --min 1 --href "/api/v1/public/figures?area=" --nulls-in "$T/nulls.$a.$p.json"
	done
done
# and the setting as a flag
restart_server --public-min-count 3
get "/api/v1/public/figures?area=$COMMUNE&period=$MY"
check public "$COMMUNE" "$MY" --min 3 --href "/api/v1/public/figures?area="
get "/api/v1/public/figures?area=01&period=$MY-07"
check public 01 "$MY-07" --min 3 --href "/api/v1/public/figures?area="

# ================================================================ 6. a case decided twice
# The citizen reopens the case decided above and it is decided again: it is still one case
# decided in the period (decided_on is its latest decision).
public_csrf
ppost "/track/$TRACK/reopen" "note=Rác lại ùn ứ sau hai ngày"
assert_status 303 "the citizen reopens the case"
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d5
changes "$T/d4.json" "$T/d5.json" "province 01 after the reopening"
as $SETTLER
apost "/api/v1/cases/$NEW/actions" "{\"action\":\"decide\",\"note\":\"Đã thu gom lại.\",\"decision_date\":\"$TODAY\"}"
assert_status 200 "the settler decides the reopened case again"
as $PROV_LEADER
dash "/api/v1/dashboard?area=01&period=$YEAR"
keep d6
changes "$T/d5.json" "$T/d6.json" "province 01 after the second decision of the same case"
check staff 01 "$YEAR" --href "/api/v1/dashboard?area="

# ================================================================ 7. the check command
# `danvan aggregates check` recomputes case_area_agg from the facts by the same rule the
# numbers above were checked by: after everything above (villages, a reopening, a second
# decision) it matches; a changed or missing row is reported by area, month, topic and kind;
# rebuild repairs it.
dv aggregates check --db "$DB"
assert_rc 0 "danvan aggregates check after the journey"
grep -q "match the facts" "$T/out" && ok "the check says the aggregates match" ||
	not_ok "aggregates check: $(head -5 "$T/out" "$T/err")"
BAD=$(sql "SELECT area_id FROM case_area_agg WHERE received > 0 ORDER BY area_id, month, topic_id LIMIT 1")
sqlw "UPDATE case_area_agg SET received = received + 3 WHERE area_id = $BAD"
sqlw "DELETE FROM case_area_agg WHERE area_id = (SELECT id FROM area WHERE code = '01') AND decided > 0"
dv aggregates check --db "$DB"
assert_rc 1 "changed and deleted case aggregate rows fail the check"
grep -q "^case_area_agg area_id=$BAD month=.* received stored" "$T/out" &&
	ok "the report names the changed row and its figure" ||
	not_ok "the report should name case_area_agg area_id=$BAD: $(head -5 "$T/out")"
grep -q "stored 0, from the facts" "$T/out" && ok "the report names the deleted rows" ||
	not_ok "deleted rows not reported: $(head -5 "$T/out")"
dv aggregates rebuild --db "$DB"
assert_rc 0 "danvan aggregates rebuild"
dv aggregates check --db "$DB"
assert_rc 0 "after the rebuild the aggregates match the facts again"

done_testing
