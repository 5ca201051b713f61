#pragma once
// `awf-diag capture`: the command-line side of the capture listener (src/capture/, docs/capture.md).
#include <string>

namespace CLI {
class App;
}

namespace awf {

struct CaptureCmdOptions {
  std::string listen;
  int count = 0;
  double duration_s = 0;       ///< 0 = no limit
  std::string answer = "401";  ///< 401 | reset | sse
  std::string forward;         ///< "" = stand in for the sidecar
  double request_timeout_s = 30;
  double idle_timeout_s = 10;
  double shutdown_grace_s = 5;  ///< answers in flight when capture stops get this long, then are cut
  std::string output = "text";
  bool color = false;
};

/// Adds the `capture` subcommand and its flags to `app`; values land in `o`.
CLI::App* add_capture_command(CLI::App& app, CaptureCmdOptions& o);

/// Runs the capture and prints its report on stdout. Returns the exit code (decisions.md §1: SIGINT
/// is the normal end, exit by findings; SIGTERM/SIGHUP write the report and exit 3; 2 when the
/// address cannot be used).
int run_capture_command(const CaptureCmdOptions& o);

}  // namespace awf
