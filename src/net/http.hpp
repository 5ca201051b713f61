#pragma once
// libcurl wrapper for the probes: one request, with phase timings, the proxy's CONNECT answer,
// response headers, a capped body, and a transport error named in the field's terms.
// Protocol facts: RFC 9110 (HTTP semantics), RFC 9110 §9.3.6 (CONNECT); libcurl options
// CURLOPT_PROXY, CURLOPT_HTTPPROXYTUNNEL, CURLOPT_CONNECT_ONLY, CURLINFO_HTTP_CONNECTCODE,
// CURLINFO_*_TIME_T.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace awf {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  ///< GET, POST, HEAD …
  std::string url;
  HeaderList headers;          ///< sent as given ("Name", "value")
  std::string body;            ///< sent when non-empty or method is POST
  /// Proxy URL (e.g. http://127.0.0.1:3128). Empty = no proxy at all (environment proxy variables
  /// are ignored: the probes decide routing explicitly).
  std::string proxy;
  bool tunnel = false;         ///< force CONNECT through the proxy even for http:// URLs
  bool connect_only = false;   ///< stop after connect (+ CONNECT tunnel, + TLS for https://)
  std::string cacert;          ///< CA bundle for TLS verification; empty = system default
  std::chrono::milliseconds timeout{10000};  ///< whole transfer
  std::size_t max_body_bytes = 256 * 1024;   ///< rest of the body is discarded (body_truncated)
  /// Record when each piece of the body arrived (HttpResponse::body_chunks): for streamed answers
  /// (SSE), whose pacing is part of the verdict.
  bool record_chunks = false;
};

/// One piece of the response body as libcurl delivered it (write callback): `size` bytes at
/// `offset` into HttpResponse::body, arriving `at_ms` after the request started.
struct BodyChunk {
  std::size_t offset = 0;
  std::size_t size = 0;
  double at_ms = 0;
};

/// Transport outcome classes (what a client like Claude Code would see as "no HTTP response").
enum class TransportError {
  none,
  connection_refused,  ///< ECONNREFUSED
  connection_reset,    ///< RST / recv failure before a complete response
  empty_reply,         ///< server closed without sending anything (curl 52)
  timeout,
  dns,                 ///< could not resolve host (or proxy)
  proxy_connect,       ///< proxy refused the CONNECT (connect_code holds its status)
  tls,                 ///< handshake / certificate failure
  other,
  // Protocol failures (issue 6 pt 5): the peer answered, but not in the protocol the URL asks for.
  not_http,            ///< bytes that are no HTTP status line (curl 1 "Received HTTP/0.9 when not allowed", curl 8)
  scheme_mismatch_tls_to_plain,  ///< https:// to a port that answers plain bytes (OpenSSL "wrong version number")
  scheme_mismatch_plain_to_tls,  ///< http:// to a port that completes a TLS handshake (checked by a second connect)
  tunnel_closed_before_tls,      ///< the proxy answered CONNECT 2xx, then the tunnel closed during the TLS handshake
  proxy_auth_required, ///< the proxy answered CONNECT with 407 (RFC 9110 §15.5.8)
  proxy_not_http,      ///< the proxy's answer to CONNECT is no HTTP (curl "CONNECT tunnel failed, response 0")
};
std::string to_string(TransportError e);

/// The body Go's net/http server writes, after `HTTP/1.0 400 Bad Request`, to a plain-HTTP request
/// on its TLS port (crypto/tls sees no handshake record; the Go standard library's server.go).
inline constexpr const char* kGoPlainToTlsBody = "Client sent an HTTP request to an HTTPS server.";

struct HttpResponse {
  TransportError error = TransportError::none;
  int curl_code = 0;            ///< CURLcode
  std::string error_message;    ///< curl's error buffer, may be empty
  long status = 0;              ///< final HTTP status; 0 when no HTTP response arrived
  long connect_code = 0;        ///< proxy's answer to CONNECT (0 = no CONNECT made)
  HeaderList connect_headers;   ///< headers of the proxy's CONNECT answer, names lower-cased
  HeaderList headers;           ///< final response headers, names lower-cased
  std::string body;             ///< at most max_body_bytes
  bool body_truncated = false;
  /// Arrival of each kept piece of the body, in order (only with HttpRequest::record_chunks; at
  /// most 4096 entries, later pieces are merged into the last one).
  std::vector<BodyChunk> body_chunks;
  /// phase -> ms, cumulative from start as libcurl reports them: dns, connect, proxy_connect
  /// (only when tunnelled), tls (https), ttfb, total.
  nlohmann::json timing_ms = nlohmann::json::object();

  bool got_http_response() const { return status > 0; }
  /// A whole HTTP response arrived: a status and no transport error (a status with a timeout means
  /// the headers or body never finished).
  bool complete() const { return status > 0 && error == TransportError::none; }
  /// First header value with this (case-insensitive) name, or "".
  std::string header(const std::string& name) const;
  std::string connect_header(const std::string& name) const;
};

/// Initialises libcurl (curl_global_init). Call once from main before any thread starts: libcurl's
/// global state is not thread-safe to set up, and the URL API (parse_url) is used from probe threads.
/// http_perform still initialises lazily (once) when a caller such as a test did not.
bool net_global_init();

/// The transport class of a finished transfer from libcurl's code (`rc`, a CURLcode), the socket
/// errno, the proxy's CONNECT status (0 = none), libcurl's error text and whether the URL is
/// https://. Pure: the plain-to-TLS mismatch needs a second connect and is decided by http_perform.
/// Messages as libcurl 7.88 / OpenSSL 3 word them (https://curl.se/libcurl/c/libcurl-errors.html).
TransportError classify_transport(int rc, long os_errno, long connect_code, const std::string& msg, bool https);

/// Performs the request. Never throws for network outcomes; they are reported in the response.
/// An http:// request that ends in a reset, an empty reply or non-HTTP bytes is followed by one
/// TLS handshake to the same host:port (same proxy, no certificate check, at most 3 s): when it
/// completes, the error is scheme_mismatch_plain_to_tls and libcurl's own code and message stay.
/// An http:// request answered `400` with kGoPlainToTlsBody in the body (Go net/http's answer to plain
/// HTTP on its TLS port, sent as a bare `HTTP/1.0 400 Bad Request`) is scheme_mismatch_plain_to_tls
/// too, with its status kept (got_http_response() stays true, complete() is false).
/// The proxy is exactly `req.proxy`: the tool's own http_proxy/https_proxy/all_proxy and
/// NO_PROXY/no_proxy never change where a probe connects (CURLOPT_PROXY and CURLOPT_NOPROXY are
/// always set). The transfer aborts (TransportError::other, "interrupted by SIGTERM") when the run
/// is interrupted (core/interrupt.hpp). DNS is bounded by `req.timeout` like every other phase.
HttpResponse http_perform(const HttpRequest& req);

/// Result of a bare TCP connect.
struct TcpResult {
  bool connected = false;
  TransportError error = TransportError::none;  ///< connection_refused, timeout, dns, other
  std::string message;                          ///< strerror / gai_strerror text
  double connect_ms = 0;
};

/// Plain TCP connect to host:port (IPv4/IPv6 literals or names), within `timeout`.
TcpResult tcp_connect(const std::string& host, int port, std::chrono::milliseconds timeout);

/// Parsed URL parts (via libcurl's URL API). ok=false with `error` for a malformed URL.
struct UrlParts {
  bool ok = false;
  std::string error;
  std::string scheme;  ///< lower-case
  std::string host;    ///< without brackets for IPv6
  int port = 0;        ///< explicit port or the scheme default (80/443)
  bool explicit_port = false;
  std::string path;    ///< "/" when empty
  std::string query;
};
UrlParts parse_url(const std::string& url);

}  // namespace awf
