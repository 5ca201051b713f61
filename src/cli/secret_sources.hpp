#pragma once
// What every command registers for redaction before it prints anything (docs/security.md): the
// credential sources of an environment and of the URL flags, in every form a secret comes back in.
#include <optional>
#include <string>

#include "core/env_snapshot.hpp"
#include "core/redact.hpp"

namespace awf {

/// Registers every credential variable of every provider row (raw, URL-decoded, URL-encoded, in
/// Basic auth), the userinfo and query values of every variable whose name holds PROXY or URL, and
/// secrets inside CLAUDE_CODE_API_KEY_HELPER's command. Never throws on odd values.
void register_env_secrets(const EnvSnapshot& env, SecretSet& secrets);

/// Registers the userinfo (user, password, base64 "user:password") and the query values of each
/// URL given, if any.
void register_url_flag_secrets(std::initializer_list<const std::optional<std::string>*> urls, SecretSet& secrets);

}  // namespace awf
