#pragma once
// The capture listener (issue 10 point 1): accepts connections on HOST:PORT, reads each request with
// the bounded reader (capture/http_reader.hpp), records it (capture/captured_request.hpp) and answers
// the way the api-proxy sidecar would when it cannot reach its upstream (decisions.md §21):
//  - `401` (default): Anthropic-shaped 401 `authentication_error` with a `request-id` (domain §6);
//    `HEAD /` is answered 200 (Claude Code's start-up request, domain §7);
//  - `reset`: the connection is reset (SO_LINGER 0) after the request is read;
//  - `sse`: a 200 `text/event-stream` answer with a minimal Messages stream (domain §6);
//  - with `forward`: every complete request is relayed unchanged (capture/forward.hpp).
// A bad request (not HTTP, headers over the cap, a drip, a request that never ends) ends within
// its bound, is recorded with its outcome, gets a short 4xx where the socket still takes it, and
// never stops the capture. One thread per connection, at most `max_connections` at once (more are
// accepted and closed, counted in `refused_connections`).
// Stops after `count` recorded requests, after `duration`, or when `interrupted()` returns a signal.
// Shutdown is bounded: no new request is read from then on; answers still in flight (a relay to the
// forward target that stalls mid-answer) get `shutdown_grace`, then are cut (the relay aborts within
// about a second: libcurl calls the progress callback at least once a second) and recorded with
// `cut_at_shutdown`; SIGTERM and SIGHUP cut at once. Every connection thread is joined before
// run_capture returns; it starts no process.
// Units: milliseconds. Errors: std::runtime_error when the address cannot be bound.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "capture/captured_request.hpp"
#include "capture/http_reader.hpp"
#include "topology/providers.hpp"

namespace awf::capture {

struct CaptureOptions {
  std::string host = "127.0.0.1";  ///< numeric IPv4 or IPv6 address
  int port = 0;                    ///< 0 = any free port (reported through on_listening)
  int count = 0;                   ///< 0 = no limit
  std::chrono::milliseconds duration{0};  ///< 0 = no limit
  std::string answer = "401";      ///< "401" | "reset" | "sse" (without `forward`)
  std::string forward;             ///< "" = stand in; else relay every request there (capture/forward.hpp)
  std::chrono::milliseconds forward_timeout{600000};  ///< one relayed exchange (Claude Code's API_TIMEOUT_MS)
  ReaderLimits limits;
  int max_connections = 32;
  std::chrono::milliseconds shutdown_grace{5000};  ///< for answers in flight once capture stops
  SecretSet* secrets = nullptr;  ///< every credential value seen is registered here (captured_request.hpp)
};

struct CaptureResult {
  std::string listen;        ///< "HOST:PORT" actually bound
  std::string forward;       ///< the --forward URL, "" when standing in
  std::string stopped_by;    ///< "count" | "duration" | the signal name, e.g. "SIGINT"
  std::vector<CapturedRequest> requests;  ///< in order of arrival
  int connections = 0;
  int refused_connections = 0;
  double duration_ms = 0;
  int in_flight_at_stop = 0;  ///< connections still being answered when capture stopped
  int relays_cut = 0;         ///< of those, relays cut when the grace ran out
  double shutdown_ms = 0;     ///< from the stop decision to the last thread joined
};

/// Parses "HOST:PORT" or "[V6]:PORT". Returns false on a malformed value or a port outside 0..65535.
bool parse_listen(const std::string& v, std::string& host, int& port);

/// Runs the capture until a stop condition. `interrupted` returns "" to go on, or the name of the
/// signal that ends the capture. `on_listening(port)` is called once the socket listens.
CaptureResult run_capture(const CaptureOptions& o, const Provider& p, const std::function<std::string()>& interrupted,
                          const std::function<void(int)>& on_listening = {});

}  // namespace awf::capture
