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

Lab::Lab(const std::string& fault) {
  auto r = lab_cmd({"start", "--dir", dir_.path(), "--fault", fault});
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
  return {"--env-file", get("LAB_AGENT_ENV"), "--upstream", get("LAB_UPSTREAM_URL"), "--cacert", get("LAB_CACERT"),
          "--management-url", get("LAB_MANAGEMENT_URL"), "--timeout", "40"};
}

}  // namespace awf::test
