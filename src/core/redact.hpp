#pragma once
// Redaction: the one choke point every printed header, env value, helper output and log excerpt
// passes through (design.md "Redaction").
//
// Secrets are redacted by where they came from (a credential source), not by their shape: a value
// is registered in a SecretSet when it is read from ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN,
// CLAUDE_CODE_OAUTH_TOKEN, the helper's stdout/stderr, or an x-api-key / Authorization header.
// Known public placeholders (is_public_placeholder) are never registered and are shown as they are.
// As a second net, anything shaped like a real Anthropic key (`sk-ant-` + 8 or more key chars that
// is not a placeholder) or a GitHub token (`ghp_`, `gho_`, `ghs_`, `ghr_`, `ghu_`, `github_pat_` + 20
// or more chars) is masked too, and so is any value written in a credential's own syntax (the token
// after `Bearer ` / `Basic `, RFC 7235 §2.1; the value of an `x-api-key:` / `api-key:` /
// `x-goog-api-key:` header; a `key=`, `api_key=`, `apikey=`, `token=`, `access_token=`, `auth=`,
// `password=` or `secret=` parameter — kMinSecretBytes or more, not a placeholder, not a stand-in such
// as `$VAR` or `<key>`), and so is the whole userinfo of any `scheme://userinfo@host` URL
// (RFC 3986 §3.2.1): user name and password, found by structure (the last `@` before the next
// whitespace or quote, so a password holding a raw `@`, `/`, `#` or `?` is still covered) before any
// other processing.
//
// Derived forms (docs/security.md): a credential can come back encoded. add_derived registers a value
// raw, trimmed, URL-decoded and URL-encoded; register_url_credentials registers a URL's userinfo,
// user and password in those forms plus base64("user:password") as libcurl sends it in
// `Authorization: Basic` / `Proxy-Authorization: Basic` (RFC 7617), which a peer may echo back.
//
// Every registered value is also registered as its base64 cores: for each of the three alignments a
// value can have inside a longer base64-encoded text (`Basic user:KEY`, a reflected `Bearer KEY`), the
// run of base64 characters that depend on the value's bytes only (standard, URL-safe and
// percent-encoded alphabets; cores shorter than kMinSecretBytes are skipped). And an echo of most of a
// value (a peer that drops or cuts a few characters) is masked: any run of at least three quarters of
// a registered value of kMinWindowBytes or more, extended to the longest run that matches it.
//
// Escaped echoes (core/escape_decode.hpp): after the steps above, registered secrets, partial echoes
// and key shapes are looked for again in the text with up to two layers of escapes decoded — `%XX`
// (any byte, either hex case), HTML numeric references `&#115;` / `&#x73;`, and JSON escapes
// (backslash-u plus four hex digits, and the escaped slash, backslash and quote), mixed freely and
// for some bytes or all — and each match is masked over the escaped text it came from. Cost: two
// linear decodes and one more search per registered value, only for text holding '%', "&#" or a
// backslash.
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
/// Values at least this long are also masked when most of them comes back (see the top of this file).
inline constexpr std::size_t kMinWindowBytes = 16;

/// Thread-safe set of secret values seen during a run. Copyable snapshot semantics are not needed:
/// one instance lives for the whole run and is passed by reference.
class SecretSet {
 public:
  /// Registers `value` (and its whitespace-trimmed form). Values shorter than kMinSecretBytes and public
  /// placeholders are ignored. Safe to call from several probe threads.
  void add(std::string_view value);
  /// add() of `value` raw, URL-decoded (RFC 3986 §2.1) and URL-encoded (every byte outside the
  /// unreserved set as %XX, upper and lower hex).
  void add_derived(std::string_view value);
  /// All registered values and their base64 cores, longest first (so a longer secret is replaced
  /// before its substrings).
  std::vector<std::string> values() const;
  /// The values registered by add() (not their base64 cores), longest first: those whose partial
  /// echoes redact() also masks.
  std::vector<std::string> window_values() const;

 private:
  void insert_locked(std::string_view v, bool windowed);
  mutable std::mutex mu_;
  std::vector<std::string> values_;
  std::vector<std::string> windowed_;
};

/// RFC 3986 §2.1 percent-decoding ('+' is left as is); malformed escapes are kept verbatim.
std::string url_decode(std::string_view s);
/// Percent-encodes every byte outside ALPHA / DIGIT / "-" / "." / "_" / "~" (upper-case hex).
std::string url_encode(std::string_view s, bool lower_hex = false);
/// RFC 4648 base64 with padding.
std::string base64(std::string_view s);

/// Registers the credentials a URL carries in its userinfo (`scheme://user:password@host`, also
/// without a scheme as libcurl reads proxy URLs): userinfo, user and password via add_derived, and
/// base64 of "user:password" both as written and URL-decoded. Two readings are registered when they
/// differ: up to the last `@` in the value, and up to the first `/`, `?` or `#` (RFC 3986 authority,
/// what libcurl connects to). Values that are not URLs register nothing.
void register_url_credentials(std::string_view url, SecretSet& secrets);

/// Returns `text` with URL userinfo, every registered secret and every key-shaped token replaced.
std::string redact(std::string_view text, const SecretSet& secrets);

/// Redacts every string value inside `doc`, recursively, in place. Object keys are never changed
/// (they are field names and ids, never a secret: a secret equal to "upstream" must not rename
/// `links.upstream`).
void redact_json(nlohmann::json& doc, const SecretSet& secrets);

}  // namespace awf
