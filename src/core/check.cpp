#include "core/check.hpp"

#include <stdexcept>

#include "catalog/catalog.hpp"

namespace awf {

Check make_check(std::string_view id, Link link, std::string title, std::string_view source) {
  Check c;
  c.id = std::string(id);
  c.link = link;
  c.title = std::move(title);
  c.evidence["source"] = std::string(source);
  return c;
}

void set_fault(Check& c, FaultId id) {
  c.fault = id;
  c.evidence["fault"] = std::string(code(id));
}

std::string qualified_id(std::string_view id, std::string_view provider) {
  std::string out(id);
  if (!provider.empty()) {
    out += '[';
    out += provider;
    out += ']';
  }
  return out;
}

std::pair<std::string, std::string> split_qualified_id(std::string_view name) {
  if (name.size() >= 3 && name.back() == ']') {
    if (auto open = name.rfind('['); open != std::string_view::npos && open > 0 && open + 2 < name.size())
      return {std::string(name.substr(0, open)), std::string(name.substr(open + 1, name.size() - open - 2))};
  }
  return {std::string(name), std::string()};
}

nlohmann::json to_json(const Check& c) {
  return nlohmann::json{{"id", c.id},
                        {"link", to_string(c.link)},
                        {"provider", c.provider.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.provider)},
                        {"title", c.title},
                        {"status", to_string(c.status)},
                        {"summary", c.summary},
                        {"evidence", c.evidence.is_object() ? c.evidence : nlohmann::json::object()},
                        {"hint", c.hint},
                        {"timing_ms", c.timing_ms.is_object() ? c.timing_ms : nlohmann::json::object()},
                        {"depends_on", c.depends_on},
                        {"skip_reason", c.skip_reason}};
}

namespace {
std::string req_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    throw std::invalid_argument(std::string("check record: field '") + key + "' missing or not a string");
  return it->get<std::string>();
}
std::string opt_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}
}  // namespace

Check check_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("check record: not a JSON object");
  Check c;
  c.id = req_string(j, "id");
  auto link = link_from_string(req_string(j, "link"));
  if (!link) throw std::invalid_argument("check record '" + c.id + "': unknown link");
  c.link = *link;
  auto st = status_from_string(req_string(j, "status"));
  if (!st) throw std::invalid_argument("check record '" + c.id + "': unknown status");
  c.status = *st;
  c.provider = opt_string(j, "provider");
  c.title = opt_string(j, "title");
  c.summary = opt_string(j, "summary");
  c.hint = opt_string(j, "hint");
  c.skip_reason = opt_string(j, "skip_reason");
  if (auto it = j.find("evidence"); it != j.end() && it->is_object()) {
    c.evidence = *it;
    if (auto f = c.evidence.find("fault"); f != c.evidence.end() && f->is_string())
      c.fault = fault_from_code(f->get<std::string>());  // a saved report keeps its typed fault
  }
  if (auto it = j.find("timing_ms"); it != j.end() && it->is_object()) c.timing_ms = *it;
  if (auto it = j.find("depends_on"); it != j.end() && it->is_array())
    for (const auto& d : *it)
      if (d.is_string()) c.depends_on.push_back(d.get<std::string>());
  return c;
}

}  // namespace awf
