#pragma once
// Running a command the way Claude Code runs apiKeyHelper: `/bin/sh -c "<value>"` (domain.md §3),
// with a time limit and capped output, so a helper that hangs or floods cannot hang the tool.
//
// The child is started with posix_spawn(3) (safe from a worker thread: nothing runs between fork and
// exec in our address space), in a process group of its own, with stdin /dev/null, every descriptor
// above 2 closed (no socket or file of another probe leaks into it), an empty signal mask and every
// signal at its default disposition. The group is registered with core/interrupt so SIGINT, SIGTERM
// and SIGHUP reach it, and it is SIGKILLed as soon as the direct child exits, times out, or the run
// is interrupted: nothing it started outlives the call.
#include <chrono>
#include <string>
#include <vector>

namespace awf {

struct SubprocessOptions {
  std::chrono::milliseconds timeout{10000};  ///< wall-clock limit; the process group is SIGKILLed after it
  std::size_t max_output_bytes = 64 * 1024;  ///< per stream; the rest is read and discarded
  /// Once this many bytes were read from one stream (kept or discarded), the group is SIGKILLed and
  /// the result says flood_killed: an endless flood ends now instead of at the timeout. 0 = never.
  std::size_t kill_after_output_bytes = 0;
  std::vector<std::string> envp;             ///< "KEY=VALUE" entries; the child's whole environment
  std::string cwd;                           ///< empty = inherit
};

struct SubprocessResult {
  bool started = false;      ///< false when fork/exec failed (spawn_error says why)
  std::string spawn_error;
  int exit_code = -1;        ///< exit status when exited normally, else -1 (never a guessed 0)
  bool status_known = false; ///< the child's exit status was collected (false: see wait_error)
  std::string wait_error;    ///< why the status could not be collected (e.g. waitid: ECHILD when
                             ///< SIGCHLD is ignored and the kernel reaped the child itself)
  int interrupted = 0;       ///< the signal (core/interrupt) that stopped the wait, else 0
  int term_signal = 0;       ///< signal number when killed by a signal
  bool timed_out = false;    ///< killed because the timeout passed
  bool flood_killed = false; ///< killed because a stream passed kill_after_output_bytes
  std::string out;           ///< captured stdout (at most max_output_bytes)
  std::string err;           ///< captured stderr (at most max_output_bytes)
  bool out_truncated = false;
  bool err_truncated = false;
  double elapsed_ms = 0;
};

/// Runs argv[0] with argv (no PATH search) in a new process group; stdin is /dev/null.
/// Never throws for a failing command; returns started=false on pipe/spawn/exec failure (and when
/// the run is already interrupted). The result is final once the direct child has exited: the rest
/// of its process group (`sleep 100 &`) is SIGKILLed at once, the pipes are drained for at most 200 ms
/// more (a process that left the group may still hold them), and the child's own exit status is
/// returned (timed_out stays false). Only a child still running at the timeout counts as timed out.
SubprocessResult run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts);

/// Convenience: run_subprocess({"/bin/sh", "-c", command}, opts).
SubprocessResult run_shell(const std::string& command, const SubprocessOptions& opts);

}  // namespace awf
