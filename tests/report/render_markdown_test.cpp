// -o markdown: an issue body that carries the report's own decisions and never exceeds 65,536 chars.
#include <catch.hpp>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/report_fixtures.hpp"

using namespace awf;

namespace {

Report r01_report() {
  return build_report(test::proxy_fail_checks(), test::r01_hypotheses(),
                      {{"command", "check-chain"}, {"duration_ms", 12}, {"topology", {{"mode", "awf"}}}});
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("markdown: verdict, topology, links, failed checks, hypotheses, details", "[report][markdown]") {
  Report r = r01_report();
  std::string md = render_markdown(r);
  INFO(md);
  CHECK(md.rfind("## awf-diag: FAIL\n", 0) == 0);
  CHECK(has(md, "FAIL: the proxy link is broken"));
  CHECK(has(md, "**Topology:** mode `awf`"));
  CHECK(has(md, "| Link | Status | Checks |"));
  CHECK(has(md, "| proxy | ❌ fail | 3 |"));
  CHECK(has(md, "#### ❌ `proxy.forward`"));
  CHECK(has(md, "- `curl.code`: `56`"));
  CHECK(has(md, "**Hint:** check the injected key"));
  CHECK(has(md, "| `H1` | title of H1 | refuted | because H1 |"));
  CHECK(has(md, "| `proxy-key-whitespace` | the api-proxy fails on its own injected key (trailing newline) | supported |"));
  // The leading cause's hint keeps its command as code.
  CHECK(has(md, "`proxy-key-whitespace`):** printf %s \"$ANTHROPIC\\_API\\_KEY\" \\| tail"));
  CHECK(has(md, "<details><summary>All 14 checks</summary>"));
  CHECK(has(md, "</details>"));
  CHECK_FALSE(has(md, "Trimmed"));
  // The verdict comes before the hypotheses, the hypotheses before the details.
  CHECK(md.find("FAIL: the proxy") < md.find("### Hypotheses"));
  CHECK(md.find("### Hypotheses") < md.find("<details>"));
}

TEST_CASE("markdown: report text cannot inject HTML, tables or mentions", "[report][markdown]") {
  auto checks = test::proxy_fail_checks();
  test::find(checks, "proxy.forward")->summary = "a | b <script>alert(1)</script> @octocat `x` \n::set-env";
  std::string md = render_markdown(build_report(checks, {}, {}));
  INFO(md);
  CHECK_FALSE(has(md, "<script>"));
  CHECK(has(md, "\\<script\\>"));
  CHECK(has(md, "a \\| b"));
  CHECK(has(md, "\\@octocat"));
  CHECK_FALSE(has(md, "\n::set-env"));
}

TEST_CASE("markdown: a 2,000-check report stays under 65,536 characters and says it was trimmed", "[report][markdown]") {
  std::vector<Check> checks;
  for (int i = 0; i < 2000; ++i) {
    Check c = test::mk(fmt::format("squid.check_{:04}", i), Link::squid, i % 10 == 0 ? Status::fail : Status::pass,
                       "a summary long enough to matter in a table row, repeated for each of the two thousand checks");
    if (c.status == Status::fail) {
      c.evidence = {{"detail", std::string(150, 'e')}, {"more", std::string(150, 'm')}};
      c.hint = "do the thing that fixes check " + c.id;
    }
    checks.push_back(std::move(c));
  }
  Report r = build_report(std::move(checks), test::r01_hypotheses(), {{"command", "check-chain"}});
  std::string md = render_markdown(r);
  CHECK(md.size() <= kIssueBodyMaxChars);
  CHECK(has(md, "**Trimmed** to stay within 65,536 characters"));
  CHECK(has(md, "FAIL: the squid link is broken"));  // the verdict always survives
  CHECK(has(md, "### Hypotheses"));
  CHECK(has(md, "more checks left out"));
  // A smaller limit trims further and still holds.
  for (std::size_t limit : {20000u, 4096u, 600u}) {
    std::string small = render_markdown(r, limit);
    CHECK(small.size() <= limit);
    CHECK(has(small, "## awf-diag: FAIL"));
  }
}
