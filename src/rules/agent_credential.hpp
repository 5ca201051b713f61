#pragma once
// The one rule for a credential found in the agent (docs/topology.md "A credential in the agent").
// Inside awf (the run's topology is awf) the agent may hold only awf's public placeholder: a real
// credential there is a leak, and awf's pre-flight aborts on it (domain.md §2). Outside awf (gateway,
// direct) the same variable, settings block or apiKeyHelper output is how the client authenticates
// (domain.md §3; cases R04, R06). Every env.* and helper.* verdict on "a credential in the agent"
// (env.api_key, env.auth_token, env.settings_env, helper.run, and the other routes' env checks) asks
// this rule, and their probes take `in_awf` from one place (probes/agent_side.hpp).
#include "core/status.hpp"

namespace awf {

/// Where the agent holds the credential.
enum class CredentialSource {
  key_var,         ///< an API-key variable (ANTHROPIC_API_KEY, CLAUDE_API_KEY, a route's key variable)
  token_var,       ///< a token variable (ANTHROPIC_AUTH_TOKEN, a route's token variable)
  oauth_var,       ///< CLAUDE_CODE_OAUTH_TOKEN
  settings_block,  ///< a credential variable in a settings file's env block
  helper_output,   ///< the value apiKeyHelper prints
};

/// The status of a credential that is not awf's placeholder, held by the agent in `src`:
/// - inside awf: fail (the caller attaches the source's leak fault);
/// - outside awf: warn for a variable or a settings block (the client sends it; a second source
///   beside a helper or a token is the usual confusion), pass for the helper's output (an
///   apiKeyHelper exists to print the client's credential).
Status agent_credential_status(bool in_awf, CredentialSource src);

/// The words every outside-awf verdict ends with: "outside awf this is the client's own credential
/// (inside awf it would be a leak)".
inline constexpr const char* kOutsideAwfCredential =
    "outside awf this is the client's own credential (inside awf it would be a leak)";

}  // namespace awf
