// topology/captured_profile: a capture report's recorded request as a client profile (decisions.md 13).
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "topology/captured_profile.hpp"

using namespace awf::topology;
using nlohmann::json;

namespace {

json capture_report(json requests, const std::string& provider = "anthropic") {
  return {{"schema_version", 1},
          {"tool_version", "test"},
          {"exit_code", 0},
          {"run", {{"command", "capture"}, {"started_at", "2026-11-30T05:00:00Z"}, {"spec", {{"provider", provider}}}}},
          {"checks", json::array({{{"id", "capture.requests"}, {"evidence", {{"requests", std::move(requests)}}}}})}};
}

json request(const std::string& method, const std::string& path, json names, json extra = json::object()) {
  json q = {{"outcome", "complete"}, {"method", method}, {"path", path}, {"header_names", std::move(names)},
            {"credentials", json::array()}, {"anthropic_version", ""}, {"anthropic_beta", json::array()},
            {"user_agent", ""}, {"stream", nullptr}};
  for (auto it = extra.begin(); it != extra.end(); ++it) q[it.key()] = it.value();
  return q;
}

}  // namespace

TEST_CASE("captured profile: the first non-HEAD request with what capture recorded of it", "[topology][client][capture]") {
  json reqs = json::array(
      {request("HEAD", "/", {"host", "user-agent"}, {{"user_agent", "claude-cli/2.1.88 (external, cli)"}}),
       request("POST", "/v1/messages?beta=true",
               {"host", "x-api-key", "authorization", "anthropic-version", "anthropic-beta", "user-agent",
                "x-stainless-os", "content-type", "content-length"},
               {{"credentials", json::array({{{"header", "x-api-key"}, {"scheme", ""}},
                                             {{"header", "authorization"}, {"scheme", "Bearer"}}})},
                {"anthropic_version", "2023-06-01"},
                {"anthropic_beta", {"claude-code-20250219", "oauth-2025-04-20"}},
                {"user_agent", "claude-cli/2.1.88 (external, cli)"},
                {"stream", true}}),
       request("POST", "/v1/messages/count_tokens", {"host"})});
  REQUIRE(is_capture_report(capture_report(reqs)));
  ClientProfile p = profile_from_capture_report(capture_report(reqs));
  CHECK(p.id == "captured:claude-cli/2.1.88");
  CHECK(p.provider == "anthropic");
  CHECK(p.method == "POST");
  CHECK(p.path_query == "/v1/messages?beta=true");
  CHECK(p.streams);
  REQUIRE(p.before.size() == 1);
  CHECK(p.before[0].method == "HEAD");
  const std::vector<HeaderField> want = {{"x-api-key", "{{auth:x-api-key}}"},
                                        {"authorization", "{{auth:authorization}}"},
                                        {"anthropic-version", "2023-06-01"},
                                        {"anthropic-beta", "claude-code-20250219,oauth-2025-04-20"},
                                        {"user-agent", "claude-cli/2.1.88 (external, cli)"},
                                        {"content-type", "application/json"}};
  CHECK(p.headers == want);
  REQUIRE(p.auth.size() == 4);  // apiKeyHelper, ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN
  CHECK(p.auth[0].when.api_key_helper);
  CHECK(p.auth[0].first == std::vector<HeaderField>{{"x-api-key", "{{apiKeyHelper}}"}, {"authorization", "Bearer {{apiKeyHelper}}"}});
  CHECK(p.model.empty());
  bool named_unrecorded = false;
  for (const auto& u : p.unknown) named_unrecorded |= u.find("x-stainless-os") != std::string::npos;
  CHECK(named_unrecorded);
}

TEST_CASE("captured profile: nothing to replay, or not a capture report, is one clear error", "[topology][client][capture]") {
  CHECK_THROWS_WITH(profile_from_capture_report(capture_report(json::array({request("HEAD", "/", {"host"})}))),
                    Catch::Contains("no complete request other than HEAD"));
  CHECK_THROWS_WITH(profile_from_capture_report(json{{"schema_version", 1}, {"run", {{"command", "check-chain"}}}}),
                    Catch::Contains("not a report written by"));
  json broken = request("POST", "/v1/messages", {"anthropic-version"}, {{"anthropic_version", "2023-06-01\r\nx: y"}});
  CHECK_THROWS_AS(profile_from_capture_report(capture_report(json::array({broken}))), std::invalid_argument);
  CHECK_FALSE(is_capture_report(json::array()));
}

TEST_CASE("captured profile: values capture masked are not replayed as text (new-user F4, F5)",
          "[topology][client][capture]") {
  json q = request("POST", "/v1/messages?beta=true&key=[redacted len=28 sha256:0123456789ab]#[fragment removed: 4 bytes]",
                   {"user-agent", "anthropic-version"},
                   {{"user_agent", "agent/1 [redacted len=9 sha256:ab]"}, {"anthropic_version", "2023-06-01"}});
  ClientProfile p = profile_from_capture_report(capture_report(json::array({q})));
  CHECK(p.path_query == "/v1/messages?beta=true");
  CHECK(p.headers == std::vector<HeaderField>{{"anthropic-version", "2023-06-01"}});
  const json unknown = p.unknown;
  CHECK(unknown.dump().find("query parameter key") != std::string::npos);
  CHECK(unknown.dump().find("user-agent (masked in the report)") != std::string::npos);
  json masked_path = request("POST", "/v1/[redacted len=28 sha256:0123456789ab]/messages", {"host"});
  CHECK_THROWS_WITH(profile_from_capture_report(capture_report(json::array({masked_path}))),
                    Catch::Contains("cannot be replayed"));
}

TEST_CASE("captured profile: an OpenAI capture fills its credential from OPENAI_API_KEY", "[topology][client][capture]") {
  json q = request("POST", "/responses", {"authorization", "content-type"},
                   {{"credentials", json::array({{{"header", "authorization"}, {"scheme", "Bearer"}}})}, {"stream", false}});
  ClientProfile p = profile_from_capture_report(capture_report(json::array({q}), "openai"));
  CHECK(p.provider == "openai");
  REQUIRE(p.auth.size() == 1);
  CHECK(p.auth[0].when.openai_key);
  CHECK(p.auth[0].first == std::vector<HeaderField>{{"authorization", "Bearer {{OPENAI_API_KEY}}"}});
  CHECK_FALSE(p.streams);
  // capture listens as Anthropic's port by default: Codex's POST /responses recorded there is still
  // OpenAI's route (new-user F6), and its credential comes from OPENAI_API_KEY.
  ClientProfile codex = profile_from_capture_report(capture_report(json::array({q}), "anthropic"));
  CHECK(codex.provider == "openai");
  CHECK(codex.auth.at(0).when.openai_key);
}

namespace {

json line(const std::string& name, const std::string& value, bool escaped = false) {
  return {{"name", name}, {"value", value}, {"escaped", escaped}};
}

std::string unknown_text(const ClientProfile& p) { return json(p.unknown).dump(); }

}  // namespace

TEST_CASE("captured profile: repeated headers replayed as recorded, each line once (new-user F11)",
          "[topology][client][capture]") {
  json q = request("POST", "/v1/messages",
                   {"anthropic-beta", "anthropic-beta", "anthropic-version", "Anthropic-Version", "user-agent"},
                   {{"anthropic_version", "2099-01-01"},
                    {"anthropic_beta", {"a1", "a2"}},
                    {"user_agent", "agent/1"},
                    {"header_values", {line("anthropic-beta", "a1"), line("anthropic-beta", "a2"),
                                       line("anthropic-version", "2023-06-01"),
                                       line("Anthropic-Version", "2099-01-01"), line("user-agent", "agent/1")}}});
  ClientProfile p = profile_from_capture_report(capture_report(json::array({q})));
  const std::vector<HeaderField> want = {{"anthropic-beta", "a1"},
                                        {"anthropic-beta", "a2"},
                                        {"anthropic-version", "2023-06-01"},
                                        {"Anthropic-Version", "2099-01-01"},
                                        {"user-agent", "agent/1"}};
  CHECK(p.headers == want);

  SECTION("a report from before header_values: each name once, with the merged value") {
    q.erase("header_values");
    ClientProfile old = profile_from_capture_report(capture_report(json::array({q})));
    const std::vector<HeaderField> merged = {
        {"anthropic-beta", "a1,a2"}, {"anthropic-version", "2099-01-01"}, {"user-agent", "agent/1"}};
    CHECK(old.headers == merged);
  }
}

TEST_CASE("captured profile: a value with bytes outside ASCII is not replayed, and the id stays one word "
          "(new-user F11)",
          "[topology][client][capture]") {
  json q = request("POST", "/v1/messages", {"user-agent", "anthropic-version"},
                   {{"anthropic_version", "2023-06-01"},
                    {"user_agent", "w\\xe9ird/1.0\tx"},
                    {"header_values", {line("user-agent", "w\\xe9ird/1.0\tx", true), line("anthropic-version", "2023-06-01")}}});
  ClientProfile p = profile_from_capture_report(capture_report(json::array({q})));
  CHECK(p.headers == std::vector<HeaderField>{{"anthropic-version", "2023-06-01"}});
  CHECK(unknown_text(p).find("user-agent (its value holds bytes outside visible ASCII") != std::string::npos);
  CHECK(p.id == "captured:w?ird/1.0");

  SECTION("an older report whose writer turned the byte into U+FFFD: the same") {
    q.erase("header_values");
    q["user_agent"] = "w\xEF\xBF\xBDird/1.0\tx";
    ClientProfile old = profile_from_capture_report(capture_report(json::array({q})));
    CHECK(old.headers == std::vector<HeaderField>{{"anthropic-version", "2023-06-01"}});
    CHECK(old.id == "captured:w?ird/1.0");
  }
  SECTION("a tab ends the id's word") {
    q["header_values"] = {line("user-agent", "agent/2\tx")};
    CHECK(profile_from_capture_report(capture_report(json::array({q}))).id == "captured:agent/2");
  }
}

TEST_CASE("captured profile: a recorded value too long to replay is an error naming the header (new-user F11)",
          "[topology][client][capture]") {
  const std::string big(9000, 'a');
  json q = request("POST", "/v1/messages", {"anthropic-version", "user-agent"},
                   {{"user_agent", big}, {"header_values", {line("anthropic-version", "2023-06-01"), line("user-agent", big)}}});
  try {
    profile_from_capture_report(capture_report(json::array({q})));
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("user-agent: the recorded value is 9000 bytes") == 0);
    CHECK(what.find("headers[") == std::string::npos);
  }
}
