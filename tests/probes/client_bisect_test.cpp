// The bisection over the client's request (probes/client_bisect.hpp) with a fake sender: the order
// of the elements, naming one anthropic-beta item, the request bound, and the caller's stop.
#include <catch.hpp>

#include "probes/client_bisect.hpp"

using namespace awf;

namespace {

WireRequest minimal() {
  return wire_request("POST", "/v1/messages",
                      {{"x-api-key", "placeholder"}, {"anthropic-version", "2023-06-01"}, {"content-type", "application/json"}},
                      "{}");
}

WireRequest client() {
  return wire_request("POST", "/v1/messages?beta=true",
                      {{"Accept", "application/json"},
                       {"anthropic-version", "2023-06-01"},
                       {"x-api-key", "placeholder"},
                       {"x-app", "cli"},
                       {"Authorization", "Bearer token"},
                       {"content-type", "application/json"},
                       {"anthropic-beta", "claude-code-20250219,context-1m-2025-08-07,effort-2025-11-24"}},
                      R"({"model":"m","messages":[]})");
}

const std::string* header(const WireRequest& w, const std::string& name) {
  for (const auto& [k, v] : w.headers)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace

TEST_CASE("client bisection: differences in trial order, equal headers left out", "[probes][client]") {
  const auto d = differences(minimal(), client());
  std::vector<std::string> names;
  for (const auto& e : d) names.push_back(e.describe());
  CHECK(names == std::vector<std::string>{"the Authorization header", "the anthropic-beta header", "the Accept header",
                                          "the x-app header", "the query string `?beta=true`", "the request body"});
  CHECK(d[0].credential);
}

TEST_CASE("client bisection: a credential header is set to the minimal value when it has one, else dropped",
          "[probes][client]") {
  WireRequest c = client();
  c.headers[2].second = "gateway-key";  // x-api-key differs now
  const auto d = differences(minimal(), c);
  REQUIRE(d[0].name == "x-api-key");
  const WireRequest v = without(c, d[0], minimal());
  CHECK(*header(v, "x-api-key") == "placeholder");
  const WireRequest w = without(c, d[1], minimal());
  CHECK(header(w, "Authorization") == nullptr);
  CHECK(v.headers.size() == c.headers.size());
}

TEST_CASE("client bisection names the one anthropic-beta value the upstream refuses (R22)", "[probes][client]") {
  std::vector<WireRequest> sent;
  auto send = [&](const WireRequest& w) -> std::optional<Trial> {
    sent.push_back(w);
    const std::string* beta = header(w, "anthropic-beta");
    const bool bad = beta && beta->find("context-1m-2025-08-07") != std::string::npos;
    return Trial{!bad, bad ? 400 : 400, bad ? "400 beta" : "400 max_tokens: Field required"};
  };
  const BisectResult r = bisect(minimal(), client(), send, 20);
  REQUIRE(r.culprit);
  CHECK(r.culprit->kind == ElementKind::header_item);
  CHECK(r.culprit->describe() == "the anthropic-beta value `context-1m-2025-08-07`");
  // Authorization, anthropic-beta, then the items one at a time until the refused one, then the
  // confirmation: the unchanged request (still refused) and the request without the item (accepted).
  REQUIRE(r.steps.size() == 6);
  CHECK(r.steps[0].change == "without the Authorization header");
  CHECK_FALSE(r.steps[0].trial.accepted);
  CHECK(r.steps[1].trial.accepted);
  CHECK(r.steps[2].change == "without the anthropic-beta value `claude-code-20250219`");
  CHECK(*header(sent[3], "anthropic-beta") == "claude-code-20250219,effort-2025-11-24");
  CHECK(r.steps[3].request == "POST /v1/messages?beta=true (7 headers)");
  CHECK(r.steps[4].change == "control: the client's request unchanged");
  CHECK_FALSE(r.steps[4].trial.accepted);
  CHECK(r.steps[5].change == "confirm: again without the anthropic-beta value `context-1m-2025-08-07`");
  CHECK(r.steps[5].trial.accepted);
  CHECK_FALSE(r.unconfirmed);
  CHECK_FALSE(r.exhausted);
}

TEST_CASE("client bisection names the Authorization header a gateway prefers (R29)", "[probes][client]") {
  auto send = [](const WireRequest& w) -> std::optional<Trial> {
    return Trial{header(w, "Authorization") == nullptr, 401, ""};
  };
  const BisectResult r = bisect(minimal(), client(), send, 20);
  REQUIRE(r.culprit);
  CHECK(r.culprit->describe() == "the Authorization header");
  CHECK(r.steps.size() == 3);  // the step, the control, the repeat
}

TEST_CASE("client bisection names the query string and the path", "[probes][client]") {
  auto no_query = [](const WireRequest& w) -> std::optional<Trial> { return Trial{w.query.empty(), 404, ""}; };
  auto r = bisect(minimal(), client(), no_query, 20);
  REQUIRE(r.culprit);
  CHECK(r.culprit->describe() == "the query string `?beta=true`");
  WireRequest pi = wire_request("POST", "/chat/completions", {{"Authorization", "Bearer p"}}, R"({"model":"m"})");
  auto messages_only = [](const WireRequest& w) -> std::optional<Trial> { return Trial{w.path == "/v1/messages", 404, ""}; };
  r = bisect(minimal(), pi, messages_only, 20);
  REQUIRE(r.culprit);
  CHECK(r.culprit->describe() == "the path `/chat/completions`");
  CHECK(r.steps.back().request == "POST /v1/messages (1 headers)");
  CHECK(r.steps.back().change == "confirm: again without the path `/chat/completions`");
}

TEST_CASE("client bisection stays within its bound and stops when the caller says so", "[probes][client]") {
  int calls = 0;
  auto never = [&](const WireRequest&) -> std::optional<Trial> {
    ++calls;
    return Trial{false, 400, ""};
  };
  auto r = bisect(minimal(), client(), never, 3);
  CHECK(calls == 1);  // two of the three are kept for the confirmation
  CHECK(r.steps.size() == 1);
  CHECK(r.exhausted);
  CHECK_FALSE(r.culprit);
  calls = 0;
  r = bisect(minimal(), client(), never, 100);
  CHECK(calls == 6);  // every difference once, nothing named
  CHECK_FALSE(r.exhausted);
  auto stop = [](const WireRequest&) -> std::optional<Trial> { return std::nullopt; };
  r = bisect(minimal(), client(), stop, 100);
  CHECK(r.exhausted);
  CHECK(r.steps.empty());
}

TEST_CASE("client bisection: a refusal that does not repeat names nothing (new-user test F8)", "[probes][client]") {
  // Only the first request the server sees is refused (the caller's own, not shown here): every
  // later one is accepted, so the first step "without Authorization" looks like the answer.
  auto always_ok = [](const WireRequest&) -> std::optional<Trial> { return Trial{true, 400, "400 empty body"}; };
  const BisectResult r = bisect(minimal(), client(), always_ok, 20);
  CHECK_FALSE(r.culprit);
  REQUIRE(r.unconfirmed);
  CHECK(r.unconfirmed->describe() == "the Authorization header");
  CHECK(r.unconfirmed_why == "the unchanged request, sent again, was accepted: the refusal did not repeat");
  REQUIRE(r.steps.size() == 2);
  CHECK(r.steps[1].change == "control: the client's request unchanged");
  CHECK(r.steps[1].trial.accepted);
}

TEST_CASE("client bisection: the repeat without the element refused again names nothing", "[probes][client]") {
  int calls = 0;
  auto once = [&](const WireRequest& w) -> std::optional<Trial> {
    ++calls;  // accepted only the first time Authorization is missing
    return Trial{calls == 1 && header(w, "Authorization") == nullptr, 400, ""};
  };
  const BisectResult r = bisect(minimal(), client(), once, 20);
  CHECK_FALSE(r.culprit);
  REQUIRE(r.unconfirmed);
  CHECK(r.unconfirmed_why ==
        "the request without it, sent again, was refused: its removal does not repeat the acceptance");
  CHECK(r.steps.size() == 3);
}

TEST_CASE("client bisection: no request left for the confirmation leaves the element unconfirmed",
          "[probes][client]") {
  int calls = 0;
  auto send = [&](const WireRequest& w) -> std::optional<Trial> {
    if (++calls > 1) return std::nullopt;  // the run deadline after the first step
    return Trial{header(w, "Authorization") == nullptr, 401, ""};
  };
  const BisectResult r = bisect(minimal(), client(), send, 20);
  CHECK_FALSE(r.culprit);
  REQUIRE(r.unconfirmed);
  CHECK(r.unconfirmed_why == "no request was left (bound or run deadline) to repeat the unchanged request");
}

TEST_CASE("client bisection: the User-Agent is one value, never split on its commas (new-user test F18)",
          "[probes][client]") {
  WireRequest c = client();
  c.headers.emplace_back("User-Agent", "claude-cli/2.1.88 (external, cli)");
  auto refuse_ua = [](const WireRequest& w) -> std::optional<Trial> {
    const std::string* ua = header(w, "User-Agent");
    const bool bad = ua && ua->find("claude-cli") != std::string::npos;
    return Trial{!bad, 403, ""};
  };
  const BisectResult r = bisect(minimal(), c, refuse_ua, 20);
  REQUIRE(r.culprit);
  CHECK(r.culprit->describe() == "the User-Agent header");
  for (const auto& s : r.steps) CHECK(s.change.find("`claude-cli/2.1.88 (external`") == std::string::npos);
}
