// Output formats end to end: the exit code is the same in every format for every outcome; JSON
// reports validate against docs/report.schema.json (python3-jsonschema); JUnit parses as XML with
// one testcase per check; --junit-file, $GITHUB_STEP_SUMMARY, `report -`, --color, --only/--skip.
#include <catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/subprocess.hpp"
#include "support/lab.hpp"
#include "support/test_support.hpp"

using awf::test::Lab;
using awf::test::run_awf_diag;
using awf::test::TempDir;
using nlohmann::json;

namespace {

const std::vector<std::string> kFormats = {"text", "json", "markdown", "junit", "github"};

awf::SubprocessResult python(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/python3"};
  argv.insert(argv.end(), args.begin(), args.end());
  awf::SubprocessOptions o;
  o.timeout = std::chrono::seconds(60);
  o.envp = {"PATH=/usr/bin:/bin"};
  return awf::run_subprocess(argv, o);
}

// Validates one report text with the real JSON Schema validator; returns its complaints.
std::string schema_errors(const std::string& report) {
  TempDir t;
  std::string f = t.write("report.json", report);
  auto r = python({std::string(AWF_SOURCE_DIR) + "/tests/lab/validate_reports.py",
                   std::string(AWF_SOURCE_DIR) + "/docs/report.schema.json", f});
  return r.exit_code == 0 ? "" : r.out + r.err;
}

json junit_summary(const std::string& xml) {
  TempDir t;
  auto r = python({std::string(AWF_SOURCE_DIR) + "/tests/lab/junit_summary.py", t.write("junit.xml", xml)});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

// Runs `args` in every format: same exit code everywhere, equal to `expected`; the JSON validates,
// the JUnit XML has one testcase per JSON check with matching counts. Returns the JSON report.
json require_same_exit_everywhere(const std::vector<std::string>& args, int expected) {
  json doc;
  for (const auto& fmt : kFormats) {
    auto r = run_awf_diag(with(args, {"-o", fmt}));
    INFO("format " << fmt << "\n" << r.out << r.err);
    CHECK(r.exit_code == expected);
    CHECK_FALSE(r.out.empty());
    if (fmt == "json") {
      doc = json::parse(r.out);
      CHECK(doc["exit_code"] == expected);
      CHECK(schema_errors(r.out).empty());
    }
  }
  auto x = run_awf_diag(with(args, {"-o", "junit"}));
  json s = junit_summary(x.out);
  int fails = 0, errors = 0, skips = 0;
  for (const auto& c : doc["checks"]) {
    fails += c["status"] == "fail";
    errors += c["status"] == "error";
    skips += c["status"] == "skip";
  }
  CHECK(s["tests"] == doc["checks"].size());
  CHECK(s["cases"].size() == doc["checks"].size());
  CHECK(s["failures"] == fails);
  CHECK(s["errors"] == errors);
  CHECK(s["skipped"] == skips);
  for (std::size_t i = 0; i < s["cases"].size() && i < doc["checks"].size(); ++i) {
    CHECK(s["cases"][i]["name"] == doc["checks"][i]["id"]);
    CHECK(s["cases"][i]["classname"] == doc["checks"][i]["link"]);
  }
  // A saved report re-renders to the same exit code in every format, also from stdin.
  TempDir t;
  std::string saved = t.write("report.json", doc.dump());
  for (const auto& fmt : kFormats) {
    INFO("report -o " << fmt);
    CHECK(run_awf_diag({"report", saved, "-o", fmt}).exit_code == expected);
  }
  awf::SubprocessOptions o;
  o.envp = {"PATH=/usr/bin:/bin"};
  auto piped = awf::run_shell(std::string(AWF_DIAG_BIN) + " report - -o markdown < " + saved, o);
  CHECK(piped.exit_code == expected);
  CHECK(piped.out.find("## awf-diag: ") == 0);
  return doc;
}

}  // namespace

TEST_CASE("format matrix: healthy chain exits 0 in every format", "[lab][cli][formats]") {
  Lab lab("none");
  json doc = require_same_exit_everywhere(with({"check-chain"}, lab.chain_flags()), 0);
  CHECK(doc["summary"]["verdict"] == "PASS");
}

TEST_CASE("format matrix: the seed failure exits 1 in every format", "[lab][cli][formats][R01]") {
  Lab lab("untrimmed-key");
  json doc = require_same_exit_everywhere(with({"check-chain"}, lab.chain_flags()), 1);
  CHECK(doc["summary"]["failed_link"] == "proxy");
  // The Markdown names the failed check and the leading cause's title; GitHub gets an ::error.
  auto md = run_awf_diag(with(with({"check-chain"}, lab.chain_flags()), {"-o", "markdown"}));
  CHECK(md.out.find("#### ❌ `proxy.forward`") != std::string::npos);
  auto gh = run_awf_diag(with(with({"check-chain"}, lab.chain_flags()), {"-o", "github"}));
  CHECK(gh.out.find("::error title=awf-diag proxy.forward (proxy)::") != std::string::npos);
  CHECK(gh.out.find("test-real-anthropic-key-0001") == std::string::npos);
}

TEST_CASE("format matrix: could not diagnose exits 3 in every format", "[cli][formats]") {
  TempDir t;
  t.write(".claude/settings.json", "{ oops");
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  json doc = require_same_exit_everywhere({"probe", "helper", "--env-file", env, "--home", t.path()}, 3);
  CHECK(doc["summary"]["verdict"] == "ERROR");
}

TEST_CASE("junit-file is written alongside any -o — GITHUB_STEP_SUMMARY gets the Markdown appended", "[cli][formats]") {
  TempDir t;
  t.write(".claude/settings.json", "{ oops");
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  std::string summary = t.write("summary.md", "# earlier step\n");
  std::string junit = t.path() + "/out/junit.xml";
  t.write("out/.keep", "");
  auto r = run_awf_diag({"probe", "helper", "--env-file", env, "--home", t.path(), "-o", "github", "--junit-file", junit},
                        {"GITHUB_STEP_SUMMARY=" + summary});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("::group::helper error") != std::string::npos);
  json s = junit_summary(awf::test::read_file(junit));
  CHECK(s["tests"] == 2);
  CHECK(s["errors"] == 1);
  std::string md = awf::test::read_file(summary);
  CHECK(md.rfind("# earlier step\n", 0) == 0);
  CHECK(md.find("## awf-diag: ERROR") != std::string::npos);
  // A step summary already near GitHub's 1 MiB gets nothing more (and the run still answers).
  std::string full = t.write("full.md", std::string(1024 * 1024 - 100, 'x'));
  auto f = run_awf_diag({"probe", "helper", "--env-file", env, "--home", t.path(), "-o", "github"},
                        {"GITHUB_STEP_SUMMARY=" + full});
  CHECK(f.exit_code == 3);
  CHECK(awf::test::read_file(full).size() == 1024 * 1024 - 100);
  CHECK(f.err.find("GITHUB_STEP_SUMMARY") != std::string::npos);
  // An unwritable --junit-file is reported, not lost silently.
  auto bad = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "--junit-file", "/nonexistent/dir/j.xml"});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("--junit-file") != std::string::npos);
}

TEST_CASE("junit file: --junit-file naming a FIFO or device is refused, never renamed over (as root it replaced /dev/full)",
          "[cli][formats]") {
  TempDir t;
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  const std::string fifo = t.path() + "/j.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string link = t.path() + "/j-link.xml";
  REQUIRE(::symlink(fifo.c_str(), link.c_str()) == 0);
  for (const std::string& target : {fifo, link}) {
    auto r = run_awf_diag({"probe", "env", "--env-file", env, "--home", t.path(), "--base-url", "http://127.0.0.1:9",
                           "--squid", "http://127.0.0.1:9", "--upstream", "https://127.0.0.1:9", "--junit-file", target});
    INFO(target << ": " << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("is a FIFO, not a regular file") != std::string::npos);
    struct stat st {};
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));  // still the FIFO, not a file renamed over it
    REQUIRE(::lstat(link.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
  }
}

TEST_CASE("colour: never and auto (not a terminal) print no escapes, always does — NO_COLOR", "[cli][formats]") {
  TempDir t;
  t.write(".claude/settings.json", "{ oops");
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\n");
  std::vector<std::string> a = {"probe", "helper", "--env-file", env, "--home", t.path()};
  CHECK(run_awf_diag(a).out.find('\x1b') == std::string::npos);  // auto, stdout is a pipe
  CHECK(run_awf_diag(with(a, {"--color", "never"})).out.find('\x1b') == std::string::npos);
  CHECK(run_awf_diag(with(a, {"--color", "always"})).out.find('\x1b') != std::string::npos);
  CHECK(run_awf_diag(with(a, {"--color"})).out.find('\x1b') != std::string::npos);
  // auto under a terminal: script(1) gives the tool a pty; NO_COLOR turns colour off there.
  awf::SubprocessOptions o;
  o.envp = {"PATH=/usr/bin:/bin", "TERM=dumb"};
  std::string cmd = std::string(AWF_DIAG_BIN) + " probe helper --env-file " + env + " --home " + t.path();
  auto tty = awf::run_shell("script -qec '" + cmd + "' /dev/null", o);
  CHECK(tty.out.find('\x1b') != std::string::npos);
  o.envp.push_back("NO_COLOR=1");
  auto no = awf::run_shell("script -qec '" + cmd + "' /dev/null", o);
  CHECK(no.out.find("helper.config") != std::string::npos);
  CHECK(no.out.find('\x1b') == std::string::npos);
}

TEST_CASE("only and skip choose checks by id glob — --list-checks probes nothing", "[cli][formats]") {
  TempDir t;
  std::string env = t.write("agent.env", "HOME=" + t.path() + "\nANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
  std::vector<std::string> a = {"check-chain", "--env-file", env, "--home", t.path(), "--squid", "http://127.0.0.1:9",
                                "--upstream", "https://127.0.0.1:9", "--timeout", "10"};
  auto listed = run_awf_diag(with(a, {"--only", "proxy.forward", "--list-checks"}));
  CHECK(listed.exit_code == 0);
  CHECK(listed.out.find("proxy.tcp") == 0);  // prerequisites listed first
  CHECK(listed.out.find("squid.") == std::string::npos);
  auto r = run_awf_diag(with(a, {"--only", "env.*", "--skip", "env.no_proxy", "-o", "json"}));
  json doc = json::parse(r.out);
  std::vector<std::string> ids;
  for (const auto& c : doc["checks"]) ids.push_back(c["id"]);
  CHECK(std::find(ids.begin(), ids.end(), "env.base_url") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "env.no_proxy") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "proxy.tcp") == ids.end());
  CHECK(doc["run"]["selection"]["only"] == json::array({"env.*"}));
  CHECK(run_awf_diag(with(a, {"--only", "proxy.forwrd"})).exit_code == 2);
  auto all = run_awf_diag({"--list-checks"});
  CHECK(all.exit_code == 0);
  CHECK(all.out.find("upstream.auth") != std::string::npos);
  auto help = run_awf_diag({"probe", "squid", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("The squid link:") != std::string::npos);
  CHECK(help.out.find("squid.tls") != std::string::npos);
}
