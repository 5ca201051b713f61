#pragma once
// env.base_url / env.api_key / env.auth_token for a route other than Anthropic's (Codex, Copilot CLI,
// Gemini): the provider row's variables and client behaviours decide, never a branch on the provider.
// Facts: domain.md §2 (the agent's variables and placeholders per provider), §8 (Codex ignores
// OPENAI_BASE_URL without a key; Copilot CLI's token-shape check). Anthropic's route keeps
// rules/env_rules.hpp (its /v1 path rule, helper and OAuth facts are Claude Code's).
#include <string>
#include <vector>

#include "rules/check_rules.hpp"
#include "topology/providers.hpp"

namespace awf {

/// One credential variable of the route as seen (value never kept).
struct RouteCredentialVar {
  std::string name;
  std::size_t bytes = 0;
  std::string fingerprint;     ///< "sha256:<12 hex>"
  bool placeholder = false;    ///< any provider's placeholder of any awf version
  bool token_shaped = true;    ///< starts with one of the row's token_shapes (true when the row has none)
  bool key_var = false;        ///< one of the row's key_vars (else a token variable)
};

struct RouteEnvFacts {
  bool in_awf = false;             ///< awf's agent-side rules apply (awf topology)
  std::string base_url_var;        ///< the first of the row's base URL variables that is set, else the first
  bool base_url_set = false;       ///< set and not blank
  std::string base_url_value;
  bool base_url_http = false;      ///< parses as an http(s) URL
  std::vector<RouteCredentialVar> credentials;  ///< set, non-empty, in the row's order (keys, then tokens)
  /// The row's key/token variables that AWF_ONE_SHOT_TOKENS lists (comma-separated): awf removes them
  /// from the environment after the first read (domain facts §2), so their absence is not evidence.
  std::vector<std::string> one_shot;
};

/// env.base_url: unset (fail inside awf: env-base-url-missing; warn outside), not http(s) (fail:
/// env-base-url-malformed), else pass.
Outcome judge_route_base_url(const RouteEnvFacts& f, const Provider& p);
/// env.api_key: a key variable of the row holding something other than a placeholder fails inside
/// awf (env-api-key-present), warns outside; none set passes.
Outcome judge_route_api_key(const RouteEnvFacts& f, const Provider& p);
/// env.auth_token, in this order: base URL set, no credential and the client needs one to use it
/// (env-client-ignores-base-url; only a warning when AWF_ONE_SHOT_TOKENS lists the variables: they
/// are removed after the client's first read, so a later snapshot cannot tell); a credential not token-shaped (env-token-not-token-shaped); inside
/// awf a token that is not a placeholder (env-token-not-placeholder); else pass.
Outcome judge_route_auth_token(const RouteEnvFacts& f, const Provider& p);

}  // namespace awf
