#include "probes/helper_hints.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/text_file.hpp"
#include "probes/awf_env.hpp"

namespace awf::probe_detail {

RunnableFacts runnable_problem(const std::string& path) {
  RunnableFacts p;
  if (path.empty() || path[0] != '/') return p;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return p;
  if (!S_ISREG(st.st_mode)) {
    p.what = fmt::format("{} is {}, not a program", path, file_kind(st.st_mode));
    p.kind = RunnableKind::not_a_program;
    return p;
  }
  // Only the #! line is read, never more than 256 bytes; O_NONBLOCK in case the file is swapped for a FIFO.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return p;
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n < 2 || buf[0] != '#' || buf[1] != '!') return p;
  std::string_view line(buf, static_cast<std::size_t>(n));
  line = line.substr(0, line.find('\n'));
  std::string_view rest = line.substr(2);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  std::string_view interp = rest.substr(0, rest.find_first_of(" \t"));
  const bool crlf = !line.empty() && line.back() == '\r';
  if (crlf) {
    std::string shown(interp);
    if (!shown.empty() && shown.back() == '\r') shown.pop_back();
    p.what = fmt::format("its #! line ends in a carriage return (CRLF line endings), so the kernel looks for the "
                         "interpreter \"{}\\r\", which does not exist",
                         shown);
    p.kind = RunnableKind::crlf_shebang;
    return p;
  }
  std::string interp_path(interp);
  struct stat ist {};
  if (!interp_path.empty() && ::stat(interp_path.c_str(), &ist) != 0) {
    p.what = fmt::format("its interpreter {} (from the #! line) does not exist in the root the CLI runs in",
                         interp_path);
    p.kind = RunnableKind::missing_interpreter;
    p.interpreter = interp_path;
  }
  return p;
}

std::size_t first_non_header_byte(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto b = static_cast<unsigned char>(value[i]);
    if ((b < 0x20 && b != '\t') || b >= 0x7f) return i;
  }
  return std::string_view::npos;
}

}  // namespace awf::probe_detail
