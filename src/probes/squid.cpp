// squid link: the sidecar's CONNECT (judged from proxy.forward's answer) and the tool's own
// CONNECT + TLS through Squid. Facts: domain.md §5 (ACL order; since awf v0.27.2 only the sidecar is
// exempt from the allow-list; 403 TCP_DENIED, 503 ERR_DNS_FAIL), §4 (https-proxy-agent relays
// Squid's refusal; awf's 502 "Proxy error" for socket errors), §10 (who produced an error).
#include <fmt/format.h>

#include "probes/answer_origin.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"

namespace awf {
namespace {

// Fault id for a Squid refusal: 403 = allow-list; ERR_DNS_FAIL / ERR_CANNOT_FORWARD (Squid 5.7
// answers 500 or 503 when DNS fails) = DNS; ERR_CONNECT_FAIL (503) = upstream connect failed.
std::string refusal_fault(long status, const std::string& squid_error, bool sidecar) {
  if (status == 403) return sidecar ? "squid-denied-sidecar" : "squid-connect-refused";
  if (squid_error.find("ERR_DNS_FAIL") != std::string::npos ||
      squid_error.find("ERR_CANNOT_FORWARD") != std::string::npos)
    return "squid-dns-fail";
  if (squid_error.find("ERR_CONNECT_FAIL") != std::string::npos || status == 503) return "squid-upstream-connect-fail";
  return sidecar ? "squid-refused-sidecar" : "squid-connect-refused";
}

// Next step for a Squid refusal with this status / X-Squid-Error.
std::string refusal_hint(long status, const std::string& squid_error, bool sidecar) {
  std::string fault = refusal_fault(status, squid_error, sidecar);
  if (fault == "squid-denied-sidecar")
    return "Squid's allow-list denied the sidecar's CONNECT to the upstream. Add the domain to --allow-domains, "
           "or upgrade to awf >= v0.27.2, which exempts the api-proxy (from_api_proxy src 172.30.0.30) from the "
           "allow-list. Confirm in access.log: CONNECT 403 TCP_DENIED from 172.30.0.30.";
  if (fault == "squid-dns-fail")
    return "Squid could not resolve the upstream host (no upstream connection): check Squid's dns_nameservers "
           "(awf: --dns-servers; default 8.8.8.8 8.8.4.4) and whether the runner may reach them; access.log "
           "shows the CONNECT with dest -:-.";
  if (fault == "squid-upstream-connect-fail")
    return "Squid resolved the upstream but could not connect to it: check the runner's outbound network and "
           "firewall for port 443; access.log shows the CONNECT with status 503.";
  return "Read Squid's error page (X-Squid-Error) and access.log for this CONNECT.";
}

Check sidecar_tunnel_check(const ProbeContext& ctx) {
  const Check& fwd = ctx.dep("proxy.forward");
  const nlohmann::json& ev = fwd.evidence;
  std::string by = json_str(ev, "answered_by");
  long status = ev.value("http_status", nlohmann::json()).is_number() ? ev["http_status"].get<long>() : 0;
  std::string squid_error = json_str(ev, "squid_error");
  Check c;
  c.evidence = {{"from_check", "proxy.forward"}, {"answered_by", by}, {"http_status", ev.value("http_status", nlohmann::json())}};
  if (!squid_error.empty()) c.evidence["squid_error"] = squid_error;
  if (by == "anthropic") {
    c.status = Status::pass;
    c.summary = fmt::format("the sidecar's CONNECT through Squid came up: Anthropic answered its request ({})",
                            status);
    return c;
  }
  if (by == "squid") {
    c.status = Status::fail;
    c.evidence["fault"] = refusal_fault(status, squid_error, true);
    c.summary = status == 403
        ? fmt::format("Squid refused the sidecar's CONNECT with 403 {} (domain allow-list): the request never left "
                      "through Squid", squid_error.empty() ? "TCP_DENIED" : squid_error)
        : fmt::format("Squid answered the sidecar's CONNECT with {}{}: no tunnel to the upstream", status,
                      squid_error.empty() ? "" : " " + squid_error);
    c.hint = refusal_hint(status, squid_error, true);
    return c;
  }
  if (by == "api-proxy" && status == 502) {
    std::string msg = json_str(ev, "error_message");
    std::string m = lower(msg);
    c.evidence["proxy_message"] = msg;
    bool tunnel = m.find("connect") != std::string::npos || m.find("tunnel") != std::string::npos ||
                  m.find("proxy") != std::string::npos || m.find("squid") != std::string::npos ||
                  m.find("econnrefused") != std::string::npos;
    if (tunnel) {
      c.status = Status::fail;
      c.evidence["fault"] = "squid-tunnel-failed";
      c.summary = fmt::format("the sidecar could not open its tunnel through Squid: 502 Proxy error: {}", msg);
      c.hint = "Check that the sidecar's HTTPS_PROXY points at Squid and that Squid runs (nc -z <squid> 3128); "
               "look for this CONNECT in access.log.";
      return c;
    }
    c.status = Status::warn;
    c.summary = fmt::format("the sidecar reported an upstream socket error (502 Proxy error: {}); tunnel state unknown", msg);
    c.hint = "Look for the sidecar's CONNECT in Squid's access.log (source 172.30.0.30) to see whether it opened.";
    return c;
  }
  c.status = Status::warn;
  c.summary = fmt::format("cannot tell whether the sidecar's tunnel came up (answer produced by {})", by);
  c.hint = "Look for the sidecar's CONNECT in Squid's access.log (source 172.30.0.30).";
  return c;
}

HttpRequest tunnel_request(const ProbeContext& ctx, bool tls) {
  HttpRequest req;
  UrlParts u = parse_url(ctx.spec.upstream_url);
  std::string host = u.host.find(':') != std::string::npos ? "[" + u.host + "]" : u.host;
  req.url = fmt::format("{}://{}:{}/", tls ? "https" : "http", host, u.ok ? u.port : 443);
  req.proxy = ctx.spec.squid_url;
  req.tunnel = true;
  req.connect_only = true;
  req.cacert = ctx.spec.cacert;
  req.timeout = cap(ctx, 10000);
  return req;
}

Check connect_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req = tunnel_request(ctx, false);
  HttpResponse r = http_perform(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 10000))
    return deadline_error(ctx, "CONNECT through Squid");
  std::string target = authority_of(ctx.spec.upstream_url);
  c.timing_ms = r.timing_ms;
  c.evidence = {{"squid", ctx.spec.squid_url}, {"connect", target}, {"connect_code", r.connect_code}};
  std::string squid_error = r.connect_header("x-squid-error");
  if (!squid_error.empty()) c.evidence["squid_error"] = squid_error;
  if (r.connect_code == 200) {
    c.status = Status::pass;
    c.summary = fmt::format("CONNECT {} through {}: 200, tunnel established", target, ctx.spec.squid_url);
    return c;
  }
  if (r.connect_code == 403) {
    c.status = Status::warn;
    c.summary = fmt::format("Squid refused the tool's own CONNECT {} with 403 {}: expected where the tool runs in "
                            "the agent (since awf v0.27.2 only the api-proxy is exempt from the allow-list); no tunnel",
                            target, squid_error.empty() ? "TCP_DENIED" : squid_error);
    c.hint = "Not a fault of the chain by itself: squid.sidecar_tunnel judges the sidecar's own path. Run the tool "
             "from a host Squid allows to test TLS and the upstream through this Squid.";
    return c;
  }
  c.status = Status::fail;
  if (r.connect_code > 0) {
    c.evidence["fault"] = refusal_fault(r.connect_code, squid_error, false);
    c.summary = fmt::format("Squid answered CONNECT {} with {}{}: no tunnel to the upstream", target,
                            r.connect_code, squid_error.empty() ? "" : " " + squid_error);
    c.hint = refusal_hint(r.connect_code, squid_error, false);
    return c;
  }
  if (r.error == TransportError::timeout && r.timing_ms.contains("connect")) {
    c.evidence["fault"] = "squid-connect-timeout";
    c.evidence["transport_error"] = to_string(r.error);
    c.summary = fmt::format("Squid at {} accepted the connection but did not answer CONNECT {} within {} ms",
                            ctx.spec.squid_url, target, req.timeout.count());
    c.hint = "Squid is up but stuck resolving or connecting to the upstream: check its dns_nameservers (awf: "
             "--dns-servers; default 8.8.8.8 8.8.4.4) and the runner's outbound network. A DNS failure takes "
             "~30 s to turn into Squid's 503 page.";
    return c;
  }
  c.evidence["fault"] = "squid-unreachable";
  c.evidence["transport_error"] = to_string(r.error);
  if (!r.error_message.empty()) c.evidence["message"] = r.error_message;
  c.summary = fmt::format("cannot reach Squid at {}: {}", ctx.spec.squid_url, to_string(r.error));
  c.hint = "Check that Squid runs and listens (awf: awf-squid on 172.30.0.10:3128; `nc -z <host> 3128`), and "
           "pass --squid if the proxy is elsewhere.";
  return c;
}

Check tls_check(const ProbeContext& ctx) {
  Check c;
  HttpRequest req = tunnel_request(ctx, true);
  HttpResponse r = http_perform(req);
  if (r.error == TransportError::timeout && cut_by_deadline(req.timeout, 10000))
    return deadline_error(ctx, "TLS through Squid");
  c.timing_ms = r.timing_ms;
  std::string target = authority_of(ctx.spec.upstream_url);
  c.evidence = {{"connect", target}, {"cacert", ctx.spec.cacert.empty() ? "system store" : ctx.spec.cacert}};
  if (r.error == TransportError::none) {
    c.status = Status::pass;
    c.summary = fmt::format("TLS handshake with {} through the tunnel succeeded (certificate verified)", target);
    return c;
  }
  c.status = Status::fail;
  c.evidence["transport_error"] = to_string(r.error);
  if (!r.error_message.empty()) c.evidence["message"] = r.error_message;
  c.evidence["fault"] = r.error == TransportError::tls ? "squid-tls-failed" : "squid-tunnel-dropped";
  c.summary = fmt::format("TLS with {} through Squid failed: {}", target,
                          r.error_message.empty() ? to_string(r.error) : r.error_message);
  c.hint = "With --ssl-bump, Squid presents its own CA: pass it with --cacert (agents need NODE_EXTRA_CA_CERTS). "
           "Otherwise check what answers at the upstream address.";
  return c;
}

}  // namespace

std::vector<CheckDef> squid_checks() {
  return {
      {"squid.sidecar_tunnel", Link::squid, "the api-proxy's CONNECT through Squid", {"proxy.forward"}, sidecar_tunnel_check},
      {"squid.connect", Link::squid, "the tool's own CONNECT through Squid", {}, connect_check},
      {"squid.tls", Link::squid, "TLS to the upstream through Squid", {"squid.connect"}, tls_check},
  };
}

}  // namespace awf
