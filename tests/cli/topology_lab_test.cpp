// Issue 5 (c): the topology model end to end on the loopback lab. Every hop is given explicitly.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "support/report_json.hpp"
#include "support/lab.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

json run_json(std::vector<std::string> args, int* exit_code = nullptr) {
  args.insert(args.begin(), "check-chain");
  args.push_back("-o");
  args.push_back("json");
  auto r = run_awf_diag(args, {}, 90);
  INFO(r.out << r.err);
  json doc = json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  if (exit_code) *exit_code = r.exit_code;
  CHECK(r.out.find("test-gateway-key-0001") == std::string::npos);
  CHECK(r.out.find("test-real-anthropic-key-0001") == std::string::npos);
  return doc;
}

/// The lab's flags plus the base URL and Squid given explicitly (loopback only, whatever the env file holds).
std::vector<std::string> explicit_flags(const Lab& lab) {
  auto args = lab.chain_flags();
  for (const char* f : {"--base-url", "LAB_BASE_URL", "--squid", "LAB_SQUID_URL"}) args.push_back(f[0] == '-' ? f : lab.get(f));
  return args;
}

/// No fault id of a hop the gateway topology does not have (awf's sidecar, Squid).
void no_awf_faults(const json& doc) {
  for (const auto& c : doc["checks"]) {
    INFO(c.dump());
    if (!c["evidence"].contains("fault")) continue;
    const std::string f = c["evidence"]["fault"].get<std::string>();
    CHECK(f.rfind("squid-", 0) != 0);
    CHECK(f != "proxy-sidecar-gone");
    CHECK(f != "proxy-key-invalid-character");
    CHECK(f != "proxy-provider-not-configured");
  }
}

}  // namespace

TEST_CASE("topology: a healthy gateway is judged as a gateway and exits 0", "[lab][cli][issue5][topology]") {
  Lab lab("gateway-healthy");
  int code = -1;
  json doc = run_json(explicit_flags(lab), &code);
  CHECK(code == 0);
  CHECK(doc["run"]["topology"]["mode"] == "gateway");
  CHECK(doc["run"]["topology"]["mode_decided_by"] == "auto");
  const json* mode = awf::test::find_check(doc, "topology.mode");
  REQUIRE(mode);
  CHECK(mode->at("status") == "pass");
  const json* state = awf::test::find_check(doc, "proxy.sidecar_state");
  REQUIRE(state);
  CHECK(state->at("status") == "skip");
  CHECK(state->at("skip_reason").get<std::string>().rfind("not part of this topology (mode: gateway", 0) == 0);
  const json* tunnel = awf::test::find_check(doc, "squid.sidecar_tunnel");
  REQUIRE(tunnel);
  CHECK(tunnel->at("status") == "skip");
  const json* auth = awf::test::find_check(doc, "upstream.auth");
  REQUIRE(auth);
  CHECK(auth->at("status") == "pass");
  no_awf_faults(doc);
  // The text report's first line names the topology it judged.
  auto args = explicit_flags(lab);
  args.insert(args.begin(), "check-chain");
  auto text = run_awf_diag(args, {}, 90);
  CHECK(text.out.rfind("topology: gateway (auto)", 0) == 0);
}

TEST_CASE("topology: R29's gateway refusing the client's credentials fails, in gateway mode", "[lab][cli][issue5][topology]") {
  Lab lab("gateway-prefers-authorization");
  int code = -1;
  json doc = run_json(explicit_flags(lab), &code);
  CHECK(code == 1);
  CHECK(doc["summary"]["verdict"] == "FAIL");
  CHECK(doc["run"]["topology"]["mode"] == "gateway");
  const json* fwd = awf::test::find_check(doc, "proxy.forward");
  REQUIRE(fwd);
  CHECK(fwd->at("status") == "fail");
  CHECK(fwd->at("evidence")["http_status"] == 401);
  no_awf_faults(doc);
}

TEST_CASE("topology: --mode awf on the gateway keeps awf's checks (forced, and said so)", "[lab][cli][issue5][topology]") {
  Lab lab("gateway-healthy");
  auto args = explicit_flags(lab);
  args.push_back("--mode");
  args.push_back("awf");
  json doc = run_json(args);
  CHECK(doc["run"]["topology"]["mode"] == "awf");
  CHECK(doc["run"]["topology"]["mode_decided_by"] == "flag");
  const json* health = awf::test::find_check(doc, "proxy.health");
  REQUIRE(health);
  CHECK(health->at("status") != "skip");
}

TEST_CASE("topology: the awf lab is judged awf from its markers", "[lab][cli][issue5][topology]") {
  Lab lab("none");
  int code = -1;
  json doc = run_json(explicit_flags(lab), &code);
  CHECK(code == 0);
  CHECK(doc["run"]["topology"]["mode"] == "awf");
  CHECK(doc["run"]["topology"]["evidence"].dump().find("AWF_CHROOT_ENABLED") != std::string::npos);
}

// New-user test F24/F10: in gateway mode the route credential is what Claude Code sends, the apiKeyHelper's
// output included (x-api-key and Bearer, domain facts §3), and the words name the gateway, not an api-proxy.
TEST_CASE("topology: a gateway keyed by the apiKeyHelper's output passes", "[lab][cli][issue5][topology][gateway]") {
  Lab lab("gateway-helper");
  int code = -1;
  json doc = run_json(explicit_flags(lab), &code);
  CHECK(code == 0);
  CHECK(doc["summary"]["verdict"] == "PASS");
  CHECK(doc["run"]["topology"]["mode"] == "gateway");
  const json* fwd = awf::test::find_check(doc, "proxy.forward");
  REQUIRE(fwd);
  CHECK(fwd->at("status") == "pass");
  CHECK(fwd->at("evidence")["request"]["credential"] == "client");
  CHECK(fwd->at("evidence")["request"]["headers"]["x-api-key"] == "(the client's apiKeyHelper)");
  CHECK(fwd->at("evidence")["request"]["headers"]["authorization"] == "(the client's apiKeyHelper)");
  CHECK(fwd->at("summary").get<std::string>().rfind("the gateway forwarded the request", 0) == 0);
  const json* auth = awf::test::find_check(doc, "upstream.auth");
  REQUIRE(auth);
  CHECK(auth->at("status") == "pass");
  const std::string s = auth->at("summary").get<std::string>();
  CHECK(s.find("the key the client sends to the gateway (apiKeyHelper)") != std::string::npos);
  CHECK(s.find("api-proxy") == std::string::npos);
  const json* client = awf::test::find_check(doc, "proxy.client_request");
  REQUIRE(client);
  CHECK(client->at("status") == "pass");
  no_awf_faults(doc);
}

TEST_CASE("topology: a gateway refusing the apiKeyHelper's output fails on the proxy link, named as the gateway",
          "[lab][cli][issue5][topology][gateway]") {
  Lab lab("gateway-helper-wrong-key");
  int code = -1;
  json doc = run_json(explicit_flags(lab), &code);
  CHECK(code == 1);
  CHECK(doc["summary"]["verdict"] == "FAIL");
  CHECK(doc["summary"]["leading_cause"] == "proxy-gateway-own-error");
  const json* fwd = awf::test::find_check(doc, "proxy.forward");
  REQUIRE(fwd);
  CHECK(fwd->at("status") == "fail");
  CHECK(fwd->at("evidence")["http_status"] == 401);
  CHECK(fwd->at("evidence")["fault"] == "proxy-gateway-own-error");
  CHECK(fwd->at("evidence")["request"]["credential"] == "client");
  CHECK(fwd->at("summary").get<std::string>().find("api-proxy") == std::string::npos);
  CHECK(doc.dump().find("test-wrong-gateway-key-0002") == std::string::npos);
  no_awf_faults(doc);
}
