// log.squid.*: the sidecar's CONNECTs, CONNECTs to its own address, the agent's own denials.
#include "logs/log_check_parts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs::parts {

namespace cid = check_id;

namespace {
/// `text` for grep -E: every regex metacharacter (the dots of an IPv4 address …) backslash-escaped.
std::string regex_escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (std::string_view(".[]{}()\\*+?^$|").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  return out;
}
}  // namespace

std::optional<Check> sidecar_tunnel(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p, std::vector<Check>& extra) {
  if (corr.squid_source.empty()) return std::nullopt;
  Check c = make_check(cid::log_squid_sidecar_tunnel, Link::squid, "the sidecar's CONNECTs, as Squid logged them",
                       kLogSource);
  const SquidTraffic& t = corr.squid_source == "audit_jsonl" ? f.audit : f.access;
  const TrafficRow* denied = nullptr;
  const TrafficRow* failed = nullptr;
  const TrafficRow* up = nullptr;
  for (const auto& r : t.rows()) {
    if (r.method != "CONNECT" || role_of(r.client_ip, o) != ClientRole::sidecar) continue;
    if (r.outcome == TunnelOutcome::denied && !denied) denied = &r;
    if (r.outcome == TunnelOutcome::no_upstream && !failed) failed = &r;
    if (r.outcome == TunnelOutcome::established && !up) up = &r;
  }
  const OutcomeCounts& s = corr.sidecar;
  const ForwardingContext& fw = corr.forwarding;
  c.evidence["squid_source"] = corr.squid_source;
  c.evidence["sidecar"] = {{"address", o.proxy_ip}, {"established", s.established}, {"denied", s.denied},
                           {"no_upstream", s.no_upstream}, {"aborted", s.aborted}};
  c.evidence["agent"] = {{"address", o.agent_ip}, {"established", corr.agent.established}, {"denied", corr.agent.denied}};
  Exchange e;
  e.source = Source::log;
  e.observer = Role::sidecar;
  e.client_addr = o.proxy_ip;
  if (denied || failed) {
    const TrafficRow& r = denied ? *denied : *failed;
    e.sent = {"CONNECT", r.host, {}, "", ""};
    e.connect_status = r.status;
    e.http_status = r.status;
    e.origin = Origin::squid;
    e.squid_result = r.result;
    e.squid_hierarchy = r.hierarchy;
    const bool parent = !fw.parents_conf.empty() || !fw.parents_cache_log.empty();
    std::string why;
    if (!denied) {
      // 503/500 HIER_NONE, no upstream address: DNS, or a parent proxy nothing answers on (R28).
      if (parent) {
        e.squid_error = "ERR_CONNECT_FAIL";
        why = fmt::format("Squid forwards through the parent proxy {} (cache_peer; never_direct {}), and no "
                          "connection to it came up (what Squid's ERR_CANNOT_FORWARD page says): check the parent's "
                          "host and port; the client's 5xx is no quota or auth error",
                          fmt::format("{}", fmt::join(fw.parents_conf.empty() ? fw.parents_cache_log : fw.parents_conf, ", ")),
                          fw.never_direct_allow_all ? "allow all" : "not set");
      } else if (r.upstream_connected) {
        // Squid resolved the name and tried an address (HIER_DIRECT <ip:port>): the connect failed.
        e.squid_error = "ERR_CONNECT_FAIL";
        why = "Squid resolved the name and its connection to the upstream's address failed (Squid 5.7 logs a "
              "refused or unreachable upstream as 503 NONE_NONE:HIER_DIRECT <ip:port>): the upstream is down or "
              "unreachable from the Squid container";
      } else {
        e.squid_error = fw.err_connect_fail && !fw.err_dns_fail ? "ERR_CONNECT_FAIL" : "ERR_DNS_FAIL";
        why = "no parent proxy is configured in the files read, so Squid resolved the name itself: DNS "
              "(or routing) from the Squid container; a dead parent proxy would look the same, so give the "
              "squid.conf if there is one";
      }
    }
    Outcome out = judge_sidecar_tunnel(e, p);
    if (!denied && parent) {
      // The same refusal, with squid.conf / cache.log context: the parent, not the upstream (R28).
      out.fault = FaultId::squid_parent_unreachable;
      out.hint = hint(FaultId::squid_parent_unreachable, p);
    }
    out.summary =
        denied ? fmt::format("Squid denied {} CONNECT(s) from the sidecar ({}) to {} with 403 {} (first at {})",
                             s.denied, o.proxy_ip, r.host, r.result, where_text(f, r.first))
               : fmt::format("Squid answered {} CONNECT(s) from the sidecar ({}) to {} with {} {}:{} ({}): the "
                             "tunnel was never established; a TCP_TUNNEL with any status other than 200 is a failed "
                             "tunnel, not an allowed one. {}",
                             s.no_upstream, o.proxy_ip, r.host, r.status, r.result,
                             r.hierarchy.empty() ? "HIER_NONE" : r.hierarchy,
                             r.upstream_connected ? "an upstream address was tried" : "no upstream address", why);
    apply(c, out);
  } else if (up && corr.attempts.for_requests_max == 0) {
    // Every sidecar CONNECT was its start-up key validation (api-proxy log): Squid lets the sidecar
    // through, but no client request reached a tunnel. Two records, so H4 is not read as "tunnel up".
    Check startup = make_check(cid::log_squid_sidecar_startup, Link::squid,
                               "the sidecar's start-up CONNECT, as Squid logged it", kLogSource);
    apply(startup, {Status::pass, std::nullopt,
                    fmt::format("the sidecar's start-up key-validation CONNECT {} was allowed (200 TCP_TUNNEL from {}): "
                                "Squid lets the sidecar through",
                                up->host, o.proxy_ip),
                    ""});
    extra.push_back(std::move(startup));
    c.status = Status::skip;
    c.skip_reason = fmt::format("no CONNECT from the sidecar ({}) for a client request: its {} CONNECT(s) were its "
                                "start-up key validation",
                                o.proxy_ip, s.established);
    c.summary = c.skip_reason;
  } else if (up) {
    apply(c, {Status::pass, std::nullopt,
              fmt::format("{} sidecar tunnel(s) opened (CONNECT {} 200 TCP_TUNNEL from {}): Squid allowed the "
                          "CONNECT and a TCP connection opened; what happened inside TLS is not in Squid's log",
                          s.established, up->host, o.proxy_ip),
              ""});
    e.sent = {"CONNECT", up->host, {}, "", ""};
    e.connect_status = 200;
    e.squid_result = up->result;
    e.squid_hierarchy = up->hierarchy;
  } else {
    c.status = Status::skip;
    c.skip_reason = fmt::format(
        "no CONNECT from the sidecar ({}) in Squid's log: the sidecar never opened a tunnel{}", o.proxy_ip,
        corr.agent.established
            ? fmt::format("; the {} established tunnel(s) came from the agent ({})", corr.agent.established, o.agent_ip)
            : std::string());
    c.summary = c.skip_reason;
  }
  c.obs.exchange = std::move(e);
  return c;
}

std::optional<Check> sidecar_address(const LogFacts& f, const Correlation& corr, const Provider& p) {
  if (corr.sidecar_address_denials.empty()) return std::nullopt;
  const SidecarAddressDenial& d = corr.sidecar_address_denials.front();
  std::uint64_t n = 0;
  for (const auto& x : corr.sidecar_address_denials) n += x.count;
  std::string host = d.authority.substr(0, d.authority.rfind(':'));
  Check c = make_check(cid::log_squid_sidecar_address, Link::env,
                       "CONNECTs to the sidecar's own address, as Squid logged them", kLogSource);
  Exchange e;
  e.source = Source::log;
  e.observer = Role::client;
  e.client_addr = d.client_ip;
  e.sent = {"CONNECT", d.authority, {}, "", ""};
  e.connect_status = 403;
  e.http_status = 403;
  e.origin = Origin::squid;
  e.squid_result = "TCP_DENIED";
  c.evidence["denials"] = nlohmann::json::array();
  for (const auto& x : corr.sidecar_address_denials)
    c.evidence["denials"].push_back({{"client", x.client_ip}, {"authority", x.authority}, {"count", x.count},
                                     {"hostname_form", x.hostname_form}, {"first", where_text(f, x.first)}});
  apply(c, {Status::fail, FaultId::env_no_proxy_host_missing,
            fmt::format("Squid denied {} CONNECT(s) from {} to the sidecar's own address {} (403 TCP_DENIED, first at "
                        "{}): the client sent its api-proxy requests to Squid, so NO_PROXY does not exempt '{}'. This "
                        "is the failure, not internal traffic",
                        n, d.client_ip, d.authority, where_text(f, d.first), host),
            hint(FaultId::env_no_proxy_host_missing, p, {{"host", host}})});
  c.obs.exchange = std::move(e);
  return c;
}

// The agent's own CONNECTs denied to hosts other than the sidecar (side calls: telemetry, a direct
// provider call that NO_PROXY sent to Squid): never counted as allowed, never a cause (R16). A
// warning with the fault squid-denied-side-traffic (Level::warn): the chain's calls are judged on
// their own evidence (log.agent.requests, log.squid.sidecar_tunnel), whether they passed or failed.
std::optional<Check> agent_denials(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                   const Provider& p) {
  if (corr.squid_source.empty() || corr.agent.denied == 0) return std::nullopt;
  const SquidTraffic& t = corr.squid_source == "audit_jsonl" ? f.audit : f.access;
  constexpr std::size_t kMaxHosts = 8;
  std::uint64_t n = 0;
  const TrafficRow* first = nullptr;
  std::vector<std::string> hosts;
  for (const auto& r : t.rows()) {
    if (r.outcome != TunnelOutcome::denied || role_of(r.client_ip, o) != ClientRole::agent) continue;
    bool to_sidecar = false;
    for (const auto& d : corr.sidecar_address_denials)
      if (d.authority == r.host) to_sidecar = true;
    if (to_sidecar) continue;
    n += r.count;
    if (!first) first = &r;
    if (hosts.size() < kMaxHosts && std::find(hosts.begin(), hosts.end(), r.host) == hosts.end())
      hosts.push_back(r.host);
  }
  if (!first) return std::nullopt;
  Check c = make_check(cid::log_squid_agent_denials, Link::squid, "the agent's own CONNECTs denied by Squid",
                       kLogSource);
  const OutcomeCounts& s = corr.sidecar;
  c.evidence["agent_denied"] = n;
  c.evidence["denied_hosts"] = hosts;
  c.evidence["sidecar"] = {{"address", o.proxy_ip}, {"established", s.established}, {"denied", s.denied},
                           {"no_upstream", s.no_upstream}};
  const std::uint64_t sidecar_failed = s.denied + s.no_upstream + s.aborted;
  const std::string sidecar =
      s.established > 0 && sidecar_failed == 0
          ? fmt::format("every CONNECT from the sidecar ({}) was allowed ({} tunnel(s)), and the sidecar carries the "
                        "provider calls",
                        o.proxy_ip, s.established)
      : s.established + sidecar_failed > 0
          ? fmt::format("the sidecar's ({}) own CONNECTs ({} up, {} failed) are judged in {}, not here", o.proxy_ip,
                        s.established, sidecar_failed, cid::log_squid_sidecar_tunnel)
          : fmt::format("Squid's log shows no CONNECT from the sidecar ({}); the client's calls are judged in {}, "
                        "not here",
                        o.proxy_ip, cid::log_agent_requests);
  std::string host = first->host.substr(0, first->host.rfind(':'));
  apply(c, {Status::warn, FaultId::squid_denied_side_traffic,
            fmt::format("Squid denied {} request(s) from the agent ({}) itself, e.g. {} {} {} (first at {}): the "
                        "agent's side traffic, not the chain's; {}",
                        n, o.agent_ip, first->method, first->host, first->result, where_text(f, first->first),
                        sidecar),
            hint(FaultId::squid_denied_side_traffic, p, {{"agent_ip", o.agent_ip}, {"agent_ip_regex", regex_escaped(o.agent_ip)}, {"host", host}})});
  return c;
}

}  // namespace awf::logs::parts
