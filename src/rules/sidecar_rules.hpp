#pragma once
// proxy.sidecar_state's rule: the sidecar's own state (management /health, domain.md §4) for the
// provider in play. Facts: key_validation statuses (valid, auth_rejected, network_error, …; ≥
// v0.25.40), providers {name: bool}; a key with an inner newline or U+200B survives .trim() and makes
// Node throw ERR_INVALID_CHAR on the first proxied request, after which the process exits and both
// ports refuse (domain.md §4, "Headers" 4).
#include <optional>
#include <string>

#include "observe/observation.hpp"
#include "rules/check_rules.hpp"

namespace awf {

/// What proxy.sidecar_state saw. `management` is the GET <management>/health exchange;
/// `provider_port_refused` is set only when the management port gave no answer and the provider
/// port (the base URL) was then tried: true = refused too.
struct SidecarReading {
  Exchange management;
  SidecarState state;
  std::string management_url;
  std::optional<bool> provider_port_refused;
  /// The base URL is known to be awf's sidecar (awf mode, decided). False when the topology is
  /// undecided: both ports refusing then says only that nothing listens, not that a sidecar crashed.
  bool awf_known = true;
};

/// Status skip = nothing to judge (no awf management answer); the summary says why.
/// Faults: proxy-sidecar-gone, proxy-key-invalid-character, upstream-key-rejected (auth_rejected),
/// proxy-provider-not-configured (providers.<p> = false).
Outcome judge_sidecar_state(const SidecarReading& r, const Provider& p);

}  // namespace awf
