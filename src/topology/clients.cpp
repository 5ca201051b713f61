// The built-in client profiles (data rows). Facts and their sources: see clients.hpp and
// docs/clients.md. A `{{auth:NAME}}` value marks where the credential header NAME sits in the
// client's header order; request_sequence() fills it from the matching AuthRow or drops it.
#include "topology/clients.hpp"

#include <stdexcept>

namespace awf::topology {

namespace {

constexpr const char* kObserved =
    "observed: @anthropic-ai/claude-code@2.1.88 -p, loopback recording double (tests/topology/clients_realclient_test.cpp, docs/clients.md)";

CredentialSources src(bool token, bool key, bool helper, bool oauth = false) {
  CredentialSources s;
  s.auth_token = token;
  s.api_key = key;
  s.api_key_helper = helper;
  s.oauth_token = oauth;
  return s;
}

HeaderField xkey(const char* ph) { return {"x-api-key", std::string("{{") + ph + "}}"}; }
HeaderField bearer(const char* ph) { return {"Authorization", std::string("Bearer {{") + ph + "}}"}; }

ClientProfile claude_code() {
  ClientProfile p;
  p.id = "claude-code";
  p.version = "2.1.88";
  p.provider = "anthropic";
  p.provenance = std::string("domain.md §3, §7; ") + kObserved;
  p.before = {{"HEAD",
               "/",
               {{"accept", "*/*"}, {"accept-language", "*"}, {"sec-fetch-mode", "cors"}, {"user-agent", "node"},
                {"accept-encoding", "gzip, deflate"}},
               true,
               "domain.md §7 (HEAD / at start); observed: sent only when no HTTP(S)_PROXY/http(s)_proxy is set, "
               "with no credential header"}};
  p.method = "POST";
  p.path_query = "/v1/messages?beta=true";
  p.headers = {
      {"Accept", "application/json"},
      {"X-Stainless-Retry-Count", "0"},
      {"X-Stainless-Timeout", "600"},
      {"X-Stainless-Lang", "js"},
      {"X-Stainless-Package-Version", "0.74.0"},
      {"X-Stainless-OS", "{{os}}"},
      {"X-Stainless-Arch", "{{arch}}"},
      {"X-Stainless-Runtime", "node"},
      {"X-Stainless-Runtime-Version", "{{node_version}}"},
      {"anthropic-dangerous-direct-browser-access", "true"},
      {"anthropic-version", "2023-06-01"},
      {"x-api-key", "{{auth:x-api-key}}"},
      {"x-app", "cli"},
      {"User-Agent", "claude-cli/2.1.88 (external, sdk-cli)"},
      {"X-Claude-Code-Session-Id", "{{session_id}}"},
      {"Authorization", "{{auth:Authorization}}"},
      {"content-type", "application/json"},
      {"anthropic-beta",
       "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
       "prompt-caching-scope-2026-01-05,effort-2025-11-24"},
      {"accept-language", "*"},
      {"sec-fetch-mode", "cors"},
      {"accept-encoding", "gzip, deflate"},
  };
  p.model = "claude-sonnet-4-6";
  p.streams = true;
  p.auth = {
      {src(true, false, false), {bearer("ANTHROPIC_AUTH_TOKEN")}, {bearer("ANTHROPIC_AUTH_TOKEN")}, kObserved},
      {src(false, true, false), {xkey("ANTHROPIC_API_KEY")}, {xkey("ANTHROPIC_API_KEY")}, kObserved},
      {src(false, false, true), {xkey("apiKeyHelper"), bearer("apiKeyHelper")},
       {xkey("apiKeyHelper"), bearer("apiKeyHelper")}, kObserved},
      {src(true, false, true), {xkey("apiKeyHelper"), bearer("ANTHROPIC_AUTH_TOKEN")}, {bearer("ANTHROPIC_AUTH_TOKEN")},
       std::string("domain.md §3, §7; ") + kObserved},
      {src(true, true, false), {xkey("ANTHROPIC_API_KEY"), bearer("ANTHROPIC_AUTH_TOKEN")},
       {xkey("ANTHROPIC_API_KEY"), bearer("ANTHROPIC_AUTH_TOKEN")}, kObserved},
      {src(false, true, true), {xkey("ANTHROPIC_API_KEY"), bearer("apiKeyHelper")},
       {xkey("ANTHROPIC_API_KEY"), bearer("apiKeyHelper")}, kObserved},
      {src(false, false, false, true), {bearer("CLAUDE_CODE_OAUTH_TOKEN"), {"anthropic-beta", "oauth-2025-04-20"}}, {},
       "domain.md §3 (not observed; retries after a 401 unknown)"},
  };
  p.unknown = {"credential headers with all three of ANTHROPIC_AUTH_TOKEN, ANTHROPIC_API_KEY and apiKeyHelper set",
               "retries after a 401 with CLAUDE_CODE_OAUTH_TOKEN",
               "the body beyond model/messages/stream/max_tokens (the real body also carries system, tools, "
               "metadata, thinking, context_management, output_config; not replayed)"};
  return p;
}

ClientProfile codex() {
  ClientProfile p;
  p.id = "codex";
  p.provider = "openai";
  p.provenance = "domain.md §2, §8; case R18";
  p.method = "POST";
  p.path_query = "/responses";  // a base URL without /v1 makes it request /responses (domain.md §8)
  p.headers = {{"Authorization", "{{auth:Authorization}}"}};
  p.streams = true;  // R18: stream true on the Responses API
  CredentialSources s;
  s.openai_key = true;
  p.auth = {{s, {{"Authorization", "Bearer {{OPENAI_API_KEY}}"}}, {{"Authorization", "Bearer {{OPENAI_API_KEY}}"}},
             "inferred: domain.md §8 (api.openai.com's 401 'Missing bearer or basic authentication in header'), "
             "R18 (the upstream keys on Authorization: Bearer)"}};
  p.unknown = {"version", "default model", "non-credential headers (User-Agent, OpenAI-Beta, ...)",
               "request body beyond stream: true", "a valid max_tokens-1 body for the Responses API",
               "WebSocket URL for Responses (fixed unless a custom provider is configured)"};
  return p;
}

ClientProfile copilot() {
  ClientProfile p;
  p.id = "copilot";
  p.version = "1.0.48";
  p.provider = "copilot";
  p.provenance = "domain.md §2, §8; case R22";
  p.method = "POST";
  p.path_query = "/chat/completions";  // R22
  p.headers = {{"Authorization", "{{auth:Authorization}}"},
               {"anthropic-beta", "context-1m-2025-08-07"}};  // R22, with a Claude Sonnet model
  p.model = "claude-sonnet-4.5";                               // R22's invocation
  p.streams = false;
  CredentialSources s;
  s.copilot_token = true;
  p.auth = {{s, {{"Authorization", "{{copilot_auth_scheme}} {{COPILOT_GITHUB_TOKEN}}"}}, {},
             "domain.md §8: the scheme (Bearer or token) depends on the host class and tenant - left as a "
             "placeholder"}};
  p.unknown = {"Authorization scheme per host ({{copilot_auth_scheme}})", "whether it streams",
               "non-credential headers other than R22's anthropic-beta",
               "the token check against api.github.com made before the first call (not a base-URL request)",
               "retries after a 401"};
  return p;
}

}  // namespace

const std::vector<ClientProfile>& builtin_profiles() {
  static const std::vector<ClientProfile> profiles = {claude_code(), codex(), copilot()};
  return profiles;
}

const ClientProfile& builtin_profile(const std::string& id) {
  std::string ids;
  for (const auto& p : builtin_profiles()) {
    if (p.id == id) return p;
    ids += (ids.empty() ? "" : ", ") + p.id;
  }
  throw std::invalid_argument("unknown client '" + id + "' (known: " + ids + ")");
}

}  // namespace awf::topology
