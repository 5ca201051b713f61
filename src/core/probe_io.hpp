#pragma once
// The probes' I/O behind one interface (the seam ninja keeps for disk access "so it can be mocked
// out for tests"): HTTP through libcurl, a bare TCP connect, and running the helper the way the
// client does. Probes reach it only through ProbeContext::io(); a test gives the context a fake
// that returns canned answers, so every probe and every rule row runs without a network or a lab.
#include <chrono>
#include <string>

#include "core/subprocess.hpp"
#include "net/http.hpp"

namespace awf {

class ProbeIo {
 public:
  virtual ~ProbeIo() = default;
  /// One HTTP exchange (net/http.hpp http_perform semantics: never throws for network outcomes).
  virtual HttpResponse http(const HttpRequest& req) const = 0;
  /// A bare TCP connect within `timeout` (net/http.hpp tcp_connect semantics).
  virtual TcpResult tcp(const std::string& host, int port, std::chrono::milliseconds timeout) const = 0;
  /// `/bin/sh -c command` (core/subprocess.hpp run_shell semantics).
  virtual SubprocessResult shell(const std::string& command, const SubprocessOptions& opts) const = 0;
};

/// The real implementation: http_perform, tcp_connect, run_shell.
const ProbeIo& real_io();

}  // namespace awf
