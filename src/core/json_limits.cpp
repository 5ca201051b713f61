#include "core/json_limits.hpp"

#include <fmt/format.h>

namespace awf {

std::size_t json_depth(std::string_view text, std::size_t stop_after) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > stop_after) return deepest;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

JsonParse parse_json_bounded(std::string_view text, const JsonLimits& limits) {
  JsonParse p;
  p.value = nlohmann::json(nlohmann::json::value_t::discarded);
  if (text.size() > limits.max_bytes) {
    p.too_large = true;
    p.error = fmt::format("JSON larger than {} bytes ({} bytes)", limits.max_bytes, text.size());
    return p;
  }
  if (json_depth(text, limits.max_depth) > limits.max_depth) {
    p.too_deep = true;
    p.error = fmt::format("JSON nested deeper than {} levels", limits.max_depth);
    return p;
  }
  try {
    p.value = nlohmann::json::parse(text.begin(), text.end());
    p.ok = true;
  } catch (const nlohmann::json::parse_error& e) {
    // The parser's message quotes what it last read ("last read: '…'"); keep only the reason.
    std::string what = e.what();
    std::string reason;
    if (auto at = what.find(": ", what.find("at ")); at != std::string::npos) reason = what.substr(at + 2);
    if (auto lr = reason.find("; last read"); lr != std::string::npos) reason.resize(lr);
    p.error_byte = e.byte;
    p.reason = reason;
    p.error = fmt::format("invalid JSON at byte {}{}", e.byte, reason.empty() ? "" : ": " + reason);
  } catch (const std::exception&) {
    p.error = "invalid JSON";
  }
  return p;
}

nlohmann::json parse_json_or_discarded(std::string_view text, const JsonLimits& limits) {
  JsonParse p = parse_json_bounded(text, limits);
  return std::move(p.value);
}

}  // namespace awf
