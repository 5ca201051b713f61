// --only / --skip / --list-checks and the per-link help of `probe <link> --help`.
#include "cli/selection_options.hpp"

#include <fmt/format.h>

namespace awf {
namespace {

// One paragraph per link: what its checks look at (docs/probes.md has the details; facts: domain.md
// §2 agent environment, §3 apiKeyHelper, §4 api-proxy, §5 Squid, §6 the provider).
const char* link_paragraph(Link l) {
  switch (l) {
    case Link::helper:
      return "The helper link: which settings file declares apiKeyHelper (~/.claude/settings.json, the legacy\n"
             "~/.claude.json), and whether the helper runs as Claude Code runs it (/bin/sh -c, with the CLI's\n"
             "environment) and prints awf's placeholder rather than nothing, an error or a real key.";
    case Link::env:
      return "The env link: the judged environment (this process, or --env-file): ANTHROPIC_BASE_URL set and\n"
             "without a /v1 path, no ANTHROPIC_API_KEY/CLAUDE_API_KEY, ANTHROPIC_AUTH_TOKEN absent or awf's\n"
             "placeholder, the base URL's host exempted by NO_PROXY, and no credential in settings.json's env block.";
    case Link::proxy:
      return "The proxy link: the api-proxy sidecar at the base URL accepts TCP, answers /health, and forwards\n"
             "a minimal POST /v1/messages {} with the placeholder key (what awf's own start-up check sends),\n"
             "so a sidecar that is healthy on /health but resets real requests is caught.";
    case Link::squid:
      return "The squid link: whether the sidecar's CONNECT through Squid came up (read from the forwarded\n"
             "request's answer), and the tool's own CONNECT to the upstream through Squid plus TLS inside it.";
    case Link::upstream:
      return "The upstream link: the provider answers as Anthropic through the tunnel, and accepted the key the\n"
             "sidecar injected (a 400 to an empty body means accepted, 401 rejected).";
  }
  return "";
}

}  // namespace

void add_selection_options(CLI::App* sub, SelectionOptions& o) {
  sub->add_option("--only", o.only, "run only checks whose id matches GLOB (e.g. 'proxy.*'); their prerequisites still run")
      ->delimiter(',')
      ->type_name("GLOB");
  sub->add_option("--skip", o.skip, "leave out checks whose id matches GLOB, and the checks that need them")
      ->delimiter(',')
      ->type_name("GLOB");
  sub->add_flag("--list-checks", o.list, "list the checks that would run (after --only/--skip) and exit");
}

std::string list_checks_text(const std::vector<CheckDef>& defs) {
  std::size_t w = 0;
  for (const auto& d : defs) w = std::max(w, d.id.size());
  std::string out;
  for (const auto& d : defs) {
    std::string needs;
    for (const auto& p : d.depends_on) needs += (needs.empty() ? "" : ", ") + p;
    out += fmt::format("{:<{}}  {:<8}  {}{}\n", d.id, w, to_string(d.link), d.title,
                       needs.empty() ? "" : "  (needs " + needs + ")");
  }
  return out;
}

std::string link_help_text(Link link, const std::vector<CheckDef>& all) {
  return fmt::format("{}\n\nChecks run by `probe {}` (prerequisites from other links run too):\n{}", link_paragraph(link),
                     to_string(link), list_checks_text(select_for_links(all, {link})));
}

}  // namespace awf
