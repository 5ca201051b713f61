#pragma once
// One Claude Code settings file as read (probes/settings_files.hpp reads it): what it declares as
// apiKeyHelper and which variables its `env` block sets. The same struct is the reader's result and
// the observation helper.config and the env checks record (no copy in between).
// Facts: the settings sources and their precedence, domain.md §3 ("Config files": managed
// /etc/claude-code/managed-settings.json > user ~/.claude/settings.json; ~/.claude.json is legacy);
// the CLI applies a file's `env` block to its own process, not to the helper's (§3, §2).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace awf {

/// One settings file as read for apiKeyHelper and its env block.
struct SettingsFile {
  std::string path;
  bool exists = false;
  bool parsed = false;       ///< a JSON object was read
  bool declares = false;     ///< apiKeyHelper is a non-blank string
  bool empty = false;        ///< apiKeyHelper is declared as "" (or blanks only): no command to run
  std::string value;         ///< apiKeyHelper (a command or path; not a secret)
  std::string error;         ///< set when the file exists but cannot be used (see read_small_file, bad JSON)
  bool not_a_file = false;   ///< the error is what the path is (type, size, dangling link), not its content
  bool has_env_block = false;  ///< `env` is a JSON object
  /// The env block's string-valued variables (others are ignored). Values may be credentials: they
  /// are registered as secrets by the reader, and observation_json writes the names only.
  std::map<std::string, std::string> env;

  /// Declares apiKeyHelper at all (a command, or an empty one): this file's setting is the one the
  /// CLI takes when no file of higher precedence declares it.
  bool sets_helper() const { return declares || empty; }

  /// The evidence form: {path, exists, declares, apiKeyHelper (string or null), empty?, error?}.
  nlohmann::json to_json() const {
    nlohmann::json j{{"path", path}, {"exists", exists}, {"declares", declares}};
    j["apiKeyHelper"] = sets_helper() ? nlohmann::json(value) : nlohmann::json(nullptr);
    if (empty) j["empty"] = true;
    if (!error.empty()) j["error"] = error;
    return j;
  }
};

/// Where Claude Code looks for managed settings (domain.md §3); --managed-settings overrides it.
inline constexpr const char* kManagedSettingsPath = "/etc/claude-code/managed-settings.json";

}  // namespace awf
