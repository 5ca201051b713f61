// The log readers as a tiny command, for scripts/bench-logs (hyperfine + /usr/bin/time against
// `wc -l` on the same file): reads each file through read_source (format detected from content),
// correlates, and prints one JSON document (sources, CONNECT outcomes by role, failed tunnels,
// sidecar-address denials). Not a Google Benchmark: a whole-file run is what is measured.
//   logs_bench --squid-log FILE [--squid-log FILE …] [--agent-ip IP] [--proxy-ip IP]
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "logs/correlate.hpp"
#include "logs/facts_json.hpp"
#include "logs/read_source.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> files;
  awf::logs::LogOptions opts;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--squid-log" || a == "--log") && i + 1 < argc) files.push_back(argv[++i]);
    else if (a == "--agent-ip" && i + 1 < argc) opts.agent_ip = argv[++i];
    else if (a == "--proxy-ip" && i + 1 < argc) opts.proxy_ip = argv[++i];
    else {
      std::fprintf(stderr, "usage: logs_bench --squid-log FILE [--agent-ip IP] [--proxy-ip IP]\n");
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: logs_bench --squid-log FILE [--agent-ip IP] [--proxy-ip IP]\n");
    return 2;
  }
  try {
    awf::logs::LogFacts facts;
    for (const auto& f : files) awf::logs::read_source(f, facts);
    auto c = awf::logs::correlate(facts, opts);
    nlohmann::json out;
    out["sources"] = nlohmann::json::array();
    for (const auto& s : facts.sources) out["sources"].push_back(awf::logs::to_json(s));
    out["access_rows"] = facts.access.rows().size();
    out["correlation"] = awf::logs::to_json(c);
    std::puts(out.dump(1).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "logs_bench: %s\n", e.what());
    return 3;
  }
  return 0;
}
