// Stream rules (stream_rules.hpp). Facts: domain.md §6 (event grammar and order, error events),
// decisions.md 10 (a stream that cannot be used as a stream is FAIL), R19/R20 (buffering, event
// lines dropped by the sidecar).
#include "rules/stream_rules.hpp"

#include <iterator>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/answer_400.hpp"

namespace awf {
namespace {

using sse::FindingKind;
using E = FindingEffect;

// Precedence order: the first row present decides (the fault that most changes what the client
// sees first). Every FindingKind has exactly one row (tests iterate sse::kFindingKindCount).
constexpr FindingRule kRules[] = {
    {FindingKind::content_type_not_sse, E::fail, FaultId::proxy_stream_not_sse, Link::proxy, "not an event stream"},
    {FindingKind::encoding_undeclared, E::fail, FaultId::proxy_stream_not_sse, Link::proxy, "not an event stream"},
    {FindingKind::encoding_not_applied, E::fail, FaultId::proxy_stream_encoding_mismatch, Link::proxy,
     "with a Content-Encoding its bytes do not have"},
    {FindingKind::error_event, E::fail, FaultId::upstream_stream_error, Link::upstream, "mid-stream error"},
    {FindingKind::missing_event_lines, E::fail, FaultId::proxy_stream_event_lines_dropped, Link::proxy,
     "missing event lines"},
    {FindingKind::data_not_json, E::fail, FaultId::proxy_stream_malformed, Link::proxy, "with malformed events"},
    {FindingKind::event_without_data, E::fail, FaultId::proxy_stream_malformed, Link::proxy, "with malformed events"},
    {FindingKind::type_mismatch, E::fail, FaultId::proxy_stream_malformed, Link::proxy, "with malformed events"},
    {FindingKind::missing_message_start, E::fail, FaultId::proxy_stream_malformed, Link::proxy,
     "without message_start"},
    {FindingKind::missing_usage, E::fail, FaultId::proxy_stream_malformed, Link::proxy, "with malformed events"},
    {FindingKind::order_violation, E::fail, FaultId::proxy_stream_malformed, Link::proxy, "with events out of order"},
    {FindingKind::truncated, E::fail, FaultId::upstream_stream_truncated, Link::upstream, "truncated"},
    {FindingKind::partial_event, E::fail, FaultId::upstream_stream_truncated, Link::upstream, "truncated"},
    {FindingKind::empty_stream, E::fail, FaultId::upstream_stream_truncated, Link::upstream,
     "truncated (no event at all)"},
    {FindingKind::buffered, E::fail, FaultId::proxy_stream_buffered, Link::proxy, "buffered"},
    {FindingKind::reading_stopped, E::inconclusive, std::nullopt, Link::proxy, "not read to its end"},
    {FindingKind::reader_error, E::inconclusive, std::nullopt, Link::proxy, "not read to its end"},
    {FindingKind::compressed_body, E::inconclusive, std::nullopt, Link::proxy, "content-coded (not decoded)"},
    {FindingKind::first_event_late, E::warn, FaultId::upstream_stream_idle, Link::upstream,
     "silent beyond the client's watchdog"},
    {FindingKind::stalled, E::warn, FaultId::upstream_stream_idle, Link::upstream, "silent beyond the client's watchdog"},
    {FindingKind::after_message_stop, E::warn, FaultId::proxy_stream_after_stop, Link::proxy,
     "with bytes after message_stop"},
    {FindingKind::unknown_event, E::note, std::nullopt, Link::proxy, "with unknown events (tolerated)"},
};
static_assert(std::size(kRules) == sse::kFindingKindCount, "one stream rule row per sse::FindingKind");

const FindingRule* first(const sse::StreamResult& r, FindingEffect effect, std::optional<Link> on) {
  for (const FindingRule& row : kRules)
    if (row.effect == effect && (!on || row.link == *on) && r.has(row.kind) &&
        !(row.kind == FindingKind::error_event && provider_busy(std::nullopt, r.error_type.value_or(""))))
      return &row;  // the provider's capacity event is not a stream fault (judge_provider_busy)
  return nullptr;
}

std::string ms(const std::optional<std::int64_t>& v) { return v ? fmt::format("{} ms", *v) : "none"; }

bool ok_status(const Exchange& e) { return e.http_status && *e.http_status >= 200 && *e.http_status < 300; }

std::string shape(const sse::StreamResult& r) {
  return fmt::format("{} events ({} with an event: line), first byte after {}, first event after {}, last after {}, "
                     "received over {}, largest gap {} ms",
                     r.events, r.events_with_event_line, ms(r.first_byte_ms), ms(r.first_event_ms),
                     ms(r.last_event_ms), ms(r.received_span_ms), r.max_gap_ms);
}

Outcome finding(const FindingRule& row, const sse::StreamResult& r, const Provider& p) {
  const sse::Finding* f = r.find(row.kind);
  const Status st = row.effect == E::warn ? Status::warn : Status::fail;
  return {st, row.fault, fmt::format("stream {}: {} ({})", row.name, f ? f->detail : "", shape(r)),
          row.fault ? hint(*row.fault, p) : ""};
}

Outcome not_judged(const FindingRule& row, const sse::StreamResult& r) {
  const sse::Finding* f = r.find(row.kind);
  const std::string hint =
      row.kind == FindingKind::reading_stopped
          ? "The tool stopped reading, not the stream, so whether it completes is not known: raise --timeout (the "
            "stream probe reads until the run deadline) to read a slow stream to its end."
      : row.kind == FindingKind::reader_error
          ? "A line or event exceeded the tool's SSE reader cap; the rest of the stream was not read."
          : "The tool reads SSE text only and does not decode content codings; send the request without "
            "accept-encoding through the hop, or compare with the upstream directly.";
  return {Status::error, std::nullopt,
          fmt::format("stream {}, so it is not judged: {} ({})", row.name, f ? f->detail : "", shape(r)), hint};
}

/// The first fail row of `link`, else an inconclusive row, else a warn row of `link`.
std::optional<Outcome> judge_findings(const sse::StreamResult& r, Link link, const Provider& p) {
  if (const FindingRule* row = first(r, E::fail, link)) return finding(*row, r, p);
  if (const FindingRule* row = first(r, E::inconclusive, std::nullopt)) return not_judged(*row, r);
  if (const FindingRule* row = first(r, E::warn, link)) return finding(*row, r, p);
  return std::nullopt;
}

std::string pacing(const sse::StreamResult& r) {
  switch (r.buffering) {
    case sse::Buffering::streamed: return fmt::format("paced: events spread over {}", ms(r.received_span_ms));
    case sse::Buffering::buffered: return "buffered";
    case sse::Buffering::not_judged: break;
  }
  return r.events >= 2 ? fmt::format("the {} events arrived together, so buffering is not judged (the upstream's "
                                     "pacing is unknown)",
                                     r.events)
       : r.events == 1 ? "one event, so buffering is not judged"
                       : "no event";
}

/// "an `event: error` overloaded_error \"Overloaded\" after HTTP 200 (no request-id)".
std::string error_event_words(const sse::StreamResult& r) {
  const std::string msg = r.error_message.value_or("");
  return fmt::format("an `event: error` {}{} after HTTP 200 (no request-id)", r.error_type.value_or("(no type)"),
                     msg.empty() ? std::string() : fmt::format(" \"{}\"", msg));
}

/// An error answer of unknown origin (no request-id, no hop's marks): a hop answered instead of the
/// provider, and the first that could have is the one at the base URL (the proxy link; new-user
/// test 13 F5, as proxy.forward judges the same evidence).
Outcome unrecognised(const Exchange& e, const std::string& what, const Provider& p) {
  return {Status::fail, FaultId::proxy_unrecognised_answer,
          fmt::format("the streaming request got {} from a hop, origin unknown ({}): {} sends {} with every answer "
                      "and this one has none, so it is not shown to be {}'s; the first hop that could have produced "
                      "it is the one at the base URL",
                      what, e.origin_why.empty() ? "no origin evidence" : e.origin_why, p.display,
                      p.errors.request_id_header, p.display),
          hint(FaultId::proxy_unrecognised_answer, p)};
}

}  // namespace

std::optional<std::string> parameter_never_sent(const Exchange& e) {
  if (e.http_status != 400 || e.origin != Origin::provider || e.sent.body.empty()) return std::nullopt;
  const Read400 r = read_400(e.error_type, e.error_message);
  if (r.kind != Complaint400::parameter || r.named.empty()) return std::nullopt;
  const std::string root = r.named.substr(0, r.named.find('.'));
  if (e.sent.body.find("\"" + root + "\"") != std::string::npos) return std::nullopt;
  return r.named;
}

std::span<const FindingRule> finding_rules() { return kRules; }

const FindingRule& finding_rule(sse::FindingKind k) {
  for (const FindingRule& row : kRules)
    if (row.kind == k) return row;
  return kRules[std::size(kRules) - 1];  // unreachable while the static_assert and the test hold
}

std::optional<std::string> stream_fault_name(const sse::StreamResult& r) {
  const FindingRule* row = first(r, E::fail, std::nullopt);
  if (!row) return std::nullopt;
  return std::string(row->name);
}

Outcome judge_stream_relay(const Exchange& e, const std::optional<sse::StreamResult>& r, const Provider& p) {
  if (auto o = judge_protocol_failure(e, Hop::base_url, fmt::format("streaming POST {}", p.zero_token_probe.path), p))
    return *o;
  if (!e.http_status)
    return {Status::fail, FaultId::proxy_no_response,
            fmt::format("streaming POST {}: no HTTP response from the api-proxy ({})", p.zero_token_probe.path,
                        describe(e.transport)),
            hint(FaultId::proxy_no_response, p)};
  if (!ok_status(e)) {
    if (e.origin == Origin::api_proxy && !(e.http_status == 502 && e.error_type == "Proxy error"))
      return {Status::fail, FaultId::proxy_own_error,
              fmt::format("the api-proxy refused the streaming request itself: {} {}: {}", *e.http_status, e.error_type,
                          e.error_message),
              hint(FaultId::proxy_own_error, p)};
    if (const auto added = parameter_never_sent(e))
      return {Status::fail, FaultId::proxy_request_body_altered,
              fmt::format("{} answered the streaming request with 400 {} \"{}\" (request-id {}), naming `{}`, which "
                          "the probe never sent: a hop that terminates HTTP added it, the api-proxy",
                          to_string(e.origin, p), e.error_type, e.error_message,
                          e.request_id.empty() ? "absent" : e.request_id, *added),
              hint(FaultId::proxy_request_body_altered, p)};
    if (const auto beta = hop_added_beta(e))
      return {Status::fail, FaultId::proxy_beta_value_added,
              fmt::format("{} answered the streaming request with 400 {} \"{}\" (request-id {}), naming the "
                          "anthropic-beta value `{}`, which the probe never sent: a hop on the way added it",
                          to_string(e.origin, p), e.error_type, e.error_message,
                          e.request_id.empty() ? "absent" : e.request_id, *beta),
              hint(FaultId::proxy_beta_value_added, p, {{"element", *beta}})};
    if (e.origin == Origin::unknown)
      return unrecognised(e, fmt::format("HTTP {}{}", *e.http_status, e.error_type.empty() ? "" : " " + e.error_type), p);
    return {Status::pass, std::nullopt,
            fmt::format("the api-proxy relayed {}'s HTTP {} {} to the streaming request, no stream (upstream.stream "
                        "reads it)",
                        to_string(e.origin, p), *e.http_status, e.error_type),
            ""};
  }
  if (!r)
    return {Status::fail, FaultId::proxy_no_response, "streaming request: HTTP 2xx without a body",
            hint(FaultId::proxy_no_response, p)};
  if (const FindingRule* row = first(*r, E::fail, Link::proxy)) return finding(*row, *r, p);
  if (r->has(FindingKind::error_event) && e.origin != Origin::provider)
    return unrecognised(e, error_event_words(*r), p);
  if (auto o = judge_findings(*r, Link::proxy, p)) return *o;
  return {Status::pass, std::nullopt,
          fmt::format("the api-proxy relayed the stream as a stream ({}): {}", pacing(*r), shape(*r)), ""};
}

Outcome judge_stream_upstream(const Exchange& e, const std::optional<sse::StreamResult>& r, const Provider& p) {
  if (!ok_status(e)) {
    Outcome o = judge_upstream_auth(e, p);
    o.summary = fmt::format("streaming request answered with HTTP {} by {}, no stream: {}", e.http_status.value_or(0),
                            to_string(e.origin, p), o.summary);
    return o;
  }
  if (!r) return {Status::fail, FaultId::upstream_error, "streaming request: HTTP 2xx without a body", hint(FaultId::upstream_error, p)};
  if (r->has(FindingKind::error_event) && e.origin != Origin::provider)
    return judge_answer_not_from_provider(e, error_event_words(*r), p);
  if (r->has(FindingKind::error_event) && provider_busy(std::nullopt, r->error_type.value_or(""))) {
    Exchange busy = e;  // the capacity event after 200: the same verdict as a 429/529 status
    busy.http_status.reset();
    busy.error_type = *r->error_type;
    busy.error_message = r->error_message.value_or("");
    return judge_provider_busy(busy, p);
  }
  if (auto o = judge_findings(*r, Link::upstream, p)) return *o;
  if (!r->complete)  // never green without message_stop after message_start
    return {Status::error, std::nullopt,
            fmt::format("stream not judged here: it did not complete as {}'s stream does (message_start … "
                        "message_stop), and proxy.stream names why ({})",
                        p.display, shape(*r)),
            ""};
  return {Status::pass, std::nullopt,
          fmt::format("{} streamed a complete answer: message_start … message_stop, stop_reason {}, {} output "
                      "token(s)",
                      to_string(e.origin, p), r->stop_reason.value_or("none"), r->output_tokens.value_or(0)),
          ""};
}

}  // namespace awf
