// helper.config's rule (helper_rules.hpp): the branches over what the settings files declare, in
// precedence order (managed > ~/.claude/settings.json; ~/.claude.json is legacy).
#include <fmt/format.h>

#include "catalog/catalog.hpp"
#include "core/shell_quote.hpp"
#include "rules/helper_rules.hpp"

namespace awf {
namespace {

// Without a home directory there is nothing to look at; that says nothing about the configuration.
Outcome home_error(const HelperConfigFacts& f, const Provider& p) {
  const std::string& from = f.home_origin;
  return {Status::error, std::nullopt,
          fmt::format("home directory {} does not exist (or is not a directory): cannot look for "
                      ".claude/settings.json",
                      f.home),
          hint(HintId::home_missing, p,
               {{"why", from == "flag"                 ? ""
                        : from.rfind("env:", 0) == 0 ? fmt::format(" ({} came from ${})", f.home, from.substr(4))
                                                     : fmt::format(" ({} is the default used when $HOME is not set)",
                                                                   f.home)}})};
}

Outcome read_error(const HelperConfigFacts& f, const Provider& p) {
  std::string both;
  const SettingsFile* bad = nullptr;
  for (const SettingsFile* file : {&f.managed, &f.settings, &f.legacy}) {
    if (file->error.empty()) continue;
    both += (both.empty() ? "" : "; ") + file->error;
    if (!bad) bad = file;
  }
  // `jq .` on a FIFO or a device would block or never end: only suggest it for a regular file.
  return {Status::error, std::nullopt, both,
          hint(bad->not_a_file ? HintId::settings_not_a_file : HintId::settings_bad_json, p,
               {{"path", bad->path}, {"path_q", shell_quote(bad->path)}})};
}

// settings.json declares a command: agree, disagree (warn) or pass.
Outcome judge_declared(const HelperConfigFacts& f, const Provider& p) {
  const SettingsFile& s = f.settings;
  const SettingsFile& l = f.legacy;
  if (l.empty)
    return {Status::warn, FaultId::helper_settings_disagree,
            fmt::format("the settings files disagree: {} says {}, but {} declares an empty apiKeyHelper; {} >= 2.1.81 "
                        "uses {} (from .claude/settings.json)",
                        s.path, s.value, l.path, p.client, s.value),
            hint(HintId::settings_legacy_empty, p, {{"value", s.value}, {"legacy_path", l.path}})};
  if (l.declares && l.value != s.value)
    return {Status::warn, FaultId::helper_settings_disagree,
            fmt::format("the settings files name different apiKeyHelper commands: {} says {}, {} says {}; {} >= 2.1.81 "
                        "uses {} (from .claude/settings.json)",
                        s.path, s.value, l.path, l.value, p.client, s.value),
            hint(FaultId::helper_settings_disagree, p, {{"value", s.value}, {"legacy_path", l.path}, {"other", l.value}})};
  const char* note = l.declares ? "~/.claude.json agrees"
                     : l.exists ? "~/.claude.json does not declare it"
                                : "~/.claude.json is absent";
  return {Status::pass, std::nullopt, fmt::format("apiKeyHelper declared in {}: {} ({})", s.path, s.value, note), ""};
}

// Declared as "" in a file: the CLI has a helper setting but no command. The file the CLI reads
// comes first; an empty legacy value is reported when settings.json declares nothing.
Outcome judge_empty(const HelperConfigFacts& f, const Provider& p) {
  const SettingsFile& s = f.settings;
  const SettingsFile& l = f.legacy;
  const bool in_settings = s.empty;
  std::string summary = fmt::format(
      "apiKeyHelper is declared but empty in {} (\"apiKeyHelper\": \"\"): there is no command to run",
      in_settings ? s.path : l.path);
  if (in_settings && l.empty)
    summary += fmt::format("; {} declares it empty too", l.path);
  else if (!in_settings)
    summary += fmt::format(" (and {} >= 2.1.81 reads {}, which does not declare it)", p.client, s.path);
  const bool has_signal = f.signal && !f.signal->empty();
  const std::string want = l.declares ? l.value : has_signal ? *f.signal : std::string("<path to the helper script>");
  std::string h = hint(FaultId::helper_empty_command, p,
                       {{"want", want}, {"files", l.declares ? s.path : s.path + " and " + l.path}});
  if (l.declares)
    h += fmt::format(" (the command {} declares)", l.path);
  else if (has_signal)
    h += fmt::format(" (the value of {}, which awf's entrypoint writes there at start)", f.signal_var);
  return {Status::fail, FaultId::helper_empty_command, summary, h};
}

// Only the legacy file declares it. Fatal only when the CLI has no other credential (case R03: no
// token either); with a token the CLI still sends requests and the api-proxy strips it.
Outcome judge_legacy_only(const HelperConfigFacts& f, const Provider& p) {
  const auto& others = f.other_credentials;
  return {others.empty() ? Status::fail : Status::warn, FaultId::helper_config_not_read,
          fmt::format("apiKeyHelper is declared only in ~/.claude.json ({}), which {} >= 2.1.81 does not read; it reads "
                      "~/.claude/settings.json ({}){}",
                      f.legacy.path, p.client, f.settings.path,
                      others.empty() ? ", and no other credential is set, so the CLI has none"
                                     : fmt::format("; the CLI still has {}", fmt::join(others, ", "))),
          hint(FaultId::helper_config_not_read, p, {{"value", f.legacy.value}, {"settings_path", f.settings.path}})};
}

// Declared nowhere. Inside awf, the helper signal asks the entrypoint to write both files, so its
// absence there is a fault; otherwise the agent simply does not use a helper (cases R07, R10).
Outcome judge_undeclared(const HelperConfigFacts& f, const Provider& p) {
  if (f.signal)
    return {Status::fail, FaultId::helper_not_configured,
            fmt::format("no apiKeyHelper in {} or {}, although {}={} asks awf to configure one", f.settings.path,
                        f.legacy.path, f.signal_var, *f.signal),
            hint(FaultId::helper_not_configured, p, {{"signal", *f.signal}, {"home", f.home}})};
  return {Status::skip, std::nullopt,
          fmt::format("no apiKeyHelper declared in {} or {}", f.settings.path, f.legacy.path), ""};
}

// The managed settings declare apiKeyHelper: their setting wins over the user's (domain.md §3), while
// awf's entrypoint writes only the user's files, so a different managed command replaces awf's helper.
Outcome judge_managed(const HelperConfigFacts& f, const Provider& p) {
  const SettingsFile& m = f.managed;
  const SettingsFile& s = f.settings;
  if (m.empty)
    return {Status::fail, FaultId::helper_empty_command,
            fmt::format("apiKeyHelper is declared but empty in the managed settings {} (\"apiKeyHelper\": \"\"), "
                        "which win over {}: there is no command to run",
                        m.path, s.path.empty() ? std::string("~/.claude/settings.json") : s.path),
            hint(FaultId::helper_empty_command, p,
                 {{"want", s.declares ? s.value : f.signal ? *f.signal : std::string("<path to the helper script>")},
                  {"files", m.path}})};
  if (s.declares && s.value != m.value)
    return {Status::warn, FaultId::helper_managed_overrides,
            fmt::format("the managed settings {} declare apiKeyHelper {}, which wins over {} in {}: {} runs {}", m.path,
                        m.value, s.value, s.path, p.client, m.value),
            hint(FaultId::helper_managed_overrides, p,
                 {{"managed_path", m.path}, {"value", m.value}, {"user_value", s.value}})};
  const char* note = s.declares ? "~/.claude/settings.json agrees"
                     : s.exists ? "~/.claude/settings.json does not declare it"
                                : "no ~/.claude/settings.json";
  return {Status::pass, std::nullopt,
          fmt::format("apiKeyHelper declared in the managed settings {}: {} (they win over the user's; {})", m.path,
                      m.value, note),
          ""};
}

}  // namespace

Outcome judge_helper_config(const HelperConfigFacts& f, const Provider& p) {
  if (!f.managed.error.empty()) return read_error(f, p);
  if (f.managed.sets_helper()) return judge_managed(f, p);
  if (f.home_missing) return home_error(f, p);
  if (!f.settings.error.empty() || !f.legacy.error.empty()) return read_error(f, p);
  if (f.settings.declares) return judge_declared(f, p);
  if (f.settings.empty || f.legacy.empty) return judge_empty(f, p);
  if (f.legacy.declares) return judge_legacy_only(f, p);
  return judge_undeclared(f, p);
}

}  // namespace awf
