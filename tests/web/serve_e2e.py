#!/usr/bin/python3
"""The real `opora serve` on a demo store, through HTTP on 127.0.0.1: login and sessions, the
month page and API against the CLI's JSON, progress with evidence and a file, refusals across
territories, CSRF, escaping, report downloads, limits, the access log and a clean SIGTERM.
Usage: serve_e2e.py <opora> <work dir>"""
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DEMO_PASSWORDS, Client, Server, build_store, check, fail, run  # noqa: E402

opora = sys.argv[1]
work = tempfile.mkdtemp(prefix="opora-web-")
try:
    db = build_store(opora, work)
    log = os.path.join(work, "access.log")
    srv = Server(opora, db, "--access-log", log, log=os.path.join(work, "server.log"))
    CHEB = "chelyabinsk/chebarkul"

    # --- unauthenticated: pages redirect to the login, the API answers 401
    anon = Client(srv.port)
    r = anon.get("/t/%s/month" % CHEB)
    check(r.status == 303 and r.getheader("Location").startswith("/login"), "anonymous page: %d" % r.status)
    check(anon.api("GET", "/api/v1/me").status == 401, "anonymous API must be 401")
    check(anon.get("/assets/opora.css").status == 200, "the stylesheet is public")
    check("@media print" in anon.get("/assets/opora.css").text, "print CSS")

    # --- login: a wrong password is refused; the cookie is HttpOnly and SameSite=Strict
    c = Client(srv.port)
    r = c.login("metod-chebarkul", "wrong-password-x")
    check(r.status == 401 and "Неверное имя" in r.text, "wrong password: %d" % r.status)
    r = c.form("/login", {"login": "metod-chebarkul", "password": "test-пароль-123"}, csrf=False)
    cookie = r.getheader("Set-Cookie") or ""
    check(r.status == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie, "cookie: " + cookie)
    # The passwords `opora demo` printed open the demo (an account the test left as it was).
    d = Client(srv.port)
    check(d.login("metod-bagan", DEMO_PASSWORDS["metod-bagan"]).status == 303, "demo password")
    c = Client(srv.port)
    c.login("metod-chebarkul")
    me = c.api("GET", "/api/v1/me").json
    check(me["login"] == "metod-chebarkul" and me["territory"] == CHEB, "me: %s" % me)

    # --- the month: the page and the API, the API equal to `opora roadmap status --json`
    m = c.api("GET", "/api/v1/t/%s/month" % CHEB)
    check(m.status == 200, "month API: %d %s" % (m.status, m.text[:300]))
    month = m.json["month"]
    cli = json.loads(run([opora, "--db", db, "roadmap", "status", "--territory", "chebarkul",
                          "--month", month, "--json"]))
    check(cli == m.json, "API month differs from the CLI's JSON")
    page = c.get("/t/%s/month?month=%s" % (CHEB, month))
    check(page.status == 200 and "Срок в месяце" in page.text, "month page: %d" % page.status)
    # Months read as words («июнь 2023»), in the heading and the links to the months around it.
    MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
              "октябрь", "ноябрь", "декабрь"]
    words = "%s %s" % (MONTHS[int(month[5:7]) - 1], month[:4])
    check(words in page.text and ">%s<" % month not in page.text and "← %s" % month[:4] not in page.text,
          "month page does not write the month as words (%s)" % words)
    check(page.getheader("Content-Security-Policy", "").startswith("default-src 'none'"), "CSP")
    ind = c.api("GET", "/api/v1/t/%s/indicators?month=%s" % (CHEB, month))
    cli_ind = json.loads(run([opora, "--db", db, "indicators", "--territory", "chebarkul",
                              "--month", month, "--json"]))
    check(ind.status == 200 and ind.json == cli_ind, "API indicators differ from the CLI's JSON")

    # --- record progress through the API: CSRF required, who is the login
    row = next((r for r in m.json["rows"] if r["status"] in ("overdue", "due", "window")), None)
    check(row is not None, "no open row in the month")
    occ = row["occurrence"]
    body = {"occurrence": occ, "status": "done", "date": month + "-10",
            "evidence": "<script>alert('x')</script> протокол №5"}
    check(c.api("POST", "/api/v1/progress", body, csrf=False).status == 403, "no CSRF must be 403")
    bad = Client(srv.port)
    bad.cookies = dict(c.cookies)
    bad.csrf = "0" * 64
    check(bad.api("POST", "/api/v1/progress", body).status == 403, "wrong CSRF must be 403")
    # A write with a query string is refused: the access check and the handler read one source.
    check(c.api("POST", "/api/v1/progress?occurrence=%d" % occ, body).status == 400,
          "POST with a query string must be 400")
    r = c.api("POST", "/api/v1/progress", body)
    check(r.status == 201 and r.json["who"] == "metod-chebarkul", "record: %d %s" % (r.status, r.text))
    rec = r.json["id"]
    dup = c.api("POST", "/api/v1/progress", body)
    check(dup.status == 422 and "такая запись уже есть" in dup.json["error"], "duplicate: %s" % dup.text)
    hist = c.api("GET", "/api/v1/t/%s/history" % CHEB).json
    mine = [p for p in hist["progress"] if p["id"] == rec]
    check(mine and mine[0]["who"] == "metod-chebarkul", "history must name the user")
    act = c.get("/activity/%d" % row["activity_id"])
    check("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in act.text and "<script>alert" not in act.text,
          "evidence must be escaped on the activity page")

    # --- the form with a file; the uploader's name is shown, never a path
    occ2 = next((r["occurrence"] for r in m.json["rows"]
                 if r["occurrence"] != occ and r["status"] in ("overdue", "due", "window")), None)
    if occ2:
        r = c.multipart("/progress", {"occurrence": occ2, "status": "done", "date": month + "-11",
                                      "evidence": "акт"},
                        {"file": ("../../etc/passwd", b"%PDF-1.4 test evidence", "application/pdf")})
        check(r.status == 303, "form record: %d %s" % (r.status, r.text[:300]))
        page = c.get(r.getheader("Location"))
        check(">passwd</a>" in page.text, "attached file listed by its last name component")
        href = page.text.split('href="/files/')[1].split('"')[0]
        f = c.get("/files/" + href)
        check(f.status == 200 and f.body == b"%PDF-1.4 test evidence", "file download")
        check(f.getheader("Content-Type") == "application/octet-stream" and
              f.getheader("Content-Disposition").startswith("attachment"), "file served as a download")
        big = c.multipart("/progress", {"occurrence": occ2, "status": "done", "date": month + "-12"},
                          {"file": ("big.bin", b"x" * (11 * 1024 * 1024), "application/octet-stream")})
        check(big.status == 413, "an 11 MiB file must be refused: %d" % big.status)

    # --- participation of a person, then retracted (forms, CSRF, the engine's functions)
    r = c.form("/participation", {"activity": row["activity_id"], "person": "Иванова И. И.",
                                  "role": "teacher", "date": month + "-10"})
    check(r.status == 303, "participation: %d %s" % (r.status, r.text[:300]))
    page = c.get("/activity/%d" % row["activity_id"]).text
    check("Иванова И. И." in page and "/retract" in page, "participation listed with a retract form")
    pid = page.split('action="/participation/')[1].split("/")[0]
    check(c.form("/participation/%s/retract" % pid, {}).status == 303, "retract")
    check("отозвано" in c.get("/activity/%d" % row["activity_id"]).text, "retracted shown")

    # --- a school curator writes only their school's rows
    school_rows = []
    for aid in sorted({r["activity_id"] for r in m.json["rows"]}):
        act_j = c.api("GET", "/api/v1/activity/%d" % aid).json
        school_rows += [o for o in act_j["occurrences"] if o["school"] and o["status"] != "done"]
    if school_rows:
        sch = school_rows[0]["school"]
        run([opora, "--db", db, "users", "add", "cur-test", "--role", "curator", "--territory", CHEB,
             "--school", sch, "--name", "Куратор", "--password-stdin"], input="test-пароль-123\n")
        cur = Client(srv.port)
        cur.login("cur-test")
        r = cur.api("POST", "/api/v1/progress", {"occurrence": school_rows[0]["id"], "status": "done",
                                                 "date": month + "-09", "evidence": "куратор"})
        check(r.status == 201, "curator writes their school's row: %d %s" % (r.status, r.text))
        r = cur.api("POST", "/api/v1/progress", {"occurrence": occ, "status": "done",
                                                 "date": month + "-09", "evidence": "куратор"})
        check(r.status == 403, "curator must not write a territory row: %d" % r.status)
        other = next((o for o in school_rows if o["school"] != sch), None)
        if other:
            r = cur.api("POST", "/api/v1/progress", {"occurrence": other["id"], "status": "done",
                                                     "date": month + "-09"})
            check(r.status == 403, "curator must not write another school's row")

    # --- undo through the engine
    u = c.api("POST", "/api/v1/progress/%d/undo" % rec, {"note": "ошибка"})
    check(u.status == 201, "undo: %d %s" % (u.status, u.text))

    # --- reports in every format; the XLSX read back
    for fmt in ("html", "md", "json", "xlsx"):
        r = c.get("/t/%s/report?month=%s&format=%s" % (CHEB, month, fmt))
        check(r.status == 200 and r.getheader("Content-Disposition", "").startswith("attachment"),
              "report %s: %d %s" % (fmt, r.status, r.text[:200]))
        if fmt == "xlsx":
            import openpyxl
            wb = openpyxl.load_workbook(io.BytesIO(r.body))
            check(len(wb.sheetnames) >= 1, "xlsx has sheets")

    # --- other pages answer
    for p in ("indicators", "reports", "rules", "history", "identification", "explain"):
        r = c.get("/t/%s/%s" % (CHEB, p))
        check(r.status == 200, "page %s: %d %s" % (p, r.status, r.text[:300]))

    # --- another municipality's data is refused, by page, API and write
    for path in ("/t/irkutsk/zima/month", "/t/irkutsk/zima/indicators", "/t/chelyabinsk/scorecard"):
        check(c.get(path).status == 403, "metod-chebarkul must be refused " + path)
    z = Client(srv.port)
    z.login("metod-zima")
    check(z.get("/t/%s/month" % CHEB).status == 403, "metod-zima must be refused Чебаркуль")
    check(z.api("GET", "/api/v1/t/%s/month" % CHEB).status == 403, "zima API refused")
    check(z.api("POST", "/api/v1/progress", {"occurrence": occ, "status": "done",
                                              "date": month + "-13"}).status == 403,
          "zima must not write Чебаркуль's progress")
    check(z.get("/activity/%d" % row["activity_id"]).status == 403, "zima refused the activity")

    # --- the region analyst sees Чебаркуль in the scorecard
    a = Client(srv.port)
    a.login("analyst-chelyabinsk")
    sc = a.get("/t/chelyabinsk/scorecard?month=" + month)
    check(sc.status == 200 and 'data-territory="chelyabinsk/chebarkul"' in sc.text, "scorecard")
    check(a.get("/t/irkutsk/zima/month").status == 403, "analyst refused another region")

    # --- logout ends the session
    r = c.form("/logout", {})
    check(r.status == 303, "logout")
    check(c.api("GET", "/api/v1/me").status == 401, "after logout the session is gone")

    # --- limits: huge headers do not take the server down
    h = Client(srv.port)
    r = h.request("GET", "/login", headers={"X-Big-%d" % i: "y" * 4000 for i in range(12)})
    check(r.status in (400, 431), "huge headers: %d" % r.status)
    check(srv.alive() and anon.get("/login").status == 200, "server alive after huge headers")

    # --- the route table
    routes = json.loads(run([opora, "serve", "--routes"]))
    check(any(r["path"] == "/api/v1/progress" and r["action"] == "write" for r in routes), "routes")

    rc = srv.stop()
    check(rc == 0, "SIGTERM must exit 0, got %d" % rc)
    lines = open(log).read().splitlines()
    check(any(" metod-chebarkul GET /t/%s/month 200 " % CHEB in l for l in lines), "access log line")
    print("web e2e: ok")
finally:
    if os.environ.get("OPORA_WEB_KEEP"):
        print("kept", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
