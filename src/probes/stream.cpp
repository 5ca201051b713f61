// The stream probe (issue 6 pt 4): one streaming POST /v1/messages through the api-proxy, as the
// client sends it on its route (the provider row's path and headers, the placeholder credential
// the sidecar replaces, `"stream": true`, the model and max_tokens of the StreamPlan,
// decisions.md 14). The body is read as it arrives (libcurl's write callback records each piece's
// arrival time, net/http.hpp BodyChunk) and fed to the SSE validator (net/sse_validator.hpp) with
// those times; rules/stream_rules.cpp decides. Two checks over one request:
//   proxy.stream     sends it; judges what the hops did to the stream (buffering, event lines)
//   upstream.stream  reads proxy.stream's observation; judges what the provider sent
// --no-spend sends nothing (the request is billed: about max_tokens output tokens).
// Buffering: with no measure of the upstream's own pacing, events spread over time show pacing, and
// a burst with a Content-Length on a text/event-stream answer shows a hop held the stream (RFC 9112
// §6.3: the length is known only once the whole body exists; R19); judged by the validator.
// The stream is read until the run deadline (less a margin for upstream.stream) or 1 MiB: an end the
// tool caused is passed to the validator as such (reading_stopped), never read as a truncation.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/probe_io.hpp"
#include "observe/http_exchange.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"
#include "probes/stream_probe.hpp"
#include "probes/client_route.hpp"
#include "rules/stream_rules.hpp"

namespace awf {
namespace {

const Provider& route() { return provider(ProviderId::anthropic); }

/// Left of the run deadline when the stream probe stops reading, so upstream.stream still judges.
constexpr long long kJudgeMarginMs = 250;
constexpr std::size_t kStreamMaxBytes = 1024 * 1024;

std::int64_t whole_ms(double ms) { return static_cast<std::int64_t>(std::llround(ms)); }

double total_ms(const HttpResponse& r) {
  if (r.timing_ms.contains("total") && r.timing_ms["total"].is_number()) return r.timing_ms["total"].get<double>();
  return r.body_chunks.empty() ? 0.0 : r.body_chunks.back().at_ms;
}

Check stream_relay_check(const ProbeContext& ctx) {
  Check c;
  const StreamPlan& plan = ctx.spec.stream;
  if (plan.no_spend) {
    c.status = Status::skip;
    c.summary = fmt::format("{} (it would be billed: up to {} output tokens of {}), so buffering and reframing of "
                            "the stream are not tested",
                            kNoSpendSkip, plan.max_tokens, plan.model);
    c.skip_reason = c.summary;
    c.evidence["spent"] = {{"requests", 0}, {"reason", "--no-spend"}};
    return c;
  }
  if (auto skip = skip_when_sidecar_failed(ctx)) return std::move(*skip);
  if (auto skip = skip_unnamed_base_url(ctx.spec, "the streaming request")) return std::move(*skip);
  // The streaming request is Anthropic's Messages stream (domain.md §6); no other route's is known.
  if (const Provider& p = route_of(ctx.spec.topology); p.id != route().id) {
    c.status = Status::skip;
    c.summary = fmt::format("not sent: the stream probe knows the {} route's streaming request only; this run judges "
                            "the {} route (docs/topology.md)",
                            route().display, p.display);
    c.skip_reason = c.summary;
    return c;
  }
  const RouteCredential cred = route_credential(ctx, route());
  HttpRequest req = stream_request(ctx.spec, route(), cred);
  req.timeout = cap(ctx, std::max<long long>(1, ctx.remaining().count() - kJudgeMarginMs));
  const HttpResponse r = ctx.io().http(req);
  if (r.error == TransportError::timeout && !r.got_http_response())
    return deadline_error(ctx, fmt::format("streaming {} {} through the api-proxy", req.method, route().zero_token_probe.path));
  Exchange e = observe_http(req, r, route());
  e.sent.credential_kind = cred.kind;
  e.sent.body = req.body;  // model, max_tokens and a fixed prompt: no secret
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, e, route());
  c.evidence["request"] = {{"method", req.method}, {"url", req.url}, {"body", req.body}};
  std::optional<sse::StreamResult> result;
  if (r.got_http_response() && e.http_status && *e.http_status >= 200 && *e.http_status < 300) {
    result = validate_stream(r, plan.watchdog_ms, stopped_reading(r, ctx.spec.timeout.count()));
    c.evidence["stream"] = result->to_json();
  }
  c.evidence["spent"] = {{"requests", 1},
                         {"model", ctx.spec.stream.model},
                         {"max_tokens", ctx.spec.stream.max_tokens},
                         {"input_tokens", result && result->input_tokens ? nlohmann::json(*result->input_tokens) : nlohmann::json()},
                         {"output_tokens", result && result->output_tokens ? nlohmann::json(*result->output_tokens) : nlohmann::json()}};
  apply(c, judge_stream_relay(e, result, route()));
  c.summary += fmt::format("; spent one streaming request ({}, max_tokens {}{})", plan.model, plan.max_tokens,
                           result && result->output_tokens ? fmt::format(", {} output tokens", *result->output_tokens) : "");
  c.obs.exchange = std::move(e);
  c.obs.stream = std::move(result);
  return c;
}

Check stream_upstream_check(const ProbeContext& ctx) {
  const Check& relay = ctx.dep(std::string(check_id::proxy_stream));
  Check c;
  const Exchange e = relay.obs.exchange ? *relay.obs.exchange : Exchange{};
  c.evidence = {{"from_check", check_id::proxy_stream}, {"http_status", e.http_status.value_or(0)},
                {"answered_by", to_string(e.origin, route())}, {"request_id", e.request_id}};
  apply(c, judge_stream_upstream(e, relay.obs.stream, route()));
  return c;
}

}  // namespace

HttpRequest stream_request(const ChainSpec& spec, const Provider& p, const RouteCredential& cred) {
  const ProbeRequest& z = p.zero_token_probe;
  HttpRequest req;
  req.method = "POST";
  req.url = join_url(spec.base_url, std::string(z.path));
  for (const auto& h : cred.headers) req.headers.push_back(h);  // the route's credential
  for (const auto& [name, value] : z.headers) req.headers.emplace_back(std::string(name), std::string(value));
  req.headers.emplace_back("accept", "text/event-stream");
  nlohmann::json body = {{"model", spec.stream.model},
                         {"max_tokens", spec.stream.max_tokens},
                         {"stream", true},
                         {"messages", nlohmann::json::array({{{"role", "user"}, {"content", "Count from 1 to 20."}}})}};
  req.body = body.dump();
  req.record_chunks = true;
  req.max_body_bytes = kStreamMaxBytes;
  return req;
}

std::optional<std::string> stopped_reading(const HttpResponse& r, long long deadline_ms) {
  if (r.body_truncated) return fmt::format("the tool's read limit of {} bytes", kStreamMaxBytes);
  if (r.error == TransportError::timeout) return fmt::format("the run deadline, --timeout {} ms", deadline_ms);
  return std::nullopt;
}

sse::StreamResult validate_stream(const HttpResponse& r, std::optional<std::int64_t> watchdog_ms,
                                  const std::optional<std::string>& stopped) {
  sse::StreamContext sc;
  sc.framing = sse::Framing::anthropic_messages;
  sc.content_type = r.header("content-type");
  sc.content_encoding = r.header("content-encoding");
  sc.content_length = r.header("content-length");
  sc.request_sent_ms = 0;
  sc.watchdog_ms = watchdog_ms;
  sse::Validator v(sc);
  const double total = total_ms(r);
  if (r.body_chunks.empty()) {
    v.feed(r.body, whole_ms(total));
  } else {
    for (const BodyChunk& ch : r.body_chunks)
      if (ch.offset < r.body.size())
        v.feed(std::string_view(r.body).substr(ch.offset, ch.size), whole_ms(ch.at_ms));
  }
  return v.finish(whole_ms(total), stopped);
}

std::vector<CheckDef> stream_checks() {
  CheckDef relay{std::string(check_id::proxy_stream), Link::proxy, "the api-proxy relays a streaming request as a stream",
                 {std::string(check_id::proxy_forward), std::string(check_id::squid_sidecar_tunnel)},
                 stream_relay_check};
  // Not launched beside proxy.forward (CheckDef::launch_after): the first proxied request is
  // proxy.forward's, because a sidecar that crashes on a proxied request (domain.md §4, lab fault
  // sidecar-crash) answers only the first one with the evidence of why.
  relay.after = {std::string(check_id::proxy_sidecar_state)};
  relay.after_if = {{std::string(check_id::helper_run), sends_helper_output}};  // the route's credential
  CheckDef up{std::string(check_id::upstream_stream), Link::upstream, "the upstream streams a complete answer",
              {std::string(check_id::proxy_stream)}, stream_upstream_check};
  // proxy.stream's warnings (bytes after message_stop) leave a stream to judge.
  up.runs_after_warn = true;
  return {relay, up};
}

}  // namespace awf
