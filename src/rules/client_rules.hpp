#pragma once
// Client rules: the client-shaped request (probes/client_probe.hpp) and its bisection, to two
// checks' status and fault, attributed by who refused (domain.md §10: the provider's answers carry
// its request id; a hop's own refusal does not):
//   proxy.client_request (the hop at the base URL):
//   - accepted, or refused the same way as the minimal request               -> pass
//   - refused by the hop itself; the bisection named Authorization while the
//     request also carried x-api-key (R29)                                   -> proxy-auth-header-precedence
//   - refused by the hop itself, any other element (or none single)          -> proxy-client-element-refused
//   - refused by the provider                                                -> pass (relayed; judged upstream)
//   - the provider's 400 names an anthropic-beta value the client never sent -> proxy-beta-value-added
//   - the bisection's element did not repeat when re-sent (unconfirmed)      -> warn (inconclusive)
//   upstream.client_request (the provider):
//   - the provider refuses the model named (400 naming it, 404 `model: …`)   -> upstream-model-rejected
//   - the element is an anthropic-beta value or the anthropic-beta header (R22) -> upstream-beta-header-rejected
//   - the element is the path (R25)                                           -> pass (the client's configuration)
//   env.client_path (the client's configuration; a path the client is configured to use is the env's):
//   - the bisection named the path (R25)                                      -> env-client-protocol-mismatch
//   - any other element (or none single while the minimal one is accepted)    -> upstream-client-element-refused
// No I/O, never throws.
#include "rules/check_rules.hpp"

namespace awf {

/// ClientProbeFacts::element_kind when the provider's 400 names a parameter the client never sent
/// (R18: a hop rewrote the body; element_name holds the parameter, element stays empty). Such a
/// refusal is not bisected: proxy.stream judges the hop.
inline constexpr const char* kAddedByHop = "added-by-hop";
/// ClientProbeFacts::element_kind when the provider's 400 names an anthropic-beta value the client
/// never sent (a hop added it: proxy-beta-value-added; element_name holds the value). Not bisected.
inline constexpr const char* kBetaAddedByHop = "beta-added-by-hop";
/// ClientProbeFacts::element_kind when the provider refuses the model the request names (a 400 naming
/// it, or 404 `model: …`; element_name holds the model): upstream-model-rejected, not bisected (the
/// minimal request's body names no model, so any step would look "accepted").
inline constexpr const char* kModelRefused = "model-refused";

/// The provider accepted the request: its own 200, or its zero-token 400 whose message is the
/// empty-body complaint (rules/answer_400.hpp, decisions.md 14).
bool accepted_by_provider(const Exchange& e, const Provider& p);

/// "400 invalid_request_error from the provider: <message>" / "no HTTP answer (connection reset)".
std::string answer_phrase(const Exchange& e, const Provider& p);

Outcome judge_client_relay(const Exchange& e, const ClientProbeFacts& f, const Provider& p);
Outcome judge_client_upstream(const Exchange& e, const ClientProbeFacts& f, const Provider& p);

/// env.client_path: the path the client is configured to use, judged from the bisection's facts.
/// Fails with env-client-protocol-mismatch when the bisection named the path; passes otherwise.
Outcome judge_client_path(const ClientProbeFacts& f, const Provider& p);

}  // namespace awf
