#pragma once
// A small bounded HTTP/1.1 request reader for `awf-diag capture` (POSIX sockets + poll; no server
// library). It reads one request from a connected socket: request line, header fields, and a body
// framed by Content-Length or chunked transfer coding (RFC 9112 §2-§7). Every input is bounded:
// header bytes, body bytes, the whole request's time and the time without any byte (idle). A bad
// input ends the request with an `Outcome` naming the bound; it never throws and never blocks past
// the bounds. Units: bytes and milliseconds.
#include <chrono>
#include <functional>
#include <string_view>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace awf::capture {

struct ReaderLimits {
  std::size_t max_header_bytes = 64 * 1024;     ///< request line + header fields + CRLFs
  std::size_t max_body_bytes = 16 * 1024 * 1024; ///< larger bodies are refused (the sidecar's cap is 10 MB)
  std::size_t keep_body_bytes = 1024 * 1024;     ///< bytes kept in memory for inspection / forwarding
  std::chrono::milliseconds request_time{30000}; ///< first byte .. last byte of one request
  std::chrono::milliseconds idle_time{10000};    ///< longest wait for the next byte
};

/// How reading one request ended.
enum class Outcome {
  complete,          ///< a whole request was read
  closed,            ///< the peer closed before the first byte (normal end of a keep-alive connection)
  not_http,          ///< the first line is not `METHOD SP target SP HTTP/1.x`
  bad_framing,       ///< malformed header field, Content-Length or chunk size
  headers_too_large, ///< max_header_bytes passed before the end of the header section
  body_too_large,    ///< the body's declared or read size passed max_body_bytes
  request_timeout,   ///< request_time passed (e.g. a one-byte-per-second drip)
  idle_timeout,      ///< idle_time passed without a byte inside a request
  truncated,         ///< the peer closed in the middle of a request
  io_error,
};

/// "complete", "closed", "not_http", "bad_framing", "headers_too_large", "body_too_large",
/// "request_timeout", "idle_timeout", "truncated", "io_error".
std::string to_string(Outcome o);

struct RawRequest {
  Outcome outcome = Outcome::closed;
  std::string method;
  std::string target;   ///< origin-form path + query as sent
  std::string version;  ///< "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  ///< in wire order and spelling
  std::string body;            ///< first keep_body_bytes of the (de-chunked) body
  std::size_t body_bytes = 0;  ///< whole body size as read
  bool chunked = false;
  std::size_t bytes_read = 0;  ///< raw bytes consumed from the socket for this request
  double duration_ms = 0;      ///< first byte .. end
  /// The first header with this name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  /// True when the client asked to keep the connection open (HTTP/1.1 default).
  bool keep_alive() const;
};

/// Reads requests from one connected socket. `leftover` bytes (pipelined data after a request)
/// stay inside the reader for the next call. Not thread-safe; one reader per connection.
class RequestReader {
 public:
  RequestReader(int fd, ReaderLimits limits) : fd_(fd), lim_(limits) {}
  /// Reads the next request. `stop` is polled at least every 100 ms; when it returns true the
  /// read ends as io_error.
  RawRequest next(const std::function<bool()>& stop = {});

 private:
  enum class Fill { ok, eof, timeout_request, timeout_idle, error };
  Fill fill(std::chrono::steady_clock::time_point start, const std::function<bool()>& stop);

  int fd_;
  ReaderLimits lim_;
  std::string buf_;
  std::size_t consumed_ = 0;
};

}  // namespace awf::capture
