#pragma once
// A client profile from what `capture` recorded (decisions.md 13): `--client-profile FILE` also takes
// the JSON report `awf-diag capture -o json` writes, so a request recorded from any client can be
// replayed by the client-shaped probe (probes/client_probe.hpp).
//
// What a capture report holds of a request (capture/captured_request.hpp): method, path and query,
// header names in wire order, the values of anthropic-version, anthropic-beta and user-agent, the
// credential headers with their scheme (never a value), and the JSON body's `stream`. The profile
// takes exactly that:
//   - the API call = the first complete request that is not HEAD (Claude Code's `HEAD /`
//     preconnect, if recorded before it, becomes a `before` request);
//   - headers: the recorded values of anthropic-version, anthropic-beta, user-agent, each header
//     line once in wire order with its own value (`header_values`; a report from before it: one
//     line per name, anthropic-beta's items joined with ","); a value capture escaped (bytes
//     outside visible ASCII) or masked is left out and named in `unknown`; a value over
//     kMaxProfileHeaderValue is an error naming the header; content-type application/json when
//     the body parsed as JSON; credential headers as
//     `{{auth:NAME}}` slots; transport headers (host, content-length, connection, accept-encoding,
//     transfer-encoding) left to libcurl; every other header is named in `unknown` (its value was
//     not recorded) and not sent;
//   - auth: one row per credential source of the route (docs/clients.md), each filling the recorded
//     credential headers, with their recorded scheme, from that source's placeholder;
//   - model: none recorded ("" = the probe uses --model); streams: the body's `stream`.
//   - id: `captured:` + the first user-agent's first word (no whitespace or control byte; a run of
//     bytes outside ASCII becomes `?`).
// Errors: std::invalid_argument with one line (no request to replay, not a capture report, a
// recorded value too long to replay — named by its header).
#include <nlohmann/json.hpp>

#include "topology/clients.hpp"

namespace awf::topology {

/// True when `doc` is an awf-diag report written by `capture` (run.command == "capture").
bool is_capture_report(const nlohmann::json& doc);

/// The profile of the request `doc` (a capture report) recorded; see above. The result passes
/// profile_from_json's bounds (it is round-tripped through it).
ClientProfile profile_from_capture_report(const nlohmann::json& doc);

}  // namespace awf::topology
