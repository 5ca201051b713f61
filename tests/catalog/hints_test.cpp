#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "catalog/catalog.hpp"

using namespace awf;

TEST_CASE("hint table: one filled text per HintId, no provider fact left unfilled", "[catalog]") {
  const Provider& p = provider(ProviderId::anthropic);
  for (int i = 0; i < kHintCount; ++i) {
    const auto id = static_cast<HintId>(i);
    INFO(i << ": " << hint_template(id));
    CHECK_FALSE(hint_template(id).empty());
    const std::string h = hint(id, p);
    for (const char* name : {"{provider}", "{key_var}", "{sidecar_ip}", "{awf_base_url}", "{base_url_var}",
                             "{oauth_var}", "{client}", "{sidecar_port}"})
      CHECK(h.find(name) == std::string::npos);
  }
  CHECK(hint(HintId::forward_not_configured, p) ==
        "The sidecar has no Anthropic credential: set the ANTHROPIC_API_KEY secret for the awf step.");
}

TEST_CASE("probes, rules and log checks write no hint text of their own (it is catalog data)", "[catalog]") {
  const std::regex own_hint(R"(hint\s*=\s*("|fmt::format))");
  // Appending own text counts too; src/probes/helper_config.cpp still appends "(the command … declares)".
  const std::regex appended(R"(hint\s*\+=\s*("|fmt::format))");
  for (const char* dir : {"/src/probes", "/src/rules", "/src/logs"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(AWF_SOURCE_DIR) + dir)) {
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      INFO(e.path().string());
      CHECK_FALSE(std::regex_search(text, own_hint));
      if (std::string(dir) != "/src/probes") CHECK_FALSE(std::regex_search(text, appended));
    }
}
