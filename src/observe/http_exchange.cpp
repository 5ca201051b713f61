#include "observe/http_exchange.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

#include "core/json_limits.hpp"

namespace awf {
namespace {

std::string str_at(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

/// Appends the comma-separated items of a list-valued header (RFC 9110 §5.6.1), trimmed.
void add_list_items(const std::string& v, std::vector<std::string>& out) {
  std::size_t pos = 0;
  while (pos <= v.size()) {
    const auto comma = v.find(',', pos);
    std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const auto b = item.find_first_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, item.find_last_not_of(" \t") - b + 1));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
}

void read_error_body(const nlohmann::json& body, Exchange& e) {
  auto err = body.find("error");
  if (err != body.end() && err->is_object()) {
    e.error_type = str_at(*err, "type");
    e.error_message = str_at(*err, "message");
  } else if (err != body.end() && err->is_string()) {
    e.error_type = err->get<std::string>();
    e.error_message = str_at(body, "message");
  } else if (err == body.end()) {
    e.error_message = str_at(body, "message");  // GitHub's {"message","documentation_url"}
  }
}

/// The provider's own JSON error body (ErrorShape::body_shape), never one of awf's: awf's error
/// objects carry no `code` (its provider_not_configured carries `provider`), and awf never answers
/// with GitHub's `documentation_url` (domain §4, §10).
bool provider_body_shape(const nlohmann::json& body, std::string_view shape) {
  if (!body.is_object()) return false;
  if (shape == "openai") {
    auto err = body.find("error");
    return err != body.end() && err->is_object() && err->contains("message") && err->contains("type") &&
           err->contains("code") && !err->contains("provider");
  }
  if (shape == "github")
    return body.contains("message") && body["message"].is_string() && body.contains("documentation_url");
  return false;
}

void decide_origin(const HttpResponse& r, const nlohmann::json& body, const Provider& p, Exchange& e) {
  const ErrorShape& shape = p.errors;
  std::string rid = shape.request_id_header.empty() ? "" : r.header(std::string(shape.request_id_header));
  if (rid.empty() && body.is_object() && !shape.request_id_body_key.empty())
    rid = str_at(body, std::string(shape.request_id_body_key).c_str());
  if (!shape.request_id_prefix.empty() && rid.rfind(shape.request_id_prefix, 0) == 0) {
    e.origin = Origin::provider;
    e.request_id = rid;
    e.origin_why = std::string(shape.request_id_header) + " " + rid;
    return;
  }
  if (shape.top_level_type_error && body.is_object() && str_at(body, "type") == "error") {
    // The provider's shape without its request-id: the provider always sends one and a hop never
    // does (domain.md §6, §10), so the shape alone does not make it the provider's answer (new-user
    // test F12: a gateway that mimics the provider's error format). Without a request-id prefix in
    // the row, the shape is all there is to go on.
    if (!shape.request_id_prefix.empty()) {
      e.origin = Origin::unknown;
      e.origin_why = std::string(p.display) + "'s error shape (top-level \"type\":\"error\") but no " +
                     std::string(shape.request_id_header) + " header or " + std::string(shape.request_id_body_key) +
                     " field, which every " + std::string(p.display) +
                     " answer carries: a hop on the way produced it in " + std::string(p.display) + "'s format";
      return;
    }
    e.origin = Origin::provider;
    e.origin_why = std::string(p.display) + " error shape (top-level \"type\":\"error\") without request-id";
    return;
  }
  if (provider_body_shape(body, shape.body_shape)) {
    e.origin = Origin::provider;
    e.origin_why = std::string(p.display) + " error shape (" + std::string(shape.body_shape) + ")";
    return;
  }
  const std::string server = ascii_lower(r.header("server"));
  if (!e.squid_error.empty() || server.find("squid") != std::string::npos ||
      (ascii_lower(r.header("content-type")).find("text/html") != std::string::npos &&
       ascii_lower(r.body).find("squid") != std::string::npos)) {
    e.origin = Origin::squid;
    e.origin_why = e.squid_error.empty() ? "Server: squid" : "X-Squid-Error: " + e.squid_error;
    return;
  }
  // Another provider's own error shape on this route (OpenAI's on the Anthropic route): not this
  // provider's answer and not awf's sidecar's (awf's error objects carry no `code`): the hop at the
  // base URL answered itself (a gateway's own refusal, or an endpoint speaking that provider's API).
  for (const Provider& q : providers()) {
    if (q.id == p.id || q.errors.body_shape.empty() || q.errors.body_shape == shape.body_shape) continue;
    if (!provider_body_shape(body, q.errors.body_shape)) continue;
    e.origin = Origin::api_proxy;
    e.other_provider_shape = std::string(q.name);
    e.origin_why = std::string(q.display) + "'s error shape (" + std::string(q.errors.body_shape) + "), not " +
                   std::string(p.display) + "'s nor awf's api-proxy's: the hop at the base URL answered itself";
    return;
  }
  if (body.is_object() && body.contains("error")) {
    e.origin = Origin::api_proxy;
    e.origin_why = "awf api-proxy error shape (\"error\" object without request-id)";
    return;
  }
  e.origin = Origin::unknown;
  e.origin_why = "neither " + std::string(p.display) + "'s request-id, Squid's headers nor awf's error shape";
}

}  // namespace

Transport transport_of(TransportError t) {
  switch (t) {
    case TransportError::none: return Transport::none;
    case TransportError::connection_refused: return Transport::refused;
    case TransportError::connection_reset: return Transport::reset;
    case TransportError::empty_reply: return Transport::empty_reply;
    case TransportError::timeout: return Transport::timeout;
    case TransportError::dns: return Transport::dns;
    case TransportError::proxy_connect: return Transport::proxy_connect;
    case TransportError::tls: return Transport::tls;
    case TransportError::other: return Transport::other;
    case TransportError::not_http: return Transport::not_http;
    case TransportError::scheme_mismatch_tls_to_plain: return Transport::scheme_mismatch_tls_to_plain;
    case TransportError::scheme_mismatch_plain_to_tls: return Transport::scheme_mismatch_plain_to_tls;
    case TransportError::tunnel_closed_before_tls: return Transport::tunnel_closed_before_tls;
    case TransportError::proxy_auth_required: return Transport::proxy_auth_required;
    case TransportError::proxy_not_http: return Transport::proxy_not_http;
  }
  return Transport::other;
}

std::string to_string(Origin o, const Provider& p) {
  switch (o) {
    case Origin::none: return "none";
    case Origin::provider: return std::string(p.name);
    case Origin::api_proxy: return "api-proxy";
    case Origin::squid: return "squid";
    case Origin::unknown: return "unknown";
  }
  return "unknown";
}

Exchange observe_http(const HttpRequest& req, const HttpResponse& r, const Provider& p) {
  Exchange e;
  e.sent.method = req.method;
  e.sent.target = req.url;
  e.sent_betas_known = true;
  for (const auto& [name, value] : req.headers) {
    e.sent.header_names.push_back(name);
    if (ascii_lower(name) == "anthropic-beta") add_list_items(value, e.sent_betas);
  }
  if (req.body == "{}") e.sent.body = req.body;
  if (r.got_http_response()) e.http_status = static_cast<int>(r.status);
  e.complete = r.complete();
  e.transport = transport_of(r.error);
  if (r.error != TransportError::none && r.curl_code)
    e.transport_detail = "curl " + std::to_string(r.curl_code) + (r.error_message.empty() ? "" : ": " + r.error_message);
  if (r.connect_code) e.connect_status = static_cast<int>(r.connect_code);
  e.connect_by_squid = !r.connect_header("x-squid-error").empty() ||
                       ascii_lower(r.connect_header("server")).find("squid") != std::string::npos;
  if (r.connect_code >= 200 && r.connect_code < 300) {
    const std::string cl = r.connect_header("content-length");
    e.connect_with_content = !r.connect_header("transfer-encoding").empty() ||
                             (!cl.empty() && cl.find_first_not_of("0 \t") != std::string::npos);
  }
  e.squid_error = r.header("x-squid-error");
  if (e.squid_error.empty()) e.squid_error = r.connect_header("x-squid-error");
  for (auto it = r.timing_ms.begin(); it != r.timing_ms.end(); ++it)
    if (it->is_number()) e.timing_ms[it.key()] = it->get<double>();
  if (!r.got_http_response()) {
    e.origin = Origin::none;
    e.origin_why = "no HTTP response";
    return e;
  }
  const nlohmann::json body = parse_json_or_discarded(r.body);
  if (body.is_object()) read_error_body(body, e);
  e.squid_error = r.header("x-squid-error");
  decide_origin(r, body, p, e);
  // Squid answers a request that is not for a full URL (origin-form, sent to it as if it were the
  // server) with 400 ERR_INVALID_URL: the hop asked directly is a forward proxy (observed with the
  // lab's Squid, new-user test F25; RFC 9112 §3.2.2: a proxy is sent the absolute-form).
  if (req.proxy.empty() && e.origin == Origin::squid && e.squid_error.rfind("ERR_INVALID_URL", 0) == 0)
    e.http_proxy_answer = true;
  return e;
}

nlohmann::json exchange_evidence(const HttpResponse& r, const Exchange& e, const Provider& p) {
  nlohmann::json ev;
  ev["http_status"] = e.http_status ? nlohmann::json(*e.http_status) : nlohmann::json(nullptr);
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
  if (JsonParse jp = parse_json_bounded(r.body); jp.too_deep || jp.too_large) ev["body_json_error"] = jp.error;
  ev["answered_by"] = to_string(e.origin, p);
  if (!e.error_type.empty()) ev["error_type"] = e.error_type;
  if (!e.error_message.empty()) ev["error_message"] = e.error_message;
  if (!e.request_id.empty()) ev["request_id"] = e.request_id;
  if (!e.squid_error.empty()) ev["squid_error"] = e.squid_error;
  return ev;
}

}  // namespace awf
