#include <signal.h>
#include <unistd.h>

#include <catch.hpp>
#include <fstream>
#include <string>

#include "core/subprocess.hpp"
#include "support/process_group.hpp"

using awf::test::process_group_members;

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

TEST_CASE("subprocess stops an endless flood once a stream passes kill_after_output_bytes", "[core][subprocess]") {
  SubprocessOptions o;
  o.max_output_bytes = 1000;
  o.kill_after_output_bytes = 1 << 20;
  o.timeout = std::chrono::seconds(60);  // never reached: the flood is stopped first
  auto err_flood = run_shell("yes flood >&2", o);
  CHECK(err_flood.flood_killed);
  CHECK_FALSE(err_flood.timed_out);
  CHECK(err_flood.err_truncated);
  CHECK(err_flood.exit_code == -1);
  auto finite = run_shell("head -c 5000 /dev/zero | tr '\\0' x", o);  // under the limit: runs to its end
  CHECK_FALSE(finite.flood_killed);
  CHECK(finite.exit_code == 0);
}

TEST_CASE("missing command exits 127", "[core][subprocess]") {
  auto r = run_shell("/nonexistent/get-claude-key.sh", {});
  CHECK(r.exit_code == 127);
  CHECK(r.err.find("not found") != std::string::npos);
}

namespace {
/// True once `pid` is gone or a zombie (a killed orphan waits for init to reap it).
bool process_gone(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return true;
  std::string stat;
  std::getline(in, stat);
  auto p = stat.rfind(')');
  return p == std::string::npos || p + 2 >= stat.size() || stat[p + 2] == 'Z' || stat[p + 2] == 'X';
}
}  // namespace

TEST_CASE("subprocess returns when a background child keeps stdout open after the command exits",
          "[core][subprocess]") {
  // `sleep 100 &` inherits stdout, so the pipe never reaches EOF; the shell itself exits at once.
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(5);
  auto t0 = std::chrono::steady_clock::now();
  auto r = run_shell("sleep 100 & echo \"bg=$!\"; echo sk-ant-placeholder-key-for-credential-isolation; exit 4", o);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < std::chrono::seconds(2));
  CHECK(r.started);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 4);
  CHECK(r.term_signal == 0);
  CHECK_THAT(r.out, Catch::EndsWith("\nsk-ant-placeholder-key-for-credential-isolation\n"));
  // The lingering `sleep` (same process group) is killed, not left behind.
  REQUIRE(r.out.rfind("bg=", 0) == 0);
  long bg = std::stol(r.out.substr(3));
  bool gone = false;
  for (int i = 0; i < 100 && !(gone = process_gone(bg)); ++i) usleep(20000);
  CHECK(gone);
}

TEST_CASE("subprocess still reads output written just before the command exits", "[core][subprocess]") {
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(5);
  auto r = run_shell("head -c 60000 /dev/zero | tr '\\0' x; echo; echo done >&2", o);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.size() == 60001);
  CHECK(r.err == "done\n");
}

TEST_CASE("the child sees only descriptors 0, 1 and 2", "[core][subprocess]") {
  // A descriptor this process holds without O_CLOEXEC (like a socket another probe has open).
  int leaky = ::dup(0);
  REQUIRE(leaky > 2);
  // ls lists the shell's descriptors (no pipe or redirection in the shell: those would show up).
  auto r = run_shell("ls /proc/$$/fd", {});
  ::close(leaky);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "0\n1\n2\n");
}

TEST_CASE("with SIGCHLD ignored by the parent, the exit status is never a guessed 0", "[core][subprocess]") {
  struct sigaction old {}, ign {};
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  ::sigaction(SIGCHLD, &ign, &old);
  auto r = run_shell("exit 3", {});
  ::sigaction(SIGCHLD, &old, nullptr);
  CHECK(r.started);
  CHECK(r.exit_code != 0);  // the kernel reaped it: unknown, reported as such
  CHECK_FALSE(r.status_known);
  CHECK(r.wait_error.find("ECHILD") == std::string::npos);  // strerror text, not the macro name
  CHECK_FALSE(r.wait_error.empty());
}

TEST_CASE("nothing the helper started survives it (background child, timeout)", "[core][subprocess]") {
  for (const char* cmd : {"sleep 300 >/dev/null 2>&1 & echo $$", "trap '' TERM; sleep 300 & echo $$; sleep 300"}) {
    SubprocessOptions o;
    o.timeout = std::chrono::milliseconds(500);
    auto r = run_shell(cmd, o);
    long pgid = std::stol(r.out);
    CHECK(process_group_members(pgid).empty());
  }
}
