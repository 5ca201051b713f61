// The program of a helper command as /bin/sh finds it (POSIX XCU §2.9.1: leading NAME=VALUE words
// are assignments, the first other word is the command name; new-user test 13 F3).
#include <catch.hpp>

#include "core/shell_command.hpp"

using namespace awf;

TEST_CASE("shell_words splits like sh without expanding", "[core][shell]") {
  CHECK(shell_words(R"(curl -H 'X-Vault-Token: s.abc def' "a\"b" c\ d)") ==
        std::vector<std::string>{"curl", "-H", "X-Vault-Token: s.abc def", "a\"b", "c d"});
  CHECK(shell_words("a 'unterminated").size() == 2);
}

TEST_CASE("the program is the first word that is not an assignment", "[core][shell]") {
  CHECK(command_program("  /tmp/awf-lib/get-claude-key.sh --x") == "/tmp/awf-lib/get-claude-key.sh");
  CHECK(command_program("VAULT_TOKEN=CANARYb1xyz /nonexistent/get-key.sh") == "/nonexistent/get-key.sh");
  CHECK(command_program("MY_SECRET='X y' helper --json") == "helper");
  CHECK(command_program("vault_token=x A_1=\"q\" _b= /opt/h.sh") == "/opt/h.sh");
  CHECK(command_program("ROLE=r 2>/dev/null TOKEN=t > /tmp/log /opt/h.sh") == "/opt/h.sh");
  CHECK(command_program("env -i -u HOME VAULT_TOKEN=x /usr/local/bin/h") == "/usr/local/bin/h");
  CHECK(command_program("/usr/bin/env VAULT_TOKEN=x h") == "h");
  CHECK(command_program("exec /opt/h.sh") == "/opt/h.sh");
  CHECK(command_program("'/path with space/h.sh' a") == "/path with space/h.sh");
  // Not assignments: a quoted or invalid name makes the word the command name itself.
  CHECK(command_program("'VAULT_TOKEN=x' h") == "VAULT_TOKEN=x");
  CHECK(command_program("1TOKEN=x h") == "1TOKEN=x");
  CHECK(command_program("A-B=x h") == "A-B=x");
  // A command of assignments only, then the program; none at all.
  CHECK(command_program("TOKEN=x; h") == "h");
  CHECK(command_program("h1 a; h2 b") == "h1");
  CHECK(command_program("TOKEN=x").empty());
  CHECK(command_program("").empty());
}

TEST_CASE("assignment words and command starts are marked", "[core][shell]") {
  const auto w = shell_split("A=1 'B=2' C\\=3 D=\"4\" h E=5; F=6 g");
  REQUIRE(w.size() == 8);
  CHECK(w[0].assignment_form);
  CHECK_FALSE(w[1].assignment_form);
  CHECK_FALSE(w[2].assignment_form);
  CHECK(w[3].assignment_form);
  CHECK(w[3].text == "D=4");
  CHECK(w[5].assignment_form);  // an argument of h: first_simple_command does not count it
  CHECK(w[0].starts_command);
  CHECK(w[6].starts_command);
  CHECK_FALSE(w[7].starts_command);
  const SimpleCommand sc = first_simple_command(w);
  CHECK(sc.assignments == std::vector<std::size_t>{0});
  CHECK(sc.program == 1);
  CHECK(sc.rest == 2);
}
