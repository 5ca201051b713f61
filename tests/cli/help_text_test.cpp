// Usage errors in the tool's words, one line each, whatever the flag values hold.
#include <catch.hpp>

#include "cli/help_text.hpp"
#include "support/test_support.hpp"

using namespace awf;

TEST_CASE("printable_line escapes control characters so a value cannot forge lines", "[cli][usage]") {
  CHECK(printable_line("plain text") == "plain text");
  CHECK(printable_line("a\r\nb") == "a\\r\\nb");
  CHECK(printable_line("\x1b[31mred") == "\\x1b[31mred");
  CHECK(printable_line(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(printable_line("caf\xc3\xa9") == "caf\xc3\xa9");  // UTF-8 left as it is
}

TEST_CASE("parse_error_text names a flag given twice instead of CLI11's count wording", "[cli][usage]") {
  CHECK(parse_error_text("--timeout: At Most 1 required but received 2") == "--timeout: given 2 times; give it once");
  CHECK(parse_error_text("--mode: x not in {auto,awf}") == "--mode: x not in {auto,awf}");
}

TEST_CASE("a flag given twice and a value with CR LF are usage errors on one line (exit 2)", "[cli][usage]") {
  auto twice = test::run_awf_diag({"check-chain", "--timeout", "5", "--timeout", "6"});
  CHECK(twice.exit_code == 2);
  CHECK(twice.err == "awf-diag: --timeout: given 2 times; give it once (see awf-diag --help)\n");
  auto crlf = test::run_awf_diag({"check-chain", "--mode", "aw\r\nf"});
  CHECK(crlf.exit_code == 2);
  CHECK(crlf.err.find("aw\\r\\nf") != std::string::npos);
  CHECK(crlf.err.find('\r') == std::string::npos);
  CHECK(crlf.err.find('\n') == crlf.err.size() - 1);
  auto cmd = test::run_awf_diag({"chek-chain\x1b[2J"});
  CHECK(cmd.exit_code == 2);
  CHECK(cmd.err.find('\x1b') == std::string::npos);
}

TEST_CASE("--help shows --color's values without CLI11's misleading =always default", "[cli][usage]") {
  auto help = test::run_awf_diag({"check-chain", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--color [WHEN]") != std::string::npos);
  CHECK(help.out.find("=always") == std::string::npos);
}
