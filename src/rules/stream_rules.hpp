#pragma once
// Stream rules: from a streamed answer (the Exchange of a streaming POST plus the SSE validator's
// StreamResult, net/sse_validator.hpp) to two checks' status and fault. The stream probe
// (probes/stream.cpp) does the I/O; these rules decide which link a finding fails (decisions.md
// 10: a stream the client cannot use as a stream is FAIL though the client finally prints an
// answer):
//   proxy.stream (what the hops did to the stream):
//   - buffered (every event in one burst at the end, R19)             -> proxy-stream-buffered
//   - `event:` lines dropped on the Anthropic route (R20)              -> proxy-stream-event-lines-dropped
//     (on OpenAI chat-completions routes data-only is the protocol: the validator does not flag it)
//   - 2xx not text/event-stream, or compressed bytes undeclared         -> proxy-stream-not-sse
//   - no HTTP response                                                  -> proxy-no-response
//   - the api-proxy's own refusal                                       -> proxy-own-error
//   - the provider's 400 names a parameter the probe never sent (R18)   -> proxy-request-body-altered
//   upstream.stream (what the provider sent):
//   - ended before message_stop without an error event                  -> upstream-stream-truncated
//   - `event: error` after 200 (api_error …, domain.md §6)               -> upstream-stream-error
//   - `event: error` overloaded_error / rate_limit_error (the provider's capacity answer,
//     rules/answer_400.hpp provider_busy)                                 -> warn (judge_provider_busy)
//   - a non-2xx answer: read as upstream.auth reads one (a 400 is read, rules/answer_400.hpp; R18's
//     stream_options, R22's anthropic-beta)
// A clean stream passes both. No I/O, never throws.
#include <optional>
#include <string>
#include <string_view>

#include "net/sse_validator.hpp"
#include "rules/check_rules.hpp"

namespace awf {

/// skip_reason of proxy.stream when --no-spend kept it from sending (ChainFacts reads it).
inline constexpr std::string_view kNoSpendSkip = "--no-spend: no streaming request sent";

/// The finding that decides H3 for this stream, in words ("not an event stream", "mid-stream
/// error", "truncated", "missing event lines", "buffered"), or nullopt for a clean stream.
std::optional<std::string> stream_fault_name(const sse::StreamResult& r);

/// The parameter a provider's 400 names (rules/answer_400.hpp) when it was not in the body sent
/// (`e.sent.body`, matched as a JSON key on its first dotted part): added by a hop on the way (R18).
std::optional<std::string> parameter_never_sent(const Exchange& e);

/// proxy.stream: `e` is the streaming request's exchange, `r` what the validator found in its body
/// (nullopt when no body was read).
Outcome judge_stream_relay(const Exchange& e, const std::optional<sse::StreamResult>& r, const Provider& p);

/// upstream.stream: the same observation, judged for what the provider sent.
Outcome judge_stream_upstream(const Exchange& e, const std::optional<sse::StreamResult>& r, const Provider& p);

}  // namespace awf
