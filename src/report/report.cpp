// Report document: build_report (the only place that decides verdict, links, exit code and summary),
// to_json and its inverse report_from_json.
#include "report/report.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "report/green_rule.hpp"
#include "report/hypotheses.hpp"
#include "observe/observation_redact.hpp"
#include "report/report_internal.hpp"

namespace awf {
namespace report_detail {

Counts count_checks(const std::vector<Check>& checks) {
  Counts n;
  for (const auto& c : checks) {
    ++n.total;
    switch (c.status) {
      case Status::pass: ++n.pass; break;
      case Status::warn: ++n.warn; break;
      case Status::fail: ++n.fail; break;
      case Status::error: ++n.error; break;
      case Status::skip: ++n.skip; break;
    }
  }
  return n;
}

nlohmann::ordered_json to_ordered_json(const Report& r) {
  using oj = nlohmann::ordered_json;
  oj links = oj::object();
  for (Link l : kAllLinks)
    if (auto it = r.links.find(l); it != r.links.end()) links[to_string(l)] = to_string(it->second);
  static const char* const kCheckKeys[] = {"id",       "link", "provider",  "title",      "status",     "summary",
                                           "evidence", "hint", "timing_ms", "depends_on", "skip_reason"};
  oj checks = oj::array();
  for (const auto& c : r.checks) {
    nlohmann::json j = to_json(c);
    oj o = oj::object();
    for (const char* k : kCheckKeys)
      if (auto it = j.find(k); it != j.end()) o[k] = oj(*it);
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!o.contains(it.key())) o[it.key()] = oj(it.value());
    checks.push_back(std::move(o));
  }
  oj hyps = oj::array();
  for (const auto& h : r.hypotheses)
    hyps.push_back(oj{{"id", h.id},
                      {"provider", h.provider.empty() ? oj(nullptr) : oj(h.provider)},
                      {"title", h.title},
                      {"verdict", h.verdict},
                      {"summary", h.summary},
                      {"evidence", h.evidence},
                      {"hint", h.hint}});
  oj summary = oj::object();
  summary["verdict"] = r.summary.verdict;
  summary["failed_link"] = r.summary.failed_link;
  summary["leading_cause"] = r.summary.leading_cause ? oj(*r.summary.leading_cause) : oj(nullptr);
  summary["text"] = r.summary.text;
  oj doc = oj::object();
  doc["schema_version"] = r.schema_version;
  doc["tool_version"] = r.tool_version;
  doc["exit_code"] = r.exit_code;
  doc["summary"] = std::move(summary);
  doc["links"] = std::move(links);
  doc["checks"] = std::move(checks);
  doc["hypotheses"] = std::move(hyps);
  doc["run"] = r.run.is_object() ? oj(r.run) : oj::object();
  return doc;
}

}  // namespace report_detail

namespace {

bool is_seed_hypothesis(const std::string& id) {
  return id == "H1" || id == "H2" || id == "H3" || id == "H4";
}

// A check's summary as a clause inside a sentence: no trailing period, never empty.
std::string clause(const Check& c, const char* fallback) {
  std::string s = c.summary;
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  return s.empty() ? c.id + " " + fallback : s;
}

const Check* first_with(const std::vector<Check>& checks, Status st) {
  for (const auto& c : checks)
    if (c.status == st) return &c;
  return nullptr;
}

std::string plural(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

/// The signal that interrupted the run (run.interrupted_by), or "".
std::string interrupted_by(const Report& r) {
  auto it = r.run.find("interrupted_by");
  return it != r.run.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// An interrupted run (decisions §1): what finished, what did not, and the first failure found before.
std::string interrupted_text(const Report& r, const report_detail::Counts& n, const std::string& sig) {
  int unfinished = 0;
  for (const auto& c : r.checks)
    if (c.status == Status::error && c.evidence.is_object() && c.evidence.contains("interrupted_by")) ++unfinished;
  std::string text =
      unfinished == n.total
          ? fmt::format("ERROR: interrupted by {} before any check finished ({} did not run to the end)", sig,
                        plural(unfinished, "check", "checks"))
          : fmt::format("ERROR: interrupted by {}: {} finished, {} did not", sig,
                        plural(n.total - unfinished, "check", "checks"), unfinished);
  if (const Check* f = first_with(r.checks, Status::fail))
    text += fmt::format("; before that {} ({}: {})", plural(n.fail, "check failed", "checks failed"), f->id,
                        clause(*f, "failed"));
  return text + ".";
}

std::string summary_text(const Report& r, const report_detail::Counts& n) {
  if (std::string sig = interrupted_by(r); !sig.empty()) return interrupted_text(r, n, sig);
  const auto& v = r.summary.verdict;
  const bool multi = is_multi_route(r.checks);
  if (v == "FAIL") {
    auto link = link_from_string(r.summary.failed_link);
    const Check* first = nullptr;
    for (const auto& c : r.checks)
      if (c.status == Status::fail && (!link || c.link == *link)) { first = &c; break; }
    const std::string route = multi && first && !first->provider.empty() ? " (" + first->provider + " route)" : "";
    std::string text = fmt::format("FAIL: the {} link{} is broken — {}", r.summary.failed_link, route,
                                   first ? clause(*first, "failed") : std::string("a check failed"));
    if (r.summary.leading_cause) {
      std::string title = *r.summary.leading_cause;
      for (const auto& h : r.hypotheses)
        if (label(h, multi) == *r.summary.leading_cause && !h.title.empty()) title = h.title;
      while (!title.empty() && title.back() == '.') title.pop_back();
      text += "; leading cause: " + title;
    }
    return text + ".";
  }
  if (v == "ERROR") {
    const Check* c = first_with(r.checks, Status::error);
    if (!c) {
      const Check* skipped = first_with(r.checks, Status::skip);
      return skipped ? fmt::format("ERROR: nothing was tested: {} skipped ({}: {}).",
                                   plural(n.skip, "check was", "checks were"), skipped->id,
                                   skipped->skip_reason.empty() ? clause(*skipped, "was skipped") : skipped->skip_reason)
                     : std::string("ERROR: nothing was tested: no check was selected.");
    }
    return fmt::format("ERROR: {} could not run ({}: {}).", plural(n.error, "check", "checks"), c->id,
                       clause(*c, "could not run"));
  }
  if (v == "WARN") {
    const Check* c = first_with(r.checks, Status::warn);
    return fmt::format("WARN: the chain works; {} ({}: {}).", plural(n.warn, "warning", "warnings"), c->id,
                       clause(*c, "warned"));
  }
  if (n.skip == 0) return fmt::format("PASS: all {} passed.", plural(n.pass, "check", "checks"));
  return fmt::format("PASS: {} passed, {} skipped.", plural(n.pass, "check", "checks"), n.skip);
}

}  // namespace

Report build_report(std::vector<Check> checks, std::vector<Hypothesis> hypotheses, nlohmann::json run) {
  if (run.is_null()) run = nlohmann::json::object();
  if (!run.is_object()) throw std::invalid_argument("build_report: field 'run' must be a JSON object");
  Report r;
#ifdef AWF_DIAG_VERSION
  r.tool_version = AWF_DIAG_VERSION;
#endif
  r.checks = std::move(checks);
  r.hypotheses = std::move(hypotheses);
  r.run = std::move(run);

  for (const auto& c : r.checks) {
    auto [it, inserted] = r.links.try_emplace(c.link, c.status);
    if (!inserted && link_rank(c.status) > link_rank(it->second)) it->second = c.status;
  }
  const auto n = report_detail::count_checks(r.checks);
  // Nothing tested (every check skipped, or none selected) is not a pass: it could not diagnose.
  const bool nothing_tested = n.pass + n.warn + n.fail + n.error == 0;
  r.summary.verdict = n.fail ? "FAIL" : (n.error || nothing_tested) ? "ERROR" : n.warn ? "WARN" : "PASS";
  r.exit_code = n.fail ? kExitChainBroken : (n.error || nothing_tested) ? kExitCannotDiagnose : kExitOk;
  // An interrupted run could not diagnose, whatever finished before (decisions §1: exit 3).
  if (!interrupted_by(r).empty()) {
    r.summary.verdict = "ERROR";
    r.exit_code = kExitCannotDiagnose;
  }
  r.summary.failed_link = "none";
  for (Link l : kAllLinks)
    if (auto it = r.links.find(l); it != r.links.end() && it->second == Status::fail) {
      r.summary.failed_link = to_string(l);
      break;
    }
  // Leading cause: a supported hypothesis decided by a check of the failed link wins (so a
  // consequence seen further down the chain never outranks its cause); among equals a named cause
  // beats H1–H4; then any supported hypothesis, named causes first.
  // A hypothesis' evidence names checks of its own route (or of the whole run).
  const bool multi = is_multi_route(r.checks);
  auto on_failed_link = [&](const Hypothesis& h) {
    for (const auto& id : h.evidence)
      for (const auto& c : r.checks)
        if (c.id == id && (c.provider.empty() || h.provider.empty() || c.provider == h.provider) &&
            to_string(c.link) == r.summary.failed_link && c.status == Status::fail)
          return true;
    return false;
  };
  for (bool need_link : {true, false}) {
    for (bool seed : {false, true}) {
      for (const auto& h : r.hypotheses)
        if (h.verdict == "supported" && is_seed_hypothesis(h.id) == seed && (!need_link || on_failed_link(h))) {
          r.summary.leading_cause = label(h, multi);
          break;
        }
      if (r.summary.leading_cause) break;
    }
    if (r.summary.leading_cause) break;
  }
  if (auto it = r.run.find("fail_on"); it != r.run.end() && it->is_string() &&
      fail_on_from_string(it->get<std::string>()) == FailOn::warn && r.exit_code == kExitOk &&
      r.summary.verdict == "WARN")
    r.exit_code = kExitChainBroken;
  r.summary.text = summary_text(r, n);
  return r;
}

std::string to_string(FailOn f) { return f == FailOn::warn ? "warn" : "fail"; }

std::optional<FailOn> fail_on_from_string(std::string_view s) {
  if (s == "fail") return FailOn::fail;
  if (s == "warn") return FailOn::warn;
  return std::nullopt;
}

bool is_multi_route(const std::vector<Check>& checks) {
  const std::string* first = nullptr;
  for (const auto& c : checks) {
    if (c.provider.empty()) continue;
    if (!first) first = &c.provider;
    else if (*first != c.provider) return true;
  }
  return false;
}

std::string label(const Check& c, bool multi) { return multi ? qualified_id(c.id, c.provider) : c.id; }
std::string label(const Hypothesis& h, bool multi) { return multi ? qualified_id(h.id, h.provider) : h.id; }

Report build_run_report(std::vector<Check> checks, nlohmann::json run, FailOn fail_on, std::string_view route_provider,
                        bool upstream_in_scope) {
  if (run.is_null()) run = nlohmann::json::object();
  if (!run.is_object()) throw std::invalid_argument("build_run_report: field 'run' must be a JSON object");
  run["fail_on"] = to_string(fail_on);
  require_upstream_acceptance(checks, upstream_in_scope);  // never green on a broken chain (green_rule.hpp)
  std::vector<Hypothesis> hypotheses = evaluate_hypotheses(checks);
  for (auto& h : hypotheses) h.provider = std::string(route_provider);
  return build_report(std::move(checks), std::move(hypotheses), std::move(run));
}

void redact_report(Report& r, const SecretSet& secrets) {
  auto text = [&](std::string& s) { s = redact(s, secrets); };
  for (auto& c : r.checks) {
    for (std::string* s : {&c.title, &c.summary, &c.hint, &c.skip_reason}) text(*s);
    redact_json(c.evidence, secrets);
    redact_observation(c.obs, secrets);  // typed free text too (observe/observation_redact.hpp)
  }
  for (auto& h : r.hypotheses)
    for (std::string* s : {&h.title, &h.summary, &h.hint}) text(*s);
  text(r.summary.text);
  redact_json(r.run, secrets);
}

nlohmann::json to_json(const Report& r) { return nlohmann::json(report_detail::to_ordered_json(r)); }

// ---- report_from_json -------------------------------------------------------------------------

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& what) {
  throw std::invalid_argument(fmt::format("report: field '{}' {}", field, what));
}

const json& req(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) bad(path, "is missing");
  return *it;
}

std::string req_string(const json& obj, const char* key, const std::string& path) {
  const json& v = req(obj, key, path);
  if (!v.is_string()) bad(path, "must be a string");
  return v.get<std::string>();
}

std::string opt_string(const json& obj, const char* key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) bad(path, "must be a string");
  return it->get<std::string>();
}

int req_int(const json& obj, const char* key, const std::string& path) {
  const json& v = req(obj, key, path);
  if (!v.is_number_integer()) bad(path, "must be an integer");
  return v.get<int>();
}

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

Summary parse_summary(const json& j) {
  if (!j.is_object()) bad("summary", "must be an object");
  Summary s;
  s.verdict = req_string(j, "verdict", "summary.verdict");
  if (!one_of(s.verdict, {"FAIL", "ERROR", "WARN", "PASS"})) bad("summary.verdict", "must be FAIL|ERROR|WARN|PASS");
  s.failed_link = req_string(j, "failed_link", "summary.failed_link");
  if (s.failed_link != "none" && !link_from_string(s.failed_link))
    bad("summary.failed_link", "must be a link name or \"none\"");
  if (auto it = j.find("leading_cause"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) bad("summary.leading_cause", "must be a string or null");
    s.leading_cause = it->get<std::string>();
  }
  s.text = opt_string(j, "text", "summary.text");
  return s;
}

std::map<Link, Status> parse_links(const json& j) {
  if (!j.is_object()) bad("links", "must be an object");
  std::map<Link, Status> links;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string path = "links." + it.key();
    auto l = link_from_string(it.key());
    if (!l) bad(path, "is not a link name");
    if (!it->is_string()) bad(path, "must be a status string");
    auto st = status_from_string(it->get<std::string>());
    if (!st) bad(path, "must be pass|warn|fail|skip|error");
    links[*l] = *st;
  }
  return links;
}

std::vector<Check> parse_checks(const json& j) {
  if (!j.is_array()) bad("checks", "must be an array");
  std::vector<Check> checks;
  for (std::size_t i = 0; i < j.size(); ++i) {
    try {
      checks.push_back(check_from_json(j[i]));
    } catch (const std::invalid_argument& e) {
      bad(fmt::format("checks[{}]", i), fmt::format("is malformed: {}", e.what()));
    }
  }
  return checks;
}

std::vector<Hypothesis> parse_hypotheses(const json& j) {
  if (!j.is_array()) bad("hypotheses", "must be an array");
  std::vector<Hypothesis> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = fmt::format("hypotheses[{}]", i);
    const json& h = j[i];
    if (!h.is_object()) bad(p, "must be an object");
    Hypothesis x;
    x.id = req_string(h, "id", p + ".id");
    x.provider = opt_string(h, "provider", p + ".provider");
    x.title = opt_string(h, "title", p + ".title");
    x.verdict = req_string(h, "verdict", p + ".verdict");
    if (!one_of(x.verdict, {"supported", "refuted", "inconclusive", "not-applicable"}))
      bad(p + ".verdict", "must be supported|refuted|inconclusive|not-applicable");
    x.summary = opt_string(h, "summary", p + ".summary");
    x.hint = opt_string(h, "hint", p + ".hint");
    if (auto it = h.find("evidence"); it != h.end()) {
      if (!it->is_array()) bad(p + ".evidence", "must be an array of check ids");
      for (const auto& e : *it) {
        if (!e.is_string()) bad(p + ".evidence", "must be an array of check ids");
        x.evidence.push_back(e.get<std::string>());
      }
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

Report report_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("report: document is not a JSON object");
  Report r;
  r.schema_version = req_int(j, "schema_version", "schema_version");
  if (r.schema_version != kSchemaVersion)
    bad("schema_version", fmt::format("is {}, this tool reads {}", r.schema_version, kSchemaVersion));
  r.tool_version = req_string(j, "tool_version", "tool_version");
  r.exit_code = req_int(j, "exit_code", "exit_code");
  if (r.exit_code < kExitOk || r.exit_code > kExitCannotDiagnose) bad("exit_code", "must be 0, 1, 2 or 3");
  r.summary = parse_summary(req(j, "summary", "summary"));
  r.links = parse_links(req(j, "links", "links"));
  r.checks = parse_checks(req(j, "checks", "checks"));
  r.hypotheses = parse_hypotheses(req(j, "hypotheses", "hypotheses"));
  if (auto it = j.find("run"); it != j.end()) {
    if (!it->is_object()) bad("run", "must be an object");
    r.run = *it;
  }
  return r;
}

}  // namespace awf
