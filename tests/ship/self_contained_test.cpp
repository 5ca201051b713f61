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
  const std::regex in_repo(R"((?:^|[\s`'"(\[])((?:docs|tests|src|scripts|packaging|cmake)/[A-Za-z0-9_./-]+))");
  const std::regex shared_doc(R"(\b(domain\.md|design\.md|decisions\.md)\b)");
  std::vector<std::string> problems;
  const auto files = scanned_files();
  REQUIRE(files.size() > 20);
  for (const auto& f : files) {
    const std::string text = awf::test::read_file(f.string());
    const std::string rel = fs::relative(f, kRoot).string();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), outside); it != std::sregex_iterator(); ++it)
      problems.push_back(rel + ": " + it->str());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), climb); it != std::sregex_iterator(); ++it)
      if (!inside_repo(f.parent_path() / it->str())) problems.push_back(rel + ": climbs out: " + it->str());
    // A path into the repo's own directories must exist (file or directory).
    for (auto it = std::sregex_iterator(text.begin(), text.end(), in_repo); it != std::sregex_iterator(); ++it) {
      std::string p = it->str(1);
      while (!p.empty() && (p.back() == '.' || p.back() == '/')) p.pop_back();
      bool prefix = false;  // "src/core/redact.*" names files that start so
      for (const auto& k : known) prefix = prefix || k.rfind(p, 0) == 0;
      if (!fs::exists(kRoot / p) && !prefix) problems.push_back(rel + ": names " + p + ", which is not in the repo");
    }
    // The names of the shared reference pages resolve to the repo's own copies.
    for (auto it = std::sregex_iterator(text.begin(), text.end(), shared_doc); it != std::sregex_iterator(); ++it) {
      bool found = false;
      for (const auto& k : known) found = found || fs::path(k).filename() == it->str(1);
      if (!found) problems.push_back(rel + ": names " + it->str(1) + ", which is not in the repo");
    }
  }
  INFO([&] {
    std::string s;
    for (const auto& p : problems) s += p + "\n";
    return s;
  }());
  CHECK(problems.empty());
}
