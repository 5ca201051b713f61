#pragma once
// Observations of the apiKeyHelper (helper.* checks): what the settings files declare, and how the
// declared command ran: exit status, timing, the shape of its output (sizes, line counts, a kind,
// the first byte no header can carry), never the output itself. No cause is decided here
// (rules/helper_rules.hpp does that).
// Facts: the settings files (managed > user; legacy ~/.claude.json) and the helper's environment,
// domain.md §3 (cases R02, R03, R04);
// execve(2)'s #! handling; RFC 9110 §5.5 (header field values).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "observe/settings_facts.hpp"

namespace awf {

/// What helper.config saw.
struct HelperConfigFacts {
  std::string home;
  bool home_missing = false;        ///< home does not exist or is not a directory
  std::string home_origin;          ///< "flag", "env:HOME", … ("" = the default)
  SettingsFile managed;             ///< /etc/claude-code/managed-settings.json (highest precedence)
  SettingsFile settings;            ///< ~/.claude/settings.json (what the CLI >= 2.1.81 reads)
  SettingsFile legacy;              ///< ~/.claude.json
  std::string signal_var;           ///< the variable awf sets to ask for a helper
  std::optional<std::string> signal;  ///< its value (a path, not a secret) when set
  std::vector<std::string> other_credentials;  ///< credential variables set and non-empty, in precedence order

  /// The file whose apiKeyHelper setting the CLI takes (domain.md §3: managed > settings.json; the
  /// legacy file is not read by the CLI >= 2.1.81), or nullptr when neither declares one.
  const SettingsFile* effective() const {
    if (managed.sets_helper()) return &managed;
    if (settings.sets_helper()) return &settings;
    return nullptr;
  }
};

/// What the helper printed, as a kind (never the value). Order of the checks in helper.run: one line
/// before the byte check before the value.
enum class HelperValue { empty, placeholder, old_placeholder, real_key, other };
/// "empty", "placeholder", "old-placeholder", "real-key", "other".
const char* to_string(HelperValue v);

/// Why a helper path that exists still cannot run (found by reading its type and #! line only).
enum class RunnableKind { none, not_a_program, crlf_shebang, missing_interpreter };
struct RunnableFacts {
  RunnableKind kind = RunnableKind::none;
  std::string what;         ///< e.g. "its #! line ends in a carriage return (CRLF line endings), …"
  std::string interpreter;  ///< missing_interpreter: the #! interpreter path
};

/// One execution of the helper. `label` is "minimal" (PATH and HOME only: what the CLI gives the
/// helper per case R04) or "full" (the judged environment).
struct HelperRunOnce {
  std::string label;
  bool ran = false;                 ///< false: the deadline left no time, or an earlier run failed
  long long budget_ms = 0;          ///< the wait it was given (min of the helper timeout and time left)
  bool started = false;
  std::string spawn_error;
  bool status_known = false;
  std::string wait_error;
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  bool flood_killed = false;        ///< killed once stdout or stderr passed 1 MiB (never a key)
  double elapsed_ms = 0;
  bool shell_not_found = false;     ///< stderr has the shell's "<cmd>: not found" line
  std::size_t value_bytes = 0;      ///< trimmed stdout: what the CLI would use
  std::size_t raw_bytes = 0;        ///< stdout as read
  bool truncated = false;           ///< stdout cut at the output cap
  bool trailing_newline = false;
  std::size_t line_count = 0;       ///< lines in stdout
  std::size_t non_empty_lines = 0;  ///< non-blank lines in stdout
  std::size_t stderr_lines = 0;     ///< non-blank lines in stderr
  HelperValue value_kind = HelperValue::empty;
  std::optional<std::size_t> bad_byte_at;  ///< first byte a header value cannot carry
  unsigned bad_byte = 0;                   ///< its value (0..255)
  std::string value_fingerprint;    ///< "sha256:…" of the trimmed value (redact.hpp), "" when empty
};

/// A `$NAME` the helper script reads, and whether the judged environment sets it.
struct ScriptVar {
  std::string name;
  bool set = false;
};

/// What helper.run saw.
struct HelperRunFacts {
  std::string command;                 ///< as declared
  std::string path;                    ///< its first word
  std::vector<ScriptVar> script_vars;
  std::string echoed;                  ///< the variable it most likely echoes as its key, "" = none
  bool echoed_set = false;
  HelperRunOnce minimal, full;
  bool in_awf = false;                 ///< an awf marker is set
  bool chroot_hides_path = false;      ///< the path is under the image's bin dir and awf's chroot is on
  std::string chroot_var, image_dir;   ///< for the chroot hint
  RunnableFacts runnable;              ///< filled for a path that exists (see RunnableKind)
  long long helper_timeout_ms = 0;     ///< the helper's own wait limit
  long long deadline_ms = 0;           ///< the run's --timeout
  std::string minimal_path;            ///< the PATH of the minimal run ("PATH=…")
  std::size_t output_cap_bytes = 0;    ///< stdout is cut at this many bytes
};

}  // namespace awf
