#include "logs/read_source.hpp"

#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "logs/access_lines.hpp"
#include "logs/line_reader.hpp"
#include "logs/squid_access.hpp"
#include "logs/squid_audit.hpp"
#include "logs/text_fields.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace awf::logs {

bool LogFacts::has(const char* family) const {
  for (const auto& s : sources)
    if (std::string_view(format_family(s.format)) == family) return true;
  return false;
}

namespace {

bool blank(std::string_view s) { return trim(s).empty(); }

LineUse feed(LogFormat fmt, const Line& l, Where w, LogFacts& f, AccessEntry& e) {
  switch (fmt) {
    case LogFormat::squid_access_detailed:
    case LogFormat::squid_access_native: {
      LogFormat got = LogFormat::unknown;
      if (parse_access_line(l.text, e, got)) {
        f.access.add(e, w);
        ++(got == LogFormat::squid_access_native ? f.access_native_lines : f.access_detailed_lines);
        return LineUse::used;
      }
      return blank(l.text) ? LineUse::other : LineUse::unparsed;
    }
    case LogFormat::squid_audit_jsonl: {
      AuditVariant v{};
      bool other_event = false;
      if (auto e = parse_audit_line(l.text, &v, &other_event)) {
        f.audit.add(*e, w);
        ++(v == AuditVariant::ts_float ? f.audit_ts_lines : f.audit_iso_lines);
        return LineUse::used;
      }
      return other_event || blank(l.text) ? LineUse::other : LineUse::unparsed;
    }
    case LogFormat::squid_cache_log: {
      scan_err_codes(l.text, w, f.err_codes);
      return read_cache_log_line(l.text, w, f.cache_log);
    }
    case LogFormat::squid_conf: return read_squid_conf_line(l.text, w, f.squid_conf);
    case LogFormat::api_proxy_jsonl: return read_api_proxy_line(strip_ts_prefix(l.text), w, f.api_proxy, f.err_codes);
    case LogFormat::claude_stream_json:
    case LogFormat::agent_output: {
      std::string_view t = trim(strip_ts_prefix(l.text));
      if (!t.empty() && t.front() == '{') {
        auto use = read_claude_stream_line(t, w, f.claude);
        return use ? *use : LineUse::other;
      }
      return read_agent_text_line(t, w, f.agent, f.err_codes);
    }
    case LogFormat::unknown:
    case LogFormat::empty: break;
  }
  return blank(l.text) ? LineUse::other : LineUse::unparsed;
}

const SourceSummary& run(LineReader& r, const std::string& name, std::optional<LogFormat> forced, LogFacts& facts) {
  std::vector<std::string> peek;
  std::vector<bool> peek_truncated;
  bool more = true;
  Line l;
  LogFormat fmt = forced.value_or(LogFormat::unknown);
  if (!forced) {
    std::size_t bytes = 0;
    while (peek.size() < kDetectLines && bytes < kDetectBytes) {
      if (!r.next(l)) {
        more = false;
        break;
      }
      peek.emplace_back(l.text);
      peek_truncated.push_back(l.truncated);
      bytes += l.text.size();
    }
    fmt = detect_format(peek);
  }
  facts.sources.push_back(SourceSummary{});
  const int idx = static_cast<int>(facts.sources.size() - 1);
  SourceSummary& s = facts.sources.back();
  s.path = name;
  s.format = fmt;
  AccessEntry scratch;  // reused: the hot path does not re-initialise an entry per line
  auto one = [&](const Line& line) {
    if (line.truncated) ++s.lines_truncated;
    s.count(feed(fmt, line, Where{idx, line.number}, facts, scratch), line.number);
  };
  for (std::size_t i = 0; i < peek.size(); ++i) one(Line{peek[i], i + 1, static_cast<bool>(peek_truncated[i])});
  peek.clear();
  if (fmt == LogFormat::squid_access_detailed || fmt == LogFormat::squid_access_native) {
    AccessSink sink{facts.access, s, facts.access_detailed_lines, facts.access_native_lines, idx};
    if (more) read_access_lines(r, sink);
  } else {
    while (more && r.next(l)) one(l);
  }
  s.gzip = r.gzip();
  s.bytes_in = r.bytes_in();
  s.read_error = r.error();
  return s;
}

// One part of a large plain access.log, read on its own thread into its own tally.
struct Part {
  SourceSummary s;
  SquidTraffic t;
  std::uint64_t detailed = 0, native = 0;
};

void read_part(const std::string& path, std::uint64_t begin, std::uint64_t end, int idx, Part& p) {
  try {
    LineReader r = LineReader::open_range(path, begin, end);
    AccessSink sink{p.t, p.s, p.detailed, p.native, idx};
    read_access_lines(r, sink);
    p.s.bytes_in = r.bytes_in();
    p.s.read_error = r.error();
  } catch (const std::exception& ex) {
    p.s.read_error = ex.what();
  }
}

// Offset just after the first LF at or after `at` (the file size when there is none).
std::uint64_t next_line_start(const std::string& path, std::uint64_t at, std::uint64_t size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return size;
  std::vector<char> buf(1u << 16);
  std::uint64_t pos = at, found = size;
  while (pos < size) {
    ssize_t k = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(pos));
    if (k <= 0) break;
    if (const void* nl = std::memchr(buf.data(), '\n', static_cast<std::size_t>(k))) {
      found = pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      break;
    }
    pos += static_cast<std::uint64_t>(k);
  }
  ::close(fd);
  return found;
}

}  // namespace

const SourceSummary& read_source(const std::string& path, LogFacts& facts, std::uint64_t parallel_min_bytes) {
  if (path != "-") {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > 0 && size >= parallel_min_bytes) {
      // Sniff: plain (not gzip) access.log? Then two parts on two threads (CPU-bound parsing).
      LineReader sniff = LineReader::open(path);
      std::vector<std::string> peek;
      Line l;
      while (peek.size() < kDetectLines && sniff.next(l)) peek.emplace_back(l.text);
      LogFormat fmt = detect_format(peek);
      bool access = fmt == LogFormat::squid_access_detailed || fmt == LogFormat::squid_access_native;
      if (access && !sniff.gzip()) {
        std::uint64_t mid = next_line_start(path, size / 2, size);
        std::vector<Part> parts(2);
        const int idx = static_cast<int>(facts.sources.size());
        std::thread second(read_part, std::cref(path), mid, size, idx, std::ref(parts[1]));
        read_part(path, 0, mid, idx, parts[0]);
        second.join();
        facts.sources.push_back(SourceSummary{});
        SourceSummary& s = facts.sources.back();
        s.path = path;
        s.format = fmt;
        std::uint64_t offset = 0;
        for (const Part& p : parts) {
          s.bytes_in += p.s.bytes_in;
          s.lines_read += p.s.lines_read;
          s.lines_used += p.s.lines_used;
          s.lines_other += p.s.lines_other;
          s.lines_unparsed += p.s.lines_unparsed;
          s.lines_truncated += p.s.lines_truncated;
          if (s.first_unparsed_line == 0 && p.s.first_unparsed_line != 0) s.first_unparsed_line = p.s.first_unparsed_line + offset;
          if (s.read_error.empty()) s.read_error = p.s.read_error;
          facts.access.merge(p.t, offset);
          facts.access_detailed_lines += p.detailed;
          facts.access_native_lines += p.native;
          offset += p.s.lines_read;
        }
        return s;
      }
    }
  }
  LineReader r = LineReader::open(path);
  return run(r, path, std::nullopt, facts);
}

const SourceSummary& read_text(std::string_view content, const std::string& name, LogFacts& facts) {
  LineReader r = LineReader::from_memory(content);
  return run(r, name, std::nullopt, facts);
}

const SourceSummary& read_text_as(std::string_view content, LogFormat format, const std::string& name, LogFacts& facts) {
  LineReader r = LineReader::from_memory(content);
  return run(r, name, format, facts);
}

}  // namespace awf::logs
