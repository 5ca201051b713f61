// Env rules of the Codex and Copilot routes (rules/route_env_rules.hpp): the provider row decides.
#include <catch.hpp>

#include "rules/route_env_rules.hpp"

using namespace awf;

namespace {

RouteCredentialVar cred(std::string name, bool placeholder, bool shaped = true, bool key = false) {
  return RouteCredentialVar{std::move(name), 20, "sha256:000000000000", placeholder, shaped, key};
}

RouteEnvFacts awf_agent(std::string base_var) {
  RouteEnvFacts f;
  f.in_awf = true;
  f.base_url_var = std::move(base_var);
  f.base_url_set = true;
  f.base_url_value = "http://172.30.0.30:10000";
  f.base_url_http = true;
  return f;
}

}  // namespace

TEST_CASE("route env: Codex without a key ignores OPENAI_BASE_URL (domain section 8)", "[rules][env][issue5]") {
  const Provider& p = provider(ProviderId::openai);
  RouteEnvFacts f = awf_agent("OPENAI_BASE_URL");
  Outcome o = judge_route_auth_token(f, p);
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::env_client_ignores_base_url);
  CHECK(o.summary.find("OPENAI_API_KEY") != std::string::npos);
  CHECK(o.hint.find("sk-placeholder-for-api-proxy") != std::string::npos);
  CHECK(judge_route_base_url(f, p).status == Status::pass);
  // With the placeholder set, the route is fine.
  f.credentials = {cred("OPENAI_API_KEY", true)};
  CHECK(judge_route_auth_token(f, p).status == Status::pass);
  // Inside awf a value that is no placeholder is a leaked credential.
  f.credentials = {cred("OPENAI_API_KEY", false)};
  CHECK(judge_route_auth_token(f, p).fault == FaultId::env_token_not_placeholder);
  // Both of Codex's variables leaked: the summary and the hint name both (new-user F9).
  f.credentials = {cred("OPENAI_API_KEY", false), cred("CODEX_API_KEY", false)};
  const Outcome both = judge_route_auth_token(f, p);
  CHECK(both.summary.find("OPENAI_API_KEY (20 bytes, sha256:000000000000), CODEX_API_KEY (20 bytes, "
                          "sha256:000000000000) are not awf's placeholder") == 0);
  CHECK(both.hint == "give the agent only awf's placeholder sk-placeholder-for-api-proxy in OPENAI_API_KEY and "
                     "CODEX_API_KEY, nothing else");
  // No base URL: nothing is ignored; inside awf the base URL check fails.
  RouteEnvFacts none;
  none.in_awf = true;
  none.base_url_var = "OPENAI_BASE_URL";
  CHECK(judge_route_auth_token(none, p).status == Status::pass);
  CHECK(judge_route_base_url(none, p).fault == FaultId::env_base_url_missing);
  none.in_awf = false;
  CHECK(judge_route_base_url(none, p).status == Status::warn);
}

TEST_CASE("route env: keys awf's one-shot protection removed are no evidence of a Codex without a key",
          "[rules][env][issue5]") {
  const Provider& p = provider(ProviderId::openai);
  RouteEnvFacts f = awf_agent("OPENAI_BASE_URL");
  f.one_shot = {"OPENAI_API_KEY", "CODEX_API_KEY"};  // AWF_ONE_SHOT_TOKENS listed them (domain section 2)
  Outcome o = judge_route_auth_token(f, p);
  CHECK(o.status == Status::warn);
  CHECK_FALSE(o.fault);
  CHECK(o.summary.find("AWF_ONE_SHOT_TOKENS lists OPENAI_API_KEY, CODEX_API_KEY") != std::string::npos);
  CHECK(o.hint.find("--env-file") != std::string::npos);
}

TEST_CASE("route env: Copilot's token-shape check (domain section 8)", "[rules][env][issue5]") {
  const Provider& p = provider(ProviderId::copilot);
  RouteEnvFacts f = awf_agent("COPILOT_API_URL");
  f.credentials = {cred("COPILOT_GITHUB_TOKEN", false, false)};
  Outcome o = judge_route_auth_token(f, p);
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::env_token_not_token_shaped);
  CHECK(o.summary.find("ghu_") != std::string::npos);
  // awf's placeholder is token-shaped (ghu_ + 36 x a) and passes.
  f.credentials = {cred("COPILOT_GITHUB_TOKEN", true, true)};
  CHECK(judge_route_auth_token(f, p).status == Status::pass);
  // Copilot's base URL does not need a key to be used: no Codex rule here.
  f.credentials.clear();
  CHECK(judge_route_auth_token(f, p).status == Status::pass);
  // A key variable with a real value in the agent.
  f.credentials = {cred("COPILOT_PROVIDER_API_KEY", false, true, true)};
  CHECK(judge_route_api_key(f, p).fault == FaultId::env_api_key_present);
}
