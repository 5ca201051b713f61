#pragma once
// Claude Code's settings sources in precedence order, and the environment the client really runs
// with. Sources (domain.md §3 "Config files"): managed (ChainSpec::managed_settings, default
// /etc/claude-code/managed-settings.json) > user (<home>/.claude/settings.json). The legacy
// ~/.claude.json is read by helper.config only: it has no `env` block the CLI applies.
// The client applies each file's `env` block to its own process (domain.md §2, §3), so the
// variables it uses are the judged environment overlaid by the user file's block, then by the
// managed file's (the higher precedence wins). The apiKeyHelper's environment is NOT overlaid
// (§3: "values from a settings-file env block are not in the helper's environment"), and a variable
// Node reads once at start (NODE_EXTRA_CA_CERTS, §2) is set too late by a block.
#include <map>
#include <string>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/redact.hpp"
#include "observe/settings_facts.hpp"

namespace awf::probe_detail {

/// The settings files that carry an `env` block the CLI applies, highest precedence first.
struct SettingsSources {
  SettingsFile managed;  ///< spec.managed_settings
  SettingsFile user;     ///< <home>/.claude/settings.json

  /// {&managed, &user}: highest precedence first.
  std::vector<const SettingsFile*> by_precedence() const { return {&managed, &user}; }
};

/// Reads both files (read_settings: credential values in their env blocks are registered in
/// `secrets` first). Never throws; a file that cannot be used carries its `error`.
SettingsSources read_settings_sources(const ChainSpec& spec, SecretSet& secrets);

/// The environment the client runs with.
struct ClientEnv {
  EnvSnapshot env;                            ///< the judged environment overlaid by the env blocks
  std::map<std::string, std::string> from;    ///< variable -> the settings file whose block set it
};

/// `process` overlaid by each usable file's env block, lowest precedence first, so the managed
/// file's value wins. A file with an error contributes nothing.
ClientEnv client_env(const EnvSnapshot& process, const SettingsSources& sources);

/// read_settings_sources + client_env for a probe: what the env.* checks judge.
ClientEnv judged_client_env(const ChainSpec& spec, SecretSet& secrets);

/// The base URL default follows the client: when no --base-url was given and a settings env block
/// sets the base URL variable (non-empty), spec.base_url takes the block's value (managed first) and
/// spec.origin["base_url"] becomes "settings:<path>". Also registers the blocks' credentials early.
void apply_settings_base_url(ChainSpec& spec, SecretSet& secrets);

}  // namespace awf::probe_detail
