// Client rules (rules/client_rules.hpp).
#include "rules/client_rules.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/answer_400.hpp"

namespace awf {
namespace {

HintArgs args(const ClientProbeFacts& f) {
  return {{"element", f.element.value_or("more than one element together")}, {"client", f.client}};
}

Outcome fail(FaultId id, std::string summary, const ClientProbeFacts& f, const Provider& p, HintArgs extra = {}) {
  HintArgs a = std::move(extra);
  for (auto& kv : args(f)) a.push_back(std::move(kv));
  return {Status::fail, id, std::move(summary), hint(id, p, a)};
}

std::string refused_words(const ClientProbeFacts& f) {
  if (f.element)
    return fmt::format("refused because of {}: the same request without it is accepted ({} requests)", *f.element,
                       f.requests);
  return fmt::format("refused, and no single element's removal makes it accepted{} ({} requests)",
                     f.exhausted ? " within the bisection's bound" : "", f.requests);
}

}  // namespace

bool accepted_by_provider(const Exchange& e, const Provider& p) {
  if (e.origin != Origin::provider || !e.http_status) return false;
  if (*e.http_status >= 200 && *e.http_status < 300) return true;
  const ProbeRequest& z = p.zero_token_probe;
  return z.accepted_status != 0 && *e.http_status == z.accepted_status && e.error_type == z.accepted_error_type &&
         read_400(e.error_type, e.error_message).kind == Complaint400::empty_body;
}

std::string answer_phrase(const Exchange& e, const Provider& p) {
  if (!e.http_status) return fmt::format("no HTTP answer ({})", describe(e.transport));
  std::string out = fmt::format("{}{} from {}", *e.http_status, e.error_type.empty() ? "" : " " + e.error_type,
                                to_string(e.origin, p));
  if (!e.error_message.empty()) out += ": " + e.error_message;
  return out;
}

Outcome judge_client_relay(const Exchange& e, const ClientProbeFacts& f, const Provider& p) {
  if (auto o = judge_protocol_failure(e, Hop::base_url, fmt::format("{}'s own request ({})", f.client, f.request), p))
    return *o;
  if (f.accepted)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s own request ({}) is accepted through the chain like the minimal one", f.client, f.request),
            ""};
  if (f.element_kind == kBetaAddedByHop)
    return fail(FaultId::proxy_beta_value_added,
                fmt::format("{}'s own request ({}) gets {}: it names the anthropic-beta value `{}`, which the client "
                            "never sent, so a hop on the way added it; not bisected",
                            f.client, f.request, f.answer, f.element_name),
                f, p, {{"element", f.element_name}});
  if (f.element_kind == kModelRefused)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s own request ({}) gets {}: {} refuses the model `{}`, not what the hops did (see "
                        "upstream.client_request); not bisected",
                        f.client, f.request, f.answer, to_string(e.origin, p), f.element_name),
            ""};
  if (f.unconfirmed)
    return {Status::warn, std::nullopt,
            fmt::format("inconclusive: {}'s own request ({}) got {}; one step without {} was accepted, but {} ({} "
                        "requests, steps in evidence): nothing is named",
                        f.client, f.request, f.answer, *f.unconfirmed, f.unconfirmed_why, f.requests),
            ""};
  if (f.element_kind == kAddedByHop)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s own request ({}) gets {}: it names `{}`, which the client never sent, so a hop added it "
                        "(judged by proxy.stream); not bisected",
                        f.client, f.request, f.answer, f.element_name),
            ""};
  if (!f.element && f.requests <= 1 && f.minimal_accepted == false)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s own request ({}) gets {}, as the minimal one does: not bisected, the answer is about the "
                        "chain, not what the client sends",
                        f.client, f.request, f.answer),
            ""};
  if (!f.element && f.requests <= 1)
    return {Status::warn, std::nullopt,
            fmt::format("{}'s own request ({}) gets {} while the minimal one is accepted; not bisected (not a 4xx "
                        "about the request)",
                        f.client, f.request, f.answer),
            ""};
  if (!f.element && !f.minimal_accepted)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s own request ({}) is refused like the minimal one ({}): what the client sends makes no "
                        "difference here",
                        f.client, f.request, f.answer),
            ""};
  if (e.origin == Origin::provider)
    return {Status::pass, std::nullopt,
            fmt::format("the api-proxy relays {}'s own request ({}); {} answered it (see upstream.client_request)",
                        f.client, f.request, p.display),
            ""};
  const std::string what = fmt::format("{}'s own request ({}) gets {}: {}", f.client, f.request, f.answer, refused_words(f));
  if (f.element_kind == "header" && f.element_name == "authorization" && f.also_x_api_key &&
      e.http_status && (*e.http_status == 401 || *e.http_status == 403))
    return fail(FaultId::gateway_auth_header_precedence,
                what + "; the hop authenticates with Authorization although x-api-key holds the client's key", f, p);
  return fail(FaultId::proxy_client_element_refused, what, f, p);
}

Outcome judge_client_upstream(const Exchange& e, const ClientProbeFacts& f, const Provider& p) {
  if (f.accepted) return {Status::pass, std::nullopt, fmt::format("{} accepts {}'s own request", p.display, f.client), ""};
  if (f.element_kind == kModelRefused && e.origin == Origin::provider)
    return fail(FaultId::upstream_model_rejected,
                fmt::format("{} refuses {}'s own request ({}) with {}: the model `{}` is not available on this route "
                            "(request-id {}); not the client's headers",
                            p.display, f.client, f.request, f.answer, f.element_name,
                            e.request_id.empty() ? "absent" : e.request_id),
                f, p);
  if (e.origin != Origin::provider || f.element_kind == kAddedByHop || f.element_kind == kBetaAddedByHop ||
      f.unconfirmed || (!f.element && !f.minimal_accepted))
    return {Status::skip, std::nullopt,
            "not judged: the client's request was not refused by the provider for what it sends (see "
            "proxy.client_request)",
            ""};
  const std::string what =
      fmt::format("{} refuses {}'s own request ({}) with {}: {}", p.display, f.client, f.request, f.answer, refused_words(f));
  if (f.element_name == "anthropic-beta")
    return fail(FaultId::upstream_beta_header_rejected, what, f, p);
  if (f.element_kind == "path")
    return {Status::pass, std::nullopt,
            fmt::format("{} serves its own path through this chain and refuses {}'s ({}): the path is the client's "
                        "configuration, judged by env.client_path",
                        p.display, f.client, f.answer),
            ""};
  return fail(FaultId::upstream_client_element_refused, what, f, p);
}

Outcome judge_client_path(const ClientProbeFacts& f, const Provider& p) {
  if (f.element_kind != "path" || !f.element)
    return {Status::pass, std::nullopt,
            fmt::format("{}'s request path is served through this chain (the bisection named no path)", f.client), ""};
  return fail(FaultId::env_client_protocol_mismatch,
              fmt::format("{} is configured to send {}, and the chain refuses it on that path ({}) while it accepts "
                          "the same request on {}'s own path: the client's configuration (API type or base URL "
                          "path) does not match the route, not the chain",
                          f.client, f.request, f.answer, p.display),
              f, p);
}

}  // namespace awf
