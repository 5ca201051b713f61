// helper.config and helper.run: which settings files declare apiKeyHelper, and what the
// helper prints when run the way Claude Code runs it (domain.md §3; cases R02, R03, R04).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/probe_io.hpp"
#include "core/subprocess.hpp"
#include "core/text_file.hpp"
#include "probes/awf_env.hpp"
#include "probes/helper_classify.hpp"
#include "probes/probe_util.hpp"
#include "probes/probes.hpp"

namespace awf {
namespace {

using nlohmann::json;
using namespace probe_detail;

/// One settings file as read for apiKeyHelper.
struct SettingsFile {
  std::string path;
  bool exists = false;
  bool declares = false;     ///< apiKeyHelper is a non-blank string
  bool empty = false;        ///< apiKeyHelper is declared as "" (or blanks only): no command to run
  std::string value;         ///< apiKeyHelper (a command or path; not a secret)
  std::string error;         ///< set when the file exists but cannot be used (see read_small_file, bad JSON)
  bool not_a_file = false;   ///< the error is what the path is (type, size, dangling link), not its content

  json to_json() const {
    json j{{"path", path}, {"exists", exists}, {"declares", declares}};
    j["apiKeyHelper"] = declares || empty ? json(value) : json(nullptr);
    if (empty) j["empty"] = true;
    if (!error.empty()) j["error"] = error;
    return j;
  }
};

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

/// Settings files and helper scripts larger than this are not read: a settings file is a few
/// hundred bytes, and reading a huge one (or /dev/zero) would cost seconds and gigabytes.
constexpr std::size_t kMaxFileBytes = 1024 * 1024;

/// What a symlink points at, or "" when `path` is not a symlink.
std::string link_target(const std::string& path) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) return "";
  std::string buf(4096, '\0');
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n <= 0) return "";
  buf.resize(static_cast<std::size_t>(n));
  return buf;
}

/// The result of reading a small regular file.
struct SmallFile {
  bool missing = false;     ///< nothing at the path (ENOENT), and it is not a dangling symlink
  bool not_a_file = false;  ///< `problem` is about what the path is: not a regular file, too big, dangling
  std::string problem;      ///< why the text could not be read; "" when it was
  std::string text;
};

/// Why a file of this type and size is not read, or "" when it may be.
std::string shape_problem(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) {
    std::string target = link_target(path);
    return fmt::format("{} is {}{}, not a regular file", path, file_kind(st.st_mode),
                       target.empty() ? "" : " (a symlink to " + target + ")");
  }
  if (st.st_size > static_cast<off_t>(kMaxFileBytes))
    return fmt::format("{} is {} bytes, larger than the 1 MiB a settings file can reasonably be", path,
                       static_cast<long long>(st.st_size));
  return "";
}

/// Reads `path` (following symlinks) only if it is a regular file of at most kMaxFileBytes. Never
/// blocks: the type is checked before opening, and the open is O_NONBLOCK in case the path is
/// swapped for a FIFO in between (the type is checked again on the open descriptor).
SmallFile read_small_file(const std::string& path) {
  SmallFile f;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT) {
      struct stat lst {};
      if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        f.not_a_file = true;
        f.problem = fmt::format("{} is a symlink to a missing file ({})", path, link_target(path));
      } else {
        f.missing = true;
      }
      return f;
    }
    f.problem = fmt::format("cannot read {}: {}", path, errno_text(err));
    return f;
  }
  if (f.problem = shape_problem(path, st); !f.problem.empty()) {
    f.not_a_file = true;
    return f;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
    return f;
  }
  if (::fstat(fd, &st) != 0) {
    f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
    ::close(fd);
    return f;
  }
  if (f.problem = shape_problem(path, st); !f.problem.empty()) {  // swapped since the stat above
    f.not_a_file = true;
    ::close(fd);
    return f;
  }
  // Bounded even when the size lies (files under /proc report 0).
  std::string text(kMaxFileBytes + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
      ::close(fd);
      return f;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > kMaxFileBytes) {
    f.not_a_file = true;
    f.problem = fmt::format("{} is more than {} bytes, larger than the 1 MiB a settings file can reasonably be",
                            path, kMaxFileBytes);
    return f;
  }
  text.resize(got);
  f.text = std::move(text);
  return f;
}

/// Registers credential values a settings file carries in its `env` block: they are secrets even
/// though this probe never prints them.
void register_env_block(const json& doc, SecretSet& secrets) {
  auto env = doc.find("env");
  if (env == doc.end() || !env->is_object()) return;
  for (const std::string& name : credential_vars())
    if (auto it = env->find(name); it != env->end() && it->is_string()) secrets.add(it->get<std::string>());
}

SettingsFile read_settings(const std::string& path, SecretSet& secrets) {
  SettingsFile f;
  f.path = path;
  SmallFile file = read_small_file(path);
  if (file.missing) return f;
  f.exists = true;
  if (!file.problem.empty()) {
    f.error = std::move(file.problem);
    f.not_a_file = file.not_a_file;
    return f;
  }
  const std::string& text = file.text;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, col] = line_column(text, e.byte);
    // The parser's message may quote file content ("last read: …"); keep only its reason.
    std::string what = e.what();
    std::string reason;
    if (auto p = what.find(": ", what.find("column")); p != std::string::npos) reason = what.substr(p + 2);
    if (auto p = reason.find("; last read"); p != std::string::npos) reason.resize(p);
    f.error = fmt::format("{}: invalid JSON at line {}, column {}{}", path, line, col,
                          reason.empty() ? "" : " (" + reason + ")");
    return f;
  }
  if (!doc.is_object()) {
    f.error = fmt::format("{}: the top-level JSON value is not an object", path);
    return f;
  }
  register_env_block(doc, secrets);
  if (auto it = doc.find("apiKeyHelper"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      f.error = fmt::format("{}: apiKeyHelper is a JSON {}, not a string", path, it->type_name());
      return f;
    }
    f.value = it->get<std::string>();
    f.declares = !trim_view(f.value).empty();
    f.empty = !f.declares;
  }
  return f;
}

/// True when `home` does not exist or is not a directory (following symlinks). Other stat errors
/// (a permission problem on the way) are left to the settings-file reads, which name them.
bool home_missing(const std::string& home) {
  struct stat st {};
  if (::stat(home.c_str(), &st) == 0) return !S_ISDIR(st.st_mode);
  return errno == ENOENT || errno == ENOTDIR;
}

/// The summary for a file whose apiKeyHelper is "" (or blanks only).
std::string empty_command_summary(const std::string& path) {
  return fmt::format("apiKeyHelper is declared but empty in {} (\"apiKeyHelper\": \"\"): there is no command to run",
                     path);
}

Check helper_config(const ProbeContext& ctx) {
  const std::string& home = ctx.spec.home;
  Check c;
  // Without a home directory there is nothing to look at; that says nothing about the configuration.
  if (home_missing(home)) {
    auto origin = ctx.spec.origin.find("home");
    const std::string from = origin == ctx.spec.origin.end() ? "" : origin->second;
    c.status = Status::error;
    c.evidence = {{"home", home}, {"effective", nullptr}, {"effective_file", nullptr}};
    if (!from.empty()) c.evidence["home_origin"] = from;
    c.summary = fmt::format(
        "home directory {} does not exist (or is not a directory): cannot look for .claude/settings.json", home);
    c.hint = fmt::format(
        "pass --home with the agent's home directory, the one that holds .claude/settings.json{}",
        from == "flag"                 ? ""
        : from.rfind("env:", 0) == 0 ? fmt::format(" ({} came from ${})", home, from.substr(4))
                                     : fmt::format(" ({} is the default used when $HOME is not set)", home));
    return c;
  }
  const std::string settings_path = home + "/.claude/settings.json";
  const std::string legacy_path = home + "/.claude.json";
  const SettingsFile settings = read_settings(settings_path, ctx.secrets);
  const SettingsFile legacy = read_settings(legacy_path, ctx.secrets);

  c.evidence = {{"settings", settings.to_json()}, {"legacy", legacy.to_json()}};
  const bool usable = settings.error.empty() && settings.declares;
  c.evidence["effective"] = usable ? json(settings.value) : json(nullptr);
  if (usable) c.obs.helper_command = settings.value;
  c.evidence["effective_file"] = usable ? json(settings_path) : json(nullptr);

  if (!settings.error.empty() || !legacy.error.empty()) {
    std::string both = settings.error;
    if (!legacy.error.empty()) both += (both.empty() ? "" : "; ") + legacy.error;
    c.status = Status::error;
    c.summary = both;
    const SettingsFile& bad = settings.error.empty() ? legacy : settings;
    // `jq .` on a FIFO or a device would block or never end: only suggest it for a regular file.
    c.hint = bad.not_a_file
                 ? fmt::format("replace {} with a regular JSON file of at most 1 MiB (Claude Code expects a JSON "
                               "object there); see what is there now with: ls -l {}",
                               bad.path, shell_quote(bad.path))
                 : fmt::format("fix or remove {} (Claude Code expects a JSON object there); check it with: jq . {}",
                               bad.path, shell_quote(bad.path));
    return c;
  }

  if (settings.declares) {
    if (legacy.empty) {
      c.status = Status::warn;
      set_fault(c, FaultId::helper_settings_disagree);
      c.summary = fmt::format(
          "the settings files disagree: {} says {}, but {} declares an empty apiKeyHelper; "
          "Claude Code >= 2.1.81 uses {} (from .claude/settings.json)",
          settings_path, settings.value, legacy_path, settings.value);
      c.hint = fmt::format(
          "set \"apiKeyHelper\": \"{}\" in {} too: an older CLI reading it would have no helper to run",
          settings.value, legacy_path);
      return c;
    }
    if (legacy.declares && legacy.value != settings.value) {
      c.status = Status::warn;
      set_fault(c, FaultId::helper_settings_disagree);
      c.summary = fmt::format(
          "the settings files name different apiKeyHelper commands: {} says {}, {} says {}; "
          "Claude Code >= 2.1.81 uses {} (from .claude/settings.json)",
          settings_path, settings.value, legacy_path, legacy.value, settings.value);
      c.hint = fmt::format("make both files name the same helper ({}): an older CLI reading {} would run {}",
                           settings.value, legacy_path, legacy.value);
      return c;
    }
    c.status = Status::pass;
    const char* note = legacy.declares ? "~/.claude.json agrees"
                       : legacy.exists ? "~/.claude.json does not declare it"
                                       : "~/.claude.json is absent";
    c.summary = fmt::format("apiKeyHelper declared in {}: {} ({})", settings_path, settings.value, note);
    return c;
  }

  // Declared as "" in a file: the CLI has a helper setting but no command. The file the CLI reads
  // comes first; an empty legacy value is reported when settings.json declares nothing.
  if (settings.empty || legacy.empty) {
    const bool in_settings = settings.empty;
    c.status = Status::fail;
    set_fault(c, FaultId::helper_empty_command);
    c.summary = empty_command_summary(in_settings ? settings_path : legacy_path);
    if (in_settings && legacy.empty)
      c.summary += fmt::format("; {} declares it empty too", legacy_path);
    else if (!in_settings)
      c.summary += fmt::format(" (and Claude Code >= 2.1.81 reads {}, which does not declare it)", settings_path);
    auto signal = ctx.spec.env.get("CLAUDE_CODE_API_KEY_HELPER");
    const bool has_signal = signal && !signal->empty();
    const std::string want = legacy.declares ? legacy.value
                             : has_signal    ? *signal
                                             : std::string("<path to the helper script>");
    c.hint = fmt::format("set \"apiKeyHelper\": \"{}\" in {}{}", want, settings_path,
                         legacy.declares ? "" : " and " + legacy_path);
    if (legacy.declares)
      c.hint += fmt::format(" (the command {} declares)", legacy_path);
    else if (has_signal)
      c.hint += " (the value of CLAUDE_CODE_API_KEY_HELPER, which awf's entrypoint writes there at start)";
    return c;
  }

  if (legacy.declares) {
    // Fatal only when the CLI has no other credential (case R03: no ANTHROPIC_AUTH_TOKEN either);
    // with a token the CLI still sends requests and the api-proxy strips it.
    std::vector<std::string> others;
    for (const char* v : {"ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"})
      if (auto val = ctx.spec.env.get(v); val && !val->empty()) others.push_back(v);
    c.status = others.empty() ? Status::fail : Status::warn;
    set_fault(c, FaultId::helper_config_not_read);
    c.evidence["other_credentials"] = others;
    c.summary = fmt::format(
        "apiKeyHelper is declared only in ~/.claude.json ({}), which Claude Code >= 2.1.81 does not read; "
        "it reads ~/.claude/settings.json ({}){}",
        legacy_path, settings_path,
        others.empty() ? ", and no other credential is set, so the CLI has none"
                       : fmt::format("; the CLI still has {}", fmt::join(others, ", ")));
    c.hint = fmt::format(
        "declare it in ~/.claude/settings.json too: add \"apiKeyHelper\": \"{}\" to {} "
        "(awf >= v0.25.1 writes both files)",
        legacy.value, settings_path);
    return c;
  }

  // Declared nowhere. Inside awf, CLAUDE_CODE_API_KEY_HELPER asks the entrypoint to write both files,
  // so its absence there is a fault; otherwise the agent simply does not use a helper (cases R07,
  // R10: helper link skip).
  if (auto signal = ctx.spec.env.get("CLAUDE_CODE_API_KEY_HELPER")) {
    c.status = Status::fail;
    set_fault(c, FaultId::helper_not_configured);
    c.evidence["CLAUDE_CODE_API_KEY_HELPER"] = *signal;
    c.summary = fmt::format(
        "no apiKeyHelper in {} or {}, although CLAUDE_CODE_API_KEY_HELPER={} asks awf to configure one",
        settings_path, legacy_path, *signal);
    c.hint = fmt::format(
        "awf's entrypoint writes \"apiKeyHelper\": \"{}\" into both ~/.claude/settings.json and ~/.claude.json "
        "at start: look for '[entrypoint] Claude Code API key helper configured' in the container log, and "
        "pass --home if the agent's home is not {}",
        *signal, ctx.spec.home);
    return c;
  }
  c.status = Status::skip;
  c.summary = fmt::format("no apiKeyHelper declared in {} or {}", settings_path, legacy_path);
  c.skip_reason = c.summary + "; the agent does not use a helper";
  return c;
}

// ---- helper.run ----------------------------------------------------------------------------

constexpr std::size_t kOutputCap = 64 * 1024;
constexpr std::chrono::milliseconds kHelperTimeout{10000};
constexpr std::size_t kMaxSecretLines = 512;  // distinct output lines registered per run
constexpr const char* kMinimalPath = "PATH=/usr/local/bin:/usr/bin:/bin";

/// One execution of the helper. `label` is "minimal" (PATH and HOME only: what the CLI gives the
/// helper per case R04) or "full" (the judged environment).
struct HelperRun {
  std::string label;
  bool ran = false;
  std::chrono::milliseconds budget{0};
  SubprocessResult r;
  std::string value;  ///< trimmed stdout: what the CLI would use
};

enum class RunFault { none, spawn, timeout, not_found, not_executable, exit_code };

std::string env_phrase(const std::string& label) {
  return label == "minimal" ? "with a minimal environment (PATH, HOME)" : "with the full environment";
}

/// Stdout, its trimmed form and every output line are secrets (redact.hpp), registered before
/// anything looks at them.
void register_output(const SubprocessResult& r, SecretSet& secrets) {
  secrets.add(r.out);
  secrets.add(r.err);
  std::set<std::string_view> seen;
  for (std::string_view text : {std::string_view(r.out), std::string_view(r.err)})
    for (std::string_view line : non_empty_lines(text))
      if (seen.size() < kMaxSecretLines && seen.insert(line).second) secrets.add(line);
}

HelperRun run_once(const std::string& label, const std::string& command, std::vector<std::string> envp,
                   const ProbeContext& ctx) {
  HelperRun h;
  h.label = label;
  h.budget = std::min(kHelperTimeout, ctx.remaining());
  if (h.budget.count() <= 0) return h;
  SubprocessOptions opts;
  opts.timeout = h.budget;
  opts.max_output_bytes = kOutputCap;
  opts.envp = std::move(envp);
  h.r = ctx.io().shell(command, opts);
  h.ran = true;
  register_output(h.r, ctx.secrets);
  h.value = std::string(trim_view(h.r.out));
  return h;
}

bool shell_says_not_found(std::string_view err) {
  for (std::string_view line : non_empty_lines(err))
    if ((line.rfind("/bin/sh:", 0) == 0 || line.rfind("sh:", 0) == 0) &&
        line.find("not found") != std::string_view::npos)
      return true;
  return false;
}

RunFault run_fault(const HelperRun& h) {
  if (!h.r.started) return RunFault::spawn;
  if (h.r.timed_out) return RunFault::timeout;
  if (h.r.exit_code == 127 || (h.r.exit_code != 0 && shell_says_not_found(h.r.err))) return RunFault::not_found;
  if (h.r.exit_code == 126) return RunFault::not_executable;
  if (h.r.exit_code != 0) return RunFault::exit_code;
  return RunFault::none;
}

json run_json(const HelperRun& h) {
  if (!h.ran) return {{"ran", false}};
  json j{{"ran", true},
         {"exit_code", h.r.exit_code},
         {"timed_out", h.r.timed_out},
         {"elapsed_ms", std::lround(h.r.elapsed_ms)},
         {"stdout_bytes", h.value.size()},
         {"stdout_raw_bytes", h.r.out.size()},
         {"stdout_truncated", h.r.out_truncated},
         {"stderr_lines", non_empty_lines(h.r.err).size()}};
  if (h.r.term_signal) j["term_signal"] = h.r.term_signal;
  if (!h.r.started) j["spawn_error"] = h.r.spawn_error;
  return j;
}

/// Fields describing the run that decided the outcome.
void describe_run(json& ev, const HelperRun& h) {
  ev["env_used"] = h.label;
  ev["exit_code"] = h.r.exit_code;
  ev["elapsed_ms"] = std::lround(h.r.elapsed_ms);
  ev["stdout"] = h.value.empty() ? json{{"present", false}, {"length", 0}} : describe_secret(h.value);
  ev["trailing_newline"] = !h.r.out.empty() && h.r.out.back() == '\n';
  ev["line_count"] = line_count(h.r.out);
  ev["stderr_lines"] = non_empty_lines(h.r.err).size();
}

/// Script text to look for `$NAME` in: the command itself, plus the file it names when that is a
/// regular file of at most 1 MiB (anything else is skipped silently; a FIFO is never opened). Only
/// variable names are ever reported.
std::string script_text(const std::string& command, const std::string& path) {
  std::string text = command;
  if (!path.empty() && path[0] == '/')
    if (SmallFile f = read_small_file(path); f.problem.empty() && !f.missing) text += "\n" + f.text;
  return text;
}

Check fail_run(Check c, const HelperRun& bad, const HelperRun& other, RunFault fault, const std::string& path,
               const std::string& command, const ProbeContext& ctx) {
  describe_run(c.evidence, bad);
  if (fault == RunFault::timeout && cut_by_deadline(bad.budget, kHelperTimeout.count())) {
    Check d = deadline_error(ctx, "running apiKeyHelper");
    d.evidence.update(c.evidence);
    return d;
  }
  c.status = Status::fail;
  std::string where;
  if (other.ran && run_fault(other) == RunFault::none)
    where = fmt::format(" when run {}; run {} it exits 0", env_phrase(bad.label), env_phrase(other.label));
  const std::string quoted = shell_quote(command);
  switch (fault) {
    case RunFault::timeout:
      set_fault(c, FaultId::helper_timeout);
      c.summary = fmt::format("apiKeyHelper hung: killed after {} ms{}", bad.budget.count(),
                              bad.label == "full" ? " (run with the full environment)" : "");
      c.hint = fmt::format(
          "a helper must print the key and exit; Claude Code waits for it before sending requests. "
          "Find where it blocks: time /bin/sh -c {} </dev/null",
          quoted);
      break;
    case RunFault::not_found: {
      set_fault(c, FaultId::helper_not_found);
      c.summary = fmt::format("apiKeyHelper command not found (exit {}): {}{}", bad.r.exit_code, path, where);
      auto chroot = ctx.spec.env.get("AWF_CHROOT_ENABLED");
      if (path.rfind("/usr/local/bin/", 0) == 0 && chroot && *chroot == "true") {
        c.evidence["chroot"] = true;
        c.hint = fmt::format(
            "awf runs the agent in a chroot (AWF_CHROOT_ENABLED=true): the host's /usr hides the image's "
            "/usr/local/bin, so {} is invisible to the CLI. awf >= v0.25.5 copies the script to "
            "/tmp/awf-lib/get-claude-key.sh and points apiKeyHelper in both settings files at it: upgrade awf, "
            "or copy the script to a path visible inside the chroot and update both files",
            path);
      } else {
        c.hint = fmt::format(
            "the command does not exist in the root the CLI runs in: check with ls -l {}, then fix "
            "apiKeyHelper in ~/.claude/settings.json and ~/.claude.json",
            shell_quote(path));
      }
      break;
    }
    case RunFault::not_executable:
      set_fault(c, FaultId::helper_not_executable);
      c.summary = fmt::format("apiKeyHelper command is not executable (exit 126): {}{}", path, where);
      c.hint = fmt::format("make it executable: chmod 755 {}", shell_quote(path));
      break;
    default:
      set_fault(c, FaultId::helper_exit_nonzero);
      c.summary = bad.r.term_signal
                      ? fmt::format("apiKeyHelper was killed by signal {}{}", bad.r.term_signal, where)
                      : fmt::format("apiKeyHelper exited {}{}", bad.r.exit_code, where);
      c.hint = fmt::format("run it as the CLI does and read its stderr (Claude Code hides it): /bin/sh -c {}",
                           quoted);
      break;
  }
  return c;
}

std::string variable_note(const std::string& var, const EnvSnapshot& env, bool only_full) {
  if (var.empty()) return "";
  auto v = env.get(var);
  bool set = v && !v->empty();
  if (only_full)
    return set ? fmt::format(" (it reads ${}, which is set only in the full environment)", var)
               : fmt::format(" (it reads ${})", var);
  return set ? fmt::format("; it reads ${}", var)
             : fmt::format("; it reads ${}, which is not set in the judged environment", var);
}

Check classify_output(Check c, const HelperRun& h, bool in_awf) {
  describe_run(c.evidence, h);
  const auto lines = non_empty_lines(h.r.out);
  if (lines.size() > 1) {
    c.status = Status::fail;
    set_fault(c, FaultId::helper_multiline);
    c.evidence["value_kind"] = "multiline";
    c.summary = fmt::format(
        "apiKeyHelper prints {} non-empty lines{}: a key must be one line (a newline inside the x-api-key "
        "header is invalid)",
        lines.size(), h.r.out_truncated ? " (output cut at 64 KiB)" : "");
    c.hint = "make the helper print only the key, once, and send diagnostics to stderr";
    return c;
  }
  const HelperValue kind = classify_helper_value(h.value);
  c.evidence["value_kind"] = to_string(kind);
  const std::string shown = fmt::format("{} bytes, {}", h.value.size(), fingerprint(h.value));
  switch (kind) {
    case HelperValue::placeholder:
      c.status = Status::pass;
      c.summary = fmt::format("apiKeyHelper returns awf's placeholder {} (exit 0, {} ms)", kPlaceholder,
                              std::lround(h.r.elapsed_ms));
      break;
    case HelperValue::old_placeholder:
      c.status = Status::warn;
      set_fault(c, FaultId::helper_old_placeholder);
      c.summary = fmt::format("apiKeyHelper returns the old placeholder {} (awf < v0.25.6, which did not trim keys)",
                              kOldPlaceholder);
      c.hint = fmt::format("upgrade awf to >= v0.25.6 (placeholder {})", kPlaceholder);
      break;
    case HelperValue::real_key:
      c.status = Status::fail;
      set_fault(c, FaultId::helper_real_key);
      c.summary = fmt::format(
          "apiKeyHelper prints a real-looking Anthropic key ({}): a real credential reached the agent", shown);
      c.hint =
          "the agent must hold only awf's placeholder; the real key belongs in the api-proxy sidecar "
          "(ANTHROPIC_API_KEY on the host, awf's api-proxy enabled). Rotate the key: the agent could read it";
      break;
    default:
      if (in_awf) {
        c.status = Status::warn;
        set_fault(c, FaultId::helper_unexpected_value);
        c.summary = fmt::format("apiKeyHelper prints a value that is not awf's placeholder ({})", shown);
        c.hint = fmt::format(
            "inside awf the helper should print {} (the api-proxy injects the real key); if this value is a real "
            "credential it reached the agent",
            kPlaceholder);
      } else {
        c.status = Status::pass;
        c.summary = fmt::format("apiKeyHelper prints a one-line value ({}; exit 0)", shown);
      }
      break;
  }
  return c;
}

Check helper_run_check(const ProbeContext& ctx) {
  register_credentials(ctx.spec.env, ctx.secrets);
  Check c;
  const Check& cfg = ctx.dep("helper.config");
  auto eff = cfg.evidence.find("effective");
  if (eff == cfg.evidence.end() || !eff->is_string()) {
    c.status = Status::skip;
    c.summary = "no apiKeyHelper that the CLI would run (see helper.config)";
    c.skip_reason = c.summary;
    return c;
  }
  const std::string command = eff->get<std::string>();
  const std::string path = first_word(command);
  const EnvSnapshot& env = ctx.spec.env;
  c.evidence["command"] = command;

  const auto vars = script_variables(script_text(command, path));
  json jvars = json::array();
  for (const auto& n : vars) {
    auto v = env.get(n);
    jvars.push_back({{"name", n}, {"set", v && !v->empty()}});
  }
  c.evidence["script_variables"] = jvars;
  const std::string echoed = echoed_variable(vars);
  c.evidence["echoed_variable"] = echoed.empty() ? json(nullptr) : json(echoed);

  std::vector<std::string> full_env = env.to_envp();
  if (!env.has("HOME")) full_env.push_back("HOME=" + ctx.spec.home);
  HelperRun m = run_once("minimal", command, {kMinimalPath, "HOME=" + ctx.spec.home}, ctx);
  HelperRun f;
  f.label = "full";
  if (m.ran && m.r.started && !m.r.timed_out) f = run_once("full", command, full_env, ctx);
  c.evidence["runs"] = {{"minimal", run_json(m)}, {"full", run_json(f)}};
  c.evidence["minimal_env"] = m.ran ? json(m.value.size()) : json(nullptr);
  c.evidence["full_env"] = f.ran ? json(f.value.size()) : json(nullptr);
  if (m.ran && f.ran) c.evidence["same_output"] = m.value == f.value;

  if (!m.ran) {
    c.status = Status::error;
    c.summary = "the run deadline passed before apiKeyHelper could run";
    c.hint = "raise --timeout";
    return c;
  }
  if (!m.r.started) {
    c.status = Status::error;
    c.summary = fmt::format("could not start /bin/sh to run apiKeyHelper: {}", m.r.spawn_error);
    return c;
  }
  if (f.ran && !f.r.started) {
    c.status = Status::error;
    c.summary = fmt::format("could not start /bin/sh to run apiKeyHelper: {}", f.r.spawn_error);
    return c;
  }
  if (RunFault fm = run_fault(m); fm != RunFault::none) return fail_run(std::move(c), m, f, fm, path, command, ctx);
  if (RunFault ff = f.ran ? run_fault(f) : RunFault::none; ff != RunFault::none)
    return fail_run(std::move(c), f, m, ff, path, command, ctx);

  if (m.r.out_truncated && non_empty_lines(m.r.out).size() <= 1) {
    // One line longer than the cap, or one value drowned in blank lines: never a key. (A flood of
    // several lines is reported as helper-multiline, which also says the output was cut.)
    describe_run(c.evidence, m);
    c.status = Status::fail;
    set_fault(c, FaultId::helper_output_flood);
    c.evidence["value_kind"] = "flood";
    c.summary = fmt::format("apiKeyHelper prints more than {} KiB {} (output cut at 64 KiB): a key is never that long",
                            kOutputCap / 1024,
                            m.value.empty()            ? "of blank lines"
                            : line_count(m.r.out) <= 1 ? "on one line"
                                                       : "on stdout, one non-empty line among blank ones");
    c.hint = fmt::format("make the helper print only the key, once; measure what it prints: /bin/sh -c {} | wc -c",
                         shell_quote(command));
    return c;
  }
  if (!m.value.empty()) return classify_output(std::move(c), m, !awf_marker(env).empty());
  if (f.ran && !f.value.empty()) {
    describe_run(c.evidence, m);
    c.evidence["full_env_value_kind"] =
        non_empty_lines(f.r.out).size() > 1 ? "multiline" : to_string(classify_helper_value(f.value));
    c.evidence["value_kind"] = "empty";
    set_fault(c, FaultId::helper_empty_output);
    c.status = Status::fail;
    c.summary = fmt::format(
        "apiKeyHelper exits 0 with empty output when run with a minimal environment (PATH, HOME); with the "
        "full environment it prints {} bytes{}",
        f.value.size(), variable_note(echoed, env, true));
    c.hint = fmt::format(
        "make the helper independent of the caller's environment (read the key from a file with mode 600, "
        "not from a variable); compare lengths: env -i {} HOME=\"$HOME\" /bin/sh -c {} | wc -c",
        kMinimalPath, shell_quote(command));
    return c;
  }
  describe_run(c.evidence, m);
  c.evidence["value_kind"] = "empty";
  set_fault(c, FaultId::helper_empty_output);
  c.status = Status::fail;
  c.summary = fmt::format("apiKeyHelper exits 0 but did not return a value (empty output){}",
                          variable_note(echoed, env, false));
  c.hint = echoed.empty() || (env.get(echoed) && !env.get(echoed)->empty())
               ? fmt::format("make the helper print the key on stdout; check: /bin/sh -c {} | wc -c",
                             shell_quote(command))
               : fmt::format(
                     "${} is not set anywhere: provide the secret to the step (or to a file with mode 600 that the "
                     "helper reads), then check: /bin/sh -c {} | wc -c",
                     echoed, shell_quote(command));
  return c;
}

}  // namespace

std::vector<CheckDef> helper_checks() {
  CheckDef config{"helper.config", Link::helper, "apiKeyHelper declared in the settings file the CLI reads",
                  {}, helper_config};
  CheckDef run{"helper.run", Link::helper, "apiKeyHelper runs and prints awf's placeholder",
               {"helper.config"}, helper_run_check};
  run.runs_after_warn = true;
  return {config, run};
}

}  // namespace awf
