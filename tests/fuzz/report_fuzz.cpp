// libFuzzer target: the report reader (`awf-diag report`): bounded parse, report_from_json, the
// re-derivation in build_report, and both renderers.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/json_limits.hpp"
#include "core/text_file.hpp"
#include "report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  awf::JsonParse p = awf::parse_json_bounded(text, {awf::kMaxJsonDepth, awf::kMaxReportBytes});
  if (!p.ok) return 0;
  try {
    awf::Report saved = awf::report_from_json(p.value);
    awf::Report r = awf::build_report(std::move(saved.checks), std::move(saved.hypotheses), std::move(saved.run));
    (void)awf::render_text(r, true);
    (void)awf::render_json(r);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
