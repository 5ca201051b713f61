// helper.run: runs the declared apiKeyHelper the way Claude Code runs it (`/bin/sh -c`, through
// ProbeContext::io() so tests give canned results), once with a minimal environment and once with
// the judged one, and classifies what it prints (domain.md §3; cases R02, R04).
#include "probes/helper_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/probe_io.hpp"
#include "core/subprocess.hpp"
#include "probes/awf_env.hpp"
#include "probes/helper_classify.hpp"
#include "probes/helper_hints.hpp"
#include "probes/probe_util.hpp"
#include "probes/settings_files.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

constexpr std::size_t kOutputCap = 64 * 1024;
constexpr std::chrono::milliseconds kHelperTimeout{10000};
constexpr std::size_t kMaxSecretLines = 512;  // distinct output lines registered per run
constexpr const char* kMinimalPath = "PATH=/usr/local/bin:/usr/bin:/bin";

/// One execution of the helper. `label` is "minimal" (PATH and HOME only: what the CLI gives the
/// helper per case R04) or "full" (the judged environment).
struct HelperRun {
  std::string label;
  bool ran = false;
  std::chrono::milliseconds budget{0};
  SubprocessResult r;
  std::string value;  ///< trimmed stdout: what the CLI would use
};

enum class RunFault { none, spawn, timeout, not_found, not_executable, exit_code };

std::string env_phrase(const std::string& label) {
  return label == "minimal" ? "with a minimal environment (PATH, HOME)" : "with the full environment";
}

/// Stdout, its trimmed form and every output line are secrets (redact.hpp), registered before
/// anything looks at them.
void register_output(const SubprocessResult& r, SecretSet& secrets) {
  secrets.add(r.out);
  secrets.add(r.err);
  std::set<std::string_view> seen;
  for (std::string_view text : {std::string_view(r.out), std::string_view(r.err)})
    for (std::string_view line : non_empty_lines(text))
      if (seen.size() < kMaxSecretLines && seen.insert(line).second) secrets.add(line);
}

HelperRun run_once(const std::string& label, const std::string& command, std::vector<std::string> envp,
                   const ProbeContext& ctx) {
  HelperRun h;
  h.label = label;
  h.budget = std::min(kHelperTimeout, ctx.remaining());
  if (h.budget.count() <= 0) return h;
  SubprocessOptions opts;
  opts.timeout = h.budget;
  opts.max_output_bytes = kOutputCap;
  opts.envp = std::move(envp);
  h.r = ctx.io().shell(command, opts);
  h.ran = true;
  register_output(h.r, ctx.secrets);
  h.value = std::string(trim_view(h.r.out));
  return h;
}

bool shell_says_not_found(std::string_view err) {
  for (std::string_view line : non_empty_lines(err))
    if ((line.rfind("/bin/sh:", 0) == 0 || line.rfind("sh:", 0) == 0) &&
        line.find("not found") != std::string_view::npos)
      return true;
  return false;
}

RunFault run_fault(const HelperRun& h) {
  if (!h.r.started) return RunFault::spawn;
  if (h.r.timed_out) return RunFault::timeout;
  if (h.r.exit_code == 127 || (h.r.exit_code != 0 && shell_says_not_found(h.r.err))) return RunFault::not_found;
  if (h.r.exit_code == 126) return RunFault::not_executable;
  if (h.r.exit_code != 0) return RunFault::exit_code;
  return RunFault::none;
}

json run_json(const HelperRun& h) {
  if (!h.ran) return {{"ran", false}};
  json j{{"ran", true},
         {"exit_code", h.r.exit_code},
         {"timed_out", h.r.timed_out},
         {"elapsed_ms", std::lround(h.r.elapsed_ms)},
         {"stdout_bytes", h.value.size()},
         {"stdout_raw_bytes", h.r.out.size()},
         {"stdout_truncated", h.r.out_truncated},
         {"stderr_lines", non_empty_lines(h.r.err).size()}};
  if (h.r.term_signal) j["term_signal"] = h.r.term_signal;
  if (!h.r.started) j["spawn_error"] = h.r.spawn_error;
  return j;
}

/// Fields describing the run that decided the outcome.
void describe_run(json& ev, const HelperRun& h) {
  ev["env_used"] = h.label;
  ev["exit_code"] = h.r.exit_code;
  ev["elapsed_ms"] = std::lround(h.r.elapsed_ms);
  ev["stdout"] = h.value.empty() ? json{{"present", false}, {"length", 0}} : describe_secret(h.value);
  ev["trailing_newline"] = !h.r.out.empty() && h.r.out.back() == '\n';
  ev["line_count"] = line_count(h.r.out);
  ev["stderr_lines"] = non_empty_lines(h.r.err).size();
}

/// Script text to look for `$NAME` in: the command itself, plus the file it names when that is a
/// regular file of at most 1 MiB (anything else is skipped silently; a FIFO is never opened). Only
/// variable names are ever reported.
std::string script_text(const std::string& command, const std::string& path) {
  std::string text = command;
  if (!path.empty() && path[0] == '/')
    if (SmallFile f = read_small_file(path); f.problem.empty() && !f.missing) text += "\n" + f.text;
  return text;
}

/// The hint for a helper that is not found: awf's chroot hides the image's /usr/local/bin (domain.md
/// §3, case R02), otherwise the catalog's.
std::string not_found_hint(Check& c, const std::string& path, const EnvSnapshot& env) {
  const AwfFacts& awf = awf_facts();
  const std::string image_dir(awf.helper_image_path.substr(0, awf.helper_image_path.rfind('/') + 1));
  auto chroot = env.get(awf.chroot_var);
  if (path.rfind(image_dir, 0) != 0 || !chroot || *chroot != "true")
    return hint(FaultId::helper_not_found, claude(), {{"path_q", shell_quote(path)}});
  c.evidence["chroot"] = true;
  return hint(HintId::helper_chroot, claude(),
              {{"chroot_var", std::string(awf.chroot_var)},
               {"image_dir", image_dir.substr(0, image_dir.size() - 1)},
               {"path", path}});
}

Check fail_run(Check c, const HelperRun& bad, const HelperRun& other, RunFault fault, const std::string& path,
               const std::string& command, const ProbeContext& ctx) {
  describe_run(c.evidence, bad);
  if (fault == RunFault::timeout && cut_by_deadline(bad.budget, kHelperTimeout.count())) {
    Check d = deadline_error(ctx, "running apiKeyHelper");
    d.evidence.update(c.evidence);
    return d;
  }
  c.status = Status::fail;
  std::string where;
  if (other.ran && run_fault(other) == RunFault::none)
    where = fmt::format(" when run {}; run {} it exits 0", env_phrase(bad.label), env_phrase(other.label));
  const HintArgs args{{"command_q", shell_quote(command)}, {"path_q", shell_quote(path)}};
  const FaultId f = fault == RunFault::timeout          ? FaultId::helper_timeout
                    : fault == RunFault::not_found      ? FaultId::helper_not_found
                    : fault == RunFault::not_executable ? FaultId::helper_not_executable
                                                        : FaultId::helper_exit_nonzero;
  set_fault(c, f);
  c.hint = f == FaultId::helper_not_found ? not_found_hint(c, path, ctx.spec.env) : hint(f, claude(), args);
  if (f == FaultId::helper_timeout)
    c.summary = fmt::format("apiKeyHelper hung: killed after {} ms{}", bad.budget.count(),
                            bad.label == "full" ? " (run with the full environment)" : "");
  else if (f == FaultId::helper_not_found)
    c.summary = fmt::format("apiKeyHelper command not found (exit {}): {}{}", bad.r.exit_code, path, where);
  else if (f == FaultId::helper_not_executable)
    c.summary = fmt::format("apiKeyHelper command is not executable (exit 126): {}{}", path, where);
  else
    c.summary = bad.r.term_signal ? fmt::format("apiKeyHelper was killed by signal {}{}", bad.r.term_signal, where)
                                  : fmt::format("apiKeyHelper exited {}{}", bad.r.exit_code, where);
  // The path exists but cannot run: say what it is (a directory, a FIFO, a CRLF #! line, a missing
  // interpreter) instead of "not found" or "chmod" (issue 8 item 14). The chroot reading wins.
  const bool may_explain =
      (f == FaultId::helper_not_found && !c.evidence.contains("chroot")) || f == FaultId::helper_not_executable;
  if (RunnableProblem why = may_explain ? runnable_problem(path) : RunnableProblem{}; !why.what.empty()) {
    c.evidence["cause"] = why.what;
    c.summary += f == FaultId::helper_not_found ? fmt::format(": the file exists, but {}", why.what)
                                                : fmt::format(" ({})", why.what);
    c.hint = hint(why.hint, claude(), why.args);
  }
  return c;
}

std::string variable_note(const std::string& var, const EnvSnapshot& env, bool only_full) {
  if (var.empty()) return "";
  auto v = env.get(var);
  bool set = v && !v->empty();
  if (only_full)
    return set ? fmt::format(" (it reads ${}, which is set only in the full environment)", var)
               : fmt::format(" (it reads ${})", var);
  return set ? fmt::format("; it reads ${}", var)
             : fmt::format("; it reads ${}, which is not set in the judged environment", var);
}

Check classify_output(Check c, const HelperRun& h, bool in_awf) {
  describe_run(c.evidence, h);
  const auto lines = non_empty_lines(h.r.out);
  if (lines.size() > 1) {
    c.status = Status::fail;
    set_fault(c, FaultId::helper_multiline);
    c.evidence["value_kind"] = "multiline";
    c.summary = fmt::format(
        "apiKeyHelper prints {} non-empty lines{}: a key must be one line (a newline inside the {} header is "
        "invalid)",
        lines.size(), h.r.out_truncated ? " (output cut at 64 KiB)" : "", claude().injected_auth_header);
    c.hint = hint(FaultId::helper_multiline, claude());
    return c;
  }
  if (std::size_t bad = first_non_header_byte(h.value); bad != std::string::npos) {
    c.status = Status::fail;
    set_fault(c, FaultId::helper_output_binary);
    c.evidence["value_kind"] = "binary";
    c.summary = fmt::format("apiKeyHelper prints a byte no HTTP header value can carry ({} at byte {} of {})",
                            byte_name(static_cast<unsigned char>(h.value[bad])), bad, h.value.size());
    c.hint = hint(FaultId::helper_output_binary, claude(),
                  {{"command_q", shell_quote(c.evidence.value("command", std::string()))}});
    return c;
  }
  const HelperValue kind = classify_helper_value(h.value);
  c.evidence["value_kind"] = to_string(kind);
  const std::string shown = fmt::format("{} bytes, {}", h.value.size(), fingerprint(h.value));
  switch (kind) {
    case HelperValue::placeholder:
      c.status = Status::pass;
      c.summary = fmt::format("apiKeyHelper returns awf's placeholder {} (exit 0, {} ms)", kPlaceholder,
                              std::lround(h.r.elapsed_ms));
      break;
    case HelperValue::old_placeholder:
      c.status = Status::warn;
      set_fault(c, FaultId::helper_old_placeholder);
      c.summary = fmt::format("apiKeyHelper returns the old placeholder {} (awf < v0.25.6, which did not trim keys)",
                              kOldPlaceholder);
      c.hint = hint(FaultId::helper_old_placeholder, claude());
      break;
    case HelperValue::real_key:
      c.status = Status::fail;
      set_fault(c, FaultId::helper_real_key);
      c.summary = fmt::format("apiKeyHelper prints a real-looking {} key ({}): a real credential reached the agent",
                              claude().display, shown);
      c.hint = hint(FaultId::helper_real_key, claude());
      break;
    default:
      if (in_awf) {
        c.status = Status::warn;
        set_fault(c, FaultId::helper_unexpected_value);
        c.summary = fmt::format("apiKeyHelper prints a value that is not awf's placeholder ({})", shown);
        c.hint = hint(FaultId::helper_unexpected_value, claude());
      } else {
        c.status = Status::pass;
        c.summary = fmt::format("apiKeyHelper prints a one-line value ({}; exit 0)", shown);
      }
      break;
  }
  return c;
}

/// Evidence about the variables the script reads; returns the one it most likely echoes as its key.
std::string note_script_variables(Check& c, const std::string& command, const std::string& path,
                                  const EnvSnapshot& env) {
  const auto vars = script_variables(script_text(command, path));
  json jvars = json::array();
  for (const auto& n : vars) {
    auto v = env.get(n);
    jvars.push_back({{"name", n}, {"set", v && !v->empty()}});
  }
  c.evidence["script_variables"] = jvars;
  const std::string echoed = echoed_variable(vars);
  c.evidence["echoed_variable"] = echoed.empty() ? json(nullptr) : json(echoed);
  return echoed;
}

/// The two runs: minimal environment (PATH, HOME) first, then the full one when the first ran to
/// an end.
std::pair<HelperRun, HelperRun> run_both(Check& c, const std::string& command, const ProbeContext& ctx) {
  const EnvSnapshot& env = ctx.spec.env;
  std::vector<std::string> full_env = env.to_envp();
  if (!env.has("HOME")) full_env.push_back("HOME=" + ctx.spec.home);
  HelperRun m = run_once("minimal", command, {kMinimalPath, "HOME=" + ctx.spec.home}, ctx);
  HelperRun f;
  f.label = "full";
  if (m.ran && m.r.started && !m.r.timed_out) f = run_once("full", command, full_env, ctx);
  c.evidence["runs"] = {{"minimal", run_json(m)}, {"full", run_json(f)}};
  c.evidence["minimal_env"] = m.ran ? json(m.value.size()) : json(nullptr);
  c.evidence["full_env"] = f.ran ? json(f.value.size()) : json(nullptr);
  if (m.ran && f.ran) c.evidence["same_output"] = m.value == f.value;
  return {std::move(m), std::move(f)};
}

/// The `error` record when a run could not happen (deadline, /bin/sh not startable), or nullopt.
std::optional<Check> run_error(Check& c, const HelperRun& m, const HelperRun& f) {
  if (m.ran && m.r.started && (!f.ran || f.r.started)) return std::nullopt;
  c.status = Status::error;
  if (!m.ran) {
    c.summary = "the run deadline passed before apiKeyHelper could run";
    c.hint = hint(HintId::helper_deadline, claude());
  } else {
    c.summary = fmt::format("could not start /bin/sh to run apiKeyHelper: {}",
                            !m.r.started ? m.r.spawn_error : f.r.spawn_error);
  }
  return c;
}

// One line longer than the cap, or one value drowned in blank lines: never a key. (A flood of
// several lines is reported as helper-multiline, which also says the output was cut.)
Check flood(Check c, const HelperRun& m, const std::string& command) {
  describe_run(c.evidence, m);
  c.status = Status::fail;
  set_fault(c, FaultId::helper_output_flood);
  c.evidence["value_kind"] = "flood";
  c.summary = fmt::format(
      "apiKeyHelper prints more than {} KiB {} (output cut at 64 KiB){}: a key is never that long", kOutputCap / 1024,
      m.value.empty()                             ? "of blank lines"
      : line_count(m.r.out) <= 1                  ? "on one line"
      : non_empty_lines(m.r.out).size() <= 1      ? "on stdout, one non-empty line among blank ones"
                                                  : "on stdout, line after line",
      m.r.timed_out ? fmt::format(" and was still printing when killed after {} ms", std::lround(m.r.elapsed_ms)) : "");
  c.hint = hint(FaultId::helper_output_flood, claude(), {{"command_q", shell_quote(command)}});
  return c;
}

// Exit 0, nothing on stdout with the minimal environment (case R04).
Check empty_output(Check c, const HelperRun& m, const HelperRun& f, const std::string& command,
                   const std::string& echoed, const EnvSnapshot& env) {
  describe_run(c.evidence, m);
  c.evidence["value_kind"] = "empty";
  set_fault(c, FaultId::helper_empty_output);
  c.status = Status::fail;
  const std::string quoted = shell_quote(command);
  if (f.ran && !f.value.empty()) {
    c.evidence["full_env_value_kind"] =
        non_empty_lines(f.r.out).size() > 1 ? "multiline" : to_string(classify_helper_value(f.value));
    c.summary = fmt::format(
        "apiKeyHelper exits 0 with empty output when run with a minimal environment (PATH, HOME); with the "
        "full environment it prints {} bytes{}",
        f.value.size(), variable_note(echoed, env, true));
    c.hint = hint(HintId::helper_env_dependent, claude(), {{"minimal_path", kMinimalPath}, {"command_q", quoted}});
    return c;
  }
  c.summary = fmt::format("apiKeyHelper exits 0 but did not return a value (empty output){}",
                          variable_note(echoed, env, false));
  c.hint = echoed.empty() || (env.get(echoed) && !env.get(echoed)->empty())
               ? hint(FaultId::helper_empty_output, claude(), {{"command_q", quoted}})
               : hint(HintId::helper_variable_unset, claude(), {{"variable", echoed}, {"command_q", quoted}});
  return c;
}

Check helper_run_check(const ProbeContext& ctx) {
  register_credentials(ctx.spec.env, ctx.secrets);
  Check c;
  const Check& cfg = ctx.dep(std::string(check_id::helper_config));
  if (!cfg.obs.helper_command) {
    c.status = Status::skip;
    c.summary = "no apiKeyHelper that the CLI would run (see helper.config)";
    c.skip_reason = c.summary;
    return c;
  }
  const std::string command = *cfg.obs.helper_command;
  const std::string path = first_word(command);
  const EnvSnapshot& env = ctx.spec.env;
  c.evidence["command"] = command;
  const std::string echoed = note_script_variables(c, command, path, env);
  auto [m, f] = run_both(c, command, ctx);
  if (auto e = run_error(c, m, f)) return *e;
  for (const HelperRun* run : {&m, &f})
    if (run->ran && run->r.started && !run->r.status_known) {
      c.status = Status::error;
      c.summary = fmt::format("could not learn apiKeyHelper's exit status ({})", run->r.wait_error);
      return c;
    }
  // Still printing when it was killed, past 64 KiB: an endless flood (`yes`), not a hang — and a
  // finding even when the run deadline cut it (no key is that long, whatever came next).
  if (m.r.timed_out && m.r.out_truncated) return flood(std::move(c), m, command);
  if (f.ran && f.r.timed_out && f.r.out_truncated) return flood(std::move(c), f, command);
  if (RunFault fm = run_fault(m); fm != RunFault::none) return fail_run(std::move(c), m, f, fm, path, command, ctx);
  if (RunFault ff = f.ran ? run_fault(f) : RunFault::none; ff != RunFault::none)
    return fail_run(std::move(c), f, m, ff, path, command, ctx);
  if (m.r.out_truncated && non_empty_lines(m.r.out).size() <= 1) return flood(std::move(c), m, command);
  if (!m.value.empty()) return classify_output(std::move(c), m, !awf_marker(env).empty());
  return empty_output(std::move(c), m, f, command, echoed, env);
}

}  // namespace

CheckDef helper_run_check_def() {
  CheckDef run{std::string(check_id::helper_run), Link::helper, "apiKeyHelper runs and prints awf's placeholder",
               {std::string(check_id::helper_config)}, helper_run_check};
  run.runs_after_warn = true;
  return run;
}

}  // namespace awf
