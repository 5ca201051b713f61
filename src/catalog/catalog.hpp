#pragma once
// The catalog, as data (istioctl's message table is the model): every fault id and hypothesis
// with its stable code, link, level, title, description, hint (a template plus one command) and
// docs anchor; retired codes stay listed and are never reused. docs/hypotheses.md is checked
// against it by tests/catalog/catalog_test.cpp (which prints the expected Markdown on mismatch).
//
// Hint templates name {placeholders}: provider facts ({provider}, {client}, {base_url_var},
// {key_var} = the sidecar's key variable, {auth_header}, {placeholder}, {sidecar_ip},
// {sidecar_port}, {squid}, {helper_chroot_path}) filled from a provider row
// (topology/providers.hpp), then the caller's own values ({path}, {command}, …). `{command}` in a
// hint is the entry's command after its own placeholders are filled. Unknown names stay as written.
// Titles are templates too ({base_url_var}, {token_var}, {key_vars}, {client}, {auth_mechanism} …):
// title() fills them from the route's row, so a cause on the OpenAI route names OpenAI's variables.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/ids.hpp"
#include "core/status.hpp"
#include "topology/providers.hpp"

namespace awf {

/// What a fault does to its check: fail (a cause) or warn (reported, never a leading cause).
enum class Level { fail, warn };

struct FaultInfo {
  FaultId id;
  std::string_view code;         ///< stable kebab-case id, as in the report
  Link link;
  Level level;
  std::string_view title;        ///< one line, the cause's title in the report
  std::string_view description;  ///< what the evidence shows
  std::string_view hint;         ///< next step (template)
  std::string_view command;      ///< one command that shows or fixes it (template), may be empty
  std::string_view set_by;       ///< the checks that can name it (docs column)
};

struct HypothesisInfo {
  HypothesisId id;
  std::string_view code;   ///< "H1" …
  std::string_view title;
  std::string_view description;
};

struct RetiredCode {
  std::string_view code;
  std::string_view note;  ///< why and when it was retired
};

const FaultInfo& info(FaultId id);
const HypothesisInfo& info(HypothesisId id);
std::span<const FaultInfo> all_faults();
std::span<const HypothesisInfo> all_hypotheses();
std::span<const RetiredCode> retired_codes();

std::string_view code(FaultId id);
std::string_view code(HypothesisId id);
/// The fault with this code; nullopt for an unknown or retired code.
std::optional<FaultId> fault_from_code(std::string_view code);
/// "docs/hypotheses.md#<code>".
std::string docs_anchor(FaultId id);

using HintArgs = std::vector<std::pair<std::string, std::string>>;

/// Fills `{name}` placeholders in `tmpl` from `args` (first match wins); unknown names are kept.
std::string fill_template(std::string_view tmpl, const HintArgs& args);
/// The provider facts a template may name ({provider}, {key_var}, …).
HintArgs provider_args(const Provider& p);
/// The fault's / hypothesis's title for route `p`: its {placeholders} filled from the row
/// (provider_args; {client} is "The client" for a row without one), e.g. "{base_url_var} is not set in
/// the agent" -> "OPENAI_BASE_URL is not set in the agent" (new-user F3). docs/hypotheses.md shows
/// the Anthropic row's.
std::string title(FaultId id, const Provider& p);
std::string title(HypothesisId id, const Provider& p);
/// The fault's hint for `p`, with `extra` values (which win over provider facts).
std::string hint(FaultId id, const Provider& p, const HintArgs& extra = {});
/// The fault's command for `p`, filled the same way ("" when it has none).
std::string command(FaultId id, const Provider& p, const HintArgs& extra = {});

/// Hints that go with no fault: a warning's or an error's next step, or a variant of a fault's
/// hint for one branch of evidence (catalog/hints.cpp).
enum class HintId {
  run_deadline,
  helper_deadline,
  base_url_not_http,
  health_not_sidecar,
  health_no_answer,
  forward_timeout,
  forward_not_configured,
  tunnel_socket_error,
  tunnel_unknown,
  tool_connect_denied,
  upstream_rate_limited,
  base_url_outside_awf,
  base_url_scheme,
  base_url_gateway_path,
  api_key_outside_awf,
  token_empty,
  token_outside_awf,
  oauth_empty,
  home_missing,
  settings_not_a_file,
  settings_bad_json,
  settings_legacy_empty,
  helper_chroot,
  helper_env_dependent,
  helper_variable_unset,
  helper_path_not_a_program,
  helper_crlf_shebang,
  helper_missing_interpreter,
  // issue 7: log evidence (logs/log_checks.hpp)
  log_next_probe_proxy,
  log_health_check_failed,
  log_upstream_origin_unseen,
  // capture (capture/capture_checks.hpp)
  capture_no_request,
  forward_reset_health_unknown,
  // issue 5 (7): NODE_EXTRA_CA_CERTS holds certificates but no CA
  extra_ca_no_ca,
  // issue 5 (new-user test F8): nothing listens at a base URL that is not known to be awf's sidecar
  base_url_not_listening,
  // new-user test 13 F7: a route of the judged environment left out without --provider
  routes_not_judged,
};
inline constexpr int kHintCount = static_cast<int>(HintId::routes_not_judged) + 1;

/// The hint for `p`, with `extra` values (which win over provider facts).
std::string hint(HintId id, const Provider& p, const HintArgs& extra = {});
/// The unfilled template.
std::string_view hint_template(HintId id);

/// The docs table of active fault codes ("| id | title | set by |"), in catalog order.
std::string render_fault_markdown();

}  // namespace awf
