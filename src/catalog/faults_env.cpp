// Fault rows of the agent environment link (data only; FaultId order within the file, ids never reordered).
// Hints are templates (catalog.hpp); the probe or rule that names a fault fills them.
#include "catalog/fault_parts.hpp"

namespace awf::catalog_data {

using enum FaultId;
using L = Link;

namespace {
const FaultInfo kRows[] = {
    {env_base_url_missing, "env-base-url-missing", L::env, Level::fail, "{base_url_var} is not set in the agent",
     "Inside awf the base URL variable is unset or empty: the client aims at the provider itself.",
     "set {base_url_var}={awf_base_url} (and the placeholder {token_var}={placeholder}) in the agent: "
     "{agent_env_when}",
     "", "env.base_url"},
    {env_base_url_malformed, "env-base-url-malformed", L::env, Level::fail,
     "{base_url_var} is not a usable http(s) URL", "The base URL does not parse or its scheme is not http(s).",
     "set {base_url_var} to an http(s) URL without a path, e.g. {awf_base_url}", "", "env.base_url"},
    {env_base_url_path, "env-base-url-path", L::env, Level::fail,
     "{base_url_var} carries a path ending in /v1, so calls go to /v1/v1/messages",
     "The client appends /v1/messages itself, so a base URL ending in /v1 doubles it (404).",
     "drop the trailing path: {base_url_var}={fixed}", "", "env.base_url (reported as H1)"},
    {env_api_key_present, "env-api-key-present", L::env, Level::fail,
     "A key in {key_vars} reached the agent",
     "An API-key variable is set in the agent of an api-proxy chain: it wins in -p mode; awf's pre-flight aborts.",
     "remove {names} from the agent's environment: the real key belongs to the api-proxy sidecar (awf excludes it "
     "whenever the api-proxy is on)",
     "", "env.api_key"},
    {env_old_placeholder, "env-old-placeholder", L::env, Level::warn,
     "{token_var} holds the pre-v0.25.6 placeholder", "The token variable holds awf's older placeholder.",
     "upgrade awf to >= v0.25.6", "", "env.auth_token (warn only)"},
    {env_real_token, "env-real-token", L::env, Level::fail, "A real token in {token_var} reached the agent",
     "The token variable holds a value shaped like a real key.",
     "remove it from the agent (awf gives the agent only {placeholder}) and rotate it", "", "env.auth_token"},
    {env_token_not_placeholder, "env-token-not-placeholder", L::env, Level::fail,
     "{token_vars} is not awf's placeholder",
     "Inside awf the token variable holds something other than the placeholder; awf's pre-flight aborts.",
     "give the agent only awf's placeholder {placeholder} in {token_var}, nothing else", "", "env.auth_token"},
    {env_oauth_token_present, "env-oauth-token-present", L::env, Level::fail,
     "{oauth_var} reached the agent", "An OAuth token variable is set in an awf agent.",
     "remove {oauth_var} from the agent's environment (awf excludes it); rotate it if it was real", "",
     "env.auth_token"},
    {env_settings_block_credential, "env-settings-block-credential", L::env, Level::fail,
     "The settings env block sets a credential or another base URL",
     "~/.claude/settings.json's env block sets a credential or another base URL, which the CLI applies to itself.",
     "Remove {names} from the env block of {path}: {client} applies that block to its own environment, so it "
     "overrides what awf sets for the agent (the real key belongs to the api-proxy only).",
     "", "env.settings_env"},
    {env_no_proxy_host_missing, "env-no-proxy-host-missing", L::env, Level::fail,
     "NO_PROXY does not exempt the api-proxy host, so requests go to Squid",
     "Node clients compare the URL host string with NO_PROXY; a missing host sends sidecar traffic to Squid.",
     "add {host} to NO_PROXY and no_proxy (awf >= v0.25.57 adds api-proxy); an IP entry does not cover a hostname",
     "", "env.no_proxy"},
    {env_no_proxy_mismatch, "env-no-proxy-mismatch", L::env, Level::warn,
     "NO_PROXY and no_proxy disagree about the api-proxy host", "One of NO_PROXY / no_proxy exempts the host, the other not.",
     "add {host} to {variable} too, so both variables agree", "", "env.no_proxy (warn only)"},
    {env_agent_sent_real_credential, "env-agent-sent-real-credential", L::env, Level::fail,
     "The agent sent a real credential, not awf's placeholder, in its own request",
     "capture saw a request from the agent carry a value shaped like a real key or token (a header the sidecar "
     "strips, a part of Authorization: Basic, or a query parameter) that is no placeholder: the secret is inside "
     "the agent, which credential isolation exists to prevent.",
     "The agent holds a real credential ({where}); awf gives it only {placeholder}. Find its source by comparing "
     "the fingerprint with the helper's and the environment's (awf-diag check-chain reports them, never the value): "
     "{command}. Remove it from the agent, keep the real key only in the api-proxy ({key_var} on the host), and "
     "rotate it: it has left the agent.",
     "awf-diag check-chain --only helper.run,env.auth_token,env.api_key -o json",
     "capture.auth"},
    {env_client_protocol_mismatch, "env-client-protocol-mismatch", L::env, Level::fail,
     "The client is configured for a path or API type the port does not serve",
     "The client-shaped request is refused on the client's path and accepted on the provider's path through the same "
     "chain: the path comes from the client's own configuration (its API type or base URL path), so the env link "
     "holds the fault, not the provider (R25: an OpenAI chat-completions client on the Anthropic port).",
     "The client speaks another protocol or path than the port it is given ({element}): fix the client's "
     "configuration (its API type, e.g. a provider config with api openai-completions, and its base URL path) to "
     "use {provider}'s Messages path on this route; awf's api-proxy forwards paths unchanged.",
     "", "env.client_path (the bisection named the path)"},
    {env_client_ignores_base_url, "env-client-ignores-base-url", L::env, Level::fail,
     "The client ignores its base URL because no key variable is set (Codex)",
     "The base URL variable is set but none of the route's key variables is: Codex (v0.121+) then ignores "
     "OPENAI_BASE_URL and calls api.openai.com itself, which the agent cannot reach (domain §8).",
     "set {token_var}={placeholder} in the agent (awf >= v0.25.40 sets OPENAI_API_KEY and CODEX_API_KEY to it), so "
     "the client uses {base_url_var}",
     "", "env.auth_token"},
    {env_token_not_token_shaped, "env-token-not-token-shaped", L::env, Level::fail,
     "The client's token is not token-shaped, so it refuses before any request (Copilot CLI)",
     "Copilot CLI checks the token's shape (gho_, ghu_, github_pat_ …) and prints `Error: No authentication "
     "information found.` before sending anything (domain §8).",
     "give the agent a token-shaped value in {token_var}: awf >= v0.25.45 uses {placeholder}",
     "", "env.auth_token"},
    {env_extra_ca_unreadable, "env-extra-ca-unreadable", L::env, Level::fail,
     "NODE_EXTRA_CA_CERTS names a file the client cannot read",
     "NODE_EXTRA_CA_CERTS is set in the client's environment, but its file is missing, unreadable or not a "
     "regular file: Node prints `Warning: Ignoring extra certs from …` and TLS to a certificate signed by that CA "
     "then fails.",
     "Make {path} a readable PEM file holding the CA (awf's --ssl-bump copies its CA under /tmp/awf-lib/), or unset "
     "NODE_EXTRA_CA_CERTS. Node reads it once at start, so it must be set in the client's own process; the "
     "sidecar's trust of the upstream is the sidecar's NODE_EXTRA_CA_CERTS (see squid-sidecar-cert-untrusted).",
     "ls -l {path_q}", "env.extra_ca_certs (fail when the client's route uses TLS, else warn)"},
    {env_extra_ca_not_pem, "env-extra-ca-not-pem", L::env, Level::fail,
     "NODE_EXTRA_CA_CERTS names a file with no PEM certificate",
     "The file NODE_EXTRA_CA_CERTS names is read, but holds no PEM CERTIFICATE block OpenSSL can parse (DER, a "
     "key, an empty file): Node ignores it and TLS to a certificate signed by that CA fails.",
     "Put the CA certificate in {path} as PEM (-----BEGIN CERTIFICATE-----; convert DER with `openssl x509 -inform "
     "der -in ca.der -out ca.pem`). Node reads it once at start, in the client's own process; the sidecar's trust "
     "of the upstream is the sidecar's NODE_EXTRA_CA_CERTS (see squid-sidecar-cert-untrusted).",
     "openssl x509 -in {path_q} -noout -subject", "env.extra_ca_certs (fail when the client's route uses TLS, else warn)"},
    {env_extra_ca_settings_only, "env-extra-ca-settings-only", L::env, Level::warn,
     "NODE_EXTRA_CA_CERTS is set only in a settings env block, too late for Node",
     "A settings file's env block sets NODE_EXTRA_CA_CERTS while the client's process environment does not: Node "
     "reads it once at process start, before the CLI applies the block, so the extra CA is never used.",
     "Set NODE_EXTRA_CA_CERTS={path} in the environment that starts the client (awf's --ssl-bump does this for the "
     "agent) and drop it from {settings_path}; for the sidecar's trust of the upstream it belongs in the sidecar's "
     "environment (see squid-sidecar-cert-untrusted).",
     "", "env.extra_ca_certs (warn only)"},
};
}  // namespace

std::span<const FaultInfo> env_faults() { return kRows; }

}  // namespace awf::catalog_data
