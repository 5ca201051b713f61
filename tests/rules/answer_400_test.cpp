// A 400 is read, not assumed: the complaint each real wording gives (R18, R22, R25 and the
// provider's empty-body answers, domain.md §6; decisions.md 14).
#include <catch.hpp>

#include "catalog/catalog.hpp"
#include "observe/http_exchange.hpp"
#include "rules/answer_400.hpp"
#include "rules/check_rules.hpp"

using namespace awf;

TEST_CASE("read_400: the empty-body complaint names a missing required field", "[rules][answer_400]") {
  for (const char* m : {"model: Field required", "messages: Field required", "max_tokens: Field required",
                        "Missing required field: max_tokens"}) {
    INFO(m);
    const Read400 r = read_400("invalid_request_error", m);
    CHECK(r.kind == Complaint400::empty_body);
  }
  CHECK(read_400("invalid_request_error", "model: Field required").named == "model");
  CHECK(read_400("invalid_request_error", "temperature: Field required").kind == Complaint400::other);
}

TEST_CASE("read_400: beta value, parameter, model, path, other", "[rules][answer_400]") {
  Read400 r = read_400("invalid_request_error",
                       "Unexpected value(s) `context-1m-2025-08-07` for the `anthropic-beta` header.");
  CHECK(r.kind == Complaint400::beta_value);
  CHECK(r.named == "context-1m-2025-08-07");
  r = read_400("invalid_request_error", "Unknown parameter: 'stream_options.include_usage'.");
  CHECK(r.kind == Complaint400::parameter);
  CHECK(r.named == "stream_options.include_usage");
  r = read_400("invalid_request_error", "stream_options: Extra inputs are not permitted");
  CHECK(r.kind == Complaint400::parameter);
  r = read_400("invalid_request_error", "model: claude-nonexistent-9");
  CHECK(r.kind == Complaint400::model);
  CHECK(r.named == "claude-nonexistent-9");
  r = read_400("invalid_request_error", "Invalid URL (POST /v1/chat/completions)");
  CHECK(r.kind == Complaint400::path);
  CHECK(r.named == "POST /v1/chat/completions");
  CHECK(read_400("invalid_request_error", "There was an error parsing the body of your request.").kind ==
        Complaint400::other);
  CHECK(read_400("authentication_error", "model: Field required").kind == Complaint400::other);
  CHECK(read_400("invalid_request_error", "").kind == Complaint400::other);
}

TEST_CASE("judge_answer_400 names who answered and never calls a named complaint an accepted key",
          "[rules][answer_400]") {
  const Provider& p = provider(ProviderId::anthropic);
  Exchange e;
  e.http_status = 400;
  e.complete = true;
  e.error_type = "invalid_request_error";
  e.error_message = "Unknown parameter: 'stream_options.include_usage'.";
  e.origin = Origin::provider;
  e.request_id = "req_018";
  Outcome o = judge_answer_400(e, p);
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::upstream_parameter_rejected);
  CHECK(o.summary.find("stream_options.include_usage") != std::string::npos);
  CHECK(o.summary.find("req_018") != std::string::npos);
  CHECK(o.summary.find("accepted") == std::string::npos);
  e.origin = Origin::api_proxy;
  o = judge_answer_400(e, p);
  CHECK(o.summary.find(to_string(Origin::api_proxy, p)) != std::string::npos);
  e.error_message = "messages: Field required";
  e.origin = Origin::provider;
  o = judge_answer_400(e, p);
  CHECK(o.status == Status::pass);
  CHECK(o.summary.find("empty-body complaint") != std::string::npos);
}

TEST_CASE("a 400 naming the credit balance is its own cause on the upstream link, never an accepted key",
          "[rules][answer_400]") {
  const Provider& p = provider(ProviderId::anthropic);
  CHECK(read_400("invalid_request_error", "Your credit balance is too low to access the Anthropic API.").kind ==
        Complaint400::credit);
  Exchange e;
  e.http_status = 400;
  e.complete = true;
  e.error_type = "invalid_request_error";
  e.error_message = "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing.";
  e.origin = Origin::provider;
  e.request_id = "req_011CVabc";
  Outcome o = judge_answer_400(e, p);
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::upstream_credit_exhausted);
  CHECK(o.hint.find("Plans & Billing") != std::string::npos);
}

TEST_CASE("the answer classifier: a model named, a beta value not sent, the provider's capacity answers",
          "[rules][answer_400]") {
  // F6: the model is the first word after "model:", not the sentence.
  CHECK(read_400("invalid_request_error", "model: claude-sonnet-4-6 is not available for this organization").named ==
        "claude-sonnet-4-6");
  CHECK(model_refused(400, "invalid_request_error", "model: claude-sonnet-4-6 is not available") == "claude-sonnet-4-6");
  CHECK_FALSE(model_refused(400, "invalid_request_error", "model: Field required"));  // the empty-body complaint
  // F7: Anthropic's unknown-model 404 names the model; a 404 for a path does not.
  CHECK(model_not_found(404, "not_found_error", "model: claude-sonnet-4-6") == "claude-sonnet-4-6");
  CHECK(model_refused(404, "not_found_error", "model: claude-sonnet-4-6") == "claude-sonnet-4-6");
  CHECK_FALSE(model_not_found(404, "not_found_error", "Not Found"));
  CHECK_FALSE(model_not_found(400, "not_found_error", "model: x"));
  // F6: a beta value is matched against what was sent.
  const std::string beta = "Unexpected value(s) `extended-cache-ttl-2025-04-11` for the `anthropic-beta` header.";
  CHECK(beta_value_not_sent("invalid_request_error", beta, {}) == "extended-cache-ttl-2025-04-11");
  CHECK(beta_value_not_sent("invalid_request_error", beta, {"claude-code-20250219"}) == "extended-cache-ttl-2025-04-11");
  CHECK_FALSE(beta_value_not_sent("invalid_request_error", beta, {"claude-code-20250219", "extended-cache-ttl-2025-04-11"}));
  CHECK_FALSE(beta_value_not_sent("invalid_request_error", "max_tokens: Field required", {}));
  // F11: 429 and 529 as status, overloaded_error and rate_limit_error as a mid-stream event.
  CHECK(provider_busy(429, "rate_limit_error"));
  CHECK(provider_busy(529, "overloaded_error"));
  CHECK(provider_busy(std::nullopt, "overloaded_error"));
  CHECK(provider_busy(std::nullopt, "rate_limit_error"));
  CHECK_FALSE(provider_busy(std::nullopt, "api_error"));
  CHECK_FALSE(provider_busy(500, "api_error"));
  CHECK_FALSE(provider_busy(200, ""));
}

TEST_CASE("upstream.auth: a beta value its request never carried is a hop's, the key not judged (F6)",
          "[rules][answer_400]") {
  const Provider& p = provider(ProviderId::anthropic);
  Exchange e;
  e.http_status = 400;
  e.complete = true;
  e.error_type = "invalid_request_error";
  e.error_message = "Unexpected value(s) `extended-cache-ttl-2025-04-11` for the `anthropic-beta` header.";
  e.origin = Origin::provider;
  e.request_id = "req_018";
  e.sent_betas_known = true;
  Outcome o = judge_upstream_auth(e, p);
  CHECK(o.status == Status::warn);
  CHECK_FALSE(o.fault);
  CHECK(o.summary.find("never carried") != std::string::npos);
  e.sent_betas_known = false;  // from logs: what was sent is not known, the upstream's refusal stands
  CHECK(judge_upstream_auth(e, p).fault == FaultId::upstream_beta_header_rejected);
}

TEST_CASE("a bisection's element is cross-checked against what the 400 itself names (new-user 13 F11)", "[rules]") {
  const std::string beta = "Unexpected value(s) `claude-code-20250219` for the `anthropic-beta` header.";
  // Disagree: the bisection named another element than the one the message names.
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"authorization", "the authorization header"},
           {"anthropic-beta", "the anthropic-beta value `oauth-2025-04-20`"},
           {"x-app", "the x-app header"}}) {
    INFO(text);
    const auto why = bisection_disagrees("invalid_request_error", beta, name, text);
    REQUIRE(why);
    CHECK(why->find("`claude-code-20250219`") != std::string::npos);
    CHECK(why->find(text) != std::string::npos);
  }
  // Agree: the anthropic-beta header, or the item holding the value named.
  CHECK_FALSE(bisection_disagrees("invalid_request_error", beta, "anthropic-beta", "the anthropic-beta header"));
  CHECK_FALSE(bisection_disagrees("invalid_request_error", beta, "anthropic-beta",
                                  "the anthropic-beta value `claude-code-20250219`"));
  // A 400 that names no beta value is not cross-checked here.
  CHECK_FALSE(bisection_disagrees("invalid_request_error", "messages: Field required", "authorization",
                                  "the authorization header"));
}
