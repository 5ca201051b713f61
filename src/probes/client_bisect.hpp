#pragma once
// H1 by experiment (issue 6 pt 2): when the request the client really sends is refused and the
// minimal zero-token request is not (or is refused differently), take the client's request apart
// one element at a time and name the element whose removal makes it accepted.
//
// Elements (in the order they are tried; the likely culprits of domain.md §7/§10 first):
//   1. credential headers (`Authorization`, `x-api-key`): dropped, or the minimal request's value
//      when it has that header;
//   2. `anthropic-beta`, `anthropic-version`, then every other header the minimal request does not
//      carry with the same value (client wire order);
//   3. the query string (`?beta=true`); 4. the path (set to the minimal request's path);
//   5. the body (set to the minimal request's body).
// When the element is a list-valued header (`anthropic-beta`; RFC 9110 §5.6.1 lists — never the
// User-Agent, whose comments hold commas) the bisection then drops one list item at a time to name
// the item (R22: `context-1m-2025-08-07`).
// Before an element is named it is confirmed: the client's request is sent again unchanged (it must
// still be refused) and again without the element (it must be accepted again). Two requests of the
// bound are kept for this; a result that does not repeat is `unconfirmed`, never `culprit`.
// Every variant keeps the client's zero-token body unless the body is the element tried, so no
// step can be billed (domain.md §6: the body is read after authentication; a body without
// `max_tokens` is refused with 400 and spends nothing). The number of requests is bounded by the
// caller (`max_requests`) and each step is recorded. Pure: the I/O is the `send` callback.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/http.hpp"

namespace awf {

/// A request as it goes on the wire, relative to the base URL.
struct WireRequest {
  std::string method;
  std::string path;   ///< e.g. "/v1/messages" (no query)
  std::string query;  ///< without '?', e.g. "beta=true" ("" = none)
  HeaderList headers;
  std::string body;
  std::string path_query() const { return query.empty() ? path : path + "?" + query; }
};

/// Splits "/v1/messages?beta=true" into path and query.
WireRequest wire_request(std::string method, const std::string& path_query, HeaderList headers, std::string body);

enum class ElementKind { header, header_item, query, path, body };

/// One difference between the client's request and the minimal one.
struct Element {
  ElementKind kind = ElementKind::header;
  std::string name;   ///< header name (client spelling); "query", "path", "body"
  std::string item;   ///< header_item: the list item; query/path: the client's value
  bool credential = false;  ///< a credential header (its value is never shown)
  /// "the anthropic-beta value `x`", "the Authorization header", "the query string `?beta=true`", …
  std::string describe() const;
};

/// The elements in which `client` differs from `minimal`, in trial order (see above).
std::vector<Element> differences(const WireRequest& minimal, const WireRequest& client);

/// `client` with element `e` removed or set to the minimal request's value.
WireRequest without(const WireRequest& client, const Element& e, const WireRequest& minimal);

/// What one request got, as the caller judged it.
struct Trial {
  bool accepted = false;  ///< the answer shows the request was accepted (credential and request)
  std::optional<int> http_status;
  std::string answer;     ///< one phrase: "400 invalid_request_error from the provider: …"
};

struct BisectStep {
  std::string change;  ///< "without the anthropic-beta value `x`"
  std::string request; ///< "POST /v1/messages?beta=true, 21 headers"
  Trial trial;
};

struct BisectResult {
  std::optional<Element> culprit;  ///< the element whose removal made the request accepted, confirmed
  std::optional<Element> unconfirmed;  ///< named by one step, but the confirmation did not repeat it
  std::string unconfirmed_why;         ///< why, in words ("" when confirmed or nothing was named)
  std::vector<BisectStep> steps;   ///< every request sent, in order
  bool exhausted = false;          ///< stopped at max_requests (or `send` said stop) before an answer
};

/// Tries the elements in order, each alone, then confirms the one found (control + repeat), with at
/// most `max_requests` calls of `send` in all (a call returning nullopt means "stop": the run
/// deadline). Never throws (exceptions of `send` propagate).
BisectResult bisect(const WireRequest& minimal, const WireRequest& client,
                    const std::function<std::optional<Trial>(const WireRequest&)>& send, int max_requests);

}  // namespace awf
