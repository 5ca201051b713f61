#include <catch.hpp>

#include "core/subprocess.hpp"

using namespace awf;

TEST_CASE("subprocess captures output and exit code", "[core][subprocess]") {
  SubprocessOptions o;
  o.envp = {"FOO=bar"};
  auto r = run_shell("echo out; echo err >&2; echo $FOO; exit 3", o);
  CHECK(r.started);
  CHECK(r.exit_code == 3);
  CHECK(r.out == "out\nbar\n");
  CHECK(r.err == "err\n");
}

TEST_CASE("subprocess kills a hanging command at the timeout", "[core][subprocess]") {
  SubprocessOptions o;
  o.timeout = std::chrono::milliseconds(300);
  auto r = run_shell("sleep 30", o);
  CHECK(r.timed_out);
  CHECK(r.elapsed_ms < 5000);
}

TEST_CASE("subprocess caps a flood", "[core][subprocess]") {
  SubprocessOptions o;
  o.max_output_bytes = 1000;
  o.timeout = std::chrono::seconds(20);
  auto r = run_shell("head -c 5000000 /dev/zero | tr '\\0' x", o);
  CHECK(r.exit_code == 0);
  CHECK(r.out.size() == 1000);
  CHECK(r.out_truncated);
}

TEST_CASE("missing command exits 127", "[core][subprocess]") {
  auto r = run_shell("/nonexistent/get-claude-key.sh", {});
  CHECK(r.exit_code == 127);
  CHECK(r.err.find("not found") != std::string::npos);
}
