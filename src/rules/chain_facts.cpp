#include "rules/chain_facts.hpp"
#include "rules/client_rules.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/check_ids.hpp"
#include "rules/answer_400.hpp"
#include "rules/stream_rules.hpp"

namespace awf {
namespace {

Seen seen_of(const Check* c) {
  if (!c) return Seen::absent;
  switch (c->status) {
    case Status::pass: return Seen::pass;
    case Status::warn: return Seen::warn;
    case Status::fail: return Seen::fail;
    case Status::error: return Seen::errored;
    case Status::skip: return Seen::skipped;
  }
  return Seen::absent;
}

const Check* find(const std::vector<Check>& checks, std::string_view id) {
  for (const auto& c : checks)
    if (c.id == id) return &c;
  return nullptr;
}

bool accepted(const Exchange& e, const Provider& p) {
  if (e.origin != Origin::provider || !e.http_status) return false;
  if (*e.http_status == 200) return true;
  const ProbeRequest& z = p.zero_token_probe;
  // Only the empty-body complaint says the key was accepted (decisions.md 14, rules/answer_400.hpp).
  return z.accepted_status != 0 && *e.http_status == z.accepted_status && e.error_type == z.accepted_error_type &&
         read_400(e.error_type, e.error_message).kind == Complaint400::empty_body;
}

std::vector<std::string> credential_sources(const std::vector<Check>& checks, const Provider& p) {
  std::vector<std::string> out;
  if (const Check* c = find(checks, check_id::env_auth_token); c && c->obs.credentials)
    out = c->obs.credentials->sources;
  if (const Check* c = find(checks, check_id::env_api_key); c && c->status == Status::fail && !p.key_vars.empty()) {
    std::string key(p.key_vars.front());
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
  }
  if (const Check* c = find(checks, check_id::helper_config); c && c->obs.helper_command)
    out.push_back("apiKeyHelper");
  return out;
}

bool strips(const Provider& p, std::string_view header) {
  return std::find(p.stripped_headers.begin(), p.stripped_headers.end(), header) != p.stripped_headers.end();
}

void stream_facts(const std::vector<Check>& checks, ChainFacts& f) {
  const Check* relay = find(checks, check_id::proxy_stream);
  const Check* up = find(checks, check_id::upstream_stream);
  // capture --forward (capture/capture_checks.hpp): the stream as the agent received it stands for
  // both hops' checks when no live stream probe ran; it already holds what each hop did.
  const bool captured = !relay && !up && (relay = find(checks, check_id::capture_stream)) != nullptr;
  f.stream = seen_of(relay);
  f.stream_upstream = captured ? f.stream : seen_of(up);
  if (!relay) return;
  f.stream_not_spent = relay->status == Status::skip && relay->skip_reason.rfind(kNoSpendSkip, 0) == 0;
  if (relay->obs.exchange) f.stream_status = relay->obs.exchange->http_status;
  const bool relay_failed = relay->status == Status::fail;
  const bool up_failed = up && up->status == Status::fail;
  // Only a check that failed names a fault: a finding of a stream that errored (the tool stopped
  // reading it) supports nothing.
  if (relay->obs.stream && (relay_failed || up_failed)) f.stream_fault = stream_fault_name(*relay->obs.stream);
  if (relay->fault == FaultId::proxy_request_body_altered)
    f.stream_fault = "with a 400 for a parameter the api-proxy added to the streaming request";
  // Busy only on the provider's own answer (its request-id): a hop's capacity answer is not the provider's.
  const bool relay_from_provider = relay->obs.exchange && relay->obs.exchange->origin == Origin::provider;
  if (relay_from_provider && provider_busy(relay->obs.exchange->http_status, ""))
    f.stream_busy = fmt::format("HTTP {} {}", *relay->obs.exchange->http_status, relay->obs.exchange->error_type);
  else if (relay_from_provider && relay->obs.stream && relay->obs.stream->has(sse::FindingKind::error_event) &&
           provider_busy(std::nullopt, relay->obs.stream->error_type.value_or("")))
    f.stream_busy = "an `event: error` " + *relay->obs.stream->error_type + " after HTTP 200";
  const bool no_response = relay_failed && relay->obs.exchange && !relay->obs.exchange->http_status;
  f.stream_unjudged = !f.stream_fault && (relay->status == Status::error || (up && up->status == Status::error) ||
                                          no_response || (relay->fault == FaultId::proxy_no_response) ||
                                          (relay->fault == FaultId::proxy_unrecognised_answer));
  f.stream_after_stop = relay->status == Status::warn && relay->fault == FaultId::proxy_stream_after_stop &&
                        (captured || (up && up->status == Status::pass));
  f.stream_idle = up && up->status == Status::warn && up->fault == FaultId::upstream_stream_idle;
  f.stream_pacing_unjudged = relay->obs.stream && relay->obs.stream->events >= 2 &&
                             relay->obs.stream->buffering == sse::Buffering::not_judged;
  const bool relay_first = relay->status != Status::pass || !up;
  f.stream_summary = relay_first ? relay->summary : up->summary;
}

}  // namespace

bool ChainFacts::captured_both() const {
  return captured && std::find(captured->auth_schemes.begin(), captured->auth_schemes.end(), "both") !=
                         captured->auth_schemes.end();
}

bool ChainFacts::client_hop_added() const {
  return client && (client->element_kind == kAddedByHop || client->element_kind == kBetaAddedByHop);
}

bool ChainFacts::client_model_refused() const { return client && client->element_kind == kModelRefused; }

ChainFacts derive_facts(const std::vector<Check>& checks, const Provider& p) {
  ChainFacts f;
  for (const auto& c : checks) {
    f.present.insert(c.id);
    if (c.status == Status::error) f.errored.insert(c.id);
    if (c.link == Link::helper && c.status == Status::fail) f.helper_failed = true;
  }
  if (const Check* c = find(checks, check_id::env_base_url)) f.base_url_fault = c->fault;
  f.tcp = seen_of(find(checks, check_id::proxy_tcp));
  // Log evidence (logs/log_checks.hpp) stands for the live checks it observes when they are absent:
  // what the client saw = the request through the sidecar; the sidecar's CONNECTs = its tunnel.
  const Check* tunnel = find(checks, check_id::squid_sidecar_tunnel);
  if (!tunnel) tunnel = find(checks, check_id::log_squid_sidecar_tunnel);
  f.tunnel_from_log = tunnel && tunnel->id == check_id::log_squid_sidecar_tunnel;
  f.sidecar_tunnel = seen_of(tunnel);
  f.squid_connect = seen_of(find(checks, check_id::squid_connect));
  f.upstream_auth = seen_of(find(checks, check_id::upstream_auth));
  if (const Check* c = find(checks, check_id::log_upstream_auth); c && f.upstream_auth == Seen::absent) {
    // From logs: an error whose producer the logs do not show is no "upstream.auth failed" (H1 would
    // read it as "the credential is wrong"); it counts as a warning and is named as unseen.
    f.upstream_origin_unseen = c->fault == FaultId::upstream_acceptance_unseen;
    f.upstream_auth = f.upstream_origin_unseen ? Seen::warn : seen_of(c);
    if (f.upstream_origin_unseen && c->obs.exchange) f.upstream_origin_why = c->obs.exchange->origin_why;
    if (c->obs.exchange && c->obs.exchange->observer == Role::sidecar && c->obs.exchange->sent.credential_kind == "real")
      f.sidecar_injected = true;
  }
  f.api_key = seen_of(find(checks, check_id::env_api_key));
  if (tunnel) f.tunnel_summary = tunnel->summary;
  const Check* fwd = find(checks, check_id::proxy_forward);
  if (!fwd) fwd = find(checks, check_id::log_agent_requests);
  f.forward = seen_of(fwd);
  if (const Check* c = find(checks, check_id::log_proxy_requests)) f.forward_errors_logged = c->status == Status::fail;
  if (fwd && fwd->obs.exchange) {
    f.forward_status = fwd->obs.exchange->http_status;
    f.forward_error_type = fwd->obs.exchange->error_type;
    f.forward_accepted = accepted(*fwd->obs.exchange, p);
    f.forward_busy = fwd->obs.exchange->origin == Origin::provider && provider_busy(f.forward_status, "");
  }
  if (const Check* auth = find(checks, check_id::upstream_auth)) f.acceptance_unknown = auth->status == Status::error;
  f.credentials_probed = find(checks, check_id::env_auth_token) || find(checks, check_id::helper_config);
  f.credential_sources = credential_sources(checks, p);
  if (const Check* c = find(checks, check_id::proxy_health); c && c->obs.health) f.sidecar_recognised = c->obs.health->sidecar;
  if (const Check* c = find(checks, check_id::capture_auth); c && c->obs.captured) f.captured = c->obs.captured;
  f.sidecar_strips_both = strips(p, "x-api-key") && strips(p, "authorization");
  f.client_runs_helper = !p.credential_helper.empty();
  stream_facts(checks, f);
  if (const Check* c = find(checks, check_id::proxy_client_request); c && c->obs.client) f.client = c->obs.client;
  return f;
}

}  // namespace awf
