#!/usr/bin/env python3
"""Loopback test server that misbehaves on purpose (tests/net).

    python3 hostile_server.py --port 0 --mode MODE [--lifetime 30]

Prints the port it listens on (127.0.0.1) as the first stdout line, then serves every connection
in its own thread until --lifetime seconds have passed, and exits by itself.

Modes:
  ok            200 JSON (echoes method, path, lower-cased request headers, body length) with
                `X-Lab: ok`. Path /continue sends a `100 Continue` block first; /redirect answers
                302 with a Location. A TLS ClientHello gets a plain-text 400 (so https:// fails TLS).
  reset         reads the request, then closes with SO_LINGER 0 (RST)
  empty         reads the request, then closes without a reply (FIN)
  hang          accepts, never answers
  flood         200 without Content-Length and an endless body; closes after --flood-bytes
  slow-headers  status line, then one header line per second (never finishes within 20 s)
  connect-403   HTTP proxy refusing CONNECT like Squid: 403, X-Squid-Error, Server: squid, HTML
  connect-200   HTTP proxy answering CONNECT with 200, then closing the tunnel at once
  deep-json     every request: 503 whose JSON body's "error" is `[` x 60,000 then `]` x 60,000
  echo-auth     every request: 200 JSON echoing the Authorization and Proxy-Authorization headers
                verbatim in the body and in `X-Echo-Authorization` (a peer echoing a credential back)
  echo-escaped  every request: 401 JSON quoting the x-api-key, Authorization and Proxy-Authorization
                credentials (scheme removed) with their bytes escaped: every byte as %XX and %xx, as
                HTML &#DDD; and &#xHH; references, some bytes as JSON u-escapes (in the parsed message,
                so the body holds them escaped twice), and all of these mixed; the same forms in
                `X-Echo-Escaped` (a gateway reflecting what it received, new-user test 13 F10)
  garbage       reads the request, answers bytes that are no HTTP status line, closes
  http09        reads the request, answers a bare body with no status line (HTTP/0.9 style), closes
  connect-407   HTTP proxy demanding credentials: 407 with Proxy-Authenticate: Basic, like Squid with
                an auth_param (every request, CONNECT or not)
  go-https-400  reads the request, answers `HTTP/1.0 400 Bad Request` with the body "Client sent an HTTP
                request to an HTTPS server." (Go net/http's answer to plain HTTP on its TLS port), closes
  tls           TLS server (a throwaway self-signed certificate made with the openssl CLI at start)
                serving `ok` inside; a plain HTTP request is dropped by the handshake
  proxy-ok      HTTP proxy answering CONNECT with 200 (`X-Proxy: lab`, `X-Proxy-Saw: <names of the
                CONNECT request's headers>`), then serving `ok` inside
                the tunnel (plain HTTP only); a non-CONNECT request is answered like `ok`
"""
import argparse
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

MAX_HEAD = 64 * 1024


def read_head(conn, buf=b""):
    """Reads up to the end of the header block; returns (head, rest) or (None, buf) on EOF/TLS."""
    while b"\r\n\r\n" not in buf:
        if buf[:1] == b"\x16":  # TLS handshake record: not HTTP
            return None, buf
        if len(buf) > MAX_HEAD:
            return None, buf
        chunk = conn.recv(65536)
        if not chunk:
            return None, buf
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def parse_head(head):
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    method = parts[0] if parts else ""
    target = parts[1] if len(parts) > 1 else ""
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers.setdefault(k.strip().lower(), v.strip())
    return method, target, headers


def read_body(conn, headers, rest):
    n = int(headers.get("content-length", "0") or 0)
    while len(rest) < n:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return rest[:n], rest[n:]


def send_ok(conn, method, target, headers, body_len):
    path = target
    if "://" in path:  # absolute-form (request through a proxy)
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    if path.startswith("/redirect"):
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n")
        return
    if path.startswith("/continue"):
        conn.sendall(b"HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")
    payload = json.dumps({"ok": True, "method": method, "target": target, "path": path,
                          "headers": headers, "body_len": body_len}).encode()
    head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Lab: ok\r\n"
            "Content-Length: %d\r\n\r\n" % len(payload)).encode()
    conn.sendall(head if method == "HEAD" else head + payload)


def serve_http_ok(conn, buf=b""):
    """Keep-alive loop answering requests like mode `ok`; returns on EOF."""
    while True:
        head, rest = read_head(conn, buf)
        if head is None:
            if rest[:1] == b"\x16":
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        method, target, headers = parse_head(head)
        body, buf = read_body(conn, headers, rest)
        send_ok(conn, method, target, headers, len(body))


FORBIDDEN_HTML = (b"<!DOCTYPE html><html><head><title>ERROR: The requested URL could not be retrieved"
                  b"</title></head><body><h1>ERROR</h1><p>Access Denied.</p></body></html>\n")


def handle(conn, mode, flood_bytes):
    if mode == "ok":
        serve_http_ok(conn)
        return
    if mode == "hang":
        time.sleep(3600)  # the process lifetime ends it
        return
    head, rest = read_head(conn)
    if head is None:
        return
    method, target, headers = parse_head(head)
    if mode == "reset":
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    elif mode == "empty":
        conn.shutdown(socket.SHUT_RDWR)
    elif mode == "flood":
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
        chunk = b"x" * 65536
        sent = 0
        while sent < flood_bytes:
            conn.sendall(chunk)
            sent += len(chunk)
        conn.shutdown(socket.SHUT_WR)
    elif mode == "slow-headers":
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for i in range(20):
            time.sleep(1)
            conn.sendall(b"X-Slow-%d: %d\r\n" % (i, i))
        conn.sendall(b"Content-Length: 0\r\n\r\n")
    elif mode == "connect-403":
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nServer: squid\r\nMime-Version: 1.0\r\n"
                     b"Content-Type: text/html;charset=utf-8\r\nContent-Length: %d\r\n"
                     b"X-Squid-Error: ERR_ACCESS_DENIED 0\r\nVary: Accept-Language\r\n"
                     b"Content-Language: en\r\nConnection: close\r\n\r\n" % len(FORBIDDEN_HTML)
                     + FORBIDDEN_HTML)
        conn.shutdown(socket.SHUT_WR)
    elif mode == "deep-json":
        body, rest = read_body(conn, headers, rest)
        payload = b'{"status":"not_configured","error":' + b"[" * 60000 + b"]" * 60000 + b"}"
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(payload) + payload)
    elif mode == "echo-auth":
        body, rest = read_body(conn, headers, rest)
        auth = headers.get("authorization", "") + " " + headers.get("proxy-authorization", "")
        payload = json.dumps({"error": {"type": "echo", "message": "you sent " + auth}}).encode()
        conn.sendall(("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                      "X-Echo-Authorization: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                      % (auth.strip(), len(payload))).encode() + payload)
    elif mode == "echo-escaped":
        body, rest = read_body(conn, headers, rest)
        forms = []
        for name in ("x-api-key", "authorization", "proxy-authorization"):
            v = headers.get(name, "")
            v = v.split(" ", 1)[1] if " " in v else v
            if v:
                forms += escaped_forms(v)
        payload = json.dumps({"type": "error", "error": {"type": "authentication_error",
                                                         "message": "you sent " + " | ".join(forms)}}).encode()
        conn.sendall(("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                      "X-Echo-Escaped: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                      % (" ".join(forms)[:4000], len(payload))).encode() + payload)
    elif mode == "garbage":
        conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 \x00\xff\x01 not http\r\n\r\n")
        conn.shutdown(socket.SHUT_WR)
    elif mode == "http09":
        conn.sendall(b"hello from a server without a status line\n")
        conn.shutdown(socket.SHUT_WR)
    elif mode == "connect-407":
        page = b"<html><body>ERR_CACHE_ACCESS_DENIED</body></html>\n"
        conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\nServer: squid\r\n"
                     b"Proxy-Authenticate: Basic realm=\"lab\"\r\nX-Squid-Error: ERR_CACHE_ACCESS_DENIED 0\r\n"
                     b"Content-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(page)
                     + page)
        conn.shutdown(socket.SHUT_WR)
    elif mode == "go-https-400":
        # Go net/http's answer to a plain-HTTP request on its TLS port: a bare HTTP/1.0 400, the body ends at close
        conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
        conn.shutdown(socket.SHUT_WR)
    elif mode == "connect-200":
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        conn.shutdown(socket.SHUT_RDWR)
    elif mode == "proxy-ok":
        if method == "CONNECT":
            saw = ",".join(sorted(headers)).encode()
            conn.sendall(b"HTTP/1.1 200 Connection established\r\nX-Proxy: lab\r\n"
                         b"X-Proxy-Saw: " + saw + b"\r\n\r\n")
            serve_http_ok(conn, rest)
        else:
            body, rest = read_body(conn, headers, rest)
            send_ok(conn, method, target, headers, len(body))
            serve_http_ok(conn, rest)


def escaped_forms(v):
    """`v` with its bytes escaped in the ways a reflecting peer may print them (mode echo-escaped)."""
    b = v.encode()
    mixed = "".join(("%%%02X" % c, "&#%d;" % c, chr(c), "\\u%04x" % c, "&#x%x;" % c)[i % 5] for i, c in enumerate(b))
    return ["".join("%%%02X" % c for c in b), "".join("%%%02x" % c for c in b), "".join("&#%d;" % c for c in b),
            "".join("&#x%x;" % c for c in b), v.replace("-", "\\u002d"), mixed]


def handle_tls(conn, tls_ctx):
    try:
        tls = tls_ctx.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError):
        return
    try:
        serve_http_ok(tls)
    finally:
        tls.close()


def make_tls_context():
    """Self-signed certificate for 127.0.0.1, made for this process only (openssl CLI)."""
    tdir = tempfile.mkdtemp(prefix="hostile-tls-")
    key, cert = os.path.join(tdir, "key.pem"), os.path.join(tdir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    shutil.rmtree(tdir, ignore_errors=True)
    return ctx


def worker(conn, mode, flood_bytes, tls_ctx=None):
    try:
        if tls_ctx is not None:
            handle_tls(conn, tls_ctx)
            return
        handle(conn, mode, flood_bytes)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--mode", required=True,
                    choices=["ok", "reset", "empty", "hang", "flood", "slow-headers", "connect-403",
                             "connect-200", "proxy-ok", "deep-json", "echo-auth", "echo-escaped", "garbage", "http09",
                             "connect-407", "go-https-400", "tls"])
    ap.add_argument("--lifetime", type=float, default=30.0, help="seconds until the server exits")
    ap.add_argument("--flood-bytes", type=int, default=50 * 1024 * 1024)
    args = ap.parse_args()

    # Bounded lifetime whatever happens to the parent.
    timer = threading.Timer(args.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()

    tls_ctx = make_tls_context() if args.mode == "tls" else None
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", args.port))
    srv.listen(64)
    print(srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=worker, args=(conn, args.mode, args.flood_bytes, tls_ctx), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
