// Real logs (issue 7 acceptance): the lab's real Squid 5.7 writes its access.log during a
// check-chain run; `analyze` on that log alone names the same failed link as the live run. In the
// lab the sidecar double connects from 127.0.0.30 and the tool from 127.0.0.1 (labels passed).
#include <catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "logs/read_source.hpp"
#include "support/lab.hpp"
#include "support/test_support.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

std::pair<json, json> live_then_log(const std::string& fault) {
  Lab lab(fault);
  std::vector<std::string> a{"check-chain", "-o", "json"};
  for (const auto& f : lab.chain_flags()) a.push_back(f);
  auto live = run_awf_diag(a);
  INFO(live.out << live.err);
  // Squid writes an entry when a transaction ends; give it a bounded moment after the run.
  for (int i = 0; i < 20; ++i) {
    awf::logs::LogFacts probe;
    awf::logs::read_source(lab.get("LAB_ACCESS_LOG"), probe);
    if (probe.access.entries() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto logs = run_awf_diag({"analyze", "--squid-log", lab.get("LAB_ACCESS_LOG"), "--agent-ip", "127.0.0.1",
                            "--proxy-ip", "127.0.0.30", "-o", "json"});
  INFO(logs.out << logs.err);
  return {json::parse(live.out), json::parse(logs.out)};
}

}  // namespace

TEST_CASE("real Squid log, DNS failure: analyze names the live run's failed link", "[lab][analyze]") {
  auto [live, log] = live_then_log("squid-dns-fail");
  CHECK(live["summary"]["failed_link"] == "squid");
  CHECK(log["summary"]["failed_link"] == live["summary"]["failed_link"]);
  CHECK(log["exit_code"] == 1);
}

TEST_CASE("real Squid log, allow-list denies the sidecar: analyze names the live run's failed link", "[lab][analyze]") {
  auto [live, log] = live_then_log("squid-deny-sidecar");
  CHECK(live["summary"]["failed_link"] == "squid");
  CHECK(log["summary"]["failed_link"] == live["summary"]["failed_link"]);
  REQUIRE(log["summary"]["leading_cause"].is_string());
  CHECK(log["summary"]["leading_cause"] == live["summary"]["leading_cause"]);
}
