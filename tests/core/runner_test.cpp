#include <catch.hpp>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "core/interrupt.hpp"
#include "core/runner.hpp"

using namespace awf;

namespace {

CheckDef def(const std::string& id, Link link, std::vector<std::string> deps, Status st,
             std::string summary = "s", int sleep_ms = 0) {
  return CheckDef{id, link, id + " title", std::move(deps), [=](const ProbeContext&) {
                    if (sleep_ms) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
                    Check c;
                    c.status = st;
                    c.summary = summary;
                    return c;
                  }};
}

ChainSpec spec_with_timeout(int ms) {
  ChainSpec s;
  s.timeout = std::chrono::milliseconds(ms);
  return s;
}

}  // namespace

TEST_CASE("runner runs checks in dependency order and keeps definition order", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("proxy.tcp", Link::proxy, {}, Status::pass),
                             def("proxy.forward", Link::proxy, {"proxy.tcp"}, Status::pass),
                             def("squid.sidecar_tunnel", Link::squid, {"proxy.forward"}, Status::pass)};
  auto out = run_checks(defs, spec_with_timeout(5000), secrets);
  REQUIRE(out.size() == 3);
  CHECK(out[0].id == "proxy.tcp");
  CHECK(out[2].id == "squid.sidecar_tunnel");
  for (const auto& c : out) CHECK(c.status == Status::pass);
  CHECK(out[1].depends_on == std::vector<std::string>{"proxy.tcp"});
  CHECK(out[1].timing_ms.contains("total"));
}

TEST_CASE("a check whose prerequisite did not pass is skipped with the reason", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("squid.connect", Link::squid, {}, Status::warn, "no tunnel"),
                             def("squid.tls", Link::squid, {"squid.connect"}, Status::pass),
                             def("upstream.reachable", Link::upstream, {"squid.tls"}, Status::pass)};
  auto out = run_checks(defs, spec_with_timeout(5000), secrets);
  CHECK(out[1].status == Status::skip);
  CHECK(out[1].skip_reason == "needs squid.connect, which warned: no tunnel");
  CHECK(out[2].status == Status::skip);
  CHECK(out[2].skip_reason.find("needs squid.tls, which was skipped") == 0);
}

TEST_CASE("a prerequisite that skipped itself is named with its own summary, not as its own cause", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("helper.config", Link::helper, {}, Status::skip, "no apiKeyHelper declared"),
                             def("helper.run", Link::helper, {"helper.config"}, Status::pass),
                             def("proxy.forward", Link::proxy, {"helper.run"}, Status::pass)};
  auto out = run_checks(defs, spec_with_timeout(5000), secrets);
  CHECK(out[1].skip_reason == "needs helper.config, which was skipped: no apiKeyHelper declared");
  CHECK(out[2].skip_reason == "needs helper.run, which was skipped because helper.config was skipped");
}

TEST_CASE("runs_after_warn lets a soft prerequisite warn", "[core][runner]") {
  SecretSet secrets;
  auto run = def("helper.run", Link::helper, {"helper.config"}, Status::pass);
  run.runs_after_warn = true;
  auto out = run_checks({def("helper.config", Link::helper, {}, Status::warn), run}, spec_with_timeout(5000), secrets);
  CHECK(out[1].status == Status::pass);
}

TEST_CASE("a throwing check becomes error, not a crash", "[core][runner]") {
  SecretSet secrets;
  CheckDef boom{"env.base_url", Link::env, "t", {}, [](const ProbeContext&) -> Check {
                  throw std::runtime_error("kaboom");
                }};
  auto out = run_checks({boom}, spec_with_timeout(5000), secrets);
  CHECK(out[0].status == Status::error);
  CHECK(out[0].summary.find("kaboom") != std::string::npos);
}

TEST_CASE("independent checks run concurrently", "[core][runner]") {
  SecretSet secrets;
  std::atomic<int> now{0}, peak{0};
  auto mk = [&](std::string id) {
    return CheckDef{id, Link::env, "t", {}, [&](const ProbeContext&) {
                      int v = ++now;
                      int p = peak.load();
                      while (v > p && !peak.compare_exchange_weak(p, v)) {}
                      std::this_thread::sleep_for(std::chrono::milliseconds(100));
                      --now;
                      Check c;
                      c.status = Status::pass;
                      return c;
                    }};
  };
  run_checks({mk("env.a"), mk("env.b"), mk("env.c")}, spec_with_timeout(5000), secrets);
  CHECK(peak.load() >= 2);
}

TEST_CASE("checks not started before the deadline are errors", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("proxy.tcp", Link::proxy, {}, Status::pass, "s", 150),
                             def("proxy.health", Link::proxy, {"proxy.tcp"}, Status::pass)};
  auto out = run_checks(defs, spec_with_timeout(50), secrets);
  CHECK(out[1].status == Status::error);
  CHECK(out[1].summary.find("deadline") != std::string::npos);
}

TEST_CASE("cycles and unknown prerequisites are rejected", "[core][runner]") {
  SecretSet secrets;
  CHECK_THROWS_AS(run_checks({def("a.x", Link::env, {"a.y"}, Status::pass), def("a.y", Link::env, {"a.x"}, Status::pass)},
                             spec_with_timeout(1000), secrets),
                  std::invalid_argument);
  CHECK_THROWS_AS(run_checks({def("a.x", Link::env, {"nope"}, Status::pass)}, spec_with_timeout(1000), secrets),
                  std::invalid_argument);
}

TEST_CASE("select_for_links adds prerequisites transitively", "[core][runner]") {
  std::vector<CheckDef> all{def("proxy.tcp", Link::proxy, {}, Status::pass),
                            def("proxy.forward", Link::proxy, {"proxy.tcp"}, Status::pass),
                            def("squid.sidecar_tunnel", Link::squid, {"proxy.forward"}, Status::pass),
                            def("env.base_url", Link::env, {}, Status::pass)};
  auto sel = select_for_links(all, {Link::squid});
  REQUIRE(sel.size() == 3);
  CHECK(sel[0].id == "proxy.tcp");
  CHECK(sel[2].id == "squid.sidecar_tunnel");
}

TEST_CASE("done holds exactly the prerequisites, direct and transitive", "[core][runner]") {
  SecretSet secrets;
  std::vector<std::string> seen;
  std::vector<CheckDef> defs{def("helper.config", Link::helper, {}, Status::pass),
                             def("proxy.tcp", Link::proxy, {}, Status::pass),
                             def("proxy.health", Link::proxy, {"proxy.tcp"}, Status::pass),
                             CheckDef{"proxy.forward", Link::proxy, "t", {"proxy.health"}, [&](const ProbeContext& ctx) {
                                        for (const auto& [id, c] : ctx.done) seen.push_back(id);
                                        Check c;
                                        c.status = Status::pass;
                                        return c;
                                      }}};
  RunOptions o;
  o.max_parallel = 1;  // helper.config finishes before proxy.forward starts, yet is not passed to it
  run_checks(defs, spec_with_timeout(5000), secrets, o);
  CHECK(seen == std::vector<std::string>{"proxy.health", "proxy.tcp"});
}

TEST_CASE("the head of the longest waiting chain starts first, whatever the definition order", "[core][runner]") {
  SecretSet secrets;
  std::vector<std::string> launched;  // written by one check at a time (max_parallel 1)
  auto rec = [&](std::string id, std::vector<std::string> deps) {
    return CheckDef{id, Link::proxy, "t", std::move(deps), [&launched, id](const ProbeContext&) {
                      launched.push_back(id);
                      Check c;
                      c.status = Status::pass;
                      return c;
                    }};
  };
  CheckDef forward = rec("proxy.forward", {"proxy.tcp"});
  forward.after = {"proxy.sidecar_state"};  // an order-only edge counts as waiting too
  std::vector<CheckDef> defs{rec("env.base_url", {}), rec("squid.connect", {}), rec("proxy.sidecar_state", {}),
                             rec("proxy.tcp", {}), forward, rec("proxy.stream", {"proxy.forward"})};
  RunOptions o;
  o.max_parallel = 1;
  auto out = run_checks(defs, spec_with_timeout(5000), secrets, o);
  // Heights: sidecar_state and tcp 2, forward 1, the rest 0; ties keep the definition order.
  CHECK(launched == std::vector<std::string>{"proxy.sidecar_state", "proxy.tcp", "proxy.forward", "env.base_url",
                                             "squid.connect", "proxy.stream"});
  REQUIRE(out.size() == defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) CHECK(out[i].id == defs[i].id);  // results keep definition order
}

TEST_CASE("a check whose thread cannot start is an error, never std::terminate", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("proxy.tcp", Link::proxy, {}, Status::pass),
                             def("proxy.health", Link::proxy, {"proxy.tcp"}, Status::pass),
                             def("env.api_key", Link::env, {}, Status::pass)};
  RunOptions o;
  int calls = 0;
  o.start_thread = [&](std::function<void()> job) -> std::thread {
    if (++calls == 1) throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    return std::thread(std::move(job));
  };
  auto out = run_checks(defs, spec_with_timeout(5000), secrets, o);
  REQUIRE(out.size() == 3);
  CHECK(out[0].status == Status::error);
  CHECK(out[0].summary.find("could not start a thread for this check") == 0);
  CHECK(out[1].status == Status::skip);
  CHECK(out[2].status == Status::pass);
}

TEST_CASE("the observer receives every result as it finishes", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("proxy.tcp", Link::proxy, {}, Status::fail),
                             def("proxy.health", Link::proxy, {"proxy.tcp"}, Status::pass),
                             def("env.api_key", Link::env, {}, Status::pass)};
  RunOptions o;
  std::vector<std::string> order;
  o.on_result = [&](const Check& c) { order.push_back(c.id + ":" + to_string(c.status)); };
  run_checks(defs, spec_with_timeout(5000), secrets, o);
  REQUIRE(order.size() == 3);
  // proxy.health is skipped only after proxy.tcp finished.
  auto pos = [&](const std::string& s) { return std::find(order.begin(), order.end(), s) - order.begin(); };
  CHECK(pos("proxy.tcp:fail") < pos("proxy.health:skip"));
  CHECK(pos("env.api_key:pass") < 3);
}

TEST_CASE("an interruption stops the run: unfinished checks are errors naming the signal", "[core][runner]") {
  SecretSet secrets;
  std::vector<CheckDef> defs{def("proxy.tcp", Link::proxy, {}, Status::pass),
                             CheckDef{"proxy.health", Link::proxy, "t", {"proxy.tcp"}, [](const ProbeContext&) {
                                        request_interrupt(SIGTERM);  // as the handler would
                                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                        Check c;
                                        c.status = Status::pass;
                                        return c;
                                      }},
                             def("proxy.forward", Link::proxy, {"proxy.health"}, Status::pass)};
  auto out = run_checks(defs, spec_with_timeout(5000), secrets);
  clear_interrupt_for_test();
  CHECK(out[0].status == Status::pass);
  CHECK(out[1].status == Status::error);
  CHECK(out[1].summary == "interrupted by SIGTERM while this check ran");
  CHECK(out[2].status == Status::error);
  CHECK(out[2].summary == "interrupted by SIGTERM before this check started");
}

TEST_CASE("runner: a check of a hop not in the topology is skipped and transparent", "[core][runner][topology]") {
  SecretSet secrets;
  ChainSpec spec = spec_with_timeout(5000);
  spec.topology.mode = Mode::gateway;
  spec.topology.squid_hop = false;
  SECTION("the hop's dependents run when nothing before it failed") {
    auto out = run_checks({def("proxy.tcp", Link::proxy, {}, Status::pass),
                           def("proxy.health", Link::proxy, {"proxy.tcp"}, Status::fail),
                           def("proxy.forward", Link::proxy, {"proxy.tcp", "proxy.health"}, Status::pass),
                           def("squid.sidecar_tunnel", Link::squid, {"proxy.forward"}, Status::fail),
                           def("upstream.auth", Link::upstream, {"squid.sidecar_tunnel"}, Status::pass)},
                          spec, secrets);
    CHECK(out[1].status == Status::skip);  // proxy.health: awf's sidecar /health, never run
    CHECK(out[1].skip_reason.rfind("not part of this topology (mode: gateway", 0) == 0);
    CHECK(out[2].status == Status::pass);
    CHECK(out[3].status == Status::skip);
    CHECK(out[4].status == Status::pass);
  }
  SECTION("a failure before the skipped hop still blocks what comes after it") {
    auto out = run_checks({def("proxy.forward", Link::proxy, {}, Status::fail, "gateway said 401"),
                           def("squid.sidecar_tunnel", Link::squid, {"proxy.forward"}, Status::pass),
                           def("upstream.auth", Link::upstream, {"squid.sidecar_tunnel"}, Status::pass)},
                          spec, secrets);
    CHECK(out[1].status == Status::skip);
    CHECK(out[1].skip_reason.rfind("not part of this topology", 0) == 0);
    CHECK(out[2].status == Status::skip);
    CHECK(out[2].skip_reason.find("proxy.forward") != std::string::npos);
  }
}
