#include "support/lab.hpp"

#include <stdexcept>

#include "core/env_snapshot.hpp"
#include "core/subprocess.hpp"

namespace awf::test {
namespace {

SubprocessResult lab_cmd(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/python3", std::string(AWF_SOURCE_DIR) + "/tests/lab/lab.py"};
  argv.insert(argv.end(), args.begin(), args.end());
  SubprocessOptions o;
  o.timeout = std::chrono::seconds(60);
  o.envp = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  return run_subprocess(argv, o);
}

}  // namespace

Lab::Lab(const std::string& fault) : Lab(fault, 0.05) {}

Lab::Lab(const std::string& fault, double sse_gap_s) {
  auto r = lab_cmd({"start", "--dir", dir_.path(), "--fault", fault, "--sse-gap", std::to_string(sse_gap_s)});
  if (r.exit_code != 0) {
    lab_cmd({"stop", "--dir", dir_.path()});
    throw std::runtime_error("lab did not start (fault " + fault + "): " + r.out + r.err);
  }
  env_ = env_from_file(dir_.path() + "/lab.env").vars;
}

Lab::~Lab() { lab_cmd({"stop", "--dir", dir_.path()}); }

std::string Lab::get(const std::string& key) const {
  auto it = env_.find(key);
  if (it == env_.end()) throw std::runtime_error("lab.env has no " + key);
  return it->second;
}

std::vector<std::string> Lab::chain_flags() const {
  // The multi-route faults judge two routes: each route's upstream named (PROVIDER=URL), and awf's
  // management port is the OpenAI port (domain §1).
  if (get("LAB_FAULT").rfind("multi-route", 0) == 0)
    return {"--env-file", get("LAB_AGENT_ENV"), "--upstream", "anthropic=" + get("LAB_UPSTREAM_URL"), "--upstream",
            "openai=" + get("LAB_OPENAI_UPSTREAM_URL"), "--cacert", get("LAB_CACERT"), "--management-url",
            get("LAB_OPENAI_URL"), "--timeout", "40"};
  return {"--env-file", get("LAB_AGENT_ENV"), "--upstream", get("LAB_UPSTREAM_URL"), "--cacert", get("LAB_CACERT"),
          "--management-url", get("LAB_MANAGEMENT_URL"), "--timeout", "40"};
}

std::vector<std::string> Lab::route_flags(const std::string& route, const std::string& base_url) const {
  std::string base = "LAB_BASE_URL", upstream = "LAB_UPSTREAM_URL";
  if (route == "openai" || route == "copilot") {
    const std::string row = route == "openai" ? "OPENAI" : "COPILOT";
    base = "LAB_" + row + "_URL";
    upstream = "LAB_" + row + "_UPSTREAM_URL";
  } else if (route != "anthropic") {
    throw std::invalid_argument("the lab has no route '" + route + "'");
  }
  return {"--env-file", get("LAB_AGENT_ENV"), "--base-url", base_url.empty() ? get(base) : base_url,
          "--squid",    get("LAB_SQUID_URL"), "--upstream", get(upstream),
          "--cacert",   get("LAB_CACERT")};
}

}  // namespace awf::test
