#include "logs/log_format.hpp"

#include <array>
#include <map>

#include "logs/agent_text.hpp"
#include "logs/squid_cache_log.hpp"
#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

bool has(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

bool is_method(std::string_view m) {
  if (m.empty() || m.size() > 16) return false;
  for (char c : m)
    if ((c < 'A' || c > 'Z') && c != '-' && c != '_') return false;
  return true;
}

// access.log shapes (domain.md §5): field 1 `%ts.%03tu`; field 2 `ip:port` (firewall_detailed) or
// a bare integer (native elapsed ms).
LogFormat classify_access(std::string_view line) {
  std::array<std::string_view, 11> f;
  std::size_t n = split_fields(line, f.data(), f.size());
  if (n < 8 || !parse_epoch_ms(f[0])) return LogFormat::unknown;
  if (parse_uint(f[1])) {
    // native: ts elapsed client result/status bytes method url [user hier/peer mime]
    if (f[3].find('/') != std::string_view::npos && is_method(f[5])) return LogFormat::squid_access_native;
    return LogFormat::unknown;
  }
  if (f[1].find(':') != std::string_view::npos && n >= 9 && is_method(f[5]) && parse_uint(f[6]) &&
      f[7].find(':') != std::string_view::npos)
    return LogFormat::squid_access_detailed;
  return LogFormat::unknown;
}

LogFormat classify_json(std::string_view line) {
  if (has(line, "\"decision\"") && has(line, "\"client\"")) return LogFormat::squid_audit_jsonl;
  if (has(line, "\"type\":\"system\"") || has(line, "\"type\":\"result\"") || has(line, "\"type\":\"assistant\"") ||
      has(line, "\"type\":\"user\"") || has(line, "\"type\":\"stream_event\"") || has(line, "\"type\": \"system\"") ||
      has(line, "\"type\": \"result\""))
    return LogFormat::claude_stream_json;
  if (has(line, "\"event\"") && (has(line, "\"level\"") || has(line, "\"timestamp\"") || has(line, "\"_schema\"")))
    return LogFormat::api_proxy_jsonl;
  return LogFormat::unknown;
}

// squid.conf directives the tool may meet (a subset; a file of only unknown directives is not
// taken for a squid.conf).
bool is_squid_directive(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kDirectives{
      "http_port", "https_port", "acl", "http_access", "cache_peer", "cache_peer_access", "never_direct",
      "always_direct", "prefer_direct", "dns_nameservers", "access_log", "logformat", "cache_log", "cache",
      "cache_dir", "cache_mem", "pid_filename", "coredump_dir", "visible_hostname", "connect_timeout",
      "read_timeout", "request_timeout", "client_lifetime", "half_closed_clients", "forwarded_for", "via",
      "ssl_bump", "sslcrtd_program", "sslproxy_cert_error", "tls_outgoing_options", "shutdown_lifetime",
      "hosts_file", "refresh_pattern", "maximum_object_size", "http_reply_access", "debug_options",
      "dns_v4_first", "append_domain", "include", "cache_effective_user"};
  for (auto d : kDirectives)
    if (w == d) return true;
  return false;
}

}  // namespace

const char* format_name(LogFormat f) {
  switch (f) {
    case LogFormat::unknown: return "unknown";
    case LogFormat::empty: return "empty";
    case LogFormat::squid_access_detailed: return "squid_access_detailed";
    case LogFormat::squid_access_native: return "squid_access_native";
    case LogFormat::squid_audit_jsonl: return "squid_audit_jsonl";
    case LogFormat::squid_cache_log: return "squid_cache_log";
    case LogFormat::squid_conf: return "squid_conf";
    case LogFormat::api_proxy_jsonl: return "api_proxy_jsonl";
    case LogFormat::claude_stream_json: return "claude_stream_json";
    case LogFormat::agent_output: return "agent_output";
  }
  return "unknown";
}

const char* format_family(LogFormat f) {
  switch (f) {
    case LogFormat::squid_access_detailed:
    case LogFormat::squid_access_native: return "squid_access";
    case LogFormat::squid_audit_jsonl: return "squid_audit";
    case LogFormat::squid_cache_log: return "squid_cache";
    case LogFormat::squid_conf: return "squid_conf";
    case LogFormat::api_proxy_jsonl: return "api_proxy";
    case LogFormat::claude_stream_json:
    case LogFormat::agent_output: return "agent";
    default: return "";
  }
}

LogFormat classify_line(std::string_view line) {
  std::string_view t = trim(line);
  if (t.empty() || t.front() == '#') return LogFormat::unknown;
  if (t.front() >= '0' && t.front() <= '9') {
    LogFormat a = classify_access(t);
    if (a != LogFormat::unknown) return a;
    t = strip_ts_prefix(t);  // a job-log time stamp before an agent or api-proxy line
    if (t.empty()) return LogFormat::unknown;
  }
  if (t.front() == '{') return classify_json(t);
  if (cache_log_line_shape(t)) return LogFormat::squid_cache_log;
  if (agent_text_known(t)) return LogFormat::agent_output;
  // The api-proxy's Node process prints its crash as plain text (R01: TypeError [ERR_INVALID_CHAR]).
  if (has(t, "[ERR_") && has(t, "Error")) return LogFormat::api_proxy_jsonl;
  std::size_t sp = t.find_first_of(" \t");
  if (sp != std::string_view::npos && is_squid_directive(t.substr(0, sp))) return LogFormat::squid_conf;
  return LogFormat::unknown;
}

LogFormat detect_format(const std::vector<std::string>& first_lines) {
  std::map<LogFormat, std::size_t> votes;
  std::map<LogFormat, std::size_t> first_seen;
  bool any_text = false;
  for (std::size_t i = 0; i < first_lines.size(); ++i) {
    if (!trim(first_lines[i]).empty()) any_text = true;
    LogFormat f = classify_line(first_lines[i]);
    if (f == LogFormat::unknown) continue;
    ++votes[f];
    first_seen.emplace(f, i);
  }
  if (!any_text) return LogFormat::empty;
  if (votes.empty()) return LogFormat::unknown;
  // Families vote together: both access-log shapes; stream-json and agent text (one agent log).
  auto fam = [&](LogFormat a, LogFormat b) { return votes[a] + votes[b]; };
  std::size_t access = fam(LogFormat::squid_access_detailed, LogFormat::squid_access_native);
  std::size_t agent = fam(LogFormat::claude_stream_json, LogFormat::agent_output);
  struct Cand { LogFormat f; std::size_t v; std::size_t first; };
  std::vector<Cand> c;
  auto first_of = [&](LogFormat a) { auto it = first_seen.find(a); return it == first_seen.end() ? SIZE_MAX : it->second; };
  if (access)
    c.push_back({votes[LogFormat::squid_access_native] > votes[LogFormat::squid_access_detailed]
                     ? LogFormat::squid_access_native : LogFormat::squid_access_detailed,
                 access, std::min(first_of(LogFormat::squid_access_native), first_of(LogFormat::squid_access_detailed))});
  if (agent)
    c.push_back({votes[LogFormat::claude_stream_json] ? LogFormat::claude_stream_json : LogFormat::agent_output, agent,
                 std::min(first_of(LogFormat::claude_stream_json), first_of(LogFormat::agent_output))});
  for (LogFormat f : {LogFormat::squid_audit_jsonl, LogFormat::squid_cache_log, LogFormat::squid_conf, LogFormat::api_proxy_jsonl})
    if (votes[f]) c.push_back({f, votes[f], first_of(f)});
  const Cand* best = &c.front();
  for (const auto& x : c)
    if (x.v > best->v || (x.v == best->v && x.first < best->first)) best = &x;
  return best->f;
}

}  // namespace awf::logs
