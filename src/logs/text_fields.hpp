#pragma once
// Small helpers the readers share to cut a log line into fields without allocating.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace awf::logs {

/// Cuts `line` at runs of spaces/tabs into at most `max` fields; returns how many were stored.
/// When there are more, the last stored field runs to the end of the line (trailing blanks cut).
/// This is the access.log hot path: on x86-64 separators are found 16 bytes at a time (SSE2).
inline std::size_t split_fields(std::string_view line, std::string_view* out, std::size_t max) {
  if (max == 0) return 0;
  const char* p = line.data();
  const std::size_t len = line.size();
  std::size_t n = 0, pos = 0;
  auto rest = [&]() {
    std::size_t e = len;
    while (e > pos && (p[e - 1] == ' ' || p[e - 1] == '\t')) --e;
    out[n++] = std::string_view(p + pos, e - pos);
    return n;
  };
  // Called for each separator position s in ascending order; false = done (rest stored).
  auto sep = [&](std::size_t s) {
    if (s > pos) {
      if (n + 1 == max) return false;
      out[n++] = std::string_view(p + pos, s - pos);
    }
    pos = s + 1;
    return true;
  };
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
  auto blanks16 = [&](std::size_t at) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab))));
  };
  // 32 bytes per step (fewer mispredicted loop exits on fields of varying length), then 16.
  for (; i + 32 <= len; i += 32) {
    unsigned m = blanks16(i) | blanks16(i + 16) << 16;
    while (m) {
      unsigned b = static_cast<unsigned>(__builtin_ctz(m));
      m &= m - 1;
      if (!sep(i + b)) return rest();
    }
  }
  for (; i + 16 <= len; i += 16) {
    unsigned m = blanks16(i);
    while (m) {
      unsigned b = static_cast<unsigned>(__builtin_ctz(m));
      m &= m - 1;
      if (!sep(i + b)) return rest();
    }
  }
#endif
  for (; i < len; ++i)
    if ((p[i] == ' ' || p[i] == '\t') && !sep(i)) return rest();
  if (pos < len) out[n++] = std::string_view(p + pos, len - pos);
  return n;
}

namespace detail {

inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

inline std::uint32_t load4(const char* p) {
  std::uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

}  // namespace detail

/// The bytes of a string of fewer than 8 bytes packed into an integer (two overlapping 4-byte loads,
/// or the first, middle and last byte): every byte counts, no variable-length copy. 0 when empty.
inline std::uint64_t small_bytes(const char* p, std::size_t n) {
  if (n >= 4) return detail::load4(p) | static_cast<std::uint64_t>(detail::load4(p + n - 4)) << 32;
  if (n == 0) return 0;
  return static_cast<unsigned char>(p[0]) | static_cast<unsigned>(static_cast<unsigned char>(p[n >> 1])) << 8 |
         static_cast<unsigned>(static_cast<unsigned char>(p[n - 1])) << 16;
}

/// Byte equality of two short strings without a libc call (8 bytes at a time, the last word
/// overlapping; shorter strings with overlapping 4-byte loads).
inline bool same_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (detail::load8(p + i) != detail::load8(q + i)) return false;
    return detail::load8(p + n - 8) == detail::load8(q + n - 8);
  }
  return small_bytes(p, n) == small_bytes(q, n);
}

/// A non-negative decimal integer that is the whole of `s` (at most 18 digits), else nullopt.
inline std::optional<std::int64_t> parse_uint(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// Squid's `%ts.%03tu` (seconds.milliseconds) as milliseconds; also accepts a float with 0-6
/// decimals (audit.jsonl `ts`). nullopt when `s` is not of that shape.
inline std::optional<std::int64_t> parse_epoch_ms(std::string_view s) {
  if (s.size() == 14 && s[10] == '.') {
    // Squid's usual shape, 10 digits '.' 3 digits: fixed-count loops, one validity check at the end.
    std::int64_t secs = 0, ms = 0;
    unsigned bad = 0;
    std::size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    {  // the first 8 digits at once (SWAR: all bytes '0'..'9' checked, then combined pairwise)
      std::uint64_t x = detail::load8(s.data());
      const std::uint64_t hi = 0xF0F0F0F0F0F0F0F0ULL;
      bad |= ((x & hi) != 0x3030303030303030ULL || ((x + 0x0606060606060606ULL) & hi) != 0x3030303030303030ULL) ? 1u : 0u;
      x -= 0x3030303030303030ULL;
      x = x * 10 + (x >> 8);
      x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) + (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
      secs = static_cast<std::int64_t>(x & 0xFFFFFFFFu);
      i = 8;
    }
#endif
    for (; i < 10; ++i) {
      const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(s[i])) - '0';
      bad |= d > 9 ? 1u : 0u;
      secs = secs * 10 + static_cast<std::int64_t>(d);
    }
    for (std::size_t i = 11; i < 14; ++i) {
      const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(s[i])) - '0';
      bad |= d > 9 ? 1u : 0u;
      ms = ms * 10 + static_cast<std::int64_t>(d);
    }
    if (bad) return std::nullopt;
    return secs * 1000 + ms;
  }
  std::size_t dot = 0;
  while (dot < s.size() && s[dot] != '.') ++dot;
  if (dot == s.size()) dot = std::string_view::npos;
  auto secs = parse_uint(s.substr(0, dot));
  if (!secs || *secs > 100000000000LL) return std::nullopt;
  std::int64_t ms = 0;
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) return std::nullopt;
    int digits = 0;
    for (char c : frac) {
      if (c < '0' || c > '9') return std::nullopt;
      if (digits < 3) ms = ms * 10 + (c - '0');
      ++digits;
    }
    for (; digits < 3; ++digits) ms *= 10;
  }
  return *secs * 1000 + ms;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// `s` cut to at most `max` bytes (a marker "…" is appended when cut), for short excerpts of text
/// the tool may show (result texts, error messages). Never used on lines that may carry secrets.
inline std::string capped(std::string_view s, std::size_t max = 240) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, max)) + "\xE2\x80\xA6";
}

/// The host part of an authority `host:port`, `[v6]:port` or `host`.
inline std::string_view authority_host(std::string_view a) {
  if (!a.empty() && a.front() == '[') {
    std::size_t e = a.find(']');
    return e == std::string_view::npos ? a : a.substr(1, e - 1);
  }
  std::size_t c = a.rfind(':');
  if (c != std::string_view::npos && a.find(':') == c) return a.substr(0, c);
  return a;
}

}  // namespace awf::logs

namespace awf::logs {

/// `line` without a leading GitHub Actions / `docker logs -t` time stamp
/// (`2026-11-29T10:00:01.1234567Z ` — ISO 8601, optional fraction, `Z`, one space). Agent and
/// api-proxy lines copied from a job log carry it; the readers look past it.
inline std::string_view strip_ts_prefix(std::string_view line) {
  if (line.size() < 21 || line[4] != '-' || line[7] != '-' || line[10] != 'T' || line[13] != ':' || line[16] != ':')
    return line;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u})
    if (line[i] < '0' || line[i] > '9') return line;
  std::size_t i = 19;
  if (i < line.size() && line[i] == '.')
    for (++i; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
    }
  if (i + 1 < line.size() && line[i] == 'Z' && line[i + 1] == ' ') return line.substr(i + 2);
  return line;
}

/// ISO 8601 UTC `YYYY-MM-DDTHH:MM:SS[.fff][Z]` as Unix milliseconds, else nullopt.
inline std::optional<std::int64_t> parse_iso_ms(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len) { return parse_uint(s.substr(at, len)); };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (!y || !mo || !d || !h || !mi || !se || *mo < 1 || *mo > 12 || *d < 1 || *d > 31) return std::nullopt;
  std::int64_t ms = 0;
  if (s.size() > 20 && s[19] == '.') {
    int digits = 0;
    for (std::size_t i = 20; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
      if (digits < 3) ms = ms * 10 + (s[i] - '0');
    for (int k = digits; k < 3; ++k) ms *= 10;
  }
  // days from civil (H. Hinnant's algorithm)
  std::int64_t yy = *y - (*mo <= 2);
  std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  std::int64_t yoe = yy - era * 400;
  std::int64_t mp = (*mo + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5 + *d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = era * 146097 + doe - 719468;
  return ((days * 24 + *h) * 60 + *mi) * 60000 + *se * 1000 + ms;
}

/// Lenient read of a flat JSON object's field: the raw value of `"key":` — a string's content
/// without its quotes (not unescaped; Squid writes audit.jsonl without JSON escaping, so a string
/// ends at the first quote followed by `,` or `}`), or a number/literal token. nullopt if absent.
inline std::optional<std::string_view> lenient_json_field(std::string_view line, std::string_view key) {
  std::size_t at = 0;
  for (;;) {
    at = line.find(key, at);
    if (at == std::string_view::npos) return std::nullopt;
    if (at > 0 && line[at - 1] == '"' && at + key.size() < line.size() && line[at + key.size()] == '"') break;
    at += key.size();
  }
  std::size_t i = at + key.size() + 1;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size() || line[i] != ':') return std::nullopt;
  ++i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i >= line.size()) return std::nullopt;
  if (line[i] == '"') {
    std::size_t s = ++i;
    for (; i < line.size(); ++i) {
      if (line[i] != '"') continue;
      std::size_t j = i + 1;
      while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
      if (j >= line.size() || line[j] == ',' || line[j] == '}') return line.substr(s, i - s);
    }
    return std::nullopt;
  }
  std::size_t s = i;
  while (i < line.size() && line[i] != ',' && line[i] != '}' && line[i] != ' ') ++i;
  return line.substr(s, i - s);
}

}  // namespace awf::logs
