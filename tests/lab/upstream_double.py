#!/usr/bin/env python3
"""Upstream double for api.anthropic.com, for the awf-diag loopback lab (docs/lab.md).

HTTPS on 127.0.0.1:<port> with a certificate for api.anthropic.com signed by the lab's CA. Behaves
like Anthropic's API as far as awf-diag's probes care (domain.md section 6): every response carries a
`request-id: req_011CFixture...` header, errors are
`{"type":"error","error":{"type":...,"message":...},"request_id":"req_..."}`.

  no / wrong x-api-key           -> 401 authentication_error
  POST /v1/messages, right key   -> 400 invalid_request_error for {} or a body without "model"
                                    ("model: Field required"), then without max_tokens / messages;
                                    400 invalid_request_error naming stream_options when the body has it (R18);
                                    400 "Unexpected value(s) ..." when anthropic-beta holds --reject-beta (R22);
                                    200 text/event-stream (paced SSE) when "stream": true;
                                    200 JSON message otherwise
  GET  /v1/models, right key     -> 200 model list
  HEAD /, GET /                  -> 200 (no auth needed: Claude Code's start-up probe)
  anything else                  -> 404 not_found_error "Not Found" (R25)

Stream faults (--fault): sse-truncated (the connection is closed after the first content_block_delta,
no final chunk: the stream broke before message_stop); sse-midstream-error (after HTTP 200 and two
deltas: `event: error` api_error, then the stream ends).

One JSON line per request goes to --log: method, path, source, auth headers present (names only),
whether x-api-key matched. Key values are never written. --record FILE adds one JSON line per request
with everything received: method, path+query, headers in order as sent (credential values as
`sha256:`+12 hex, Authorization as `<scheme> sha256:…`), body (text, capped) — what tests assert.
--plain serves HTTP instead of HTTPS (recording double for a real client, tests/topology/clients_realclient_test.cpp).
Python 3.11 stdlib only. Loopback only: refuses to bind to anything outside 127.0.0.0/8.
"""
import argparse
import datetime
import ipaddress
import json
import os
import secrets
import signal
import socket
import ssl
import string
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from request_record import recorded_value  # noqa: E402

MAX_BODY = 32 * 1024 * 1024  # Anthropic's edge limit (413 request_too_large)
MODEL_ID = "claude-sonnet-4-6"
_ALNUM = string.ascii_letters + string.digits
RECORD_BODY_CAP = 1024 * 1024
BETA_REJECTED_MSG = ("Unexpected value(s) `%s` for the `anthropic-beta` header. Please consult our documentation "
                     "at docs.anthropic.com or try again without the header.")  # R22's upstream answer
STREAM_OPTIONS_MSG = "Unknown parameter: 'stream_options.include_usage'."  # R18's upstream message


def new_request_id():
    return "req_011CFixture" + "".join(secrets.choice(_ALNUM) for _ in range(14))


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Log:
    def __init__(self, path):
        self._lock = threading.Lock()
        self._f = open(path, "a", buffering=1, encoding="utf-8") if path else None

    def write(self, obj):
        obj = {"timestamp": now_iso(), **obj}
        line = json.dumps(obj, separators=(",", ":"))
        with self._lock:
            if self._f:
                self._f.write(line + "\n")
                self._f.flush()


class _StreamCut(Exception):
    """Raised inside a stream to drop the connection without finishing the response."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lab-upstream-double"
    sys_version = ""

    def version_string(self):
        return self.server_version
    timeout = 30  # idle keep-alive connections are closed after this

    # -- helpers -----------------------------------------------------------------------------
    def log_message(self, fmt, *args):  # silence the default stderr access log
        pass

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = bytearray()
            for _ in range(100000):
                line = self.rfile.readline(1024)
                if not line:
                    break
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # trailers until blank line
                    for _ in range(100):
                        t = self.rfile.readline(8192)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                out += self.rfile.read(size)
                self.rfile.readline(8)
                if len(out) > MAX_BODY:
                    return None
            return bytes(out)
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            return None
        return self.rfile.read(n) if n > 0 else b""

    def _send(self, status, obj=None, ctype="application/json", extra=None, body=None):
        if body is None:
            body = b"" if obj is None else json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("request-id", self.req_id)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.status = status

    def _error(self, status, etype, message):
        self._send(status, {"type": "error", "error": {"type": etype, "message": message}, "request_id": self.req_id})

    def _auth(self):
        """Returns True when the right key is present, else answers 401 and returns False."""
        got = self.headers.get("x-api-key")
        if got is None:
            self._error(401, "authentication_error", "x-api-key header is required")
            return False
        if got != self.server.api_key:
            self._error(401, "authentication_error", "invalid x-api-key")
            return False
        return True

    # -- dispatch ----------------------------------------------------------------------------
    def _handle(self):
        self.req_id = new_request_id()
        self.status = None
        t0 = time.monotonic()
        path = self.path.split("?", 1)[0]
        body = b""
        if self.command in ("POST", "PUT", "PATCH") or self.headers.get("Content-Length") or self.headers.get("Transfer-Encoding"):
            body = self._read_body()
        got_key = self.headers.get("x-api-key")
        entry = {
            "event": "request",
            "request_id": self.req_id,
            "client": "%s:%s" % self.client_address[:2],
            "method": self.command,
            "path": self.path,
            "auth_headers": sorted(h for h in ("x-api-key", "authorization", "proxy-authorization", "x-goog-api-key")
                                   if self.headers.get(h) is not None),
            "x_api_key_matched": got_key is not None and got_key == self.server.api_key,
            "x_api_key_length": None if got_key is None else len(got_key),
            "anthropic_version": self.headers.get("anthropic-version"),
            "anthropic_beta": self.headers.get("anthropic-beta"),
            "user_agent": self.headers.get("User-Agent"),
            "host": self.headers.get("Host"),
            "forwarded_headers": sorted(h.lower() for h in self.headers.keys()
                                        if h.lower() in ("via", "forwarded") or h.lower().startswith("x-forwarded-")),
            "request_bytes": 0 if body is None else len(body),
        }
        try:
            self._route(path, body)
        finally:
            entry["status"] = self.status
            entry["duration_ms"] = int((time.monotonic() - t0) * 1000)
            self.server.log.write(entry)
            if self.server.record is not None:
                text = (body or b"")[:RECORD_BODY_CAP].decode("utf-8", "replace")
                self.server.record.write({
                    "event": "request", "request_id": self.req_id, "method": self.command, "path": self.path,
                    "http_version": self.request_version,
                    "headers": [[k, recorded_value(k, v)] for k, v in self.headers.items()],
                    "body": text, "body_bytes": 0 if body is None else len(body),
                    "body_truncated": body is not None and len(body) > RECORD_BODY_CAP, "status": self.status})

    def _route(self, path, body):
        if body is None:
            self.close_connection = True
            self._error(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.")
            return
        if path == "/" and self.command in ("HEAD", "GET"):
            self._send(200, body=b"", ctype="text/plain; charset=utf-8")
            return
        if path == "/v1/messages":
            if self.command != "POST":
                self._error(405, "invalid_request_error", "Method Not Allowed")
                return
            if not self._auth():
                return
            try:
                req = json.loads(body.decode("utf-8")) if body else None
            except (UnicodeDecodeError, ValueError):
                self._error(400, "invalid_request_error", "There was an error parsing the body of your request.")
                return
            if not isinstance(req, dict) or "model" not in req:
                self._error(400, "invalid_request_error", "model: Field required")
                return
            rejected = self.server.reject_beta
            betas = [b.strip() for b in (self.headers.get("anthropic-beta") or "").split(",")]
            if rejected and rejected in betas:
                self._error(400, "invalid_request_error", BETA_REJECTED_MSG % rejected)
                return
            if "stream_options" in req:
                self._error(400, "invalid_request_error", STREAM_OPTIONS_MSG)
                return
            for field in ("max_tokens", "messages"):  # required fields (decisions.md section 14)
                if field not in req:
                    self._error(400, "invalid_request_error", "%s: Field required" % field)
                    return
            if req.get("stream") is True:
                self._stream(req)
            else:
                self._message(req)
            return
        if path == "/v1/models":
            if self.command not in ("GET", "HEAD"):
                self._error(405, "invalid_request_error", "Method Not Allowed")
                return
            if not self._auth():
                return
            self._send(200, {
                "data": [{"type": "model", "id": MODEL_ID, "display_name": "Claude Sonnet 4.6",
                          "created_at": "2026-01-01T00:00:00Z"}],
                "has_more": False, "first_id": MODEL_ID, "last_id": MODEL_ID})
            return
        self._error(404, "not_found_error", "Not Found")

    def _message(self, req):
        self._send(200, {
            "id": "msg_011CFixture" + secrets.token_hex(6), "type": "message", "role": "assistant",
            "model": req.get("model"), "content": [{"type": "text", "text": "Hi! (lab upstream double)"}],
            "stop_reason": "end_turn", "stop_sequence": None,
            "usage": {"input_tokens": 8, "output_tokens": 9}})

    def _stream(self, req):
        gap = self.server.sse_gap
        msg_id = "msg_011CFixture" + secrets.token_hex(6)
        pieces = ["Hi", "! This", " is the", " lab", " upstream."]
        events = [("message_start", {"type": "message_start", "message": {
            "id": msg_id, "type": "message", "role": "assistant", "model": req.get("model"), "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 8, "output_tokens": 1}}}),
            ("content_block_start", {"type": "content_block_start", "index": 0,
                                     "content_block": {"type": "text", "text": ""}}),
            ("ping", {"type": "ping"})]
        events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                            "delta": {"type": "text_delta", "text": p}}) for p in pieces]
        events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
                   ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                      "usage": {"output_tokens": 12}}),
                   ("message_stop", {"type": "message_stop"})]
        self.send_response(200)
        self.send_header("request-id", self.req_id)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.status = 200
        self.wfile.flush()
        fault = self.server.fault
        # An api_error after 200 (domain.md section 6): a stream that fails mid-way. Not overloaded_error:
        # that is the provider's capacity answer, which awf-diag warns on and never reads as a stream fault.
        if fault == "sse-midstream-error":
            events = events[:5] + [("error", {"type": "error", "error": {"type": "api_error",
                                                                          "message": "Internal server error"}})]
        deltas = 0
        for name, data in events:
            if name == "content_block_delta":
                time.sleep(gap)  # healthy streams show gaps between deltas (domain.md section 6)
                deltas += 1
            chunk = ("event: %s\ndata: %s\n\n" % (name, json.dumps(data, separators=(",", ":")))).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
            if fault == "sse-truncated" and deltas == 1:
                # the upstream connection breaks: no more events, no final chunk, the socket just closes
                self.close_connection = True
                self.server.log.write({"event": "stream_cut", "request_id": self.req_id, "after": name})
                raise _StreamCut()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_GET(self):
        try:
            self._handle()
        except _StreamCut:
            self.close_connection = True
            self.server.cut_connection(self.connection)

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_GET


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    plain = False

    def cut_connection(self, conn):
        """Closes a connection abruptly (no close_notify, no final chunk)."""
        try:
            conn.shutdown(socket.SHUT_RDWR)  # TCP FIN under TLS: no close_notify
        except (OSError, ValueError):
            pass

    def finish_request(self, request, client_address):
        if self.plain:
            try:
                request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            request.settimeout(Handler.timeout)
            self.RequestHandlerClass(request, client_address, self)
            return
        # TLS handshake per connection, in the connection's own thread (never blocks accept()).
        request.settimeout(10)
        try:  # no Nagle: each SSE event leaves when written
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        try:
            tls = self.ssl_ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            self.log.write({"event": "tls_error", "client": "%s:%s" % client_address[:2], "message": str(e)})
            try:
                request.close()
            except OSError:
                pass
            return
        try:
            tls.settimeout(Handler.timeout)
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.unwrap()  # close_notify, so clients do not see an unexpected EOF
            except (ssl.SSLError, OSError, ValueError):
                pass
            try:
                tls.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", help="server certificate (PEM); required unless --plain")
    ap.add_argument("--key-file", help="server private key (PEM); required unless --plain")
    ap.add_argument("--plain", action="store_true", help="serve plain HTTP (no TLS)")
    ap.add_argument("--record", default=None, help="JSONL record of every request received (see module doc)")
    ap.add_argument("--fault", default="none", choices=["none", "sse-truncated", "sse-midstream-error"])
    ap.add_argument("--reject-beta", default="", help="anthropic-beta value answered with 400 (R22)")
    ap.add_argument("--key", default="test-real-anthropic-key-0001", help="the x-api-key value accepted")
    ap.add_argument("--log", default=None, help="JSONL request log")
    ap.add_argument("--sse-gap", type=float, default=0.05, help="seconds between content_block_delta events")
    ap.add_argument("--max-lifetime", type=float, default=6 * 3600,
                    help="seconds after which the server stops by itself (a forgotten lab does not run forever)")
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        sys.exit("upstream_double: refusing to bind to non-loopback address %s" % a.host)

    ctx = None
    if not a.plain:
        if not a.cert or not a.key_file:
            sys.exit("upstream_double: --cert and --key-file are required without --plain")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key_file)
        ctx.set_alpn_protocols(["http/1.1"])

    srv = Server((a.host, a.port), Handler)
    srv.ssl_ctx = ctx
    srv.plain = a.plain
    srv.fault = a.fault
    srv.reject_beta = a.reject_beta.strip()
    srv.record = Log(a.record) if a.record else None
    srv.api_key = a.key
    srv.sse_gap = a.sse_gap
    srv.log = Log(a.log)
    srv.log.write({"event": "server_start", "listen": "%s:%d" % (a.host, a.port), "pid": os.getpid(),
                   "key_length": len(a.key)})
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown, daemon=True).start())
    life = threading.Timer(a.max_lifetime, srv.shutdown)
    life.daemon = True
    life.start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    srv.server_close()


if __name__ == "__main__":
    main()
