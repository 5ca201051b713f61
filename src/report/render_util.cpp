// Layout helpers shared by the renderers.
#include "report/render_util.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace awf::render {
namespace {

std::string dump(const nlohmann::json& v) { return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
std::size_t utf8_len(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  if (n == 2 && b < 0xC2) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 3) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) return 0;  // overlong, surrogate
  }
  if (n == 4) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b == 0xF0 && b1 < 0x90) || b > 0xF4 || (b == 0xF4 && b1 >= 0x90)) return 0;
  }
  return n;
}

/// Evidence keys naming an identifier of an answer, where "" means the answer carried none.
constexpr std::array<std::string_view, 1> kAbsentWhenEmpty = {"request_id"};

void flatten(const std::string& prefix, const nlohmann::json& v, std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object() && !v.empty()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      flatten(prefix.empty() ? it.key() : prefix + "." + it.key(), it.value(), out);
    return;
  }
  if (prefix.empty() || v.is_null()) return;
  // An identifier the answer did not carry is recorded as "" in the JSON (its type stays string):
  // the text says so instead of printing nothing (new-user F19).
  const std::string_view leaf = std::string_view(prefix).substr(prefix.rfind('.') == std::string::npos ? 0 : prefix.rfind('.') + 1);
  if (v.is_string() && v.get_ref<const std::string&>().empty() &&
      std::find(kAbsentWhenEmpty.begin(), kAbsentWhenEmpty.end(), leaf) != kAbsentWhenEmpty.end()) {
    out.emplace_back(prefix, "absent");
    return;
  }
  out.emplace_back(prefix, scalar_text(v));
}

}  // namespace

std::string one_line(std::string_view s, std::size_t max) {
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80 && max && points++ == max) return out + "…";
    if (b == '\n') out += "\\n";
    else if (b == '\r') out += "\\r";
    else if (b == '\t') out += "\\t";
    else if (b < 0x20 || b == 0x7F) out += fmt::format("\\x{:02x}", b);
    else out += static_cast<char>(b);
  }
  return out;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_len(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && v.empty()) return "[]";
  if (v.is_object() && v.empty()) return "{}";
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ", ") + (e.is_string() ? e.get<std::string>() : dump(e));
    return s;
  }
  return dump(v);
}

std::vector<std::pair<std::string, std::string>> flat_evidence(const nlohmann::json& evidence) {
  std::vector<std::pair<std::string, std::string>> out;
  flatten("", evidence, out);
  return out;
}

std::string timing_text(const nlohmann::json& t) {
  if (!t.is_object()) return {};
  std::vector<std::string> keys = {"dns", "connect", "proxy_connect", "tls", "ttfb", "total"};
  for (auto it = t.begin(); it != t.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
  std::string s;
  for (const auto& k : keys)
    if (auto it = t.find(k); it != t.end() && it->is_number())
      s += fmt::format("{}{} {} ms", s.empty() ? "" : ", ", one_line(k), dump(*it));
  return s;
}

std::string cut_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

}  // namespace awf::render
