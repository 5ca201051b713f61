#pragma once
// Reading a 400 instead of assuming it. Only the empty-body complaint — a 400
// `invalid_request_error` whose message names a missing required field (`model`, `messages`,
// `max_tokens`) — says "the credential was accepted, the body refused" (decisions.md 14; the
// provider checks auth before the body, domain.md §6). A 400 naming an `anthropic-beta` value
// (R22: "Unexpected value(s) `X` for the `anthropic-beta` header"), a parameter (R18: "Unknown
// parameter: 'stream_options.include_usage'."), a model or a path is a finding of its own.
// Pure functions over the typed Exchange's error type and message; no I/O, never throws.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awf {

/// What a 400 complains about.
enum class Complaint400 {
  empty_body,  ///< a missing required field: the body was read after authentication
  beta_value,  ///< an anthropic-beta value the upstream refuses
  parameter,   ///< a parameter the upstream does not know (stream_options, …)
  model,       ///< the model named is unknown or not allowed
  path,        ///< the URL / path / endpoint is not served
  credit,      ///< the account's credit balance is too low (billing is checked after authentication)
  other,       ///< anything else (not read as "key accepted")
};

struct Read400 {
  Complaint400 kind = Complaint400::other;
  std::string named;  ///< the value, parameter, model or path the message names ("" when none)
};

/// "empty-body", "beta-value", "parameter", "model", "path", "credit-balance", "other".
std::string_view to_string(Complaint400 k);

/// Reads the complaint from `error_type` and `message` (error.type / error.message). Non-400
/// types (anything but `invalid_request_error`) read as `other`. Case-insensitive on keywords.
Read400 read_400(std::string_view error_type, std::string_view message);

/// The model a 404 names: Anthropic's unknown-model answer is `404 not_found_error "model: <id>"`
/// (domain.md §7: 404 = wrong path or model_not_found). nullopt for any other 404 (a wrong path).
std::optional<std::string> model_not_found(std::optional<int> status, std::string_view error_type,
                                           std::string_view message);

/// The model an answer names as refused: a 400 read as Complaint400::model, or model_not_found().
std::optional<std::string> model_refused(std::optional<int> status, std::string_view error_type,
                                         std::string_view message);

/// The anthropic-beta value a 400 names when it was not among `sent_betas` (the values of the
/// request's anthropic-beta header, split on commas): a hop on the way added it (domain.md §4: awf's
/// api-proxy merges `extended-cache-ttl-2025-04-11` when AWF_ANTHROPIC_AUTO_CACHE=1). nullopt when the
/// answer is not a beta 400, names no value, or names one that was sent.
std::optional<std::string> beta_value_not_sent(std::string_view error_type, std::string_view message,
                                               const std::vector<std::string>& sent_betas);

/// Whether an element a bisection named (`element_name` lower-cased, e.g. "authorization" or
/// "anthropic-beta"; `element_text` its description, e.g. "the anthropic-beta value `x`") disagrees
/// with what the 400 itself names: a 400 naming an anthropic-beta value (read_400 beta_value) is
/// explained only by the anthropic-beta header, or by the item holding that value. Returns the
/// disagreement in words, nullopt when they agree or the 400 names no beta value (new-user test 13
/// F11: an answer that changes between identical requests can fool a bisection).
std::optional<std::string> bisection_disagrees(std::string_view error_type, std::string_view message,
                                               std::string_view element_name, std::string_view element_text);

/// The provider's capacity answers (domain.md §6): 429 `rate_limit_error`, 529 `overloaded_error`,
/// as the HTTP status or as the error type of a mid-stream `event: error` after 200 (pass nullopt
/// as `status` then). The provider is busy; the credential and the route got through. Never a
/// broken link, never a stream fault.
bool provider_busy(std::optional<int> status, std::string_view error_type);

}  // namespace awf
