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

TEST_CASE("redact_json masks string values and never rewrites keys", "[core][redact]") {
  SecretSet s;
  s.add("test-real-anthropic-key-0001");
  s.add("upstream");  // a secret that is also a field name (issue 8 item 4)
  nlohmann::json j = {{"a", {"test-real-anthropic-key-0001", 3}},
                      {"links", {{"upstream", "fail"}}},
                      {"x", {{"b", "pre test-real-anthropic-key-0001 and upstream"}}}};
  redact_json(j, s);
  CHECK(j.dump().find("test-real-anthropic-key-0001") == std::string::npos);
  CHECK(j["links"].contains("upstream"));
  CHECK(j["x"]["b"].get<std::string>().find("upstream") == std::string::npos);
}

TEST_CASE("URL credentials are registered in every derived form", "[core][redact]") {
  SecretSet s;
  register_url_credentials("http://ghp_usercanary0000000000001:p@ss/W#rd canary@127.0.0.1:3128/", s);
  const std::string user = "ghp_usercanary0000000000001", pass = "p@ss/W#rd canary";
  for (const std::string& form : {pass, url_encode(pass), url_encode(pass, true), user,
                                  base64(user + ":" + pass)})
    CHECK(redact("echo: " + form + " end", s).find(form) == std::string::npos);
  SecretSet enc;
  register_url_credentials("http://user:pa%40ssw0rd%2Fx@127.0.0.1:3128", enc);
  CHECK(redact("decoded pa@ssw0rd/x", enc).find("pa@ssw0rd/x") == std::string::npos);
  CHECK(redact("Basic " + base64("user:pa@ssw0rd/x"), enc).find(base64("user:pa@ssw0rd/x")) == std::string::npos);
  CHECK(base64("user:pass") == "dXNlcjpwYXNz");
  CHECK(url_decode("a%2Fb%zz") == "a/b%zz");
}

TEST_CASE("URL userinfo is masked wherever a URL appears, by structure", "[core][redact]") {
  SecretSet s;
  std::string out = redact("cannot reach Squid at http://proxyuser:hunter2secretpw@127.0.0.1:3128: refused", s);
  CHECK(out.find("hunter2secretpw") == std::string::npos);
  CHECK(out.find("http://[redacted len=25 sha256:") != std::string::npos);
  CHECK(out.find("@127.0.0.1:3128") != std::string::npos);
  // Raw '@', '/', '#' in the password, and a token as the user name (issue 8 items 5, 6).
  for (const char* url : {"http://user:p@ssWORD@host:1/", "http://user:pa/ss#WORD@host:1/",
                          "http://ghp_aaaaaaaaaaaaaaaaaaaa0001@host:3128"}) {
    std::string r = redact(std::string("url ") + url + " end", s);
    INFO(r);
    CHECK(r.find("ssWORD") == std::string::npos);
    CHECK(r.find("ss#WORD") == std::string::npos);
    CHECK(r.find("ghp_aaaa") == std::string::npos);
    CHECK(r.find("@host:") != std::string::npos);
  }
  CHECK(redact("http://127.0.0.1:3128/x and https://[::1]:443/", s) == "http://127.0.0.1:3128/x and https://[::1]:443/");
  // Idempotent: redacting twice does not re-mask the mask.
  CHECK(redact(out, s) == out);
}
