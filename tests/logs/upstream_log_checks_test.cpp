// log.upstream.auth (logs/upstream_log_checks.cpp): the provider is named as the producer of an
// error only on its own error shape (domain.md §6, §10); otherwise upstream-acceptance-unseen with
// the missing evidence named, and H1/H4 inconclusive rather than guessed — or by elimination, when the
// api-proxy logged its upstream's 401/403 and Squid logged the sidecar's tunnel established.
#include <catch.hpp>

#include "logs/log_check_parts.hpp"
#include "logs/log_report_util.hpp"

using namespace awf;
using test::analyze_case;
using test::analyze_dir;
using test::check_of;
using test::hyp;
using test::link_status;
using test::text_of;
using test::verdict_of;

TEST_CASE("provider_error_in: request id, top-level error shape, status before the body", "[logs][upstream_log]") {
  const Provider& p = provider(ProviderId::anthropic);
  auto s = logs::parts::provider_error_in(
      R"(API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},)"
      R"("request_id":"req_011CSelfWritten401shape"})",
      p);
  CHECK(s.provider_shaped());
  CHECK(s.request_id == "req_011CSelfWritten401shape");
  CHECK(s.top_level_type_error);
  CHECK(s.error_type == "authentication_error");
  CHECK(s.error_message == "invalid x-api-key");
  REQUIRE(s.status);
  CHECK(*s.status == 401);
  // A cut-off body (readers keep 240 bytes) still shows its shape.
  CHECK(logs::parts::provider_error_in(R"(API Error: 529 {"type":"error","error":{"type":"overloaded_er)", p)
            .top_level_type_error);
  // Not the provider's: the api-proxy's own shape, its UUID request id, a short or embedded "req_".
  for (const char* t : {R"(API Error: 503 {"error":{"type":"provider_not_configured","message":"x"}})",
                        "request_id 00000000-0000-4000-8000-000000000001", "req_short", "xreq_0123456789abc",
                        "Invalid API key · Fix external API key", ""})
    CHECK_FALSE(logs::parts::provider_error_in(t, p).provider_shaped());
  // A provider row without a known shape never matches.
  CHECK_FALSE(logs::parts::provider_error_in(R"({"type":"error","request_id":"req_0123456789"})",
                                             provider(ProviderId::gemini))
                  .provider_shaped());
}

TEST_CASE("401 with the provider's error shape in the client's output -> upstream-key-rejected from logs",
          "[logs][upstream_log]") {
  Report r = analyze_dir("upstream-401-provider-shape");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "upstream");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "upstream-key-rejected");
  CHECK(link_status(r, Link::squid) == "pass");
  CHECK(verdict_of(r, "H1") == "refuted");
  CHECK_THAT(hyp(r, "H1")->summary, Catch::Contains("the credential inside them is not"));
  CHECK(verdict_of(r, "H2") == "refuted");
  CHECK_THAT(hyp(r, "H2")->summary, Catch::Contains("auth_inject"));
  CHECK(verdict_of(r, "H3") == "refuted");
  CHECK(verdict_of(r, "H4") == "supported");
  std::string t = text_of(r);
  for (const char* m : {"401", "authentication_error", "request-id req_011CSelfWritten401shape"})
    CHECK_THAT(t, Catch::Contains(m));
  CHECK_THAT(t, !Catch::Contains("test-rev...0009"));
}

TEST_CASE("401s in the api-proxy log only: upstream fails, the producer is named as unseen, H1/H4 inconclusive",
          "[logs][upstream_log]") {
  Report r = analyze_dir("upstream-401-origin-unseen");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "upstream");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "upstream-acceptance-unseen");
  const Check* up = check_of(r, "log.upstream.auth");
  REQUIRE(up);
  CHECK(up->fault == FaultId::upstream_acceptance_unseen);
  CHECK_THAT(up->summary, Catch::Contains("no request-id req_… and no Anthropic error body in these logs"));
  CHECK_THAT(up->summary, Catch::Contains("no Squid log"));
  CHECK_THAT(up->summary, Catch::Contains("most likely rejected the key"));
  CHECK_THAT(up->hint, Catch::Contains("awf-diag probe upstream"));
  CHECK(verdict_of(r, "H1") == "inconclusive");
  CHECK_THAT(hyp(r, "H1")->summary, Catch::Contains("the logs show HTTP 401 but not who produced it"));
  CHECK(verdict_of(r, "H2") == "refuted");
  CHECK(verdict_of(r, "H4") == "inconclusive");
  CHECK_THAT(text_of(r), !Catch::Contains("test-rev...0009"));
}

TEST_CASE("R01 real-401 from its logs: the provider rejected the key, by elimination", "[logs][upstream_log]") {
  // The case's expect (upstream-key-rejected, H1 refuted, H4 supported). Its logs carry no request-id
  // and no error body, but the api-proxy logged upstream_auth_error 401 for its own upstream fetch and
  // Squid logged the sidecar's CONNECT tunnels established: neither Squid nor the api-proxy answers
  // 401 inside that chain, so the provider produced it (domain §4, §5, §10), and the report says so.
  Report r = analyze_case("R01", "real-401");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "upstream");
  CHECK(link_status(r, Link::proxy) == "pass");
  CHECK(link_status(r, Link::squid) == "pass");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "upstream-key-rejected");
  CHECK(verdict_of(r, "H1") == "refuted");
  CHECK(verdict_of(r, "H2") == "refuted");
  CHECK(verdict_of(r, "H3") == "refuted");
  CHECK(verdict_of(r, "H4") == "supported");
  std::string t = text_of(r);
  for (const char* m : {"401", "request-id", "upstream_auth_error", "by elimination"}) CHECK_THAT(t, Catch::Contains(m));
  for (const char* m : {"test-revoked-anthropic-key-0009", "test-rev...0009"}) CHECK_THAT(t, !Catch::Contains(m));
}

TEST_CASE("a 401 the api-proxy logged, without Squid's log: the producer stays unseen", "[logs][upstream_log]") {
  // The same run with the Squid log left out: no established tunnel is shown, so nothing eliminates a
  // hop between the sidecar and the provider, and the report names what is missing instead of guessing.
  logs::LogFacts f;
  logs::read_text(test::case_field("R01", "real-401", "setup.api_proxy.log"), "api-proxy.log", f);
  logs::read_text(test::case_field("R01", "real-401", "setup.agent_output.stream_json"), "agent.log", f);
  Report r = test::analyze(f);
  CHECK(link_status(r, Link::upstream) == "fail");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "upstream-acceptance-unseen");
  CHECK(verdict_of(r, "H4") == "inconclusive");
  CHECK_THAT(text_of(r), Catch::Contains("no Squid log"));
}

TEST_CASE("R01 fixed-v0.25.6-control from its logs: upstream passes on the billed turn", "[logs][upstream_log]") {
  Report r = analyze_case("R01", "fixed-v0.25.6-control");
  CHECK(link_status(r, Link::upstream) == "pass");
  CHECK(r.exit_code == kExitOk);
}

TEST_CASE("the client's final 'API Error: 400' names a status (not a missing HTTP answer): credit balance",
          "[logs][upstream_log]") {
  // Claude Code does not retry a 400: no api_retry event, the status is only in the result text.
  Report r = analyze_dir("upstream-400-credit-balance");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "upstream");
  CHECK(link_status(r, Link::proxy) == "pass");
  std::string t = text_of(r);
  CHECK_THAT(t, Catch::Contains("upstream-credit-exhausted"));
  CHECK_THAT(t, !Catch::Contains("error_status: null"));
}
