#include <catch.hpp>

#include "core/redact.hpp"

using namespace awf;

TEST_CASE("registered secrets are replaced by length and fingerprint", "[core][redact]") {
  SecretSet s;
  s.add("test-real-anthropic-key-0001\n");
  std::string out = redact("x-api-key: test-real-anthropic-key-0001 end", s);
  CHECK(out.find("test-real-anthropic-key-0001") == std::string::npos);
  CHECK(out.find("[redacted len=28 sha256:") != std::string::npos);
  CHECK(fingerprint("abc") == "sha256:ba7816bf8f01");
}

TEST_CASE("public placeholders are shown, real-shaped keys masked", "[core][redact]") {
  SecretSet s;
  s.add("sk-ant-placeholder-key-for-credential-isolation");
  CHECK(s.values().empty());
  std::string text = "a sk-ant-placeholder-key-for-credential-isolation b sk-ant-api03-test-canary-0001 c";
  std::string out = redact(text, s);
  CHECK(out.find("sk-ant-placeholder-key-for-credential-isolation") != std::string::npos);
  CHECK(out.find("sk-ant-api03-test-canary-0001") == std::string::npos);
  CHECK(describe_secret("placeholder-token-for-credential-isolation")["placeholder"] == true);
  CHECK_FALSE(describe_secret("test-real-anthropic-key-0001").contains("value"));
}

TEST_CASE("redact_json walks keys and values", "[core][redact]") {
  SecretSet s;
  s.add("test-real-anthropic-key-0001");
  nlohmann::json j = {{"a", {"test-real-anthropic-key-0001", 3}},
                      {"test-real-anthropic-key-0001", {{"b", "pre test-real-anthropic-key-0001"}}}};
  redact_json(j, s);
  CHECK(j.dump().find("test-real-anthropic-key-0001") == std::string::npos);
}
