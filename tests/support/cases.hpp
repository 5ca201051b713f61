#pragma once
// Reading the expected diagnosis of a real case (tests/fixtures/cases/<id>-*.yaml) so tests assert the
// values the case names.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace awf::test {

/// The `expect` block of the case whose file name starts with `case_id` (e.g. "R01"), or of its
/// variant `variant`, as JSON. Throws std::runtime_error when the case or variant is missing.
nlohmann::json case_expect(const std::string& case_id, const std::string& variant = "");

/// True when `status` is the expected value or one of the expected list.
bool status_matches(const nlohmann::json& expected, const std::string& status);

/// True when `text` contains `item` case-insensitively; a list item passes if any string does.
bool mentions(const std::string& text, const nlohmann::json& item);

}  // namespace awf::test
