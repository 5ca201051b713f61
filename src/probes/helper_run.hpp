#pragma once
// helper.run: runs the apiKeyHelper that helper.config found, the way the client runs it, and
// classifies its exit status and output (domain.md §3; cases R02, R04).
#include "core/runner.hpp"

namespace awf {

CheckDef helper_run_check_def();

}  // namespace awf
