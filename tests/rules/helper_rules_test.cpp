// Helper rules on canned observations (no files, no processes): every branch of helper.config and
// helper.run, and which run's facts the verdict points at.
#include <catch.hpp>

#include "rules/helper_rules.hpp"

using namespace awf;

namespace {

const Provider& P() { return provider(ProviderId::anthropic); }

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

HelperConfigFacts config() {
  HelperConfigFacts f;
  f.home = "/home/agent";
  f.managed.path = "/etc/claude-code/managed-settings.json";
  f.settings.path = "/home/agent/.claude/settings.json";
  f.legacy.path = "/home/agent/.claude.json";
  f.signal_var = "CLAUDE_CODE_API_KEY_HELPER";
  return f;
}

void declare(SettingsFile& s, std::string value) {
  s.exists = true;
  s.declares = !value.empty();
  s.empty = value.empty();
  s.value = std::move(value);
}

HelperRunOnce ok_run(std::string label, std::size_t bytes, HelperValue kind) {
  HelperRunOnce r;
  r.label = std::move(label);
  r.ran = r.started = r.status_known = true;
  r.budget_ms = 10000;
  r.exit_code = 0;
  r.value_bytes = bytes;
  r.raw_bytes = bytes + 1;
  r.line_count = bytes ? 1 : 0;
  r.non_empty_lines = bytes ? 1 : 0;
  r.value_kind = kind;
  r.value_fingerprint = bytes ? "sha256:0123456789ab" : "";
  return r;
}

HelperRunFacts run_facts(HelperRunOnce m, HelperRunOnce f) {
  HelperRunFacts r;
  r.command = "/usr/local/bin/get-claude-key.sh";
  r.path = r.command;
  r.minimal = std::move(m);
  r.full = std::move(f);
  r.helper_timeout_ms = 10000;
  r.deadline_ms = 30000;
  r.minimal_path = "PATH=/usr/local/bin:/usr/bin:/bin";
  r.output_cap_bytes = 64 * 1024;
  return r;
}

HelperRunOnce exited(std::string label, int code) {
  HelperRunOnce r = ok_run(std::move(label), 0, HelperValue::empty);
  r.exit_code = code;
  return r;
}

}  // namespace

TEST_CASE("helper.config rule: home, read errors, declared, empty, legacy only, undeclared", "[rules][helper]") {
  HelperConfigFacts f = config();
  f.home_missing = true;
  f.home_origin = "env:HOME";
  Outcome o = judge_helper_config(f, P());
  CHECK(o.status == Status::error);
  CHECK(has(o.hint, "came from $HOME"));

  f = config();
  f.settings.exists = true;
  f.settings.error = "not JSON";
  f.settings.not_a_file = true;
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::error);
  CHECK(o.summary == "not JSON");

  f = config();
  declare(f.settings, "/a.sh");
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::pass);
  CHECK(has(o.summary, "~/.claude.json is absent"));
  declare(f.legacy, "/b.sh");
  CHECK(judge_helper_config(f, P()).fault == FaultId::helper_settings_disagree);
  declare(f.legacy, "");
  o = judge_helper_config(f, P());
  CHECK(o.fault == FaultId::helper_settings_disagree);
  CHECK(has(o.summary, "declares an empty apiKeyHelper"));

  f = config();
  declare(f.settings, "");
  f.signal = "/usr/local/bin/get-claude-key.sh";
  o = judge_helper_config(f, P());
  CHECK(o.fault == FaultId::helper_empty_command);
  CHECK(has(o.hint, "CLAUDE_CODE_API_KEY_HELPER"));

  f = config();
  declare(f.legacy, "/b.sh");
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::fail);
  CHECK(o.fault == FaultId::helper_config_not_read);
  f.other_credentials = {"ANTHROPIC_AUTH_TOKEN"};
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::warn);
  CHECK(has(o.summary, "the CLI still has ANTHROPIC_AUTH_TOKEN"));

  f = config();
  CHECK(judge_helper_config(f, P()).status == Status::skip);
  f.signal = "/usr/local/bin/get-claude-key.sh";
  CHECK(judge_helper_config(f, P()).fault == FaultId::helper_not_configured);
}

TEST_CASE("helper.config rule: the managed settings' apiKeyHelper wins over the user's", "[rules][helper]") {
  HelperConfigFacts f = config();
  declare(f.managed, "/opt/corp/key.sh");
  Outcome o = judge_helper_config(f, P());
  CHECK(o.status == Status::pass);
  CHECK(has(o.summary, "managed settings /etc/claude-code/managed-settings.json: /opt/corp/key.sh"));
  CHECK(f.effective() == &f.managed);

  // The user's settings.json names awf's helper: the managed one still wins, and that is named.
  declare(f.settings, "/tmp/awf-lib/get-claude-key.sh");
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::warn);
  CHECK(o.fault == FaultId::helper_managed_overrides);
  CHECK(has(o.summary, "wins over /tmp/awf-lib/get-claude-key.sh"));
  CHECK(has(o.hint, "remove apiKeyHelper from /etc/claude-code/managed-settings.json"));
  CHECK(f.effective() == &f.managed);

  // Same command in both: pass.
  declare(f.settings, "/opt/corp/key.sh");
  CHECK(judge_helper_config(f, P()).status == Status::pass);

  // Declared empty in the managed file: no command, whatever the user's file says.
  declare(f.managed, "");
  o = judge_helper_config(f, P());
  CHECK(o.fault == FaultId::helper_empty_command);
  CHECK(has(o.summary, "managed settings /etc/claude-code/managed-settings.json"));

  // The managed settings win even without a home directory.
  f = config();
  f.home_missing = true;
  declare(f.managed, "/opt/corp/key.sh");
  CHECK(judge_helper_config(f, P()).status == Status::pass);

  // An unusable managed file is an error naming it; a managed file without apiKeyHelper defers to the user's.
  f = config();
  f.managed.exists = true;
  f.managed.error = "/etc/claude-code/managed-settings.json: invalid JSON at line 1, column 2";
  o = judge_helper_config(f, P());
  CHECK(o.status == Status::error);
  CHECK(has(o.hint, "/etc/claude-code/managed-settings.json"));
  f = config();
  f.managed.exists = f.managed.parsed = true;
  declare(f.settings, "/a.sh");
  CHECK(judge_helper_config(f, P()).status == Status::pass);
  CHECK(f.effective() == &f.settings);
}

TEST_CASE("helper.run rule: no command, no run, unknown status", "[rules][helper]") {
  HelperRunFacts f = run_facts(HelperRunOnce{}, HelperRunOnce{});
  f.command.clear();
  CHECK(judge_helper_run(f, P()).outcome.status == Status::skip);
  f = run_facts(HelperRunOnce{}, HelperRunOnce{});
  HelperRunVerdict v = judge_helper_run(f, P());
  CHECK(v.outcome.status == Status::error);
  CHECK(has(v.outcome.summary, "deadline"));
  f.minimal.ran = true;
  f.minimal.spawn_error = "fork: EAGAIN";
  CHECK(has(judge_helper_run(f, P()).outcome.summary, "could not start /bin/sh to run apiKeyHelper: fork: EAGAIN"));
  f = run_facts(ok_run("minimal", 47, HelperValue::placeholder), HelperRunOnce{});
  f.minimal.status_known = false;
  f.minimal.wait_error = "waitid: ECHILD";
  v = judge_helper_run(f, P());
  CHECK(v.outcome.status == Status::error);
  CHECK(has(v.outcome.summary, "ECHILD"));
  CHECK(v.decisive == nullptr);
}

TEST_CASE("helper.run rule: the first failing run decides, minimal first", "[rules][helper]") {
  struct Row {
    const char* name;
    HelperRunOnce bad;
    FaultId fault;
  };
  HelperRunOnce timeout = exited("minimal", -1);
  timeout.timed_out = true;
  HelperRunOnce signaled = exited("minimal", -1);
  signaled.term_signal = 9;
  HelperRunOnce sh_not_found = exited("minimal", 2);
  sh_not_found.shell_not_found = true;
  for (const Row& r : std::vector<Row>{{"127", exited("minimal", 127), FaultId::helper_not_found},
                                       {"sh: not found", sh_not_found, FaultId::helper_not_found},
                                       {"126", exited("minimal", 126), FaultId::helper_not_executable},
                                       {"exit 3", exited("minimal", 3), FaultId::helper_exit_nonzero},
                                       {"signal", signaled, FaultId::helper_exit_nonzero},
                                       {"timeout", timeout, FaultId::helper_timeout}}) {
    INFO(r.name);
    HelperRunFacts f = run_facts(r.bad, HelperRunOnce{});
    HelperRunVerdict v = judge_helper_run(f, P());
    CHECK(v.outcome.status == Status::fail);
    CHECK(v.outcome.fault == r.fault);
    CHECK(v.decisive == &f.minimal);
    CHECK_FALSE(v.outcome.hint.empty());
  }
  HelperRunFacts f = run_facts(exited("minimal", 3), HelperRunOnce{});
  CHECK(has(judge_helper_run(f, P()).outcome.summary, "apiKeyHelper exited 3"));
  f.minimal.exit_code = -1;
  f.minimal.term_signal = 9;
  CHECK(has(judge_helper_run(f, P()).outcome.summary, "killed by signal 9"));

  // The full run fails while the minimal one exits 0: the full run is named, the other's success too.
  f = run_facts(ok_run("minimal", 47, HelperValue::placeholder), exited("full", 3));
  HelperRunVerdict v = judge_helper_run(f, P());
  CHECK(v.decisive == &f.full);
  CHECK(has(v.outcome.summary, "when run with the full environment; run with a minimal environment (PATH, HOME) it "
                               "exits 0"));

  // A timeout shortened by the run deadline says nothing about the helper.
  f = run_facts(timeout, HelperRunOnce{});
  f.minimal.budget_ms = 500;
  v = judge_helper_run(f, P());
  CHECK(v.outcome.status == Status::error);
  CHECK(v.deadline);
  CHECK(has(v.outcome.summary, "running apiKeyHelper: the run deadline (30000 ms)"));
}

TEST_CASE("helper.run rule: chroot and an existing path that cannot run explain 'not found'", "[rules][helper]") {
  HelperRunFacts f = run_facts(exited("minimal", 127), HelperRunOnce{});
  f.chroot_hides_path = true;
  f.chroot_var = "AWF_CHROOT_ENABLED";
  f.image_dir = "/usr/local/bin";
  f.runnable = {RunnableKind::crlf_shebang, "its #! line ends in a carriage return", ""};
  HelperRunVerdict v = judge_helper_run(f, P());
  CHECK(v.chroot);
  CHECK(v.cause.empty());  // the chroot reading wins
  CHECK(has(v.outcome.hint, "AWF_CHROOT_ENABLED"));
  f.chroot_hides_path = false;
  v = judge_helper_run(f, P());
  CHECK_FALSE(v.chroot);
  CHECK(v.cause == "its #! line ends in a carriage return");
  CHECK(has(v.outcome.summary, ": the file exists, but its #! line"));
  f = run_facts(exited("minimal", 126), HelperRunOnce{});
  f.runnable = {RunnableKind::missing_interpreter, "its interpreter /bin/zsh does not exist", "/bin/zsh"};
  v = judge_helper_run(f, P());
  CHECK(v.outcome.fault == FaultId::helper_not_executable);
  CHECK(has(v.outcome.summary, "(its interpreter /bin/zsh does not exist)"));
  CHECK(has(v.outcome.hint, "/bin/zsh"));
}

TEST_CASE("helper.run rule: the minimal run's output decides", "[rules][helper]") {
  struct Row {
    const char* name;
    HelperValue kind;
    bool in_awf;
    Status status;
    std::optional<FaultId> fault;
  };
  for (const Row& r : std::vector<Row>{{"placeholder", HelperValue::placeholder, true, Status::pass, std::nullopt},
                                       {"old", HelperValue::old_placeholder, true, Status::warn,
                                        FaultId::helper_old_placeholder},
                                       {"real in awf", HelperValue::real_key, true, Status::fail, FaultId::helper_real_key},
                                       {"real outside", HelperValue::real_key, false, Status::pass, std::nullopt},
                                       {"other in awf", HelperValue::other, true, Status::warn,
                                        FaultId::helper_unexpected_value},
                                       {"other outside", HelperValue::other, false, Status::pass, std::nullopt}}) {
    INFO(r.name);
    HelperRunFacts f = run_facts(ok_run("minimal", 47, r.kind), ok_run("full", 47, r.kind));
    f.in_awf = r.in_awf;
    HelperRunVerdict v = judge_helper_run(f, P());
    CHECK(v.outcome.status == r.status);
    CHECK(v.outcome.fault == r.fault);
    CHECK(v.value_kind == to_string(r.kind));
    CHECK(v.decisive == &f.minimal);
  }
  HelperRunFacts f = run_facts(ok_run("minimal", 47, HelperValue::other), HelperRunOnce{});
  f.minimal.non_empty_lines = 2;
  CHECK(judge_helper_run(f, P()).outcome.fault == FaultId::helper_multiline);
  f.minimal.non_empty_lines = 1;
  f.minimal.bad_byte_at = 3;
  f.minimal.bad_byte = 0;
  HelperRunVerdict v = judge_helper_run(f, P());
  CHECK(v.outcome.fault == FaultId::helper_output_binary);
  CHECK(has(v.outcome.summary, "NUL at byte 3 of 47"));
  f.minimal.bad_byte_at.reset();
  f.minimal.truncated = true;
  v = judge_helper_run(f, P());
  CHECK(v.outcome.fault == FaultId::helper_output_flood);
  CHECK(v.value_kind == "flood");
  CHECK(has(v.outcome.summary, "more than 64 KiB on one line"));
}

TEST_CASE("helper.run rule: empty output, and what the full environment changes (case R04)", "[rules][helper]") {
  HelperRunFacts f = run_facts(ok_run("minimal", 0, HelperValue::empty), ok_run("full", 47, HelperValue::placeholder));
  f.echoed = "ANTHROPIC_API_KEY";
  f.echoed_set = true;
  HelperRunVerdict v = judge_helper_run(f, P());
  CHECK(v.outcome.fault == FaultId::helper_empty_output);
  CHECK(v.full_env_value_kind == "placeholder");
  CHECK(has(v.outcome.summary, "with the full environment it prints 47 bytes"));
  CHECK(has(v.outcome.hint, "PATH=/usr/local/bin:/usr/bin:/bin"));
  f.full = ok_run("full", 0, HelperValue::empty);
  f.echoed_set = false;
  v = judge_helper_run(f, P());
  CHECK(v.full_env_value_kind.empty());
  CHECK(has(v.outcome.summary, "which is not set in the judged environment"));
  CHECK(has(v.outcome.hint, "ANTHROPIC_API_KEY"));
  CHECK(byte_name(0) == "NUL");
  CHECK(byte_name(0xff) == "0xff");
}
