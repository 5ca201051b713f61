#include "probes/env_settings.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/redact.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"
#include "rules/env_rules.hpp"

namespace awf {
namespace {

using namespace probe_detail;

bool listed(const std::vector<std::string_view>& names, const std::string& k) {
  for (auto n : names)
    if (n == k) return true;
  return false;
}

/// The block's string variables that the client takes as a credential or a base URL, as seen.
/// Fills `seen` (described values, for people) the way the findings will name them.
std::vector<SettingsEnvVar> observe_block(const nlohmann::json& env, const EnvSnapshot& agent, nlohmann::json& seen) {
  const Provider& p = claude();
  const std::string base_var(p.base_url_vars.front());
  std::vector<SettingsEnvVar> out;
  for (auto it = env.begin(); it != env.end(); ++it) {
    if (!it.value().is_string()) continue;
    const std::string& k = it.key();
    const std::string v = it.value().get<std::string>();
    SettingsEnvVar s;
    s.name = k;
    if (listed(p.key_vars, k)) {
      s.role = SettingsEnvVar::Role::api_key;
      s.bytes = v.size();
      if (!v.empty()) seen[k] = describe_secret(v);
    } else if (listed(p.token_vars, k) || listed(p.oauth_vars, k)) {
      s.role = SettingsEnvVar::Role::token;
      s.bytes = v.size();
      s.placeholder = is_public_placeholder(v);
      if (!v.empty() && !s.placeholder) seen[k] = describe_secret(v);
    } else if (k == base_var) {
      s.role = SettingsEnvVar::Role::base_url;
      s.value = v;
      s.agent_value = agent.get(base_var);
      seen[k] = v;
    } else {
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Check run(const ProbeContext& ctx) {
  Check c;
  SettingsEnvFacts s;
  s.path = ctx.spec.home + "/.claude/settings.json";
  c.evidence["path"] = s.path;
  // The one settings parser (settings_files.hpp); it registers the block's credentials as secrets.
  const SettingsFile f = read_settings(s.path, ctx.secrets);
  s.readable = f.exists && !f.not_a_file;
  s.parsed = f.parsed;
  s.error = f.error;
  s.has_block = f.env_block.is_object();
  if (s.readable && !s.parsed) c.evidence["error"] = f.error;
  if (s.readable && s.parsed && s.has_block) {
    nlohmann::json seen = nlohmann::json::object();
    s.vars = observe_block(f.env_block, ctx.spec.env, seen);
    c.evidence["env_block"] = seen;
  }
  apply(c, judge_env_settings(s, claude()));
  if (c.fault) {
    std::vector<std::string> names;
    for (const auto& v : s.vars)
      if (settings_env_offends(v)) names.push_back(v.name);
    c.evidence["variables"] = names;
  }
  EnvFacts facts;
  facts.awf_marker = awf_marker(ctx.spec.env);
  facts.settings = std::move(s);
  c.obs.env = std::move(facts);
  return c;
}

}  // namespace

CheckDef env_settings_check() {
  return CheckDef{std::string(check_id::env_settings_env), Link::env,
                  "~/.claude/settings.json env block sets no credential or base URL", {}, run};
}

}  // namespace awf
