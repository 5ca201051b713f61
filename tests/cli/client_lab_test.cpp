// The client-shaped probe against the loopback lab (real Squid, api-proxy and upstream doubles):
// H1 decided by sending what the client sends and bisecting a refusal (issue 6 pt 2). Cases R22,
// R25, R29 and two self-written hop-side twins (a sidecar refusing one anthropic-beta value, a
// hop refusing the query string).
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"
#include "support/lab_run.hpp"

using awf::test::CmdResult;
using awf::test::check;
using awf::test::hypothesis;
using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

using Run = awf::test::LabRun;

// The stream probe is covered by stream_lab_test: skipped here (not --no-spend, which also keeps the
// client-shaped request from a gateway).
Run diagnose(const Lab& lab, std::vector<std::string> extra = {}) {
  extra.insert(extra.end(), {"--skip", "proxy.stream"});
  return awf::test::run_chain_json(lab, extra);
}

bool mentions(const json& j, const std::string& s) { return j.dump().find(s) != std::string::npos; }

void require_h1_supported(const Run& r, const std::string& check_id, const std::string& fault,
                          const std::string& element, const std::string& link) {
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 1);
  const json& c = check(r.doc, check_id);
  CHECK(c["status"] == "fail");
  CHECK(c["evidence"]["fault"] == fault);
  CHECK(r.doc["links"][link] == "fail");
  const json& h1 = hypothesis(r.doc, "H1");
  CHECK(h1["verdict"] == "supported");
  CHECK(mentions(h1, element));
  CHECK(mentions(check(r.doc, "proxy.client_request")["evidence"]["bisection"], element));
  for (const char* secret : {"test-real-anthropic-key-0001", "test-gateway-key-0001", "test-oauth-token-0001"})
    CHECK(r.res.out.find(secret) == std::string::npos);
}

}  // namespace

TEST_CASE("client lab, healthy: the client's own request is accepted too and H1 is refuted by both", "[lab][cli][client]") {
  Lab lab("none");
  Run r = diagnose(lab);
  INFO(r.res.out << r.res.err);
  CHECK(r.res.exit_code == 0);
  const json& c = check(r.doc, "proxy.client_request");
  CHECK(c["status"] == "pass");
  CHECK(c["evidence"]["client"] == "claude-code 2.1.88");
  CHECK(c["evidence"]["request"]["url"].get<std::string>().find("/v1/messages?beta=true") != std::string::npos);
  CHECK(check(r.doc, "upstream.client_request")["status"] == "pass");
  const json& h1 = hypothesis(r.doc, "H1");
  CHECK(h1["verdict"] == "refuted");
  CHECK(mentions(h1, "both the minimal request"));
  CHECK(mentions(h1, "POST /v1/messages?beta=true"));
}

TEST_CASE("client lab: beta-rejected (R22) names the retired anthropic-beta value", "[lab][cli][client]") {
  Lab lab("beta-rejected");
  Run r = diagnose(lab, {"--client-profile", lab.get("LAB_CLIENT_PROFILE")});
  require_h1_supported(r, "upstream.client_request", "upstream-beta-header-rejected",
                       "the anthropic-beta value `context-1m-2025-08-07`", "upstream");
  CHECK(check(r.doc, "proxy.forward")["status"] == "pass");
  CHECK(mentions(check(r.doc, "upstream.client_request"), "Unexpected value(s)"));
}

TEST_CASE("client lab: gateway-prefers-authorization (R29) names the Authorization header", "[lab][cli][client]") {
  Lab lab("gateway-prefers-authorization");
  Run r = diagnose(lab);
  require_h1_supported(r, "proxy.client_request", "proxy-auth-header-precedence", "the Authorization header", "proxy");
}

TEST_CASE("client lab: --no-spend sends no client-shaped request to a gateway (it may bill a body without max_tokens)",
          "[lab][cli][client]") {
  for (const char* fault : {"gateway-healthy", "gateway-prefers-authorization"}) {
    INFO(fault);
    Lab lab(fault);
    Run r = awf::test::run_chain_json(lab, {"--no-spend"});
    INFO(r.res.out << r.res.err);
    const json& c = check(r.doc, "proxy.client_request");
    CHECK(c["status"] == "skip");
    CHECK(mentions(c["skip_reason"], "--no-spend"));
    CHECK(c["evidence"]["spent"]["requests"] == 0);
    CHECK(r.res.out.find("test-gateway-key-0001") == std::string::npos);
  }
}

TEST_CASE("client lab: path-not-served (R25) names the client's path, on the env link as the case expects",
          "[lab][cli][client]") {
  Lab lab("path-not-served");
  Run r = diagnose(lab, {"--client-profile", lab.get("LAB_CLIENT_PROFILE")});
  // R25's expect: failed_link env, fault env-client-protocol-mismatch, proxy and squid pass.
  require_h1_supported(r, "env.client_path", "env-client-protocol-mismatch", "the path `/chat/completions`", "env");
  CHECK(r.doc["summary"]["failed_link"] == "env");
  CHECK(r.doc["summary"]["leading_cause"] == "env-client-protocol-mismatch");
  CHECK(r.doc["links"]["proxy"] == "pass");
  CHECK(r.doc["links"]["squid"] == "pass");
  CHECK(check(r.doc, "upstream.client_request")["status"] == "pass");
  CHECK(mentions(check(r.doc, "env.client_path")["summary"], "/chat/completions"));
}

TEST_CASE("client lab: a sidecar that refuses one anthropic-beta value of Claude Code's", "[lab][cli][client]") {
  Lab lab("sidecar-refuses-beta");
  Run r = diagnose(lab);
  require_h1_supported(r, "proxy.client_request", "proxy-client-element-refused",
                       "the anthropic-beta value `interleaved-thinking-2025-05-14`", "proxy");
  CHECK(check(r.doc, "proxy.forward")["status"] == "pass");
}

TEST_CASE("client lab: a hop that refuses the query string ?beta=true", "[lab][cli][client]") {
  Lab lab("gateway-refuses-query");
  Run r = diagnose(lab);
  require_h1_supported(r, "proxy.client_request", "proxy-client-element-refused", "the query string `?beta=true`",
                       "proxy");
}

TEST_CASE("a client profile file that does not load is a usage error (--client-profile)", "[cli][client]") {
  awf::test::TempDir d;
  const std::string env = d.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  const std::string bad = d.write("profile.json", "{\"schema\": 7}\n");
  CmdResult r = run_awf_diag({"check-chain", "--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9",
                              "--upstream", "https://127.0.0.1:9", "--env-file", env, "--client-profile", bad});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--client-profile") != std::string::npos);
}
