#include "core/probe_io.hpp"

#include "core/runner.hpp"

namespace awf {
namespace {

class RealIo final : public ProbeIo {
 public:
  HttpResponse http(const HttpRequest& req) const override { return http_perform(req); }
  TcpResult tcp(const std::string& host, int port, std::chrono::milliseconds timeout) const override {
    return tcp_connect(host, port, timeout);
  }
  SubprocessResult shell(const std::string& command, const SubprocessOptions& opts) const override {
    return run_shell(command, opts);
  }
};

}  // namespace

const ProbeIo& real_io() {
  static const RealIo io;
  return io;
}

const ProbeIo& ProbeContext::io() const { return io_override ? *io_override : real_io(); }

}  // namespace awf
