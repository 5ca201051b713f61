#pragma once
// Helpers shared by tests: temp dirs, running the awf-diag binary, reading files.
#include <string>
#include <vector>

namespace awf::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `content` to path()/rel (creating parent dirs); returns the full path.
  std::string write(const std::string& rel, const std::string& content, int mode = 0644) const;

 private:
  std::string path_;
};

struct CmdResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built awf-diag binary with `args` (no shell), with an environment of exactly `env`
/// ("K=V" entries; PATH is added when absent). Bounded: killed after `timeout_s`.
CmdResult run_awf_diag(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                       int timeout_s = 60);

std::string read_file(const std::string& path);

/// When `out` is a JSON report, keeps a copy in the build's report spool so ctest validates it against
/// docs/report.schema.json after all tests (run_awf_diag calls this for every run).
void spool_if_report(const std::string& out);

}  // namespace awf::test
