#include "core/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace awf {
const char* file_kind(unsigned mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    throw std::runtime_error(fmt::format("{}: {}", path, errno == ENOENT ? "no such file" : std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) throw std::runtime_error(fmt::format("{}: is {}", path, file_kind(st.st_mode)));
  if (static_cast<std::size_t>(st.st_size) > max_bytes)
    throw std::runtime_error(fmt::format("{}: is {} bytes, more than the {}-byte limit", path, st.st_size, max_bytes));
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot read ({})", path, std::strerror(errno)));
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      throw std::runtime_error(fmt::format("{}: cannot read ({})", path, std::strerror(e)));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {  // grew while we read
      close(fd);
      throw std::runtime_error(fmt::format("{}: more than the {}-byte limit", path, max_bytes));
    }
  }
  close(fd);
  return out;
}

std::string read_stdin_bounded(std::size_t max_bytes, const std::string& what) {
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, stdin)) > 0;) {
    text.append(buf, n);
    if (text.size() > max_bytes)
      throw std::runtime_error(fmt::format("{}: more than the {} MiB limit", what, max_bytes >> 20));
  }
  if (std::ferror(stdin)) throw std::runtime_error(fmt::format("{}: cannot read ({})", what, std::strerror(errno)));
  return text;
}
}  // namespace awf
