// A 400's complaint, read from its message (answer_400.hpp). Message shapes: domain.md §6 (the
// provider's error object); R18, R22, R25 in tests/fixtures/cases for the real wordings.
#include "rules/answer_400.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace awf {
namespace {

bool has(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

/// The first span quoted with `open`/`close` in `s` that is not `skip` ("" when none).
std::string quoted(std::string_view s, char open, char close, std::string_view skip = {}) {
  std::size_t from = 0;
  for (int guard = 0; guard < 16 && from < s.size(); ++guard) {
    const std::size_t a = s.find(open, from);
    if (a == std::string_view::npos) return "";
    const std::size_t b = s.find(close, a + 1);
    if (b == std::string_view::npos) return "";
    std::string_view v = s.substr(a + 1, b - a - 1);
    if (!v.empty() && v != skip) return std::string(v);
    from = b + 1;
  }
  return "";
}

/// Any quoted token: `x`, 'x' or "x".
std::string any_quoted(std::string_view s, std::string_view skip = {}) {
  for (char q : {'`', '\'', '"'}) {
    std::string v = quoted(s, q, q, skip);
    if (!v.empty()) return v;
  }
  return "";
}

/// The first space-delimited word of `s` (at most 80 bytes): "claude-x is not available" -> "claude-x".
std::string first_token(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  s = s.substr(0, std::min<std::size_t>({s.find(' '), s.size(), 80}));
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
  return std::string(s);
}

constexpr std::array<std::string_view, 3> kRequired = {"model", "messages", "max_tokens"};

/// "model: Field required", "messages: field required", "max_tokens is required", "missing … model".
std::string missing_required_field(const std::string& m) {
  const bool says_missing = has(m, "field required") || has(m, "is required") || has(m, "missing required") ||
                            has(m, "missing field") || has(m, "required field");
  if (!says_missing) return "";
  for (std::string_view f : kRequired)
    if (has(m, f)) return std::string(f);
  return "";
}

}  // namespace

std::string_view to_string(Complaint400 k) {
  switch (k) {
    case Complaint400::empty_body: return "empty-body";
    case Complaint400::beta_value: return "beta-value";
    case Complaint400::parameter: return "parameter";
    case Complaint400::model: return "model";
    case Complaint400::path: return "path";
    case Complaint400::credit: return "credit-balance";
    case Complaint400::other: break;
  }
  return "other";
}

Read400 read_400(std::string_view error_type, std::string_view message) {
  if (error_type != "invalid_request_error") return {};
  const std::string m = ascii_lower(message);
  if (has(m, "credit balance")) return {Complaint400::credit, ""};
  if (has(m, "anthropic-beta")) return {Complaint400::beta_value, any_quoted(message, "anthropic-beta")};
  if (has(m, "unknown parameter") || has(m, "unrecognized request argument") ||
      has(m, "extra inputs are not permitted") || has(m, "unexpected parameter") || has(m, "stream_options"))
    return {Complaint400::parameter, any_quoted(message)};
  if (std::string f = missing_required_field(m); !f.empty()) return {Complaint400::empty_body, f};
  if (m.rfind("model:", 0) == 0 || has(m, "invalid model") || has(m, "model not found") ||
      has(m, "model does not exist") || has(m, "unknown model") || has(m, "model is not supported") ||
      has(m, "model not supported")) {
    std::string named = any_quoted(message);
    if (named.empty() && m.rfind("model:", 0) == 0) named = first_token(message.substr(6));
    return {Complaint400::model, named};
  }
  if (has(m, "invalid url") || has(m, "unknown path") || has(m, "path") || has(m, "endpoint") ||
      has(m, "not served") || has(m, "route"))
  {
    std::string named = any_quoted(message);
    if (named.empty()) named = quoted(message, '(', ')');
    return {Complaint400::path, named};
  }
  return {};
}

std::optional<std::string> model_not_found(std::optional<int> status, std::string_view error_type,
                                           std::string_view message) {
  if (status != 404 || error_type != "not_found_error") return std::nullopt;
  const std::string m = ascii_lower(message);
  if (m.rfind("model:", 0) != 0) return std::nullopt;
  return first_token(message.substr(6));
}

std::optional<std::string> model_refused(std::optional<int> status, std::string_view error_type,
                                         std::string_view message) {
  if (status == 400) {
    const Read400 r = read_400(error_type, message);
    if (r.kind == Complaint400::model) return r.named;
    return std::nullopt;
  }
  return model_not_found(status, error_type, message);
}

std::optional<std::string> beta_value_not_sent(std::string_view error_type, std::string_view message,
                                               const std::vector<std::string>& sent_betas) {
  const Read400 r = read_400(error_type, message);
  if (r.kind != Complaint400::beta_value || r.named.empty()) return std::nullopt;
  for (const auto& b : sent_betas)
    if (b == r.named) return std::nullopt;
  return r.named;
}

std::optional<std::string> bisection_disagrees(std::string_view error_type, std::string_view message,
                                               std::string_view element_name, std::string_view element_text) {
  const Read400 r = read_400(error_type, message);
  if (r.kind != Complaint400::beta_value || r.named.empty()) return std::nullopt;
  const bool beta_header = element_name == "anthropic-beta";
  const bool item = element_text.find('`') != std::string_view::npos;  // a header item names its value
  const std::string quoted = fmt::format("`{}`", r.named);
  if (beta_header && (!item || element_text.find(quoted) != std::string_view::npos)) return std::nullopt;
  return fmt::format("the 400's own message names the anthropic-beta value {}, not {}: the two disagree (an answer "
                     "that changes between identical requests fools the bisection)",
                     quoted, element_text);
}

bool provider_busy(std::optional<int> status, std::string_view error_type) {
  if (status) return *status == 429 || *status == 529;
  return error_type == "overloaded_error" || error_type == "rate_limit_error";
}

}  // namespace awf
