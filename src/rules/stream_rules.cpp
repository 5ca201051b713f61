// Stream rules (stream_rules.hpp). Facts: domain.md §6 (event grammar and order, error events),
// decisions.md 10 (a stream that cannot be used as a stream is FAIL), R19/R20 (buffering, event
// lines dropped by the sidecar).
#include "rules/stream_rules.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/answer_400.hpp"

namespace awf {
namespace {

using sse::FindingKind;

struct Pick {
  FindingKind kind;
  FaultId fault;
  const char* name;
};

// First match wins: the fault that most changes what the client sees.
constexpr Pick kPicks[] = {
    {FindingKind::content_type_not_sse, FaultId::proxy_stream_not_sse, "not an event stream"},
    {FindingKind::encoding_undeclared, FaultId::proxy_stream_not_sse, "not an event stream"},
    {FindingKind::error_event, FaultId::upstream_stream_error, "mid-stream error"},
    {FindingKind::truncated, FaultId::upstream_stream_truncated, "truncated"},
    {FindingKind::missing_event_lines, FaultId::proxy_stream_event_lines_dropped, "missing event lines"},
    {FindingKind::buffered, FaultId::proxy_stream_buffered, "buffered"},
};

const Pick* pick(const sse::StreamResult& r, std::optional<Link> on) {
  for (const Pick& p : kPicks)
    if (r.has(p.kind) && (!on || info(p.fault).link == *on) &&
        !(p.kind == FindingKind::error_event && provider_busy(std::nullopt, r.error_type.value_or(""))))
      return &p;  // the provider's capacity event is not a stream fault (judge_provider_busy)
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

Outcome finding(const Pick& pk, const sse::StreamResult& r, const Provider& p) {
  const sse::Finding* f = r.find(pk.kind);
  return {Status::fail, pk.fault,
          fmt::format("stream {}: {} ({})", pk.name, f ? f->detail : "", shape(r)), hint(pk.fault, p)};
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

std::optional<std::string> stream_fault_name(const sse::StreamResult& r) {
  const Pick* p = pick(r, std::nullopt);
  if (!p) return std::nullopt;
  return std::string(p->name);
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
    return {Status::pass, std::nullopt,
            fmt::format("the api-proxy relayed {}'s HTTP {} {} to the streaming request, no stream (upstream.stream "
                        "reads it)",
                        to_string(e.origin, p), *e.http_status, e.error_type),
            ""};
  }
  if (!r)
    return {Status::fail, FaultId::proxy_no_response, "streaming request: HTTP 2xx without a body",
            hint(FaultId::proxy_no_response, p)};
  if (const Pick* pk = pick(*r, Link::proxy)) return finding(*pk, *r, p);
  return {Status::pass, std::nullopt, fmt::format("the api-proxy relayed the stream as a stream: {}", shape(*r)), ""};
}

Outcome judge_stream_upstream(const Exchange& e, const std::optional<sse::StreamResult>& r, const Provider& p) {
  if (!ok_status(e)) {
    Outcome o = judge_upstream_auth(e, p);
    o.summary = fmt::format("streaming request answered with HTTP {} by {}, no stream: {}", e.http_status.value_or(0),
                            to_string(e.origin, p), o.summary);
    return o;
  }
  if (!r) return {Status::fail, FaultId::upstream_error, "streaming request: HTTP 2xx without a body", hint(FaultId::upstream_error, p)};
  if (r->has(FindingKind::error_event) && provider_busy(std::nullopt, r->error_type.value_or(""))) {
    Exchange busy = e;  // the capacity event after 200: the same verdict as a 429/529 status
    busy.http_status.reset();
    busy.error_type = *r->error_type;
    busy.error_message = r->error_message.value_or("");
    return judge_provider_busy(busy, p);
  }
  if (const Pick* pk = pick(*r, Link::upstream)) return finding(*pk, *r, p);
  return {Status::pass, std::nullopt,
          fmt::format("{} streamed a complete answer: message_start … message_stop, stop_reason {}, {} output "
                      "token(s)",
                      to_string(e.origin, p), r->stop_reason.value_or("none"), r->output_tokens.value_or(0)),
          ""};
}

}  // namespace awf
