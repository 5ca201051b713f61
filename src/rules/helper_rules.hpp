#pragma once
// Helper rules: from what the settings files declare and how the apiKeyHelper ran
// (observe/helper_facts.hpp) to helper.config's and helper.run's status, fault and words. The
// probes (probes/helper_config.cpp, probes/helper_run.cpp) only read files and run the command.
// Facts: domain.md §3 (which file the CLI >= 2.1.81 reads, the helper's minimal environment, the
// placeholders), cases R02 (chroot hides /usr/local/bin), R03 (legacy file only), R04 (empty output
// with a minimal environment); exit 127/126 from sh(1); RFC 9110 §5.5 (header field values).
#include <string>

#include "observe/helper_facts.hpp"
#include "rules/check_rules.hpp"

namespace awf {

/// helper.config: the managed settings first (an unreadable file: error; declared there: pass, warn
/// `helper-managed-overrides` when settings.json names another command, fail when empty); then home
/// missing or a file unreadable (error); declared in settings.json (pass, or warn
/// when ~/.claude.json disagrees); declared empty (fail); only in ~/.claude.json (fail without another
/// credential, else warn); nowhere (fail when awf's helper signal is set, else skip).
Outcome judge_helper_config(const HelperConfigFacts& f, const Provider& p);

/// helper.run's decision plus what the probe records beside it for people.
struct HelperRunVerdict {
  Outcome outcome;
  const HelperRunOnce* decisive = nullptr;  ///< the run that decided (evidence describes it), or none
  std::string value_kind;           ///< evidence.value_kind ("" = not recorded)
  std::string full_env_value_kind;  ///< evidence.full_env_value_kind ("" = not recorded)
  bool chroot = false;              ///< the chroot reading explains "not found"
  std::string cause;                ///< why an existing path cannot run (RunnableFacts::what) when used
  bool deadline = false;            ///< an `error`: the run deadline cut the helper's wait
};

/// helper.run: no command (skip); no run possible or exit status unknown (error); the first failing
/// run (minimal environment first) decides timeout / not found / not executable / exit code; then the
/// minimal run's output: flood, several lines, a byte no header can carry, the value's kind, empty.
HelperRunVerdict judge_helper_run(const HelperRunFacts& f, const Provider& p);

/// "NUL", "0x0b", "0xff" … for a byte.
std::string byte_name(unsigned b);

}  // namespace awf
