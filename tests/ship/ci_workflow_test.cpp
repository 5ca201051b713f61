// The example workflow of docs/ci.md parses as YAML and has the fields the recipe depends on
// (tests/lab/check_workflow.py, python3-yaml).
#include <catch.hpp>

#include "core/subprocess.hpp"

TEST_CASE("docs/examples/awf-diag-preflight.yml carries the CI recipe", "[ship][ci]") {
  awf::SubprocessOptions o;
  o.envp = {"PATH=/usr/bin:/bin"};
  o.timeout = std::chrono::seconds(60);
  auto r = awf::run_subprocess({"/usr/bin/python3", std::string(AWF_SOURCE_DIR) + "/tests/lab/check_workflow.py",
                                std::string(AWF_SOURCE_DIR) + "/docs/examples/awf-diag-preflight.yml"},
                               o);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
}
