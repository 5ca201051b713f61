#pragma once
// The check definitions of each link. A probe never prints and never reads getenv/argv: it reads
// the ChainSpec (and its EnvSnapshot) through ProbeContext (design.md "A probe").
//
// Stable check ids (never reused; docs/probes.md explains each):
//   topology.mode            which chain is judged: awf, gateway or direct, and the evidence (probes/topology_probe.cpp)
//   topology.provider        which provider's route is judged (--provider, else the judged environment)
//   helper.config            settings files declaring apiKeyHelper (~/.claude/settings.json, ~/.claude.json)
//   helper.run               runs the helper as Claude Code does (/bin/sh -c), classifies its output
//   env.base_url             ANTHROPIC_BASE_URL set, well-formed http(s), no /v1 path
//   env.api_key              ANTHROPIC_API_KEY / CLAUDE_API_KEY absent
//   env.auth_token           ANTHROPIC_AUTH_TOKEN absent or a placeholder
//   env.no_proxy             the base URL host is exempted by NO_PROXY
//   env.settings_env         ~/.claude/settings.json's env block sets no credential or other base URL
//   proxy.tcp                TCP connect to the base URL's host:port
//   proxy.health             GET <base>/health
//   proxy.forward            POST <base>/v1/messages {} with the placeholder key (awf's startup probe)
//   proxy.stream             a streaming POST <base>/v1/messages: relayed as a stream? (probes/stream.cpp)
//   squid.sidecar_tunnel     did the sidecar's CONNECT through Squid come up? (reads proxy.forward)
//   squid.connect            the tool's own CONNECT <upstream host:port> through Squid
//   squid.tls                TLS handshake with the upstream through that tunnel (--cacert)
//   upstream.reachable       GET /v1/models without a key through the tool's tunnel: Anthropic-shaped?
//   upstream.auth            was the injected key accepted? (reads proxy.forward)
//   upstream.stream          did the provider stream a complete answer? (reads proxy.stream)
//   proxy.client_request     the request the client really sends, bisected when refused (probes/client_probe.cpp)
//   upstream.client_request  did the provider refuse it for one element? (reads proxy.client_request)
#include <vector>

#include "core/runner.hpp"

namespace awf {

std::vector<CheckDef> helper_checks();
std::vector<CheckDef> env_checks();
std::vector<CheckDef> proxy_checks();
std::vector<CheckDef> squid_checks();
std::vector<CheckDef> upstream_checks();

/// Every check, in link order (topology, helper, env, proxy, squid, upstream).
std::vector<CheckDef> all_checks();

}  // namespace awf
