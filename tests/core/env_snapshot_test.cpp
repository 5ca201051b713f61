#include <catch.hpp>

#include "core/chain_spec.hpp"
#include "core/env_snapshot.hpp"

using namespace awf;

TEST_CASE("env files: comments, export, quotes, escapes", "[core][env]") {
  auto e = env_from_text("# c\nexport A=1\nB=\"x\\ny\"\nC='q r'\n\nD=\n", "t");
  CHECK(e.get("A") == "1");
  CHECK(e.get("B") == "x\ny");
  CHECK(e.get("C") == "q r");
  CHECK(e.get("D") == "");
  CHECK_FALSE(e.has("E"));
  CHECK_THROWS_WITH(env_from_text("A=1\nnot a line\n", "f"), Catch::Contains("f:2"));
  CHECK_THROWS_WITH(env_from_text("1A=1\n", "f"), Catch::Contains("not a variable name"));
}

TEST_CASE("chain spec: flags > env > defaults", "[core][spec]") {
  EnvSnapshot env;
  env.vars = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:9"}, {"https_proxy", "http://127.0.0.1:8"}, {"HOME", "/h"}};
  ChainFlags flags;
  auto s = resolve_chain_spec(flags, env);
  CHECK(s.base_url == "http://127.0.0.1:9");
  CHECK(s.origin["base_url"] == "env:ANTHROPIC_BASE_URL");
  CHECK(s.squid_url == "http://127.0.0.1:8");
  CHECK(s.upstream_url == kDefaultUpstreamUrl);
  CHECK(s.home == "/h");
  flags.base_url = "http://127.0.0.1:7";
  flags.timeout_s = 2.5;
  s = resolve_chain_spec(flags, env);
  CHECK(s.base_url == "http://127.0.0.1:7");
  CHECK(s.timeout.count() == 2500);
  CHECK(resolve_chain_spec(ChainFlags{}, EnvSnapshot{}).base_url == kDefaultBaseUrl);
  CHECK(resolve_chain_spec(ChainFlags{}, EnvSnapshot{}).squid_url == kDefaultSquidUrl);
}

TEST_CASE("env files: BOM, comments after quotes, CRLF", "[core][env]") {
  auto e = env_from_text("\xEF\xBB\xBF" "A=1\r\nB=\"v\" # note\r\nC='w'   # x\nD=x#y\n", "t");
  CHECK(e.get("A") == "1");
  CHECK(e.get("B") == "v");
  CHECK(e.get("C") == "w");
  CHECK(e.get("D") == "x#y");
}

TEST_CASE("env files that are not regular files are refused, not read", "[core][env]") {
  CHECK_THROWS_WITH(env_from_file("/tmp"), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(env_from_file("/dev/zero"), Catch::Contains("character device"));
  CHECK_THROWS_WITH(env_from_file("/nonexistent/x.env"), Catch::Contains("no such file"));
}

TEST_CASE("chain spec: each hop's default comes from the judged provider's row", "[core][spec][issue5]") {
  EnvSnapshot none;
  ChainFlags flags;
  flags.provider = "openai";
  auto s = resolve_chain_spec(flags, none);
  CHECK(s.base_url == "http://172.30.0.30:10000");
  CHECK(s.upstream_url == "https://api.openai.com");
  CHECK(s.origin["base_url"] == "default");
  flags.provider = "copilot";
  s = resolve_chain_spec(flags, none);
  CHECK(s.base_url == "http://172.30.0.30:10002");
  CHECK(s.upstream_url == "https://api.githubcopilot.com");
  flags.provider = "gemini";
  s = resolve_chain_spec(flags, none);
  CHECK(s.base_url == "http://172.30.0.30:10003");
  CHECK(s.upstream_url.empty());  // the table names no Gemini upstream host
  flags.provider = "anthropic";
  CHECK(resolve_chain_spec(flags, none).base_url == kDefaultBaseUrl);

  // auto: the provider whose variables are set; its base URL variable, not ANTHROPIC_BASE_URL.
  EnvSnapshot codex;
  codex.vars = {{"OPENAI_BASE_URL", "http://127.0.0.1:7000"}, {"OPENAI_API_KEY", "sk-placeholder-for-api-proxy"}};
  s = resolve_chain_spec(ChainFlags{}, codex);
  CHECK(s.base_url == "http://127.0.0.1:7000");
  CHECK(s.origin["base_url"] == "env:OPENAI_BASE_URL");
  CHECK(s.upstream_url == "https://api.openai.com");
  EnvSnapshot copilot;
  copilot.vars = {{"COPILOT_PROVIDER_BASE_URL", "http://127.0.0.1:7002"}};
  s = resolve_chain_spec(ChainFlags{}, copilot);
  CHECK(s.base_url == "http://127.0.0.1:7002");
  CHECK(s.origin["base_url"] == "env:COPILOT_PROVIDER_BASE_URL");
  // --provider wins over the environment, and a variable of another provider is not read.
  flags.provider = "copilot";
  s = resolve_chain_spec(flags, codex);
  CHECK(s.base_url == "http://172.30.0.30:10002");
}
