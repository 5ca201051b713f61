// Real logs: the lab's real Squid 5.7 writes its firewall_detailed access.log while check-chain
// probes the loopback chain; the reader must see in that log what the live run saw. In the lab the
// sidecar double connects from 127.0.0.30 and the tool itself from 127.0.0.1 (the labels passed).
#include <catch.hpp>

#include <chrono>
#include <thread>

#include "logs/correlate.hpp"
#include "logs/read_source.hpp"
#include "support/lab.hpp"

using namespace awf::logs;
using awf::test::Lab;

namespace {

Correlation read_lab_log(const Lab& lab, SourceSummary* summary) {
  awf::test::CmdResult r = awf::test::run_awf_diag([&] {
    std::vector<std::string> a{"check-chain"};
    for (const auto& f : lab.chain_flags()) a.push_back(f);
    return a;
  }());
  INFO(r.out << r.err);
  LogOptions o;
  o.agent_ip = "127.0.0.1";
  o.proxy_ip = "127.0.0.30";
  // Squid writes an entry when a transaction ends; give it a bounded moment after the run.
  for (int i = 0; i < 20; ++i) {
    LogFacts probe;
    read_source(lab.get("LAB_ACCESS_LOG"), probe);
    if (probe.access.entries() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  LogFacts f;
  *summary = read_source(lab.get("LAB_ACCESS_LOG"), f);
  return correlate(f, o);
}

}  // namespace

TEST_CASE("real Squid access.log, healthy lab: sidecar tunnels established, nothing failed", "[lab][logs]") {
  Lab lab("none");
  SourceSummary s;
  Correlation c = read_lab_log(lab, &s);
  CHECK(s.format == LogFormat::squid_access_detailed);
  CHECK(s.lines_unparsed == 0);
  CHECK(c.sidecar.established >= 1);
  CHECK(c.failed_tunnels.empty());
  CHECK(c.sidecar.denied == 0);
}

TEST_CASE("real Squid access.log, DNS failure: the sidecar's CONNECTs are failed tunnels, never allowed", "[lab][logs]") {
  Lab lab("squid-dns-fail");
  SourceSummary s;
  Correlation c = read_lab_log(lab, &s);
  CHECK(s.lines_unparsed == 0);
  CHECK(c.sidecar.established == 0);
  CHECK(c.sidecar.no_upstream >= 1);
  REQUIRE_FALSE(c.failed_tunnels.empty());
  CHECK_FALSE(c.failed_tunnels[0].upstream_connected);
}

TEST_CASE("real Squid access.log, allow-list denies the sidecar: denied, not tunnelled", "[lab][logs]") {
  Lab lab("squid-deny-sidecar");
  SourceSummary s;
  Correlation c = read_lab_log(lab, &s);
  CHECK(s.lines_unparsed == 0);
  CHECK(c.sidecar.denied >= 1);
  CHECK(c.sidecar.established == 0);
}
