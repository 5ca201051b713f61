// helper.config (helper_config.hpp). The files are read by settings_files.cpp; this file records what
// they declare (observe/helper_facts.hpp) and rules/helper_rules.hpp judges it.
#include "probes/helper_config.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"
#include "rules/helper_rules.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

/// The variable awf sets to ask its entrypoint to write apiKeyHelper (an awf fact, not a provider's).
std::string_view helper_signal_var() { return awf_facts().markers.front(); }

SettingsFileFacts file_facts(const SettingsFile& f) {
  SettingsFileFacts o;
  o.path = f.path;
  o.exists = f.exists;
  o.declares = f.declares;
  o.empty = f.empty;
  o.value = f.value;
  o.error = f.error;
  o.not_a_file = f.not_a_file;
  return o;
}

Check helper_config(const ProbeContext& ctx) {
  const std::string& home = ctx.spec.home;
  const EnvSnapshot& env = ctx.spec.env;
  HelperConfigFacts facts;
  facts.home = home;
  auto origin = ctx.spec.origin.find("home");
  facts.home_origin = origin == ctx.spec.origin.end() ? "" : origin->second;
  facts.signal_var = std::string(helper_signal_var());
  facts.signal = env.get(facts.signal_var);
  for (const std::string& v : client_credential_vars())
    if (auto val = env.get(v); val && !val->empty()) facts.other_credentials.push_back(v);
  Check c;
  facts.home_missing = home_missing(home);
  if (facts.home_missing) {
    c.evidence = {{"home", home}, {"effective", nullptr}, {"effective_file", nullptr}};
    if (!facts.home_origin.empty()) c.evidence["home_origin"] = facts.home_origin;
  } else {
    const SettingsFile settings = read_settings(home + "/.claude/settings.json", ctx.secrets);
    const SettingsFile legacy = read_settings(home + "/.claude.json", ctx.secrets);
    facts.settings = file_facts(settings);
    facts.legacy = file_facts(legacy);
    c.evidence = {{"settings", settings.to_json()}, {"legacy", legacy.to_json()}};
    const bool usable = settings.error.empty() && settings.declares;
    c.evidence["effective"] = usable ? json(settings.value) : json(nullptr);
    c.evidence["effective_file"] = usable ? json(settings.path) : json(nullptr);
    if (usable) c.obs.helper_command = settings.value;
  }
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
