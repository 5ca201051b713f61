#pragma once
// The Check record: the one currency between probes, runner, hypotheses and renderers (design.md).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/ids.hpp"
#include "core/status.hpp"
#include "observe/observation.hpp"

namespace awf {

/// One check's result.
/// - id: stable `<link>.<name>` (e.g. "squid.connect"); never reused for another meaning.
/// - evidence: a JSON object, already redacted (see core/redact.hpp).
/// - hint: the next step for a person, a command where one exists; empty on pass.
/// - timing_ms: phase -> milliseconds (number); phases among dns, connect, proxy_connect, tls,
///   ttfb, total.
/// - skip_reason: set only when status == skip, e.g. "needs squid.connect, which warned: no tunnel".
struct Check {
  std::string id;
  Link link = Link::helper;
  /// The provider route the check judged (a provider row's name: anthropic, openai, copilot,
  /// gemini), "" for a check of the whole run (topology.*, helper.*, log and capture checks).
  /// (id, provider) is unique in a report (decisions.md 2); see qualified_id.
  std::string provider;
  std::string title;
  Status status = Status::skip;
  std::string summary;
  nlohmann::json evidence = nlohmann::json::object();
  std::string hint;
  nlohmann::json timing_ms = nlohmann::json::object();
  std::vector<std::string> depends_on;
  std::string skip_reason;
  /// Typed facts for the rules (observe/observation.hpp); not serialised yet (format:
  /// observe/observation_json.hpp): evidence is their people-facing account.
  Observation obs;
  /// The fault the rules decided, if any; its code is also evidence.fault (catalog/catalog.hpp).
  std::optional<FaultId> fault;
  /// A credential this check obtained that later probes send on the client's route (helper.run: the
  /// apiKeyHelper's trimmed output, which Claude Code sends; probes/client_route.hpp). A secret,
  /// registered in the run's SecretSet by the check that set it; never serialised or rendered.
  std::optional<std::string> route_secret;
};

/// A fresh record (status skip until judged) with `id`, `link`, `title` and evidence.source =
/// `source` ("live", "log" or "capture"; decisions.md 2). Never throws beyond allocation.
Check make_check(std::string_view id, Link link, std::string title, std::string_view source);

/// `id` when `provider` is empty, else `id[provider]`: the name --only/--skip, JUnit and the text
/// report use where more than one provider route is judged (decisions.md 2).
std::string qualified_id(std::string_view id, std::string_view provider);

/// Splits `id[provider]` into (id, provider); a name without a bracket suffix is (name, "").
std::pair<std::string, std::string> split_qualified_id(std::string_view name);

/// Sets c.fault and evidence.fault (the catalog code) together.
void set_fault(Check& c, FaultId id);

/// Serialises to the report's `checks[]` element shape (issue #2 JSON contract).
nlohmann::json to_json(const Check& c);
/// Inverse of to_json. Throws std::invalid_argument naming the field on a malformed record.
Check check_from_json(const nlohmann::json& j);

}  // namespace awf
