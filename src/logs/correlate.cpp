#include "logs/correlate.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

void add(OutcomeCounts& c, const TrafficRow& r) {
  switch (r.outcome) {
    case TunnelOutcome::established: c.established += r.count; break;
    case TunnelOutcome::denied: c.denied += r.count; break;
    case TunnelOutcome::no_upstream: c.no_upstream += r.count; break;
    case TunnelOutcome::aborted: c.aborted += r.count; break;
    case TunnelOutcome::other: c.other += r.count; break;
  }
}

}  // namespace

const char* role_name(ClientRole r) {
  switch (r) {
    case ClientRole::agent: return "agent";
    case ClientRole::sidecar: return "sidecar";
    case ClientRole::other: return "other";
  }
  return "other";
}

const char* relation_name(CountRelation r) {
  switch (r) {
    case CountRelation::no_client_attempts: return "no_client_attempts";
    case CountRelation::fewer_connects: return "fewer_connects";
    case CountRelation::consistent: return "consistent";
    case CountRelation::more_connects: return "more_connects";
  }
  return "consistent";
}

ClientRole role_of(std::string_view ip, const LogOptions& o) {
  if (ip == o.proxy_ip) return ClientRole::sidecar;
  if (ip == o.agent_ip) return ClientRole::agent;
  return ClientRole::other;
}

Correlation correlate(const LogFacts& f, const LogOptions& o) {
  Correlation c;
  const SquidTraffic* t = nullptr;
  if (f.has("squid_access") || !f.access.rows().empty()) {
    t = &f.access;
    c.squid_source = "access_log";
  } else if (f.has("squid_audit") || !f.audit.rows().empty()) {
    t = &f.audit;
    c.squid_source = "audit_jsonl";
  }
  if (t) {
    for (const auto& r : t->rows()) {
      ClientRole role = role_of(r.client_ip, o);
      if (r.method == "CONNECT" || r.outcome == TunnelOutcome::denied) {
        add(role == ClientRole::agent ? c.agent : role == ClientRole::sidecar ? c.sidecar : c.other, r);
      }
      if (role == ClientRole::sidecar && r.method == "CONNECT") {
        c.attempts.sidecar_connects += r.count;
        if (r.outcome == TunnelOutcome::established) c.attempts.sidecar_established += r.count;
      }
      if (r.outcome == TunnelOutcome::no_upstream && c.failed_tunnels.size() < 64) c.failed_tunnels.push_back(r);
      if (r.outcome == TunnelOutcome::denied) {
        std::string_view host = authority_host(r.host);
        bool by_ip = host == o.proxy_ip;
        bool by_name = std::any_of(o.proxy_hostnames.begin(), o.proxy_hostnames.end(),
                                   [&](const std::string& n) { return ascii_iequals(host, n); });
        if (by_ip || by_name) {
          auto it = std::find_if(c.sidecar_address_denials.begin(), c.sidecar_address_denials.end(),
                                 [&](const SidecarAddressDenial& d) { return d.client_ip == r.client_ip && d.authority == r.host; });
          if (it != c.sidecar_address_denials.end()) {
            it->count += r.count;
          } else if (c.sidecar_address_denials.size() < 64) {
            c.sidecar_address_denials.push_back({r.client_ip, r.host, by_name, r.count, r.first});
          }
        }
      }
    }
  }

  AttemptCorrelation& a = c.attempts;
  a.client_attempts = client_attempts(f.claude);
  if (f.has("api_proxy")) {
    std::uint64_t n = 0;
    for (const auto& kv : f.api_proxy.key_validations)
      if (kv.event != "key_validation_strict_exit" && kv.status != "skipped") ++n;
    a.startup_validation_connects = n;
  }
  std::uint64_t startup_max = a.startup_validation_connects.value_or(1);
  std::uint64_t startup_min = a.startup_validation_connects.value_or(0);
  a.for_requests_min = a.sidecar_connects > startup_max ? a.sidecar_connects - startup_max : 0;
  a.for_requests_max = a.sidecar_connects > startup_min ? a.sidecar_connects - startup_min : 0;
  if (a.client_attempts == 0) a.relation = CountRelation::no_client_attempts;
  else if (a.for_requests_max < a.client_attempts) a.relation = CountRelation::fewer_connects;
  else if (a.for_requests_min > a.client_attempts + AttemptCorrelation::kExtraPerRun) a.relation = CountRelation::more_connects;
  else a.relation = CountRelation::consistent;

  ForwardingContext& fw = c.forwarding;
  for (const auto& p : f.squid_conf.cache_peers)
    if (p.type == "parent") fw.parents_conf.push_back(p.host + ":" + std::to_string(p.http_port));
  for (const auto& p : f.cache_log.peers_configured)
    if (p.kind == "Parent") fw.parents_cache_log.push_back(p.host + ":" + std::to_string(p.http_port));
  for (const auto& r : f.squid_conf.direct_rules)
    if (r.directive == "never_direct" && r.action == "allow" && r.acls.size() == 1 && r.acls[0] == "all")
      fw.never_direct_allow_all = true;
  fw.cache_log_peer_failures = f.cache_log.peer_failures;
  fw.cache_log_dns_problems = f.cache_log.dns_problems;
  auto code = [&](const char* k) {
    auto it = f.err_codes.squid.find(k);
    return it == f.err_codes.squid.end() ? std::uint64_t{0} : it->second.count;
  };
  fw.err_cannot_forward = code("ERR_CANNOT_FORWARD");
  fw.err_dns_fail = code("ERR_DNS_FAIL");
  fw.err_connect_fail = code("ERR_CONNECT_FAIL");
  return c;
}

}  // namespace awf::logs
