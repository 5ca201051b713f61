#pragma once
// Running a command the way Claude Code runs apiKeyHelper: `/bin/sh -c "<value>"` (domain.md §3),
// with a time limit and capped output, so a helper that hangs or floods cannot hang the tool.
#include <chrono>
#include <string>
#include <vector>

namespace awf {

struct SubprocessOptions {
  std::chrono::milliseconds timeout{10000};  ///< wall-clock limit; the process group is SIGKILLed after it
  std::size_t max_output_bytes = 64 * 1024;  ///< per stream; the rest is read and discarded
  std::vector<std::string> envp;             ///< "KEY=VALUE" entries; the child's whole environment
  std::string cwd;                           ///< empty = inherit
};

struct SubprocessResult {
  bool started = false;      ///< false when fork/exec failed (spawn_error says why)
  std::string spawn_error;
  int exit_code = -1;        ///< exit status when exited normally, else -1
  int term_signal = 0;       ///< signal number when killed by a signal
  bool timed_out = false;    ///< killed because the timeout passed
  std::string out;           ///< captured stdout (at most max_output_bytes)
  std::string err;           ///< captured stderr (at most max_output_bytes)
  bool out_truncated = false;
  bool err_truncated = false;
  double elapsed_ms = 0;
};

/// Runs argv[0] with argv (execv, no PATH search) in a new process group; stdin is /dev/null.
/// Never throws for a failing command; returns started=false on fork/pipe/exec failure.
/// The result is final once the direct child has exited: if something it left behind (`sleep 100 &`)
/// still holds stdout or stderr open, the pipes are drained for at most 200 ms more, then the rest of
/// the process group is SIGKILLed and the child's own exit status is returned (timed_out stays false).
/// Only a child that is still running at the timeout counts as timed out.
SubprocessResult run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts);

/// Convenience: run_subprocess({"/bin/sh", "-c", command}, opts).
SubprocessResult run_shell(const std::string& command, const SubprocessOptions& opts);

}  // namespace awf
