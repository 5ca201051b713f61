#pragma once
// env.settings_env: the `env` blocks of the settings sources, managed
// (/etc/claude-code/managed-settings.json, --managed-settings) then ~/.claude/settings.json
// (probes/settings_sources.hpp). Claude Code applies them to its own process environment (domain.md
// §2 and §3: "values from a settings-file env block are not in the helper's environment" — but they
// are in the CLI's), so a credential or base URL set there counts like one in the agent's
// environment; the managed block wins over the user's.
#include "core/runner.hpp"

namespace awf {

/// Definition of env.settings_env (link env, no prerequisites).
CheckDef env_settings_check();

}  // namespace awf
