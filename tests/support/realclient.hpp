#pragma once
// The real @anthropic-ai/claude-code@2.1.88 for [realclient] tests: scripts/bootstrap installs it
// into build-cache/npm; tests/lab/realclient.py runs it in its own network namespace against
// loopback doubles (or a --base-cmd such as `awf-diag capture`) and prints what happened as JSON.
#include <unistd.h>

#include <string>
#include <vector>

#include <catch.hpp>
#include <nlohmann/json.hpp>

#include "core/subprocess.hpp"
#include "support/test_support.hpp"

namespace awf::test {

inline const std::string kRealClientNpmDir = std::string(AWF_SOURCE_DIR) + "/build-cache/npm";
inline const std::string kRealClientCli = kRealClientNpmDir + "/node_modules/@anthropic-ai/claude-code/cli.js";

/// "" when the client is installed; else why not (bootstrap's install-status, or a default line),
/// for the test's "skipped: …" message.
inline std::string realclient_not_installed_reason() {
  if (::access(kRealClientCli.c_str(), R_OK) == 0) return "";
  try {
    return read_file(kRealClientNpmDir + "/install-status");
  } catch (...) {
    return "client not installed (run scripts/bootstrap)";
  }
}

/// Runs realclient.py in `dir` with `extra` arguments (bounded: the client 90 s, the script `limit`);
/// a test failure unless it exits 0; its stdout parsed.
inline nlohmann::json run_realclient(const TempDir& dir, const std::vector<std::string>& extra,
                                     std::chrono::seconds limit = std::chrono::seconds(150)) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(AWF_SOURCE_DIR) + "/tests/lab/realclient.py",
                                "--cli", kRealClientCli, "--dir", dir.path(), "--timeout", "90"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  SubprocessOptions o;
  o.timeout = limit;
  o.max_output_bytes = 8 << 20;
  o.envp = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  auto r = run_subprocess(argv, o);
  INFO("realclient.py stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace awf::test
