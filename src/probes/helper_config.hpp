#pragma once
// helper.config: which settings files declare apiKeyHelper (~/.claude/settings.json, the file
// Claude Code >= 2.1.81 reads, and the legacy ~/.claude.json; domain.md §3; cases R02, R03).
#include "core/runner.hpp"

namespace awf {

CheckDef helper_config_check();

}  // namespace awf
