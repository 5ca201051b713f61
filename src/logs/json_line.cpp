#include "logs/json_line.hpp"

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

// Maximum bracket nesting outside strings (a cheap pre-scan, so the parser never sees deep input).
int max_depth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_str = false, esc = false;
  for (char c : s) {
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') max = std::max(max, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  return max;
}

}  // namespace

std::optional<nlohmann::json> parse_json_object(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 2 || t.size() > kMaxJsonLineBytes || t.front() != '{') return std::nullopt;
  if (max_depth(t) > kMaxJsonDepth) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(t.begin(), t.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::optional<std::string> json_string(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<long long> json_int(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return std::nullopt;
  if (it->is_number_float()) {
    double d = it->get<double>();
    if (d != d || d > 9e18 || d < -9e18) return std::nullopt;
    return static_cast<long long>(d);
  }
  if (it->is_number_unsigned()) {
    auto u = it->get<unsigned long long>();
    if (u > 9000000000000000000ULL) return std::nullopt;
    return static_cast<long long>(u);
  }
  return it->get<long long>();
}

std::optional<double> json_number(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<bool> json_bool(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

}  // namespace awf::logs
