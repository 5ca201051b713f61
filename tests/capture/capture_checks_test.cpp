// capture.* checks and the hypotheses they decide (issue 10 point 3): H2 from the auth schemes the agent
// actually sent, H1 from its paths and versions, through the same rules and report as live probes.
#include <catch.hpp>

#include <cstdint>
#include <string_view>

#include "capture/capture_checks.hpp"
#include "net/sse_validator.hpp"
#include "report/report.hpp"

using namespace awf;
using namespace awf::capture;

namespace {

CapturedRequest api(int index, std::string scheme, std::vector<CredentialSeen> creds,
                    std::string path = "/v1/messages?beta=true") {
  CapturedRequest c;
  c.index = index;
  c.connection = 1;
  c.outcome = "complete";
  c.method = "POST";
  c.path_query = std::move(path);
  c.auth_scheme = std::move(scheme);
  c.credentials = std::move(creds);
  c.anthropic_version = "2023-06-01";
  c.answer.status = 401;
  c.answer.mode = "401";
  return c;
}

const CredentialSeen kKey{"x-api-key", "", 47, "sha256:aaaaaaaaaaaa", "current_placeholder"};
const CredentialSeen kBearer{"authorization", "Bearer", 20, "sha256:bbbbbbbbbbbb", "other"};

const Hypothesis& hyp(const Report& r, const std::string& id) {
  for (const auto& h : r.hypotheses)
    if (h.id == id) return h;
  FAIL("no hypothesis " << id);
  return r.hypotheses.front();
}

}  // namespace

TEST_CASE("capture: token + helper as Claude Code sends them: H2 refuted, naming what was sent", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "SIGINT";
  res.connections = 1;
  res.requests = {api(1, "both", {kKey, kBearer}), api(2, "bearer", {kBearer})};
  auto checks = capture_checks(res, providers().front());
  REQUIRE(checks.size() == 4);
  CHECK(checks[0].id == "capture.listen");
  CHECK(checks[2].id == "capture.auth");
  CHECK(checks[2].status == Status::pass);
  CHECK(checks[2].evidence["source"] == "capture");
  Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
  CHECK(r.exit_code == 0);
  const Hypothesis& h2 = hyp(r, "H2");
  CHECK(h2.verdict == "refuted");
  CHECK(h2.summary.find("x-api-key (current placeholder) + Authorization: Bearer (other)") != std::string::npos);
  CHECK(h2.summary.find("both, bearer") != std::string::npos);
  CHECK(h2.summary.find("strips both x-api-key and Authorization") != std::string::npos);
  CHECK(h2.evidence == std::vector<std::string>{"capture.auth"});
  const Hypothesis& h1 = hyp(r, "H1");
  CHECK(h1.verdict == "refuted");
  CHECK(h1.summary.find("POST /v1/messages?beta=true") != std::string::npos);
}

TEST_CASE("capture: one header per request: H2 not applicable and an unserved path supports H1", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "count";
  res.requests = {api(1, "x-api-key", {kKey}, "/chat/completions")};
  Report r = build_run_report(capture_checks(res, providers().front()), {{"command", "capture"}}, FailOn::fail);
  CHECK(hyp(r, "H2").verdict == "not-applicable");
  CHECK(hyp(r, "H1").verdict == "supported");
  CHECK(hyp(r, "H1").summary.find("/chat/completions") != std::string::npos);
}

TEST_CASE("capture: a real-key-shaped credential fails capture.auth and bad input warns", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "SIGINT";
  CapturedRequest bad;
  bad.index = 1;
  bad.outcome = "not_http";
  bad.auth_scheme = "none";
  CredentialSeen real{"x-api-key", "", 40, "sha256:cccccccccccc", "real_key_shaped"};
  res.requests = {bad, api(2, "x-api-key", {real})};
  auto checks = capture_checks(res, providers().front());
  CHECK(checks[1].status == Status::warn);
  CHECK(checks[1].summary.find("1 not_http") != std::string::npos);
  CHECK(checks[2].status == Status::fail);
  REQUIRE(checks[2].fault);
  CHECK(*checks[2].fault == FaultId::env_agent_sent_real_credential);
  CHECK(checks[2].evidence["fault"] == "env-agent-sent-real-credential");
  CHECK(checks[2].summary.find("x-api-key on request 2 (length 40, sha256:cccccccccccc)") != std::string::npos);
  CHECK(checks[2].hint.find("x-api-key on request 2") != std::string::npos);
  Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
  CHECK(r.exit_code == 1);
}

TEST_CASE("capture: a real credential in the Basic password of a HEAD / still names the fault (second example)",
          "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "count";
  CapturedRequest head = api(1, "other", {{"authorization", "Basic password", 31, "sha256:dddddddddddd", "real_key_shaped"}},
                             "/");
  head.method = "HEAD";
  res.requests = {head};
  auto checks = capture_checks(res, providers().front());
  REQUIRE(checks[2].id == "capture.auth");
  CHECK(checks[2].status == Status::fail);
  CHECK(checks[2].fault == FaultId::env_agent_sent_real_credential);
  CHECK(checks[2].summary.find("authorization Basic password on request 1") != std::string::npos);
}

TEST_CASE("capture: nothing arrived: listen is inconclusive (error) with a next step, the rest skip", "[capture]") {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.stopped_by = "duration";
  auto checks = capture_checks(res, providers().front());
  CHECK(checks[0].status == Status::error);
  CHECK(checks[0].hint.find("ANTHROPIC_BASE_URL=http://127.0.0.1:10001") != std::string::npos);
  CHECK(checks[2].status == Status::skip);
}

namespace {

// A relayed streaming request whose answer body was `body` (validated as capture's relay does).
CaptureResult relayed_stream(const std::string& body) {
  CaptureResult res;
  res.listen = "127.0.0.1:10001";
  res.forward = "http://127.0.0.1:10002";
  res.stopped_by = "count";
  CapturedRequest c = api(1, "x-api-key", {kKey});
  c.stream = true;
  c.answer.mode = "forward";
  c.answer.status = 200;
  c.answer.origin = "anthropic";
  c.answer.complete = true;
  c.answer.exchange.source = Source::capture;
  c.answer.exchange.http_status = 200;
  c.answer.exchange.complete = true;
  c.answer.exchange.origin = Origin::provider;
  sse::StreamContext ctx;
  ctx.content_type = "text/event-stream";
  // relayed as it arrived: one event every 50 ms (a paced stream; buffering judged streamed)
  sse::Validator v(ctx);
  std::int64_t at = 5;
  for (std::size_t pos = 0; pos < body.size(); at += 50) {
    const std::size_t end = body.find("\n\n", pos);
    const std::size_t next = end == std::string::npos ? body.size() : end + 2;
    v.feed(std::string_view(body).substr(pos, next - pos), at);
    pos = next;
  }
  c.answer.stream = v.finish(at);
  res.requests = {c};
  return res;
}

std::string ev(const std::string& name, const std::string& data, bool with_event_line = true) {
  return (with_event_line ? "event: " + name + "\n" : std::string()) + "data: " + data + "\n\n";
}

std::string clean_stream(bool event_lines = true) {
  return ev("message_start",
            R"({"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"x","stop_reason":null,"usage":{"input_tokens":1,"output_tokens":0}}})",
            event_lines) +
         ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})",
            event_lines) +
         ev("content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}})", event_lines) +
         ev("content_block_stop", R"({"type":"content_block_stop","index":0})", event_lines) +
         ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}})",
            event_lines) +
         ev("message_stop", R"({"type":"message_stop"})", event_lines);
}

}  // namespace

TEST_CASE("capture --forward: H3 from the relayed stream", "[capture][stream]") {
  SECTION("a clean stream: capture.stream passes, H3 refuted") {
    auto checks = capture_checks(relayed_stream(clean_stream()), providers().front());
    REQUIRE(checks.back().id == "capture.stream");
    CHECK(checks.back().status == Status::pass);
    Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
    CHECK(hyp(r, "H3").verdict == "refuted");
    CHECK(hyp(r, "H3").summary.find("clean stream") != std::string::npos);
  }
  SECTION("event: lines dropped by a hop (R20): H3 supported") {
    auto checks = capture_checks(relayed_stream(clean_stream(false)), providers().front());
    REQUIRE(checks.back().id == "capture.stream");
    CHECK(checks.back().status == Status::fail);
    CHECK(checks.back().fault == FaultId::proxy_stream_event_lines_dropped);
    Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
    CHECK(hyp(r, "H3").verdict == "supported");
    CHECK(hyp(r, "H3").summary.find("missing event lines") != std::string::npos);
    CHECK(r.exit_code == 1);
  }
  SECTION("second example: the stream stops before message_stop (truncated): H3 supported") {
    std::string cut = clean_stream();
    cut = cut.substr(0, cut.find("event: message_delta"));
    auto checks = capture_checks(relayed_stream(cut), providers().front());
    CHECK(checks.back().status == Status::fail);
    CHECK(checks.back().fault == FaultId::upstream_stream_truncated);
    Report r = build_run_report(checks, {{"command", "capture"}}, FailOn::fail);
    CHECK(hyp(r, "H3").verdict == "supported");
  }
  SECTION("no relay asked to stream: no capture.stream") {
    auto res = relayed_stream(clean_stream());
    res.requests[0].stream = false;
    res.requests[0].answer.stream.reset();
    auto checks = capture_checks(res, providers().front());
    CHECK(checks.back().id == "capture.answers");
  }
}
