#pragma once
// Check rules: from typed observations to a check's status, fault and words. Probes do the I/O,
// fill an Exchange (observe/) and ask these functions what it means; a log reader or a capture that
// fills the same Exchange gets the same judgement. Hints come from the catalog.
// Facts: who produced an answer, domain.md §10; api-proxy errors and the startup probe, §4;
// Squid's answers (403 TCP_DENIED, 503 ERR_DNS_FAIL / ERR_CONNECT_FAIL), §5; the zero-token probe
// (only the empty-body 400 = key accepted, rules/answer_400.hpp), §6; the seed (reset while /health is green), §12.
#include <optional>
#include <string>

#include "catalog/ids.hpp"
#include "core/check.hpp"
#include "observe/observation.hpp"
#include "topology/providers.hpp"

namespace awf {

/// A rule's decision for one check.
struct Outcome {
  Status status = Status::pass;
  std::optional<FaultId> fault;
  std::string summary;
  std::string hint;
};

/// Writes status, summary, hint and fault (typed and evidence.fault) into `c`.
void apply(Check& c, const Outcome& o);

/// The `error` for a wait cut short by the run deadline (`deadline_ms` = --timeout): "<what>: the run
/// deadline (N ms) passed before an answer arrived, …", hint: raise --timeout (rules/deadline_rule.cpp).
Outcome judge_deadline(const std::string& what, long long deadline_ms, const Provider& p);

// ---- every probe that talks HTTP (rules/protocol_rules.cpp) ----
/// The hop a request was addressed to: the base URL (api-proxy or gateway) or the upstream (through
/// the proxy's tunnel, or direct).
enum class Hop { base_url, upstream };
/// Protocol failures named for what they are (issue 6 pt 5), one decision for every probe: a 407 to
/// CONNECT -> squid-proxy-auth-required; a CONNECT answer that is not HTTP -> squid-not-http-proxy;
/// CONNECT 2xx then closed in the TLS handshake -> squid-tunnel-dropped ("the tunnel closed before
/// TLS"); no HTTP status line -> proxy-not-http / upstream-not-http; a scheme mismatch either way ->
/// proxy-scheme-mismatch / upstream-scheme-mismatch, the summary saying which way and the fix. The
/// summary carries libcurl's code and message (Exchange::transport_detail). `what` names the request
/// ("GET /health"). nullopt for every other transport class: the check's own rule judges it.
std::optional<Outcome> judge_protocol_failure(const Exchange& e, Hop hop, const std::string& what, const Provider& p);

// ---- proxy link (rules/proxy_rules.cpp) ----
/// proxy.tcp: `e.transport` none = connected. `authority` is host:port as shown. `awf_sidecar` = the
/// base URL is known to be awf's sidecar (awf mode, decided); otherwise the words name the base URL.
Outcome judge_proxy_tcp(const Exchange& e, const std::string& authority, const Provider& p, bool awf_sidecar = true);
/// proxy.health: sets `h.sidecar` (the answer is awf's api-proxy's).
Outcome judge_proxy_health(const Exchange& e, HealthFacts& h, const Provider& p);
/// What sits at the base URL, for the words of proxy.forward (docs/topology.md): awf's sidecar (awf
/// mode), a gateway or provider-compatible service (gateway mode), or not known (awf kept by default
/// with nothing answering: topology `undecided`).
enum class BaseUrlHop { sidecar, gateway, unknown };
/// proxy.forward: the zero-token request through the sidecar. `health_green` = proxy.health passed.
/// An answer that is a forward proxy's (Exchange::http_proxy_answer) -> proxy-base-url-is-http-proxy;
/// the hop's own error at a gateway -> proxy-gateway-own-error (naming both readings when the body is
/// another provider's error shape), at awf's sidecar -> proxy-own-error.
Outcome judge_proxy_forward(const Exchange& e, bool health_green, const Provider& p,
                            BaseUrlHop hop = BaseUrlHop::sidecar);

// ---- squid link (rules/squid_rules.cpp) ----
/// The fault for a Squid refusal with this status / ERR_ code; `sidecar` = the api-proxy's CONNECT.
FaultId squid_refusal_fault(int status, const std::string& squid_error, bool sidecar);
/// squid.sidecar_tunnel, judged from proxy.forward's exchange (the sidecar relays Squid's refusal,
/// and reports its own socket errors as 502 "Proxy error"). Every 502 Proxy error fails: a certificate
/// message -> squid-sidecar-cert-untrusted, a tunnel message -> squid-tunnel-failed, any other ->
/// squid-sidecar-socket-error.
Outcome judge_sidecar_tunnel(const Exchange& forward, const Provider& p);
/// True when the sidecar's 502 message names a certificate check (domain.md §4: "unable to verify the
/// first certificate" when its Node does not trust an ssl-bump or TLS-intercepting proxy's CA).
bool names_certificate(const std::string& proxy_message);
/// True when the sidecar's 502 message names the tunnel (CONNECT, tunnel, proxy, squid, refused).
bool names_tunnel(const std::string& proxy_message);
/// squid.connect: the tool's own CONNECT. `limit_ms` is the wait it was given.
Outcome judge_tool_connect(const Exchange& e, const std::string& target, const std::string& squid_url,
                           long long limit_ms, const Provider& p);
/// squid.tls: TLS through the tool's tunnel; `message` is the TLS library's error text.
Outcome judge_tunnel_tls(const Exchange& e, const std::string& target, const std::string& message,
                         const Provider& p);

// ---- upstream link (rules/upstream_rules.cpp) ----
/// upstream.reachable: a keyless request through the tool's tunnel.
Outcome judge_upstream_reachable(const Exchange& e, const Provider& p);
/// A 400 read, not assumed (rules/answer_400.hpp): the empty-body complaint passes (key accepted);
/// one naming an anthropic-beta value, a parameter, a model or a path fails with its own fault,
/// the summary naming who answered (`e.origin`); any other 400 warns (acceptance not shown). A beta
/// value the request never carried (hop_added_beta) warns here: the hop that added it is judged on
/// the proxy link (proxy.client_request, proxy.stream: proxy-beta-value-added).
Outcome judge_answer_400(const Exchange& e, const Provider& p);
/// upstream.auth, judged from proxy.forward's exchange. 429/529 are the provider's capacity answers
/// (judge_provider_busy); a 404 whose message is `model: <id>` is upstream-model-rejected (domain.md
/// §7: 404 = wrong path or model_not_found), any other 404 upstream-path-not-found.
/// An error answer whose origin is not the provider (no request-id: domain.md §6 every provider
/// answer carries one, §10 it is the first discriminator; §4 the hops answer 429/502/503 themselves)
/// is never read as the provider's: `error` (not judged), the summary naming who answered (a hop,
/// origin unknown; Squid; the hop at the base URL) — the link that produced it is judged on the
/// proxy link (proxy.forward, proxy.stream). A 400 naming a beta value never sent stays the hop's warn.
Outcome judge_upstream_auth(const Exchange& forward, const Provider& p);
/// The verdict on the upstream link for an answer `e` the provider did not produce (e.origin is
/// not Origin::provider): `error`, no fault, never "the provider answered"; `what` names the answer
/// ("HTTP 529 overloaded_error \"Overloaded\"", "an `event: error` … after HTTP 200").
Outcome judge_answer_not_from_provider(const Exchange& e, const std::string& what, const Provider& p);
/// Who produced an answer that is not the provider's, in words: "a hop on the way (origin unknown)",
/// "Squid", "the hop at the base URL (its own error shape)".
std::string non_provider_origin(const Exchange& e);
/// The one verdict for the provider's capacity answers (rules/answer_400.hpp provider_busy: 429
/// rate_limit_error, 529 overloaded_error, or either as a mid-stream error event; domain.md §6):
/// warn, no fault: the route and credential got through and the provider is busy. Only with the
/// provider's origin evidence (e.origin == Origin::provider, its request-id); otherwise
/// judge_answer_not_from_provider.
Outcome judge_provider_busy(const Exchange& e, const Provider& p);
/// The anthropic-beta value a provider's 400 names that `e` never sent (`e.sent_betas`, when
/// `e.sent_betas_known`): added by a hop on the way (answer_400.hpp beta_value_not_sent).
std::optional<std::string> hop_added_beta(const Exchange& e);

}  // namespace awf
