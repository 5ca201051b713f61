// Names and the evidence form of the SSE validator's results (sse_validator.hpp).
#include "net/sse_validator.hpp"

namespace awf::sse {

std::string to_string(Framing f) {
  switch (f) {
    case Framing::anthropic_messages: return "anthropic_messages";
    case Framing::openai_chat: return "openai_chat";
    case Framing::generic: return "generic";
  }
  return "unknown";
}

std::string to_string(FindingKind k) {
  switch (k) {
    case FindingKind::content_type_not_sse: return "content_type_not_sse";
    case FindingKind::encoding_undeclared: return "encoding_undeclared";
    case FindingKind::encoding_not_applied: return "encoding_not_applied";
    case FindingKind::compressed_body: return "compressed_body";
    case FindingKind::reader_error: return "reader_error";
    case FindingKind::empty_stream: return "empty_stream";
    case FindingKind::missing_event_lines: return "missing_event_lines";
    case FindingKind::event_without_data: return "event_without_data";
    case FindingKind::data_not_json: return "data_not_json";
    case FindingKind::type_mismatch: return "type_mismatch";
    case FindingKind::order_violation: return "order_violation";
    case FindingKind::unknown_event: return "unknown_event";
    case FindingKind::error_event: return "error_event";
    case FindingKind::truncated: return "truncated";
    case FindingKind::partial_event: return "partial_event";
    case FindingKind::first_event_late: return "first_event_late";
    case FindingKind::buffered: return "buffered";
    case FindingKind::reading_stopped: return "reading_stopped";
    case FindingKind::missing_message_start: return "missing_message_start";
    case FindingKind::missing_usage: return "missing_usage";
    case FindingKind::stalled: return "stalled";
    case FindingKind::after_message_stop: return "after_message_stop";
  }
  return "unknown";
}

std::string to_string(Buffering b) {
  switch (b) {
    case Buffering::not_judged: return "not_judged";
    case Buffering::streamed: return "streamed";
    case Buffering::buffered: return "buffered";
  }
  return "unknown";
}

bool StreamResult::has(FindingKind k) const { return find(k) != nullptr; }

const Finding* StreamResult::find(FindingKind k) const {
  for (const auto& f : findings)
    if (f.kind == k) return &f;
  return nullptr;
}

nlohmann::json StreamResult::to_json() const {
  auto opt = [](const auto& o) { return o ? nlohmann::json(*o) : nlohmann::json(nullptr); };
  nlohmann::json fs = nlohmann::json::array();
  for (const auto& f : findings) {
    nlohmann::json e = {{"kind", to_string(f.kind)}, {"detail", f.detail}};
    e["event_index"] = f.event_index ? nlohmann::json(*f.event_index) : nlohmann::json(nullptr);
    fs.push_back(std::move(e));
  }
  return {{"findings", fs},
          {"events", events},
          {"events_with_event_line", events_with_event_line},
          {"comments", comments},
          {"bytes", bytes},
          {"event_names", event_names},
          {"saw_message_start", saw_message_start},
          {"saw_message_stop", saw_message_stop},
          {"complete", complete},
          {"stop_reason", opt(stop_reason)},
          {"input_tokens", opt(input_tokens)},
          {"output_tokens", opt(output_tokens)},
          {"error_type", opt(error_type)},
          {"error_message", opt(error_message)},
          {"timing_ms",
           {{"first_byte", opt(first_byte_ms)},
            {"first_event", opt(first_event_ms)},
            {"last_event", opt(last_event_ms)},
            {"total", total_ms},
            {"received_span", opt(received_span_ms)},
            {"max_gap", max_gap_ms},
            {"gaps", gaps_ms}}},
          {"buffering", to_string(buffering)}};
}

}  // namespace awf::sse
