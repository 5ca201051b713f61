#pragma once
// Private to helper.cpp (and its tests): pure functions that classify apiKeyHelper output, find the
// variables a helper script reads, and turn a JSON parser's byte offset into line:column.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/redact.hpp"
#include "observe/helper_facts.hpp"
#include "probes/awf_env.hpp"

namespace awf::probe_detail {

using awf::HelperValue;
using awf::to_string;

/// Classifies the helper's trimmed output (domain.md §3, cases/README "Fixture constants").
inline HelperValue classify_helper_value(std::string_view trimmed) {
  if (trimmed.empty()) return HelperValue::empty;
  if (trimmed == kPlaceholder) return HelperValue::placeholder;
  if (trimmed == kOldPlaceholder) return HelperValue::old_placeholder;
  if (looks_like_real_key(trimmed)) return HelperValue::real_key;
  return HelperValue::other;
}

/// The non-empty (after trimming) lines of `text`.
inline std::vector<std::string_view> non_empty_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = trim_view(text.substr(start, end - start));
    if (!line.empty()) out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

/// Number of lines in `text` (a final line without '\n' counts; a trailing '\n' ends the last line).
inline std::size_t line_count(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t n = 0;
  for (char c : text) n += c == '\n';
  return text.back() == '\n' ? n : n + 1;
}

inline bool ident_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/// Names referenced as `$NAME` or `${NAME…}` in shell text, first occurrence order, without
/// duplicates (at most `max` names). Names are not secrets; the text itself is never returned.
inline std::vector<std::string> script_variables(std::string_view text, std::size_t max = 16) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < text.size() && out.size() < max; ++i) {
    if (text[i] != '$') continue;
    std::size_t j = i + 1;
    if (text[j] == '{') ++j;
    if (j >= text.size() || !ident_start(text[j])) continue;
    std::size_t k = j;
    while (k < text.size() && ident_char(text[k])) ++k;
    std::string name(text.substr(j, k - j));
    bool seen = false;
    for (const auto& n : out) seen = seen || n == name;
    if (!seen) out.push_back(std::move(name));
    i = k - 1;
  }
  return out;
}

/// The variable a helper most likely echoes as its key: the first name containing KEY, TOKEN,
/// SECRET or AUTH; else the first that is not a common shell variable; else "".
inline std::string echoed_variable(const std::vector<std::string>& names) {
  for (const auto& n : names)
    for (const char* w : {"KEY", "TOKEN", "SECRET", "AUTH"})
      if (n.find(w) != std::string::npos) return n;
  for (const auto& n : names)
    if (n != "HOME" && n != "PATH" && n != "PWD" && n != "USER" && n != "SHELL" && n != "TMPDIR" && n != "IFS")
      return n;
  return "";
}

/// 1-based line and column of the 1-based byte position `byte` (as nlohmann::json::parse_error
/// reports it) in `text`; a position past the end points just after the last character.
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t byte) {
  std::size_t pos = byte == 0 ? 0 : byte - 1;
  if (pos > text.size()) pos = text.size();
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < pos; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, pos - line_start + 1};
}

}  // namespace awf::probe_detail
