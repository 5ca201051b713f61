// What `cmake --install` ships: the binary, a man page made from the real --help (kept in sync
// here), a bash completion offering every option, and the docs.
#include <catch.hpp>

#include <filesystem>
#include <regex>
#include <set>

#include "core/subprocess.hpp"
#include "support/test_support.hpp"

using awf::test::read_file;
using awf::test::run_awf_diag;
using awf::test::TempDir;

namespace {

awf::SubprocessResult sh(const std::string& cmd, int timeout_s = 120) {
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(timeout_s);
  o.max_output_bytes = 1 << 20;
  o.envp = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  for (const char* k : {"ASAN_OPTIONS", "UBSAN_OPTIONS"})
    if (const char* v = getenv(k)) o.envp.push_back(std::string(k) + "=" + v);
  return awf::run_shell(cmd, o);
}

// Every --long option the binary's help texts name.
std::set<std::string> help_options() {
  std::set<std::string> opts;
  const std::regex opt(R"(--[a-z][a-z-]+)");
  // The commands the binary lists under "Subcommands:", each with its own --help.
  std::vector<std::vector<std::string>> helps = {{"--help"}};
  const std::string top = run_awf_diag({"--help"}).out;
  auto at = top.find("Subcommands:\n");
  for (std::size_t p = at == std::string::npos ? top.size() : at + 13; p < top.size();) {
    std::size_t e = top.find('\n', p);
    std::string line = top.substr(p, e == std::string::npos ? std::string::npos : e - p);
    if (line.find_first_not_of(' ') == std::string::npos) break;
    auto b = line.find_first_not_of(' ');
    helps.push_back({line.substr(b, line.find(' ', b) - b), "--help"});
    p = e == std::string::npos ? top.size() : e + 1;
  }
  CHECK(helps.size() >= 4);
  for (const auto& args : helps) {
    std::string out = run_awf_diag(args).out;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), opt); it != std::sregex_iterator(); ++it) opts.insert(it->str());
  }
  return opts;
}

}  // namespace

TEST_CASE("the man page is what scripts/gen-man makes from the current --help", "[ship][install]") {
  auto r = sh(std::string(AWF_SOURCE_DIR) + "/scripts/gen-man " + AWF_DIAG_BIN);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Regenerate with: scripts/gen-man build/awf-diag > docs/awf-diag.1
  CHECK(r.out == read_file(std::string(AWF_SOURCE_DIR) + "/docs/awf-diag.1"));
  CHECK(r.out.find(".TH AWF-DIAG 1") == 0);
}

TEST_CASE("the bash completion offers every option of every command", "[ship][install]") {
  const std::string completion = read_file(std::string(AWF_SOURCE_DIR) + "/packaging/awf-diag.bash");
  auto opts = help_options();
  CHECK(opts.count("--junit-file") == 1);
  for (const auto& o : opts) {
    INFO(o);
    CHECK(std::regex_search(completion, std::regex("[ \"]" + o + "[ \"|)]")));
  }
  CHECK(sh("bash -n " + std::string(AWF_SOURCE_DIR) + "/packaging/awf-diag.bash").exit_code == 0);
}

TEST_CASE("cmake --install into a temporary prefix yields the binary, man page, completion and docs", "[ship][install]") {
  TempDir t;
  auto r = sh("cmake --install " + std::string(AWF_BINARY_DIR) + " --prefix " + t.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  namespace fs = std::filesystem;
  for (const char* f : {"bin/awf-diag", "share/man/man1/awf-diag.1", "share/bash-completion/completions/awf-diag",
                        "share/doc/awf-diag/README.md", "share/doc/awf-diag/ci.md", "share/doc/awf-diag/report.schema.json",
                        "share/doc/awf-diag/examples/awf-diag-preflight.yml"}) {
    INFO(f);
    CHECK(fs::is_regular_file(fs::path(t.path()) / f));
  }
  auto v = sh(t.path() + "/bin/awf-diag --version");
  CHECK(v.exit_code == 0);
  CHECK(v.out.rfind("awf-diag ", 0) == 0);
}
