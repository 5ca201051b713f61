// Stream rules on validated bodies: which finding fails which link (decisions.md 10), and the
// name that H3 carries. Bodies are the lab's (tests/lab/upstream_double.py) shapes.
#include <catch.hpp>

#include <optional>
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

TEST_CASE("stream rules: every finding kind has exactly one row, and none is silently ignored", "[rules][stream]") {
  CHECK(finding_rules().size() == sse::kFindingKindCount);
  for (std::size_t i = 0; i < sse::kFindingKindCount; ++i) {
    const auto kind = static_cast<sse::FindingKind>(i);
    INFO(sse::to_string(kind));
    std::size_t rows = 0;
    for (const FindingRule& row : finding_rules()) rows += row.kind == kind;
    CHECK(rows == 1);
    const FindingRule& row = finding_rule(kind);
    CHECK(row.kind == kind);
    CHECK_FALSE(row.name.empty());
    if (row.effect == FindingEffect::fail || row.effect == FindingEffect::warn) {
      REQUIRE(row.fault);
      CHECK(info(*row.fault).link == row.link);
    }
    // A result holding only this finding (on a complete stream) changes a check's status unless
    // the table calls the kind a note.
    sse::StreamResult r = validate(head() + tail());
    REQUIRE(r.findings.empty());
    r.findings.push_back({kind, "detail", std::nullopt});
    const Outcome relay = judge_stream_relay(ok200(), r, P());
    const Outcome up = judge_stream_upstream(ok200(), r, P());
    const bool changed = relay.status != Status::pass || up.status != Status::pass;
    CHECK(changed == (row.effect != FindingEffect::note));
    if (row.effect == FindingEffect::fail) CHECK(stream_fault_name(r) == std::string(row.name));
    if (row.effect == FindingEffect::inconclusive) {
      CHECK(relay.status == Status::error);
      CHECK(up.status == Status::error);
      CHECK_FALSE(stream_fault_name(r));
    }
  }
}

TEST_CASE("stream rules: streams a client cannot use fail, unread streams are not judged", "[rules][stream]") {
  struct Row {
    const char* name;
    std::string body;
    std::string encoding;
    Status relay;
    Status up;
    std::optional<FaultId> fault;
  };
  const std::string no_usage =
      ev("message_start", R"({"type":"message_start","message":{"id":"msg_1"}})") +
      ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
      tail();
  const Row rows[] = {
      {"gzip over plain bytes", head() + tail(), "gzip", Status::fail, Status::pass,
       FaultId::proxy_stream_encoding_mismatch},
      {"data not JSON", head() + "event: content_block_delta\ndata: {\"type\":\"content\n\n" + tail(), "",
       Status::fail, Status::pass, FaultId::proxy_stream_malformed},
      {"message_start without usage", no_usage, "", Status::fail, Status::pass, FaultId::proxy_stream_malformed},
      {"no message_start", tail(), "", Status::fail, Status::error, FaultId::proxy_stream_malformed},
      {"an empty 200", "", "", Status::pass, Status::fail, FaultId::upstream_stream_truncated},
      {"a gzip-coded stream", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10), "gzip", Status::error,
       Status::error, std::nullopt},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    sse::StreamContext c;
    c.content_type = "text/event-stream";
    c.content_encoding = row.encoding;
    const auto r = sse::validate_body(c, row.body, 5);
    const Outcome relay = judge_stream_relay(ok200(), r, P());
    const Outcome up = judge_stream_upstream(ok200(), r, P());
    CHECK(relay.status == row.relay);
    CHECK(up.status == row.up);
    const Outcome& failed = row.relay == Status::fail ? relay : up;
    if (row.fault) CHECK(failed.fault == row.fault);
    CHECK((up.summary.find("complete answer") == std::string::npos || up.status == Status::pass));
  }
  SECTION("the tool stopped reading: error on both checks, the reason named, never truncated") {
    sse::StreamContext c;
    c.content_type = "text/event-stream";
    sse::Validator v(c);
    v.feed(head(), 10);
    const auto r = v.finish(19750, std::string("the run deadline, --timeout 20000 ms"));
    const Outcome relay = judge_stream_relay(ok200(), r, P());
    const Outcome up = judge_stream_upstream(ok200(), r, P());
    CHECK(relay.status == Status::error);
    CHECK(up.status == Status::error);
    CHECK_FALSE(up.fault);
    CHECK(up.summary.find("still arriving when the tool stopped reading after 19750 ms") != std::string::npos);
    CHECK(up.summary.find("truncated") == std::string::npos);
    CHECK_FALSE(stream_fault_name(r));
  }
  SECTION("a line over the reader's cap: error, not pass") {
    sse::StreamContext c;
    c.content_type = "text/event-stream";
    c.limits.max_line_bytes = 128;
    const auto r = sse::validate_body(c, head() + "event: content_block_delta\ndata: " + std::string(500, 'x') + "\n\n", 5);
    CHECK(judge_stream_upstream(ok200(), r, P()).status == Status::error);
  }
  SECTION("silence beyond the client's watchdog warns upstream.stream (proxy.stream passes, so it still runs)") {
    sse::StreamContext c;
    c.content_type = "text/event-stream";
    c.watchdog_ms = 1000;
    sse::Validator v(c);
    v.feed(head() + tail(), 12000);
    const auto r = v.finish(12001);
    CHECK(judge_stream_relay(ok200(), r, P()).status == Status::pass);
    const Outcome up = judge_stream_upstream(ok200(), r, P());
    CHECK(up.status == Status::warn);
    CHECK(up.fault == FaultId::upstream_stream_idle);
  }
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

namespace {

/// `e` as a hop answers it: the provider's shape or none, but no request-id (domain.md §6, §10).
Exchange no_request_id(Exchange e, Origin origin = Origin::unknown) {
  e.origin = origin;
  e.request_id.clear();
  e.origin_why = "no request-id header";
  return e;
}

Exchange status(int code, std::string type, std::string msg = "") {
  Exchange e = ok200();
  e.http_status = code;
  e.error_type = std::move(type);
  e.error_message = std::move(msg);
  return e;
}

bool names_provider_as_origin(const Outcome& o) {
  return o.summary.find("Anthropic is busy") != std::string::npos ||
         o.summary.find("Anthropic answered") != std::string::npos ||
         o.summary.find("got the request to Anthropic") != std::string::npos ||
         o.summary.find("no link is broken") != std::string::npos;
}

}  // namespace

TEST_CASE("stream rules: an error answer without request-id is a hop's, never the provider's (new-user 13 F5)",
          "[rules][stream]") {
  struct Row {
    const char* name;
    Exchange e;
  };
  const Row rows[] = {
      {"529 overloaded_error in Anthropic's shape", status(529, "overloaded_error", "Overloaded")},
      {"429 rate_limit_error in Anthropic's shape", status(429, "rate_limit_error", "Rate limited")},
      {"an nginx HTML 503", status(503, "")},
      {"500 api_error", status(500, "api_error", "Internal server error")},
      {"401 authentication_error", status(401, "authentication_error", "invalid x-api-key")},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    // With the provider's request-id: the provider's answer, judged on the upstream link.
    const Outcome with_up = judge_stream_upstream(row.e, std::nullopt, P());
    CHECK(judge_stream_relay(row.e, std::nullopt, P()).status == Status::pass);
    CHECK(with_up.status != Status::error);
    // Without: the proxy link's unrecognised answer; the upstream link is not judged.
    const Exchange hop = no_request_id(row.e);
    const Outcome relay = judge_stream_relay(hop, std::nullopt, P());
    const Outcome up = judge_stream_upstream(hop, std::nullopt, P());
    CHECK(relay.status == Status::fail);
    CHECK(relay.fault == FaultId::proxy_unrecognised_answer);
    CHECK(relay.summary.find("origin unknown") != std::string::npos);
    CHECK(up.status == Status::error);
    CHECK_FALSE(up.fault);
    CHECK_FALSE(names_provider_as_origin(relay));
    CHECK_FALSE(names_provider_as_origin(up));
  }
  SECTION("Squid's page relayed: not the provider's either, upstream.stream does not judge it") {
    const Outcome up = judge_stream_upstream(no_request_id(status(403, ""), Origin::squid), std::nullopt, P());
    CHECK(up.status == Status::error);
    CHECK(up.summary.find("Squid") != std::string::npos);
    CHECK_FALSE(names_provider_as_origin(up));
  }
}

TEST_CASE("stream rules: an `event: error` on a stream without request-id is not the provider's (new-user 13 F5)",
          "[rules][stream]") {
  for (const char* type : {"overloaded_error", "rate_limit_error", "api_error"}) {
    INFO(type);
    const auto r = validate(head() + ev("error", std::string(R"({"type":"error","error":{"type":")") + type +
                                                     R"(","message":"m"}})"));
    const Exchange hop = no_request_id(ok200());
    const Outcome relay = judge_stream_relay(hop, r, P());
    const Outcome up = judge_stream_upstream(hop, r, P());
    CHECK(relay.status == Status::fail);
    CHECK(relay.fault == FaultId::proxy_unrecognised_answer);
    CHECK(relay.summary.find(type) != std::string::npos);
    CHECK(up.status == Status::error);
    CHECK_FALSE(names_provider_as_origin(relay));
    CHECK_FALSE(names_provider_as_origin(up));
    // With the provider's request-id: capacity warns on the upstream link, anything else fails it.
    const Outcome from_provider = judge_stream_upstream(ok200(), r, P());
    CHECK(from_provider.status == (std::string(type) == "api_error" ? Status::fail : Status::warn));
    CHECK(judge_stream_relay(ok200(), r, P()).status == Status::pass);
  }
}

TEST_CASE("stream rules: bytes after message_stop warn on the proxy link, the complete stream passes (new-user 13 F6)",
          "[rules][stream]") {
  for (const std::string& extra :
       {std::string("<html>proxy error</html>\n"), ev("content_block_delta", R"({"type":"content_block_delta"})"),
        ev("message_start", R"({"type":"message_start","message":{"id":"msg_2","usage":{"input_tokens":3}}})")}) {
    INFO(extra);
    const auto r = validate(head() + tail() + extra);
    CHECK(r.complete);
    CHECK_FALSE(stream_fault_name(r));  // H3 is not supported: nothing fails
    const Outcome relay = judge_stream_relay(ok200(), r, P());
    CHECK(relay.status == Status::warn);
    CHECK(relay.fault == FaultId::proxy_stream_after_stop);
    CHECK(relay.summary.find("truncated") == std::string::npos);
    CHECK(relay.summary.find("ends before") == std::string::npos);
    CHECK(judge_stream_upstream(ok200(), r, P()).status == Status::pass);
  }
}
