// helper.run's rule (helper_rules.hpp): the branches over the two runs of the apiKeyHelper.
#include <cmath>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "core/shell_quote.hpp"
#include "rules/agent_credential.hpp"
#include "rules/helper_rules.hpp"

namespace awf {
namespace {

enum class RunFault { none, spawn, timeout, not_found, not_executable, exit_code };

RunFault run_fault(const HelperRunOnce& h) {
  if (!h.started) return RunFault::spawn;
  if (h.timed_out) return RunFault::timeout;
  if (h.exit_code == 127 || (h.exit_code != 0 && h.shell_not_found)) return RunFault::not_found;
  if (h.exit_code == 126) return RunFault::not_executable;
  if (h.exit_code != 0) return RunFault::exit_code;
  return RunFault::none;
}

std::string env_phrase(const std::string& label) {
  return label == "minimal" ? "with a minimal environment (PATH, HOME)" : "with the full environment";
}

std::string_view old_placeholder(const Provider& p) {
  return p.placeholders.size() > 1 ? p.placeholders[1].value : std::string_view();
}

HelperRunVerdict verdict(Outcome o, const HelperRunOnce* decisive = nullptr) {
  HelperRunVerdict v;
  v.outcome = std::move(o);
  v.decisive = decisive;
  return v;
}

/// The hint for a helper that is not found: awf's chroot hides the image's bin dir (domain.md §3,
/// case R02), otherwise the catalog's.
std::string not_found_hint(const HelperRunFacts& f, const Provider& p) {
  if (!f.chroot_hides_path) return hint(FaultId::helper_not_found, p, {{"path_q", shell_quote(f.path)}});
  return hint(HintId::helper_chroot, p, {{"chroot_var", f.chroot_var}, {"image_dir", f.image_dir}, {"path", f.path}});
}

std::string runnable_hint(const HelperRunFacts& f, const Provider& p) {
  const HintArgs path_q{{"path_q", shell_quote(f.path)}};
  switch (f.runnable.kind) {
    case RunnableKind::not_a_program: return hint(HintId::helper_path_not_a_program, p, path_q);
    case RunnableKind::crlf_shebang: return hint(HintId::helper_crlf_shebang, p, path_q);
    case RunnableKind::missing_interpreter:
      return hint(HintId::helper_missing_interpreter, p,
                  {{"interpreter", f.runnable.interpreter}, {"path_q", shell_quote(f.path)}});
    case RunnableKind::none: break;
  }
  return "";
}

HelperRunVerdict fail_run(const HelperRunFacts& f, const HelperRunOnce& bad, const HelperRunOnce& other,
                          RunFault fault, const Provider& p) {
  if (fault == RunFault::timeout && bad.budget_ms < f.helper_timeout_ms) {
    HelperRunVerdict v = verdict(judge_deadline("running apiKeyHelper", f.deadline_ms, p), &bad);
    v.deadline = true;
    return v;
  }
  std::string where;
  if (other.ran && run_fault(other) == RunFault::none)
    where = fmt::format(" when run {}; run {} it exits 0", env_phrase(bad.label), env_phrase(other.label));
  const FaultId id = fault == RunFault::timeout          ? FaultId::helper_timeout
                     : fault == RunFault::not_found      ? FaultId::helper_not_found
                     : fault == RunFault::not_executable ? FaultId::helper_not_executable
                                                         : FaultId::helper_exit_nonzero;
  HelperRunVerdict v;
  v.decisive = &bad;
  Outcome& o = v.outcome;
  o.status = Status::fail;
  o.fault = id;
  o.hint = id == FaultId::helper_not_found
               ? not_found_hint(f, p)
               : hint(id, p, {{"command_q", shell_quote(f.command)}, {"path_q", shell_quote(f.path)}});
  v.chroot = id == FaultId::helper_not_found && f.chroot_hides_path;
  if (id == FaultId::helper_timeout)
    o.summary = fmt::format("apiKeyHelper hung: killed after {} ms{}", bad.budget_ms,
                            bad.label == "full" ? " (run with the full environment)" : "");
  else if (id == FaultId::helper_not_found)
    o.summary = fmt::format("apiKeyHelper command not found (exit {}): {}{}", bad.exit_code, f.path, where);
  else if (id == FaultId::helper_not_executable)
    o.summary = fmt::format("apiKeyHelper command is not executable (exit 126): {}{}", f.path, where);
  else
    o.summary = bad.term_signal ? fmt::format("apiKeyHelper was killed by signal {}{}", bad.term_signal, where)
                                : fmt::format("apiKeyHelper exited {}{}", bad.exit_code, where);
  // The path exists but cannot run: say what it is (a directory, a FIFO, a CRLF #! line, a missing
  // interpreter) instead of "not found" or "chmod" (issue 8 item 14). The chroot reading wins.
  const bool may_explain = (id == FaultId::helper_not_found && !v.chroot) || id == FaultId::helper_not_executable;
  if (may_explain && !f.runnable.what.empty()) {
    v.cause = f.runnable.what;
    o.summary += id == FaultId::helper_not_found ? fmt::format(": the file exists, but {}", f.runnable.what)
                                                 : fmt::format(" ({})", f.runnable.what);
    o.hint = runnable_hint(f, p);
  }
  return v;
}

std::string variable_note(const HelperRunFacts& f, bool only_full) {
  if (f.echoed.empty()) return "";
  if (only_full)
    return f.echoed_set ? fmt::format(" (it reads ${}, which is set only in the full environment)", f.echoed)
                        : fmt::format(" (it reads ${})", f.echoed);
  return f.echoed_set ? fmt::format("; it reads ${}", f.echoed)
                      : fmt::format("; it reads ${}, which is not set in the judged environment", f.echoed);
}

HelperRunVerdict classify_output(const HelperRunFacts& f, const HelperRunOnce& h, const Provider& p) {
  HelperRunVerdict v;
  v.decisive = &h;
  Outcome& o = v.outcome;
  if (h.non_empty_lines > 1) {
    v.value_kind = "multiline";
    o = {Status::fail, FaultId::helper_multiline,
         fmt::format("apiKeyHelper prints {} non-empty lines{}: a key must be one line (a newline inside the {} header "
                     "is invalid)",
                     h.non_empty_lines, h.truncated ? " (output cut at 64 KiB)" : "", p.injected_auth_header),
         hint(FaultId::helper_multiline, p)};
    return v;
  }
  if (h.bad_byte_at) {
    v.value_kind = "binary";
    o = {Status::fail, FaultId::helper_output_binary,
         fmt::format("apiKeyHelper prints a byte no HTTP header value can carry ({} at byte {} of {})",
                     byte_name(h.bad_byte), *h.bad_byte_at, h.value_bytes),
         hint(FaultId::helper_output_binary, p, {{"command_q", shell_quote(f.command)}})};
    return v;
  }
  v.value_kind = to_string(h.value_kind);
  const std::string shown = fmt::format("{} bytes, {}", h.value_bytes, h.value_fingerprint);
  switch (h.value_kind) {
    case HelperValue::placeholder:
      o = {Status::pass, std::nullopt,
           fmt::format("apiKeyHelper returns awf's placeholder {} (exit 0, {} ms)", current_placeholder(p),
                       std::lround(h.elapsed_ms)),
           ""};
      break;
    case HelperValue::old_placeholder:
      o = {Status::warn, FaultId::helper_old_placeholder,
           fmt::format("apiKeyHelper returns the old placeholder {} (awf < v0.25.6, which did not trim keys)",
                       old_placeholder(p)),
           hint(FaultId::helper_old_placeholder, p)};
      break;
    case HelperValue::real_key:
      if (agent_credential_status(f.in_awf, CredentialSource::helper_output) == Status::fail)
        o = {Status::fail, FaultId::helper_real_key,
             fmt::format("apiKeyHelper prints a real-looking {} key ({}): a real credential reached the agent",
                         p.display, shown),
             hint(FaultId::helper_real_key, p)};
      else
        o = {agent_credential_status(false, CredentialSource::helper_output), std::nullopt,
             fmt::format("apiKeyHelper prints a real-looking {} key ({}; exit 0): {}", p.display, shown,
                         kOutsideAwfCredential),
             ""};
      break;
    default:
      if (agent_credential_status(f.in_awf, CredentialSource::helper_output) == Status::fail)
        o = {Status::warn, FaultId::helper_unexpected_value,
             fmt::format("apiKeyHelper prints a value that is not awf's placeholder ({})", shown),
             hint(FaultId::helper_unexpected_value, p)};
      else
        o = {Status::pass, std::nullopt, fmt::format("apiKeyHelper prints a one-line value ({}; exit 0)", shown), ""};
      break;
  }
  return v;
}

// One line longer than the cap, one value drowned in blank lines, or an endless flood killed at the
// timeout: never a key. (A finished flood of several lines is helper-multiline, which also says the
// output was cut.)
HelperRunVerdict flood(const HelperRunFacts& f, const HelperRunOnce& m, const Provider& p) {
  HelperRunVerdict v = verdict(
      {Status::fail, FaultId::helper_output_flood,
       fmt::format("apiKeyHelper prints more than {} KiB {} (output cut at 64 KiB){}: a key is never that long",
                   f.output_cap_bytes / 1024,
                   !m.truncated               ? "on stderr"
                   : m.value_bytes == 0       ? "of blank lines"
                   : m.line_count <= 1        ? "on one line"
                   : m.non_empty_lines <= 1   ? "on stdout, one non-empty line among blank ones"
                                              : "on stdout, line after line",
                   m.flood_killed ? fmt::format(" and was still printing when stopped after 1 MiB ({} ms)",
                                                std::lround(m.elapsed_ms))
                   : m.timed_out  ? fmt::format(" and was still printing when killed after {} ms", std::lround(m.elapsed_ms))
                                  : ""),
       hint(FaultId::helper_output_flood, p, {{"command_q", shell_quote(f.command)}})},
      &m);
  v.value_kind = "flood";
  return v;
}

// Exit 0, nothing on stdout with the minimal environment (case R04).
HelperRunVerdict empty_output(const HelperRunFacts& f, const Provider& p) {
  const HelperRunOnce& m = f.minimal;
  const HelperRunOnce& full = f.full;
  HelperRunVerdict v;
  v.decisive = &m;
  v.value_kind = "empty";
  Outcome& o = v.outcome;
  o.status = Status::fail;
  o.fault = FaultId::helper_empty_output;
  const std::string quoted = shell_quote(f.command);
  if (full.ran && full.value_bytes > 0) {
    v.full_env_value_kind = full.non_empty_lines > 1 ? "multiline" : to_string(full.value_kind);
    o.summary = fmt::format(
        "apiKeyHelper exits 0 with empty output when run with a minimal environment (PATH, HOME); with the full "
        "environment it prints {} bytes{}",
        full.value_bytes, variable_note(f, true));
    o.hint = hint(HintId::helper_env_dependent, p, {{"minimal_path", f.minimal_path}, {"command_q", quoted}});
    return v;
  }
  o.summary = fmt::format("apiKeyHelper exits 0 but did not return a value (empty output){}", variable_note(f, false));
  o.hint = f.echoed.empty() || f.echoed_set
               ? hint(FaultId::helper_empty_output, p, {{"command_q", quoted}})
               : hint(HintId::helper_variable_unset, p, {{"variable", f.echoed}, {"command_q", quoted}});
  return v;
}

}  // namespace

std::string byte_name(unsigned b) { return b == 0 ? "NUL" : fmt::format("0x{:02x}", b); }

HelperRunVerdict judge_helper_run(const HelperRunFacts& f, const Provider& p) {
  if (f.command.empty())
    return verdict({Status::skip, std::nullopt, "no apiKeyHelper that the CLI would run (see helper.config)", ""});
  const HelperRunOnce& m = f.minimal;
  const HelperRunOnce& full = f.full;
  if (!m.ran) return verdict({Status::error, std::nullopt, "the run deadline passed before apiKeyHelper could run",
                              hint(HintId::helper_deadline, p)});
  if (!m.started || (full.ran && !full.started))
    return verdict({Status::error, std::nullopt,
                    fmt::format("could not start /bin/sh to run apiKeyHelper: {}",
                                !m.started ? m.spawn_error : full.spawn_error),
                    ""});
  for (const HelperRunOnce* run : {&m, &full})
    if (run->ran && run->started && !run->status_known)
      return verdict({Status::error, std::nullopt,
                      fmt::format("could not learn apiKeyHelper's exit status ({})", run->wait_error), ""});
  // Still printing when it was killed, past the cap: an endless flood (`yes`), not a hang, and a
  // finding even when the run deadline cut it (no key is that long, whatever came next).
  if (m.flood_killed || (m.timed_out && m.truncated)) return flood(f, m, p);
  if (full.ran && (full.flood_killed || (full.timed_out && full.truncated))) return flood(f, full, p);
  if (RunFault fm = run_fault(m); fm != RunFault::none) return fail_run(f, m, full, fm, p);
  if (RunFault ff = full.ran ? run_fault(full) : RunFault::none; ff != RunFault::none)
    return fail_run(f, full, m, ff, p);
  if (m.truncated && m.non_empty_lines <= 1) return flood(f, m, p);
  if (m.value_bytes > 0) return classify_output(f, m, p);
  return empty_output(f, p);
}

}  // namespace awf
