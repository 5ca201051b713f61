#include "net/sse_validator.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/json_limits.hpp"
#include "net/sse_order.hpp"

namespace awf::sse {

namespace {
constexpr std::size_t kMaxFindingsPerKind = 8;
constexpr std::size_t kSniffBytes = 4;

std::string lower_trim(std::string_view v) {
  std::string s;
  for (char c : v) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// Stream-supplied text made safe for evidence: printable ASCII kept, other bytes as \xNN, at most
/// `max` bytes of input (then "..."). Keeps memory bounded and the JSON dump valid UTF-8.
std::string printable(std::string_view v, std::size_t max = 64) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  if (v.size() > max) out += "...";
  return out;
}

/// Content coding the first bytes are in: "gzip", "deflate", "zstd" or "" (none recognised).
std::string sniff_coding(std::string_view b) {
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() >= 2 && u(0) == 0x1F && u(1) == 0x8B) return "gzip";
  if (b.size() >= 2 && u(0) == 0x78 && (u(1) == 0x01 || u(1) == 0x5E || u(1) == 0x9C || u(1) == 0xDA))
    return "deflate";
  if (b.size() >= 4 && u(0) == 0x28 && u(1) == 0xB5 && u(2) == 0x2F && u(3) == 0xFD) return "zstd";
  return "";
}

/// Bytes that plainly start an SSE text body (field name, comment, line end, BOM).
bool looks_like_sse_text(std::string_view b) {
  if (b.empty()) return true;
  const auto c = static_cast<unsigned char>(b[0]);
  return c == ':' || c == '\r' || c == '\n' || c == 0xEF || std::isalpha(c);
}

std::string json_str(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return "";
    auto it = cur->find(k);
    if (it == cur->end()) return "";
    cur = &*it;
  }
  return cur->is_string() ? cur->get<std::string>() : "";
}

std::optional<std::int64_t> json_int(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* cur = &j;
  for (const char* k : path) {
    if (!cur->is_object()) return std::nullopt;
    auto it = cur->find(k);
    if (it == cur->end()) return std::nullopt;
    cur = &*it;
  }
  if (cur->is_number_integer()) return cur->get<std::int64_t>();
  return std::nullopt;
}
}  // namespace

struct Validator::Impl {
  StreamContext ctx;
  Reader reader;
  StreamResult r;
  std::map<FindingKind, std::size_t> per_kind;
  std::string sniff;          ///< first bytes, until the coding is decided
  bool coding_decided = false;
  bool parse = true;          ///< false when the body is compressed (not SSE text)
  std::size_t missing_event_lines = 0;
  AnthropicOrder order;
  bool saw_done = false;      ///< OpenAI `data: [DONE]`
  bool saw_error = false;
  std::size_t after_stop_events = 0;  ///< events after message_stop / [DONE] (error events excepted)
  std::string after_stop_names;       ///< their names, the first few
  std::optional<std::int64_t> first_event_at, last_event_at;

  explicit Impl(StreamContext c) : ctx(std::move(c)), reader(ctx.limits) {}

  void add(FindingKind k, std::string detail, std::optional<std::size_t> idx = std::nullopt) {
    if (per_kind[k]++ >= kMaxFindingsPerKind) return;
    r.findings.push_back({k, std::move(detail), idx});
  }

  void decide_coding() {
    coding_decided = true;
    const std::string declared = lower_trim(ctx.content_encoding);
    const bool declared_coding = !declared.empty() && declared != "identity";
    const std::string sniffed = sniff_coding(sniff);
    if (!declared_coding && !sniffed.empty()) {
      add(FindingKind::encoding_undeclared,
          "body starts with " + sniffed + " bytes but the response has no Content-Encoding");
      parse = false;
    } else if (declared_coding && looks_like_sse_text(sniff)) {
      add(FindingKind::encoding_not_applied,
          "Content-Encoding: " + printable(declared) + " declared, but the body is plain SSE text");
    } else if (declared_coding) {
      add(FindingKind::compressed_body, "body is " + printable(declared) + "-coded; not parsed as SSE");
      parse = false;
    }
  }

  void feed(std::string_view bytes, std::int64_t at) {
    if (bytes.empty()) return;
    r.bytes += bytes.size();
    if (!r.first_byte_ms) r.first_byte_ms = at - ctx.request_sent_ms;
    if (!coding_decided) {
      const std::size_t take = std::min(kSniffBytes - sniff.size(), bytes.size());
      sniff.append(bytes.substr(0, take));
      if (sniff.size() < kSniffBytes) return;  // held: fed to the reader once decided
      decide_coding();
      if (parse) on_events(reader.feed(sniff, at));
      bytes.remove_prefix(take);
    }
    if (parse) on_events(reader.feed(bytes, at));
  }

  void on_events(const std::vector<Event>& evs) {
    for (const auto& e : evs) on_event(e);
  }

  /// message_stop (Anthropic) or data: [DONE] (OpenAI) was received: the message is whole.
  bool stopped() const {
    return ctx.framing == Framing::anthropic_messages ? r.saw_message_start && order.stopped()
         : ctx.framing == Framing::openai_chat        ? saw_done
                                                      : false;
  }

  /// An event after the end that is not an error (a client still raises an `event: error`): kept
  /// out of the message's own checks, counted for the after_message_stop finding.
  bool trailing(const Event& e) {
    if (!stopped()) return false;
    if (e.has_event_field && (e.type == "error" || e.type == "ping")) return false;  // raised / tolerated anywhere
    if (!e.has_event_field) {
      const nlohmann::json d = parse_json_or_discarded(e.data);
      if (d.is_object() && (json_str(d, {"type"}) == "error" || d.contains("error"))) return false;
    }
    if (++after_stop_events <= 3) {
      const std::string name = e.has_event_field ? printable(e.type) : std::string("(data only)");
      after_stop_names.append(after_stop_names.empty() ? "`" : ", `").append(name).append("`");
    }
    return true;
  }

  void on_event(const Event& e) {
    if (trailing(e)) return;
    const std::size_t idx = r.events++;
    r.comments += e.comments;
    if (e.has_event_field) ++r.events_with_event_line;
    if (!first_event_at) first_event_at = e.dispatch_ms;
    if (last_event_at && idx < ctx.max_recorded_events) {
      const auto gap = e.dispatch_ms - *last_event_at;
      r.gaps_ms.push_back(gap);
    }
    if (last_event_at) r.max_gap_ms = std::max(r.max_gap_ms, e.dispatch_ms - *last_event_at);
    last_event_at = e.dispatch_ms;

    if (e.data_lines == 0) {
      // append, not operator+: GCC 12 -Wrestrict false positive at -O3 (as in net/url.cpp)
      std::string what = "event ";
      if (e.has_event_field)
        what.append("`").append(printable(e.type)).append("`");
      else
        what.append("without a name");
      what.append(" has no data: line");
      add(FindingKind::event_without_data, what, idx);
    }
    nlohmann::json data = nullptr;
    bool is_json = false;
    if (e.data_lines > 0 && !(ctx.framing == Framing::openai_chat && e.data == "[DONE]")) {
      data = parse_json_or_discarded(e.data);  // bounded: a peer's event data (core/json_limits.hpp)
      is_json = !data.is_discarded();
      if (!is_json) {
        data = nullptr;
        add(FindingKind::data_not_json, "data of event " + std::to_string(idx) + " is not JSON", idx);
      }
    }
    switch (ctx.framing) {
      case Framing::anthropic_messages: anthropic(e, idx, data); break;
      case Framing::openai_chat: openai(e, idx, data); break;
      case Framing::generic: record_name(printable(e.has_event_field ? e.type : json_str(data, {"type"})), idx); break;
    }
  }

  void record_name(const std::string& name, std::size_t idx) {
    if (idx < ctx.max_recorded_events) r.event_names.push_back(name);
  }

  void note_error(const nlohmann::json& data, std::size_t idx) {
    std::string type = printable(json_str(data, {"error", "type"}));
    std::string msg = printable(json_str(data, {"error", "message"}), 300);
    if (!saw_error) {
      r.error_type = type;
      r.error_message = msg;
    }
    saw_error = true;
    add(FindingKind::error_event,
        "error event" + (type.empty() ? std::string() : " " + type) + (msg.empty() ? "" : ": " + msg) +
            " (after " + std::to_string(idx) + " events)",
        idx);
  }

  void anthropic(const Event& e, std::size_t idx, const nlohmann::json& data) {
    const std::string jtype = printable(json_str(data, {"type"}));
    if (!e.has_event_field) {
      ++missing_event_lines;
    } else if (data.is_object() && jtype != e.type) {
      add(FindingKind::type_mismatch,
          "event `" + printable(e.type) + "` carries data of type " + (jtype.empty() ? "(none)" : "`" + jtype + "`"), idx);
    }
    const std::string name = e.has_event_field ? printable(e.type) : jtype;
    record_name(name, idx);
    if (auto v = order.on_event(name, data)) add(FindingKind::order_violation, *v, idx);
    if (!AnthropicOrder::known(name)) add(FindingKind::unknown_event, "unknown event type `" + name + "` (tolerated)", idx);
    if (name == "message_start") {
      r.saw_message_start = true;
      const bool has_usage = data.is_object() && data.contains("message") && data["message"].is_object() &&
                             data["message"].contains("usage") && data["message"]["usage"].is_object();
      if (data.is_object() && !has_usage)
        add(FindingKind::missing_usage,
            "message_start carries no message.usage object (the client reads message.usage.input_tokens)", idx);
      if (auto v = json_int(data, {"message", "usage", "input_tokens"})) r.input_tokens = v;
      if (auto v = json_int(data, {"message", "usage", "output_tokens"})) r.output_tokens = v;
    } else if (name == "message_delta") {
      const std::string sr = json_str(data, {"delta", "stop_reason"});
      if (!sr.empty()) r.stop_reason = printable(sr);
      if (auto v = json_int(data, {"usage", "output_tokens"})) r.output_tokens = v;
      if (auto v = json_int(data, {"usage", "input_tokens"})) r.input_tokens = v;
    } else if (name == "message_stop") {
      r.saw_message_stop = true;
    } else if (name == "error") {
      note_error(data, idx);
    }
  }

  void openai(const Event& e, std::size_t idx, const nlohmann::json& data) {
    record_name(printable(e.has_event_field ? e.type : (e.data == "[DONE]" ? "[DONE]" : json_str(data, {"object"}))), idx);
    if (saw_done) add(FindingKind::order_violation, "event after data: [DONE]", idx);
    if (e.data == "[DONE]") {
      saw_done = true;
      r.saw_message_stop = true;
      return;
    }
    if (data.is_object() && data.contains("error")) note_error(data, idx);
    if (data.is_object() && data.contains("choices") && data["choices"].is_array() && !data["choices"].empty()) {
      const std::string fr = json_str(data["choices"][0], {"finish_reason"});
      if (!fr.empty()) r.stop_reason = printable(fr);
    }
    if (auto v = json_int(data, {"usage", "prompt_tokens"})) r.input_tokens = v;
    if (auto v = json_int(data, {"usage", "completion_tokens"})) r.output_tokens = v;
  }

  StreamResult finish(std::int64_t at, const std::optional<std::string>& stopped) {
    if (!coding_decided && !sniff.empty()) {
      decide_coding();
      if (parse) on_events(reader.feed(sniff, at));
    }
    const std::string ct = lower_trim(ctx.content_type.substr(0, ctx.content_type.find(';')));
    if (ct != "text/event-stream") {  // append, not operator+: GCC 12 -Wrestrict false positive at -O3
      std::string what = "Content-Type is ";
      if (ctx.content_type.empty())
        what.append("absent");
      else
        what.append("`").append(printable(ctx.content_type, 128)).append("`");
      add(FindingKind::content_type_not_sse, what.append(", not text/event-stream"));
    }
    reader.finish();
    r.comments += reader.stray_comments();
    if (reader.error() != ReaderError::none) add(FindingKind::reader_error, reader.error_message());
    r.complete = ended();
    if (stopped && !r.complete) {
      // The tool ended the reading, not the stream: whether it would have completed is unknown.
      add(FindingKind::reading_stopped,
          "the stream was still arriving when the tool stopped reading after " + std::to_string(at - ctx.request_sent_ms) +
              " ms (" + *stopped + "; " + std::to_string(r.events) + " events, " + std::to_string(r.bytes) + " bytes read)");
    } else if (parse && reader.error() == ReaderError::none) {
      end_of_stream_findings();
    }
    timing(at, stopped.has_value() && !r.complete);
    return std::move(r);
  }

  /// message_stop after message_start ([DONE] for OpenAI); generic framing: any stream read whole.
  bool ended() const {
    if (!parse || reader.error() != ReaderError::none) return false;
    switch (ctx.framing) {
      case Framing::openai_chat: return saw_done;
      case Framing::anthropic_messages: return r.saw_message_start && order.stopped();
      case Framing::generic: return r.events > 0;
    }
    return false;
  }

  void end_of_stream_findings() {
    const bool partial_after_stop = reader.partial() && stopped();
    if (after_stop_events > 0 || partial_after_stop) {
      std::string what;
      if (after_stop_events > 0)
        what.append(std::to_string(after_stop_events)).append(" more event(s) (").append(after_stop_names)
            .append(after_stop_events > 3 ? ", …)" : ")");
      if (after_stop_events > 0 && partial_after_stop) what.append(" and ");
      if (partial_after_stop) what.append("bytes that end no event (no ending empty line; an SSE parser discards them)");
      add(FindingKind::after_message_stop,
          what.append("; the message itself is complete"));
    }
    if (reader.partial() && !partial_after_stop)
      add(FindingKind::partial_event, "the stream ended inside an event (no ending empty line)");
    if (r.events == 0) {
      add(FindingKind::empty_stream, "no SSE event in " + std::to_string(r.bytes) + " bytes");
      return;
    }
    if (ctx.framing == Framing::anthropic_messages && missing_event_lines > 0) {
      add(FindingKind::missing_event_lines, std::to_string(missing_event_lines) + " of " + std::to_string(r.events) +
                                                " events have data: lines but no event: line");
    }
    const std::string last = r.event_names.empty() ? "" : r.event_names.back();
    if (ctx.framing == Framing::anthropic_messages && !r.saw_message_start && !saw_error) {
      add(FindingKind::missing_message_start,
          "the stream has no message_start (" + std::to_string(r.events) + " events, first `" +
              (r.event_names.empty() ? "" : r.event_names.front()) + "`, last `" + last + "`)");
      return;
    }
    if (!r.complete && !saw_error) {
      add(FindingKind::truncated,
          std::string("the stream ended before ") +
              (ctx.framing == Framing::openai_chat ? "data: [DONE]" : "message_stop") + " (last event `" + last +
              "`, " + std::to_string(r.events) + " events)");
    }
  }

  void timing(std::int64_t at, bool cut) {
    r.total_ms = at - ctx.request_sent_ms;
    if (first_event_at) r.first_event_ms = *first_event_at - ctx.request_sent_ms;
    if (last_event_at) r.last_event_ms = *last_event_at - ctx.request_sent_ms;
    if (first_event_at && last_event_at) r.received_span_ms = *last_event_at - *first_event_at;
    watchdog();
    buffering(cut);
  }

  void watchdog() {
    if (!ctx.watchdog_ms) return;
    const std::int64_t wd = *ctx.watchdog_ms;
    const std::string tail = " ms; the client's stream watchdog is " + std::to_string(wd) + " ms";
    if (r.first_event_ms && *r.first_event_ms > wd)
      add(FindingKind::first_event_late, "first event after " + std::to_string(*r.first_event_ms) + tail);
    else if (!r.first_event_ms && r.total_ms > wd)
      add(FindingKind::first_event_late, "no event within " + std::to_string(r.total_ms) + tail);
    if (r.max_gap_ms > wd)
      add(FindingKind::stalled, "no event for " + std::to_string(r.max_gap_ms) + tail);
  }

  void buffering(bool cut) {
    if (r.events < 2 || !r.received_span_ms) return;
    const auto got = *r.received_span_ms;
    if (ctx.upstream_span_ms) {
      const auto up = *ctx.upstream_span_ms;
      if (up < ctx.min_judged_span_ms) return;
      if (static_cast<double>(got) <= static_cast<double>(up) * ctx.burst_ratio) {
        r.buffering = Buffering::buffered;
        add(FindingKind::buffered, std::to_string(r.events) + " events arrived within " + std::to_string(got) +
                                       " ms, first at " + std::to_string(r.first_event_ms.value_or(0)) + " ms of " +
                                       std::to_string(r.total_ms) + " ms; the upstream sent them over " +
                                       std::to_string(up) + " ms");
      } else {
        r.buffering = Buffering::streamed;
      }
      return;
    }
    // The upstream's pacing is unknown: the events' own spread shows pacing; a burst is judged only
    // when a Content-Length proves the hop had the whole body first (and the reading saw its end).
    if (got >= ctx.paced_min_span_ms) {
      r.buffering = Buffering::streamed;
    } else if (!cut && !ctx.content_length.empty()) {
      r.buffering = Buffering::buffered;
      add(FindingKind::buffered, "Content-Length " + printable(ctx.content_length) + " on the stream and its " +
                                     std::to_string(r.events) + " events arrived within " + std::to_string(got) +
                                     " ms (first after " + std::to_string(r.first_event_ms.value_or(0)) +
                                     " ms): a hop held the stream until the upstream finished, then sent it at once");
    }
  }
};

Validator::Validator(StreamContext ctx) : impl_(std::make_unique<Impl>(std::move(ctx))) {}
Validator::~Validator() = default;

void Validator::feed(std::string_view bytes, std::int64_t at_ms) { impl_->feed(bytes, at_ms); }
StreamResult Validator::finish(std::int64_t at_ms, const std::optional<std::string>& stopped_reading) {
  return impl_->finish(at_ms, stopped_reading);
}

StreamResult validate_body(const StreamContext& ctx, std::string_view body, std::int64_t at_ms) {
  Validator v(ctx);
  v.feed(body, at_ms);
  return v.finish(at_ms);
}

}  // namespace awf::sse
