#pragma once
// Checks that do no I/O: they judge another check's observation for another hop (design.md: "an
// exchange whose outcome can be decided by several hops yields one check per hop, each reading the
// same evidence"). Both read proxy.forward's typed Exchange.
//   squid.sidecar_tunnel  did the sidecar's CONNECT through Squid come up?
//   upstream.auth         was the key the sidecar injected accepted?
#include "core/runner.hpp"

namespace awf {

CheckDef sidecar_tunnel_check();
CheckDef upstream_auth_check();

}  // namespace awf
