// env.base_url, env.api_key, env.auth_token, env.no_proxy against hand-built environments
// (domain.md §2; cases R04, R07, R10, R13).
#include <catch.hpp>
#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/runner.hpp"
#include "probes/no_proxy.hpp"
#include "probes/probes.hpp"

using namespace awf;
using namespace std::chrono_literals;

namespace {

using Vars = std::map<std::string, std::string>;

constexpr const char* kPlaceholder = "sk-ant-placeholder-key-for-credential-isolation";
constexpr const char* kRealKey = "test-real-anthropic-key-0001";
constexpr const char* kCanary = "sk-ant-api03-test-canary-0001";
constexpr const char* kNoProxy = "localhost,127.0.0.1,::1,0.0.0.0,172.30.0.10,172.30.0.20,172.30.0.30";

/// The agent environment awf sets at HEAD (domain.md §2), minus the api-proxy hostname (added per test).
Vars awf_env() {
  return {{"ANTHROPIC_BASE_URL", "http://172.30.0.30:10001"},
          {"ANTHROPIC_AUTH_TOKEN", kPlaceholder},
          {"CLAUDE_CODE_API_KEY_HELPER", "/usr/local/bin/get-claude-key.sh"},
          {"HTTP_PROXY", "http://172.30.0.10:3128"},
          {"HTTPS_PROXY", "http://172.30.0.10:3128"},
          {"https_proxy", "http://172.30.0.10:3128"},
          {"NO_PROXY", kNoProxy},
          {"no_proxy", kNoProxy},
          {"AWF_CHROOT_ENABLED", "true"}};
}

/// Runs one env check against `vars`, the way the runner would (no prerequisites).
Check run_env(const std::string& id, const Vars& vars, SecretSet& secrets) {
  ChainSpec spec;
  spec.home = "/nonexistent-home";
  spec.env.vars = vars;
  spec.env.source = "test";
  std::map<std::string, Check> done;
  ProbeContext ctx{spec, Clock::now() + 5s, done, secrets};
  for (const auto& d : env_checks()) {
    if (d.id != id) continue;
    CHECK(d.depends_on.empty());
    CHECK(d.link == Link::env);
    Check c = d.run(ctx);
    c.id = id;
    return c;
  }
  throw std::runtime_error("no check " + id);
}

Check run_env(const std::string& id, const Vars& vars) {
  SecretSet s;
  return run_env(id, vars, s);
}

std::string dump(const Check& c) { return to_json(c).dump(); }

bool registered(const SecretSet& s, const std::string& v) {
  for (const auto& x : s.values())
    if (x == v) return true;
  return false;
}

}  // namespace

TEST_CASE("env_checks: ids and order", "[probes][env]") {
  std::vector<std::string> ids;
  for (const auto& d : env_checks()) ids.push_back(d.id);
  CHECK(ids == std::vector<std::string>{"env.base_url", "env.api_key", "env.auth_token", "env.no_proxy",
                                        "env.settings_env", "env.extra_ca_certs"});
}

// ---- env.base_url ------------------------------------------------------------------------------

TEST_CASE("env.base_url: awf's value -> pass with parts", "[probes][env]") {
  Check c = run_env("env.base_url", awf_env());
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["value"] == "http://172.30.0.30:10001");
  CHECK(c.evidence["scheme"] == "http");
  CHECK(c.evidence["host"] == "172.30.0.30");
  CHECK(c.evidence["port"] == 10001);
  CHECK(c.evidence["path"] == "/");
  CHECK(c.hint.empty());
}

TEST_CASE("env.base_url: unset", "[probes][env]") {
  SECTION("inside awf -> fail env-base-url-missing (R07)") {
    Vars v = awf_env();
    v.erase("ANTHROPIC_BASE_URL");
    v.erase("ANTHROPIC_AUTH_TOKEN");
    Check c = run_env("env.base_url", v);
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "env-base-url-missing");
    CHECK_THAT(c.summary, Catch::Contains("ANTHROPIC_BASE_URL"));
    CHECK_THAT(c.summary, Catch::Contains("api.anthropic.com"));
    CHECK_THAT(c.hint, Catch::Contains("172.30.0.30:10001"));
    CHECK_THAT(c.hint, Catch::Contains("OIDC"));
  }
  SECTION("outside awf -> warn (R04, direct mode)") {
    Check c = run_env("env.base_url", {{"ANTHROPIC_API_KEY", kRealKey}});
    CHECK(c.status == Status::warn);
  }
  SECTION("agent for another provider -> skip (R18)") {
    Check c = run_env("env.base_url",
                      {{"OPENAI_BASE_URL", "http://172.30.0.30:10000"}, {"AWF_CHROOT_ENABLED", "true"}});
    CHECK(c.status == Status::skip);
    CHECK_FALSE(c.skip_reason.empty());
  }
}

TEST_CASE("env.base_url: path ending in /v1 -> fail (R10)", "[probes][env]") {
  for (const char* url : {"http://gateway.example.test:4000/api/v1", "http://172.30.0.30:10001/v1/",
                          "http://172.30.0.30:10001/v1"}) {
    Check c = run_env("env.base_url", {{"ANTHROPIC_BASE_URL", url}});
    INFO(url << " -> " << c.summary);
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "env-base-url-path");
    CHECK_THAT(c.summary, Catch::Contains("/v1/v1/messages"));
    CHECK_THAT(c.summary, Catch::Contains("404"));
  }
  Check c = run_env("env.base_url", {{"ANTHROPIC_BASE_URL", "http://gateway.example.test:4000/api/v1"}});
  CHECK_THAT(c.hint, Catch::Contains("http://gateway.example.test:4000/api"));
}

TEST_CASE("env.base_url: other path -> warn in awf, a gateway's prefix outside — malformed or wrong scheme -> fail",
          "[probes][env]") {
  Vars in_awf = awf_env();
  in_awf["ANTHROPIC_BASE_URL"] = "http://gw.example.test/api";
  CHECK(run_env("env.base_url", in_awf).status == Status::warn);
  // Outside awf (no marker) a path is how a gateway is addressed (LiteLLM's /anthropic; new-user test F10).
  Check gw = run_env("env.base_url", {{"ANTHROPIC_BASE_URL", "http://gw.example.test/anthropic"}});
  CHECK(gw.status == Status::pass);
  CHECK_THAT(gw.summary, Catch::Contains("gateway's route prefix"));
  for (const char* url : {"172.30.0.30:10001", "http://", "ftp://172.30.0.30:10001", "not a url"}) {
    Check c = run_env("env.base_url", {{"ANTHROPIC_BASE_URL", url}});
    INFO(url << " -> " << c.summary);
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "env-base-url-malformed");
  }
}

// ---- env.api_key -------------------------------------------------------------------------------

TEST_CASE("env.api_key: absent -> pass", "[probes][env]") {
  Check c = run_env("env.api_key", awf_env());
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["ANTHROPIC_API_KEY"]["present"] == false);
}

TEST_CASE("env.api_key: a key in the awf agent -> fail, never shown", "[probes][env]") {
  for (const char* name : {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY"}) {
    Vars v = awf_env();
    v[name] = kRealKey;
    SecretSet secrets;
    Check c = run_env("env.api_key", v, secrets);
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "env-api-key-present");
    CHECK_THAT(c.summary, Catch::Contains(name));
    CHECK_THAT(c.summary, Catch::Contains("bypasses the api-proxy"));
    CHECK(c.evidence[name]["length"] == std::string(kRealKey).size());
    CHECK(dump(c).find(kRealKey) == std::string::npos);
    CHECK(registered(secrets, kRealKey));
  }
  Vars v = awf_env();
  v["ANTHROPIC_API_KEY"] = "";
  CHECK(run_env("env.api_key", v).status == Status::fail);
}

TEST_CASE("env.api_key: outside awf -> warn (R04)", "[probes][env]") {
  Check c = run_env("env.api_key", {{"ANTHROPIC_API_KEY", kRealKey}});
  CHECK(c.status == Status::warn);
  CHECK(dump(c).find(kRealKey) == std::string::npos);
}

// ---- env.auth_token ----------------------------------------------------------------------------

TEST_CASE("env.auth_token: placeholder or absent -> pass", "[probes][env]") {
  Check c = run_env("env.auth_token", awf_env());
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["ANTHROPIC_AUTH_TOKEN"]["value"] == kPlaceholder);
  CHECK(c.evidence["credential_sources"] == nlohmann::json{"ANTHROPIC_AUTH_TOKEN"});
  Vars v = awf_env();
  v.erase("ANTHROPIC_AUTH_TOKEN");
  Check a = run_env("env.auth_token", v);
  CHECK(a.status == Status::pass);
  CHECK(a.evidence["ANTHROPIC_AUTH_TOKEN"]["present"] == false);
  CHECK(a.evidence["credential_sources"].empty());
}

TEST_CASE("env.auth_token: old placeholder -> warn (R01)", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_AUTH_TOKEN"] = "placeholder-token-for-credential-isolation";
  Check c = run_env("env.auth_token", v);
  CHECK(c.status == Status::warn);
  CHECK_THAT(c.summary, Catch::Contains("v0.25.6"));
}

TEST_CASE("env.auth_token: real-looking token -> fail in an awf agent, never shown", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_AUTH_TOKEN"] = kCanary;
  SecretSet secrets;
  Check c = run_env("env.auth_token", v, secrets);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "env-real-token");
  CHECK(dump(c).find(kCanary) == std::string::npos);
  CHECK(registered(secrets, kCanary));
}

TEST_CASE("env.auth_token: another value -> fail inside awf, warn outside (R06)", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_AUTH_TOKEN"] = "test-unrelated-token-0001";
  Check in = run_env("env.auth_token", v);
  CHECK(in.status == Status::fail);
  CHECK(dump(in).find("test-unrelated-token-0001") == std::string::npos);
  Check out = run_env("env.auth_token", {{"ANTHROPIC_BASE_URL", "https://llm-provider.example.test"},
                                         {"ANTHROPIC_AUTH_TOKEN", "test-unrelated-token-0001"}});
  CHECK(out.status == Status::warn);
  CHECK_THAT(out.summary, Catch::Contains("not awf's placeholder"));
  CHECK(dump(out).find("test-unrelated-token-0001") == std::string::npos);
}

TEST_CASE("env.auth_token: CLAUDE_CODE_OAUTH_TOKEN in the awf agent -> fail — sources listed", "[probes][env]") {
  Vars v = awf_env();
  v["CLAUDE_CODE_OAUTH_TOKEN"] = "test-oauth-token-0001";
  v["ANTHROPIC_API_KEY"] = kRealKey;
  Check c = run_env("env.auth_token", v);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "env-oauth-token-present");
  CHECK(c.evidence["credential_sources"] ==
        nlohmann::json{"ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"});
  CHECK(dump(c).find("test-oauth-token-0001") == std::string::npos);
  CHECK(dump(c).find(kRealKey) == std::string::npos);
}

// ---- env.no_proxy ------------------------------------------------------------------------------

TEST_CASE("no_proxy_match rules", "[probes][env]") {
  using awf::probe_detail::no_proxy_match;
  CHECK(no_proxy_match(kNoProxy, "172.30.0.30", 10001).matched);
  CHECK(no_proxy_match(kNoProxy, "172.30.0.30", 10001).entry == "172.30.0.30");
  CHECK_FALSE(no_proxy_match(kNoProxy, "api-proxy", 10001).matched);
  CHECK(no_proxy_match(" localhost , API-Proxy ", "api-proxy", 10001).entry == "API-Proxy");
  CHECK(no_proxy_match("*", "anything.example", 1).matched);
  CHECK(no_proxy_match(".example.test", "gw.example.test", 80).matched);
  CHECK(no_proxy_match(".example.test", "example.test", 80).matched);
  CHECK(no_proxy_match("example.test", "a.b.example.test", 80).matched);
  CHECK(no_proxy_match("*.example.test", "gw.example.test", 80).matched);
  CHECK_FALSE(no_proxy_match("example.test", "badexample.test", 80).matched);
  CHECK_FALSE(no_proxy_match("0.0.30", "172.30.0.30", 80).matched);
  CHECK(no_proxy_match("api-proxy:10001", "api-proxy", 10001).matched);
  CHECK_FALSE(no_proxy_match("api-proxy:10000", "api-proxy", 10001).matched);
  CHECK(no_proxy_match("::1", "::1", 10001).matched);
  CHECK(no_proxy_match("[::1]", "::1", 10001).matched);
  CHECK(no_proxy_match("[::1]:10001", "[::1]", 10001).matched);
  CHECK_FALSE(no_proxy_match("[::1]:10000", "::1", 10001).matched);
  CHECK(no_proxy_match("fd00::30", "FD00::30", 1).matched);
  CHECK_FALSE(no_proxy_match("", "api-proxy", 1).matched);
}

TEST_CASE("env.no_proxy: awf's IP base URL is exempted -> pass", "[probes][env]") {
  Check c = run_env("env.no_proxy", awf_env());
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["host"] == "172.30.0.30");
  CHECK(c.evidence["port"] == 10001);
  CHECK(c.evidence["matched_entry"] == "172.30.0.30");
  CHECK(c.evidence["variable"] == "NO_PROXY,no_proxy");
}

TEST_CASE("env.no_proxy: hostname base URL missing from NO_PROXY -> fail (R13)", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_BASE_URL"] = "http://api-proxy:10001";
  Check c = run_env("env.no_proxy", v);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "env-no-proxy-host-missing");
  CHECK_THAT(c.summary, Catch::Contains("NO_PROXY"));
  CHECK_THAT(c.summary, Catch::Contains("api-proxy"));
  CHECK_THAT(c.summary, Catch::Contains("host string"));
  CHECK_THAT(c.hint, Catch::Contains("v0.25.57"));
  v["NO_PROXY"] = std::string(kNoProxy) + ",api-proxy";
  v["no_proxy"] = v["NO_PROXY"];
  CHECK(run_env("env.no_proxy", v).status == Status::pass);
}

TEST_CASE("env.no_proxy: suffix, *, port and IPv6 entries", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_BASE_URL"] = "https://gw.example.test";
  v["NO_PROXY"] = v["no_proxy"] = "localhost,.example.test";
  CHECK(run_env("env.no_proxy", v).status == Status::pass);
  v["NO_PROXY"] = v["no_proxy"] = "*";
  CHECK(run_env("env.no_proxy", v).status == Status::pass);
  v["NO_PROXY"] = v["no_proxy"] = "gw.example.test:443";
  CHECK(run_env("env.no_proxy", v).status == Status::pass);
  v["NO_PROXY"] = v["no_proxy"] = "gw.example.test:8443";
  CHECK(run_env("env.no_proxy", v).status == Status::fail);
  v["ANTHROPIC_BASE_URL"] = "http://[::1]:10001";
  v["NO_PROXY"] = v["no_proxy"] = "localhost,::1";
  Check c = run_env("env.no_proxy", v);
  INFO(dump(c));
  CHECK(c.status == Status::pass);
  v["NO_PROXY"] = v["no_proxy"] = "[::1]:10001";
  CHECK(run_env("env.no_proxy", v).status == Status::pass);
}

TEST_CASE("env.no_proxy: NO_PROXY and no_proxy differ -> warn naming the one that exempts", "[probes][env]") {
  Vars v = awf_env();
  v["ANTHROPIC_BASE_URL"] = "http://api-proxy:10001";
  v["NO_PROXY"] = std::string(kNoProxy) + ",api-proxy";
  Check c = run_env("env.no_proxy", v);
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["variable"] == "NO_PROXY");
  CHECK_THAT(c.summary, Catch::Contains("NO_PROXY exempts api-proxy"));
  CHECK_THAT(c.summary, Catch::Contains("no_proxy does not"));
}

TEST_CASE("env.no_proxy: no proxy -> pass — no NO_PROXY -> fail — no base URL -> skip", "[probes][env]") {
  Check none = run_env("env.no_proxy", {{"ANTHROPIC_BASE_URL", "http://gw.example.test"}});
  CHECK(none.status == Status::pass);
  CHECK_THAT(none.summary, Catch::Contains("nothing to bypass"));
  Check missing = run_env("env.no_proxy", {{"ANTHROPIC_BASE_URL", "http://172.30.0.30:10001"},
                                           {"HTTPS_PROXY", "http://172.30.0.10:3128"}});
  CHECK(missing.status == Status::fail);
  for (const char* url : {"", "not a url"}) {
    Vars v = awf_env();
    if (*url) v["ANTHROPIC_BASE_URL"] = url;
    else v.erase("ANTHROPIC_BASE_URL");
    Check c = run_env("env.no_proxy", v);
    CHECK(c.status == Status::skip);
    CHECK(c.skip_reason == "ANTHROPIC_BASE_URL unset or malformed (see env.base_url)");
  }
}
