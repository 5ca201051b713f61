#pragma once
// A shell command line as /bin/sh reads it, without running or expanding anything: the words, which
// of them are variable assignments, and which word is the program. Claude Code runs apiKeyHelper as
// `/bin/sh -c <command>` (docs/domain.md §3), so `VAULT_TOKEN=… /opt/get-key.sh` runs
// /opt/get-key.sh with VAULT_TOKEN in its environment.
//
// Grammar facts used (POSIX.1-2017 XCU §2.9.1 "Simple Commands", §2.10.2 rule 7): the words before
// the command name that are `NAME=VALUE` — NAME an unquoted name ([A-Za-z_][A-Za-z0-9_]*) directly
// followed by an unquoted '=' — are variable assignments; redirections (`2>/dev/null`, `> file`) may
// appear among them; the first other word is the command name. `'A=B' cmd` is not an assignment:
// the quoted word is the command name. `env [-i] [-u NAME] [NAME=VALUE]… program` and `exec program`
// run `program`, so the program is looked for after them too.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace awf {

/// One word of a command line, quotes removed.
struct ShellWord {
  std::string text;
  /// `NAME=VALUE` with NAME valid and unquoted and the '=' unquoted (an assignment when it comes
  /// before the command name; an ordinary argument after it).
  bool assignment_form = false;
  /// The first word after a command separator (`;`, `|`, `&`, newline) or of the whole line.
  bool starts_command = false;
};

/// The words of `command` as /bin/sh would split them: single and double quotes, backslash escapes;
/// no expansion; `;`, `|`, `&` and newlines separate words and commands. Unterminated quotes end at
/// the end of the text. Never throws.
std::vector<ShellWord> shell_split(std::string_view command);

/// shell_split's texts only.
std::vector<std::string> shell_words(std::string_view command);

/// The first simple command of a word list that runs a program: indices of the assignments before
/// that program (also those given to `env`, and those of commands made of assignments only, as in
/// `TOKEN=x; helper`) and of the program word (== words.size() when there is none, e.g. `TOKEN=x`
/// alone); `rest` is the first word after the program.
struct SimpleCommand {
  std::vector<std::size_t> assignments;
  std::size_t program = 0;
  std::size_t rest = 0;
};
SimpleCommand first_simple_command(const std::vector<ShellWord>& words);

/// The program /bin/sh -c would run for `command` (quotes removed), e.g. "/opt/get-key.sh" for
/// `VAULT_TOKEN=x /opt/get-key.sh --json`; "" when the command has none.
std::string command_program(std::string_view command);

}  // namespace awf
