"""The agent's side of the awf-diag loopback lab (docs/lab.md): its home (helper script, settings
files), its environment file, and per-fault client files (R25's Pi config and client profile, R29's
gateway environment). Used by lab.py; Python 3.11 stdlib only.
"""
import json
import os

PLACEHOLDER_KEY = "sk-ant-placeholder-key-for-credential-isolation"
OLD_PLACEHOLDER_TOKEN = "placeholder-token-for-credential-isolation"
GATEWAY_KEY = "test-gateway-key-0001"    # R29
WRONG_GATEWAY_KEY = "test-wrong-gateway-key-0002"  # gateway-helper-wrong-key
OAUTH_TOKEN = "test-oauth-token-0001"    # R29


def write_agent_side(d, fault, proxy_port, squid_port):
    home = os.path.join(d, "home")
    os.makedirs(os.path.join(home, ".claude"), exist_ok=True)
    helper = os.path.join(home, "get-claude-key.sh")
    with open(helper, "w") as f:
        f.write("#!/bin/sh\n"
                "# awf's get-claude-key.sh (lab copy): prints the placeholder; the api-proxy injects the real key.\n"
                'echo "[get-claude-key.sh] API key helper invoked at $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)" >&2\n'
                'echo "[get-claude-key.sh] Returning placeholder key for credential isolation" >&2\n'
                'echo "[get-claude-key.sh] Real authentication via ANTHROPIC_BASE_URL=${ANTHROPIC_BASE_URL:-not set}" >&2\n'
                'echo "%s"\n'
                "exit 0\n" % PLACEHOLDER_KEY)
    os.chmod(helper, 0o755)
    base = "http://127.0.0.1:%d" % proxy_port
    squid = "http://127.0.0.1:%d" % squid_port
    no_proxy = "localhost,127.0.0.1,::1,0.0.0.0,api-proxy"
    if fault == "gateway-prefers-authorization":
        # R29: a gateway setup, not awf: gateway key + an unrelated token, no helper, no proxy variables
        with open(os.path.join(home, ".claude", "settings.json"), "w") as f:
            f.write("{}\n")
        env = [("ANTHROPIC_BASE_URL", base), ("ANTHROPIC_API_KEY", GATEWAY_KEY), ("ANTHROPIC_AUTH_TOKEN", OAUTH_TOKEN),
               ("HOME", home)]
    elif fault == "gateway-healthy":
        # A working gateway setup: the gateway key only, no helper, no awf markers, no proxy variables.
        with open(os.path.join(home, ".claude", "settings.json"), "w") as f:
            f.write("{}\n")
        env = [("ANTHROPIC_BASE_URL", base), ("ANTHROPIC_API_KEY", GATEWAY_KEY), ("HOME", home)]
    elif fault in ("gateway-helper", "gateway-helper-wrong-key"):
        # A gateway keyed by the apiKeyHelper alone (new-user test F24): no key variable, no awf markers.
        gw_helper = os.path.join(home, "get-gateway-key.sh")
        with open(gw_helper, "w") as f:
            f.write("#!/bin/sh\necho %s\n" % (GATEWAY_KEY if fault == "gateway-helper" else WRONG_GATEWAY_KEY))
        os.chmod(gw_helper, 0o755)
        with open(os.path.join(home, ".claude", "settings.json"), "w") as f:
            json.dump({"apiKeyHelper": gw_helper}, f, indent=2)
            f.write("\n")
        env = [("ANTHROPIC_BASE_URL", base), ("HOME", home)]
    else:
        for p in (os.path.join(home, ".claude", "settings.json"), os.path.join(home, ".claude.json")):
            with open(p, "w") as f:
                json.dump({"apiKeyHelper": helper}, f, indent=2)
                f.write("\n")
        env = [
            ("ANTHROPIC_BASE_URL", base),
            ("ANTHROPIC_AUTH_TOKEN", OLD_PLACEHOLDER_TOKEN if fault in ("untrimmed-key", "sidecar-crash") else PLACEHOLDER_KEY),
            ("CLAUDE_CODE_API_KEY_HELPER", helper),
            ("HTTP_PROXY", squid),
            ("HTTPS_PROXY", squid),
            ("https_proxy", squid),
            ("NO_PROXY", no_proxy),
            ("no_proxy", no_proxy),
            ("HOME", home),
            ("AWF_CHROOT_ENABLED", "true"),
        ]
    if fault == "path-not-served":
        write_r25_client(d, home, base)
    if fault == "beta-rejected":
        write_r22_client(d)
    path = os.path.join(d, "agent.env")
    with open(path, "w") as f:
        f.writelines("%s=%s\n" % kv for kv in env)
    return home, helper, path


def write_r25_client(d, home, base):
    """R25's agent side: Pi's models.json (OpenAI chat-completions to the Anthropic port, no /v1) and the
    request it sends as a client profile (src/topology/client_profile_json.hpp) for --client-profile."""
    pi = os.path.join(home, ".pi", "agent")
    os.makedirs(pi, exist_ok=True)
    with open(os.path.join(pi, "models.json"), "w") as f:
        json.dump({"providers": {"aw-gateway": {"api": "openai-completions", "apiKey": PLACEHOLDER_KEY,
                                                "baseUrl": base, "models": [{"id": "claude-sonnet-5"}]}}}, f, indent=2)
        f.write("\n")
    profile = {
        "schema": "awf-diag/client-profile/1", "id": "pi", "version": "0.84.x", "provider": "anthropic",
        "provenance": "case R25: provider api openai-completions, baseUrl without /v1 -> POST /chat/completions; "
                      "Authorization: Bearer <apiKey> inferred (OpenAI-compatible API)",
        "method": "POST", "path_query": "/chat/completions",
        "headers": [["content-type", "application/json"], ["Authorization", "{{auth:Authorization}}"]],
        "model": "claude-sonnet-5", "streams": False,
        "auth": [{"when": ["auth_token"], "first": [["Authorization", "Bearer {{ANTHROPIC_AUTH_TOKEN}}"]],
                  "after_401": [], "provenance": "inferred"}],
        "unknown": ["Pi's other headers", "whether Pi streams", "retries"],
    }
    with open(os.path.join(d, "client-profile.json"), "w") as f:
        json.dump(profile, f, indent=2)
        f.write("\n")


def write_r22_client(d):
    """R22's claude-code-same-header variant: a Claude-Code-style client whose anthropic-beta list holds the
    retired value, as a client profile (src/topology/client_profile_json.hpp) for --client-profile."""
    profile = {
        "schema": "awf-diag/client-profile/1", "id": "claude-code-r22", "version": "2.1.x", "provider": "anthropic",
        "provenance": "case R22 variant claude-code-same-header: POST /v1/messages?beta=true with anthropic-beta "
                      "claude-code-20250219,context-1m-2025-08-07",
        "method": "POST", "path_query": "/v1/messages?beta=true",
        "headers": [["anthropic-version", "2023-06-01"], ["x-api-key", "{{auth:x-api-key}}"],
                    ["Authorization", "{{auth:Authorization}}"], ["content-type", "application/json"],
                    ["anthropic-beta", "claude-code-20250219,context-1m-2025-08-07"]],
        "model": "claude-sonnet-4-5", "streams": True,
        "auth": [{"when": ["auth_token", "api_key_helper"],
                  "first": [["x-api-key", "{{apiKeyHelper}}"], ["Authorization", "Bearer {{ANTHROPIC_AUTH_TOKEN}}"]],
                  "after_401": [], "provenance": "domain.md section 3 (token and helper both set)"}],
        "unknown": ["the client's other headers"],
    }
    with open(os.path.join(d, "client-profile.json"), "w") as f:
        json.dump(profile, f, indent=2)
        f.write("\n")
