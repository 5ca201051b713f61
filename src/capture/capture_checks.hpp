#pragma once
// Check records from a capture (issue 10 point 3; decisions.md 2: ids `capture.<name>`, evidence
// `source: capture`), judged against the sidecar's rules in the provider row (domain.md §4: which
// client headers it strips, which header it injects; §6: which paths the provider's API serves).
// They feed the same ChainFacts, hypothesis tables and renderers as live probes:
//  - capture.listen   (proxy link): where it listened, why it stopped, how many requests; warn when
//                     none arrived.
//  - capture.requests (proxy link): every request recorded; warn when any was a bad input
//                     (not HTTP, over a size or time bound), pass otherwise.
//  - capture.auth     (env link): the auth scheme of each API request with each credential's
//                     fingerprint and class; fail with env-agent-sent-real-credential when any request
//                     carried a real-key-shaped value (the leak the sidecar exists to prevent), naming
//                     where by header, request and fingerprint; else pass. obs.captured: typed facts.
//  - capture.paths    (proxy link): path, anthropic-version and anthropic-beta sent; warn when a
//                     path is not one the provider's API serves (the sidecar forwards it unchanged).
#include <vector>

#include "capture/capture_server.hpp"
#include "core/check.hpp"
#include "topology/providers.hpp"

namespace awf::capture {

//  - capture.answers  (proxy link, --forward only): status and who produced each relayed answer
//                     (observe_http, domain.md §10); fail when a relayed request got no HTTP answer;
//                     warn when answers in flight were cut at shutdown.
//  - capture.stream   (proxy link, --forward only, when a relayed request asked to stream): the SSE
//                     validator's result for the relayed body, judged by rules/stream_rules.hpp for
//                     both hops (proxy first, then upstream); obs.stream and obs.exchange feed H3
//                     (rules/chain_facts.cpp reads it when no live stream probe ran).

/// The checks above, in that order.
std::vector<Check> capture_checks(const CaptureResult& r, const Provider& p);

}  // namespace awf::capture
