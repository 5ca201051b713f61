#include "support/test_support.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/subprocess.hpp"

namespace awf::test {

TempDir::TempDir() {
  const char* base = getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/awf-diag-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& rel, const std::string& content, int mode) const {
  std::filesystem::path p = std::filesystem::path(path_) / rel;
  std::filesystem::create_directories(p.parent_path());
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
  }
  chmod(p.c_str(), static_cast<mode_t>(mode));
  return p.string();
}

void spool_if_report(const std::string& out) {
#ifdef AWF_REPORT_SPOOL
  // Every JSON report a test makes the tool write is kept for the schema check that ctest runs after
  // all tests (tests/lab/validate_reports.py, the `json_reports_validate` test).
  if (out.empty() || out.front() != '{' || out.find("\"schema_version\"") == std::string::npos) return;
  static std::atomic<unsigned> n{0};
  std::filesystem::create_directories(AWF_REPORT_SPOOL);
  std::ofstream(std::string(AWF_REPORT_SPOOL) + "/" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".json",
                std::ios::binary)
      << out;
#else
  (void)out;
#endif
}

CmdResult run_awf_diag(const std::vector<std::string>& args, const std::vector<std::string>& env, int timeout_s) {
  std::vector<std::string> argv{AWF_DIAG_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions opts;
  opts.timeout = std::chrono::seconds(timeout_s);
  opts.max_output_bytes = 4 * 1024 * 1024;
  opts.envp = env;
  bool has_path = false;
  for (const auto& e : env) has_path = has_path || e.rfind("PATH=", 0) == 0;
  if (!has_path) opts.envp.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  // Sanitizer runtime options pass through so ASan builds report the same way.
  for (const char* k : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
    if (const char* v = getenv(k)) opts.envp.push_back(std::string(k) + "=" + v);
  auto r = run_subprocess(argv, opts);
  if (!r.started) throw std::runtime_error("cannot start awf-diag: " + r.spawn_error);
  if (r.timed_out) throw std::runtime_error("awf-diag did not finish within the test's time limit");
  spool_if_report(r.out);
  return CmdResult{r.exit_code, r.out, r.err};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace awf::test
