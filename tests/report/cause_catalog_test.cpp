#include <catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "report/cause_catalog.hpp"

// Every fault id a probe can put in evidence.fault has a title in the catalog, so the report never
// falls back to repeating a check's summary as a cause's title.
TEST_CASE("every fault id used by the probes is in the cause catalog", "[report][catalog]") {
  std::set<std::string> ids;
  std::regex fault_literal("\"((helper|env|proxy|squid|upstream)-[a-z0-9-]+)\"");
  for (const auto& e : std::filesystem::directory_iterator(std::string(AWF_SOURCE_DIR) + "/src/probes")) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), fault_literal), end; it != end; ++it)
      ids.insert((*it)[1].str());
  }
  REQUIRE(ids.size() > 20);
  for (const auto& id : ids) {
    INFO(id);
    CHECK_FALSE(awf::cause_title(id).empty());
  }
}
