// proxy.stream / upstream.stream on canned answers through the ProbeIo seam (no network): the
// request sent, the body read piece by piece with arrival times, --no-spend, and what was spent.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "catalog/check_ids.hpp"
#include "probes/probes.hpp"
#include "probes/stream_probe.hpp"
#include "rules/chain_facts.hpp"
#include "rules/hypothesis_rules.hpp"
#include "support/fake_io.hpp"
#include "support/probe_harness.hpp"
#include "topology/providers.hpp"

using namespace awf;
using test::FakeIo;

namespace {

using Harness = test::ProbeHarness;

std::string ev(const std::string& name, const std::string& data, bool event_line = true) {
  return (event_line ? "event: " + name + "\n" : std::string()) + "data: " + data + "\n\n";
}

std::vector<std::string> lab_events(bool event_lines = true) {
  return {ev("message_start", R"({"type":"message_start","message":{"id":"m","usage":{"input_tokens":8,"output_tokens":1}}})", event_lines),
          ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})", event_lines),
          ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"1"}})", event_lines),
          ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", 2"}})", event_lines),
          ev("content_block_stop", R"({"type":"content_block_stop","index":0})", event_lines),
          ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":4}})", event_lines),
          ev("message_stop", R"({"type":"message_stop"})", event_lines)};
}

// A streamed 200: each event its own piece, 50 ms apart.
HttpResponse streamed(const std::vector<std::string>& events, HeaderList extra = {}) {
  HttpResponse r;
  r.status = 200;
  r.headers = {{"content-type", "text/event-stream; charset=utf-8"}, {"request-id", "req_011stream"}};
  for (auto& h : extra) r.headers.push_back(h);
  double at = 40;
  for (const auto& e : events) {
    r.body_chunks.push_back({r.body.size(), e.size(), at});
    r.body += e;
    at += 50;
  }
  r.timing_ms = {{"total", at}};
  return r;
}

}  // namespace

TEST_CASE("proxy.stream sends one streaming request with the plan's model and max_tokens", "[probes][stream]") {
  Harness h;
  h.spec.stream.model = "claude-test-model";
  h.spec.stream.max_tokens = 7;
  h.io.on_http = [](const HttpRequest&) { return streamed(lab_events()); };
  Check c = h.run(check_id::proxy_stream);
  REQUIRE(h.io.requests.size() == 1);
  const HttpRequest& req = h.io.requests[0];
  CHECK(req.method == "POST");
  CHECK(req.url == "http://127.0.0.1:9/v1/messages");
  CHECK(req.record_chunks);
  const auto body = nlohmann::json::parse(req.body);
  CHECK(body["stream"] == true);
  CHECK(body["max_tokens"] == 7);
  CHECK(body["model"] == "claude-test-model");
  CHECK(req.headers[0].first == "x-api-key");
  CHECK(req.headers[0].second == std::string(current_placeholder(provider(ProviderId::anthropic))));
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["spent"]["requests"] == 1);
  CHECK(c.evidence["spent"]["output_tokens"] == 4);
  CHECK(c.summary.find("spent one streaming request") != std::string::npos);
  REQUIRE(c.obs.stream);
  CHECK(c.obs.stream->events == 7);
  CHECK(c.obs.stream->first_event_ms == 40);
  CHECK(c.obs.stream->received_span_ms == 300);
  Check up = h.run(check_id::upstream_stream);
  CHECK(up.status == Status::pass);
  std::vector<Check> all = {c, up};
  ChainFacts f = derive_facts(all, provider(ProviderId::anthropic));
  CHECK_FALSE(f.stream_fault);
  CHECK(f.stream == Seen::pass);
}

TEST_CASE("proxy.stream: Content-Length on an event stream is a held stream (buffered)", "[probes][stream]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) {
    HttpResponse r = streamed(lab_events(), {{"content-length", "900"}});
    // everything arrived in one piece at the end
    r.body_chunks = {{0, r.body.size(), 390}};
    return r;
  };
  Check c = h.run(check_id::proxy_stream);
  CHECK(c.status == Status::fail);
  CHECK(c.fault == FaultId::proxy_stream_buffered);
  CHECK(c.summary.find("buffered") != std::string::npos);
}

TEST_CASE("proxy.stream: data-only on the Anthropic route fails on the proxy link", "[probes][stream]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) { return streamed(lab_events(false)); };
  Check c = h.run(check_id::proxy_stream);
  CHECK(c.fault == FaultId::proxy_stream_event_lines_dropped);
}

TEST_CASE("upstream.stream: a cut stream and a mid-stream error fail on the upstream link", "[probes][stream]") {
  Harness h;
  auto events = lab_events();
  h.io.on_http = [&](const HttpRequest&) {
    HttpResponse r = streamed({events[0], events[1], events[2]});
    r.error = TransportError::connection_reset;
    r.curl_code = 56;
    return r;
  };
  Check relay = h.run(check_id::proxy_stream);
  CHECK(relay.status == Status::pass);
  Check up = h.run(check_id::upstream_stream);
  CHECK(up.fault == FaultId::upstream_stream_truncated);
  h.io.on_http = [&](const HttpRequest&) {
    return streamed({events[0], events[1], events[2],
                     ev("error", R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})")});
  };
  h.run(check_id::proxy_stream);
  up = h.run(check_id::upstream_stream);
  CHECK(up.fault == FaultId::upstream_stream_error);
  CHECK(up.summary.find("api_error") != std::string::npos);
  // overloaded_error is the provider's capacity answer: warn, no fault (rules/answer_400.hpp provider_busy)
  h.io.on_http = [&](const HttpRequest&) {
    return streamed({events[0], events[1], events[2],
                     ev("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")});
  };
  h.run(check_id::proxy_stream);
  up = h.run(check_id::upstream_stream);
  CHECK(up.status == Status::warn);
  CHECK_FALSE(up.fault);
}

TEST_CASE("no-spend: proxy.stream sends nothing and says why, H3 inconclusive", "[probes][stream]") {
  Harness h;
  h.spec.stream.no_spend = true;
  Check c = h.run(check_id::proxy_stream);
  CHECK(h.io.requests.empty());
  CHECK(c.status == Status::skip);
  CHECK(c.summary.find("--no-spend") != std::string::npos);
  CHECK(c.evidence["spent"]["requests"] == 0);
  std::vector<Check> all = {c};
  CHECK(derive_facts(all, provider(ProviderId::anthropic)).stream_not_spent);
}

namespace {

// H3 over `checks` plus a proxy.forward that passed (the run's minimal request was accepted).
Decision h3(std::vector<Check> checks) {
  Check fwd;
  fwd.id = std::string(check_id::proxy_forward);
  fwd.status = Status::pass;
  Exchange e;
  e.http_status = 200;
  e.origin = Origin::provider;
  fwd.obs.exchange = e;
  checks.push_back(fwd);
  return decide(HypothesisId::H3, derive_facts(checks, provider(ProviderId::anthropic)), provider(ProviderId::anthropic));
}

}  // namespace

TEST_CASE("proxy.stream: a slow healthy stream cut by the run deadline is not judged, never truncated",
          "[probes][stream][F4]") {
  Harness h;
  auto events = lab_events();
  h.io.on_http = [&](const HttpRequest& req) {
    // 5 s between events: the deadline cut it after four events
    HttpResponse r = streamed({events[0], events[1], events[2], events[3]});
    for (std::size_t i = 0; i < r.body_chunks.size(); ++i) r.body_chunks[i].at_ms = 40 + 5000.0 * static_cast<double>(i);
    r.error = TransportError::timeout;
    r.curl_code = 28;
    r.timing_ms = {{"total", static_cast<double>(req.timeout.count())}};
    return r;
  };
  Check relay = h.run(check_id::proxy_stream);
  REQUIRE(h.io.requests.size() == 1);
  CHECK(h.io.requests[0].timeout.count() > 20000);  // no fixed limit below the run deadline (30 s here)
  CHECK(relay.status == Status::error);
  CHECK_FALSE(relay.fault);
  CHECK(relay.summary.find("still arriving when the tool stopped reading after") != std::string::npos);
  CHECK(relay.summary.find("--timeout 30000 ms") != std::string::npos);
  Check up = h.run(check_id::upstream_stream);
  CHECK(up.status == Status::error);
  CHECK_FALSE(up.fault);
  CHECK(up.summary.find("truncated") == std::string::npos);
  const Decision d = h3({relay, up});
  CHECK(d.verdict == Verdict::inconclusive);
  CHECK(d.reason.find("not judged") != std::string::npos);
}

TEST_CASE("proxy.stream: the tool's 1 MiB read limit is said as such, not an upstream truncation",
          "[probes][stream][F15]") {
  Harness h;
  auto events = lab_events();
  h.io.on_http = [&](const HttpRequest&) {
    HttpResponse r = streamed({events[0], events[1], events[2]});
    r.body += "event: content_block_delta\ndata: {\"type\":\"content_block_de";  // cut at the limit
    r.body_chunks.push_back({r.body_chunks.back().offset + r.body_chunks.back().size, 40, 200});
    r.body_truncated = true;
    return r;
  };
  Check relay = h.run(check_id::proxy_stream);
  Check up = h.run(check_id::upstream_stream);
  CHECK(relay.status == Status::error);
  CHECK(up.status == Status::error);
  CHECK(up.summary.find("read limit of 1048576 bytes") != std::string::npos);
  CHECK_FALSE(up.fault);
}

TEST_CASE("H3: a streaming request that got no answer before the deadline is not 'no streaming request was sent'",
          "[probes][stream][F16]") {
  Harness h;
  h.io.on_http = [](const HttpRequest&) {
    HttpResponse r;
    r.error = TransportError::timeout;
    r.curl_code = 28;
    return r;
  };
  Check relay = h.run(check_id::proxy_stream);
  CHECK(relay.status == Status::error);
  Check fwd;
  fwd.id = std::string(check_id::proxy_forward);
  fwd.status = Status::pass;
  Exchange e;
  e.http_status = 200;
  e.origin = Origin::provider;
  fwd.obs.exchange = e;
  const Decision d = h3({fwd, relay});
  CHECK(d.verdict == Verdict::inconclusive);
  CHECK(d.reason.find("no streaming request was sent") == std::string::npos);
  CHECK(d.reason.find("not judged") != std::string::npos);
}

TEST_CASE("H3: never supported from a stream whose deciding check errored", "[probes][stream][F5]") {
  // proxy.stream passed with a stream that was cut; upstream.stream errored (the deadline).
  Check relay;
  relay.id = std::string(check_id::proxy_stream);
  relay.status = Status::pass;
  sse::StreamResult r;
  r.events = 3;
  r.findings.push_back({sse::FindingKind::truncated, "the stream ended before message_stop", std::nullopt});
  relay.obs.stream = r;
  Exchange e;
  e.http_status = 200;
  relay.obs.exchange = e;
  Check up;
  up.id = std::string(check_id::upstream_stream);
  up.status = Status::error;
  up.summary = "run deadline of 3000 ms passed before this check started";
  const Decision d = h3({relay, up});
  CHECK(d.verdict == Verdict::inconclusive);
  CHECK(d.reason.find("run deadline") != std::string::npos);

  // And in general: a supported row whose evidence checks all errored is inconclusive.
  ChainFacts f;
  f.present = {std::string(check_id::proxy_stream), std::string(check_id::upstream_stream)};
  f.errored = f.present;
  f.stream_fault = "truncated";
  const Decision g = decide(HypothesisId::H3, f, provider(ProviderId::anthropic));
  CHECK(g.verdict == Verdict::inconclusive);
}

TEST_CASE("proxy.stream: pacing is read from the events' own gaps", "[probes][stream][F14]") {
  Harness h;
  SECTION("a paced stream carrying a Content-Length is not 'sent at once'") {
    h.io.on_http = [](const HttpRequest&) { return streamed(lab_events(), {{"content-length", "900"}}); };
    Check relay = h.run(check_id::proxy_stream);
    CHECK(relay.status == Status::pass);
    CHECK(relay.summary.find("paced") != std::string::npos);
  }
  SECTION("every event in one burst, no Content-Length: passes, but H3 is not refuted") {
    h.io.on_http = [](const HttpRequest&) {
      HttpResponse r = streamed(lab_events());
      r.body_chunks = {{0, r.body.size(), 1501}};
      r.timing_ms = {{"total", 1502}};
      return r;
    };
    Check relay = h.run(check_id::proxy_stream);
    Check up = h.run(check_id::upstream_stream);
    CHECK(relay.status == Status::pass);
    CHECK(up.status == Status::pass);
    CHECK(relay.summary.find("buffering is not judged") != std::string::npos);
    CHECK(h3({relay, up}).verdict == Verdict::inconclusive);
  }
  SECTION("time to first event against --stream-watchdog-ms") {
    h.spec.stream.watchdog_ms = 30;  // the first event comes after 40 ms
    h.io.on_http = [](const HttpRequest&) { return streamed(lab_events()); };
    Check relay = h.run(check_id::proxy_stream);
    CHECK(relay.status == Status::pass);
    Check up = h.run(check_id::upstream_stream);
    CHECK(up.status == Status::warn);
    CHECK(up.fault == FaultId::upstream_stream_idle);
    CHECK(up.summary.find("watchdog is 30 ms") != std::string::npos);
    CHECK(h3({relay, up}).verdict == Verdict::inconclusive);
  }
}
