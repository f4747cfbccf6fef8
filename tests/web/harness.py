"""Shared by the web tests: a demo store with accounts, the real `opora serve` on 127.0.0.1 with a
free port, and an HTTP client that keeps the session cookie and does not follow redirects."""
import atexit
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from urllib.parse import urlencode

# Passwords of the test accounts: test-only, like the demo's.
PASSWORD = "test-пароль-123"

# The demo's accounts (auth::create_demo_accounts) the tests log in as.
ACCOUNTS = ["admin", "analyst-chelyabinsk", "metod-chebarkul", "metod-zima"]
# Passwords the demo printed, by login (filled by build_store).
DEMO_PASSWORDS = {}


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def run(cmd, input=None, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, input=input, **kw)
    if r.returncode != 0:
        fail("%s -> %d\n%s\n%s" % (" ".join(cmd), r.returncode, r.stdout[-3000:], r.stderr[-3000:]))
    return r.stdout


def build_store(opora, work, schools=300):
    """A demo store (synthetic data, the seed municipalities' plans, the demo accounts); the
    printed demo passwords are kept in DEMO_PASSWORDS, then each test account gets PASSWORD
    through `opora users passwd`."""
    db = os.path.join(work, "demo.db")
    out = run([opora, "--db", db, "demo", "--out", os.path.join(work, "demo-out"),
               "--schools", str(schools)])
    for m in re.finditer(r"^\s+(\S+)\s+(\S+)\s+—", out, re.M):
        DEMO_PASSWORDS[m.group(1)] = m.group(2)
    for login in ACCOUNTS:
        if login not in DEMO_PASSWORDS:
            fail("the demo did not print the account %s:\n%s" % (login, out[-2000:]))
        r = subprocess.run([opora, "--db", db, "users", "passwd", login, "--password-stdin"],
                           input=PASSWORD + "\n", capture_output=True, text=True)
        if r.returncode != 0:
            fail("users passwd %s: %s %s" % (login, r.stdout, r.stderr))
    return db


class Server:
    def __init__(self, opora, db, *extra, log=None):
        self.log = log or os.devnull
        self.proc = subprocess.Popen(
            [opora, "--db", db, "serve", "--listen", "127.0.0.1:0", *extra],
            stdout=subprocess.PIPE, stderr=open(self.log, "a"), text=True)
        # A failing test (fail() exits) must not leave its server running.
        atexit.register(lambda p=self.proc: p.poll() is None and p.kill())
        deadline = time.time() + 60
        self.port = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        if not self.port:
            self.proc.kill()
            fail("the server did not start; log:\n" + open(self.log).read()[-3000:])

    def stop(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop on SIGTERM within %d s" % timeout)

    def alive(self):
        return self.proc.poll() is None


class Client:
    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        c.close()
        r.body = data
        r.text = data.decode("utf-8", "replace")
        return r

    def get(self, path):
        return self.request("GET", path)

    def form(self, path, fields, csrf=True):
        f = dict(fields)
        if csrf and self.csrf:
            f.setdefault("csrf", self.csrf)
        return self.request("POST", path, urlencode(f).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def multipart(self, path, fields, files):
        boundary = "----opora" + uuid.uuid4().hex
        out = b""
        f = dict(fields)
        if self.csrf:
            f.setdefault("csrf", self.csrf)
        for k, v in f.items():
            out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                    % (boundary, k, v)).encode()
        for k, (name, content, mime) in files.items():
            out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: %s\r\n\r\n" % (boundary, k, name, mime)).encode() + content + b"\r\n"
        out += ("--%s--\r\n" % boundary).encode()
        return self.request("POST", path, out,
                            {"Content-Type": "multipart/form-data; boundary=" + boundary})

    def api(self, method, path, body=None, csrf=True):
        h = {"Content-Type": "application/json"}
        if csrf and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        r = self.request(method, path, json.dumps(body).encode() if body is not None else None, h)
        try:
            r.json = json.loads(r.text)
        except ValueError:
            r.json = None
        return r

    def login(self, login, password=PASSWORD):
        r = self.form("/login", {"login": login, "password": password, "next": "/"}, csrf=False)
        if r.status != 303:
            return r
        me = self.api("GET", "/api/v1/me")
        if me.status != 200:
            fail("after login /api/v1/me is %d" % me.status)
        self.csrf = me.json["csrf"]
        return r


def check(cond, msg):
    if not cond:
        fail(msg)
