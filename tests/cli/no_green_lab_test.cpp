// Issue 5 pt 4, as a property over the lab: check-chain never ends green on a broken chain.
// Every lab fault (tests/lab/lab.py faults) and every hostile answer at the base URL
// (tests/lab/hostile_server.py) gives summary.verdict FAIL or ERROR unless the fault leaves the
// client working. Loopback only: every hop is given explicitly.
#include <catch.hpp>

#include <cstdio>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/hostile_server.hpp"
#include "support/lab.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

/// Faults that leave Claude Code working (decided by the case files / docs/lab.md).
const std::set<std::string> kClientWorks = {"none", "squid-deny-agent", "gateway-healthy", "gateway-helper"};

/// Faults that leave the clients working on a route whose acceptance no zero-token request can show
/// (OpenAI's is rejection-only, docs/providers.md): never FAIL, and never green either.
const std::set<std::string> kWorksUnprovable = {"multi-route"};

/// Faults that break only streaming or client-shaped requests: check-chain's zero-token probe cannot
/// see them until the client-shaped / stream probes (issue 6) land; reported, not asserted, here.
const std::set<std::string> kUnseenByZeroTokenProbe = {"sse-buffered",       "sse-data-only",  "sse-truncated",
                                                       "sse-midstream-error", "stream-options-400", "beta-rejected",
                                                       "path-not-served"};

std::vector<std::string> lab_faults() {
  const std::string cmd = "/usr/bin/python3 '" + std::string(AWF_SOURCE_DIR) + "/tests/lab/lab.py' faults";
  std::vector<std::string> out;
  FILE* f = ::popen(cmd.c_str(), "r");
  REQUIRE(f);
  char line[4096];
  for (int i = 0; i < 200 && std::fgets(line, sizeof line, f); ++i) {
    std::istringstream in(line);
    std::string name;
    if (in >> name) out.push_back(name);
  }
  ::pclose(f);
  return out;
}

json run_json(std::vector<std::string> args) {
  args.insert(args.begin(), "check-chain");
  args.push_back("-o");
  args.push_back("json");
  auto r = run_awf_diag(args, {}, 90);
  INFO(r.out << r.err);
  json doc = json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(doc.is_discarded());
  CHECK(doc["exit_code"] == r.exit_code);
  return doc;
}

}  // namespace

/// Runs every third lab fault starting at `slice` (three ctest entries, each well under its 300 s limit).
static void every_fault_never_green(std::size_t slice) {
  const auto faults = lab_faults();
  REQUIRE(faults.size() >= 10);
  for (std::size_t i = slice; i < faults.size(); i += 3) {
    const std::string& fault = faults[i];
    INFO("fault " << fault);
    Lab lab(fault);
    json doc = run_json(lab.chain_flags());
    const std::string v = doc["summary"]["verdict"].get<std::string>();
    if (kClientWorks.count(fault)) {
      CHECK((v == "PASS" || v == "WARN"));
    } else if (kWorksUnprovable.count(fault)) {
      CHECK(v == "ERROR");
    } else if (kUnseenByZeroTokenProbe.count(fault)) {
      WARN("fault " << fault << ": check-chain says " << v << " (needs the stream/client-shaped probes, issue 6)");
    } else {
      CHECK((v == "FAIL" || v == "ERROR"));
      CHECK(doc["exit_code"] != 0);
    }
  }
}

TEST_CASE("property: every lab fault that breaks the client ends FAIL or ERROR (1/3)", "[lab][cli][issue5][no-green]") {
  every_fault_never_green(0);
}
TEST_CASE("property: every lab fault that breaks the client ends FAIL or ERROR (2/3)", "[lab][cli][issue5][no-green]") {
  every_fault_never_green(1);
}
TEST_CASE("property: every lab fault that breaks the client ends FAIL or ERROR (3/3)", "[lab][cli][issue5][no-green]") {
  every_fault_never_green(2);
}

TEST_CASE("property: a hostile answer at the base URL never ends green", "[lab][cli][issue5][no-green]") {
  Lab lab("none");
  for (const char* mode : {"ok", "reset", "empty", "hang", "flood", "slow-headers", "connect-403", "connect-200",
                           "proxy-ok", "garbage", "http09", "tls", "connect-407", "go-https-400"}) {
    INFO("hostile base URL mode " << mode);
    awf::test::HostileServer h(mode, 60);
    std::vector<std::string> args = lab.route_flags("anthropic", h.url(""));
    args.insert(args.end(), {"--management-url", h.url(""), "--timeout", "10"});
    json doc = run_json(args);
    const std::string v = doc["summary"]["verdict"].get<std::string>();
    CHECK((v == "FAIL" || v == "ERROR"));
  }
}

TEST_CASE("property: a hostile answer at a gateway's base URL never ends green (no awf marker)", "[lab][cli][issue5][no-green][topology]") {
  // The gateway and undecided readings of the topology (docs/topology.md) get the same guarantee.
  awf::test::TempDir dir;
  const std::string env_file = dir.path() + "/gateway.env";
  {
    std::FILE* f = std::fopen(env_file.c_str(), "w");
    REQUIRE(f);
    std::fputs("ANTHROPIC_API_KEY=test-gateway-key-0001\n", f);
    std::fclose(f);
  }
  Lab lab("none");
  for (const char* mode : {"ok", "reset", "empty", "slow-headers", "proxy-ok"}) {
    INFO("hostile base URL mode " << mode);
    awf::test::HostileServer h(mode, 60);
    json doc = run_json({"--env-file", env_file, "--base-url", h.url(""), "--management-url", h.url(""), "--upstream",
                         lab.get("LAB_UPSTREAM_URL"), "--cacert", lab.get("LAB_CACERT"), "--squid",
                         lab.get("LAB_SQUID_URL"), "--timeout", "10"});
    const std::string v = doc["summary"]["verdict"].get<std::string>();
    CHECK((v == "FAIL" || v == "ERROR"));
    CHECK(doc["run"]["topology"]["mode_decided_by"] == "auto");
  }
}

TEST_CASE("property: no selection turns a rejected key green (--skip of any check on the route, probe LINK)",
          "[lab][cli][issue5][no-green]") {
  // New-user F12: leaving out the checks that send the route's request must not leave a PASS behind.
  Lab lab("revoked-key");
  std::vector<std::vector<std::string>> selections;
  for (const char* id : {"proxy.tcp", "proxy.health", "proxy.forward", "proxy.sidecar_state", "squid.sidecar_tunnel",
                         "upstream.auth", "upstream.reachable"})
    selections.push_back({"--skip", id});
  selections.push_back({"--only", "upstream.*"});
  for (const auto& sel : selections) {
    INFO(sel[0] << " " << sel[1]);
    std::vector<std::string> args = lab.chain_flags();
    args.insert(args.end(), sel.begin(), sel.end());
    args.push_back("--no-spend");
    json doc = run_json(args);
    const std::string v = doc["summary"]["verdict"].get<std::string>();
    CHECK((v == "FAIL" || v == "ERROR"));
  }
}
