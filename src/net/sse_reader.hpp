#pragma once
// Incremental reader for Server-Sent Events (text/event-stream), fed bytes in arbitrary chunks.
//
// Grammar (WHATWG HTML "Server-sent events" §9.2.6, the form Anthropic's API uses, domain.md §6):
//   - lines end in CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next
//     are one line end);
//   - an empty line ends an event; a line starting with ':' is a comment;
//   - `name: value` / `name:value` (one leading space of the value is dropped) / `name` alone
//     (empty value); fields event, data (repeated lines joined with "\n"), id (ignored when it
//     contains NUL), retry (ASCII digits only, else ignored); other field names are ignored;
//   - one UTF-8 BOM (EF BB BF) at the very start of the stream is skipped.
// Differences from a browser, on purpose (this is a diagnostic reader): a block that had field
// lines but no `data:` is still reported (data_lines == 0) instead of being dropped silently, and
// the event type is reported as sent ("" when no `event:` line), not defaulted to "message".
//
// Memory is bounded: at most max_line_bytes for the line being read and max_event_bytes for the
// event being assembled. Exceeding a cap stops the reader (error() says which cap, with its value);
// later feeds are ignored. Nothing throws for stream content.
// Times are milliseconds on the caller's clock (any monotonic origin); the reader only copies them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awf::sse {

struct Limits {
  std::size_t max_line_bytes = 64 * 1024;     ///< one line, without its line end
  std::size_t max_event_bytes = 1024 * 1024;  ///< event name + id + data of one event
};

struct Event {
  std::string type;              ///< value of the last `event:` line; "" when there was none
  bool has_event_field = false;  ///< an `event:` line was present (even with an empty value)
  std::string data;              ///< `data:` values joined with "\n" (no trailing "\n")
  std::size_t data_lines = 0;    ///< number of `data:` lines
  std::optional<std::string> id; ///< last `id:` value without NUL
  std::optional<std::int64_t> retry_ms;  ///< last valid `retry:` value
  std::size_t comments = 0;      ///< comment lines inside this event's block
  std::int64_t first_line_ms = 0;  ///< arrival time of the chunk that completed its first line
  std::int64_t dispatch_ms = 0;    ///< arrival time of the chunk holding the ending empty line

  bool operator==(const Event&) const = default;
};

enum class ReaderError { none, line_too_long, event_too_large };
std::string to_string(ReaderError e);

class Reader {
 public:
  explicit Reader(Limits limits = {});

  /// Parses `bytes` that arrived at `at_ms`; returns the events completed by them, in order.
  /// After an error() the reader ignores input and returns nothing.
  std::vector<Event> feed(std::string_view bytes, std::int64_t at_ms);

  /// End of the stream. A line or event without its ending empty line is not dispatched
  /// (WHATWG); partial() then says so.
  void finish();

  ReaderError error() const { return error_; }
  /// Human-readable error with the cap that was exceeded, "" when none.
  std::string error_message() const;
  /// After finish(): bytes of an unfinished line or event were pending (stream cut mid-event).
  bool partial() const { return partial_; }
  /// Comment lines outside any event block (e.g. keep-alive `: ping` between events).
  std::size_t stray_comments() const { return stray_comments_; }
  std::uint64_t bytes_seen() const { return bytes_seen_; }
  std::size_t events_dispatched() const { return dispatched_; }

 private:
  void byte(char c, std::int64_t at_ms, std::vector<Event>& out);
  void take_line(std::int64_t at_ms, std::vector<Event>& out);
  void process_field(std::string_view name, std::string_view value);
  bool event_budget(std::size_t add);

  Limits limits_;
  ReaderError error_ = ReaderError::none;
  std::string line_;
  bool pending_cr_ = false;   ///< last byte was CR: a following LF belongs to the same line end
  std::size_t bom_seen_ = 0;  ///< how many BOM bytes matched at stream start (0..3)
  bool bom_done_ = false;
  Event cur_;
  bool in_event_ = false;     ///< a field line was seen since the last dispatch
  std::size_t event_bytes_ = 0;
  std::size_t stray_comments_ = 0;
  bool partial_ = false;
  std::uint64_t bytes_seen_ = 0;
  std::size_t dispatched_ = 0;
};

}  // namespace awf::sse
