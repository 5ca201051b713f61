#pragma once
// Reading a 400 instead of assuming it. Only the empty-body complaint — a 400
// `invalid_request_error` whose message names a missing required field (`model`, `messages`,
// `max_tokens`) — says "the credential was accepted, the body refused" (decisions.md 14; the
// provider checks auth before the body, domain.md §6). A 400 naming an `anthropic-beta` value
// (R22: "Unexpected value(s) `X` for the `anthropic-beta` header"), a parameter (R18: "Unknown
// parameter: 'stream_options.include_usage'."), a model or a path is a finding of its own.
// Pure functions over the typed Exchange's error type and message; no I/O, never throws.
#include <string>
#include <string_view>

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

}  // namespace awf
