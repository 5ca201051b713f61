// log.agent.client_errors (logs/client_error_checks.cpp): the client's own words that it failed before
// sending decide the link and the fault; the request and upstream checks then skip instead of blaming
// a hop the request never reached (user test 14 F1, F2, F3, F8).
#include <catch.hpp>

#include "logs/log_report_util.hpp"

using namespace awf;
using test::analyze_case;
using test::analyze_dir;
using test::check_of;
using test::link_status;

namespace {
void require_client_error(const Report& r, const char* link, const char* fault) {
  CHECK(r.summary.verdict == "FAIL");
  CHECK(r.exit_code == kExitChainBroken);
  CHECK(r.summary.failed_link == link);
  REQUIRE(r.summary.leading_cause);
  CHECK(*r.summary.leading_cause == fault);
  const Check* c = check_of(r, "log.agent.client_errors");
  REQUIRE(c);
  CHECK(c->status == Status::fail);
  CHECK(link_status(r, Link::proxy) != "fail");
  CHECK(link_status(r, Link::upstream) != "fail");
  CHECK(link_status(r, Link::upstream) != "pass");
}
}  // namespace

TEST_CASE("R02 from its logs: the helper's exit 127 is the helper link, not the proxy", "[logs][client_errors]") {
  Report r = analyze_case("R02");
  require_client_error(r, "helper", "helper-not-found");
  CHECK_THAT(check_of(r, "log.agent.client_errors")->summary, Catch::Contains("127"));
}

TEST_CASE("R07 from its logs: no credential resolved is the env link, never green", "[logs][client_errors]") {
  Report r = analyze_case("R07");
  require_client_error(r, "env", "env-base-url-missing");
}

TEST_CASE("Copilot's no-auth and Codex's missing bearer are env faults, whatever the pre-flight said",
          "[logs][client_errors]") {
  require_client_error(analyze_dir("copilot-no-auth"), "env", "env-token-not-token-shaped");
  require_client_error(analyze_dir("codex-ignores-base-url"), "env", "env-client-ignores-base-url");
}
