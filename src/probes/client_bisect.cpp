// H1 bisection over the client's request (probes/client_bisect.hpp). Pure; no I/O.
#include "probes/client_bisect.hpp"
#include "core/ascii.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "probes/probe_util.hpp"

namespace awf {
namespace {

bool same_name(const std::string& a, const std::string& b) { return ascii_lower(a) == ascii_lower(b); }

const std::string* find_header(const HeaderList& h, const std::string& name) {
  for (const auto& [k, v] : h)
    if (same_name(k, name)) return &v;
  return nullptr;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= v.size()) {
    const auto comma = v.find(',', pos);
    const std::string item = trim(v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

bool is_credential(const std::string& name) {
  const std::string n = ascii_lower(name);
  return n == "authorization" || n == "x-api-key" || n == "proxy-authorization" || n == "x-goog-api-key";
}

/// A header whose value is a comma-separated list of items (RFC 9110 §5.6.1), narrowed item by item.
/// `anthropic-beta` is one (domain.md §7); User-Agent is not (its comments hold commas).
bool list_valued(const std::string& name) {
  const std::string n = ascii_lower(name);
  return n == "anthropic-beta" || n == "accept" || n == "accept-encoding" || n == "accept-language" ||
         n == "cache-control" || n == "te";
}

int rank(const std::string& name) {
  const std::string n = ascii_lower(name);
  if (is_credential(n)) return 0;
  if (n == "anthropic-beta") return 1;
  if (n == "anthropic-version") return 2;
  return 3;
}

}  // namespace

WireRequest wire_request(std::string method, const std::string& path_query, HeaderList headers, std::string body) {
  WireRequest w;
  w.method = std::move(method);
  const auto q = path_query.find('?');
  w.path = q == std::string::npos ? path_query : path_query.substr(0, q);
  if (q != std::string::npos) w.query = path_query.substr(q + 1);
  w.headers = std::move(headers);
  w.body = std::move(body);
  return w;
}

std::string Element::describe() const {
  switch (kind) {
    case ElementKind::header: return fmt::format("the {} header", name);
    case ElementKind::header_item: return fmt::format("the {} value `{}`", name, item);
    case ElementKind::query: return fmt::format("the query string `?{}`", item);
    case ElementKind::path: return fmt::format("the path `{}`", item);
    case ElementKind::body: return "the request body";
  }
  return name;
}

std::vector<Element> differences(const WireRequest& minimal, const WireRequest& client) {
  std::vector<Element> headers;
  for (const auto& header : client.headers) {
    // Named, not a structured binding: clang 14 cannot capture a binding in the lambda below.
    const auto& name = header.first;
    const auto& value = header.second;
    const std::string* m = find_header(minimal.headers, name);
    if (m && *m == value) continue;
    const bool dup = std::any_of(headers.begin(), headers.end(), [&](const Element& e) { return same_name(e.name, name); });
    if (dup) continue;
    headers.push_back({ElementKind::header, name, "", is_credential(name)});
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const Element& a, const Element& b) { return rank(a.name) < rank(b.name); });
  std::vector<Element> out = headers;
  if (!client.query.empty() && client.query != minimal.query) out.push_back({ElementKind::query, "query", client.query, false});
  if (client.path != minimal.path) out.push_back({ElementKind::path, "path", client.path, false});
  if (client.body != minimal.body) out.push_back({ElementKind::body, "body", "", false});
  return out;
}

WireRequest without(const WireRequest& client, const Element& e, const WireRequest& minimal) {
  WireRequest w = client;
  switch (e.kind) {
    case ElementKind::header: {
      const std::string* m = find_header(minimal.headers, e.name);
      HeaderList out;
      bool done = false;
      for (const auto& [k, v] : w.headers) {
        if (!same_name(k, e.name)) {
          out.emplace_back(k, v);
        } else if (m && !done) {
          out.emplace_back(k, *m);
          done = true;
        }
      }
      w.headers = std::move(out);
      break;
    }
    case ElementKind::header_item: {
      HeaderList out;
      for (const auto& [k, v] : w.headers) {
        if (!same_name(k, e.name)) {
          out.emplace_back(k, v);
          continue;
        }
        std::string kept;
        for (const auto& item : split_list(v))
          if (item != e.item) kept += (kept.empty() ? "" : ",") + item;
        if (!kept.empty()) out.emplace_back(k, kept);
      }
      w.headers = std::move(out);
      break;
    }
    case ElementKind::query: w.query.clear(); break;
    case ElementKind::path: w.path = minimal.path; break;
    case ElementKind::body: w.body = minimal.body; break;
  }
  return w;
}

BisectResult bisect(const WireRequest& minimal, const WireRequest& client,
                    const std::function<std::optional<Trial>(const WireRequest&)>& send, int max_requests) {
  BisectResult res;
  int sent = 0;
  // The search keeps two requests for the confirmation (a control and the repeat).
  const int search_limit = std::max(0, max_requests - 2);
  // One request; false when the budget or the caller says stop.
  auto request = [&](const WireRequest& v, std::string change, int limit, bool& accepted) {
    if (sent >= limit) return false;
    std::optional<Trial> t = send(v);
    if (!t) return false;
    ++sent;
    res.steps.push_back(
        {std::move(change), fmt::format("{} {} ({} headers)", v.method, v.path_query(), v.headers.size()), *t});
    accepted = t->accepted;
    return true;
  };
  auto attempt = [&](const Element& e, bool& accepted) {
    return request(without(client, e, minimal), "without " + e.describe(), search_limit, accepted);
  };
  std::optional<Element> found;
  for (const Element& e : differences(minimal, client)) {
    bool accepted = false;
    if (!attempt(e, accepted)) {
      res.exhausted = true;
      return res;
    }
    if (!accepted) continue;
    found = e;
    const std::string* v =
        e.kind == ElementKind::header && !e.credential && list_valued(e.name) ? find_header(client.headers, e.name) : nullptr;
    const std::vector<std::string> items = v ? split_list(*v) : std::vector<std::string>{};
    if (items.size() > 1) {
      for (const auto& item : items) {
        Element narrow{ElementKind::header_item, e.name, item, false};
        bool ok = false;
        if (!attempt(narrow, ok)) break;
        if (ok) {
          found = narrow;
          break;
        }
      }
    }
    break;
  }
  if (!found) return res;
  // Confirm before naming: the unchanged request must still be refused and the request without the
  // element accepted again (one transient answer must not name an element; new-user test F8).
  bool control_accepted = true, repeat_accepted = false;
  const bool control_sent = request(client, "control: the client's request unchanged", max_requests, control_accepted);
  const bool repeat_sent =
      control_sent && !control_accepted &&
      request(without(client, *found, minimal), "confirm: again without " + found->describe(), max_requests,
              repeat_accepted);
  if (control_sent && !control_accepted && repeat_sent && repeat_accepted) {
    res.culprit = found;
    return res;
  }
  res.unconfirmed = found;
  if (!control_sent)
    res.unconfirmed_why = "no request was left (bound or run deadline) to repeat the unchanged request";
  else if (control_accepted)
    res.unconfirmed_why = "the unchanged request, sent again, was accepted: the refusal did not repeat";
  else if (!repeat_sent)
    res.unconfirmed_why = "no request was left (bound or run deadline) to repeat the request without it";
  else
    res.unconfirmed_why = "the request without it, sent again, was refused: its removal does not repeat the acceptance";
  return res;
}

}  // namespace awf
