// `-o json`: the report document, keys in a stable order, indent 2, trailing newline.
#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace awf {

std::string render_json(const Report& r) {
  // Invalid UTF-8 in evidence (raw bytes a probe captured) is replaced, never a throw mid-render.
  return report_detail::to_ordered_json(r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace awf
