#pragma once
// Reading a user-supplied file without letting it hang or exhaust the tool: only regular files
// (never a FIFO, device or directory, which could block or never end), up to a size limit.
#include <cstddef>
#include <string>

namespace awf {

inline constexpr std::size_t kMaxEnvFileBytes = 1 << 20;     ///< 1 MiB
/// 16 MiB: a CA bundle named by --cacert (Debian's whole ca-certificates.crt is ~200 KiB).
inline constexpr std::size_t kMaxCaBundleBytes = 16u << 20;
/// 8 MiB: a real report is a few dozen KiB; parsing 8 MiB of JSON costs ~20x that in memory.
inline constexpr std::size_t kMaxReportBytes = 8u << 20;

/// "a directory", "a FIFO", "a character device", "a block device", "a socket" or "a special file".
const char* file_kind(unsigned mode);

/// The whole content of `path`. Throws std::runtime_error with a one-line reason naming the path:
/// "<path>: no such file", "<path>: is a directory", "<path>: is a FIFO", "<path>: is N bytes,
/// more than the M-byte limit", "<path>: cannot read (<strerror>)".
std::string read_text_file(const std::string& path, std::size_t max_bytes);

/// All of standard input, up to `max_bytes`. Throws std::runtime_error naming `what`: "<what>: more
/// than the N MiB limit", "<what>: cannot read (<strerror>)".
std::string read_stdin_bounded(std::size_t max_bytes, const std::string& what);

}  // namespace awf
