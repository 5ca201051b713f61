#include "observe/sidecar_state.hpp"

#include <nlohmann/json.hpp>

#include "core/json_limits.hpp"

namespace awf {
namespace {

using nlohmann::json;

std::string str(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<long long> num(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return std::nullopt;
  return it->is_number_integer() ? it->get<long long>() : static_cast<long long>(it->get<double>());
}

}  // namespace

SidecarState parse_sidecar_health(const std::string& body) {
  SidecarState s;
  json j = parse_json_or_discarded(body);
  if (j.is_discarded() || !j.is_object()) return s;
  s.parsed = true;
  s.status = str(j, "status");
  s.service = str(j, "service");
  s.squid_proxy = str(j, "squid_proxy");
  if (auto it = j.find("providers"); it != j.end() && it->is_object())
    for (auto& [name, v] : it->items())
      if (v.is_boolean()) s.providers[name] = v.get<bool>();
  if (auto it = j.find("key_validation"); it != j.end() && it->is_object()) {
    if (auto c = it->find("complete"); c != it->end() && c->is_boolean()) s.key_validation_complete = c->get<bool>();
    if (auto r = it->find("results"); r != it->end() && r->is_object())
      for (auto& [name, v] : r->items())
        if (v.is_object()) s.key_validation[name] = KeyValidation{str(v, "status"), str(v, "message")};
  }
  if (auto it = j.find("metrics_summary"); it != j.end() && it->is_object()) {
    s.total_requests = num(*it, "total_requests");
    s.total_errors = num(*it, "total_errors");
  }
  s.awf_shape = s.service == "awf-api-proxy" || !s.providers.empty() ||
                !s.key_validation.empty() || s.key_validation_complete.has_value();
  return s;
}

std::string invalid_char_class(const std::string& message) {
  if (message.find("Invalid character in header content") == std::string::npos &&
      message.find("ERR_INVALID_CHAR") == std::string::npos)
    return "";
  return "a character not allowed in an HTTP header value (a newline, another control character, or a non-ASCII "
         "one such as U+200B)";
}

}  // namespace awf
