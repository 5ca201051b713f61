// Log facts -> typed observations -> the same check rules as the live probes (see the header);
// the checks themselves live one file per source (log_check_parts.hpp).
#include "logs/log_checks.hpp"

#include <fmt/format.h>

#include "logs/log_check_parts.hpp"

namespace awf::logs {
namespace parts {

std::string where_text(const LogFacts& f, const Where& w) {
  if (!w.known() || static_cast<std::size_t>(w.source) >= f.sources.size()) return "";
  return fmt::format("{}:{}", f.sources[static_cast<std::size_t>(w.source)].path, w.line);
}

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

bool health_green(const LogFacts& f) {
  return f.agent.entrypoint.health_check_passed.known() && f.agent.entrypoint.health_check_failures.empty();
}

}  // namespace parts

using parts::contains;

const Provider& log_provider(const LogFacts& f) {
  for (const auto& m : f.agent.messages)
    if (m.kind == AgentMessageKind::copilot_model_retries || m.kind == AgentMessageKind::copilot_no_auth)
      return provider(ProviderId::copilot);
  if (f.claude.init_count || f.claude.api_retry || f.claude.results) return provider(ProviderId::anthropic);
  // The api-proxy's request_start names the provider; else a tunnel to a provider's own host. Both
  // read from the provider table (a new row needs no branch here); Anthropic is the default.
  const auto& starts = f.api_proxy.request_start;
  if (!starts.empty() && starts.count("anthropic") == 0)
    for (const Provider& p : providers())
      if (starts.count(std::string(p.name))) return p;
  for (const auto& r : f.access.rows())  // the first provider host the log shows
    for (const Provider& p : providers())
      if (!p.upstream_host.empty() && contains(r.host, std::string(p.upstream_host))) return p;
  return provider(ProviderId::anthropic);
}

std::vector<Check> build_log_checks(const LogFacts& facts, const Correlation& corr, const LogOptions& opts) {
  const Provider& p = log_provider(facts);
  std::vector<Check> out;
  std::vector<Check> extra;
  using namespace parts;
  for (auto c : {client_errors(facts, p), health_check(facts, p), agent_requests(facts, corr, opts, p), proxy_crash(facts, p),
                 proxy_requests(facts, p),
                 sidecar_address(facts, corr, p), sidecar_tunnel(facts, corr, opts, p, extra),
                 agent_denials(facts, corr, opts, p), upstream_auth(facts, corr, opts, p)})
    if (c) out.push_back(std::move(*c));
  for (auto& c : extra) out.push_back(std::move(c));
  return out;
}

}  // namespace awf::logs
