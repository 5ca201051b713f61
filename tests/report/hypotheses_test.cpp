// report/hypotheses.cpp: titles and H2 on a route other than Anthropic's (new-user F3).
#include <catch.hpp>

#include <algorithm>

#include "report/hypotheses.hpp"
#include "report/report_fixtures.hpp"

using namespace awf;
using awf::test::mk;

namespace {

const Hypothesis& by_id(const std::vector<Hypothesis>& hs, const std::string& id) {
  auto it = std::find_if(hs.begin(), hs.end(), [&](const Hypothesis& h) { return h.id == id; });
  REQUIRE(it != hs.end());
  return *it;
}

std::vector<Check> missing_base_url(const std::string& route) {
  Check base = mk("env.base_url", Link::env, Status::fail, "OPENAI_BASE_URL is not set");
  base.fault = FaultId::env_base_url_missing;
  Check token = mk("env.auth_token", Link::env, Status::pass, "OPENAI_API_KEY (awf's placeholder), CODEX_API_KEY set");
  std::vector<Check> v{base, token};
  for (auto& c : v) c.provider = route;
  return v;
}

}  // namespace

TEST_CASE("hypotheses: on the OpenAI route causes and H1/H2 speak of OpenAI's variables and Codex",
          "[report][hypotheses]") {
  const auto hs = evaluate_hypotheses(missing_base_url("openai"), provider(ProviderId::openai));
  CHECK(by_id(hs, "env-base-url-missing").title == "OPENAI_BASE_URL is not set in the agent");
  CHECK(by_id(hs, "H1").title.rfind("Codex's auth mechanism (header or endpoint path)", 0) == 0);
  const Hypothesis& h2 = by_id(hs, "H2");
  CHECK(h2.title == "OPENAI_API_KEY interferes with a credential helper");
  CHECK(h2.verdict == "not-applicable");
  CHECK(h2.summary.find("Codex runs no credential helper") == 0);
  CHECK(h2.summary.find("none") == std::string::npos);
  for (const auto& h : hs) {
    INFO(h.id << ": " << h.title << " / " << h.summary);
    CHECK(h.title.find("ANTHROPIC") == std::string::npos);
    CHECK(h.title.find("Claude Code") == std::string::npos);
    CHECK(h.summary.find("ANTHROPIC") == std::string::npos);
  }
  // The same checks judged for Anthropic's route keep Anthropic's words.
  const auto anthropic = evaluate_hypotheses(missing_base_url("anthropic"), provider(ProviderId::anthropic));
  CHECK(by_id(anthropic, "env-base-url-missing").title == "ANTHROPIC_BASE_URL is not set in the agent");
  CHECK(by_id(anthropic, "H2").title == "ANTHROPIC_AUTH_TOKEN interferes with the apiKeyHelper");
}
