// `awf-diag analyze [DIR]` and the log flags check-chain shares (see the header).
#include "cli/analyze_cmd.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <utility>

#include <fmt/format.h>

#include "cli/help_text.hpp"
#include "cli/secret_sources.hpp"
#include "core/env_snapshot.hpp"
#include "core/iso_time.hpp"
#include "core/redact.hpp"
#include "logs/correlate.hpp"
#include "logs/discover.hpp"
#include "logs/log_checks.hpp"
#include "logs/log_format.hpp"
#include "logs/read_source.hpp"
#include "report/report.hpp"

namespace awf {
namespace {

struct FlagKind {
  const char* flag;
  const std::vector<std::string>* files;
  std::vector<std::string_view> families;  // format_family() values the flag accepts
};

nlohmann::json source_json(const logs::SourceSummary& s) {
  nlohmann::json j = {{"path", s.path},
                      {"format", logs::format_name(s.format)},
                      {"gzip", s.gzip},
                      {"lines_read", s.lines_read},
                      {"lines_used", s.lines_used},
                      {"lines_unparsed", s.lines_unparsed}};
  if (s.first_unparsed_line) j["first_unparsed_line"] = s.first_unparsed_line;
  if (s.lines_truncated) j["lines_truncated"] = s.lines_truncated;
  if (!s.read_error.empty()) j["read_error"] = s.read_error;
  return j;
}

Link link_of_family(std::string_view fam) {
  if (fam == "api_proxy") return Link::proxy;
  if (fam == "agent") return Link::proxy;
  return Link::squid;
}

// A log found in DIR (or named by a flag) that could not be read to its end: its check errors.
Check read_error_check(const logs::SourceSummary& s, std::size_t index) {
  std::string fam = logs::format_family(s.format);
  Check c;
  c.id = fmt::format("log.{}.read{}", fam.empty() ? "unknown" : fam, index ? fmt::format("_{}", index) : "");
  c.link = link_of_family(fam);
  c.title = "reading " + s.path;
  c.status = Status::error;
  c.summary = fmt::format("{} could not be read to its end: {} (its evidence is incomplete)", s.path, s.read_error);
  c.evidence = {{"source", "log"}, {"file", source_json(s)}};
  return c;
}

}  // namespace

void add_log_options(CLI::App* sub, LogInputs& in) {
  sub->add_option("--squid-log", in.squid_logs, "Squid access.log, audit.jsonl or cache.log (repeatable; - = stdin; .gz read)");
  sub->add_option("--proxy-log", in.proxy_logs, "api-proxy JSON log (repeatable; - = stdin; .gz read)");
  sub->add_option("--agent-log", in.agent_logs, "agent output: Claude stream-json or CLI stderr (repeatable)");
  sub->add_option("--entrypoint-log", in.entrypoint_logs, "awf entrypoint / [health-check] lines (repeatable)");
  sub->add_option("--squid-conf", in.squid_confs, "squid.conf (repeatable)");
  sub->add_option("--agent-ip", in.opts.agent_ip, "the agent's address in Squid's log")->capture_default_str();
  sub->add_option("--proxy-ip", in.opts.proxy_ip, "the api-proxy sidecar's address in Squid's log")->capture_default_str();
}

LogResult log_checks_for(const LogInputs& in) {
  LogResult r;
  logs::LogFacts facts;
  const std::vector<FlagKind> flags = {
      {"--squid-log", &in.squid_logs, {"squid_access", "squid_audit", "squid_cache"}},
      {"--proxy-log", &in.proxy_logs, {"api_proxy"}},
      {"--agent-log", &in.agent_logs, {"agent"}},
      {"--entrypoint-log", &in.entrypoint_logs, {"agent"}},
      {"--squid-conf", &in.squid_confs, {"squid_conf"}},
  };
  int stdin_uses = 0;
  for (const auto& f : flags)
    for (const auto& path : *f.files) {
      if (path == "-" && ++stdin_uses > 1) {
        r.usage_error = "'-' (standard input) can be given to one flag only";
        return r;
      }
      if (path != "-") {
        struct stat st {};
        if (stat(path.c_str(), &st) != 0) {
          r.usage_error = fmt::format("{} '{}': {}", f.flag, path, std::strerror(errno));
          return r;
        }
        if (!S_ISREG(st.st_mode)) {
          r.usage_error = fmt::format("{} '{}' is not a regular file", f.flag, path);
          return r;
        }
      }
      try {
        const logs::SourceSummary& s = logs::read_source(path, facts);
        std::string fam = logs::format_family(s.format);
        const bool ok = s.format == logs::LogFormat::empty ||
                        std::find(f.families.begin(), f.families.end(), fam) != f.families.end();
        if (!ok) {
          r.usage_error = fmt::format("{} '{}' is not {} (its content reads as {})", f.flag, path,
                                      fmt::join(f.families, " or "), logs::format_name(s.format));
          return r;
        }
        if (!s.read_error.empty()) {
          r.usage_error = fmt::format("{} '{}' could not be read: {}", f.flag, path, s.read_error);
          return r;
        }
      } catch (const std::exception& e) {
        r.usage_error = fmt::format("{} '{}': {}", f.flag, path, e.what());
        return r;
      }
    }
  nlohmann::json missing = nlohmann::json::array();
  if (!in.dir.empty()) {
    struct stat st {};
    if (stat(in.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      r.usage_error = fmt::format("'{}' is not a readable directory", in.dir);
      return r;
    }
    logs::Discovery d;
    try {
      d = logs::discover(in.dir);
    } catch (const std::exception& e) {
      r.usage_error = e.what();
      return r;
    }
    logs::read_discovered(d, facts);
    r.sources["dir"] = in.dir;
    r.sources["files_seen"] = d.files_seen;
    r.sources["not_logs"] = d.not_logs;
    r.sources["not_logs_sample"] = d.not_logs_sample;
    r.sources["empty_files"] = d.empty_files;
    r.sources["errors"] = d.errors;
    if (d.truncated) r.sources["search_truncated"] = true;
    for (const auto& x : d.expected)
      if (x.found.empty()) missing.push_back({{"family", x.family}, {"looked_for", x.description}});
    for (std::size_t i = 0; i < d.errors.size(); ++i) {
      Check c;
      c.id = fmt::format("log.dir.unreadable{}", i ? fmt::format("_{}", i) : "");
      c.link = Link::squid;
      c.title = "a file in the logs directory";
      c.status = Status::error;
      c.summary = d.errors[i] + " (not read: its evidence is missing)";
      c.evidence = {{"source", "log"}};
      r.checks.push_back(std::move(c));
    }
  }
  r.sources["read"] = nlohmann::json::array();
  for (std::size_t i = 0; i < facts.sources.size(); ++i) {
    const auto& s = facts.sources[i];
    r.sources["read"].push_back(source_json(s));
    if (!s.read_error.empty()) r.checks.push_back(read_error_check(s, i));
    if (s.format != logs::LogFormat::unknown && s.format != logs::LogFormat::empty) r.any_log = true;
  }
  r.sources["missing"] = std::move(missing);
  logs::Correlation corr = logs::correlate(facts, in.opts);
  for (auto& c : logs::build_log_checks(facts, corr, in.opts)) r.checks.push_back(std::move(c));
  return r;
}

void add_analyze_options(CLI::App* sub, AnalyzeOptions& o) {
  sub->add_option("dir", o.in.dir, "a gh-aw run's artifact or awf's logs dir (searched recursively)");
  add_log_options(sub, o.in);
  add_output_options(sub, o.out);
}

int run_analyze(const AnalyzeOptions& o) {
  SecretSet secrets;
  register_env_secrets(env_from_process(), secrets);
  if (!o.in.any()) {
    std::fprintf(stderr, "awf-diag: analyze needs a DIR or at least one of --squid-log, --proxy-log, --agent-log, "
                         "--entrypoint-log, --squid-conf (see awf-diag analyze --help)\n");
    return kExitUsage;
  }
  LogResult lr = log_checks_for(o.in);
  if (!lr.usage_error.empty()) {
    return usage_error(redact(lr.usage_error, secrets), "awf-diag analyze --help");
  }
  const bool judged = !lr.checks.empty();
  nlohmann::json run = {{"command", "analyze"}, {"started_at", iso_now()}, {"duration_ms", 0}, {"sources", lr.sources}};
  Report report = build_run_report(std::move(lr.checks), std::move(run), FailOn::fail);
  report.tool_version = AWF_DIAG_VERSION;
  // Nothing judged (an empty DIR, files that are no log): could not diagnose, never green.
  if (!judged) {
    report.exit_code = kExitCannotDiagnose;
    report.summary.verdict = "ERROR";
    const bool any_read = report.run["sources"].contains("read") && !report.run["sources"]["read"].empty();
    report.summary.text = any_read ? "could not diagnose: the logs read (see Sources read) show no request, error or "
                                     "tunnel this tool judges, so no link could be judged"
                                   : "could not diagnose: no log this tool reads was found, so no link could be judged";
  }
  redact_report(report, secrets);
  const int code = write_report(report, o.out);
  if (o.out.format == "text") {
    // Which sources were read and which were looked for and not found: never a guess in their place.
    std::string out = "\nSources read:\n";
    for (const auto& s : report.run["sources"]["read"])
      out += fmt::format("  {} ({}, {} lines, {} unparsed)\n", s["path"].get<std::string>(),
                         s["format"].get<std::string>(), s["lines_read"].get<std::uint64_t>(),
                         s["lines_unparsed"].get<std::uint64_t>());
    if (report.run["sources"].contains("missing"))
      for (const auto& m : report.run["sources"]["missing"])
        out += fmt::format("  looked for, not found: {}\n", m["looked_for"].get<std::string>());
    out = redact(out, secrets);
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
      std::fprintf(stderr, "awf-diag: could not write the report to standard output: %s\n", std::strerror(errno));
      return kExitCannotDiagnose;
    }
  }
  return code;
}

}  // namespace awf
