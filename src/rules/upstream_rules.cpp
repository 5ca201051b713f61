// upstream link rules (check_rules.hpp). Facts: domain.md §6 (error shape, request id; the
// zero-token probe: only the empty-body 400 = key accepted (decisions.md 14), 401 = rejected), §10.
#include <fmt/format.h>

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

}  // namespace

Outcome judge_answer_400(const Exchange& e, const Provider& p) {
  const Read400 r = read_400(e.error_type, e.error_message);
  const std::string who = to_string(e.origin, p);
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
  if (status == 429)
    return {Status::warn, std::nullopt,
            fmt::format("{} answered {} {}: the key works (a rate limit is counted per key, after authentication) "
                        "but the account is rate limited",
                        p.display, status, type),
            hint(HintId::upstream_rate_limited, p)};
  if (status == 529)  // an overload is answered before anything about the key is known
    return {Status::error, std::nullopt,
            fmt::format("inconclusive: {} answered {} {}: the API is overloaded, which says nothing about the key; "
                        "run again later",
                        p.display, status, type),
            hint(HintId::upstream_rate_limited, p)};
  const FaultId f = status == 404 ? FaultId::upstream_path_not_found : FaultId::upstream_error;
  return {Status::fail, f, fmt::format("{} answered {} {}: {}", p.display, status, type, fwd.error_message), hint(f, p)};
}

}  // namespace awf
