#include "probes/settings_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "core/command_secrets.hpp"
#include "core/json_limits.hpp"
#include "core/text_file.hpp"
#include "probes/awf_env.hpp"
#include "probes/helper_classify.hpp"

namespace awf::probe_detail {

using nlohmann::json;

namespace {

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

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

/// Why `path` cannot be opened as a small regular file, or "" (then `f` is untouched). Sets
/// f.missing for nothing at the path and f.not_a_file for a problem with what the path is.
bool check_path(const std::string& path, SmallFile& f) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err != ENOENT) {
      f.problem = fmt::format("cannot read {}: {}", path, errno_text(err));
      return false;
    }
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
      f.not_a_file = true;
      f.problem = fmt::format("{} is a symlink to a missing file ({})", path, link_target(path));
    } else {
      f.missing = true;
    }
    return false;
  }
  f.problem = shape_problem(path, st);
  f.not_a_file = !f.problem.empty();
  return f.problem.empty();
}

/// Reads at most kMaxFileBytes + 1 bytes from `fd` (bounded even when the size lies: files under
/// /proc report 0). Returns false with f.problem set on a read error.
bool read_bounded(int fd, const std::string& path, SmallFile& f) {
  std::string text(kMaxFileBytes + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > kMaxFileBytes) {
    f.not_a_file = true;
    f.problem = fmt::format("{} is more than {} bytes, larger than the 1 MiB a settings file can reasonably be",
                            path, kMaxFileBytes);
    return false;
  }
  text.resize(got);
  f.text = std::move(text);
  return true;
}

}  // namespace

SmallFile read_small_file(const std::string& path) {
  SmallFile f;
  if (!check_path(path, f)) return f;
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
    return f;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    f.problem = fmt::format("cannot read {}: {}", path, errno_text(errno));
  } else if (f.problem = shape_problem(path, st); !f.problem.empty()) {  // swapped since the stat
    f.not_a_file = true;
  } else {
    read_bounded(fd, path, f);
  }
  ::close(fd);
  return f;
}

namespace {

/// Registers credential values a settings file carries in its `env` block: they are secrets even
/// though this probe never prints them.
void register_env_block(const json& doc, SecretSet& secrets) {
  auto env = doc.find("env");
  if (env == doc.end() || !env->is_object()) return;
  for (std::string_view name : all_credential_vars())
    if (auto it = env->find(std::string(name)); it != env->end() && it->is_string()) secrets.add(it->get<std::string>());
}

}  // namespace

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
  JsonParse parsed = parse_json_bounded(text);
  if (!parsed.ok && !parsed.too_deep && !parsed.too_large) {
    auto [line, col] = line_column(text, parsed.error_byte);
    f.error = fmt::format("{}: invalid JSON at line {}, column {}{}", path, line, col,
                          parsed.reason.empty() ? "" : " (" + parsed.reason + ")");
    return f;
  }
  if (!parsed.ok) {
    f.error = fmt::format("{}: {}", path, parsed.error);
    return f;
  }
  const json& doc = parsed.value;
  if (!doc.is_object()) {
    f.error = fmt::format("{}: the top-level JSON value is not an object", path);
    return f;
  }
  register_env_block(doc, secrets);
  f.parsed = true;
  if (auto env = doc.find("env"); env != doc.end() && env->is_object()) {
    f.has_env_block = true;
    for (auto it = env->begin(); it != env->end(); ++it)
      if (it.value().is_string()) f.env[it.key()] = it.value().get<std::string>();
  }
  if (auto it = doc.find("apiKeyHelper"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) {
      f.error = fmt::format("{}: apiKeyHelper is a JSON {}, not a string", path, it->type_name());
      return f;
    }
    f.value = it->get<std::string>();
    register_command_secrets(f.value, secrets);  // `curl -H 'X-Vault-Token: …'` (docs/security.md)
    f.declares = !trim_view(f.value).empty();
    f.empty = !f.declares;
  }
  return f;
}

bool home_missing(const std::string& home) {
  struct stat st {};
  if (::stat(home.c_str(), &st) == 0) return !S_ISDIR(st.st_mode);
  return errno == ENOENT || errno == ENOTDIR;
}


}  // namespace awf::probe_detail
