#include "observe/observation.hpp"

namespace awf {

std::string describe(Transport t) {
  switch (t) {
    case Transport::none: return "none";
    case Transport::refused: return "connection refused";
    case Transport::reset: return "connection reset";
    case Transport::empty_reply: return "empty reply (server closed the connection without an HTTP response)";
    case Transport::timeout: return "timeout";
    case Transport::dns: return "DNS resolution failed";
    case Transport::proxy_connect: return "proxy refused the CONNECT";
    case Transport::tls: return "TLS handshake failed";
    case Transport::no_response: return "no HTTP response";
    case Transport::other: return "transport error";
    case Transport::not_http: return "not an HTTP server (the answer has no HTTP status line)";
    case Transport::scheme_mismatch_tls_to_plain: return "scheme mismatch: https:// to a port that speaks plain HTTP";
    case Transport::scheme_mismatch_plain_to_tls: return "scheme mismatch: http:// to a port that speaks TLS";
    case Transport::tunnel_closed_before_tls: return "the tunnel closed before TLS (CONNECT 200, then the connection ended)";
    case Transport::proxy_auth_required: return "proxy credentials required (407)";
    case Transport::proxy_not_http: return "the proxy's answer to CONNECT is not HTTP";
  }
  return "transport error";
}

}  // namespace awf
