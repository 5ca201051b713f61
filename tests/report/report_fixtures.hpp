#pragma once
// Hand-built Check and Hypothesis sets for the report tests (no probes, no network).
#include <string>
#include <vector>

#include "core/check.hpp"
#include "report/report.hpp"

namespace awf::test {

inline Check mk(std::string id, Link link, Status st, std::string summary = "ok", std::string hint = "") {
  Check c;
  c.id = std::move(id);
  c.link = link;
  c.title = c.id;
  c.status = st;
  c.summary = std::move(summary);
  c.hint = std::move(hint);
  return c;
}

/// The zero-token probe's answer from the real upstream: 400 invalid_request_error (key accepted).
inline Exchange provider_accepted() {
  Exchange e;
  e.complete = true;
  e.http_status = 400;
  e.origin = Origin::provider;
  e.error_type = "invalid_request_error";
  return e;
}

/// 14 passing checks across the 5 links (2 + 3 + 3 + 3 + 3); proxy.forward holds the provider's answer.
inline std::vector<Check> healthy_checks() {
  std::vector<Check> v = {mk("helper.config", Link::helper, Status::pass),      mk("helper.run", Link::helper, Status::pass),
          mk("env.base_url", Link::env, Status::pass),          mk("env.credentials", Link::env, Status::pass),
          mk("env.proxy_vars", Link::env, Status::pass),        mk("proxy.reachable", Link::proxy, Status::pass),
          mk("proxy.health", Link::proxy, Status::pass),        mk("proxy.forward", Link::proxy, Status::pass),
          mk("squid.connect", Link::squid, Status::pass),       mk("squid.sidecar_tunnel", Link::squid, Status::pass),
          mk("squid.tls", Link::squid, Status::pass),           mk("upstream.auth", Link::upstream, Status::pass),
          mk("upstream.request", Link::upstream, Status::pass), mk("upstream.stream", Link::upstream, Status::pass)};
  v[7].obs.exchange = provider_accepted();
  return v;
}

inline Check* find(std::vector<Check>& v, const std::string& id) {
  for (auto& c : v)
    if (c.id == id) return &c;
  return nullptr;
}

inline const char* kSkipReason = "needs proxy.forward, which failed: connection reset";

/// R01-like: proxy.forward fails (connection reset), everything after it is skipped.
inline std::vector<Check> proxy_fail_checks() {
  auto v = healthy_checks();
  Check& f = *find(v, "proxy.forward");
  f.status = Status::fail;
  f.summary = "api-proxy reset the connection: no HTTP response (error_status null)";
  f.hint = "check the injected key for a trailing newline or whitespace; upgrade to awf >= v0.25.6";
  f.evidence = {{"http_code", 0},
                {"curl", {{"code", 56}, {"error", "Recv failure: Connection reset by peer"}}},
                {"injected", {{"header", "x-api-key"}, {"trailing_newline", true}, {"length", 29}}},
                {"attempts", {"POST /v1/messages", "POST {}"}},
                {"body_excerpt", std::string(300, 'x')}};
  f.timing_ms = {{"connect", 1}, {"total", 4}};
  for (const char* id : {"squid.sidecar_tunnel", "squid.tls", "upstream.auth", "upstream.request", "upstream.stream"}) {
    Check& s = *find(v, id);
    s.status = Status::skip;
    s.summary.clear();
    s.depends_on = {"proxy.forward"};
    s.skip_reason = kSkipReason;
  }
  return v;
}

inline Hypothesis hyp(std::string id, std::string verdict, std::string title = "", std::string hint = "") {
  Hypothesis h;
  h.id = std::move(id);
  h.title = title.empty() ? "title of " + h.id : std::move(title);
  h.verdict = std::move(verdict);
  h.summary = "because " + h.id;
  h.hint = std::move(hint);
  return h;
}

/// H1–H4 refuted, then the case's own cause supported (R01).
inline std::vector<Hypothesis> r01_hypotheses() {
  auto h5 = hyp("proxy-key-whitespace", "supported", "the api-proxy fails on its own injected key (trailing newline)",
                "printf %s \"$ANTHROPIC_API_KEY\" | tail -c 1 | od -c");
  h5.summary = "proxy.forward was reset for a minimal request too";
  h5.evidence = {"proxy.forward"};
  return {hyp("H1", "refuted"), hyp("H2", "refuted"), hyp("H3", "refuted"), hyp("H4", "refuted"), h5};
}

}  // namespace awf::test
