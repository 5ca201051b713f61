#!/usr/bin/env bash
# Baseline for scripts/bench-chain: the same requests check-chain makes, as sequential curl calls
# against the lab described by lab.env ($1). Output is discarded; only time matters.
set -u
. "$1"
. "$LAB_AGENT_ENV" 2>/dev/null || true
sh -c "$LAB_HELPER" >/dev/null 2>&1                                           # helper.run
curl -s --noproxy '*' -o /dev/null --max-time 10 "$LAB_BASE_URL/health"        # proxy.tcp + proxy.health
curl -s --noproxy '*' -o /dev/null --max-time 15 -X POST "$LAB_BASE_URL/v1/messages" \
  -H 'x-api-key: sk-ant-placeholder-key-for-credential-isolation' -H 'anthropic-version: 2023-06-01' \
  -H 'content-type: application/json' -d '{}'                                 # proxy.forward
curl -s -N --noproxy '*' -o /dev/null --max-time 20 -X POST "$LAB_BASE_URL/v1/messages" \
  -H 'x-api-key: sk-ant-placeholder-key-for-credential-isolation' -H 'anthropic-version: 2023-06-01' \
  -H 'content-type: application/json' -H 'accept: text/event-stream' \
  -d '{"model":"claude-sonnet-4-6","max_tokens":32,"stream":true,"messages":[{"role":"user","content":"Count from 1 to 20."}]}'
                                                                              # proxy.stream + upstream.stream
curl -s -o /dev/null --max-time 10 -p -x "$LAB_SQUID_URL" "http://$LAB_UPSTREAM_HOST:$LAB_UPSTREAM_PORT/" \
  2>/dev/null                                                                 # squid.connect (CONNECT + a GET)
curl -s -o /dev/null --max-time 10 -x "$LAB_SQUID_URL" --cacert "$LAB_CACERT" \
  -H 'anthropic-version: 2023-06-01' "$LAB_UPSTREAM_URL/v1/models"           # squid.tls + upstream.reachable
exit 0
