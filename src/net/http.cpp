// libcurl (easy interface) wrapper: one request with phase timings, the proxy's CONNECT answer,
// response headers, a capped body and a transport error class. See net/http.hpp.
#include "net/http.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "core/interrupt.hpp"

namespace awf {

namespace {

std::once_flag g_curl_once;
CURLcode g_curl_init_rc = CURLE_OK;

/// curl_global_init is not thread-safe by itself; main calls net_global_init first, and every entry
/// point goes through this too (tests).
bool ensure_curl_global() {
  std::call_once(g_curl_once, [] { g_curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return g_curl_init_rc == CURLE_OK;
}

/// Aborts the transfer once the run is interrupted (libcurl calls it at least once a second, also
/// while resolving and connecting).
int progress_cb(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return interrupt_signal() ? 1 : 0; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string find_header(const HeaderList& list, const std::string& name) {
  for (const auto& [k, v] : list) {
    if (iequals(k, name)) return v;
  }
  return {};
}

using Clock = std::chrono::steady_clock;

/// State shared with the header and write callbacks during one transfer.
struct Transfer {
  HttpResponse* resp = nullptr;
  std::size_t max_body = 0;
  bool record_chunks = false;
  Clock::time_point start;

  // Header-block tracking. While `in_connect_phase` (a CONNECT tunnel is being set up), every
  // header block is the proxy's answer to CONNECT; a 2xx answer ends the phase (tunnel up) and
  // later blocks belong to the response from the origin.
  bool in_connect_phase = false;
  HeaderList* current = nullptr;  ///< block being filled (nullptr between blocks)
  long block_status = 0;
  double proxy_connect_ms = -1;    ///< when the (last) CONNECT answer was complete; -1 = none
  double first_send_ms = -1;       ///< when curl first sent bytes (CONNECT, request or ClientHello)

  double since_start() const { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }
};

long parse_status_line(std::string_view line) {
  // "HTTP/1.1 200 Connection established", "HTTP/2 200"
  auto sp = line.find(' ');
  if (sp == std::string_view::npos) return 0;
  long code = 0;
  std::size_t i = sp + 1;
  int digits = 0;
  while (i < line.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(line[i]))) {
    code = code * 10 + (line[i] - '0');
    ++i;
    ++digits;
  }
  return digits == 3 ? code : 0;
}

size_t header_cb(char* data, size_t size, size_t nitems, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t n = size * nitems;
  std::string_view line(data, n);
  std::string_view content = trim(line);

  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    // A new header block starts; on 1xx / repeated blocks only the last one is kept.
    t->block_status = parse_status_line(content);
    t->current = t->in_connect_phase ? &t->resp->connect_headers : &t->resp->headers;
    t->current->clear();
    return n;
  }
  if (content.empty()) {
    // End of a block.
    if (t->current == &t->resp->connect_headers) {
      t->proxy_connect_ms = t->since_start();
      if (t->block_status >= 200 && t->block_status < 300) t->in_connect_phase = false;
    }
    t->current = nullptr;
    return n;
  }
  HeaderList* target = t->current;
  if (target == nullptr) {
    // A line outside a block: trailers after a chunked body. They belong to the final response.
    if (t->in_connect_phase) return n;
    target = &t->resp->headers;
  }
  if ((line.front() == ' ' || line.front() == '\t') && !target->empty()) {
    // obs-fold continuation (RFC 9112 §5.2): append to the previous value.
    auto& prev = target->back().second;
    if (!prev.empty()) prev += ' ';
    prev += std::string(content);
    return n;
  }
  auto colon = content.find(':');
  if (colon == std::string_view::npos) return n;  // not a header line; ignore
  target->emplace_back(lower(std::string(trim(content.substr(0, colon)))),
                       std::string(trim(content.substr(colon + 1))));
  return n;
}

size_t write_cb(char* data, size_t size, size_t nmemb, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  const size_t n = size * nmemb;
  std::string& body = t->resp->body;
  if (body.size() < t->max_body) {
    const size_t take = std::min(n, t->max_body - body.size());
    if (t->record_chunks && take > 0) {
      auto& chunks = t->resp->body_chunks;
      if (chunks.size() < 4096)
        chunks.push_back({body.size(), take, t->since_start()});
      else
        chunks.back().size += take;
    }
    body.append(data, take);
    if (take < n) t->resp->body_truncated = true;
  } else if (n > 0) {
    t->resp->body_truncated = true;  // keep reading, discard
  }
  return n;
}

/// Only used to note when the first bytes went out: libcurl 7.88 reports CONNECT_TIME_T as 0 when
/// the transfer fails after the TCP connect (CONNECT refused, TLS failure; curl issue #10670,
/// fixed in 8.0), and curl sends its first bytes right after the TCP connect.
int debug_cb(CURL*, curl_infotype type, char*, size_t, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  if (t->first_send_ms < 0 &&
      (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT || type == CURLINFO_SSL_DATA_OUT)) {
    t->first_send_ms = t->since_start();
  }
  return 0;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

double us_to_ms(curl_off_t us) { return std::round(static_cast<double>(us) / 100.0) / 10.0; }
double round1(double ms) { return std::round(ms * 10.0) / 10.0; }

bool message_has(const std::string& msg, const char* needle) {
  return lower(msg).find(lower(needle)) != std::string::npos;
}

TransportError classify(CURLcode rc, long os_errno, long connect_code, const std::string& msg) {
  if (rc == CURLE_OK) return TransportError::none;
  // A proxy that answered CONNECT with a non-2xx status: curl 7.88 reports it as
  // CURLE_RECV_ERROR ("CONNECT tunnel failed, response 403"), other versions as
  // CURLE_COULDNT_CONNECT or CURLE_PROXY.
  if (connect_code >= 300 || message_has(msg, "CONNECT tunnel failed")) return TransportError::proxy_connect;
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportError::dns;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::timeout;
    case CURLE_GOT_NOTHING:
      return TransportError::empty_reply;
    case CURLE_COULDNT_CONNECT:  // to the origin or to the proxy itself; the message tells which
      if (os_errno == ECONNREFUSED || message_has(msg, "Connection refused")) return TransportError::connection_refused;
      if (os_errno == ETIMEDOUT) return TransportError::timeout;
      return TransportError::other;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      if (os_errno == ECONNRESET || os_errno == EPIPE || message_has(msg, "Connection reset")) {
        return TransportError::connection_reset;
      }
      return TransportError::other;
    case CURLE_SSL_CONNECT_ERROR:
      // The peer reset the socket during the handshake: a reset, not a certificate/protocol problem.
      if (os_errno == ECONNRESET || message_has(msg, "Connection reset")) return TransportError::connection_reset;
      return TransportError::tls;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return TransportError::tls;
    default:
      return TransportError::other;
  }
}

/// RAII for the easy handle and header list.
struct EasyGuard {
  CURL* h = nullptr;
  curl_slist* headers = nullptr;
  ~EasyGuard() {
    if (headers) curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
};

}  // namespace

bool net_global_init() { return ensure_curl_global(); }

std::string to_string(TransportError e) {
  switch (e) {
    case TransportError::none: return "none";
    case TransportError::connection_refused: return "connection refused";
    case TransportError::connection_reset: return "connection reset";
    case TransportError::empty_reply: return "empty reply (server closed the connection without an HTTP response)";
    case TransportError::timeout: return "timeout";
    case TransportError::dns: return "DNS resolution failed";
    case TransportError::proxy_connect: return "proxy refused the CONNECT";
    case TransportError::tls: return "TLS handshake failed";
    case TransportError::other: return "transport error";
  }
  return "transport error";
}

std::string HttpResponse::header(const std::string& name) const { return find_header(headers, name); }
std::string HttpResponse::connect_header(const std::string& name) const {
  return find_header(connect_headers, name);
}

HttpResponse http_perform(const HttpRequest& req) {
  HttpResponse resp;
  if (!ensure_curl_global()) {
    resp.error = TransportError::other;
    resp.curl_code = static_cast<int>(CURLE_FAILED_INIT);
    resp.error_message = "curl_global_init failed";
    return resp;
  }
  EasyGuard g;
  g.h = curl_easy_init();
  if (!g.h) {
    resp.error = TransportError::other;
    resp.curl_code = static_cast<int>(CURLE_FAILED_INIT);
    resp.error_message = "curl_easy_init failed";
    return resp;
  }
  CURL* h = g.h;
  char errbuf[CURL_ERROR_SIZE];
  errbuf[0] = '\0';

  Transfer t;
  t.resp = &resp;
  t.max_body = req.max_body_bytes;
  t.record_chunks = req.record_chunks;

  const UrlParts url = parse_url(req.url);
  const bool https = url.ok && url.scheme == "https";
  const bool use_proxy = !req.proxy.empty();
  const bool tunnel = use_proxy && (req.tunnel || https);

  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, req.timeout.count())));
  if (use_proxy) {
    curl_easy_setopt(h, CURLOPT_PROXY, req.proxy.c_str());
    // Always through this proxy, whatever NO_PROXY / no_proxy in the tool's own environment say
    // (an empty list set explicitly means "no exceptions"; unset, libcurl would read the variables).
    curl_easy_setopt(h, CURLOPT_NOPROXY, "");
    if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  } else {
    // No proxy at all, whatever http_proxy / https_proxy / all_proxy say.
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  }
  if (req.connect_only) curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
  if (!req.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, req.cacert.c_str());

  // Method and body.
  const bool is_head = req.method == "HEAD";
  const bool send_body = !req.body.empty() || req.method == "POST";
  if (is_head) {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (send_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
  }
  if (!is_head && req.method != "GET" && !(req.method == "POST" && send_body)) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  } else if (req.method == "GET" && send_body) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "GET");
  }

  bool has_expect = false;
  for (const auto& [k, v] : req.headers) {
    if (iequals(k, "Expect")) has_expect = true;
    // "Name;" is curl's syntax for a header with an empty value ("Name:" would remove it).
    std::string line = v.empty() ? k + ";" : k + ": " + v;
    curl_slist* next = curl_slist_append(g.headers, line.c_str());
    if (next) g.headers = next;
  }
  if (!has_expect) {
    curl_slist* next = curl_slist_append(g.headers, "Expect:");  // no `Expect: 100-continue` wait
    if (next) g.headers = next;
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, g.headers);
  // Request headers (credentials!) go to the origin only, never into the CONNECT to the proxy.
  curl_easy_setopt(h, CURLOPT_HEADEROPT, CURLHEADER_SEPARATE);

  t.in_connect_phase = tunnel;
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  // Verbose output goes to debug_cb only (never to stderr).
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &t);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

  t.start = Clock::now();
  const CURLcode rc = curl_easy_perform(h);
  const double our_total_ms = t.since_start();

  resp.curl_code = static_cast<int>(rc);
  if (rc != CURLE_OK) resp.error_message = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  if (rc == CURLE_ABORTED_BY_CALLBACK && interrupt_signal())
    resp.error_message = std::string("interrupted by ") + signal_name(interrupt_signal());

  long status = 0, connect_code = 0, os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_HTTP_CONNECTCODE, &connect_code);
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  resp.status = status;
  resp.connect_code = connect_code;
  resp.error = classify(rc, os_errno, connect_code, resp.error_message);

  // Timings: cumulative from the start, as libcurl reports them; phases that did not happen are
  // left out:
  // - dns: omitted when the host curl connects to (the proxy's, when there is one) is an IP literal.
  // - connect: TCP connected (to the proxy when there is one). On libcurl 7.88 a transfer that
  //   failed later reports 0 (curl #10670); then the moment curl first sent bytes is used.
  // - proxy_connect: measured by us: when the proxy's CONNECT answer (headers) was complete, i.e.
  //   the tunnel was up (or refused).
  // - tls: TLS handshake with the origin done (https only).
  // - ttfb: first response byte (only when an HTTP response arrived). total: always.
  // (No "pretransfer": probes copy timing_ms into checks, whose phases are the six above.)
  curl_off_t dns = 0, connect = 0, app = 0, start = 0, total = 0;
  curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &dns);
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &app);
  curl_easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME_T, &start);
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total);
  auto& tm = resp.timing_ms;
  // Our own timestamps start a little before curl's clock: shift them onto curl's scale.
  const double total_ms = us_to_ms(total);
  const double offset = std::max(0.0, our_total_ms - static_cast<double>(total) / 1000.0);
  auto ours = [&](double ms) { return std::clamp(round1(ms - offset), 0.0, total_ms); };
  const UrlParts dial = use_proxy ? parse_url(req.proxy) : url;
  if (dns > 0 && !(dial.ok && is_ip_literal(dial.host))) tm["dns"] = us_to_ms(dns);
  if (connect > 0) {
    tm["connect"] = us_to_ms(connect);
  } else if (t.first_send_ms >= 0) {
    tm["connect"] = ours(t.first_send_ms);
  }
  if (connect_code > 0 && t.proxy_connect_ms >= 0) tm["proxy_connect"] = ours(t.proxy_connect_ms);
  if (https && app > 0) tm["tls"] = us_to_ms(app);
  if (status > 0 && start > 0) tm["ttfb"] = us_to_ms(start);
  tm["total"] = total_ms;
  return resp;
}

}  // namespace awf
