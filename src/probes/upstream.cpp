// upstream link: does the provider answer, and was the key the api-proxy injected accepted?
// Facts: domain.md §6 (error shape, request-id, cheap probes: POST {} -> 400 = key accepted, 401 =
// rejected; GET /v1/models), §10 (who produced an error).
#include <fmt/format.h>

#include "probes/answer_origin.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"

namespace awf {
namespace {

Check reachable_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req;
  req.url = join_url(origin_of(ctx.spec.upstream_url), "/v1/models");
  req.proxy = ctx.spec.squid_url;
  req.tunnel = true;
  req.cacert = ctx.spec.cacert;
  req.headers = {{"anthropic-version", "2023-06-01"}};
  req.timeout = cap(ctx, 10000);
  HttpResponse r = http_perform(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 10000))
    return deadline_error(ctx, "GET /v1/models through Squid");
  AnswerOrigin o = classify_answer(r);
  c.timing_ms = r.timing_ms;
  c.evidence = exchange_evidence(r, o);
  c.evidence["url"] = req.url;
  if (r.complete() && o.producer == Producer::anthropic) {
    c.status = Status::pass;
    c.summary = fmt::format("GET /v1/models without a key through Squid: {} {} from Anthropic ({})", r.status,
                            o.error_type, o.why);
    return c;
  }
  c.status = Status::fail;
  c.evidence["fault"] = "upstream-not-anthropic";
  c.summary = r.complete()
                  ? fmt::format("GET /v1/models through Squid: HTTP {} answered by {} ({}), not Anthropic", r.status,
                                to_string(o.producer), o.why)
                  : fmt::format("GET /v1/models through Squid: no HTTP response ({})", to_string(r.error));
  c.hint = "Something other than the provider answers at the upstream address: check --upstream, Squid's "
           "cache_peer / ssl-bump settings and DNS for the upstream host.";
  return c;
}

Check auth_check(const ProbeContext& ctx) {
  const nlohmann::json& ev = ctx.dep("proxy.forward").evidence;
  long status = ev.value("http_status", nlohmann::json()).is_number() ? ev["http_status"].get<long>() : 0;
  std::string type = json_str(ev, "error_type"), msg = json_str(ev, "error_message"), rid = json_str(ev, "request_id");
  Check c;
  c.evidence = {{"from_check", "proxy.forward"}, {"http_status", status}, {"error_type", type}, {"request_id", rid}};
  if (status >= 200 && status < 300) {
    c.status = Status::pass;
    c.summary = fmt::format("Anthropic accepted the injected key ({})", status);
    return c;
  }
  if (status == 400 && type == "invalid_request_error") {
    c.status = Status::pass;
    c.summary = "Anthropic accepted the key the api-proxy injected: 400 invalid_request_error for the empty body "
                "(auth is checked before the body)";
    return c;
  }
  if (status == 401 || status == 403) {
    c.status = Status::fail;
    c.evidence["fault"] = "upstream-key-rejected";
    c.summary = fmt::format("Anthropic rejected the key the api-proxy injected: {} {} ({}), request-id {}", status,
                            type, msg, rid.empty() ? "absent" : rid);
    c.hint = "The real key held by the api-proxy is wrong, revoked or lacks permission: rotate the "
             "ANTHROPIC_API_KEY secret given to awf. Compare its length and fingerprint with the key that works "
             "outside awf, never the value.";
    return c;
  }
  if (status == 429 || status == 529) {
    c.status = Status::warn;
    c.summary = fmt::format("Anthropic answered {} {}: the key works but the account is rate limited or the API "
                            "overloaded", status, type);
    c.hint = "Retry later; check the account's rate limits.";
    return c;
  }
  c.status = Status::fail;
  c.evidence["fault"] = status == 404 ? "upstream-path-not-found" : "upstream-error";
  c.summary = fmt::format("Anthropic answered {} {}: {}", status, type, msg);
  c.hint = status == 404 ? "The request path is wrong: check ANTHROPIC_BASE_URL for a path (…/v1 doubles to "
                           "/v1/v1/messages) and ANTHROPIC_API_BASE_PATH in the sidecar."
                         : "Read Anthropic's error above; the request-id identifies it for Anthropic support.";
  return c;
}

}  // namespace

std::vector<CheckDef> upstream_checks() {
  return {
      {"upstream.reachable", Link::upstream, "the upstream answers as Anthropic", {"squid.tls"}, reachable_check},
      {"upstream.auth", Link::upstream, "the upstream accepts the injected key", {"squid.sidecar_tunnel"}, auth_check},
  };
}

}  // namespace awf
