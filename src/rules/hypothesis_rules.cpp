// H1–H4 as first-match tables. Terms (docs/hypotheses.md): off the chain, helper failed, nothing
// listens, forward did not run, no HTTP response, accepted — each a ChainFacts predicate.
#include "rules/hypothesis_rules.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"

namespace awf {
namespace {

using V = Verdict;
namespace id = check_id;

bool always(const ChainFacts&) { return true; }
bool off_chain(const ChainFacts& f) { return f.off_chain(); }
bool helper_failed(const ChainFacts& f) { return f.helper_failed; }
bool unreachable(const ChainFacts& f) { return f.proxy_unreachable(); }
bool forward_not_run(const ChainFacts& f) { return !ran(f.forward); }
bool no_response(const ChainFacts& f) { return f.forward_no_response(); }
bool accepted(const ChainFacts& f) { return f.forward_accepted; }
bool forward_errors_logged(const ChainFacts& f) { return f.forward_errors_logged; }

const std::vector<RuleRow> kH1 = {
    {"capture recorded a path the provider's API does not serve (the api-proxy forwards path and query unchanged)",
     [](const ChainFacts& f) { return f.captured_requests() && !f.captured->unserved.empty(); }, V::supported,
     "the agent sent {captured_unserved}, which the api-proxy forwards unchanged and {provider}'s API does not serve "
     "(it serves {api_path}): the request fails because of the endpoint the client uses",
     {id::capture_paths}},
    {"capture recorded the agent's requests and every path is one the provider's API serves",
     [](const ChainFacts& f) { return f.captured_requests(); }, V::refuted,
     "the agent sent {captured_requests} (anthropic-version {captured_versions}); the api-proxy forwards path and "
     "query unchanged, passes the version on and replaces the client's auth headers with {auth_header}",
     {id::capture_paths, id::capture_auth}},
    {"env.base_url failed with `env-base-url-path` (the path ends in `/v1`: the client calls `/v1/v1/messages`)",
     [](const ChainFacts& f) { return f.base_url_path(); }, V::supported,
     "the base URL carries a path ending in /v1, so the client calls /v1/v1/messages: the request fails because of "
     "the endpoint the client uses",
     {id::env_base_url}},
    {"off the chain", off_chain, V::not_applicable,
     "{base_url_var} is unset: the client's requests never reach the api-proxy", {id::env_base_url}},
    {"helper failed (the client cannot deliver a request)", helper_failed, V::not_applicable,
     "the client cannot deliver a request: the helper link fails before any hop sees it",
     {id::helper_config, id::helper_run}},
    {"proxy.client_request: the client's own request is refused and the bisection named the element",
     [](const ChainFacts& f) { return f.client_element_named(); }, V::supported,
     "the same chain accepts {probe_client}'s request without {client_element} and refuses it with it ({client_answer}): "
     "the request fails because of what the client sends",
     {id::proxy_client_request, id::upstream_client_request}},
    {"proxy.client_request: one bisection step named an element, but re-sending did not repeat it (unconfirmed)",
     [](const ChainFacts& f) { return f.client_unconfirmed(); }, V::inconclusive,
     "{probe_client}'s request was refused ({client_answer}) and one step without {client_unconfirmed} was accepted, "
     "but {client_unconfirmed_why}: the refusal cannot be tied to what the client sends",
     {id::proxy_client_request}},
    {"proxy.client_request: the refusal names an element the client never sent (a hop added it)",
     [](const ChainFacts& f) { return f.client_hop_added(); }, V::refuted,
     "the refusal of {probe_client}'s request ({client_answer}) names `{client_element_name}`, which the client never "
     "sent: a hop on the way added it, so the failure does not depend on what the client sends",
     {id::proxy_client_request}},
    {"proxy.client_request: the provider refuses the model the request names (upstream-model-rejected)",
     [](const ChainFacts& f) { return f.client_model_refused(); }, V::refuted,
     "{provider} refuses the model `{client_element_name}` ({client_answer}): the model decides, not the client's "
     "auth header, path or version",
     {id::proxy_client_request, id::upstream_client_request}},
    {"nothing listens", unreachable, V::refuted,
     "nothing listens at the api-proxy address: the failure does not depend on what the client sends", {id::proxy_tcp}},
    {"log.proxy.requests failed (the api-proxy's own call onward failed for every request it logged)",
     forward_errors_logged, V::inconclusive,
     "the client's requests reached the api-proxy and its own call onward failed before any answer (request_error "
     "in its log): no answer shows whether what the client sends is accepted",
     {id::log_proxy_requests}},
    {"forward did not run", forward_not_run, V::inconclusive, "no request was sent through the api-proxy in this run",
     {id::proxy_forward}},
    {"no HTTP response (a minimal well-formed request fails the same way)", no_response, V::refuted,
     "a minimal well-formed request ({auth_header} placeholder, {version_header}) fails the same way, so the "
     "failure does not depend on what the client sends",
     {id::proxy_forward}},
    {"upstream.auth failed (the headers are right; the credential in them is not)",
     [](const ChainFacts& f) { return f.upstream_auth == Seen::fail; }, V::refuted,
     "the headers are right (the request reached the upstream's credential check: in awf the api-proxy injects "
     "{auth_header}, outside awf the client's own credential goes through); the credential inside them is not",
     {id::proxy_forward, id::upstream_auth}},
    {"proxy.client_request: the client's own request is accepted as the minimal one is",
     [](const ChainFacts& f) { return f.forward_accepted && f.client && f.client->accepted; }, V::refuted,
     "both the minimal request ({auth_header} placeholder, {version_header}) and {probe_client}'s own ({client_request}) "
     "are accepted through the chain: what the client sends is not the problem",
     {id::proxy_forward, id::proxy_client_request}},
    {"--client / --client-profile chose a client of another route: its request was not sent on this route",
     [](const ChainFacts& f) { return f.client_route_not_covered(); }, V::inconclusive,
     "the client-shaped request was not sent: {client_answer}, so the choice of {probe_client} did not apply to this "
     "route; only the minimal request was judged",
     {id::proxy_forward, id::proxy_client_request}},
    {"accepted", accepted, V::refuted,
     "a minimal well-formed request through the api-proxy is accepted; the sidecar strips the client's auth headers "
     "and injects its own, whatever the client sends",
     {id::proxy_forward}},
    {"squid.sidecar_tunnel ran and did not pass (the failure is at the tunnel, which ignores client headers)",
     [](const ChainFacts& f) { return ran(f.sidecar_tunnel) && f.sidecar_tunnel != Seen::pass; }, V::refuted,
     "the request fails at the tunnel, a hop that does not look at the client's headers, path or version",
     {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"otherwise", always, V::inconclusive, "the evidence in this run cannot tell{origin_unseen}", {id::proxy_forward}},
};

const std::vector<RuleRow> kH2 = {
    {"the route's client runs no credential helper (the provider row names none: only Claude Code's apiKeyHelper is "
     "known, domain facts §3)",
     [](const ChainFacts& f) { return !f.client_runs_helper; }, V::not_applicable,
     "{route_client} runs no credential helper (apiKeyHelper is Claude Code's own setting), so no token variable "
     "({token_vars_or_none}) can compete with one on the {provider} route",
     {id::env_auth_token}},
    {"capture saw both x-api-key and Authorization: Bearer on a request, and the sidecar strips both",
     [](const ChainFacts& f) { return f.captured_both() && f.sidecar_strips_both; }, V::refuted,
     "the agent sent {captured_first} on its first request (auth schemes in order: {captured_schemes}); awf's "
     "api-proxy strips both x-api-key and Authorization and injects its own {auth_header}, so the two credentials "
     "never reach {provider} and cannot interfere",
     {id::capture_auth}},
    {"capture saw both headers on a request; the route's strip list is not known",
     [](const ChainFacts& f) { return f.captured_both(); }, V::inconclusive,
     "the agent sent {captured_first} on its first request (auth schemes in order: {captured_schemes}); whether "
     "this route's sidecar strips both is not known",
     {id::capture_auth}},
    {"capture saw at most one credential header per request",
     [](const ChainFacts& f) { return f.captured_requests(); }, V::not_applicable,
     "the agent sent one credential header at most per request (auth schemes in order: {captured_schemes})",
     {id::capture_auth}},
    {"the api-proxy's log shows it injected its own credential (auth_inject) and this route's sidecar strips both "
     "client credential headers",
     [](const ChainFacts& f) { return f.sidecar_injected && f.sidecar_strips_both; }, V::refuted,
     "the api-proxy's log shows it injected its own {auth_header} (auth_inject); it strips the client's x-api-key and "
     "Authorization before forwarding, so two client credentials never reach {provider} and cannot interfere",
     {id::upstream_auth}},
    {"neither env.auth_token nor helper.config is in the run (e.g. `probe proxy`)",
     [](const ChainFacts& f) { return !f.credentials_probed; }, V::inconclusive,
     "the env and helper links were not probed in this run", {id::env_auth_token, id::helper_config}},
    {"fewer than two credential sources", [](const ChainFacts& f) { return f.credential_sources.size() < 2; },
     V::not_applicable, "fewer than two credential sources are configured ({sources})",
     {id::env_auth_token, id::helper_config}},
    {"helper failed (the failure is explained by the helper itself)", helper_failed, V::refuted,
     "{list} configured, but the failure is explained by the helper itself", {id::env_auth_token, id::helper_config}},
    {"proxy.health recognised awf's api-proxy (`awf_api_proxy: true`), or upstream.auth passed: the api-proxy "
     "strips every client credential",
     [](const ChainFacts& f) { return f.sidecar_recognised || f.upstream_auth == Seen::pass; }, V::refuted,
     "{list} configured, but the api-proxy strips every client credential (x-api-key, Authorization) before "
     "anything uses them{leak}",
     {id::env_auth_token, id::helper_config, id::proxy_health}},
    {"otherwise (the hop at the base URL is not recognisably awf's api-proxy)", always, V::inconclusive,
     "{list} configured and the hop at the base URL is not recognisably awf's api-proxy (which strips both); "
     "whether a hop passes both on is not visible to a live probe",
     {id::env_auth_token, id::helper_config}},
};

const std::vector<RuleRow> kH3 = {
    {"off the chain", off_chain, V::not_applicable, "the client's requests never reach the api-proxy",
     {id::env_base_url}},
    {"helper failed", helper_failed, V::refuted,
     "the client fails at the agent (helper link) before any hop answers, so nothing streams",
     {id::helper_config, id::helper_run}},
    {"nothing listens", unreachable, V::refuted, "no HTTP response ever arrived (nothing listens): no stream to mangle",
     {id::proxy_tcp}},
    {"proxy.stream or upstream.stream (without them: capture.stream, the stream relayed to the agent) failed on a "
     "stream fault (not an event stream, a Content-Encoding its bytes do not have, mid-stream error, missing event "
     "lines, malformed events, without message_start, out of order, truncated, buffered)",
     [](const ChainFacts& f) { return f.stream_fault.has_value(); }, V::supported,
     "the streaming request through the chain came back {stream_fault}: {stream_summary}",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"the streaming request got the provider's capacity answer (429 rate_limit_error, 529 overloaded_error, or "
     "either as an `event: error` after 200): the provider was busy",
     [](const ChainFacts& f) { return !f.stream_busy.empty(); }, V::inconclusive,
     "{provider} was busy ({stream_busy}) and said so through the chain: that says nothing about how the hops relay "
     "SSE; run again later",
     {id::proxy_stream, id::upstream_stream}},
    {"--no-spend kept proxy.stream from sending", [](const ChainFacts& f) { return f.stream_not_spent; },
     V::inconclusive,
     "--no-spend: no streaming request was sent (it would be billed), so buffering or reframing of SSE events is not "
     "tested",
     {id::proxy_stream}},
    {"the streaming request was answered with a non-2xx status (no stream)",
     [](const ChainFacts& f) { return f.stream_status && (*f.stream_status < 200 || *f.stream_status >= 300); },
     V::refuted, "the streaming request was answered with HTTP {stream_status}, not a stream: the failure is not in "
     "streaming",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"upstream.stream warned: the stream went silent longer than the client's stream watchdog (--stream-watchdog-ms)",
     [](const ChainFacts& f) { return f.stream_idle; }, V::inconclusive,
     "the stream through the chain went silent longer than the client's stream watchdog: {stream_summary}",
     {id::proxy_stream, id::upstream_stream}},
    {"proxy.stream warned only on bytes after message_stop, and the stream itself was complete (upstream.stream "
     "passed)",
     [](const ChainFacts& f) { return f.stream_after_stop; }, V::refuted,
     "the streaming request through the chain came back complete (message_start … message_stop); what followed "
     "message_stop does not take the message from the client: {stream_summary}",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"a clean stream whose events arrived together without a Content-Length (buffering not judged: the upstream's "
     "pacing is unknown)",
     [](const ChainFacts& f) {
       return f.stream == Seen::pass && f.stream_upstream == Seen::pass && f.stream_pacing_unjudged;
     },
     V::inconclusive,
     "a streaming request through the chain came back complete, but its events arrived together, so whether a hop "
     "held them is not told: {stream_summary}",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"proxy.stream and upstream.stream passed, or capture.stream passed (a clean stream)",
     [](const ChainFacts& f) { return f.stream == Seen::pass && f.stream_upstream == Seen::pass; }, V::refuted,
     "a streaming request through the chain came back as a clean stream: {stream_summary}",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"log.proxy.requests failed (the api-proxy's own call onward failed for every request it logged)",
     forward_errors_logged, V::inconclusive,
     "the api-proxy's own call onward failed before any answer (request_error in its log): no stream came back to "
     "judge",
     {id::log_proxy_requests}},
    {"forward did not run", forward_not_run, V::inconclusive, "no request went through the api-proxy in this run",
     {id::proxy_forward}},
    {"no HTTP response (`error_status: null`: no stream was ever started)", no_response, V::refuted,
     "no HTTP response ever arrived (the client's error_status: null), so no stream was ever started or parsed; a "
     "mangled stream gives an HTTP 200 and a different client error",
     {id::proxy_forward}},
    {"the stream probe did not judge the stream: proxy.stream or upstream.stream errored "
     "(the tool stopped reading at its limit or the run deadline, or could not read the body), or proxy.stream got "
     "no HTTP response or an error answer of unknown origin (no request-id)",
     [](const ChainFacts& f) { return f.stream_unjudged; }, V::inconclusive,
     "the streaming request through the chain was not judged: {stream_summary}",
     {id::proxy_stream, id::upstream_stream, id::capture_stream}},
    {"accepted, and no streaming request was sent in this run (e.g. `probe squid`), so SSE buffering or "
     "reframing is not tested",
     accepted, V::inconclusive,
     "requests through the chain are answered normally, but no streaming request was sent in this run, so "
     "buffering or reframing of SSE events is not tested",
     {id::proxy_forward}},
    {"otherwise (answered with another HTTP status and no stream)", always, V::refuted,
     "the probe was answered with HTTP {status} and no stream: the failure is not in streaming", {id::proxy_forward}},
};

const std::vector<RuleRow> kH4 = {
    {"off the chain", off_chain, V::not_applicable, "the client's requests never reach the api-proxy or its tunnel",
     {id::env_base_url}},
    {"helper failed", helper_failed, V::refuted,
     "the calls fail at the agent (helper link), before any tunnel is attempted", {id::helper_config, id::helper_run}},
    {"nothing listens", unreachable, V::refuted,
     "the calls fail before the tunnel hop: nothing listens at the api-proxy", {id::proxy_tcp}},
    {"the sidecar's tunnel came up (Squid's log: CONNECT 200 TCP_TUNNEL from the sidecar) and no HTTP response reached "
     "the client",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass && f.forward_no_response(); }, V::supported,
     "{tunnel}, yet no attempt got an HTTP status (error_status: null): the requests died in or behind the tunnel. "
     "A TCP_TUNNEL/200 proves only that Squid allowed the CONNECT and a TCP connection opened; what happened inside "
     "TLS (the request, the upstream's answer or its silence) is not in Squid's log",
     {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"no HTTP response (awf's sidecar reports tunnel failures as HTTP 502, so the request died before any tunnel)",
     no_response, V::refuted,
     "the sidecar dropped the connection without any HTTP answer; awf's sidecar reports tunnel and upstream socket "
     "failures as an HTTP 502, so the request died before any tunnel{own_tunnel}",
     {id::proxy_forward, id::squid_sidecar_tunnel, id::squid_connect}},
    {"squid.sidecar_tunnel failed (no tunnel came up)",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::fail; }, V::refuted,
     "the request reached the hop that opens the tunnel, but no tunnel came up: {tunnel}",
     {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"squid.sidecar_tunnel passed and proxy.forward was accepted",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass && f.forward_accepted; }, V::refuted,
     "calls through the sidecar's tunnel succeed", {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"the sidecar's tunnel came up, and the logs show an error status without who produced it (no request-id, no "
     "provider error shape)",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass && f.upstream_origin_unseen; }, V::inconclusive,
     "{tunnel}; the call failed with HTTP {status}, but who produced it is not shown ({upstream_origin_why}), so "
     "whether it came through the tunnel from {provider} cannot be told from these logs",
     {id::proxy_forward, id::squid_sidecar_tunnel, id::upstream_auth}},
    {"the sidecar's tunnel came up and the provider answered, but upstream.auth could not decide (an answer that "
     "shows neither acceptance nor rejection)",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass && f.acceptance_unknown; }, V::inconclusive,
     "{tunnel}; {provider} answered HTTP {status}, an answer that shows neither the key accepted nor rejected "
     "(upstream.auth is inconclusive), so whether calls through the tunnel work is not shown",
     {id::proxy_forward, id::squid_sidecar_tunnel, id::upstream_auth}},
    {"squid.sidecar_tunnel passed and the provider answered proxy.forward with its capacity answer (429, 529)",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass && f.forward_busy; }, V::refuted,
     "calls through the sidecar's tunnel reach {provider}, which answered HTTP {status} {error_type}: it is busy, "
     "the tunnel works",
     {id::proxy_forward, id::squid_sidecar_tunnel, id::upstream_auth}},
    {"squid.sidecar_tunnel passed and proxy.forward's answer was anything else (e.g. 401 for a revoked key)",
     [](const ChainFacts& f) { return f.sidecar_tunnel == Seen::pass; }, V::supported,
     "the sidecar's tunnel through Squid came up and {provider} answered, yet the call failed with HTTP {status} "
     "{error_type}",
     {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"forward or squid.sidecar_tunnel did not run",
     [](const ChainFacts& f) { return !ran(f.forward) || !ran(f.sidecar_tunnel); }, V::inconclusive,
     "the sidecar's tunnel was not judged in this run", {id::proxy_forward, id::squid_sidecar_tunnel}},
    {"otherwise (squid.sidecar_tunnel warned)", always, V::inconclusive,
     "the evidence cannot tell whether the sidecar's tunnel came up", {id::proxy_forward, id::squid_sidecar_tunnel}},
};

HintArgs reason_args(const ChainFacts& f, const Provider& p) {
  const auto& s = f.credential_sources;
  HintArgs a = provider_args(p);
  std::string version;
  for (const auto& [name, value] : p.zero_token_probe.headers)
    if (name != "content-type") version += fmt::format("{}{} {}", version.empty() ? "" : ", ", name, value);
  a.emplace_back("version_header", version);
  a.emplace_back("route_client", p.client.empty() ? fmt::format("the {} route's client", p.display) : std::string(p.client));
  a.emplace_back("token_vars_or_none",
                 p.token_vars.empty() ? std::string("the row names none") : fmt::format("{}", fmt::join(p.token_vars, ", ")));
  a.emplace_back("sources", s.empty() ? "none" : fmt::format("{}", fmt::join(s, ", ")));
  a.emplace_back("list", fmt::format("{} {}", fmt::join(s, " + "), s.size() == 2 ? "are both" : "are all"));
  const std::string key = p.key_vars.empty() ? std::string() : std::string(p.key_vars.front());
  a.emplace_back("leak", f.api_key == Seen::fail
                             ? fmt::format(" ({} in the agent is a leak of its own: see {})", key, id::env_api_key)
                             : std::string());
  a.emplace_back("status", f.forward_status ? std::to_string(*f.forward_status) : std::string("?"));
  a.emplace_back("error_type", f.forward_error_type);
  a.emplace_back("tunnel", f.tunnel_summary);
  a.emplace_back("upstream_origin_why", f.upstream_origin_why);
  a.emplace_back("origin_unseen",
                 f.upstream_origin_unseen
                     ? fmt::format(": the logs show HTTP {} but not who produced it ({})",
                                   f.forward_status ? std::to_string(*f.forward_status) : std::string("?"),
                                   f.upstream_origin_why)
                     : std::string());
  const auto joined = [&](auto member, std::string_view sep) {
    return f.captured ? fmt::format("{}", fmt::join((*f.captured).*member, sep)) : std::string();
  };
  a.emplace_back("captured_first", f.captured && !f.captured->first_credentials.empty()
                                       ? joined(&CapturedFacts::first_credentials, " + ")
                                       : std::string("no credential header"));
  a.emplace_back("captured_schemes", joined(&CapturedFacts::auth_schemes, ", "));
  a.emplace_back("captured_requests", joined(&CapturedFacts::requests, ", "));
  a.emplace_back("captured_versions", joined(&CapturedFacts::versions, ", "));
  a.emplace_back("captured_unserved", joined(&CapturedFacts::unserved, ", "));
  a.emplace_back("api_path", std::string(p.zero_token_probe.path));
  a.emplace_back("stream_fault", f.stream_fault.value_or(""));
  a.emplace_back("probe_client", f.client ? f.client->client : std::string());
  a.emplace_back("client_request", f.client ? f.client->request : std::string());
  a.emplace_back("client_answer", f.client ? f.client->answer : std::string());
  a.emplace_back("client_element", f.client && f.client->element ? *f.client->element : std::string());
  a.emplace_back("client_element_name", f.client ? f.client->element_name : std::string());
  a.emplace_back("client_unconfirmed", f.client && f.client->unconfirmed ? *f.client->unconfirmed : std::string());
  a.emplace_back("client_unconfirmed_why", f.client ? f.client->unconfirmed_why : std::string());
  a.emplace_back("stream_summary", f.stream_summary);
  a.emplace_back("stream_busy", f.stream_busy);
  a.emplace_back("stream_status", f.stream_status ? std::to_string(*f.stream_status) : std::string("?"));
  a.emplace_back("own_tunnel", f.squid_connect == Seen::pass
                                   ? ", while the tool's own tunnel through the same Squid works"
                               : f.tunnel_from_log && f.sidecar_tunnel == Seen::skipped
                                   ? "; Squid's log shows no CONNECT from the sidecar at all (a TCP_TUNNEL/200 would "
                                     "prove a CONNECT, never what happened inside TLS)"
                                   : "");
  return a;
}

}  // namespace

const std::vector<RuleRow>& rule_table(HypothesisId h) {
  switch (h) {
    case HypothesisId::H1: return kH1;
    case HypothesisId::H2: return kH2;
    case HypothesisId::H3: return kH3;
    case HypothesisId::H4: return kH4;
  }
  return kH1;
}

Decision decide(HypothesisId h, const ChainFacts& f, const Provider& p) {
  const auto& rows = rule_table(h);
  Decision d;
  d.id = h;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].when(f)) continue;
    d.row = i;
    d.verdict = rows[i].verdict;
    d.reason = fill_template(rows[i].reason, reason_args(f, p));
    for (auto e : rows[i].evidence) {
      // From logs, the log checks stand for proxy.forward and squid.sidecar_tunnel (chain_facts.cpp).
      if (!f.present.count(std::string(e)) && e == id::proxy_forward) e = id::log_agent_requests;
      if (!f.present.count(std::string(e)) && e == id::squid_sidecar_tunnel) e = id::log_squid_sidecar_tunnel;
      if (!f.present.count(std::string(e)) && e == id::upstream_auth) e = id::log_upstream_auth;
      if (f.present.count(std::string(e)) &&
          std::find(d.evidence.begin(), d.evidence.end(), std::string(e)) == d.evidence.end())
        d.evidence.emplace_back(e);
    }
    // An errored check has no verdict (docs/hypotheses.md): evidence made only of errored checks
    // supports nothing.
    const bool all_errored = !d.evidence.empty() && std::all_of(d.evidence.begin(), d.evidence.end(), [&](const auto& e) {
      return f.errored.count(e) > 0;
    });
    if (d.verdict == V::supported && all_errored) {
      d.verdict = V::inconclusive;
      d.reason = fmt::format("not judged: {} ended in error, not a verdict ({})", fmt::join(d.evidence, ", "), d.reason);
    }
    return d;
  }
  return d;  // unreachable: every table ends with an `always` row
}

std::string render_markdown(HypothesisId h) {
  std::string out = "| when | verdict |\n|---|---|\n";
  for (const auto& r : rule_table(h)) out += fmt::format("| {} | {} |\n", r.when_doc, to_string(r.verdict));
  return out;
}

}  // namespace awf
