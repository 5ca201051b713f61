// Command-line wiring only: parse, resolve the ChainSpec at the edge, run, report, render.
#include "cli/app.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/analyze_cmd.hpp"
#include "cli/capture_cmd.hpp"
#include "cli/chain_options.hpp"
#include "cli/help_text.hpp"
#include "cli/route_runs.hpp"
#include "cli/secret_sources.hpp"
#include "core/check_filter.hpp"
#include "core/iso_time.hpp"
#include "core/interrupt.hpp"
#include "core/json_limits.hpp"
#include "core/redact.hpp"
#include "core/runner.hpp"
#include "core/text_file.hpp"
#include "net/http.hpp"
#include "probes/probes.hpp"
#include "probes/settings_sources.hpp"
#include "probes/topology_probe.hpp"
#include "core/probe_io.hpp"
#include "report/report.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

/// Live progress (decisions §9): each check as it finishes, on stderr, only when stderr is a terminal.
void print_progress(const Check& c, const SecretSet& secrets) {
  std::string line = fmt::format("  {:<5} {}  {}\n", to_string(c.status), c.id, c.summary);
  line = redact(line, secrets);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

int emit(Report r, const ChainOptions& o, const SecretSet& secrets) {
  const bool interrupted = interrupt_signal() != 0;
  // The one choke point before anything is printed: every free-text field and every string value is
  // redacted in place; ids, links, statuses, verdicts and object keys are never touched.
  Report safe = std::move(r);
  redact_report(safe, secrets);
  const int code = write_report(safe, o.out);
  return interrupted ? kExitCannotDiagnose : code;
}

int run_diagnosis(const ChainOptions& o, const std::vector<Link>& links, const std::string& command) {
  SecretSet secrets;
  EnvSnapshot process_env = env_from_process();
  register_env_secrets(process_env, secrets);
  ChainOptions opts = o;
  for (const auto* args : {&opts.base_url_args, &opts.upstream_args})
    for (const std::string& a : *args) {
      std::optional<std::string> raw = a, after_eq;
      if (auto eq = a.find('='); eq != std::string::npos) after_eq = a.substr(eq + 1);
      register_url_flag_secrets({&raw, &after_eq}, secrets);
    }
  const std::string split_error = split_url_args(opts);
  register_url_flag_secrets({&opts.flags.base_url, &opts.flags.squid_url, &opts.flags.upstream_url, &opts.flags.management_url}, secrets);
  if (!split_error.empty()) return usage_error(redact(split_error, secrets));
  const ChainFlags& flags = opts.flags;
  if (std::string bad = validate_chain_flags(flags); !bad.empty()) {
    return usage_error(redact(bad, secrets));
  }
  ChainSpec spec;
  try {
    spec = resolve_chain_spec(flags, process_env);
  } catch (const std::invalid_argument& e) {
    // A flag value that does not fit (--client, --client-profile …): the message names the flag.
    return usage_error(redact(e.what(), secrets));
  } catch (const std::exception& e) {
    // --env-file: a file named by a flag that cannot be read or parsed is a usage error (decisions §1).
    return usage_error("--env-file: " + redact(e.what(), secrets));
  }
  register_env_secrets(spec.env, secrets);
  // The settings env blocks (managed > user) are part of the client's environment: their credentials
  // are secrets from here on, and a base URL set there is the one the client uses.
  probe_detail::apply_settings_base_url(spec, secrets);

  std::vector<CheckDef> defs;
  try {
    // Route suffixes (`id[openai]`) are checked once the routes are known; the ids are checked here.
    defs = filter_checks(select_for_links(all_checks(), links), patterns_without_route(o.sel.only),
                         patterns_without_route(o.sel.skip));
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "awf-diag: %s\n", e.what());
    return kExitUsage;
  }
  if (o.sel.list) return print_checks(defs);
  // The topology stage, before any probe of a hop (decisions §5): the first route's, then the others'.
  // Which routes, from the flags and the judged environment alone: a route that would fall back to
  // awf's built-in addresses while the user named other routes' targets stops here (docs/topology.md).
  const RouteChoice routes = choose_routes(spec, flags);
  if (!routes.usage_error.empty()) return usage_error(redact(routes.usage_error, secrets));
  for (const auto& n : routes.notes) std::fprintf(stderr, "awf-diag: %s\n", redact(n, secrets).c_str());
  spec.topology = resolve_topology(spec, flags, real_io());
  for (const auto& [pats, flag] : {std::pair{&o.sel.only, "--only"}, std::pair{&o.sel.skip, "--skip"}})
    if (std::string bad = check_pattern_routes(*pats, routes.judged, flag); !bad.empty()) return usage_error(bad);
  std::vector<Check> log_checks;
  nlohmann::json log_sources;
  if (o.logs.any()) {
    LogResult lr = log_checks_for(o.logs);
    if (!lr.usage_error.empty()) {
      return usage_error(redact(lr.usage_error, secrets));
    }
    log_checks = std::move(lr.checks);
    log_sources = std::move(lr.sources);
  }
  auto t0 = std::chrono::steady_clock::now();
  RunOptions run_opts;
  if (::isatty(STDERR_FILENO)) run_opts.on_result = [&secrets](const Check& c) { print_progress(c, secrets); };
  const FailOn fail_on = *fail_on_from_string(o.fail_on);

  RouteRunsResult ran = run_routes({spec, flags, process_env, routes, defs, links, o.sel, t0, run_opts, fail_on}, secrets);
  if (ran.exit_code != 0) return ran.exit_code;
  MergedRoutes merged = merge_route_runs(std::move(ran.runs));
  for (auto& c : log_checks) merged.checks.push_back(std::move(c));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  Topology first_topology = spec.topology;
  first_topology.routes = ran.judged_names;
  first_topology.routes_not_judged = ran.not_judged;
  nlohmann::json run = {
      {"command", command},
      {"selection", {{"only", o.sel.only}, {"skip", o.sel.skip}}},
      {"started_at", iso_now()},
      {"duration_ms", static_cast<long long>(ms)},
      {"spec", spec_json(spec)},
      {"topology", to_json(first_topology)},
      {"fail_on", to_string(fail_on)}};
  if (merged.route_specs.size() > 1) run["routes"] = std::move(merged.route_specs);
  if (!log_sources.is_null()) run["log_sources"] = std::move(log_sources);
  // Interrupted (decisions §1): build_report keeps the finished checks, the unfinished ones are errors,
  // and the summary says "interrupted by SIGTERM".
  if (int sig = interrupt_signal()) run["interrupted_by"] = signal_name(sig);
  Report report = build_report(std::move(merged.checks), std::move(merged.hypotheses), std::move(run));
  report.tool_version = AWF_DIAG_VERSION;
  if (int sig = interrupt_signal()) {
    // The process then ends at once with 3 — a check thread may still be winding down. A signal that
    // came after build_report still makes the run exit 3.
    if (!report.run.contains("interrupted_by")) report.run["interrupted_by"] = signal_name(sig);
    report.exit_code = kExitCannotDiagnose;
    emit(std::move(report), o, secrets);
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(kExitCannotDiagnose);
  }
  return emit(std::move(report), o, secrets);
}

int rerender(const ChainOptions& o) {
  SecretSet secrets;
  register_env_secrets(env_from_process(), secrets);
  std::string text;
  try {
    text = o.report_file == "-" ? read_stdin_bounded(kMaxReportBytes, "standard input") : read_text_file(o.report_file, kMaxReportBytes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "awf-diag: cannot read report: %s\n", redact(e.what(), secrets).c_str());
    return kExitCannotDiagnose;
  }
  JsonParse parsed = parse_json_bounded(text, {kMaxJsonDepth, kMaxReportBytes});
  if (!parsed.ok) {
    std::fprintf(stderr, "awf-diag: '%s' is not a readable JSON report (%s; an awf-diag report is written by -o json)\n",
                 redact(o.report_file, secrets).c_str(), parsed.error.c_str());
    return kExitCannotDiagnose;
  }
  const nlohmann::json& doc = parsed.value;
  try {
    Report saved = report_from_json(doc);
    // Re-derive links, verdict, exit code and leading cause from the checks, so a hand-edited
    // summary cannot contradict them.
    Report r = build_report(std::move(saved.checks), std::move(saved.hypotheses), std::move(saved.run));
    r.tool_version = saved.tool_version;
    return emit(std::move(r), o, secrets);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "awf-diag: '%s' is not an awf-diag JSON report: %s\n", o.report_file.c_str(),
                 redact(e.what(), secrets).c_str());
    return kExitCannotDiagnose;
  }
}

/// The usage error for the first `--name=` with nothing after '=' (before a `--` separator), or nullopt.
std::optional<std::string> empty_option_value(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a.size() > 3 && a.rfind("--", 0) == 0 && a.back() == '=' && a.find('=') == a.size() - 1)
      return fmt::format("{}: the value is empty ('{}'); give a value or leave the option out",
                         a.substr(0, a.size() - 1), a);
  }
  return std::nullopt;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "awf-diag: find where awf's credential-isolation chain breaks.\n"
      "Chain: apiKeyHelper/env -> api-proxy (ANTHROPIC_BASE_URL) -> Squid CONNECT tunnel -> api.anthropic.com.",
      "awf-diag"};
  app.footer(exit_codes_text());
  app.set_version_flag("--version", std::string("awf-diag ") + AWF_DIAG_VERSION);
  app.require_subcommand(0, 1);
  ChainOptions o;
  bool list_all = false;
  app.add_flag("--list-checks", list_all, "list every check (id, link, title, prerequisites) and exit");

  auto* chain = app.add_subcommand("check-chain", "probe every link in dependency order (for CI)");
  add_chain_options(chain, o);
  add_log_options(chain, o.logs);
  chain->footer(exit_codes_text());

  auto* probe = app.add_subcommand("probe", "probe one link (and the checks it depends on)");
  probe->add_option("link", o.link, "helper | env | proxy | squid | upstream")
      ->required()
      ->check(CLI::IsMember({"helper", "env", "proxy", "squid", "upstream"}));
  add_chain_options(probe, o);
  probe->footer(probe_footer(argc, argv));

  auto* report = app.add_subcommand("report", "re-render a saved JSON report");
  report->add_option("file", o.report_file, "a report written by -o json ('-' = standard input)")->required();
  add_output_options(report, o.out);
  report->footer(exit_codes_text());

  AnalyzeOptions ao;
  auto* analyze = app.add_subcommand("analyze", "read a failed run's logs (DIR or the file flags) into the same report");
  add_analyze_options(analyze, ao);
  analyze->footer(exit_codes_text());
  CaptureCmdOptions capture_opts;
  auto* capture = add_capture_command(app, capture_opts);
  capture->footer(exit_codes_text());

  // CLI11 reports an unknown first word as "A subcommand is required"; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string first = argv[1];
    if (first != "check-chain" && first != "probe" && first != "report" && first != "analyze" && first != "capture") {
      return usage_error("unknown command '" + first + "': use check-chain, probe, report, analyze or capture");
    }
  }
  // CLI11 reads `--opt=` (an empty value after '=') as "no value" and takes the next argument
  // instead (`--model= -o json` would be "got '-o'"): an empty value is reported as empty.
  if (auto empty = empty_option_value(argc, argv)) return usage_error(*empty);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    SecretSet secrets;
    register_env_secrets(env_from_process(), secrets);
    return usage_error(redact(parse_error_text(e.what()), secrets));
  }
  if (app.get_subcommands().empty()) {
    if (list_all) return print_checks(all_checks());
    std::fprintf(stderr, "awf-diag: a command is required: check-chain, probe, report, analyze or capture (see awf-diag --help)\n");
    return kExitUsage;
  }
  try {
    if (*chain) return run_diagnosis(o, {std::begin(kAllLinks), std::end(kAllLinks)}, "check-chain");
    if (*probe) return run_diagnosis(o, {*link_from_string(o.link)}, "probe " + o.link);
    if (*report) return rerender(o);
    if (*analyze) return run_analyze(ao);
    if (*capture) return run_capture_command(capture_opts);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "awf-diag: internal error: %s\n", e.what());
    return kExitCannotDiagnose;
  }
  return kExitUsage;
}

}  // namespace awf
