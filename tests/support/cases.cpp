#include "support/cases.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "core/subprocess.hpp"

namespace awf::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

nlohmann::json case_expect(const std::string& case_id, const std::string& variant) {
  std::string file;
  for (const auto& e : std::filesystem::directory_iterator(AWF_CASES_DIR))
    if (e.path().filename().string().rfind(case_id + "-", 0) == 0) file = e.path().string();
  if (file.empty()) throw std::runtime_error("no case " + case_id + " in " AWF_CASES_DIR);
  std::vector<std::string> argv{"/usr/bin/python3", std::string(AWF_SOURCE_DIR) + "/tests/lab/case_expect.py", file};
  if (!variant.empty()) argv.push_back(variant);
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(30);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto r = run_subprocess(argv, o);
  if (r.exit_code != 0) throw std::runtime_error("case_expect.py failed: " + r.err);
  return nlohmann::json::parse(r.out);
}

bool status_matches(const nlohmann::json& expected, const std::string& status) {
  if (expected.is_string()) return expected.get<std::string>() == status;
  if (expected.is_array())
    for (const auto& e : expected)
      if (e.is_string() && e.get<std::string>() == status) return true;
  return false;
}

bool mentions(const std::string& text, const nlohmann::json& item) {
  std::string t = lower(text);
  auto one = [&](const nlohmann::json& s) {
    std::string needle = s.is_string() ? s.get<std::string>() : s.dump();
    return t.find(lower(needle)) != std::string::npos;
  };
  if (item.is_array()) return std::any_of(item.begin(), item.end(), one);
  return one(item);
}

}  // namespace awf::test
