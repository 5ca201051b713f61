#include "report/cause_catalog.hpp"

#include <map>

namespace awf {

std::string cause_title(const std::string& fault_id) {
  static const std::map<std::string, std::string> titles = {
      // helper link (domain.md §3)
      {"helper-not-configured", "apiKeyHelper is declared in no settings file although awf asked for it"},
      {"helper-config-not-read", "apiKeyHelper is declared only in a file this Claude Code does not read"},
      {"helper-settings-disagree", "The settings files name different apiKeyHelper commands"},
      {"helper-empty-command", "apiKeyHelper is declared with an empty command"},
      {"helper-not-found", "The apiKeyHelper command is not found where the CLI runs it (exit 127)"},
      {"helper-not-executable", "The apiKeyHelper command is not executable (exit 126)"},
      {"helper-exit-nonzero", "apiKeyHelper exits with an error"},
      {"helper-timeout", "apiKeyHelper hangs instead of printing a key and exiting"},
      {"helper-empty-output", "apiKeyHelper exits 0 with empty output"},
      {"helper-multiline", "apiKeyHelper prints more than one line"},
      {"helper-output-flood", "apiKeyHelper floods its output"},
      {"helper-output-binary", "apiKeyHelper prints bytes no HTTP header value can carry (NUL, control, non-ASCII)"},
      {"helper-old-placeholder", "apiKeyHelper prints the pre-v0.25.6 placeholder"},
      {"helper-real-key", "apiKeyHelper prints a real credential into the agent"},
      {"helper-unexpected-value", "apiKeyHelper prints something other than awf's placeholder"},
      // env link (domain.md §2)
      {"env-base-url-missing", "ANTHROPIC_BASE_URL is not set in the agent"},
      {"env-base-url-malformed", "ANTHROPIC_BASE_URL is not a usable http(s) URL"},
      {"env-base-url-path", "ANTHROPIC_BASE_URL carries a path ending in /v1, so calls go to /v1/v1/messages"},
      {"env-api-key-present", "A key in ANTHROPIC_API_KEY / CLAUDE_API_KEY reached the agent"},
      {"env-old-placeholder", "ANTHROPIC_AUTH_TOKEN holds the pre-v0.25.6 placeholder"},
      {"env-real-token", "A real token in ANTHROPIC_AUTH_TOKEN reached the agent"},
      {"env-token-not-placeholder", "ANTHROPIC_AUTH_TOKEN is not awf's placeholder"},
      {"env-oauth-token-present", "CLAUDE_CODE_OAUTH_TOKEN reached the agent"},
      {"env-settings-block-credential", "The settings env block sets a credential or another base URL"},
      {"env-no-proxy-host-missing", "NO_PROXY does not exempt the api-proxy host, so requests go to Squid"},
      {"env-no-proxy-mismatch", "NO_PROXY and no_proxy disagree about the api-proxy host"},
      // proxy link (domain.md §4, §12)
      {"proxy-not-listening", "Nothing listens at the api-proxy address"},
      {"proxy-no-response", "The api-proxy accepts the request but never answers it"},
      {"proxy-invalid-injected-header",
       "The api-proxy fails on its own injected key (key hygiene: trailing newline or whitespace in x-api-key)"},
      {"proxy-provider-not-configured", "The api-proxy has no Anthropic credential (provider_not_configured)"},
      {"proxy-own-error", "The api-proxy refuses the request itself"},
      {"proxy-unrecognised-answer", "Something other than awf's api-proxy or the provider answers at the base URL"},
      // squid link (domain.md §5)
      {"squid-unreachable", "Squid is not reachable"},
      {"squid-connect-timeout", "Squid accepts connections but does not answer the CONNECT (DNS or upstream stuck)"},
      {"squid-denied-sidecar", "Squid's allow-list denies the api-proxy's CONNECT to the upstream"},
      {"squid-dns-fail", "Squid cannot resolve the upstream host (DNS), so the tunnel never opens"},
      {"squid-upstream-connect-fail", "Squid resolves the upstream but cannot connect to it"},
      {"squid-connect-refused", "Squid refuses the CONNECT to the upstream"},
      {"squid-refused-sidecar", "Squid refuses the api-proxy's CONNECT to the upstream"},
      {"squid-tunnel-failed", "The api-proxy cannot open its tunnel through Squid"},
      {"squid-tls-failed", "TLS with the upstream through Squid fails (e.g. an ssl-bump CA not trusted)"},
      {"squid-tunnel-dropped", "The tunnel through Squid drops before TLS completes"},
      // upstream link (domain.md §6)
      {"upstream-key-rejected", "The upstream rejects the real key held by the api-proxy (revoked or wrong key)"},
      {"upstream-path-not-found", "The upstream answers 404 for the request path"},
      {"upstream-error", "The upstream answers with an error"},
      {"upstream-not-anthropic", "Something other than the provider answers at the upstream address"},
  };
  auto it = titles.find(fault_id);
  return it != titles.end() ? it->second : std::string();
}

}  // namespace awf
