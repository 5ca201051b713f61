#include "cli/app.hpp"

namespace awf {
int run_cli(int, char**) { return 3; }  // placeholder until the CLI lands
}  // namespace awf
