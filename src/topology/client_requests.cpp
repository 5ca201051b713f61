// request_sequence(): a profile + the configured credential sources -> the ordered requests the
// client would send, with a zero-token body (clients.hpp).
#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "topology/clients.hpp"
#include "core/ascii.hpp"

namespace awf::topology {

namespace {

std::string describe(const CredentialSources& s) {
  std::string out;
  auto add = [&](bool on, const char* name) {
    if (on) out += (out.empty() ? "" : " + ") + std::string(name);
  };
  add(s.auth_token, "ANTHROPIC_AUTH_TOKEN");
  add(s.api_key, "ANTHROPIC_API_KEY");
  add(s.api_key_helper, "apiKeyHelper");
  add(s.oauth_token, "CLAUDE_CODE_OAUTH_TOKEN");
  add(s.openai_key, "OPENAI_API_KEY");
  add(s.copilot_token, "COPILOT_GITHUB_TOKEN");
  return out.empty() ? "no credential source" : out;
}

constexpr const char* kSlotPrefix = "{{auth:";

/// Profile headers with the credential slots filled from `cred` (slots without a credential are
/// dropped; credentials without a slot are appended; a credential naming a non-slot header, such as
/// anthropic-beta for OAuth, is merged into that header's comma list).
std::vector<HeaderField> with_credentials(const std::vector<HeaderField>& base, const std::vector<HeaderField>& cred) {
  std::vector<HeaderField> out;
  std::vector<bool> used(cred.size(), false);
  for (const auto& h : base) {
    const bool slot = h.value.rfind(kSlotPrefix, 0) == 0;
    if (slot) {
      for (std::size_t i = 0; i < cred.size(); ++i) {
        if (!used[i] && ascii_iequals(cred[i].name, h.name)) {
          out.push_back(cred[i]);
          used[i] = true;
          break;
        }
      }
      continue;
    }
    HeaderField f = h;
    for (std::size_t i = 0; i < cred.size(); ++i) {
      if (!used[i] && ascii_iequals(cred[i].name, h.name)) {
        f.value += "," + cred[i].value;
        used[i] = true;
      }
    }
    out.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < cred.size(); ++i)
    if (!used[i]) out.push_back(cred[i]);
  return out;
}

std::string body_for(const ClientProfile& p, const SequenceOptions& o) {
  const std::string model = o.model.empty() ? p.model : o.model;
  nlohmann::ordered_json b = nlohmann::ordered_json::object();
  if (p.provider == "anthropic") {
    // Anthropic checks authentication before the body (domain.md §6): without max_tokens the
    // request is refused with 400 invalid_request_error naming the missing field, and spends nothing.
    b["model"] = model;
    if (o.shape == BodyShape::max_tokens_1) b["max_tokens"] = 1;
    b["messages"] = nlohmann::ordered_json::array({{{"role", "user"}, {"content", "hi"}}});
    if (p.streams) b["stream"] = true;
    return b.dump();
  }
  if (o.shape == BodyShape::max_tokens_1)
    throw std::invalid_argument(p.id + ": no known valid minimal request body (see the profile's unknown fields)");
  // Zero-token form for OpenAI-style APIs: no model, so the upstream refuses the body after
  // authentication; `stream` kept so a hop that rewrites streaming bodies still does (R18).
  if (!o.model.empty()) b["model"] = o.model;
  if (p.path_query.find("chat/completions") != std::string::npos)
    b["messages"] = nlohmann::ordered_json::array({{{"role", "user"}, {"content", "hi"}}});
  if (p.streams) b["stream"] = true;
  return b.dump();
}

}  // namespace

std::vector<ClientRequest> request_sequence(const ClientProfile& p, const SequenceOptions& o) {
  if (p.method.empty() || p.path_query.empty())
    throw std::invalid_argument(p.id + ": the profile does not know the API call's method and path");
  const AuthRow* row = nullptr;
  for (const auto& r : p.auth)
    if (r.when == o.sources) row = &r;
  if (!row) throw std::invalid_argument(p.id + ": no known credential headers for " + describe(o.sources));

  std::vector<ClientRequest> out;
  for (const auto& s : p.before) {
    if (s.skipped_when_proxy_configured && o.proxy_configured) continue;
    out.push_back({"preconnect", s.method, s.path_query, s.headers, ""});
  }
  const std::string body = body_for(p, o);
  out.push_back({"first", p.method, p.path_query, with_credentials(p.headers, row->first), body});
  if (!row->after_401.empty()) {
    for (int i = 0; i < o.retries_after_401 && i < 16; ++i)
      out.push_back({"retry-after-401", p.method, p.path_query, with_credentials(p.headers, row->after_401), body});
  }
  return out;
}

std::string fill_placeholders(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(text, pos, open - pos);
    const std::string name = text.substr(open + 2, close - open - 2);
    auto it = values.find(name);
    if (it != values.end())
      out += it->second;
    else
      out.append(text, open, close + 2 - open);
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace awf::topology
