#include "probes/env_settings.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/redact.hpp"
#include "probes/agent_side.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"
#include "probes/settings_sources.hpp"
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
std::vector<SettingsEnvVar> observe_block(const std::map<std::string, std::string>& env, const EnvSnapshot& agent,
                                          nlohmann::json& seen) {
  const Provider& p = claude();
  const std::string base_var(p.base_url_vars.front());
  std::vector<SettingsEnvVar> out;
  for (const auto& [k, v] : env) {
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

/// One file's block as seen; `agent` is the process environment (what the block overrides).
SettingsEnvFacts observe_file(const std::string& source, const SettingsFile& f, const EnvSnapshot& agent,
                              nlohmann::json& evidence) {
  SettingsEnvFacts s;
  s.source = source;
  s.path = f.path;
  s.readable = f.exists && !f.not_a_file;
  s.parsed = f.parsed;
  s.error = f.error;
  s.has_block = f.has_env_block;
  nlohmann::json e{{"source", source}, {"path", f.path}};
  if (s.readable && !s.parsed) e["error"] = f.error;
  if (s.readable && s.parsed && s.has_block) {
    nlohmann::json seen = nlohmann::json::object();
    s.vars = observe_block(f.env, agent, seen);
    e["env_block"] = seen;
  }
  evidence.push_back(std::move(e));
  return s;
}

Check run(const ProbeContext& ctx) {
  Check c;
  // The one settings parser (settings_files.hpp); it registers the blocks' credentials as secrets.
  const SettingsSources sources = read_settings_sources(ctx.spec, ctx.secrets);
  std::vector<SettingsEnvFacts> blocks;
  nlohmann::json files = nlohmann::json::array();
  blocks.push_back(observe_file("managed", sources.managed, ctx.spec.env, files));
  blocks.push_back(observe_file("user", sources.user, ctx.spec.env, files));
  // The user file's evidence keeps its old top-level shape (path, error, env_block); `files` has both.
  const nlohmann::json& user = files.back();
  c.evidence["path"] = user["path"];
  for (const char* k : {"error", "env_block"})
    if (user.contains(k)) c.evidence[k] = user[k];
  c.evidence["files"] = files;
  apply(c, judge_env_settings(blocks, claude(), agent_in_awf(ctx)));
  if (c.fault) {
    std::vector<std::string> names;
    for (const auto& b : blocks)
      for (const auto& v : b.vars)
        if (settings_env_offends(v)) names.push_back(v.name);
    c.evidence["variables"] = names;
  }
  EnvFacts facts;
  facts.awf_marker = awf_marker(ctx.spec.env);
  facts.settings = std::move(blocks);
  c.obs.env = std::move(facts);
  return c;
}

}  // namespace

CheckDef env_settings_check() {
  return CheckDef{std::string(check_id::env_settings_env), Link::env,
                  "the settings env blocks (managed, ~/.claude/settings.json) set no credential or base URL", {}, run};
}

}  // namespace awf
