#include "probes/env_settings.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "core/redact.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"

namespace awf {
namespace {

using namespace probe_detail;

bool listed(const std::vector<std::string_view>& names, const std::string& k) {
  for (auto n : names)
    if (n == k) return true;
  return false;
}

/// One finding per variable of the block that the client would take as a credential or a base URL
/// other than the agent's. Fills `seen` (described values) and `names`.
std::vector<std::string> judge_block(const nlohmann::json& env, const EnvSnapshot& agent, nlohmann::json& seen,
                                     std::vector<std::string>& names) {
  const Provider& p = claude();
  const std::string base_var(p.base_url_vars.front());
  std::vector<std::string> findings;
  for (auto it = env.begin(); it != env.end(); ++it) {
    if (!it.value().is_string()) continue;
    const std::string& k = it.key();
    const std::string v = it.value().get<std::string>();
    if (listed(p.key_vars, k) && !v.empty()) {
      seen[k] = describe_secret(v);
      names.push_back(k);
      findings.push_back(fmt::format("{} is set in the settings env block ({} bytes): the CLI sends it as {} and it "
                                     "wins in -p mode",
                                     k, v.size(), p.injected_auth_header));
    }
    if ((listed(p.token_vars, k) || listed(p.oauth_vars, k)) && !v.empty() && !is_public_placeholder(v)) {
      seen[k] = describe_secret(v);
      names.push_back(k);
      findings.push_back(fmt::format("{} in the settings env block is not awf's placeholder", k));
    }
    if (k == base_var) {
      seen[k] = v;
      auto mine = agent.get(base_var);
      if (!mine || *mine != v) {
        names.push_back(k);
        findings.push_back(fmt::format("{} in the settings env block ({}) overrides the agent's ({})", base_var, v,
                                       mine ? *mine : "unset"));
      }
    }
  }
  return findings;
}

Check run(const ProbeContext& ctx) {
  Check c;
  const std::string path = ctx.spec.home + "/.claude/settings.json";
  c.evidence["path"] = path;
  // The one settings parser (settings_files.hpp); it registers the block's credentials as secrets.
  const SettingsFile f = read_settings(path, ctx.secrets);
  if (!f.exists || f.not_a_file) {
    // Absent or unreadable: helper.config reports the file itself.
    c.status = Status::pass;
    c.summary = "no readable ~/.claude/settings.json, so no env block to judge (see helper.config)";
    return c;
  }
  if (!f.parsed) {
    // A broken file the tool found by itself: this check could not judge it (helper.config names it too).
    c.status = Status::error;
    c.evidence["error"] = f.error;
    c.summary = "~/.claude/settings.json is not usable JSON (" + f.error + "), so its env block cannot be judged";
    c.hint = hint(HintId::settings_bad_json, claude(), {{"path", path}, {"path_q", shell_quote(path)}});
    return c;
  }
  if (!f.env_block.is_object()) {
    c.status = Status::pass;
    c.summary = "~/.claude/settings.json has no env block";
    return c;
  }
  nlohmann::json seen = nlohmann::json::object();
  std::vector<std::string> names;
  const std::vector<std::string> findings = judge_block(f.env_block, ctx.spec.env, seen, names);
  c.evidence["env_block"] = seen;
  if (findings.empty()) {
    c.status = Status::pass;
    c.summary = "the settings env block sets no credential and no other base URL";
    return c;
  }
  c.status = Status::fail;
  set_fault(c, FaultId::env_settings_block_credential);
  c.evidence["variables"] = names;
  c.summary = fmt::format("{}", fmt::join(findings, "; "));
  c.hint = hint(FaultId::env_settings_block_credential, claude(),
                {{"names", fmt::format("{}", fmt::join(names, ", "))}, {"path", path}});
  return c;
}

}  // namespace

CheckDef env_settings_check() {
  return CheckDef{std::string(check_id::env_settings_env), Link::env,
                  "~/.claude/settings.json env block sets no credential or base URL", {}, run};
}

}  // namespace awf
