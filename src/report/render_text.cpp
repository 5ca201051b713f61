// `-o text`: formats a Report for a person. Decides nothing: every status, verdict and sentence
// comes from the Report; this file only lays them out (quiet on success, detailed otherwise).
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/report.hpp"
#include "report/render_util.hpp"
#include "report/report_internal.hpp"

namespace awf {
namespace {

constexpr std::size_t kMaxValueChars = 200;  // evidence values longer than this are cut with "…"
constexpr std::size_t kMaxEvidenceLines = 12;

using render::one_line;
using render::timing_text;

struct Painter {
  bool on;
  std::string operator()(const std::string& word, std::string_view code) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, word) : word;
  }
  std::string status(Status s) const {
    switch (s) {
      case Status::pass: return (*this)("pass", "32");
      case Status::warn: return (*this)("warn", "33");
      case Status::fail: return (*this)("fail", "31");
      case Status::error: return (*this)("error", "35");
      case Status::skip: return (*this)("skip", "90");
    }
    return "?";
  }
  std::string verdict(const std::string& v) const {
    return (*this)(v, v == "PASS" ? "32" : v == "WARN" ? "33" : v == "FAIL" ? "31" : "35");
  }
};

std::string pad(std::size_t used, std::size_t width) { return std::string(used < width ? width - used : 0, ' '); }

class Out {
 public:
  void line(std::string s = {}) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    text_ += s + "\n";
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

std::string check_count(int n) { return fmt::format("{} check{}", n, n == 1 ? "" : "s"); }

void link_lines(Out& out, const Report& r, const Painter& p, bool quiet) {
  const bool multi = is_multi_route(r.checks);
  for (Link l : kAllLinks) {
    auto it = r.links.find(l);
    if (it == r.links.end()) continue;
    int n = 0;
    for (const auto& c : r.checks) n += c.link == l;
    const std::string name = to_string(l), st = to_string(it->second);
    out.line(fmt::format("  {}{}  {}{}  {}", name, pad(name.size(), 8), p.status(it->second), pad(st.size(), 5),
                         check_count(n)));
    if (!quiet) continue;
    for (const auto& c : r.checks) {
      if (c.link != l) continue;
      if (c.status == Status::warn) out.line(fmt::format("    ! {}  {}", label(c, multi), one_line(c.summary)));
      if (c.status == Status::skip)
        out.line(fmt::format("    - {}  skipped{}", label(c, multi), c.skip_reason.empty() ? "" : ": " + one_line(c.skip_reason)));
    }
  }
}

void problem_block(Out& out, const Check& c, bool multi) {
  out.line(fmt::format("✗ {}  {}{}", label(c, multi), c.status == Status::error ? "error: " : "", one_line(c.summary)));
  auto ev = render::flat_evidence(c.evidence);
  // Nulls say nothing to a person; past kMaxEvidenceLines the JSON report has the rest.
  ev.erase(std::remove_if(ev.begin(), ev.end(), [](const auto& kv) { return kv.first.empty() || kv.second == "null"; }),
           ev.end());
  std::size_t shown = 0;
  for (const auto& [k, v] : ev) {
    if (shown == kMaxEvidenceLines) {
      out.line(fmt::format("    … {} more evidence fields in -o json", ev.size() - shown));
      break;
    }
    out.line(fmt::format("    {}: {}", one_line(k), one_line(v, kMaxValueChars)));
    ++shown;
  }
  if (std::string t = timing_text(c.timing_ms); !t.empty()) out.line("    timing: " + t);
  if (!c.hint.empty()) out.line("  hint: " + one_line(c.hint));
  out.line();
}

void details(Out& out, const Report& r) {
  const bool multi = is_multi_route(r.checks);
  for (const auto& c : r.checks)
    if (c.status == Status::fail || c.status == Status::error) problem_block(out, c, multi);
  bool any = false;
  for (const auto& c : r.checks)
    if (c.status == Status::warn) out.line(fmt::format("! {}  {}", label(c, multi), one_line(c.summary))), any = true;
  for (const auto& c : r.checks)
    if (c.status == Status::skip)
      out.line(fmt::format("- {}  skipped{}", label(c, multi), c.skip_reason.empty() ? "" : ": " + one_line(c.skip_reason))),
          any = true;
  if (any) out.line();
}

void hypotheses(Out& out, const Report& r) {
  const bool multi = is_multi_route(r.checks);
  const Hypothesis* lead = nullptr;
  for (const auto& h : r.hypotheses)
    if (r.summary.leading_cause && label(h, multi) == *r.summary.leading_cause) lead = &h;
  if (!r.summary.leading_cause) {
    out.line("Leading cause: none identified");
  } else if (!lead || lead->title.empty()) {
    out.line("Leading cause: " + one_line(*r.summary.leading_cause));
  } else {
    out.line(fmt::format("Leading cause: {} — {}", one_line(label(*lead, multi)), one_line(lead->title)));
  }
  // Say again only what the failed checks above did not already say.
  auto shown = [&](const std::string& text, bool hint) {
    for (const auto& c : r.checks)
      if ((c.status == Status::fail || c.status == Status::error) && (hint ? c.hint : c.summary) == text) return true;
    return false;
  };
  if (lead && !lead->summary.empty() && !shown(lead->summary, false)) out.line("  " + one_line(lead->summary));
  if (lead && !lead->hint.empty() && !shown(lead->hint, true)) out.line("  hint: " + one_line(lead->hint));
  else if (lead && !lead->hint.empty() && !lead->evidence.empty())
    out.line("  next step: see the hint of " + one_line(lead->evidence.front()) + " above");
  if (r.hypotheses.empty()) return out.line();
  std::size_t w = 2;
  for (const auto& h : r.hypotheses) w = std::max(w, one_line(label(h, multi)).size());
  out.line();
  out.line("Hypotheses:");
  // Title first (a person reads "auth mechanism mismatch", not "H1"), the reason under it.
  for (const auto& h : r.hypotheses) {
    const std::string id = one_line(label(h, multi));
    out.line(fmt::format("  {}{}  {}{}  {}", id, pad(id.size(), w), h.verdict, pad(h.verdict.size(), 14),
                         one_line(h.title.empty() ? h.id : h.title)));
    if (!h.summary.empty()) out.line("      " + one_line(h.summary));
  }
  out.line();
}

/// "topology: gateway (auto), provider anthropic (env:ANTHROPIC_BASE_URL), no Squid hop", read leniently
/// from the report's run.topology object (a saved report may come from another version).
std::string topology_line(const nlohmann::json& t) {
  auto str = [&](const char* k) { return t.contains(k) && t[k].is_string() ? t[k].get<std::string>() : std::string("?"); };
  const bool undecided = t.contains("undecided") && t["undecided"].is_boolean() && t["undecided"].get<bool>();
  const bool squid = !t.contains("squid_hop") || !t["squid_hop"].is_boolean() || t["squid_hop"].get<bool>();
  std::string line = fmt::format("topology: {} ({}{}), provider {} ({}), {}", str("mode"), str("mode_decided_by"),
                                 undecided ? ", could not tell" : "", str("provider"), str("provider_decided_by"),
                                 squid ? "through Squid" : "no Squid hop");
  if (auto it = t.find("routes"); it != t.end() && it->is_array() && it->size() > 1) {
    std::string names;
    for (const auto& n : *it)
      if (n.is_string()) names += (names.empty() ? "" : ", ") + n.get<std::string>();
    line += "; routes judged: " + names;
  }
  // A provider whose variables are set but whose route was not judged: said on the first line, so a
  // PASS is never read as covering it (run.topology.routes_not_judged says why).
  if (auto it = t.find("routes_not_judged"); it != t.end() && it->is_array() && !it->empty()) {
    std::string names;
    for (const auto& n : *it)
      if (n.is_string()) {
        const std::string entry = n.get<std::string>();
        names += (names.empty() ? "" : ", ") + entry.substr(0, entry.find(':'));
      }
    line += "; not judged: " + names;
  }
  return line;
}

std::string closing(const Report& r, const Painter& p) {
  const auto n = report_detail::count_checks(r.checks);
  std::string s = fmt::format("{}  {}: {} passed, {} warned, {} failed, {} error{}, {} skipped", p.verdict(r.summary.verdict),
                              check_count(n.total), n.pass, n.warn, n.fail, n.error, n.error == 1 ? "" : "s", n.skip);
  if (auto it = r.run.find("duration_ms"); r.run.is_object() && it != r.run.end() && it->is_number())
    s += fmt::format(" in {} ms", std::llround(it->get<double>()));
  return s;
}

}  // namespace

std::string render_text(const Report& r, bool color) {
  const Painter p{color};
  const auto n = report_detail::count_checks(r.checks);
  const bool quiet = (r.summary.verdict == "PASS" || r.summary.verdict == "WARN") && n.fail == 0 && n.error == 0;
  Out out;
  // The first line names the chain that was judged (docs/topology.md), when the run recorded one.
  if (auto it = r.run.is_object() ? r.run.find("topology") : r.run.end(); r.run.is_object() && it != r.run.end() &&
                                                                          it->is_object())
    out.line(one_line(topology_line(*it)));
  if (quiet) {
    link_lines(out, r, p, true);
  } else {
    // summary.text starts with the verdict ("FAIL: the proxy link is broken — …"): paint that word.
    std::string text = one_line(r.summary.text);
    if (text.rfind(r.summary.verdict, 0) == 0) text = p.verdict(r.summary.verdict) + text.substr(r.summary.verdict.size());
    out.line(text);
    out.line();
    link_lines(out, r, p, false);
    out.line();
    details(out, r);
    hypotheses(out, r);
  }
  out.line(closing(r, p));
  return out.take();
}

}  // namespace awf
