// helper.config (helper_config.hpp). The files are read by settings_files.cpp; this file records what
// they declare (observe/helper_facts.hpp) and rules/helper_rules.hpp judges it.
#include "probes/helper_config.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"
#include "probes/settings_sources.hpp"
#include "rules/helper_rules.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

/// The variable awf sets to ask its entrypoint to write apiKeyHelper (an awf fact, not a provider's).
std::string_view helper_signal_var() { return awf_facts().markers.front(); }

Check helper_config(const ProbeContext& ctx) {
  const std::string& home = ctx.spec.home;
  const EnvSnapshot& env = ctx.spec.env;
  HelperConfigFacts facts;
  facts.home = home;
  auto origin = ctx.spec.origin.find("home");
  facts.home_origin = origin == ctx.spec.origin.end() ? "" : origin->second;
  facts.signal_var = std::string(helper_signal_var());
  facts.signal = env.get(facts.signal_var);
  Check c;
  // The managed file does not depend on the home directory; the user's and the legacy file do.
  facts.managed = read_settings(ctx.spec.managed_settings, ctx.secrets);
  facts.home_missing = home_missing(home);
  c.evidence = {{"managed", facts.managed.to_json()}};
  if (facts.home_missing) {
    c.evidence["home"] = home;
    if (!facts.home_origin.empty()) c.evidence["home_origin"] = facts.home_origin;
  } else {
    // The reader's result is the observation (observe/settings_facts.hpp): no copy in between.
    facts.settings = read_settings(home + "/.claude/settings.json", ctx.secrets);
    facts.legacy = read_settings(home + "/.claude.json", ctx.secrets);
    c.evidence["settings"] = facts.settings.to_json();
    c.evidence["legacy"] = facts.legacy.to_json();
  }
  // Credentials the CLI has besides a helper: its environment overlaid by the settings env blocks.
  const ClientEnv client = client_env(env, SettingsSources{facts.managed, facts.settings});
  for (const std::string& v : client_credential_vars())
    if (auto val = client.env.get(v); val && !val->empty()) facts.other_credentials.push_back(v);
  // Precedence (domain.md §3): a managed apiKeyHelper wins over the user's settings.json.
  const SettingsFile* eff = facts.effective();
  const bool usable = eff && eff->error.empty() && eff->declares;
  c.evidence["effective"] = usable ? json(eff->value) : json(nullptr);
  c.evidence["effective_file"] = usable ? json(eff->path) : json(nullptr);
  if (usable) c.obs.helper_command = eff->value;
  apply(c, judge_helper_config(facts, claude()));
  if (c.fault == FaultId::helper_config_not_read) c.evidence["other_credentials"] = facts.other_credentials;
  if (c.fault == FaultId::helper_not_configured && facts.signal) c.evidence[facts.signal_var] = *facts.signal;
  if (c.status == Status::skip) c.skip_reason = c.summary + "; the agent does not use a helper";
  c.obs.helper_config = std::move(facts);
  return c;
}

}  // namespace

CheckDef helper_config_check() {
  return {std::string(check_id::helper_config), Link::helper, "apiKeyHelper declared in the settings file the CLI reads",
          {}, helper_config};
}

}  // namespace awf
