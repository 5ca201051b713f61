#pragma once
// Who produced an HTTP answer: Anthropic, awf's api-proxy, Squid, or nobody (domain.md §10).
// Evidence used, in order: a `request-id: req_…` header or `"request_id":"req_…"` / top-level
// `"type":"error"` body = Anthropic; `Server: squid`, `X-Squid-Error` or a Squid HTML page = Squid;
// `{"error":{"type":…}}` or `{"error":"…","message":…}` bodies (awf's shapes) = api-proxy.
#include <string>

#include <nlohmann/json.hpp>

#include "net/http.hpp"

namespace awf {

enum class Producer { none, anthropic, api_proxy, squid, unknown };
std::string to_string(Producer p);  ///< "none" | "anthropic" | "api-proxy" | "squid" | "unknown"

struct AnswerOrigin {
  Producer producer = Producer::none;
  std::string why;            ///< the evidence that decided it, one phrase
  std::string error_type;     ///< error.type from the body, or "" (e.g. invalid_request_error)
  std::string error_message;  ///< error.message / message from the body, or ""
  std::string request_id;     ///< Anthropic request-id, or ""
  std::string squid_error;    ///< X-Squid-Error value, or ""
};

AnswerOrigin classify_answer(const HttpResponse& r);

/// Evidence object for one exchange: {"http_status", "transport_error", "curl_code", "message",
/// "headers" (a chosen subset: request-id, x-request-id, server, x-squid-error, content-type),
/// "body_excerpt" (first 400 bytes), "answered_by", "error_type", "error_message", "request_id",
/// "squid_error"}. Not redacted here (the report redacts everything at the end).
nlohmann::json exchange_evidence(const HttpResponse& r, const AnswerOrigin& o);

}  // namespace awf
