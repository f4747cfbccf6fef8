#!/usr/bin/python3
"""Load benchmark of `opora serve` (not a timed test): N concurrent clients record progress for
D seconds against 127.0.0.1 only, then every acknowledged write is checked against the store's
history — none lost, none duplicated — and p50/p95 latency is printed.

  bench/web_load.py <opora> [--clients 50] [--seconds 60] [--db STORE] [--threads 8]

Without --db a demo store with test accounts is built in a temporary folder. The server is
started on 127.0.0.1 with a free port and stopped with SIGTERM (it must exit 0)."""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "web"))
from harness import Client, Server, build_store, fail  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("opora")
p.add_argument("--clients", type=int, default=50)
p.add_argument("--seconds", type=float, default=60)
p.add_argument("--threads", type=int, default=8)
p.add_argument("--db")
p.add_argument("--schools", type=int, default=300)
a = p.parse_args()
if a.clients > 200 or a.seconds > 600:
    fail("bounded: at most 200 clients and 600 s")

work = tempfile.mkdtemp(prefix="opora-load-")
CHEB = "chelyabinsk/chebarkul"
try:
    db = a.db or build_store(a.opora, work, a.schools)
    srv = Server(a.opora, db, "--threads", str(a.threads), "--access-log", os.path.join(work, "access.log"),
                 log=os.path.join(work, "server.log"))
    probe = Client(srv.port)
    probe.login("metod-chebarkul")
    month = probe.api("GET", "/api/v1/t/%s/month" % CHEB).json
    occurrences = [r["occurrence"] for r in month["rows"]]
    if not occurrences:
        fail("no occurrences in the month")
    day = month["month"] + "-05"
    t_month = time.perf_counter()
    for _ in range(20):
        probe.get("/t/%s/month?month=%s" % (CHEB, month["month"]))
    month_page_ms = (time.perf_counter() - t_month) * 1000 / 20

    lock = threading.Lock()
    acked = []      # (id, evidence)
    latencies = []  # seconds
    errors = []
    stop_at = time.time() + a.seconds

    def client(n):
        c = Client(srv.port)
        r = c.login("metod-chebarkul")
        if r.status != 303:
            with lock:
                errors.append("login %d" % r.status)
            return
        i = 0
        while time.time() < stop_at:
            evidence = "load-%d-%d" % (n, i)
            body = {"occurrence": occurrences[(n + i) % len(occurrences)], "status": "done",
                    "date": day, "evidence": evidence}
            t0 = time.perf_counter()
            r = c.api("POST", "/api/v1/progress", body)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if r.status == 201:
                    acked.append((r.json["id"], evidence))
                else:
                    errors.append("%d %s" % (r.status, r.text[:200]))
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(a.clients)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    alive = srv.alive()
    hist = probe.api("GET", "/api/v1/t/%s/history" % CHEB).json["progress"]
    rc = srv.stop()

    stored = {}
    for row in hist:
        if row["evidence"].startswith("load-"):
            stored.setdefault(row["evidence"], []).append(row["id"])
    lost = [e for i, e in acked if i not in stored.get(e, [])]
    duplicated = [e for e, ids in stored.items() if len(ids) > 1]
    unacked = len([e for e in stored if e not in {ev for _, ev in acked}])
    lat = sorted(latencies)
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000 if lat else 0
    print(json.dumps({
        "clients": a.clients, "seconds": round(elapsed, 1), "server_threads": a.threads,
        "writes_acknowledged": len(acked), "writes_per_second": round(len(acked) / elapsed, 1),
        "errors": len(errors), "first_errors": errors[:5], "lost": len(lost),
        "duplicated": len(duplicated), "stored_without_ack": unacked,
        "p50_ms": round(q(0.50), 1), "p95_ms": round(q(0.95), 1), "max_ms": round(q(1.0), 1),
        "month_page_ms_avg_of_20": round(month_page_ms, 1),
        "server_alive": alive, "server_exit": rc}, ensure_ascii=False, indent=2))
    if lost or duplicated or errors or not alive or rc != 0:
        sys.exit(1)
finally:
    shutil.rmtree(work, ignore_errors=True)
