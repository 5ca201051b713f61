// The repository is self-contained: nothing under CMakeLists.txt, src, tests, docs, scripts or
// README.md refers to a file outside the repository (issue 9). Only .ci/run may look beside the
// clone (to compare tests/fixtures/cases with a shared copy when one exists).
#include <catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = fs::weakly_canonical(AWF_SOURCE_DIR);

bool is_text_source(const fs::path& p) {
  static const std::set<std::string> kExt = {".cpp", ".hpp", ".h", ".md", ".py", ".sh", ".txt", ".json",
                                             ".yaml", ".yml", ".cmake", ".in", ".1", ".bash", ""};
  return kExt.count(p.extension().string()) > 0;
}

std::vector<fs::path> scanned_files() {
  std::vector<fs::path> files = {kRoot / "CMakeLists.txt", kRoot / "README.md"};
  for (const char* dir : {"src", "tests", "docs", "scripts", "packaging"}) {
    if (!fs::exists(kRoot / dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(kRoot / dir))
      if (e.is_regular_file() && is_text_source(e.path())) files.push_back(e.path());
  }
  return files;
}

// Every file the repo knows, as paths relative to the root ("docs/domain.md").
std::vector<std::string> repo_files() {
  std::vector<std::string> all;
  for (const auto& e : fs::recursive_directory_iterator(kRoot)) {
    auto rel = fs::relative(e.path(), kRoot).string();
    if (rel.rfind(".git", 0) == 0 || rel.rfind("build", 0) == 0) continue;
    if (e.is_regular_file()) all.push_back(rel);
  }
  return all;
}

bool inside_repo(const fs::path& p) {
  auto rel = fs::weakly_canonical(p).lexically_relative(kRoot);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

TEST_CASE("no file of the repo refers to anything outside it", "[ship][self-contained]") {
  const auto known = repo_files();
  // Split so this file does not match itself.
  const std::regex outside(std::string(R"((\.\./)+shared|/wo)") + R"(rk/|shared/(cases|domain|design|decisions))");
  const std::regex climb(R"((\.\./)+[A-Za-z0-9_.-]+)");
  const std::regex md(R"([A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b)");
  std::vector<std::string> problems;
  const auto files = scanned_files();
  REQUIRE(files.size() > 20);
  for (const auto& f : files) {
    const std::string text = awf::test::read_file(f.string());
    const std::string rel = fs::relative(f, kRoot).string();
    std::smatch m;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), outside); it != std::sregex_iterator(); ++it)
      problems.push_back(rel + ": " + it->str());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), climb); it != std::sregex_iterator(); ++it)
      if (!inside_repo(f.parent_path() / it->str())) problems.push_back(rel + ": climbs out: " + it->str());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), md); it != std::sregex_iterator(); ++it) {
      std::string name = it->str();
      while (name.rfind("./", 0) == 0 || name.rfind("../", 0) == 0) name.erase(0, name.find('/') + 1);
      if (name.rfind('/', 0) == 0) {
        problems.push_back(rel + ": absolute path " + name);
        continue;
      }
      bool found = false;
      for (const auto& k : known)
        if (k == name || (k.size() > name.size() && k.compare(k.size() - name.size(), name.size(), name) == 0 &&
                          k[k.size() - name.size() - 1] == '/'))
          found = true;
      if (!found) problems.push_back(rel + ": names " + it->str() + ", which is not in the repo");
    }
  }
  INFO([&] {
    std::string s;
    for (const auto& p : problems) s += p + "\n";
    return s;
  }());
  CHECK(problems.empty());
}
