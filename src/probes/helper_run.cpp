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
#include "core/shell_command.hpp"
#include "core/subprocess.hpp"
#include "probes/agent_side.hpp"
#include "probes/awf_env.hpp"
#include "probes/helper_classify.hpp"
#include "probes/helper_hints.hpp"
#include "probes/probe_util.hpp"
#include "probes/settings_files.hpp"
#include "rules/helper_rules.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

constexpr std::size_t kOutputCap = 64 * 1024;
constexpr std::size_t kFloodKill = 1024 * 1024;  ///< bytes on one stream after which the helper is stopped
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
  opts.kill_after_output_bytes = kFloodKill;  // a key is never that long: an endless flood ends here
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

/// The run as an observation: status, timing and the output's shape, never the output.
HelperRunOnce observe_run(const HelperRun& h) {
  HelperRunOnce o;
  o.label = h.label;
  o.ran = h.ran;
  o.budget_ms = h.budget.count();
  if (!h.ran) return o;
  o.started = h.r.started;
  o.spawn_error = h.r.spawn_error;
  o.status_known = h.r.status_known;
  o.wait_error = h.r.wait_error;
  o.exit_code = h.r.exit_code;
  o.term_signal = h.r.term_signal;
  o.timed_out = h.r.timed_out;
  o.flood_killed = h.r.flood_killed;
  o.elapsed_ms = h.r.elapsed_ms;
  o.shell_not_found = shell_says_not_found(h.r.err);
  o.value_bytes = h.value.size();
  o.raw_bytes = h.r.out.size();
  o.truncated = h.r.out_truncated;
  o.trailing_newline = !h.r.out.empty() && h.r.out.back() == '\n';
  o.line_count = line_count(h.r.out);
  o.non_empty_lines = non_empty_lines(h.r.out).size();
  o.stderr_lines = non_empty_lines(h.r.err).size();
  o.value_kind = classify_helper_value(h.value);
  if (std::size_t bad = first_non_header_byte(h.value); bad != std::string::npos) {
    o.bad_byte_at = bad;
    o.bad_byte = static_cast<unsigned char>(h.value[bad]);
  }
  if (!h.value.empty()) o.value_fingerprint = fingerprint(h.value);
  return o;
}

json run_json(const HelperRun& h) {
  if (!h.ran) return {{"ran", false}};
  json j{{"ran", true},
         {"exit_code", h.r.exit_code},
         {"timed_out", h.r.timed_out},
         {"flood_killed", h.r.flood_killed},
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

/// The variables the script reads (names only), and the one it most likely echoes as its key.
void note_script_variables(Check& c, HelperRunFacts& f, const EnvSnapshot& env) {
  const auto vars = script_variables(script_text(f.command, f.path));
  json jvars = json::array();
  for (const auto& n : vars) {
    auto v = env.get(n);
    const bool set = v && !v->empty();
    jvars.push_back({{"name", n}, {"set", set}});
    f.script_vars.push_back({n, set});
  }
  c.evidence["script_variables"] = jvars;
  f.echoed = echoed_variable(vars);
  auto ev = f.echoed.empty() ? std::nullopt : env.get(f.echoed);
  f.echoed_set = ev && !ev->empty();
  c.evidence["echoed_variable"] = f.echoed.empty() ? json(nullptr) : json(f.echoed);
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
  if (m.ran && m.r.started && !m.r.timed_out && !m.r.flood_killed) f = run_once("full", command, full_env, ctx);
  c.evidence["runs"] = {{"minimal", run_json(m)}, {"full", run_json(f)}};
  c.evidence["minimal_env"] = m.ran ? json(m.value.size()) : json(nullptr);
  c.evidence["full_env"] = f.ran ? json(f.value.size()) : json(nullptr);
  if (m.ran && f.ran) c.evidence["same_output"] = m.value == f.value;
  return {std::move(m), std::move(f)};
}

/// awf's chroot hides the image's bin dir (domain.md §3, case R02): `path` lies there and the chroot
/// variable is "true".
void observe_chroot(HelperRunFacts& f, const EnvSnapshot& env) {
  const AwfFacts& awf = awf_facts();
  const std::string image_dir(awf.helper_image_path.substr(0, awf.helper_image_path.rfind('/') + 1));
  auto chroot = env.get(awf.chroot_var);
  f.chroot_var = std::string(awf.chroot_var);
  f.image_dir = image_dir.substr(0, image_dir.size() - 1);
  f.chroot_hides_path = f.path.rfind(image_dir, 0) == 0 && chroot && *chroot == "true";
}

Check helper_run_check(const ProbeContext& ctx) {
  register_credentials(ctx.spec.env, ctx.secrets);
  Check c;
  HelperRunFacts facts;
  facts.helper_timeout_ms = kHelperTimeout.count();
  facts.deadline_ms = ctx.spec.timeout.count();
  facts.minimal_path = kMinimalPath;
  facts.output_cap_bytes = kOutputCap;
  const Check& cfg = ctx.dep(std::string(check_id::helper_config));
  if (!cfg.obs.helper_command) {
    apply(c, judge_helper_run(facts, claude()).outcome);
    c.skip_reason = c.summary;
    c.obs.helper_run = std::move(facts);
    return c;
  }
  const std::string command = *cfg.obs.helper_command;
  const EnvSnapshot& env = ctx.spec.env;
  facts.command = command;
  facts.path = command_program(command);  // after any `NAME=VALUE` prefix (sh grammar)
  facts.in_awf = agent_in_awf(ctx);        // the run's topology (rules/agent_credential.hpp)
  c.evidence["command"] = command;
  note_script_variables(c, facts, env);
  observe_chroot(facts, env);
  auto [m, f] = run_both(c, command, ctx);
  facts.minimal = observe_run(m);
  facts.full = observe_run(f);
  // Only the path's type and #! line, and only when a run failed (what "not found" or 126 may mean).
  if ((m.ran && m.r.exit_code != 0) || (f.ran && f.r.exit_code != 0)) facts.runnable = runnable_problem(facts.path);
  const HelperRunVerdict v = judge_helper_run(facts, claude());
  if (v.decisive) describe_run(c.evidence, v.decisive == &facts.minimal ? m : f);
  if (v.deadline) c.evidence["deadline_ms"] = facts.deadline_ms;
  if (v.chroot) c.evidence["chroot"] = true;
  if (!v.cause.empty()) c.evidence["cause"] = v.cause;
  if (!v.value_kind.empty()) c.evidence["value_kind"] = v.value_kind;
  if (!v.full_env_value_kind.empty()) c.evidence["full_env_value_kind"] = v.full_env_value_kind;
  apply(c, v.outcome);
  // What Claude Code would send (it runs the helper in its own, full environment): the later probes on
  // the client's route send it outside awf mode (probes/client_route.hpp).
  for (const HelperRun* run : {&f, &m})
    if (run->ran && run->r.started && run->r.status_known && run->r.exit_code == 0 && !run->r.timed_out &&
        !run->r.flood_killed && !run->value.empty()) {
      c.route_secret = run->value;
      break;
    }
  c.obs.helper_run = std::move(facts);
  return c;
}

}  // namespace

CheckDef helper_run_check_def() {
  CheckDef run{std::string(check_id::helper_run), Link::helper, "apiKeyHelper runs and prints awf's placeholder",
               {std::string(check_id::helper_config)}, helper_run_check};
  run.runs_after_warn = true;
  return run;
}

}  // namespace awf
