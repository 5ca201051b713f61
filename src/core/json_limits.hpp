#pragma once
// Bounded JSON reading: every JSON the tool reads (a peer's body, a settings file, a log line, a saved
// report) goes through parse_json_bounded, so a hostile document cannot exhaust the stack or memory.
//
// nlohmann::json parses iteratively, but copying, comparing, dumping and converting a value
// (json -> ordered_json) recurse once per nesting level: `[` x 60,000 overflows the stack later, far
// from the parse. The depth is checked before nlohmann sees the text, by one linear scan that
// counts `[` and `{` outside strings (RFC 8259 §2, §7), so a document past the limit never becomes
// a value at all.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace awf {

/// Deepest nesting accepted: awf-diag's own reports nest 6 levels, Anthropic and api-proxy error
/// bodies 3, settings files 3.
inline constexpr std::size_t kMaxJsonDepth = 64;
/// Largest JSON text parsed from a peer or a settings file (bytes). Reports have their own file cap
/// (core/text_file.hpp kMaxReportBytes).
inline constexpr std::size_t kMaxJsonBytes = 8u << 20;

struct JsonLimits {
  std::size_t max_depth = kMaxJsonDepth;
  std::size_t max_bytes = kMaxJsonBytes;
};

/// The outcome of a bounded parse. `ok` false leaves `value` discarded-null and `error` set to one
/// line that never quotes the text: "JSON nested deeper than 64 levels", "JSON larger than N
/// bytes", "invalid JSON at byte N: <reason>". `too_deep` / `too_large` say which limit was hit.
struct JsonParse {
  bool ok = false;
  nlohmann::json value;
  std::string error;
  bool too_deep = false;
  bool too_large = false;
  std::size_t error_byte = 0;  ///< 1-based byte of a syntax error (nlohmann's parse_error::byte), else 0
  std::string reason;          ///< the syntax error's reason without quoted input, else ""
};

/// Maximum nesting depth of `text` (`[`/`{` outside strings); stops counting past `stop_after`.
/// Never fails: unbalanced or invalid text just gives the deepest level seen.
std::size_t json_depth(std::string_view text, std::size_t stop_after = static_cast<std::size_t>(-1));

/// Parses `text` within `limits` (RFC 8259; no comments, no trailing commas). Never throws.
JsonParse parse_json_bounded(std::string_view text, const JsonLimits& limits = {});

/// The bounded parse's value, or a discarded value (is_discarded()) when it failed: a drop-in for
/// nlohmann::json::parse(text, nullptr, false).
nlohmann::json parse_json_or_discarded(std::string_view text, const JsonLimits& limits = {});

}  // namespace awf
