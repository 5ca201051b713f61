// helper.config (helper_config.hpp). The files are read by settings_files.cpp; this file judges
// what they declare. Hints are the catalog's (catalog/faults.cpp) where a fault is named.
#include "probes/helper_config.hpp"

#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "probes/awf_env.hpp"
#include "probes/settings_files.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

/// The two files, as read for one home.
struct Files {
  SettingsFile settings;  ///< ~/.claude/settings.json
  SettingsFile legacy;    ///< ~/.claude.json
};

/// The variable awf sets to ask its entrypoint to write apiKeyHelper (an awf fact, not a provider's).
std::string_view helper_signal_var() { return awf_facts().markers.front(); }

std::string empty_command_summary(const std::string& path) {
  return fmt::format("apiKeyHelper is declared but empty in {} (\"apiKeyHelper\": \"\"): there is no command to run",
                     path);
}

// Without a home directory there is nothing to look at; that says nothing about the configuration.
Check home_error(const ProbeContext& ctx) {
  const std::string& home = ctx.spec.home;
  auto origin = ctx.spec.origin.find("home");
  const std::string from = origin == ctx.spec.origin.end() ? "" : origin->second;
  Check c;
  c.status = Status::error;
  c.evidence = {{"home", home}, {"effective", nullptr}, {"effective_file", nullptr}};
  if (!from.empty()) c.evidence["home_origin"] = from;
  c.summary = fmt::format(
      "home directory {} does not exist (or is not a directory): cannot look for .claude/settings.json", home);
  c.hint = hint(HintId::home_missing, claude(),
                {{"why", from == "flag"                 ? ""
                         : from.rfind("env:", 0) == 0 ? fmt::format(" ({} came from ${})", home, from.substr(4))
                                                      : fmt::format(" ({} is the default used when $HOME is not set)", home)}});
  return c;
}

Check read_error(Check c, const Files& f) {
  std::string both = f.settings.error;
  if (!f.legacy.error.empty()) both += (both.empty() ? "" : "; ") + f.legacy.error;
  c.status = Status::error;
  c.summary = both;
  const SettingsFile& bad = f.settings.error.empty() ? f.legacy : f.settings;
  // `jq .` on a FIFO or a device would block or never end: only suggest it for a regular file.
  c.hint = hint(bad.not_a_file ? HintId::settings_not_a_file : HintId::settings_bad_json, claude(),
                {{"path", bad.path}, {"path_q", shell_quote(bad.path)}});
  return c;
}

// settings.json declares a command: agree, disagree (warn) or pass.
Check judge_declared(Check c, const Files& f) {
  const SettingsFile& s = f.settings;
  const SettingsFile& l = f.legacy;
  if (l.empty || (l.declares && l.value != s.value)) {
    c.status = Status::warn;
    set_fault(c, FaultId::helper_settings_disagree);
    if (l.empty) {
      c.summary = fmt::format(
          "the settings files disagree: {} says {}, but {} declares an empty apiKeyHelper; "
          "{} >= 2.1.81 uses {} (from .claude/settings.json)",
          s.path, s.value, l.path, claude().client, s.value);
      c.hint = hint(HintId::settings_legacy_empty, claude(), {{"value", s.value}, {"legacy_path", l.path}});
    } else {
      c.summary = fmt::format(
          "the settings files name different apiKeyHelper commands: {} says {}, {} says {}; "
          "{} >= 2.1.81 uses {} (from .claude/settings.json)",
          s.path, s.value, l.path, l.value, claude().client, s.value);
      c.hint = hint(FaultId::helper_settings_disagree, claude(),
                    {{"value", s.value}, {"legacy_path", l.path}, {"other", l.value}});
    }
    return c;
  }
  c.status = Status::pass;
  const char* note = l.declares ? "~/.claude.json agrees"
                     : l.exists ? "~/.claude.json does not declare it"
                                : "~/.claude.json is absent";
  c.summary = fmt::format("apiKeyHelper declared in {}: {} ({})", s.path, s.value, note);
  return c;
}

// Declared as "" in a file: the CLI has a helper setting but no command. The file the CLI reads
// comes first; an empty legacy value is reported when settings.json declares nothing.
Check judge_empty(Check c, const Files& f, const EnvSnapshot& env) {
  const SettingsFile& s = f.settings;
  const SettingsFile& l = f.legacy;
  const bool in_settings = s.empty;
  c.status = Status::fail;
  set_fault(c, FaultId::helper_empty_command);
  c.summary = empty_command_summary(in_settings ? s.path : l.path);
  if (in_settings && l.empty)
    c.summary += fmt::format("; {} declares it empty too", l.path);
  else if (!in_settings)
    c.summary += fmt::format(" (and {} >= 2.1.81 reads {}, which does not declare it)", claude().client, s.path);
  auto signal = env.get(helper_signal_var());
  const bool has_signal = signal && !signal->empty();
  const std::string want = l.declares ? l.value : has_signal ? *signal : std::string("<path to the helper script>");
  c.hint = hint(FaultId::helper_empty_command, claude(),
                {{"want", want}, {"files", l.declares ? s.path : s.path + " and " + l.path}});
  if (l.declares)
    c.hint += fmt::format(" (the command {} declares)", l.path);
  else if (has_signal)
    c.hint += fmt::format(" (the value of {}, which awf's entrypoint writes there at start)", helper_signal_var());
  return c;
}

// Only the legacy file declares it. Fatal only when the CLI has no other credential (case R03: no
// token either); with a token the CLI still sends requests and the api-proxy strips it.
Check judge_legacy_only(Check c, const Files& f, const EnvSnapshot& env) {
  std::vector<std::string> others;
  for (const std::string& v : client_credential_vars())
    if (auto val = env.get(v); val && !val->empty()) others.push_back(v);
  c.status = others.empty() ? Status::fail : Status::warn;
  set_fault(c, FaultId::helper_config_not_read);
  c.evidence["other_credentials"] = others;
  c.summary = fmt::format(
      "apiKeyHelper is declared only in ~/.claude.json ({}), which {} >= 2.1.81 does not read; it reads "
      "~/.claude/settings.json ({}){}",
      f.legacy.path, claude().client, f.settings.path,
      others.empty() ? ", and no other credential is set, so the CLI has none"
                     : fmt::format("; the CLI still has {}", fmt::join(others, ", ")));
  c.hint = hint(FaultId::helper_config_not_read, claude(), {{"value", f.legacy.value}, {"settings_path", f.settings.path}});
  return c;
}

// Declared nowhere. Inside awf, the helper signal asks the entrypoint to write both files, so its
// absence there is a fault; otherwise the agent simply does not use a helper (cases R07, R10).
Check judge_undeclared(Check c, const Files& f, const ProbeContext& ctx) {
  if (auto signal = ctx.spec.env.get(helper_signal_var())) {
    c.status = Status::fail;
    set_fault(c, FaultId::helper_not_configured);
    c.evidence[std::string(helper_signal_var())] = *signal;
    c.summary = fmt::format("no apiKeyHelper in {} or {}, although {}={} asks awf to configure one", f.settings.path,
                            f.legacy.path, helper_signal_var(), *signal);
    c.hint = hint(FaultId::helper_not_configured, claude(), {{"signal", *signal}, {"home", ctx.spec.home}});
    return c;
  }
  c.status = Status::skip;
  c.summary = fmt::format("no apiKeyHelper declared in {} or {}", f.settings.path, f.legacy.path);
  c.skip_reason = c.summary + "; the agent does not use a helper";
  return c;
}

Check helper_config(const ProbeContext& ctx) {
  const std::string& home = ctx.spec.home;
  if (home_missing(home)) return home_error(ctx);
  Files f{read_settings(home + "/.claude/settings.json", ctx.secrets), read_settings(home + "/.claude.json", ctx.secrets)};
  Check c;
  c.evidence = {{"settings", f.settings.to_json()}, {"legacy", f.legacy.to_json()}};
  const bool usable = f.settings.error.empty() && f.settings.declares;
  c.evidence["effective"] = usable ? json(f.settings.value) : json(nullptr);
  c.evidence["effective_file"] = usable ? json(f.settings.path) : json(nullptr);
  if (usable) c.obs.helper_command = f.settings.value;
  if (!f.settings.error.empty() || !f.legacy.error.empty()) return read_error(std::move(c), f);
  if (f.settings.declares) return judge_declared(std::move(c), f);
  if (f.settings.empty || f.legacy.empty) return judge_empty(std::move(c), f, ctx.spec.env);
  if (f.legacy.declares) return judge_legacy_only(std::move(c), f, ctx.spec.env);
  return judge_undeclared(std::move(c), f, ctx);
}

}  // namespace

CheckDef helper_config_check() {
  return {std::string(check_id::helper_config), Link::helper, "apiKeyHelper declared in the settings file the CLI reads",
          {}, helper_config};
}

}  // namespace awf
