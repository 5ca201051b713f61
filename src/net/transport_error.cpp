// Transport error classes (net/http.hpp): what a failed libcurl transfer means below HTTP.
// libcurl's codes: https://curl.se/libcurl/c/libcurl-errors.html. Messages as libcurl 7.88 with
// OpenSSL 3 words them, measured against loopback servers (tests/lab/hostile_server.py):
//   garbage or a bare body at an http:// URL       1  "Received HTTP/0.9 when not allowed"
//   an invalid status line                          8  "Weird server reply" / "Invalid status line"
//   a status line with an unknown version or code   1  "Unsupported HTTP version in response"
//     ("HTTP/1.1 abc Weird"; new-user test F13)
//   https:// to a plain-HTTP port                  35  "…SSL routines::wrong version number"
//   CONNECT 200, then the proxy closes             35  "OpenSSL SSL_connect: SSL_ERROR_SYSCALL …" (connect code 200)
//   CONNECT answered 407                           56  "CONNECT tunnel failed, response 407"
//   CONNECT answered with bytes that are not HTTP  56  "CONNECT tunnel failed, response 0"
//   a refused CONNECT (curl 7.88)                  56  "CONNECT tunnel failed, response 403"
#include <cerrno>
#include <cstdlib>

#include "core/ascii.hpp"
#include "net/http_detail.hpp"

namespace awf {

namespace {

bool message_has(const std::string& msg, const char* needle) {
  return ascii_lower(msg).find(ascii_lower(needle)) != std::string::npos;
}

/// The status in "CONNECT tunnel failed, response N", or -1 when the message is not that one.
long tunnel_failed_status(const std::string& msg) {
  static const std::string kLead = "connect tunnel failed, response ";
  const std::string m = ascii_lower(msg);
  const auto at = m.find(kLead);
  if (at == std::string::npos) return -1;
  return std::strtol(m.c_str() + at + kLead.size(), nullptr, 10);
}

/// OpenSSL / GnuTLS words for "the first bytes the peer sent are no TLS record".
bool peer_not_tls(const std::string& msg) {
  return message_has(msg, "wrong version number") || message_has(msg, "packet length too long") ||
         message_has(msg, "unexpected TLS packet") || message_has(msg, "http request");
}

/// The handshake ended because the connection closed (not a certificate or alert).
bool closed_during_handshake(long os_errno, const std::string& msg) {
  return os_errno == ECONNRESET || message_has(msg, "SSL_ERROR_SYSCALL") || message_has(msg, "unexpected eof") ||
         message_has(msg, "Connection reset") || message_has(msg, "connection was closed");
}

}  // namespace

TransportError classify_transport(int code, long os_errno, long connect_code, const std::string& msg, bool https) {
  const auto rc = static_cast<CURLcode>(code);
  if (rc == CURLE_OK) return TransportError::none;
  // A proxy that answered CONNECT with a non-2xx status: curl 7.88 reports it as
  // CURLE_RECV_ERROR ("CONNECT tunnel failed, response 403"), other versions as
  // CURLE_COULDNT_CONNECT or CURLE_PROXY.
  const long tunnel_status = tunnel_failed_status(msg);
  if (connect_code == 407 || tunnel_status == 407) return TransportError::proxy_auth_required;
  if (connect_code == 0 && tunnel_status == 0) return TransportError::proxy_not_http;
  if (connect_code >= 300 || tunnel_status > 0) return TransportError::proxy_connect;
  const bool tunnel_up = connect_code >= 200 && connect_code < 300;
  switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:  // also "Protocol xyz not supported": only the texts about a reply are
      return message_has(msg, "HTTP/0.9") || message_has(msg, "HTTP version in response") ? TransportError::not_http
                                                                                           : TransportError::other;
    case CURLE_WEIRD_SERVER_REPLY:
      return TransportError::not_http;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::dns;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::timeout;
    case CURLE_GOT_NOTHING:
      return TransportError::empty_reply;
    case CURLE_COULDNT_CONNECT:  // to the origin or to the proxy itself; the message tells which
      if (os_errno == ECONNREFUSED || message_has(msg, "Connection refused")) return TransportError::connection_refused;
      if (os_errno == ETIMEDOUT) return TransportError::timeout;
      return TransportError::other;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      if (message_has(msg, "Proxy CONNECT aborted")) return TransportError::empty_reply;  // closed before answering
      if (os_errno == ECONNRESET || os_errno == EPIPE || message_has(msg, "Connection reset")) {
        return TransportError::connection_reset;
      }
      return TransportError::other;
    case CURLE_SSL_CONNECT_ERROR:
      if (https && peer_not_tls(msg)) return TransportError::scheme_mismatch_tls_to_plain;
      if (https && tunnel_up && closed_during_handshake(os_errno, msg)) return TransportError::tunnel_closed_before_tls;
      // The peer reset the socket during the handshake: a reset, not a certificate/protocol problem.
      if (os_errno == ECONNRESET || message_has(msg, "Connection reset")) return TransportError::connection_reset;
      return TransportError::tls;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return TransportError::tls;
    default:
      return TransportError::other;
  }
}

std::string to_string(TransportError e) {
  switch (e) {
    case TransportError::none: return "none";
    case TransportError::connection_refused: return "connection refused";
    case TransportError::connection_reset: return "connection reset";
    case TransportError::empty_reply: return "empty reply (server closed the connection without an HTTP response)";
    case TransportError::timeout: return "timeout";
    case TransportError::dns: return "DNS resolution failed";
    case TransportError::proxy_connect: return "proxy refused the CONNECT";
    case TransportError::tls: return "TLS handshake failed";
    case TransportError::other: return "transport error";
    case TransportError::not_http: return "not an HTTP server (the answer has no HTTP status line)";
    case TransportError::scheme_mismatch_tls_to_plain: return "scheme mismatch: https:// to a port that speaks plain HTTP";
    case TransportError::scheme_mismatch_plain_to_tls: return "scheme mismatch: http:// to a port that speaks TLS";
    case TransportError::tunnel_closed_before_tls: return "the tunnel closed before TLS (CONNECT 200, then the connection ended)";
    case TransportError::proxy_auth_required: return "proxy credentials required (407)";
    case TransportError::proxy_not_http: return "the proxy's answer to CONNECT is not HTTP";
  }
  return "transport error";
}

}  // namespace awf
