#include "net/sse_reader.hpp"

#include <algorithm>

namespace awf::sse {

namespace {
constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};

bool all_digits(std::string_view v) {
  return !v.empty() && v.size() <= 18 &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}
}  // namespace

std::string to_string(ReaderError e) {
  switch (e) {
    case ReaderError::none: return "none";
    case ReaderError::line_too_long: return "line_too_long";
    case ReaderError::event_too_large: return "event_too_large";
  }
  return "unknown";
}

Reader::Reader(Limits limits) : limits_(limits) {}

std::string Reader::error_message() const {
  switch (error_) {
    case ReaderError::none: return "";
    case ReaderError::line_too_long:
      return "SSE line longer than " + std::to_string(limits_.max_line_bytes) +
             " bytes (reader cap); stopped reading the stream";
    case ReaderError::event_too_large:
      return "SSE event larger than " + std::to_string(limits_.max_event_bytes) +
             " bytes (reader cap); stopped reading the stream";
  }
  return "";
}

std::vector<Event> Reader::feed(std::string_view bytes, std::int64_t at_ms) {
  std::vector<Event> out;
  for (char c : bytes) {
    if (error_ != ReaderError::none) break;
    ++bytes_seen_;
    if (!bom_done_) {
      const auto u = static_cast<unsigned char>(c);
      if (u == kBom[bom_seen_]) {
        if (++bom_seen_ == 3) bom_done_ = true;  // a whole BOM: skipped
        continue;
      }
      // Not a BOM after all: the bytes held so far are content.
      bom_done_ = true;
      const std::size_t held = bom_seen_;
      for (std::size_t i = 0; i < held && error_ == ReaderError::none; ++i)
        byte(static_cast<char>(kBom[i]), at_ms, out);
      if (error_ != ReaderError::none) break;
    }
    byte(c, at_ms, out);
  }
  return out;
}

void Reader::byte(char c, std::int64_t at_ms, std::vector<Event>& out) {
  if (c == '\n' && pending_cr_) {  // second half of CRLF
    pending_cr_ = false;
    return;
  }
  pending_cr_ = false;
  if (c == '\r' || c == '\n') {
    pending_cr_ = c == '\r';
    take_line(at_ms, out);
    return;
  }
  if (line_.size() >= limits_.max_line_bytes) {
    error_ = ReaderError::line_too_long;
    line_.clear();
    line_.shrink_to_fit();
    return;
  }
  line_.push_back(c);
}

bool Reader::event_budget(std::size_t add) {
  if (event_bytes_ + add > limits_.max_event_bytes) {
    error_ = ReaderError::event_too_large;
    cur_ = Event{};
    return false;
  }
  event_bytes_ += add;
  return true;
}

void Reader::take_line(std::int64_t at_ms, std::vector<Event>& out) {
  std::string_view line = line_;
  if (line.empty()) {
    if (in_event_) {
      cur_.dispatch_ms = at_ms;
      out.push_back(std::move(cur_));
      ++dispatched_;
    }
    cur_ = Event{};
    in_event_ = false;
    event_bytes_ = 0;
    line_.clear();
    return;
  }
  if (line.front() == ':') {
    if (in_event_)
      ++cur_.comments;
    else
      ++stray_comments_;
    line_.clear();
    return;
  }
  if (!in_event_) {
    in_event_ = true;
    cur_.first_line_ms = at_ms;
  }
  const auto colon = line.find(':');
  std::string_view name = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  process_field(name, value);
  line_.clear();
}

void Reader::process_field(std::string_view name, std::string_view value) {
  if (name == "event") {
    if (!event_budget(value.size())) return;
    cur_.type.assign(value);
    cur_.has_event_field = true;
  } else if (name == "data") {
    if (!event_budget(value.size() + 1)) return;
    if (cur_.data_lines > 0) cur_.data.push_back('\n');
    cur_.data.append(value);
    ++cur_.data_lines;
  } else if (name == "id") {
    if (value.find('\0') != std::string_view::npos) return;
    if (!event_budget(value.size())) return;
    cur_.id = std::string(value);
  } else if (name == "retry") {
    if (all_digits(value)) cur_.retry_ms = std::stoll(std::string(value));
  }
  // any other field name is ignored (WHATWG)
}

void Reader::finish() {
  if (error_ != ReaderError::none) return;
  if (!bom_done_ && bom_seen_ > 0) {  // stream was a BOM prefix only: content, but no line end
    partial_ = true;
    return;
  }
  partial_ = in_event_ || !line_.empty();
}

}  // namespace awf::sse
