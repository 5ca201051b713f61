#pragma once
// Small helpers shared by the network probes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include "core/runner.hpp"
#include "net/http.hpp"

#include <nlohmann/json.hpp>
#include "core/ascii.hpp"

namespace awf {

/// min(limit_ms, time left before the run deadline), at least 1 ms.
inline std::chrono::milliseconds cap(const ProbeContext& ctx, long long limit_ms) {
  long long left = ctx.remaining().count();
  return std::chrono::milliseconds(std::max<long long>(1, std::min(limit_ms, left)));
}

inline double round1(double ms) { return std::round(ms * 10.0) / 10.0; }

/// "scheme://host[:port]" of a URL (path dropped); the URL itself when it does not parse.
std::string origin_of(const std::string& url);

/// True when a probe's wait was shortened by the run deadline (`used` < its own `limit_ms`): a
/// timeout then says nothing about the chain, only that the run ran out of time.
inline bool cut_by_deadline(std::chrono::milliseconds used, long long limit_ms) { return used.count() < limit_ms; }

/// The `error` record for a wait cut short by the run deadline: "<what>: the run deadline (N ms)
/// passed before an answer arrived", with a hint to raise --timeout (Squid's own DNS failure takes
/// ~30 s, domain.md §5).
Check deadline_error(const ProbeContext& ctx, const std::string& what);

/// The skip record of a request through the api-proxy when proxy.sidecar_state (in ctx.done) failed:
/// the sidecar's own state already names the cause, and a proxied request would add nothing and may
/// crash the sidecar (domain.md §4). nullopt when it did not fail or did not run.
std::optional<Check> skip_when_sidecar_failed(const ProbeContext& ctx);


/// The string at j[key], or "" when absent or not a string.
std::string json_str(const nlohmann::json& j, const char* key);

/// base URL + path, as a client does: trailing '/' of the base dropped, query kept off.
std::string join_url(const std::string& base, const std::string& path);

/// "host:port" of the upstream URL (https default 443).
std::string authority_of(const std::string& url);

}  // namespace awf
