#!/usr/bin/env python3
"""awf-diag loopback lab: a real Squid, an api-proxy double and an api.anthropic.com double on 127.0.0.1.

  python3 tests/lab/lab.py start  --dir DIR [--fault NAME]   start everything, write DIR/lab.env, print its path
  python3 tests/lab/lab.py stop   --dir DIR                  stop every process recorded in DIR/pids (idempotent)
  python3 tests/lab/lab.py status --dir DIR                  exit 0 when every recorded process is alive
  python3 tests/lab/lab.py faults                            list the fault names

Chain: agent/tool --HTTP--> api-proxy double 127.0.0.1:P --CONNECT (from 127.0.0.30)--> Squid 127.0.0.1:S
       --TCP (hosts_file: api.anthropic.com = 127.0.0.1)--> upstream double https://api.anthropic.com:U
See docs/lab.md. Python 3.11 stdlib only; loopback only; every wait is bounded.
"""
import argparse
import hashlib
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lab_agent import GATEWAY_KEY, PLACEHOLDER_KEY, write_agent_side  # noqa: E402  (the agent's side)
import lab_providers  # noqa: E402  (the OpenAI/Codex and Copilot routes)
UPSTREAM_HOST = "api.anthropic.com"
SIDECAR_IP = "127.0.0.30"
AGENT_IP = "127.0.0.1"
REAL_KEY = "test-real-anthropic-key-0001"
REVOKED_KEY = "test-revoked-anthropic-key-0009"
FIREWALL_DETAILED = '%ts.%03tu %>a:%>p %{Host}>h %<a:%<p %rv %rm %>Hs %Ss:%Sh %ru "%{User-Agent}>h"'

FAULTS = {
    "none": "healthy chain: POST {} through the sidecar -> 400 invalid_request_error with request-id",
    "untrimmed-key": "R01 / awf v0.25.x: sidecar key ends in a newline; every proxied request is reset (TCP RST), "
                     "no CONNECT; /health stays 200 (service anthropic-proxy); old token placeholder in agent.env",
    "sidecar-cert-untrusted": "the sidecar does not trust the lab CA: every proxied request -> its own 502 Proxy "
                              "error 'unable to verify the first certificate' (issue 5)",
    "sidecar-crash": "awf v0.25.5: sidecar key ends in a newline and the first proxied request ends its process "
                     "(reset, then both its ports refuse); management /health has no key_validation (issue 5)",
    "key-inner-char": "awf HEAD: the sidecar's key holds U+200B inside (trim keeps it); management /health says "
                      "key_validation network_error 'Invalid character in header content'; the first proxied "
                      "request ends the process (issue 5)",
    "revoked-key": "sidecar injects test-revoked-anthropic-key-0009; the upstream answers 401 authentication_error",
    "not-configured": "sidecar has no key: proxied requests -> 403 provider_not_configured, /health -> 503",
    "squid-deny-sidecar": "allow-list without api.anthropic.com and no from_api_proxy exemption: every CONNECT "
                          "to api.anthropic.com -> 403 TCP_DENIED (relayed by the sidecar)",
    "squid-deny-agent": "sidecar exempt, allow-list without api.anthropic.com: the tool's own CONNECT from "
                        "127.0.0.1 -> 403, the sidecar's works",
    "proxy-down": "everything but the api-proxy double; its port is reserved in lab.env, nothing listens",
    "upstream-down": "everything but the upstream double: Squid's connect fails -> 503 (ERR_CONNECT_FAIL)",
    "squid-dns-fail": "hosts_file lacks api.anthropic.com and Squid's DNS server (a silent one on 127.0.53.x:53) "
                      "never answers: CONNECT fails after ~3 s (dns_timeout; then negative-cached for 1 s) with "
                      "Squid 5.7's 500 ERR_CANNOT_FORWARD, NONE_NONE:HIER_NONE, dest -:- (awf's Squid: 503 ERR_DNS_FAIL, R14)",
    "sse-buffered": "the sidecar holds each response until it is complete (SSE arrives all at once, R19)",
    "sse-data-only": "the sidecar drops `event:` lines from SSE bodies",
    "sse-truncated": "the upstream's stream breaks after the first content_block_delta (no message_stop, no final "
                     "chunk); the sidecar then resets the client connection",
    "sse-midstream-error": "the upstream answers 200 text/event-stream, then after two deltas `event: error` "
                           "api_error and ends the stream",
    "stream-options-400": "R18: the sidecar adds stream_options.include_usage to streaming bodies; the upstream "
                          "answers 400 invalid_request_error naming stream_options",
    "beta-rejected": "R22: the upstream answers 400 'Unexpected value(s) `context-1m-2025-08-07` for the "
                     "`anthropic-beta` header' to any request carrying that value",
    "path-not-served": "R25: healthy chain, but the agent's client (Pi, models.json api openai-completions) posts "
                       "/chat/completions, which the sidecar forwards and the upstream answers 404 not_found_error; "
                       "DIR/client-profile.json holds that request for --client-profile",
    "sidecar-refuses-beta": "issue 6: the sidecar itself answers 400 to a request whose anthropic-beta holds "
                            "interleaved-thinking-2025-05-14 (one of Claude Code 2.1.88's values); nothing forwarded",
    "gateway-refuses-query": "issue 6: the hop at the base URL answers 404 to any path with a query string "
                             "(Claude Code's ?beta=true); nothing forwarded",
    "gateway-prefers-authorization": "R29: a LiteLLM-like gateway in the sidecar's place authenticates with "
                                     "Authorization before x-api-key: both headers -> 401 auth_error; agent env "
                                     "has ANTHROPIC_API_KEY=test-gateway-key-0001 + ANTHROPIC_AUTH_TOKEN",
    "gateway-healthy": "a working gateway topology (issue 5): the same gateway in the sidecar's place, the agent "
                       "env holds only ANTHROPIC_BASE_URL + ANTHROPIC_API_KEY=test-gateway-key-0001 (no awf "
                       "markers, no proxy variables); every request is forwarded and answered by the upstream",
    "gateway-helper": "the same gateway; the agent's only credential is an apiKeyHelper printing the gateway key "
                      "(no key variable, no awf markers): every request is forwarded (new-user test F24)",
    "gateway-helper-wrong-key": "the same gateway; the agent's apiKeyHelper prints a key the gateway does not know "
                                "(test-wrong-gateway-key-0002): every request -> the gateway's own 401 (F24)",
}
FAULTS.update(lab_providers.FAULTS)
PROXY_FAULTS = {"untrimmed-key", "sidecar-cert-untrusted", "sidecar-crash", "key-inner-char", "revoked-key", "not-configured", "sse-buffered",
                "sse-data-only",
                "stream-options-400", "gateway-prefers-authorization", "gateway-healthy", "sidecar-refuses-beta", "gateway-refuses-query",
                "gateway-helper", "gateway-helper-wrong-key"}
UPSTREAM_FAULTS = {"sse-truncated", "sse-midstream-error"}
REJECTED_BETA = "context-1m-2025-08-07"  # R22


# Files/dirs a start creates in DIR (removed by the next start, never anything else).
GENERATED = ["squid", "home", "logs", "lab.env", "agent.env", "pids", "client-profile.json",
             "ca.pem", "ca.key", "server.pem", "server.key", "server.csr", "server.ext"] + lab_providers.GENERATED
READY_TIMEOUT_S = 10.0
STOP_TERM_WAIT_S = 5.0
STOP_KILL_WAIT_S = 5.0


def log(msg):
    print("lab: " + msg, file=sys.stderr, flush=True)


def fingerprint(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# processes
# ---------------------------------------------------------------------------------------------
def read_pids(d):
    out = []
    try:
        with open(os.path.join(d, "pids")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    out.append((parts[0], int(parts[1])))
    except FileNotFoundError:
        pass
    return out


def append_pid(d, name, pid):
    with open(os.path.join(d, "pids"), "a") as f:
        f.write("%s %d\n" % (name, pid))


def proc_state(pid):
    """'R','S','Z',… or None when the pid does not exist."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
        return data[data.rindex(")") + 2]
    except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
        return None


def alive(pid):
    st = proc_state(pid)
    return st is not None and st not in ("Z", "X")


def belongs_to(pid, d):
    """True when the process's command line names the lab dir (guards against recycled pids)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return False
    cmd += " "
    return (d + "/") in cmd or (d + " ") in cmd


def reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    except OSError:
        pass


def signal_proc(pid, sig):
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)  # own session/group (start_new_session): helpers too
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_gone(pids, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for p in pids:
            reap(p)
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


def stop_pids(d, entries):
    targets = []
    for name, pid in entries:
        if alive(pid) and belongs_to(pid, d):
            targets.append(pid)
        elif alive(pid):
            log("pid %d (%s) is alive but not this lab's (recycled pid?): left alone" % (pid, name))
    for p in targets:
        signal_proc(p, signal.SIGTERM)
    left = wait_gone(targets, STOP_TERM_WAIT_S)
    for p in left:
        log("pid %d did not exit after SIGTERM; SIGKILL" % p)
        signal_proc(p, signal.SIGKILL)
    left = wait_gone(left, STOP_KILL_WAIT_S)
    return left


def cmd_stop(d, quiet=False):
    d = os.path.realpath(d)
    entries = read_pids(d)
    left = stop_pids(d, entries)
    if left:
        log("still alive after SIGKILL: %s" % left)
        return 1
    try:
        os.remove(os.path.join(d, "pids"))
    except FileNotFoundError:
        pass
    if not quiet:
        log("stopped %d process(es) in %s" % (len(entries), d))
    return 0


def cmd_status(d):
    d = os.path.realpath(d)
    entries = read_pids(d)
    if not entries:
        print("no lab running in %s" % d)
        return 1
    ok = True
    for name, pid in entries:
        up = alive(pid) and belongs_to(pid, d)
        ok &= up
        print("%-10s pid %-7d %s" % (name, pid, "running" if up else "NOT RUNNING"))
    env = os.path.join(d, "lab.env")
    if os.path.exists(env):
        print("env: %s" % env)
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------------
# start helpers
# ---------------------------------------------------------------------------------------------
def free_ports(n):
    socks, ports = [], []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in socks:
            s.close()
    return ports


def listening(port):
    """True when some socket LISTENs on 127.0.0.1:port. Reads /proc/net/tcp instead of connecting, so the
    readiness check leaves no `transaction-end-before-headers` line in access.log and no TLS error in the
    upstream log."""
    want = "0100007F:%04X" % port
    try:
        with open("/proc/net/tcp") as f:
            next(f, None)
            for line in f:
                parts = line.split()
                if len(parts) > 3 and parts[1] == want and parts[3] == "0A":
                    return True
        return False
    except OSError:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd[:3]), r.returncode, r.stdout.decode(errors="replace")))


def make_tls(tdir):
    """CA made for this run + server cert for api.anthropic.com signed by it (EC P-256)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run(["openssl", "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "7",
         "-subj", "/O=awf-diag loopback lab/CN=awf-diag lab CA (this run only)",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"], tdir)
    run(["openssl", "req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + UPSTREAM_HOST], tdir)
    with open(os.path.join(tdir, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:%s\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" % UPSTREAM_HOST)
    run(["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-set_serial", "0x%x" % int.from_bytes(os.urandom(8), "big"), "-days", "7",
         "-extfile", "server.ext", "-out", "server.pem"], tdir)
    for p in ("ca.key", "server.key"):
        os.chmod(os.path.join(tdir, p), 0o600)


def squid_conf(d, fault, squid_port, upstream_port, proxy_port, dns_server="127.0.0.1", provider_port=0):
    sq = os.path.join(d, "squid")
    sidecar_exempt = fault != "squid-deny-sidecar"
    if fault in ("squid-deny-sidecar", "squid-deny-agent"):
        domains = ".github.com"
    else:
        domains = ".api.anthropic.com .github.com" + "".join(" ." + h for h in lab_providers.HOSTS)
    lines = [
        "# awf-diag loopback lab - generated by tests/lab/lab.py (fault: %s). Loopback only." % fault,
        "visible_hostname awf-lab-squid",
        "http_port 127.0.0.1:%d" % squid_port,
        "pid_filename %s/squid.pid" % sq,
        "cache_log %s/cache.log" % sq,
        "logformat firewall_detailed " + FIREWALL_DETAILED,
        "access_log stdio:%s/access.log firewall_detailed" % sq,
        "logfile_rotate 0",
        "buffered_logs off",
        "",
        "# name resolution: hosts_file only; DNS goes nowhere but loopback (nothing answers there)",
        "hosts_file %s/hosts" % sq,
        "dns_nameservers %s" % dns_server,
    ]
    if fault == "squid-dns-fail":
        lines += ["dns_timeout 2 seconds", "dns_retransmit_interval 1 seconds", "negative_dns_ttl 1 seconds"]
    lines += [
        "",
        "cache deny all",
        "cache_mem 8 MB",
        "memory_pools off",
        "shutdown_lifetime 0 seconds",
        "via off",
        "forwarded_for delete",
        "connect_timeout 5 seconds",
        "read_timeout 5 minutes",
        "request_timeout 1 minute",
        "coredump_dir %s" % sq,
        "pinger_enable off",
        "netdb_filename none",
        "icp_port 0",
        "htcp_port 0",
        "",
        "# ACLs in awf's order (domain.md section 5); the upstream listens on %d, the sidecar on %d" % (upstream_port, proxy_port),
        "acl Safe_ports port 80 443 %d %d %d" % (upstream_port, proxy_port, provider_port or upstream_port),
        "acl SSL_ports port 443 %d %d" % (upstream_port, provider_port or upstream_port),
        "http_access deny !Safe_ports",
        "http_access deny CONNECT !SSL_ports",
    ]
    if sidecar_exempt:
        lines += ["# the sidecar is exempt from the domain allow-list (awf >= v0.27.2)",
                  "acl from_api_proxy src %s/32" % SIDECAR_IP,
                  "http_access allow from_api_proxy"]
    lines += [
        "acl allowed_domains dstdomain %s" % domains,
        "http_access deny !allowed_domains",
        "http_access allow localhost",
        "http_access deny all",
        "",
    ]
    return "\n".join(lines)


def check_traversable(path, user):
    """Squid drops to `proxy`: every ancestor of its dir must be searchable by that user."""
    p = os.path.abspath(path)
    while True:
        st = os.stat(p)
        if not (st.st_mode & stat.S_IXOTH) and st.st_uid != user.pw_uid:
            raise RuntimeError("%s is not searchable by user %s (mode %o); Squid could not write its logs. "
                               "Use a lab dir whose parents are world-searchable (e.g. chmod o+x %s)"
                               % (p, user.pw_name, stat.S_IMODE(st.st_mode), p))
        parent = os.path.dirname(p)
        if parent == p:
            return
        p = parent


def open_blackhole_socket():
    """A UDP socket on <loopback>:53 for a DNS server that never answers (R14's silent resolver).
    Squid then times out (dns_timeout) instead of failing fast on an ICMP port-unreachable."""
    for last in range(1, 60):
        addr = "127.0.53.%d" % last
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind((addr, 53))
            return s, addr
        except OSError:
            s.close()
    raise RuntimeError("no free 127.0.53.x:53 for the silent DNS server")


def cmd_dns_blackhole(fd, max_s):
    """Reads DNS queries and drops them; exits on SIGTERM or after max_s seconds."""
    s = socket.socket(fileno=fd)
    s.settimeout(1.0)
    end = time.monotonic() + max_s
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while time.monotonic() < end:
        try:
            s.recvfrom(4096)
        except socket.timeout:
            pass
    return 0


def tail(path, n=25):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no %s)\n" % path


# ---------------------------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------------------------
def cmd_start(d, fault, sse_gap):
    t_start = time.monotonic()
    d = os.path.realpath(d)
    os.makedirs(d, exist_ok=True)
    cmd_stop(d, quiet=True)  # a previous lab in the same dir
    for name in GENERATED:
        p = os.path.join(d, name)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        elif os.path.lexists(p):
            os.remove(p)

    procs = []  # (name, Popen)
    try:
        is_root = os.geteuid() == 0
        proxy_user = pwd.getpwnam("proxy") if is_root else None
        if is_root:
            os.chmod(d, 0o755)
            check_traversable(d, proxy_user)
        squid_bin = shutil.which("squid") or "/usr/sbin/squid"
        if not os.path.exists(squid_bin):
            raise RuntimeError("squid not found (apt-get install squid; scripts/bootstrap --deps)")

        proxy_port, squid_port, upstream_port, mgmt_port, *provider_ports = free_ports(7)
        sq = os.path.join(d, "squid")
        logs = os.path.join(d, "logs")
        tdir = d
        for p in (sq, logs):
            os.makedirs(p, exist_ok=True)
        make_tls(tdir)
        cacert = os.path.join(tdir, "ca.pem")

        # Squid files
        with open(os.path.join(sq, "hosts"), "w") as f:
            f.write("# api.anthropic.com is the upstream double on this machine\n")
            if fault != "squid-dns-fail":
                f.write("127.0.0.1 %s\n" % UPSTREAM_HOST + lab_providers.hosts_lines())
        dns_server, dns_sock = "127.0.0.1", None
        if fault == "squid-dns-fail" and is_root:
            dns_sock, dns_server = open_blackhole_socket()
        conf = os.path.join(sq, "squid.conf")
        with open(conf, "w") as f:
            f.write(squid_conf(d, fault, squid_port, upstream_port, proxy_port, dns_server, provider_ports[0]))
        for name in ("access.log", "cache.log"):
            open(os.path.join(sq, name), "a").close()
        if is_root:
            for root, dirs, files in os.walk(sq):
                os.chown(root, proxy_user.pw_uid, proxy_user.pw_gid)
                for fn in files:
                    os.chown(os.path.join(root, fn), proxy_user.pw_uid, proxy_user.pw_gid)

        proxy_key = {"revoked-key": REVOKED_KEY, "not-configured": "",
                     "untrimmed-key": REAL_KEY + "\n", "sidecar-crash": REAL_KEY + "\n",
                     "key-inner-char": REAL_KEY.replace("key-", "key-\u200b")}.get(fault, REAL_KEY)
        proxy_log = os.path.join(logs, "api-proxy.log")
        upstream_log = os.path.join(logs, "upstream.log")
        upstream_record = os.path.join(logs, "upstream-requests.jsonl")
        for p in (proxy_log, upstream_log, upstream_record):
            open(p, "a").close()

        def spawn(name, argv, pass_fds=()):
            out = open(os.path.join(logs, name + ".out"), "ab")
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                 start_new_session=True, close_fds=True, cwd=d, pass_fds=pass_fds)
            out.close()
            procs.append((name, p))
            append_pid(d, name, p.pid)
            return p

        py = sys.executable or "python3"
        waits = []  # (name, port)
        if dns_sock is not None:
            spawn("dns-blackhole", [py, os.path.abspath(__file__), "dns-blackhole", "--dir", d,
                                    "--fd", str(dns_sock.fileno())], pass_fds=(dns_sock.fileno(),))
            dns_sock.close()
        if fault != "upstream-down":
            spawn("upstream", [py, os.path.join(HERE, "upstream_double.py"), "--port", str(upstream_port),
                               "--cert", os.path.join(tdir, "server.pem"), "--key-file", os.path.join(tdir, "server.key"),
                               "--key", REAL_KEY, "--log", upstream_log, "--sse-gap", str(sse_gap),
                               "--record", upstream_record,
                               "--fault", fault if fault in UPSTREAM_FAULTS else "none",
                               "--reject-beta", REJECTED_BETA if fault == "beta-rejected" else ""])
            waits.append(("upstream", upstream_port))
        if fault != "proxy-down":
            argv = [py, os.path.join(HERE, "api_proxy_double.py"), "--port", str(proxy_port),
                    "--squid", "127.0.0.1:%d" % squid_port, "--upstream-host", UPSTREAM_HOST,
                    "--upstream-port", str(upstream_port), "--cacert", cacert, "--log", proxy_log,
                    "--fault", fault if fault in PROXY_FAULTS else "none", "--management-port", str(mgmt_port)]
            if proxy_key:
                argv += ["--key", proxy_key]
            spawn("api-proxy", argv)
            waits.append(("api-proxy", proxy_port))
        if fault in lab_providers.FAULTS:
            waits += lab_providers.spawn_all(spawn, py, HERE, d, fault, squid_port, provider_ports, cacert, logs)
        squid = spawn("squid", [squid_bin, "-N", "-f", conf])
        waits.append(("squid", squid_port))

        # wait (bounded) until each listens
        end = time.monotonic() + READY_TIMEOUT_S
        pending = list(waits)
        while pending and time.monotonic() < end:
            for name, p in procs:
                if p.poll() is not None:
                    raise RuntimeError("%s exited during start-up (code %s)" % (name, p.returncode))
            pending = [(n, port) for n, port in pending if not listening(port)]
            if pending:
                time.sleep(0.05)
        if pending:
            raise RuntimeError("not listening after %.0f s: %s" % (READY_TIMEOUT_S,
                               ", ".join("%s on 127.0.0.1:%d" % w for w in pending)))

        home, helper, agent_env = write_agent_side(d, fault, proxy_port, squid_port)
        if fault in lab_providers.FAULTS:
            agent_env = lab_providers.write_agent_env(d, fault, home, provider_ports, squid_port, proxy_port)
        pid_of = {n: p.pid for n, p in procs}
        env = [
            ("LAB_DIR", d),
            ("LAB_FAULT", fault),
            ("LAB_BASE_URL", "http://127.0.0.1:%d" % proxy_port),
            ("LAB_PROXY_PORT", proxy_port),
            # What to pass as --management-url for this fault. awf's management port is its port 10000,
            # the OpenAI port (domain.md section 1): on the provider faults the OpenAI port double serves
            # it (its /health knows providers.openai), and the Anthropic double's own management port
            # would say providers.openai = false (new-user test 13 F7).
            ("LAB_MANAGEMENT_URL", "http://127.0.0.1:%d" % (provider_ports[1] if fault in lab_providers.FAULTS
                                                            else mgmt_port)),
            ("LAB_ANTHROPIC_MANAGEMENT_URL", "http://127.0.0.1:%d" % mgmt_port),
            ("LAB_SQUID_URL", "http://127.0.0.1:%d" % squid_port),
            ("LAB_SQUID_PORT", squid_port),
            ("LAB_UPSTREAM_URL", "https://%s:%d" % (UPSTREAM_HOST, upstream_port)),
            ("LAB_UPSTREAM_HOST", UPSTREAM_HOST),
            ("LAB_UPSTREAM_PORT", upstream_port),
            ("LAB_UPSTREAM_RESOLVE", "%s:%d:127.0.0.1" % (UPSTREAM_HOST, upstream_port)),
            ("LAB_CACERT", cacert),
            ("LAB_SIDECAR_IP", SIDECAR_IP),
            ("LAB_AGENT_IP", AGENT_IP),
            ("LAB_HOME", home),
            ("LAB_HELPER", helper),
            ("LAB_AGENT_ENV", agent_env),
            ("LAB_PLACEHOLDER_KEY", PLACEHOLDER_KEY),
            ("LAB_PROXY_KEY_FINGERPRINT", fingerprint(proxy_key) if proxy_key else ""),
            ("LAB_PROXY_KEY_LENGTH", len(proxy_key)),
            ("LAB_UPSTREAM_KEY_FINGERPRINT", fingerprint(REAL_KEY)),
            ("LAB_ACCESS_LOG", os.path.join(sq, "access.log")),
            ("LAB_CACHE_LOG", os.path.join(sq, "cache.log")),
            ("LAB_SQUID_CONF", conf),
            ("LAB_PROXY_LOG", proxy_log),
            ("LAB_UPSTREAM_LOG", upstream_log),
            ("LAB_UPSTREAM_RECORD", upstream_record),
            ("LAB_CLIENT_PROFILE", os.path.join(d, "client-profile.json") if fault in ("path-not-served", "beta-rejected") else ""),
            ("LAB_REJECTED_BETA", REJECTED_BETA if fault == "beta-rejected" else ""),
            ("LAB_GATEWAY_KEY_FINGERPRINT", fingerprint(GATEWAY_KEY) if fault in ("gateway-prefers-authorization", "gateway-healthy", "gateway-helper",
                                                                          "gateway-helper-wrong-key") else ""),
            ("LAB_SQUID_PID", pid_of.get("squid", "")),
            ("LAB_PROXY_PID", pid_of.get("api-proxy", "")),
            ("LAB_UPSTREAM_PID", pid_of.get("upstream", "")),
        ] + lab_providers.env_lines(d, fault, provider_ports)
        env_path = os.path.join(d, "lab.env")
        with open(env_path + ".tmp", "w") as f:
            f.writelines("%s=%s\n" % kv for kv in env)
        os.replace(env_path + ".tmp", env_path)
        log("up in %.2f s (fault %s): api-proxy :%d, squid :%d, upstream :%d"
            % (time.monotonic() - t_start, fault, proxy_port, squid_port, upstream_port))
        print(env_path)
        return 0
    except Exception as e:  # noqa: BLE001 - report any failure, clean up, exit 1
        log("start FAILED: %s" % e)
        for name, p in procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except OSError:
                    pass
        for name, p in procs:
            try:
                p.wait(timeout=STOP_TERM_WAIT_S)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                try:
                    p.wait(timeout=STOP_KILL_WAIT_S)
                except subprocess.TimeoutExpired:
                    log("pid %d (%s) would not die" % (p.pid, name))
        try:
            os.remove(os.path.join(d, "pids"))
        except FileNotFoundError:
            pass
        sys.stderr.write("---- tail of %s/squid/cache.log ----\n%s" % (d, tail(os.path.join(d, "squid", "cache.log"))))
        for name, _ in procs:
            out = os.path.join(d, "logs", name + ".out")
            if os.path.exists(out) and os.path.getsize(out) > 0:
                sys.stderr.write("---- tail of %s ----\n%s" % (out, tail(out, 10)))
        sys.stderr.flush()
        return 1


def main():
    ap = argparse.ArgumentParser(description="awf-diag loopback lab (docs/lab.md)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start", help="start the lab, write DIR/lab.env, print its path")
    s.add_argument("--dir", required=True)
    s.add_argument("--fault", default="none", choices=sorted(FAULTS))
    s.add_argument("--sse-gap", type=float, default=0.05, help="seconds between SSE deltas (upstream)")
    for name in ("stop", "status"):
        p = sub.add_parser(name)
        p.add_argument("--dir", required=True)
    sub.add_parser("faults", help="list fault names")
    b = sub.add_parser("dns-blackhole", help=argparse.SUPPRESS)  # internal (fault squid-dns-fail)
    b.add_argument("--dir", required=True)
    b.add_argument("--fd", type=int, required=True)
    b.add_argument("--max-s", type=float, default=6 * 3600)
    a = ap.parse_args()
    if a.cmd == "start":
        sys.exit(cmd_start(a.dir, a.fault, a.sse_gap))
    if a.cmd == "stop":
        sys.exit(cmd_stop(a.dir))
    if a.cmd == "status":
        sys.exit(cmd_status(a.dir))
    if a.cmd == "dns-blackhole":
        sys.exit(cmd_dns_blackhole(a.fd, a.max_s))
    for k in sorted(FAULTS):
        print("%-20s %s" % (k, FAULTS[k]))


if __name__ == "__main__":
    main()
