#pragma once
// The stream probe's request and body reading (probes/stream.cpp), public for tests and for
// scripts that want the same request. Facts: domain.md §6 (Messages streaming), decisions.md 14
// (model, max_tokens, --no-spend).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/runner.hpp"
#include "net/http.hpp"
#include "net/sse_validator.hpp"
#include "probes/client_route.hpp"
#include "topology/providers.hpp"

namespace awf {

/// POST <base>/v1/messages with the provider row's headers, the route's credential `cred`
/// (probes/client_route.hpp: the placeholder in awf mode, where the sidecar injects the key), `accept: text/event-stream` and
/// `{"model": plan.model, "max_tokens": plan.max_tokens, "stream": true, "messages": [one user turn]}`;
/// body chunks recorded (arrival times), body capped at 1 MiB. Timeout left to the caller.
HttpRequest stream_request(const ChainSpec& spec, const Provider& p, const RouteCredential& cred);

/// Why the reading of `r` ended before its end, when the tool ended it: its read limit (1 MiB,
/// body_truncated) or the run deadline (`deadline_ms`, a timeout); nullopt when the stream ended.
std::optional<std::string> stopped_reading(const HttpResponse& r, long long deadline_ms);

/// Feeds the response body to the SSE validator (Anthropic framing) piece by piece with each
/// piece's arrival time (ms from the request start); without recorded pieces, the whole body at
/// the total time. Passes Content-Type, Content-Encoding, Content-Length, the client's stream
/// watchdog (`watchdog_ms`, nullopt = not judged) and `stopped` (stopped_reading()). Never throws.
sse::StreamResult validate_stream(const HttpResponse& r, std::optional<std::int64_t> watchdog_ms = std::nullopt,
                                  const std::optional<std::string>& stopped = std::nullopt);

/// proxy.stream and upstream.stream.
std::vector<CheckDef> stream_checks();

}  // namespace awf
