#pragma once
// Interruption by SIGINT, SIGTERM or SIGHUP (decisions: stop, kill every helper process group, write
// the report with the unfinished checks as `error` "interrupted by SIGTERM", exit 3).
//
// The handler only does async-signal-safe work (POSIX.1-2017 §2.4.3): it records the signal number
// and forwards the signal to every helper process group registered below (kill(2) on -pgid). Everything
// else polls interrupt_signal(): the runner stops waiting, run_subprocess kills its group, and libcurl
// transfers abort through their progress callback.
#include <sys/types.h>

namespace awf {

/// Installs the handler for SIGINT, SIGTERM and SIGHUP, ignores SIGPIPE (a closed stdout is then an
/// EPIPE write error, not a signal death) and resets SIGCHLD to its default (an inherited SIG_IGN
/// would make the kernel reap helpers itself, so their exit status would be lost). Call once from
/// main, before any thread starts.
void install_signal_handling();

/// 0 while not interrupted, else the first signal received (SIGINT, SIGTERM, SIGHUP).
int interrupt_signal();

/// "SIGINT", "SIGTERM", "SIGHUP" or "signal N".
const char* signal_name(int sig);

/// Records an interruption as if `sig` had arrived (tests, and the handler itself).
void request_interrupt(int sig);
/// Clears the interruption (tests only).
void clear_interrupt_for_test();

/// Registers a running helper's process group so a signal reaches it; false when the table (64
/// slots) is full, in which case the group is still killed by its owner. Thread-safe, lock-free.
bool register_process_group(pid_t pgid);
void unregister_process_group(pid_t pgid);

}  // namespace awf
