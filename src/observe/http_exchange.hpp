#pragma once
// Turning one libcurl exchange into an Exchange observation: what was sent, the status, the
// transport class, and who produced the answer (domain.md §10, for the provider in the row):
// the provider's request-id header (or body key) with its prefix, or its top-level error shape =
// the provider; `Server: squid`, `X-Squid-Error` or a Squid HTML page = Squid; awf's JSON error
// shapes `{"error":{"type":…}}` / `{"error":"…","message":…}` = the api-proxy. No cause is decided here.
#include <string>

#include <nlohmann/json.hpp>

#include "net/http.hpp"
#include "observe/observation.hpp"
#include "topology/providers.hpp"

namespace awf {

/// The observation of `req` answered by `r`. Header values are not kept (only names).
Exchange observe_http(const HttpRequest& req, const HttpResponse& r, const Provider& p);

Transport transport_of(TransportError e);
/// "none" | "<provider name>" | "api-proxy" | "squid" | "unknown" (evidence.answered_by).
std::string to_string(Origin o, const Provider& p);

/// Evidence object for people: {"http_status", "transport_error", "curl_code", "message",
/// "headers" (request-id, x-request-id, server, x-squid-error, content-type), "body_excerpt" (first
/// 400 bytes), "answered_by", "error_type", "error_message", "request_id", "squid_error"}. Not
/// redacted here (the report redacts everything at the end).
nlohmann::json exchange_evidence(const HttpResponse& r, const Exchange& e, const Provider& p);

}  // namespace awf
