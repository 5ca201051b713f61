#pragma once
// What `awf-diag capture` keeps of one request an agent sent (issue 10 point 2): method, path and
// query, header names in wire order, the auth scheme, anthropic-version / anthropic-beta, the user
// agent, body size and whether it asked to stream. Credential values are never kept: each one is
// reduced to its fingerprint (core/redact.hpp) and a class against the provider row
// (topology/providers.hpp: current placeholder, old placeholder, real-key shaped, other).
// Facts: which headers carry credentials and what the sidecar does with them, domain.md §3, §4, §7.
//
// Where a credential can hide in a request (all are fingerprinted and classified, never kept):
//  - the headers the sidecar strips as credentials (domain §4): x-api-key, authorization,
//    proxy-authorization, x-goog-api-key; `Authorization: Basic` is base64-decoded (RFC 7617) and the
//    user and the password are classified apart;
//  - query parameters whose URL-decoded value is key-shaped or a placeholder (`?key=…` is how some
//    providers take a key): recorded as header "query:<name>", and the value in the recorded path is
//    replaced by `[redacted len=N sha256:…]`.
// Every such value is also registered (raw, URL-decoded, URL-encoded, and the Basic header's
// base64) in the caller's SecretSet, so the report's one redaction step (core/redact.hpp) removes it
// from any text that echoes it (an upstream error message, a transport error).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "capture/http_reader.hpp"
#include "core/redact.hpp"
#include "net/sse_validator.hpp"
#include "observe/observation.hpp"
#include "topology/providers.hpp"

namespace awf::capture {

/// Which credential headers a request carried: "x-api-key", "bearer" (Authorization: Bearer …),
/// "both", "none"; "other" = an Authorization header with another scheme and no x-api-key.
std::string auth_scheme_of(const RawRequest& r);

/// "current_placeholder" | "old_placeholder" | "real_key_shaped" | "other" (for provider `p`).
/// real_key_shaped = not a placeholder of any provider row, and a real-key prefix or client token shape
/// of any provider row (`real_key_prefixes`, `token_shapes` in topology/providers.cpp: a real key of
/// another provider is a leak too) followed by at least 8 more characters.
std::string credential_class(std::string_view value, const Provider& p);

/// One credential header as recorded: its name, the scheme for Authorization, the value's length,
/// fingerprint and class. Never the value.
struct CredentialSeen {
  std::string header;   ///< "x-api-key" | "authorization" | … (lower case) | "query:<name>"
  std::string scheme;   ///< "Bearer" … for Authorization; "Basic user" / "Basic password" per part
  std::size_t length = 0;
  std::string fingerprint;  ///< sha256:<12 hex> of the value (after the scheme for Authorization)
  std::string value_class;  ///< credential_class
};

/// The answer capture gave (or relayed) for one request.
struct AnswerSeen {
  std::optional<int> status;  ///< nullopt = no HTTP answer (reset, or the request was refused)
  std::string mode;           ///< "401" | "head-200" | "reset" | "sse" | "refused" | "forward"
  double total_ms = 0;
  // --forward only:
  double ttfb_ms = -1;        ///< until the upstream's status line; -1 = none arrived
  std::string origin;         ///< who produced the answer: provider name | api-proxy | squid | unknown | none
  std::string origin_why;     ///< the evidence that decided `origin`
  std::string transport;      ///< the transport error class, "" = none
  bool complete = false;      ///< the whole answer arrived
  bool cut_at_shutdown = false;  ///< still relaying when the shutdown grace ran out: capture cut it
  /// The relayed body as the SSE validator read it (net/sse_validator.hpp), when the request asked to
  /// stream or the answer was text/event-stream with a 2xx status; nullopt otherwise.
  std::optional<sse::StreamResult> stream;
  Exchange exchange;  ///< --forward: the relayed exchange as observe_http read it (rules read this)
};

/// One header line whose value capture keeps (anthropic-version, anthropic-beta, user-agent), as
/// sent: name in its wire spelling, the value whole. A report is UTF-8 text, so a value holding a
/// byte outside visible ASCII, SP and HTAB (RFC 9110 §5.5 obs-text, a control byte) is kept with
/// each such byte and each backslash written `\xNN` (lower-case hex) and `escaped` set: what was
/// sent stays visible and is never turned into U+FFFD, and a replay can tell it is not the value.
struct HeaderValueSeen {
  std::string name;
  std::string value;
  bool escaped = false;
};

/// `value` as HeaderValueSeen keeps it: unchanged when every byte is visible ASCII, SP or HTAB;
/// else with those bytes and backslashes written `\xNN` (`escaped` set true).
std::string escaped_header_value(std::string_view value, bool& escaped);

struct CapturedRequest {
  int index = 0;            ///< 1-based order of arrival
  int connection = 0;       ///< 1-based connection number
  std::string outcome;      ///< to_string(Outcome): "complete", "not_http", …
  std::string method;
  std::string path_query;
  std::vector<std::string> header_names;
  std::string auth_scheme;
  std::vector<CredentialSeen> credentials;
  std::string anthropic_version;  ///< "" = not sent
  std::vector<std::string> anthropic_beta;
  std::string user_agent;
  /// Every line of the headers above, one entry each, wire order (repeats kept apart: the fields
  /// above merge them — anthropic_version and user_agent keep the last, anthropic_beta all items).
  std::vector<HeaderValueSeen> header_values;
  std::size_t body_bytes = 0;
  std::optional<bool> stream;  ///< the JSON body's "stream"; nullopt = no JSON body / no field
  std::size_t bytes_read = 0;
  double read_ms = 0;
  AnswerSeen answer;
};

/// Builds the record of `r` for provider `p`. Values of non-credential headers kept here
/// (anthropic-version, anthropic-beta, user-agent) are not credentials (domain §7); every one is
/// kept as escaped_header_value gives it. Every credential
/// value found is registered in `secrets` when given (see above).
CapturedRequest summarise(const RawRequest& r, const Provider& p, SecretSet* secrets = nullptr);

/// True when the record carries a real-key-shaped credential anywhere (headers, Basic parts, query).
bool sent_real_credential(const CapturedRequest& c);

/// JSON for evidence and the capture report: every field above; credentials as
/// {"header","scheme","length","fingerprint","class"}; header_values as {"name","value","escaped"}.
nlohmann::json to_json(const CapturedRequest& c);

}  // namespace awf::capture
