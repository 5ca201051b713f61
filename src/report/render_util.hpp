#pragma once
// Layout helpers shared by the renderers (text, markdown, junit, github). They only format strings
// taken from a Report; nothing here decides a status or a verdict.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace awf::render {

/// One display line: CR, LF and tab shown as \r \n \t, other control bytes as \xNN; when max > 0,
/// cut after `max` UTF-8 code points and ended with "…".
std::string one_line(std::string_view s, std::size_t max = 0);

/// `s` with every invalid UTF-8 sequence replaced by U+FFFD (so XML and Markdown stay well-formed).
std::string valid_utf8(std::string_view s);

/// A JSON value as text: strings as they are, arrays joined with ", ", others dumped compactly.
std::string scalar_text(const nlohmann::json& v);

/// Evidence as (dotted key, text) pairs; nested objects become dotted keys, nulls are left out, and an
/// empty `request_id` (the answer carried none) reads "absent".
std::vector<std::pair<std::string, std::string>> flat_evidence(const nlohmann::json& evidence);

/// "dns 2 ms, connect 1 ms, total 4 ms": known phases in request order, then any others (ms).
std::string timing_text(const nlohmann::json& timing_ms);

/// Cuts `s` to at most `max_bytes` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string_view s, std::size_t max_bytes);

}  // namespace awf::render
