// log.agent.client_errors: the client's own words that it failed before sending a request (domain.md
// §3 apiKeyHelper failures, §2 no credential resolved, §8 Copilot's token check and Codex ignoring
// its base URL; §10 "text before any request — the client"). One table row per message kind names
// the link and the fault; a kind not in the table is judged elsewhere (client_view: statuses).
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include <span>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs::parts {

namespace cid = check_id;

namespace {

struct ClientErrorRow {
  AgentMessageKind kind;
  Link link;
  FaultId fault;
  std::string_view what;  ///< what the message shows, one phrase
};

// Chain order: the helper's failures before the env's (the first kind present decides).
constexpr ClientErrorRow kRows[] = {
    {AgentMessageKind::helper_not_found, Link::helper, FaultId::helper_not_found,
     "the apiKeyHelper command was not found where the client runs it (exit 127)"},
    {AgentMessageKind::helper_no_value, Link::helper, FaultId::helper_empty_output,
     "the apiKeyHelper printed no value"},
    {AgentMessageKind::helper_failed, Link::helper, FaultId::helper_exit_nonzero, "the apiKeyHelper failed"},
    {AgentMessageKind::auth_unresolved, Link::env, FaultId::env_base_url_missing,
     "the client found no credential at all (no key variable, token or apiKeyHelper): in awf the api-proxy's "
     "variables were not set in the agent"},
    {AgentMessageKind::copilot_no_auth, Link::env, FaultId::env_token_not_token_shaped,
     "Copilot CLI found no token it accepts and refused before any request"},
    {AgentMessageKind::codex_missing_bearer, Link::env, FaultId::env_client_ignores_base_url,
     "the request went out with no credential (Codex without a key variable ignores its base URL and calls the "
     "provider directly)"},
};

}  // namespace

std::optional<Check> client_errors(const LogFacts& f, const Provider& p) {
  for (const ClientErrorRow& row : std::span(kRows)) {
    for (const AgentMessage& m : f.agent.messages) {
      if (m.kind != row.kind) continue;
      Check c = make_check(cid::log_agent_client_errors, row.link,
                           "the client's own errors before any request, as the agent's log tells them", kLogSource);
      c.evidence["message_kind"] = message_kind_name(m.kind);
      c.evidence["count"] = m.count;
      c.evidence["message"] = m.detail;
      apply(c, {Status::fail, row.fault,
                fmt::format("{}: the client said \"{}\" ({} line(s), first at {})", row.what, m.detail, m.count,
                            where_text(f, m.first)),
                hint(row.fault, p)});
      return c;
    }
  }
  return std::nullopt;
}

bool failed_before_sending(const LogFacts& f) {
  for (const ClientErrorRow& row : std::span(kRows))
    for (const AgentMessage& m : f.agent.messages)
      if (m.kind == row.kind) return true;
  return false;
}

}  // namespace awf::logs::parts
