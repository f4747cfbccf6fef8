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
    # Another month than the default, asked for by a client that sends the JSON content type on
    # GET too: the query's month is the one answered (it was silently ignored).
    earlier = "%s-%02d" % (month[:4], max(1, int(month[5:7]) - 2)) if int(month[5:7]) > 1 else \
        "%d-11" % (int(month[:4]) - 1)
    ind_earlier = c.api("GET", "/api/v1/t/%s/indicators?month=%s" % (CHEB, earlier))
    cli_earlier = json.loads(run([opora, "--db", db, "indicators", "--territory", "chebarkul",
                                  "--month", earlier, "--json"]))
    check(ind_earlier.status == 200 and ind_earlier.json == cli_earlier and cli_earlier != cli_ind,
          "API indicators of %s are not the CLI's of that month (query ignored?)" % earlier)

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

    # --- charts: SVG images of the pages, drawn by the report's chart code, parsed as XML
    import re
    import xml.etree.ElementTree as ET
    NS = "{http://www.w3.org/2000/svg}"

    def chart_srcs(html):
        return [u.replace("&amp;", "&") for u in re.findall(r'<img src="(/t/[^"]+/charts/[^"]+)"', html)]

    def chart(client, src):
        r = client.get(src)
        check(r.status == 200 and r.getheader("Content-Type") == "image/svg+xml",
              "chart %s: %d %s" % (src, r.status, r.getheader("Content-Type")))
        try:
            return ET.fromstring(r.body)
        except ET.ParseError as e:
            fail("chart %s does not parse: %s" % (src, e))

    def of_class(svg, tag, cls):
        return [e for e in svg.iter(NS + tag) if e.get("class") == cls]

    month_page = c.get("/t/%s/month?month=%s" % (CHEB, month)).text
    src = [u for u in chart_srcs(month_page) if "/charts/status.svg" in u]
    check(src, "the month page embeds no status chart")
    svg = chart(c, src[0])
    # One stacked bar per section of the plan (done, overdue, the rest): as the page's table.
    sections = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">",
                          month_page.split("По разделам")[1].split("</table>")[0])
    check(sections and len(of_class(svg, "rect", "bar-part")) == 3 * len(sections),
          "status chart: %d bar parts for %d sections" % (len(of_class(svg, "rect", "bar-part")),
                                                         len(sections)))
    ind_page = c.get("/t/%s/indicators?month=%s" % (CHEB, month)).text
    # One bar per indicator computed without an error (percent and counts in two charts), a
    # target mark per indicator with a target.
    drawn = 0
    for name, percent in (("indicators", True), ("indicators-count", False)):
        of_unit = [i for i in cli_ind["indicators"]
                   if (i["unit"] == "percent") == percent and not i["error"]]
        src = [u for u in chart_srcs(ind_page) if "/charts/%s.svg" % name in u]
        check(bool(src) == bool(of_unit), "indicators page: chart %s %s for %d indicators" %
              (name, "shown" if src else "missing", len(of_unit)))
        if not src:
            continue
        drawn += 1
        svg = chart(c, src[0])
        bars = of_class(svg, "rect", "bar")
        check(len(bars) == len(of_unit), "%s chart: %d bars for %d indicators" % (name, len(bars), len(of_unit)))
        titles = [b.find(NS + "title").text for b in bars]
        for i in of_unit:
            check(any(t.startswith(i["title"]) for t in titles), "%s chart lacks %s" % (name, i["title"]))
        with_target = [i for i in of_unit if i.get("target") not in (None, "")]
        check(len(of_class(svg, "line", "target")) == len(with_target),
              "%s chart: %d target marks for %d targets" % (name, len(of_class(svg, "line", "target")),
                                                           len(with_target)))
    check(drawn, "the indicators page embeds no chart")
    for u in chart_srcs(c.get("/t/%s/identification" % CHEB).text):
        chart(c, u)
    # A month without a plan: still an image, saying there is nothing to draw.
    empty = chart(c, "/t/%s/charts/status.svg?month=2001-01" % CHEB)
    check(any("нет данных" in (e.text or "") for e in empty.iter(NS + "text")),
          "a chart without data must say so")
    check(c.get("/t/%s/charts/status.svg?month=2023-13" % CHEB).status == 400, "a bad month must be 400")
    # A chart answers with its page's authorisation.
    check(c.get("/t/chelyabinsk/charts/scorecard.svg?month=" + month).status == 403,
          "metod-chebarkul must be refused the region's chart")
    check(anon.get("/t/%s/charts/status.svg" % CHEB).status == 303, "anonymous chart must go to the login")

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
    check(z.get("/t/chelyabinsk/charts/scorecard.svg?month=" + month).status == 403,
          "metod-zima must be refused Челябинская's chart")
    # The scorecard chart: one bar per municipality with a plan for the month, Чебаркуль among them.
    src = [u for u in chart_srcs(sc.text) if "/charts/scorecard.svg" in u]
    check(src, "the scorecard embeds no chart")
    svg = chart(a, src[0])
    with_plan = re.findall(r'<tr data-territory="[^"]+"><td><a [^>]*>([^<]+)</a></td><td class="num">', sc.text)
    bars = [b.find(NS + "title").text for b in of_class(svg, "rect", "bar")]
    check(len(bars) == len(with_plan) and any(t.startswith(n) for n in with_plan for t in bars),
          "scorecard chart: bars %s for municipalities %s" % (bars, with_plan))
    check(any("Чебаркул" in t for t in bars), "Чебаркуль missing from the scorecard chart")
    for u in chart_srcs(sc.text):
        chart(a, u)

    # --- the region compares this year's identification with last year's (rule-diff engine)
    year = int(month[:4])

    def identified(y, territory="chelyabinsk"):
        j = json.loads(run([opora, "--db", db, "identify", "--territory", territory,
                            "--year", str(y), "--json"]))
        out = {}
        for sch in j["schools"]:
            for code in sch["categories"]:
                out.setdefault(code, set()).add(sch["login"])
        return out

    def compared(client=a, territory="chelyabinsk"):
        # A GET without a JSON Content-Type: the year is a query parameter.
        r = client.get("/api/v1/t/%s/identification/compare?year=%d" % (territory, year))
        check(r.status == 200, "compare API: %d %s" % (r.status, r.text[:400]))
        return json.loads(r.text)

    def check_against(cmp, before, now, what):
        check(cmp["year"] == year and cmp["previous_year"] == year - 1, what + ": years")
        for code in set(before) | set(now):
            cat = next((x for x in cmp["categories"] if x["code"] == code), None)
            check(cat is not None, "%s: category %s missing" % (what, code))
            got = {k: {x["login"] for x in cat[k]} for k in ("entered", "left", "stayed")}
            b, n = before.get(code, set()), now.get(code, set())
            check(got == {"entered": n - b, "left": b - n, "stayed": b & n},
                  "%s: %s differs from identify %d/%d: %s" % (what, code, year - 1, year, got))
            for x in cat["entered"] + cat["stayed"]:
                check(x["after"], "%s: %s has no explanation for %d" % (what, x["login"], year))
            for x in cat["left"] + cat["stayed"]:
                check(x["before"], "%s: %s has no explanation for %d" % (what, x["login"], year - 1))

    now_cats, before_cats = identified(year), identified(year - 1)
    check(now_cats and before_cats, "the demo identifies no schools in %d or %d" % (year - 1, year))
    store = __import__("sqlite3").connect(db)
    saved_prev = store.execute("SELECT count(*) FROM identification_runs WHERE year = ? AND "
                               "(territory = 'chelyabinsk' OR territory = 'federal')",
                               (year - 1,)).fetchone()[0]
    cmp = compared()
    check(cmp["a"]["source"] == ("saved_run" if saved_prev else "recomputed"),
          "last year's source: %s (saved runs of %d: %d)" % (cmp["a"]["source"], year - 1, saved_prev))
    check_against(cmp, before_cats, now_cats, "compare (%s)" % cmp["a"]["source"])
    check(cmp["summary"]["entered"] == sum(len(x["entered"]) for x in cmp["categories"]), "summary")
    # Saving last year's identification from the web: a POST with CSRF, by the analyst.
    check(a.form("/t/chelyabinsk/identification/save", {"year": str(year - 1)}, csrf=False).status == 403,
          "saving without CSRF must be refused")
    r = a.form("/t/chelyabinsk/identification/save", {"year": str(year - 1)})
    check(r.status == 303, "save identification %d: %d %s" % (year - 1, r.status, r.text[:300]))
    run_id, who = store.execute("SELECT id, created_by FROM identification_runs WHERE territory = "
                                "'chelyabinsk' AND year = ? ORDER BY id DESC LIMIT 1",
                                (year - 1,)).fetchone()
    check(who == "analyst-chelyabinsk", "the saved run is attributed to %s" % who)
    cmp = compared()
    check(cmp["a"]["source"] == "saved_run" and cmp["a"]["run"] == run_id and
          ("№%d" % run_id) in cmp["a"]["label"], "compare after saving: %s" % cmp["a"])
    check_against(cmp, before_cats, now_cats, "compare (saved run)")
    # A municipality compares with a saved run of last year that covers it (its own or the
    # region's), on its own schools.
    covering = {i for (i,) in store.execute(
        "SELECT id FROM identification_runs WHERE year = ? AND territory IN (?, 'chelyabinsk', "
        "'federal')", (year - 1, CHEB))}
    cm = compared(c, CHEB)
    check(cm["a"]["source"] == "saved_run" and cm["a"]["run"] in covering,
          "the municipality's comparison does not use a run covering it: %s (runs %s)" % (cm["a"], covering))
    check_against(cm, identified(year - 1, CHEB), identified(year, CHEB), "compare (Чебаркуль)")
    check(c.get("/api/v1/t/chelyabinsk/identification/compare?year=%d" % year).status == 403,
          "metod-chebarkul must be refused the region's comparison")
    page = a.get("/t/chelyabinsk/identification?year=%d" % year).text
    check('id="compare"' in page and "Сравнение с %d годом" % (year - 1) in page and
          "запуск №%d" % run_id in page, "the identification page shows no comparison")
    for cat in cmp["categories"]:
        row = re.search(r'<tr data-category="%s">(.*?)</tr>' % re.escape(cat["code"]), page)
        check(row, "no row of %s in the comparison" % cat["code"])
        nums = re.findall(r'class="num (?:entered|left|stayed)">(\d+)<', row.group(1))
        check(nums == [str(len(cat[k])) for k in ("entered", "left", "stayed")],
              "comparison row %s: %s" % (cat["code"], nums))
    store.close()

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
