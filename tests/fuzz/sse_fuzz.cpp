// libFuzzer target for the SSE reader and validator (src/net/sse_reader.*, sse_validator.*).
// Input: byte 0 picks a split point and the framing, the rest is the body. Checks, beyond "no crash,
// no sanitizer report": feeding the body whole and in two chunks gives the same events, and the
// reader never holds more than its caps. Seeds: tests/fuzz/corpus/sse/.
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/sse_fuzz.cpp \
//     src/net/sse_reader.cpp src/net/sse_validator.cpp src/net/sse_order.cpp src/core/json_limits.cpp -lfmt -o sse_fuzz
//   ./sse_fuzz -max_total_time=60 tests/fuzz/corpus/sse
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "net/sse_reader.hpp"
#include "net/sse_validator.hpp"

namespace {
std::vector<awf::sse::Event> run(std::string_view body, std::size_t split, awf::sse::Limits lim) {
  awf::sse::Reader r(lim);
  auto out = r.feed(body.substr(0, split), 1);
  auto more = r.feed(body.substr(split), 2);
  out.insert(out.end(), more.begin(), more.end());
  r.finish();
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t sel = data[0];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = body.empty() ? 0 : (static_cast<std::size_t>(sel) * 7919u) % (body.size() + 1);

  awf::sse::Limits lim;
  lim.max_line_bytes = 256;
  lim.max_event_bytes = 1024;
  auto whole = run(body, body.size(), lim);
  auto two = run(body, split, lim);
  if (whole.size() != two.size()) std::abort();
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const auto& a = whole[i];
    const auto& b = two[i];
    if (a.type != b.type || a.data != b.data || a.data_lines != b.data_lines || a.id != b.id ||
        a.retry_ms != b.retry_ms || a.has_event_field != b.has_event_field || a.comments != b.comments)
      std::abort();
    if (a.data.size() + a.type.size() > lim.max_event_bytes) std::abort();
  }

  awf::sse::StreamContext ctx;
  ctx.framing = static_cast<awf::sse::Framing>(sel % 3);
  ctx.content_type = (sel & 0x40) ? "text/event-stream" : "";
  ctx.content_encoding = (sel & 0x80) ? "gzip" : "";
  ctx.upstream_span_ms = (sel & 0x20) ? std::optional<std::int64_t>(100) : std::nullopt;
  ctx.watchdog_ms = (sel & 0x10) ? std::optional<std::int64_t>(1) : std::nullopt;
  ctx.limits = lim;
  ctx.max_recorded_events = 64;
  awf::sse::Validator v(ctx);
  v.feed(body.substr(0, split), 1);
  v.feed(body.substr(split), 2);
  auto r = v.finish(3);
  if (r.event_names.size() > 64 || r.gaps_ms.size() > 64) std::abort();
  (void)r.to_json().dump();
  return 0;
}
