#!/usr/bin/env bash
# Baseline for scripts/bench-chain: every request `awf-diag check-chain` makes against the healthy
# lab described by lab.env ($1), made one after another as a shell user would (curl, bash's
# /dev/tcp, openssl s_client). Output is discarded; only time matters. Keep it in step with the
# probes (docs/lab.md "Benchmark"): one line per request the tool sends on a healthy lab.
set -u
. "$1"
. "$LAB_AGENT_ENV" 2>/dev/null || true
ph=$LAB_PLACEHOLDER_KEY
v='anthropic-version: 2023-06-01'
j='content-type: application/json'
up_host=$LAB_UPSTREAM_HOST up_port=$LAB_UPSTREAM_PORT
base_hp=${LAB_BASE_URL#http://}
nc() { curl -s --noproxy '*' -o /dev/null "$@"; }   # straight to the api-proxy: no proxy

sh -c "$LAB_HELPER" >/dev/null 2>&1                                            # helper.run
nc --max-time 3 "$LAB_MANAGEMENT_URL/health"                                   # proxy.sidecar_state
(exec 3<>"/dev/tcp/${base_hp%:*}/${base_hp##*:}") 2>/dev/null                  # proxy.tcp
nc --max-time 5 "$LAB_BASE_URL/health"                                         # proxy.health
nc --max-time 15 -X POST "$LAB_BASE_URL/v1/messages" -H "x-api-key: $ph" -H "$v" -H "$j" -d '{}'  # proxy.forward
nc --max-time 10 -X POST "$LAB_BASE_URL/v1/messages?beta=true" \
  -H 'Accept: application/json' -H 'X-Stainless-Retry-Count: 0' -H 'X-Stainless-Timeout: 600' \
  -H 'X-Stainless-Lang: js' -H 'X-Stainless-Package-Version: 0.74.0' -H 'X-Stainless-OS: Linux' \
  -H 'X-Stainless-Arch: x64' -H 'X-Stainless-Runtime: node' -H 'X-Stainless-Runtime-Version: v20.20.2' \
  -H 'anthropic-dangerous-direct-browser-access: true' -H "$v" -H "x-api-key: $ph" -H 'x-app: cli' \
  -H 'User-Agent: claude-cli/2.1.88 (external, sdk-cli)' \
  -H 'X-Claude-Code-Session-Id: 00000000-0000-4000-8000-00000000a3f1' -H "Authorization: Bearer $ph" -H "$j" \
  -H 'anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,prompt-caching-scope-2026-01-05,effort-2025-11-24' \
  -H 'accept-language: *' -H 'sec-fetch-mode: cors' \
  -d '{"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}],"stream":true}'  # proxy.client_request
nc -N --max-time 20 -X POST "$LAB_BASE_URL/v1/messages" -H "x-api-key: $ph" -H "$v" -H "$j" \
  -H 'accept: text/event-stream' \
  -d '{"max_tokens":32,"messages":[{"content":"Count from 1 to 20.","role":"user"}],"model":"claude-sonnet-4-6","stream":true}'
                                                                               # proxy.stream
curl -s -o /dev/null --max-time 10 -p -x "$LAB_SQUID_URL" "http://$up_host:$up_port/" 2>/dev/null  # squid.connect
openssl s_client -brief -proxy "${LAB_SQUID_URL#http://}" -connect "$up_host:$up_port" -servername "$up_host" \
  -CAfile "$LAB_CACERT" -verify_return_error </dev/null >/dev/null 2>&1        # squid.tls (CONNECT + handshake)
curl -s -o /dev/null --max-time 10 -x "$LAB_SQUID_URL" --cacert "$LAB_CACERT" -H "$v" \
  "$LAB_UPSTREAM_URL/v1/models"                                                # upstream.reachable
exit 0
