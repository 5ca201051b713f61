// Protocol failures named for what they are (issue 6 pt 5; check_rules.hpp judge_protocol_failure):
// one table for every probe that talks HTTP. The transport class comes from net/observe (libcurl's
// code and message, net/transport_error.cpp); here only the decision: which fault, on which hop.
// Facts: RFC 9112 §4 (status line), RFC 9110 §9.3.6 (CONNECT) and §15.5.8 (407), RFC 8446 (a TLS
// record is not HTTP and the reverse).
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "net/http.hpp"
#include "rules/check_rules.hpp"

namespace awf {
namespace {

std::string detail(const Exchange& e) {
  return e.transport_detail.empty() ? std::string() : fmt::format(" ({})", e.transport_detail);
}

Outcome named(FaultId f, std::string summary, const Provider& p, const HintArgs& args = {}) {
  return {Status::fail, f, std::move(summary), hint(f, p, args)};
}

const char* flag_of(Hop hop) { return hop == Hop::base_url ? "--base-url / ANTHROPIC_BASE_URL" : "--upstream"; }

}  // namespace

std::optional<Outcome> judge_protocol_failure(const Exchange& e, Hop hop, const std::string& what, const Provider& p) {
  const bool base = hop == Hop::base_url;
  switch (e.transport) {
    case Transport::proxy_auth_required:
      return named(FaultId::squid_proxy_auth_required,
                   fmt::format("{}: the proxy answered CONNECT with 407 Proxy Authentication Required: proxy "
                               "credentials required{}",
                               what, detail(e)),
                   p);
    case Transport::proxy_not_http:
      return named(FaultId::squid_not_http_proxy,
                   fmt::format("{}: not an HTTP proxy: the answer to CONNECT has no HTTP status line{}", what,
                               detail(e)),
                   p);
    case Transport::tunnel_closed_before_tls:
      return named(FaultId::squid_tunnel_dropped,
                   fmt::format("{}: the tunnel closed before TLS: the proxy answered CONNECT {}, then the connection "
                               "ended before the TLS handshake finished (no certificate seen: not ssl-bump){}",
                               what, e.connect_status.value_or(200), detail(e)),
                   p);
    case Transport::not_http:
      return named(base ? FaultId::proxy_not_http : FaultId::upstream_not_http,
                   fmt::format("{}: not an HTTP server at {}: the port accepts connections but its answer has no "
                               "HTTP status line{}",
                               what, base ? "the base URL" : "the upstream address", detail(e)),
                   p);
    case Transport::scheme_mismatch_tls_to_plain:
      if (!base && e.connect_with_content)  // the bytes came from the server at --squid (new-user test F17)
        return named(FaultId::squid_not_http_proxy,
                     fmt::format("{}: not a forward proxy: the server at --squid answered CONNECT {} with content, "
                                 "which a proxy never sends (RFC 9110 §9.3.6), and TLS then read that content{}; "
                                 "the bytes came from --squid, not from --upstream",
                                 what, e.connect_status.value_or(200), detail(e)),
                     p);
      return named(base ? FaultId::proxy_scheme_mismatch : FaultId::upstream_scheme_mismatch,
                   fmt::format("{}: scheme mismatch: https:// to a port that answers plain HTTP, not TLS{}; change "
                               "the scheme of {} to http://",
                               what, detail(e), flag_of(hop)),
                   p, {{"scheme", "http"}, {"speaks", "plain HTTP, not TLS"}});
    case Transport::scheme_mismatch_plain_to_tls:
      if (e.http_status)  // Go net/http's own answer to plain HTTP on its TLS port (net/http.hpp)
        return named(base ? FaultId::proxy_scheme_mismatch : FaultId::upstream_scheme_mismatch,
                     fmt::format("{}: scheme mismatch: http:// to a port that speaks TLS (it answered {} \"{}\", Go "
                                 "net/http's answer to plain HTTP on a TLS port); change the scheme of {} to https://",
                                 what, *e.http_status, kGoPlainToTlsBody, flag_of(hop)),
                     p, {{"scheme", "https"}, {"speaks", "TLS"}});
      return named(base ? FaultId::proxy_scheme_mismatch : FaultId::upstream_scheme_mismatch,
                   fmt::format("{}: scheme mismatch: http:// to a port that speaks TLS (the request got no HTTP answer"
                               "{} and a TLS handshake with the same port completes); change the scheme of {} to "
                               "https://",
                               what, detail(e), flag_of(hop)),
                   p, {{"scheme", "https"}, {"speaks", "TLS"}});
    case Transport::tls:  // at the base URL only; through Squid, squid.tls names it (squid-tls-failed)
      if (!base) return std::nullopt;
      return named(FaultId::proxy_tls_failed,
                   fmt::format("{}: the TLS handshake with the base URL failed{}: the port accepted the connection "
                               "but no TLS session came up, so no request was sent (not \"never answers\")",
                               what, detail(e)),
                   p);
    default: return std::nullopt;
  }
}

}  // namespace awf
