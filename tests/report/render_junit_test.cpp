// -o junit: one testcase per check (classname = link), statuses mapped, XML-safe text.
#include <catch.hpp>

#include "report/render.hpp"
#include "report/report_fixtures.hpp"

using namespace awf;

namespace {
std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("junit: one testcase per check, failures, errors and skips counted", "[report][junit]") {
  auto checks = test::proxy_fail_checks();
  test::find(checks, "helper.run")->status = Status::error;
  test::find(checks, "helper.run")->summary = "could not run: deadline";
  Report r = build_report(checks, test::r01_hypotheses(), {{"command", "check-chain"}, {"duration_ms", 1500}});
  std::string x = render_junit(r);
  INFO(x);
  CHECK(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK(count(x, "<testcase ") == 14);
  CHECK(count(x, "<failure ") == 1);
  CHECK(count(x, "<error ") == 1);
  CHECK(count(x, "<skipped ") == 5);
  CHECK(x.find("tests=\"14\" failures=\"1\" errors=\"1\" skipped=\"5\" time=\"1.500\"") != std::string::npos);
  CHECK(x.find("<testcase classname=\"proxy\" name=\"proxy.forward\" time=\"0.004\">") != std::string::npos);
  CHECK(x.find("<property name=\"exit_code\" value=\"1\"/>") != std::string::npos);
}

TEST_CASE("junit: markup and control characters are escaped — warn fails only under fail_on warn", "[report][junit]") {
  auto checks = test::healthy_checks();
  Check& w = *test::find(checks, "env.base_url");
  w.status = Status::warn;
  w.summary = "a <b> & \"c\" \x01 end";
  std::string x = render_junit(build_report(checks, {}, {}));
  INFO(x);
  CHECK(x.find("a &lt;b&gt; &amp;") != std::string::npos);
  CHECK(x.find('\x01') == std::string::npos);
  CHECK(x.find("<failure") == std::string::npos);
  CHECK(x.find("<system-out>warning: ") != std::string::npos);
  std::string strict = render_junit(build_report(checks, {}, {{"fail_on", "warn"}}));
  CHECK(strict.find("<failure type=\"warn\"") != std::string::npos);
  CHECK(strict.find("failures=\"1\"") != std::string::npos);
}
