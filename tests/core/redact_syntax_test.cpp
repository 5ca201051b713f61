// The credential-syntax net of core/redact (user test 14 F9): a value written in a credential's own
// syntax is masked in any text, registered or not; prose, placeholders and the tool's stand-ins are not.
#include <catch.hpp>

#include <string>
#include <vector>

#include "core/redact.hpp"

using namespace awf;

TEST_CASE("redact: values in a credential's syntax are masked without being registered", "[redact][syntax]") {
  const SecretSet none;
  const std::string key = "test-real-anthropic-key-0001";
  for (const std::string& text : std::vector<std::string>{
        "API Error: 401 Authorization: Bearer " + key + " was refused",
        "authorization: bearer " + key,
        "Authorization: Basic dGVzdDp0ZXN0LXJlYWwta2V5LTAwMDE=",
        "x-api-key: " + key,
        "X-Goog-Api-Key:" + key,
        "request_error: GET https://gw.example.test/v1/models?key=" + key + "&alt=json failed",
        "form api_key=" + key + " sent",
        "callback?access_token=" + key + "#frag",
        "password=" + key}) {
    INFO(text);
    const std::string r = redact(text, none);
    CHECK(r.find("0001") == std::string::npos);
    CHECK(r.find("dGVzdDp0ZXN0") == std::string::npos);
    CHECK(r.find("[redacted len=") != std::string::npos);
  }
}

TEST_CASE("redact: prose, placeholders and stand-ins in a credential's syntax stay readable", "[redact][syntax]") {
  const SecretSet none;
  for (const std::string& text : std::vector<std::string>{
        "ERROR: unexpected status 401 Unauthorized: Missing bearer or basic authentication in header",
        "x-api-key: sk-ant-placeholder-key-for-credential-isolation",
        "Authorization: Bearer sk-ant-placeholder-key-for-credential-isolation",
        "curl -H 'Authorization: Bearer $ANTHROPIC_AUTH_TOKEN' …", "x-api-key: <your key>",
        "set key={key_var} in the settings", "token=short1", "Bearer [redacted len=28 sha256:0123456789ab]"}) {
    INFO(text);
    CHECK(redact(text, none) == text);
  }
}
