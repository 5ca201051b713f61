#include "probes/answer_origin.hpp"

#include "core/json_limits.hpp"
#include "probes/probe_util.hpp"

namespace awf {

std::string to_string(Producer p) {
  switch (p) {
    case Producer::none: return "none";
    case Producer::anthropic: return "anthropic";
    case Producer::api_proxy: return "api-proxy";
    case Producer::squid: return "squid";
    case Producer::unknown: return "unknown";
  }
  return "unknown";
}

AnswerOrigin classify_answer(const HttpResponse& r) {
  AnswerOrigin o;
  if (!r.got_http_response()) {
    o.producer = Producer::none;
    o.why = "no HTTP response";
    return o;
  }
  nlohmann::json body = parse_json_or_discarded(r.body);
  std::string rid = r.header("request-id");
  if (body.is_object()) {
    if (rid.empty()) rid = json_str(body, "request_id");
    auto err = body.find("error");
    if (err != body.end() && err->is_object()) {
      o.error_type = json_str(*err, "type");
      o.error_message = json_str(*err, "message");
    } else if (err != body.end() && err->is_string()) {
      o.error_type = err->get<std::string>();
      o.error_message = json_str(body, "message");
    }
  }
  o.squid_error = r.header("x-squid-error");
  if (rid.rfind("req_", 0) == 0) {
    o.producer = Producer::anthropic;
    o.request_id = rid;
    o.why = "request-id " + rid;
    return o;
  }
  if (body.is_object() && json_str(body, "type") == "error") {
    o.producer = Producer::anthropic;
    o.why = "Anthropic error shape (top-level \"type\":\"error\") without request-id";
    return o;
  }
  std::string server = lower(r.header("server"));
  if (!o.squid_error.empty() || server.find("squid") != std::string::npos ||
      (lower(r.header("content-type")).find("text/html") != std::string::npos &&
       lower(r.body).find("squid") != std::string::npos)) {
    o.producer = Producer::squid;
    o.why = o.squid_error.empty() ? "Server: squid" : "X-Squid-Error: " + o.squid_error;
    return o;
  }
  if (body.is_object() && body.contains("error")) {
    o.producer = Producer::api_proxy;
    o.why = "awf api-proxy error shape (\"error\" object without request-id)";
    return o;
  }
  o.producer = Producer::unknown;
  o.why = "neither Anthropic's request-id, Squid's headers nor awf's error shape";
  return o;
}

nlohmann::json exchange_evidence(const HttpResponse& r, const AnswerOrigin& o) {
  nlohmann::json ev;
  ev["http_status"] = r.got_http_response() ? nlohmann::json(r.status) : nlohmann::json(nullptr);
  ev["transport_error"] = r.error == TransportError::none ? nlohmann::json(nullptr) : nlohmann::json(to_string(r.error));
  if (r.curl_code) ev["curl_code"] = r.curl_code;
  if (!r.error_message.empty()) ev["message"] = r.error_message;
  nlohmann::json hdrs = nlohmann::json::object();
  for (const char* h : {"request-id", "x-request-id", "server", "x-squid-error", "content-type"}) {
    std::string v = r.header(h);
    if (!v.empty()) hdrs[h] = v;
  }
  if (!hdrs.empty()) ev["headers"] = hdrs;
  if (!r.body.empty()) ev["body_excerpt"] = r.body.substr(0, 400);
  if (JsonParse p = parse_json_bounded(r.body); p.too_deep || p.too_large) ev["body_json_error"] = p.error;
  ev["answered_by"] = to_string(o.producer);
  if (!o.error_type.empty()) ev["error_type"] = o.error_type;
  if (!o.error_message.empty()) ev["error_message"] = o.error_message;
  if (!o.request_id.empty()) ev["request_id"] = o.request_id;
  if (!o.squid_error.empty()) ev["squid_error"] = o.squid_error;
  return ev;
}

}  // namespace awf
