#include "capture/http_reader.hpp"
#include "core/ascii.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace awf::capture {
namespace {

using Clock = std::chrono::steady_clock;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 9112 §3: method SP request-target SP HTTP-version.
bool parse_request_line(std::string_view line, RawRequest& r) {
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return false;
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return false;
  std::string_view m = line.substr(0, sp1), t = line.substr(sp1 + 1, sp2 - sp1 - 1), v = line.substr(sp2 + 1);
  if (!std::all_of(m.begin(), m.end(), is_token_char)) return false;
  if (v != "HTTP/1.1" && v != "HTTP/1.0") return false;
  if (t.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  r.method = m;
  r.target = t;
  r.version = v;
  return true;
}

bool parse_size(std::string_view s, int base, std::size_t& out) {
  if (s.empty() || s.size() > 16) return false;
  std::string tmp(s);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(tmp.c_str(), &end, base);
  if (errno != 0 || end != tmp.c_str() + tmp.size() || tmp[0] == '-' || tmp[0] == '+') return false;
  out = static_cast<std::size_t>(v);
  return true;
}

}  // namespace

std::string to_string(Outcome o) {
  switch (o) {
    case Outcome::complete: return "complete";
    case Outcome::closed: return "closed";
    case Outcome::not_http: return "not_http";
    case Outcome::bad_framing: return "bad_framing";
    case Outcome::headers_too_large: return "headers_too_large";
    case Outcome::body_too_large: return "body_too_large";
    case Outcome::request_timeout: return "request_timeout";
    case Outcome::idle_timeout: return "idle_timeout";
    case Outcome::truncated: return "truncated";
    case Outcome::io_error: return "io_error";
  }
  return "io_error";
}

const std::string* RawRequest::header(std::string_view name) const {
  const std::string want = ascii_lower(name);
  for (const auto& [n, v] : headers)
    if (ascii_lower(n) == want) return &v;
  return nullptr;
}

bool RawRequest::keep_alive() const {
  const std::string* c = header("connection");
  const std::string v = c ? ascii_lower(*c) : std::string();
  if (version == "HTTP/1.0") return v.find("keep-alive") != std::string::npos;
  return v.find("close") == std::string::npos;
}

RequestReader::Fill RequestReader::fill(Clock::time_point start, const std::function<bool()>& stop) {
  auto idle_start = Clock::now();
  for (;;) {
    if (stop && stop()) return Fill::error;
    auto now = Clock::now();
    if (now - start >= lim_.request_time) return Fill::timeout_request;
    if (now - idle_start >= lim_.idle_time) return Fill::timeout_idle;
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, 100);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return Fill::error;
    }
    if (rc == 0) continue;
    char tmp[16384];
    ssize_t n = ::read(fd_, tmp, sizeof tmp);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return Fill::error;
    }
    if (n == 0) return Fill::eof;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return Fill::ok;
  }
}

RawRequest RequestReader::next(const std::function<bool()>& stop) {
  RawRequest r;
  if (consumed_ > 0) {
    buf_.erase(0, consumed_);
    consumed_ = 0;
  }
  auto start = Clock::now();
  bool started = !buf_.empty();
  auto finish = [&](Outcome o) {
    r.outcome = o;
    r.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return r;
  };
  auto fill_or_end = [&](Outcome& out) -> bool {
    std::size_t before = buf_.size();
    Fill f = fill(start, stop);
    if (f == Fill::ok) {
      if (!started) {
        started = true;
        start = Clock::now();
      }
      r.bytes_read += buf_.size() - before;
      return true;
    }
    if (f == Fill::eof) out = started ? Outcome::truncated : Outcome::closed;
    else if (f == Fill::timeout_request) out = started ? Outcome::request_timeout : Outcome::closed;
    else if (f == Fill::timeout_idle) out = started ? Outcome::idle_timeout : Outcome::closed;
    else out = Outcome::io_error;
    return false;
  };
  r.bytes_read = buf_.size();

  // Header section: up to the first empty line, within max_header_bytes.
  std::size_t end = std::string::npos;
  for (;;) {
    end = buf_.find("\r\n\r\n");
    if (end != std::string::npos && end + 4 <= lim_.max_header_bytes) break;
    if (end != std::string::npos || buf_.size() > lim_.max_header_bytes) return finish(Outcome::headers_too_large);
    // Judge the request line as soon as it is complete (or long enough to judge): non-HTTP
    // bytes end the request without waiting for a header section that never comes.
    if (auto eol = buf_.find("\r\n"); eol != std::string::npos) {
      if (!parse_request_line(std::string_view(buf_).substr(0, eol), r)) return finish(Outcome::not_http);
    } else if (!buf_.empty()) {
      auto sp = buf_.find(' ');
      std::string_view m = std::string_view(buf_).substr(0, sp == std::string::npos ? buf_.size() : sp);
      if (!std::all_of(m.begin(), m.end(), is_token_char) || m.size() > 32) return finish(Outcome::not_http);
    }
    Outcome o;
    if (!fill_or_end(o)) return finish(o);
  }
  std::string_view head = std::string_view(buf_).substr(0, end);
  auto eol = head.find("\r\n");
  if (!parse_request_line(head.substr(0, eol), r)) return finish(Outcome::not_http);
  std::size_t pos = eol == std::string_view::npos ? head.size() : eol + 2;
  while (pos < head.size()) {
    auto e = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, e == std::string_view::npos ? head.npos : e - pos);
    pos = e == std::string_view::npos ? head.size() : e + 2;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return finish(Outcome::bad_framing);
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_token_char)) return finish(Outcome::bad_framing);
    r.headers.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
  }
  std::size_t body_start = end + 4;

  const std::string* te = r.header("transfer-encoding");
  const std::string* cl = r.header("content-length");
  r.chunked = te && ascii_lower(*te).find("chunked") != std::string::npos;
  auto keep = [&](std::string_view part) {
    if (r.body.size() < lim_.keep_body_bytes)
      r.body.append(part.substr(0, std::min(part.size(), lim_.keep_body_bytes - r.body.size())));
    r.body_bytes += part.size();
  };
  if (r.chunked) {
    // RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF … 0 CRLF [trailers] CRLF.
    std::size_t p = body_start;
    for (;;) {
      auto le = buf_.find("\r\n", p);
      while (le == std::string::npos) {
        if (buf_.size() - p > 1024) return finish(Outcome::bad_framing);
        Outcome o;
        if (!fill_or_end(o)) return finish(o);
        le = buf_.find("\r\n", p);
      }
      std::string_view size_line = std::string_view(buf_).substr(p, le - p);
      size_line = size_line.substr(0, size_line.find(';'));
      std::size_t n = 0;
      if (!parse_size(trim(size_line), 16, n)) return finish(Outcome::bad_framing);
      if (n > lim_.max_body_bytes || r.body_bytes + n > lim_.max_body_bytes) return finish(Outcome::body_too_large);
      p = le + 2;
      if (n == 0) {
        // Trailer section: lines until an empty one.
        for (;;) {
          auto te2 = buf_.find("\r\n", p);
          while (te2 == std::string::npos) {
            if (buf_.size() - p > lim_.max_header_bytes) return finish(Outcome::headers_too_large);
            Outcome o;
            if (!fill_or_end(o)) return finish(o);
            te2 = buf_.find("\r\n", p);
          }
          bool empty = te2 == p;
          p = te2 + 2;
          if (empty) break;
        }
        consumed_ = p;
        return finish(Outcome::complete);
      }
      while (buf_.size() < p + n + 2) {
        Outcome o;
        if (!fill_or_end(o)) return finish(o);
      }
      keep(std::string_view(buf_).substr(p, n));
      if (buf_.compare(p + n, 2, "\r\n") != 0) return finish(Outcome::bad_framing);
      // Drop consumed chunk data so memory stays bounded by keep_body_bytes + one chunk.
      buf_.erase(body_start, p + n + 2 - body_start);
      p = body_start;
    }
  }
  std::size_t length = 0;
  if (cl && !parse_size(trim(*cl), 10, length)) return finish(Outcome::bad_framing);
  if (length > lim_.max_body_bytes) return finish(Outcome::body_too_large);
  std::size_t have = 0;
  for (;;) {
    std::size_t avail = std::min(buf_.size() - body_start, length - have);
    if (avail > 0) {
      keep(std::string_view(buf_).substr(body_start, avail));
      have += avail;
      buf_.erase(body_start, avail);
    }
    if (have == length) break;
    Outcome o;
    if (!fill_or_end(o)) return finish(o);
  }
  consumed_ = body_start;
  return finish(Outcome::complete);
}

}  // namespace awf::capture
