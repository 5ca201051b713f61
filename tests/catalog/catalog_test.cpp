#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/catalog.hpp"
#include "rules/hypothesis_rules.hpp"

using namespace awf;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kDocs = std::string(AWF_SOURCE_DIR) + "/docs/hypotheses.md";

}  // namespace

TEST_CASE("catalog: every fault has a unique code, a title, a description and a hint", "[catalog]") {
  std::set<std::string_view> codes;
  int n = 0;
  for (const auto& f : all_faults()) {
    INFO(f.code);
    CHECK(static_cast<int>(f.id) == n++);  // rows in FaultId order: info(id) is an index
    CHECK(codes.insert(f.code).second);
    CHECK(std::regex_match(std::string(f.code), std::regex("(helper|env|proxy|squid|upstream)-[a-z0-9-]+")));
    CHECK(f.code.substr(0, f.code.find('-')) == to_string(f.link));
    CHECK_FALSE(f.title.empty());
    CHECK_FALSE(f.description.empty());
    CHECK_FALSE(f.hint.empty());
    CHECK_FALSE(f.set_by.empty());
    CHECK(fault_from_code(f.code) == f.id);
    CHECK(docs_anchor(f.id) == "docs/hypotheses.md#" + std::string(f.code));
  }
  CHECK(n == kFaultCount);
}

TEST_CASE("catalog: retired codes are never reused and never parse", "[catalog]") {
  REQUIRE_FALSE(retired_codes().empty());
  for (const auto& r : retired_codes()) {
    INFO(r.code);
    CHECK_FALSE(fault_from_code(r.code).has_value());
    CHECK_FALSE(r.note.empty());
  }
}

TEST_CASE("catalog: hint templates are filled from the provider row and the caller", "[catalog]") {
  const Provider& p = provider(ProviderId::anthropic);
  const std::string h = hint(FaultId::proxy_invalid_injected_header, p);
  CHECK(h.find("x-api-key") != std::string::npos);
  CHECK(h.find("printf %s \"$ANTHROPIC_API_KEY\" | tail -c 1 | od -c") != std::string::npos);
  CHECK(h.find('{') == std::string::npos);
  CHECK(hint(FaultId::helper_not_executable, p, {{"path_q", "'/x y'"}}) == "make it executable: chmod 755 '/x y'");
  CHECK(fill_template("a {x} {unknown} {}", {{"x", "1"}}) == "a 1 {unknown} {}");
  // Every placeholder of every hint is known once the caller's own values are given: none of the
  // provider-fact names survives filling.
  for (const auto& f : all_faults()) {
    const std::string filled = hint(f.id, p);
    for (const char* name : {"{provider}", "{key_var}", "{auth_header}", "{placeholder}", "{sidecar_ip}", "{squid}",
                             "{base_url_var}", "{command}"}) {
      INFO(f.code << " " << name);
      CHECK(filled.find(name) == std::string::npos);
    }
  }
}

// New-user F3: a cause or hypothesis on another provider's route names that route's variables and
// client, never Claude Code's.
TEST_CASE("catalog: titles are filled from the route's provider row", "[catalog]") {
  const Provider& anthropic = provider(ProviderId::anthropic);
  const Provider& openai = provider(ProviderId::openai);
  const Provider& copilot = provider(ProviderId::copilot);
  CHECK(title(FaultId::env_base_url_missing, anthropic) == "ANTHROPIC_BASE_URL is not set in the agent");
  CHECK(title(FaultId::env_base_url_missing, openai) == "OPENAI_BASE_URL is not set in the agent");
  CHECK(title(FaultId::env_base_url_missing, copilot) == "COPILOT_API_URL is not set in the agent");
  CHECK(title(FaultId::env_token_not_placeholder, openai) == "OPENAI_API_KEY / CODEX_API_KEY is not awf's placeholder");
  CHECK(title(FaultId::env_api_key_present, anthropic) == "A key in ANTHROPIC_API_KEY / CLAUDE_API_KEY reached the agent");
  CHECK(title(HypothesisId::H1, anthropic) ==
        "Claude Code's auth mechanism (header, endpoint path or anthropic-version) does not match what the api-proxy "
        "handles");
  CHECK(title(HypothesisId::H1, openai) ==
        "Codex's auth mechanism (header or endpoint path) does not match what the api-proxy handles");
  CHECK(title(HypothesisId::H2, anthropic) == "ANTHROPIC_AUTH_TOKEN interferes with the apiKeyHelper");
  CHECK(title(HypothesisId::H2, openai) == "OPENAI_API_KEY interferes with a credential helper");
  // No placeholder survives for any row, and no Anthropic variable appears on another row's titles.
  for (const Provider& p : providers())
    for (const auto& f : all_faults()) {
      const std::string t = title(f.id, p);
      INFO(p.name << " " << f.code << ": " << t);
      CHECK(t.find('{') == std::string::npos);
      if (p.id != ProviderId::anthropic && (f.link == Link::env))
        CHECK(t.find("ANTHROPIC_") == std::string::npos);
    }
}

// New-user F19: the env hint says when awf really sets the route's variables (domain facts §2, §11).
TEST_CASE("catalog: env-base-url-missing's hint says when awf sets the route's variables", "[catalog]") {
  const std::string a = hint(FaultId::env_base_url_missing, provider(ProviderId::anthropic));
  CHECK(a.find("awf sets both whenever the api-proxy is on, for OIDC/WIF auth since PR #4119") != std::string::npos);
  const std::string o = hint(FaultId::env_base_url_missing, provider(ProviderId::openai));
  CHECK(o.find("set OPENAI_BASE_URL=http://172.30.0.30:10000") == 0);
  CHECK(o.find("only when it is given an OpenAI key") != std::string::npos);
  CHECK(o.find("#4119") == std::string::npos);
  const std::string c = hint(FaultId::env_base_url_missing, provider(ProviderId::copilot));
  CHECK(c.find("our awf facts do not say when awf sets them for GitHub Copilot") != std::string::npos);
  CHECK(c.find("whenever") == std::string::npos);
}

TEST_CASE("docs/hypotheses.md holds the catalog's fault table and the rule tables", "[catalog][docs]") {
  const std::string docs = slurp(kDocs);
  REQUIRE_FALSE(docs.empty());
  const std::string faults = render_fault_markdown();
  INFO("docs/hypotheses.md must contain, verbatim:\n" << faults);
  CHECK(docs.find(faults) != std::string::npos);
  for (HypothesisId h : kAllHypotheses) {
    const std::string table = render_markdown(h);
    INFO(code(h) << " table expected verbatim in docs/hypotheses.md:\n" << table);
    CHECK(docs.find(table) != std::string::npos);
  }
  for (const auto& r : retired_codes()) {
    INFO("retired code listed in docs: " << r.code);
    CHECK(docs.find("`" + std::string(r.code) + "`") != std::string::npos);
  }
}
