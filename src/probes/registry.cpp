#include "probes/helper_config.hpp"
#include "probes/helper_run.hpp"
#include "probes/probes.hpp"

namespace awf {

std::vector<CheckDef> helper_checks() { return {helper_config_check(), helper_run_check_def()}; }

std::vector<CheckDef> all_checks() {
  std::vector<CheckDef> all;
  for (auto part : {helper_checks(), env_checks(), proxy_checks(), squid_checks(), upstream_checks()})
    for (auto& d : part) all.push_back(std::move(d));
  return all;
}

}  // namespace awf
