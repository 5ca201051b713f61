#pragma once
// `capture --forward URL`: relays one captured request unchanged to URL + the request's path and
// query with libcurl, and writes the upstream's answer to the client as it arrives (each body
// chunk is sent on as libcurl hands it over, so an SSE stream keeps its timing; domain.md §4: the
// sidecar pipes SSE byte for byte). The answer goes back close-delimited (`Connection: close`,
// RFC 9112 §6.3 point 8) with the upstream's status and headers minus its framing headers
// (Transfer-Encoding, Content-Length, Connection, Keep-Alive). Request headers are passed in wire
// order minus Host, Content-Length, Transfer-Encoding, Connection and Expect (curl frames the body
// itself). Environment proxy variables are ignored (the sidecar is in NO_PROXY in awf, domain §2).
// Who answered is decided by observe_http (domain §10). Units: milliseconds.
// H3 from the relayed stream: when the request asked to stream or a 2xx answer is
// text/event-stream, every relayed body chunk is also fed, with its arrival time, to the SSE
// validator (net/sse_validator.hpp; Anthropic framing on /v1/messages, OpenAI's on
// /chat/completions, generic otherwise); its StreamResult goes into AnswerSeen::stream. No upstream
// pacing is known here, so buffering is not judged from a capture.
#include <atomic>
#include <chrono>
#include <string>

#include "capture/captured_request.hpp"
#include "capture/http_reader.hpp"
#include "topology/providers.hpp"

namespace awf::capture {

/// Relays `raw` to `base_url` (http or https, no trailing slash needed) and streams the answer to
/// `client_fd`. Returns what was answered: status (nullopt when no HTTP answer came; the client's
/// connection is then reset, as the sidecar's socket would be), mode "forward", origin, timing.
/// Aborts when `stop` becomes true (then `cut_at_shutdown`) or after `timeout`. `stream_requested` =
/// the request's JSON body had "stream": true. Never throws for network outcomes.
AnswerSeen forward_request(const RawRequest& raw, const std::string& base_url, int client_fd, const Provider& p,
                           std::chrono::milliseconds timeout, const std::atomic<bool>& stop,
                           bool stream_requested = false);

}  // namespace awf::capture
