#pragma once
// Help text shared by every command: the exit-code legend, `probe LINK --help`, --list-checks.
#include <string>
#include <vector>

#include "core/runner.hpp"

namespace awf {

/// The exit-code legend printed under every command's --help (decisions §1: one meaning each).
const char* exit_codes_text();

/// The footer of `probe --help`: with a link named on the command line (argv[2..]), what that
/// link's checks test; else how to ask for it. Both end with the exit-code legend.
std::string probe_footer(int argc, char** argv);

/// Prints each check (id, link, title, prerequisites) on stdout; kExitOk, or kExitCannotDiagnose
/// when stdout cannot be written.
int print_checks(const std::vector<CheckDef>& defs);

}  // namespace awf
