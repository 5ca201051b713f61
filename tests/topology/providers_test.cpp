#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "topology/providers.hpp"

using namespace awf;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Files under src/ whose text contains `needle`.
std::set<std::string> files_containing(const std::string& needle) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(AWF_SOURCE_DIR) + "/src"))
    if (e.is_regular_file() && slurp(e.path()).find(needle) != std::string::npos)
      out.insert(std::filesystem::relative(e.path(), AWF_SOURCE_DIR).string());
  return out;
}

}  // namespace

TEST_CASE("each provider placeholder is spelled in exactly one file under src/", "[topology][providers]") {
  const auto files = files_containing("sk-ant-placeholder-key-for-credential-isolation");
  INFO(Catch::Detail::stringify(std::vector<std::string>(files.begin(), files.end())));
  REQUIRE(files.size() == 1);
  CHECK(*files.begin() == "src/topology/providers.cpp");
  for (const auto& p : providers())
    for (const auto& ph : p.placeholders) {
      INFO(ph.value);
      CHECK(files_containing(std::string(ph.value)) == std::set<std::string>{"src/topology/providers.cpp"});
    }
}

TEST_CASE("provider table: one row per sidecar port, as awf assigns them", "[topology][providers]") {
  REQUIRE(providers().size() == 4);
  CHECK(provider(ProviderId::anthropic).sidecar_port == 10001);
  CHECK(provider(ProviderId::openai).sidecar_port == 10000);
  CHECK(provider(ProviderId::copilot).sidecar_port == 10002);
  CHECK(provider(ProviderId::gemini).sidecar_port == 10003);
  CHECK(provider_named("copilot") == &provider(ProviderId::copilot));
  CHECK(provider_named("vertex") == nullptr);
  CHECK(awf_base_url(provider(ProviderId::anthropic)) == "http://172.30.0.30:10001");
  CHECK(upstream_origin(provider(ProviderId::anthropic)) == "https://api.anthropic.com");
  CHECK(upstream_origin(provider(ProviderId::gemini)).empty());  // not in our facts: left empty
}

TEST_CASE("placeholders: current and older versions are recognised, real-looking values are not", "[topology][providers]") {
  const Provider& a = provider(ProviderId::anthropic);
  REQUIRE(a.placeholders.size() == 2);
  CHECK(a.placeholders[0].since == "v0.25.6");
  CHECK(a.placeholders[1].until == "v0.25.5");
  for (const auto& p : providers())
    for (const auto& ph : p.placeholders) CHECK(is_placeholder(ph.value));
  CHECK_FALSE(is_placeholder("test-real-anthropic-key-0001"));
  CHECK(current_placeholder(provider(ProviderId::gemini)).empty());
}

TEST_CASE("credential variables: every provider's keys and tokens, no duplicates", "[topology][providers]") {
  const auto vars = all_credential_vars();
  std::set<std::string_view> unique(vars.begin(), vars.end());
  CHECK(unique.size() == vars.size());
  for (std::string_view v : {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN",
                             "OPENAI_API_KEY", "CODEX_API_KEY", "COPILOT_GITHUB_TOKEN", "COPILOT_TOKEN",
                             "COPILOT_PROVIDER_API_KEY", "GITHUB_TOKEN", "GH_TOKEN", "GEMINI_API_KEY", "GOOGLE_API_KEY",
                             "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}) {
    INFO(v);
    CHECK(unique.count(v) == 1);
  }
}

TEST_CASE("probes/ and report/ spell no provider variable, placeholder, host or port", "[topology][providers]") {
  std::vector<std::string> literals;
  for (const auto& p : providers()) {
    for (const auto& ph : p.placeholders) literals.emplace_back(ph.value);
    if (!p.upstream_host.empty()) literals.push_back("\"" + std::string(p.upstream_host));
  }
  literals.push_back("172.30.0.30");
  for (const char* dir : {"/src/probes", "/src/report", "/src/rules"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(AWF_SOURCE_DIR) + dir)) {
      const std::string text = slurp(e.path());
      for (const auto& l : literals) {
        INFO(e.path().string() << " spells " << l);
        CHECK(text.find(l) == std::string::npos);
      }
    }
}
