#include "support/test_support.hpp"

#include <stdlib.h>
#include <sys/stat.h>

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
  return CmdResult{r.exit_code, r.out, r.err};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace awf::test
