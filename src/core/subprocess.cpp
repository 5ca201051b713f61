#include "core/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "core/interrupt.hpp"

namespace awf {
namespace {

using Clock = std::chrono::steady_clock;

/// After the direct child exits (and its group is killed), the pipes are read for at most this long
/// more: a process that left the group (setsid) may hold them open forever.
constexpr std::chrono::milliseconds kDrainAfterExit{200};
/// How often the run is checked for interruption while the child runs and its pipes stay quiet (and,
/// where no pidfd can be opened, how often the child is checked for exit).
constexpr std::chrono::milliseconds kReapPoll{20};

/// A descriptor that polls readable once `pid` exits (pidfd_open(2), Linux 5.3), or -1 where the
/// kernel has none: then the exit is noticed at the next kReapPoll slice instead of at once.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

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

#if !(defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34)))
/// Without posix_spawn_file_actions_addclosefrom_np (musl, old glibc): every open descriptor above 2
/// gets FD_CLOEXEC, so exec closes it. This tool never wants a descriptor inherited.
void mark_cloexec_above_2() {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return;
  const int self = dirfd(d);
  while (dirent* e = readdir(d)) {
    int fd = std::atoi(e->d_name);
    if (fd > 2 && fd != self) fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
  }
  closedir(d);
}
#endif

/// posix_spawn attributes and file actions, destroyed on scope exit.
struct SpawnSetup {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  bool fa_ok = false, attr_ok = false;
  ~SpawnSetup() {
    if (fa_ok) posix_spawn_file_actions_destroy(&fa);
    if (attr_ok) posix_spawnattr_destroy(&attr);
  }
};

/// 0 or an errno value.
int prepare(SpawnSetup& s, int out_w, int err_w, const char* cwd) {
  if (int e = posix_spawn_file_actions_init(&s.fa)) return e;
  s.fa_ok = true;
  if (int e = posix_spawnattr_init(&s.attr)) return e;
  s.attr_ok = true;
  if (int e = posix_spawn_file_actions_addopen(&s.fa, 0, "/dev/null", O_RDONLY, 0)) return e;
  if (int e = posix_spawn_file_actions_adddup2(&s.fa, out_w, 1)) return e;
  if (int e = posix_spawn_file_actions_adddup2(&s.fa, err_w, 2)) return e;
  // Every descriptor above 2: sockets other probes hold open, log files, /dev/null.
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  if (int e = posix_spawn_file_actions_addclosefrom_np(&s.fa, 3)) return e;
#else
  mark_cloexec_above_2();
#endif
  if (cwd)
    if (int e = posix_spawn_file_actions_addchdir_np(&s.fa, cwd)) return e;
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  if (int e = posix_spawnattr_setsigmask(&s.attr, &none)) return e;
  if (int e = posix_spawnattr_setsigdefault(&s.attr, &all)) return e;
  if (int e = posix_spawnattr_setpgroup(&s.attr, 0)) return e;
  return posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

std::string errno_text(const char* what, int e) { return std::string(what) + ": " + std::strerror(e); }

}  // namespace

SubprocessResult run_subprocess(const std::vector<std::string>& argv, const SubprocessOptions& opts) {
  SubprocessResult r;
  if (argv.empty()) {
    r.spawn_error = "empty argv";
    return r;
  }
  if (int sig = interrupt_signal()) {
    r.interrupted = sig;
    r.spawn_error = std::string("not started: interrupted by ") + signal_name(sig);
    return r;
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    r.spawn_error = errno_text("pipe", errno);
    return r;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    r.spawn_error = errno_text("pipe", errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return r;
  }
  auto cargv = to_cstrs(argv);
  auto cenv = to_cstrs(opts.envp);
  const auto start = Clock::now();
  pid_t pid = -1;
  int spawn_rc = 0;
  {
    SpawnSetup setup;
    spawn_rc = prepare(setup, out_pipe[1], err_pipe[1], opts.cwd.empty() ? nullptr : opts.cwd.c_str());
    if (spawn_rc == 0) spawn_rc = posix_spawn(&pid, cargv[0], &setup.fa, &setup.attr, cargv.data(), cenv.data());
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_rc != 0) {
    r.spawn_error = errno_text("posix_spawn", spawn_rc);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return r;
  }
  r.started = true;
  register_process_group(pid);
  fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  // The child's exit wakes the poll below at once (a helper's pipes usually close a moment before
  // its exit can be waited for: without this the loop would sleep up to kReapPoll for nothing).
  const int pidfd = open_pidfd(pid);

  const auto deadline = start + opts.timeout;
  bool out_open = true, err_open = true;
  // The direct child's exit is noticed with WNOWAIT: it stays a zombie, so its pid (= the group id)
  // cannot be reused before the group is killed and the child reaped below.
  bool exited = false, lost = false;
  Clock::time_point drain_until{};
  char buf[8192];
  std::size_t read_out = 0, read_err = 0;  // bytes read per stream, kept or not
  for (;;) {
    if (!exited) {
      siginfo_t si{};
      int w = waitid(P_PID, static_cast<id_t>(pid), &si, WEXITED | WNOHANG | WNOWAIT);
      if (w == 0 && si.si_pid == pid) {
        exited = true;
      } else if (w < 0 && errno != EINTR) {
        exited = lost = true;
        r.wait_error = errno_text("waitid", errno);
      }
      if (exited) {
        ::kill(-pid, SIGKILL);  // whatever the helper left behind in its group
        drain_until = Clock::now() + kDrainAfterExit;
      }
    }
    if (exited && !out_open && !err_open) break;
    if (int sig = interrupt_signal()) {
      r.interrupted = sig;
      break;
    }
    const auto now = Clock::now();
    if (exited && now >= drain_until) break;
    if (!exited && now >= deadline) {
      r.timed_out = true;
      break;
    }
    if (!exited && opts.kill_after_output_bytes &&
        (read_out >= opts.kill_after_output_bytes || read_err >= opts.kill_after_output_bytes)) {
      r.flood_killed = true;
      break;
    }
    const auto until = exited ? drain_until : deadline;
    long long left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count() + 1;
    // While the child runs, wake up every kReapPoll to notice its exit even if the pipes stay open.
    const int slice = static_cast<int>(exited ? left : std::min<long long>(left, kReapPoll.count()));
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out_pipe[0], POLLIN, 0};
    if (err_open) fds[n++] = {err_pipe[0], POLLIN, 0};
    if (!exited && pidfd >= 0) fds[n++] = {pidfd, POLLIN, 0};  // readable = exited: waitid above sees it
    int pr = poll(n ? fds : nullptr, static_cast<nfds_t>(n), slice);
    if (pr < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i].fd == pidfd || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const bool is_out = fds[i].fd == out_pipe[0];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (is_out ? read_out : read_err) += static_cast<std::size_t>(got);
        if (is_out)
          append_capped(r.out, buf, static_cast<std::size_t>(got), opts.max_output_bytes, r.out_truncated);
        else
          append_capped(r.err, buf, static_cast<std::size_t>(got), opts.max_output_bytes, r.err_truncated);
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        (is_out ? out_open : err_open) = false;
      }
    }
  }
  // Timed out, interrupted or exited: nothing of the group survives the call.
  ::kill(-pid, SIGKILL);
  unregister_process_group(pid);  // before the reap: a registered group id is always still reserved
  int status = 0;
  if (!lost) {
    for (;;) {
      pid_t w = waitpid(pid, &status, 0);
      if (w == pid) break;
      if (w < 0 && errno == EINTR) continue;
      lost = true;
      r.wait_error = errno_text("waitpid", errno);
      break;
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (pidfd >= 0) close(pidfd);
  r.status_known = !lost;
  if (!lost && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (!lost && WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return r;
}

SubprocessResult run_shell(const std::string& command, const SubprocessOptions& opts) {
  return run_subprocess({"/bin/sh", "-c", command}, opts);
}

}  // namespace awf
