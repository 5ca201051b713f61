#include "logs/discover.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "logs/line_reader.hpp"
#include "logs/read_source.hpp"

namespace awf::logs {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kSample = 16;

LogFormat sniff(const std::string& path) {
  LineReader r = LineReader::open(path);
  std::vector<std::string> lines;
  std::size_t bytes = 0;
  Line l;
  while (lines.size() < kDetectLines && bytes < kDetectBytes && r.next(l)) {
    lines.emplace_back(l.text);
    bytes += l.text.size();
  }
  return detect_format(lines);
}

std::vector<ExpectedSource> families() {
  return {
      {"squid_access", "Squid access.log (awf firewall_detailed or native format)", {}},
      {"squid_audit", "Squid audit.jsonl (awf, ts or ISO timestamp variant)", {}},
      {"squid_cache", "Squid cache.log", {}},
      {"squid_conf", "squid.conf", {}},
      {"api_proxy", "api-proxy log (JSON lines)", {}},
      {"agent", "agent output (Claude Code stream-json, CLI stderr, entrypoint and health-check lines)", {}},
  };
}

}  // namespace

Discovery discover(const std::string& dir, std::uint64_t max_files, int max_depth) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": not a directory");
  Discovery d;
  d.expected = families();
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw std::runtime_error(dir + ": cannot read (" + ec.message() + ")");
  auto error = [&](const std::string& e) {
    if (d.errors.size() < kSample) d.errors.push_back(e);
  };
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      error(dir + ": " + ec.message());
      ec.clear();
      break;
    }
    const fs::directory_entry& e = *it;
    std::error_code sec;
    fs::file_status st = e.symlink_status(sec);
    if (fs::is_symlink(st)) {
      ++d.symlinks_skipped;
      continue;
    }
    if (fs::is_directory(st)) {
      if (it.depth() >= max_depth) it.disable_recursion_pending();
      continue;
    }
    if (!fs::is_regular_file(st)) continue;
    if (d.files_seen >= max_files) {
      d.truncated = true;
      break;
    }
    ++d.files_seen;
    std::string path = e.path().string();
    try {
      LogFormat f = sniff(path);
      if (f == LogFormat::empty) {
        if (d.empty_files.size() < 64) d.empty_files.push_back(path);
      } else if (f == LogFormat::unknown) {
        ++d.not_logs;
        if (d.not_logs_sample.size() < kSample) d.not_logs_sample.push_back(path);
      } else {
        d.logs.push_back({path, f});
      }
    } catch (const std::exception& ex) {
      error(ex.what());
    }
  }
  std::sort(d.logs.begin(), d.logs.end(), [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
  for (const auto& l : d.logs)
    for (auto& x : d.expected)
      if (x.family == format_family(l.format)) x.found.push_back(l.path);
  return d;
}

void read_discovered(Discovery& d, LogFacts& facts) {
  for (const auto& l : d.logs) {
    try {
      read_source(l.path, facts);
    } catch (const std::exception& ex) {
      if (d.errors.size() < kSample) d.errors.push_back(ex.what());
    }
  }
}

}  // namespace awf::logs
