#pragma once
// Settings files as Claude Code reads them (~/.claude/settings.json, ~/.claude.json; domain.md
// §3), read safely: only regular files of at most 1 MiB, never blocking on a FIFO or a device,
// symlinks followed and a dangling one named. The one settings parser for helper.config and the env
// checks; its result is the observation itself (observe/settings_facts.hpp).
#include <cstddef>
#include <string>

#include "core/redact.hpp"
#include "observe/settings_facts.hpp"

namespace awf::probe_detail {

/// Settings files and helper scripts larger than this are not read: a settings file is a few
/// hundred bytes, and reading a huge one (or /dev/zero) would cost seconds and gigabytes.
inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;

/// The result of reading a small regular file.
struct SmallFile {
  bool missing = false;     ///< nothing at the path (ENOENT), and it is not a dangling symlink
  bool not_a_file = false;  ///< `problem` is about what the path is: not a regular file, too big, dangling
  std::string problem;      ///< why the text could not be read; "" when it was
  std::string text;
};

/// Reads `path` (following symlinks) only if it is a regular file of at most kMaxFileBytes. Never
/// blocks: the type is checked before opening, and the open is O_NONBLOCK in case the path is
/// swapped for a FIFO in between (the type is checked again on the open descriptor).
SmallFile read_small_file(const std::string& path);

/// Reads one settings file. Credential values in its env block are registered in `secrets` before
/// anything else looks at them.
SettingsFile read_settings(const std::string& path, SecretSet& secrets);

/// True when `home` does not exist or is not a directory (following symlinks). Other stat errors
/// (a permission problem on the way) are left to the settings-file reads, which name them.
bool home_missing(const std::string& home);

}  // namespace awf::probe_detail
