// Transport error classes (net/http.hpp): what a failed libcurl transfer means below HTTP.
// libcurl's codes: https://curl.se/libcurl/c/libcurl-errors.html; curl 7.88 reports a refused
// CONNECT as CURLE_RECV_ERROR ("CONNECT tunnel failed, response 403").
#include <cerrno>

#include "net/http_detail.hpp"
#include "core/ascii.hpp"

namespace awf {

namespace http_detail {

namespace {

bool message_has(const std::string& msg, const char* needle) {
  return ascii_lower(msg).find(ascii_lower(needle)) != std::string::npos;
}

}  // namespace

TransportError classify(CURLcode rc, long os_errno, long connect_code, const std::string& msg) {
  if (rc == CURLE_OK) return TransportError::none;
  // A proxy that answered CONNECT with a non-2xx status: curl 7.88 reports it as
  // CURLE_RECV_ERROR ("CONNECT tunnel failed, response 403"), other versions as
  // CURLE_COULDNT_CONNECT or CURLE_PROXY.
  if (connect_code >= 300 || message_has(msg, "CONNECT tunnel failed")) return TransportError::proxy_connect;
  switch (rc) {
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
      if (os_errno == ECONNRESET || os_errno == EPIPE || message_has(msg, "Connection reset")) {
        return TransportError::connection_reset;
      }
      return TransportError::other;
    case CURLE_SSL_CONNECT_ERROR:
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

}  // namespace http_detail

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
  }
  return "transport error";
}

}  // namespace awf
