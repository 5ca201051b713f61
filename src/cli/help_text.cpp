#include "cli/help_text.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "cli/selection_options.hpp"
#include "probes/probes.hpp"
#include "report/report.hpp"

namespace awf {

const char* exit_codes_text() {
  return
    "Exit codes (one meaning each, whatever --output):\n"
    "  0  every check passed (warnings and skips allowed; in check-chain and probe, --fail-on warn\n"
    "     makes a warning give 1)\n"
    "  1  the chain is broken: at least one check failed\n"
    "  2  usage error (unknown flag, bad value)\n"
    "  3  could not diagnose: a check could not run, or an input was unreadable\n";
}

int print_checks(const std::vector<CheckDef>& defs) {
  std::string text = list_checks_text(defs);
  bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  return std::fflush(stdout) == 0 && ok ? kExitOk : kExitCannotDiagnose;
}


// `probe <link> --help` describes that link's checks; plain `probe --help` lists the links.
std::string probe_footer(int argc, char** argv) {
  for (int i = 2; argc > 2 && std::string(argv[1]) == "probe" && i < argc; ++i)
    if (auto link = link_from_string(argv[i])) return link_help_text(*link, all_checks()) + "\n" + exit_codes_text();
  return std::string("`awf-diag probe LINK --help` says what that link's checks test.\n\n") + exit_codes_text();
}

std::string printable_line(std::string_view msg) {
  std::string out;
  out.reserve(msg.size());
  for (unsigned char c : msg) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

std::string parse_error_text(std::string_view what) {
  static constexpr std::string_view kTooMany = "At Most 1 required but received ";
  const auto at = what.find(kTooMany);
  if (at == std::string_view::npos) return std::string(what);
  std::string_view flag = what.substr(0, at);
  while (!flag.empty() && (flag.back() == ' ' || flag.back() == ':')) flag.remove_suffix(1);
  std::string_view count = what.substr(at + kTooMany.size());
  return fmt::format("{}: given {} times; give it once", flag.empty() ? "an option" : flag, count);
}

int usage_error(std::string_view msg, std::string_view help) {
  std::fprintf(stderr, "awf-diag: %s (see %.*s)\n", printable_line(msg).c_str(), static_cast<int>(help.size()),
               help.data());
  return kExitUsage;
}

}  // namespace awf
