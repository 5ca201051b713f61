#include "logs/agent_text.hpp"

#include <array>
#include <cctype>

#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

bool has(std::string_view s, std::string_view n) { return s.find(n) != std::string_view::npos; }
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

struct Pattern { std::string_view marker; AgentMessageKind kind; };
// Most specific first: the first marker found decides the kind.
constexpr std::array<Pattern, 13> kPatterns{{
    {"did not return a value", AgentMessageKind::helper_no_value},
    {"apiKeyHelper failed:", AgentMessageKind::helper_failed},
    {"Could not resolve authentication method", AgentMessageKind::auth_unresolved},
    {"Auth conflict:", AgentMessageKind::auth_conflict},
    {"No authentication information found", AgentMessageKind::copilot_no_auth},
    {"Failed to get response from the AI model", AgentMessageKind::copilot_model_retries},
    {"Missing bearer or basic authentication", AgentMessageKind::codex_missing_bearer},
    {"Ignoring extra certs from", AgentMessageKind::extra_certs_ignored},
    {"Unable to connect to API", AgentMessageKind::unable_to_connect},
    {"Invalid API key", AgentMessageKind::invalid_api_key},
    {"unable to verify the first certificate", AgentMessageKind::cert_not_verified},
    {"API Error:", AgentMessageKind::api_error},
    {"apiKeyHelper failed", AgentMessageKind::helper_failed},
}};

// Only a timestamp or a bracketed tag may stand before a client's own error line (a CI log's
// "2026-11-30T01:02:03.123Z " prefix): prose that quotes the message ("…now prints \"API Error: …\"")
// has words there and is not the client failing.
bool line_start_prefix(std::string_view prefix) {
  for (char c : prefix)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == ' ' || c == '\t' || c == '-' || c == ':' || c == '.' ||
          c == '+' || c == 'T' || c == 'Z' || c == '[' || c == ']'))
      return false;
  return true;
}

// Claude Code's error lines (domain.md §7: "API Error: Unable to connect to API (ECONNRESET)",
// "API Error: 401 {…}") count only where they start the line.
bool client_error_line(std::string_view t, const Pattern& p) {
  if (p.kind != AgentMessageKind::unable_to_connect && p.kind != AgentMessageKind::api_error) return true;
  std::string_view prefix = t.substr(0, t.find(p.marker));
  static constexpr std::string_view kApiError = "API Error: ";
  if (p.kind == AgentMessageKind::unable_to_connect) {  // always printed as "API Error: Unable to …"
    if (prefix.size() < kApiError.size() || prefix.substr(prefix.size() - kApiError.size()) != kApiError) return false;
    prefix.remove_suffix(kApiError.size());
  }
  return line_start_prefix(prefix);
}

const Pattern* match(std::string_view t) {
  for (const auto& p : kPatterns)
    if (has(t, p.marker) && client_error_line(t, p)) return &p;
  return nullptr;
}

void note(AgentTextFacts& f, AgentMessageKind kind, std::string_view detail, Where w) {
  for (auto& m : f.messages)
    if (m.kind == kind) {
      ++m.count;
      return;
    }
  f.messages.push_back({kind, 1, w, capped(detail)});
}

// "<file>" between prefix and suffix markers of an entrypoint line.
std::string between(std::string_view t, std::string_view after, std::string_view before) {
  std::size_t a = t.find(after);
  if (a == std::string_view::npos) return {};
  std::string_view rest = t.substr(a + after.size());
  std::size_t b = before.empty() ? std::string_view::npos : rest.find(before);
  return capped(trim(rest.substr(0, b)), 200);
}

bool entrypoint_line(std::string_view t, Where w, EntrypointFacts& e) {
  auto file = [&](std::string action, std::string path) {
    if (e.helper_files.size() < EntrypointFacts::kMaxKept) e.helper_files.push_back({std::move(path), std::move(action), w});
  };
  if (has(t, "API key helper configured:")) e.helper_configured = between(t, "API key helper configured:", "");
  else if (has(t, "Could not copy get-claude-key.sh to chroot")) e.chroot_copy_failed = w;
  else if (has(t, "helper copied to chroot at")) e.chroot_copy = between(t, "helper copied to chroot at", "");
  else if (has(t, "Updated apiKeyHelper path in")) file("path_updated", between(t, "Updated apiKeyHelper path in", ""));
  else if (has(t, "apiKeyHelper validated")) file("validated", between(t, "\xE2\x9C\x93", "apiKeyHelper validated"));
  else if (has(t, "Updating apiKeyHelper in")) file("updated", between(t, "Updating apiKeyHelper in", " (was:"));
  else if (has(t, "exists but missing apiKeyHelper")) file("merged", between(t, "]", "exists but missing apiKeyHelper"));
  else if (has(t, "with apiKeyHelper...")) file("created", between(t, "Creating", "with apiKeyHelper"));
  else if (has(t, "Wrote apiKeyHelper to")) file("overwritten", between(t, "Wrote apiKeyHelper to", "(overwrite"));
  else return false;
  return true;
}

}  // namespace

const char* message_kind_name(AgentMessageKind k) {
  switch (k) {
    case AgentMessageKind::helper_not_found: return "helper_not_found";
    case AgentMessageKind::helper_no_value: return "helper_no_value";
    case AgentMessageKind::helper_failed: return "helper_failed";
    case AgentMessageKind::auth_unresolved: return "auth_unresolved";
    case AgentMessageKind::auth_conflict: return "auth_conflict";
    case AgentMessageKind::copilot_no_auth: return "copilot_no_auth";
    case AgentMessageKind::copilot_model_retries: return "copilot_model_retries";
    case AgentMessageKind::codex_missing_bearer: return "codex_missing_bearer";
    case AgentMessageKind::extra_certs_ignored: return "extra_certs_ignored";
    case AgentMessageKind::unable_to_connect: return "unable_to_connect";
    case AgentMessageKind::invalid_api_key: return "invalid_api_key";
    case AgentMessageKind::cert_not_verified: return "cert_not_verified";
    case AgentMessageKind::api_error: return "api_error";
  }
  return "api_error";
}

bool agent_text_known(std::string_view line) {
  std::string_view t = trim(line);
  return starts(t, "[entrypoint]") || starts(t, "[health-check]") || starts(t, "[get-claude-key.sh]") ||
         has(t, "X-Squid-Error:") || match(t) != nullptr;
}

LineUse read_agent_text_line(std::string_view line, Where where, AgentTextFacts& f, ErrCodeFacts& codes) {
  std::string_view t = trim(line);
  if (t.empty()) return LineUse::other;
  for (unsigned char c : t)
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return LineUse::unparsed;
  bool squid_code = scan_err_codes(t, where, codes) > 0;
  EntrypointFacts& e = f.entrypoint;
  if (starts(t, "[health-check]")) {
    ++e.health_check_lines;
    if (has(t, "All API proxy health checks passed")) {
      if (!e.health_check_passed.known()) e.health_check_passed = where;
    } else if ((has(t, "\xE2\x9C\x97") || has(t, "ERROR") || has(t, "FAIL") || has(t, "failed")) &&
               e.health_check_failures.size() < EntrypointFacts::kMaxKept) {
      e.health_check_failures.push_back({capped(t), where});
    }
    return LineUse::used;
  }
  if (starts(t, "[get-claude-key.sh]")) {
    ++e.helper_stderr_lines;
    if (has(t, "ANTHROPIC_BASE_URL=")) e.helper_base_url = between(t, "ANTHROPIC_BASE_URL=", "");
    return LineUse::used;
  }
  if (starts(t, "[entrypoint]")) {
    ++e.entrypoint_lines;
    entrypoint_line(t, where, e);
    return LineUse::used;
  }
  if (const Pattern* p = match(t)) {
    AgentMessageKind kind = p->kind;
    if (kind == AgentMessageKind::helper_failed && (has(t, "not found") || has(t, "exited 127")))
      kind = AgentMessageKind::helper_not_found;
    note(f, kind, t.substr(t.find(p->marker)), where);
    return LineUse::used;
  }
  return squid_code ? LineUse::used : LineUse::other;
}

}  // namespace awf::logs
