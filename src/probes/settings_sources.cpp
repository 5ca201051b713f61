#include "probes/settings_sources.hpp"

#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"

namespace awf::probe_detail {

SettingsSources read_settings_sources(const ChainSpec& spec, SecretSet& secrets) {
  SettingsSources s;
  s.managed = read_settings(spec.managed_settings, secrets);
  s.user = read_settings(spec.home + "/.claude/settings.json", secrets);
  return s;
}

ClientEnv client_env(const EnvSnapshot& process, const SettingsSources& sources) {
  ClientEnv out;
  out.env = process;
  const std::vector<const SettingsFile*> files = sources.by_precedence();
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const SettingsFile& f = **it;
    if (!f.parsed) continue;
    for (const auto& [name, value] : f.env) {
      out.env.vars[name] = value;
      out.from[name] = f.path;
    }
  }
  if (!out.from.empty()) out.env.source = process.source + "+settings-env";
  return out;
}

ClientEnv judged_client_env(const ChainSpec& spec, SecretSet& secrets) {
  return client_env(spec.env, read_settings_sources(spec, secrets));
}

void apply_settings_base_url(ChainSpec& spec, SecretSet& secrets) {
  const ClientEnv client = judged_client_env(spec, secrets);
  if (spec.origin["base_url"] == "flag") return;
  const std::string var(claude().base_url_vars.front());
  auto from = client.from.find(var);
  auto value = client.env.get(var);
  if (from == client.from.end() || !value || value->empty()) return;
  spec.base_url = *value;
  spec.origin["base_url"] = "settings:" + from->second;
}

}  // namespace awf::probe_detail
