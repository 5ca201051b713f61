// log.squid.* on the self-written fixtures (tests/fixtures/logs/README.md): the agent's own side
// traffic denied is a warning with the fault squid-denied-side-traffic, never a cause — whether the
// chain's calls succeeded (WARN, exit 0) or failed for another reason (the other cause leads).
#include <catch.hpp>

#include <fstream>

#include "logs/log_report_util.hpp"
#include "core/subprocess.hpp"
#include "support/test_support.hpp"

using namespace awf;
using test::analyze_dir;
using test::check_of;
using test::link_status;
using test::text_of;

TEST_CASE("side traffic: the agent's telemetry denied while the sidecar's tunnels work -> WARN, exit 0",
          "[logs][log_checks][side_traffic]") {
  Report r = analyze_dir("side-traffic-telemetry");
  CHECK(r.summary.verdict == "WARN");
  CHECK(r.summary.failed_link == "none");
  CHECK(r.exit_code == kExitOk);
  CHECK_FALSE(r.summary.leading_cause);
  CHECK(link_status(r, Link::squid) == "warn");
  CHECK(link_status(r, Link::upstream) == "pass");
  const Check* d = check_of(r, "log.squid.agent_denials");
  REQUIRE(d);
  CHECK(d->status == Status::warn);
  CHECK(d->fault == FaultId::squid_denied_side_traffic);
  CHECK(d->evidence["agent_denied"] == 3);
  CHECK(d->evidence["denied_hosts"] == nlohmann::json({"statsig.anthropic.com:443", "sentry.io:443"}));
  CHECK_THAT(d->summary, Catch::Contains("every CONNECT from the sidecar (172.30.0.30) was allowed (3 tunnel(s))"));
  CHECK_THAT(d->hint, Catch::Contains("came from the agent (172.30.0.20)"));
  const std::string cmd = "grep -E ' 172\\.30\\.0\\.20[: ]' access.log | grep TCP_DENIED";
  CHECK_THAT(d->hint, Catch::Contains(cmd));
  // The confirm command finds the agent's denials in both layouts awf-diag reads (new-user F13):
  // firewall_detailed ("client:port") and Squid's native format ("client " with no port).
  test::TempDir dir;
  {
    std::ofstream log(dir.path() + "/access.log");
    log << "1795946400.100 172.30.0.20:40000 sentry.io:443 -:- 1.1 CONNECT 403 TCP_DENIED:HIER_NONE sentry.io:443 \"-\"\n"
        << "1795946400.200    0 172.30.0.20 TCP_DENIED/403 3900 CONNECT statsig.anthropic.com:443 - HIER_NONE/- text/html\n"
        << "1795946400.300    0 172.30.0.201 TCP_DENIED/403 3900 CONNECT other.example:443 - HIER_NONE/- text/html\n";
  }
  SubprocessOptions so;
  so.timeout = std::chrono::seconds(10);
  so.envp = {"PATH=/usr/bin:/bin"};
  auto res = run_subprocess({"/bin/sh", "-c", "cd '" + dir.path() + "' && " + cmd + " | wc -l"}, so);
  CHECK(res.out == "2\n");
  for (const auto& h : r.hypotheses) CHECK(h.id != "squid-denied-side-traffic");  // never a cause
  CHECK_THAT(text_of(r), !Catch::Contains("test-rea...0001"));
}

TEST_CASE("side traffic is not blamed when the sidecar's CONNECTs fail (503 HIER_NONE): DNS leads",
          "[logs][log_checks][side_traffic]") {
  Report r = analyze_dir("side-traffic-while-dns-fails");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "squid");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "squid-dns-fail");
  const Check* d = check_of(r, "log.squid.agent_denials");
  REQUIRE(d);
  CHECK(d->status == Status::warn);
  CHECK(d->fault == FaultId::squid_denied_side_traffic);
  CHECK_THAT(d->summary, Catch::Contains("are judged in log.squid.sidecar_tunnel, not here"));
  const Check* up = check_of(r, "log.upstream.auth");
  REQUIRE(up);
  CHECK(up->status == Status::skip);  // no request reached the upstream
  for (const auto& h : r.hypotheses) CHECK(h.id != "squid-denied-side-traffic");
}

TEST_CASE("Squid 5.7's 503 NONE_NONE:HIER_DIRECT from the sidecar is a failed tunnel to a tried address",
          "[logs][squid_log]") {
  Report r = analyze_dir("squid-upstream-connect-fail");
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.summary.failed_link == "squid");
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == "squid-upstream-connect-fail");
  const Check* c = check_of(r, "log.squid.sidecar_tunnel");
  REQUIRE(c);
  CHECK(c->status == Status::fail);
  CHECK_THAT(c->summary, Catch::Contains("an upstream address was tried"));
  CHECK_THAT(c->summary, !Catch::Contains("no CONNECT from the sidecar"));
}

