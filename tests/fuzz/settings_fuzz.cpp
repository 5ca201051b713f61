// libFuzzer target: the settings readers. The input is written as ~/.claude/settings.json of a temp
// home and read by helper.config and env.settings_env exactly as in a run (bounded JSON, apiKeyHelper,
// env block, command secrets). helper.run is not executed.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "core/runner.hpp"
#include "probes/probes.hpp"

namespace {
const std::string& home() {
  static const std::string h = [] {
    char tmpl[] = "/tmp/awf-fuzz-settings-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::string claude = dir + "/.claude";
    mkdir(claude.c_str(), 0700);
    return dir;
  }();
  return h;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(home() + "/.claude/settings.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  awf::ChainSpec spec;
  spec.home = home();
  spec.managed_settings = home() + "/absent-managed-settings.json";  // never the machine's own
  awf::SecretSet secrets;
  std::map<std::string, awf::Check> done;
  awf::ProbeContext ctx{spec, awf::Clock::now() + std::chrono::seconds(5), done, secrets};
  for (const auto& def : awf::all_checks()) {
    if (def.id != "helper.config" && def.id != "env.settings_env") continue;
    awf::Check c = def.run(ctx);
    (void)awf::redact(c.summary, secrets);
    (void)c.evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
