#!/usr/bin/env python3
"""api-proxy sidecar double for awf's OpenAI port (10000) and Copilot port (10002), loopback lab (docs/lab.md).

  --role openai   awf's port 10000: the OpenAI route AND the management endpoints (domain.md section 1, 4):
                  GET /health -> 200 management shape {status, service "awf-api-proxy", squid_proxy, providers
                  {openai: <configured>, copilot: true (the lab's Copilot port always has a token)}, key_validation (openai: skipped, when configured), metrics_summary};
                  GET /reflect -> {endpoints: [{provider "openai", port, configured}]}; anything else proxied.
                  Not configured (no --key): proxied requests -> 404 {"error":"OpenAI proxy not configured (no
                  OPENAI_API_KEY/COPILOT_PROVIDER_API_KEY or OIDC auth)"} (domain.md section 4, verbatim).
  --role copilot  awf's port 10002: GET /health -> 200 {"status":"healthy","service":"awf-api-proxy-copilot"}
                  (inferred: the per-port shape section 4 gives for Anthropic); anything else proxied.

Proxying (both roles): client auth headers stripped (section 4's list), `Authorization: Bearer <key>` injected,
one CONNECT per request to Squid from 127.0.0.30 (the sidecar's identity in the lab), TLS verified with the lab
CA, the whole answer relayed with an `X-Request-ID` UUID added (the upstream's 4xx pass through verbatim).
Simplification: a CONNECT Squid refuses is answered 502 {"error":"Proxy error","message":...} here (awf relays
Squid's page); no streaming. Keys are never logged (only their length). Python 3.11 stdlib only; loopback only.
"""
import argparse
import http.client
import ipaddress
import json
import signal
import ssl
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIDECAR_SOURCE_IP = "127.0.0.30"
STRIP = {"host", "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "forwarded", "via",
         "connection", "content-length", "transfer-encoding", "keep-alive", "proxy-connection", "te", "upgrade"}
OPENAI_NOT_CONFIGURED = {"error": "OpenAI proxy not configured (no OPENAI_API_KEY/COPILOT_PROVIDER_API_KEY or OIDC auth)"}
MAX_BODY = 10 * 1024 * 1024


def log_event(log_path, **fields):
    line = json.dumps(fields, separators=(",", ":")) + "\n"
    if log_path:
        with open(log_path, "a") as f:
            f.write(line)
    else:
        sys.stdout.write(line)
        sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        sent = set()
        for name, value in headers:
            if name.lower() not in STRIP and name.lower() not in ("server", "date"):
                self.send_header(name, value)
                sent.add(name.lower())
        if "content-type" not in sent:
            self.send_header("Content-Type", "application/json")
        self.send_header("X-Request-ID", str(uuid.uuid4()))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.close_connection = True

    def _health(self):
        srv = self.server
        if srv.role == "copilot":
            return self._send(200, {"status": "healthy", "service": "awf-api-proxy-copilot"})
        configured = bool(srv.key)
        doc = {"status": "healthy", "service": "awf-api-proxy", "squid_proxy": "http://%s:%d" % srv.squid,
               "providers": {"openai": configured, "anthropic": "anthropic" in srv.also_configured, "copilot": True,
                             "gemini": False},
               "metrics_summary": {"total_requests": srv.requests, "total_errors": 0, "active_requests": 0,
                                   "avg_latency_ms": 0}}
        doc["key_validation"] = {"complete": True, "results": {"openai": {
            "status": "skipped", "message": "Key validation disabled"}} if configured else {}}
        return self._send(200, doc)

    def do_GET(self):
        srv = self.server
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self._health()
        if path == "/reflect" and srv.role == "openai":
            return self._send(200, {"endpoints": [{"provider": "openai", "port": srv.server_address[1],
                                                   "base_url": "http://api-proxy:10000", "configured": bool(srv.key)}],
                                    "models_fetch_complete": True})
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_BODY)) if length else b""
        with srv.lock:
            srv.requests += 1
        if not srv.key:
            log_event(srv.log, level="warn", event="request_error", provider=srv.role, path=path,
                      error="not configured")
            return self._send(404, OPENAI_NOT_CONFIGURED if srv.role == "openai" else {"error": {
                "message": "Credentials for Copilot (port 10002) are not configured.", "type": "provider_not_configured",
                "provider": "copilot", "port": 10002}})
        self._forward(body)

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_GET

    def _forward(self, body):
        srv = self.server
        headers = {k: v for k, v in self.headers.items() if k.lower() not in STRIP}
        headers["Authorization"] = "Bearer " + srv.key
        headers["Content-Length"] = str(len(body))
        headers["Connection"] = "close"
        log_event(srv.log, level="info", event="request_start", provider=srv.role, method=self.command,
                  path=self.path, upstream_host=srv.upstream[0], key_length=len(srv.key))
        conn = http.client.HTTPSConnection(srv.squid[0], srv.squid[1], timeout=30, context=srv.ctx,
                                           source_address=(SIDECAR_SOURCE_IP, 0))
        conn.set_tunnel(srv.upstream[0], srv.upstream[1])
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            log_event(srv.log, level="error", event="request_error", provider=srv.role, error=str(e))
            return self._send(502, {"error": "Proxy error", "message": str(e)})
        finally:
            conn.close()
        log_event(srv.log, level="info", event="request_complete", provider=srv.role, status=r.status,
                  upstream_host=srv.upstream[0])
        self._send(r.status, data, r.getheaders())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--role", choices=["openai", "copilot"], required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--squid", required=True, help="Squid host:port (the sidecar's HTTPS_PROXY)")
    ap.add_argument("--upstream-host", required=True)
    ap.add_argument("--upstream-port", type=int, required=True)
    ap.add_argument("--cacert", required=True)
    ap.add_argument("--key", default="", help="the real key to inject; empty = this port is not configured")
    ap.add_argument("--log", default=None)
    ap.add_argument("--also-configured", action="append", default=[],
                    help="another provider this sidecar serves (its management /health says providers.<p> = true)")
    ap.add_argument("--max-lifetime", type=float, default=6 * 3600)
    a = ap.parse_args()
    shost, _, sport = a.squid.rpartition(":")
    for host in ("127.0.0.1", shost):
        if not ipaddress.ip_address(host).is_loopback:
            sys.exit("provider_port_double: refusing a non-loopback address %s" % host)
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.role, srv.key, srv.squid = a.role, a.key.strip(), (shost, int(sport))
    srv.also_configured = set(a.also_configured)
    srv.upstream, srv.log, srv.requests, srv.lock = (a.upstream_host, a.upstream_port), a.log, 0, threading.Lock()
    srv.ctx = ssl.create_default_context(cafile=a.cacert)
    log_event(a.log, level="info", event="startup", provider=a.role, port=a.port, configured=bool(srv.key))
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=srv.shutdown, daemon=True).start())
    life = threading.Timer(a.max_lifetime, srv.shutdown)
    life.daemon = True
    life.start()
    srv.serve_forever(poll_interval=0.2)
    srv.server_close()


if __name__ == "__main__":
    main()
