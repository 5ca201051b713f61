// core/run_order: the graph of a run (index, prerequisites) and the launch priority. No threads here;
// tests/core/runner_test.cpp checks that the runner starts checks in this order.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "core/run_order.hpp"

using namespace awf;

namespace {

CheckDef def(std::string id, std::vector<std::string> deps = {}, std::vector<std::string> after = {}) {
  CheckDef d{std::move(id), Link::proxy, "t", std::move(deps), [](const ProbeContext&) { return Check{}; }};
  d.after = std::move(after);
  return d;
}

std::vector<std::string> ids_in(const std::vector<CheckDef>& defs, const std::vector<std::size_t>& order) {
  std::vector<std::string> out;
  for (std::size_t i : order) out.push_back(defs[i].id);
  return out;
}

}  // namespace

TEST_CASE("index_checks rejects duplicates, unknown prerequisites and cycles", "[core][run_order]") {
  CHECK(index_checks({def("a"), def("b", {"a"})}).at("b") == 1);
  CHECK_THROWS_AS(index_checks({def("a"), def("a")}), std::invalid_argument);
  CHECK_THROWS_AS(index_checks({def("a", {"x"})}), std::invalid_argument);
  CHECK_THROWS_AS(index_checks({def("a", {"b"}), def("b", {"a"})}), std::invalid_argument);
  // An `after` name may be absent from the run: it only orders when present.
  CHECK_NOTHROW(index_checks({def("a", {}, {"not.in.run"})}));
}

TEST_CASE("prerequisite_closure follows depends_on transitively, not after", "[core][run_order]") {
  const std::vector<CheckDef> defs{def("a"), def("b", {"a"}), def("c", {"b"}, {"d"}), def("d")};
  const auto index = index_checks(defs);
  CHECK(prerequisite_closure(defs, index, 2) == std::set<std::string>{"a", "b"});
  CHECK(prerequisite_closure(defs, index, 0).empty());
}

TEST_CASE("chain_heights counts the longest chain waiting through depends_on and after", "[core][run_order]") {
  // tcp -> health -> forward -> stream, and client waits for forward by `after` only.
  const std::vector<CheckDef> defs{def("env"), def("tcp"), def("health", {"tcp"}), def("forward", {"tcp", "health"}),
                                   def("stream", {"forward"}), def("client", {"tcp"}, {"forward"})};
  const auto index = index_checks(defs);
  CHECK(chain_heights(defs, index) == std::vector<int>{0, 3, 2, 1, 0, 0});
}

TEST_CASE("an after edge that would close a cycle counts as no edge", "[core][run_order]") {
  const std::vector<CheckDef> defs{def("a", {}, {"b"}), def("b", {"a"})};
  const auto index = index_checks(defs);
  CHECK(chain_heights(defs, index) == std::vector<int>{1, 0});
}

TEST_CASE("launch_order puts the longest waiting chain first, then definition order", "[core][run_order]") {
  const std::vector<CheckDef> defs{def("env.one"), def("env.two"), def("proxy.tcp"), def("proxy.health", {"proxy.tcp"}),
                                   def("proxy.forward", {"proxy.health"}), def("squid.connect"),
                                   def("squid.tls", {"squid.connect"})};
  const auto index = index_checks(defs);
  CHECK(ids_in(defs, launch_order(defs, index)) ==
        std::vector<std::string>{"proxy.tcp", "proxy.health", "squid.connect", "env.one", "env.two", "proxy.forward",
                                 "squid.tls"});
}
