#include "core/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace awf {
namespace {

using Clock = std::chrono::steady_clock;

/// After the direct child exits, the pipes are read for at most this long more (to collect what it
/// wrote just before exiting); whatever still holds them open then is killed.
constexpr std::chrono::milliseconds kDrainAfterExit{200};
/// How often a running child is checked for exit while its pipes stay quiet.
constexpr std::chrono::milliseconds kReapPoll{20};

void append_capped(std::string& dst, const char* buf, std::size_t n, std::size_t cap, bool& truncated) {
  if (dst.size() >= cap) {
    if (n) truncated = true;
    return;
  }
  std::size_t take = std::min(n, cap - dst.size());
  dst.append(buf, take);
  if (take < n) truncated = true;
}

std::vector<char*> to_cstrs(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

SubprocessResult run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts) {
  SubprocessResult r;
  if (argv.empty()) {
    r.spawn_error = "empty argv";
    return r;
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    r.spawn_error = std::string("pipe: ") + std::strerror(errno);
    return r;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    r.spawn_error = std::string("pipe: ") + std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return r;
  }
  // Prepare everything the child needs before fork (no allocation after fork).
  auto cargv = to_cstrs(argv);
  auto cenv = to_cstrs(opts.envp);
  const char* cwd = opts.cwd.empty() ? nullptr : opts.cwd.c_str();
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    r.spawn_error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    return r;
  }
  if (pid == 0) {
    setpgid(0, 0);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (cwd && chdir(cwd) != 0) _exit(126);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, to win the race with an early kill
  r.started = true;
  close(out_pipe[1]);
  close(err_pipe[1]);
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);

  auto deadline = start + opts.timeout;
  bool out_open = true, err_open = true;
  // The direct child is reaped inside the read loop: a background process it started (`sleep 100 &`)
  // inherits the pipes and would hold them open long after the command itself has exited.
  bool reaped = false;
  int status = 0;
  Clock::time_point drain_until{};
  bool lingering = false;  // the child exited but something in its group still held the pipes open
  char buf[8192];
  while (out_open || err_open) {
    if (!reaped) {
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        reaped = true;
        drain_until = Clock::now() + kDrainAfterExit;
      }
    }
    auto now = Clock::now();
    if (reaped && now >= drain_until) {
      lingering = true;
      break;
    }
    if (now >= deadline) {
      if (reaped)
        lingering = true;
      else
        r.timed_out = true;
      break;
    }
    auto until = reaped ? std::min(deadline, drain_until) : deadline;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
    // While the child runs, wake up every kReapPoll to notice its exit even if the pipes stay open.
    long long slice = reaped ? left + 1 : std::min<long long>(left + 1, kReapPoll.count());
    pollfd fds[2];
    int n = 0;
    if (out_open) fds[n++] = {out_pipe[0], POLLIN, 0};
    if (err_open) fds[n++] = {err_pipe[0], POLLIN, 0};
    int pr = poll(fds, n, static_cast<int>(slice));
    if (pr < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      bool is_out = fds[i].fd == out_pipe[0];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        if (is_out)
          append_capped(r.out, buf, static_cast<std::size_t>(got), opts.max_output_bytes, r.out_truncated);
        else
          append_capped(r.err, buf, static_cast<std::size_t>(got), opts.max_output_bytes, r.err_truncated);
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        (is_out ? out_open : err_open) = false;
      }
    }
  }
  // Output closed (or timed out) before the child was reaped: wait for it, bounded by the same deadline.
  while (!reaped) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (r.timed_out || Clock::now() >= deadline) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    usleep(2000);
  }
  // Children left in the group (e.g. `sleep` under sh) after a timeout, or still holding the pipes
  // after the child exited. The group id stays reserved while any member lives, so this cannot hit
  // an unrelated process.
  if (r.timed_out || lingering) kill(-pid, SIGKILL);
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return r;
}

SubprocessResult run_shell(const std::string& command, const SubprocessOptions& opts) {
  return run_subprocess({"/bin/sh", "-c", command}, opts);
}

}  // namespace awf
