// Catalog lookups, the hypothesis rows and retired codes, and hint templates.
#include "catalog/catalog.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "catalog/fault_parts.hpp"

namespace awf {
namespace {

/// Every fault row in FaultId order, from the per-link parts. A missing or doubled row is a
/// build mistake that every test run hits first (tests/catalog): it aborts with the id.
struct FaultIndex {
  std::array<FaultInfo, kFaultCount> rows{};
  FaultIndex() {
    std::array<int, kFaultCount> seen{};
    for (auto part : {catalog_data::helper_faults(), catalog_data::env_faults(), catalog_data::proxy_faults(),
                      catalog_data::squid_faults(), catalog_data::upstream_faults()})
      for (const FaultInfo& f : part) {
        const int i = static_cast<int>(f.id);
        if (i < 0 || i >= kFaultCount || seen[static_cast<std::size_t>(i)]++) die(i, "out of range or doubled");
        rows[static_cast<std::size_t>(i)] = f;
      }
    for (int i = 0; i < kFaultCount; ++i)
      if (!seen[static_cast<std::size_t>(i)]) die(i, "has no row");
  }
  [[noreturn]] static void die(int id, const char* what) {
    std::fprintf(stderr, "awf-diag: internal error: fault catalog row for FaultId %d %s\n", id, what);
    std::abort();
  }
};

const FaultIndex& fault_index() {
  static const FaultIndex index;
  return index;
}

const HypothesisInfo kHypotheses[] = {
    {HypothesisId::H1, "H1",
     "{client}'s auth mechanism ({auth_mechanism}) does not match what the api-proxy handles",
     "The client sends another auth header, path or version than the sidecar expects (awf #1527)."},
    {HypothesisId::H2, "H2", "{token_var} interferes with {credential_helper}",
     "The token variable and the helper compete as credential sources (awf #1527)."},
    {HypothesisId::H3, "H3", "SSE streaming is not proxied correctly",
     "A hop buffers or reframes the event stream (awf #1527)."},
    {HypothesisId::H4, "H4", "The Squid CONNECT tunnel is established but the calls through it fail",
     "The sidecar's tunnel opens, yet the calls through it fail (awf #1527)."},
};

const RetiredCode kRetired[] = {
    {"squid-denied", "retired 2026-11 (never set by a check); split into squid-denied-sidecar and "
                     "squid-connect-refused"},
};

}  // namespace

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::supported: return "supported";
    case Verdict::refuted: return "refuted";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::not_applicable: return "not-applicable";
  }
  return "inconclusive";
}

const FaultInfo& info(FaultId id) { return fault_index().rows[static_cast<std::size_t>(id)]; }
const HypothesisInfo& info(HypothesisId id) { return kHypotheses[static_cast<int>(id)]; }
std::span<const FaultInfo> all_faults() { return fault_index().rows; }
std::span<const HypothesisInfo> all_hypotheses() { return kHypotheses; }
std::span<const RetiredCode> retired_codes() { return kRetired; }
std::string_view code(FaultId id) { return info(id).code; }
std::string_view code(HypothesisId id) { return info(id).code; }

std::optional<FaultId> fault_from_code(std::string_view c) {
  for (const auto& f : all_faults())
    if (f.code == c) return f.id;
  return std::nullopt;
}

std::string docs_anchor(FaultId id) { return "docs/hypotheses.md#" + std::string(code(id)); }

std::string fill_template(std::string_view tmpl, const HintArgs& args) {
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    std::size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    std::size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = tmpl.substr(open + 1, close - open - 1);
    out.append(tmpl.substr(i, open - i));
    const std::string* value = nullptr;
    for (const auto& [k, v] : args)
      if (k == name) {
        value = &v;
        break;
      }
    if (value) out += *value;
    else out.append(tmpl.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(tmpl.substr(i));
  return out;
}

namespace {

std::string joined(const std::vector<std::string_view>& v, std::string_view sep) {
  std::string out;
  for (auto x : v) {
    if (!out.empty()) out.append(sep);
    out.append(x);
  }
  return out;
}

/// "header, endpoint path or anthropic-version": what a client's request carries that a hop may not
/// handle; the version header is the row's zero-token request's (none known: header and path only).
std::string auth_mechanism(const Provider& p) {
  std::string version;
  for (const auto& [name, value] : p.zero_token_probe.headers)
    if (name != "content-type") version = std::string(name);
  return version.empty() ? "header or endpoint path" : "header, endpoint path or " + version;
}

/// Titles open sentences: a row without a known client reads "The client".
HintArgs title_args(const Provider& p) {
  HintArgs a = provider_args(p);
  a.insert(a.begin(), {"client", p.client.empty() ? std::string("The client") : std::string(p.client)});
  if (p.token_vars.empty()) a.insert(a.begin(), {"token_var", "A token variable"});
  if (p.oauth_vars.empty()) a.insert(a.begin(), {"oauth_var", "An OAuth token variable"});
  if (p.key_vars.empty()) a.insert(a.begin(), {"key_vars", "an API-key variable"});
  return a;
}

}  // namespace

HintArgs provider_args(const Provider& p) {
  const AwfFacts& awf = awf_facts();
  auto first = [](const std::vector<std::string_view>& v) { return v.empty() ? std::string() : std::string(v[0]); };
  return {{"provider", std::string(p.display)},
          {"client", std::string(p.client)},
          {"base_url_var", first(p.base_url_vars)},
          {"token_var", first(p.token_vars)},
          {"oauth_var", first(p.oauth_vars)},
          {"key_var", std::string(p.sidecar_key_var)},
          {"auth_header", std::string(p.injected_auth_header)},
          {"placeholder", std::string(current_placeholder(p))},
          {"awf_base_url", awf_base_url(p)},
          {"sidecar_ip", std::string(awf.sidecar_ip)},
          {"sidecar_port", std::to_string(p.sidecar_port)},
          {"squid", std::string(awf.squid_ip) + ":" + std::to_string(awf.squid_port)},
          {"helper_chroot_path", std::string(awf.helper_chroot_path)},
          {"key_vars", joined(p.key_vars, " / ")},
          {"token_vars", joined(p.token_vars, " / ")},
          {"credential_helper", p.credential_helper.empty() ? std::string("a credential helper")
                                                            : "the " + std::string(p.credential_helper)},
          {"agent_env_when",
           p.agent_env_when.empty()
               ? fmt::format("our awf facts do not say when awf sets them for {}: check that its api-proxy holds a {} "
                             "credential (proxy.sidecar_state) before setting them by hand",
                             p.display, p.display)
               : std::string(p.agent_env_when)},
          {"auth_mechanism", auth_mechanism(p)}};
}

std::string title(FaultId id, const Provider& p) { return fill_template(info(id).title, title_args(p)); }
std::string title(HypothesisId id, const Provider& p) { return fill_template(info(id).title, title_args(p)); }

namespace {
HintArgs merged(const Provider& p, const HintArgs& extra) {
  HintArgs all = extra;  // extra first: it wins
  for (auto& kv : provider_args(p)) all.push_back(std::move(kv));
  return all;
}
}  // namespace

std::string command(FaultId id, const Provider& p, const HintArgs& extra) {
  return fill_template(info(id).command, merged(p, extra));
}

std::string hint(FaultId id, const Provider& p, const HintArgs& extra) {
  HintArgs all = merged(p, extra);
  all.insert(all.begin(), {"command", fill_template(info(id).command, all)});
  return fill_template(info(id).hint, all);
}

std::string render_fault_markdown() {
  std::string out = "| id | title | set by |\n|---|---|---|\n";
  for (const auto& f : all_faults())
    out += "| `" + std::string(f.code) + "` | " + title(f.id, provider(ProviderId::anthropic)) + " | " + std::string(f.set_by) + " |\n";
  return out;
}

}  // namespace awf
