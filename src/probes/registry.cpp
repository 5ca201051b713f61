#include "probes/probes.hpp"

namespace awf {

std::vector<CheckDef> all_checks() {
  std::vector<CheckDef> all;
  for (auto part : {helper_checks(), env_checks(), proxy_checks(), squid_checks(), upstream_checks()})
    for (auto& d : part) all.push_back(std::move(d));
  return all;
}

}  // namespace awf
