#include <catch.hpp>

#include "core/command_secrets.hpp"

using namespace awf;

namespace {
std::string shown(const std::string& command) {
  SecretSet s;
  register_command_secrets(command, s);
  return redact(command, s);
}
}  // namespace

TEST_CASE("shell_words splits like sh without expanding", "[core][redact]") {
  CHECK(shell_words(R"(curl -H 'X-Vault-Token: s.abc def' "a\"b" c\ d)") ==
        std::vector<std::string>{"curl", "-H", "X-Vault-Token: s.abc def", "a\"b", "c d"});
  CHECK(shell_words("a 'unterminated").size() == 2);
}

TEST_CASE("secrets inside a helper command are masked, its program path is not", "[core][redact]") {
  const std::string cmd =
      "/usr/local/bin/fetch-key -H 'X-Vault-Token: s.vaultcanary0001' --api-key=apikeycanary0002 "
      "-u user:passcanary0003 'https://tok:urlcanary0004@vault.test/v1/k?token=querycanary0005' "
      "VAULT_TOKEN=envcanary0006 ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out = shown(cmd);
  INFO(out);
  CHECK(out.rfind("/usr/local/bin/fetch-key -H", 0) == 0);
  for (const char* canary : {"s.vaultcanary0001", "apikeycanary0002", "passcanary0003", "urlcanary0004",
                             "querycanary0005", "envcanary0006", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"})
    CHECK(out.find(canary) == std::string::npos);
  CHECK(shown("curl -sf -H 'Authorization: Bearer bearercanary0007' https://x.test/").find("bearercanary0007") ==
        std::string::npos);
}
