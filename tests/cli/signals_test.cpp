// Issue 8 item 10 and issue 11 point 7: signals reach the helper's process group, nothing it started
// survives, the report is still written (unfinished checks "interrupted by SIG…", exit 3); a helper
// runs with only fds 0-2, and its exit status survives an inherited SIGCHLD=SIG_IGN.
#include <catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "core/subprocess.hpp"
#include "support/hostile_server.hpp"
#include "support/report_json.hpp"
#include "support/lab.hpp"
#include "support/process_group.hpp"
#include "support/test_support.hpp"

using awf::test::find_check;
using awf::test::Lab;
using awf::test::process_group_members;
using awf::test::read_file;
using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {

std::string helper_home(const TempDir& t, const std::string& command) {
  t.write("home/.claude/settings.json", json{{"apiKeyHelper", command}}.dump());
  return t.path() + "/home";
}

std::string flags(const TempDir& t, const std::string& home) {
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  return " --env-file " + env + " --home " + home +
         " --base-url http://127.0.0.1:9 --squid http://127.0.0.1:9 --upstream https://127.0.0.1:9";
}

}  // namespace

TEST_CASE("SIGTERM, SIGINT or SIGHUP during helper.run: group killed, report written, exit 3", "[cli][signals]") {
  for (const char* sig : {"TERM", "INT", "HUP"}) {
    TempDir t;
    const std::string pgfile = t.path() + "/pgid";
    // The helper ignores the forwarded signal, so only the group SIGKILL can end it and its child.
    const std::string home = helper_home(t, "trap '' TERM INT HUP; sleep 300 & echo $$ > " + pgfile + "; sleep 300");
    awf::SubprocessOptions o;
    o.timeout = std::chrono::seconds(40);
    o.envp = {"PATH=/usr/bin:/bin"};
    const std::string script = std::string(AWF_DIAG_BIN) + " probe helper -o json --timeout 30" + flags(t, home) +
                               " > " + t.path() + "/out.json & pid=$!; i=0; while [ ! -s " + pgfile +
                               " ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; kill -" + sig +
                               " $pid; wait $pid; echo \"rc=$?\"";
    auto r = awf::run_shell(script, o);
    INFO(sig << ": " << r.out << r.err);
    CHECK(r.out.find("rc=3") != std::string::npos);
    const std::string pg = read_file(pgfile);
    REQUIRE_FALSE(pg.empty());
    CHECK(process_group_members(std::stol(pg)).empty());
    json doc = json::parse(read_file(t.path() + "/out.json"));
    const json* run = find_check(doc, "helper.run");
    REQUIRE(run);
    CHECK((*run)["status"] == "error");
    CHECK((*run)["summary"].get<std::string>().rfind(std::string("interrupted by SIG") + sig, 0) == 0);
    CHECK(doc["exit_code"] == 3);
  }
}

TEST_CASE("a helper that leaves a background child behind leaves nothing running", "[cli][signals]") {
  TempDir t;
  const std::string pgfile = t.path() + "/pgid";
  const std::string home =
      helper_home(t, "sleep 300 >/dev/null 2>&1 & echo $$ >> " + pgfile + "; echo sk-ant-placeholder-key-for-credential-isolation");
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(40);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto r = awf::run_shell(std::string(AWF_DIAG_BIN) + " probe helper -o json" + flags(t, home), o);
  INFO(r.out << r.err);
  std::string pgs = read_file(pgfile);
  std::size_t n = 0, pos = 0;
  while (pos < pgs.size()) {  // one line per helper run (minimal and full environment)
    auto nl = pgs.find('\n', pos);
    CHECK(process_group_members(std::stol(pgs.substr(pos, nl - pos))).empty());
    ++n;
    pos = nl + 1;
  }
  CHECK(n == 2);
}

TEST_CASE("an inherited SIGCHLD=SIG_IGN does not turn a helper's exit 3 into 0", "[cli][signals]") {
  TempDir t;
  const std::string home = helper_home(t, "exit 3");
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(40);
  o.envp = {"PATH=/usr/bin:/bin"};
  // `trap '' CHLD` in sh makes the exec'd awf-diag start with SIGCHLD ignored.
  auto r = awf::run_shell("trap '' CHLD; exec " + std::string(AWF_DIAG_BIN) + " probe helper -o json" + flags(t, home), o);
  INFO(r.out << r.err);
  json doc = json::parse(r.out);
  const json* run = find_check(doc, "helper.run");
  REQUIRE(run);
  CHECK((*run)["evidence"]["exit_code"] == 3);
  CHECK((*run)["summary"].get<std::string>().find("exited 3") != std::string::npos);
}

TEST_CASE("a helper run during a full check-chain against the lab has only fds 0, 1, 2", "[cli][lab][signals]") {
  Lab lab;
  TempDir t;
  // find writes the list itself: a shell redirection would open a descriptor in the shell being listed.
  const std::string home = helper_home(t, "find /proc/$$/fd -mindepth 1 -maxdepth 1 -fprintf " + t.path() +
                                              "/fds.$$ '%f\\n'; echo sk-ant-placeholder-key-for-credential-isolation");
  std::vector<std::string> args{"check-chain", "-o", "json", "--home", home};
  for (const auto& f : lab.chain_flags()) args.push_back(f);
  auto r = run_awf_diag(args);
  INFO(r.err);
  awf::SubprocessOptions o;
  o.envp = {"PATH=/usr/bin:/bin"};
  auto listed = awf::run_shell("for f in " + t.path() + "/fds.*; do sort -n \"$f\" | tr '\\n' ' '; echo; done", o);
  CHECK(listed.out == "0 1 2 \n0 1 2 \n");  // two runs (minimal and full environment), no socket, no file
}

TEST_CASE("live progress goes to stderr only when stderr is a terminal", "[cli][progress]") {
  TempDir t;
  // An awf agent (its marker): the key in it fails env.api_key (outside a known awf it only warns).
  std::string env = t.write("agent.env", "ANTHROPIC_BASE_URL=http://127.0.0.1:9\nANTHROPIC_API_KEY=test-real-anthropic-key-0001\n"
                                         "AWF_CHROOT_ENABLED=true\n");
  const std::string cmd = std::string(AWF_DIAG_BIN) + " probe env -o json --env-file " + env + " --home " + t.path() +
                          " --base-url http://127.0.0.1:9 --squid http://127.0.0.1:9 --upstream https://127.0.0.1:9";
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(30);
  o.envp = {"PATH=/usr/bin:/bin"};
  auto piped = awf::run_shell(cmd, o);
  CHECK(piped.err.empty());
  // script(1) gives the command a pseudo-terminal for stdin, stdout and stderr.
  if (::access("/usr/bin/script", X_OK) != 0) return;
  auto tty = awf::run_shell("/usr/bin/script -qec '" + cmd + " 2>&1 >/dev/null' /dev/null", o);
  INFO(tty.out << tty.err);
  CHECK(tty.out.find("fail  env.api_key") != std::string::npos);
  CHECK(tty.out.find("pass  env.base_url") != std::string::npos);
  CHECK(tty.out.find("test-real-anthropic-key-0001") == std::string::npos);
}

// New-user test 13 F9: an interrupted check-chain keeps the checks that finished, records the others as
// "interrupted by SIG…", and its summary says so (not "no check was selected").
TEST_CASE("an interrupted check-chain keeps its finished checks and says it was interrupted", "[cli][signals]") {
  awf::test::HostileServer hang("hang", 40);  // accepts, never answers: the run is still waiting when the signal comes
  struct Variant {
    const char* sig;
    const char* where;     // which hop hangs
    bool some_finished;    // the local checks finished before the signal
  };
  for (const Variant& v : {Variant{"TERM", "upstream", true}, Variant{"HUP", "upstream", true},
                           Variant{"INT", "base-url", false}}) {
    TempDir t;
    const std::string base = std::string(v.where) == "base-url" ? hang.url("") : "http://127.0.0.1:9";
    // Direct mode: the requests to the upstream go through the proxy at --squid, which hangs.
    const std::string squid = std::string(v.where) == "upstream" ? hang.url("") : "http://127.0.0.1:9";
    std::string env = t.write("agent.env", "ANTHROPIC_API_KEY=test-real-anthropic-key-0001\nHOME=/nonexistent\n");
    if (std::string(v.where) == "base-url")
      env = t.write("agent.env", "ANTHROPIC_BASE_URL=" + base + "\nHOME=/nonexistent\n");
    const std::string mode = std::string(v.where) == "upstream" ? " --mode direct" : "";
    const std::string cmd = std::string(AWF_DIAG_BIN) + " check-chain -o json --timeout 30" + mode + " --env-file " +
                            env + " --home " + t.path() + " --base-url " + base +
                            " --squid " + squid + " --management-url http://127.0.0.1:9 --upstream https://127.0.0.1:9";
    awf::SubprocessOptions o;
    o.timeout = std::chrono::seconds(40);
    o.envp = {"PATH=/usr/bin:/bin"};
    // The signal after 1.5 s: long after the local checks end, long before the 30 s deadline.
    auto r = awf::run_shell(cmd + " > " + t.path() + "/out.json & pid=$!; sleep 1.5; kill -" + v.sig +
                                " $pid; wait $pid; echo \"rc=$?\"",
                            o);
    INFO(v.sig << " " << v.where << ": " << r.out << r.err);
    CHECK(r.out.find("rc=3") != std::string::npos);
    json doc = json::parse(read_file(t.path() + "/out.json"));
    CHECK(doc["exit_code"] == 3);
    CHECK(doc["run"]["interrupted_by"] == std::string("SIG") + v.sig);
    const std::string text = doc["summary"]["text"];
    CHECK(text.rfind(std::string("ERROR: interrupted by SIG") + v.sig, 0) == 0);
    CHECK(text.find("no check was selected") == std::string::npos);
    REQUIRE_FALSE(doc["checks"].empty());
    std::size_t finished = 0, interrupted = 0;
    for (const json& c : doc["checks"]) {
      const std::string summary = c["summary"];
      if (summary.rfind("interrupted by SIG", 0) == 0) {
        CHECK(c["status"] == "error");
        ++interrupted;
      } else {
        ++finished;
      }
    }
    CHECK(interrupted > 0);
    if (v.some_finished) {
      CHECK(finished > 0);
      const json* key = find_check(doc, "env.api_key");
      REQUIRE(key);
      CHECK((*key)["status"] == "warn");  // finished before the signal, kept as it was
    } else {
      CHECK(text.find("before any check finished") != std::string::npos);
    }
    CHECK(r.out.find("test-real-anthropic-key-0001") == std::string::npos);
    CHECK(read_file(t.path() + "/out.json").find("test-real-anthropic-key-0001") == std::string::npos);
  }
}
