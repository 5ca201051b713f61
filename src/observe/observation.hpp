#pragma once
// Observations: typed facts about the chain, with no cause in them. Live probes fill them today;
// a log reader and a capture fill the same types (issue 11 point 1; decisions.md 8: "one currency
// for live probes, logs and capture"). Rules (src/rules/) read only these fields, never
// Check::evidence, which stays the people-facing account.
//
// Examples of the same type filled by other sources:
//  - access.log `172.30.0.30:38810 api.anthropic.com:443 -:- 1.1 CONNECT 503 TCP_TUNNEL:HIER_NONE …`
//    = Exchange{observer = Role::sidecar, client_addr = "172.30.0.30", sent = {CONNECT,
//      "api.anthropic.com:443"}, connect_status = 503, origin = Origin::squid,
//      squid_result = "TCP_TUNNEL", squid_hierarchy = "HIER_NONE", source = Source::log};
//  - Claude Code stream-json `"error_status":null,"error":"unknown"`
//    = Exchange{observer = Role::client, http_status = nullopt, transport = Transport::no_response,
//      client_error = "unknown", source = Source::log}.
// Facts: who produced an answer, domain.md §10; Squid codes, §5; client error_status, §7.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "observe/env_facts.hpp"
#include "observe/helper_facts.hpp"
#include "observe/sidecar_state.hpp"
#include "net/sse_validator.hpp"

namespace awf {

/// Where an observation came from (decisions.md 2).
enum class Source { live, log, capture };

/// Who made the request the exchange is about.
enum class Role { tool, client, sidecar };

/// Who produced the answer (domain.md §10). `provider` = the provider's own API (request id,
/// its error shape); `none` = no HTTP answer at all.
enum class Origin { none, provider, api_proxy, squid, unknown };

/// How an exchange ended below HTTP. `no_response` = no HTTP answer, class unknown (a client's
/// `error_status: null`). The protocol failures (issue 6 pt 5; net/http.hpp TransportError): the peer
/// answered but not in the protocol asked for: `not_http` (no HTTP status line), a scheme mismatch
/// either way, `tunnel_closed_before_tls` (CONNECT 2xx, then closed in the handshake),
/// `proxy_auth_required` (CONNECT 407), `proxy_not_http` (the CONNECT answer is not HTTP).
enum class Transport {
  none, refused, reset, empty_reply, timeout, dns, proxy_connect, tls, no_response, other,
  not_http, scheme_mismatch_tls_to_plain, scheme_mismatch_plain_to_tls, tunnel_closed_before_tls,
  proxy_auth_required, proxy_not_http
};

/// The transport class in words ("connection reset", "timeout", …; the same words as
/// net/http.hpp's to_string(TransportError)).
std::string describe(Transport t);

/// What was sent. Header values are never kept (they may be credentials); only names.
struct Sent {
  std::string method;   ///< GET, POST, CONNECT …
  std::string target;   ///< URL, or host:port for CONNECT
  std::vector<std::string> header_names;
  std::string body;     ///< only for bodies that are known not to carry secrets (e.g. "{}")
  std::string credential_kind;  ///< "placeholder" | "none" | "real" | "" (unknown)
};

/// One request and its answer, from one observer's point of view.
struct Exchange {
  Source source = Source::live;
  Role observer = Role::tool;
  std::string client_addr;           ///< source address where known (logs), e.g. "172.30.0.30"
  Sent sent;
  /// The anthropic-beta values sent (the header split on commas; empty = not sent). Valid only when
  /// `sent_betas_known` (live requests, where the tool built the headers; never from logs).
  std::vector<std::string> sent_betas;
  bool sent_betas_known = false;
  std::optional<int> http_status;    ///< nullopt = no HTTP response reached the observer
  bool complete = false;             ///< a whole HTTP response arrived
  Transport transport = Transport::none;
  std::string transport_detail;      ///< the library's own words for a failure: "curl 1: Received HTTP/0.9 when not allowed"
  Origin origin = Origin::none;
  std::string origin_why;            ///< the evidence that decided `origin`, one phrase
  std::string error_type;            ///< error.type (or the error string) from the body
  std::string error_message;
  std::string request_id;            ///< the provider's request id, "" when absent
  std::string squid_error;           ///< X-Squid-Error / ERR_… page code
  std::optional<int> connect_status; ///< a proxy's answer to CONNECT
  /// The CONNECT answer's own marks of Squid (`Server: squid…` or `X-Squid-Error`; domain.md §5, §10).
  bool connect_by_squid = false;
  /// The CONNECT 2xx answer declared content (Content-Length > 0 or Transfer-Encoding), which a
  /// forward proxy never sends (RFC 9110 §9.3.6): a web server, not a proxy, answered at --squid.
  bool connect_with_content = false;
  std::string squid_result;          ///< %Ss, e.g. TCP_TUNNEL, TCP_DENIED (logs)
  std::string squid_hierarchy;       ///< %Sh, e.g. HIER_DIRECT, HIER_NONE (logs)
  std::string client_error;          ///< a client's own error category (stream-json `error`)
  /// Another provider row's error-body shape on this route (that row's name, e.g. "openai" for
  /// {"error":{"message","type","code"}} on the Anthropic route); "" = none. The hop answered itself.
  std::string other_provider_shape;
  /// A request sent straight to the hop (origin-form, no proxy) was answered the way a forward proxy
  /// answers one: Squid's 400 ERR_INVALID_URL. The hop is an HTTP proxy, not an API endpoint.
  bool http_proxy_answer = false;
  std::map<std::string, double> timing_ms;  ///< dns, connect, proxy_connect, tls, ttfb, total

  bool has_request_id() const { return !request_id.empty(); }
  bool no_http_response() const { return !http_status.has_value(); }
};

/// A /health answer (domain.md §4).
struct HealthFacts {
  std::optional<int> http_status;
  std::string service;   ///< "awf-api-proxy-anthropic" …
  std::string status;    ///< "healthy" | "not_configured" | …
  bool sidecar = false;  ///< the service names awf's api-proxy
  /// The provider row whose awf port answered (its per-port service name, or the management shape,
  /// which only port 10000 — OpenAI's — serves) when that is not the judged route's; "" otherwise.
  std::string other_route;
};

/// Credential sources the client would use (decisions.md 16: read with the helper evidence).
struct CredentialFacts {
  std::vector<std::string> sources;  ///< variable names set and non-empty, plus "apiKeyHelper"
};

/// What a capture saw an agent send (issue 10; capture/captured_request.hpp), API requests only
/// (the start-up `HEAD /` left out), in order of arrival.
struct CapturedFacts {
  std::vector<std::string> auth_schemes;  ///< per request: "x-api-key" | "bearer" | "both" | "none" | "other"
  std::vector<std::string> first_credentials;  ///< the first request's, e.g. "x-api-key (current placeholder)"
  std::vector<std::string> requests;      ///< per request: "POST /v1/messages?beta=true"
  std::vector<std::string> unserved;      ///< paths the provider's API does not serve (per the provider row)
  std::vector<std::string> versions;      ///< distinct anthropic-version values sent ("none" = not sent)
  std::vector<std::string> betas;         ///< distinct anthropic-beta values sent
};

/// What the client-shaped probe found (probes/client_probe.hpp): the request the client really
/// sends, its answer, and the element the bisection named when it was refused.
struct ClientProbeFacts {
  std::string client;          ///< "claude-code 2.1.88", "pi 0.84.x (--client-profile)"
  std::string request;         ///< "POST /v1/messages?beta=true (20 headers)"
  bool answered = false;       ///< an HTTP answer arrived
  bool accepted = false;       ///< the answer shows the request accepted (rules/client_rules.hpp)
  std::string answer;          ///< one phrase: "400 invalid_request_error from the provider: …"
  bool minimal_accepted = false;  ///< proxy.forward's minimal request was accepted
  std::optional<std::string> element;  ///< what the bisection named, in words ("the anthropic-beta value `x`")
  std::string element_kind;    ///< "header", "header-item", "query", "path", "body" ("" = none named)
  std::string element_name;    ///< the header's name, or "query" / "path" / "body"
  bool also_x_api_key = false; ///< the client's request also carried x-api-key (R29: two credentials)
  int requests = 0;            ///< requests sent (the client's + each bisection step)
  bool exhausted = false;      ///< the bisection stopped at its bound or the run deadline
  /// The bisection found an element, but re-sending (the unchanged request, and again without it)
  /// did not repeat the result: nothing is named (`element` stays empty). In words, with why.
  std::optional<std::string> unconfirmed;
  std::string unconfirmed_why;
  bool route_not_covered = false;  ///< the profile speaks another route: nothing was sent (skip)
};

/// All typed facts one check contributes. Empty members = not observed by this check.
struct Observation {
  std::optional<Exchange> exchange;
  std::optional<HealthFacts> health;
  std::optional<CredentialFacts> credentials;
  std::optional<std::string> helper_command;  ///< the apiKeyHelper command the client would run
  std::optional<CapturedFacts> captured;
  std::optional<SidecarState> sidecar;        ///< the sidecar's management /health (sidecar_state.hpp)
  std::optional<sse::StreamResult> stream;    ///< what the SSE validator found in a streamed body
  std::optional<ClientProbeFacts> client;     ///< the client-shaped probe (proxy.client_request)
  std::optional<EnvFacts> env;                ///< the agent's environment (env.* checks; env_facts.hpp)
  std::optional<HelperConfigFacts> helper_config;  ///< the settings files (helper.config; helper_facts.hpp)
  std::optional<HelperRunFacts> helper_run;   ///< the apiKeyHelper runs (helper.run; helper_facts.hpp)
};

}  // namespace awf
