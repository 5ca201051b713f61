#pragma once
// Log evidence as Check records (issue 7 point 3): the facts of src/logs/ become the same typed
// observations a live probe fills (observe/observation.hpp, Exchange with source = log) and are
// judged by the same check rules (rules/check_rules.hpp), so the report, the hypotheses engine and
// the renderers need nothing of their own. Ids are `log.<source>.<name>`; every record carries
// evidence.source = "log" and sits on the link it speaks about:
//   log.agent.health_check      proxy    awf's [health-check] pre-flight lines
//   log.agent.requests          proxy    what the client saw (stream-json error_status, CLI messages);
//                                        env when the agent's requests were denied as CONNECTs to the
//                                        sidecar's own address (NO_PROXY, decisions.md §18)
//   log.agent.client_errors     helper|env the client's own error before any request (apiKeyHelper, no credential, Copilot token, Codex key)
//   log.proxy.crash             proxy    the api-proxy's Node crash on its injected header (ERR_INVALID_CHAR)
//   log.proxy.requests          proxy    the api-proxy's forwarding: request_error for every request, none complete
//   log.squid.sidecar_address   env      Squid denied CONNECTs to the sidecar's address (NO_PROXY)
//   log.squid.sidecar_tunnel    squid    the sidecar's CONNECTs (TCP_TUNNEL/200 vs 503 HIER_NONE vs denied)
//   log.squid.sidecar_startup   squid    its start-up key-validation CONNECT, when that was its only one
//   log.squid.agent_denials     squid    the agent's own side traffic denied (warn with the fault
//                                        squid-denied-side-traffic, never a cause: R16)
//   log.upstream.auth           upstream the upstream's answer: the provider named only on its own error
//                                        shape (request-id prefix, top-level "type":"error") or a billed
//                                        turn; else upstream-acceptance-unseen naming the missing evidence
// rules/chain_facts.cpp reads log.agent.requests as "the request through the sidecar" and
// log.squid.sidecar_tunnel as the sidecar's tunnel when no live check stands for them.
// The checks live one file per source (logs/log_check_parts.hpp); hints and faults are catalog rows.
// Refuses to guess: a source that was not read produces no check (never a pass); TCP_TUNNEL/200
// proves a CONNECT, not what happened inside TLS; 503 HIER_NONE is DNS only when no parent proxy is
// configured in the squid.conf / cache.log read (a parent on a dead port looks the same, case R28).
#include <vector>

#include "core/check.hpp"
#include "logs/correlate.hpp"
#include "logs/log_facts.hpp"
#include "topology/providers.hpp"

namespace awf::logs {

/// The provider the logs speak about (api-proxy request_start providers, CLI messages); anthropic
/// when nothing names one.
const Provider& log_provider(const LogFacts& facts);

/// The checks the facts support (none for a source not read). Never throws on odd facts.
std::vector<Check> build_log_checks(const LogFacts& facts, const Correlation& corr, const LogOptions& opts);

}  // namespace awf::logs
