#pragma once
// proxy.sidecar_state (docs/probes.md): reads the api-proxy's management /health (domain.md §4)
// before any proxied request. Caps: 3 s for /health, 2 s for the provider-port TCP try.
#include <string>

#include "core/chain_spec.hpp"
#include "core/runner.hpp"

namespace awf {

/// The management origin probed: --management-url's origin, else "http://<base URL host>:10000"
/// (awf's management port, domain.md §1); "" when the base URL does not parse.
std::string management_url(const ChainSpec& spec);

CheckDef sidecar_state_check();

}  // namespace awf
