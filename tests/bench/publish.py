#!/usr/bin/env python3
"""publish.py BIN - write latency (p50/p99) on the directory and PostgreSQL stores, and how
long a write on one replica takes to be served by a second one. Bounded: N writes a store.

Starts its own servers on free loopback ports in temporary directories and a throwaway
PostgreSQL (tests/integration/pg.sh); stops everything it started."""
import http.client, json, os, shutil, signal, socket, subprocess, sys, tempfile, time

N = int(os.environ.get("N", "200"))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/articled")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start(env, d):
    port = free_port()
    p = subprocess.Popen([BIN, "serve", "--host", "127.0.0.1", "--port", str(port), "--dir", d,
                          "--quiet"], env={**os.environ, **env}, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                return p, port
        except OSError:
            pass
        time.sleep(0.05)
    p.kill()
    raise SystemExit("publish.py: articled did not start")


def text(i):
    return (f"Budget vote {i}\n\n\u201cWe will not back down,\u201d said Mayor Jane Doe on day {i}.\n"
            f"\nThe council met for {i} hours.\n").encode()


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def writes(port, token, label, other=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    o = http.client.HTTPConnection("127.0.0.1", other, timeout=10) if other else None
    lat, prop = [], []
    h = {"Authorization": f"Bearer {token}", "Content-Type": "text/plain; charset=utf-8"}
    for i in range(N):
        t0 = time.perf_counter()
        c.request("PUT", f"/v1/articles/bench-{i % 10}", body=text(i), headers=h)
        r = c.getresponse()
        r.read()
        t1 = time.perf_counter()
        if r.status not in (200, 201):
            raise SystemExit(f"publish.py: PUT got {r.status}")
        lat.append((t1 - t0) * 1000)
        if o:
            etag = r.getheader("ETag")
            deadline = t1 + 5
            while time.perf_counter() < deadline:
                o.request("HEAD", f"/v1/articles/bench-{i % 10}")
                g = o.getresponse()
                g.read()
                if g.getheader("ETag") == etag:
                    break
            prop.append((time.perf_counter() - t1) * 1000)
    print(f"{label}: {N} writes, latency p50 {pct(lat, .5):.1f} ms, p99 {pct(lat, .99):.1f} ms")
    if prop:
        print(f"{label}: visible on the second replica after the response: p50 {pct(prop, .5):.1f} ms, "
              f"p99 {pct(prop, .99):.1f} ms, max {max(prop):.1f} ms")


def main():
    tmp = tempfile.mkdtemp(prefix="articled-bench-")
    procs, pgdir = [], None
    try:
        keys = os.path.join(tmp, "keys.txt")
        out = subprocess.run([BIN, "keys", "add", "bench", "--scopes", "read,write", "--keys", keys],
                             check=True, capture_output=True, text=True).stdout
        token = out.split()[-1]
        env = {"ARTICLED_KEYS": keys, "ARTICLED_RATE_LIMIT": "0"}
        d = os.path.join(tmp, "articles")
        os.mkdir(d)
        shutil.copy(os.path.join(ROOT, "articles", "paris-attacks.txt"), d)
        p, port = start(env, d)
        procs.append(p)
        writes(port, token, "directory store")
        pgdir = tempfile.mkdtemp(prefix="articled-bench-pg-")
        pgport = free_port()
        if subprocess.run(["sh", os.path.join(ROOT, "tests/integration/pg.sh"), "start", pgdir,
                           str(pgport)]).returncode:
            print("publish.py: PostgreSQL could not be started; skipped its figures")
            pgdir = None
            return
        env["ARTICLED_STORE"] = f"postgres://postgres@127.0.0.1:{pgport}/postgres"
        ports = []
        for k in range(2):
            dk = os.path.join(tmp, f"replica{k}")
            os.mkdir(dk)
            p, pk = start(env, dk)
            procs.append(p)
            ports.append(pk)
        writes(ports[0], token, "postgres store", other=ports[1])
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=10)
        if pgdir:
            subprocess.run(["sh", os.path.join(ROOT, "tests/integration/pg.sh"), "stop", pgdir])
            shutil.rmtree(pgdir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


main()
