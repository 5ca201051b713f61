// decide_topology and the applicability table: pure, no I/O (docs/topology.md).
#include <catch.hpp>

#include "core/env_snapshot.hpp"
#include "topology/topology.hpp"

using namespace awf;

namespace {

TopologyInputs inputs(const EnvSnapshot& env, std::string base_origin = "flag") {
  TopologyInputs in;
  in.env = &env;
  in.base_url = "http://127.0.0.1:4000";
  in.base_url_origin = std::move(base_origin);
  in.squid_origin = "default";
  return in;
}

EnvSnapshot env_of(std::map<std::string, std::string> vars) {
  EnvSnapshot e;
  e.vars = std::move(vars);
  e.source = "test";
  return e;
}

}  // namespace

TEST_CASE("topology: an awf marker decides awf before anything is asked", "[topology]") {
  auto env = env_of({{"AWF_CHROOT_ENABLED", "true"}, {"ANTHROPIC_BASE_URL", "http://127.0.0.1:4000"}});
  Topology t = decide_topology(inputs(env));
  CHECK(t.mode == Mode::awf);
  CHECK(t.mode_decided_by == "auto");
  CHECK_FALSE(t.undecided);
  CHECK(t.squid_hop);
  CHECK(t.evidence.back().find("AWF_CHROOT_ENABLED") != std::string::npos);
  CHECK(t.provider == ProviderId::anthropic);
  CHECK(t.provider_decided_by == "env:ANTHROPIC_BASE_URL");
}

TEST_CASE("topology: no base URL override and no marker is direct", "[topology]") {
  auto env = env_of({{"ANTHROPIC_API_KEY", "test-direct-key-0001"}});
  Topology t = decide_topology(inputs(env, "default"));
  CHECK(t.mode == Mode::direct);
  CHECK_FALSE(t.squid_hop);
  CHECK(t.evidence.back().find("no Squid hop") != std::string::npos);
  CHECK(to_json(t)["mode"] == "direct");
  // direct + an HTTPS proxy in the environment: the Squid hop is there
  TopologyInputs in = inputs(env, "default");
  in.squid_origin = "env:HTTPS_PROXY";
  CHECK(decide_topology(in).squid_hop);
}

TEST_CASE("topology: the base URL's /health decides awf or gateway", "[topology]") {
  auto env = env_of({{"ANTHROPIC_BASE_URL", "http://127.0.0.1:4000"}, {"ANTHROPIC_API_KEY", "test-gateway-key-0001"}});
  TopologyInputs in = inputs(env);
  SECTION("nothing asked yet: undecided, awf kept, the other reading named") {
    Topology t = decide_topology(in);
    CHECK(t.mode == Mode::awf);
    CHECK(t.undecided);
    CHECK(t.evidence.back().find("--mode gateway") != std::string::npos);
  }
  SECTION("awf's per-port service name") {
    in.base_health = {true, 200, "", "awf-api-proxy-anthropic", true};
    Topology t = decide_topology(in);
    CHECK(t.mode == Mode::awf);
    CHECK_FALSE(t.undecided);
  }
  SECTION("LiteLLM's {\"status\":\"healthy\"} (no awf shape) is a gateway") {
    in.base_health = {true, 200, "", "", false};
    Topology t = decide_topology(in);
    CHECK(t.mode == Mode::gateway);
    CHECK(t.evidence[t.evidence.size() - 2].find("HTTP 200") != std::string::npos);
  }
  SECTION("a 404 at /health is a gateway too (self-written: an OpenAI-compatible service without /health)") {
    in.base_health = {true, 404, "", "", false};
    CHECK(decide_topology(in).mode == Mode::gateway);
  }
  SECTION("no answer: still undecided") {
    in.base_health = {true, std::nullopt, "connection refused", "", false};
    Topology t = decide_topology(in);
    CHECK(t.undecided);
    CHECK(t.evidence.back().find("connection refused") != std::string::npos);
  }
  SECTION("awf's sidecar address decides awf without an answer") {
    in.base_url = "http://172.30.0.30:10001";
    CHECK(decide_topology(in).mode == Mode::awf);
  }
}

TEST_CASE("topology: --mode and --provider force the decision", "[topology]") {
  auto env = env_of({{"AWF_CHROOT_ENABLED", "true"}});
  TopologyInputs in = inputs(env);
  in.mode_flag = "gateway";
  in.provider_flag = "openai";
  Topology t = decide_topology(in);
  CHECK(t.mode == Mode::gateway);
  CHECK(t.mode_decided_by == "flag");
  CHECK(t.provider == ProviderId::openai);
  CHECK(t.provider_decided_by == "flag");
  CHECK(describe(t).find("topology: gateway (flag), provider openai (flag)") == 0);
}

TEST_CASE("topology: the provider comes from the first row whose variables are set", "[topology]") {
  auto env = env_of({{"OPENAI_API_KEY", "sk-placeholder-for-api-proxy"}});
  Topology t = decide_topology(inputs(env));
  CHECK(t.provider == ProviderId::openai);
  CHECK(t.provider_decided_by == "env:OPENAI_API_KEY");
  auto none = env_of({});
  CHECK(decide_topology(inputs(none)).provider_decided_by == "default");
}

TEST_CASE("topology: checks of hops that are not there are skipped with the reason", "[topology]") {
  Topology awf_t;
  for (auto id : {"proxy.sidecar_state", "proxy.health", "proxy.forward", "squid.sidecar_tunnel", "squid.connect",
                  "upstream.auth", "env.api_key", "helper.run"})
    CHECK_FALSE(not_in_topology(id, awf_t));

  Topology gw;
  gw.mode = Mode::gateway;
  gw.squid_hop = false;
  auto why = not_in_topology("proxy.sidecar_state", gw);
  REQUIRE(why);
  CHECK(why->rfind("not part of this topology (mode: gateway", 0) == 0);
  CHECK(not_in_topology("squid.sidecar_tunnel", gw));
  CHECK(not_in_topology("squid.connect", gw));
  CHECK_FALSE(not_in_topology("proxy.forward", gw));
  CHECK_FALSE(not_in_topology("proxy.tcp", gw));
  CHECK_FALSE(not_in_topology("upstream.auth", gw));

  Topology direct;
  direct.mode = Mode::direct;
  direct.squid_hop = false;
  for (auto id : {"proxy.tcp", "proxy.forward", "proxy.stream", "squid.connect", "squid.tls", "upstream.reachable",
                  "env.base_url", "env.no_proxy"})
    CHECK(not_in_topology(id, direct));
  CHECK_FALSE(not_in_topology("upstream.auth", direct));
  direct.squid_hop = true;
  CHECK_FALSE(not_in_topology("squid.connect", direct));
  CHECK(not_in_topology("squid.sidecar_tunnel", direct));
}

TEST_CASE("applicability: Claude Code's own checks belong to the Anthropic route only", "[topology][issue5]") {
  Topology t;
  CHECK_FALSE(not_in_topology("helper.config", t));
  CHECK_FALSE(not_in_topology("env.settings_env", t));
  t.provider = ProviderId::openai;
  auto why = not_in_topology("helper.run", t);
  REQUIRE(why);
  CHECK(why->rfind(std::string(kNotInTopology), 0) == 0);
  CHECK(why->find("Codex") != std::string::npos);
  CHECK(not_in_topology("env.settings_env", t));
  CHECK_FALSE(not_in_topology("env.auth_token", t));
  CHECK_FALSE(not_in_topology("proxy.forward", t));
}

TEST_CASE("provider auto: the other providers whose variables are set are named, not judged", "[topology][issue5]") {
  EnvSnapshot env;
  env.vars = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:1"}, {"OPENAI_BASE_URL", "http://127.0.0.1:2"},
              {"COPILOT_GITHUB_TOKEN", "ghu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}};
  TopologyInputs in;
  in.env = &env;
  in.base_url = "http://127.0.0.1:1";
  in.base_url_origin = "env:ANTHROPIC_BASE_URL";
  Topology t = decide_topology(in);
  CHECK(t.provider == ProviderId::anthropic);
  REQUIRE(t.routes_not_judged.size() == 2);
  CHECK(t.routes_not_judged[0] == "openai (OPENAI_BASE_URL)");
  CHECK(t.routes_not_judged[1] == "copilot (COPILOT_GITHUB_TOKEN)");
  CHECK(to_json(t)["routes_not_judged"].size() == 2);
  ProviderChoice c = decide_provider("copilot", &env);
  CHECK(c.id == ProviderId::copilot);
  CHECK(c.decided_by == "flag");
}
