#pragma once
// Text lines of the agent container: awf's entrypoint (`[entrypoint] …`, apiKeyHelper set-up,
// domain.md §3), its pre-flight (`[health-check] …`, §2), the helper's stderr
// (`[get-claude-key.sh] …`, §3), and the CLI messages domain.md §3/§7/§8/§10 name (Claude Code's
// apiKeyHelper failures and auth messages, Copilot CLI's and Codex's auth/retry messages, Node's
// NODE_EXTRA_CA_CERTS warning). Anything else is free text (counted as other).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/err_codes.hpp"
#include "logs/source_summary.hpp"

namespace awf::logs {

enum class AgentMessageKind {
  helper_not_found,       ///< "apiKeyHelper failed: exited 127: … not found" (Claude Code)
  helper_no_value,        ///< "apiKeyHelper failed: did not return a value"
  helper_failed,          ///< any other "apiKeyHelper failed: …"
  auth_unresolved,        ///< "Could not resolve authentication method…"
  auth_conflict,          ///< "Auth conflict: Both a token … and an API key …"
  copilot_no_auth,        ///< Copilot CLI "Error: No authentication information found."
  copilot_model_retries,  ///< Copilot CLI "Failed to get response from the AI model; retried N times … Last error: …"
  codex_missing_bearer,   ///< Codex/OpenAI 401 "Missing bearer or basic authentication in header"
  extra_certs_ignored,    ///< Node "Warning: Ignoring extra certs from …"
  unable_to_connect,      ///< "Unable to connect to API (ECONN…)"
  invalid_api_key,        ///< "Invalid API key"
  cert_not_verified,      ///< "unable to verify the first certificate"
  api_error,              ///< any other "API Error: …"
};
const char* message_kind_name(AgentMessageKind k);

struct AgentMessage {
  AgentMessageKind kind;
  std::uint64_t count = 0;
  Where first;
  std::string detail;  ///< the message text from its marker on, capped at 240 bytes (first occurrence)
};

struct EntrypointFacts {
  static constexpr std::size_t kMaxKept = 16;
  std::uint64_t entrypoint_lines = 0;           ///< lines starting with [entrypoint]
  std::uint64_t health_check_lines = 0;         ///< lines starting with [health-check]
  Where health_check_passed;                    ///< "✓ All API proxy health checks passed"
  struct Text { std::string text; Where where; };
  std::vector<Text> health_check_failures;      ///< [health-check] lines with ✗/ERROR/FAIL/failed
  std::optional<std::string> helper_configured; ///< "[entrypoint] Claude Code API key helper configured: <path>"
  struct HelperFile { std::string file; std::string action; Where where; };
  /// action: validated, updated, merged, created, overwritten, path_updated
  std::vector<HelperFile> helper_files;
  std::optional<std::string> chroot_copy;       ///< "Claude key helper copied to chroot at <path>"
  Where chroot_copy_failed;                     ///< "[entrypoint][WARN] Could not copy get-claude-key.sh to chroot"
  std::uint64_t helper_stderr_lines = 0;        ///< [get-claude-key.sh] lines
  std::optional<std::string> helper_base_url;   ///< "Real authentication via ANTHROPIC_BASE_URL=<value>"
};

struct AgentTextFacts {
  std::vector<AgentMessage> messages;  ///< one entry per kind seen, in first-seen order
  EntrypointFacts entrypoint;
};

/// True when the line is an entrypoint/health-check/helper line or one of the CLI messages above.
bool agent_text_known(std::string_view line);

/// Feeds one text line (not JSON); Squid ERR_* codes quoted in it go to `codes`.
LineUse read_agent_text_line(std::string_view line, Where where, AgentTextFacts& facts, ErrCodeFacts& codes);

}  // namespace awf::logs
