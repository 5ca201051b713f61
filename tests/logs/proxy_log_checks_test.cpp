// log.proxy.requests (logs/proxy_log_checks.cpp): an api-proxy log whose every ended request is a
// request_error (domain.md §4 Logging) is the sidecar's forwarding failing — a proxy-link fault with
// the messages, never "no log found" (new-user test 13 F12).
#include <catch.hpp>

#include "logs/log_report_util.hpp"

using namespace awf;
using test::analyze_dir;
using test::check_of;
using test::link_status;
using test::text_of;

TEST_CASE("api-proxy log with request_error only: the proxy link fails with the messages", "[logs][proxy_log]") {
  struct Want {
    const char* dir;
    const char* top_message;
    int errors;
    int started;
  };
  for (const Want w : {Want{"proxy-request-errors-hangup", "socket hang up", 3, 3},
                       Want{"proxy-request-errors-refused", "connect ECONNREFUSED 172.30.0.10:3128", 3, 4},
                       Want{"proxy-request-errors-after-head", "read ECONNRESET", 3, 4}}) {
    INFO(w.dir);
    Report r = analyze_dir(w.dir);
    CHECK(r.summary.verdict == "FAIL");
    CHECK(r.exit_code == kExitChainBroken);
    CHECK(r.summary.failed_link == "proxy");
    REQUIRE(r.summary.leading_cause);
    CHECK(*r.summary.leading_cause == "proxy-forward-errors-logged");
    CHECK(link_status(r, Link::proxy) == "fail");
    const Check* c = check_of(r, "log.proxy.requests");
    REQUIRE(c);
    CHECK(c->evidence["request_error"] == w.errors);
    CHECK(c->evidence["request_start"] == w.started);
    CHECK(c->evidence["api_calls"]["completed"] == 0);
    CHECK(c->evidence["messages"][0]["message"] == w.top_message);
    CHECK_THAT(c->summary, Catch::Contains(w.top_message));
    CHECK_THAT(c->hint, Catch::Contains("access.log"));
    CHECK_THAT(text_of(r), !Catch::Contains("no log this tool reads"));
    // The hypotheses say what the log shows, never "no request was sent".
    REQUIRE(test::hyp(r, "H1"));
    CHECK(test::verdict_of(r, "H1") == "inconclusive");
    CHECK_THAT(test::hyp(r, "H1")->summary, Catch::Contains("reached the api-proxy"));
    CHECK_THAT(test::hyp(r, "H3")->summary, Catch::Contains("request_error"));
    CHECK_THAT(text_of(r), !Catch::Contains("no request was sent"));
  }
}

TEST_CASE("api-proxy log where a request completed: no log.proxy.requests", "[logs][proxy_log]") {
  // upstream-401-origin-unseen has request_complete lines: the forwarding worked.
  Report r = analyze_dir("upstream-401-origin-unseen");
  CHECK(check_of(r, "log.proxy.requests") == nullptr);
}
