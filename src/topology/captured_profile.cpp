// A client profile from a capture report (topology/captured_profile.hpp).
#include "topology/captured_profile.hpp"

#include <cctype>
#include <deque>
#include <map>
#include <stdexcept>

#include "core/ascii.hpp"
#include "topology/client_profile_json.hpp"
#include "topology/providers.hpp"

namespace awf::topology {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_credential_header(const std::string& name) {
  for (const char* h : {"authorization", "x-api-key", "proxy-authorization", "cookie", "x-goog-api-key"})
    if (ascii_iequals(name, h)) return true;
  return false;
}

bool is_transport_header(const std::string& name) {
  for (const char* h : {"host", "content-length", "connection", "accept-encoding", "transfer-encoding", "expect"})
    if (ascii_iequals(name, h)) return true;
  return false;
}

/// The capture.requests evidence list, or null.
const json* recorded_requests(const json& doc) {
  auto checks = doc.find("checks");
  if (checks == doc.end() || !checks->is_array()) return nullptr;
  for (const auto& c : *checks)
    if (c.is_object() && str(c, "id") == "capture.requests") {
      auto ev = c.find("evidence");
      if (ev == c.end() || !ev->is_object()) return nullptr;
      auto reqs = ev->find("requests");
      return reqs != ev->end() && reqs->is_array() ? &*reqs : nullptr;
    }
  return nullptr;
}

bool value_kept_by_capture(const std::string& name) {
  return ascii_iequals(name, "anthropic-version") || ascii_iequals(name, "anthropic-beta") ||
         ascii_iequals(name, "user-agent");
}

/// The bytes of a value capture escaped (capture/captured_request.hpp escaped_header_value).
std::string unescaped(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 3 < v.size() && v[i + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(v[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(v[i + 3]))) {
      out.push_back(static_cast<char>(std::stoi(v.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

/// One recorded header line: its name and value; `escaped` = capture had to escape the value.
struct RecordedValue {
  std::string value;
  bool escaped = false;
};

/// The recorded lines of the headers capture keeps values of, by lower-case name, wire order:
/// header_values when the report has it; else (a report from before it) one merged line per name
/// from anthropic_version / anthropic_beta (joined with ",") / user_agent.
std::map<std::string, std::deque<RecordedValue>> recorded_values(const json& q) {
  std::map<std::string, std::deque<RecordedValue>> out;
  if (auto hv = q.find("header_values"); hv != q.end() && hv->is_array()) {
    for (const auto& h : *hv)
      if (h.is_object() && !str(h, "name").empty())
        out[ascii_lower(str(h, "name"))].push_back(
            {str(h, "value"), h.contains("escaped") && h["escaped"].is_boolean() && h["escaped"].get<bool>()});
    return out;
  }
  if (!str(q, "anthropic_version").empty()) out["anthropic-version"].push_back({str(q, "anthropic_version")});
  if (q.contains("anthropic_beta") && q["anthropic_beta"].is_array()) {
    std::string v;
    for (const auto& b : q["anthropic_beta"])
      if (b.is_string()) v += (v.empty() ? "" : ",") + b.get<std::string>();
    if (!v.empty()) out["anthropic-beta"].push_back({v});
  }
  if (!str(q, "user_agent").empty()) out["user-agent"].push_back({str(q, "user_agent")});
  return out;
}

/// The known headers of a recorded request (see the header comment); names of the rest go to
/// `not_recorded`. Each recorded line of a value-kept header is sent once, in wire order; a value
/// capture escaped, masked, or that a report turned into U+FFFD is left out and named; one longer
/// than a profile header may be is an error naming the header.
std::vector<HeaderField> known_headers(const json& q, std::vector<std::string>& not_recorded) {
  std::vector<HeaderField> out;
  auto values = recorded_values(q);
  auto names = q.find("header_names");
  if (names == q.end() || !names->is_array()) return out;
  for (const auto& n : *names) {
    if (!n.is_string()) continue;
    const std::string name = n.get<std::string>();
    if (is_transport_header(name)) continue;
    if (is_credential_header(name)) {
      out.push_back({name, "{{auth:" + name + "}}"});
    } else if (value_kept_by_capture(name)) {
      auto& line = values[ascii_lower(name)];
      if (line.empty()) continue;  // a repeat merged into the one value an older report holds
      const RecordedValue v = std::move(line.front());
      line.pop_front();
      if (v.value.find("[redacted") != std::string::npos) {
        // A value capture masked ("[redacted len=N sha256:…]": it matched a secret) cannot be sent as it was.
        not_recorded.push_back(name + " (masked in the report)");
      } else if (v.escaped || v.value.find("\xEF\xBF\xBD") != std::string::npos) {
        not_recorded.push_back(name + " (its value holds bytes outside visible ASCII that a report cannot keep as text)");
      } else if (v.value.size() > kMaxProfileHeaderValue) {
        throw std::invalid_argument(name + ": the recorded value is " + std::to_string(v.value.size()) +
                                    " bytes, longer than the " + std::to_string(kMaxProfileHeaderValue) +
                                    " a replayed header may hold");
      } else {
        out.push_back({name, v.value});
      }
    } else if (ascii_iequals(name, "content-type") && q.contains("stream") && !q["stream"].is_null()) {
      out.push_back({name, "application/json"});  // the body parsed as JSON (its `stream` was read)
    } else {
      not_recorded.push_back(name);
    }
  }
  return out;
}

/// `captured:` and the recorded user-agent's first word: up to its first space, tab or other control
/// byte (at most 128 bytes); each run of bytes outside ASCII becomes one `?` (the id is printed in every output).
std::string captured_id(const json& q) {
  std::string raw;
  const auto values = recorded_values(q);
  if (auto ua = values.find("user-agent"); ua != values.end() && !ua->second.empty())
    raw = ua->second.front().escaped ? unescaped(ua->second.front().value) : ua->second.front().value;
  std::string word;
  for (char ch : raw) {
    const auto b = static_cast<unsigned char>(ch);
    if (b <= 0x20 || b == 0x7F || word.size() >= 128) break;
    if (b < 0x80) word.push_back(ch);
    else if (word.empty() || word.back() != '?') word.push_back('?');
  }
  return "captured" + (word.empty() ? std::string() : ":" + word);
}

/// The recorded path and query as they can be replayed: a fragment marker is dropped; a query
/// parameter whose value capture masked is dropped and named in `unknown`; a masked path segment
/// cannot be replayed (std::invalid_argument).
std::string replayable_path(std::string path, std::vector<std::string>& unknown) {
  path = path.substr(0, path.find('#'));
  const auto q = path.find('?');
  if (path.substr(0, q).find("[redacted") != std::string::npos)
    throw std::invalid_argument("the recorded path holds a segment capture masked (key-like): it cannot be replayed");
  if (q == std::string::npos) return path;
  std::string out = path.substr(0, q), sep = "?";
  std::string_view rest = std::string_view(path).substr(q + 1);
  while (true) {
    const auto amp = rest.find('&');
    const std::string pair(rest.substr(0, amp));
    if (pair.find("[redacted") != std::string::npos) {
      if (unknown.size() < 48)
        unknown.push_back("query parameter " + pair.substr(0, pair.find('=')).substr(0, 64) + ": its value was masked by capture; not sent");
    } else if (!pair.empty()) {
      out += sep + pair;
      sep = "&";
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

/// One auth row per credential source of the route, each filling the recorded credential headers.
std::vector<AuthRow> auth_rows(const json& q, const std::string& provider, const std::string& provenance) {
  struct Source {
    const char* placeholder;
    CredentialSources when;
  };
  std::vector<Source> sources;
  auto one = [](bool CredentialSources::*field) {
    CredentialSources s;
    s.*field = true;
    return s;
  };
  if (provider == "openai") sources = {{"OPENAI_API_KEY", one(&CredentialSources::openai_key)}};
  else if (provider == "copilot") sources = {{"COPILOT_GITHUB_TOKEN", one(&CredentialSources::copilot_token)}};
  else
    sources = {{"apiKeyHelper", one(&CredentialSources::api_key_helper)},
               {"ANTHROPIC_API_KEY", one(&CredentialSources::api_key)},
               {"ANTHROPIC_AUTH_TOKEN", one(&CredentialSources::auth_token)},
               {"CLAUDE_CODE_OAUTH_TOKEN", one(&CredentialSources::oauth_token)}};
  std::vector<AuthRow> rows;
  for (const auto& s : sources) {
    AuthRow r;
    r.when = s.when;
    r.provenance = provenance + "; the credential's source is not recorded: filled from " + s.placeholder;
    if (auto creds = q.find("credentials"); creds != q.end() && creds->is_array())
      for (const auto& c : *creds) {
        if (!c.is_object() || str(c, "header").empty()) continue;
        const std::string scheme = str(c, "scheme");
        r.first.push_back({str(c, "header"), (scheme.empty() || scheme == "none" ? "" : scheme + " ") + "{{" +
                                                 s.placeholder + "}}"});
      }
    rows.push_back(std::move(r));
  }
  return rows;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

/// True when `path` is one of the row's API paths, under any base-URL prefix (`/v1/responses` and
/// `/responses` both are OpenAI's).
bool serves(const Provider& p, const std::string& path) {
  if (path.empty() || path == "/") return false;
  for (std::string_view known : {p.zero_token_probe.path, p.models_probe.path})
    if (!known.empty() && (ends_with(path, known) || ends_with(known, path))) return true;
  return false;
}

}  // namespace

bool is_capture_report(const json& doc) {
  if (!doc.is_object() || !doc.contains("schema_version")) return false;
  auto run = doc.find("run");
  return run != doc.end() && run->is_object() && str(*run, "command") == "capture";
}

ClientProfile profile_from_capture_report(const json& doc) {
  if (!is_capture_report(doc)) throw std::invalid_argument("not a report written by `awf-diag capture -o json`");
  const json* reqs = recorded_requests(doc);
  if (!reqs) throw std::invalid_argument("the capture report has no capture.requests evidence");
  const json* call = nullptr;
  std::vector<const json*> heads;
  for (const auto& q : *reqs) {
    if (!q.is_object() || str(q, "outcome") != "complete") continue;
    if (str(q, "method") == "HEAD") {
      heads.push_back(&q);
      continue;
    }
    call = &q;
    break;
  }
  if (!call) throw std::invalid_argument("the capture report holds no complete request other than HEAD to replay");

  const json& run = doc["run"];
  std::string provider = run.contains("spec") && run["spec"].is_object() ? str(run["spec"], "provider") : "";
  if (provider.empty()) provider = "anthropic";
  // capture listens as one provider's sidecar port; the recorded path tells whose API the client speaks
  // (Codex's POST /responses at an Anthropic-shaped capture is OpenAI's route).
  const std::string path = str(*call, "path").substr(0, str(*call, "path").find('?'));
  if (const Provider* listed = provider_named(provider); !listed || !serves(*listed, path))
    for (const Provider& row : providers())
      if (serves(row, path)) {
        provider = std::string(row.name);
        break;
      }
  const std::string provenance = "recorded by awf-diag capture" +
                                 (str(run, "started_at").empty() ? std::string() : " at " + str(run, "started_at"));
  ClientProfile p;
  p.id = captured_id(*call);
  p.provider = provider;
  p.provenance = provenance;
  std::vector<std::string> not_recorded;
  for (const json* h : heads) {
    SideRequest s;
    s.method = "HEAD";
    std::vector<std::string> dropped;
    try {
      s.path_query = replayable_path(str(*h, "path"), dropped);
    } catch (const std::invalid_argument&) {
      continue;  // a preconnect whose path capture masked is left out
    }
    std::vector<std::string> ignored;
    s.headers = known_headers(*h, ignored);
    s.provenance = provenance;
    if (!s.path_query.empty() && s.path_query.front() == '/') p.before.push_back(std::move(s));
  }
  p.method = str(*call, "method");
  p.path_query = replayable_path(str(*call, "path"), p.unknown);
  p.headers = known_headers(*call, not_recorded);
  p.streams = call->contains("stream") && (*call)["stream"].is_boolean() && (*call)["stream"].get<bool>();
  p.auth = auth_rows(*call, provider, provenance);
  p.unknown.push_back("model: capture records no body; the probe uses --model");
  if (!not_recorded.empty()) {
    std::string names;
    for (const auto& n : not_recorded) names += (names.empty() ? "" : ", ") + n;
    p.unknown.push_back("values of headers capture records by name only, not sent: " + names.substr(0, 400));
  }
  // The profile reader's bounds hold for a recorded request too (header syntax, sizes, counts).
  return profile_from_json(profile_to_json(p).dump());
}

}  // namespace awf::topology
