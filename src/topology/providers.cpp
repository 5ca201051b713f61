// The provider table (plain data). Each value's source is in docs/providers.md; empty = the facts
// we have are silent (docs/providers.md lists every gap).
#include "topology/providers.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace awf {
namespace {

using Header = std::pair<std::string_view, std::string_view>;
// domain §6: the zero-token request and the models list both carry anthropic-version.
constexpr Header kAnthropicMessagesHeaders[] = {{"anthropic-version", "2023-06-01"},
                                                {"content-type", "application/json"}};
constexpr Header kAnthropicModelsHeaders[] = {{"anthropic-version", "2023-06-01"}};
// domain §8: Codex, given a base URL without /v1 (awf's http://172.30.0.30:10000), requests /responses.
constexpr Header kJsonHeaders[] = {{"content-type", "application/json"}};

Provider anthropic_row() {
  return Provider{
      .id = ProviderId::anthropic,
      .name = "anthropic",
      .display = "Anthropic",
      .client = "Claude Code",
      .sidecar_port = 10001,
      .upstream_host = "api.anthropic.com",
      .env_prefixes = {"ANTHROPIC_", "CLAUDE_"},
      .base_url_vars = {"ANTHROPIC_BASE_URL"},
      .key_vars = {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY"},
      .token_vars = {"ANTHROPIC_AUTH_TOKEN"},
      .oauth_vars = {"CLAUDE_CODE_OAUTH_TOKEN"},
      .placeholders = {{"sk-ant-placeholder-key-for-credential-isolation", "v0.25.6", "",
                        "ANTHROPIC_AUTH_TOKEN; what get-claude-key.sh prints in every version"},
                       {"placeholder-token-for-credential-isolation", "", "v0.25.5", "ANTHROPIC_AUTH_TOKEN"}},
      .real_key_prefixes = {"sk-ant-"},
      .token_shapes = {},
      .base_url_needs_key = false,
      .injected_auth_header = "x-api-key",
      .auth_scheme = "",
      .health_services = {"awf-api-proxy-anthropic", "anthropic-proxy"},
      .sidecar_key_var = "ANTHROPIC_API_KEY",
      .not_configured_error = "",
      .zero_token_probe = {"POST",
                           "/v1/messages",
                           kAnthropicMessagesHeaders,
                           "{}",
                           400,
                           "invalid_request_error"},
      .models_probe = {"GET", "/v1/models", kAnthropicModelsHeaders, "", 0, ""},
      .errors = {"request-id", "req_", "request_id", true, ""},
      .stripped_headers = {"host", "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key",
                           "forwarded", "via", "x-forwarded-*"},
      .credential_helper = "apiKeyHelper",
      .agent_env_when = "awf sets both whenever the api-proxy is on, for OIDC/WIF auth since PR #4119",
  };
}

Provider openai_row() {
  return Provider{
      .id = ProviderId::openai,
      .name = "openai",
      .display = "OpenAI",
      .client = "Codex",
      .sidecar_port = 10000,
      .upstream_host = "api.openai.com",
      .env_prefixes = {"OPENAI_", "CODEX_"},
      .base_url_vars = {"OPENAI_BASE_URL"},
      .key_vars = {},
      .token_vars = {"OPENAI_API_KEY", "CODEX_API_KEY"},
      .oauth_vars = {},
      .placeholders = {{"sk-placeholder-for-api-proxy", "v0.25.40", "", "OPENAI_API_KEY, CODEX_API_KEY"}},
      .real_key_prefixes = {},
      .token_shapes = {},
      .base_url_needs_key = true,  // §8: Codex without OPENAI_API_KEY/CODEX_API_KEY ignores OPENAI_BASE_URL
      .injected_auth_header = "authorization",
      .auth_scheme = "Bearer",  // §8: api.openai.com answers "Missing bearer or basic authentication"
      .health_services = {},
      .sidecar_key_var = "OPENAI_API_KEY",
      .not_configured_error = "OpenAI proxy not configured",  // §4: 404 on port 10000
      // Rejection-only (accepted_status 0): the path is Codex's own (§8); our facts name no answer of
      // api.openai.com that shows a key accepted, only its 401 (docs/providers.md).
      .zero_token_probe = {"POST", "/responses", kJsonHeaders, "{}", 0, ""},
      .models_probe = {},
      .errors = {"", "", "", false, "openai"},
      .stripped_headers = {},
      .credential_helper = "",
      // awf's buildOpenAiCredentialEnv: the OpenAI variables only when awf is given an OpenAI key.
      .agent_env_when = "awf sets them only when it is given an OpenAI key (OPENAI_API_KEY in the runner's "
                        "environment), so check that the key reached awf before setting them by hand",
  };
}

Provider copilot_row() {
  return Provider{
      .id = ProviderId::copilot,
      .name = "copilot",
      .display = "GitHub Copilot",
      .client = "Copilot CLI",
      .sidecar_port = 10002,
      .upstream_host = "api.githubcopilot.com",
      .env_prefixes = {"COPILOT_"},
      .base_url_vars = {"COPILOT_API_URL", "COPILOT_PROVIDER_BASE_URL"},
      .key_vars = {"COPILOT_PROVIDER_API_KEY"},
      .token_vars = {"COPILOT_GITHUB_TOKEN", "COPILOT_TOKEN"},
      .oauth_vars = {},
      .placeholders = {{"ghu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "v0.25.45", "",
                        "COPILOT_GITHUB_TOKEN, COPILOT_TOKEN, COPILOT_PROVIDER_API_KEY"}},
      .real_key_prefixes = {},
      .token_shapes = {"gho_", "ghu_", "github_pat_"},
      .base_url_needs_key = false,
      .injected_auth_header = "",
      .auth_scheme = "",  // §8: Bearer vs token depends on the host class and the tenant
      .health_services = {},
      .sidecar_key_var = "",
      .not_configured_error = "",
      .zero_token_probe = {},
      .models_probe = {},
      .errors = {"", "", "", false, "github"},
      .stripped_headers = {},
      .credential_helper = "",
      .agent_env_when = "",
  };
}

Provider gemini_row() {
  return Provider{
      .id = ProviderId::gemini,
      .name = "gemini",
      .display = "Gemini",
      .client = "",
      .sidecar_port = 10003,
      .upstream_host = "",
      // Not in our awf facts: the names the tool already used before this table (unverified).
      .env_prefixes = {"GEMINI_", "GOOGLE_"},
      .base_url_vars = {"GEMINI_API_BASE_URL", "GOOGLE_GEMINI_BASE_URL"},
      .key_vars = {"GEMINI_API_KEY", "GOOGLE_API_KEY"},
      .token_vars = {},
      .oauth_vars = {},
      .placeholders = {},
      .real_key_prefixes = {},
      .token_shapes = {},
      .base_url_needs_key = false,
      .injected_auth_header = "",
      .auth_scheme = "",
      .health_services = {},
      .sidecar_key_var = "",
      .not_configured_error = "",
      .zero_token_probe = {},
      .models_probe = {},
      .errors = {"", "", "", false, ""},
      .stripped_headers = {},
      .credential_helper = "",
      .agent_env_when = "",
  };
}

std::vector<Provider> make_rows() { return {anthropic_row(), openai_row(), copilot_row(), gemini_row()}; }

}  // namespace

const std::vector<Provider>& providers() {
  static const std::vector<Provider> rows = make_rows();
  return rows;
}

const Provider& provider(ProviderId id) {
  for (const auto& p : providers())
    if (p.id == id) return p;
  throw std::logic_error("provider table has no row for this id");
}

const Provider* provider_named(std::string_view name) {
  for (const auto& p : providers())
    if (p.name == name) return &p;
  return nullptr;
}

const AwfFacts& awf_facts() {
  static const AwfFacts f{
      .sidecar_ip = "172.30.0.30",
      .sidecar_hostname = "api-proxy",
      .squid_ip = "172.30.0.10",
      .squid_port = 3128,
      .agent_ip = "172.30.0.20",
      .management_port = 10000,
      .helper_image_path = "/usr/local/bin/get-claude-key.sh",
      .helper_chroot_path = "/tmp/awf-lib/get-claude-key.sh",
      .chroot_var = "AWF_CHROOT_ENABLED",
      .markers = {"CLAUDE_CODE_API_KEY_HELPER", "SQUID_PROXY_HOST"},
      .proxy_vars = {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"},
      .no_proxy_vars = {"NO_PROXY", "no_proxy"},
  };
  return f;
}

std::string_view current_placeholder(const Provider& p) {
  return p.placeholders.empty() ? std::string_view() : p.placeholders.front().value;
}

bool is_placeholder(std::string_view value) {
  for (const auto& p : providers())
    for (const auto& ph : p.placeholders)
      if (ph.value == value) return true;
  return false;
}

std::vector<std::string_view> all_credential_vars() {
  std::vector<std::string_view> out;
  auto add = [&](std::string_view v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  for (const auto& p : providers()) {
    for (auto v : p.key_vars) add(v);
    for (auto v : p.token_vars) add(v);
    for (auto v : p.oauth_vars) add(v);
  }
  for (std::string_view v : {"GITHUB_TOKEN", "GH_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}) add(v);
  return out;
}

std::string awf_base_url(const Provider& p) {
  return "http://" + std::string(awf_facts().sidecar_ip) + ":" + std::to_string(p.sidecar_port);
}

std::string upstream_origin(const Provider& p) {
  return p.upstream_host.empty() ? std::string() : "https://" + std::string(p.upstream_host);
}

}  // namespace awf
