// Every credential source in the agent × {awf, gateway, direct} through the probes (new-user test 13
// F4): the run's resolved topology decides, through one rule (probes/agent_side.hpp,
// rules/agent_credential.hpp) — a leak inside awf, the client's own credential outside.
#include <catch.hpp>

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/runner.hpp"
#include "probes/agent_side.hpp"
#include "probes/probes.hpp"
#include "support/test_support.hpp"

using namespace awf;
using namespace std::chrono_literals;

namespace {

struct CredSource {
  const char* name;
  const char* check;                       ///< the check that judges it
  std::map<std::string, std::string> env;  ///< the judged environment (no awf marker: the topology decides)
  const char* settings;                    ///< ~/.claude/settings.json, or nullptr
  const char* fault;                       ///< the leak fault inside awf
  Status outside;                          ///< its status in gateway and direct mode
  const char* secret;                      ///< the fake credential, never printed
  ProviderId route = ProviderId::anthropic;
};

Topology resolved(Mode m, ProviderId route) {
  Topology t;
  t.mode = m;
  t.mode_decided_by = "flag";
  t.provider = route;
  t.provider_decided_by = "flag";
  return t;
}

Check run_check(const CredSource& s, Mode m, SecretSet& secrets) {
  test::TempDir home;
  if (s.settings) home.write(".claude/settings.json", s.settings);
  ChainSpec spec;
  spec.home = home.path();
  spec.env.source = "test";
  spec.env.vars = s.env;
  spec.topology = resolved(m, s.route);
  std::map<std::string, Check> done;
  for (const CheckDef& d : all_checks()) {
    if (d.id != "helper.config" && d.id != s.check) continue;
    ProbeContext ctx{spec, Clock::now() + 20s, done, secrets};
    Check c = d.run(ctx);
    c.id = d.id;
    done[d.id] = c;
    if (d.id == s.check) return c;
  }
  throw std::runtime_error(std::string("no check ") + s.check);
}

}  // namespace

TEST_CASE("a credential in the agent: a leak in awf mode, the client's own in gateway and direct mode",
          "[probes][credential]") {
  test::TempDir bin;
  const std::string helper = bin.write("key.sh", "#!/bin/sh\necho sk-ant-api03-test-canary-helper-0001\n", 0755);
  const std::string helper_settings = nlohmann::json{{"apiKeyHelper", helper}}.dump();
  const std::vector<CredSource> sources = {
      {"ANTHROPIC_API_KEY", "env.api_key", {{"ANTHROPIC_API_KEY", "test-real-anthropic-key-0001"}}, nullptr,
       "env-api-key-present", Status::warn, "test-real-anthropic-key-0001"},
      {"CLAUDE_API_KEY", "env.api_key", {{"CLAUDE_API_KEY", "test-real-anthropic-key-0002"}}, nullptr,
       "env-api-key-present", Status::warn, "test-real-anthropic-key-0002"},
      {"ANTHROPIC_AUTH_TOKEN real-looking", "env.auth_token",
       {{"ANTHROPIC_AUTH_TOKEN", "sk-ant-oat01-test-canary-token-0001"}}, nullptr, "env-real-token", Status::warn,
       "sk-ant-oat01-test-canary-token-0001"},
      {"ANTHROPIC_AUTH_TOKEN other", "env.auth_token", {{"ANTHROPIC_AUTH_TOKEN", "test-gateway-token-0001"}}, nullptr,
       "env-token-not-placeholder", Status::warn, "test-gateway-token-0001"},
      {"CLAUDE_CODE_OAUTH_TOKEN", "env.auth_token",
       {{"CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-test-canary-oauth-0001"}}, nullptr, "env-oauth-token-present",
       Status::warn, "sk-ant-oat01-test-canary-oauth-0001"},
      {"apiKeyHelper output", "helper.run", {}, helper_settings.c_str(), "helper-real-key", Status::pass,
       "sk-ant-api03-test-canary-helper-0001"},
      {"settings env block key", "env.settings_env", {},
       R"({"env":{"ANTHROPIC_API_KEY":"test-real-anthropic-key-0003"}})", "env-settings-block-credential",
       Status::warn, "test-real-anthropic-key-0003"},
      {"settings env block token", "env.settings_env", {},
       R"({"env":{"ANTHROPIC_AUTH_TOKEN":"sk-ant-oat01-test-canary-block-0001"}})", "env-settings-block-credential",
       Status::warn, "sk-ant-oat01-test-canary-block-0001"},
      {"OPENAI_API_KEY", "env.auth_token",
       {{"OPENAI_API_KEY", "sk-proj-test-canary-openai-0001"}, {"OPENAI_BASE_URL", "http://127.0.0.1:9"}}, nullptr,
       "env-token-not-placeholder", Status::pass, "sk-proj-test-canary-openai-0001", ProviderId::openai},
      {"COPILOT_PROVIDER_API_KEY", "env.api_key",
       {{"COPILOT_PROVIDER_API_KEY", "test-copilot-key-0001"}, {"COPILOT_PROVIDER_BASE_URL", "http://127.0.0.1:9"}},
       nullptr, "env-api-key-present", Status::warn, "test-copilot-key-0001", ProviderId::copilot},
  };
  for (const CredSource& s : sources)
    for (Mode m : {Mode::awf, Mode::gateway, Mode::direct}) {
      INFO(s.name << " in " << to_string(m) << " mode");
      SecretSet secrets;
      Check c = run_check(s, m, secrets);
      INFO(c.summary);
      if (m == Mode::awf) {
        CHECK(c.status == Status::fail);
        CHECK(c.evidence["fault"] == s.fault);
      } else {
        CHECK(c.status == s.outside);
        CHECK_FALSE(c.evidence.contains("fault"));
        CHECK_THAT(c.summary, !Catch::Contains("leak into") && !Catch::Contains("leaked into"));
      }
      CHECK(to_json(c).dump().find(s.secret) == std::string::npos);
    }
}

TEST_CASE("agent side: the resolved topology decides, awf markers only for a spec nobody resolved",
          "[probes][credential]") {
  ChainSpec spec;
  spec.env.vars = {{"AWF_CHROOT_ENABLED", "true"}};
  SecretSet secrets;
  std::map<std::string, Check> done;
  ProbeContext ctx{spec, Clock::now() + 1s, done, secrets};
  CHECK(agent_in_awf(ctx));  // unresolved: the marker
  spec.topology = resolved(Mode::gateway, ProviderId::anthropic);
  CHECK_FALSE(agent_in_awf(ctx));
  spec.topology = resolved(Mode::awf, ProviderId::anthropic);
  spec.env.vars.clear();
  CHECK(agent_in_awf(ctx));
  spec.topology.undecided = true;  // awf kept for lack of evidence is not known to be awf
  CHECK_FALSE(agent_in_awf(ctx));
}
