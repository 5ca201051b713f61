// Issue 8 items 5-9: the canary matrix. Every credential source (process and env-file variables,
// helper stdout and stderr, the settings env block, the helper command, URL userinfo in each URL flag
// and variable, a peer echoing the Basic credential back) x every derived form (raw, URL-decoded,
// URL-encoded, base64 of user:pass) x every output (text, json, a re-rendered report, stderr,
// usage errors) -> zero hits.
#include <catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/redact.hpp"
#include "support/hostile_server.hpp"
#include "support/test_support.hpp"

using awf::test::CmdResult;
using awf::test::HostileServer;
using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {

struct Canaries {
  std::vector<std::string> forms;  // every string that must never be printed
  void value(const std::string& v) {
    for (const std::string& f : {v, awf::url_decode(v), awf::url_encode(v), awf::url_encode(v, true)}) forms.push_back(f);
  }
  /// user:password as written in a URL (may be percent-encoded); returns "user:password@".
  std::string userinfo(const std::string& user, const std::string& pass) {
    value(user);
    value(pass);
    value(user + ":" + pass);
    forms.push_back(awf::base64(awf::url_decode(user) + ":" + awf::url_decode(pass)));
    forms.push_back(awf::base64(user + ":" + pass));
    return user + ":" + pass + "@";
  }
};

void require_no_hits(const Canaries& c, const std::string& what, const std::string& text) {
  for (const auto& f : c.forms) {
    INFO(what << " must not contain '" << f << "'");
    CHECK(text.find(f) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("canary matrix: no credential source reaches any output in any form", "[cli][secrets][canary]") {
  HostileServer peer("echo-auth");  // answers with the Authorization header it received
  TempDir t;
  Canaries c;
  // URL userinfo in every variable (percent-encoded specials: curl decodes them and sends Basic).
  const std::string base = "http://" + c.userinfo("CanaryBaseUser0001", "Pw%40Canary%2FBase%23Url0001") + "127.0.0.1:" +
                           std::to_string(peer.port());
  const std::string proxy = "http://" + c.userinfo("ghp_CanaryProxyUserToken000000000001", "Pw%40CanaryProxy0001") +
                            "127.0.0.1:9";
  const std::string upstream = "https://" + c.userinfo("CanaryUpUser0001", "Pw%20Canary%20Up0001") + "127.0.0.1:9";
  for (const char* v : {"CanaryEnvFileKey0001", "sk-ant-api03-CanaryEnvFileTok0001", "CanaryEnvFileOauth0001",
                        "CanaryProcKey0001", "CanaryProcGhToken0001", "CanaryHelperStdout0001",
                        "CanaryHelperStderr0001", "CanaryVaultToken0001", "CanarySettingsKey0001",
                        "CanarySettingsTok0001"})
    c.value(v);
  std::string env = t.write("agent.env", "AWF_CHROOT_ENABLED=true\nANTHROPIC_BASE_URL=" + base +
                                             "\nANTHROPIC_API_KEY=CanaryEnvFileKey0001\n"
                                             "ANTHROPIC_AUTH_TOKEN=sk-ant-api03-CanaryEnvFileTok0001\n"
                                             "CLAUDE_CODE_OAUTH_TOKEN=CanaryEnvFileOauth0001\nHTTPS_PROXY=" + proxy +
                                             "\nhttps_proxy=" + proxy + "\nHTTP_PROXY=" + proxy + "\n");
  t.write("home/.claude/settings.json",
          json{{"apiKeyHelper",
                "printf '%s\\n' CanaryHelperStdout0001; echo CanaryHelperStderr0001 >&2; "
                ": curl -sf -H 'X-Vault-Token: CanaryVaultToken0001' https://vault.invalid/v1/key"},
               {"env", {{"ANTHROPIC_API_KEY", "CanarySettingsKey0001"}, {"ANTHROPIC_AUTH_TOKEN", "CanarySettingsTok0001"}}}}
              .dump());
  const std::vector<std::string> process_env = {"ANTHROPIC_API_KEY=CanaryProcKey0001", "GITHUB_TOKEN=CanaryProcGhToken0001",
                                                "HTTPS_PROXY=" + proxy, "ALL_PROXY=" + proxy};
  const std::vector<std::string> common = {"check-chain", "--env-file", env, "--home", t.path() + "/home", "--upstream",
                                           upstream, "--timeout", "15"};

  std::string saved;
  for (const char* fmt : {"text", "json"}) {
    std::vector<std::string> args = common;
    args.insert(args.end(), {"-o", fmt});
    CmdResult r = run_awf_diag(args, process_env);
    INFO(fmt << " exit " << r.exit_code << "\n" << r.err);
    CHECK(r.exit_code == 1);
    // The peer did echo the credential: the matrix is not vacuous.
    if (std::string(fmt) == "json") {
      saved = r.out;
      CHECK(r.out.find("you sent Basic [redacted") != std::string::npos);
      CHECK(r.out.find("CanaryHelperStdout0001") == std::string::npos);
    }
    require_no_hits(c, std::string("stdout -o ") + fmt, r.out);
    require_no_hits(c, std::string("stderr -o ") + fmt, r.err);
  }
  // Flags carrying userinfo, and a re-rendered report.
  std::vector<std::string> flag_args = {"check-chain", "--env-file", env, "--home", t.path() + "/home", "--base-url",
                                        base, "--squid", proxy, "--upstream", upstream, "--timeout", "15", "-o", "json"};
  CmdResult f = run_awf_diag(flag_args, process_env);
  require_no_hits(c, "flags stdout", f.out);
  require_no_hits(c, "flags stderr", f.err);
  std::string file = t.write("report.json", saved);
  for (const char* fmt : {"text", "json"}) {
    CmdResult r = run_awf_diag({"report", file, "-o", fmt}, process_env);
    require_no_hits(c, "report stdout", r.out);
    require_no_hits(c, "report stderr", r.err);
  }
  // Usage errors echo the flag value: raw '@', '#', '/' and a space in the password.
  // Every hop stays on loopback whichever flag carries the odd URL.
  std::string plain_env = t.write("plain.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  for (const char* url : {"http://user:p@ssCanaryRawAt0001@127.0.0.1:9/", "http://user:pa ss CanaryRawSp0001@127.0.0.1:9/",
                          "http://user:pa#CanaryRawHash0001@127.0.0.1:9/", "ftp://user:pa/CanaryRawSl0001@127.0.0.1:9/"}) {
    for (const char* flag : {"--base-url", "--squid", "--upstream"}) {
      std::vector<std::string> args = {"check-chain", "--env-file", plain_env, "--home", t.path(), "--timeout", "5"};
      for (const char* hop : {"--base-url", "--squid", "--upstream"}) {
        args.push_back(hop);
        args.push_back(std::string(hop) == flag                 ? std::string(url)
                       : std::string(hop) == "--upstream" ? std::string("https://127.0.0.1:9")
                                                          : std::string("http://127.0.0.1:9"));
      }
      CmdResult r = run_awf_diag(args);
      for (const char* needle : {"CanaryRawAt0001", "CanaryRawSp0001", "CanaryRawHash0001", "CanaryRawSl0001"}) {
        INFO(flag << " " << url << ": " << r.err);
        CHECK(r.err.find(needle) == std::string::npos);
        CHECK(r.out.find(needle) == std::string::npos);
      }
    }
  }
}
