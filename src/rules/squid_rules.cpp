// squid link rules: the sidecar's tunnel (judged from what the sidecar relayed), the tool's own
// CONNECT and TLS through it (check_rules.hpp). Facts: domain.md §4 (https-proxy-agent relays
// Squid's refusal; awf's 502 "Proxy error" for socket errors), §5 (403 TCP_DENIED; 503
// ERR_DNS_FAIL / ERR_CONNECT_FAIL; Squid 5.7 answers 500 ERR_CANNOT_FORWARD when DNS fails).
#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "core/ascii.hpp"
#include "rules/check_rules.hpp"

namespace awf {
namespace {

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

/// Words in the sidecar's 502 message that put the failure at its tunnel through Squid.
constexpr std::array<std::string_view, 5> kTunnelWords = {"connect", "tunnel", "proxy", "squid", "econnrefused"};

/// Words in the sidecar's 502 message that name a certificate check (Node's messages: "unable to verify
/// the first certificate", "self-signed certificate in certificate chain", UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
/// CERT_HAS_EXPIRED, "Hostname/IP does not match certificate's altnames").
constexpr std::array<std::string_view, 5> kCertWords = {"certificate", "self-signed", "self signed", "cert_",
                                                        "issuer"};

}  // namespace

FaultId squid_refusal_fault(int status, const std::string& squid_error, bool sidecar) {
  if (status == 407) return FaultId::squid_proxy_auth_required;
  if (status == 403) return sidecar ? FaultId::squid_denied_sidecar : FaultId::squid_connect_refused;
  if (contains(squid_error, "ERR_DNS_FAIL") || contains(squid_error, "ERR_CANNOT_FORWARD")) return FaultId::squid_dns_fail;
  if (contains(squid_error, "ERR_CONNECT_FAIL") || status == 503) return FaultId::squid_upstream_connect_fail;
  return sidecar ? FaultId::squid_refused_sidecar : FaultId::squid_connect_refused;
}

bool names_certificate(const std::string& proxy_message) {
  const std::string m = ascii_lower(proxy_message);
  return std::any_of(kCertWords.begin(), kCertWords.end(), [&](std::string_view w) { return contains(m, w); });
}

bool names_tunnel(const std::string& proxy_message) {
  std::string m = proxy_message;
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kTunnelWords.begin(), kTunnelWords.end(), [&](std::string_view w) { return contains(m, w); });
}

Outcome judge_sidecar_tunnel(const Exchange& fwd, const Provider& p) {
  const int status = fwd.http_status.value_or(0);
  const std::string& err = fwd.squid_error;
  if (fwd.origin == Origin::provider)
    return {Status::pass, std::nullopt,
            fmt::format("the sidecar's CONNECT through Squid came up: {} answered its request ({})", p.display, status),
            ""};
  if (fwd.origin == Origin::squid) {
    const FaultId f = squid_refusal_fault(status, err, true);
    std::string summary =
        status == 403
            ? fmt::format("Squid refused the sidecar's CONNECT with 403 {} (domain allow-list): the request never left "
                          "through Squid",
                          err.empty() ? "TCP_DENIED" : err)
            : fmt::format("Squid answered the sidecar's CONNECT with {}{}: no tunnel to the upstream", status,
                          err.empty() ? "" : " " + err);
    return {Status::fail, f, std::move(summary), hint(f, p)};
  }
  if (fwd.origin == Origin::api_proxy && status == 502) {
    // Any 502 of the sidecar's own fails: it answered instead of the upstream (issue 5, pt 4).
    if (names_certificate(fwd.error_message))
      return {Status::fail, FaultId::sidecar_upstream_cert_untrusted,
              fmt::format("the sidecar does not trust the certificate it got through the tunnel: 502 Proxy error: {}",
                          fwd.error_message),
              hint(FaultId::sidecar_upstream_cert_untrusted, p)};
    if (names_tunnel(fwd.error_message))
      return {Status::fail, FaultId::squid_tunnel_failed,
              fmt::format("the sidecar could not open its tunnel through Squid: 502 Proxy error: {}", fwd.error_message),
              hint(FaultId::squid_tunnel_failed, p)};
    return {Status::fail, FaultId::sidecar_upstream_socket_error,
            fmt::format("the sidecar's request to the upstream failed (502 Proxy error: {})", fwd.error_message),
            hint(FaultId::sidecar_upstream_socket_error, p)};
  }
  return {Status::warn, std::nullopt,
          fmt::format("cannot tell whether the sidecar's tunnel came up (answer produced by {})",
                      fwd.origin == Origin::none ? "none" : fwd.origin == Origin::unknown ? "unknown" : "api-proxy"),
          hint(HintId::tunnel_unknown, p)};
}

Outcome judge_tool_connect(const Exchange& e, const std::string& target, const std::string& squid_url,
                           long long limit_ms, const Provider& p) {
  if (auto o = judge_protocol_failure(e, Hop::upstream, fmt::format("CONNECT {} through {}", target, squid_url), p))
    return *o;
  const int code = e.connect_status.value_or(0);
  const std::string& err = e.squid_error;
  if (code == 200)
    return {Status::pass, std::nullopt,
            fmt::format("CONNECT {} through {}: 200, tunnel established", target, squid_url), ""};
  if (code == 403 && !e.connect_by_squid)  // no Server: squid, no X-Squid-Error: not Squid's page (domain.md §5)
    return {Status::warn, std::nullopt,
            fmt::format("the proxy at {} refused the tool's own CONNECT {} with 403, without Squid's marks (no "
                        "`Server: squid`, no `X-Squid-Error`): a proxy that is not Squid, or one that hides them, "
                        "refused it; no tunnel",
                        squid_url, target),
            hint(HintId::tool_connect_denied, p)};
  if (code == 403)
    return {Status::warn, std::nullopt,
            fmt::format("Squid refused the tool's own CONNECT {} with 403 {}: expected where the tool runs in the agent "
                        "(since awf v0.27.2 only the api-proxy is exempt from the allow-list); no tunnel",
                        target, err.empty() ? "TCP_DENIED" : err),
            hint(HintId::tool_connect_denied, p)};
  if (code > 0) {
    const FaultId f = squid_refusal_fault(code, err, false);
    return {Status::fail, f,
            fmt::format("Squid answered CONNECT {} with {}{}: no tunnel to the upstream", target, code,
                        err.empty() ? "" : " " + err),
            hint(f, p)};
  }
  if (e.transport == Transport::timeout && e.timing_ms.count("connect"))
    return {Status::fail, FaultId::squid_connect_timeout,
            fmt::format("Squid at {} accepted the connection but did not answer CONNECT {} within {} ms", squid_url,
                        target, limit_ms),
            hint(FaultId::squid_connect_timeout, p)};
  return {Status::fail, FaultId::squid_unreachable,
          fmt::format("cannot reach Squid at {}: {}", squid_url, describe(e.transport)),
          hint(FaultId::squid_unreachable, p)};
}

Outcome judge_tunnel_tls(const Exchange& e, const std::string& target, const std::string& message,
                         const Provider& p) {
  if (e.transport == Transport::none)
    return {Status::pass, std::nullopt,
            fmt::format("TLS handshake with {} through the tunnel succeeded (certificate verified)", target), ""};
  if (auto o = judge_protocol_failure(e, Hop::upstream, fmt::format("TLS with {} through Squid", target), p)) return *o;
  const FaultId f = e.transport == Transport::tls ? FaultId::squid_tls_failed : FaultId::squid_tunnel_dropped;
  return {Status::fail, f,
          fmt::format("TLS with {} through Squid failed: {}", target, message.empty() ? describe(e.transport) : message),
          hint(f, p)};
}

}  // namespace awf
