#pragma once
// Help text shared by every command: the exit-code legend, `probe LINK --help`, --list-checks.
#include <string>
#include <string_view>
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

/// `msg` fit for one line of a terminal: control characters (CR, LF, ESC …) from flag values are
/// shown escaped (\r, \n, \x1b), so a value cannot forge or hide lines of the message.
std::string printable_line(std::string_view msg);

/// A CLI11 parse error in the tool's words: "--timeout: given 2 times; give it once" for
/// CLI11's "At Most 1 required but received 2"; other messages unchanged.
std::string parse_error_text(std::string_view cli11_what);

/// Prints "awf-diag: <msg> (see <help>)" on stderr through printable_line; returns kExitUsage (2).
/// The caller redacts `msg` first when it may hold a secret.
int usage_error(std::string_view msg, std::string_view help = "awf-diag --help");

}  // namespace awf
