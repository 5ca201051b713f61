#pragma once
// The parts of logs/log_checks.cpp, one file per log source (internal to src/logs/): each function
// turns the facts of one source into at most one Check record (nullopt = the source was not read
// or says nothing), judged by the same check rules as the live probes (rules/check_rules.hpp).
// Files: log_checks.cpp (shared helpers, the provider, the order), client_view.cpp (what the
// client saw), agent_log_checks.cpp, squid_log_checks.cpp, proxy_log_checks.cpp,
// upstream_log_checks.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check.hpp"
#include "logs/correlate.hpp"
#include "logs/log_facts.hpp"
#include "topology/providers.hpp"

namespace awf::logs::parts {

/// evidence.source of every log check (decisions.md 2).
inline constexpr std::string_view kLogSource = "log";

/// "<path>:<line>" of a fact's first line; "" when unknown.
std::string where_text(const LogFacts& f, const Where& w);
bool contains(const std::string& s, std::string_view needle);
/// awf's [health-check] passed and reported no failure.
bool health_green(const LogFacts& f);

/// What the client saw, from Claude Code's stream-json, the CLIs' messages, or (no client log)
/// the api-proxy's request_complete statuses (domain.md §4, §7).
struct ClientView {
  bool any = false;                  ///< a client source said something about its requests
  std::uint64_t attempts = 0;
  std::uint64_t null_status = 0;     ///< attempts with no HTTP status (error_status null)
  std::optional<int> status;         ///< the most frequent HTTP status the client reported
  bool success = false;              ///< a completed turn (result is_error false)
  bool reset = false;                ///< ECONNRESET / connection reset named by the client
  std::string text;                  ///< the client's own words (capped by the readers)
  bool from_proxy_log = false;       ///< no client log: the api-proxy's request_complete statuses
  nlohmann::json histogram = nlohmann::json::array();
};
ClientView client_view(const LogFacts& f);
/// The first HTTP status (100-599, a whole 3-digit number) in a message; nullopt when none.
std::optional<int> status_in(const std::string& text);

/// The provider's own error shape found in one kept text (domain.md §6, §10; the provider row's
/// ErrorShape): its request id (prefix at a token start, then >= 8 id characters), a body that
/// starts with a top-level "type":"error", error.type / error.message, and the HTTP status written
/// before the body ("API Error: 401 {…}"). Texts are the readers' capped copies (240 bytes), so a
/// cut-off body still shows what it has.
struct ProviderErrorSeen {
  std::string request_id;
  bool top_level_type_error = false;
  std::string error_type;
  std::string error_message;
  std::optional<int> status;
  /// Enough to name the provider as the producer: its request id, or its top-level error shape.
  bool provider_shaped() const { return !request_id.empty() || top_level_type_error; }
};
ProviderErrorSeen provider_error_in(std::string_view text, const Provider& p);

// ---- one function per check (the header logs/log_checks.hpp lists ids and links) ----
std::optional<Check> health_check(const LogFacts& f, const Provider& p);
std::optional<Check> agent_requests(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p);
std::optional<Check> proxy_crash(const LogFacts& f, const Provider& p);
/// log.agent.client_errors: fail on the helper or env link when the client's log says it failed before
/// sending (a table row per message kind, client_error_checks.cpp); nullopt when it says none.
std::optional<Check> client_errors(const LogFacts& f, const Provider& p);
/// The client's log holds one of those errors: its requests (if any) carried no usable credential.
bool failed_before_sending(const LogFacts& f);
/// log.proxy.requests: fail when the api-proxy's log has request_error events and no
/// request_complete (its own forwarding failed for every request it ended); nullopt otherwise.
std::optional<Check> proxy_requests(const LogFacts& f, const Provider& p);
std::optional<Check> sidecar_address(const LogFacts& f, const Correlation& corr, const Provider& p);
/// May add log.squid.sidecar_startup to `extra`.
std::optional<Check> sidecar_tunnel(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                    const Provider& p, std::vector<Check>& extra);
std::optional<Check> agent_denials(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                   const Provider& p);
std::optional<Check> upstream_auth(const LogFacts& f, const Correlation& corr, const LogOptions& o,
                                   const Provider& p);

}  // namespace awf::logs::parts
