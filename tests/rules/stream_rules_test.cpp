// Stream rules on validated bodies: which finding fails which link (decisions.md 10), and the
// name that H3 carries. Bodies are the lab's (tests/lab/upstream_double.py) shapes.
#include <catch.hpp>

#include <string>

#include "catalog/catalog.hpp"
#include "rules/stream_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

std::string ev(const std::string& name, const std::string& data, bool with_event_line = true) {
  return (with_event_line ? "event: " + name + "\n" : std::string()) + "data: " + data + "\n\n";
}

std::string head() {
  return ev("message_start", R"({"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":3}}})") +
         ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
         ev("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"h"}})");
}

std::string tail() {
  return ev("content_block_stop", R"({"type":"content_block_stop","index":0})") +
         ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":1}})") +
         ev("message_stop", R"({"type":"message_stop"})");
}

Exchange ok200() {
  Exchange e;
  e.http_status = 200;
  e.complete = true;
  e.origin = Origin::provider;
  e.request_id = "req_1";
  return e;
}

sse::StreamResult validate(const std::string& body, const std::string& ctype = "text/event-stream") {
  sse::StreamContext c;
  c.content_type = ctype;
  return sse::validate_body(c, body, 5);
}

}  // namespace

TEST_CASE("stream rules: a clean stream passes and names no fault", "[rules][stream]") {
  const auto r = validate(head() + tail());
  CHECK_FALSE(stream_fault_name(r));
  CHECK(judge_stream_relay(ok200(), r, P()).status == Status::pass);
  const Outcome o = judge_stream_upstream(ok200(), r, P());
  CHECK(o.status == Status::pass);
  CHECK(o.summary.find("max_tokens") != std::string::npos);
}

TEST_CASE("stream rules: each fault on its link", "[rules][stream]") {
  struct Row {
    const char* name;
    std::string body;
    std::string ctype;
    FaultId fault;
    Link link;
    const char* words;
  };
  const Row rows[] = {
      {"truncated", head(), "text/event-stream", FaultId::upstream_stream_truncated, Link::upstream, "truncated"},
      {"mid-stream error",
       head() + ev("error", R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})"),
       "text/event-stream", FaultId::upstream_stream_error, Link::upstream, "mid-stream error"},
      {"data only",
       ev("message_start", R"({"type":"message_start","message":{"id":"m"}})", false) +
           ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"}})", false) +
           ev("message_stop", R"({"type":"message_stop"})", false),
       "text/event-stream", FaultId::proxy_stream_event_lines_dropped, Link::proxy, "missing event lines"},
      {"json", head() + tail(), "application/json", FaultId::proxy_stream_not_sse, Link::proxy,
       "not an event stream"},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    const auto r = validate(row.body, row.ctype);
    REQUIRE(stream_fault_name(r));
    CHECK(*stream_fault_name(r) == row.words);
    const Outcome relay = judge_stream_relay(ok200(), r, P());
    const Outcome up = judge_stream_upstream(ok200(), r, P());
    const Outcome& o = row.link == Link::proxy ? relay : up;
    const Outcome& other = row.link == Link::proxy ? up : relay;
    CHECK(o.status == Status::fail);
    REQUIRE(o.fault);
    CHECK(*o.fault == row.fault);
    CHECK(info(*o.fault).link == row.link);
    CHECK(other.status == Status::pass);
  }
}

TEST_CASE("stream rules: buffered when the events arrive in one burst the upstream spaced", "[rules][stream]") {
  sse::StreamContext c;
  c.content_type = "text/event-stream";
  c.upstream_span_ms = 600;
  sse::Validator v(c);
  v.feed(head() + tail(), 700);
  const auto r = v.finish(701);
  REQUIRE(stream_fault_name(r));
  CHECK(*stream_fault_name(r) == "buffered");
  CHECK(judge_stream_relay(ok200(), r, P()).fault == FaultId::proxy_stream_buffered);
  CHECK(judge_stream_upstream(ok200(), r, P()).status == Status::pass);
}

TEST_CASE("stream rules: a 400 to the streaming request is read (R18)", "[rules][stream]") {
  Exchange e = ok200();
  e.http_status = 400;
  e.error_type = "invalid_request_error";
  e.error_message = "Unknown parameter: 'stream_options.include_usage'.";
  CHECK(judge_stream_relay(e, std::nullopt, P()).status == Status::pass);  // relayed the provider's answer
  const Outcome o = judge_stream_upstream(e, std::nullopt, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::upstream_parameter_rejected);
  CHECK(o.summary.find("no stream") != std::string::npos);
}

TEST_CASE("stream rules: a 400 naming a parameter the probe never sent is the api-proxy's doing (R18)",
          "[rules][stream]") {
  Exchange e = ok200();
  e.http_status = 400;
  e.error_type = "invalid_request_error";
  e.error_message = "Unknown parameter: 'stream_options.include_usage'.";
  e.sent.body = R"({"max_tokens":32,"messages":[],"model":"m","stream":true})";
  const Outcome o = judge_stream_relay(e, std::nullopt, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::proxy_request_body_altered);
  CHECK(o.summary.find("stream_options.include_usage") != std::string::npos);
  e.sent.body = R"({"stream":true,"stream_options":{"include_usage":true}})";
  CHECK(judge_stream_relay(e, std::nullopt, P()).status == Status::pass);  // the probe sent it itself
}

TEST_CASE("stream rules: the provider's overloaded_error event is its capacity answer, not a stream fault (F11)",
          "[rules][stream]") {
  const auto r =
      validate(head() + ev("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"));
  CHECK_FALSE(stream_fault_name(r));  // H3 is not supported by a faithfully relayed provider error
  CHECK(judge_stream_relay(ok200(), r, P()).status == Status::pass);
  const Outcome up = judge_stream_upstream(ok200(), r, P());
  CHECK(up.status == Status::warn);
  CHECK_FALSE(up.fault);
  CHECK(up.summary.find("busy") != std::string::npos);
  CHECK(up.summary.find("overloaded_error") != std::string::npos);
  // The same condition as an HTTP status gets the same verdict.
  for (int status : {429, 529}) {
    Exchange e = ok200();
    e.http_status = status;
    e.error_type = status == 429 ? "rate_limit_error" : "overloaded_error";
    const Outcome o = judge_stream_upstream(e, std::nullopt, P());
    CHECK(o.status == Status::warn);
    CHECK_FALSE(o.fault);
    CHECK(o.summary.find("busy") != std::string::npos);
  }
}

TEST_CASE("stream rules: a 400 naming a beta value the probe never sent is the hop's (F6)", "[rules][stream]") {
  Exchange e = ok200();
  e.http_status = 400;
  e.error_type = "invalid_request_error";
  e.error_message = "Unexpected value(s) `extended-cache-ttl-2025-04-11` for the `anthropic-beta` header.";
  e.sent_betas_known = true;  // the stream probe sends no anthropic-beta
  const Outcome o = judge_stream_relay(e, std::nullopt, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::proxy_beta_value_added);
  CHECK(o.hint.find("AWF_ANTHROPIC_AUTO_CACHE") != std::string::npos);
  CHECK(o.hint.find("extended-cache-ttl-2025-04-11") != std::string::npos);
  const Outcome up = judge_stream_upstream(e, std::nullopt, P());
  CHECK(up.status == Status::warn);  // the provider's refusal is real; the hop is judged on the proxy link
  CHECK_FALSE(up.fault);
  e.sent_betas = {"extended-cache-ttl-2025-04-11"};  // sent by the probe itself: the upstream's refusal
  CHECK(judge_stream_relay(e, std::nullopt, P()).status == Status::pass);
  CHECK(judge_stream_upstream(e, std::nullopt, P()).fault == FaultId::upstream_beta_header_rejected);
}
