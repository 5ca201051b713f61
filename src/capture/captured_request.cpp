#include "capture/captured_request.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/json_limits.hpp"
#include "core/redact.hpp"

namespace awf::capture {
namespace {

std::vector<std::string> split_list(std::string_view v) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= v.size()) {
    auto c = v.find(',', pos);
    std::string_view part = v.substr(pos, c == std::string_view::npos ? v.npos : c - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    if (c == std::string_view::npos) break;
    pos = c + 1;
  }
  return out;
}

// RFC 4648 base64 decoding (padding optional); nullopt on a byte outside the alphabet.
std::optional<std::string> unbase64(std::string_view in) {
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (char ch : in) {
    int v = 0;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+') v = 62;
    else if (ch == '/') v = 63;
    else if (ch == '=') break;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// The headers awf's sidecar strips as credentials (domain §4), whatever the provider row says.
bool credential_header(std::string_view lower_name) {
  return lower_name == "x-api-key" || lower_name == "authorization" || lower_name == "proxy-authorization" ||
         lower_name == "x-goog-api-key";
}

void remember(SecretSet* secrets, std::string_view value) {
  if (secrets && !value.empty()) secrets->add_derived(value);
}

CredentialSeen seen(std::string header, std::string scheme, std::string_view value, const Provider& p) {
  CredentialSeen c;
  c.header = std::move(header);
  c.scheme = std::move(scheme);
  c.length = value.size();
  c.fingerprint = fingerprint(value);
  c.value_class = credential_class(value, p);
  return c;
}

// The request target with every query value of kMinSecretBytes or more masked as the redaction step
// masks a secret: capture learns a key sent as `?key=…` (Gemini's API-key parameter) or `?token=…`
// from no credential source, so nothing else would hide it. Short values (`beta=true`) stay readable.
std::string mask_query_values(const std::string& target) {
  const auto q = target.find('?');
  if (q == std::string::npos) return target;
  std::string_view query = std::string_view(target).substr(q + 1);
  query = query.substr(0, query.find('#'));
  SecretSet values;
  for (std::size_t pos = 0; pos <= query.size();) {
    const auto amp = query.find('&', pos);
    std::string_view pair = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    const auto eq = pair.find('=');
    const std::string_view value = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
    if (value.rfind("[redacted ", 0) != 0) values.add_derived(value);  // scrub_query's own mask stays as is
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return target.substr(0, q) + redact(std::string_view(target).substr(q), values);
}

void credentials_of_header(const std::string& name, std::string_view value, const Provider& p, SecretSet* secrets,
                           std::vector<CredentialSeen>& out) {
  remember(secrets, value);
  if (name != "authorization" && name != "proxy-authorization") {
    out.push_back(seen(name, "", value, p));
    return;
  }
  auto sp = value.find(' ');
  if (sp == std::string_view::npos) {
    out.push_back(seen(name, "", value, p));
    return;
  }
  const std::string scheme(value.substr(0, sp));
  std::string_view rest = value.substr(sp + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  remember(secrets, rest);
  std::optional<std::string> decoded;
  if (ascii_lower(scheme) == "basic") decoded = unbase64(rest);
  if (!decoded) {
    out.push_back(seen(name, scheme, rest, p));
    return;
  }
  // RFC 7617: base64("user-id:password"); each part is a credential of its own.
  const auto colon = decoded->find(':');
  const std::string user = decoded->substr(0, colon);
  const std::string pass = colon == std::string::npos ? std::string() : decoded->substr(colon + 1);
  remember(secrets, *decoded);
  remember(secrets, user);
  remember(secrets, pass);
  out.push_back(seen(name, scheme + " user", user, p));
  if (colon != std::string::npos) out.push_back(seen(name, scheme + " password", pass, p));
}

// Replaces credential-bearing query values in `target` and records them.
std::string scrub_query(const std::string& target, const Provider& p, SecretSet* secrets,
                        std::vector<CredentialSeen>& out) {
  const auto q = target.find('?');
  if (q == std::string::npos) return target;
  std::string result = target.substr(0, q + 1);
  std::string_view rest = std::string_view(target).substr(q + 1);
  bool first = true;
  while (true) {
    const auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    std::string piece(pair);
    if (eq != std::string_view::npos) {
      const std::string name(pair.substr(0, eq));
      const std::string_view raw = pair.substr(eq + 1);
      const std::string value = url_decode(raw);
      const std::string cls = credential_class(value, p);
      if (cls != "other" || is_public_placeholder(value)) {
        remember(secrets, value);
        remember(secrets, raw);
        out.push_back(seen("query:" + name, "", value, p));
        piece = fmt::format("{}=[redacted len={} {}]", name, value.size(), fingerprint(value));
      }
    }
    result += (first ? "" : "&") + piece;
    first = false;
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return result;
}

/// True for a path segment that may carry a key: one of the provider rows' real-key or token shapes,
/// or a long opaque run (kMinOpaqueSegment bytes or more of [A-Za-z0-9_-] holding a digit and a
/// letter). API paths are short words (`messages`, `count_tokens`, `chat`, `completions`).
constexpr std::size_t kMinOpaqueSegment = 20;
bool key_like_segment(std::string_view seg, const Provider& p) {
  if (credential_class(seg, p) == "real_key_shaped") return true;
  if (seg.size() < kMinOpaqueSegment) return false;
  bool digit = false, alpha = false;
  for (char ch : seg) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isdigit(u)) digit = true;
    else if (std::isalpha(u)) alpha = true;
    else if (ch != '-' && ch != '_') return false;
  }
  return digit && alpha;
}

/// The request target with (1) its fragment removed (a request-target has none, RFC 9112 §3.2; a
/// value after '#' is remembered as a secret) and (2) every key-like path segment masked as the
/// redaction step masks a secret; a real-key-shaped segment is recorded as a credential ("path").
std::string scrub_path(const std::string& target, const Provider& p, SecretSet* secrets, std::vector<CredentialSeen>& out) {
  std::string t = target;
  if (const auto hash = t.find('#'); hash != std::string::npos) {
    const std::string fragment = t.substr(hash + 1);
    remember(secrets, fragment);
    for (std::size_t pos = 0; pos < fragment.size();) {  // each `name=value` of it too
      const auto amp = fragment.find('&', pos);
      const std::string pair = fragment.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      if (const auto eq = pair.find('='); eq != std::string::npos) remember(secrets, pair.substr(eq + 1));
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
    t = t.substr(0, hash) + fmt::format("#[fragment removed: {} bytes]", fragment.size());
  }
  const auto end = std::min(t.find('?'), t.find('#'));
  std::string path = t.substr(0, end), result;
  for (std::size_t pos = 0; pos <= path.size();) {
    const auto slash = path.find('/', pos);
    const std::string seg = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    const std::string value = url_decode(seg);
    if (key_like_segment(value, p)) {
      remember(secrets, value);
      remember(secrets, seg);
      if (credential_class(value, p) == "real_key_shaped") out.push_back(seen("path", "", value, p));
      result += fmt::format("[redacted len={} {}]", value.size(), fingerprint(value));
    } else {
      result += seg;
    }
    if (slash == std::string::npos) break;
    result += '/';
    pos = slash + 1;
  }
  return result + (end == std::string::npos ? std::string() : t.substr(end));
}

}  // namespace

std::string auth_scheme_of(const RawRequest& r) {
  bool key = false, bearer = false, other = false;
  for (const auto& [n, v] : r.headers) {
    const std::string name = ascii_lower(n);
    if (name == "x-api-key") key = true;
    if (name == "authorization") (ascii_lower(v).rfind("bearer ", 0) == 0 ? bearer : other) = true;
  }
  if (key && bearer) return "both";
  if (key) return "x-api-key";
  if (bearer) return "bearer";
  return other ? "other" : "none";
}

std::string credential_class(std::string_view value, const Provider& p) {
  if (!p.placeholders.empty() && value == p.placeholders.front().value) return "current_placeholder";
  for (const auto& ph : p.placeholders)
    if (value == ph.value) return "old_placeholder";
  if (is_placeholder(value) || is_public_placeholder(value)) return "other";
  auto shaped = [&](std::string_view prefix) {
    return !prefix.empty() && value.rfind(prefix, 0) == 0 && value.size() >= prefix.size() + 8;
  };
  for (const Provider& row : providers()) {
    for (auto prefix : row.real_key_prefixes)
      if (shaped(prefix)) return "real_key_shaped";
    for (auto prefix : row.token_shapes)
      if (shaped(prefix)) return "real_key_shaped";
  }
  return "other";
}

bool sent_real_credential(const CapturedRequest& c) {
  for (const auto& k : c.credentials)
    if (k.value_class == "real_key_shaped") return true;
  return false;
}

std::string escaped_header_value(std::string_view value, bool& escaped) {
  auto plain = [](unsigned char b) { return (b >= 0x20 && b < 0x7F) || b == '\t'; };
  escaped = !std::all_of(value.begin(), value.end(), [&](char ch) { return plain(static_cast<unsigned char>(ch)); });
  if (!escaped) return std::string(value);
  std::string out;
  for (char ch : value) {
    const auto b = static_cast<unsigned char>(ch);
    if (plain(b) && b != '\\') out += ch;
    else out += fmt::format("\\x{:02x}", b);
  }
  return out;
}

CapturedRequest summarise(const RawRequest& r, const Provider& p, SecretSet* secrets) {
  CapturedRequest c;
  c.outcome = to_string(r.outcome);
  c.method = r.method;
  c.auth_scheme = r.method.empty() ? "none" : auth_scheme_of(r);
  for (const auto& [n, v] : r.headers) {
    c.header_names.push_back(n);
    const std::string name = ascii_lower(n);
    if (credential_header(name)) {
      credentials_of_header(name, v, p, secrets, c.credentials);
      continue;
    }
    if (name != "anthropic-version" && name != "anthropic-beta" && name != "user-agent") continue;
    HeaderValueSeen seen{n, "", false};
    seen.value = escaped_header_value(v, seen.escaped);
    if (name == "anthropic-version") c.anthropic_version = seen.value;
    else if (name == "anthropic-beta")
      for (auto& b : split_list(seen.value)) c.anthropic_beta.push_back(b);
    else c.user_agent = seen.value;
    c.header_values.push_back(std::move(seen));
  }
  // Credential-shaped values are recorded and masked by scrub_query; any other long value is masked too.
  c.path_query = mask_query_values(scrub_query(scrub_path(r.target, p, secrets, c.credentials), p, secrets, c.credentials));
  c.body_bytes = r.body_bytes;
  if (!r.body.empty() && r.body.size() == r.body_bytes) {
    auto j = parse_json_or_discarded(r.body);
    if (j.is_object() && j.contains("stream") && j["stream"].is_boolean()) c.stream = j["stream"].get<bool>();
  }
  c.bytes_read = r.bytes_read;
  c.read_ms = r.duration_ms;
  return c;
}

nlohmann::json to_json(const CapturedRequest& c) {
  nlohmann::json creds = nlohmann::json::array();
  for (const auto& k : c.credentials)
    creds.push_back({{"header", k.header}, {"scheme", k.scheme}, {"length", k.length},
                     {"fingerprint", k.fingerprint}, {"class", k.value_class}});
  nlohmann::json header_values = nlohmann::json::array();
  for (const auto& h : c.header_values)
    header_values.push_back({{"name", h.name}, {"value", h.value}, {"escaped", h.escaped}});
  nlohmann::json j = {{"index", c.index},
                      {"connection", c.connection},
                      {"outcome", c.outcome},
                      {"method", c.method},
                      {"path", c.path_query},
                      {"header_names", c.header_names},
                      {"auth_scheme", c.auth_scheme},
                      {"credentials", creds},
                      {"anthropic_version", c.anthropic_version},
                      {"anthropic_beta", c.anthropic_beta},
                      {"user_agent", c.user_agent},
                      {"header_values", header_values},
                      {"body_bytes", c.body_bytes},
                      {"stream", c.stream ? nlohmann::json(*c.stream) : nlohmann::json(nullptr)},
                      {"bytes_read", c.bytes_read},
                      {"read_ms", static_cast<long long>(c.read_ms)},
                      {"answer",
                       {{"status", c.answer.status ? nlohmann::json(*c.answer.status) : nlohmann::json(nullptr)},
                        {"mode", c.answer.mode},
                        {"total_ms", static_cast<long long>(c.answer.total_ms)}}}};
  if (c.answer.mode == "forward") {
    auto& a = j["answer"];
    a["ttfb_ms"] = c.answer.ttfb_ms < 0 ? nlohmann::json(nullptr) : nlohmann::json(static_cast<long long>(c.answer.ttfb_ms));
    a["answered_by"] = c.answer.origin;
    a["answered_by_why"] = c.answer.origin_why;
    a["transport_error"] = c.answer.transport;
    a["complete"] = c.answer.complete;
    a["cut_at_shutdown"] = c.answer.cut_at_shutdown;
  }
  return j;
}

}  // namespace awf::capture
