#!/usr/bin/env python3
"""api-proxy sidecar double (awf's port 10001, Anthropic) for the awf-diag loopback lab (docs/lab.md).

Plain HTTP on 127.0.0.1:<port>, behaving as domain.md section 4 describes:
  GET /health  -> 200 {"status":"healthy","service":"awf-api-proxy-anthropic"}
  anything else is proxied: client auth headers stripped, `x-api-key: <key>` injected,
  `anthropic-version: 2023-06-01` added if absent, then one CONNECT per request to Squid **from
  source address 127.0.0.30** (the sidecar's identity in the lab), TLS to api.anthropic.com verified
  with the lab CA, and the response piped back unbuffered with an `X-Request-ID` added.
  Squid's non-200 answer to the CONNECT is relayed as it is (what https-proxy-agent does).
  Socket/TLS errors -> 502 {"error":"Proxy error","message":...}.

Faults (--fault):
  untrimmed-key   awf v0.25.x: key ends in "\\n"; /health says service "anthropic-proxy"; every proxied
                  request is read, then the connection is reset (TCP RST, no HTTP response, no CONNECT)
                  and the log shows Node's ERR_INVALID_CHAR.
  sidecar-cert-untrusted
                  the sidecar does not trust the lab CA (system CAs only): the CONNECT succeeds, TLS fails, and
                  every proxied request gets 502 {"error":"Proxy error","message":"unable to verify the first
                  certificate (...)"} (domain.md section 4; what awf's sidecar answers without the ssl-bump CA).
  sidecar-crash   awf v0.25.5: like untrimmed-key, but the first proxied request also ends the process (both
                  ports refuse from then on), as domain.md section 4 observed.
  key-inner-char  awf HEAD: the key holds U+200B inside (.trim() keeps it); the management /health says
                  key_validation.results.anthropic = network_error "Invalid character in header content
                  [\"x-api-key\"]"; the first proxied request crashes the process like sidecar-crash.
  --management-port N  also serves awf's management port: /health {status, service "awf-api-proxy",
                  squid_proxy, providers, key_validation (not for the v0.25.x faults), metrics_summary} and
                  /reflect.
  revoked-key     holds test-revoked-anthropic-key-0009 (the upstream answers 401).
  not-configured  proxied requests -> 403 provider_not_configured; /health -> 503 not_configured.
  sse-buffered    the response body is held until the upstream finishes, then sent at once (R19).
  sse-data-only   `event:` lines are dropped from text/event-stream bodies.
  stream-options-400
                  R18: a JSON body with "stream": true gets "stream_options": {"include_usage": true} added
                  before forwarding (the upstream double rejects it with 400 naming stream_options).
  sidecar-refuses-beta
                  the sidecar itself answers 400 {"error":"Bad Request","message":"anthropic-beta value
                  interleaved-thinking-2025-05-14 is not allowed by this proxy"} to a request whose anthropic-beta
                  list holds that value (one of Claude Code 2.1.88's); nothing is forwarded (issue 6: the
                  hop-side twin of R22).
  gateway-refuses-query
                  the hop answers 404 {"error":{"message":"Route not found: query strings are not routed",...}}
                  to any path with a query string (Claude Code's ?beta=true); nothing is forwarded.
  gateway-prefers-authorization
                  R29: a LiteLLM-like gateway instead of awf's sidecar. It authenticates the caller with
                  `Authorization: Bearer` when present, else `x-api-key`; a credential other than the
                  gateway key (--gateway-key) -> 401 {"error":{"message":"Authentication Error, ...",
                  "type":"auth_error","code":"401"}} before forwarding; /health -> 200 {"status":"healthy"}.
  gateway-healthy the same gateway; the agent sends only its gateway key (x-api-key), so every request is
                  forwarded (issue 5: a healthy gateway topology).
  gateway-helper  the same gateway; the agent's only credential is its apiKeyHelper, which prints the gateway
                  key (Claude Code sends it as x-api-key and Bearer): every request is forwarded.
  gateway-helper-wrong-key
                  the same gateway; the agent's apiKeyHelper prints a key the gateway does not know: every
                  request -> the gateway's own 401 (new-user test F24).

Log (--log): one JSON object per line like awf's api-proxy (timestamp, level, event, ...). Key values are
never written (only their length). Python 3.11 stdlib only; loopback only.
"""
import argparse
import datetime
import ipaddress
import json
import os
import re
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 10 * 1024 * 1024
HEAD_LIMIT = 64 * 1024
SIDECAR_SOURCE_IP = "127.0.0.30"
STRIP = {"host", "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "forwarded", "via"}
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "content-length", "expect"}
REQ_ID_RE = re.compile(r"^[\w\-.]+$", re.ASCII)
ACCEPT_ENCODINGS = ("gzip", "deflate", "br", "identity")
REFUSED_BETA = "interleaved-thinking-2025-05-14"  # fault sidecar-refuses-beta (issue 6: a second beta kind)
GATEWAY_QUERY_404_BODY = {"error": {"message": "Route not found: query strings are not routed", "type": "not_found",
                                    "code": "404"}}  # fault gateway-refuses-query
# The faults where a LiteLLM-like gateway sits in the sidecar's place (authenticates the caller itself).
GATEWAY_FAULTS = ("gateway-prefers-authorization", "gateway-healthy", "gateway-helper", "gateway-helper-wrong-key")
GATEWAY_401_BODY = {"error": {  # R29 (LiteLLM's answer)
    "message": "Authentication Error, Unable to find token in cache or `LiteLLM_VerificationTokenTable`",
    "type": "auth_error", "code": "401"}}
NOT_CONFIGURED_BODY = {"error": {
    "message": "Credentials for Anthropic (port 10001) are not configured. Set ANTHROPIC_API_KEY to enable this provider.",
    "type": "provider_not_configured", "provider": "anthropic", "port": 10001, "retryable": False}}


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Log:
    def __init__(self, path):
        self._lock = threading.Lock()
        self._f = open(path, "a", buffering=1, encoding="utf-8") if path else sys.stdout

    def event(self, level, event, **fields):
        line = json.dumps({"timestamp": now_iso(), "level": level, "event": event, **fields}, separators=(",", ":"))
        self.raw(line)

    def raw(self, text):
        with self._lock:
            self._f.write(text + "\n")
            self._f.flush()


class UpstreamError(Exception):
    """A socket/TLS failure toward Squid or the upstream; .code is a Node-style code (ECONNREFUSED …)."""


def node_error_text(exc, where):
    """Node-ish error text: `connect ECONNREFUSED 127.0.0.1:3128`, `read ECONNRESET`, …"""
    if isinstance(exc, UpstreamError):
        return str(exc)
    if isinstance(exc, ConnectionRefusedError):
        return "connect ECONNREFUSED %s" % where
    if isinstance(exc, ConnectionResetError):
        return "read ECONNRESET"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "ETIMEDOUT %s" % where
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "unable to verify the first certificate (%s)" % exc.verify_message
    if isinstance(exc, ssl.SSLError):
        return "TLS error: %s" % (exc.reason or exc)
    if isinstance(exc, OSError) and exc.errno:
        import errno as _errno
        return "%s %s" % (_errno.errorcode.get(exc.errno, str(exc.errno)), where)
    return str(exc) or exc.__class__.__name__


def recv_head(sock, deadline_s=15):
    """Reads until the end of an HTTP response head. Returns (status_line, [(name, value)], leftover)."""
    buf = b""
    t_end = time.monotonic() + deadline_s
    while b"\r\n\r\n" not in buf:
        if len(buf) > HEAD_LIMIT or time.monotonic() > t_end:
            raise UpstreamError("response head too large or too slow")
        try:
            chunk = sock.recv(16384)
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            chunk = b""
        if not chunk:
            raise UpstreamError("socket hang up" if not buf else "incomplete response head (socket hang up)")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    headers = []
    for ln in lines[1:]:
        if ":" in ln:
            k, v = ln.split(":", 1)
            headers.append((k.strip(), v.strip()))
    return lines[0], headers, rest


def hget(headers, name):
    name = name.lower()
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def iter_body(sock, leftover, headers, status, method, limit_s=300):
    """Yields the decoded body of a response as bytes arrive (chunked, Content-Length or close-delimited)."""
    t_end = time.monotonic() + limit_s
    buf = bytearray(leftover)

    def more():
        if time.monotonic() > t_end:
            raise UpstreamError("response body too slow")
        try:
            c = sock.recv(65536)
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            c = b""
        return c

    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return
    te = (hget(headers, "transfer-encoding") or "").lower()
    cl = hget(headers, "content-length")
    if "chunked" in te:
        for _ in range(10_000_000):
            while b"\r\n" not in buf:
                c = more()
                if not c:
                    raise UpstreamError("aborted (chunked body truncated)")
                buf += c
            line, _, rest = bytes(buf).partition(b"\r\n")
            buf = bytearray(rest)
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                return  # trailers ignored
            remaining = size
            while remaining > 0:
                if not buf:
                    c = more()
                    if not c:
                        raise UpstreamError("aborted (chunked body truncated)")
                    buf += c
                take = bytes(buf[:remaining])
                del buf[:len(take)]
                remaining -= len(take)
                yield take
            while len(buf) < 2:
                c = more()
                if not c:
                    return
                buf += c
            del buf[:2]
        return
    if cl is not None:
        remaining = int(cl)
        while remaining > 0:
            if not buf:
                c = more()
                if not c:
                    raise UpstreamError("aborted (body shorter than Content-Length)")
                buf += c
            take = bytes(buf[:remaining])
            del buf[:len(take)]
            remaining -= len(take)
            yield take
        return
    if buf:
        yield bytes(buf)
    for _ in range(10_000_000):
        c = more()
        if not c:
            return
        yield c


class _Prefixed:
    """A socket whose first recv() returns bytes already read."""

    def __init__(self, sock, prefix):
        self._sock, self._prefix = sock, prefix

    def recv(self, n):
        if self._prefix:
            out, self._prefix = self._prefix[:n], self._prefix[n:]
            return out
        return self._sock.recv(n)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lab-api-proxy-double"
    sys_version = ""

    def version_string(self):
        return self.server_version
    timeout = 60

    def log_message(self, fmt, *args):
        pass

    # -- small writers -------------------------------------------------------------------------
    def _json(self, status, obj, extra=None, close=False):
        body = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()
        return len(body)

    def _reset(self):
        """Answers nothing: RST the client connection (SO_LINGER on, 0 s)."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        # makefile() objects keep the fd alive; close them first so close() really closes (and RSTs).
        for f in (self.rfile, self.wfile):
            try:
                f.close()
            except (OSError, ValueError):
                pass
        try:
            sock.close()
        except OSError:
            pass

    # -- request ---------------------------------------------------------------------------------
    def _handle(self):
        srv = self.server
        path_only = self.path.split("?", 1)[0]
        if self.command == "GET" and path_only == "/health":
            return self._health()

        t0 = time.monotonic()
        cid = self.headers.get("x-request-id")
        req_id = cid if cid and len(cid) <= 128 and REQ_ID_RE.match(cid) else str(uuid.uuid4())
        rid_hdr = {"X-Request-ID": req_id}
        srv.requests += 1
        srv.log.event("info", "request_start", request_id=req_id, provider="anthropic", method=self.command,
                      path=self.path, upstream_host=srv.upstream_host)

        if not self.path.startswith("/"):
            n = self._json(400, {"error": "Bad Request", "message": "URL must be a relative path"}, rid_hdr, close=True)
            return self._complete(req_id, 400, t0, 0, n)

        # body
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        try:
            clen = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            clen = -1
        if clen > MAX_BODY:
            n = self._json(413, {"error": "Payload Too Large", "message": "Request body exceeds 10 MB limit"},
                           rid_hdr, close=True)
            return self._complete(req_id, 413, t0, 0, n)
        try:
            body = self._read_chunked() if "chunked" in te else (self.rfile.read(clen) if clen > 0 else b"")
            if clen < 0 or body is None:
                raise ValueError("bad request body")
        except (OSError, ValueError) as e:
            n = self._json(400, {"error": "Client error", "message": str(e)}, rid_hdr, close=True)
            return self._complete(req_id, 400, t0, 0, n)

        if srv.fault == "not-configured":
            n = self._json(403, NOT_CONFIGURED_BODY, rid_hdr)
            return self._complete(req_id, 403, t0, len(body), n)
        if srv.fault in GATEWAY_FAULTS:
            auth = self.headers.get("authorization") or ""
            scheme, _, cred = auth.partition(" ")
            chosen = cred.strip() if auth and scheme.lower() == "bearer" else self.headers.get("x-api-key")
            if chosen != srv.gateway_key:
                srv.log.event("warn", "gateway_auth_rejected", request_id=req_id,
                              credential_from="authorization" if auth else "x-api-key")
                n = self._json(401, GATEWAY_401_BODY)
                return self._complete(req_id, 401, t0, len(body), n)
        if srv.fault == "sidecar-refuses-beta":
            betas = [t.strip() for t in (self.headers.get("anthropic-beta") or "").split(",")]
            if REFUSED_BETA in betas:
                n = self._json(400, {"error": "Bad Request",
                                     "message": "anthropic-beta value %s is not allowed by this proxy" % REFUSED_BETA},
                               rid_hdr)
                return self._complete(req_id, 400, t0, len(body), n)
        if srv.fault == "gateway-refuses-query" and "?" in self.path:
            n = self._json(404, GATEWAY_QUERY_404_BODY)
            return self._complete(req_id, 404, t0, len(body), n)
        if srv.fault == "stream-options-400":
            try:
                doc = json.loads(body.decode("utf-8")) if body else None
            except (UnicodeDecodeError, ValueError):
                doc = None
            if isinstance(doc, dict) and doc.get("stream") is True:
                doc["stream_options"] = {"include_usage": True}  # R18's body transform
                body = json.dumps(doc, separators=(",", ":")).encode()

        # headers for the upstream
        out = []
        has_version = False
        for k, v in self.headers.items():
            lk = k.lower()
            if lk in STRIP or lk.startswith("x-forwarded-") or lk in HOP_BY_HOP or lk == "x-request-id":
                continue
            if lk == "anthropic-version":
                has_version = True
            if lk == "accept-encoding":
                toks = [t.strip() for t in v.split(",") if t.strip().split(";")[0].strip().lower() in ACCEPT_ENCODINGS]
                if not toks:
                    continue
                v = ", ".join(toks)
            out.append((k, v))
        key = srv.api_key
        if srv.fault in ("untrimmed-key", "sidecar-crash", "key-inner-char"):
            # awf <= v0.25.5: Node's setHeader throws on the "\n" in the key before any socket is opened;
            # the client's connection is reset without an HTTP response. HEAD's .trim() keeps U+200B
            # or a newline inside the key: the same throw.
            if any(c in key for c in "\r\n\u200b"):
                srv.log.raw('TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-api-key"]')
                srv.log.raw("    at ClientRequest.setHeader (node:_http_outgoing:662:3)")
                srv.log.raw("    at new ClientRequest (node:_http_client:291:14)")
                srv.log.raw("    at Object.request (node:https:379:10)")
                srv.log.raw("    at proxyRequest (/app/server.js:214:25) {")
                srv.log.raw("  code: 'ERR_INVALID_CHAR'")
                srv.log.raw("}")
                srv.log.event("error", "request_error", request_id=req_id, provider="anthropic",
                              message='TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["x-api-key"]',
                              code="ERR_INVALID_CHAR", connection="reset")
                self._reset()
                if srv.fault in ("sidecar-crash", "key-inner-char"):
                    # the uncaught throw ends the Node process: both ports refuse from now on
                    srv.log.event("error", "process_exit", code=1)
                    os._exit(1)
                return None
        out.append(("x-api-key", key))
        if not has_version:
            out.append(("anthropic-version", "2023-06-01"))
        out.append(("x-request-id", req_id))
        srv.log.event("debug", "auth_inject", provider="anthropic", key_length=len(key),
                      has_anthropic_version=has_version)
        head = "%s %s HTTP/1.1\r\nHost: %s\r\n" % (self.command, self.path, srv.upstream_host)
        head += "".join("%s: %s\r\n" % (k, v) for k, v in out)
        if body or self.command in ("POST", "PUT", "PATCH"):
            head += "Content-Length: %d\r\n" % len(body)
        head += "Connection: close\r\n\r\n"
        self._forward(req_id, t0, head.encode("latin-1", "replace") + body, len(body))

    def _read_chunked(self):
        out = bytearray()
        for _ in range(1_000_000):
            line = self.rfile.readline(1024)
            if not line:
                return None
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                for _ in range(100):
                    if self.rfile.readline(8192) in (b"\r\n", b"\n", b""):
                        break
                return bytes(out)
            out += self.rfile.read(size)
            self.rfile.readline(8)
            if len(out) > MAX_BODY:
                return None
        return None

    def _health(self):
        srv = self.server
        self.close_connection = False
        if srv.fault in GATEWAY_FAULTS:
            self._json(200, {"status": "healthy"})
        elif srv.fault == "not-configured":
            self._json(503, {"status": "not_configured", "service": "awf-api-proxy-anthropic",
                             "error": "ANTHROPIC_API_KEY not configured in api-proxy sidecar"})
        elif srv.fault == "untrimmed-key":
            self._json(200, {"status": "healthy", "service": "anthropic-proxy"})
        else:
            self._json(200, {"status": "healthy", "service": "awf-api-proxy-anthropic"})

    def _complete(self, req_id, status, t0, req_bytes, resp_bytes, level="info"):
        self.server.log.event(level, "request_complete", request_id=req_id, provider="anthropic", status=status,
                              duration_ms=int((time.monotonic() - t0) * 1000), request_bytes=req_bytes,
                              response_bytes=resp_bytes, upstream_host=self.server.upstream_host)

    # -- forwarding ------------------------------------------------------------------------------
    def _forward(self, req_id, t0, raw_request, req_bytes):
        srv = self.server
        self.close_connection = True
        squid_where = "%s:%d" % (srv.squid_host, srv.squid_port)
        sock = None
        headers_sent = False
        resp_bytes = 0
        status = None
        try:
            # 1. TCP to Squid, from the sidecar's address
            try:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.settimeout(10)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.bind((SIDECAR_SOURCE_IP, 0))
                sock.connect((srv.squid_host, srv.squid_port))
            except OSError as e:
                raise UpstreamError(node_error_text(e, squid_where))
            # 2. CONNECT
            authority = "%s:%d" % (srv.upstream_host, srv.upstream_port)
            sock.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (authority, authority)).encode())
            try:
                sline, sheaders, rest = recv_head(sock)
            except OSError as e:
                raise UpstreamError(node_error_text(e, squid_where))
            parts = sline.split(" ", 2)
            cstatus = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            if cstatus != 200:
                # https-proxy-agent hands Squid's response to the caller as if it were the upstream's.
                srv.log.event("warn", "proxy_connect_failed", request_id=req_id, provider="anthropic",
                              status=cstatus, squid_error=hget(sheaders, "X-Squid-Error"))
                sock.settimeout(5)
                status = cstatus
                headers_sent = True
                resp_bytes = self._relay(sline, sheaders, rest, sock, "CONNECT", cstatus, req_id)
                return self._complete(req_id, cstatus, t0, req_bytes, resp_bytes)
            # 3. TLS inside the tunnel
            try:
                tls = srv.client_ctx.wrap_socket(sock, server_hostname=srv.upstream_host)
                sock = tls
                sock.settimeout(srv.read_timeout)
                sock.sendall(raw_request)
                sline, uheaders, rest = recv_head(sock, deadline_s=srv.read_timeout)
                for _ in range(10):  # skip interim 1xx answers (100 Continue, 103 Early Hints)
                    code = sline.split(" ", 2)[1] if sline.count(" ") else ""
                    if not (code.startswith("1") and code != "101"):
                        break
                    sline, uheaders, rest = recv_head(_Prefixed(sock, rest), deadline_s=srv.read_timeout)
            except (OSError, ssl.SSLError) as e:
                raise UpstreamError(node_error_text(e, authority))
            parts = sline.split(" ", 2)
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 502
            if status in (401, 403) or (status == 400 and "not supported" not in rest.decode("utf-8", "replace")):
                msg = ("Upstream returned 401 — check that the API key is valid and correctly formatted"
                       if status == 401 else "Upstream returned %d" % status)
                srv.log.event("warn", "upstream_auth_error", provider="anthropic", status=status, request_id=req_id,
                              message=msg)
            headers_sent = True
            resp_bytes = self._relay(sline, uheaders, rest, sock, self.command, status, req_id)
            self._complete(req_id, status, t0, req_bytes, resp_bytes)
        except (UpstreamError, OSError, ssl.SSLError, ValueError) as e:
            msg = node_error_text(e, squid_where)
            srv.log.event("error", "request_error", request_id=req_id, provider="anthropic", message=msg,
                          headers_sent=headers_sent)
            if not headers_sent:
                try:
                    n = self._json(502, {"error": "Proxy error", "message": msg}, {"X-Request-ID": req_id}, close=True)
                    self._complete(req_id, 502, t0, req_bytes, n, level="error")
                except OSError:
                    pass
            else:
                # headers already went out: destroy the client socket like Node does
                self._reset()
        finally:
            if sock is not None:
                try:
                    sock.close()
                except OSError:
                    pass

    def _relay(self, sline, headers, rest, sock, method, status, req_id):
        """Sends status line + headers (+ X-Request-ID) to the client, then the body as it arrives."""
        srv = self.server
        chunked = "chunked" in (hget(headers, "transfer-encoding") or "").lower()
        has_cl = hget(headers, "content-length") is not None
        is_sse = "text/event-stream" in (hget(headers, "content-type") or "").lower()
        buffered = srv.fault == "sse-buffered"
        data_only = srv.fault == "sse-data-only" and is_sse
        # framing toward the client: keep the upstream's unless we change the body
        if buffered or data_only:
            out_mode = "chunked" if data_only else "length"
        else:
            out_mode = "chunked" if chunked else ("length" if has_cl else "close")
        hdrs = []
        for k, v in headers:
            lk = k.lower()
            if lk in ("connection", "keep-alive", "proxy-connection", "transfer-encoding"):
                continue
            if lk == "content-length" and out_mode != "length":
                continue
            if lk == "content-length" and buffered:
                continue
            hdrs.append((k, v))
        hdrs.append(("X-Request-ID", req_id))
        if out_mode == "chunked":
            hdrs.append(("Transfer-Encoding", "chunked"))
        hdrs.append(("Connection", "close"))
        head_only = self.command == "HEAD"
        body_iter = iter_body(sock, rest, headers, status, "HEAD" if head_only else "GET", srv.read_timeout)
        sent = 0
        if buffered:
            body = b"".join(body_iter)
            hdrs.insert(len(hdrs) - 1, ("Content-Length", str(len(body))))
            self._write_head(sline, hdrs)
            if not head_only:
                self.wfile.write(body)
            return len(body)
        self._write_head(sline, hdrs)
        pending = b""
        for piece in body_iter:
            if data_only:
                pending += piece
                lines = pending.split(b"\n")
                pending = lines.pop()
                piece = b"".join(l + b"\n" for l in lines if not l.startswith(b"event:"))
                if not piece:
                    continue
            sent += len(piece)
            if out_mode == "chunked":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            self.wfile.flush()
        if data_only and pending and not pending.startswith(b"event:"):
            sent += len(pending)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(pending), pending))
        if out_mode == "chunked":
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        return sent

    def _write_head(self, sline, hdrs):
        self.wfile.write((sline + "\r\n" + "".join("%s: %s\r\n" % kv for kv in hdrs) + "\r\n").encode("latin-1", "replace"))
        self.wfile.flush()

    def do_GET(self):
        self._handle()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET


def management_health(fault, squid, requests):
    """awf's :10000/health (domain.md section 4) as this fault's sidecar would answer it."""
    providers = {"openai": False, "anthropic": fault != "not-configured", "copilot": False, "gemini": False}
    doc = {"status": "healthy", "service": "awf-api-proxy", "squid_proxy": squid, "providers": providers,
           "models_fetch_complete": True,
           "metrics_summary": {"total_requests": requests, "total_errors": 0, "active_requests": 0,
                               "avg_latency_ms": 0}}
    if fault in ("untrimmed-key", "sidecar-crash"):
        # v0.25.x: no startup key validation yet (>= v0.25.40)
        return {k: v for k, v in doc.items() if k not in ("models_fetch_complete",)}
    if fault in ("revoked-key",):
        # started with AWF_VALIDATE_KEYS=off: validation skipped, so the live probe finds the 401
        doc["key_validation"] = {"complete": True, "results": {"anthropic": {
            "status": "skipped", "message": "Key validation disabled"}}}
        return doc
    results = {}
    if fault == "key-inner-char":
        results["anthropic"] = {"status": "network_error",
                                "message": 'Invalid character in header content ["x-api-key"]'}
    elif fault != "not-configured":
        results["anthropic"] = {"status": "valid", "message": "Key is valid"}
    doc["key_validation"] = {"complete": True, "results": results}
    return doc


class ManagementHandler(BaseHTTPRequestHandler):
    """The sidecar's management port: /health and /reflect (domain.md section 4)."""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, obj):
        body = json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        srv = self.server
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self._send(200, management_health(srv.fault, srv.squid, srv.proxy.requests))
        if path == "/reflect":
            return self._send(200, {"endpoints": [{"provider": "anthropic", "port": srv.proxy_port,
                                                   "base_url": "http://api-proxy:%d" % srv.proxy_port,
                                                   "configured": srv.fault != "not-configured"}],
                                    "models_fetch_complete": True})
        return self._send(404, {"error": "Not Found"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def finish_request(self, request, client_address):
        # Node sets noDelay on HTTP sockets; without it Nagle + delayed ACK hold small SSE writes ~40 ms.
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        super().finish_request(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--squid", required=True, help="Squid host:port (HTTPS_PROXY of the sidecar)")
    ap.add_argument("--upstream-host", default="api.anthropic.com")
    ap.add_argument("--upstream-port", type=int, default=443)
    ap.add_argument("--cacert", required=True, help="CA that signed the upstream's certificate")
    ap.add_argument("--key", default=None, help="the real key to inject (default depends on --fault)")
    ap.add_argument("--fault", default="none",
                    choices=["none", "untrimmed-key", "revoked-key", "not-configured", "sse-buffered", "sse-data-only",
                             "stream-options-400", "gateway-prefers-authorization", "sidecar-cert-untrusted",
                             "sidecar-crash", "key-inner-char", "gateway-healthy", "sidecar-refuses-beta", "gateway-refuses-query",
                             "gateway-helper", "gateway-helper-wrong-key"])
    ap.add_argument("--management-port", type=int, default=0,
                    help="also serve awf's management port (/health, /reflect) here; 0 = not served")
    ap.add_argument("--gateway-key", default="test-gateway-key-0001",
                    help="the caller credential the gateway accepts (fault gateway-prefers-authorization)")
    ap.add_argument("--log", default=None, help="JSONL event log (default stdout)")
    ap.add_argument("--read-timeout", type=float, default=120.0)
    ap.add_argument("--max-lifetime", type=float, default=6 * 3600,
                    help="seconds after which the server stops by itself (a forgotten lab does not run forever)")
    a = ap.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        sys.exit("api_proxy_double: refusing to bind to non-loopback address %s" % a.host)
    shost, _, sport = a.squid.rpartition(":")
    if not ipaddress.ip_address(shost).is_loopback:
        sys.exit("api_proxy_double: refusing to use a non-loopback Squid %s" % a.squid)

    key = a.key
    if key is None:
        key = {"untrimmed-key": "test-real-anthropic-key-0001\n",
               "sidecar-crash": "test-real-anthropic-key-0001\n",
               "key-inner-char": "test-real-anthropic-key-\u200b0001",
               "revoked-key": "test-revoked-anthropic-key-0009",
               "not-configured": ""}.get(a.fault, "test-real-anthropic-key-0001")
    if a.fault not in ("untrimmed-key", "sidecar-crash"):
        key = key.strip()  # awf >= v0.25.6 trims the key it reads

    # sidecar-cert-untrusted: the sidecar's Node lacks the CA that signs what it gets through the tunnel
    # (ssl-bump or a corporate TLS proxy without NODE_EXTRA_CA_CERTS in the sidecar): system CAs only.
    ctx = ssl.create_default_context(cafile=None if a.fault == "sidecar-cert-untrusted" else a.cacert)
    ctx.set_alpn_protocols(["http/1.1"])

    srv = Server((a.host, a.port), Handler)
    srv.fault = a.fault
    srv.requests = 0
    srv.api_key = key
    srv.gateway_key = a.gateway_key
    srv.squid_host, srv.squid_port = shost, int(sport)
    srv.upstream_host, srv.upstream_port = a.upstream_host, a.upstream_port
    srv.client_ctx = ctx
    srv.read_timeout = a.read_timeout
    srv.log = Log(a.log)
    configured = a.fault != "not-configured"
    srv.log.event("info", "startup", squid_proxy="http://%s" % a.squid,
                  providers_configured=["anthropic"] if configured else [], fault=a.fault, pid=os.getpid())
    srv.log.event("info", "server_start", provider="anthropic", port=a.port,
                  target="https://%s:%d" % (a.upstream_host, a.upstream_port) if configured else "(not configured)")
    mgmt = None
    if a.management_port:
        mgmt = ThreadingHTTPServer((a.host, a.management_port), ManagementHandler)
        mgmt.daemon_threads = True
        mgmt.fault, mgmt.proxy_port, mgmt.squid = a.fault, a.port, "http://%s" % a.squid
        mgmt.proxy = srv
        threading.Thread(target=mgmt.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()
        if mgmt is not None:
            threading.Thread(target=mgmt.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
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
