// log.agent.*: the client's requests and awf's health pre-flight, as the agent's logs tell them.
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs::parts {

namespace cid = check_id;

std::optional<Check> agent_requests(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p) {
  ClientView v = client_view(f);
  if (!v.any) return std::nullopt;
  Check c = make_check(cid::log_agent_requests, Link::proxy, "the client's requests, as the agent's log tells them",
                       kLogSource);
  if (failed_before_sending(f)) {
    c.status = Status::skip;
    c.skip_reason = fmt::format("needs {}, which failed: the client failed before sending a request the api-proxy "
                                "could forward",
                                cid::log_agent_client_errors);
    c.summary = c.skip_reason;
    c.depends_on = {std::string(cid::log_agent_client_errors)};
    return c;
  }
  Exchange e;
  e.source = Source::log;
  e.observer = Role::client;
  e.client_addr = o.agent_ip;
  e.sent = {"POST", std::string(p.zero_token_probe.path), {}, "", ""};
  if (!v.status && !v.success) {
    e.transport = v.reset ? Transport::reset : Transport::no_response;
  } else {
    e.http_status = v.status.value_or(200);
    e.complete = true;
    // Only the provider bills a completed turn; any other status: who answered is not in the client's log.
    e.origin = v.success ? Origin::provider : Origin::unknown;
    e.origin_why = v.success ? "a completed, billed turn (result is_error: false)" : "the client's log names no origin";
  }
  const AttemptCorrelation& a = corr.attempts;
  // The client's own log names no address: the agent's (--agent-ip) is evidence only where a Squid log
  // was read and its lines were attributed by it.
  c.evidence["client"] = {{"address", corr.squid_source.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.agent_ip)},
                          {"attempts", v.attempts},
                          {"error_status_null", v.null_status},
                          {"error_status_histogram", v.histogram},
                          {"result", v.text}};
  if (!corr.squid_source.empty())
    c.evidence["correlation"] = {{"sidecar_connects", a.sidecar_connects},
                                 {"sidecar_established", a.sidecar_established},
                                 {"for_requests", {a.for_requests_min, a.for_requests_max}},
                                 {"relation", relation_name(a.relation)}};

  std::vector<const SidecarAddressDenial*> denials;
  for (const auto& d : corr.sidecar_address_denials) denials.push_back(&d);
  if (!denials.empty()) {
    // The requests never reached the sidecar: Squid got them (NO_PROXY, decisions.md §18).
    const SidecarAddressDenial& d = *denials.front();
    std::string host = d.authority.substr(0, d.authority.rfind(':'));
    c.link = Link::env;
    e.sent = {"CONNECT", d.authority, {}, "", ""};
    e.connect_status = 403;
    e.origin = Origin::squid;
    e.squid_result = "TCP_DENIED";
    apply(c, {Status::fail, FaultId::env_no_proxy_host_missing,
              fmt::format("the client's requests to the api-proxy went to Squid as CONNECT {} and were denied (403 "
                          "TCP_DENIED from {}); the client reported error_status null on {} of {} attempts: NO_PROXY "
                          "does not exempt '{}'",
                          d.authority, d.client_ip, v.null_status, v.attempts, host),
              hint(FaultId::env_no_proxy_host_missing, p, {{"host", host}})});
  } else if (!e.complete) {
    Outcome out = judge_proxy_forward(e, health_green(f), p);
    std::string tunnels =
        corr.squid_source.empty()
            ? std::string(" (no Squid log was read: whether the sidecar opened a CONNECT is not known)")
        : a.sidecar_connects == 0
            ? fmt::format("; Squid's log shows no CONNECT from the sidecar ({}) at all{}", o.proxy_ip,
                          corr.agent.established ? fmt::format(": its {} established tunnel(s) came from the agent ({})",
                                                               corr.agent.established, o.agent_ip)
                                                 : std::string())
            : fmt::format("; the sidecar ({}) opened {} CONNECT(s) for {} attempts ({})", o.proxy_ip,
                          a.sidecar_connects, v.attempts, relation_name(a.relation));
    out.summary = fmt::format(
        "the agent made {} attempt(s) and {} got no HTTP status (error_status: null{}): no HTTP response reached "
        "the client, a connection-level failure between the agent and the api-proxy, not an upstream rejection "
        "(which carries a status such as 401){}{}",
        v.attempts, v.null_status == v.attempts ? std::string("all") : std::to_string(v.null_status),
        v.reset ? ", connection reset: ECONNRESET" : "", health_green(f) ? "; awf's /health pre-flight passed" : "",
        tunnels);
    // The next probe that tells the three readings apart, live (issue 7 point 4).
    out.hint += (out.hint.empty() ? "" : " ") +
                hint(HintId::log_next_probe_proxy, p, {{"api_path", std::string(p.zero_token_probe.path)}});
    apply(c, out);
  } else if (v.success) {
    apply(c, {Status::pass, std::nullopt,
              fmt::format("the client completed its turn through the api-proxy ({} attempt(s), result is_error: false)",
                          v.attempts),
              ""});
  } else {
    apply(c, {Status::pass, std::nullopt,
              v.from_proxy_log
                  ? fmt::format("the api-proxy answered the client's requests with HTTP {} (its request_complete "
                                "events; no client log was read): the agent-to-sidecar connection works; who produced "
                                "the status is judged on the other links",
                                *e.http_status)
                  : fmt::format("the client got HTTP {} answers back through the api-proxy (error_status {}): an "
                                "HTTP answer came back, so the agent-to-sidecar connection works; who produced it is "
                                "judged on the other links",
                                *e.http_status, *e.http_status),
              ""});
  }
  c.obs.exchange = std::move(e);
  return c;
}

std::optional<Check> health_check(const LogFacts& f, const Provider& p) {
  const EntrypointFacts& ep = f.agent.entrypoint;
  if (ep.health_check_lines == 0) return std::nullopt;
  Check c = make_check(cid::log_agent_health_check, Link::proxy,
                       "awf's api-proxy health pre-flight, as the entrypoint logged it", kLogSource);
  if (!ep.health_check_failures.empty()) {
    apply(c, {Status::warn, std::nullopt,
              fmt::format("awf's [health-check] reported a failure: {} (at {})", ep.health_check_failures.front().text,
                          where_text(f, ep.health_check_failures.front().where)),
              hint(HintId::log_health_check_failed, p)});
  } else if (ep.health_check_passed.known()) {
    apply(c, {Status::pass, std::nullopt,
              "awf's [health-check] passed: the api-proxy answered /health (which proves it listens, not that it "
              "forwards)",
              ""});
  } else {
    c.status = Status::skip;
    c.skip_reason = "[health-check] lines without a result";
    c.summary = c.skip_reason;
  }
  return c;
}

}  // namespace awf::logs::parts
