// libcurl (easy interface) wrapper: one request with phase timings, the proxy's CONNECT answer,
// response headers, a capped body and a transport error class. See net/http.hpp.
#include "net/http.hpp"
#include "core/ascii.hpp"

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
#include "net/http_detail.hpp"

namespace awf {

using namespace http_detail;

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

bool is_ip_literal(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

double us_to_ms(curl_off_t us) { return std::round(static_cast<double>(us) / 100.0) / 10.0; }
double round1(double ms) { return std::round(ms * 10.0) / 10.0; }

/// RAII for the easy handle and header list.
struct EasyGuard {
  CURL* h = nullptr;
  curl_slist* headers = nullptr;
  ~EasyGuard() {
    if (headers) curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
};

/// Every option of one transfer: URL, proxy (always explicit: the tool's own environment never
/// chooses), method and body, request headers (to the origin only), callbacks.
void set_options(CURL* h, EasyGuard& g, Transfer& t, const HttpRequest& req, bool tunnel) {
  const bool use_proxy = !req.proxy.empty();
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
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
    if (ascii_iequals(k, "Expect")) has_expect = true;
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

}

/// Phase timings into resp.timing_ms, cumulative from the start as libcurl reports them; phases that
/// did not happen are left out.
void record_timings(CURL* h, const Transfer& t, const HttpRequest& req, const UrlParts& url, double our_total_ms,
                    HttpResponse& resp) {
  const long status = resp.status, connect_code = resp.connect_code;
  const bool https = url.ok && url.scheme == "https";
  const bool use_proxy = !req.proxy.empty();
  // Phases:
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
}

/// One TLS handshake to the host:port of an http:// URL (through the same proxy, tunnelled), with no
/// certificate check and at most 3 s: true when it completes, i.e. the port speaks TLS, not HTTP.
bool completes_tls(const HttpRequest& req, const UrlParts& url) {
  EasyGuard g;
  g.h = curl_easy_init();
  if (!g.h) return false;
  const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  const std::string target = "https://" + host + ":" + std::to_string(url.port) + "/";
  curl_easy_setopt(g.h, CURLOPT_URL, target.c_str());
  curl_easy_setopt(g.h, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(g.h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(g.h, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(g.h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(g.h, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(g.h, CURLOPT_TIMEOUT_MS, static_cast<long>(std::clamp<std::int64_t>(req.timeout.count(), 1, 3000)));
  curl_easy_setopt(g.h, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt(g.h, CURLOPT_NOPROGRESS, 0L);
  if (!req.proxy.empty()) {
    curl_easy_setopt(g.h, CURLOPT_PROXY, req.proxy.c_str());
    curl_easy_setopt(g.h, CURLOPT_NOPROXY, "");
    curl_easy_setopt(g.h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  } else {
    curl_easy_setopt(g.h, CURLOPT_PROXY, "");
    curl_easy_setopt(g.h, CURLOPT_NOPROXY, "*");
  }
  return curl_easy_perform(g.h) == CURLE_OK;
}

}  // namespace

bool net_global_init() { return ensure_curl_global(); }

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

  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  set_options(h, g, t, req, tunnel);

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
  resp.error = classify_transport(static_cast<int>(rc), os_errno, connect_code, resp.error_message, https);

  record_timings(h, t, req, url, our_total_ms, resp);
  if (!https && url.ok && !interrupt_signal() &&
      (resp.error == TransportError::connection_reset || resp.error == TransportError::empty_reply ||
       resp.error == TransportError::not_http) &&
      completes_tls(req, url))
    resp.error = TransportError::scheme_mismatch_plain_to_tls;
  if (!https && url.ok && resp.error == TransportError::none && resp.status == 400 &&
      resp.body.find(kGoPlainToTlsBody) != std::string::npos) {
    resp.error = TransportError::scheme_mismatch_plain_to_tls;
    resp.error_message = std::string("HTTP 400 \"") + kGoPlainToTlsBody + "\" (Go net/http's answer to plain HTTP on a TLS port)";
  }
  return resp;
}

}  // namespace awf
