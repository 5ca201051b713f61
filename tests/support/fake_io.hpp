#pragma once
// A ProbeIo that answers from canned results and records what was asked, so probes run without a
// network, a lab or a subprocess. Safe to share between the runner's check threads (records under a
// mutex; the on_* callbacks must be thread-safe themselves).
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/probe_io.hpp"

namespace awf::test {

class FakeIo : public ProbeIo {
 public:
  std::function<HttpResponse(const HttpRequest&)> on_http = [](const HttpRequest&) { return HttpResponse{}; };
  std::function<TcpResult(const std::string&, int)> on_tcp = [](const std::string&, int) {
    TcpResult t;
    t.connected = true;
    return t;
  };
  std::function<SubprocessResult(const std::string&)> on_shell = [](const std::string&) { return SubprocessResult{}; };
  mutable std::vector<HttpRequest> requests;
  mutable std::vector<std::string> commands;
  mutable std::vector<std::pair<std::string, int>> connects;  ///< bare TCP connects (host, port)

  HttpResponse http(const HttpRequest& req) const override {
    {
      std::lock_guard<std::mutex> g(mu_);
      requests.push_back(req);
    }
    return on_http(req);
  }
  TcpResult tcp(const std::string& host, int port, std::chrono::milliseconds) const override {
    {
      std::lock_guard<std::mutex> g(mu_);
      connects.emplace_back(host, port);
    }
    return on_tcp(host, port);
  }
  SubprocessResult shell(const std::string& command, const SubprocessOptions&) const override {
    {
      std::lock_guard<std::mutex> g(mu_);
      commands.push_back(command);
    }
    return on_shell(command);
  }

 private:
  mutable std::mutex mu_;
};

/// An HTTP answer with a JSON body.
inline HttpResponse json_answer(long status, std::string body, HeaderList headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

}  // namespace awf::test
