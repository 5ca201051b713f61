// Issue 5 (2): the Codex (OpenAI) and Copilot routes end to end on the loopback lab (tests/lab/lab_providers.py).
// Every hop is given explicitly and on loopback: the route's sidecar port, Squid, the route's upstream double.
#include <catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

struct Run {
  json doc;
  int exit_code = -1;
};

/// check-chain on the lab's `route` ("openai" | "copilot"), auto provider unless `provider` is given.
Run run_route(const Lab& lab, const std::string& route, const std::string& provider = "") {
  std::vector<std::string> args = lab.route_flags(route);
  args.insert(args.begin(), "check-chain");
  args.insert(args.end(), {"--management-url", lab.get("LAB_OPENAI_URL"), "--timeout", "40", "-o", "json"});
  if (!provider.empty()) {
    args.push_back("--provider");
    args.push_back(provider);
  }
  auto r = run_awf_diag(args, {}, 90);
  INFO(r.out << r.err);
  Run out;
  out.doc = json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(out.doc.is_discarded());
  out.exit_code = r.exit_code;
  for (const char* secret : {"test-real-openai-key-0001", "test-revoked-openai-key-0009", "test-real-copilot-token-0001",
                             "test-real-anthropic-key-0001"})
    CHECK(r.out.find(secret) == std::string::npos);
  return out;
}

const json& check_of(const json& doc, const std::string& id) {
  for (const auto& c : doc["checks"])
    if (c["id"] == id) return c;
  FAIL("no check " << id);
  static const json none;
  return none;
}

std::string fault_of(const json& c) { return c["evidence"].value("fault", ""); }

}  // namespace

TEST_CASE("providers: an OpenAI 401 through the sidecar is the upstream's, never the api-proxy's",
          "[lab][cli][issue5][providers]") {
  Lab lab("openai-revoked-key");
  Run r = run_route(lab, "openai");
  INFO(r.doc.dump(1));
  CHECK(r.exit_code == 1);
  CHECK(r.doc["run"]["topology"]["provider"] == "openai");
  CHECK(r.doc["run"]["topology"]["provider_decided_by"] == "env:OPENAI_BASE_URL");
  CHECK(r.doc["run"]["topology"]["mode"] == "awf");
  const json& fwd = check_of(r.doc, "proxy.forward");
  CHECK(fwd["status"] == "pass");
  CHECK(fwd["evidence"]["answered_by"] == "openai");
  CHECK(fwd["evidence"]["request"]["url"].get<std::string>().find("/responses") != std::string::npos);
  const json& auth = check_of(r.doc, "upstream.auth");
  CHECK(auth["status"] == "fail");
  CHECK(fault_of(auth) == "upstream-key-rejected");
  CHECK(r.doc["links"]["proxy"] == "pass");
  CHECK(r.doc["links"]["env"] == "pass");
  CHECK(r.doc["links"]["upstream"] == "fail");
  CHECK(r.doc["summary"]["leading_cause"] == "upstream-key-rejected");
  for (const auto& c : r.doc["checks"]) {
    INFO(c.dump());
    const std::string f = fault_of(c);
    CHECK((f.rfind("proxy-", 0) != 0 || c["id"] == "proxy.forward"));  // no api-proxy cause at all
  }
  // The upstream double saw the sidecar's injected key, not the agent's placeholder.
  std::ifstream rec(lab.get("LAB_PROVIDER_UPSTREAM_RECORD"));
  std::string line, all;
  while (std::getline(rec, line)) all += line + "\n";
  CHECK(all.find(lab.get("LAB_OPENAI_KEY_FINGERPRINT")) != std::string::npos);
}

TEST_CASE("providers: the OpenAI port not configured is the sidecar's 404 of domain section 4",
          "[lab][cli][issue5][providers]") {
  Lab lab("openai-not-configured");
  Run r = run_route(lab, "openai");
  INFO(r.doc.dump(1));
  CHECK(r.exit_code == 1);
  CHECK(r.doc["links"]["proxy"] == "fail");
  CHECK(r.doc["summary"]["leading_cause"] == "proxy-provider-not-configured");
  // The management /health (providers.openai = false) already says so; without it the 404 body does.
  CHECK(fault_of(check_of(r.doc, "proxy.sidecar_state")) == "proxy-provider-not-configured");
  std::vector<std::string> base = lab.route_flags("openai");
  base.insert(base.begin(), "check-chain");
  base.insert(base.end(), {"--timeout", "40", "-o", "json", "--skip", "proxy.sidecar_state"});
  auto raw = run_awf_diag(base, {}, 90);
  INFO(raw.out << raw.err);
  json doc = json::parse(raw.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  const json& fwd = check_of(doc, "proxy.forward");
  CHECK(fwd["status"] == "fail");
  CHECK(fwd["evidence"]["answered_by"] == "api-proxy");
  CHECK(fwd["evidence"]["http_status"] == 404);
  CHECK(fault_of(fwd) == "proxy-provider-not-configured");
  CHECK(doc["summary"]["leading_cause"] == "proxy-provider-not-configured");
  CHECK(check_of(doc, "upstream.auth")["status"] != "pass");
  CHECK(doc["summary"]["verdict"] == "FAIL");
}

TEST_CASE("providers: Codex without a key ignores OPENAI_BASE_URL", "[lab][cli][issue5][providers]") {
  Lab lab("codex-no-key");
  Run r = run_route(lab, "openai");
  INFO(r.doc.dump(1));
  CHECK(r.exit_code == 1);
  CHECK(r.doc["run"]["topology"]["provider"] == "openai");
  const json& tok = check_of(r.doc, "env.auth_token");
  CHECK(tok["status"] == "fail");
  CHECK(fault_of(tok) == "env-client-ignores-base-url");
  CHECK(check_of(r.doc, "env.base_url")["status"] == "pass");
  CHECK(r.doc["links"]["env"] == "fail");
  CHECK(r.doc["summary"]["leading_cause"] == "env-client-ignores-base-url");
}

TEST_CASE("providers: Copilot with a placeholder that is not token-shaped", "[lab][cli][issue5][providers]") {
  Lab lab("copilot-untokened");
  Run r = run_route(lab, "copilot");
  INFO(r.doc.dump(1));
  CHECK(r.exit_code == 1);
  CHECK(r.doc["run"]["topology"]["provider"] == "copilot");
  CHECK(r.doc["run"]["spec"]["base_url"] == lab.get("LAB_COPILOT_URL"));
  const json& tok = check_of(r.doc, "env.auth_token");
  CHECK(tok["status"] == "fail");
  CHECK(fault_of(tok) == "env-token-not-token-shaped");
  CHECK(r.doc["links"]["env"] == "fail");
  CHECK(r.doc["summary"]["leading_cause"] == "env-token-not-token-shaped");
  // Copilot's route has no zero-token request in the table: never a pass.
  CHECK(check_of(r.doc, "proxy.forward")["status"] != "pass");
  CHECK(check_of(r.doc, "upstream.auth")["status"] != "pass");
}
