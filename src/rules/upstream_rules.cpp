// upstream link rules (check_rules.hpp). Facts: domain.md §6 (error shape, request id; the
// zero-token probe: 400 invalid_request_error = key accepted, 401 = rejected), §10.
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/check_rules.hpp"

namespace awf {

Outcome judge_upstream_reachable(const Exchange& e, const Provider& p) {
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

Outcome judge_upstream_auth(const Exchange& fwd, const Provider& p) {
  const int status = fwd.http_status.value_or(0);
  const std::string& type = fwd.error_type;
  if (status >= 200 && status < 300)
    return {Status::pass, std::nullopt, fmt::format("{} accepted the injected key ({})", p.display, status), ""};
  const ProbeRequest& z = p.zero_token_probe;
  if (z.accepted_status != 0 && status == z.accepted_status && type == z.accepted_error_type)
    return {Status::pass, std::nullopt,
            fmt::format("{} accepted the key the api-proxy injected: {} {} for the empty body (auth is checked before "
                        "the body)",
                        p.display, status, type),
            ""};
  if (status == 401 || status == 403)
    return {Status::fail, FaultId::upstream_key_rejected,
            fmt::format("{} rejected the key the api-proxy injected: {} {} ({}), request-id {}", p.display, status, type,
                        fwd.error_message, fwd.request_id.empty() ? "absent" : fwd.request_id),
            hint(FaultId::upstream_key_rejected, p)};
  if (status == 429 || status == 529)
    return {Status::warn, std::nullopt,
            fmt::format("{} answered {} {}: the key works but the account is rate limited or the API overloaded",
                        p.display, status, type),
            hint(HintId::upstream_rate_limited, p)};
  const FaultId f = status == 404 ? FaultId::upstream_path_not_found : FaultId::upstream_error;
  return {Status::fail, f, fmt::format("{} answered {} {}: {}", p.display, status, type, fwd.error_message), hint(f, p)};
}

}  // namespace awf
