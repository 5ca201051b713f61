#!/usr/bin/env python3
"""api.openai.com and api.githubcopilot.com doubles (HTTPS, one loopback port) for the awf-diag lab (docs/lab.md).

The Host header picks the provider. Each checks the credential before anything else and answers in its own
error shape (never awf's: no `provider` key, no X-Request-ID of its own):
  api.openai.com         `Authorization: Bearer <--openai-key>` required (domain.md section 8: the 401 message
                         "Missing bearer or basic authentication in header" when absent). Shape
                         {"error":{"message","type","param","code"}}: missing -> 401 code null; another key -> 401
                         code "invalid_api_key". Accepted -> 400 invalid_request_error "Missing required parameter:
                         'model'." (lab value: our facts name no OpenAI answer that shows a key accepted).
  api.githubcopilot.com  `Authorization: Bearer <--copilot-token>` (or `token <…>`; section 8: the scheme depends
                         on the host class). Rejected -> 401 GitHub's REST shape {"message":"Bad credentials",
                         "documentation_url":"https://docs.github.com/rest"} (inferred for this host). Accepted -> 400
                         {"message":"Bad request","documentation_url":...} (lab value).
Every request is appended to --record as JSON (method, path, host, the Authorization scheme and the sha256
fingerprint of its credential — never the value). Python 3.11 stdlib only; loopback only.
"""
import argparse
import hashlib
import json
import signal
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GITHUB_DOCS = "https://docs.github.com/rest"


def fingerprint(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:12]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, obj):
        data = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        srv = self.server
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        host = (self.headers.get("Host") or "").split(":", 1)[0]
        auth = self.headers.get("Authorization") or ""
        scheme, _, cred = auth.partition(" ")
        rec = {"method": self.command, "path": self.path, "host": host, "auth_scheme": scheme if cred else "",
               "credential_fingerprint": fingerprint(cred) if cred else ""}
        with srv.lock, open(srv.record, "a") as f:
            f.write(json.dumps(rec) + "\n")
        if host == "api.githubcopilot.com":
            if scheme.lower() not in ("bearer", "token") or cred != srv.copilot_token:
                return self._send(401, {"message": "Bad credentials", "documentation_url": GITHUB_DOCS})
            return self._send(400, {"message": "Bad request", "documentation_url": GITHUB_DOCS})
        if scheme.lower() != "bearer" or not cred:
            return self._send(401, {"error": {"message": "Missing bearer or basic authentication in header",
                                              "type": "invalid_request_error", "param": None, "code": None}})
        if cred != srv.openai_key:
            return self._send(401, {"error": {"message": "Incorrect API key provided.",
                                              "type": "invalid_request_error", "param": None,
                                              "code": "invalid_api_key"}})
        return self._send(400, {"error": {"message": "Missing required parameter: 'model'.",
                                          "type": "invalid_request_error", "param": "model",
                                          "code": "missing_required_parameter"}})

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_GET


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key-file", required=True)
    ap.add_argument("--openai-key", required=True)
    ap.add_argument("--copilot-token", required=True)
    ap.add_argument("--record", required=True)
    ap.add_argument("--max-lifetime", type=float, default=6 * 3600)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.openai_key, srv.copilot_token, srv.record, srv.lock = a.openai_key, a.copilot_token, a.record, threading.Lock()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key_file)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown, daemon=True).start())
    life = threading.Timer(a.max_lifetime, srv.shutdown)
    life.daemon = True
    life.start()
    srv.serve_forever(poll_interval=0.2)
    srv.server_close()


if __name__ == "__main__":
    sys.exit(main())
