#!/usr/bin/env python3
"""A loopback HTTP server with basic auth in front of git http-backend,
for the git sync tests.

    git-http-server.py ROOT TOKEN LOG [STALL]

Serves the repositories under ROOT on 127.0.0.1 (a free port, printed as
"PORT n" on the first line of stdout).  Every request must carry basic
auth whose password is TOKEN (any user name); each request is logged to
LOG as one line: "METHOD PATH STATUS AUTHORIZATION-PRESENT".  When the
file STALL exists, a fetch (POST git-upload-pack) gets its headers and a
few bytes, "STALLED" is printed, and the answer never ends: for a test
that kills the client mid-fetch.
"""
import base64
import http.server
import os
import subprocess
import sys
import threading
import time

ROOT, TOKEN, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
STALL = sys.argv[4] if len(sys.argv) > 4 else None
LOCK = threading.Lock()


def log(line):
    with LOCK:
        with open(LOG, "a") as f:
            f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def authorized(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except Exception:
            return False
        return password == TOKEN

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def handle_any(self, method):
        body = self.read_body() if method == "POST" else b""
        has_auth = "Authorization" in self.headers
        if not self.authorized():
            log(f"{method} {self.path} 401 {int(has_auth)}")
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        env = dict(os.environ, GIT_PROJECT_ROOT=ROOT, GIT_HTTP_EXPORT_ALL="1", REMOTE_USER="writer",
                   REMOTE_ADDR="127.0.0.1", REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query,
                   CONTENT_TYPE=self.headers.get("Content-Type", ""), CONTENT_LENGTH=str(len(body)),
                   GATEWAY_INTERFACE="CGI/1.1")
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.split(b"\r\n"):
            name, _, value = line.decode().partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        log(f"{method} {self.path} {status} {int(has_auth)}")
        stall = STALL and os.path.exists(STALL) and method == "POST" and path.endswith("git-upload-pack")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if stall:
            self.wfile.write(payload[: min(len(payload) // 2, 64)])
            self.wfile.flush()
            print("STALLED", flush=True)
            while True:
                time.sleep(3600)
        self.wfile.write(payload)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(f"PORT {server.server_address[1]}", flush=True)
server.serve_forever()
