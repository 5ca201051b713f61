#include "report/hypotheses.hpp"

#include "report/cause_catalog.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace awf {
namespace {

// Read-only view over the check records with the lookups the rules need.
struct Facts {
  const std::vector<Check>& checks;

  const Check* get(const std::string& id) const {
    for (const auto& c : checks)
      if (c.id == id) return &c;
    return nullptr;
  }
  bool has(const std::string& id, Status s) const {
    const Check* c = get(id);
    return c && c->status == s;
  }
  bool link_failed(Link l) const {
    for (const auto& c : checks)
      if (c.link == l && c.status == Status::fail) return true;
    return false;
  }
  std::string fault(const std::string& id) const {
    const Check* c = get(id);
    if (!c) return "";
    auto it = c->evidence.find("fault");
    return (it != c->evidence.end() && it->is_string()) ? it->get<std::string>() : "";
  }
  std::string ev(const std::string& id, const char* key) const {
    const Check* c = get(id);
    if (!c) return "";
    auto it = c->evidence.find(key);
    if (it == c->evidence.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
  }
  bool ran(const std::string& id) const {
    const Check* c = get(id);
    return c && c->status != Status::skip && c->status != Status::error;
  }
  // The forward probe got no HTTP response at all (reset, refused, timeout …).
  bool forward_no_response() const { return has("proxy.forward", Status::fail) && ev("proxy.forward", "http_status").empty(); }
  bool proxy_unreachable() const { return has("proxy.tcp", Status::fail); }
  // Credential sources configured for the client (env names + apiKeyHelper).
  std::vector<std::string> credential_sources() const {
    std::vector<std::string> out;
    if (const Check* c = get("env.auth_token")) {
      auto it = c->evidence.find("credential_sources");
      if (it != c->evidence.end() && it->is_array())
        for (const auto& s : *it)
          if (s.is_string()) out.push_back(s.get<std::string>());
    }
    if (const Check* c = get("env.api_key"); c && c->status == Status::fail &&
        std::find(out.begin(), out.end(), "ANTHROPIC_API_KEY") == out.end())
      out.push_back("ANTHROPIC_API_KEY");
    if (const Check* c = get("helper.config")) {
      auto it = c->evidence.find("effective");
      if (it != c->evidence.end() && it->is_string()) out.push_back("apiKeyHelper");
    }
    return out;
  }
};

Hypothesis make(const char* id, const char* title, const char* verdict, std::string summary,
                std::vector<std::string> evidence) {
  return Hypothesis{id, title, verdict, std::move(summary), std::move(evidence), ""};
}

constexpr const char* kH1 = "Claude Code's auth mechanism (header, endpoint path or anthropic-version) does not match what the api-proxy handles";
constexpr const char* kH2 = "ANTHROPIC_AUTH_TOKEN interferes with the apiKeyHelper";
constexpr const char* kH3 = "SSE streaming is not proxied correctly";
constexpr const char* kH4 = "The Squid CONNECT tunnel is established but the calls through it fail";

// The client is not pointed at the api-proxy at all: none of H1–H4 is about its requests (R07).
bool client_off_chain(const Facts& f) { return f.fault("env.base_url") == "env-base-url-missing"; }

// Anthropic answered the forward probe with success or the empty-body 400 (auth passed).
bool forward_accepted(const Facts& f) {
  std::string st = f.ev("proxy.forward", "http_status");
  return f.ev("proxy.forward", "answered_by") == "anthropic" &&
         (st == "200" || (st == "400" && f.ev("proxy.forward", "error_type") == "invalid_request_error"));
}

Hypothesis h1(const Facts& f) {
  if (f.fault("env.base_url") == "env-base-url-path")
    return make("H1", kH1, "supported",
                "the base URL carries a path ending in /v1, so the client calls /v1/v1/messages: the request fails "
                "because of the endpoint the client uses",
                {"env.base_url"});
  if (client_off_chain(f))
    return make("H1", kH1, "not-applicable", "ANTHROPIC_BASE_URL is unset: the client's requests never reach the api-proxy",
                {"env.base_url"});
  if (f.link_failed(Link::helper))
    return make("H1", kH1, "not-applicable",
                "the client cannot deliver a request: the helper link fails before any hop sees it",
                {"helper.config", "helper.run"});
  if (f.proxy_unreachable())
    return make("H1", kH1, "refuted",
                "nothing listens at the api-proxy address: the failure does not depend on what the client sends",
                {"proxy.tcp"});
  if (!f.ran("proxy.forward"))
    return make("H1", kH1, "inconclusive", "no request was sent through the api-proxy in this run", {"proxy.forward"});
  if (f.forward_no_response())
    return make("H1", kH1, "refuted",
                "a minimal well-formed request (x-api-key placeholder, anthropic-version 2023-06-01) fails the same "
                "way, so the failure does not depend on what the client sends",
                {"proxy.forward"});
  if (f.has("upstream.auth", Status::fail))
    return make("H1", kH1, "refuted",
                "the headers are right (the api-proxy strips client auth and injects x-api-key); the credential "
                "inside them is not",
                {"proxy.forward", "upstream.auth"});
  if (forward_accepted(f))
    return make("H1", kH1, "refuted",
                "a minimal well-formed request through the api-proxy is accepted; the sidecar strips the client's "
                "auth headers and injects its own, whatever the client sends",
                {"proxy.forward"});
  if (f.ran("squid.sidecar_tunnel") && !f.has("squid.sidecar_tunnel", Status::pass))
    return make("H1", kH1, "refuted",
                "the request fails at the tunnel, a hop that does not look at the client's headers, path or version",
                {"proxy.forward", "squid.sidecar_tunnel"});
  return make("H1", kH1, "inconclusive", "the evidence in this run cannot tell", {"proxy.forward"});
}

Hypothesis h2(const Facts& f) {
  std::vector<std::string> ev{"env.auth_token", "helper.config"};
  if (!f.get("env.auth_token") && !f.get("helper.config"))
    return make("H2", kH2, "inconclusive", "the env and helper links were not probed in this run", ev);
  auto sources = f.credential_sources();
  if (sources.size() < 2)
    return make("H2", kH2, "not-applicable",
                fmt::format("fewer than two credential sources are configured ({})",
                            sources.empty() ? "none" : fmt::format("{}", fmt::join(sources, ", "))),
                ev);
  std::string list = fmt::format("{} {}", fmt::join(sources, " + "), sources.size() == 2 ? "are both" : "are all");
  bool awf_proxy = f.ev("proxy.health", "awf_api_proxy") == "true";
  if (f.link_failed(Link::helper))
    return make("H2", kH2, "refuted",
                fmt::format("{} configured, but the failure is explained by the helper itself", list), ev);
  if (awf_proxy || f.has("upstream.auth", Status::pass)) {
    ev.push_back("proxy.health");
    std::string leak = f.has("env.api_key", Status::fail)
                           ? " (ANTHROPIC_API_KEY in the agent is a leak of its own: see env.api_key)"
                           : "";
    return make("H2", kH2, "refuted",
                fmt::format("{} configured, but the api-proxy strips every client credential (x-api-key, "
                            "Authorization) before anything uses them{}", list, leak),
                ev);
  }
  return make("H2", kH2, "inconclusive",
              fmt::format("{} configured and the hop at the base URL is not recognisably awf's api-proxy "
                          "(which strips both); whether a hop passes both on is not visible to a live probe", list),
              ev);
}

Hypothesis h3(const Facts& f) {
  if (client_off_chain(f))
    return make("H3", kH3, "not-applicable", "the client's requests never reach the api-proxy", {"env.base_url"});
  if (f.link_failed(Link::helper))
    return make("H3", kH3, "refuted",
                "the client fails at the agent (helper link) before any hop answers, so nothing streams",
                {"helper.config", "helper.run"});
  if (f.proxy_unreachable())
    return make("H3", kH3, "refuted", "no HTTP response ever arrived (nothing listens): no stream to mangle", {"proxy.tcp"});
  if (!f.ran("proxy.forward"))
    return make("H3", kH3, "inconclusive", "no request went through the api-proxy in this run", {"proxy.forward"});
  if (f.forward_no_response())
    return make("H3", kH3, "refuted",
                "no HTTP response ever arrived (the client's error_status: null), so no stream was ever started "
                "or parsed; a mangled stream gives an HTTP 200 and a different client error",
                {"proxy.forward"});
  if (forward_accepted(f))
    return make("H3", kH3, "inconclusive",
                "requests through the chain are answered normally, but no streaming request is sent by this version, "
                "so buffering or reframing of SSE events is not tested",
                {"proxy.forward"});
  std::string st = f.ev("proxy.forward", "http_status");
  return make("H3", kH3, "refuted",
              fmt::format("the probe was answered with HTTP {} and no stream: the failure is not in streaming",
                          st.empty() ? "?" : st),
              {"proxy.forward"});
}

Hypothesis h4(const Facts& f) {
  std::vector<std::string> ev{"proxy.forward", "squid.sidecar_tunnel"};
  if (client_off_chain(f))
    return make("H4", kH4, "not-applicable", "the client's requests never reach the api-proxy or its tunnel",
                {"env.base_url"});
  if (f.link_failed(Link::helper))
    return make("H4", kH4, "refuted", "the calls fail at the agent (helper link), before any tunnel is attempted",
                {"helper.config", "helper.run"});
  if (f.proxy_unreachable())
    return make("H4", kH4, "refuted", "the calls fail before the tunnel hop: nothing listens at the api-proxy", {"proxy.tcp"});
  if (f.forward_no_response()) {
    std::string own = f.has("squid.connect", Status::pass) ? ", while the tool's own tunnel through the same Squid works" : "";
    ev.push_back("squid.connect");
    return make("H4", kH4, "refuted",
                "the sidecar dropped the connection without any HTTP answer; awf's sidecar reports tunnel and "
                "upstream socket failures as an HTTP 502, so the request died before any tunnel" + own,
                ev);
  }
  if (f.has("squid.sidecar_tunnel", Status::fail))
    return make("H4", kH4, "refuted",
                "the request reached the hop that opens the tunnel, but no tunnel came up: " +
                    f.get("squid.sidecar_tunnel")->summary,
                ev);
  if (f.has("squid.sidecar_tunnel", Status::pass)) {
    if (forward_accepted(f)) return make("H4", kH4, "refuted", "calls through the sidecar's tunnel succeed", ev);
    return make("H4", kH4, "supported",
                fmt::format("the sidecar's tunnel through Squid came up and Anthropic answered, yet the call failed "
                            "with HTTP {} {}",
                            f.ev("proxy.forward", "http_status"), f.ev("proxy.forward", "error_type")),
                ev);
  }
  if (!f.ran("proxy.forward") || !f.ran("squid.sidecar_tunnel"))
    return make("H4", kH4, "inconclusive", "the sidecar's tunnel was not judged in this run", ev);
  return make("H4", kH4, "inconclusive", "the evidence cannot tell whether the sidecar's tunnel came up", ev);
}

}  // namespace

std::vector<Hypothesis> evaluate_hypotheses(const std::vector<Check>& checks) {
  Facts f{checks};
  std::vector<Hypothesis> out{h1(f), h2(f), h3(f), h4(f)};
  for (auto& h : out)  // name only checks that are in this run
    h.evidence.erase(std::remove_if(h.evidence.begin(), h.evidence.end(), [&](const std::string& id) { return !f.get(id); }),
                     h.evidence.end());
  std::set<std::string> seen;
  for (const auto& c : checks) {
    if (c.status != Status::fail) continue;
    auto it = c.evidence.find("fault");
    if (it == c.evidence.end() || !it->is_string()) continue;
    std::string fault = it->get<std::string>();
    if (fault == "env-base-url-path" || !seen.insert(fault).second) continue;  // env-base-url-path is H1
    Hypothesis h;
    h.id = fault;
    h.title = cause_title(fault);
    if (h.title.empty()) h.title = c.summary;
    h.verdict = "supported";
    h.summary = c.summary;
    h.evidence = {c.id};
    h.hint = c.hint;
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace awf
