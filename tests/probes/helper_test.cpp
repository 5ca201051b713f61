// helper.config and helper.run against temp homes and small helper scripts (cases R02, R03, R04).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch.hpp>
#include <chrono>
#include <future>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/runner.hpp"
#include "probes/helper_classify.hpp"
#include "probes/probes.hpp"
#include "support/test_support.hpp"

using namespace awf;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kPlaceholder = "sk-ant-placeholder-key-for-credential-isolation";
constexpr const char* kOldPlaceholder = "placeholder-token-for-credential-isolation";
constexpr const char* kRealKey = "test-real-anthropic-key-0001";
constexpr const char* kCanary = "sk-ant-api03-test-canary-0001";

/// A temp home, a judged environment, and the state a ProbeContext needs.
struct Harness {
  test::TempDir home;
  ChainSpec spec;
  SecretSet secrets;
  std::map<std::string, Check> done;

  Harness() {
    spec.home = home.path();
    spec.env.source = "test";
  }

  Check run(const std::string& id, std::chrono::milliseconds budget = 20s) {
    for (const auto& d : helper_checks()) {
      if (d.id != id) continue;
      ProbeContext ctx{spec, Clock::now() + budget, done, secrets};
      Check c = d.run(ctx);
      c.id = id;
      done[id] = c;
      return c;
    }
    throw std::runtime_error("no check " + id);
  }

  /// helper.run for `command`, with a helper.config record that names it (as the runner would pass).
  Check run_helper(const std::string& command, std::chrono::milliseconds budget = 20s) {
    Check cfg;
    cfg.id = "helper.config";
    cfg.status = Status::pass;
    cfg.evidence = {{"effective", command}};
    cfg.obs.helper_command = command;  // the typed fact helper.run reads
    done["helper.config"] = cfg;
    return run("helper.run", budget);
  }

  std::string script(const std::string& name, const std::string& body) {
    return home.write("bin/" + name, "#!/bin/sh\n" + body, 0755);
  }
  void settings(const json& j) { home.write(".claude/settings.json", j.dump()); }
  void legacy(const json& j) { home.write(".claude.json", j.dump()); }
};

std::string dump(const Check& c) { return to_json(c).dump(); }

/// Runs `fn` on another thread. If it has not returned after 3 s it is taken to be blocked opening
/// one of `fifos` for reading: each FIFO is then opened for writing (O_NONBLOCK, so this side never
/// blocks) and closed again, which lets such a reader see EOF. Bounded: at most ~8 s in all.
/// `took` is how long `fn` ran before it returned or was unblocked.
template <class F>
Check bounded(const std::vector<std::string>& fifos, F fn, std::chrono::steady_clock::duration& took) {
  auto t0 = std::chrono::steady_clock::now();
  auto fut = std::async(std::launch::async, fn);
  bool ready = fut.wait_for(3s) == std::future_status::ready;
  took = std::chrono::steady_clock::now() - t0;
  for (int i = 0; i < 20 && !ready; ++i) {
    for (const auto& f : fifos)
      if (int fd = ::open(f.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC); fd >= 0) ::close(fd);
    ready = fut.wait_for(250ms) == std::future_status::ready;
  }
  REQUIRE(ready);
  return fut.get();
}

std::string make_fifo(const test::TempDir& dir, const std::string& rel) {
  std::string p = dir.write(rel, "");  // creates the parent directories
  ::unlink(p.c_str());
  REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
  return p;
}

bool registered(const SecretSet& s, const std::string& v) {
  for (const auto& x : s.values())
    if (x == v) return true;
  return false;
}

}  // namespace

// ---- pure functions ----------------------------------------------------------------------------

TEST_CASE("helper output classification", "[probes][helper]") {
  using probe_detail::classify_helper_value;
  using probe_detail::HelperValue;
  CHECK(classify_helper_value("") == HelperValue::empty);
  CHECK(classify_helper_value(::kPlaceholder) == HelperValue::placeholder);
  CHECK(classify_helper_value(::kOldPlaceholder) == HelperValue::old_placeholder);
  CHECK(classify_helper_value(kCanary) == HelperValue::real_key);
  CHECK(classify_helper_value(kRealKey) == HelperValue::other);
  CHECK(classify_helper_value("sk-placeholder-for-api-proxy") == HelperValue::other);
}

TEST_CASE("script variables, line/column", "[probes][helper]") {
  using namespace awf::probe_detail;
  CHECK(script_variables("echo \"$ANTHROPIC_API_KEY\"") == std::vector<std::string>{"ANTHROPIC_API_KEY"});
  CHECK(script_variables("x=${HOME}/k; cat $x ${MY_TOKEN:-} $1 $ $") ==
        std::vector<std::string>{"HOME", "x", "MY_TOKEN"});
  CHECK(echoed_variable({"HOME", "x", "MY_TOKEN"}) == "MY_TOKEN");
  CHECK(echoed_variable({"HOME", "PATH"}).empty());
  CHECK(line_column("{\n  \"a\": 1,\n}\n", 13) == std::pair<std::size_t, std::size_t>{3, 1});
  CHECK(line_column("{x", 2) == std::pair<std::size_t, std::size_t>{1, 2});
  CHECK(line_column("", 1) == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK(line_count("a\n") == 1);
  CHECK(line_count("a\nb") == 2);
  CHECK(non_empty_lines("a\n\n  \nb\n").size() == 2);
}

// ---- helper.config -----------------------------------------------------------------------------

TEST_CASE("helper.config: both files agree -> pass, effective from settings.json", "[probes][helper]") {
  Harness h;
  h.settings({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
  h.legacy({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
  Check c = h.run("helper.config");
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["effective"] == "/tmp/awf-lib/get-claude-key.sh");
  CHECK(c.evidence["effective_file"] == h.home.path() + "/.claude/settings.json");
  CHECK(c.evidence["settings"]["declares"] == true);
  CHECK(c.evidence["legacy"]["declares"] == true);
  CHECK(c.hint.empty());
}

TEST_CASE("helper.config: settings.json only (legacy absent) -> pass", "[probes][helper]") {
  Harness h;
  h.settings({{"apiKeyHelper", "echo \"$ANTHROPIC_API_KEY\""}});
  Check c = h.run("helper.config");
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["legacy"]["exists"] == false);
}

TEST_CASE("helper.config: declared only in ~/.claude.json -> fail (R03)", "[probes][helper]") {
  Harness h;
  h.settings(json::object());
  h.legacy({{"apiKeyHelper", "/usr/local/bin/get-claude-key.sh"}});
  Check c = h.run("helper.config");
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-config-not-read");
  CHECK(c.evidence["effective"].is_null());
  for (const char* s : {".claude.json", ".claude/settings.json", "2.1.81", "apiKeyHelper"})
    CHECK_THAT(c.summary, Catch::Contains(s));
  CHECK_THAT(c.hint, Catch::Contains("v0.25.1"));
  CHECK_THAT(c.hint, Catch::Contains(".claude/settings.json"));
}

TEST_CASE("helper.config: files disagree -> warn naming both (R02 variant)", "[probes][helper]") {
  Harness h;
  h.settings({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
  h.legacy({{"apiKeyHelper", "/usr/local/bin/get-claude-key.sh"}});
  Check c = h.run("helper.config");
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["fault"] == "helper-settings-disagree");
  CHECK(c.evidence["effective"] == "/tmp/awf-lib/get-claude-key.sh");
  CHECK_THAT(c.summary, Catch::Contains("/usr/local/bin/get-claude-key.sh"));
  CHECK_THAT(c.summary, Catch::Contains("/tmp/awf-lib/get-claude-key.sh"));
  CHECK_THAT(c.summary, Catch::Contains("2.1.81"));
}

TEST_CASE("helper.config: invalid JSON -> error with line:column", "[probes][helper]") {
  Harness h;
  h.home.write(".claude/settings.json", "{\n  \"apiKeyHelper\": \"/x\",\n}\n");
  Check c = h.run("helper.config");
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(".claude/settings.json"));
  CHECK_THAT(c.summary, Catch::Contains("line 3, column 1"));
  CHECK_FALSE(c.hint.empty());
}

TEST_CASE("helper.config: parse error message never quotes file content", "[probes][helper]") {
  Harness h;
  h.home.write(".claude.json", std::string("{\"env\": {\"ANTHROPIC_API_KEY\": \"") + kRealKey + "\"}, x");
  Check c = h.run("helper.config");
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(".claude.json"));
  CHECK(dump(c).find(kRealKey) == std::string::npos);
}

TEST_CASE("helper.config: settings path is a directory -> error naming it", "[probes][helper]") {
  Harness h;
  mkdir((h.home.path() + "/.claude").c_str(), 0755);
  mkdir((h.home.path() + "/.claude/settings.json").c_str(), 0755);
  Check c = h.run("helper.config");
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(h.home.path() + "/.claude/settings.json"));
  CHECK_THAT(c.summary, Catch::Contains("directory"));
}

TEST_CASE("helper.config: declared nowhere", "[probes][helper]") {
  Harness h;
  SECTION("without awf's signal -> skip (the agent uses no helper)") {
    Check c = h.run("helper.config");
    CHECK(c.status == Status::skip);
    CHECK_FALSE(c.skip_reason.empty());
  }
  SECTION("CLAUDE_CODE_API_KEY_HELPER set -> fail helper-not-configured") {
    h.spec.env.vars["CLAUDE_CODE_API_KEY_HELPER"] = "/usr/local/bin/get-claude-key.sh";
    h.settings(json::object());
    Check c = h.run("helper.config");
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "helper-not-configured");
    CHECK_THAT(c.hint, Catch::Contains("entrypoint"));
  }
}

// ---- helper.run --------------------------------------------------------------------------------

TEST_CASE("helper.run: awf's placeholder -> pass", "[probes][helper]") {
  Harness h;
  h.spec.env.vars = {{"AWF_CHROOT_ENABLED", "true"}, {"ANTHROPIC_BASE_URL", "http://172.30.0.30:10001"}};
  std::string path = h.script("get-claude-key.sh",
                              "echo '[get-claude-key.sh] invoked' >&2\n"
                              "echo '[get-claude-key.sh] Returning placeholder key' >&2\n"
                              "echo \"[get-claude-key.sh] Real authentication via "
                              "ANTHROPIC_BASE_URL=$ANTHROPIC_BASE_URL\" >&2\n"
                              "echo sk-ant-placeholder-key-for-credential-isolation\n");
  h.settings({{"apiKeyHelper", path}});
  REQUIRE(h.run("helper.config").status == Status::pass);
  Check c = h.run("helper.run");
  INFO(dump(c));
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["value_kind"] == "placeholder");
  CHECK(c.evidence["stdout"]["value"] == kPlaceholder);
  CHECK(c.evidence["trailing_newline"] == true);
  CHECK(c.evidence["line_count"] == 1);
  CHECK(c.evidence["stderr_lines"] == 3);
  CHECK(c.evidence["exit_code"] == 0);
  CHECK(c.evidence["minimal_env"] == 47);
  CHECK(c.evidence["full_env"] == 47);
  CHECK(c.evidence["command"] == path);
  CHECK(c.hint.empty());
}

TEST_CASE("helper.run: old placeholder -> warn", "[probes][helper]") {
  Harness h;
  Check c = h.run_helper(h.script("k.sh", "echo placeholder-token-for-credential-isolation\n"));
  CHECK(c.status == Status::warn);
  CHECK_THAT(c.summary, Catch::Contains("v0.25.6"));
  CHECK(c.evidence["fault"] == "helper-old-placeholder");
}

TEST_CASE("helper.run: real-looking key -> fail in an awf agent, never shown", "[probes][helper]") {
  Harness h;
  h.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
  Check c = h.run_helper(h.script("k.sh", std::string("echo ") + kCanary + "\necho " + kRealKey + "-err >&2\n"));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-real-key");
  CHECK_THAT(c.summary, Catch::Contains("real credential reached the agent"));
  CHECK(c.evidence["stdout"]["length"] == std::string(kCanary).size());
  CHECK(c.evidence["stdout"]["fingerprint"] == fingerprint(kCanary));
  const std::string all = dump(c);
  CHECK(all.find(kCanary) == std::string::npos);
  CHECK(all.find(kRealKey) == std::string::npos);
  CHECK(registered(h.secrets, kCanary));
  CHECK(registered(h.secrets, std::string(kRealKey) + "-err"));
}

TEST_CASE("helper.run: another value -> warn inside awf, pass outside", "[probes][helper]") {
  Harness h;
  const std::string path = h.script("k.sh", "echo test-gateway-key-0001\n");
  SECTION("awf") {
    h.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
    Check c = h.run_helper(path);
    CHECK(c.status == Status::warn);
    CHECK_THAT(c.summary, Catch::Contains("not awf's placeholder"));
    CHECK(dump(c).find("test-gateway-key-0001") == std::string::npos);
  }
  SECTION("gateway (R06)") {
    Check c = h.run_helper(path);
    CHECK(c.status == Status::pass);
    CHECK(dump(c).find("test-gateway-key-0001") == std::string::npos);
  }
}

TEST_CASE("helper.run: exit 127 in chroot -> fail naming path and /tmp/awf-lib (R02)", "[probes][helper]") {
  Harness h;
  h.spec.env.vars = {{"AWF_CHROOT_ENABLED", "true"}};
  const std::string path = "/usr/local/bin/awf-diag-test-missing-get-claude-key.sh";
  Check c = h.run_helper(path);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-not-found");
  CHECK(c.evidence["exit_code"] == 127);
  CHECK_THAT(c.summary, Catch::Contains("127"));
  CHECK_THAT(c.summary, Catch::Contains("not found"));
  CHECK_THAT(c.summary, Catch::Contains(path));
  CHECK_THAT(c.hint, Catch::Contains("/tmp/awf-lib/get-claude-key.sh"));
  CHECK_THAT(c.hint, Catch::Contains("chroot"));
}

TEST_CASE("helper.run: other non-zero exit -> fail with the code", "[probes][helper]") {
  Harness h;
  Check c = h.run_helper(h.script("k.sh", "echo nope >&2\nexit 3\n"));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-exit-nonzero");
  CHECK_THAT(c.summary, Catch::Contains("exited 3"));
}

TEST_CASE("helper.run: empty output -> fail 'did not return a value'", "[probes][helper]") {
  Harness h;
  Check c = h.run_helper(h.script("k.sh", "echo\n"));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-empty-output");
  CHECK_THAT(c.summary, Catch::Contains("did not return a value"));
  CHECK(c.evidence["minimal_env"] == 0);
  CHECK(c.evidence["full_env"] == 0);
}

TEST_CASE("helper.run: value only with the full environment -> fail naming it (R04)", "[probes][helper]") {
  Harness h;
  h.spec.env.vars = {{"ANTHROPIC_API_KEY", kRealKey}};
  Check c = h.run_helper("echo \"$ANTHROPIC_API_KEY\"");
  INFO(dump(c));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-empty-output");
  CHECK_THAT(c.summary, Catch::Contains("minimal environment"));
  CHECK_THAT(c.summary, Catch::Contains("ANTHROPIC_API_KEY"));
  CHECK_THAT(c.hint, Catch::Contains("mode 600"));
  CHECK(c.evidence["minimal_env"] == 0);
  CHECK(c.evidence["full_env"] == std::string(kRealKey).size());
  CHECK(c.evidence["echoed_variable"] == "ANTHROPIC_API_KEY");
  CHECK(c.evidence["script_variables"][0]["set"] == true);
  CHECK(dump(c).find(kRealKey) == std::string::npos);
  CHECK(registered(h.secrets, kRealKey));
}

TEST_CASE("helper.run: variable absent everywhere -> 'did not return a value' (R04 variant)", "[probes][helper]") {
  Harness h;
  const std::string path = h.script("k.sh", "echo \"${ANTHROPIC_API_KEY}\"\n");
  Check c = h.run_helper(path);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-empty-output");
  CHECK_THAT(c.summary, Catch::Contains("did not return a value"));
  CHECK_THAT(c.summary, Catch::Contains("ANTHROPIC_API_KEY"));
  CHECK_THAT(c.summary, Catch::Contains("not set"));
}

TEST_CASE("helper.run: a helper still running at the run deadline is an error, not a finding", "[probes][helper]") {
  Harness h;
  auto t0 = std::chrono::steady_clock::now();
  Check c = h.run_helper(h.script("k.sh", "sleep 30\n"), 800ms);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < 5s);
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains("run deadline"));
}

TEST_CASE("helper.run: a hanging helper is killed at its own 10 s limit", "[probes][helper]") {
  Harness h;
  auto t0 = std::chrono::steady_clock::now();
  Check c = h.run_helper(h.script("k.sh", "sleep 30\n"), 20s);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < 15s);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-timeout");
  CHECK_THAT(c.summary, Catch::Contains("hung: killed after"));
}

TEST_CASE("helper.run: flooding helper is capped", "[probes][helper]") {
  Harness h;
  Check c = h.run_helper("yes | head -c 10000000");  // 10 MB: stopped after 1 MiB, long before its end
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-output-flood");
  CHECK(c.evidence["runs"]["minimal"]["stdout_truncated"] == true);
  CHECK(c.evidence["runs"]["minimal"]["stdout_raw_bytes"].get<std::size_t>() <= 64 * 1024);
  CHECK(dump(c).size() < 8 * 1024);
}

TEST_CASE("helper.run: multi-line output -> fail", "[probes][helper]") {
  Harness h;
  Check c = h.run_helper(h.script("k.sh", "echo sk-ant-placeholder-key-for-credential-isolation\necho extra-line\n"));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-multiline");
  CHECK(dump(c).find("extra-line") == std::string::npos);
}

// ---- hardening: unbounded settings reads, bad --home, empty command, lingering children, floods ----

TEST_CASE("helper.config: a FIFO settings file is never opened -> error naming it", "[probes][helper]") {
  Harness h;
  const char* rel = GENERATE(".claude/settings.json", ".claude.json");
  const std::string fifo = make_fifo(h.home, rel);
  std::chrono::steady_clock::duration took{};
  Check c = bounded({fifo}, [&] { return h.run("helper.config"); }, took);
  INFO(dump(c));
  CHECK(took < 2s);
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(fifo + " is a FIFO"));
  CHECK_FALSE(c.evidence.contains("fault"));
  CHECK_THAT(c.hint, Catch::Contains(fifo));
  CHECK_THAT(c.hint, !Catch::Contains("jq"));  // `jq . <fifo>` would block the user's shell
}

TEST_CASE("helper.config: a symlink to a character device -> error, not read", "[probes][helper]") {
  Harness h;
  const std::string link = h.home.path() + "/.claude.json";
  REQUIRE(::symlink("/dev/null", link.c_str()) == 0);
  Check c = h.run("helper.config");
  INFO(dump(c));
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(link + " is a character device"));
  CHECK_THAT(c.summary, Catch::Contains("/dev/null"));
}

TEST_CASE("helper.config: a dangling symlink -> error, not 'absent'", "[probes][helper]") {
  Harness h;
  h.home.write(".claude/.keep", "");
  const std::string link = h.home.path() + "/.claude/settings.json";
  REQUIRE(::symlink((h.home.path() + "/nowhere.json").c_str(), link.c_str()) == 0);
  Check c = h.run("helper.config");
  INFO(dump(c));
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary, Catch::Contains(link + " is a symlink to a missing file"));
  CHECK(c.evidence["settings"]["exists"] == true);
}

TEST_CASE("helper.config: a settings file over 1 MiB is not read", "[probes][helper]") {
  Harness h;
  const std::string path = h.home.write(".claude/settings.json", "");
  REQUIRE(::truncate(path.c_str(), 300L * 1024 * 1024) == 0);  // sparse: costs no disk
  auto t0 = std::chrono::steady_clock::now();
  Check c = h.run("helper.config");
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  INFO(dump(c));
  CHECK(c.status == Status::error);
  CHECK_THAT(c.summary,
             Catch::Contains(path + " is 314572800 bytes, larger than the 1 MiB a settings file can reasonably be"));
}

TEST_CASE("helper.config: a settings file of exactly 1 MiB is still read", "[probes][helper]") {
  Harness h;
  std::string text = "{\"apiKeyHelper\": \"/tmp/awf-lib/get-claude-key.sh\", \"pad\": \"\"}";
  text.insert(text.size() - 2, std::string(1024 * 1024 - text.size(), 'x'));
  REQUIRE(text.size() == 1024 * 1024);
  h.home.write(".claude/settings.json", text);
  Check c = h.run("helper.config");
  INFO(c.summary);
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["effective"] == "/tmp/awf-lib/get-claude-key.sh");
}

TEST_CASE("helper.config: --home that does not exist or is not a directory -> error naming --home",
          "[probes][helper]") {
  Harness h;
  h.spec.env.vars["CLAUDE_CODE_API_KEY_HELPER"] = "/tmp/awf-lib/get-claude-key.sh";
  SECTION("missing") { h.spec.home = h.home.path() + "/no-such-home"; }
  SECTION("a regular file") { h.spec.home = h.home.write("not-a-dir", "x"); }
  Check c = h.run("helper.config");
  INFO(dump(c));
  CHECK(c.status == Status::error);
  CHECK(c.summary == "home directory " + h.spec.home +
                         " does not exist (or is not a directory): cannot look for .claude/settings.json");
  CHECK_THAT(c.hint, Catch::Contains("--home"));
  CHECK_FALSE(c.evidence.contains("fault"));
  CHECK(c.evidence["effective"].is_null());
}

TEST_CASE("helper.config: apiKeyHelper declared but empty -> fail helper-empty-command", "[probes][helper]") {
  Harness h;
  const std::string settings_path = h.home.path() + "/.claude/settings.json";
  const std::string legacy_path = h.home.path() + "/.claude.json";
  SECTION("empty in settings.json") {
    h.settings({{"apiKeyHelper", ""}});
    Check c = h.run("helper.config");
    INFO(dump(c));
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "helper-empty-command");
    CHECK(c.evidence["effective"].is_null());
    CHECK(c.evidence["settings"]["empty"] == true);
    CHECK_THAT(c.summary, Catch::Contains(settings_path));
    CHECK_THAT(c.summary, Catch::Contains("empty"));
    CHECK_THAT(c.summary, !Catch::Contains("no apiKeyHelper"));
  }
  SECTION("blank in settings.json while ~/.claude.json names a helper") {
    h.settings({{"apiKeyHelper", "  "}});
    h.legacy({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
    Check c = h.run("helper.config");
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "helper-empty-command");
    CHECK_THAT(c.summary, Catch::Contains(settings_path));
    CHECK_THAT(c.hint, Catch::Contains("/tmp/awf-lib/get-claude-key.sh"));
  }
  SECTION("empty in ~/.claude.json only") {
    h.legacy({{"apiKeyHelper", ""}});
    Check c = h.run("helper.config");
    CHECK(c.status == Status::fail);
    CHECK(c.evidence["fault"] == "helper-empty-command");
    CHECK_THAT(c.summary, Catch::Contains(legacy_path));
  }
  SECTION("empty in ~/.claude.json, settings.json names a helper -> the files disagree") {
    h.settings({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
    h.legacy({{"apiKeyHelper", ""}});
    Check c = h.run("helper.config");
    CHECK(c.status == Status::warn);
    CHECK(c.evidence["fault"] == "helper-settings-disagree");
    CHECK(c.evidence["effective"] == "/tmp/awf-lib/get-claude-key.sh");
    CHECK_THAT(c.summary, Catch::Contains(legacy_path));
  }
}

TEST_CASE("helper.run: a background child holding stdout open is not a hang", "[probes][helper]") {
  Harness h;
  h.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
  auto t0 = std::chrono::steady_clock::now();
  Check c = h.run_helper("sleep 100 & echo sk-ant-placeholder-key-for-credential-isolation", 4s);
  CHECK(std::chrono::steady_clock::now() - t0 < 3s);
  INFO(dump(c));
  CHECK(c.status == Status::pass);
  CHECK(c.evidence["value_kind"] == "placeholder");
  CHECK(c.evidence["runs"]["minimal"]["timed_out"] == false);
  CHECK(c.evidence["runs"]["full"]["timed_out"] == false);
}

TEST_CASE("helper.run: a single-line flood -> fail helper-output-flood, says it was cut", "[probes][helper]") {
  Harness h;
  h.spec.env.vars["AWF_CHROOT_ENABLED"] = "true";
  Check c = h.run_helper("head -c 3000000 /dev/zero | tr '\\0' k");
  INFO(c.summary);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-output-flood");
  CHECK_THAT(c.summary, Catch::Contains("output cut at 64 KiB"));
  CHECK(c.evidence["runs"]["minimal"]["stdout_truncated"] == true);
  CHECK(dump(c).size() < 8 * 1024);
}

TEST_CASE("helper.run: an endless flood (`yes LINE`) is a flood, not a hang, even when the deadline cuts it",
          "[probes][helper]") {
  Harness h;
  auto t0 = std::chrono::steady_clock::now();
  Check c = h.run_helper("yes not-a-key-line", 800ms);
  auto took = std::chrono::steady_clock::now() - t0;
  INFO(dump(c));
  CHECK(took < 5s);
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-output-flood");
  CHECK_THAT(c.summary, Catch::Contains("still printing when"));
  CHECK_THAT(c.summary, !Catch::Contains("hung"));
  CHECK(c.evidence["runs"]["minimal"]["stdout_truncated"] == true);
  // Stopped at 1 MiB or, on a slow machine, at the 800 ms deadline: either way not waited out.
  CHECK((c.evidence["runs"]["minimal"]["flood_killed"] == true || c.evidence["runs"]["minimal"]["timed_out"] == true));
  CHECK_THAT(c.hint, Catch::Contains("| head -c 1048576 | wc -c"));  // the suggested measurement ends too
}

TEST_CASE("helper.run: an endless flood is stopped after 1 MiB, not waited out to the helper's time limit",
          "[probes][helper]") {
  Harness h;
  Check c = h.run_helper("yes not-a-key-line", 60s);  // a budget far above what the flood needs
  INFO(dump(c));
  CHECK(c.status == Status::fail);
  CHECK(c.evidence["fault"] == "helper-output-flood");
  CHECK(c.evidence["runs"]["minimal"]["flood_killed"] == true);
  CHECK(c.evidence["runs"]["minimal"]["timed_out"] == false);
  CHECK_THAT(c.summary, Catch::Contains("stopped after 1 MiB"));
}

TEST_CASE("helper.run: script files up to 1 MiB are read for variables — FIFOs and bigger files are skipped",
          "[probes][helper]") {
  Harness h;
  SECTION("a 200 KiB script") {
    const std::string path =
        h.script("k.sh", "# " + std::string(200 * 1024, 'p') + "\necho \"$MY_HELPER_TOKEN\"\n");
    Check c = h.run_helper(path);
    CHECK(c.evidence["echoed_variable"] == "MY_HELPER_TOKEN");
  }
  SECTION("a script over 1 MiB") {
    const std::string path =
        h.script("k.sh", "# " + std::string(1024 * 1024, 'p') + "\necho \"$MY_HELPER_TOKEN\"\n");
    Check c = h.run_helper(path);
    CHECK(c.evidence["echoed_variable"].is_null());
  }
  SECTION("a FIFO") {
    const std::string fifo = make_fifo(h.home, "bin/k.sh");
    std::chrono::steady_clock::duration took{};
    Check c = bounded({fifo}, [&] { return h.run_helper(fifo); }, took);
    INFO(dump(c));
    CHECK(took < 2s);
    CHECK(c.evidence["echoed_variable"].is_null());
    CHECK(c.status == Status::fail);  // /bin/sh cannot execute a FIFO
  }
}

TEST_CASE("helper.config: legacy-only with ANTHROPIC_AUTH_TOKEN set only warns (the CLI still has a credential)",
          "[probes][helper]") {
  Harness h;
  h.legacy({{"apiKeyHelper", "/tmp/awf-lib/get-claude-key.sh"}});
  h.spec.env.vars["ANTHROPIC_AUTH_TOKEN"] = "sk-ant-placeholder-key-for-credential-isolation";
  Check c = h.run("helper.config");
  CHECK(c.status == Status::warn);
  CHECK(c.evidence["fault"] == "helper-config-not-read");
  CHECK_THAT(c.summary, Catch::Contains("still has ANTHROPIC_AUTH_TOKEN"));
}
