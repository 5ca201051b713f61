#pragma once
// Validator for a streamed HTTP response body (text/event-stream): reads the bytes as they arrive
// (with an arrival time per chunk) and reports typed findings and measurements. It decides no
// verdict: which finding fails which link is the rules layer's business.
//
// Protocol facts:
//   - Anthropic Messages streaming (domain.md §6): every event has an `event:` line whose name equals
//     the `type` of its JSON `data:`; order message_start → per block content_block_start,
//     content_block_delta…, content_block_stop → message_delta (stop_reason, cumulative usage) →
//     message_stop; `ping` anywhere; unknown event types are tolerated; `event: error` can arrive
//     after HTTP 200 (`{"type":"error","error":{"type":"overloaded_error",…}}`).
//   - OpenAI chat-completions streaming: `data:`-only lines ending with `data: [DONE]`; there a
//     data-only stream is the protocol, not a fault (decisions.md §10). Hence Framing.
//   - Bytes after message_stop do not undo a complete stream: they are their own finding
//     (after_message_stop), never a truncation or an order violation.
//   - A stream is complete only when message_stop arrived after message_start (domain.md §6); an
//     end the tool caused (its time or byte limit, the run deadline: finish()'s `stopped_reading`)
//     is no end of the stream: no truncation is judged then.
//   - Buffering (domain.md §6, §9 R19): a hop that buffers delivers every event at once at the end;
//     judged against the pacing the upstream used when the caller knows it; otherwise events spread
//     over >= paced_min_span_ms show pacing (streamed), and a burst that came with a Content-Length
//     (RFC 9112 §6.3: the length exists only once the whole body does) shows a hop held it.
//   - Claude Code 2.1.88's stream watchdog (docs/sse.md): no chunk for CLAUDE_STREAM_IDLE_TIMEOUT_MS
//     (default 90000 ms; on only with CLAUDE_ENABLE_STREAM_WATCHDOG) aborts the stream; the caller
//     passes the value (watchdog_ms), judged on the time to the first event and on every gap.
//   - Content coding (RFC 9110 §8.4): gzip bytes start 1F 8B, zlib/deflate 78 xx, zstd 28 B5 2F FD.
// Times are milliseconds on one caller clock: StreamContext::request_sent_ms and the at_ms of
// every feed(). Memory is bounded by the reader's caps plus max_recorded_events event summaries.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/sse_reader.hpp"

namespace awf::sse {

/// What event framing the route is expected to use.
enum class Framing {
  anthropic_messages,  ///< `event:` + `data:` pairs, Anthropic order (POST /v1/messages)
  openai_chat,         ///< `data:`-only, `data: [DONE]` at the end (POST /v1/chat/completions)
  generic,             ///< grammar and JSON only, no pairing or order rules
};
std::string to_string(Framing f);

struct StreamContext {
  Framing framing = Framing::anthropic_messages;
  std::string content_type;      ///< response Content-Type as received ("" = absent)
  std::string content_encoding;  ///< response Content-Encoding as received ("" = absent)
  std::string content_length;    ///< response Content-Length as received ("" = absent)
  std::int64_t request_sent_ms = 0;  ///< when the request left (origin of first-event timing)
  /// Span between the first and the last event as the upstream sent them (ms); nullopt = unknown,
  /// then no buffering judgement is made.
  std::optional<std::int64_t> upstream_span_ms;
  /// Received span below upstream_span_ms * burst_ratio counts as one burst (buffered).
  double burst_ratio = 0.25;
  /// Upstream spans shorter than this are too short to tell buffering from scheduling noise.
  std::int64_t min_judged_span_ms = 20;
  /// Without upstream_span_ms: events received over at least this span show the stream was paced
  /// (streamed); below it the events came as one burst, buffered only with a Content-Length.
  std::int64_t paced_min_span_ms = 20;
  /// The client's stream watchdog: the longest silence (to the first event, and between events) it
  /// tolerates, ms; nullopt = not checked.
  std::optional<std::int64_t> watchdog_ms;
  Limits limits;
  std::size_t max_recorded_events = 4096;  ///< per-event summaries kept (gaps, names)
};

enum class FindingKind {
  content_type_not_sse,     ///< Content-Type is not text/event-stream (or absent)
  encoding_undeclared,      ///< compressed bytes without a Content-Encoding header
  encoding_not_applied,     ///< Content-Encoding declared, bytes are not in that coding
  compressed_body,          ///< declared and applied coding: body not parsed as SSE
  reader_error,             ///< a reader cap was hit (line or event too large)
  empty_stream,             ///< no event at all
  missing_event_lines,      ///< `data:` without `event:` where the framing needs event lines
  event_without_data,       ///< a block with fields but no `data:` line
  data_not_json,            ///< `data:` is not JSON (and not OpenAI's [DONE])
  type_mismatch,            ///< event name differs from the JSON `type`
  order_violation,          ///< Anthropic event order broken
  unknown_event,            ///< an event type outside the protocol (tolerated; informational)
  error_event,              ///< `event: error` / an error object inside the stream
  truncated,                ///< ended before message_stop / [DONE] (and without an error event)
  partial_event,            ///< bytes of an unfinished event at the end
  first_event_late,         ///< time to first event above the watchdog
  buffered,                 ///< events arrived in one burst while the upstream paced them
  reading_stopped,          ///< the tool stopped reading (its limit, the deadline): no end judged
  missing_message_start,    ///< events, but no message_start (Anthropic framing)
  missing_usage,            ///< message_start without message.usage (the client reads input_tokens)
  stalled,                  ///< a gap between events above the watchdog
  /// bytes after message_stop ([DONE] for OpenAI): further events (an `event: error` excepted, which
  /// a client still raises) or an unterminated block at the end. The message is already whole; an
  /// SSE parser discards an unterminated block at end of stream (WHATWG HTML §9.2.6).
  after_message_stop,
};
/// Number of FindingKind values: tests iterate 0..kFindingKindCount and check that
/// to_string(kFindingKindCount) is "unknown" (a kind appended without raising this fails them).
inline constexpr std::size_t kFindingKindCount = static_cast<std::size_t>(FindingKind::after_message_stop) + 1;
std::string to_string(FindingKind k);

struct Finding {
  FindingKind kind;
  std::string detail;                       ///< one line, names the evidence
  std::optional<std::size_t> event_index;   ///< 0-based index of the event concerned
};

enum class Buffering { not_judged, streamed, buffered };
std::string to_string(Buffering b);

struct StreamResult {
  std::vector<Finding> findings;
  std::size_t events = 0;
  std::size_t events_with_event_line = 0;
  std::size_t comments = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string> event_names;   ///< in order, at most max_recorded_events
  bool saw_message_start = false;
  bool saw_message_stop = false;          ///< or [DONE] for openai_chat
  bool complete = false;                  ///< message_stop after message_start ([DONE]; generic: read to its end)
  std::optional<std::string> stop_reason;
  std::optional<std::int64_t> input_tokens;
  std::optional<std::int64_t> output_tokens;  ///< last cumulative value seen
  std::optional<std::string> error_type;      ///< of the first error event
  std::optional<std::string> error_message;
  // timing (ms)
  std::optional<std::int64_t> first_byte_ms;   ///< from request_sent_ms
  std::optional<std::int64_t> first_event_ms;  ///< from request_sent_ms
  std::optional<std::int64_t> last_event_ms;   ///< from request_sent_ms
  std::int64_t total_ms = 0;                   ///< request_sent_ms → finish()
  std::optional<std::int64_t> received_span_ms;  ///< first → last event arrival
  std::vector<std::int64_t> gaps_ms;           ///< between consecutive events (bounded)
  std::int64_t max_gap_ms = 0;
  Buffering buffering = Buffering::not_judged;

  bool has(FindingKind k) const;
  const Finding* find(FindingKind k) const;
  nlohmann::json to_json() const;
};

class Validator {
 public:
  explicit Validator(StreamContext ctx);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  /// Body bytes (after de-chunking, before any content decoding) that arrived at `at_ms`.
  void feed(std::string_view bytes, std::int64_t at_ms);
  /// The stream ended at `at_ms` (normal close or cut); computes the end-of-stream findings.
  /// `stopped_reading` set = the tool ended the reading, not the stream (words for the report, e.g.
  /// "the run deadline (--timeout 30000 ms)"): a reading_stopped finding replaces the
  /// end-of-stream findings (truncated, partial_event, empty_stream, missing_message_start).
  StreamResult finish(std::int64_t at_ms, const std::optional<std::string>& stopped_reading = std::nullopt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Convenience: validates a whole body delivered at one time (tests, saved captures).
StreamResult validate_body(const StreamContext& ctx, std::string_view body, std::int64_t at_ms);

}  // namespace awf::sse
