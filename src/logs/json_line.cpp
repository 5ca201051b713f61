#include "logs/json_line.hpp"

#include "core/json_limits.hpp"
#include "logs/text_fields.hpp"

namespace awf::logs {

std::optional<nlohmann::json> parse_json_object(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 2 || t.front() != '{') return std::nullopt;
  JsonParse p = parse_json_bounded(t, {static_cast<std::size_t>(kMaxJsonDepth), kMaxJsonLineBytes});
  if (!p.ok || !p.value.is_object()) return std::nullopt;
  return std::move(p.value);
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
