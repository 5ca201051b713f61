#include "logs/api_proxy_log.hpp"

#include "logs/json_line.hpp"
#include "logs/text_fields.hpp"

namespace awf::logs {
namespace {

bool has(std::string_view s, std::string_view n) { return s.find(n) != std::string_view::npos; }

template <class K>
void bump(std::map<K, std::uint64_t>& m, const K& k, ApiProxyFacts& f) {
  auto it = m.find(k);
  if (it != m.end()) {
    ++it->second;
  } else if (m.size() < ApiProxyFacts::kMaxKeys) {
    m.emplace(k, 1);
  } else {
    ++f.dropped;
  }
}

bool is_guard_event(std::string_view e) {
  auto ends = [&](std::string_view s) { return e.size() >= s.size() && e.substr(e.size() - s.size()) == s; };
  return e == "rate_limited" || ends("_exceeded") || ends("_violation") || e == "retired_model" ||
         e == "unknown_model_ai_credits" || has(e, "guard") || has(e, "budget");
}

LineUse read_text(std::string_view t, Where where, ApiProxyFacts& f, ErrCodeFacts& codes) {
  for (unsigned char c : t)
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) return LineUse::unparsed;
  scan_err_codes(t, where, codes);
  bool used = false;
  if (has(t, "No HTTPS_PROXY configured")) {
    if (!f.no_https_proxy_warning.known()) f.no_https_proxy_warning = where;
    used = true;
  }
  if (has(t, "[ERR_") || has(t, "Invalid character in header content")) {
    if (f.crash_lines++ == 0) f.first_crash = where;
    std::size_t at = t.find("header content [\"");
    if (at != std::string_view::npos) {
      std::string_view rest = t.substr(at + 17);
      std::string name(capped(rest.substr(0, rest.find('"')), 64));
      bool seen = false;
      for (const auto& n : f.invalid_header_names) seen = seen || n == name;
      if (!seen && f.invalid_header_names.size() < ApiProxyFacts::kMaxKept) f.invalid_header_names.push_back(name);
    }
    used = true;
  }
  return used ? LineUse::used : LineUse::other;
}

std::string provider_of(const nlohmann::json& j) { return capped(json_string(j, "provider").value_or(""), 32); }

// A request that is a call of the API, not the client's `HEAD /` preconnect (domain.md §7: Claude
// Code sends HEAD / first) or another bodiless probe of the root.
bool api_call(const nlohmann::json& j) {
  const std::string method = json_string(j, "method").value_or("");
  const std::string path = json_string(j, "path").value_or("");
  return !(method == "HEAD" || method == "OPTIONS" || path == "/" || path.empty());
}

// The request's provider (its own field, else the one its request_start named, else "-") and
// whether it was an API call (unknown without its request_start: counted as one); forgets the
// request_id.
std::string finish(const nlohmann::json& j, ApiProxyFacts& f, bool& api) {
  std::string provider = provider_of(j);
  api = true;
  if (auto id = json_string(j, "request_id")) {
    auto it = f.open_requests.find(capped(*id, 128));
    if (it != f.open_requests.end()) {
      if (provider.empty()) provider = it->second.provider;
      api = it->second.api;
      f.open_requests.erase(it);
    }
  }
  return provider.empty() ? std::string("-") : provider;
}

}  // namespace

LineUse read_api_proxy_line(std::string_view line, Where where, ApiProxyFacts& f, ErrCodeFacts& codes) {
  std::string_view t = trim(line);
  if (t.empty()) return LineUse::other;
  if (t.front() != '{') return read_text(t, where, f, codes);
  auto j = parse_json_object(t);
  if (!j) return LineUse::unparsed;
  auto event = json_string(*j, "event");
  if (!event) return LineUse::other;
  ++f.json_events;
  const std::string& e = *event;
  std::string msg = json_string(*j, "message").value_or(json_string(*j, "error").value_or(""));
  scan_err_codes(msg, where, codes);
  if (has(msg, "No HTTPS_PROXY configured") && !f.no_https_proxy_warning.known()) f.no_https_proxy_warning = where;
  auto message = [&]() { return capped(msg); };

  if (e == "startup" || e == "server_start") {
    ++f.startup_events;
    if (auto sp = json_string(*j, "squid_proxy"); sp && !f.squid_proxy) f.squid_proxy = capped(*sp, 200);
    auto it = j->find("providers_configured");
    if (it != j->end() && f.providers_configured.empty()) {
      if (it->is_array()) {
        for (const auto& p : *it)
          if (p.is_string() && f.providers_configured.size() < 16) f.providers_configured.push_back(capped(p.get<std::string>(), 32));
      } else if (it->is_object()) {
        for (auto p = it->begin(); p != it->end(); ++p)
          if (p.value() == true && f.providers_configured.size() < 16) f.providers_configured.push_back(capped(p.key(), 32));
      }
    }
    return LineUse::used;
  }
  if (e.rfind("key_validation", 0) == 0) {
    if (f.key_validations.size() < ApiProxyFacts::kMaxKept)
      f.key_validations.push_back({e, provider_of(*j),
                                   capped(json_string(*j, "status").value_or(json_string(*j, "result").value_or("")), 48),
                                   message(), where});
    return LineUse::used;
  }
  if (e == "request_start") {
    ++f.request_start_total;
    std::string provider = provider_of(*j);
    bump(f.request_start, provider, f);
    if (auto id = json_string(*j, "request_id"); id && f.open_requests.size() < ApiProxyFacts::kMaxOpenRequests)
      f.open_requests[capped(*id, 128)] = {provider, api_call(*j)};
    return LineUse::used;
  }
  if (e == "auth_inject") {  // key_preview is a secret: never read
    ++f.auth_inject;
    bump(f.auth_inject_key_length, json_int(*j, "key_length").value_or(-1), f);
    if (json_bool(*j, "has_anthropic_version") == false) ++f.auth_inject_without_version;
    return LineUse::used;
  }
  if (e == "upstream_auth_error") {
    bump(f.upstream_auth_error, json_int(*j, "status").value_or(-1), f);
    return LineUse::used;
  }
  if (e == "request_complete") {
    ++f.request_complete_total;
    auto st = json_int(*j, "status");
    bool api = true;
    bump(f.request_complete, finish(*j, f, api) + " " + (st ? std::to_string(*st) : std::string("-")), f);
    if (api) ++f.api_complete_total;
    return LineUse::used;
  }
  if (e == "request_error") {
    ++f.request_error_total;
    bool api = true;
    finish(*j, f, api);
    if (api) ++f.api_error_total;
    std::string m = message();
    if (f.request_errors.size() < ApiProxyFacts::kMaxKept) f.request_errors.push_back({m, where});
    return LineUse::used;
  }
  if (is_guard_event(e)) {
    bump(f.guard_events, capped(e, 64), f);
    return LineUse::used;
  }
  bump(f.other_events, capped(e, 64), f);
  return LineUse::other;
}

}  // namespace awf::logs
