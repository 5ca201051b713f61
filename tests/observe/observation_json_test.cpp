// The observation's JSON form (one key per filled member, shapes and fingerprints only) and its
// redaction by the one redaction step, in place.
#include <catch.hpp>

#include "core/redact.hpp"
#include "observe/observation_json.hpp"
#include "observe/observation_redact.hpp"
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

TEST_CASE("observation: redact_report redacts each check's typed observation in place", "[observe][report]") {
  Check c;
  c.id = "proxy.forward";
  c.link = Link::proxy;
  c.status = Status::fail;
  Exchange e;
  e.error_message = std::string("upstream said ") + kFake;
  c.obs.exchange = e;
  Report r = build_run_report({c}, nlohmann::json::object(), FailOn::fail);
  SecretSet secrets;
  secrets.add(kFake);
  redact_report(r, secrets);
  REQUIRE(r.checks.size() == 1);
  const std::string msg = r.checks[0].obs.exchange->error_message;
  CHECK(msg.find("upstream said ") == 0);
  CHECK(msg.find(kFake) == std::string::npos);
  CHECK(to_json(r.checks[0].obs).dump().find(kFake) == std::string::npos);
}

TEST_CASE("observation redaction: free text in every struct, in place, shapes untouched", "[observe]") {
  SecretSet secrets;
  secrets.add(kFake);
  const std::string leak = std::string("x ") + kFake;
  Observation o;
  Exchange e;
  e.error_message = leak;
  e.sent.target = "http://u:" + std::string(kFake) + "@127.0.0.1:1/";
  o.exchange = e;
  EnvFacts env;
  BaseUrlFacts b;
  b.value = leak;
  env.base_url = b;
  SettingsEnvFacts s;
  s.error = leak;
  s.vars = {SettingsEnvVar{SettingsEnvVar::Role::base_url, "ANTHROPIC_BASE_URL", 0, false, leak, leak}};
  env.settings = {s};
  env.from_settings["ANTHROPIC_BASE_URL"] = leak;
  ExtraCaFacts ca;
  ca.path = leak;
  ca.read_error = leak;
  env.extra_ca = ca;
  env.key_vars = {SecretVar{"ANTHROPIC_API_KEY", 28, fingerprint(kFake), false}};
  o.env = env;
  HelperConfigFacts hc;
  hc.settings.value = leak;
  hc.managed.value = leak;
  hc.managed.error = leak;
  hc.managed.env["ANTHROPIC_API_KEY"] = kFake;  // written by name only
  hc.signal = leak;
  o.helper_config = hc;
  HelperRunFacts hr;
  hr.command = leak;
  hr.minimal.spawn_error = leak;
  hr.runnable.what = leak;
  o.helper_run = hr;
  o.helper_command = leak;
  o.credentials = CredentialFacts{{leak}};
  sse::StreamResult st;
  st.error_message = leak;
  o.stream = st;
  redact_observation(o, secrets);
  const std::string text = to_json(o).dump();
  CHECK(text.find(kFake) == std::string::npos);
  CHECK(text.find("redacted") != std::string::npos);
  CHECK(o.env->key_vars[0].fingerprint == fingerprint(kFake));  // shapes are not free text
  CHECK(o.env->key_vars[0].bytes == 28);
}
