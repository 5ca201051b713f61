#include "cli/app.hpp"
#include "core/interrupt.hpp"
#include "net/http.hpp"

int main(int argc, char** argv) {
  // Before any thread: signal dispositions (SIGCHLD default, SIGPIPE ignored, SIGINT/SIGTERM/SIGHUP
  // recorded and forwarded to helper process groups) and libcurl's global state.
  awf::install_signal_handling();
  awf::net_global_init();
  return awf::run_cli(argc, argv);
}
