// proxy.client_request / upstream.client_request (probes/client_probe.hpp).
#include "probes/client_probe.hpp"
#include "core/ascii.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/probe_io.hpp"
#include "core/redact.hpp"
#include "observe/http_exchange.hpp"
#include "probes/client_route.hpp"
#include "probes/probe_util.hpp"
#include "rules/answer_400.hpp"
#include "rules/check_rules.hpp"
#include "rules/client_rules.hpp"
#include "rules/stream_rules.hpp"
#include "topology/clients.hpp"

namespace awf {
namespace {

const Provider& route() { return provider(ProviderId::anthropic); }

constexpr long long kRequestLimitMs = 10000;
constexpr long long kMinLeftMs = 300;  ///< no new request with less time than this left

std::string env_value(const ProbeContext& ctx, const char* name) { return ctx.spec.env.get(name).value_or(""); }

const topology::ClientProfile& pick_profile(const ProbeContext& ctx, std::string& origin) {
  if (ctx.spec.client_profile) {
    origin = "--client-profile";
    return *ctx.spec.client_profile;
  }
  if (ctx.spec.client != "auto") {
    origin = "--client";
    return topology::builtin_profile(ctx.spec.client);
  }
  origin = "auto: the Anthropic route's client";
  return topology::builtin_profile("claude-code");
}

topology::CredentialSources configured(const ProbeContext& ctx) {
  topology::CredentialSources s;
  s.auth_token = !env_value(ctx, "ANTHROPIC_AUTH_TOKEN").empty();
  s.api_key = !env_value(ctx, "ANTHROPIC_API_KEY").empty();
  s.oauth_token = !env_value(ctx, "CLAUDE_CODE_OAUTH_TOKEN").empty();
  if (auto it = ctx.done.find(std::string(check_id::helper_config)); it != ctx.done.end())
    s.api_key_helper = it->second.obs.helper_command.has_value();
  return s;
}

/// What the client sends for {{apiKeyHelper}}: outside awf mode the helper's own output (helper.run's
/// route_secret, probes/client_route.hpp); in awf mode, or when the helper printed nothing usable, the
/// placeholder awf's helper prints (the sidecar replaces it either way).
std::string helper_value(const ProbeContext& ctx) {
  if (sends_helper_output(ctx.spec))
    if (auto it = ctx.done.find(std::string(check_id::helper_run)); it != ctx.done.end() && it->second.route_secret)
      return *it->second.route_secret;
  return std::string(current_placeholder(route()));
}

bool subset(const topology::CredentialSources& a, const topology::CredentialSources& b) {
  return (!a.auth_token || b.auth_token) && (!a.api_key || b.api_key) && (!a.api_key_helper || b.api_key_helper) &&
         (!a.oauth_token || b.oauth_token) && (!a.openai_key || b.openai_key) && (!a.copilot_token || b.copilot_token);
}

std::string path_query_url(const ChainSpec& spec, const WireRequest& w) {
  std::string url = join_url(spec.base_url, w.path);
  if (!w.query.empty()) url += "?" + w.query;
  return url;
}

nlohmann::json header_names(const HeaderList& h) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : h) out.push_back(k);
  return out;
}

}  // namespace

WireRequest minimal_wire_request() {
  const Provider& p = route();
  const ProbeRequest& z = p.zero_token_probe;
  HeaderList h;
  h.emplace_back(std::string(p.injected_auth_header), std::string(current_placeholder(p)));
  for (const auto& [name, value] : z.headers) h.emplace_back(std::string(name), std::string(value));
  return wire_request(std::string(z.method), std::string(z.path), std::move(h), std::string(z.body));
}

std::optional<WireRequest> client_wire_request(const ProbeContext& ctx, std::string& client, std::string& why) {
  std::string origin;
  const topology::ClientProfile& prof = pick_profile(ctx, origin);
  client = prof.id + (prof.version.empty() ? "" : " " + prof.version) + (origin == "--client-profile" ? " (--client-profile)" : "");
  if (prof.provider != "anthropic") {
    why = fmt::format("{} speaks to the {} route; this probe covers the Anthropic route", prof.id, prof.provider);
    return std::nullopt;
  }
  const topology::CredentialSources have = configured(ctx);
  const topology::AuthRow* row = nullptr;
  for (const auto& r : prof.auth)
    if (r.when == have) row = &r;
  if (!row)  // a recorded profile may know fewer combinations: the first whose sources are all configured
    for (const auto& r : prof.auth)
      if (!row && subset(r.when, have) && !(r.when == topology::CredentialSources{})) row = &r;
  if (!row) {
    why = fmt::format("the {} profile has no credential headers for the sources configured here", prof.id);
    return std::nullopt;
  }
  topology::SequenceOptions so;
  so.sources = row->when;
  so.proxy_configured = true;  // the HEAD / preconnect is not sent either way
  so.retries_after_401 = 0;
  if (prof.model.empty()) so.model = ctx.spec.stream.model;  // a recorded profile knows no model: --model's
  std::vector<topology::ClientRequest> seq;
  try {
    seq = topology::request_sequence(prof, so);
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
  // In awf mode the sidecar strips the client's credentials and injects the real key, so the probe
  // keeps the client's header names and schemes but sends awf's public placeholder as every value: a
  // real key that leaked into the agent never goes over the wire (docs/security.md; new-user test F2).
  for (const char* name : {"ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"})
    if (const std::string v = env_value(ctx, name); !v.empty()) ctx.secrets.add_derived(v);
  auto credential = [&](const char* name) {
    std::string v = env_value(ctx, name);
    return v.empty() || sends_helper_output(ctx.spec) ? v : std::string(current_placeholder(route()));
  };
  const std::map<std::string, std::string> values = {
      {"ANTHROPIC_AUTH_TOKEN", credential("ANTHROPIC_AUTH_TOKEN")},
      {"ANTHROPIC_API_KEY", credential("ANTHROPIC_API_KEY")},
      {"CLAUDE_CODE_OAUTH_TOKEN", credential("CLAUDE_CODE_OAUTH_TOKEN")},
      {"apiKeyHelper", helper_value(ctx)},
      {"session_id", "00000000-0000-4000-8000-00000000a3f1"},
      {"node_version", "v20.20.2"},
      {"os", "Linux"},
      {"arch", "x64"},
      {"copilot_auth_scheme", "Bearer"}};
  for (const auto& [k, v] : values)
    if (!v.empty() && (k.rfind("ANTHROPIC_", 0) == 0 || k.rfind("CLAUDE_", 0) == 0)) ctx.secrets.add_derived(v);
  for (const auto& r : seq) {
    if (r.role != "first") continue;
    HeaderList h;
    for (const auto& f : r.headers) {
      if (ascii_lower(f.name) == "accept-encoding") continue;
      h.emplace_back(f.name, topology::fill_placeholders(f.value, values));
    }
    return wire_request(r.method, r.path_query, std::move(h), r.body);
  }
  why = "the profile has no API call";
  return std::nullopt;
}

namespace {

struct Reply {
  Exchange e;
  HttpResponse r;
};

Reply send(const ProbeContext& ctx, const WireRequest& w) {
  HttpRequest req;
  req.method = w.method;
  req.url = path_query_url(ctx.spec, w);
  req.headers = w.headers;
  req.body = w.body;
  req.timeout = cap(ctx, kRequestLimitMs);
  Reply s;
  s.r = ctx.io().http(req);
  s.e = observe_http(req, s.r, route());
  s.e.sent.body = "";  // the zero-token body is known, but keep the evidence lean
  return s;
}

Trial trial_of(const Exchange& e) {
  return {accepted_by_provider(e, route()), e.http_status, answer_phrase(e, route())};
}

Check client_relay_check(const ProbeContext& ctx) {
  Check c;
  if (auto skip = skip_when_sidecar_failed(ctx)) return std::move(*skip);
  if (auto skip = skip_unnamed_base_url(ctx.spec, "the client-shaped request")) return std::move(*skip);
  // The body has no max_tokens, which the provider refuses unbilled (domain.md §6); a gateway is no
  // provider and may add its own default and complete the turn, so --no-spend sends nothing there.
  if (ctx.spec.stream.no_spend && ctx.spec.topology.mode == Mode::gateway) {
    c.status = Status::skip;
    c.skip_reason = "not sent (--no-spend): a gateway may complete the client-shaped request, whose body has no "
                    "max_tokens, with a default of its own and bill it; what the client sends is not tested";
    c.summary = "skipped: " + c.skip_reason;
    c.evidence["spent"] = {{"requests", 0}, {"reason", "--no-spend"}};
    return c;
  }
  // The client-shaped probe judges answers by Anthropic's rules (answer_400, Claude Code's retries);
  // on another route it would misread them, so it sends nothing there (docs/topology.md).
  if (const Provider& p = route_of(ctx.spec.topology); p.id != route().id) {
    c.status = Status::skip;
    c.skip_reason = fmt::format("not sent: the client-shaped probe knows the {} route only; this run judges the {} "
                                "route (docs/topology.md)",
                                route().display, p.display);
    c.summary = "skipped: " + c.skip_reason;
    return c;
  }
  std::string client, why;
  const std::optional<WireRequest> wire = client_wire_request(ctx, client, why);
  if (!wire) {
    c.status = Status::skip;
    c.skip_reason = why;
    c.summary = "skipped: " + why;
    if (ctx.spec.client_profile || ctx.spec.client != "auto") {  // the user's choice did not apply (F18)
      ClientProbeFacts f;
      f.client = client;
      f.answer = why;
      f.route_not_covered = true;
      c.obs.client = f;
    }
    return c;
  }
  const WireRequest minimal = minimal_wire_request();
  if (ctx.remaining().count() < kMinLeftMs) return deadline_error(ctx, "the client-shaped request");
  Reply first = send(ctx, *wire);
  if (first.r.error == TransportError::timeout && ctx.remaining().count() == 0)
    return deadline_error(ctx, "the client-shaped request");
  ClientProbeFacts f;
  f.client = client;
  f.request = fmt::format("{} {} ({} headers)", wire->method, wire->path_query(), wire->headers.size());
  f.answered = first.e.http_status.has_value();
  f.accepted = accepted_by_provider(first.e, route());
  f.answer = answer_phrase(first.e, route());
  f.requests = 1;
  for (const auto& [k, v] : wire->headers)
    if (ascii_lower(k) == "x-api-key") f.also_x_api_key = true;
  std::optional<Exchange> minimal_seen;
  if (auto it = ctx.done.find(std::string(check_id::proxy_forward)); it != ctx.done.end() && it->second.obs.exchange)
    minimal_seen = it->second.obs.exchange;
  if (minimal_seen) f.minimal_accepted = accepted_by_provider(*minimal_seen, route());
  // Bisect only a refusal that can be about the request: a 4xx (not Squid's 407), and not the very
  // answer the minimal request got unless the client carries credentials of its own (R29: the
  // placeholder and the client's key are refused alike, for different reasons).
  const bool same_as_minimal = minimal_seen && minimal_seen->http_status == first.e.http_status &&
                               minimal_seen->origin == first.e.origin && minimal_seen->error_type == first.e.error_type &&
                               minimal_seen->error_message == first.e.error_message;
  bool own_credentials = false;
  const std::string placeholder(current_placeholder(route()));
  for (const auto& [k, v] : wire->headers) {
    const std::string n = ascii_lower(k);
    if ((n == "x-api-key" && v != placeholder) || (n == "authorization" && v != "Bearer " + placeholder))
      own_credentials = true;
  }
  {  // a 400 naming a parameter the client never sent: a hop rewrote the body (R18), not the client's doing
    Exchange sent_with_body = first.e;
    sent_with_body.sent.body = wire->body;
    if (auto added = parameter_never_sent(sent_with_body)) {
      f.element_kind = kAddedByHop;
      f.element_name = *added;
    }
  }
  // A 400 that names an element is matched against what was sent (issue 6 pt 3; new-user test F6):
  // a beta value the client never sent was added by a hop; a model named is the model's finding.
  // Neither is bisected: removing elements cannot explain them.
  if (f.element_kind.empty()) {
    if (auto beta = hop_added_beta(first.e)) {
      f.element_kind = kBetaAddedByHop;
      f.element_name = *beta;
    } else if (auto model = model_refused(first.e.http_status, first.e.error_type, first.e.error_message);
               model && first.e.origin == Origin::provider) {
      f.element_kind = kModelRefused;
      f.element_name = *model;
    }
  }
  const int st = first.e.http_status.value_or(0);
  const bool bisectable = st >= 400 && st < 500 && st != 407 && !provider_busy(st, "") && first.e.origin != Origin::squid &&
                          (!same_as_minimal || own_credentials) && f.element_kind.empty();
  c.timing_ms = first.r.timing_ms;
  c.evidence["client"] = client;
  c.evidence["request"] = {{"method", wire->method},
                           {"url", path_query_url(ctx.spec, *wire)},
                           {"headers", header_names(wire->headers)},
                           {"body", wire->body}};
  c.evidence["answer"] = exchange_evidence(first.r, first.e, route());
  c.evidence["accepted"] = f.accepted;
  c.evidence["minimal_accepted"] = f.minimal_accepted;
  if (!f.accepted && f.answered && bisectable) {
    const BisectResult b = bisect(
        minimal, *wire,
        [&](const WireRequest& v) -> std::optional<Trial> {
          if (ctx.remaining().count() < kMinLeftMs) return std::nullopt;
          return trial_of(send(ctx, v).e);
        },
        kClientProbeMaxRequests - 1);
    f.requests += static_cast<int>(b.steps.size());
    f.exhausted = b.exhausted;
    const auto disagrees =
        b.culprit ? bisection_disagrees(first.e.error_type, first.e.error_message, ascii_lower(b.culprit->name),
                                        b.culprit->describe())
                  : std::nullopt;
    if (b.culprit && disagrees) {  // the 400 names something else: nothing is named (new-user test 13 F11)
      f.unconfirmed = b.culprit->describe();
      f.unconfirmed_why = *disagrees;
    } else if (b.culprit) {
      f.element = b.culprit->describe();
      static constexpr const char* kKinds[] = {"header", "header-item", "query", "path", "body"};
      f.element_kind = kKinds[static_cast<int>(b.culprit->kind)];
      f.element_name = ascii_lower(b.culprit->name);
    } else if (b.unconfirmed) {
      f.unconfirmed = b.unconfirmed->describe();
      f.unconfirmed_why = b.unconfirmed_why;
    }
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : b.steps)
      steps.push_back({{"change", s.change}, {"request", s.request}, {"accepted", s.trial.accepted},
                       {"http_status", s.trial.http_status ? nlohmann::json(*s.trial.http_status) : nlohmann::json()},
                       {"answer", s.trial.answer}});
    c.evidence["bisection"] = {{"element", f.element ? nlohmann::json(*f.element) : nlohmann::json()},
                               {"confirmed", b.culprit.has_value() && !disagrees},
                               {"steps", steps},
                               {"exhausted", b.exhausted}};
    if (f.unconfirmed)
      c.evidence["bisection"]["unconfirmed"] = {{"element", *f.unconfirmed}, {"why", f.unconfirmed_why}};
  }
  c.evidence["requests"] = f.requests;
  apply(c, judge_client_relay(first.e, f, route()));
  c.obs.exchange = first.e;
  c.obs.client = f;
  return c;
}

Check client_upstream_check(const ProbeContext& ctx) {
  const Check& relay = ctx.dep(std::string(check_id::proxy_client_request));
  Check c;
  if (!relay.obs.client || relay.obs.client->route_not_covered) {
    c.status = Status::skip;
    c.skip_reason = "proxy.client_request sent nothing";
    c.summary = "skipped: " + c.skip_reason;
    return c;
  }
  const Exchange e = relay.obs.exchange.value_or(Exchange{});
  c.evidence = {{"from_check", check_id::proxy_client_request}, {"http_status", e.http_status.value_or(0)},
                {"answered_by", to_string(e.origin, route())}, {"request_id", e.request_id}};
  if (relay.obs.client->element) c.evidence["element"] = *relay.obs.client->element;
  apply(c, judge_client_upstream(e, *relay.obs.client, route()));
  if (c.status == Status::skip) c.skip_reason = c.summary;
  return c;
}

// env.client_path: no I/O, and no prerequisite (so `probe env` sends nothing); it runs after the
// client-shaped request and reads its facts when that request was sent in this run.
Check client_path_check(const ProbeContext& ctx) {
  Check c;
  auto it = ctx.done.find(std::string(check_id::proxy_client_request));
  if (it == ctx.done.end() || !it->second.obs.client || it->second.obs.client->route_not_covered) {
    c.status = Status::skip;
    c.skip_reason = "not judged: the client-shaped request (proxy.client_request) was not sent in this run";
    c.summary = "skipped: " + c.skip_reason;
    return c;
  }
  const ClientProbeFacts& f = *it->second.obs.client;
  c.evidence = {{"from_check", check_id::proxy_client_request}, {"client", f.client}, {"request", f.request}};
  if (f.element) c.evidence["element"] = *f.element;
  apply(c, judge_client_path(f, route()));
  return c;
}

}  // namespace

std::vector<CheckDef> client_checks() {
  CheckDef relay{std::string(check_id::proxy_client_request), Link::proxy,
                 "the api-proxy takes the request the client really sends",
                 {std::string(check_id::proxy_tcp)}, client_relay_check};
  relay.runs_after_warn = true;
  relay.after = {std::string(check_id::proxy_sidecar_state), std::string(check_id::proxy_forward),
                 std::string(check_id::helper_config)};
  relay.after_if = {{std::string(check_id::helper_run), sends_helper_output}};
  CheckDef up{std::string(check_id::upstream_client_request), Link::upstream,
              "the provider accepts the request the client really sends",
              {std::string(check_id::proxy_client_request)}, client_upstream_check};
  up.runs_after_warn = true;
  CheckDef path{std::string(check_id::env_client_path), Link::env,
                "the client is configured for a path the route serves", {}, client_path_check};
  path.after = {std::string(check_id::proxy_client_request), std::string(check_id::upstream_client_request)};
  return {relay, up, path};
}

}  // namespace awf
