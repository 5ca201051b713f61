#!/usr/bin/env python3
"""Runs the real Claude Code CLI against loopback recording doubles and prints what it sent, as JSON.

  python3 tests/lab/realclient.py --cli PKG/cli.js --dir DIR [--timeout S]

Isolation (nothing may leave the machine): the script re-executes itself under `unshare -n` (a fresh
network namespace with only `lo`) and refuses to start the client when a non-loopback address is
reachable. Inside: an upstream double in plain-HTTP recording mode on 127.0.0.1 as ANTHROPIC_BASE_URL
(HEAD / -> 200, every POST -> Anthropic-shaped 401 because the placeholder is not its key), a second
recording double as HTTP_PROXY/HTTPS_PROXY (records any CONNECT the client tries), a temporary HOME
whose ~/.claude/settings.json names an apiKeyHelper that prints awf's placeholder, ANTHROPIC_AUTH_TOKEN
set to test-auth-token-0001, CLAUDE_CODE_MAX_RETRIES=1, DISABLE_TELEMETRY=1, DISABLE_ERROR_REPORTING=1,
CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 (domain.md section 7), and `timeout` around the client.

`--base-cmd CMD` runs CMD (split like a shell would, `{port}` replaced by a free port) as the base URL's
server instead of the recording double, e.g. `awf-diag capture --listen 127.0.0.1:{port} -o json`; after
the client exits it gets SIGINT and its stdout, stderr and exit code are added as `base_cmd`
{"stdout", "stderr", "exit_code"} (base_requests is then empty).

`--lab FAULT` also starts the loopback lab (tests/lab/lab.py: real Squid, api-proxy double, upstream
double) inside the same namespace with that fault, replaces `{forward}` in --base-cmd by the lab's
api-proxy URL (e.g. `awf-diag capture --listen 127.0.0.1:{port} --forward {forward} -o json`), adds
`lab` {"fault", "upstream_requests"} to the output and stops the lab, by its recorded pids, at the end.

Output (stdout, one JSON object): {"base_requests": [...], "proxy_requests": [...], "stream_json": [...],
"exit_code": N, "stderr_tail": "...", "fingerprints": {"helper_output": "sha256:...",
"auth_token": "sha256:..."}}. Requests are the double's --record lines (credential values fingerprinted).
Exit 0 when the client ran (whatever it printed); 3 when it could not be run or isolated.
"""
import argparse
import errno
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PLACEHOLDER_KEY = "sk-ant-placeholder-key-for-credential-isolation"
AUTH_TOKEN = "test-auth-token-0001"
API_KEY = "test-env-api-key-0001"
ISOLATED_ENV = "AWF_REALCLIENT_ISOLATED"


def fingerprint(v):
    return "sha256:" + hashlib.sha256(v.encode()).hexdigest()[:12]


def fail(msg):
    print("realclient: " + msg, file=sys.stderr, flush=True)
    sys.exit(3)


def outside_reachable():
    """True when a non-loopback address can be routed to (then we are not isolated)."""
    for addr in ("192.0.2.1", "1.1.1.1"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((addr, 9))  # UDP connect: a route lookup only, sends nothing
            return True
        except OSError as e:
            if e.errno not in (errno.ENETUNREACH, errno.EHOSTUNREACH):
                return True
        finally:
            s.close()
    return False


def isolate():
    if os.environ.get(ISOLATED_ENV) == "1":
        return
    unshare = shutil.which("unshare")
    if not unshare:
        fail("`unshare` not found: cannot isolate the real client from the network")
    argv = [sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
    inner = "ip link set lo up 2>/dev/null || true; exec \"$@\""
    for flags in (["-n"], ["-rn"]):
        probe = subprocess.run([unshare, *flags, "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode != 0:
            continue
        env = dict(os.environ, **{ISOLATED_ENV: "1"})
        sys.exit(subprocess.run([unshare, *flags, "sh", "-c", inner, "sh", *argv], env=env).returncode)
    fail("could not create a network namespace (unshare -n / -rn): refusing to run the real client")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_listening(port, proc, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def read_jsonl(path):
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        out.append({"unparsed": line[:500]})
    except FileNotFoundError:
        pass
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="path to @anthropic-ai/claude-code's cli.js")
    ap.add_argument("--dir", required=True, help="work dir (records, HOME)")
    ap.add_argument("--timeout", type=int, default=90)
    ap.add_argument("--accept", action="store_true",
                    help="the base double accepts the helper's placeholder as its key (answers 200 streams)")
    ap.add_argument("--credentials", default="token,helper",
                    help="comma list of the credential sources to configure: token (ANTHROPIC_AUTH_TOKEN), "
                         "helper (apiKeyHelper in ~/.claude/settings.json), api_key (ANTHROPIC_API_KEY)")
    ap.add_argument("--without", action="append", default=[], metavar="VAR",
                    help="leave this variable out of the client's environment (experiments)")
    ap.add_argument("--base-cmd", help="run this server as ANTHROPIC_BASE_URL ({port} = its port)")
    ap.add_argument("--lab", metavar="FAULT", help="start tests/lab/lab.py with this fault; {forward} = its api-proxy")
    a = ap.parse_args()
    a.cli = os.path.realpath(a.cli)
    if not os.path.isfile(a.cli):
        fail("no client at %s" % a.cli)
    node = shutil.which("node")
    if not node:
        fail("node not found")
    isolate()
    if outside_reachable():
        fail("a non-loopback address is routable here; refusing to run the real client")

    d = os.path.realpath(a.dir)
    home = os.path.join(d, "home")
    os.makedirs(os.path.join(home, ".claude"), exist_ok=True)
    helper = os.path.join(d, "get-claude-key.sh")
    with open(helper, "w") as f:
        f.write("#!/bin/sh\necho '[get-claude-key.sh] placeholder' >&2\necho '%s'\n" % PLACEHOLDER_KEY)
    os.chmod(helper, 0o755)
    sources = {c.strip() for c in a.credentials.split(",") if c.strip()}
    if sources - {"token", "helper", "api_key"}:
        fail("unknown credential source in %r" % a.credentials)
    with open(os.path.join(home, ".claude", "settings.json"), "w") as f:
        json.dump({"apiKeyHelper": helper} if "helper" in sources else {}, f)
    base_rec, proxy_rec = os.path.join(d, "base.jsonl"), os.path.join(d, "proxy.jsonl")
    procs = []
    base_cmd = None
    lab_dir = os.path.join(d, "lab") if a.lab else None
    forward = ""
    try:
        ports = {}
        if lab_dir:
            # Squid runs as `proxy` and must reach its log dir under DIR: make DIR searchable (no listing).
            os.chmod(d, os.stat(d).st_mode | 0o001)
            os.makedirs(lab_dir, exist_ok=True)
            r = subprocess.run([sys.executable, os.path.join(HERE, "lab.py"), "start", "--dir", lab_dir, "--fault", a.lab],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            if r.returncode != 0:
                fail("lab did not start: " + r.stderr.decode("utf-8", "replace")[-1500:])
            lab_env = dict(ln.split("=", 1) for ln in open(os.path.join(lab_dir, "lab.env")).read().splitlines()
                           if "=" in ln)
            forward = lab_env["LAB_BASE_URL"]
        if a.base_cmd:
            port = free_port()
            out_f = open(os.path.join(d, "base-cmd.out"), "wb")
            err_f = open(os.path.join(d, "base-cmd.err"), "wb")
            argv = [w.replace("{port}", str(port)).replace("{forward}", forward) for w in shlex.split(a.base_cmd)]
            base_cmd = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f)
            out_f.close()
            err_f.close()
            if not wait_listening(port, base_cmd):
                fail("--base-cmd did not listen on port %d" % port)
            ports["base"] = port
        for name, rec in (("base", base_rec), ("proxy", proxy_rec)):
            if name in ports:
                continue
            port = free_port()
            p = subprocess.Popen([sys.executable, os.path.join(HERE, "upstream_double.py"), "--plain", "--port",
                                  str(port), "--record", rec, "--log", os.path.join(d, name + ".log"),
                                  "--max-lifetime", str(a.timeout + 60)]
                                 + (["--key", PLACEHOLDER_KEY] if a.accept and name == "base" else []),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(p)
            if not wait_listening(port, p):
                fail("recording double %s did not start" % name)
            ports[name] = port
        proxy = "http://127.0.0.1:%d" % ports["proxy"]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "ANTHROPIC_BASE_URL": "http://127.0.0.1:%d" % ports["base"],
            "CLAUDE_CODE_MAX_RETRIES": "1",
            "DISABLE_TELEMETRY": "1",
            "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "HTTPS_PROXY": proxy, "HTTP_PROXY": proxy, "https_proxy": proxy, "http_proxy": proxy,
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
        }
        if "token" in sources:
            env["ANTHROPIC_AUTH_TOKEN"] = AUTH_TOKEN
        if "api_key" in sources:
            env["ANTHROPIC_API_KEY"] = API_KEY
        for var in a.without:
            env.pop(var, None)
        cmd = ["timeout", "-k", "5", str(a.timeout), node, a.cli, "-p", "hi", "--output-format", "stream-json",
               "--verbose"]
        r = subprocess.run(cmd, cwd=d, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=a.timeout + 30)
        lines = []
        for ln in r.stdout.decode("utf-8", "replace").splitlines():
            try:
                lines.append(json.loads(ln))
            except ValueError:
                lines.append({"unparsed": ln[:500]})
        base_cmd_out = None
        if base_cmd is not None:
            base_cmd.send_signal(signal.SIGINT)
            try:
                code = base_cmd.wait(timeout=15)
            except subprocess.TimeoutExpired:
                base_cmd.kill()
                code = base_cmd.wait(timeout=5)
            with open(os.path.join(d, "base-cmd.out"), encoding="utf-8", errors="replace") as f:
                so = f.read()
            with open(os.path.join(d, "base-cmd.err"), encoding="utf-8", errors="replace") as f:
                se = f.read()
            base_cmd_out = {"stdout": so, "stderr": se[-4000:], "exit_code": code}
        lab_out = None
        if lab_dir:
            lab_out = {"fault": a.lab, "upstream_requests": read_jsonl(lab_env.get("LAB_UPSTREAM_RECORD", ""))}
        out = {
            "lab": lab_out,
            "base_cmd": base_cmd_out,
            "base_requests": read_jsonl(base_rec),
            "proxy_requests": read_jsonl(proxy_rec),
            "stream_json": lines,
            "exit_code": r.returncode,
            "stderr_tail": r.stderr.decode("utf-8", "replace")[-2000:],
            "fingerprints": {"helper_output": fingerprint(PLACEHOLDER_KEY), "auth_token": fingerprint(AUTH_TOKEN),
                             "api_key": fingerprint(API_KEY)},
        }
        print(json.dumps(out))
        return 0
    finally:
        if base_cmd is not None and base_cmd.poll() is None:
            base_cmd.kill()
            base_cmd.wait(timeout=5)
        if lab_dir:
            subprocess.run([sys.executable, os.path.join(HERE, "lab.py"), "stop", "--dir", lab_dir],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
