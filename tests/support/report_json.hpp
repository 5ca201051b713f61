#pragma once
// Lookups in a JSON report (docs/report.md) for tests: a check or hypothesis by id.
#include <stdexcept>
#include <string>

#include <catch.hpp>
#include <nlohmann/json.hpp>

namespace awf::test {

/// The check with `id` in doc["checks"], or nullptr.
inline const nlohmann::json* find_check(const nlohmann::json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return &c;
  return nullptr;
}

/// The check with `id`; a test failure when the report has none.
inline const nlohmann::json& check(const nlohmann::json& doc, const std::string& id) {
  if (const auto* c = find_check(doc, id)) return *c;
  FAIL("no check " << id);
  throw std::logic_error("unreachable");
}

/// The hypothesis with `id` ("H1" …); a test failure when the report has none.
inline const nlohmann::json& hypothesis(const nlohmann::json& doc, const std::string& id) {
  for (const auto& h : doc["hypotheses"])
    if (h["id"] == id) return h;
  FAIL("no hypothesis " << id);
  throw std::logic_error("unreachable");
}

}  // namespace awf::test
