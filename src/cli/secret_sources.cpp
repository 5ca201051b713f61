#include "cli/secret_sources.hpp"

#include <cctype>

#include "core/command_secrets.hpp"
#include "topology/providers.hpp"

namespace awf {

void register_env_secrets(const EnvSnapshot& env, SecretSet& secrets) {
  for (std::string_view name : all_credential_vars())
    if (auto v = env.get(name)) secrets.add_derived(*v);
  for (const auto& [name, value] : env.vars) {
    std::string upper = name;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (upper.find("PROXY") != std::string::npos || upper.find("URL") != std::string::npos)
      register_url_secrets(value, secrets);  // userinfo and query values (`?token=…`)
  }
  if (auto helper = env.get("CLAUDE_CODE_API_KEY_HELPER")) register_command_secrets(*helper, secrets);
}

void register_url_flag_secrets(std::initializer_list<const std::optional<std::string>*> urls, SecretSet& secrets) {
  for (const auto* v : urls)
    if (v && *v) register_url_secrets(**v, secrets);
}

}  // namespace awf
