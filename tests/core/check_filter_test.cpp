// --only / --skip selection: globs, kept prerequisites, dropped dependents, typos are errors.
#include <catch.hpp>

#include <stdexcept>

#include "core/check_filter.hpp"

using namespace awf;

namespace {
std::vector<CheckDef> chain() {
  auto d = [](std::string id, Link l, std::vector<std::string> deps) { return CheckDef{std::move(id), l, "t", std::move(deps), {}}; };
  return {d("proxy.tcp", Link::proxy, {}), d("proxy.health", Link::proxy, {"proxy.tcp"}),
          d("proxy.forward", Link::proxy, {"proxy.tcp", "proxy.health"}), d("squid.connect", Link::squid, {}),
          d("squid.tls", Link::squid, {"squid.connect"}), d("upstream.auth", Link::upstream, {"proxy.forward"})};
}
std::vector<std::string> ids(const std::vector<CheckDef>& defs) {
  std::vector<std::string> v;
  for (const auto& d : defs) v.push_back(d.id);
  return v;
}
}  // namespace

TEST_CASE("only keeps matching checks and their prerequisites, in run order", "[core][filter]") {
  CHECK(ids(filter_checks(chain(), {"upstream.*"}, {})) ==
        std::vector<std::string>{"proxy.tcp", "proxy.health", "proxy.forward", "upstream.auth"});
  CHECK(ids(filter_checks(chain(), {"squid.t?s"}, {})) == std::vector<std::string>{"squid.connect", "squid.tls"});
  CHECK(ids(filter_checks(chain(), {}, {})).size() == 6);
}

TEST_CASE("skip drops matching checks and what depends on them", "[core][filter]") {
  CHECK(ids(filter_checks(chain(), {}, {"proxy.health"})) == std::vector<std::string>{"proxy.tcp", "squid.connect", "squid.tls"});
  CHECK(ids(filter_checks(chain(), {"squid.*", "proxy.tcp"}, {"squid.tls"})) == std::vector<std::string>{"proxy.tcp", "squid.connect"});
}

TEST_CASE("a pattern that matches nothing is a usage error naming it", "[core][filter]") {
  CHECK_THROWS_WITH(filter_checks(chain(), {"proxy.frowad"}, {}), Catch::Contains("--only 'proxy.frowad'"));
  CHECK_THROWS_AS(filter_checks(chain(), {}, {"nope*"}), std::invalid_argument);
}
