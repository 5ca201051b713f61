// `-o junit`: a Report as JUnit XML (one testcase per check, classname = link). Formats only.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/render_util.hpp"
#include "report/report_internal.hpp"

namespace awf {
namespace {

// XML 1.0 text or attribute value: valid UTF-8, markup escaped, control characters that XML 1.0
// forbids shown as \xNN; in attributes (attr = true) CR, LF and tab as character references.
std::string xml(std::string_view s, bool attr) {
  std::string out;
  for (char ch : render::valid_utf8(s)) {
    const auto b = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attr ? "&quot;" : "\""; break;
      case '\'': out += attr ? "&apos;" : "'"; break;
      case '\n': out += attr ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attr ? "&#9;" : "\t"; break;
      default:
        if (b < 0x20 || b == 0x7F) out += fmt::format("\\x{:02x}", b);
        else out += ch;
    }
  }
  return out;
}

std::string seconds(const nlohmann::json& ms) {
  return fmt::format("{:.3f}", ms.is_number() ? ms.get<double>() / 1000.0 : 0.0);
}

std::string run_string(const Report& r, const char* key) {
  auto it = r.run.find(key);
  return r.run.is_object() && it != r.run.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Body of a <failure>/<error>: summary, evidence, timing, hint, one per line.
std::string details(const Check& c) {
  std::string s = render::one_line(c.summary) + "\n";
  for (const auto& [k, v] : render::flat_evidence(c.evidence)) s += "  " + render::one_line(k) + ": " + render::one_line(v, 500) + "\n";
  if (auto t = render::timing_text(c.timing_ms); !t.empty()) s += "  timing: " + t + "\n";
  if (!c.hint.empty()) s += "hint: " + render::one_line(c.hint) + "\n";
  return xml(s, false);
}

}  // namespace

std::string render_junit(const Report& r) {
  const auto n = report_detail::count_checks(r.checks);
  const bool warn_fails = run_string(r, "fail_on") == "warn";
  const int failures = n.fail + (warn_fails ? n.warn : 0);
  std::string command = run_string(r, "command");
  const std::string suite = "awf-diag" + (command.empty() ? std::string() : " " + command);
  auto dur = r.run.is_object() && r.run.contains("duration_ms") ? r.run["duration_ms"] : nlohmann::json();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"awf-diag\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
                     n.total, failures, n.error, n.skip, seconds(dur));
  std::string stamp = run_string(r, "started_at");
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\"{}>\n",
                     xml(suite, true), n.total, failures, n.error, n.skip, seconds(dur),
                     stamp.empty() ? "" : " timestamp=\"" + xml(stamp, true) + "\"");
  out += "    <properties>\n";
  auto prop = [&](const char* name, const std::string& value) {
    out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml(value, true));
  };
  prop("verdict", r.summary.verdict);
  prop("exit_code", std::to_string(r.exit_code));
  prop("failed_link", r.summary.failed_link);
  prop("leading_cause", r.summary.leading_cause.value_or(""));
  prop("summary", r.summary.text);
  prop("tool_version", r.tool_version);
  out += "    </properties>\n";
  const bool multi = is_multi_route(r.checks);
  for (const auto& c : r.checks) {
    const nlohmann::json total = c.timing_ms.is_object() && c.timing_ms.contains("total") ? c.timing_ms["total"] : nlohmann::json();
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"", to_string(c.link), xml(label(c, multi), true), seconds(total));
    const std::string msg = xml(render::one_line(c.summary, 300), true);
    switch (c.status) {
      case Status::pass:
        out += "/>\n";
        break;
      case Status::fail:
        out += fmt::format(">\n      <failure type=\"fail\" message=\"{}\">{}</failure>\n    </testcase>\n", msg, details(c));
        break;
      case Status::error:
        out += fmt::format(">\n      <error type=\"error\" message=\"{}\">{}</error>\n    </testcase>\n", msg, details(c));
        break;
      case Status::skip:
        out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                           xml(render::one_line(c.skip_reason.empty() ? c.summary : c.skip_reason, 300), true));
        break;
      case Status::warn:
        if (warn_fails)
          out += fmt::format(">\n      <failure type=\"warn\" message=\"{}\">{}</failure>\n    </testcase>\n", msg, details(c));
        else
          out += fmt::format(">\n      <system-out>warning: {}</system-out>\n    </testcase>\n", details(c));
        break;
    }
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace awf
