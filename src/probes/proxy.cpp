// proxy link: is the api-proxy (ANTHROPIC_BASE_URL) listening, healthy, and does it forward a real
// request? Facts: domain.md §4 (endpoints, error shapes, startup key validation), §12 (the seed:
// /health green while every proxied request is reset).
#include <fmt/format.h>

#include "core/json_limits.hpp"
#include "probes/answer_origin.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"

namespace awf {
namespace {

Check tcp_check(const ProbeContext& ctx) {
  Check c;
  UrlParts u = parse_url(ctx.spec.base_url);
  c.evidence["base_url"] = ctx.spec.base_url;
  c.evidence["base_url_origin"] = ctx.spec.origin.count("base_url") ? ctx.spec.origin.at("base_url") : "flag";
  if (!u.ok || (u.scheme != "http" && u.scheme != "https")) {
    c.status = Status::error;
    c.summary = fmt::format("cannot probe the api-proxy: base URL '{}' is not an http(s) URL", ctx.spec.base_url);
    c.hint = "pass --base-url http://<api-proxy>:10001 (awf: http://172.30.0.30:10001)";
    return c;
  }
  c.evidence["host"] = u.host;
  c.evidence["port"] = u.port;
  const auto budget = cap(ctx, 5000);
  TcpResult t = tcp_connect(u.host, u.port, budget);
  c.timing_ms["connect"] = round1(t.connect_ms);
  if (t.error == TransportError::timeout && cut_by_deadline(budget, 5000))
    return deadline_error(ctx, "TCP connect to the api-proxy");
  if (t.connected) {
    c.status = Status::pass;
    c.summary = fmt::format("TCP connect to {} succeeded", authority_of(ctx.spec.base_url));
    return c;
  }
  c.status = Status::fail;
  c.evidence["fault"] = "proxy-not-listening";
  c.evidence["error"] = to_string(t.error);
  if (!t.message.empty()) c.evidence["message"] = t.message;
  c.summary = fmt::format("{} at {}: nothing answers at the api-proxy address (a client sees error_status: null)",
                          to_string(t.error), authority_of(ctx.spec.base_url));
  c.hint = "Check that the api-proxy sidecar is running and listening on this port (docker ps; docker logs "
           "awf-api-proxy). Before awf v0.25.40 port 10001 does not listen at all when the sidecar has no "
           "ANTHROPIC_API_KEY.";
  return c;
}

Check health_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req;
  req.url = origin_of(ctx.spec.base_url) + "/health";
  req.timeout = cap(ctx, 5000);
  HttpResponse r = http_perform(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 5000))
    return deadline_error(ctx, "GET /health");
  c.timing_ms = r.timing_ms;
  c.evidence["url"] = req.url;
  c.evidence["http_status"] = r.got_http_response() ? nlohmann::json(r.status) : nlohmann::json(nullptr);
  if (!r.complete()) {
    c.status = Status::fail;
    c.evidence["fault"] = "proxy-no-response";
    c.evidence["transport_error"] = to_string(r.error);
    c.summary = fmt::format("GET /health got no complete HTTP response ({})", to_string(r.error));
    c.hint = "The port accepts TCP but does not answer HTTP in time: check what listens there (docker logs "
             "awf-api-proxy).";
    return c;
  }
  JsonParse parsed = parse_json_bounded(r.body);
  const nlohmann::json& body = parsed.value;
  // A body past the JSON limits (hostile nesting) is named in the evidence and the summary.
  const std::string json_note = parsed.too_deep || parsed.too_large ? " (body: " + parsed.error + ")" : "";
  if (!json_note.empty()) c.evidence["body_json_error"] = parsed.error;
  std::string service = body.is_object() && body.value("service", nlohmann::json()).is_string()
                            ? body["service"].get<std::string>() : "";
  std::string status = body.is_object() && body.value("status", nlohmann::json()).is_string()
                           ? body["status"].get<std::string>() : "";
  c.evidence["service"] = service;
  c.evidence["status"] = status;
  if (r.status == 200 && service.find("proxy") != std::string::npos) {
    c.status = Status::pass;
    c.evidence["awf_api_proxy"] = true;
    c.summary = fmt::format("GET /health: 200 {} ({}); this says nothing about real requests yet", status, service);
    return c;
  }
  if (status == "not_configured" || r.status == 503) {
    c.status = Status::fail;
    c.evidence["awf_api_proxy"] = service.find("proxy") != std::string::npos;
    c.evidence["fault"] = "proxy-provider-not-configured";
    if (body.is_object() && body.contains("error")) c.evidence["error"] = body["error"];
    c.summary = fmt::format("GET /health: {} {}: the api-proxy has no Anthropic credential{}", r.status,
                            status.empty() ? "error" : status, json_note);
    c.hint = "Give the sidecar the real key: set the ANTHROPIC_API_KEY secret for the awf step (awf passes it "
             "to the api-proxy only). For OIDC, check the token exchange in the sidecar log (oidc_startup).";
    return c;
  }
  c.status = Status::warn;
  c.evidence["awf_api_proxy"] = false;
  c.summary = fmt::format("GET /health: HTTP {} but not awf's api-proxy health answer{}", r.status, json_note);
  c.hint = "Something other than awf's api-proxy answers at the base URL (a gateway?); the forward probe still runs.";
  return c;
}

// The minimal zero-token request awf itself sends at startup (domain.md §4 "Startup key validation").
Check forward_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req;
  req.method = "POST";
  req.url = join_url(ctx.spec.base_url, "/v1/messages");
  req.headers = {{"x-api-key", "sk-ant-placeholder-key-for-credential-isolation"},
                 {"anthropic-version", "2023-06-01"},
                 {"content-type", "application/json"}};
  req.body = "{}";
  req.timeout = cap(ctx, 15000);
  HttpResponse r = http_perform(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 15000))
    return deadline_error(ctx, "POST /v1/messages through the api-proxy");
  AnswerOrigin o = classify_answer(r);
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, o);
  c.evidence["request"] = {{"method", "POST"}, {"url", req.url}, {"body", "{}"},
                           {"headers", {{"x-api-key", "sk-ant-placeholder-key-for-credential-isolation"},
                                        {"anthropic-version", "2023-06-01"}}}};
  bool health_green = ctx.done.count("proxy.health") && ctx.dep("proxy.health").status == Status::pass;

  if (!r.complete()) {
    c.status = Status::fail;
    bool dropped = r.error == TransportError::connection_reset || r.error == TransportError::empty_reply;
    if (dropped && health_green) c.evidence["fault"] = "proxy-invalid-injected-header";
    else c.evidence["fault"] = "proxy-no-response";
    c.summary = fmt::format(
        "POST /v1/messages {{}}: {}, no HTTP response from the api-proxy (what Claude Code reports as "
        "error_status: null, error: \"unknown\"){}",
        r.error == TransportError::empty_reply ? "connection closed" : to_string(r.error),
        health_green ? "; /health answers 200 meanwhile" : "");
    c.hint = dropped
        ? "The sidecar drops every real request while /health stays green: it fails on its own injected "
          "x-api-key. Check the real key given to the api-proxy for a trailing newline or whitespace (CI "
          "secret, compose YAML) without printing it: in the sidecar, `printf %s \"$ANTHROPIC_API_KEY\" | tail -c 1 | od -c` "
          "shows only the last byte (\\n = newline) and `printf %s \"$ANTHROPIC_API_KEY\" | wc -c` its length. Then "
          "upgrade to awf >= v0.25.6, which trims it. Look for ERR_INVALID_CHAR in the api-proxy log."
        : r.error == TransportError::timeout
              ? "The api-proxy accepted the request but did not answer in time. It may itself be waiting on Squid "
                "(a CONNECT whose DNS lookup does not return takes ~30 s to fail): see squid.connect, and the "
                "api-proxy log (docker logs awf-api-proxy) for request_start without request_complete."
              : "The api-proxy accepted the connection but never answered: check its log (docker logs "
                "awf-api-proxy) for request_start without request_complete.";
    return c;
  }
  switch (o.producer) {
    case Producer::anthropic:
      c.status = Status::pass;
      c.summary = fmt::format("the api-proxy forwarded the request; Anthropic answered {} {}", r.status,
                              o.error_type.empty() ? "" : o.error_type);
      return c;
    case Producer::squid:
      c.status = Status::pass;
      c.summary = fmt::format("the api-proxy forwarded the request; Squid answered {} (squid.sidecar_tunnel, in "
                              "`awf-diag probe squid`, judges the tunnel)", r.status);
      return c;
    case Producer::api_proxy: {
      std::string msg = o.error_message.empty() ? r.body.substr(0, 200) : o.error_message;
      if (r.status == 502 && o.error_type == "Proxy error") {
        c.status = Status::pass;
        c.summary = fmt::format("the api-proxy tried the hop behind it and reported 502 Proxy error: {}", msg);
        return c;
      }
      c.status = Status::fail;
      c.evidence["fault"] = o.error_type == "provider_not_configured" ? "proxy-provider-not-configured"
                                                                       : "proxy-own-error";
      c.summary = fmt::format("the api-proxy refused the request itself: {} {}: {}", r.status, o.error_type, msg);
      c.hint = o.error_type == "provider_not_configured"
                   ? "The sidecar has no Anthropic credential: set the ANTHROPIC_API_KEY secret for the awf step."
                   : "Read the api-proxy's error above and its log (docker logs awf-api-proxy).";
      return c;
    }
    case Producer::none:
    case Producer::unknown:
      break;
  }
  c.status = Status::fail;
  c.evidence["fault"] = "proxy-unrecognised-answer";
  c.summary = fmt::format("HTTP {} from something that is neither Anthropic, awf's api-proxy nor Squid ({}): the "
                          "base URL does not lead to the provider, so neither the key nor the tunnel can be verified",
                          r.status, o.why);
  c.hint = "Check what listens at the base URL: `curl -si -X POST <base-url>/v1/messages -H 'content-type: "
           "application/json' -d '{}'`. awf's api-proxy answers with Anthropic's reply (request-id header) or its "
           "own JSON error.";
  return c;
}

}  // namespace

std::vector<CheckDef> proxy_checks() {
  std::vector<CheckDef> defs;
  defs.push_back({"proxy.tcp", Link::proxy, "api-proxy accepts TCP connections", {}, tcp_check});
  defs.push_back({"proxy.health", Link::proxy, "api-proxy /health", {"proxy.tcp"}, health_check});
  CheckDef fwd{"proxy.forward", Link::proxy, "api-proxy forwards a minimal request",
               {"proxy.tcp", "proxy.health"}, forward_check};
  fwd.runs_after_warn = true;
  defs.push_back(fwd);
  return defs;
}

}  // namespace awf
