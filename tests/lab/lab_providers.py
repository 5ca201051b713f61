"""The lab's OpenAI/Codex and Copilot routes (issue 5): faults, certificate, Squid lines, processes, agent env.

Port mapping on loopback (awf's ports in brackets, domain.md section 1): the OpenAI+management double
(provider_port_double.py --role openai) [10000], the Anthropic double (api_proxy_double.py) [10001], the Copilot
double (--role copilot) [10002]; behind them, through the lab's Squid, one HTTPS double answering as
api.openai.com and api.githubcopilot.com (provider_upstream_double.py). Used by lab.py; stdlib only.
"""
import hashlib
import os
import subprocess

OPENAI_HOST = "api.openai.com"
COPILOT_HOST = "api.githubcopilot.com"
HOSTS = (OPENAI_HOST, COPILOT_HOST)
REAL_OPENAI_KEY = "test-real-openai-key-0001"
REVOKED_OPENAI_KEY = "test-revoked-openai-key-0009"
REAL_COPILOT_TOKEN = "test-real-copilot-token-0001"
CODEX_PLACEHOLDER = "sk-placeholder-for-api-proxy"          # domain.md section 2 (>= v0.25.40)
COPILOT_PLACEHOLDER = "ghu_" + "a" * 36                     # domain.md section 2 (>= v0.25.45)
COPILOT_UNTOKENED = "placeholder-for-copilot-api-proxy"     # lab value: not token-shaped (no gho_/ghu_/github_pat_)

FAULTS = {
    "openai-revoked-key": "the OpenAI port injects test-revoked-openai-key-0009; api.openai.com (double) answers 401 "
                          "{\"error\":{\"message\",\"type\",\"code\":\"invalid_api_key\"}} through the sidecar",
    "openai-not-configured": "the OpenAI port has no key: proxied requests -> 404 {\"error\":\"OpenAI proxy not "
                             "configured (...)\"} (domain.md section 4); management /health providers.openai = false",
    "codex-no-key": "healthy OpenAI port; the agent env has OPENAI_BASE_URL but neither OPENAI_API_KEY nor "
                    "CODEX_API_KEY (Codex then ignores the base URL, domain.md section 8)",
    "copilot-untokened": "healthy Copilot port; the agent env's COPILOT_GITHUB_TOKEN is a placeholder that is not "
                         "token-shaped (Copilot CLI refuses before any request, domain.md section 8)",
    "multi-route": "an agent set up for Claude Code and Codex at once: the Anthropic chain and the OpenAI port both "
                   "healthy; the agent env has both routes' variables; the management /health (the OpenAI port, awf's "
                   "10000) reports anthropic and openai configured",
    "multi-route-openai-revoked": "as multi-route, but the OpenAI port injects test-revoked-openai-key-0009 "
                                  "(api.openai.com double answers 401); the Anthropic route stays healthy",
}
MULTI = ("multi-route", "multi-route-openai-revoked")
ANTHROPIC_PLACEHOLDER = "sk-ant-placeholder-key-for-credential-isolation"  # domain.md section 2 (HEAD)
GENERATED = ["provider-server.pem", "provider-server.key", "provider-server.csr", "provider-server.ext"]


def make_cert(tdir):
    """A server certificate for both hosts, signed by the lab's CA (lab.py's make_tls made ca.pem/ca.key)."""
    def run(cmd):
        r = subprocess.run(cmd, cwd=tdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        if r.returncode != 0:
            raise RuntimeError("openssl failed: %s" % r.stdout.decode(errors="replace"))
    run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", "provider-server.key", "-out", "provider-server.csr", "-subj", "/CN=" + OPENAI_HOST])
    with open(os.path.join(tdir, "provider-server.ext"), "w") as f:
        f.write("subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\n" % ",".join("DNS:" + h for h in HOSTS))
    run(["openssl", "x509", "-req", "-in", "provider-server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-set_serial", "0x%x" % int.from_bytes(os.urandom(8), "big"), "-days", "7",
         "-extfile", "provider-server.ext", "-out", "provider-server.pem"])
    os.chmod(os.path.join(tdir, "provider-server.key"), 0o600)


def _fp(secret):
    return "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:12]


def hosts_lines():
    return "".join("127.0.0.1 %s\n" % h for h in HOSTS)


def spawn_all(spawn, py, here, d, fault, squid_port, ports, cacert, logs):
    """Starts the upstream double and both port doubles; returns [(name, port)] to wait for."""
    up, openai, copilot = ports
    make_cert(d)
    spawn("provider-upstream", [py, os.path.join(here, "provider_upstream_double.py"), "--port", str(up),
                                "--cert", os.path.join(d, "provider-server.pem"),
                                "--key-file", os.path.join(d, "provider-server.key"),
                                "--openai-key", REAL_OPENAI_KEY, "--copilot-token", REAL_COPILOT_TOKEN,
                                "--record", os.path.join(logs, "provider-upstream-requests.jsonl")])
    key = {"openai-revoked-key": REVOKED_OPENAI_KEY, "multi-route-openai-revoked": REVOKED_OPENAI_KEY,
           "openai-not-configured": ""}.get(fault, REAL_OPENAI_KEY)
    for role, port, host, k in (("openai", openai, OPENAI_HOST, key), ("copilot", copilot, COPILOT_HOST, REAL_COPILOT_TOKEN)):
        extra = ["--also-configured", "anthropic"] if fault in MULTI and role == "openai" else []
        spawn("%s-port" % role, [py, os.path.join(here, "provider_port_double.py"), "--role", role, "--port", str(port),
                                 "--squid", "127.0.0.1:%d" % squid_port, "--upstream-host", host,
                                 "--upstream-port", str(up), "--cacert", cacert, "--key", k,
                                 "--log", os.path.join(logs, "%s-port.log" % role)] + extra)
    return [("provider-upstream", up), ("openai-port", openai), ("copilot-port", copilot)]


def write_agent_env(d, fault, home, ports, squid_port, anthropic_port=None):
    """The agent env of an awf agent on the Codex or Copilot route (domain.md section 2), per fault; for the
    multi-route faults, the Anthropic route's variables (sidecar port `anthropic_port`) come first."""
    _, openai, copilot = ports
    squid = "http://127.0.0.1:%d" % squid_port
    no_proxy = "localhost,127.0.0.1,::1,0.0.0.0,api-proxy"
    env = [("HTTP_PROXY", squid), ("HTTPS_PROXY", squid), ("https_proxy", squid), ("NO_PROXY", no_proxy),
           ("no_proxy", no_proxy), ("HOME", home), ("AWF_CHROOT_ENABLED", "true")]
    if fault in MULTI:
        env += [("ANTHROPIC_BASE_URL", "http://127.0.0.1:%d" % anthropic_port),
                ("ANTHROPIC_AUTH_TOKEN", ANTHROPIC_PLACEHOLDER)]
    if fault.startswith("copilot"):
        env += [("COPILOT_API_URL", "http://127.0.0.1:%d" % copilot), ("COPILOT_GITHUB_TOKEN", COPILOT_UNTOKENED),
                ("COPILOT_OFFLINE", "true")]
    else:
        env += [("OPENAI_BASE_URL", "http://127.0.0.1:%d" % openai)]
        if fault != "codex-no-key":
            env += [("OPENAI_API_KEY", CODEX_PLACEHOLDER), ("CODEX_API_KEY", CODEX_PLACEHOLDER)]
    path = os.path.join(d, "agent.env")
    with open(path, "w") as f:
        f.writelines("%s=%s\n" % kv for kv in env)
    return path


def env_lines(d, fault, ports):
    up, openai, copilot = ports
    on = fault in FAULTS
    return [
        ("LAB_OPENAI_URL", "http://127.0.0.1:%d" % openai if on else ""),
        ("LAB_COPILOT_URL", "http://127.0.0.1:%d" % copilot if on else ""),
        ("LAB_OPENAI_UPSTREAM_URL", "https://%s:%d" % (OPENAI_HOST, up) if on else ""),
        ("LAB_COPILOT_UPSTREAM_URL", "https://%s:%d" % (COPILOT_HOST, up) if on else ""),
        ("LAB_PROVIDER_UPSTREAM_PORT", up if on else ""),
        ("LAB_PROVIDER_UPSTREAM_RECORD", os.path.join(d, "logs", "provider-upstream-requests.jsonl") if on else ""),
        ("LAB_OPENAI_KEY_FINGERPRINT", _fp(REVOKED_OPENAI_KEY if fault in ("openai-revoked-key", "multi-route-openai-revoked")
                                           else REAL_OPENAI_KEY) if on else ""),
    ]
