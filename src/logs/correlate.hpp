#pragma once
// Cross-source arithmetic over LogFacts, still without deciding a cause (issue 7 "Correlations"):
// - CONNECT outcomes by client role (agent vs api-proxy sidecar vs other, by the configured labels);
// - denials whose destination is the sidecar's own address or hostname (the NO_PROXY symptom,
//   decisions.md §18 — never dropped as "internal" traffic, unlike `awf logs stats`);
// - failed tunnels (allowed but no upstream connection: 503/502/500 HIER_NONE, domain.md §5) —
//   never counted as allowed;
// - client attempts (Claude stream-json) against sidecar CONNECTs minus the sidecar's start-up
//   key-validation CONNECT, with decisions.md §17's tolerance;
// - the forwarding context an ERR_CANNOT_FORWARD / ERR_DNS_FAIL needs (cache_peer, never_direct,
//   cache.log peer lines; case R28).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/log_facts.hpp"

namespace awf::logs {

enum class ClientRole { agent, sidecar, other };
const char* role_name(ClientRole r);
ClientRole role_of(std::string_view client_ip, const LogOptions& opts);

struct OutcomeCounts {
  std::uint64_t established = 0, denied = 0, no_upstream = 0, aborted = 0, other = 0;
  std::uint64_t total() const { return established + denied + no_upstream + aborted + other; }
};

struct SidecarAddressDenial {
  std::string client_ip;
  std::string authority;       ///< as logged, e.g. "172.30.0.30:10001" or "api-proxy:10001"
  bool hostname_form = false;  ///< the authority names the sidecar by hostname, not by IP
  std::uint64_t count = 0;
  Where first;
};

/// Arithmetic only: how sidecar CONNECTs compare with client attempts.
enum class CountRelation { no_client_attempts, fewer_connects, consistent, more_connects };
const char* relation_name(CountRelation r);

struct AttemptCorrelation {
  /// decisions.md §17: one healthy `claude -p` made 4 sidecar CONNECTs (HEAD / + POSTs), 5 when
  /// `event:` lines were dropped: up to this many CONNECTs beyond the attempts are consistent.
  static constexpr std::uint64_t kExtraPerRun = 4;
  std::uint64_t client_attempts = 0;              ///< api_retry lines + 1 (claude_stream.hpp)
  std::uint64_t sidecar_connects = 0;             ///< every CONNECT row from the sidecar address
  std::uint64_t sidecar_established = 0;
  /// Start-up key-validation CONNECTs the api-proxy log shows (key_validation events that made a
  /// request, i.e. status other than skipped); nullopt when no api-proxy log was read (then the
  /// range below allows for one).
  std::optional<std::uint64_t> startup_validation_connects;
  std::uint64_t for_requests_min = 0, for_requests_max = 0;
  CountRelation relation = CountRelation::no_client_attempts;
};

struct ForwardingContext {
  std::vector<std::string> parents_conf;   ///< squid.conf cache_peer … parent: "host:port"
  std::vector<std::string> parents_cache_log;  ///< cache.log "Configuring Parent host/port"
  bool never_direct_allow_all = false;     ///< squid.conf `never_direct allow all`
  std::uint64_t cache_log_peer_failures = 0;
  std::uint64_t cache_log_dns_problems = 0;
  std::uint64_t err_cannot_forward = 0, err_dns_fail = 0, err_connect_fail = 0;  ///< quoted codes
};

struct Correlation {
  std::string squid_source;  ///< "access_log", "audit_jsonl" or "" (none read)
  OutcomeCounts agent, sidecar, other;     ///< CONNECT rows by client role
  std::vector<SidecarAddressDenial> sidecar_address_denials;
  std::vector<TrafficRow> failed_tunnels;  ///< rows with outcome no_upstream (at most 64)
  AttemptCorrelation attempts;
  ForwardingContext forwarding;
};

Correlation correlate(const LogFacts& facts, const LogOptions& opts);

}  // namespace awf::logs
