// Log evidence -> Check records -> the same report and hypotheses as check-chain (issue 7 points 3,
// 4 and the acceptance fixtures), asserted on the log lines of the cases in tests/fixtures/cases.
#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/log_report_util.hpp"
#include "logs/correlate.hpp"
#include "logs/log_checks.hpp"
#include "logs/read_source.hpp"
#include "report/report.hpp"

using namespace awf;

using test::analyze;
using test::analyze_case;
using test::hyp;
using test::link_status;
using test::text_of;
using test::verdict_of;

TEST_CASE("R01 seed from its logs alone: connection-level failure between agent and sidecar", "[logs][log_checks]") {
  Report r = analyze_case("R01");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "proxy");
  CHECK(r.exit_code == kExitChainBroken);
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "proxy-invalid-injected-header");
  CHECK(link_status(r, Link::proxy) == "fail");
  CHECK(link_status(r, Link::squid) == "skip");  // no CONNECT from the sidecar at all
  CHECK(verdict_of(r, "H1") == "refuted");
  CHECK(verdict_of(r, "H3") == "refuted");
  CHECK(verdict_of(r, "H4") == "refuted");
  // R01's verdict_reasons.
  CHECK_THAT(hyp(r, "H1")->summary, Catch::Contains("does not depend on what the client sends"));
  CHECK_THAT(hyp(r, "H3")->summary, Catch::Contains("no HTTP response ever arrived"));
  CHECK_THAT(hyp(r, "H3")->summary, Catch::Contains("a mangled stream gives an HTTP 200 and a different client error"));
  CHECK_THAT(hyp(r, "H4")->summary, Catch::Contains("no CONNECT from the sidecar"));
  CHECK_THAT(hyp(r, "H4")->summary, Catch::Contains("TCP_TUNNEL/200"));
  std::string t = text_of(r);
  for (const char* m : {"error_status", "x-api-key", "172.30.0.20", "newline", "no HTTP response",
                        "connection-level failure between the agent and the api-proxy", "not an upstream rejection",
                        "Next probe: `awf-diag probe proxy`"})
    CHECK_THAT(t, Catch::Contains(m));
  CHECK_THAT(t, !Catch::Contains("test-real-anthropic-key-0001"));
}

TEST_CASE("R01 sidecar-tunnels: tunnels up, no HTTP status -> H4 supported, fault still the sidecar",
          "[logs][log_checks]") {
  Report r = analyze_case("R01", "sidecar-tunnels");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "proxy");
  CHECK(link_status(r, Link::squid) == "pass");
  CHECK(verdict_of(r, "H1") == "refuted");
  CHECK(verdict_of(r, "H3") == "refuted");
  CHECK(verdict_of(r, "H4") == "supported");
  CHECK_THAT(hyp(r, "H4")->summary, Catch::Contains("sidecar tunnel(s) opened"));
  CHECK_THAT(hyp(r, "H4")->summary, Catch::Contains("yet no attempt got an HTTP status"));
  CHECK_THAT(hyp(r, "H4")->summary, Catch::Contains("not in Squid's log"));
  REQUIRE(hyp(r, "proxy-invalid-injected-header"));
  std::string t = text_of(r);
  for (const char* m : {"error_status", "x-api-key", "172.30.0.30", "newline"}) CHECK_THAT(t, Catch::Contains(m));
}

TEST_CASE("R13: the agent's CONNECT to the sidecar's hostname denied -> env fails with the NO_PROXY cause",
          "[logs][log_checks]") {
  for (std::string variant : {"", "native-log-format"}) {
    INFO(variant);
    Report r = analyze_case("R13", variant);
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.summary.failed_link == "env");
    REQUIRE(r.summary.leading_cause);
    CHECK(*r.summary.leading_cause == "env-no-proxy-host-missing");
    CHECK(link_status(r, Link::proxy) != "fail");
    CHECK(verdict_of(r, "H1") == "refuted");
    CHECK(verdict_of(r, "H3") == "refuted");
    CHECK(verdict_of(r, "H4") == "refuted");
    std::string t = text_of(r);
    for (const char* m : {"NO_PROXY", "api-proxy", "TCP_DENIED", "172.30.0.20"}) CHECK_THAT(t, Catch::Contains(m));
  }
}

TEST_CASE("R14: 503 TCP_TUNNEL:HIER_NONE from the sidecar -> squid fails (DNS), never counted as allowed",
          "[logs][log_checks]") {
  for (std::string variant : {"", "native-log-format"}) {
    INFO(variant);
    Report r = analyze_case("R14", variant);
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.summary.failed_link == "squid");
    REQUIRE(r.summary.leading_cause);
    CHECK(*r.summary.leading_cause == "squid-dns-fail");
    CHECK(link_status(r, Link::proxy) == "pass");
    CHECK(verdict_of(r, "H1") == "refuted");
    CHECK(verdict_of(r, "H3") == "refuted");
    CHECK(verdict_of(r, "H4") == "refuted");
    std::string t = text_of(r);
    for (const char* m : {"503", "HIER_NONE", "DNS", "api.githubcopilot.com"}) CHECK_THAT(t, Catch::Contains(m));
  }
}

TEST_CASE("misreading 1: the sidecar's 503 TCP_TUNNEL:HIER_NONE -> the squid link fails", "[logs][log_checks]") {
  logs::LogFacts f;
  logs::read_text("1795946430.012 172.30.0.30:52110 api.anthropic.com:443 -:- 1.1 CONNECT 503 TCP_TUNNEL:HIER_NONE "
                  "api.anthropic.com:443 \"-\"\n",
                  "access.log", f);
  Report r = analyze(f);
  CHECK(r.summary.failed_link == "squid");
  CHECK(link_status(r, Link::squid) == "fail");
  CHECK(r.exit_code == kExitChainBroken);
}

TEST_CASE("misreading 2: the agent's CONNECT 172.30.0.30:10001 denied -> env fails with the NO_PROXY cause",
          "[logs][log_checks]") {
  logs::LogFacts f;
  logs::read_text("1795946430.012 172.30.0.20:41002 172.30.0.30:10001 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE "
                  "172.30.0.30:10001 \"-\"\n",
                  "access.log", f);
  Report r = analyze(f);
  CHECK(r.summary.failed_link == "env");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "env-no-proxy-host-missing");
  CHECK_THAT(text_of(r), Catch::Contains("NO_PROXY"));
}

TEST_CASE("log checks: nothing read -> no check and a file that is no log -> no check", "[logs][log_checks]") {
  logs::LogFacts empty;
  logs::LogOptions o;
  CHECK(logs::build_log_checks(empty, logs::correlate(empty, o), o).empty());
  logs::LogFacts junk;
  static const char kJunk[] = "\x01\x02 not a log\n\xff\xfe\n";
  logs::read_text(std::string(kJunk, sizeof kJunk - 1), "junk", junk);
  CHECK(logs::build_log_checks(junk, logs::correlate(junk, o), o).empty());
  for (const auto& c : logs::build_log_checks(test::case_facts("R01"), logs::correlate(test::case_facts("R01"), o), o)) {
    CHECK(c.id.rfind("log.", 0) == 0);
    CHECK(c.evidence["source"] == "log");
  }
}

TEST_CASE("R16: the agent's own denied side call is a warning, the chain passes (both audit variants)",
          "[logs][log_checks]") {
  for (std::string variant : {"", "legacy-audit-jsonl-only"}) {
    INFO(variant);
    Report r = analyze_case("R16", variant);
    CHECK(r.summary.verdict == "WARN");
    CHECK(r.summary.failed_link == "none");
    CHECK(r.exit_code == kExitOk);
    CHECK(link_status(r, Link::squid) == "warn");
    CHECK(link_status(r, Link::proxy) == "pass");
    CHECK(verdict_of(r, "H1") == "refuted");
    CHECK(verdict_of(r, "H4") == "refuted");
    CHECK(verdict_of(r, "H2") == "refuted");  // the api-proxy's auth_inject: it replaces client credentials
    CHECK(link_status(r, Link::upstream) == "pass");
    CHECK_FALSE(r.summary.leading_cause);
    const Check* d = test::check_of(r, "log.squid.agent_denials");
    REQUIRE(d);
    CHECK(d->status == Status::warn);
    CHECK(d->fault == FaultId::squid_denied_side_traffic);
    std::string t = text_of(r);
    for (const char* m : {"api.anthropic.com", "172.30.0.20", "172.30.0.30", "squid-denied-side-traffic"})
      CHECK_THAT(t, Catch::Contains(m));
    for (const char* m : {"test-real-anthropic-key-0001", "test-rea...0001"}) CHECK_THAT(t, !Catch::Contains(m));
  }
}

TEST_CASE("R28: 500 HIER_NONE with a cache_peer parent -> squid-parent-unreachable, not DNS, not quota",
          "[logs][log_checks]") {
  Report r = analyze_case("R28");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "squid");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "squid-parent-unreachable");
  CHECK(link_status(r, Link::proxy) == "pass");
  CHECK(verdict_of(r, "H1") == "refuted");
  CHECK(verdict_of(r, "H3") == "refuted");
  CHECK(verdict_of(r, "H4") == "refuted");
  std::string t = text_of(r);
  for (const char* m : {"ERR_CANNOT_FORWARD", "cache_peer", "3128"}) CHECK_THAT(t, Catch::Contains(m));
}
