// Command-line wiring only: parse, resolve the ChainSpec at the edge, run, report, render.
#include "cli/app.hpp"

#include <unistd.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/analyze_cmd.hpp"
#include "cli/output_options.hpp"
#include "cli/selection_options.hpp"
#include "cli/capture_cmd.hpp"
#include "core/chain_spec.hpp"
#include "core/check_filter.hpp"
#include "core/command_secrets.hpp"
#include "core/interrupt.hpp"
#include "core/json_limits.hpp"
#include "core/redact.hpp"
#include "core/runner.hpp"
#include "core/text_file.hpp"
#include "net/http.hpp"
#include "probes/probes.hpp"
#include "probes/topology_probe.hpp"
#include "core/probe_io.hpp"
#include "report/report.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

constexpr const char* kExitCodes =
    "Exit codes (one meaning each, whatever --output):\n"
    "  0  every check passed (warnings and skips allowed; with --fail-on warn a warning gives 1)\n"
    "  1  the chain is broken: at least one check failed\n"
    "  2  usage error (unknown flag, bad value)\n"
    "  3  could not diagnose: a check could not run, or an input was unreadable\n";

struct Options {
  ChainFlags flags;
  OutputOptions out;
  SelectionOptions sel;
  std::string fail_on = "fail";
  std::string link;         // probe <link>
  std::string report_file;  // report <file>
  LogInputs logs;           // check-chain --squid-log … : log evidence merged into the live run
};

void add_chain_options(CLI::App* sub, Options& o) {
  add_output_options(sub, o.out);
  add_selection_options(sub, o.sel);
  sub->add_option("--base-url", o.flags.base_url,
                  "api-proxy base URL (default: $ANTHROPIC_BASE_URL, then http://172.30.0.30:10001)");
  sub->add_option("--squid", o.flags.squid_url,
                  "Squid proxy URL (default: $HTTPS_PROXY, $https_proxy, $HTTP_PROXY, then http://172.30.0.10:3128)");
  sub->add_option("--upstream", o.flags.upstream_url, "provider origin (default: https://api.anthropic.com)");
  sub->add_option("--management-url", o.flags.management_url,
                  "the api-proxy's management origin, for its /health (default: the base URL's host, port 10000)");
  sub->add_option("--mode", o.flags.mode,
                  "which chain to judge: awf (sidecar + Squid), gateway (another endpoint at the base URL), direct "
                  "(no base URL: the provider itself); auto decides from the environment and the base URL's /health")
      ->check(CLI::IsMember({"auto", "awf", "gateway", "direct"}))->capture_default_str();
  sub->add_option("--provider", o.flags.provider,
                  "whose route to judge; auto = the first provider whose variables are set, else anthropic")
      ->check(CLI::IsMember({"auto", "anthropic", "openai", "copilot", "gemini"}))->capture_default_str();
  sub->add_option("--cacert", o.flags.cacert, "CA bundle for TLS to the upstream (e.g. Squid's ssl-bump CA)");
  sub->add_option("--home", o.flags.home, "home whose .claude settings declare apiKeyHelper (default: $HOME, then /root)");
  sub->add_option("--env-file", o.flags.env_file,
                  "judge this environment (KEY=VALUE lines) instead of this process's; it also feeds the "
                  "defaults above and the helper's environment");
  sub->add_option("--timeout", o.flags.timeout_s, "deadline for the whole run, in seconds (default: 30)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            char* end = nullptr;
            double d = std::strtod(v.c_str(), &end);
            // CLI11 prefixes the flag's name itself; a deadline under 0.1 s could not even connect.
            if (end == v.c_str() || *end != '\0' || !std::isfinite(d) || d < 0.1 || d > 3600)
              return "must be a number of seconds from 0.1 to 3600, got '" + v + "'";
            return "";
          },
          "SECONDS", "timeout"));
  sub->add_option("--fail-on", o.fail_on, "lowest status that makes the exit code 1")
      ->check(CLI::IsMember({"fail", "warn"}))->capture_default_str();
  sub->add_option("--model", o.flags.model, "model of the streaming probe (default: claude-sonnet-4-6, Claude Code 2.1.88's)");
  sub->add_option("--stream-tokens", o.flags.stream_tokens, "max_tokens of the streaming probe (default: 32)")
      ->check(CLI::Range(1, 4096));
  sub->add_flag("--no-spend", o.flags.no_spend,
                "send no request that could be billed (no streaming probe: H3 stays inconclusive)");
  sub->add_option("--client", o.flags.client,
                  "client whose request the client-shaped probe sends (default: auto = from the judged environment)")
      ->check(CLI::IsMember({"auto", "claude-code", "codex", "copilot"}));
  sub->add_option("--client-profile", o.flags.client_profile,
                  "send the request recorded in this client profile JSON (what `capture` writes) instead");
}

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Every credential source of an environment, in every form it can come back in (docs/security.md):
// credential variables raw / URL-decoded / URL-encoded, the userinfo of every URL-bearing variable
// (proxies, base URLs) with base64("user:password"), and secrets inside a helper command.
void register_env_secrets(const EnvSnapshot& env, SecretSet& secrets) {
  // Variables whose values are credentials (every provider row), in every derived form.
  for (std::string_view name : all_credential_vars())
    if (auto v = env.get(name)) secrets.add_derived(*v);
  for (const auto& [name, value] : env.vars) {
    std::string upper = name;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (upper.find("PROXY") != std::string::npos || upper.find("URL") != std::string::npos)
      register_url_credentials(value, secrets);
  }
  if (auto helper = env.get("CLAUDE_CODE_API_KEY_HELPER")) register_command_secrets(*helper, secrets);
}

void register_flag_secrets(const ChainFlags& f, SecretSet& secrets) {
  for (const auto* v : {&f.base_url, &f.squid_url, &f.upstream_url})
    if (*v) register_url_credentials(**v, secrets);
}

/// Live progress (decisions §9): each check as it finishes, on stderr, only when stderr is a terminal.
void print_progress(const Check& c, const SecretSet& secrets) {
  std::string line = fmt::format("  {:<5} {}  {}\n", to_string(c.status), c.id, c.summary);
  line = redact(line, secrets);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

int emit(Report r, const Options& o, const SecretSet& secrets) {
  const bool interrupted = interrupt_signal() != 0;
  // The one choke point before anything is printed: every free-text field and every string value is
  // redacted in place; ids, links, statuses, verdicts and object keys are never touched.
  Report safe = std::move(r);
  redact_report(safe, secrets);
  const int code = write_report(safe, o.out);
  return interrupted ? kExitCannotDiagnose : code;
}

int print_checks(const std::vector<CheckDef>& defs) {
  std::string text = list_checks_text(defs);
  bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  return std::fflush(stdout) == 0 && ok ? kExitOk : kExitCannotDiagnose;
}

// `probe <link> --help` describes that link's checks; plain `probe --help` lists the links.
std::string probe_footer(int argc, char** argv) {
  for (int i = 2; argc > 2 && std::string(argv[1]) == "probe" && i < argc; ++i)
    if (auto link = link_from_string(argv[i])) return link_help_text(*link, all_checks()) + "\n" + kExitCodes;
  return std::string("`awf-diag probe LINK --help` says what that link's checks test.\n\n") + kExitCodes;
}

std::string read_stdin_report() {
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, stdin)) > 0;) {
    text.append(buf, n);
    if (text.size() > kMaxReportBytes)
      throw std::runtime_error("standard input: more than the " + std::to_string(kMaxReportBytes >> 20) + " MiB limit");
  }
  if (std::ferror(stdin)) throw std::runtime_error(std::string("standard input: cannot read (") + std::strerror(errno) + ")");
  return text;
}

// Flag values that make the run meaningless are usage errors (exit 2), found before any probe.
std::string validate_flags(const Options& o) {
  auto url_ok = [](const std::optional<std::string>& v, const char* flag, bool https_only) -> std::string {
    if (!v) return "";
    UrlParts u = parse_url(*v);
    if (!u.ok) return fmt::format("{} '{}' is not a URL: {}", flag, *v, u.error);
    if (u.scheme != "https" && (https_only || u.scheme != "http"))
      return fmt::format("{} '{}': scheme must be {}", flag, *v, https_only ? "https" : "http or https");
    if (u.port <= 0 || u.port > 65535) return fmt::format("{} '{}': port out of range", flag, *v);
    return "";
  };
  std::optional<std::string> squid = o.flags.squid_url;
  if (squid) squid = proxy_url_with_scheme(*squid);  // `--squid 127.0.0.1:3128` as curl reads it
  for (auto msg : {url_ok(o.flags.base_url, "--base-url", false), url_ok(squid, "--squid", false),
                   url_ok(o.flags.upstream_url, "--upstream", true),
                   url_ok(o.flags.management_url, "--management-url", false)})
    if (!msg.empty()) return msg;
  if (o.flags.cacert) {
    struct stat st {};
    if (stat(o.flags.cacert->c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      return fmt::format("--cacert '{}' is not a readable file", *o.flags.cacert);
    // Not of its kind is a usage error too (README): a file with no PEM certificate would otherwise
    // reach libcurl and come back as squid.tls "fail", a broken chain blamed on Squid's CA.
    std::string pem;
    try {
      pem = read_text_file(*o.flags.cacert, kMaxCaBundleBytes);
    } catch (const std::exception& e) {
      return fmt::format("--cacert: {}", e.what());
    }
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return fmt::format("--cacert '{}' holds no PEM certificate (no -----BEGIN CERTIFICATE----- line)", *o.flags.cacert);
  }
  if (o.flags.home) {
    struct stat st {};
    if (stat(o.flags.home->c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return fmt::format("--home '{}' is not a directory", *o.flags.home);
  }
  return "";
}

int run_diagnosis(const Options& o, const std::vector<Link>& links, const std::string& command) {
  SecretSet secrets;
  EnvSnapshot process_env = env_from_process();
  register_env_secrets(process_env, secrets);
  register_flag_secrets(o.flags, secrets);
  if (std::string bad = validate_flags(o); !bad.empty()) {
    std::fprintf(stderr, "awf-diag: %s (see awf-diag --help)\n", redact(bad, secrets).c_str());
    return kExitUsage;
  }
  ChainSpec spec;
  try {
    spec = resolve_chain_spec(o.flags, process_env);
  } catch (const std::invalid_argument& e) {
    // A flag value that does not fit (--client, --client-profile …): the message names the flag.
    std::fprintf(stderr, "awf-diag: %s (see awf-diag --help)\n", redact(e.what(), secrets).c_str());
    return kExitUsage;
  } catch (const std::exception& e) {
    // --env-file: a file named by a flag that cannot be read or parsed is a usage error (decisions §1).
    std::fprintf(stderr, "awf-diag: --env-file: %s (see awf-diag --help)\n", redact(e.what(), secrets).c_str());
    return kExitUsage;
  }
  register_env_secrets(spec.env, secrets);

  std::vector<CheckDef> defs;
  try {
    defs = filter_checks(select_for_links(all_checks(), links), o.sel.only, o.sel.skip);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "awf-diag: %s\n", e.what());
    return kExitUsage;
  }
  if (o.sel.list) return print_checks(defs);
  // The topology stage, before any probe of a hop (decisions §5).
  spec.topology = resolve_topology(spec, o.flags, real_io());
  std::vector<Check> log_checks;
  nlohmann::json log_sources;
  if (o.logs.any()) {
    LogResult lr = log_checks_for(o.logs);
    if (!lr.usage_error.empty()) {
      std::fprintf(stderr, "awf-diag: %s (see awf-diag --help)\n", redact(lr.usage_error, secrets).c_str());
      return kExitUsage;
    }
    log_checks = std::move(lr.checks);
    log_sources = std::move(lr.sources);
  }
  auto t0 = std::chrono::steady_clock::now();
  RunOptions run_opts;
  if (::isatty(STDERR_FILENO)) run_opts.on_result = [&secrets](const Check& c) { print_progress(c, secrets); };
  std::vector<Check> checks = run_checks(defs, spec, secrets, run_opts);
  for (auto& c : log_checks) checks.push_back(std::move(c));
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  nlohmann::json run = {
      {"command", command},
      {"selection", {{"only", o.sel.only}, {"skip", o.sel.skip}}},
      {"started_at", iso_now()},
      {"duration_ms", static_cast<long long>(ms)},
      {"spec",
       {{"base_url", spec.base_url},
        {"squid_url", spec.squid_url},
        {"upstream_url", spec.upstream_url},
        {"management_url", spec.management_url},
        {"home", spec.home},
        {"cacert", spec.cacert},
        {"env_source", spec.env.source},
        {"timeout_ms", spec.timeout.count()},
        {"origin", spec.origin}}},
      {"topology", to_json(spec.topology)}};
  if (!log_sources.is_null()) run["log_sources"] = std::move(log_sources);
  Report report = build_run_report(std::move(checks), std::move(run), *fail_on_from_string(o.fail_on));
  report.tool_version = AWF_DIAG_VERSION;
  if (int sig = interrupt_signal()) {
    // Interrupted (decisions §1): the report is written with the unfinished checks as errors, then the
    // process ends at once with 3 — a check thread may still be winding down.
    report.run["interrupted_by"] = signal_name(sig);
    report.exit_code = kExitCannotDiagnose;
    emit(std::move(report), o, secrets);
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(kExitCannotDiagnose);
  }
  return emit(std::move(report), o, secrets);
}

int rerender(const Options& o) {
  SecretSet secrets;
  register_env_secrets(env_from_process(), secrets);
  std::string text;
  try {
    text = o.report_file == "-" ? read_stdin_report() : read_text_file(o.report_file, kMaxReportBytes);
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

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "awf-diag: find where awf's credential-isolation chain breaks.\n"
      "Chain: apiKeyHelper/env -> api-proxy (ANTHROPIC_BASE_URL) -> Squid CONNECT tunnel -> api.anthropic.com.",
      "awf-diag"};
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string("awf-diag ") + AWF_DIAG_VERSION);
  app.require_subcommand(0, 1);
  Options o;
  bool list_all = false;
  app.add_flag("--list-checks", list_all, "list every check (id, link, title, prerequisites) and exit");

  auto* chain = app.add_subcommand("check-chain", "probe every link in dependency order (for CI)");
  add_chain_options(chain, o);
  add_log_options(chain, o.logs);
  chain->footer(kExitCodes);

  auto* probe = app.add_subcommand("probe", "probe one link (and the checks it depends on)");
  probe->add_option("link", o.link, "helper | env | proxy | squid | upstream")
      ->required()
      ->check(CLI::IsMember({"helper", "env", "proxy", "squid", "upstream"}));
  add_chain_options(probe, o);
  probe->footer(probe_footer(argc, argv));

  auto* report = app.add_subcommand("report", "re-render a saved JSON report");
  report->add_option("file", o.report_file, "a report written by -o json ('-' = standard input)")->required();
  add_output_options(report, o.out);
  report->footer(kExitCodes);

  AnalyzeOptions ao;
  auto* analyze = app.add_subcommand("analyze", "read a failed run's logs (DIR or the file flags) into the same report");
  add_analyze_options(analyze, ao);
  analyze->footer(kExitCodes);
  CaptureCmdOptions capture_opts;
  auto* capture = add_capture_command(app, capture_opts);
  capture->footer(kExitCodes);

  // CLI11 reports an unknown first word as "A subcommand is required"; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::string first = argv[1];
    if (first != "check-chain" && first != "probe" && first != "report" && first != "analyze" && first != "capture") {
      std::fprintf(stderr,
                   "awf-diag: unknown command '%s': use check-chain, probe, report, analyze or capture (see awf-diag --help)\n",
                   first.c_str());
      return kExitUsage;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "awf-diag: %s (see awf-diag --help)\n", e.what());
    return kExitUsage;
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
