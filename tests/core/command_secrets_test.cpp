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

TEST_CASE("secrets inside a helper command are masked, its program path is not", "[core][redact]") {
  const std::string cmd =
      "/usr/local/bin/fetch-key -H 'X-Vault-Token: s.vaultcanary0001' --api-key=apikeycanary0002 "
      "-u user:passcanary0003 'https://tok:urlcanary0004@vault.test/v1/k?token=querycanary0005' "
      "VAULT_TOKEN=envcanary0006 ghp_test0fake0canary00000000000000000000";
  std::string out = shown(cmd);
  INFO(out);
  CHECK(out.rfind("/usr/local/bin/fetch-key -H", 0) == 0);
  for (const char* canary : {"s.vaultcanary0001", "apikeycanary0002", "passcanary0003", "urlcanary0004",
                             "querycanary0005", "envcanary0006", "ghp_test0fake0canary00000000000000000000"})
    CHECK(out.find(canary) == std::string::npos);
  CHECK(shown("curl -sf -H 'Authorization: Bearer bearercanary0007' https://x.test/").find("bearercanary0007") ==
        std::string::npos);
}

TEST_CASE("a leading assignment is the helper's environment: its value is masked, the program is not",
          "[core][redact]") {
  // new-user test 13 F3: the sweep's leaked forms, and a second example of each kind.
  for (const std::string& cmd :
       {std::string("VAULT_TOKEN=CANARYb1xyz /nonexistent/get-key.sh"), std::string("MY_SECRET='CANARYb1xyz' helper"),
        std::string("ANTHROPIC_VAULT_TOKEN=CANARYb1xyz helper"), std::string("vault_token=CANARYb1xyz helper"),
        std::string("ROLE_ID=CANARYb1xyz /opt/h.sh"), std::string("A=1 VAULT_PASS=\"CANARYb1xyz\" /opt/h.sh --json"),
        std::string("env -i VAULT_TOKEN=CANARYb1xyz /opt/h.sh"), std::string("Creds=CANARYb1xyz 2>/dev/null /opt/h.sh"),
        std::string("'VAULT_TOKEN=CANARYb1xyz' /opt/h.sh"), std::string("SECRET=CANARYb1xyz; /opt/h.sh")}) {
    const std::string out = shown(cmd);
    INFO(cmd << " -> " << out);
    CHECK(out.find("CANARYb1xyz") == std::string::npos);
    CHECK(out.find("[redacted len=11 ") != std::string::npos);
    const std::string program = command_program(cmd);
    if (!program.empty() && program.find('=') == std::string::npos) CHECK(out.find(program) != std::string::npos);
  }
}

TEST_CASE("system variables, paths and URLs in the prefix stay readable", "[core][redact]") {
  const std::string cmd =
      "HOME=/home/runner LANG=en_US.UTF-8 LC_ALL=C.UTF-8 CONFIG=./conf/helper.json "
      "VAULT_ADDR=https://role:CANARYurlpw01@vault.test:8200/v1?ttl=CANARYquery1 /opt/h.sh";
  const std::string out = shown(cmd);
  INFO(out);
  for (const char* kept : {"/home/runner", "en_US.UTF-8", "C.UTF-8", "./conf/helper.json", "vault.test:8200", "/opt/h.sh"})
    CHECK(out.find(kept) != std::string::npos);
  CHECK(out.find("CANARYurlpw01") == std::string::npos);
  CHECK(out.find("CANARYquery1") == std::string::npos);
}
