// What the client saw, read from its own log or, lacking one, the api-proxy's (log_check_parts.hpp).
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace awf::logs::parts {

std::optional<int> status_in(const std::string& text) {
  // Copilot's "Last error: 503 Service Unavailable", Codex/Claude "API Error: 401 …".
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))))
      continue;
    if (i + 3 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 3]))) continue;
    int v = std::stoi(text.substr(i, 3));
    if (v >= 100 && v <= 599) return v;
  }
  return std::nullopt;
}

ClientView client_view(const LogFacts& f) {
  ClientView v;
  const ClaudeStreamFacts& c = f.claude;
  std::map<int, std::uint64_t> statuses;
  if (c.init_count || c.api_retry || c.results) {
    v.any = true;
    v.attempts = c.api_retry + 1;
    v.null_status = c.api_retry_null_status;
    for (const auto& [key, n] : c.retry_histogram) {
      v.histogram.push_back({{"error_status", key.first ? nlohmann::json(*key.first) : nlohmann::json(nullptr)},
                             {"error", key.second},
                             {"count", n}});
      if (key.first) statuses[static_cast<int>(*key.first)] += n;
    }
    // The final attempt's status: the result's api_error_status, else the one its text names
    // (Claude Code prints "API Error: 400 {…}" for an answer it does not retry, domain.md §7).
    std::optional<long long> final_status = c.api_error_status;
    if (!final_status && c.result_text.rfind("API Error: ", 0) == 0)
      if (auto s = status_in(c.result_text.substr(11, 4))) final_status = *s;
    if (final_status) statuses[static_cast<int>(*final_status)] += 1;
    v.success = c.is_error && !*c.is_error;
    v.text = c.result_text;
    // A failed result with no status at all is one more attempt without an HTTP answer.
    if (c.is_error && *c.is_error && !final_status && statuses.empty()) ++v.null_status;
  }
  for (const auto& m : f.agent.messages) {
    const std::string& t = m.detail;
    switch (m.kind) {
      case AgentMessageKind::unable_to_connect:
        v.any = true;
        v.null_status = std::max<std::uint64_t>(v.null_status, 1);
        if (v.text.empty()) v.text = t;
        break;
      case AgentMessageKind::copilot_model_retries:
      case AgentMessageKind::api_error:
        v.any = true;
        if (auto s = status_in(t)) statuses[*s] += m.count;
        if (v.text.empty()) v.text = t;
        break;
      default: break;
    }
  }
  if (!v.any && f.api_proxy.request_complete_total > 0) {
    // No client log: the api-proxy's request_complete statuses are what it sent back to the client.
    v.any = true;
    v.from_proxy_log = true;
    v.attempts = f.api_proxy.request_complete_total;
    for (const auto& [key, n] : f.api_proxy.request_complete)
      if (auto s = status_in(key.substr(key.rfind(' ') == std::string::npos ? 0 : key.rfind(' ')))) statuses[*s] += n;
  }
  if (contains(v.text, "ECONNRESET") || contains(v.text, "connection reset")) v.reset = true;
  if (v.attempts == 0 && v.any) v.attempts = 1;
  std::uint64_t best = 0;
  for (const auto& [s, n] : statuses)
    if (n > best) best = n, v.status = s;
  return v;
}

}  // namespace awf::logs::parts
