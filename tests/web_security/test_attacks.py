"""Attacks on a real `opora serve` (issue 11, "Tests that must exist"), each named:
  xss_*        HTML/JS payloads in every text field come back escaped in pages and reports,
               downloads are attachments, never inline HTML;
  csrf_*       a state-changing request without, with a wrong, or with another session's CSRF
               token is refused and changes nothing;
  fixation     the session token changes at login; a planted token is worth nothing; logout ends it;
  cookie       the session cookie is HttpOnly and SameSite=Strict and expires;
  traversal    ../ in asset and file paths, and in an uploaded file's name, reach no file;
  oversized    an upload over the limit is refused and nothing is written;
  headers      huge headers and malformed requests are refused and the server lives on;
  slow_body    clients trickling a body are cut off and the server keeps serving others;
  brute_force  repeated wrong passwords lock the login out, even for the right password.
Usage: test_attacks.py OPORA SRC"""
import os
import re
import socket
import sys
import time
import zipfile
import io

from harness import OWN_MUNI, OWN_REGION, PASSWORD, Client, Server, fail, multipart

opora, src = sys.argv[1], sys.argv[2]
srv = Server(opora, src)
srv.prepare()
store = srv.store
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def other_digit(token):
    """The token with its last hex digit replaced by a different one."""
    return token[:-1] + ("1" if token.endswith("0") else "0")


PAYLOAD = "<script>alert('opora-xss')</script><img src=x onerror=alert(1)>\"'&amp;"
RAW_MARKERS = ["<script>alert('opora-xss')", "<img src=x onerror"]

srv.start()
try:
    metod = Client(srv.port)
    check(metod.login("t-metod").status in (302, 303), "methodologist login")
    admin = Client(srv.port)
    check(admin.login("t-admin").status in (302, 303), "admin login")
    year = store.one("SELECT year FROM roadmaps WHERE territory = ?", OWN_MUNI)
    occ = store.rows(
        "SELECT o.id, a.id, coalesce(nullif(o.due_end, ''), nullif(o.due_start, '')) FROM "
        "occurrences o JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
        "WHERE r.territory = ? AND o.school IS NULL ORDER BY o.id LIMIT 6", OWN_MUNI)
    if len(occ) < 6:
        fail("the demo plan has too few occurrences")
    day = lambda i: occ[i][2] or "%d-06-15" % year

    # --- xss: every text field of every write form, then every page and report showing them.
    r = metod.post_json("/api/v1/progress", {"occurrence": occ[0][0], "status": "done",
                                             "date": day(0), "evidence": PAYLOAD, "note": PAYLOAD})
    check(r.status == 201, "xss: progress with the payload refused: %d %s" % (r.status, r.text()[:300]))
    body, ctype = multipart({"csrf": metod.csrf, "occurrence": occ[1][0], "status": "done",
                             "date": day(1), "evidence": PAYLOAD + "-form", "note": PAYLOAD},
                            [("file", PAYLOAD + ".html", "text/html",
                              b"<html><script>alert('opora-xss')</script></html>")])
    r = metod.request("POST", "/progress", body=body, headers={"Content-Type": ctype})
    check(r.status in (302, 303), "xss: form progress with a file refused: %d %s" % (r.status, r.text()[:300]))
    r = metod.post_form("/participation", {"activity": occ[2][1], "person": PAYLOAD,
                                            "role": PAYLOAD, "date": day(2)})
    check(r.status in (302, 303), "xss: participation refused: %d %s" % (r.status, r.text()[:300]))
    r = admin.post_form("/admin/accounts", {"login": "xss-user", "name": PAYLOAD,
                                            "role": "methodologist", "territory": OWN_MUNI,
                                            "school": "", "password": PASSWORD})
    check(r.status in (302, 303), "xss: account with the payload name refused: %d %s" % (r.status, r.text()[:300]))
    # Reflected: the login form echoes the login; the next parameter is a path of this server.
    r = Client(srv.port).request("POST", "/login", form={"login": PAYLOAD, "password": "x" * 12,
                                                         "next": "/\"><script>alert(1)</script>"})
    check(not any(m in r.text() for m in RAW_MARKERS + ["\"><script>alert(1)"]),
          "xss: the login page reflects the payload unescaped")
    r = Client(srv.port).request("GET", "/login?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    check("\"><script>alert(1)" not in r.text(), "xss: /login?next= reflected unescaped")
    r = Client(srv.port).request("POST", "/login", form={"login": "t-metod", "password": PASSWORD,
                                                         "next": "//evil.example/"})
    check(r.header("location") in ("/", ""), "open redirect after login: %s" % r.header("location"))

    seen_escaped = False
    month = "%d-10" % year
    pages = ["/t/%s/month?month=%s" % (OWN_MUNI, month), "/activity/%d" % occ[0][1],
             "/activity/%d" % occ[1][1], "/activity/%d" % occ[2][1],
             "/t/%s/history?year=%d" % (OWN_MUNI, year),
             "/api/v1/t/%s/history?year=%d" % (OWN_MUNI, year), "/api/v1/activity/%d" % occ[0][1]]
    for p in pages:
        r = metod.request("GET", p)
        check(r.status == 200, "xss: GET %s: %d" % (p, r.status))
        t = r.text()
        for m in RAW_MARKERS:
            check(m not in t or "application/json" in r.header("content-type"),
                  "xss: %s shows «%s» unescaped" % (p, m))
        if "&lt;script&gt;alert(" in t or "&lt;script&gt;alert(&#39;" in t or "&lt;script" in t:
            seen_escaped = True
        if p.startswith("/api/"):
            check(r.header("content-type").startswith("application/json"),
                  "xss: %s is not served as JSON: %s" % (p, r.header("content-type")))
        check(r.header("x-content-type-options") == "nosniff", "no nosniff on %s" % p)
        csp = r.header("content-security-policy")
        check("script-src" in csp or "default-src 'none'" in csp, "no CSP on %s" % p)
    check(seen_escaped, "xss: the payload was never shown (escaped) on the pages")
    r = admin.request("GET", "/admin/accounts")
    check(r.status == 200 and not any(m in r.text() for m in RAW_MARKERS) and "&lt;script" in r.text(),
          "xss: the accounts page shows the name unescaped (or not at all)")

    for fmt in ("html", "md", "json", "xlsx"):
        for p in ("/t/%s/report?month=%s&format=%s" % (OWN_MUNI, month, fmt),
                  "/api/v1/t/%s/report?month=%s&format=%s" % (OWN_MUNI, month, fmt)):
            r = metod.request("GET", p)
            if not check(r.status == 200, "report %s: %d %s" % (p, r.status, r.text()[:200])):
                continue
            ct = r.header("content-type")
            if fmt == "html":
                check(not any(m in r.text() for m in RAW_MARKERS),
                      "xss: the HTML report %s shows the payload unescaped" % p)
            else:
                check("text/html" not in ct, "report %s served as HTML (%s)" % (p, ct))
            if fmt == "xlsx":
                z = zipfile.ZipFile(io.BytesIO(r.body))
                xml = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                               if n.endswith(".xml"))
                check(not any(m in xml for m in RAW_MARKERS), "xss: raw markup in the XLSX XML")
    # Charts (SVG images): text from the store — a municipality's name, a plan's section and
    # activity titles — set to the payload, every chart route of the municipality and its region
    # must come back as well-formed SVG with the payload escaped (never raw markup).
    import sqlite3
    import xml.etree.ElementTree as ET
    c = sqlite3.connect(srv.db, timeout=10)
    own_name = c.execute("SELECT name FROM territories WHERE id = ?", (OWN_MUNI,)).fetchone()[0]
    c.execute("UPDATE territories SET name = ? WHERE id = ?", (PAYLOAD, OWN_MUNI))
    c.execute("UPDATE activities SET section = ?, title = ? WHERE roadmap IN "
              "(SELECT id FROM roadmaps WHERE territory = ?)", (PAYLOAD + "-section", PAYLOAD, OWN_MUNI))
    c.commit()
    c.close()
    chart_routes = [r["path"] for r in srv.routes() if "/charts/" in r["path"]]
    check(len(chart_routes) >= 4, "only %d chart routes" % len(chart_routes))
    shown = False
    for pattern in chart_routes:
        for t in (OWN_MUNI, OWN_REGION):
            p = pattern.replace("{territory}", t) + "?month=" + month
            r = admin.request("GET", p)
            if not check(r.status == 200 and r.header("content-type") == "image/svg+xml",
                         "chart %s: %d %s" % (p, r.status, r.header("content-type"))):
                continue
            check(not any(m in r.text() for m in RAW_MARKERS), "xss: the chart %s shows the payload raw" % p)
            try:
                svg = ET.fromstring(r.body)
            except ET.ParseError as e:
                check(False, "xss: the chart %s is not well-formed with the payload: %s" % (p, e))
                continue
            if any(PAYLOAD in (e.text or "") for e in svg.iter()):
                shown = True
    check(shown, "xss: no chart showed the payload text (escaped) at all")
    c = sqlite3.connect(srv.db, timeout=10)
    c.execute("UPDATE territories SET name = ? WHERE id = ?", (own_name, OWN_MUNI))
    c.commit()
    c.close()

    # The uploaded .html file comes back as a download, never rendered.
    fid = store.one("SELECT max(id) FROM attachments")
    if check(fid, "upload: no attachment stored"):
        r = metod.request("GET", "/files/%d" % fid)
        check(r.status == 200, "GET /files/%d: %d" % (fid, r.status))
        check(r.header("content-disposition").startswith("attachment"),
              "an uploaded file is served inline: %s" % r.header("content-disposition"))
        check("<" not in r.header("content-disposition") and "\"" not in
              r.header("content-disposition").split("filename=\"", 1)[-1].rstrip("\"").split("\";")[0],
              "the file name goes into Content-Disposition unescaped")
        check("text/html" not in r.header("content-type") or
              r.header("content-disposition").startswith("attachment"), "upload served as HTML")

    # --- csrf: without, wrong, another session's token; form and API; nothing written.
    other = Client(srv.port)
    check(other.login("t-analyst").status in (302, 303), "analyst login")
    before = store.counts()
    tries = [("API without token", lambda: metod.request(
                 "POST", "/api/v1/progress", js={"occurrence": occ[3][0], "date": day(3)})),
             ("API wrong token", lambda: metod.request(
                 "POST", "/api/v1/progress", js={"occurrence": occ[3][0], "date": day(3)},
                 headers={"X-CSRF-Token": "0" * 64})),
             ("API another session's token", lambda: metod.request(
                 "POST", "/api/v1/progress", js={"occurrence": occ[3][0], "date": day(3)},
                 headers={"X-CSRF-Token": other.csrf})),
             ("form without token", lambda: metod.request(
                 "POST", "/progress", form={"occurrence": occ[3][0], "date": day(3)})),
             ("form empty token", lambda: metod.request(
                 "POST", "/progress", form={"occurrence": occ[3][0], "date": day(3), "csrf": ""})),
             # The last digit is changed, never kept: a token ending in "0" once made this
             # "wrong" token the right one (1 run in 16 failed).
             ("form wrong token", lambda: metod.post_form(
                 "/progress", {"occurrence": occ[3][0], "date": day(3), "csrf": other_digit(metod.csrf)},
                 csrf=False)),
             ("account without token", lambda: admin.request(
                 "POST", "/admin/accounts", form={"login": "csrf-user", "role": "admin",
                                                  "territory": "federal", "password": PASSWORD})),
             ("logout without token", lambda: metod.request("POST", "/logout"))]
    for name, send in tries:
        r = send()
        check(r.status == 403, "csrf: %s answered %d" % (name, r.status))
    check(store.counts() == before, "csrf: a refused request changed the store")
    check(metod.request("GET", "/api/v1/me").status == 200, "csrf: the refused logout ended the session")

    # --- cookie and fixation.
    planted = "ab" * 32
    victim = Client(srv.port)
    victim.token = planted
    r = victim.request("POST", "/login", form={"login": "t-curator", "password": PASSWORD, "next": "/"})
    cookie = r.header("set-cookie")
    m = re.search(r"opora_session=([0-9a-f]+)", cookie)
    check(m and m.group(1) != planted, "fixation: the planted token was kept at login")
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
        check(attr in cookie, "cookie: no %s in %s" % (attr, cookie))
    check("Max-Age=" in cookie or "Expires=" in cookie, "cookie: no expiry in " + cookie)
    check(Client(srv.port).request("GET", "/api/v1/me",
                                   headers={"Cookie": "opora_session=" + planted}).status == 401,
          "fixation: the planted token is a session")
    if m:
        first = m.group(1)
        second = Client(srv.port)
        second.login("t-curator")
        check(second.token and second.token != first, "fixation: two logins share a token")
        victim.token = first
        me = victim.request("GET", "/api/v1/me")
        check(me.status == 200, "the new session does not work")
        victim.csrf = me.json().get("csrf", "")
        victim.post_form("/logout", {})
        check(victim.request("GET", "/api/v1/me").status == 401, "logout: the token still works")

    # --- traversal: assets, files, upload names.
    for p in ("/assets/../../../../etc/passwd", "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd", "/assets/....//....//etc/passwd",
              "/files/..%2f..%2f..%2fetc%2fpasswd", "/files/1/../../../etc/passwd",
              "/t/..%2f..%2fetc/month", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%00../../etc/passwd"):
        r = metod.request("GET", p)
        check("root:x:0:0" not in r.text() and r.status != 200,
              "traversal: GET %s answered %d" % (p, r.status))
    marker = "opora-traversal-%d" % os.getpid()
    names = ["../../../../../../tmp/%s" % marker, "/tmp/%s" % marker, "..\\..\\%s" % marker]
    for i, name in enumerate(names):
        body, ctype = multipart({"csrf": metod.csrf, "occurrence": occ[3][0], "status": "done",
                                 "date": day(3), "evidence": "traversal-%d" % i},
                                [("file", name, "text/plain", b"x")])
        metod.request("POST", "/progress", body=body, headers={"Content-Type": ctype})
    for d in ("/tmp", srv.work, os.path.dirname(srv.work), os.getcwd()):
        check(not os.path.exists(os.path.join(d, marker)),
              "traversal: an upload name wrote %s" % os.path.join(d, marker))

    # --- oversized: a file over the limit (10 MiB) and a body over the limit (12 MiB).
    before = store.counts()
    big = b"x" * (10 * 1024 * 1024 + 1)
    body, ctype = multipart({"csrf": metod.csrf, "occurrence": occ[4][0], "status": "done",
                             "date": day(4), "evidence": "too-big"}, [("file", "big.bin",
                                                                       "application/octet-stream",
                                                                       big)])
    try:
        r = metod.request("POST", "/progress", body=body, headers={"Content-Type": ctype})
        check(r.status == 413, "oversized: an 10 MiB + 1 upload answered %d" % r.status)
    except OSError:
        pass  # the server may close the connection on it: the store check decides
    try:
        r = metod.request("POST", "/progress", body=b"a=" + b"x" * (13 * 1024 * 1024),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        check(r.status in (400, 413), "oversized: a 13 MiB body answered %d" % r.status)
    except OSError:
        pass
    check(store.counts() == before, "oversized: something was written")
    check(srv.alive(), "oversized: the server died")

    # --- headers and malformed requests.
    def raw(data, read=True, timeout=15):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
        try:
            s.sendall(data)
            if not read:
                return b""
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if b"\r\n\r\n" in out and len(out) > 12:
                    break
            return out
        except OSError:
            return b""
        finally:
            s.close()
    many = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"y" * 1000) for i in range(100))
    answers = {
        "100 headers of 1 KB": raw(b"GET /login HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n"),
        "one 100 KB header": raw(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Big: " + b"z" * 100000 + b"\r\n\r\n"),
        "a 100 KB URL": raw(b"GET /login?" + b"q" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        "garbage": raw(b"\x00\x01\x02 not http at all\r\n\r\n"),
        "bad content-length": raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"),
        "huge content-length": raw(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: "
                                   b"99999999999999\r\n\r\nlogin=a"),
    }
    for name, answer in answers.items():
        status = answer.split(b" ", 2)[1] if answer.startswith(b"HTTP/1.") else b"closed"
        check(not answer.startswith(b"HTTP/1.1 200") and not answer.startswith(b"HTTP/1.1 5"),
              "headers: %s answered %s" % (name, status.decode()))
    check(srv.alive(), "headers: the server died")

    # --- slow_body: clients that send a body one byte a second are cut off by the read timeout
    # (10 s) while others are served; bounded to 8 clients and 25 s.
    slow = []
    for i in range(8):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                  b"urlencoded\r\nContent-Length: 100000\r\n\r\nl")
        slow.append(s)
    t0 = time.time()
    served_meanwhile = False
    closed = set()
    while time.time() - t0 < 25 and len(closed) < len(slow):
        for i, s in enumerate(slow):
            if i in closed:
                continue
            try:
                s.sendall(b"o")
            except OSError:
                closed.add(i)
        if not served_meanwhile and time.time() - t0 > 2:
            try:
                served_meanwhile = Client(srv.port).request("GET", "/login", timeout=20).status == 200
            except OSError:
                pass
        time.sleep(1)
    for s in slow:
        s.close()
    check(served_meanwhile, "slow_body: no other request was served while slow clients trickled")
    check(len(closed) == len(slow), "slow_body: %d of %d slow clients still connected after 25 s" %
          (len(slow) - len(closed), len(slow)))
    check(srv.alive(), "slow_body: the server died")

    # --- brute_force, last (it locks this peer's login out): 5 wrong passwords lock the login.
    bf = Client(srv.port)
    statuses = [bf.login("t-other", "неверный-пароль-%d" % i).status for i in range(6)]
    check(statuses[:5] == [401] * 5, "brute_force: wrong passwords answered %s" % statuses)
    check(statuses[5] == 429, "brute_force: the 6th attempt answered %d, not 429" % statuses[5])
    r = bf.login("t-other", PASSWORD)
    check(r.status == 429 and not bf.token, "brute_force: the right password during the lock-out: %d" % r.status)
    check(r.header("retry-after").isdigit(), "brute_force: no Retry-After")
    check(srv.alive(), "brute_force: the server died")
finally:
    rc = srv.stop()

check(rc == 0, "the server did not stop cleanly on SIGTERM (exit %s)" % rc)
if failures:
    print("\n".join("FAIL: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
print("OK")
