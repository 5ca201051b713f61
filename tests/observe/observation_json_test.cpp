// The report's `observation` object: one key per filled member, shapes and fingerprints only, and
// redacted by the one redaction step (values, never keys).
#include <catch.hpp>

#include "core/redact.hpp"
#include "observe/observation_json.hpp"
#include "report/report.hpp"

using namespace awf;

namespace {
constexpr const char* kFake = "test-real-anthropic-key-0001";
}

TEST_CASE("observation JSON: only the members a check filled, enums spelled in lower case", "[observe]") {
  CHECK(to_json(Observation{}) == nlohmann::json::object());
  Observation o;
  Exchange e;
  e.http_status = 502;
  e.origin = Origin::api_proxy;
  e.transport = Transport::empty_reply;
  o.exchange = e;
  EnvFacts env;
  env.token = TokenKind::old_placeholder;
  env.key_vars = {SecretVar{"ANTHROPIC_API_KEY", 28, fingerprint(kFake), false}};
  o.env = env;
  const nlohmann::json j = to_json(o);
  CHECK(j.size() == 2);
  CHECK(j["exchange"]["origin"] == "api-proxy");
  CHECK(j["exchange"]["transport"] == "empty-reply");
  CHECK(j["exchange"]["http_status"] == 502);
  CHECK(j["env"]["token_kind"] == "old-placeholder");
  CHECK(j["env"]["key_vars"][0]["bytes"] == 28);
  CHECK(j.dump().find(kFake) == std::string::npos);  // a credential is a fingerprint, never a value
}

TEST_CASE("observation JSON: written into every check record and redacted with the report", "[observe][report]") {
  Check c;
  c.id = "proxy.forward";
  c.link = Link::proxy;
  c.status = Status::fail;
  Exchange e;
  e.error_message = std::string("upstream said ") + kFake;
  c.obs.exchange = e;
  Check empty;
  empty.id = "env.api_key";
  empty.link = Link::env;
  empty.status = Status::pass;
  Report r = build_run_report({c, empty}, nlohmann::json::object(), FailOn::fail);
  SecretSet secrets;
  secrets.add(kFake);
  redact_report(r, secrets);
  const nlohmann::json doc = to_json(r);
  const std::string text = doc.dump();
  CHECK(text.find(kFake) == std::string::npos);
  const auto& checks = doc["checks"];
  REQUIRE(checks.size() == 2);
  for (const auto& chk : checks) {
    INFO(chk["id"]);
    REQUIRE(chk.contains("observation"));
    CHECK(chk["observation"].is_object());
  }
  const auto& fwd = checks[0]["id"] == "proxy.forward" ? checks[0] : checks[1];
  CHECK(fwd["observation"]["exchange"]["error_message"].get<std::string>().find("upstream said ") == 0);
  CHECK(fwd["observation"]["exchange"].contains("error_message"));  // keys are never redacted
  // Read back, the saved observation is kept.
  Check back = check_from_json(fwd);
  CHECK(to_json(back)["observation"] == fwd["observation"]);
}
