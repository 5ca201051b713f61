#include "logs/read_source.hpp"

#include <optional>
#include <vector>

#include "logs/line_reader.hpp"
#include "logs/squid_access.hpp"
#include "logs/squid_audit.hpp"
#include "logs/text_fields.hpp"

namespace awf::logs {

bool LogFacts::has(const char* family) const {
  for (const auto& s : sources)
    if (std::string_view(format_family(s.format)) == family) return true;
  return false;
}

namespace {

bool blank(std::string_view s) { return trim(s).empty(); }

LineUse feed(LogFormat fmt, const Line& l, Where w, LogFacts& f) {
  switch (fmt) {
    case LogFormat::squid_access_detailed:
    case LogFormat::squid_access_native: {
      LogFormat got = LogFormat::unknown;
      if (auto e = parse_access_line(l.text, &got)) {
        f.access.add(*e, w);
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
    case LogFormat::api_proxy_jsonl: return read_api_proxy_line(l.text, w, f.api_proxy, f.err_codes);
    case LogFormat::claude_stream_json:
    case LogFormat::agent_output: {
      std::string_view t = trim(l.text);
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
  auto one = [&](const Line& line) {
    if (line.truncated) ++s.lines_truncated;
    s.count(feed(fmt, line, Where{idx, line.number}, facts), line.number);
  };
  for (std::size_t i = 0; i < peek.size(); ++i) one(Line{peek[i], i + 1, static_cast<bool>(peek_truncated[i])});
  peek.clear();
  while (more && r.next(l)) one(l);
  s.gzip = r.gzip();
  s.bytes_in = r.bytes_in();
  s.read_error = r.error();
  return s;
}

}  // namespace

const SourceSummary& read_source(const std::string& path, LogFacts& facts) {
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
