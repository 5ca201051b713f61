// The settings sources in precedence order (probes/settings_sources.hpp), on files in a temp dir:
// the managed file (--managed-settings) is read, its apiKeyHelper and env win over the user's, and
// the env checks judge the client's environment overlaid by the blocks. No process is started.
#include <catch.hpp>

#include <map>

#include "catalog/check_ids.hpp"
#include "probes/env_settings.hpp"
#include "probes/helper_config.hpp"
#include "probes/probes.hpp"
#include "probes/settings_sources.hpp"
#include "support/test_support.hpp"

using namespace awf;
using namespace awf::probe_detail;
using nlohmann::json;

namespace {

const char* kCanary = "sk-ant-api03-test-managed-canary-0001-abcd";

struct Setup {
  test::TempDir dir;
  ChainSpec spec;
  SecretSet secrets;
  Setup(const std::string& managed, const std::string& user) {
    if (!managed.empty()) dir.write("etc/managed-settings.json", managed);
    if (!user.empty()) dir.write("home/.claude/settings.json", user);
    dir.write("home/.keep", "");
    spec.home = dir.path() + "/home";
    spec.managed_settings = dir.path() + "/etc/managed-settings.json";
    spec.env.source = "test";
  }
  Check run(std::string_view id) {
    std::vector<CheckDef> defs = env_checks();
    defs.push_back(helper_config_check());
    std::map<std::string, Check> done;
    ProbeContext ctx{spec, Clock::now() + std::chrono::seconds(5), done, secrets};
    for (const auto& d : defs)
      if (d.id == id) return d.run(ctx);
    FAIL("no check " << id);
    return {};
  }
};

}  // namespace

TEST_CASE("settings sources: a managed file in a temp dir is read, and its env wins over the user's",
          "[probes][settings]") {
  Setup s(R"({"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:18001","NODE_OPTIONS":"--x"}})",
          R"({"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:18002","HTTPS_PROXY":"http://127.0.0.1:3128"}})");
  s.spec.env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:18003";
  const SettingsSources src = read_settings_sources(s.spec, s.secrets);
  CHECK(src.managed.parsed);
  CHECK(src.user.parsed);
  CHECK(src.by_precedence().front() == &src.managed);
  const ClientEnv c = client_env(s.spec.env, src);
  CHECK(c.env.get("ANTHROPIC_BASE_URL") == std::optional<std::string>("http://127.0.0.1:18001"));
  CHECK(c.from.at("ANTHROPIC_BASE_URL") == s.spec.managed_settings);
  CHECK(c.env.get("HTTPS_PROXY") == std::optional<std::string>("http://127.0.0.1:3128"));
  CHECK(c.from.at("HTTPS_PROXY") == s.spec.home + "/.claude/settings.json");
  CHECK(c.env.get("NODE_OPTIONS") == std::optional<std::string>("--x"));

  // env.base_url judges the managed value and names where it came from.
  Check b = s.run(check_id::env_base_url);
  CHECK(b.evidence["value"] == "http://127.0.0.1:18001");
  CHECK(b.evidence["from_settings"]["ANTHROPIC_BASE_URL"] == s.spec.managed_settings);
  CHECK(b.summary.find("set by the env block of " + s.spec.managed_settings) != std::string::npos);

  // The CLI's base URL default follows the client (no --base-url given).
  s.spec.origin["base_url"] = "env:ANTHROPIC_BASE_URL";
  s.spec.base_url = "http://127.0.0.1:18003";
  apply_settings_base_url(s.spec, s.secrets);
  CHECK(s.spec.base_url == "http://127.0.0.1:18001");
  CHECK(s.spec.origin["base_url"] == "settings:" + s.spec.managed_settings);
  s.spec.origin["base_url"] = "flag";
  s.spec.base_url = "http://127.0.0.1:18004";
  apply_settings_base_url(s.spec, s.secrets);
  CHECK(s.spec.base_url == "http://127.0.0.1:18004");
}

TEST_CASE("settings sources: a key in the managed env reaches env.api_key and env.settings_env, never shown",
          "[probes][settings]") {
  Setup s(std::string(R"({"env":{"ANTHROPIC_API_KEY":")") + kCanary + R"("}})", "");
  s.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
  s.spec.env.vars["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:10001";
  Check k = s.run(check_id::env_api_key);
  CHECK(k.status == Status::fail);
  CHECK(k.evidence["fault"] == "env-api-key-present");
  CHECK(k.evidence["from_settings"]["ANTHROPIC_API_KEY"] == s.spec.managed_settings);
  Check e = s.run(check_id::env_settings_env);
  CHECK(e.status == Status::fail);
  CHECK(e.evidence["fault"] == "env-settings-block-credential");
  CHECK(e.summary.find(s.spec.managed_settings) != std::string::npos);
  REQUIRE(e.evidence["files"].size() == 2);
  CHECK(e.evidence["files"][0]["source"] == "managed");
  for (const Check* c : {&k, &e}) CHECK(to_json(*c).dump().find(kCanary) == std::string::npos);
  CHECK(redact(std::string("x ") + kCanary, s.secrets).find("canary") == std::string::npos);
}

TEST_CASE("settings sources: helper.config takes the managed apiKeyHelper over the user's", "[probes][settings]") {
  Setup s(R"({"apiKeyHelper":"/opt/corp/key.sh"})", R"({"apiKeyHelper":"/tmp/awf-lib/get-claude-key.sh"})");
  Check c = s.run(check_id::helper_config);
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["fault"] == "helper-managed-overrides");
  CHECK(c.evidence["effective"] == "/opt/corp/key.sh");
  CHECK(c.evidence["effective_file"] == s.spec.managed_settings);
  CHECK(c.evidence["managed"]["apiKeyHelper"] == "/opt/corp/key.sh");
  REQUIRE(c.obs.helper_command);
  CHECK(*c.obs.helper_command == "/opt/corp/key.sh");
  REQUIRE(c.obs.helper_config);
  CHECK(c.obs.helper_config->managed.path == s.spec.managed_settings);  // the reader's result, as recorded
  CHECK(c.obs.helper_config->effective() == &c.obs.helper_config->managed);

  // No managed file: the user's settings.json decides, as before.
  Setup u("", R"({"apiKeyHelper":"/tmp/awf-lib/get-claude-key.sh"})");
  Check d = u.run(check_id::helper_config);
  CHECK(d.status == Status::pass);
  CHECK(d.evidence["effective"] == "/tmp/awf-lib/get-claude-key.sh");
  CHECK(d.evidence["managed"]["exists"] == false);
}
