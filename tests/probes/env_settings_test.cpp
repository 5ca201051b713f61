#include <catch.hpp>

#include <map>

#include "probes/env_settings.hpp"
#include "support/test_support.hpp"

using namespace awf;

namespace {

Check run_in(const test::TempDir& home, const std::string& settings, EnvSnapshot env, SecretSet& secrets) {
  if (!settings.empty()) home.write(".claude/settings.json", settings);
  ChainSpec spec;
  spec.home = home.path();
  spec.env = std::move(env);
  std::map<std::string, Check> done;
  ProbeContext ctx{spec, Clock::now() + std::chrono::seconds(5), done, secrets};
  return env_settings_check().run(ctx);
}

}  // namespace

TEST_CASE("env.settings_env: a real key in the settings env block fails in an awf agent and is never shown",
          "[probes][env]") {
  test::TempDir home;
  SecretSet secrets;
  EnvSnapshot awf;
  awf.vars["AWF_CHROOT_ENABLED"] = "true";
  Check c = run_in(home, R"({"apiKeyHelper":"/x","env":{"ANTHROPIC_API_KEY":"sk-ant-api03-test-canary-0001-abcdefgh"}})",
                   awf, secrets);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "env-settings-block-credential");
  nlohmann::json j = to_json(c);
  CHECK(j.dump().find("sk-ant-api03-test-canary-0001-abcdefgh") == std::string::npos);
  CHECK(redact("x sk-ant-api03-test-canary-0001-abcdefgh", secrets).find("canary") == std::string::npos);
}

TEST_CASE("env.settings_env: a base URL that overrides the agent's fails — placeholders and no block pass",
          "[probes][env]") {
  SecretSet secrets;
  EnvSnapshot env;
  env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:10001";
  {
    test::TempDir home;
    Check c = run_in(home, R"({"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:9/v1"}})", env, secrets);
    CHECK(c.status == Status::fail);
    CHECK(c.summary.find("overrides") != std::string::npos);
  }
  {
    test::TempDir home;
    Check c = run_in(home, R"({"env":{"ANTHROPIC_AUTH_TOKEN":"sk-ant-placeholder-key-for-credential-isolation",
                              "ANTHROPIC_BASE_URL":"http://127.0.0.1:10001"}})", env, secrets);
    CHECK(c.status == Status::pass);
  }
  {
    test::TempDir home;
    CHECK(run_in(home, R"({"apiKeyHelper":"/x"})", env, secrets).status == Status::pass);
    test::TempDir empty;
    CHECK(run_in(empty, "", env, secrets).status == Status::pass);
  }
}
