#pragma once
// Private helpers shared by report.cpp, render_json.cpp and render_text.cpp (not a public interface).
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check.hpp"
#include "report/report.hpp"

namespace awf::report_detail {

struct Counts {
  int total = 0, pass = 0, warn = 0, fail = 0, error = 0, skip = 0;
};

Counts count_checks(const std::vector<Check>& checks);

/// The report document with keys in a stable, readable order (top level, checks, links in chain
/// order). to_json(Report) is this document converted to nlohmann::json.
nlohmann::ordered_json to_ordered_json(const Report& r);

}  // namespace awf::report_detail
