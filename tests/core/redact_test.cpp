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

TEST_CASE("passwords in URL userinfo are masked wherever a URL appears", "[core][redact]") {
  SecretSet s;
  std::string out = redact("cannot reach Squid at http://proxyuser:hunter2secretpw@127.0.0.1:3128: refused", s);
  CHECK(out.find("hunter2secretpw") == std::string::npos);
  CHECK(out.find("http://proxyuser:[redacted len=15 sha256:") != std::string::npos);
  CHECK(out.find("@127.0.0.1:3128") != std::string::npos);
  CHECK(redact("http://127.0.0.1:3128/x and https://[::1]:443/", s) == "http://127.0.0.1:3128/x and https://[::1]:443/");
  // Idempotent: redacting twice does not re-mask the mask.
  CHECK(redact(out, s) == out);
}
