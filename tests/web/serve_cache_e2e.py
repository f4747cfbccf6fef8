#!/usr/bin/python3
"""The web workplace never serves stale data after an import (issue 10 §1): `opora serve` runs
while `opora import` changes results; the identification the API returns afterwards is the CLI's
new one (each request checks the store's data version; the snapshot cache is rebuilt).
The page and API read a snapshot per request (no snapshot is kept by a worker).
Usage: serve_cache_e2e.py <opora>"""
import json
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Client, Server, build_store, check, run  # noqa: E402

opora = sys.argv[1]
work = tempfile.mkdtemp(prefix="opora-web-cache-")
try:
    db = build_store(opora, work, schools=50)
    srv = Server(opora, db, log=os.path.join(work, "server.log"))
    CHEB = "chelyabinsk/chebarkul"
    c = Client(srv.port)
    c.login("metod-chebarkul")
    month = c.api("GET", "/api/v1/t/%s/month" % CHEB).json["month"]

    def low_results(doc, login):
        return any(x["login"] == login and "low_results" in x["categories"] for x in doc["schools"])

    def api_identification():
        r = c.get("/api/v1/t/%s/identification?year=2022" % CHEB)
        check(r.status == 200, "identification API: %d %s" % (r.status, r.text[:300]))
        return json.loads(r.text)

    def cli_identification(*env):
        return json.loads(run(["env", *env, opora, "--db", db, "identify", "-t", "chebarkul",
                               "-y", "2022", "--json"]))

    before = api_identification()
    check(before == cli_identification(), "the server and the CLI differ before the import")
    login = next(x["login"] for x in before["schools"] if "low_results" in x["categories"])
    check(os.path.exists(db + ".snapshot"), "the server's request did not build the cache")
    # The school's works of 2021 and 2022 without a single «2», imported while the server runs.
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    rows = con.execute(
        "SELECT procedure, year, grade, subject, participants, m2, m3, m4, m5 FROM results r "
        "JOIN schools s ON s.id = r.school WHERE s.login = ? AND year IN (2021, 2022)",
        (login,)).fetchall()
    con.close()
    check(rows, "no results of %s" % login)
    lines = ["login;procedure;year;grade;subject;participants;m2;m3;m4;m5;mean_score"]
    for proc, year, grade, subject, n, m2, m3, m4, m5 in rows:
        lines.append("%s;%s;%d;%d;%s;%d;0;%d;%d;%d;" % (login, proc, year, grade, subject, n,
                                                       m2 + m3, m4, m5))
    csv = os.path.join(work, "change.csv")
    open(csv, "w").write("\n".join(lines) + "\n")
    run([opora, "--db", db, "import", "results", csv])

    after = api_identification()
    check(not low_results(after, login), "the server served a stale verdict after an import")
    check(after == cli_identification(), "the server and the CLI differ after the import")
    check(after == cli_identification("OPORA_SNAPSHOT_CACHE=off"), "differs without the cache")
    check(srv.stop() == 0, "server exit code")
    print("OK")
finally:
    shutil.rmtree(work, ignore_errors=True)
