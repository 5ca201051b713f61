// Secrets that come back re-encoded or cut (core/redact.hpp: base64 cores, partial echoes; new-user
// test F10): a peer that reflects `x-api-key` / `Authorization` in base64, percent-encoded base64, or
// with a few characters dropped must not print the credential.
#include <catch.hpp>

#include <string>

#include "core/redact.hpp"

using namespace awf;

namespace {

constexpr const char* kKey = "test-real-anthropic-key-0001";

std::string url_safe(std::string s) {
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

/// True when `text` still holds `run` consecutive bytes of `secret`.
bool holds_run(const std::string& text, const std::string& secret, std::size_t run) {
  for (std::size_t o = 0; o + run <= secret.size(); ++o)
    if (text.find(secret.substr(o, run)) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("base64 of a secret is masked at every alignment and in every alphabet", "[core][redact]") {
  SecretSet s;
  s.add(kKey);
  for (const std::string prefix : {"", "u", "us", "user:", "Bearer ", "x"}) {
    const std::string b = base64(prefix + kKey + "\n");
    for (const std::string& form : {b, url_safe(b), url_encode(b)}) {
      INFO(prefix << " -> " << form);
      const std::string out = redact("the gateway said: " + form + " was refused", s);
      CHECK(out.find("[redacted") != std::string::npos);
      // Only the few edge characters that mix in the neighbouring bytes may remain.
      const std::string core = base64(std::string(prefix.size() % 3, 'z') + kKey).substr(8, 12);
      CHECK(out.find(core) == std::string::npos);
    }
  }
}

TEST_CASE("most of a secret echoed back is masked, the whole run", "[core][redact]") {
  SecretSet s;
  s.add(kKey);
  const std::string key = kKey;
  for (const std::string& echo : {key.substr(1), key.substr(0, key.size() - 3), key.substr(2, key.size() - 4),
                                  key.substr(0, 21)}) {
    INFO(echo);
    const std::string out = redact("invalid x-api-key '" + echo + "'", s);
    CHECK(out.find("[redacted len=28 ") != std::string::npos);
    CHECK_FALSE(holds_run(out, key, 8));
    CHECK(out.rfind("invalid x-api-key '", 0) == 0);
    CHECK(out.back() == '\'');
  }
}

TEST_CASE("short fragments and unrelated text are left alone", "[core][redact]") {
  SecretSet s;
  s.add(kKey);
  s.add("short-secret-15");  // below kMinWindowBytes: exact matches only
  CHECK(redact("test-real-anthropic is the prefix", s) == "test-real-anthropic is the prefix");
  CHECK(redact("short-secret-1 is not it", s) == "short-secret-1 is not it");
  CHECK(redact("the api-proxy answered HTTP 401 authentication_error", s) ==
        "the api-proxy answered HTTP 401 authentication_error");
  CHECK(redact("short-secret-15", s).find("[redacted") == 0);
}
