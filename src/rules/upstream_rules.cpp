// upstream link rules (check_rules.hpp). Facts: domain.md §6 (error shape, request id; the
// zero-token probe: only the empty-body 400 = key accepted (decisions.md 14), 401 = rejected), §10.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/answer_400.hpp"
#include "rules/check_rules.hpp"

namespace awf {

Outcome judge_upstream_reachable(const Exchange& e, const Provider& p) {
  if (auto o = judge_protocol_failure(e, Hop::upstream, fmt::format("GET {} through Squid", p.models_probe.path), p))
    return *o;
  if (e.complete && e.origin == Origin::provider)
    return {Status::pass, std::nullopt,
            fmt::format("GET {} without a key through Squid: {} {} from {} ({})", p.models_probe.path,
                        e.http_status.value_or(0), e.error_type, p.display, e.origin_why),
            ""};
  std::string summary =
      e.complete ? fmt::format("GET {} through Squid: HTTP {} answered by {} ({}), not {}", p.models_probe.path,
                               e.http_status.value_or(0), to_string(e.origin, p), e.origin_why, p.display)
                 : fmt::format("GET {} through Squid: no HTTP response ({})", p.models_probe.path, describe(e.transport));
  return {Status::fail, FaultId::upstream_not_provider, std::move(summary), hint(FaultId::upstream_not_provider, p)};
}

namespace {

std::optional<FaultId> complaint_fault(Complaint400 k) {
  switch (k) {
    case Complaint400::beta_value: return FaultId::upstream_beta_header_rejected;
    case Complaint400::parameter: return FaultId::upstream_parameter_rejected;
    case Complaint400::model: return FaultId::upstream_model_rejected;
    case Complaint400::path: return FaultId::upstream_path_rejected;
    case Complaint400::credit: return FaultId::upstream_credit_exhausted;
    case Complaint400::empty_body:
    case Complaint400::other: break;
  }
  return std::nullopt;
}

/// ` "message"`, or "" when there is none.
std::string quoted(const std::string& message) {
  return message.empty() ? std::string() : fmt::format(" \"{}\"", message);
}

}  // namespace

std::optional<std::string> hop_added_beta(const Exchange& e) {
  if (e.http_status != 400 || !e.sent_betas_known) return std::nullopt;
  return beta_value_not_sent(e.error_type, e.error_message, e.sent_betas);
}

std::string non_provider_origin(const Exchange& e) {
  switch (e.origin) {
    case Origin::squid: return "Squid";
    case Origin::api_proxy: return "the hop at the base URL (its own error shape)";
    case Origin::none: return "no one (no HTTP response)";
    case Origin::provider:
    case Origin::unknown: break;
  }
  return "a hop on the way (origin unknown)";
}

Outcome judge_answer_not_from_provider(const Exchange& e, const std::string& what, const Provider& p) {
  const bool unknown = e.origin == Origin::unknown;
  return {Status::error, std::nullopt,
          fmt::format("not judged on the upstream link: {} came from {}, not from {}: {}{}", what,
                      non_provider_origin(e), p.display, e.origin_why.empty() ? "no origin evidence" : e.origin_why,
                      unknown ? fmt::format("; every {} answer carries {}, so this one does not show the request "
                                            "reached {}",
                                            p.display, p.errors.request_id_header, p.display)
                              : ""),
          unknown ? fmt::format("A hop answered instead of {}: the first that could have is the one at the base URL "
                                "(proxy.forward, proxy.stream judge it). Compare with {} directly (`awf-diag probe "
                                "upstream`).",
                                p.display, p.display)
                  : ""};
}

Outcome judge_provider_busy(const Exchange& e, const Provider& p) {
  const std::string answer =
      e.http_status ? fmt::format("HTTP {} {}", *e.http_status, e.error_type)
                    : fmt::format("an `event: error` {} after HTTP 200", e.error_type);
  if (e.origin != Origin::provider)
    return judge_answer_not_from_provider(
        e, fmt::format("{}{} (request-id absent)", answer, quoted(e.error_message)), p);
  return {Status::warn, std::nullopt,
          fmt::format("{} is busy: it answered {}{} (request-id {}): the route and the credential got the request "
                      "to {}, which asks to retry later; no link is broken",
                      p.display, answer, e.error_message.empty() ? "" : " \"" + e.error_message + "\"",
                      e.request_id.empty() ? "absent" : e.request_id, p.display),
          hint(HintId::upstream_rate_limited, p)};
}

Outcome judge_answer_400(const Exchange& e, const Provider& p) {
  const Read400 r = read_400(e.error_type, e.error_message);
  const std::string who = to_string(e.origin, p);
  if (const auto added = hop_added_beta(e))  // judged where the hop is (proxy.client_request, proxy.stream)
    return {Status::warn, std::nullopt,
            fmt::format("400 {} from {} names the anthropic-beta value `{}`, which this request never carried "
                        "(sent: {}): a hop on the way added it (proxy-beta-value-added); the key is not judged",
                        e.error_type, who, *added,
                        e.sent_betas.empty() ? std::string("no anthropic-beta header") : fmt::format("{}", fmt::join(e.sent_betas, ","))),
            hint(FaultId::proxy_beta_value_added, p, {{"element", *added}})};
  if (r.kind == Complaint400::empty_body)
    return {Status::pass, std::nullopt,
            fmt::format("{} accepted the key the api-proxy injected: 400 {} \"{}\" is the empty-body complaint (a "
                        "missing required field, {}; auth is checked before the body)",
                        who, e.error_type, e.error_message, r.named),
            ""};
  if (const auto f = complaint_fault(r.kind))
    return {Status::fail, f,
            fmt::format("400 {} from {} names the {}{}: \"{}\", request-id {}; this is not the empty-body complaint, "
                        "so it says nothing about the key",
                        e.error_type, who, to_string(r.kind), r.named.empty() ? "" : fmt::format(" `{}`", r.named),
                        e.error_message, e.request_id.empty() ? "absent" : e.request_id),
            hint(*f, p)};
  return {Status::warn, std::nullopt,
          fmt::format("400 {} from {}: \"{}\" is not the empty-body complaint (a missing model, messages or "
                      "max_tokens), so it does not show the key was accepted",
                      e.error_type, who, e.error_message),
          ""};
}

Outcome judge_upstream_auth(const Exchange& fwd, const Provider& p) {
  const int status = fwd.http_status.value_or(0);
  const std::string& type = fwd.error_type;
  const ProbeRequest& z = p.zero_token_probe;
  // An error answer the provider did not produce (no request-id) says nothing about the provider,
  // the key or the path: the hop that answered is judged on the proxy link (new-user test 13 F5).
  if (fwd.complete && fwd.http_status && fwd.origin != Origin::provider && (status < 200 || status >= 300) &&
      !hop_added_beta(fwd))
    return judge_answer_not_from_provider(
        fwd,
        fmt::format("HTTP {}{}{}", status, type.empty() ? std::string() : fmt::format(" {}", type),
                    quoted(fwd.error_message)),
        p);
  // A rejection-only request (docs/providers.md: no answer of this provider is known to show a key
  // accepted): a 401/403 still names the rejection; anything else is inconclusive, never a pass.
  const bool rejection_only = z.accepted_status == 0 && !z.path.empty();
  if (rejection_only && status != 401 && status != 403)
    return {Status::error, std::nullopt,
            fmt::format("inconclusive: {} answered {} {}; the provider table knows no answer of {} that shows a key "
                        "accepted (only its rejections are recognised; docs/providers.md)",
                        p.display, status, type, p.display),
            ""};
  if (status >= 200 && status < 300)
    return {Status::pass, std::nullopt, fmt::format("{} accepted the injected key ({})", p.display, status), ""};
  if (z.accepted_status != 0 && status == z.accepted_status && type == z.accepted_error_type)
    return judge_answer_400(fwd, p);
  if (status == 401 || status == 403)
    return {Status::fail, FaultId::upstream_key_rejected,
            fmt::format("{} rejected the key the api-proxy injected: {} {} ({}), request-id {}", p.display, status, type,
                        fwd.error_message, fwd.request_id.empty() ? "absent" : fwd.request_id),
            hint(FaultId::upstream_key_rejected, p)};
  if (provider_busy(status, type)) return judge_provider_busy(fwd, p);
  if (const auto model = model_not_found(status, type, fwd.error_message))
    return {Status::fail, FaultId::upstream_model_rejected,
            fmt::format("{} answered {} {} \"{}\" (request-id {}): the model `{}` is unknown on this route, not the "
                        "path",
                        p.display, status, type, fwd.error_message, fwd.request_id.empty() ? "absent" : fwd.request_id,
                        *model),
            hint(FaultId::upstream_model_rejected, p)};
  const FaultId f = status == 404 ? FaultId::upstream_path_not_found : FaultId::upstream_error;
  return {Status::fail, f, fmt::format("{} answered {} {}: {}", p.display, status, type, fwd.error_message), hint(f, p)};
}

}  // namespace awf
