// classify_transport on canned libcurl codes and messages (libcurl 7.88 / OpenSSL 3 wording, as
// measured against tests/lab/hostile_server.py; codes: https://curl.se/libcurl/c/libcurl-errors.html).
#include <catch.hpp>

#include <cerrno>

#include <curl/curl.h>

#include "net/http.hpp"

using awf::classify_transport;
using awf::TransportError;

namespace {
int code(CURLcode c) { return static_cast<int>(c); }
}  // namespace

TEST_CASE("classify_transport: no HTTP status line is not_http", "[net][transport]") {
  CHECK(classify_transport(code(CURLE_UNSUPPORTED_PROTOCOL), 0, 0, "Received HTTP/0.9 when not allowed", false) ==
        TransportError::not_http);
  CHECK(classify_transport(code(CURLE_UNSUPPORTED_PROTOCOL), 0, 0, "Received HTTP/0.9 when not allowed", true) ==
        TransportError::not_http);
  CHECK(classify_transport(code(CURLE_WEIRD_SERVER_REPLY), 0, 0, "Weird server reply", false) == TransportError::not_http);
  // "HTTP/1.1 abc Weird": an invalid status line, answered at once (new-user test F13, issue 6 pt 5)
  CHECK(classify_transport(code(CURLE_UNSUPPORTED_PROTOCOL), 0, 0, "Unsupported HTTP version in response", false) ==
        TransportError::not_http);
  // Through a tunnel that came up, the origin's bytes are judged the same way.
  CHECK(classify_transport(code(CURLE_UNSUPPORTED_PROTOCOL), 0, 200, "Received HTTP/0.9 when not allowed", false) ==
        TransportError::not_http);
  // The same code for an unsupported URL scheme is not an answer at all.
  CHECK(classify_transport(code(CURLE_UNSUPPORTED_PROTOCOL), 0, 0, "Protocol \"ftp\" not supported", false) ==
        TransportError::other);
}

TEST_CASE("classify_transport: https:// to a plain port is a scheme mismatch", "[net][transport]") {
  const char* msg = "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number";
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 0, msg, true) ==
        TransportError::scheme_mismatch_tls_to_plain);
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 200, msg, true) ==
        TransportError::scheme_mismatch_tls_to_plain);  // through a tunnel to a plain port
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 0,
                           "error:1408F10B:SSL routines:ssl3_get_record:wrong version number", true) ==
        TransportError::scheme_mismatch_tls_to_plain);  // OpenSSL 1.1 wording
  // http:// to a TLS port looks like a reset or an empty reply to libcurl: http_perform decides it
  // with a second connect, not the pure classifier.
  CHECK(classify_transport(code(CURLE_RECV_ERROR), ECONNRESET, 0, "Recv failure: Connection reset by peer", false) ==
        TransportError::connection_reset);
}

TEST_CASE("classify_transport: CONNECT 200 then closed in the handshake is tunnel_closed_before_tls",
          "[net][transport]") {
  const char* msg = "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to 127.0.0.1:443 ";
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 200, msg, true) == TransportError::tunnel_closed_before_tls);
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), ECONNRESET, 200, "Connection reset by peer", true) ==
        TransportError::tunnel_closed_before_tls);
  // Without a tunnel the same words stay a TLS failure (or a reset): no proxy to blame.
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 0, msg, true) == TransportError::tls);
  // A certificate problem through a tunnel is still TLS (ssl-bump, untrusted CA).
  CHECK(classify_transport(code(CURLE_PEER_FAILED_VERIFICATION), 0, 200,
                           "SSL certificate problem: self-signed certificate", true) == TransportError::tls);
}

TEST_CASE("classify_transport: the proxy's answers to CONNECT", "[net][transport]") {
  CHECK(classify_transport(code(CURLE_RECV_ERROR), 0, 407, "CONNECT tunnel failed, response 407", true) ==
        TransportError::proxy_auth_required);
  CHECK(classify_transport(code(CURLE_RECV_ERROR), 0, 0, "CONNECT tunnel failed, response 407", true) ==
        TransportError::proxy_auth_required);
  CHECK(classify_transport(code(CURLE_RECV_ERROR), 0, 403, "CONNECT tunnel failed, response 403", true) ==
        TransportError::proxy_connect);
  CHECK(classify_transport(code(CURLE_RECV_ERROR), 0, 0, "CONNECT tunnel failed, response 0", true) ==
        TransportError::proxy_not_http);
  CHECK(classify_transport(code(CURLE_RECV_ERROR), 0, 0, "Proxy CONNECT aborted", true) ==
        TransportError::empty_reply);
}

TEST_CASE("classify_transport: the older classes are unchanged", "[net][transport]") {
  CHECK(classify_transport(code(CURLE_OK), 0, 0, "", false) == TransportError::none);
  CHECK(classify_transport(code(CURLE_COULDNT_CONNECT), ECONNREFUSED, 0, "Connection refused", false) ==
        TransportError::connection_refused);
  CHECK(classify_transport(code(CURLE_GOT_NOTHING), 0, 0, "Empty reply from server", false) ==
        TransportError::empty_reply);
  CHECK(classify_transport(code(CURLE_OPERATION_TIMEDOUT), 0, 0, "Operation timed out", false) ==
        TransportError::timeout);
  CHECK(classify_transport(code(CURLE_COULDNT_RESOLVE_HOST), 0, 0, "Could not resolve host: x", false) ==
        TransportError::dns);
  CHECK(classify_transport(code(CURLE_SSL_CONNECT_ERROR), 0, 0, "tlsv1 alert unknown ca", true) == TransportError::tls);
}

TEST_CASE("to_string names each protocol failure", "[net][transport]") {
  CHECK(awf::to_string(TransportError::not_http).find("not an HTTP server") != std::string::npos);
  CHECK(awf::to_string(TransportError::scheme_mismatch_tls_to_plain).find("https://") != std::string::npos);
  CHECK(awf::to_string(TransportError::scheme_mismatch_plain_to_tls).find("http://") != std::string::npos);
  CHECK(awf::to_string(TransportError::tunnel_closed_before_tls).find("the tunnel closed before TLS") != std::string::npos);
  CHECK(awf::to_string(TransportError::proxy_auth_required).find("proxy credentials required") != std::string::npos);
}
