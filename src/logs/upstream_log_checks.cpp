// log.upstream.auth: the upstream's answer to the chain's calls, as far as the logs show who
// produced it (domain.md §6 error shape, §10 who produced this error). The provider is named only
// on its own error shape (the row's request-id prefix, a top-level "type":"error") or on a
// completed, billed turn; otherwise the check fails with upstream-acceptance-unseen and says which
// evidence is missing — never a guessed origin.
#include "logs/log_check_parts.hpp"

#include <fmt/format.h>

#include <cctype>

#include "catalog/catalog.hpp"
#include "catalog/check_ids.hpp"
#include "rules/check_rules.hpp"

namespace awf::logs::parts {

namespace cid = check_id;

namespace {

// The JSON string value after `"key":"` in `text` (no unescaping: error types and ids are plain).
std::string json_string_after(std::string_view text, std::string_view key, std::size_t from = 0) {
  const std::string pat = fmt::format("\"{}\":\"", key);
  std::size_t at = text.find(pat, from);
  if (at == std::string_view::npos) return "";
  at += pat.size();
  std::size_t end = text.find('"', at);
  return std::string(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
}

bool id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

}  // namespace

ProviderErrorSeen provider_error_in(std::string_view text, const Provider& p) {
  ProviderErrorSeen s;
  const ErrorShape& shape = p.errors;
  if (!shape.request_id_prefix.empty()) {
    // The request id as the provider writes it: prefix at a token start, then >= 8 id characters.
    for (std::size_t at = text.find(shape.request_id_prefix); at != std::string_view::npos;
         at = text.find(shape.request_id_prefix, at + 1)) {
      if (at > 0 && id_char(text[at - 1])) continue;
      std::size_t end = at + shape.request_id_prefix.size();
      while (end < text.size() && id_char(text[end])) ++end;
      if (end - at - shape.request_id_prefix.size() >= 8) {
        s.request_id = std::string(text.substr(at, end - at));
        break;
      }
    }
  }
  const std::size_t brace = text.find('{');
  if (shape.top_level_type_error && brace != std::string_view::npos &&
      text.substr(brace).rfind("{\"type\":\"error\"", 0) == 0)
    s.top_level_type_error = true;
  if (const std::size_t err = text.find("\"error\":{"); err != std::string_view::npos) {
    s.error_type = json_string_after(text, "type", err);
    s.error_message = json_string_after(text, "message", err);
  }
  s.status = status_in(std::string(text.substr(0, brace == std::string_view::npos ? text.size() : brace)));
  return s;
}

std::optional<Check> upstream_auth(const LogFacts& f, const Correlation& corr, const LogOptions& /*o*/,
                                   const Provider& p) {
  const ClientView v = client_view(f);
  const ApiProxyFacts& a = f.api_proxy;
  std::uint64_t upstream_errors = 0;
  std::optional<int> upstream_error_status;
  for (const auto& [status, n] : a.upstream_auth_error) {
    upstream_errors += n;
    if (status > 0 && !upstream_error_status) upstream_error_status = static_cast<int>(status);
  }
  if (!v.any && upstream_errors == 0) return std::nullopt;
  Check c = make_check(cid::log_upstream_auth, Link::upstream, "the upstream's answer, as far as the logs show it",
                       kLogSource);
  c.depends_on = {std::string(cid::log_agent_requests), std::string(cid::log_squid_sidecar_tunnel)};

  // The provider's own error shape in any text the readers kept (client messages, api-proxy errors).
  ProviderErrorSeen shape;
  std::vector<std::string> texts{v.text};
  for (const auto& m : f.agent.messages) texts.push_back(m.detail);
  for (const auto& m : a.request_errors) texts.push_back(m.text);
  for (const auto& t : texts) {
    ProviderErrorSeen s = provider_error_in(t, p);
    if (s.provider_shaped()) {
      shape = std::move(s);
      break;
    }
  }
  Exchange e;
  e.source = Source::log;
  e.observer = Role::sidecar;
  e.sent = {"POST", std::string(p.zero_token_probe.path), {}, "", ""};
  if (a.auth_inject > 0) {
    // The sidecar's own auth_inject events: it sent its own credential header (never the key).
    e.sent.header_names = {std::string(p.injected_auth_header)};
    e.sent.credential_kind = "real";
  }
  c.evidence["api_proxy"] = {{"auth_inject", a.auth_inject}, {"upstream_auth_error", upstream_errors}};
  const std::optional<int> status = shape.status ? shape.status : v.status ? v.status : upstream_error_status;

  const bool tunnel_failed = corr.sidecar.established == 0 && corr.sidecar.denied + corr.sidecar.no_upstream > 0;
  const bool client_failed = failed_before_sending(f);
  if (client_failed || !corr.sidecar_address_denials.empty() || tunnel_failed || (!status && !v.success)) {
    c.status = Status::skip;
    c.skip_reason = client_failed ? fmt::format("needs {}, which failed: the client failed before sending a request "
                                                "with a usable credential, so no answer judges the upstream",
                                                cid::log_agent_client_errors)
                    : !corr.sidecar_address_denials.empty()
                        ? fmt::format("needs {}: the client's requests were denied before the api-proxy",
                                      cid::log_agent_requests)
                    : tunnel_failed
                        ? fmt::format("needs {}, which failed: no request reached the upstream",
                                      cid::log_squid_sidecar_tunnel)
                        : "no HTTP answer reached the client (error_status: null): nothing in the logs comes from the "
                          "upstream";
    c.summary = c.skip_reason;
    return c;
  }
  // By elimination (domain §5, §4, §10): the api-proxy logged upstream_auth_error with this 401/403
  // for its own upstream fetch, and Squid's log shows the sidecar's CONNECT tunnel established to the
  // upstream. Inside that tunnel the sidecar verified the provider's TLS certificate, Squid answers
  // only 407 for proxy auth (never 401/403 inside a tunnel) and the api-proxy has no caller auth, so
  // the 401/403 was produced by the provider itself.
  const bool auth_status = status && (*status == 401 || *status == 403);
  const bool by_elimination = !shape.provider_shaped() && auth_status && a.upstream_auth_error.count(*status) > 0 &&
                              corr.sidecar.established > 0;
  if (shape.provider_shaped() || by_elimination) {
    e.http_status = status;
    e.complete = true;
    e.origin = Origin::provider;
    e.request_id = shape.request_id;
    e.error_type = shape.error_type;
    e.error_message = shape.error_message;
    e.origin_why =
        by_elimination
            ? fmt::format("by elimination: the api-proxy logged upstream_auth_error {} for its own upstream fetch, "
                          "through {} CONNECT tunnel(s) Squid logged as established; neither Squid nor the api-proxy "
                          "answers {} itself (no request-id or {} error body in these logs to confirm it)",
                          *status, corr.sidecar.established, *status, p.display)
        : shape.request_id.empty()
            ? fmt::format("{} error shape (top-level \"type\":\"error\") in the logs, no request-id", p.display)
            : fmt::format("request-id {} in the logs", shape.request_id);
    Outcome out = judge_upstream_auth(e, p);
    out.summary = fmt::format("from the logs ({}): {}", e.origin_why, out.summary);
    apply(c, out);
  } else if (v.success || (status && *status >= 200 && *status < 300)) {
    e.http_status = status.value_or(200);
    e.complete = true;
    e.origin = Origin::provider;
    e.origin_why = v.success ? "a completed, billed turn (result is_error: false)"
                             : "a 2xx through the api-proxy, which produces only error answers itself (domain §4)";
    apply(c, {Status::pass, std::nullopt,
              fmt::format("{} answered the chain's calls: {}", p.display, e.origin_why), ""});
  } else {
    // An error status, and nothing in the logs shows who produced it.
    e.http_status = status;
    e.complete = true;
    e.origin = Origin::unknown;
    std::vector<std::string> missing;
    missing.push_back(fmt::format("no {} {}… and no {} error body in these logs", p.errors.request_id_header,
                                  p.errors.request_id_prefix, p.display));
    if (f.api_proxy.json_events == 0) missing.push_back("no api-proxy log");
    if (corr.squid_source.empty()) missing.push_back("no Squid log");
    std::string missing_text = fmt::format("{}", fmt::join(missing, "; "));
    e.origin_why = missing_text;
    std::string reading;
    if (*status == 401 && upstream_errors > 0)
      reading = fmt::format(
          " The api-proxy logged upstream_auth_error {} for its own upstream's answer, and in awf neither Squid (407 "
          "only, with proxy auth) nor the api-proxy (no caller auth) answers 401, so {} most likely rejected the key "
          "the api-proxy injected; its error shape would confirm it.",
          *status, p.display);
    c.evidence["missing"] = missing;
    apply(c, {Status::fail, FaultId::upstream_acceptance_unseen,
              fmt::format("the chain's calls got HTTP {} and no answer in the logs shows {} accepted the injected "
                          "credential; who produced the {} is not shown ({}).{}",
                          *status, p.display, *status, missing_text, reading),
              hint(HintId::log_upstream_origin_unseen, p,
                   {{"status", std::to_string(*status)}, {"missing", missing_text}})});
  }
  c.obs.exchange = std::move(e);
  return c;
}

}  // namespace awf::logs::parts
