#pragma once
// An environment to judge: this process's, an --env-file, or /proc/<pid>/environ of the agent.
// Nothing below the CLI layer calls getenv(): probes read an EnvSnapshot (design.md "ChainSpec").
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awf {

struct EnvSnapshot {
  std::map<std::string, std::string> vars;
  /// Where it came from, for the report: "process", "env-file:<path>", "proc:<pid>".
  std::string source = "process";

  /// Value of `name` if set (an empty value counts as set).
  std::optional<std::string> get(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  /// "KEY=VALUE" strings for execve.
  std::vector<std::string> to_envp() const;
};

/// Snapshot of this process's environment (the CLI layer calls this; probes never do).
EnvSnapshot env_from_process();

/// Parses an env file: one KEY=VALUE per line; blank lines and lines starting with '#' are ignored;
/// an optional leading "export" plus a space or tab is dropped; a value wrapped in matching single or
/// double quotes is unquoted, and inside double quotes the escapes \n \" \\ are decoded (so a key
/// with a trailing newline can be written as "…\n"). A file holding a NUL byte is read as
/// NUL-separated NAME=VALUE entries taken verbatim (/proc/<pid>/environ, `env -0`).
/// Throws std::runtime_error("<path>:<line>: <reason>") on a line without '=' or with an invalid
/// name (the line's text is never quoted: it may hold a credential), when nothing parses (an empty
/// file included), and when the file cannot be read.
EnvSnapshot env_from_file(const std::string& path);

/// Same grammar as env_from_file, from text already in memory (`origin` names it in errors).
EnvSnapshot env_from_text(std::string_view text, const std::string& origin);

}  // namespace awf
