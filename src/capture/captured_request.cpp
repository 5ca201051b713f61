#include "capture/captured_request.hpp"

#include <cctype>

#include "core/json_limits.hpp"
#include "core/redact.hpp"

namespace awf::capture {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

CredentialSeen credential(std::string header, std::string_view value, const Provider& p) {
  CredentialSeen c;
  c.header = std::move(header);
  if (c.header == "authorization") {
    auto sp = value.find(' ');
    if (sp != std::string_view::npos) {
      c.scheme = std::string(value.substr(0, sp));
      value.remove_prefix(sp + 1);
    }
  }
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
    values.add_derived(eq == std::string_view::npos ? pair : pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return target.substr(0, q) + redact(std::string_view(target).substr(q), values);
}

}  // namespace

std::string auth_scheme_of(const RawRequest& r) {
  bool key = false, bearer = false, other = false;
  for (const auto& [n, v] : r.headers) {
    const std::string name = lower(n);
    if (name == "x-api-key") key = true;
    if (name == "authorization") (lower(v).rfind("bearer ", 0) == 0 ? bearer : other) = true;
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
  for (auto prefix : p.real_key_prefixes)
    if (value.rfind(prefix, 0) == 0 && value.size() > prefix.size() + 8 && !is_placeholder(value))
      return "real_key_shaped";
  return "other";
}

CapturedRequest summarise(const RawRequest& r, const Provider& p) {
  CapturedRequest c;
  c.outcome = to_string(r.outcome);
  c.method = r.method;
  c.path_query = mask_query_values(r.target);
  c.auth_scheme = r.method.empty() ? "none" : auth_scheme_of(r);
  for (const auto& [n, v] : r.headers) {
    c.header_names.push_back(n);
    const std::string name = lower(n);
    if (name == "x-api-key" || name == "authorization") c.credentials.push_back(credential(name, v, p));
    else if (name == "anthropic-version") c.anthropic_version = v;
    else if (name == "anthropic-beta")
      for (auto& b : split_list(v)) c.anthropic_beta.push_back(b);
    else if (name == "user-agent") c.user_agent = v;
  }
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
  }
  return j;
}

}  // namespace awf::capture
