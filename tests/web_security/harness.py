"""A real `opora serve` on 127.0.0.1 (a free port) over a fresh demo store, with test accounts,
and a small HTTP client (stdlib only) that keeps the session cookie. Shared by test_*.py.

Accounts (all created through `opora users add --password-stdin`):
  t-admin     admin           federal
  t-analyst   analyst         krasnodar         (the own region)
  t-metod     methodologist   krasnodar/sochi   (the own municipality; its plan has school rows)
  t-curator   curator         krasnodar/sochi   school OWN_SCHOOL
  t-other     methodologist   irkutsk/zima      (another region's municipality)
"""
import http.client
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

SKIP = 77
PASSWORD = "пароль-для-проверок-1"
OWN_REGION, OWN_MUNI, SIBLING, OTHER_REGION, OTHER_MUNI = (
    "krasnodar", "krasnodar/sochi", "krasnodar/tuapse", "irkutsk", "irkutsk/zima")

ACCOUNTS = [  # login, role, territory, school (curator's is filled in by the store's data)
    ("t-admin", "admin", "federal"),
    ("t-analyst", "analyst", OWN_REGION),
    ("t-metod", "methodologist", OWN_MUNI),
    ("t-curator", "curator", OWN_MUNI),
    ("t-other", "methodologist", OTHER_MUNI),
]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower(), "")

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """One browser: the session cookie it was given, nothing else."""

    def __init__(self, port):
        self.port, self.token, self.csrf = port, "", ""

    def request(self, method, path, body=None, headers=None, form=None, js=None, timeout=60):
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if js is not None:
            body = json.dumps(js).encode()
            headers.setdefault("Content-Type", "application/json")
        if self.token and "Cookie" not in headers:
            headers["Cookie"] = "opora_session=" + self.token
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            hdrs = {}
            for k, v in r.getheaders():
                k = k.lower()
                hdrs[k] = hdrs[k] + "\n" + v if k in hdrs else v
            return Response(r.status, hdrs, data)
        finally:
            conn.close()

    def login(self, login, password=PASSWORD, peer_headers=None):
        r = self.request("POST", "/login", form={"login": login, "password": password, "next": "/"},
                         headers=peer_headers)
        m = re.search(r"opora_session=([^;]*)", r.header("set-cookie"))
        if r.status in (302, 303) and m and m.group(1):
            self.token = m.group(1)
            me = self.request("GET", "/api/v1/me")
            if me.status != 200:
                fail("GET /api/v1/me after login: %d %s" % (me.status, me.text()[:300]))
            self.csrf = me.json()["csrf"]
        return r

    def post_form(self, path, fields, csrf=True):
        fields = dict(fields)
        if csrf:
            fields["csrf"] = self.csrf
        return self.request("POST", path, form=fields)

    def post_json(self, path, obj, csrf=True):
        return self.request("POST", path, js=obj, headers={"X-CSRF-Token": self.csrf} if csrf else {})


def multipart(fields, files):
    """A multipart/form-data body: fields {name: value}, files [(field, filename, type, bytes)]."""
    boundary = "----opora-test-%d" % time.time_ns()
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" %
                (boundary, k, v)).encode()
    for field, name, ctype, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, field, name, ctype)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


class Store:
    """Read-only look into the store beside the running server (WAL: never blocks it)."""

    def __init__(self, path):
        self.path = path

    def rows(self, sql, *args):
        c = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True, timeout=10)
        try:
            return c.execute(sql, args).fetchall()
        finally:
            c.close()

    def one(self, sql, *args):
        r = self.rows(sql, *args)
        return r[0][0] if r else None

    def counts(self):
        """What a refused request must leave unchanged."""
        tables = [t for (t,) in self.rows("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        wanted = ["progress", "participation", "identification_runs", "verdicts", "users",
                  "user_passwords", "attachments", "roadmaps", "activities", "occurrences",
                  "history"]
        out = {t: self.one("SELECT count(*) FROM %s" % t) for t in wanted if t in tables}
        out["disabled"] = self.one("SELECT count(*) FROM users WHERE disabled = 1")
        out["hashes"] = self.one("SELECT group_concat(hash) FROM user_passwords")
        return out


class Server:
    def __init__(self, opora, src, threads=8):
        self.opora, self.src = opora, src
        self.work = tempfile.mkdtemp(prefix="opora-websec-")
        self.db = os.path.join(self.work, "opora-demo.db")
        self.threads = threads
        self.proc = None

    def cli(self, *args, stdin=None):
        return subprocess.run([self.opora, "--db", self.db, "--scripts", self.src + "/scripts"] +
                              list(args), input=stdin, capture_output=True, text=True, timeout=300)

    def prepare(self):
        # `--help` of an unknown command prints the general help with exit 0: ask for routes.
        probe = subprocess.run([self.opora, "--db", os.path.join(self.work, "none.db"), "serve",
                                "--routes"], capture_output=True, text=True)
        if probe.returncode != 0 or not probe.stdout.lstrip().startswith("["):
            print("opora serve is not built into this opora: skipped", file=sys.stderr)
            subprocess.run(["rm", "-rf", self.work])
            sys.exit(SKIP)
        r = subprocess.run([self.opora, "--scripts", self.src + "/scripts", "demo", "--out",
                            self.work, "--schools", "50"], capture_output=True, text=True,
                           timeout=600)
        if r.returncode != 0 or not os.path.exists(self.db):
            print("demo store not built: " + r.stderr[-500:], file=sys.stderr)
            subprocess.run(["rm", "-rf", self.work])
            sys.exit(SKIP)
        self.store = Store(self.db)
        # The curator's school: a school of the own municipality with rows of its own in the plan.
        schools = self.store.rows(
            "SELECT DISTINCT s.login FROM occurrences o JOIN schools s ON s.id = o.school "
            "JOIN activities a ON a.id = o.activity JOIN roadmaps r ON r.id = a.roadmap "
            "WHERE r.territory = ? ORDER BY s.login", OWN_MUNI)
        if len(schools) < 2:
            fail("the demo plan of %s has fewer than two schools with rows" % OWN_MUNI)
        self.own_school, self.other_school = schools[0][0], schools[1][0]
        for login, role, territory in ACCOUNTS:
            args = ["users", "add", login, "--role", role, "--territory", territory,
                    "--name", "Проверка " + login, "--password-stdin"]
            if role == "curator":
                args += ["--school", self.own_school]
            r = self.cli(*args, stdin=PASSWORD + "\n")
            if r.returncode != 0:
                fail("users add %s: %s" % (login, r.stderr))

    def start(self):
        self.log = open(os.path.join(self.work, "server.log"), "w")
        self.proc = subprocess.Popen(
            [self.opora, "--db", self.db, "--scripts", self.src + "/scripts", "serve", "--listen",
             "127.0.0.1:0", "--threads", str(self.threads), "--access-log",
             os.path.join(self.work, "access.log")],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        deadline = time.time() + 60
        line = ""
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 1)
            if ready:
                line = self.proc.stdout.readline()
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if m:
                    self.port = int(m.group(1))
                    return self
            if self.proc.poll() is not None:
                break
        self.stop()
        fail("server did not start: %s %s" % (line, self.stderr()[-2000:]))

    def alive(self):
        if self.proc.poll() is not None:
            return False
        try:
            return Client(self.port).request("GET", "/login", timeout=20).status == 200
        except OSError:
            return False

    def stderr(self):
        try:
            return open(os.path.join(self.work, "server.log")).read()
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode if self.proc else None
        subprocess.run(["rm", "-rf", self.work])
        return rc

    def routes(self):
        r = self.cli("serve", "--routes")
        if r.returncode != 0:
            fail("opora serve --routes: " + r.stderr)
        return json.loads(r.stdout)


def within(territory, ancestor):
    return territory == ancestor or territory.startswith(ancestor + "/") or ancestor == "federal"


def expected(account, action, territory, school, school_territory):
    """The access rules (host/auth/access.hpp), restated independently of the server."""
    login, role, home = account[0], account[1], account[2]
    if action == "administer":
        return role == "admin"
    target = territory
    if school:
        st = school_territory.get(school)
        if st is None or (territory and not within(st, territory)):
            return False
        target = st
    if not target:
        return False
    if role == "admin":
        return True
    if role in ("analyst", "methodologist"):
        return within(target, home)
    if role == "curator":
        if action == "read":
            return within(target, home)
        return bool(school) and school == account[3] and within(target, home)
    return False
