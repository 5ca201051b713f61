#pragma once
// tests/lab/hostile_server.py as a test fixture: started in its own process group, its port read
// from its first stdout line (bounded wait), always SIGKILLed (group) and reaped on destruction.
// Modes: ok reset empty hang flood slow-headers connect-403 connect-200 proxy-ok.
#include <catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace awf::test {

using HostileClock = std::chrono::steady_clock;

inline std::string find_python() {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t pos = 0;
  while (pos <= p.size()) {
    std::size_t end = p.find(':', pos);
    if (end == std::string::npos) end = p.size();
    std::string cand = p.substr(pos, end - pos) + "/python3";
    if (end > pos && ::access(cand.c_str(), X_OK) == 0) return cand;
    pos = end + 1;
  }
  return "/usr/bin/python3";
}

/// hostile_server.py in its own process group; always SIGKILLed (group) and reaped on destruction.
/// The server also exits by itself after `lifetime_s`.
class HostileServer {
 public:
  explicit HostileServer(const std::string& mode, int lifetime_s = 30) {
    const std::string python = find_python();
    const std::string script = std::string(AWF_SOURCE_DIR) + "/tests/lab/hostile_server.py";
    const std::string lifetime = std::to_string(lifetime_s);
    std::vector<std::string> args = {python, script, "--port", "0", "--mode", mode, "--lifetime", lifetime};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::dup2(fds[1], STDOUT_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // also from the parent, so kill(-pid) works whoever runs first
    ::close(fds[1]);
    out_fd_ = fds[0];

    // First stdout line: the port. Bounded wait.
    std::string line;
    const auto deadline = HostileClock::now() + std::chrono::seconds(10);
    while (line.find('\n') == std::string::npos && HostileClock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - HostileClock::now()).count());
      if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
      char buf[64];
      ssize_t n = ::read(out_fd_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    port_ = std::atoi(line.c_str());
    if (port_ <= 0) stop();
    REQUIRE(port_ > 0);
  }
  ~HostileServer() { stop(); }
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  void stop() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      int st = 0;
      while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
      }
      pid_ = -1;
    }
    if (out_fd_ >= 0) {
      ::close(out_fd_);
      out_fd_ = -1;
    }
  }
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
};

}  // namespace awf::test
