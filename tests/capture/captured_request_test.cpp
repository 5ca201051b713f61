// What capture keeps of a request: the auth scheme, credential classes by the provider row, and never a
// credential value (issue 10 point 2).
#include <catch.hpp>

#include "capture/captured_request.hpp"
#include "core/redact.hpp"

using namespace awf;
using namespace awf::capture;

namespace {

RawRequest req(std::vector<std::pair<std::string, std::string>> headers, std::string body = "") {
  RawRequest r;
  r.outcome = Outcome::complete;
  r.method = "POST";
  r.target = "/v1/messages?beta=true";
  r.version = "HTTP/1.1";
  r.headers = std::move(headers);
  r.body = body;
  r.body_bytes = body.size();
  return r;
}

const Provider& anthropic() { return providers().front(); }

}  // namespace

TEST_CASE("capture: auth scheme from the credential headers", "[capture]") {
  CHECK(auth_scheme_of(req({{"x-api-key", "a"}})) == "x-api-key");
  CHECK(auth_scheme_of(req({{"Authorization", "Bearer a"}})) == "bearer");
  CHECK(auth_scheme_of(req({{"X-Api-Key", "a"}, {"authorization", "bearer b"}})) == "both");
  CHECK(auth_scheme_of(req({{"Authorization", "Basic a"}})) == "other");
  CHECK(auth_scheme_of(req({{"content-type", "application/json"}})) == "none");
}

TEST_CASE("capture: credential classes come from the provider row", "[capture]") {
  CHECK(credential_class("sk-ant-placeholder-key-for-credential-isolation", anthropic()) == "current_placeholder");
  CHECK(credential_class("placeholder-token-for-credential-isolation", anthropic()) == "old_placeholder");
  CHECK(credential_class("sk-ant-api03-test-real-anthropic-key-0001", anthropic()) == "real_key_shaped");
  CHECK(credential_class("test-auth-token-0001", anthropic()) == "other");
}

TEST_CASE("capture: the record names every header but keeps no credential value", "[capture]") {
  const std::string token = "test-auth-token-0001";
  const std::string key = "sk-ant-api03-test-real-anthropic-key-0001";
  auto r = req({{"Accept", "application/json"},
                {"anthropic-version", "2023-06-01"},
                {"x-api-key", key},
                {"User-Agent", "claude-cli/2.1.88 (external, sdk-cli)"},
                {"Authorization", "Bearer " + token},
                {"anthropic-beta", "claude-code-20250219, interleaved-thinking-2025-05-14"}},
               R"({"model":"m","stream":true})");
  CapturedRequest c = summarise(r, anthropic());
  CHECK(c.header_names == std::vector<std::string>{"Accept", "anthropic-version", "x-api-key", "User-Agent",
                                                   "Authorization", "anthropic-beta"});
  CHECK(c.auth_scheme == "both");
  CHECK(c.anthropic_version == "2023-06-01");
  CHECK(c.anthropic_beta == std::vector<std::string>{"claude-code-20250219", "interleaved-thinking-2025-05-14"});
  CHECK(c.user_agent == "claude-cli/2.1.88 (external, sdk-cli)");
  CHECK(c.stream == true);
  REQUIRE(c.credentials.size() == 2);
  CHECK(c.credentials[0].value_class == "real_key_shaped");
  CHECK(c.credentials[0].fingerprint == fingerprint(key));
  CHECK(c.credentials[1].scheme == "Bearer");
  CHECK(c.credentials[1].fingerprint == fingerprint(token));
  CHECK(c.credentials[1].length == token.size());
  const std::string dumped = to_json(c).dump();
  CHECK(dumped.find(token) == std::string::npos);
  CHECK(dumped.find(key) == std::string::npos);
}

TEST_CASE("capture: a credential in the query (`?key=`) is masked in the recorded path, short values kept",
          "[capture]") {
  const std::string key = "test-real-anthropic-key-0001";
  auto r = req({{"content-type", "application/json"}});
  r.target = "/v1/messages?beta=true&key=" + key + "&token=" + url_encode(key) + "#frag";
  CapturedRequest c = summarise(r, anthropic());
  INFO(c.path_query);
  CHECK(c.path_query.rfind("/v1/messages?beta=true&key=[redacted len=28 ", 0) == 0);
  const std::string dumped = to_json(c).dump();
  CHECK(dumped.find(key) == std::string::npos);
  CHECK(dumped.find(url_encode(key)) == std::string::npos);
  r.target = "/v1/messages?beta=true";
  CHECK(summarise(r, anthropic()).path_query == "/v1/messages?beta=true");
}

TEST_CASE("capture: a key in a path segment or after '#' is masked, remembered and never recorded raw",
          "[capture][secrets]") {
  const std::string in_path = "test-real-anthropic-key-0008";
  const std::string in_fragment = "test-real-anthropic-key-0007";
  const std::string shaped = "sk-ant-api03-pathcanary0009";
  auto r = req({{"content-type", "application/json"}});
  r.target = "/v1/" + in_path + "/messages?x=1#key=" + in_fragment;
  SecretSet secrets;
  CapturedRequest c = summarise(r, anthropic(), &secrets);
  INFO(c.path_query);
  CHECK(c.path_query.rfind("/v1/[redacted len=28 ", 0) == 0);
  CHECK(c.path_query.find("/messages?x=1#[fragment removed: 32 bytes]") != std::string::npos);
  const std::string dumped = to_json(c).dump();
  for (const auto& v : {in_path, in_fragment}) {
    CHECK(dumped.find(v) == std::string::npos);
    CHECK(redact("seen: " + v, secrets).find(v) == std::string::npos);  // any other output is redacted too
  }
  r.target = "/v1/" + shaped + "/messages";
  c = summarise(r, anthropic(), &secrets);
  REQUIRE(c.credentials.size() == 1);
  CHECK(c.credentials[0].header == "path");
  CHECK(c.credentials[0].value_class == "real_key_shaped");
  CHECK(sent_real_credential(c));
  // API words and short segments stay readable.
  r.target = "/v1/messages/count_tokens?beta=true";
  CHECK(summarise(r, anthropic()).path_query == "/v1/messages/count_tokens?beta=true");
}

namespace {

// Obvious fakes, shaped like real keys (the Anthropic row's `sk-ant-` prefix, the Copilot row's `gho_`
// token shape), with '+', '/' and '=' so the URL-encoded form differs from the raw one.
const std::string kCanary = "sk-ant-api03-test+fake/canary=0001";
const std::string kToken = "gho_test0fake0canary/token+0002";

std::vector<std::string> forms(const std::string& v) {
  return {v, url_encode(v), url_encode(v, true), base64("agent:" + v), base64(v), base64(v + ":x")};
}

}  // namespace

TEST_CASE("capture: a real-key-shaped value is found raw, in Authorization: Basic and URL-encoded in the query",
          "[capture][secrets]") {
  for (const std::string& secret : {kCanary, kToken}) {
    INFO(secret);
    SECTION("raw x-api-key / Bearer") {
      SecretSet s;
      auto c = summarise(req({{"x-api-key", secret}, {"Authorization", "Bearer " + secret}}), anthropic(), &s);
      REQUIRE(c.credentials.size() == 2);
      CHECK(c.credentials[0].value_class == "real_key_shaped");
      CHECK(c.credentials[1].value_class == "real_key_shaped");
      CHECK(sent_real_credential(c));
      for (const auto& f : forms(secret)) CHECK(to_json(c).dump().find(f) == std::string::npos);
      CHECK(redact("echoed: " + secret + " " + url_encode(secret), s).find(secret) == std::string::npos);
    }
    SECTION("Authorization: Basic base64(user:password)") {
      SecretSet s;
      const std::string basic = base64("agent:" + secret);
      auto c = summarise(req({{"Authorization", "Basic " + basic}}), anthropic(), &s);
      REQUIRE(c.credentials.size() == 2);
      CHECK(c.credentials[0].scheme == "Basic user");
      CHECK(c.credentials[0].value_class == "other");
      CHECK(c.credentials[1].scheme == "Basic password");
      CHECK(c.credentials[1].value_class == "real_key_shaped");
      CHECK(c.credentials[1].fingerprint == fingerprint(secret));
      CHECK(sent_real_credential(c));
      const std::string dumped = to_json(c).dump();
      for (const auto& f : forms(secret)) CHECK(dumped.find(f) == std::string::npos);
      const std::string echoed = redact("upstream said: Basic " + basic + " / " + secret, s);
      CHECK(echoed.find(basic) == std::string::npos);
      CHECK(echoed.find(secret) == std::string::npos);
    }
    SECTION("URL-encoded in a query parameter") {
      SecretSet s;
      auto r = req({});
      r.target = "/v1/messages?beta=true&key=" + url_encode(secret);
      auto c = summarise(r, anthropic(), &s);
      REQUIRE(c.credentials.size() == 1);
      CHECK(c.credentials[0].header == "query:key");
      CHECK(c.credentials[0].value_class == "real_key_shaped");
      CHECK(c.path_query.rfind("/v1/messages?beta=true&key=[redacted len=", 0) == 0);
      const std::string dumped = to_json(c).dump();
      for (const auto& f : forms(secret)) CHECK(dumped.find(f) == std::string::npos);
      CHECK(redact(r.target, s).find(url_encode(secret)) == std::string::npos);
    }
  }
}

TEST_CASE("capture: placeholders and short or unshaped values are not real credentials", "[capture][secrets]") {
  for (const char* v : {"sk-ant-placeholder-key-for-credential-isolation", "ghu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                        "sk-ant-short", "test-real-anthropic-key-0001", "sk-placeholder-for-api-proxy"}) {
    INFO(v);
    CHECK(credential_class(v, anthropic()) != "real_key_shaped");
  }
  auto r = req({{"Authorization", "Basic " + base64("user:not-a-key")}});
  r.target = "/v1/messages?beta=true&limit=20";
  auto c = summarise(r, anthropic());
  CHECK_FALSE(sent_real_credential(c));
  CHECK(c.path_query == "/v1/messages?beta=true&limit=20");
}

TEST_CASE("capture: kept header values line by line, repeats apart, bytes outside ASCII escaped (new-user F11)",
          "[capture]") {
  CapturedRequest c = summarise(req({{"anthropic-beta", "a1"},
                                     {"anthropic-beta", "a2"},
                                     {"anthropic-version", "2023-06-01"},
                                     {"anthropic-version", "2099-01-01"},
                                     {"User-Agent", "w\xe9ird/1.0\tx\\y"},
                                     {"x-other", "not kept"}}),
                                anthropic());
  REQUIRE(c.header_values.size() == 5);
  CHECK(c.header_values[0].value == "a1");
  CHECK(c.header_values[1].value == "a2");
  CHECK(c.header_values[2].value == "2023-06-01");
  CHECK(c.header_values[3].value == "2099-01-01");
  CHECK_FALSE(c.header_values[3].escaped);
  CHECK(c.header_values[4].name == "User-Agent");
  // The byte 0xE9 and the backslash escaped; the tab (legal in a field value, RFC 9110 §5.5) kept.
  CHECK(c.header_values[4].value == "w\\xe9ird/1.0\tx\\x5cy");
  CHECK(c.header_values[4].escaped);
  // The merged fields keep their meaning (the last version, every beta item).
  CHECK(c.anthropic_version == "2099-01-01");
  CHECK(c.anthropic_beta == std::vector<std::string>{"a1", "a2"});
  const std::string text = to_json(c).dump();  // valid UTF-8: no U+FFFD needed
  CHECK(text.find("\xEF\xBF\xBD") == std::string::npos);
  CHECK(to_json(c)["header_values"][4] ==
        nlohmann::json{{"name", "User-Agent"}, {"value", "w\\xe9ird/1.0\tx\\x5cy"}, {"escaped", true}});
  bool escaped = true;
  CHECK(escaped_header_value("claude-cli/2.1 (external, cli)", escaped) == "claude-cli/2.1 (external, cli)");
  CHECK_FALSE(escaped);
}
