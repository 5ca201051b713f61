#pragma once
// Env rules: from the environment observations (observe/env_facts.hpp) to each env.* check's status,
// fault and words. The probes (probes/env.cpp, probes/env_settings.cpp) only look; these decide.
// Inside awf (an awf marker is set) a missing base URL or a credential in the agent is a fault;
// outside awf (direct or gateway setups, cases R04, R06) the same facts only warn.
// Facts: domain.md §2 (variables, NO_PROXY, awf's pre-flight), §3 (credential precedence,
// placeholders); cases R01, R07, R10, R13, R14, R18.
#include "observe/env_facts.hpp"
#include "rules/check_rules.hpp"

namespace awf {

/// env.base_url: unset/blank (skip for another provider's agent, warn outside awf, fail inside),
/// malformed or non-http(s) (fail), a path ending in /v1 or /v1/messages (fail), another path (warn).
/// Reads f.base_url (required), f.awf_marker, f.other_provider_var, f.any_credential.
Outcome judge_env_base_url(const EnvFacts& f, const Provider& p);
/// env.api_key: an API-key variable present fails inside awf (f.in_awf(), rules/agent_credential.hpp),
/// warns outside. Reads f.key_vars, f.awf_topology, f.awf_marker.
Outcome judge_env_api_key(const EnvFacts& f, const Provider& p);
/// env.auth_token: the token's kind and the OAuth variable, the worse of the two decides.
/// A real-looking token, another value or the OAuth variable fails inside awf and warns outside
/// (rules/agent_credential.hpp). Reads f.token (required), f.token_var, f.oauth_var, f.awf_topology,
/// f.awf_marker.
Outcome judge_env_auth_token(const EnvFacts& f, const Provider& p);
/// env.no_proxy: skip without a usable base URL, pass with no proxy variable; fail when no list
/// exempts the host, warn when NO_PROXY and no_proxy disagree. Reads f.base_url, f.proxy_vars, f.no_proxy.
Outcome judge_env_no_proxy(const EnvFacts& f, const Provider& p);
/// True when the client would take this block variable wrongly: a non-empty API key, a non-empty
/// token that is not a public placeholder, or a base URL other than the agent's.
bool settings_env_offends(const SettingsEnvVar& v);
/// env.settings_env over every settings file's env block (managed first, then ~/.claude/settings.json):
/// another base URL in any block fails, and so does a credential inside awf (`in_awf`: the run's
/// topology, rules/agent_credential.hpp); outside awf a credential alone warns (the findings name each
/// file); an unparsable file is an `error` (this check could not judge it); no block anywhere, or clean
/// blocks, pass.
Outcome judge_env_settings(const std::vector<SettingsEnvFacts>& blocks, const Provider& p, bool in_awf);
/// env.extra_ca_certs: unset (pass); set only in a settings env block (warn
/// `env-extra-ca-settings-only`: Node reads it at start, the block comes too late); the file missing or
/// unreadable (`env-extra-ca-unreadable`) or without a parsable PEM certificate (`env-extra-ca-not-pem`):
/// fail when the client's route uses TLS, warn otherwise; certificates but no CA among them (warn, no
/// fault); else pass. Reads f.* of ExtraCaFacts only.
Outcome judge_env_extra_ca(const ExtraCaFacts& e, const Provider& p);
/// The same for one block.
Outcome judge_env_settings(const SettingsEnvFacts& s, const Provider& p, bool in_awf);

}  // namespace awf
