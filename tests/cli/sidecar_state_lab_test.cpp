// Issue 5 pt 3 against the loopback lab: the sidecar's management /health read before any proxied
// request, and a sidecar whose process died (both ports refuse).
#include <catch.hpp>

#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/lab.hpp"
#include "support/raw_http.hpp"
#include "support/report_json.hpp"

using awf::test::check;
using awf::test::Lab;
using awf::test::run_awf_diag;
using nlohmann::json;

namespace {

struct Out {
  awf::test::CmdResult res;
  json doc;
};

Out run(const Lab& lab, bool as_json) {
  std::vector<std::string> args = {"check-chain"};
  for (const auto& f : lab.chain_flags()) args.push_back(f);
  if (as_json) {
    args.push_back("-o");
    args.push_back("json");
  }
  Out o{run_awf_diag(args), json()};
  if (as_json) o.doc = json::parse(o.res.out);
  return o;
}

int proxied_requests(const Lab& lab) {
  std::istringstream in(awf::test::read_file(lab.get("LAB_PROXY_LOG")));
  std::string line;
  int n = 0;
  for (int i = 0; i < 100000 && std::getline(in, line); ++i)
    if (line.find("\"request_start\"") != std::string::npos) ++n;
  return n;
}

bool refuses(int port) {
  const int fd = awf::test::connect_loopback(port);
  if (fd >= 0) ::close(fd);
  return fd < 0;
}

}  // namespace

TEST_CASE("key_validation network_error on the management /health: key hygiene leads, nothing is proxied",
          "[lab][cli][issue5][sidecar-state]") {
  Lab lab("key-inner-char");
  Out js = run(lab, true);
  Out text = run(lab, false);
  INFO(text.res.out << text.res.err);
  CHECK(js.res.exit_code == 1);
  CHECK(js.doc["summary"]["verdict"] == "FAIL");
  CHECK(js.doc["summary"]["leading_cause"] == "proxy-key-invalid-character");
  const json& s = check(js.doc, "proxy.sidecar_state");
  CHECK(s["status"] == "fail");
  CHECK(s["evidence"]["key_validation"]["anthropic"]["status"] == "network_error");
  const std::string hint = s["hint"].get<std::string>();
  CHECK(hint.find("U+200B") != std::string::npos);
  CHECK(hint.find("surrounding whitespace only") != std::string::npos);
  CHECK(hint.find("upgrade to awf") == std::string::npos);
  CHECK(check(js.doc, "proxy.forward")["status"] == "skip");
  // The sidecar double saw no proxied request (it would have crashed on it).
  CHECK(proxied_requests(lab) == 0);
  CHECK(text.res.out.find("test-real-anthropic-key") == std::string::npos);
  CHECK(js.res.out.find("test-real-anthropic-key") == std::string::npos);
}

TEST_CASE("the sidecar dies on its first proxied request: run 1 key hygiene, run 2 the process is gone",
          "[lab][cli][issue5][sidecar-state]") {
  Lab lab("sidecar-crash");
  Out first = run(lab, true);
  INFO(first.res.out);
  CHECK(first.res.exit_code == 1);
  CHECK(first.doc["summary"]["leading_cause"] == "proxy-invalid-injected-header");
  CHECK(check(first.doc, "proxy.sidecar_state")["status"] == "pass");
  CHECK(check(first.doc, "proxy.forward")["status"] == "fail");
  const int port = std::stoi(lab.get("LAB_PROXY_PORT"));
  for (int i = 0; i < 100 && !refuses(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(refuses(port));

  Out second = run(lab, true);
  Out text = run(lab, false);
  INFO(text.res.out);
  CHECK(second.res.exit_code == 1);
  CHECK(second.doc["summary"]["verdict"] == "FAIL");
  CHECK(second.doc["summary"]["leading_cause"] == "proxy-sidecar-gone");
  CHECK(check(second.doc, "proxy.sidecar_state")["status"] == "fail");
  CHECK(text.res.out.find("not running") != std::string::npos);
  CHECK(text.res.out.find("ERR_INVALID_CHAR") != std::string::npos);
  CHECK(text.res.out.find("diagnostics/awf-api-proxy.log") != std::string::npos);
}

TEST_CASE("healthy lab: the management /health is read and passes", "[lab][cli][issue5][sidecar-state]") {
  Lab lab("none");
  Out js = run(lab, true);
  const json& s = check(js.doc, "proxy.sidecar_state");
  CHECK(s["status"] == "pass");
  CHECK(s["evidence"]["providers"]["anthropic"] == true);
  CHECK(s["evidence"]["key_validation"]["anthropic"]["status"] == "valid");
  CHECK(js.res.exit_code == 0);
}
