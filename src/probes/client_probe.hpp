#pragma once
// The client-shaped probe (issue 6 pt 2): besides the minimal zero-token request (proxy.forward),
// send the request the client really sends — its profile (topology/clients.hpp: path and query,
// header set in wire order, credential headers by the configured sources) with a zero-token body
// (model, messages, the client's stream flag, no max_tokens: refused with 400 after
// authentication, nothing billed; domain.md §6) — and when it is refused, bisect the differences
// (probes/client_bisect.hpp) to name the element that breaks it. That decides H1.
//   proxy.client_request     sends it (and the bisection); judges refusals by the hop itself
//   upstream.client_request  reads proxy.client_request; judges refusals by the provider
// Which client: --client-profile FILE, else --client ID, else auto (the Anthropic route's client,
// Claude Code). Credential values: the judged environment's ANTHROPIC_AUTH_TOKEN / ANTHROPIC_API_KEY
// / CLAUDE_CODE_OAUTH_TOKEN as the client would send them to the same base URL; apiKeyHelper's
// value is stood in by awf's current placeholder (the tool never keeps a helper's output). Not
// sent: the `HEAD /` preconnect, `accept-encoding` (libcurl reads the answer uncompressed).
// At most kClientProbeMaxRequests requests per run; each at most 10 s and within the run deadline.
#include <vector>

#include "core/runner.hpp"
#include "probes/client_bisect.hpp"

namespace awf {

inline constexpr int kClientProbeMaxRequests = 24;  ///< the client's request + bisection steps

/// The client request this run would send (filled placeholders, accept-encoding dropped), or
/// nullopt with `why` set when there is none (another provider's client, no credential source, no
/// matching auth row).
std::optional<WireRequest> client_wire_request(const ProbeContext& ctx, std::string& client, std::string& why);

/// The minimal zero-token request proxy.forward sends (the provider row's, placeholder key).
WireRequest minimal_wire_request();

/// proxy.client_request and upstream.client_request.
std::vector<CheckDef> client_checks();

}  // namespace awf
