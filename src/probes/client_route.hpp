#pragma once
// The credential on the client's route, per topology (decisions.md 7; docs/topology.md): in awf mode
// the client sends the placeholder and the sidecar injects the real key, so the probes send the
// placeholder too; in gateway and direct mode "accepted" means the credential the client itself would
// send was accepted, so the probes send exactly that (the variables of the provider row set in the
// judged environment, and the apiKeyHelper's output on the route whose client runs one). Facts: Claude
// Code sends ANTHROPIC_API_KEY as x-api-key and ANTHROPIC_AUTH_TOKEN as `Authorization: Bearer`, both
// when both are set (domain.md §2, case R06); the helper's output as x-api-key and Bearer, or beside a
// key/token as the client profile's auth rows say (domain.md §3, topology/clients.cpp).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/check.hpp"
#include "core/runner.hpp"
#include "net/http.hpp"
#include "topology/providers.hpp"

namespace awf {

struct RouteCredential {
  std::vector<std::pair<std::string, std::string>> headers;  ///< header name -> value (a secret outside awf)
  std::vector<std::string> vars;  ///< the variables the values came from ("" for the placeholder)
  std::string kind;               ///< "placeholder" | "client" | "none"
};

/// What the client would authenticate with on `p`'s route in spec.topology. `helper_output` is the
/// apiKeyHelper's trimmed output when helper.run got one (a secret); outside awf mode it is sent the
/// way the built-in profile of the route's client sends it (its auth row for the configured sources),
/// named by the variable "apiKeyHelper". Ignored in awf mode (the sidecar injects the key) and when
/// no built-in profile of the route has a row for the combination (the variables alone are sent).
RouteCredential route_credential(const ChainSpec& spec, const Provider& p,
                                 const std::optional<std::string>& helper_output = std::nullopt);

/// True when the client's credential on this run's route can be the apiKeyHelper's output: outside
/// awf mode. In awf mode the sidecar injects the key, so the probes send the placeholder and never
/// wait for helper.run (CheckDef::after_if).
bool sends_helper_output(const ChainSpec& spec);

/// The skip record of a request that would carry the client's own credential to a base URL nobody
/// named: outside awf mode the credential is the client's real one, and a base URL that came from
/// awf's built-in default (spec.origin["base_url"] == "default", not a flag, the judged environment or
/// a settings file) is not where the client sends it (docs/topology.md; new-user tests F1). nullopt
/// when the request may go: awf mode (the placeholder), or a named base URL.
std::optional<Check> skip_unnamed_base_url(const ChainSpec& spec, const std::string& what);

/// route_credential with the helper's output helper.run left in ctx.done (when it ran on this route;
/// probes that use it list helper.run in their CheckDef::after).
RouteCredential route_credential(const ProbeContext& ctx, const Provider& p);

/// The provider row's zero-token request (domain.md §6) to `base` with `cred`'s headers; the caller
/// sets timeout, proxy and cacert. Requires p.zero_token_probe.path to be non-empty.
HttpRequest zero_token_request(const Provider& p, const std::string& base, const RouteCredential& cred);

/// The request's headers for the evidence: the placeholder shown (it is public), a client credential
/// named by its variable, never its value.
nlohmann::json shown_headers(const HttpRequest& req, const RouteCredential& cred);

/// Outside awf mode, upstream.auth's words name the credential that was really judged — the client's
/// own in direct mode, the one the client sends to the gateway in gateway mode — instead of "the key
/// the api-proxy injected" / "the injected key" / "the (real) key held by the api-proxy", in the
/// summary and the hint, in a pass as in a rejection. Leaves `c` alone in awf mode. all_checks()
/// applies it to every upstream-link check.
void reword_for_mode(Check& c, const ProbeContext& ctx, const Provider& p);

}  // namespace awf
