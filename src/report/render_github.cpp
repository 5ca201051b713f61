// `-o github`: a Report as GitHub Actions workflow commands (annotations and one group per link).
// Formats only. Every line of plain text starts with a status word, so no report string can start a
// line with "::" and be taken for a command; messages and properties use GitHub's escaping.
#include <string>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/render_util.hpp"

namespace awf {
namespace {

std::string annotation(const char* level, const std::string& title, const std::string& message) {
  return fmt::format("::{} title={}::{}\n", level, github_escape_property(title), github_escape_data(message));
}

std::string check_message(const Check& c) {
  std::string m = c.summary;
  if (!c.hint.empty()) m += "\nhint: " + c.hint;
  return render::valid_utf8(m);
}

}  // namespace

std::string github_escape_data(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%') out += "%25";
    else if (ch == '\r') out += "%0D";
    else if (ch == '\n') out += "%0A";
    else out += ch;
  }
  return out;
}

std::string github_escape_property(const std::string& s) {
  std::string out;
  for (char ch : github_escape_data(s)) {
    if (ch == ':') out += "%3A";
    else if (ch == ',') out += "%2C";
    else out += ch;
  }
  return out;
}

std::string render_github(const Report& r) {
  std::string out;
  const bool multi = is_multi_route(r.checks);
  for (Link l : kAllLinks) {
    auto it = r.links.find(l);
    if (it == r.links.end()) continue;
    int n = 0;
    for (const auto& c : r.checks) n += c.link == l;
    out += fmt::format("::group::{} {} ({} check{})\n", to_string(l), to_string(it->second), n, n == 1 ? "" : "s");
    for (const auto& c : r.checks) {
      if (c.link != l) continue;
      std::string why = c.status == Status::skip && !c.skip_reason.empty() ? c.skip_reason : c.summary;
      out += fmt::format("{:<5} {}  {}\n", to_string(c.status), render::one_line(label(c, multi)), render::one_line(render::valid_utf8(why)));
    }
    out += "::endgroup::\n";
  }
  for (const auto& c : r.checks) {
    const std::string title = fmt::format("awf-diag {} ({})", label(c, multi), to_string(c.link));
    if (c.status == Status::fail) out += annotation("error", title, check_message(c));
    else if (c.status == Status::error) out += annotation("error", title + " could not run", check_message(c));
    else if (c.status == Status::warn) out += annotation("warning", title, check_message(c));
  }
  std::string text = render::valid_utf8(r.summary.text);
  if (r.summary.leading_cause)
    for (const auto& h : r.hypotheses)
      if (label(h, multi) == *r.summary.leading_cause && !h.hint.empty()) text += "\nnext step: " + render::valid_utf8(h.hint);
  const bool bad = r.exit_code != kExitOk;
  out += annotation(bad ? "error" : "notice", fmt::format("awf-diag {} (exit code {})", r.summary.verdict, r.exit_code), text);
  return out;
}

}  // namespace awf
