// Env rules on canned observations (no environment, no files): every branch of env.base_url,
// env.api_key, env.auth_token, env.no_proxy and env.settings_env, and the words that carry its facts.
#include <catch.hpp>

#include "rules/env_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

BaseUrlFacts url(std::string value, std::string scheme, std::string host, int port, std::string path) {
  BaseUrlFacts b;
  b.var = "ANTHROPIC_BASE_URL";
  b.set = true;
  b.value = std::move(value);
  b.has_scheme = true;
  b.parsed = true;
  b.scheme = std::move(scheme);
  b.host = std::move(host);
  b.port = port;
  b.path = std::move(path);
  return b;
}

EnvFacts with_url(BaseUrlFacts b, std::string marker = "AWF_ONE") {
  EnvFacts f;
  f.awf_marker = std::move(marker);
  f.base_url = std::move(b);
  return f;
}

SecretVar secret(std::string name, std::size_t bytes) { return SecretVar{std::move(name), bytes, "sha256:0123456789ab", bytes == 0}; }

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("env.base_url rule: missing, malformed, scheme, path, pass", "[rules][env]") {
  BaseUrlFacts unset;
  unset.var = "ANTHROPIC_BASE_URL";
  SECTION("unset inside awf fails; without any credential the CLI refuses to start") {
    Outcome o = judge_env_base_url(with_url(unset), P());
    CHECK(o.status == Status::fail);
    CHECK(o.fault == FaultId::env_base_url_missing);
    CHECK(has(o.summary, "refuses to start"));
    EnvFacts f = with_url(unset);
    f.any_credential = true;
    CHECK_FALSE(has(judge_env_base_url(f, P()).summary, "refuses to start"));
  }
  SECTION("unset outside awf warns; another provider's agent skips") {
    Outcome o = judge_env_base_url(with_url(unset, ""), P());
    CHECK(o.status == Status::warn);
    CHECK_FALSE(o.fault);
    CHECK_FALSE(o.hint.empty());
    EnvFacts f = with_url(unset, "");
    f.other_provider_var = "OPENAI_BASE_URL";
    o = judge_env_base_url(f, P());
    CHECK(o.status == Status::skip);
    CHECK(has(o.summary, "OPENAI_BASE_URL"));
  }
  SECTION("set but blank") {
    BaseUrlFacts b = unset;
    b.set = b.blank = true;
    CHECK(has(judge_env_base_url(with_url(b), P()).summary, "is set but empty"));
  }
  SECTION("malformed and non-http schemes fail as malformed") {
    BaseUrlFacts b = unset;
    b.set = true;
    b.value = "172.30.0.30:10000";
    b.parse_error = "no scheme (expected http://host:port)";
    Outcome o = judge_env_base_url(with_url(b), P());
    CHECK(o.fault == FaultId::env_base_url_malformed);
    CHECK(has(o.summary, "no scheme"));
    o = judge_env_base_url(with_url(url("ftp://h", "ftp", "h", 21, "")), P());
    CHECK(o.fault == FaultId::env_base_url_malformed);
    CHECK(has(o.summary, "scheme ftp"));
  }
  SECTION("a /v1 path fails with the fixed URL in the hint; another path warns; none passes") {
    BaseUrlFacts b = url("http://127.0.0.1:10000/v1", "http", "127.0.0.1", 10000, "/v1");
    b.explicit_port = true;
    Outcome o = judge_env_base_url(with_url(b), P());
    CHECK(o.fault == FaultId::env_base_url_path);
    CHECK(has(o.hint, "http://127.0.0.1:10000"));
    CHECK(has(o.hint, "http://127.0.0.1:10000") == !has(o.hint, "http://127.0.0.1:10000/v1 "));
    CHECK(judge_env_base_url(with_url(url("http://h/v1/messages/", "http", "h", 80, "/v1/messages/")), P()).fault ==
          FaultId::env_base_url_path);
    o = judge_env_base_url(with_url(url("http://h/gw", "http", "h", 80, "/gw")), P());
    CHECK(o.status == Status::warn);
    CHECK_FALSE(o.fault);
    o = judge_env_base_url(with_url(url("http://h:1", "http", "h", 1, "")), P());
    CHECK(o.status == Status::pass);
    CHECK(o.hint.empty());
  }
}

TEST_CASE("env.api_key rule: absent passes, a key fails inside awf, warns outside even with a base URL",
          "[rules][env]") {
  BaseUrlFacts unset;
  EnvFacts f = with_url(unset, "");
  CHECK(judge_env_api_key(f, P()).status == Status::pass);
  f.key_vars = {secret("ANTHROPIC_API_KEY", 40)};
  Outcome o = judge_env_api_key(f, P());
  CHECK(o.status == Status::warn);
  CHECK(has(o.summary, "40 bytes, sha256:0123456789ab"));
  f.awf_marker = "AWF_ONE";
  CHECK(judge_env_api_key(f, P()).fault == FaultId::env_api_key_present);
  f.awf_marker.clear();
  f.base_url->set = true;  // a gateway's base URL: the key is the client's own (rules/agent_credential.hpp)
  CHECK(judge_env_api_key(f, P()).status == Status::warn);
  f.awf_topology = true;  // the resolved topology decides over the markers
  CHECK(judge_env_api_key(f, P()).fault == FaultId::env_api_key_present);
  f.awf_marker = "AWF_ONE";
  f.awf_topology = false;
  CHECK(judge_env_api_key(f, P()).status == Status::warn);
}

TEST_CASE("env.auth_token rule: the token's kind, the OAuth variable, the worse decides", "[rules][env]") {
  struct Row {
    TokenKind kind;
    bool in_awf;
    Status status;
    std::optional<FaultId> fault;
  };
  for (const Row& r : std::vector<Row>{
           {TokenKind::absent, true, Status::pass, std::nullopt},
           {TokenKind::placeholder, true, Status::pass, std::nullopt},
           {TokenKind::old_placeholder, true, Status::warn, FaultId::env_old_placeholder},
           {TokenKind::empty, true, Status::warn, std::nullopt},
           {TokenKind::real_key, true, Status::fail, FaultId::env_real_token},
           {TokenKind::real_key, false, Status::warn, std::nullopt},
           {TokenKind::other, true, Status::fail, FaultId::env_token_not_placeholder},
           {TokenKind::other, false, Status::warn, std::nullopt},
       }) {
    INFO(to_string(r.kind) << " in_awf=" << r.in_awf);
    EnvFacts f = with_url(BaseUrlFacts{}, r.in_awf ? "AWF_ONE" : "");
    f.token = r.kind;
    if (r.kind != TokenKind::absent) f.token_var = secret("ANTHROPIC_AUTH_TOKEN", 12);
    Outcome o = judge_env_auth_token(f, P());
    CHECK(o.status == r.status);
    CHECK(o.fault == r.fault);
    CHECK(o.hint.empty() == (r.status == Status::pass));
  }
  EnvFacts f = with_url(BaseUrlFacts{}, "AWF_ONE");
  f.token = TokenKind::placeholder;
  f.oauth_var = secret("CLAUDE_CODE_OAUTH_TOKEN", 30);
  Outcome o = judge_env_auth_token(f, P());
  CHECK(o.fault == FaultId::env_oauth_token_present);
  CHECK(has(o.summary, "placeholder"));
  CHECK(has(o.summary, "CLAUDE_CODE_OAUTH_TOKEN"));
  f.awf_marker.clear();
  o = judge_env_auth_token(f, P());
  CHECK(o.status == Status::warn);
  CHECK_FALSE(o.fault);
  f.oauth_var = secret("CLAUDE_CODE_OAUTH_TOKEN", 0);
  CHECK(has(judge_env_auth_token(f, P()).summary, "set but empty"));
}

TEST_CASE("env.no_proxy rule: skip, no proxy, host missing, lists disagree, exempted", "[rules][env]") {
  BaseUrlFacts unset;
  CHECK(judge_env_no_proxy(with_url(unset), P()).status == Status::skip);
  EnvFacts f = with_url(url("http://172.30.0.30:10000", "http", "172.30.0.30", 10000, ""));
  CHECK(judge_env_no_proxy(f, P()).status == Status::pass);
  f.proxy_vars = {"HTTPS_PROXY"};
  f.no_proxy = {{"NO_PROXY", false, false, ""}, {"no_proxy", false, false, ""}};
  Outcome o = judge_env_no_proxy(f, P());
  CHECK(o.fault == FaultId::env_no_proxy_host_missing);
  CHECK(has(o.summary, "neither NO_PROXY nor no_proxy is set"));
  CHECK(has(o.summary, "Squid (HTTPS_PROXY)"));
  f.no_proxy = {{"NO_PROXY", true, true, "172.30.0.30"}, {"no_proxy", true, false, ""}};
  o = judge_env_no_proxy(f, P());
  CHECK(o.status == Status::warn);
  CHECK(o.fault == FaultId::env_no_proxy_mismatch);
  f.no_proxy[1] = {"no_proxy", true, true, ".0.30"};
  o = judge_env_no_proxy(f, P());
  CHECK(o.status == Status::pass);
  CHECK(has(o.summary, "NO_PROXY and no_proxy (entry 172.30.0.30)"));
}

TEST_CASE("env.settings_env rule: unreadable, bad JSON, no block, offending variables", "[rules][env]") {
  SettingsEnvFacts s;
  s.path = "/home/a/.claude/settings.json";
  CHECK(judge_env_settings(s, P(), true).status == Status::pass);
  s.readable = true;
  s.error = "parse error at line 1";
  Outcome o = judge_env_settings(s, P(), true);
  CHECK(o.status == Status::error);
  CHECK(has(o.summary, "parse error at line 1"));
  s.parsed = true;
  s.error.clear();
  CHECK(judge_env_settings(s, P(), true).status == Status::pass);
  s.has_block = true;
  SettingsEnvVar same{SettingsEnvVar::Role::base_url, "ANTHROPIC_BASE_URL", 0, false, "http://h", "http://h"};
  SettingsEnvVar placeholder{SettingsEnvVar::Role::token, "ANTHROPIC_AUTH_TOKEN", 47, true, "", std::nullopt};
  SettingsEnvVar empty_key{SettingsEnvVar::Role::api_key, "ANTHROPIC_API_KEY", 0, false, "", std::nullopt};
  s.vars = {same, placeholder, empty_key};
  CHECK(judge_env_settings(s, P(), true).status == Status::pass);
  SettingsEnvVar key{SettingsEnvVar::Role::api_key, "ANTHROPIC_API_KEY", 40, false, "", std::nullopt};
  SettingsEnvVar other{SettingsEnvVar::Role::base_url, "ANTHROPIC_BASE_URL", 0, false, "http://gw", std::nullopt};
  s.vars = {key, other};
  o = judge_env_settings(s, P(), true);
  CHECK(o.fault == FaultId::env_settings_block_credential);
  CHECK(has(o.summary, "(40 bytes)"));
  CHECK(has(o.summary, "overrides the agent's (unset)"));
  CHECK(has(o.hint, "ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL"));
}

TEST_CASE("env.settings_env rule: the managed block and the user's are judged together", "[rules][env]") {
  SettingsEnvFacts managed, user;
  managed.source = "managed";
  managed.path = "/etc/claude-code/managed-settings.json";
  user.source = "user";
  user.path = "/home/a/.claude/settings.json";
  CHECK(judge_env_settings(std::vector<SettingsEnvFacts>{managed, user}, P(), true).status == Status::pass);
  managed.readable = managed.parsed = managed.has_block = true;
  managed.vars = {SettingsEnvVar{SettingsEnvVar::Role::token, "ANTHROPIC_AUTH_TOKEN", 30, false, "", std::nullopt}};
  user.readable = user.parsed = user.has_block = true;
  user.vars = {SettingsEnvVar{SettingsEnvVar::Role::api_key, "ANTHROPIC_API_KEY", 40, false, "", std::nullopt}};
  Outcome o = judge_env_settings(std::vector<SettingsEnvFacts>{managed, user}, P(), true);
  CHECK(o.fault == FaultId::env_settings_block_credential);
  CHECK(has(o.summary, "ANTHROPIC_AUTH_TOKEN in the env block of /etc/claude-code/managed-settings.json"));
  CHECK(has(o.summary, "ANTHROPIC_API_KEY is set in the env block of /home/a/.claude/settings.json"));
  CHECK(has(o.hint, "/etc/claude-code/managed-settings.json and /home/a/.claude/settings.json"));
  // An unusable managed file: the check cannot judge, whatever the user's block holds.
  managed.parsed = false;
  managed.error = "invalid JSON at line 1";
  o = judge_env_settings(std::vector<SettingsEnvFacts>{managed, user}, P(), true);
  CHECK(o.status == Status::error);
  CHECK(has(o.summary, "/etc/claude-code/managed-settings.json is not usable JSON"));
}

TEST_CASE("env rules: a variable a settings env block set is named with its file", "[rules][env]") {
  EnvFacts f = with_url(url("http://127.0.0.1:9", "http", "127.0.0.1", 9, "/"), "AWF_ONE");
  f.from_settings["ANTHROPIC_BASE_URL"] = "/etc/claude-code/managed-settings.json";
  CHECK(has(judge_env_base_url(f, P()).summary,
            "(set by the env block of /etc/claude-code/managed-settings.json)"));
  f.key_vars = {secret("ANTHROPIC_API_KEY", 40)};
  f.from_settings["ANTHROPIC_API_KEY"] = "/etc/claude-code/managed-settings.json";
  Outcome o = judge_env_api_key(f, P());
  CHECK(o.fault == FaultId::env_api_key_present);  // an awf agent
  CHECK(has(o.summary, "ANTHROPIC_API_KEY (40 bytes, sha256:0123456789ab) (set by the env block of"));
}

TEST_CASE("env.extra_ca_certs rule: unset, settings only, missing, not PEM, no CA, CA", "[rules][env]") {
  ExtraCaFacts e;
  CHECK(judge_env_extra_ca(e, P()).status == Status::pass);

  e.settings_only_from = "/etc/claude-code/managed-settings.json";
  e.path = "/tmp/awf-lib/ca.pem";
  Outcome o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::warn);
  CHECK(o.fault == FaultId::env_extra_ca_settings_only);
  CHECK(has(o.summary, "only in the env block of /etc/claude-code/managed-settings.json"));
  CHECK(has(o.hint, "squid-sidecar-cert-untrusted"));

  e = ExtraCaFacts{};
  e.set = true;
  e.path = "/tmp/awf-lib/ca.pem";
  e.missing = true;
  o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::env_extra_ca_unreadable);
  CHECK(has(o.summary, "no such file"));
  CHECK(has(o.hint, "Node reads it once at start"));
  e.tls_route = false;  // plain-http base URL: the client's own route does not use the CA
  o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::warn);
  CHECK(o.fault == FaultId::env_extra_ca_unreadable);
  CHECK(has(o.summary, "plain http"));

  e.tls_route = true;
  e.missing = false;
  e.read_error = "/tmp/awf-lib/ca.pem: is a directory";
  CHECK(judge_env_extra_ca(e, P()).fault == FaultId::env_extra_ca_unreadable);

  e.read_error.clear();
  e.readable = true;
  o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::env_extra_ca_not_pem);
  CHECK(has(o.summary, "no PEM CERTIFICATE block"));
  e.pem_block = true;
  CHECK(has(judge_env_extra_ca(e, P()).summary, "cannot parse"));

  e.certificates = 1;
  o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::warn);
  CHECK_FALSE(o.fault);
  CHECK(has(o.summary, "no CA"));
  CHECK(has(o.hint, "CA:TRUE"));

  e.cas = 1;
  o = judge_env_extra_ca(e, P());
  CHECK(o.status == Status::pass);
  CHECK(has(o.summary, "1 certificate(s), 1 of them CA"));
}
