// What every command registers for redaction from the environment and the URL flags.
#include <catch.hpp>

#include "cli/secret_sources.hpp"

using namespace awf;

TEST_CASE("a token in a base URL's query string is a secret, in every form", "[cli][redact]") {
  EnvSnapshot env;
  env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9/v1?token=test-query-token-0001&beta=true";
  SecretSet secrets;
  register_env_secrets(env, secrets);
  const std::string shown = redact("GET http://127.0.0.1:9/v1?token=test-query-token-0001&beta=true", secrets);
  CHECK(shown.find("test-query-token-0001") == std::string::npos);
  CHECK(shown.find("beta=true") != std::string::npos);  // short, non-secret values stay readable
}

TEST_CASE("URL flags register their userinfo and query values", "[cli][redact]") {
  std::optional<std::string> base = "http://user:test-flag-password-0001@127.0.0.1:9/?key=test-flag-key-0001";
  std::optional<std::string> none;
  SecretSet secrets;
  register_url_flag_secrets({&base, &none}, secrets);
  const std::string shown = redact("test-flag-password-0001 test-flag-key-0001", secrets);
  CHECK(shown.find("test-flag-password-0001") == std::string::npos);
  CHECK(shown.find("test-flag-key-0001") == std::string::npos);
}
