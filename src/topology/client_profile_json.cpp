#include "topology/client_profile_json.hpp"
#include "core/ascii.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "core/json_limits.hpp"
#include "core/text_file.hpp"
#include "topology/captured_profile.hpp"
#include "topology/providers.hpp"

namespace awf::topology {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr int kMaxDepth = 8;
constexpr std::size_t kMaxHeaders = 100;
constexpr std::size_t kMaxAuthRows = 32;
constexpr std::size_t kMaxBefore = 8;
constexpr std::size_t kMaxUnknown = 64;
constexpr std::size_t kMaxName = 256;
constexpr std::size_t kMaxValue = kMaxProfileHeaderValue;
constexpr std::size_t kMaxText = 4 * 1024;

const std::array<const char*, 6> kSourceNames = {"auth_token",  "api_key",    "api_key_helper",
                                                 "oauth_token", "openai_key", "copilot_token"};

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

bool tchar(char c) {  // RFC 9110 §5.6.2 token characters
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_credential_header(const std::string& name) {
  const std::string n = ascii_lower(name);
  return n == "authorization" || n == "x-api-key" || n == "proxy-authorization" || n == "cookie" ||
         n == "x-goog-api-key";
}

std::string text(const json& j, const std::string& field, std::size_t max = kMaxText, bool required = false) {
  if (!j.contains(field) || j.at(field).is_null()) {
    if (required) bad(field, "missing");
    return "";
  }
  const auto& v = j.at(field);
  if (!v.is_string()) bad(field, "must be a string");
  auto s = v.get<std::string>();
  if (s.size() > max) bad(field, "longer than " + std::to_string(max) + " bytes");
  if (required && s.empty()) bad(field, "empty");
  return s;
}

std::string token(const json& j, const std::string& field, std::size_t max, bool required) {
  auto s = text(j, field, max, required);
  if (!std::all_of(s.begin(), s.end(), tchar)) bad(field, "not an HTTP token");
  return s;
}

std::string path_query(const json& j, const std::string& field) {
  auto s = text(j, field, kMaxValue, true);
  if (s.front() != '/') bad(field, "must start with '/'");
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) bad(field, "contains whitespace or a control byte");
  return s;
}

std::vector<HeaderField> headers(const json& j, const std::string& field) {
  std::vector<HeaderField> out;
  if (!j.contains(field) || j.at(field).is_null()) return out;
  const auto& a = j.at(field);
  if (!a.is_array()) bad(field, "must be an array of [name, value] pairs");
  if (a.size() > kMaxHeaders) bad(field, "more than " + std::to_string(kMaxHeaders) + " headers");
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string where = field + "[" + std::to_string(i) + "]";
    const auto& h = a[i];
    if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) bad(where, "must be [name, value]");
    HeaderField f{h[0].get<std::string>(), h[1].get<std::string>()};
    if (f.name.empty() || f.name.size() > kMaxName || !std::all_of(f.name.begin(), f.name.end(), tchar))
      bad(where, "header name is not an HTTP token of at most 256 bytes");
    const std::string named = where + " (" + f.name + ")";  // the index alone means little to a reader
    if (f.value.size() > kMaxValue) bad(named, "value longer than 8192 bytes");
    if (f.value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos)
      bad(named, "value contains CR, LF or NUL");
    if (is_credential_header(f.name) && f.value.find("{{") == std::string::npos)
      bad(where, f.name + " must hold a {{placeholder}}, not a credential value");
    out.push_back(std::move(f));
  }
  return out;
}

CredentialSources sources(const json& j, const std::string& field) {
  CredentialSources s;
  if (!j.contains(field) || !j.at(field).is_array()) bad(field, "must be an array of source names");
  const auto& a = j.at(field);
  if (a.size() > kSourceNames.size()) bad(field, "too many source names");
  for (const auto& v : a) {
    if (!v.is_string()) bad(field, "source names are strings");
    const auto n = v.get<std::string>();
    if (n == "auth_token") s.auth_token = true;
    else if (n == "api_key") s.api_key = true;
    else if (n == "api_key_helper") s.api_key_helper = true;
    else if (n == "oauth_token") s.oauth_token = true;
    else if (n == "openai_key") s.openai_key = true;
    else if (n == "copilot_token") s.copilot_token = true;
    else bad(field, "unknown credential source '" + n.substr(0, 64) + "'");
  }
  return s;
}

ojson headers_json(const std::vector<HeaderField>& hs) {
  ojson a = ojson::array();
  for (const auto& h : hs) a.push_back(ojson::array({h.name, h.value}));
  return a;
}

ojson sources_json(const CredentialSources& s) {
  const std::array<bool, 6> on = {s.auth_token, s.api_key, s.api_key_helper, s.oauth_token, s.openai_key, s.copilot_token};
  ojson a = ojson::array();
  for (std::size_t i = 0; i < on.size(); ++i)
    if (on[i]) a.push_back(kSourceNames[i]);
  return a;
}

template <class F>
void each(const json& j, const std::string& field, std::size_t max, F f) {
  if (!j.contains(field) || j.at(field).is_null()) return;
  const auto& a = j.at(field);
  if (!a.is_array()) bad(field, "must be an array");
  if (a.size() > max) bad(field, "more than " + std::to_string(max) + " entries");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object() && !a[i].is_string()) bad(field + "[" + std::to_string(i) + "]", "wrong type");
    f(a[i], field + "[" + std::to_string(i) + "].");
  }
}

}  // namespace

ojson profile_to_json(const ClientProfile& p) {
  ojson j;
  j["schema"] = kProfileSchema;
  j["id"] = p.id;
  j["version"] = p.version;
  j["provider"] = p.provider;
  j["provenance"] = p.provenance;
  j["before"] = ojson::array();
  for (const auto& s : p.before)
    j["before"].push_back({{"method", s.method}, {"path_query", s.path_query}, {"headers", headers_json(s.headers)},
                           {"skipped_when_proxy_configured", s.skipped_when_proxy_configured},
                           {"provenance", s.provenance}});
  j["method"] = p.method;
  j["path_query"] = p.path_query;
  j["headers"] = headers_json(p.headers);
  j["model"] = p.model;
  j["streams"] = p.streams;
  j["auth"] = ojson::array();
  for (const auto& r : p.auth)
    j["auth"].push_back({{"when", sources_json(r.when)}, {"first", headers_json(r.first)},
                         {"after_401", headers_json(r.after_401)}, {"provenance", r.provenance}});
  j["unknown"] = p.unknown;
  return j;
}

namespace {

/// A credential variable of some provider row (its key, token or OAuth variables): the auth rows'
/// placeholders, filled by probes/client_route.cpp from the judged environment.
bool is_credential_variable(const std::string& name) {
  for (const auto& row : providers())
    for (const auto* vars : {&row.key_vars, &row.token_vars, &row.oauth_vars})
      for (const auto& v : *vars)
        if (v == name) return true;
  return false;
}

/// What a profile may not say (new-user test F18): an unknown provider, a header the HTTP client
/// itself writes (RFC 9110 §7.2 Host, RFC 9112 §6 framing: Content-Length, Transfer-Encoding,
/// Connection), or a {{placeholder}} the probe does not fill (it would be sent literally).
void check_profile(const ClientProfile& p) {
  if (!p.provider.empty() && !provider_named(p.provider)) {
    std::string known;
    for (const auto& row : providers()) known += (known.empty() ? "" : ", ") + std::string(row.name);
    bad("provider", "unknown provider '" + p.provider + "' (known: " + known + ")");
  }
  auto check_headers = [](const std::vector<HeaderField>& hs, const std::string& where) {
    for (const auto& h : hs) {
      const std::string name = ascii_lower(h.name);
      for (std::string_view t : {"host", "content-length", "transfer-encoding", "connection"})
        if (name == t) bad(where, "header '" + h.name + "' is written by the HTTP client from the request, not by a profile");
      for (std::size_t pos = h.value.find("{{"); pos != std::string::npos; pos = h.value.find("{{", pos + 2)) {
        const std::size_t close = h.value.find("}}", pos + 2);
        if (close == std::string::npos) break;
        const std::string ph = h.value.substr(pos + 2, close - pos - 2);
        if (ph.rfind("auth:", 0) == 0 || is_credential_variable(ph)) continue;
        if (std::find(std::begin(kProfilePlaceholders), std::end(kProfilePlaceholders), ph) == std::end(kProfilePlaceholders))
          bad(where, "header '" + h.name + "' holds an unknown placeholder {{" + ph + "}} (it would be sent literally)");
      }
    }
  };
  check_headers(p.headers, "headers");
  for (std::size_t i = 0; i < p.before.size(); ++i) check_headers(p.before[i].headers, "before[" + std::to_string(i) + "].headers");
  for (std::size_t i = 0; i < p.auth.size(); ++i) {
    check_headers(p.auth[i].first, "auth[" + std::to_string(i) + "].first");
    check_headers(p.auth[i].after_401, "auth[" + std::to_string(i) + "].after_401");
  }
}

}  // namespace

ClientProfile profile_from_json(const std::string& input) {
  if (input.size() > kMaxProfileBytes)
    bad("profile", "is " + std::to_string(input.size()) + " bytes, more than the " +
                       std::to_string(kMaxProfileBytes) + "-byte limit");
  // The one bounded reader (core/json_limits.hpp); nlohmann counts the top level as depth 0, so 8
  // nested levels below it are kMaxDepth + 1 brackets.
  JsonParse parsed = parse_json_bounded(input, {static_cast<std::size_t>(kMaxDepth) + 1, kMaxProfileBytes});
  if (parsed.too_deep) bad("profile", "nested deeper than 8 levels");
  if (!parsed.ok) bad("profile", "not valid JSON (" + parsed.error + ")");
  const json& j = parsed.value;
  if (!j.is_object()) bad("profile", "must be a JSON object");
  if (j.contains("schema") && text(j, "schema") != kProfileSchema)
    bad("schema", std::string("must be \"") + kProfileSchema + "\"");
  ClientProfile p;
  p.id = text(j, "id", kMaxName, true);
  p.version = text(j, "version", kMaxName);
  p.provider = text(j, "provider", kMaxName);
  p.provenance = text(j, "provenance");
  each(j, "before", kMaxBefore, [&](const json& b, const std::string& at) {
    if (!b.is_object()) bad(at.substr(0, at.size() - 1), "must be an object");
    SideRequest s;
    try {
      s.method = token(b, "method", 16, true);
      s.path_query = path_query(b, "path_query");
      s.headers = headers(b, "headers");
      s.provenance = text(b, "provenance");
    } catch (const std::invalid_argument& e) {
      bad(at.substr(0, at.size() - 1), e.what());
    }
    if (b.contains("skipped_when_proxy_configured")) {
      if (!b["skipped_when_proxy_configured"].is_boolean()) bad(at + "skipped_when_proxy_configured", "must be a boolean");
      s.skipped_when_proxy_configured = b["skipped_when_proxy_configured"].get<bool>();
    }
    p.before.push_back(std::move(s));
  });
  p.method = token(j, "method", 16, true);
  p.path_query = path_query(j, "path_query");
  p.headers = headers(j, "headers");
  p.model = text(j, "model", kMaxName);
  if (j.contains("streams")) {
    if (!j["streams"].is_boolean()) bad("streams", "must be a boolean");
    p.streams = j["streams"].get<bool>();
  }
  each(j, "auth", kMaxAuthRows, [&](const json& a, const std::string& at) {
    if (!a.is_object()) bad(at.substr(0, at.size() - 1), "must be an object");
    AuthRow r;
    try {
      r.when = sources(a, "when");
      r.first = headers(a, "first");
      r.after_401 = headers(a, "after_401");
      r.provenance = text(a, "provenance");
    } catch (const std::invalid_argument& e) {
      bad(at.substr(0, at.size() - 1), e.what());
    }
    p.auth.push_back(std::move(r));
  });
  each(j, "unknown", kMaxUnknown, [&](const json& u, const std::string& at) {
    if (!u.is_string() || u.get<std::string>().size() > 512) bad(at.substr(0, at.size() - 1), "must be a string of at most 512 bytes");
    p.unknown.push_back(u.get<std::string>());
  });
  check_profile(p);
  return p;
}

ClientProfile load_client_profile(const std::string& path) {
  std::string content;
  try {
    // A capture report (decisions.md 13) may be larger than a profile: read up to a report's size.
    content = read_text_file(path, kMaxReportBytes);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("--client-profile ") + e.what());
  }
  try {
    if (JsonParse doc = parse_json_bounded(content, {kMaxJsonDepth, kMaxReportBytes}); doc.ok && is_capture_report(doc.value))
      return profile_from_capture_report(doc.value);
    return profile_from_json(content);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("--client-profile " + path + ": " + e.what());
  }
}

}  // namespace awf::topology
