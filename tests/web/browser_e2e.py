#!/usr/bin/python3
"""The browser test: a demo store, the real server, then browser.js in Debian's Chromium through
playwright-core; the downloaded XLSX is read back with openpyxl. Screenshots are kept in the
artefact folder. Skips (77) without /usr/bin/chromium, node or the npm package (tools/test.sh
installs it). Usage: browser_e2e.py <opora> <artefact dir>"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from harness import PASSWORD, Client, Server, build_store, check, fail  # noqa: E402

opora, artefacts = sys.argv[1], sys.argv[2]
if not os.access("/usr/bin/chromium", os.X_OK):
    print("SKIP: /usr/bin/chromium is not installed")
    sys.exit(77)
if not shutil.which("node") or not os.path.isdir(os.path.join(here, "node_modules", "playwright-core")):
    print("SKIP: node or playwright-core missing (run: cd tests/web && npm ci)")
    sys.exit(77)

CHEB = "chelyabinsk/chebarkul"
work = tempfile.mkdtemp(prefix="opora-browser-")
shutil.rmtree(artefacts, ignore_errors=True)
os.makedirs(artefacts)
try:
    db = build_store(opora, work)
    srv = Server(opora, db, log=os.path.join(artefacts, "server.log"))
    c = Client(srv.port)
    c.login("metod-chebarkul")
    month = c.api("GET", "/api/v1/t/%s/month" % CHEB).json
    indicators = c.api("GET", "/api/v1/t/%s/indicators?month=%s" % (CHEB, month["month"])).json
    # An open occurrence of an activity that an indicator counts: recording it must move that
    # indicator. Found through the API the pages use, tried on a copy of the store.
    chosen = None
    # The activities of the plan that an indicator names (read from the store by the test).
    import sqlite3
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    acts = [r[0] for r in con.execute(
        "SELECT a.id FROM activities a JOIN roadmaps r ON r.id = a.roadmap "
        "WHERE r.territory = ? AND a.indicator <> '' ORDER BY a.position", (CHEB,))]
    con.close()
    values = {i["id"]: i for i in indicators["indicators"]}
    for aid in acts:
        act = c.api("GET", "/api/v1/activity/%d" % aid).json
        ind = values.get(act["indicator"])
        if not ind or ind["value"] is None or ind["error"]:
            continue
        occ = next((o for o in act["occurrences"] if o["status"] != "done"), None)
        if occ:
            chosen = ({"activity_id": aid, "occurrence": occ["id"], "due": occ["due"]}, act["indicator"])
            break
    row, indicator = chosen
    evidence = os.path.join(work, "акт-проверки.pdf")
    open(evidence, "wb").write(b"%PDF-1.4 evidence of the browser test\n")
    plan = {"password": PASSWORD, "month": month["month"], "municipality": CHEB,
            "activity": row["activity_id"], "occurrence": row["occurrence"],
            "indicator": indicator, "file": evidence,
            "date": min(month["month"] + "-15", row["due"] or month["month"] + "-15")}
    # The region's comparison with last year, as the API answers it (the page must show it).
    a = Client(srv.port)
    a.login("analyst-chelyabinsk")
    identify_year = int(month["month"][:4])
    cmp = a.get("/api/v1/t/chelyabinsk/identification/compare?year=%d" % identify_year)
    check(cmp.status == 200, "compare API: %d %s" % (cmp.status, cmp.text[:300]))
    by_code = {c["code"]: c for c in json.loads(cmp.text)["categories"]}
    plan["identify_year"] = identify_year
    page = a.get("/t/chelyabinsk/identification?year=%d" % identify_year).text
    import re
    codes = re.findall(r'<tr data-category="([^"]+)">', page)
    plan["compare_counts"] = [[code] + [str(len(by_code[code][k])) if code in by_code else "0"
                                        for k in ("entered", "left", "stayed")] for code in codes]
    plan_file = os.path.join(work, "plan.json")
    json.dump(plan, open(plan_file, "w"), ensure_ascii=False)
    env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1", PLAYWRIGHT_BROWSERS_PATH="0")
    r = subprocess.run(["node", os.path.join(here, "browser.js"), "http://127.0.0.1:%d" % srv.port,
                        artefacts, plan_file], env=env, capture_output=True, text=True, timeout=400,
                       stdin=subprocess.DEVNULL)
    print(r.stdout)
    if r.returncode != 0:
        fail("browser.js: " + r.stderr[-4000:])
    import openpyxl
    wb = openpyxl.load_workbook(os.path.join(artefacts, "report.xlsx"))
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    check(any("Чебаркул" in v for v in cells), "the XLSX does not name Чебаркуль")
    check(any("Приказ №7" in v for v in cells), "the XLSX does not hold the evidence just recorded")
    check(srv.stop() == 0, "server exit code")
    print("browser e2e: ok; screenshots in " + artefacts)
finally:
    shutil.rmtree(work, ignore_errors=True)
