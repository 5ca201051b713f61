#include "logs/squid_traffic.hpp"

namespace awf::logs {
namespace {

inline std::uint64_t mix(std::uint64_t h, std::string_view s) {
  // FNV-1a over the bytes, with the length folded in so field boundaries matter.
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return (h ^ s.size()) * 1099511628211ULL;
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

const char* outcome_name(TunnelOutcome o) {
  switch (o) {
    case TunnelOutcome::established: return "established";
    case TunnelOutcome::denied: return "denied";
    case TunnelOutcome::no_upstream: return "no_upstream";
    case TunnelOutcome::aborted: return "aborted";
    case TunnelOutcome::other: return "other";
  }
  return "other";
}

bool dest_connected(std::string_view dest) { return !(dest.empty() || dest == "-" || dest == "-:-" || starts(dest, "-:")); }

TunnelOutcome classify_outcome(std::string_view method, int status, std::string_view result,
                               std::string_view hierarchy, bool upstream_connected) {
  if (starts(result, "TCP_DENIED")) return TunnelOutcome::denied;
  if (starts(result, "NONE") && status == 0) return TunnelOutcome::aborted;
  if (method != "CONNECT") return TunnelOutcome::other;
  if (status == 200 && starts(result, "TCP_TUNNEL")) return TunnelOutcome::established;
  bool no_hier = hierarchy.empty() || hierarchy == "HIER_NONE";
  if (status >= 500 && (!upstream_connected || hierarchy == "HIER_NONE") && no_hier) return TunnelOutcome::no_upstream;
  return TunnelOutcome::other;
}

void SquidTraffic::add(const AccessEntry& e, Where where) {
  ++entries_;
  bool connected = dest_connected(e.dest);
  std::uint64_t h = 1469598103934665603ULL;
  h = mix(h, e.client_ip);
  h = mix(h, e.host);
  h = mix(h, e.method);
  h = mix(h, e.result);
  h = mix(h, e.hierarchy);
  h = (h ^ static_cast<std::uint64_t>(e.status) ^ (connected ? 0x10000u : 0u)) * 1099511628211ULL;
  if (slots_.empty()) slots_.assign(2 * kMaxRows, 0);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (h ^ (h >> 29)) & mask;; i = (i + 1) & mask) {
    std::uint32_t s = slots_[i];
    if (s == 0) {
      if (rows_.size() >= kMaxRows) {
        ++overflow_;
        return;
      }
      TrafficRow r;
      r.client_ip = e.client_ip;
      r.host = e.host;
      r.method = e.method;
      r.result = e.result;
      r.status = e.status;
      r.hierarchy = e.hierarchy;
      r.upstream_connected = connected;
      r.outcome = classify_outcome(e.method, e.status, e.result, e.hierarchy, connected);
      r.count = 1;
      r.first_ts_ms = r.last_ts_ms = e.ts_ms;
      r.max_elapsed_ms = e.elapsed_ms;
      r.first = where;
      rows_.push_back(std::move(r));
      slots_[i] = static_cast<std::uint32_t>(rows_.size());
      return;
    }
    TrafficRow& r = rows_[s - 1];
    if (r.status == e.status && r.upstream_connected == connected && r.client_ip == e.client_ip && r.host == e.host &&
        r.result == e.result && r.hierarchy == e.hierarchy && r.method == e.method) {
      ++r.count;
      if (e.ts_ms < r.first_ts_ms) r.first_ts_ms = e.ts_ms;
      if (e.ts_ms > r.last_ts_ms) r.last_ts_ms = e.ts_ms;
      if (e.elapsed_ms > r.max_elapsed_ms) r.max_elapsed_ms = e.elapsed_ms;
      return;
    }
  }
}

}  // namespace awf::logs
