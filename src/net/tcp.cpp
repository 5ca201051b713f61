// Bare TCP connect (getaddrinfo + non-blocking connect + poll), bounded by one deadline that also
// covers name resolution. See net/http.hpp (tcp_connect).
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/interrupt.hpp"
#include "net/http.hpp"

namespace awf {

namespace {

using Clock = std::chrono::steady_clock;

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

TransportError errno_class(int e) {
  switch (e) {
    case ECONNREFUSED: return TransportError::connection_refused;
    case ETIMEDOUT: return TransportError::timeout;
    case ECONNRESET: return TransportError::connection_reset;
    default: return TransportError::other;
  }
}

struct AddrInfoDeleter {
  void operator()(addrinfo* p) const {
    if (p) freeaddrinfo(p);
  }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoDeleter>;

/// getaddrinfo shared with a helper thread, so a hanging resolver cannot outlive the deadline:
/// when the caller gives up, the thread frees the result itself when the lookup finally ends.
struct Lookup {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  bool abandoned = false;
  int rc = 0;
  addrinfo* res = nullptr;
};

int resolve(const std::string& host, const std::string& port, Clock::time_point deadline, AddrInfoPtr& out,
            bool& timed_out) {
  timed_out = false;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_NUMERICHOST;
  addrinfo* res = nullptr;
  // Literal addresses: no lookup at all.
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) == 0) {
    out.reset(res);
    return 0;
  }
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  auto st = std::make_shared<Lookup>();
  try {
    std::thread([st, host, port, hints] {
      addrinfo* r = nullptr;
      int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &r);
      std::lock_guard<std::mutex> lk(st->m);
      if (st->abandoned) {
        if (r) freeaddrinfo(r);
        return;
      }
      st->rc = rc;
      st->res = r;
      st->done = true;
      st->cv.notify_all();
    }).detach();
  } catch (const std::system_error&) {
    // No thread for the lookup: a blocking getaddrinfo could outlive the run deadline, so the name
    // is not resolved at all (tcp_connect reports a DNS error saying why).
    return EAI_SYSTEM;
  }
  std::unique_lock<std::mutex> lk(st->m);
  // Bounded by the deadline and cut short by an interruption (checked every 50 ms).
  while (!st->done && Clock::now() < deadline && !interrupt_signal())
    st->cv.wait_until(lk, std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
  if (!st->done) {
    st->abandoned = true;
    timed_out = true;
    return EAI_AGAIN;
  }
  if (st->rc == 0) out.reset(st->res);
  return st->rc;
}

}  // namespace

TcpResult tcp_connect(const std::string& host, int port, std::chrono::milliseconds timeout) {
  TcpResult r;
  const auto start = Clock::now();
  const auto deadline = start + timeout;
  auto finish = [&](TcpResult res) {
    res.connect_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return res;
  };

  std::string h = host;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (port <= 0 || port > 65535) {
    r.error = TransportError::other;
    r.message = "invalid port " + std::to_string(port);
    return finish(r);
  }

  AddrInfoPtr addrs;
  bool dns_timed_out = false;
  int grc = resolve(h, std::to_string(port), deadline, addrs, dns_timed_out);
  if (grc != 0 || !addrs) {
    r.error = TransportError::dns;
    r.message = dns_timed_out      ? "name resolution did not finish within " + std::to_string(timeout.count()) + " ms"
                : grc == EAI_SYSTEM ? std::string("no thread available to resolve the name within the deadline")
                                    : std::string(gai_strerror(grc));
    return finish(r);
  }

  int last_errno = ETIMEDOUT;
  for (addrinfo* ai = addrs.get(); ai != nullptr; ai = ai->ai_next) {
    if (Clock::now() >= deadline) {
      last_errno = ETIMEDOUT;
      break;
    }
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    int e = 0;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      e = errno;
      if (e == EINPROGRESS || e == EINTR) {
        e = ETIMEDOUT;
        for (;;) {  // bounded by the deadline
          auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
          if (left <= 0) break;
          if (interrupt_signal()) {
            e = EINTR;
            break;
          }
          pollfd p{fd, POLLOUT, 0};
          int pr = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
          if (pr < 0 && errno == EINTR) continue;
          if (pr == 0 && Clock::now() < deadline) continue;  // a 100 ms slice, not the deadline
          if (pr < 0) {
            e = errno;
            break;
          }
          if (pr == 0) break;  // timed out
          int so = 0;
          socklen_t len = sizeof so;
          if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len) != 0) so = errno;
          e = so;
          break;
        }
      }
    }
    ::close(fd);
    if (e == 0) {
      r.connected = true;
      r.error = TransportError::none;
      r.message.clear();
      return finish(r);
    }
    last_errno = e;
  }
  r.error = errno_class(last_errno);
  r.message = errno_text(last_errno);
  return finish(r);
}

}  // namespace awf
