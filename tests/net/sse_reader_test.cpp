// SSE reader: grammar (WHATWG / domain.md §6), chunk-split invariance at every boundary, caps.
#include "net/sse_reader.hpp"

#include <catch.hpp>

#include <string>
#include <vector>

using awf::sse::Event;
using awf::sse::Limits;
using awf::sse::Reader;
using awf::sse::ReaderError;

namespace {

/// Event content without the arrival times (those legitimately differ between chunkings).
struct Shape {
  std::string type;
  bool has_event_field;
  std::string data;
  std::size_t data_lines;
  std::optional<std::string> id;
  std::optional<std::int64_t> retry;
  std::size_t comments;
  bool operator==(const Shape&) const = default;
};

std::vector<Shape> shapes(const std::vector<Event>& evs) {
  std::vector<Shape> out;
  for (const auto& e : evs) out.push_back({e.type, e.has_event_field, e.data, e.data_lines, e.id, e.retry_ms, e.comments});
  return out;
}

struct Run {
  std::vector<Event> events;
  bool partial = false;
  std::size_t stray = 0;
  ReaderError error = ReaderError::none;
};

Run feed_chunks(const std::vector<std::string>& chunks, Limits lim = {}) {
  Reader r(lim);
  Run run;
  std::int64_t t = 0;
  for (const auto& c : chunks) {
    auto evs = r.feed(c, ++t);
    run.events.insert(run.events.end(), evs.begin(), evs.end());
  }
  r.finish();
  run.partial = r.partial();
  run.stray = r.stray_comments();
  run.error = r.error();
  return run;
}

const std::string kBomStr = "\xEF\xBB\xBF";

// Byte sequences covering every grammar rule; each is split at every boundary below.
const std::vector<std::string> kCorpus = {
    "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
    "event: ping\ndata: {\"type\": \"ping\"}\n\n",
    "event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n",
    "event: a\rdata: 1\r\rdata: 2\r\r",
    "data: x\r\ndata: y\n\rdata:z\r\n\n",
    kBomStr + "event: first\ndata: {}\n\n",
    kBomStr + kBomStr + "data: second bom is content\n\n",
    ": keep-alive\n\nevent: e\n: inside\ndata: d\n\n",
    "id: 7\nretry: 1500\nretry: 12x\ndata\ndata:\nfield-without-colon\nunknown: v\n\n",
    "event:nospace\ndata:  two spaces\n\n",
    "data: trailing, never ended\n",
    "event: e\ndata: a\n\ndata: unterminated",
    "\xEF\xBB",
    "\n\n\r\n\r",
    "",
};

}  // namespace

TEST_CASE("sse reader: Anthropic-shaped stream", "[sse]") {
  auto run = feed_chunks({"event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                          "event: ping\ndata: {\"type\": \"ping\"}\n\n"});
  REQUIRE(run.events.size() == 2);
  CHECK(run.events[0].type == "message_start");
  CHECK(run.events[0].has_event_field);
  CHECK(run.events[0].data == "{\"type\":\"message_start\"}");
  CHECK(run.events[1].type == "ping");
  CHECK_FALSE(run.partial);
}

TEST_CASE("sse reader: every split point gives identical events", "[sse]") {
  for (const auto& s : kCorpus) {
    const Run whole = feed_chunks({s});
    for (std::size_t i = 0; i <= s.size(); ++i) {
      const Run two = feed_chunks({s.substr(0, i), s.substr(i)});
      INFO("sequence " << s << " split at " << i);
      CHECK(shapes(two.events) == shapes(whole.events));
      CHECK(two.partial == whole.partial);
      CHECK(two.stray == whole.stray);
    }
    std::vector<std::string> bytes;
    for (char c : s) bytes.emplace_back(1, c);
    CHECK(shapes(feed_chunks(bytes).events) == shapes(whole.events));
  }
}

TEST_CASE("sse reader: line ends CRLF, LF, CR, and a CRLF split across chunks", "[sse]") {
  auto cr = feed_chunks({"event: a\rdata: 1\r\rdata: 2\r\r"});
  REQUIRE(cr.events.size() == 2);
  CHECK(cr.events[0].type == "a");
  CHECK(cr.events[1].data == "2");
  auto split = feed_chunks({"data: a\r", "\ndata: b\r\n\r\n"});
  REQUIRE(split.events.size() == 1);  // the LF after a chunk-final CR is not an empty line
  CHECK(split.events[0].data == "a\nb");
  CHECK(split.events[0].data_lines == 2);
}

TEST_CASE("sse reader: fields, values and comments", "[sse]") {
  auto run = feed_chunks({"id: 7\nretry: 1500\nretry: 12x\ndata\ndata:\nfield-without-colon\nunknown: v\n\n"
                          "event:nospace\ndata:  two spaces\n: note\n\n: between\n\n"});
  REQUIRE(run.events.size() == 2);
  CHECK(run.events[0].id == "7");
  CHECK(run.events[0].retry_ms == 1500);  // "12x" is ignored
  CHECK(run.events[0].data == "\n");      // two empty data lines
  CHECK(run.events[0].data_lines == 2);
  CHECK_FALSE(run.events[0].has_event_field);
  CHECK(run.events[1].type == "nospace");
  CHECK(run.events[1].data == " two spaces");  // only one leading space is dropped
  CHECK(run.events[1].comments == 1);
  CHECK(run.stray == 1);
  auto nul = feed_chunks({std::string("id: a\0b\ndata: x\n\n", 17)});
  REQUIRE(nul.events.size() == 1);
  CHECK_FALSE(nul.events[0].id.has_value());
}

TEST_CASE("sse reader: a block without data is reported, not dropped", "[sse]") {
  auto run = feed_chunks({"event: ping\n\n"});
  REQUIRE(run.events.size() == 1);
  CHECK(run.events[0].type == "ping");
  CHECK(run.events[0].data_lines == 0);
}

TEST_CASE("sse reader: BOM only at the start, also split", "[sse]") {
  auto run = feed_chunks({"\xEF", "\xBB", "\xBF" "data: x\n\n"});
  REQUIRE(run.events.size() == 1);
  CHECK_FALSE(run.events[0].has_event_field);
  auto second = feed_chunks({kBomStr + kBomStr + "data: y\n\n"});
  REQUIRE(second.events.size() == 1);
  CHECK_FALSE(second.events[0].has_event_field);  // the second BOM starts the field name
  auto not_bom = feed_chunks({"\xEF" "x\ndata: z\n\n"});
  REQUIRE(not_bom.events.size() == 1);
  CHECK(not_bom.events[0].data == "z");
  CHECK(feed_chunks({"\xEF\xBB"}).partial);
}

TEST_CASE("sse reader: arrival times of first line and dispatch", "[sse]") {
  Reader r;
  CHECK(r.feed("event: a\nda", 10).empty());
  CHECK(r.feed("ta: 1\n", 20).empty());
  auto evs = r.feed("\n", 35);
  REQUIRE(evs.size() == 1);
  CHECK(evs[0].first_line_ms == 10);
  CHECK(evs[0].dispatch_ms == 35);
}

TEST_CASE("sse reader: end of stream inside an event is partial", "[sse]") {
  auto run = feed_chunks({"event: e\ndata: a\n\ndata: unterminated"});
  CHECK(run.events.size() == 1);
  CHECK(run.partial);
  auto line_only = feed_chunks({"data: x\n"});
  CHECK(line_only.events.empty());
  CHECK(line_only.partial);
  CHECK_FALSE(feed_chunks({"data: x\n\n"}).partial);
}

TEST_CASE("sse reader: line and event caps stop the reader with a clear error", "[sse]") {
  Limits lim;
  lim.max_line_bytes = 16;
  lim.max_event_bytes = 20;
  Reader r(lim);
  CHECK(r.feed("data: 0123456789\n\n", 1).size() == 1);  // 16 bytes: at the cap, fine
  CHECK(r.feed("data: 0123456789A\n\n", 2).empty());
  CHECK(r.error() == ReaderError::line_too_long);
  CHECK(r.error_message().find("16 bytes") != std::string::npos);
  CHECK(r.feed("data: ok\n\n", 3).empty());  // ignored after an error

  Reader e(lim);
  CHECK(e.feed("data: 0123456789\ndata: 0123456789\n\n", 1).empty());
  CHECK(e.error() == ReaderError::event_too_large);
  CHECK(e.error_message().find("20 bytes") != std::string::npos);
}
