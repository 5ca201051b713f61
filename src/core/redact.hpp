#pragma once
// Redaction: the one choke point every printed header, env value, helper output and log excerpt
// passes through (design.md "Redaction").
//
// Secrets are redacted by where they came from (a credential source), not by their shape: a value
// is registered in a SecretSet when it is read from ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN,
// CLAUDE_CODE_OAUTH_TOKEN, the helper's stdout/stderr, or an x-api-key / Authorization header.
// Known public placeholders (is_public_placeholder) are never registered and are shown as they are.
// As a second net, anything shaped like a real Anthropic key (`sk-ant-` + 8 or more key chars that
// is not a placeholder) is masked too, and so is the password of any `scheme://user:password@host`
// URL (RFC 3986 §3.2.1 userinfo).
//
// A secret is replaced by `[redacted len=<bytes> sha256:<first 12 hex>]`; the fingerprint is of the
// exact registered bytes, so two sources holding the same key show the same fingerprint.
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace awf {

/// Public placeholders awf puts in the agent (domain.md §2, cases/README "Fixture constants").
bool is_public_placeholder(std::string_view value);

/// "sha256:" + first 12 lowercase hex digits of SHA-256(value) (OpenSSL libcrypto).
std::string fingerprint(std::string_view value);

/// Presence/length/fingerprint description of a secret, for evidence: {"present":true,"length":N,
/// "fingerprint":"sha256:…"} (or the value itself under "value" when it is a public placeholder).
nlohmann::json describe_secret(std::string_view value);

/// Shorter values are not registered: no real credential is that short, and redacting every short
/// word a helper prints to stderr ("error", "ok") would make reports unreadable.
inline constexpr std::size_t kMinSecretBytes = 8;

/// Thread-safe set of secret values seen during a run. Copyable snapshot semantics are not needed:
/// one instance lives for the whole run and is passed by reference.
class SecretSet {
 public:
  /// Registers `value` (and its whitespace-trimmed form). Values shorter than kMinSecretBytes and public
  /// placeholders are ignored. Safe to call from several probe threads.
  void add(std::string_view value);
  /// All registered values, longest first (so a longer secret is replaced before its substrings).
  std::vector<std::string> values() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> values_;
};

/// Returns `text` with every registered secret and every real-key-shaped token replaced.
std::string redact(std::string_view text, const SecretSet& secrets);

/// Redacts every string (keys and values) inside `doc`, recursively, in place.
void redact_json(nlohmann::json& doc, const SecretSet& secrets);

}  // namespace awf
