#include "capture/capture_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "capture/forward.hpp"
#include "net/http.hpp"

namespace awf::capture {
namespace {

using Clock = std::chrono::steady_clock;

struct Shared {
  std::mutex mu;
  std::vector<CapturedRequest> requests;
  std::atomic<bool> stop{false};   // no new requests (count, duration or a signal)
  std::atomic<bool> abort{false};  // the shutdown grace ran out: cut relays in flight
  std::atomic<int> active{0};
  std::string stopped_by;
  int count = 0;
};

void send_all(int fd, std::string_view data) {
  // Our answers are small; a client that does not read is cut off by the socket's send timeout.
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string response(int status, std::string_view reason, std::vector<std::pair<std::string, std::string>> headers,
                     std::string_view body, bool keep_alive) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", status, reason);
  for (const auto& [n, v] : headers) out += fmt::format("{}: {}\r\n", n, v);
  out += fmt::format("Content-Length: {}\r\nConnection: {}\r\n\r\n", body.size(), keep_alive ? "keep-alive" : "close");
  out += body;
  return out;
}

// Anthropic's 401 (domain §6: top-level "type":"error", request-id header and body key).
std::string answer_401(int index, bool keep_alive, const Provider& p) {
  const std::string rid = fmt::format("{}capture{:04d}", p.errors.request_id_prefix.empty() ? "req_" : p.errors.request_id_prefix, index);
  nlohmann::json body = {{"type", "error"},
                         {"error", {{"type", "authentication_error"}, {"message", "invalid x-api-key"}}},
                         {"request_id", rid}};
  return response(401, "Unauthorized",
                  {{"content-type", "application/json"},
                   {std::string(p.errors.request_id_header.empty() ? "request-id" : p.errors.request_id_header), rid}},
                  body.dump(), keep_alive);
}

// A minimal Messages stream (domain §6 event order).
std::string answer_sse(int index) {
  const std::string rid = fmt::format("req_capture{:04d}", index);
  std::string body;
  auto ev = [&](std::string_view name, const nlohmann::json& data) {
    body += fmt::format("event: {}\ndata: {}\n\n", name, data.dump());
  };
  ev("message_start", {{"type", "message_start"},
                       {"message", {{"id", "msg_capture"}, {"type", "message"}, {"role", "assistant"},
                                    {"model", "capture"}, {"content", nlohmann::json::array()},
                                    {"stop_reason", nullptr}, {"usage", {{"input_tokens", 1}, {"output_tokens", 0}}}}}});
  ev("content_block_start", {{"type", "content_block_start"}, {"index", 0},
                             {"content_block", {{"type", "text"}, {"text", ""}}}});
  ev("content_block_delta", {{"type", "content_block_delta"}, {"index", 0},
                             {"delta", {{"type", "text_delta"}, {"text", "ok"}}}});
  ev("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}});
  ev("message_delta", {{"type", "message_delta"}, {"delta", {{"stop_reason", "end_turn"}}},
                       {"usage", {{"output_tokens", 1}}}});
  ev("message_stop", {{"type", "message_stop"}});
  return fmt::format("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
                     "request-id: {}\r\nConnection: close\r\n\r\n{}",
                     rid, body);
}

void reset_close(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

// Closes after our answer without resetting it: stop sending, then read and drop what the client
// still sends for at most 1 s / 4 MiB, so unread input does not turn the close into a TCP RST that
// destroys the answer in flight (RFC 9112 §9.6).
void lingering_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto end = Clock::now() + std::chrono::seconds(1);
  std::size_t dropped = 0;
  char buf[16384];
  while (Clock::now() < end && dropped < (4u << 20)) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    dropped += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

// The 4xx a bad request gets, where the socket still takes one (RFC 9110 §15.5).
std::pair<int, std::string_view> refusal(Outcome o) {
  switch (o) {
    case Outcome::headers_too_large: return {431, "Request Header Fields Too Large"};
    case Outcome::body_too_large: return {413, "Content Too Large"};
    case Outcome::request_timeout:
    case Outcome::idle_timeout: return {408, "Request Timeout"};
    default: return {400, "Bad Request"};
  }
}

// Records `c`; returns its 1-based index, or 0 when the capture already has its count.
int record(Shared& s, CapturedRequest& c, const CaptureOptions& o) {
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.stop.load()) return 0;
  c.index = ++s.count;
  s.requests.push_back(c);
  if (o.count > 0 && s.count >= o.count) {
    if (s.stopped_by.empty()) s.stopped_by = "count";
    s.stop = true;
  }
  return c.index;
}

void set_answer(Shared& s, int index, const AnswerSeen& a) {
  std::lock_guard<std::mutex> lock(s.mu);
  for (auto& r : s.requests)
    if (r.index == index) r.answer = a;
}

void serve_connection(int fd, int conn, const CaptureOptions& o, const Provider& p, Shared& s) {
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  RequestReader reader(fd, o.limits);
  auto stop = [&s] { return s.stop.load(); };
  for (;;) {
    RawRequest raw = reader.next(stop);
    if (raw.outcome == Outcome::closed || (raw.outcome == Outcome::io_error && s.stop.load())) break;
    auto t0 = Clock::now();
    CapturedRequest c = summarise(raw, p, o.secrets);
    c.connection = conn;
    const int index = record(s, c, o);
    AnswerSeen a;
    bool keep = false;
    if (raw.outcome != Outcome::complete) {
      auto [status, reason] = refusal(raw.outcome);
      if (raw.outcome != Outcome::truncated && raw.outcome != Outcome::io_error) {
        send_all(fd, response(status, reason, {{"content-type", "text/plain"}}, "", false));
        a.status = status;
      }
      a.mode = "refused";
    } else if (!o.forward.empty()) {
      a = forward_request(raw, o.forward, fd, p, o.forward_timeout, s.abort, c.stream.value_or(false));
      if (index) set_answer(s, index, a);
      if (!a.status) {
        reset_close(fd);  // no HTTP answer upstream: the client sees its connection die, as behind the sidecar
        return;
      }
      break;  // the answer was close-delimited
    } else if (raw.method == "HEAD" && raw.target == "/") {
      keep = raw.keep_alive();
      send_all(fd, response(200, "OK", {}, "", keep));
      a.status = 200;
      a.mode = "head-200";
    } else if (o.answer == "reset") {
      a.mode = "reset";
      a.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (index) set_answer(s, index, a);
      reset_close(fd);
      return;
    } else if (o.answer == "sse") {
      send_all(fd, answer_sse(index));
      a.status = 200;
      a.mode = "sse";
    } else {
      keep = raw.keep_alive();
      send_all(fd, answer_401(index, keep, p));
      a.status = 401;
      a.mode = "401";
    }
    a.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (index) set_answer(s, index, a);
    if (!keep || s.stop.load()) break;
  }
  lingering_close(fd);
}

int bind_listen(const std::string& host, int port, std::string& bound) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
  if (auto* a4 = reinterpret_cast<sockaddr_in*>(&ss); ::inet_pton(AF_INET, host.c_str(), &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in);
  } else if (auto* a6 = reinterpret_cast<sockaddr_in6*>(&ss); ::inet_pton(AF_INET6, host.c_str(), &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof(sockaddr_in6);
    family = AF_INET6;
  } else {
    throw std::runtime_error(fmt::format("--listen host '{}' is not a numeric IPv4 or IPv6 address", host));
  }
  int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(fmt::format("socket: {}", std::strerror(errno)));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 64) != 0) {
    std::string err = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {}", host, port, err));
  }
  sockaddr_storage got{};
  socklen_t gl = sizeof got;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&got), &gl);
  int actual = family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&got)->sin_port)
                                 : ntohs(reinterpret_cast<sockaddr_in6*>(&got)->sin6_port);
  bound = family == AF_INET ? fmt::format("{}:{}", host, actual) : fmt::format("[{}]:{}", host, actual);
  return fd;
}

}  // namespace

bool parse_listen(const std::string& v, std::string& host, int& port) {
  std::string h, p;
  if (!v.empty() && v.front() == '[') {
    auto close = v.find("]:");
    if (close == std::string::npos) return false;
    h = v.substr(1, close - 1);
    p = v.substr(close + 2);
  } else {
    auto c = v.rfind(':');
    if (c == std::string::npos || v.find(':') != c) return false;
    h = v.substr(0, c);
    p = v.substr(c + 1);
  }
  if (h.empty() || p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  int n = std::stoi(p);
  if (n > 65535) return false;
  host = h;
  port = n;
  return true;
}

CaptureResult run_capture(const CaptureOptions& o, const Provider& p, const std::function<std::string()>& interrupted,
                          const std::function<void(int)>& on_listening) {
  CaptureResult res;
  res.forward = o.forward;
  if (!o.forward.empty()) net_global_init();  // before any thread uses libcurl
  int lfd = bind_listen(o.host, o.port, res.listen);
  if (on_listening) on_listening(std::stoi(res.listen.substr(res.listen.rfind(':') + 1)));
  Shared s;
  std::vector<std::thread> threads;
  const auto t0 = Clock::now();
  while (!s.stop.load()) {
    if (std::string sig = interrupted ? interrupted() : std::string(); !sig.empty()) {
      std::lock_guard<std::mutex> lock(s.mu);
      if (s.stopped_by.empty()) s.stopped_by = sig;
      s.stop = true;  // answers in flight get the grace below (SIGTERM/SIGHUP: none)
      break;
    }
    if (o.duration.count() > 0 && Clock::now() - t0 >= o.duration) {
      std::lock_guard<std::mutex> lock(s.mu);
      if (s.stopped_by.empty()) s.stopped_by = "duration";
      s.stop = true;
      break;
    }
    pollfd pf{lfd, POLLIN, 0};
    int rc = ::poll(&pf, 1, 100);
    if (rc <= 0) continue;
    int cfd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (cfd < 0) continue;
    ++res.connections;
    if (s.active.load() >= o.max_connections) {
      ++res.refused_connections;
      ::close(cfd);
      continue;
    }
    ++s.active;
    const int conn = res.connections;
    threads.emplace_back([cfd, conn, &o, &p, &s] {
      serve_connection(cfd, conn, o, p, s);
      --s.active;
    });
  }
  ::close(lfd);
  // Bounded shutdown: answers in flight get the grace (SIGTERM/SIGHUP: none), then relays are cut.
  const auto stop_at = Clock::now();
  res.in_flight_at_stop = s.active.load();
  const bool hard = s.stopped_by == "SIGTERM" || s.stopped_by == "SIGHUP";
  const auto grace_end = stop_at + (hard ? std::chrono::milliseconds(0) : o.shutdown_grace);
  for (int i = 0; s.active.load() > 0 && Clock::now() < grace_end && i < 1000000; ++i) {
    if (interrupted && !interrupted().empty() && s.stopped_by != interrupted()) break;  // a second signal: cut now
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  s.abort = true;
  for (auto& t : threads) t.join();  // readers end within their 100 ms stop poll, relays within ~1 s of abort
  res.shutdown_ms = std::chrono::duration<double, std::milli>(Clock::now() - stop_at).count();
  for (const auto& q : s.requests)
    if (q.answer.cut_at_shutdown) ++res.relays_cut;
  res.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::lock_guard<std::mutex> lock(s.mu);
  res.requests = std::move(s.requests);
  res.stopped_by = s.stopped_by;
  return res;
}

}  // namespace awf::capture
