// Secrets that earlier reached an output in some form (new-user test 13): a helper command's leading
// `NAME=VALUE` assignment (F3) and a peer reflecting the client's key with its bytes escaped (F10).
// Every -o format, --junit-file and $GITHUB_STEP_SUMMARY are searched.
#include <catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/hostile_server.hpp"
#include "support/test_support.hpp"

using awf::test::CmdResult;
using awf::test::HostileServer;
using awf::test::run_awf_diag;
using awf::test::TempDir;

namespace {

const std::vector<std::string> kFormats = {"text", "json", "markdown", "junit", "github"};

/// Runs `args` in every format with --junit-file and a step summary; returns every output, labelled.
std::vector<std::pair<std::string, std::string>> every_output(const TempDir& t, std::vector<std::string> args,
                                                              int expected_exit) {
  std::vector<std::pair<std::string, std::string>> outs;
  const std::string junit = t.path() + "/junit.xml";
  const std::string summary = t.write("summary.md", "");
  args.insert(args.end(), {"--junit-file", junit});
  for (const auto& fmt : kFormats) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"-o", fmt});
    CmdResult r = run_awf_diag(a, {"GITHUB_STEP_SUMMARY=" + summary});
    INFO(fmt << "\n" << r.out << r.err);
    CHECK(r.exit_code == expected_exit);
    outs.emplace_back("stdout -o " + fmt, r.out);
    outs.emplace_back("stderr -o " + fmt, r.err);
    outs.emplace_back("junit-file -o " + fmt, awf::test::read_file(junit));
  }
  outs.emplace_back("step summary", awf::test::read_file(summary));
  return outs;
}

void require_absent(const std::vector<std::pair<std::string, std::string>>& outs, const std::vector<std::string>& forms) {
  for (const auto& [what, text] : outs)
    for (const auto& f : forms) {
      INFO(what << " must not contain '" << f << "'");
      CHECK(text.find(f) == std::string::npos);
    }
}

std::string hex_escape(const std::string& v, const char* fmt, std::size_t every = 1) {
  std::string out;
  char buf[16];
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i % every != 0) {
      out += v[i];
      continue;
    }
    std::snprintf(buf, sizeof buf, fmt, static_cast<unsigned>(static_cast<unsigned char>(v[i])));
    out += buf;
  }
  return out;
}

}  // namespace

TEST_CASE("a helper command's leading assignments reach no output and the real program is named",
          "[cli][secrets][helper]") {
  TempDir t;
  const std::string ok = t.write("bin/ok.sh", "#!/bin/sh\necho sk-ant-placeholder-key-for-credential-isolation\n", 0755);
  const std::string env = t.write("agent.env",
                                  "ANTHROPIC_AUTH_TOKEN=sk-ant-placeholder-key-for-credential-isolation\n"
                                  "AWF_CHROOT_ENABLED=true\nHOME=/nonexistent\n");
  const std::vector<std::string> hops = {"--base-url", "http://127.0.0.1:9", "--squid", "http://127.0.0.1:9", "--upstream",
                                         "https://127.0.0.1:9", "--management-url", "http://127.0.0.1:9", "--only",
                                         "helper.*", "--timeout", "10"};
  struct Case {
    std::string command;
    int exit;
    std::vector<std::string> canaries;
  };
  const std::vector<Case> cases = {
      {"VAULT_TOKEN=CanaryVaultTok0001 /nonexistent/get-key.sh", 1, {"CanaryVaultTok0001"}},
      {"MY_SECRET='CanaryMySecret0002' ROLE_ID=CanaryRoleId0003 " + ok + " --json", 0,
       {"CanaryMySecret0002", "CanaryRoleId0003"}},
      {"vault_token=CanaryLowerTok0004 env -i Creds=CanaryCreds0005 " + ok, 0, {"CanaryLowerTok0004", "CanaryCreds0005"}},
      {"ANTHROPIC_VAULT_TOKEN=CanaryAnthVault0006 2>/dev/null /nonexistent/other-helper", 1, {"CanaryAnthVault0006"}}};
  for (const Case& c : cases) {
    TempDir home;
    home.write(".claude/settings.json", nlohmann::json{{"apiKeyHelper", c.command}}.dump());
    std::vector<std::string> args = {"check-chain", "--env-file", env, "--home", home.path()};
    args.insert(args.end(), hops.begin(), hops.end());
    INFO(c.command);
    require_absent(every_output(home, args, c.exit), c.canaries);
    if (c.exit == 1) {
      const std::string program = c.command.substr(c.command.rfind(' ') + 1);
      CmdResult r = run_awf_diag([&] {
        auto a = args;
        a.insert(a.end(), {"-o", "text"});
        return a;
      }());
      INFO(r.out);
      CHECK(r.out.find("command not found (exit 127): " + program) != std::string::npos);
      CHECK(r.out.find("ls -l '" + program + "'") != std::string::npos);
    }
  }
}

TEST_CASE("a reflected key with escaped bytes reaches no output", "[cli][secrets][canary]") {
  HostileServer peer("echo-escaped");  // quotes what it received, escaped (tests/lab/hostile_server.py)
  TempDir t;
  const std::string base = "http://127.0.0.1:" + std::to_string(peer.port());
  const std::string key = "test-real-anthropic-key-0001";       // registered only: no key shape
  const std::string token = "sk-ant-oat01-CanaryTokCCCC2222dddd";  // registered and key-shaped
  const std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=" + base + "\nANTHROPIC_API_KEY=" + key +
                                                   "\nANTHROPIC_AUTH_TOKEN=" + token + "\nHOME=/nonexistent\n");
  std::vector<std::string> forms;
  for (const std::string& v : {key, token}) {
    std::string u002d;
    for (char c : v) u002d += c == '-' ? std::string("\\u002d") : std::string(1, c);
    for (const std::string& f : {v, hex_escape(v, "%%%02X"), hex_escape(v, "%%%02x"), hex_escape(v, "&#%u;"),
                                 hex_escape(v, "&#x%x;"), hex_escape(v, "%%%02x", 2), hex_escape(v, "&#%u;", 3), u002d})
      forms.push_back(f.substr(f.size() - 24));  // a piece of a form is a leak too (its head may be a
                                                 // placeholder's: sk-ant-placeholder-… is shown)
  }
  const std::vector<std::string> args = {"check-chain", "--env-file", env, "--home", t.path(), "--base-url", base,
                                         "--squid", "http://127.0.0.1:9", "--upstream", "https://127.0.0.1:9",
                                         "--management-url", "http://127.0.0.1:9", "--timeout", "15"};
  const auto outs = every_output(t, args, 1);
  require_absent(outs, forms);
  // The peer did reflect the credential: the search is not vacuous.
  CHECK(outs.front().second.find("you sent [redacted len=") != std::string::npos);
}
