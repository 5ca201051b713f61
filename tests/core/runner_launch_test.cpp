// CheckDef::launch_after (speculative launch) and CheckDef::after_if (order for some runs only).
#include <catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "core/runner.hpp"
#include "topology/topology.hpp"

using namespace awf;

namespace {

ChainSpec spec_with_timeout(int ms) {
  ChainSpec s;
  s.timeout = std::chrono::milliseconds(ms);
  return s;
}

CheckDef fixed(const std::string& id, std::vector<std::string> deps, Status st) {
  return CheckDef{id, Link::proxy, id + " title", std::move(deps), [=](const ProbeContext&) {
                    Check c;
                    c.status = st;
                    c.summary = id + " said so";
                    return c;
                  }};
}

/// Waits (bounded: 5 s) until `flag` is set; true when it was.
bool wait_for(const std::atomic<bool>& flag) {
  for (int i = 0; i < 500 && !flag.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return flag.load();
}

/// gate -> slow -> late, with late launching after gate: `slow` finishes only once `late` has
/// started (or after the bounded wait), so a pass of both proves they overlapped.
struct Overlap {
  std::shared_ptr<std::atomic<bool>> late_started = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<bool>> slow_saw_late = std::make_shared<std::atomic<bool>>(false);

  std::vector<CheckDef> defs(Status slow_status, long long output_tokens) const {
    auto started = late_started;
    auto saw = slow_saw_late;
    CheckDef slow{"proxy.forward", Link::proxy, "slow", {"proxy.health"}, [=](const ProbeContext&) {
                    Check c;
                    saw->store(wait_for(*started));
                    c.status = slow_status;
                    c.summary = "the minimal request was refused";
                    return c;
                  }};
    CheckDef late{"proxy.stream", Link::proxy, "late", {"proxy.forward"}, [=](const ProbeContext& ctx) {
                    started->store(true);
                    Check c;
                    c.status = Status::pass;
                    c.summary = ctx.done.count("proxy.forward") ? "saw forward" : "launched before forward";
                    c.evidence["spent"] = {{"requests", 1}, {"output_tokens", output_tokens}};
                    return c;
                  }};
    late.launch_after = {"proxy.health"};
    return {fixed("proxy.health", {}, Status::pass), slow, late};
  }
};

}  // namespace

TEST_CASE("launch_after: the check starts beside its slow prerequisite and its result stands when it passes",
          "[core][runner][launch_after]") {
  SecretSet secrets;
  Overlap o;
  auto out = run_checks(o.defs(Status::pass, 3), spec_with_timeout(10000), secrets);
  REQUIRE(out.size() == 3);
  CHECK(o.slow_saw_late->load());  // proxy.stream ran while proxy.forward was still running
  CHECK(out[1].status == Status::pass);
  CHECK(out[2].status == Status::pass);
  CHECK(out[2].summary == "launched before forward");  // done held only what had finished at launch
  CHECK_FALSE(out[2].evidence.contains("discarded"));
}

TEST_CASE("launch_after: a prerequisite that fails later turns the result into the usual skip, spend kept",
          "[core][runner][launch_after]") {
  SecretSet secrets;
  Overlap o;
  auto out = run_checks(o.defs(Status::fail, 0), spec_with_timeout(10000), secrets);
  CHECK(o.slow_saw_late->load());
  CHECK(out[2].status == Status::skip);
  CHECK(out[2].skip_reason == "needs proxy.forward, which failed: the minimal request was refused");
  CHECK(out[2].summary == "skipped: " + out[2].skip_reason);  // nothing billed: nothing more said
  CHECK(out[2].evidence["discarded"]["status"] == "pass");
  CHECK(out[2].evidence["discarded"]["launched_after"] == nlohmann::json::array({"proxy.health"}));
  CHECK(out[2].evidence["spent"]["requests"] == 1);
}

TEST_CASE("launch_after: a discarded result that spent output tokens says so in the summary",
          "[core][runner][launch_after]") {
  SecretSet secrets;
  Overlap o;
  auto out = run_checks(o.defs(Status::error, 7), spec_with_timeout(10000), secrets);
  CHECK(out[2].status == Status::skip);
  CHECK(out[2].summary.find("needs proxy.forward, which could not run") != std::string::npos);
  CHECK(out[2].summary.find("spent 7 output tokens") != std::string::npos);
}

TEST_CASE("launch_after: a gate that fails means no early start, and the check is skipped as before",
          "[core][runner][launch_after]") {
  SecretSet secrets;
  std::atomic<int> runs{0};
  CheckDef late{"proxy.stream", Link::proxy, "late", {"proxy.forward"}, [&](const ProbeContext&) {
                  ++runs;
                  Check c;
                  c.status = Status::pass;
                  c.summary = "ran";
                  return c;
                }};
  late.launch_after = {"proxy.health"};
  CheckDef fwd = fixed("proxy.forward", {"proxy.tcp"}, Status::pass);
  fwd.runs_after_warn = true;
  std::vector<CheckDef> defs{fixed("proxy.tcp", {}, Status::pass), fixed("proxy.health", {"proxy.tcp"}, Status::fail),
                             fwd, late};
  defs[2].depends_on = {"proxy.tcp"};
  defs[3].depends_on = {"proxy.forward", "proxy.health"};
  auto out = run_checks(defs, spec_with_timeout(10000), secrets);
  CHECK(runs.load() == 0);
  CHECK(out[3].status == Status::skip);
  CHECK(out[3].skip_reason == "needs proxy.health, which failed: proxy.health said so");
  CHECK_FALSE(out[3].evidence.contains("discarded"));
}

TEST_CASE("launch_after must name a prerequisite of the check", "[core][runner][launch_after]") {
  SecretSet secrets;
  CheckDef late = fixed("proxy.stream", {"proxy.forward"}, Status::pass);
  late.launch_after = {"squid.connect"};
  std::vector<CheckDef> defs{fixed("squid.connect", {}, Status::pass), fixed("proxy.forward", {}, Status::pass), late};
  CHECK_THROWS_AS(run_checks(defs, spec_with_timeout(1000), secrets), std::invalid_argument);
}

TEST_CASE("after_if orders a check after another only in the runs its predicate names", "[core][runner][after_if]") {
  SecretSet secrets;
  auto reader = [](const ProbeContext& ctx) {
    Check c;
    c.status = Status::pass;
    c.summary = ctx.done.count("helper.run") ? "read the helper" : "did not wait";
    return c;
  };
  for (bool outside_awf : {true, false}) {
    CheckDef fwd{"proxy.forward", Link::proxy, "fwd", {}, reader};
    fwd.after_if = {{"helper.run", [](const ChainSpec& s) { return s.topology.mode != Mode::awf; }}};
    std::vector<CheckDef> defs{fixed("helper.run", {}, Status::fail), fwd};
    ChainSpec spec = spec_with_timeout(5000);
    spec.topology.mode = outside_awf ? Mode::gateway : Mode::awf;
    auto out = run_checks(defs, spec, secrets);
    CHECK(out[1].status == Status::pass);  // order only: a failed helper.run never blocks it
    if (outside_awf) CHECK(out[1].summary == "read the helper");
    else CHECK(out[1].summary == "did not wait");
  }
}
