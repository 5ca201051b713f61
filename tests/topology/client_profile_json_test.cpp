// --client-profile FILE (decisions.md §13): round trip of the built-in profiles, bounded and
// validated parsing with errors naming the field.
#include "topology/client_profile_json.hpp"

#include <catch.hpp>

#include "support/test_support.hpp"

using namespace awf::topology;

namespace {

std::string minimal(const std::string& extra = "") {
  return R"({"id":"pi","method":"POST","path_query":"/chat/completions",)"
         R"("auth":[{"when":["auth_token"],"first":[["Authorization","Bearer {{ANTHROPIC_AUTH_TOKEN}}"]]}])" +
         extra + "}";
}

std::string error_of(const std::string& text) {
  try {
    profile_from_json(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("client profile json: built-in profiles round-trip", "[clients]") {
  for (const auto& p : builtin_profiles()) {
    const auto j = profile_to_json(p);
    const auto back = profile_from_json(j.dump());
    CHECK(profile_to_json(back) == j);
  }
}

TEST_CASE("client profile json: a minimal recorded request replays", "[clients]") {
  auto p = profile_from_json(minimal());
  CHECK(p.id == "pi");
  SequenceOptions o;
  o.sources.auth_token = true;
  auto seq = request_sequence(p, o);
  REQUIRE(seq.size() == 1);  // no after_401 row: no retry
  CHECK(seq[0].path_query == "/chat/completions");
}

TEST_CASE("client profile json: validation names the field", "[clients]") {
  CHECK(error_of("[1]") == "profile: must be a JSON object");
  CHECK(error_of("{").rfind("profile: not valid JSON", 0) == 0);
  CHECK(error_of(R"({"id":"x","n":22e2200})").rfind("profile: not valid JSON", 0) == 0);  // found by the fuzzer
  CHECK(error_of(R"({"method":"POST","path_query":"/"})") == "id: missing");
  CHECK(error_of(R"({"id":"x","method":"PO ST","path_query":"/"})") == "method: not an HTTP token");
  CHECK(error_of(R"({"id":"x","method":"POST","path_query":"v1/messages"})") == "path_query: must start with '/'");
  CHECK(error_of(R"({"id":"x","method":"POST","path_query":"/a b"})") ==
        "path_query: contains whitespace or a control byte");
  CHECK(error_of(minimal(R"(,"headers":[["x-app","cli\r\nInjected: 1"]])")) == "headers[0] (x-app): value contains CR, LF or NUL");
  CHECK(error_of(minimal(R"(,"headers":[["bad name","v"]])")) ==
        "headers[0]: header name is not an HTTP token of at most 256 bytes");
  CHECK(error_of(minimal(R"(,"headers":[["x-api-key","test-real-anthropic-key-0001"]])")) ==
        "headers[0]: x-api-key must hold a {{placeholder}}, not a credential value");
  CHECK(error_of(R"({"id":"x","method":"POST","path_query":"/","auth":[{"when":["token"]}]})") ==
        "auth[0]: when: unknown credential source 'token'");
  CHECK(error_of(minimal(R"(,"schema":"other/1")")) == "schema: must be \"awf-diag/client-profile/1\"");
  CHECK(error_of(minimal(R"(,"streams":"yes")")) == "streams: must be a boolean");
}

TEST_CASE("client profile json: what a profile may not say (unknown provider, framing headers, placeholders)",
          "[clients]") {
  CHECK(error_of(minimal(R"(,"provider":"bogus")")).rfind("provider: unknown provider 'bogus' (known: anthropic", 0) == 0);
  CHECK(error_of(minimal(R"(,"provider":"openai")")) == "(no error)");
  for (const std::string h : {"Content-Length", "host", "Transfer-Encoding", "Connection"})
    CHECK(error_of(minimal(R"(,"headers":[[")" + h + R"(","5"]])")) ==
          "headers: header '" + h + "' is written by the HTTP client from the request, not by a profile");
  CHECK(error_of(minimal(R"(,"headers":[["x-app","{{NOPE}}"]])")) ==
        "headers: header 'x-app' holds an unknown placeholder {{NOPE}} (it would be sent literally)");
  CHECK(error_of(minimal(R"(,"headers":[["x-claude-code-session-id","{{session_id}}"],["x-api-key","{{auth:x-api-key}}"]])")) ==
        "(no error)");
}

TEST_CASE("client profile json: the placeholders a profile may hold are those the probe fills", "[clients]") {
  // probes/client_probe.cpp fills these names; a built-in profile uses no other.
  for (const auto& p : builtin_profiles()) CHECK(error_of(profile_to_json(p).dump()) == "(no error)");
}

TEST_CASE("client profile json: bounded input", "[clients]") {
  std::string deep = R"({"id":"x","method":"POST","path_query":"/","unknown":)" + std::string(20, '[') +
                     std::string(20, ']') + "}";
  CHECK(error_of(deep) == "profile: nested deeper than 8 levels");
  std::string many = R"({"id":"x","method":"POST","path_query":"/","headers":[)";
  for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + R"(["h","v"])";
  CHECK(error_of(many + "]}") == "headers: more than 100 headers");
  CHECK(error_of(std::string(kMaxProfileBytes + 1, ' ')).find("more than the 262144-byte limit") != std::string::npos);
}

TEST_CASE("client profile json: loading a file", "[clients]") {
  awf::test::TempDir d;
  auto ok = d.write("p.json", minimal());
  CHECK(load_client_profile(ok).id == "pi");
  auto broken = d.write("b.json", "{}");
  CHECK_THROWS_WITH(load_client_profile(broken), "--client-profile " + broken + ": id: missing");
  CHECK_THROWS_WITH(load_client_profile(d.path()), "--client-profile " + d.path() + ": is a directory");
}
