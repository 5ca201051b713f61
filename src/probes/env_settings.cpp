#include "probes/env_settings.hpp"

#include <fmt/format.h>

#include "core/redact.hpp"
#include "core/text_file.hpp"

namespace awf {
namespace {

constexpr const char* kKeyVars[] = {"ANTHROPIC_API_KEY", "CLAUDE_API_KEY"};
constexpr const char* kTokenVars[] = {"ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"};

Check run(const ProbeContext& ctx) {
  Check c;
  const std::string path = ctx.spec.home + "/.claude/settings.json";
  c.evidence["path"] = path;
  std::string text;
  try {
    text = read_text_file(path, kMaxEnvFileBytes);
  } catch (const std::exception&) {
    // Absent or unreadable: helper.config reports the file itself.
    c.status = Status::pass;
    c.summary = "no readable ~/.claude/settings.json, so no env block to judge (see helper.config)";
    return c;
  }
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("env") || !doc["env"].is_object()) {
    c.status = Status::pass;
    c.summary = "~/.claude/settings.json has no env block";
    return c;
  }
  const nlohmann::json& env = doc["env"];
  for (auto it = env.begin(); it != env.end(); ++it)  // credentials first, before anything is described
    if (it.value().is_string()) {
      for (const char* n : kKeyVars)
        if (it.key() == n) ctx.secrets.add(it.value().get<std::string>());
      for (const char* n : kTokenVars)
        if (it.key() == n) ctx.secrets.add(it.value().get<std::string>());
    }
  std::vector<std::string> faults, names;
  nlohmann::json seen = nlohmann::json::object();
  for (auto it = env.begin(); it != env.end(); ++it) {
    if (!it.value().is_string()) continue;
    const std::string& k = it.key();
    const std::string v = it.value().get<std::string>();
    for (const char* n : kKeyVars)
      if (k == n && !v.empty()) {
        seen[k] = describe_secret(v);
        names.push_back(k);
        faults.push_back(fmt::format("{} is set in the settings env block ({} bytes): the CLI sends it as x-api-key "
                                     "and it wins in -p mode", k, v.size()));
      }
    for (const char* n : kTokenVars)
      if (k == n && !v.empty() && !is_public_placeholder(v)) {
        seen[k] = describe_secret(v);
        names.push_back(k);
        faults.push_back(fmt::format("{} in the settings env block is not awf's placeholder", k));
      }
    if (k == "ANTHROPIC_BASE_URL") {
      seen[k] = v;
      auto agent = ctx.spec.env.get("ANTHROPIC_BASE_URL");
      if (!agent || *agent != v) {
        names.push_back(k);
        faults.push_back(fmt::format("ANTHROPIC_BASE_URL in the settings env block ({}) overrides the agent's ({})",
                                     v, agent ? *agent : "unset"));
      }
    }
  }
  c.evidence["env_block"] = seen;
  if (faults.empty()) {
    c.status = Status::pass;
    c.summary = "the settings env block sets no credential and no other base URL";
    return c;
  }
  c.status = Status::fail;
  set_fault(c, FaultId::env_settings_block_credential);
  c.evidence["variables"] = names;
  c.summary = fmt::format("{}", fmt::join(faults, "; "));
  c.hint = fmt::format("Remove {} from the env block of {}: Claude Code applies that block to its own "
                       "environment, so it overrides what awf sets for the agent (the real key belongs to the "
                       "api-proxy only).",
                       fmt::join(names, ", "), path);
  return c;
}

}  // namespace

CheckDef env_settings_check() {
  return CheckDef{"env.settings_env", Link::env, "~/.claude/settings.json env block sets no credential or base URL",
                  {}, run};
}

}  // namespace awf
