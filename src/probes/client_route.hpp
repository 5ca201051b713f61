#pragma once
// The credential on the client's route, per topology (decisions.md 7; docs/topology.md): in awf mode
// the client sends the placeholder and the sidecar injects the real key, so the probes send the
// placeholder too; in gateway and direct mode "accepted" means the credential the client itself would
// send was accepted, so the probes send exactly that (the variables of the provider row set in the
// judged environment). Facts: Claude Code sends ANTHROPIC_API_KEY as x-api-key and
// ANTHROPIC_AUTH_TOKEN as `Authorization: Bearer`, both when both are set (domain.md §2, case R06).
#include <string>
#include <utility>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/check.hpp"
#include "net/http.hpp"
#include "topology/providers.hpp"

namespace awf {

struct RouteCredential {
  std::vector<std::pair<std::string, std::string>> headers;  ///< header name -> value (a secret outside awf)
  std::vector<std::string> vars;  ///< the variables the values came from ("" for the placeholder)
  std::string kind;               ///< "placeholder" | "client" | "none"
};

/// What the client would authenticate with on `p`'s route in spec.topology.
RouteCredential route_credential(const ChainSpec& spec, const Provider& p);

/// The provider row's zero-token request (domain.md §6) to `base` with `cred`'s headers; the caller
/// sets timeout, proxy and cacert. Requires p.zero_token_probe.path to be non-empty.
HttpRequest zero_token_request(const Provider& p, const std::string& base, const RouteCredential& cred);

/// The request's headers for the evidence: the placeholder shown (it is public), a client credential
/// named by its variable, never its value.
nlohmann::json shown_headers(const HttpRequest& req, const RouteCredential& cred);

/// Outside awf mode, upstream.auth's words for a rejected key name the credential that was really
/// judged — the client's own in direct mode, whatever the gateway sent on in gateway mode — instead of
/// "the key the api-proxy injected". Leaves `c` alone in awf mode or for any other fault.
void reword_rejection(Check& c, const ChainSpec& spec, const Provider& p);

}  // namespace awf
