// SSE validator: Anthropic framing and order (domain.md §6), OpenAI data-only framing
// (decisions.md §10), content type/encoding, truncation, mid-stream errors, timing and buffering.
#include "net/sse_validator.hpp"

#include <catch.hpp>

#include <string>
#include <vector>

using namespace awf::sse;

namespace {

std::string ev(const std::string& name, const std::string& json) {
  return "event: " + name + "\ndata: " + json + "\n\n";
}

// What the lab's upstream double sends (tests/lab/upstream_double.py), in wire order.
std::vector<std::string> healthy_events() {
  std::vector<std::string> v = {
      ev("message_start",
         R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],)"
         R"("usage":{"input_tokens":8,"output_tokens":1}}})"),
      ev("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
      ev("ping", R"({"type": "ping"})")};
  for (const char* t : {"Hi", "! This", " is", " the lab"})
    v.push_back(ev("content_block_delta", std::string(R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")") + t + "\"}}"));
  v.push_back(ev("content_block_stop", R"({"type":"content_block_stop","index":0})"));
  v.push_back(ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}})"));
  v.push_back(ev("message_stop", R"({"type":"message_stop"})"));
  return v;
}

std::string join(const std::vector<std::string>& v, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  std::string s;
  for (std::size_t i = from; i < v.size() && i < to; ++i) s += v[i];
  return s;
}

StreamContext sse_ctx(Framing f = Framing::anthropic_messages) {
  StreamContext c;
  c.framing = f;
  c.content_type = "text/event-stream; charset=utf-8";
  return c;
}

/// Feeds each event as its own chunk, event i arriving at times[i].
StreamResult timed(const StreamContext& ctx, const std::vector<std::string>& evs, const std::vector<std::int64_t>& times,
                   std::int64_t end) {
  Validator v(ctx);
  for (std::size_t i = 0; i < evs.size(); ++i) v.feed(evs[i], times[i]);
  return v.finish(end);
}

std::vector<std::string> kinds(const StreamResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(to_string(f.kind));
  return out;
}

std::string strip_event_lines(const std::string& s) {
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    auto nl = s.find('\n', pos);
    std::string line = s.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos + 1);
    if (line.rfind("event:", 0) != 0) out += line;
    pos = nl == std::string::npos ? s.size() : nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("sse validator: a healthy Anthropic stream has no findings", "[sse]") {
  auto r = validate_body(sse_ctx(), join(healthy_events()), 100);
  CHECK(kinds(r).empty());
  CHECK(r.events == 10);
  CHECK(r.events_with_event_line == 10);
  CHECK(r.saw_message_start);
  CHECK(r.saw_message_stop);
  CHECK(r.stop_reason == "end_turn");
  CHECK(r.input_tokens == 8);
  CHECK(r.output_tokens == 12);
  CHECK(r.event_names.front() == "message_start");
  CHECK(r.event_names.back() == "message_stop");
  CHECK(r.to_json()["buffering"] == "not_judged");
}

TEST_CASE("sse validator: every split point gives the same result", "[sse]") {
  std::vector<std::string> bodies = {join(healthy_events()), join(healthy_events(), 0, 6),
                                     strip_event_lines(join(healthy_events()))};
  for (const auto& body : bodies) {
    auto whole = validate_body(sse_ctx(), body, 1).to_json();
    for (std::size_t i = 0; i <= body.size(); ++i) {
      Validator v(sse_ctx());
      v.feed(body.substr(0, i), 1);
      v.feed(body.substr(i), 1);
      INFO("split at " << i);
      REQUIRE(v.finish(1).to_json() == whole);
    }
  }
}

TEST_CASE("sse validator: data-only stream is 'missing event lines' on the Anthropic route only", "[sse]") {
  auto r = validate_body(sse_ctx(), strip_event_lines(join(healthy_events())), 1);
  REQUIRE(r.has(FindingKind::missing_event_lines));
  CHECK(r.find(FindingKind::missing_event_lines)->detail == "10 of 10 events have data: lines but no event: line");
  CHECK_FALSE(r.has(FindingKind::order_violation));  // order still read from the JSON type
  CHECK(r.stop_reason == "end_turn");

  std::string openai = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                       "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
                       "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n"
                       "data: [DONE]\n\n";
  auto o = validate_body(sse_ctx(Framing::openai_chat), openai, 1);
  CHECK(kinds(o).empty());
  CHECK(o.stop_reason == "stop");
  CHECK(o.output_tokens == 1);
  auto cut = validate_body(sse_ctx(Framing::openai_chat), openai.substr(0, openai.find("data: [DONE]")), 1);
  CHECK(kinds(cut) == std::vector<std::string>{"truncated"});
}

TEST_CASE("sse validator: truncation before message_stop, also inside an event", "[sse]") {
  auto evs = healthy_events();
  auto r = validate_body(sse_ctx(), join(evs, 0, 6), 1);
  CHECK(kinds(r) == std::vector<std::string>{"truncated"});
  CHECK(r.find(FindingKind::truncated)->detail ==
        "the stream ended before message_stop (last event `content_block_delta`, 6 events)");
  CHECK_FALSE(r.stop_reason.has_value());
  auto mid = validate_body(sse_ctx(), join(evs, 0, 6) + evs[6].substr(0, 20), 1);
  CHECK(kinds(mid) == std::vector<std::string>{"partial_event", "truncated"});
}

TEST_CASE("sse validator: mid-stream error event after HTTP 200", "[sse]") {
  auto evs = healthy_events();
  std::string body = join(evs, 0, 5) +
                     ev("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  auto r = validate_body(sse_ctx(), body, 1);
  CHECK(kinds(r) == std::vector<std::string>{"error_event"});  // not also "truncated"
  CHECK(r.error_type == "overloaded_error");
  CHECK(r.error_message == "Overloaded");
  CHECK(r.find(FindingKind::error_event)->event_index == 5u);
}

TEST_CASE("sse validator: data JSON and its type must match the event name", "[sse]") {
  auto evs = healthy_events();
  evs[2] = ev("ping", R"({"type":"content_block_delta"})");
  evs[3] = "event: content_block_delta\ndata: not json\n\n";
  auto r = validate_body(sse_ctx(), join(evs), 1);
  CHECK(r.find(FindingKind::type_mismatch)->detail == "event `ping` carries data of type `content_block_delta`");
  CHECK(r.find(FindingKind::data_not_json)->event_index == 3u);
  auto overflow = validate_body(sse_ctx(), "event: ping\ndata: 22e2200\n\n" + join(healthy_events()), 1);
  CHECK(overflow.find(FindingKind::data_not_json)->event_index == 0u);  // number overflow is not JSON here
  auto nodata = validate_body(sse_ctx(), "event: ping\n\n" + join(healthy_events()), 1);
  CHECK(nodata.has(FindingKind::event_without_data));
}

TEST_CASE("sse validator: Anthropic event order", "[sse]") {
  auto evs = healthy_events();
  SECTION("delta before its block starts") {
    std::vector<std::string> v = {evs[0], evs[3], evs[1], evs[3], evs[7], evs[8], evs[9]};
    auto r = validate_body(sse_ctx(), join(v), 1);
    CHECK(r.find(FindingKind::order_violation)->detail == "content_block_delta for block 0, which is not open");
  }
  SECTION("content before message_start") {
    auto r = validate_body(sse_ctx(), join(evs, 1), 1);
    CHECK(r.find(FindingKind::order_violation)->detail == "content_block_start before message_start");
  }
  SECTION("message_stop without message_delta, then more events") {
    std::vector<std::string> v = {evs[0], evs[1], evs[3], evs[7], evs[9], evs[3]};
    auto r = validate_body(sse_ctx(), join(v), 1);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].detail == "message_stop without message_delta");
    CHECK(r.findings[1].kind == FindingKind::after_message_stop);  // not an order violation (F6)
    CHECK(r.findings[1].detail == "1 more event(s) (`content_block_delta`); the message itself is complete");
  }
  SECTION("ping anywhere and unknown events are tolerated") {
    std::vector<std::string> v = {evs[2], evs[0], evs[2], ev("future_event", R"({"type":"future_event"})"), evs[1],
                                  evs[3], evs[7], evs[2], evs[8], evs[9], evs[2]};
    auto r = validate_body(sse_ctx(), join(v), 1);
    CHECK(kinds(r) == std::vector<std::string>{"unknown_event"});
  }
}

TEST_CASE("sse validator: content type and content encoding", "[sse]") {
  const std::string body = join(healthy_events());
  auto ctx = sse_ctx();
  ctx.content_type = "application/json";
  CHECK(kinds(validate_body(ctx, body, 1)) == std::vector<std::string>{"content_type_not_sse"});
  ctx.content_type = "";
  CHECK(validate_body(ctx, body, 1).find(FindingKind::content_type_not_sse)->detail ==
        "Content-Type is absent, not text/event-stream");

  const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  auto undeclared = validate_body(sse_ctx(), gz, 1);
  CHECK(kinds(undeclared) == std::vector<std::string>{"encoding_undeclared"});
  CHECK(undeclared.events == 0);

  auto declared = sse_ctx();
  declared.content_encoding = "gzip";
  CHECK(kinds(validate_body(declared, gz, 1)) == std::vector<std::string>{"compressed_body"});
  auto not_applied = validate_body(declared, body, 1);
  CHECK(kinds(not_applied) == std::vector<std::string>{"encoding_not_applied"});
  CHECK(not_applied.events == 10);
  declared.content_encoding = "identity";
  CHECK(kinds(validate_body(declared, body, 1)).empty());
  CHECK(kinds(validate_body(sse_ctx(), "", 1)) == std::vector<std::string>{"empty_stream"});
}

TEST_CASE("sse validator: buffering judged against the upstream's pacing", "[sse]") {
  auto evs = healthy_events();
  auto ctx = sse_ctx();
  ctx.request_sent_ms = 1000;
  ctx.upstream_span_ms = 250;
  std::vector<std::int64_t> spaced = {1015, 1015, 1016, 1066, 1116, 1166, 1216, 1217, 1217, 1218};
  auto s = timed(ctx, evs, spaced, 1220);
  CHECK(s.buffering == Buffering::streamed);
  CHECK(kinds(s).empty());
  CHECK(s.first_event_ms == 15);
  CHECK(s.received_span_ms == 203);
  CHECK(s.max_gap_ms == 50);
  CHECK(s.gaps_ms.size() == 9);
  CHECK(s.total_ms == 220);

  std::vector<std::int64_t> burst(10, 1265);
  burst.back() = 1266;
  auto b = timed(ctx, evs, burst, 1266);
  CHECK(b.buffering == Buffering::buffered);
  CHECK(b.find(FindingKind::buffered)->detail ==
        "10 events arrived within 1 ms, first at 265 ms of 266 ms; the upstream sent them over 250 ms");

  ctx.upstream_span_ms.reset();
  CHECK(timed(ctx, evs, burst, 1266).buffering == Buffering::not_judged);
  ctx.upstream_span_ms = 5;  // too short to tell
  CHECK(timed(ctx, evs, burst, 1266).buffering == Buffering::not_judged);
}

TEST_CASE("sse validator: time to first event against the client's watchdog", "[sse]") {
  auto evs = healthy_events();
  auto ctx = sse_ctx();
  ctx.watchdog_ms = 1000;
  std::vector<std::int64_t> late(10, 4500);
  auto r = timed(ctx, evs, late, 4600);
  CHECK(r.find(FindingKind::first_event_late)->detail ==
        "first event after 4500 ms; the client's stream watchdog is 1000 ms");
  std::vector<std::int64_t> early(10, 20);
  CHECK_FALSE(timed(ctx, evs, early, 30).has(FindingKind::first_event_late));
  Validator silent(ctx);
  silent.feed(": keep-alive\n\n", 10);
  auto s = silent.finish(2000);
  CHECK(s.find(FindingKind::first_event_late)->detail == "no event within 2000 ms; the client's stream watchdog is 1000 ms");
}

TEST_CASE("sse validator: reader caps surface as a finding, bounded findings", "[sse]") {
  auto ctx = sse_ctx();
  ctx.limits.max_line_bytes = 64;
  auto r = validate_body(ctx, "data: " + std::string(100, 'x') + "\n\n", 1);
  REQUIRE(r.has(FindingKind::reader_error));
  CHECK(r.find(FindingKind::reader_error)->detail.find("64 bytes") != std::string::npos);
  CHECK_FALSE(r.has(FindingKind::truncated));

  std::string many;
  for (int i = 0; i < 50; ++i) many += "event: x\ndata: nope\n\n";
  auto m = validate_body(sse_ctx(), many, 1);
  std::size_t n = 0;
  for (const auto& f : m.findings) n += f.kind == FindingKind::data_not_json;
  CHECK(n == 8);
  CHECK(m.events == 50);
}

TEST_CASE("sse validator: complete only when message_stop follows message_start", "[sse][complete]") {
  auto evs = healthy_events();
  CHECK(validate_body(sse_ctx(), join(evs), 1).complete);
  SECTION("an empty 200 event stream") {
    auto r = validate_body(sse_ctx(), "", 1);
    CHECK_FALSE(r.complete);
    CHECK(kinds(r) == std::vector<std::string>{"empty_stream"});
  }
  SECTION("no message_start: the missing event is named, not 'ended before message_stop'") {
    auto r = validate_body(sse_ctx(), join(evs, 1), 1);
    CHECK_FALSE(r.complete);
    CHECK_FALSE(r.has(FindingKind::truncated));
    REQUIRE(r.has(FindingKind::missing_message_start));
    CHECK(r.find(FindingKind::missing_message_start)->detail ==
          "the stream has no message_start (9 events, first `content_block_start`, last `message_stop`)");
  }
  SECTION("a line over the reader's cap, then the end: not complete, not 'truncated'") {
    auto ctx = sse_ctx();
    ctx.limits.max_line_bytes = 256;
    std::string body = join(evs, 0, 3) + "event: content_block_delta\ndata: " + std::string(1000, 'x') + "\n\n";
    auto r = validate_body(ctx, body, 1);
    CHECK_FALSE(r.complete);
    CHECK(r.has(FindingKind::reader_error));
    CHECK_FALSE(r.has(FindingKind::truncated));
    CHECK_FALSE(r.has(FindingKind::partial_event));
  }
  SECTION("a gzip-coded stream (even a truncated one) is never complete") {
    auto ctx = sse_ctx();
    ctx.content_encoding = "gzip";
    auto r = validate_body(ctx, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x01\x02", 12), 1);
    CHECK_FALSE(r.complete);
    CHECK(kinds(r) == std::vector<std::string>{"compressed_body"});
    CHECK_FALSE(r.saw_message_stop);
  }
}

TEST_CASE("sse validator: the tool stopping the reading is no end of the stream", "[sse][complete]") {
  auto evs = healthy_events();
  auto ctx = sse_ctx();
  SECTION("headers, then a stall: no empty_stream, no truncation") {
    Validator v(ctx);
    auto r = v.finish(20000, std::string("the run deadline, --timeout 30000 ms"));
    CHECK(kinds(r) == std::vector<std::string>{"reading_stopped"});
    CHECK(r.find(FindingKind::reading_stopped)->detail ==
          "the stream was still arriving when the tool stopped reading after 20000 ms (the run deadline, --timeout "
          "30000 ms; 0 events, 0 bytes read)");
  }
  SECTION("a paced stream cut mid-event by the tool: still paced, not truncated") {
    std::vector<std::string> part(evs.begin(), evs.begin() + 6);
    part.push_back("event: content_block_delta\ndata: {\"type\"");
    std::vector<std::int64_t> at = {10, 10, 11, 5011, 10011, 15011, 15020};
    Validator v(ctx);
    for (std::size_t i = 0; i < part.size(); ++i) v.feed(part[i], at[i]);
    auto r = v.finish(19750, std::string("the run deadline"));
    CHECK(kinds(r) == std::vector<std::string>{"reading_stopped"});
    CHECK(r.buffering == Buffering::streamed);
    CHECK_FALSE(r.complete);
  }
  SECTION("a stream that completed before the tool stopped is judged as complete") {
    auto r = Validator(ctx).finish(5, std::string("x"));
    CHECK(r.has(FindingKind::reading_stopped));
    Validator v(ctx);
    v.feed(join(evs), 5);
    auto done = v.finish(30000, std::string("the run deadline"));
    CHECK(done.complete);
    CHECK(kinds(done).empty());
  }
}

TEST_CASE("sse validator: streams a client cannot use", "[sse][usable]") {
  auto evs = healthy_events();
  SECTION("Content-Encoding: gzip over plain bytes") {
    auto ctx = sse_ctx();
    ctx.content_encoding = "gzip";
    auto r = validate_body(ctx, join(evs), 1);
    CHECK(r.has(FindingKind::encoding_not_applied));
  }
  SECTION("a data: line that is not JSON") {
    auto v = evs;
    v[4] = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\n\n";
    auto r = validate_body(sse_ctx(), join(v), 1);
    CHECK(r.has(FindingKind::data_not_json));
  }
  SECTION("message_start without usage") {
    auto v = evs;
    v[0] = ev("message_start", R"({"type":"message_start","message":{"id":"msg_1","type":"message","content":[]}})");
    auto r = validate_body(sse_ctx(), join(v), 1);
    CHECK(kinds(r) == std::vector<std::string>{"missing_usage"});
    CHECK(r.complete);  // complete, and still unusable: the rules fail it
  }
}

TEST_CASE("sse validator: buffering without the upstream's pacing", "[sse][buffering]") {
  auto evs = healthy_events();
  auto ctx = sse_ctx();
  std::vector<std::int64_t> paced = {1, 51, 101, 151, 201, 251, 301, 351, 401, 451};
  std::vector<std::int64_t> burst(10, 1500);
  SECTION("paced events: streamed, also with a Content-Length") {
    CHECK(timed(ctx, evs, paced, 460).buffering == Buffering::streamed);
    ctx.content_length = "1234";
    auto r = timed(ctx, evs, paced, 460);
    CHECK(r.buffering == Buffering::streamed);
    CHECK_FALSE(r.has(FindingKind::buffered));
  }
  SECTION("one burst with a Content-Length: buffered") {
    ctx.content_length = "1234";
    auto r = timed(ctx, evs, burst, 1500);
    CHECK(r.buffering == Buffering::buffered);
    CHECK(r.find(FindingKind::buffered)->detail.find("Content-Length 1234") != std::string::npos);
  }
  SECTION("one burst without a Content-Length: not judged") {
    auto r = timed(ctx, evs, burst, 1500);
    CHECK(r.buffering == Buffering::not_judged);
    CHECK(kinds(r).empty());
  }
}

TEST_CASE("sse validator: silence between events against the client's watchdog", "[sse]") {
  auto evs = healthy_events();
  auto ctx = sse_ctx();
  ctx.watchdog_ms = 1000;
  std::vector<std::int64_t> at = {10, 10, 11, 20, 2500, 2510, 2520, 2530, 2540, 2550};
  auto r = timed(ctx, evs, at, 2560);
  CHECK(kinds(r) == std::vector<std::string>{"stalled"});
  CHECK(r.find(FindingKind::stalled)->detail == "no event for 2480 ms; the client's stream watchdog is 1000 ms");
}

TEST_CASE("sse validator: every finding kind has a name, and kFindingKindCount counts them all", "[sse]") {
  for (std::size_t i = 0; i < kFindingKindCount; ++i)
    CHECK(to_string(static_cast<FindingKind>(i)) != "unknown");
  // a kind appended after the count would have a name here
  CHECK(to_string(static_cast<FindingKind>(kFindingKindCount)) == "unknown");
}

TEST_CASE("sse validator: bytes after message_stop are their own finding, never a truncation (new-user 13 F6)",
          "[sse][complete]") {
  const std::string whole = join(healthy_events());
  SECTION("a stray line with no ending empty line (a hop's HTML page)") {
    auto r = validate_body(sse_ctx(), whole + "<html>proxy error</html>\n", 1);
    CHECK(r.complete);
    CHECK(kinds(r) == std::vector<std::string>{"after_message_stop"});
    CHECK(r.find(FindingKind::after_message_stop)->detail.find("bytes that end no event") != std::string::npos);
  }
  SECTION("a complete extra event after message_stop") {
    auto r = validate_body(sse_ctx(), whole + healthy_events()[0], 1);
    CHECK(r.complete);
    CHECK(kinds(r) == std::vector<std::string>{"after_message_stop"});
    CHECK(r.find(FindingKind::after_message_stop)->detail == "1 more event(s) (`message_start`); the message itself is complete");
    CHECK(r.events == healthy_events().size());  // the message's own events only
  }
  SECTION("an extra event and then stray bytes: one finding naming both") {
    auto r = validate_body(sse_ctx(), whole + healthy_events()[3] + "data: {\"trunc", 1);
    CHECK(kinds(r) == std::vector<std::string>{"after_message_stop"});
    CHECK(r.find(FindingKind::after_message_stop)->detail.find(" and bytes that end no event") != std::string::npos);
  }
  SECTION("a ping after message_stop is tolerated, an error event is still raised") {
    CHECK(validate_body(sse_ctx(), whole + ev("ping", R"({"type":"ping"})"), 1).findings.empty());
    auto r = validate_body(sse_ctx(), whole + ev("error", R"({"type":"error","error":{"type":"api_error","message":"x"}})"), 1);
    CHECK(r.has(FindingKind::error_event));
    CHECK_FALSE(r.has(FindingKind::after_message_stop));
  }
  SECTION("the same after OpenAI's data: [DONE]") {
    const std::string chunk = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n";
    auto r = validate_body(sse_ctx(Framing::openai_chat), chunk + "data: [DONE]\n\n" + chunk + "<html>", 1);
    CHECK(r.complete);
    CHECK(kinds(r) == std::vector<std::string>{"after_message_stop"});
  }
  SECTION("stray bytes before message_stop are still a partial event") {
    auto r = validate_body(sse_ctx(), join(healthy_events(), 0, 5) + "<html>proxy error</html>\n", 1);
    CHECK(r.has(FindingKind::partial_event));
    CHECK_FALSE(r.has(FindingKind::after_message_stop));
  }
}
