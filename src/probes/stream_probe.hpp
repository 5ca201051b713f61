#pragma once
// The stream probe's request and body reading (probes/stream.cpp), public for tests and for
// scripts that want the same request. Facts: domain.md §6 (Messages streaming), decisions.md 14
// (model, max_tokens, --no-spend).
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

/// Feeds the response body to the SSE validator (Anthropic framing) piece by piece with each
/// piece's arrival time (ms from the request start); without recorded pieces, the whole body at
/// the total time. Adds a `buffered` finding when a text/event-stream answer of >= 2 events came
/// with a Content-Length (the hop held the stream until it was complete). Never throws.
sse::StreamResult validate_stream(const HttpResponse& r);

/// proxy.stream and upstream.stream.
std::vector<CheckDef> stream_checks();

}  // namespace awf
