#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/read_source.hpp"

using namespace awf::logs;

namespace {
const AgentMessage* msg(const LogFacts& f, AgentMessageKind k) {
  for (const auto& m : f.agent.messages)
    if (m.kind == k) return &m;
  return nullptr;
}
}  // namespace

TEST_CASE("R01 entrypoint lines: helper path updated in both files, copied to chroot, health-check passed", "[logs][agent][cases]") {
  LogFacts f;
  const auto& s = read_text(awf::test::case_field("R01", "", "setup.agent_output.container_log"), "agent.log", f);
  CHECK(s.format == LogFormat::agent_output);
  const auto& e = f.agent.entrypoint;
  REQUIRE(e.helper_files.size() == 2);
  CHECK(e.helper_files[0].file == "/host/home/runner/.claude.json");
  CHECK(e.helper_files[0].action == "path_updated");
  CHECK(e.helper_files[1].file == "/host/home/runner/.claude/settings.json");
  CHECK(e.chroot_copy == std::optional<std::string>("/tmp/awf-lib/get-claude-key.sh"));
  CHECK(e.health_check_passed.line == 4);
  CHECK(e.health_check_failures.empty());
}

TEST_CASE("R14 Copilot stderr: retries and the last error", "[logs][agent][cases]") {
  LogFacts f;
  read_text(awf::test::case_field("R14", "", "setup.agent_output.stderr"), "stderr", f);
  const AgentMessage* m = msg(f, AgentMessageKind::copilot_model_retries);
  REQUIRE(m);
  CHECK(m->detail.find("503 Service Unavailable") != std::string::npos);
}

TEST_CASE("CLI messages domain.md names, helper set-up lines, health-check failure", "[logs][agent]") {
  LogFacts f;
  const auto& s = read_text(
      "[entrypoint] Claude Code API key helper configured: /tmp/awf-lib/get-claude-key.sh\n"
      "[entrypoint] \xE2\x9C\x93 /host/home/runner/.claude/settings.json apiKeyHelper validated\n"
      "[entrypoint] Updating apiKeyHelper in /host/home/runner/.claude.json (was: /usr/local/bin/get-claude-key.sh)\n"
      "[entrypoint][WARN] Could not copy get-claude-key.sh to chroot\n"
      "[get-claude-key.sh] Real authentication via ANTHROPIC_BASE_URL=http://172.30.0.30:10001\n"
      "[health-check] \xE2\x9C\x97 ANTHROPIC_AUTH_TOKEN is not the placeholder\n"
      "apiKeyHelper failed: exited 127: /bin/sh: 1: /usr/local/bin/get-claude-key.sh: not found\n"
      "apiKeyHelper failed: did not return a value\n"
      "Error: No authentication information found.\n"
      "401 Missing bearer or basic authentication in header\n"
      "Warning: Ignoring extra certs from `/tmp/awf-lib/ca.pem`, load failed\n"
      "Auth conflict: Both a token (ANTHROPIC_AUTH_TOKEN) and an API key (apiKeyHelper) are set\n"
      "API Error: 502 unable to verify the first certificate\n"
      "ordinary program output\n",
      "agent.log", f);
  CHECK(s.format == LogFormat::agent_output);
  const auto& e = f.agent.entrypoint;
  CHECK(e.helper_configured == std::optional<std::string>("/tmp/awf-lib/get-claude-key.sh"));
  REQUIRE(e.helper_files.size() == 2);
  CHECK(e.helper_files[0].action == "validated");
  CHECK(e.helper_files[0].file == "/host/home/runner/.claude/settings.json");
  CHECK(e.helper_files[1].action == "updated");
  CHECK(e.helper_files[1].file == "/host/home/runner/.claude.json");
  CHECK(e.chroot_copy_failed.line == 4);
  CHECK(e.helper_base_url == std::optional<std::string>("http://172.30.0.30:10001"));
  CHECK(e.health_check_failures.size() == 1);
  CHECK(msg(f, AgentMessageKind::helper_not_found));
  CHECK(msg(f, AgentMessageKind::helper_no_value));
  CHECK(msg(f, AgentMessageKind::copilot_no_auth));
  CHECK(msg(f, AgentMessageKind::codex_missing_bearer));
  CHECK(msg(f, AgentMessageKind::extra_certs_ignored));
  CHECK(msg(f, AgentMessageKind::auth_conflict));
  CHECK(msg(f, AgentMessageKind::cert_not_verified));
  CHECK(s.lines_other == 1);
}

TEST_CASE("a client error line counts only where it starts the line (after a CI timestamp at most)",
          "[logs][agent]") {
  LogFacts f;
  read_text("I updated the message so the CLI now prints \"API Error: Unable to connect to API\" after retries.\n"
            "Unable to connect to API is what users reported.\n"
            "See the docs: API Error: 401 means the key.\n",
            "agent.log", f);
  CHECK_FALSE(msg(f, AgentMessageKind::unable_to_connect));
  CHECK_FALSE(msg(f, AgentMessageKind::api_error));
  LogFacts g;
  read_text("2026-11-30T01:02:03.1234567Z API Error: Unable to connect to API (ECONNRESET)\n"
            "API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}\n",
            "agent.log", g);
  CHECK(msg(g, AgentMessageKind::unable_to_connect));
  CHECK(msg(g, AgentMessageKind::api_error));
}
