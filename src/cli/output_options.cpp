// Output flags and writing the rendered report (stdout, --junit-file, $GITHUB_STEP_SUMMARY).
#include "cli/output_options.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/text_file.hpp"
#include "report/render.hpp"

namespace awf {
namespace {

constexpr std::size_t kMinSummaryRoom = 4096;

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Writes `data` to `path` atomically: a temporary file in the same directory, fsync, rename.
// An existing FILE that is not a regular file (/dev/null, /dev/stdout, a FIFO, a directory) is refused:
// renaming over it would replace the device node or FIFO with a regular file (as root: /dev/null).
std::string write_atomically(const std::string& path, const std::string& data) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return std::string("is ") + file_kind(st.st_mode) + ", not a regular file (FILE is replaced by a renamed temporary file)";
  std::string tmp = path + ".tmp-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) return std::strerror(errno);
  bool ok = write_all(fd, data) && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
  int err = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && std::rename(tmp.c_str(), path.c_str()) == 0) return "";
  err = errno ? errno : err;
  ::unlink(tmp.c_str());
  return std::strerror(err);
}

void append_step_summary(const std::string& path, const Report& safe) {
  struct stat st {};
  std::size_t used = stat(path.c_str(), &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  std::size_t room = used < kStepSummaryMaxBytes ? kStepSummaryMaxBytes - used : 0;
  if (room < kMinSummaryRoom) {
    std::fprintf(stderr, "awf-diag: $GITHUB_STEP_SUMMARY already holds %zu bytes of its 1 MiB; report not appended\n", used);
    return;
  }
  std::string md = render_markdown(safe, std::min(room - 1, kIssueBodyMaxChars));
  std::string text = (used > 0 ? "\n" : "") + md;
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || !write_all(fd, text)) std::fprintf(stderr, "awf-diag: cannot append to $GITHUB_STEP_SUMMARY: %s\n", std::strerror(errno));
  if (fd >= 0) ::close(fd);
}

}  // namespace

void add_output_options(CLI::App* sub, OutputOptions& o) {
  sub->add_option("-o,--output", o.format, "report format: text, json, markdown (issue body), junit, github (workflow commands)")
      ->check(CLI::IsMember({"text", "json", "markdown", "junit", "github"}))
      ->capture_default_str();
  sub->add_option("--color", o.color, "colour the text report: auto (the default: stdout is a terminal and NO_COLOR unset), always, never; a bare --color means always")
      ->expected(0, 1)
      ->default_str("always")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->option_text("[WHEN]");  // not CLI11's "=always": that is the bare flag's value, not the default
  sub->add_option("--junit-file", o.junit_file, "also write the report as JUnit XML to FILE (atomically), whatever -o is");
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) == 1 && !(no_color && *no_color);
}

int write_report(const Report& safe, const OutputOptions& o) {
  std::string out;
  if (o.format == "json") out = render_json(safe);
  else if (o.format == "markdown") out = render_markdown(safe);
  else if (o.format == "junit") out = render_junit(safe);
  else if (o.format == "github") out = render_github(safe);
  else out = render_text(safe, use_color(o.color));
  int code = safe.exit_code;
  if (!o.junit_file.empty()) {
    if (std::string err = write_atomically(o.junit_file, render_junit(safe)); !err.empty()) {
      std::fprintf(stderr, "awf-diag: cannot write --junit-file '%s': %s\n", o.junit_file.c_str(), err.c_str());
      code = kExitCannotDiagnose;
    }
  }
  if (o.format == "github")
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) append_step_summary(summary, safe);
  bool written = std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
  written = std::fflush(stdout) == 0 && written;
  if (!written) {
    std::fprintf(stderr, "awf-diag: could not write the report to standard output: %s\n", std::strerror(errno));
    return kExitCannotDiagnose;
  }
  return code;
}

}  // namespace awf
