#pragma once
// Squid traffic facts from access.log (both formats) and audit.jsonl: one tally row per distinct
// (client IP, Host/authority, method, Squid result code, status, hierarchy code, upstream connected).
// Facts: domain.md §5 ("What the codes mean"). Nothing here decides a cause: a row says what Squid
// logged and how many times; TunnelOutcome only restates §5's table for the row's codes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/source_summary.hpp"

namespace awf::logs {

/// One access.log / audit.jsonl entry, fields as views into the line.
struct AccessEntry {
  std::int64_t ts_ms = 0;          ///< %ts.%03tu: when Squid wrote it (end of the transaction)
  std::string_view client_ip;      ///< %>a without the port
  std::string_view host;           ///< firewall_detailed %{Host}>h; native/audit: the URL (CONNECT authority)
  std::string_view dest;           ///< firewall_detailed %<a:%<p; native: peer IP after "HIER_x/"; "-:-"/"-" = none
  std::string_view method;         ///< %rm
  int status = 0;                  ///< %>Hs, Squid's status to the client
  std::string_view result;         ///< %Ss (TCP_TUNNEL, TCP_DENIED, NONE_NONE, …)
  std::string_view hierarchy;      ///< %Sh (HIER_DIRECT, HIER_NONE, FIRSTUP_PARENT); empty in audit.jsonl
  std::string_view url;            ///< %ru (CONNECT: host:port; may be an `error:` pseudo-URL)
  std::int64_t elapsed_ms = -1;    ///< native %tr; -1 when the format has none
};

/// What §5's table says a CONNECT row is. `established`: status 200 (tunnel opened; what happened
/// inside TLS is invisible). `denied`: TCP_DENIED (ACL). `no_upstream`: allowed but Squid answered
/// an error status with no upstream connection (503/502/500 with HIER_NONE or dest -:-: DNS, connect
/// or parent failure). `aborted`: NONE_NONE with status 0 (client closed before a request).
/// `other`: anything else (plain-HTTP methods, unusual codes).
enum class TunnelOutcome { established, denied, no_upstream, aborted, other };
const char* outcome_name(TunnelOutcome o);
TunnelOutcome classify_outcome(std::string_view method, int status, std::string_view result,
                               std::string_view hierarchy, bool upstream_connected);

/// True when `dest` names an upstream connection (not "-", "-:-", "-:<port>", empty).
inline bool dest_connected(std::string_view dest) { return !dest.empty() && dest[0] != '-'; }

struct TrafficRow {
  std::string client_ip;
  std::string host;        ///< authority (CONNECT) or Host header / URL host
  std::string method;
  std::string result;      ///< %Ss
  int status = 0;
  std::string hierarchy;   ///< %Sh ("" from audit.jsonl)
  bool upstream_connected = false;
  TunnelOutcome outcome = TunnelOutcome::other;
  std::uint64_t count = 0;
  std::int64_t first_ts_ms = 0, last_ts_ms = 0;
  std::int64_t max_elapsed_ms = -1;  ///< native format only
  Where first;
  std::uint64_t key_hash = 0;  ///< tally-internal
};

/// Bounded tally: at most kMaxRows distinct rows; entries beyond that are counted in
/// `overflow_entries` (never dropped without a count).
class SquidTraffic {
 public:
  static constexpr std::size_t kMaxRows = 4096;
  void add(const AccessEntry& e, Where where);
  /// Adds another tally's rows (a later part of the same file read in parallel); its line numbers
  /// are shifted by `line_offset`.
  void merge(const SquidTraffic& other, std::uint64_t line_offset);
  const std::vector<TrafficRow>& rows() const { return rows_; }
  std::uint64_t entries() const { return entries_; }
  std::uint64_t overflow_entries() const { return overflow_; }

 private:
  static constexpr std::size_t kFirstSlots = 256;  // doubled while rows fill more than half
  TrafficRow* locate(const AccessEntry& e, bool connected, Where where);  // nullptr when full
  void grow();
  std::vector<TrafficRow> rows_;
  std::vector<std::uint64_t> slots_;  // open addressing: upper 32 bits of the key hash | row index + 1; 0 = empty
  std::uint64_t entries_ = 0, overflow_ = 0;
};

}  // namespace awf::logs
