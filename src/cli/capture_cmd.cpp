#include "cli/capture_cmd.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "capture/capture_checks.hpp"
#include "cli/help_text.hpp"
#include "cli/secret_sources.hpp"
#include "core/iso_time.hpp"
#include "capture/capture_server.hpp"
#include "core/command_secrets.hpp"
#include "core/env_snapshot.hpp"
#include "core/interrupt.hpp"
#include "core/redact.hpp"
#include "net/http.hpp"
#include "report/report.hpp"
#include "topology/providers.hpp"

namespace awf {
namespace {

// SIGINT/SIGTERM/SIGHUP are recorded by core/interrupt (installed in main): "" while none arrived.
std::string stop_signal() {
  const int sig = interrupt_signal();
  return sig ? std::string(signal_name(sig)) : std::string();
}

CLI::Validator seconds(double max) {
  return CLI::Validator(
      [max](std::string& v) -> std::string {
        char* end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || !(d > 0) || d > max)
          return fmt::format("must be a number of seconds in (0, {}], got '{}'", max, v);
        return "";
      },
      "SECONDS");
}

}  // namespace

CLI::App* add_capture_command(CLI::App& app, CaptureCmdOptions& o) {
  auto* sub = app.add_subcommand("capture",
                                 "stand in for the api-proxy, record what the agent sends and judge it (docs/capture.md)");
  sub->add_option("--listen", o.listen, "HOST:PORT to listen on (e.g. 127.0.0.1:10001; port 0 = any free port)")
      ->required();
  sub->add_option("--count", o.count, "stop after N requests (default: no limit)")->check(CLI::Range(1, 100000));
  sub->add_option("--duration", o.duration_s, "stop after SECONDS (default: no limit; SIGINT always stops)")
      ->check(seconds(86400));
  sub->add_option("--answer", o.answer, "how to answer: 401 (Anthropic-shaped), reset, sse")
      ->check(CLI::IsMember({"401", "reset", "sse"}))
      ->capture_default_str();
  sub->add_option("--forward", o.forward,
                  "relay every request unchanged to this URL (e.g. the sidecar, http://172.30.0.30:10001) and "
                  "record its answers; without it capture answers by itself (--answer)");
  sub->add_option("--request-timeout", o.request_timeout_s, "longest time one request may take to arrive")
      ->check(seconds(3600))
      ->capture_default_str();
  sub->add_option("--idle-timeout", o.idle_timeout_s, "longest wait for the next byte")
      ->check(seconds(3600))
      ->capture_default_str();
  sub->add_option("--shutdown-grace", o.shutdown_grace_s,
                  "once capture stops (count, duration, SIGINT), how long answers still in flight may take before "
                  "they are cut (SIGTERM/SIGHUP cut at once)")
      ->check(seconds(600))
      ->capture_default_str();
  sub->add_option("-o,--output", o.output, "Report format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  sub->add_flag("--color", o.color, "colour the text report");
  return sub;
}

int run_capture_command(const CaptureCmdOptions& o) {
  SecretSet secrets;
  EnvSnapshot env = env_from_process();
  register_env_secrets(env, secrets);
  capture::CaptureOptions co;
  if (!capture::parse_listen(o.listen, co.host, co.port)) {
    return usage_error("--listen '" + o.listen + "' is not HOST:PORT", "awf-diag capture --help");
  }
  co.count = o.count;
  co.duration = std::chrono::milliseconds(static_cast<long long>(o.duration_s * 1000));
  co.answer = o.answer;
  co.forward = o.forward;
  if (!o.forward.empty()) {
    UrlParts u = parse_url(o.forward);
    if (!u.ok || (u.scheme != "http" && u.scheme != "https") || (u.path != "" && u.path != "/")) {
      register_url_secrets(o.forward, secrets);
      return usage_error(redact("--forward '" + o.forward + "' must be an http(s) URL without a path", secrets),
                         "awf-diag capture --help");
    }
  }
  co.limits.request_time = std::chrono::milliseconds(static_cast<long long>(o.request_timeout_s * 1000));
  co.shutdown_grace = std::chrono::milliseconds(static_cast<long long>(o.shutdown_grace_s * 1000));
  co.secrets = &secrets;  // every credential the agent sends is redacted from the report, in any form
  co.limits.idle_time = std::chrono::milliseconds(static_cast<long long>(o.idle_timeout_s * 1000));
  const Provider& p = providers().front();
  const std::string started = iso_now();
  capture::CaptureResult res;
  try {
    res = capture::run_capture(co, p, stop_signal, [&](int port) {
      std::fprintf(stderr, "awf-diag capture: listening on %s:%d\n", co.host.c_str(), port);
      std::fflush(stderr);
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "awf-diag: %s\n", e.what());
    return kExitUsage;
  }
  nlohmann::json run = {{"command", "capture"},
                        {"started_at", started},
                        {"duration_ms", static_cast<long long>(res.duration_ms)},
                        {"spec",
                         {{"listen", res.listen},
                          {"answer", o.forward.empty() ? o.answer : std::string("forward")},
                          {"forward", o.forward},
                          {"count", o.count},
                          {"duration_s", o.duration_s},
                          {"provider", std::string(p.name)}}}};
  const bool hard_stop = res.stopped_by == "SIGTERM" || res.stopped_by == "SIGHUP";
  if (hard_stop) run["interrupted_by"] = res.stopped_by;
  Report report = build_run_report(capture::capture_checks(res, p), std::move(run), FailOn::fail);
  report.tool_version = AWF_DIAG_VERSION;
  redact_report(report, secrets);
  std::string out = o.output == "json" ? render_json(report) : render_text(report, o.color);
  bool written = std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
  written = std::fflush(stdout) == 0 && written;
  if (!written) {
    std::fprintf(stderr, "awf-diag: could not write the report to standard output: %s\n", std::strerror(errno));
    return kExitCannotDiagnose;
  }
  return hard_stop ? kExitCannotDiagnose : report.exit_code;
}

}  // namespace awf
