#!/bin/bash
# t2600-limits: the server's limits (doc/LIMITS.md) from the outside: slow-loris connections are
# closed after header-timeout while a normal client is answered promptly, an idle kept-alive
# connection after conn-timeout, oversized request line and headers get a clean error, a body
# over max-body gets 413, the connection limits (total and per address) close new connections
# and recover, the per-address rate limit answers 429 with Retry-After and recovers.
# engines: sqlite
# (the limits live in the HTTP layer; the engine behind them does not matter)
. "$(dirname "$0")/lib.sh"

dv init --db "$DB" --key-file "$KEY"
[ "$RC" = 0 ] || bail "danvan init failed: $(cat "$T/err")"

# The socket-level client: one subcommand per check, one "ok"/"not ok" line per assertion.
cat >"$T/lim.py" <<'PY'
import socket, sys, threading, time

port = int(sys.argv[2])
slow = float(sys.argv[3])  # sanitizer builds: latency bounds scale with this
results = []

def check(cond, what):
    results.append(("ok - " if cond else "not ok - ") + what)

def conn(src="127.0.0.1", timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s

def read_answer(s):
    """One HTTP answer (headers and Content-Length body); b'' when the server closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        b = s.recv(65536)
        if not b:
            return data
        data += b
    head, _, body = data.partition(b"\r\n\r\n")
    n = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
    while len(body) < n:
        b = s.recv(65536)
        if not b:
            break
        body += b
    return head + b"\r\n\r\n" + body

def status_of(answer):
    try:
        return int(answer.split(b" ", 2)[1])
    except Exception:
        return 0

def get(path="/healthz", src="127.0.0.1", timeout=10):
    s = conn(src, timeout)
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
    a = read_answer(s)
    s.close()
    return a

def closed_by_server(s):
    """True when the server has closed the connection (EOF, reset or a failed send)."""
    try:
        s.sendall(b"X")
        s.settimeout(0.05)
        return s.recv(100) == b""
    except socket.timeout:
        return False
    except OSError:
        return True

def slowloris(n, header_timeout):
    # n connections each sending its headers one byte every 0.5 s (never idle for MHD)
    socks = [conn() for _ in range(n)]
    start = time.monotonic()
    line = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    closed_at = [None] * n
    fast = []
    i = 0
    while time.monotonic() - start < header_timeout + 6 and None in closed_at:
        for k, s in enumerate(socks):
            if closed_at[k] is not None:
                continue
            try:
                s.sendall(line[i:i + 1] if i < len(line) else b"a")
            except OSError:
                closed_at[k] = time.monotonic() - start
                continue
            s.settimeout(0.001)
            try:
                if s.recv(100) == b"":
                    closed_at[k] = time.monotonic() - start
            except socket.timeout:
                pass
            except OSError:
                closed_at[k] = time.monotonic() - start
        i += 1
        # a normal client meanwhile, on its own connection
        t0 = time.monotonic()
        a = get()
        fast.append((status_of(a), time.monotonic() - t0))
        time.sleep(0.5)
    n_closed = sum(1 for c in closed_at if c is not None)
    check(n_closed == n, "slow loris: %d of %d trickling connections closed by the server" % (n_closed, n))
    done = [c for c in closed_at if c is not None]
    if done:
        check(min(done) >= header_timeout - 1,
              "slow loris: none closed before header-timeout %ds (first at %.1fs)" % (header_timeout, min(done)))
        check(max(done) <= header_timeout + 3 * slow,
              "slow loris: all closed by header-timeout + 3s (last at %.1fs)" % max(done))
    worst = max(t for _, t in fast) if fast else 99
    check(fast and all(st == 200 for st, _ in fast),
          "slow loris: the normal client got 200 every time (%d requests)" % len(fast))
    check(worst < 1.0 * slow, "slow loris: the normal client's slowest answer %.3fs < %.1fs" % (worst, 1.0 * slow))
    for s in socks:
        s.close()

def idle(conn_timeout, header_timeout):
    # nothing sent at all: closed by the header deadline
    s0 = conn()
    # one answered request, then nothing: MHD's idle timeout
    s1 = conn()
    s1.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status_of(read_answer(s1)) == 200, "idle: the kept-alive connection was answered")
    start = time.monotonic()
    t0 = t1 = None
    while time.monotonic() - start < conn_timeout + header_timeout + 4 and (t0 is None or t1 is None):
        for k, s in ((0, s0), (1, s1)):
            if (t0 if k == 0 else t1) is not None:
                continue
            s.settimeout(0.2)
            try:
                gone = s.recv(100) == b""
            except socket.timeout:
                gone = False
            except OSError:
                gone = True
            if gone:
                if k == 0:
                    t0 = time.monotonic() - start
                else:
                    t1 = time.monotonic() - start
    check(t0 is not None and header_timeout - 1 <= t0 <= header_timeout + 3 * slow,
          "idle: a connection that sends nothing closed after header-timeout %ds (at %s)" % (header_timeout, t0))
    check(t1 is not None and conn_timeout - 1 <= t1 <= conn_timeout + 3 * slow,
          "idle: a kept-alive idle connection closed after conn-timeout %ds (at %s)" % (conn_timeout, t1))
    s0.close()
    s1.close()

def oversized():
    cases = [
        ("one 64 KiB header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 65536 + b"\r\n\r\n"),
        ("2,000 headers", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" +
         b"".join(b"X-H%d: value\r\n" % i for i in range(2000)) + b"\r\n"),
        ("a 64 KiB URL", b"GET /healthz?" + b"a" * 65536 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("a 1 MiB header line without end", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20)),
    ]
    for what, raw in cases:
        s = conn()
        try:
            s.sendall(raw)
        except OSError:
            pass  # the server may close while we still send: that is a clean refusal too
        try:
            a = read_answer(s)
        except OSError:
            a = b""
        st = status_of(a)
        check(st in (413, 414, 431) or a == b"",
              "oversized: %s answered %s" % (what, st if a else "by closing the connection"))
        s.close()
        a = get()
        check(status_of(a) == 200, "oversized: the server still answers after %s" % what)

def body_cap(limit):
    # declared length over the cap: 413 before the body is read
    s = conn()
    s.sendall(b"POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % (limit * 4))
    st = status_of(read_answer(s))
    check(st == 413, "body: Content-Length %d over the cap answered %d" % (limit * 4, st))
    s.close()
    # chunked, no length: counted as it comes
    s = conn()
    s.sendall(b"POST /api/v1/public/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"a" * 16384
    try:
        for _ in range(limit * 2 // len(chunk) + 1):
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        s.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    try:
        st = status_of(read_answer(s))
    except OSError:
        st = 0
    check(st == 413, "body: a chunked body over the cap answered %d" % st)
    s.close()
    check(status_of(get()) == 200, "body: the server still answers")

def refused(s):
    """A new connection over a limit: closed (or reset) without an answer."""
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        s.settimeout(3)
        a = read_answer(s)
        return a == b"", status_of(a)
    except socket.timeout:
        return False, "no answer within 3s (still queued)"
    except OSError:
        return True, 0

def held(src):
    s = conn(src)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    ok = status_of(read_answer(s)) == 200
    return s, ok

def conn_limits(total, per_addr):
    kept = []
    oks = 0
    for _ in range(per_addr):
        s, ok = held("127.0.0.1")
        kept.append(s)
        oks += ok
    check(oks == per_addr, "connections: %d kept-alive connections from 127.0.0.1 answered" % per_addr)
    gone, st = refused(conn("127.0.0.1"))
    check(gone, "connections: one more from 127.0.0.1 (max-conn-addr %d) closed without an answer (%s)" % (per_addr, st))
    oks = 0
    for _ in range(total - per_addr):
        s, ok = held("127.0.0.2")
        kept.append(s)
        oks += ok
    check(oks == total - per_addr, "connections: %d more from 127.0.0.2 answered" % (total - per_addr))
    # over the total, MHD stops accepting: the kernel keeps the new connection in the listen
    # backlog, unanswered, until a slot frees (a burst waits rather than fails)
    q = conn("127.0.0.3")
    q.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    q.settimeout(2)
    try:
        early = read_answer(q)
        check(early == b"", "connections: one more (max-connections %d) got no answer: %s" % (total, status_of(early)))
    except socket.timeout:
        check(True, "connections: one more (max-connections %d) waits unanswered in the backlog" % total)
    except OSError:
        check(True, "connections: one more (max-connections %d) closed without an answer" % total)
    for s in kept:
        s.close()
    q.settimeout(5 * slow)
    try:
        st = status_of(read_answer(q))
    except OSError:
        st = 0
    check(st in (200, 0), "connections: the waiting connection answered %s once slots freed (or closed)" % st)
    q.close()
    st = 0
    for _ in range(20):
        try:
            st = status_of(get(timeout=3))
        except OSError:
            st = 0
        if st == 200:
            break
        time.sleep(0.2)
    check(st == 200, "connections: once they are closed, a new client is answered")

def ratelimit(burst, rate):
    sts = []
    s = conn()
    for _ in range(burst + 2):
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        a = read_answer(s)
        sts.append(status_of(a))
        last = a
    check(sts[:burst] == [200] * burst, "rate: the first %d requests (the burst) answered 200: %s" % (burst, sts[:burst]))
    check(sts[burst:] == [429, 429], "rate: the next two answered 429: %s" % sts[burst:])
    head = last.split(b"\r\n\r\n")[0].decode("latin-1").lower()
    ra = [l.split(":", 1)[1].strip() for l in head.split("\r\n") if l.startswith("retry-after:")]
    check(ra and ra[0].isdigit() and int(ra[0]) >= 1, "rate: 429 carries Retry-After: %s" % ra)
    check("text/html" in head, "rate: 429 on a page is HTML")
    check("quá nhiều yêu cầu".encode() in last.lower() or "Quá nhiều yêu cầu".encode() in last,
          "rate: 429 page says why in Vietnamese by default")
    s.sendall(b"GET /api/v1/areas HTTP/1.1\r\nHost: x\r\nCookie: dv_lang=en\r\n\r\n")
    a = read_answer(s)
    check(status_of(a) == 429 and b"application/problem+json" in a and b"Too many requests" in a,
          "rate: 429 on the API is problem+json, in English with the en cookie")
    check(status_of(get(src="127.0.0.2")) == 200, "rate: another address is not limited")
    time.sleep(int(ra[0]) if ra and ra[0].isdigit() else 1)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status_of(read_answer(s)) == 200, "rate: answered 200 again after Retry-After")
    s.close()

what = sys.argv[1]
args = [int(a) for a in sys.argv[4:]]
try:
    {"slowloris": slowloris, "idle": idle, "oversized": oversized, "body": body_cap,
     "connections": conn_limits, "rate": ratelimit}[what](*args)
except Exception as ex:
    check(False, "%s: the client failed: %r" % (what, ex))
print("\n".join(results))
PY

# lim CHECK [ARGS...]: one check of lim.py against the running server.
limpy() { python3 "$T/lim.py" "$1" "$PORT" "$SLOW" "${@:2}" >"$T/lim.$1.out" 2>&1; }
lim() {
	limpy "$@"
	relay "$T/lim.$1.out"
}

# --- timeouts and sizes (the rate limit off, as in the benchmarks)
start_server --rate-limit 0 --header-timeout 3 --conn-timeout 5 --max-body 64k --threads 2
# the slow-loris clients and the idle connections side by side
limpy slowloris 30 3 &
slow_pid=$!
limpy idle 5 3
wait "$slow_pid"
relay "$T/lim.slowloris.out"
relay "$T/lim.idle.out"
lim oversized
lim body 65536
if grep -q 'slow connections closed' "$T/server.err"; then
	ok "the server logged the slow connections it closed"
else
	not_ok "no 'slow connections closed' in the server's log"
fi

# --- connection limits: one thread, so that the total is exact
restart_server --rate-limit 0 --threads 1 --max-connections 6 --max-conn-addr 3
lim connections 6 3

# --- the per-address rate limit
restart_server --rate-limit 2 --rate-burst 5
lim rate 5 2
get /healthz
assert_status 200 "curl after the rate test"

done_testing
