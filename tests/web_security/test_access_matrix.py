"""The access matrix through real HTTP (issue 11, "Tests that must exist"): every route of
`opora serve --routes` × every role × own / other / parent territories and schools. A request the
rules refuse must answer 403 and change nothing in the store; no answer may carry a school of a
municipality the user may not read; unauthenticated requests and a disabled account are refused.
A new route is covered automatically; a route whose target kind this test does not know fails it.
Usage: test_access_matrix.py OPORA SRC"""
import re
import sys
import time
import zipfile
import io

from harness import (ACCOUNTS, OTHER_MUNI, OTHER_REGION, OWN_MUNI, OWN_REGION, SIBLING, Client,
                     Server, expected, fail, within)

opora, src = sys.argv[1], sys.argv[2]
srv = Server(opora, src)
srv.prepare()
store = srv.store
school_territory = dict(store.rows("SELECT login, territory FROM schools"))
accounts = [(l, r, t, srv.own_school if r == "curator" else "") for l, r, t in ACCOUNTS]


def plan_facts(territory):
    year = store.one("SELECT year FROM roadmaps WHERE territory = ?", territory)
    occ = lambda cond, *a: store.one(
        "SELECT o.id FROM occurrences o JOIN activities a ON a.id = o.activity "
        "JOIN roadmaps r ON r.id = a.roadmap LEFT JOIN schools s ON s.id = o.school "
        "WHERE r.territory = ? AND " + cond + " ORDER BY o.id LIMIT 1", territory, *a)
    return {
        "year": year,
        "activity": store.one("SELECT a.id FROM activities a JOIN roadmaps r ON r.id = a.roadmap "
                              "WHERE r.territory = ? ORDER BY a.id LIMIT 1", territory),
        "occ_territory": occ("o.school IS NULL"),
        "occ_school": lambda login: occ("s.login = ?", login),
        "any_school": store.one(
            "SELECT s.login FROM occurrences o JOIN schools s ON s.id = o.school "
            "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
            "WHERE r.territory = ? ORDER BY s.login LIMIT 1", territory),
    }


own, other = plan_facts(OWN_MUNI), plan_facts(OTHER_MUNI)
if not (own["occ_territory"] and other["occ_territory"] and other["any_school"]):
    fail("the demo plans lack the rows this test needs")
identify_year = store.one("SELECT year FROM identification_runs WHERE territory = ?", OWN_MUNI)
sibling_school = store.one("SELECT login FROM schools WHERE territory = ? ORDER BY login", SIBLING)

srv.start()
failures = []
started = time.time()
try:
    admin = Client(srv.port)
    if admin.login("t-admin").status not in (302, 303):
        fail("admin login refused")
    serial = [0]

    def record(occurrence, date):
        serial[0] += 1
        r = admin.post_json("/api/v1/progress", {"occurrence": occurrence, "status": "done",
                                                 "date": date, "evidence": "setup-%d" % serial[0]})
        if r.status != 201:
            fail("setup: progress on occurrence %s: %d %s" % (occurrence, r.status, r.text()[:400]))
        return r.json()["id"]

    def date_of(facts, occurrence):
        d = store.one("SELECT coalesce(nullif(due_end, ''), nullif(due_start, '')) FROM "
                      "occurrences WHERE id = ?", occurrence)
        return d or "%d-06-15" % facts["year"]

    # Rows and files in each place a row target can point to, made by the admin (allowed).
    occ_own_school = own["occ_school"](srv.own_school)
    occ_other_school = own["occ_school"](srv.other_school)
    occ_far = other["occ_school"](other["any_school"])
    rows = {
        "own-territory": (record(own["occ_territory"], date_of(own, own["occ_territory"])),
                          OWN_MUNI, ""),
        "own-school": (record(occ_own_school, date_of(own, occ_own_school)), OWN_MUNI,
                       srv.own_school),
        "other-school": (record(occ_other_school, date_of(own, occ_other_school)), OWN_MUNI,
                         srv.other_school),
        "other-territory": (record(other["occ_territory"], date_of(other, other["occ_territory"])),
                            OTHER_MUNI, ""),
    }
    # Attachments: inserted beside the rows (the upload path itself is in test_attacks.py).
    files = {}
    if "attachments" in [t for (t,) in store.rows("SELECT name FROM sqlite_schema")]:
        import sqlite3
        c = sqlite3.connect(srv.db, timeout=10)
        for key in ("own-school", "other-territory"):
            row, t, s = rows[key]
            c.execute("INSERT INTO attachments(progress, name, mime, size, content, who, recorded_at)"
                      " VALUES (?, 'f.txt', 'text/plain', 4, X'74657374', 't-admin', '2020-01-01')",
                      (row,))
            files[key] = (c.execute("SELECT last_insert_rowid()").fetchone()[0], t, s)
        c.commit()
        c.close()

    # Participation rows (for routes that retract one), inserted beside the rows like the files.
    parts = {}
    if "participation" in [t for (t,) in store.rows("SELECT name FROM sqlite_schema")]:
        import sqlite3
        c = sqlite3.connect(srv.db, timeout=10)
        for key, activity, school, t in (
                ("own-territory", own["activity"], "", OWN_MUNI),
                ("own-school", own["activity"], srv.own_school, OWN_MUNI),
                ("other-school", own["activity"], srv.other_school, OWN_MUNI),
                ("other-territory", other["activity"], "", OTHER_MUNI)):
            sid = c.execute("SELECT id FROM schools WHERE login = ?", (school,)).fetchone() if school else None
            c.execute("INSERT INTO participation(activity, school, person, role, date, who, recorded_at)"
                      " VALUES (?, ?, 'Проверка', 'teacher', '2020-01-01', 't-admin', '2020-01-01')",
                      (activity, sid[0] if sid else None))
            parts[key] = (c.execute("SELECT last_insert_rowid()").fetchone()[0], t, school)
        c.commit()
        c.close()

    # Every kind of target the route table may name, with the places to try. A target is
    # (label, substitutions for the path, fields, territory, school) — territory and school are
    # what the rules judge.
    def targets(kind):
        if kind == "none":
            return [("none", {}, {}, None, "")]
        if kind == "global":
            return [("global", {}, {}, "federal", "")]
        if kind == "path":
            out = [(t, {"territory": t}, {}, t, "") for t in
                   (OWN_MUNI, SIBLING, OWN_REGION, OTHER_MUNI, OTHER_REGION, "federal")]
            # A school of a sibling municipality named on the own municipality's page: the
            # answer may not show it (judged by the content check below, not by the status).
            out.append(("own+sibling-school", {"territory": OWN_MUNI},
                        {"school": sibling_school}, OWN_MUNI, ""))
            return out
        if kind == "activity":
            return [("own", {"id": own["activity"]}, {}, OWN_MUNI, ""),
                    ("other", {"id": other["activity"]}, {}, OTHER_MUNI, "")]
        if kind == "occurrence":
            return [("own-territory", {}, {"occurrence": own["occ_territory"]}, OWN_MUNI, ""),
                    ("own-school", {}, {"occurrence": occ_own_school}, OWN_MUNI, srv.own_school),
                    ("other-school", {}, {"occurrence": occ_other_school}, OWN_MUNI,
                     srv.other_school),
                    ("other-territory", {}, {"occurrence": other["occ_territory"]}, OTHER_MUNI, ""),
                    ("other-territory-school", {}, {"occurrence": occ_far}, OTHER_MUNI,
                     other["any_school"])]
        if kind == "activity_field":
            return [("own+own-school", {}, {"activity": own["activity"], "school": srv.own_school},
                     OWN_MUNI, srv.own_school),
                    ("own+other-school", {}, {"activity": own["activity"],
                                              "school": srv.other_school}, OWN_MUNI,
                     srv.other_school),
                    ("own+no-school", {}, {"activity": own["activity"]}, OWN_MUNI, ""),
                    ("own+sibling-school", {}, {"activity": own["activity"],
                                                "school": sibling_school}, OWN_MUNI,
                     sibling_school),
                    ("other", {}, {"activity": other["activity"], "school": other["any_school"]},
                     OTHER_MUNI, other["any_school"])]
        if kind == "row":
            return [(k, {"row": v[0]}, {}, v[1], v[2]) for k, v in rows.items()]
        if kind == "participation":
            return [(k, {"id": v[0]}, {}, v[1], v[2]) for k, v in parts.items()]
        if kind == "attachment":
            if not files:
                fail("a route serves attachments but the store has no attachments table")
            return [(k, {"id": v[0]}, {}, v[1], v[2]) for k, v in files.items()]
        fail("route target kind «%s» is unknown to this test: add its targets" % kind)

    def path_of(pattern, subs):
        def sub(m):
            name = m.group(1)
            if name not in subs:
                fail("route %s: no value for {%s}" % (pattern, name))
            return str(subs[name])
        return re.sub(r"\{([a-z_]+)\}", sub, pattern)

    forbidden_cache = {}

    def forbidden_schools(account):
        """Logins of schools whose municipality the account may not read."""
        key = account[0]
        if key not in forbidden_cache:
            forbidden_cache[key] = {s for s, t in school_territory.items()
                                    if not expected(account, "read", t, "", school_territory)}
        return forbidden_cache[key]

    def body_text(r):
        if r.body[:2] == b"PK":  # XLSX: the sheets' XML
            try:
                z = zipfile.ZipFile(io.BytesIO(r.body))
                return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                if n.endswith(".xml"))
            except zipfile.BadZipFile:
                return ""
        return r.text()

    def leaked(account, r):
        found = set(re.findall(r"sch\d{6}", body_text(r)))
        return sorted(found & forbidden_schools(account))

    def send(client, route, subs, fields, csrf=True):
        path = path_of(route["path"], subs)
        if route["method"] == "GET":
            query = dict(fields)
            query.setdefault("year", str(identify_year or own["year"]))
            query.setdefault("month", "%d-10" % own["year"])
            import urllib.parse
            return client.request("GET", path + "?" + urllib.parse.urlencode(query))
        body = dict(fields)
        serial[0] += 1
        body.update({"status": "done", "evidence": "matrix-%d" % serial[0], "note": "x",
                     "person": "Проверка", "role": "teacher"})
        if route["kind"] == "api":
            for k in ("occurrence", "activity"):
                if k in body:
                    body[k] = int(body[k])
            return client.post_json(path, body, csrf=csrf)
        return client.post_form(path, body, csrf=csrf)

    routes = srv.routes()
    protected = [r for r in routes if r.get("action")]
    # The pages' chart images and the comparison with last year are routes like any other.
    if sum("/charts/" in r["path"] for r in protected) < 7 or not any(
            r["path"].endswith("/identification/compare") for r in protected):
        fail("the chart routes or the comparison route are missing from the route table")
    if len(protected) < 10:
        fail("the route table has only %d protected routes" % len(protected))
    # Routes that end a session or change accounts are tried last (and the logout on its own).
    skip_in_matrix = {("POST", "/logout")}

    clients = {}
    for acc in accounts:
        c = Client(srv.port)
        if c.login(acc[0]).status not in (302, 303):
            fail("login of %s refused" % acc[0])
        clients[acc[0]] = c

    # Every write through HTTP is attributed to the session's account (checked after the matrix).
    marks = {t: store.one("SELECT coalesce(max(id), 0) FROM %s" % t)
             for t in ("progress", "participation", "identification_runs")}
    tried = 0
    for route in protected:
        if (route["method"], route["path"]) in skip_in_matrix:
            continue
        for label, subs, fields, territory, school in targets(route["target"]):
            for acc in accounts:
                client = clients[acc[0]]
                if route["target"] == "none":
                    want = True
                else:
                    want = expected(acc, route["action"], territory, school, school_territory)
                before = store.counts()
                r = send(client, route, subs, fields)
                tried += 1
                what = "%s %s [%s] as %s (%s): %d" % (route["method"], route["path"], label,
                                                      acc[0], "allowed" if want else "refused",
                                                      r.status)
                # The sibling school on the own page is judged by what the answer shows only.
                content_only = label == "own+sibling-school" and route["target"] == "path"
                if content_only:
                    pass
                elif want and r.status in (401, 403):
                    failures.append(what + " — refused though allowed: " + r.text()[:200])
                if not want and not content_only:
                    if r.status != 403:
                        failures.append(what + " — expected 403: " + r.text()[:200])
                    after = store.counts()
                    if after != before:
                        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                        failures.append(what + " — the store changed: %s" % changed)
                # A chart (an <img> of a page) is an SVG image when granted, like its page.
                if want and "/charts/" in route["path"] and not content_only and (
                        r.status != 200 or r.header("content-type") != "image/svg+xml"):
                    failures.append(what + " — a chart answered %s" % r.header("content-type"))
                if r.status == 200 and acc[1] != "admin":
                    bad = leaked(acc, r)
                    if bad:
                        failures.append(what + " — shows schools the user may not read: %s" %
                                        ", ".join(bad[:5]))
                if r.status >= 500:
                    print("note: " + what + " " + r.text()[:200], file=sys.stderr)

    logins = tuple(a[0] for a in accounts)
    for table, column in (("progress", "who"), ("participation", "who"),
                          ("identification_runs", "created_by")):
        rows_after = store.rows("SELECT %s FROM %s WHERE id > ?" % (column, table), marks[table])
        if not rows_after and table != "participation":
            failures.append("no %s row was written through HTTP by the allowed requests" % table)
        bad = sorted({w for (w,) in rows_after if w not in logins})
        if bad:
            failures.append("%s written through HTTP without the session's login as %s: %s" %
                            (table, column, bad[:5]))

    # Parameter confusion: the query names an own occurrence, the JSON body another region's.
    for route in protected:
        if route["target"] != "occurrence" or route["method"] != "POST":
            continue
        c = clients["t-metod"]
        before = store.counts()
        path = route["path"] + "?occurrence=%d" % own["occ_territory"]
        serial[0] += 1
        body = {"occurrence": other["occ_territory"], "status": "done",
                "evidence": "confused-%d" % serial[0], "csrf": c.csrf}
        if route["kind"] == "api":
            r = c.request("POST", path, js=body, headers={"X-CSRF-Token": c.csrf})
        else:
            r = c.post_form(path, body)
        far = store.one("SELECT count(*) FROM progress WHERE occurrence = ? AND evidence = ?",
                        other["occ_territory"], body["evidence"])
        if far:
            failures.append("%s: query occurrence=own, body occurrence=other region → written "
                            "into %s (%d)" % (route["path"], OTHER_MUNI, r.status))

    # Unauthenticated: every protected route refused (401, or a redirect to the login page).
    anon = Client(srv.port)
    for route in protected:
        label, subs, fields, territory, school = targets(route["target"])[0]
        before = store.counts()
        r = send(anon, route, subs, fields, csrf=False)
        ok = r.status == 401 or (r.status in (302, 303) and r.header("location").startswith("/login"))
        if not ok or store.counts() != before:
            failures.append("%s %s without a session: %d %s" % (route["method"], route["path"],
                                                                r.status, r.text()[:200]))
    # A made-up session token is no session.
    fake = Client(srv.port)
    fake.token = "0" * 64
    r = fake.request("GET", "/api/v1/me")
    if r.status != 401:
        failures.append("GET /api/v1/me with a made-up token: %d" % r.status)

    # A disabled account: its open session and a new login are refused.
    victim = clients["t-metod"]
    r = srv.cli("users", "disable", "t-metod")
    if r.returncode != 0:
        fail("users disable: " + r.stderr)
    for route in protected:
        label, subs, fields, territory, school = targets(route["target"])[0]
        before = store.counts()
        r = send(victim, route, subs, fields)
        ok = r.status == 401 or (r.status in (302, 303) and r.header("location").startswith("/login"))
        if not ok or store.counts() != before:
            failures.append("%s %s by a disabled account's session: %d" % (route["method"],
                                                                           route["path"], r.status))
    again = Client(srv.port)
    r = again.login("t-metod")
    if r.status in (302, 303) or again.token:
        failures.append("a disabled account logged in: %d" % r.status)

    if not srv.alive():
        failures.append("the server is not alive after the matrix")
    print("requests in the matrix: %d, routes: %d, %.1f s" % (tried, len(protected),
                                                              time.time() - started))
finally:
    log = srv.stderr()
    rc = srv.stop()

if rc != 0:
    failures.append("the server did not stop cleanly on SIGTERM (exit %s)" % rc)
if failures:
    print("\n".join("FAIL: " + f for f in failures[:60]), file=sys.stderr)
    print("(%d failures)" % len(failures), file=sys.stderr)
    sys.exit(1)
print("OK")
