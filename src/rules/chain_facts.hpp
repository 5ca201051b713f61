#pragma once
// ChainFacts: the typed inputs of the hypothesis tables, derived once from the Check records'
// statuses, typed faults and observations (never from evidence JSON). A log reader or a capture
// that fills the same Check fields (Check::obs, Check::fault) feeds the same tables.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/check.hpp"
#include "topology/providers.hpp"

namespace awf {

/// A check's state in the run, as the rules see it.
enum class Seen { absent, skipped, errored, pass, warn, fail };

/// True when the check ran to a verdict (pass, warn or fail).
inline bool ran(Seen s) { return s == Seen::pass || s == Seen::warn || s == Seen::fail; }

struct ChainFacts {
  std::set<std::string> present;          ///< ids of the checks in the run
  std::set<std::string> errored;          ///< ids of the checks that ended in `error` (no verdict)
  std::optional<FaultId> base_url_fault;  ///< env.base_url's fault
  bool helper_failed = false;             ///< a check of the helper link failed
  Seen tcp = Seen::absent;                ///< proxy.tcp
  Seen forward = Seen::absent;            ///< proxy.forward (else log.agent.requests)
  /// log.proxy.requests failed: the api-proxy logged request_error for every request it ended
  /// (its own call onward failed before any answer; domain.md §4 Logging).
  bool forward_errors_logged = false;
  Seen sidecar_tunnel = Seen::absent;     ///< squid.sidecar_tunnel (else log.squid.sidecar_tunnel)
  Seen squid_connect = Seen::absent;      ///< squid.connect (the tool's own tunnel)
  Seen upstream_auth = Seen::absent;      ///< upstream.auth (else log.upstream.auth when the logs name the
                                          ///< producer; warn when they do not)
  Seen api_key = Seen::absent;            ///< env.api_key
  std::optional<int> forward_status;      ///< proxy.forward's HTTP status (nullopt = none)
  std::string forward_error_type;
  bool forward_accepted = false;          ///< the provider answered with success or the zero-token 400
  /// The provider itself (its request-id) answered proxy.forward with its capacity answer (429/529,
  /// rules/answer_400.hpp provider_busy): the request got through; the provider is busy.
  bool forward_busy = false;
  /// upstream.auth ran and could not decide (`error`): the route's answer shows neither acceptance nor
  /// rejection (a rejection-only zero-token request answered otherwise, docs/providers.md).
  bool acceptance_unknown = false;
  std::string tunnel_summary;             ///< squid.sidecar_tunnel's summary
  bool credentials_probed = false;        ///< env.auth_token or helper.config is in the run
  std::vector<std::string> credential_sources;
  bool sidecar_recognised = false;        ///< proxy.health recognised awf's api-proxy
  bool tunnel_from_log = false;           ///< the tunnel facts come from Squid's log (log.squid.sidecar_tunnel)
  /// log.upstream.auth saw an error status whose producer the logs do not show (no request-id, no
  /// provider error shape): rules must not name the provider as the one that answered.
  bool upstream_origin_unseen = false;
  std::string upstream_origin_why;        ///< what the logs lack, in words ("" when not from logs)
  bool sidecar_injected = false;          ///< the api-proxy's log shows it injected its own credential
  std::optional<CapturedFacts> captured;  ///< capture.auth's facts: what the agent itself sent
  bool sidecar_strips_both = false;       ///< the row's sidecar strips x-api-key and Authorization (§4)
  /// The route's client runs a credential helper (the row's credential_helper: Claude Code's
  /// apiKeyHelper, domain §3); H2 does not apply where it runs none.
  bool client_runs_helper = true;

  /// A capture recorded at least one API request.
  bool captured_requests() const { return captured && !captured->auth_schemes.empty(); }
  /// A captured request carried both x-api-key and Authorization: Bearer.
  bool captured_both() const;
  Seen stream = Seen::absent;             ///< proxy.stream (the streaming request through the sidecar)
  Seen stream_upstream = Seen::absent;    ///< upstream.stream
  bool stream_not_spent = false;          ///< proxy.stream skipped by --no-spend
  std::optional<int> stream_status;       ///< the streaming request's HTTP status
  std::optional<std::string> stream_fault;  ///< the stream fault found, in words (stream_rules.hpp)
  std::string stream_summary;             ///< the deciding stream check's summary
  /// The stream probe ran but its stream was not judged: proxy.stream or upstream.stream errored
  /// (the tool stopped reading, the deadline, a body it cannot read), or proxy.stream failed with
  /// no HTTP response at all or with an error answer of unknown origin (no request-id).
  bool stream_unjudged = false;
  bool stream_idle = false;               ///< upstream.stream warned: silence beyond the client's watchdog
  /// proxy.stream warned only on bytes after message_stop (proxy-stream-after-stop) and the stream
  /// itself was complete (upstream.stream passed; capture.stream: the same check).
  bool stream_after_stop = false;
  /// A complete stream whose events arrived together, with no Content-Length: whether a hop held
  /// it is not told without the upstream's pacing (sse::Buffering::not_judged).
  bool stream_pacing_unjudged = false;
  /// The streaming request got the provider's capacity answer (429/529, or an overloaded_error /
  /// rate_limit_error event after 200; answer_400.hpp provider_busy), in words ("" = not).
  std::string stream_busy;

  std::optional<ClientProbeFacts> client;  ///< proxy.client_request's facts (the client-shaped request)
  /// The client's own request was refused and the bisection named the element that breaks it.
  bool client_element_named() const { return client && !client->accepted && client->element.has_value(); }
  /// The bisection found an element that did not repeat when re-sent (nothing named).
  bool client_unconfirmed() const { return client && client->unconfirmed.has_value(); }
  /// The refusal of the client's request names an element the client never sent (a hop added it).
  bool client_hop_added() const;
  /// The provider refused the model the client's request names (upstream-model-rejected).
  bool client_model_refused() const;
  /// --client / --client-profile chose a client of another route: its request was not sent here.
  bool client_route_not_covered() const { return client && client->route_not_covered; }

  bool off_chain() const { return base_url_fault == FaultId::env_base_url_missing; }
  bool base_url_path() const { return base_url_fault == FaultId::env_base_url_path; }
  bool proxy_unreachable() const { return tcp == Seen::fail; }
  /// proxy.forward failed without any HTTP response (what a client reports as error_status: null).
  bool forward_no_response() const { return forward == Seen::fail && !forward_status; }
};

/// Derives the facts from a run's checks for provider `p` (whose zero-token probe defines
/// "accepted").
ChainFacts derive_facts(const std::vector<Check>& checks, const Provider& p);

}  // namespace awf
