#pragma once
// Stream rules: from a streamed answer (the Exchange of a streaming POST plus the SSE validator's
// StreamResult, net/sse_validator.hpp) to two checks' status and fault. The stream probe
// (probes/stream.cpp) does the I/O; these rules decide which link a finding fails (decisions.md
// 10: a stream the client cannot use as a stream is FAIL though the client finally prints an
// answer). Every validator finding kind has one row in finding_rules() (a table, in precedence
// order: the first row present decides), with its effect:
//   fail on the proxy link (proxy.stream: what the hops did to the stream):
//   - 2xx not text/event-stream, or compressed bytes undeclared         -> proxy-stream-not-sse
//   - Content-Encoding declared over plain bytes                        -> proxy-stream-encoding-mismatch
//   - `event:` lines dropped on the Anthropic route (R20)               -> proxy-stream-event-lines-dropped
//   - data not JSON, event without data, name != type, no message_start, message_start without
//     usage, events out of order (domain.md §6, §7 TypeError)          -> proxy-stream-malformed
//   - buffered (every event in one burst at the end, R19)               -> proxy-stream-buffered
//   fail on the upstream link (upstream.stream: what the provider sent):
//   - `event: error` after 200 (overloaded_error …, domain.md §6)        -> upstream-stream-error
//   - ended before message_stop, inside an event, or with no event       -> upstream-stream-truncated
//   inconclusive (both checks `error`, unless the check's own link failed): the tool could not
//   read the stream to its end (its time or byte limit, the run deadline), a reader cap was hit,
//   or the body is content-coded (the tool does not decode it)
//   warn (upstream.stream): `event: error` overloaded_error / rate_limit_error after 200 (the
//     provider's capacity answer, rules/answer_400.hpp provider_busy; judge_provider_busy)
//   warn (upstream.stream): silence longer than the client's stream watchdog -> upstream-stream-idle
//   warn (proxy.stream): bytes after message_stop of a complete stream -> proxy-stream-after-stop
//     (upstream.stream still runs and passes the complete stream; never a truncation)
//   note: unknown event types (tolerated by the protocol)
// Without a finding row: no HTTP response -> proxy-no-response; the api-proxy's own refusal ->
// proxy-own-error; an error answer without the provider's request-id (a non-2xx, or an `event: error`
// on a 200 stream without one; domain.md §6, §10) -> proxy-unrecognised-answer, upstream.stream not
// judged (error), never "the provider is busy"; a provider 400 naming a parameter the probe never sent (R18) ->
// proxy-request-body-altered; a non-2xx answer is read by upstream.stream as upstream.auth reads
// one (rules/answer_400.hpp). A clean, complete stream passes both. No I/O, never throws.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "net/sse_validator.hpp"
#include "rules/check_rules.hpp"

namespace awf {

/// skip_reason of proxy.stream when --no-spend kept it from sending (ChainFacts reads it).
inline constexpr std::string_view kNoSpendSkip = "--no-spend: no streaming request sent";

/// What a finding kind does to the stream checks.
enum class FindingEffect {
  fail,          ///< the check of `link` fails with `fault`
  inconclusive,  ///< the stream was not read to its end or not read at all: `error`
  warn,          ///< the check of `link` warns with `fault`
  note,          ///< evidence only (tolerated by the protocol)
};

struct FindingRule {
  sse::FindingKind kind;
  FindingEffect effect;
  std::optional<FaultId> fault;  ///< for fail and warn
  Link link;                     ///< for fail and warn
  std::string_view name;         ///< in words, for the summary and H3 ("truncated", "buffered", …)
};

/// One row per FindingKind (sse::kFindingKindCount rows), in precedence order.
std::span<const FindingRule> finding_rules();

/// The row of `k` (every kind has one; tests/rules/stream_rules_test.cpp iterates them all).
const FindingRule& finding_rule(sse::FindingKind k);

/// The finding that decides H3 for this stream, in words (the name of the first `fail` row
/// present: "not an event stream", "with malformed events", "mid-stream error", "truncated", "missing event
/// lines", "buffered", …), or nullopt when no finding fails a check.
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
