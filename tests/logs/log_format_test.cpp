#include <catch.hpp>

#include "logs/case_logs.hpp"
#include "logs/log_format.hpp"

using namespace awf::logs;

namespace {
LogFormat detect_text(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t s = 0;
  while (s < text.size() && lines.size() < 64) {
    std::size_t e = text.find('\n', s);
    if (e == std::string::npos) e = text.size();
    lines.push_back(text.substr(s, e - s));
    s = e + 1;
  }
  return detect_format(lines);
}
}  // namespace

TEST_CASE("every log the cases give is detected from its content", "[logs][format][cases]") {
  using awf::test::case_field;
  CHECK(detect_text(case_field("R01", "", "setup.squid.access_log")) == LogFormat::squid_access_detailed);
  CHECK(detect_text(case_field("R13", "native-log-format", "setup.squid.access_log")) == LogFormat::squid_access_native);
  CHECK(detect_text(case_field("R13", "", "setup.squid.audit_jsonl")) == LogFormat::squid_audit_jsonl);
  CHECK(detect_text(case_field("R16", "legacy-audit-jsonl-only", "setup.squid.audit_jsonl")) == LogFormat::squid_audit_jsonl);
  CHECK(detect_text(case_field("R28", "", "setup.squid.cache_log")) == LogFormat::squid_cache_log);
  CHECK(detect_text(case_field("R16", "", "setup.api_proxy.log")) == LogFormat::api_proxy_jsonl);
  CHECK(detect_text(case_field("R01", "", "setup.api_proxy.log")) == LogFormat::api_proxy_jsonl);
  CHECK(detect_text(case_field("R01", "", "setup.agent_output.stream_json")) == LogFormat::claude_stream_json);
  CHECK(detect_text(case_field("R01", "", "setup.agent_output.container_log")) == LogFormat::agent_output);
  CHECK(detect_text(case_field("R14", "", "setup.agent_output.stderr")) == LogFormat::agent_output);
}

TEST_CASE("no log at all, empty, squid.conf", "[logs][format]") {
  CHECK(detect_text("# A README\n\nThis project does things.\n") == LogFormat::unknown);
  CHECK(detect_text(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)) == LogFormat::unknown);
  CHECK(detect_text("\n  \n\n") == LogFormat::empty);
  CHECK(detect_text("{\"a\":1}\n{\"b\":2}\n") == LogFormat::unknown);
  CHECK(detect_text("# conf\nhttp_port 3128\nacl x src 1.2.3.4\ncache_peer p parent 80 0\n") == LogFormat::squid_conf);
  CHECK(std::string(format_family(LogFormat::squid_access_native)) == "squid_access");
  CHECK(std::string(format_name(LogFormat::claude_stream_json)) == "claude_stream_json");
}

TEST_CASE("the majority decides — a few noise lines do not", "[logs][format]") {
  std::string text = "garbage line\n";
  for (int i = 0; i < 5; ++i)
    text += "1795946401.500 172.30.0.30:38810 api.anthropic.com:443 203.0.113.10:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.anthropic.com:443 \"-\"\n";
  text += "[entrypoint] hello\n";
  CHECK(detect_text(text) == LogFormat::squid_access_detailed);
}
