// render_text: quiet on success, detailed on failure, no escape codes without colour.
#include <catch.hpp>

#include <sstream>

#include "report/report.hpp"
#include "report_fixtures.hpp"

using namespace awf;
using awf::test::find;
using nlohmann::json;

namespace {
std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines_of(text))
    if (l == line) return true;
  return false;
}
}  // namespace

TEST_CASE("text: healthy chain is quiet, one line per link and a closing line", "[report]") {
  auto r = build_report(test::healthy_checks(), test::r01_hypotheses(), {{"duration_ms", 1234}});
  const std::string t = render_text(r);
  CHECK(t == "  helper    pass   2 checks\n"
             "  env       pass   3 checks\n"
             "  proxy     pass   3 checks\n"
             "  squid     pass   3 checks\n"
             "  upstream  pass   3 checks\n"
             "PASS  14 checks: 14 passed, 0 warned, 0 failed, 0 errors, 0 skipped in 1234 ms\n");
  CHECK(lines_of(t).size() == r.links.size() + 1);
  CHECK(t.find("hint:") == std::string::npos);
  CHECK(t.find("Hypotheses") == std::string::npos);

  SECTION("no duration in run: no ' in … ms'") {
    auto r2 = build_report(test::healthy_checks(), {}, json::object());
    CHECK(lines_of(render_text(r2)).back() == "PASS  14 checks: 14 passed, 0 warned, 0 failed, 0 errors, 0 skipped");
  }
}

TEST_CASE("text: warnings stay quiet, listed under their link", "[report]") {
  auto v = test::healthy_checks();
  find(v, "squid.connect")->status = Status::warn;
  find(v, "squid.connect")->summary = "the agent's own side call to statsig.anthropic.com was denied";
  find(v, "squid.connect")->hint = "benign; allow the domain if the agent needs it";
  auto r = build_report(v, {}, {{"duration_ms", 7.6}});
  const std::string t = render_text(r);
  CHECK(t == "  helper    pass   2 checks\n"
             "  env       pass   3 checks\n"
             "  proxy     pass   3 checks\n"
             "  squid     warn   3 checks\n"
             "    ! squid.connect  the agent's own side call to statsig.anthropic.com was denied\n"
             "  upstream  pass   3 checks\n"
             "WARN  14 checks: 13 passed, 1 warned, 0 failed, 0 errors, 0 skipped in 8 ms\n");
  CHECK(t.find("hint:") == std::string::npos);
}

TEST_CASE("text: a failure shows the check's summary, evidence, hint, skips and hypotheses", "[report]") {
  auto r = build_report(test::proxy_fail_checks(), test::r01_hypotheses(), {{"duration_ms", 1234}});
  const std::string t = render_text(r);
  INFO(t);
  const auto lines = lines_of(t);
  REQUIRE(lines.size() > 10);
  CHECK(lines[0] == r.summary.text);  // one header line: the summary sentence, verdict first
  CHECK(lines[0].rfind("FAIL: the proxy link is broken", 0) == 0);
  CHECK(has_line(t, "  proxy     fail   3 checks"));
  CHECK(has_line(t, "  upstream  skip   3 checks"));
  CHECK(has_line(t, "✗ proxy.forward  api-proxy reset the connection: no HTTP response (error_status null)"));
  CHECK(has_line(t, "    http_code: 0"));
  CHECK(has_line(t, "    curl.code: 56"));
  CHECK(has_line(t, "    curl.error: Recv failure: Connection reset by peer"));
  CHECK(has_line(t, "    injected.header: x-api-key"));
  CHECK(has_line(t, "    injected.trailing_newline: true"));
  CHECK(has_line(t, "    attempts: POST /v1/messages, POST {}"));
  CHECK(has_line(t, "    body_excerpt: " + std::string(200, 'x') + "…"));
  CHECK(has_line(t, "    timing: connect 1 ms, total 4 ms"));
  CHECK(has_line(t, "  hint: check the injected key for a trailing newline or whitespace; upgrade to awf >= v0.25.6"));
  CHECK(has_line(t, std::string("- squid.tls  skipped: ") + test::kSkipReason));
  CHECK(has_line(t, std::string("- upstream.auth  skipped: ") + test::kSkipReason));
  CHECK(has_line(t, "Leading cause: proxy-key-whitespace — the api-proxy fails on its own injected key (trailing newline)"));
  CHECK(has_line(t, "  proxy.forward was reset for a minimal request too"));
  CHECK(has_line(t, "  hint: printf %s \"$ANTHROPIC_API_KEY\" | tail -c 1 | od -c"));
  CHECK(has_line(t, "Hypotheses:"));
  // Each hypothesis by its title, its reason on the next line.
  CHECK(has_line(t, "  H1                    refuted         title of H1"));
  CHECK(has_line(t, "      because H1"));
  CHECK(has_line(t, "  proxy-key-whitespace  supported       the api-proxy fails on its own injected key (trailing newline)"));
  CHECK(has_line(t, "      proxy.forward was reset for a minimal request too"));
  CHECK(lines.back() == "FAIL  14 checks: 8 passed, 0 warned, 1 failed, 0 errors, 5 skipped in 1234 ms");
  // Checks that passed are not detailed.
  CHECK(t.find("helper.run") == std::string::npos);
  // Order: links, failed check, skips, leading cause, hypotheses, counts.
  CHECK(t.find("  upstream  skip") < t.find("✗ proxy.forward"));
  CHECK(t.find("✗ proxy.forward") < t.find("- squid.sidecar_tunnel"));
  CHECK(t.find("- upstream.stream") < t.find("Leading cause:"));
  CHECK(t.find("Leading cause:") < t.find("Hypotheses:"));
  // Re-rendering a saved report gives the same text (`awf-diag report`).
  CHECK(render_text(report_from_json(json::parse(render_json(r)))) == t);
}

TEST_CASE("text: errors are shown like failures, labelled, with their evidence", "[report]") {
  auto v = test::healthy_checks();
  Check& c = *find(v, "helper.config");
  c.status = Status::error;
  c.summary = "cannot read /root/.claude/settings.json";
  c.evidence = {{"errno", "EACCES"}, {"path", "/root/.claude/settings.json"}};
  c.hint = "run awf-diag as the agent's user";
  auto r = build_report(v, {}, json::object());
  const std::string t = render_text(r);
  INFO(t);
  CHECK(lines_of(t)[0].rfind("ERROR: ", 0) == 0);
  CHECK(has_line(t, "  helper    error  2 checks"));
  CHECK(has_line(t, "✗ helper.config  error: cannot read /root/.claude/settings.json"));
  CHECK(has_line(t, "    errno: EACCES"));
  CHECK(has_line(t, "  hint: run awf-diag as the agent's user"));
  CHECK(has_line(t, "Leading cause: none identified"));
  CHECK(t.find("Hypotheses:") == std::string::npos);
  CHECK(lines_of(t).back() == "ERROR  14 checks: 13 passed, 0 warned, 0 failed, 1 error, 0 skipped");
}

TEST_CASE("text: evidence values are one line, control characters escaped, cut on a code point", "[report]") {
  auto v = test::proxy_fail_checks();
  Check& f = *find(v, "proxy.forward");
  f.evidence = {{"stdout", "sk-ant-placeholder-key-for-credential-isolation\n"},
                {"empty", json::object()},
                {"list", json::array()},
                {"nested", {{"a", {{"b", nullptr}}}, {"rows", {{{"k", 1}}, 2}}}},
                {"utf8", std::string(199, 'y') + "éé"}};
  const std::string t = render_text(build_report(v, {}, json::object()));
  INFO(t);
  CHECK(has_line(t, "    stdout: sk-ant-placeholder-key-for-credential-isolation\\n"));
  CHECK(has_line(t, "    empty: {}"));
  CHECK(has_line(t, "    list: []"));
  CHECK(t.find("nested.a.b") == std::string::npos);  // nulls are left out of the text
  CHECK(has_line(t, "    nested.rows: {\"k\":1}, 2"));
  CHECK(has_line(t, "    utf8: " + std::string(199, 'y') + "é…"));
}

TEST_CASE("text: colour only when asked", "[report]") {
  for (const auto& checks : {test::healthy_checks(), test::proxy_fail_checks()}) {
    auto r = build_report(checks, test::r01_hypotheses(), json::object());
    CHECK(render_text(r, false).find('\x1b') == std::string::npos);
    CHECK(render_text(r, true).find('\x1b') != std::string::npos);
  }
  auto r = build_report(test::proxy_fail_checks(), {}, json::object());
  const std::string t = render_text(r, true);
  CHECK(t.find("\x1b[31mfail\x1b[0m   3 checks") != std::string::npos);
  CHECK(t.find("\x1b[31mFAIL\x1b[0m: the proxy link is broken") != std::string::npos);
}
