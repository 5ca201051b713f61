// -o github: workflow commands with GitHub's escaping, one group per link.
#include <catch.hpp>

#include "report/render.hpp"
#include "report/report_fixtures.hpp"

using namespace awf;

TEST_CASE("github: escaping of %, CR, LF in messages and also : and , in properties", "[report][github]") {
  CHECK(github_escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d");
  CHECK(github_escape_property("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d");
}

TEST_CASE("github: a group per link, ::error per failed check, a closing annotation", "[report][github]") {
  Report r = build_report(test::proxy_fail_checks(), test::r01_hypotheses(), {});
  std::string g = render_github(r);
  INFO(g);
  for (const char* link : {"helper", "env", "proxy", "squid", "upstream"})
    CHECK(g.find(std::string("::group::") + link + " ") != std::string::npos);
  CHECK(g.find("::group::proxy fail (3 checks)\n") != std::string::npos);
  CHECK(g.find("::error title=awf-diag proxy.forward (proxy)::api-proxy reset the connection%3A") == std::string::npos);
  CHECK(g.find("::error title=awf-diag proxy.forward (proxy)::api-proxy reset the connection: no HTTP response") !=
        std::string::npos);
  CHECK(g.find("%0Ahint: check the injected key") != std::string::npos);
  CHECK(g.find("::error title=awf-diag FAIL (exit code 1)::FAIL: the proxy link is broken") != std::string::npos);
  std::size_t opens = 0, closes = 0;
  for (auto p = g.find("::group::"); p != std::string::npos; p = g.find("::group::", p + 1)) ++opens;
  for (auto p = g.find("::endgroup::"); p != std::string::npos; p = g.find("::endgroup::", p + 1)) ++closes;
  CHECK(opens == 5);
  CHECK(closes == 5);
}

TEST_CASE("github: report text cannot start a workflow command of its own", "[report][github]") {
  auto checks = test::healthy_checks();
  Check& w = *test::find(checks, "env.base_url");
  w.status = Status::warn;
  w.summary = "x\n::set-output name=a::b\r\n::add-mask::y";
  std::string g = render_github(build_report(checks, {}, {}));
  INFO(g);
  CHECK(g.find("\n::set-output") == std::string::npos);
  CHECK(g.find("\n::add-mask") == std::string::npos);
  CHECK(g.find("::warning title=awf-diag env.base_url (env)::x%0A::set-output") != std::string::npos);
  CHECK(g.find("::notice title=awf-diag WARN (exit code 0)::") != std::string::npos);
}
