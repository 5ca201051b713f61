#include "capture/forward.hpp"
#include "core/ascii.hpp"

#include <curl/curl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <memory>

#include <fmt/format.h>

#include "net/http.hpp"
#include "net/sse_validator.hpp"
#include "observe/http_exchange.hpp"

namespace awf::capture {
namespace {

using Clock = std::chrono::steady_clock;

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct Relay {
  int fd = -1;
  long status = 0;
  std::string reason;
  HeaderList headers;  // names lower-cased, for observe_http
  HeaderList wire;     // as received, for the client
  bool head_sent = false;
  bool client_gone = false;
  std::string excerpt;  // first bytes of the body, for the origin classifier
  Clock::time_point t0;
  double ttfb_ms = -1;
  const std::atomic<bool>* stop = nullptr;
  // the SSE validator, created at the first body byte of an answer that is a stream
  bool stream_requested = false;
  sse::Framing framing = sse::Framing::generic;
  std::unique_ptr<sse::Validator> validator;
  bool validator_decided = false;

  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  }
  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return "";
  }
  void maybe_validate() {
    if (validator_decided) return;
    validator_decided = true;
    const std::string ct = header("content-type");
    const bool sse_type = ascii_lower(ct).find("text/event-stream") != std::string::npos;
    if (status < 200 || status >= 300 || !(stream_requested || sse_type)) return;
    sse::StreamContext ctx;
    ctx.framing = framing;
    ctx.content_type = ct;
    ctx.content_encoding = header("content-encoding");
    ctx.content_length = header("content-length");
    ctx.request_sent_ms = 0;
    validator = std::make_unique<sse::Validator>(ctx);
  }

  void send_head() {
    if (head_sent) return;
    head_sent = true;
    std::string h = fmt::format("HTTP/1.1 {} {}\r\n", status, reason.empty() ? "-" : reason);
    for (const auto& [n, v] : wire) {
      const std::string l = ascii_lower(n);
      if (l == "transfer-encoding" || l == "content-length" || l == "connection" || l == "keep-alive") continue;
      h += fmt::format("{}: {}\r\n", n, v);
    }
    h += "Connection: close\r\n\r\n";
    client_gone = !send_all(fd, h);
  }
};

size_t on_header(char* data, size_t size, size_t n, void* ud) {
  auto* r = static_cast<Relay*>(ud);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {  // a new status line (1xx or final): start over
    r->headers.clear();
    r->wire.clear();
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    r->status = sp1 == std::string_view::npos ? 0 : std::strtol(std::string(line.substr(sp1 + 1, 3)).c_str(), nullptr, 10);
    r->reason = sp2 == std::string_view::npos ? "" : std::string(line.substr(sp2 + 1));
    if (r->ttfb_ms < 0) r->ttfb_ms = std::chrono::duration<double, std::milli>(Clock::now() - r->t0).count();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    r->wire.emplace_back(name, std::string(v));
    r->headers.emplace_back(ascii_lower(name), std::string(v));
  }
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* ud) {
  auto* r = static_cast<Relay*>(ud);
  const size_t len = size * n;
  if (r->excerpt.size() < 4096) r->excerpt.append(data, std::min(len, 4096 - r->excerpt.size()));
  r->maybe_validate();
  if (r->validator) r->validator->feed(std::string_view(data, len), r->now_ms());
  r->send_head();
  if (!r->client_gone) r->client_gone = !send_all(r->fd, std::string_view(data, len));
  return r->client_gone ? 0 : len;  // a client that went away ends the relay
}

int on_progress(void* ud, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Relay*>(ud)->stop->load() ? 1 : 0;
}

}  // namespace

AnswerSeen forward_request(const RawRequest& raw, const std::string& base_url, int client_fd, const Provider& p,
                           std::chrono::milliseconds timeout, const std::atomic<bool>& stop,
                           bool stream_requested) {
  AnswerSeen a;
  a.mode = "forward";
  Relay r;
  r.fd = client_fd;
  r.t0 = Clock::now();
  r.stop = &stop;
  r.stream_requested = stream_requested;
  const std::string path = raw.target.substr(0, raw.target.find('?'));
  r.framing = !p.zero_token_probe.path.empty() && path == p.zero_token_probe.path ? sse::Framing::anthropic_messages
              : path.size() >= 17 && path.compare(path.size() - 17, 17, "/chat/completions") == 0
                  ? sse::Framing::openai_chat
                  : sse::Framing::generic;
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string url = base + raw.target;

  CURL* h = curl_easy_init();
  if (!h) return a;
  curl_slist* list = nullptr;
  for (const auto& [n, v] : raw.headers) {
    const std::string l = ascii_lower(n);
    if (l == "host" || l == "content-length" || l == "transfer-encoding" || l == "connection" || l == "expect") continue;
    list = curl_slist_append(list, v.empty() ? (n + ";").c_str() : (n + ": " + v).c_str());
  }
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &r);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &r);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 16384L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  if (raw.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, raw.method.c_str());
    if (raw.body_bytes > 0 || raw.method == "POST" || raw.method == "PUT" || raw.method == "PATCH") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(raw.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, raw.body.data());
    }
  }
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(list);
  curl_easy_cleanup(h);

  a.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - r.t0).count();
  a.ttfb_ms = r.ttfb_ms;
  HttpRequest req;
  req.method = raw.method;
  req.url = url;
  HttpResponse resp;
  resp.curl_code = static_cast<int>(rc);
  resp.status = r.status;
  resp.headers = r.headers;
  resp.body = r.excerpt;
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && r.client_gone)) {
    resp.error = rc == CURLE_COULDNT_CONNECT ? TransportError::connection_refused
                 : rc == CURLE_OPERATION_TIMEDOUT ? TransportError::timeout
                 : rc == CURLE_GOT_NOTHING ? TransportError::empty_reply
                 : rc == CURLE_RECV_ERROR ? TransportError::connection_reset
                 : rc == CURLE_COULDNT_RESOLVE_HOST ? TransportError::dns
                 : rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ? TransportError::tls
                                                                                       : TransportError::other;
  }
  if (r.status > 0) {
    r.send_head();  // an answer without a body still reaches the client
    a.status = static_cast<int>(r.status);
    r.maybe_validate();  // a 2xx stream answer with no body at all is an empty stream
  }
  a.cut_at_shutdown = rc == CURLE_ABORTED_BY_CALLBACK && stop.load();
  if (r.validator) a.stream = r.validator->finish(r.now_ms());
  Exchange e = observe_http(req, resp, p);
  e.source = Source::capture;
  e.sent.method = raw.method;
  e.sent.target = path;  // without the query: a query can carry a key (captured_request.hpp)
  a.origin = to_string(e.origin, p);
  a.origin_why = e.origin_why;
  a.transport = resp.error == TransportError::none ? "" : fmt::format("{} (curl {}: {})", to_string(resp.error), static_cast<int>(rc), curl_easy_strerror(rc));
  a.complete = resp.complete();
  a.exchange = e;
  return a;
}

}  // namespace awf::capture
