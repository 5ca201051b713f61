// Client profiles: the Claude Code 2.1.88 rows (domain.md §3, §7 + tests/topology/clients_realclient_test.cpp observation),
// the request sequence per configured credential sources, zero-token bodies, placeholders.
#include "topology/clients.hpp"

#include <catch.hpp>

#include <nlohmann/json.hpp>

using namespace awf::topology;

namespace {

CredentialSources cc(bool token, bool key, bool helper) {
  CredentialSources s;
  s.auth_token = token;
  s.api_key = key;
  s.api_key_helper = helper;
  return s;
}

std::vector<std::string> names(const std::vector<HeaderField>& hs) {
  std::vector<std::string> out;
  for (const auto& h : hs) out.push_back(h.name);
  return out;
}

std::string value(const std::vector<HeaderField>& hs, const std::string& name) {
  for (const auto& h : hs)
    if (h.name == name) return h.value;
  return "(absent)";
}

}  // namespace

TEST_CASE("clients: built-in profiles and lookup", "[clients]") {
  REQUIRE(builtin_profiles().size() == 3);
  CHECK(builtin_profile("claude-code").version == "2.1.88");
  CHECK(builtin_profile("codex").provider == "openai");
  CHECK(builtin_profile("copilot").path_query == "/chat/completions");
  CHECK_THROWS_WITH(builtin_profile("pi"), "unknown client 'pi' (known: claude-code, codex, copilot)");
  // where domain.md is silent the profile says so instead of guessing
  CHECK(builtin_profile("codex").model.empty());
  CHECK_FALSE(builtin_profile("codex").unknown.empty());
  CHECK_FALSE(builtin_profile("copilot").unknown.empty());
}

TEST_CASE("clients: Claude Code with a token and a helper - both headers first, Bearer only after a 401", "[clients]") {
  SequenceOptions o;
  o.sources = cc(true, false, true);
  auto seq = request_sequence(builtin_profile("claude-code"), o);
  REQUIRE(seq.size() == 3);
  CHECK(seq[0].role == "preconnect");
  CHECK(seq[0].method == "HEAD");
  CHECK(seq[0].path_query == "/");
  CHECK(seq[1].role == "first");
  CHECK(seq[1].method == "POST");
  CHECK(seq[1].path_query == "/v1/messages?beta=true");
  CHECK(value(seq[1].headers, "x-api-key") == "{{apiKeyHelper}}");
  CHECK(value(seq[1].headers, "Authorization") == "Bearer {{ANTHROPIC_AUTH_TOKEN}}");
  CHECK(seq[2].role == "retry-after-401");
  CHECK(value(seq[2].headers, "x-api-key") == "(absent)");
  CHECK(value(seq[2].headers, "Authorization") == "Bearer {{ANTHROPIC_AUTH_TOKEN}}");
  // wire order as observed: x-api-key after anthropic-version, Authorization after the session id
  const auto n = names(seq[1].headers);
  auto at = [&](const std::string& h) { return std::find(n.begin(), n.end(), h) - n.begin(); };
  CHECK(at("x-api-key") == at("anthropic-version") + 1);
  CHECK(at("Authorization") == at("X-Claude-Code-Session-Id") + 1);
  CHECK(value(seq[1].headers, "anthropic-version") == "2023-06-01");
  CHECK(value(seq[1].headers, "x-app") == "cli");
  CHECK(value(seq[1].headers, "User-Agent") == "claude-cli/2.1.88 (external, sdk-cli)");
  CHECK(value(seq[1].headers, "accept-encoding") == "gzip, deflate");
  CHECK(value(seq[1].headers, "anthropic-beta").rfind("claude-code-20250219,", 0) == 0);
}

TEST_CASE("clients: HEAD / is not sent when a proxy variable is set", "[clients]") {
  SequenceOptions o;
  o.sources = cc(true, false, true);
  o.proxy_configured = true;
  auto seq = request_sequence(builtin_profile("claude-code"), o);
  REQUIRE(seq.size() == 2);
  CHECK(seq[0].role == "first");
}

TEST_CASE("clients: credential headers per configured source (observed rows)", "[clients]") {
  const auto& p = builtin_profile("claude-code");
  SequenceOptions o;
  o.proxy_configured = true;
  o.retries_after_401 = 1;
  struct Row {
    CredentialSources s;
    std::string key, auth;
  };
  for (const auto& r : {Row{cc(true, false, false), "(absent)", "Bearer {{ANTHROPIC_AUTH_TOKEN}}"},
                        Row{cc(false, true, false), "{{ANTHROPIC_API_KEY}}", "(absent)"},
                        Row{cc(false, false, true), "{{apiKeyHelper}}", "Bearer {{apiKeyHelper}}"},
                        Row{cc(true, true, false), "{{ANTHROPIC_API_KEY}}", "Bearer {{ANTHROPIC_AUTH_TOKEN}}"},
                        Row{cc(false, true, true), "{{ANTHROPIC_API_KEY}}", "Bearer {{apiKeyHelper}}"}}) {
    o.sources = r.s;
    auto seq = request_sequence(p, o);
    REQUIRE(seq.size() == 2);
    for (const auto& req : seq) {  // same headers on the retry for these rows
      CHECK(value(req.headers, "x-api-key") == r.key);
      CHECK(value(req.headers, "Authorization") == r.auth);
    }
  }
  o.sources = cc(true, true, true);
  CHECK_THROWS_WITH(request_sequence(p, o),
                    "claude-code: no known credential headers for ANTHROPIC_AUTH_TOKEN + ANTHROPIC_API_KEY + apiKeyHelper");
  o.sources = CredentialSources{};
  o.sources.oauth_token = true;
  auto oauth = request_sequence(p, o);
  REQUIRE(oauth.size() == 1);  // retries after a 401 unknown: not made up
  CHECK(value(oauth[0].headers, "anthropic-beta").find(",oauth-2025-04-20") != std::string::npos);
}

TEST_CASE("clients: zero-token bodies", "[clients]") {
  SequenceOptions o;
  o.sources = cc(true, false, true);
  o.proxy_configured = true;
  o.retries_after_401 = 0;
  auto reject = request_sequence(builtin_profile("claude-code"), o);
  REQUIRE(reject.size() == 1);
  CHECK(reject[0].body ==
        R"({"model":"claude-sonnet-4-6","messages":[{"role":"user","content":"hi"}],"stream":true})");
  o.shape = BodyShape::max_tokens_1;
  o.model = "claude-haiku-test";
  auto one = request_sequence(builtin_profile("claude-code"), o);
  auto b = nlohmann::json::parse(one[0].body);
  CHECK(b["max_tokens"] == 1);
  CHECK(b["model"] == "claude-haiku-test");
  CHECK(b["stream"] == true);

  SequenceOptions x;
  x.sources.openai_key = true;
  auto codex = request_sequence(builtin_profile("codex"), x);
  REQUIRE(codex.size() == 2);
  CHECK(codex[0].path_query == "/responses");
  CHECK(codex[0].body == R"({"stream":true})");  // no model: refused after authentication
  CHECK(value(codex[0].headers, "Authorization") == "Bearer {{OPENAI_API_KEY}}");
  x.shape = BodyShape::max_tokens_1;
  CHECK_THROWS_WITH(request_sequence(builtin_profile("codex"), x),
                    "codex: no known valid minimal request body (see the profile's unknown fields)");

  SequenceOptions c;
  c.sources.copilot_token = true;
  auto cop = request_sequence(builtin_profile("copilot"), c);
  REQUIRE(cop.size() == 1);
  CHECK(value(cop[0].headers, "anthropic-beta") == "context-1m-2025-08-07");
  CHECK(value(cop[0].headers, "Authorization") == "{{copilot_auth_scheme}} {{COPILOT_GITHUB_TOKEN}}");
}

TEST_CASE("clients: placeholders", "[clients]") {
  CHECK(fill_placeholders("Bearer {{ANTHROPIC_AUTH_TOKEN}}", {{"ANTHROPIC_AUTH_TOKEN", "sk-ant-placeholder"}}) ==
        "Bearer sk-ant-placeholder");
  CHECK(fill_placeholders("{{a}}-{{b}}-{{a}}", {{"a", "1"}}) == "1-{{b}}-1");
  CHECK(fill_placeholders("no {{end", {{"end", "x"}}) == "no {{end");
}
