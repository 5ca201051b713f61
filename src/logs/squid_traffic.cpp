#include "logs/squid_traffic.hpp"

#include "logs/text_fields.hpp"

#include <algorithm>
#include <cstring>

namespace awf::logs {
namespace {

// A cheap fingerprint of one field: its length, first 8 and last 8 bytes (the tally is on the
// access.log hot path). Fields are independent, so the multiplications pipeline. Collisions only
// cost a probe: rows are compared field by field.
inline std::uint64_t fp(std::string_view s, std::uint64_t k) {
  std::uint64_t a, b = 0;
  const std::size_t n = s.size();
  if (n >= 8) {
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + n - 8, 8);
  } else {
    a = small_bytes(s.data(), n);
  }
  return (a * k) ^ ((b ^ n) * (k ^ 0xD6E8FEB86659FD93ULL));
}

// Home slot of a key hash (the upper 32 bits are also kept in the slot as a tag).
inline std::size_t slot_of(std::uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)); }

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

TunnelOutcome classify_outcome(std::string_view method, int status, std::string_view result,
                               std::string_view hierarchy, bool upstream_connected) {
  if (starts(result, "TCP_DENIED")) return TunnelOutcome::denied;
  if (starts(result, "NONE") && status == 0) return TunnelOutcome::aborted;
  if (method != "CONNECT") return TunnelOutcome::other;
  if (status == 200 && starts(result, "TCP_TUNNEL")) return TunnelOutcome::established;
  bool no_hier = hierarchy.empty() || hierarchy == "HIER_NONE";
  if (status >= 500 && (!upstream_connected || hierarchy == "HIER_NONE") && no_hier) return TunnelOutcome::no_upstream;
  // Squid 5.7 logs a refused or unreachable upstream connect as `503 NONE_NONE:HIER_DIRECT <ip:port>`:
  // an address was tried, no tunnel came up (domain.md §5: a CONNECT answered 5xx is no tunnel).
  if (status >= 500 && starts(result, "NONE")) return TunnelOutcome::no_upstream;
  return TunnelOutcome::other;
}

TrafficRow* SquidTraffic::locate(const AccessEntry& e, bool connected, Where where) {
  // The method and %Sh enter the hash by their lengths only (CONNECT/GET/NONE, HIER_DIRECT/HIER_NONE/
  // FIRSTUP_PARENT differ in length; they follow from %Ss and the status otherwise): cheaper, and a
  // rare collision only costs a probe, since rows are compared field by field.
  const std::uint64_t small = static_cast<std::uint64_t>(e.status) << 17 | (e.method.size() & 0xFF) << 9 |
                              (e.hierarchy.size() & 0xFF) << 1 | (connected ? 1u : 0u);
  std::uint64_t h = fp(e.client_ip, 0x9E3779B97F4A7C15ULL) + fp(e.host, 0xC2B2AE3D27D4EB4FULL) +
                    fp(e.result, 0x27D4EB2F165667C5ULL) + small * 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 32;
  if (slots_.empty()) slots_.assign(kFirstSlots, 0);
  const std::uint64_t tag = h >> 32 << 32;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = slot_of(h) & mask;; i = (i + 1) & mask) {
    const std::uint64_t s = slots_[i];
    if (s == 0) {
      if (rows_.size() >= kMaxRows) return nullptr;
      TrafficRow r;
      r.client_ip = e.client_ip;
      r.host = e.host;
      r.method = e.method;
      r.result = e.result;
      r.status = e.status;
      r.hierarchy = e.hierarchy;
      r.upstream_connected = connected;
      r.outcome = classify_outcome(e.method, e.status, e.result, e.hierarchy, connected);
      r.first_ts_ms = r.last_ts_ms = e.ts_ms;
      r.max_elapsed_ms = e.elapsed_ms;
      r.first = where;
      r.key_hash = h;
      rows_.push_back(std::move(r));
      slots_[i] = tag | rows_.size();
      if (rows_.size() * 2 > slots_.size()) grow();
      return &rows_.back();
    }
    if ((s & ~0xFFFFFFFFull) != tag) continue;
    TrafficRow& r = rows_[(s & 0xFFFFFFFFu) - 1];
    if (r.key_hash == h && r.status == e.status && r.upstream_connected == connected && same_bytes(r.client_ip, e.client_ip) &&
        same_bytes(r.host, e.host) && same_bytes(r.result, e.result) && same_bytes(r.hierarchy, e.hierarchy) &&
        same_bytes(r.method, e.method))
      return &r;
  }
}

void SquidTraffic::grow() {
  slots_.assign(slots_.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t k = 0; k < rows_.size(); ++k) {
    const std::uint64_t h = rows_[k].key_hash;
    std::size_t i = slot_of(h) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (h >> 32 << 32) | (k + 1);
  }
}

void SquidTraffic::add(const AccessEntry& e, Where where) {
  ++entries_;
  TrafficRow* r = locate(e, dest_connected(e.dest), where);
  if (!r) {
    ++overflow_;
    return;
  }
  if (r->count++ == 0) return;  // new row: fields already set
  if (e.ts_ms < r->first_ts_ms) r->first_ts_ms = e.ts_ms;
  if (e.ts_ms > r->last_ts_ms) r->last_ts_ms = e.ts_ms;
  if (e.elapsed_ms > r->max_elapsed_ms) r->max_elapsed_ms = e.elapsed_ms;
}

void SquidTraffic::merge(const SquidTraffic& other, std::uint64_t line_offset) {
  entries_ += other.entries_;
  overflow_ += other.overflow_;
  for (const TrafficRow& o : other.rows_) {
    AccessEntry e;
    e.client_ip = o.client_ip;
    e.host = o.host;
    e.method = o.method;
    e.result = o.result;
    e.status = o.status;
    e.hierarchy = o.hierarchy;
    e.ts_ms = o.first_ts_ms;
    e.elapsed_ms = o.max_elapsed_ms;
    Where w = o.first;
    w.line += line_offset;
    TrafficRow* r = locate(e, o.upstream_connected, w);
    if (!r) {
      overflow_ += o.count;
      continue;
    }
    bool fresh = r->count == 0;
    r->count += o.count;
    if (fresh) {
      r->last_ts_ms = o.last_ts_ms;
      continue;
    }
    r->first_ts_ms = std::min(r->first_ts_ms, o.first_ts_ms);
    r->last_ts_ms = std::max(r->last_ts_ms, o.last_ts_ms);
    r->max_elapsed_ms = std::max(r->max_elapsed_ms, o.max_elapsed_ms);
  }
}

}  // namespace awf::logs
