#include "logs/access_lines.hpp"

#include <cstring>
#include <vector>

#include "logs/squid_access.hpp"
#include "logs/text_fields.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace awf::logs {
namespace {

constexpr std::size_t kSpanBytes = 64u << 10;  ///< lines indexed at once (the index stays in cache)
constexpr std::size_t kFields = 9;             ///< parse_access_fields reads f[0..8]

#if defined(__SSE2__)
// Bit i set when p[i] (i < 16) is a space, a tab or a LF.
inline std::uint64_t seps16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
  return static_cast<std::uint32_t>(_mm_movemask_epi8(m));
}
#endif

// Appends base + the position of each set bit of m to `o` (ascending). Writes up to 16 entries
// without looking at the count (fewer mispredicted branches); only the first popcount(m) count.
__attribute__((always_inline)) inline std::uint32_t* flatten(std::uint64_t m, std::uint32_t base, std::uint32_t* o) {
  const int cnt = __builtin_popcountll(m);
  constexpr std::uint64_t kTop = 1ull << 63;  // keeps ctz defined once m is 0 (those entries are unused)
  for (int j = 0; j < 8; ++j) {
    o[j] = base + static_cast<std::uint32_t>(__builtin_ctzll(m | kTop));
    m &= m - 1;
  }
  if (cnt > 8) {
    for (int j = 8; j < 16; ++j) {
      o[j] = base + static_cast<std::uint32_t>(__builtin_ctzll(m | kTop));
      m &= m - 1;
    }
    for (int j = 16; j < cnt; ++j) {
      o[j] = base + static_cast<std::uint32_t>(__builtin_ctzll(m));
      m &= m - 1;
    }
  }
  return o + cnt;
}

// Positions of every space, tab and LF in p[0, n), ascending. `out` holds n + 16 entries.
inline std::size_t index_tail(const char* p, std::size_t i, std::size_t n, std::uint32_t* out, std::uint32_t* o) {
  for (; i < n; ++i)
    if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n') *o++ = static_cast<std::uint32_t>(i);
  return static_cast<std::size_t>(o - out);
}

std::size_t index_generic(const char* p, std::size_t n, std::uint32_t* out) {
  std::uint32_t* o = out;
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 64 <= n; i += 64) {
    const std::uint64_t m = seps16(p + i) | seps16(p + i + 16) << 16 | seps16(p + i + 32) << 32 | seps16(p + i + 48) << 48;
    o = flatten(m, static_cast<std::uint32_t>(i), o);
  }
#endif
  return index_tail(p, i, n, out, o);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define AWF_INDEX_AVX2 1
// The same with AVX2 compares and the popcnt instruction (chosen at run time when the CPU has them).
__attribute__((target("avx2"))) inline std::uint64_t seps32(const char* q) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
  const __m256i m = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t'))),
                                    _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')));
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(m));
}

__attribute__((target("avx2,popcnt,bmi"))) std::size_t index_avx2(const char* p, std::size_t n, std::uint32_t* out) {
  std::uint32_t* o = out;
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) o = flatten(seps32(p + i) | seps32(p + i + 32) << 32, static_cast<std::uint32_t>(i), o);
  return index_tail(p, i, n, out, o);
}
#endif

std::size_t index_separators(const char* p, std::size_t n, std::uint32_t* out) {
#ifdef AWF_INDEX_AVX2
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi");
  }();
  if (avx2) return index_avx2(p, n, out);
#endif
  return index_generic(p, n, out);
}

class Parser {
 public:
  explicit Parser(AccessSink& s) : s_(s), index_(kSpanBytes + 16) {}

  // Complete lines (the last ends with LF) numbered from `first`; returns how many.
  std::uint64_t block(std::string_view b, std::uint64_t first) {
    std::uint64_t line = first;
    std::size_t off = 0;
    while (off < b.size()) {
      std::size_t e = std::min(b.size(), off + kSpanBytes);
      while (e > off && b[e - 1] != '\n') --e;
      if (e == off) {  // one line longer than a span
        const char* nl = static_cast<const char*>(std::memchr(b.data() + off, '\n', b.size() - off));
        std::size_t end = static_cast<std::size_t>(nl - b.data());
        std::size_t len = end - off;
        if (len > 0 && b[end - 1] == '\r') --len;
        bool cut = len > kMaxLineBytes;
        read_access_line(b.substr(off, cut ? kMaxLineBytes : len), cut, line++, s_);
        off = end + 1;
        continue;
      }
      line = span(b.data() + off, e - off, line);
      off = e;
    }
    return line - first;
  }

 private:
  // p[0, n): whole lines shorter than kSpanBytes, the last ending with LF.
  std::uint64_t span(const char* p, std::size_t n, std::uint64_t line) {
    std::uint32_t* pos = index_.data();
    const std::size_t np = index_separators(p, n, pos);
    std::string_view f[kFields];
    std::size_t pi = 0;
    std::uint32_t ls = 0;  // start of the current line
    while (pi < np) {
      std::size_t nf = 0;
      std::uint32_t fs = ls, q;
      for (;;) {  // the LF is the last separator of a span, so this stops inside it
        q = pos[pi++];
        if (q > fs && nf < kFields) f[nf++] = std::string_view(p + fs, q - fs);
        fs = q + 1;
        if (p[q] == '\n') break;
      }
      std::uint32_t le = q;  // the line is p[ls, le)
      if (le > ls && p[le - 1] == '\r') {
        --le;
        // A CR ending the last field stored is not part of it (nor is a field of only a CR).
        if (nf > 0 && f[nf - 1].data() + f[nf - 1].size() == p + q) {
          f[nf - 1].remove_suffix(1);
          if (f[nf - 1].empty()) --nf;
        }
      }
      LogFormat got = LogFormat::unknown;
      if (parse_access_fields(f, nf, e_, got)) {
        s_.traffic.add(e_, Where{s_.source, line});
        ++(got == LogFormat::squid_access_native ? s_.native_lines : s_.detailed_lines);
        s_.summary.count(LineUse::used, line);
      } else {
        s_.summary.count(trim(std::string_view(p + ls, le - ls)).empty() ? LineUse::other : LineUse::unparsed, line);
      }
      ++line;
      ls = q + 1;
    }
    return line;
  }

  AccessSink& s_;
  std::vector<std::uint32_t> index_;
  AccessEntry e_;
};

}  // namespace

void read_access_line(std::string_view text, bool truncated, std::uint64_t number, AccessSink& sink) {
  if (truncated) ++sink.summary.lines_truncated;
  AccessEntry e;
  LogFormat got = LogFormat::unknown;
  if (parse_access_line(text, e, got)) {
    sink.traffic.add(e, Where{sink.source, number});
    ++(got == LogFormat::squid_access_native ? sink.native_lines : sink.detailed_lines);
    sink.summary.count(LineUse::used, number);
    return;
  }
  sink.summary.count(trim(text).empty() ? LineUse::other : LineUse::unparsed, number);
}

void read_access_lines(LineReader& r, AccessSink& sink) {
  Parser parser(sink);
  Line l;
  for (;;) {
    std::string_view b = r.peek_lines();
    if (!b.empty()) {
      r.consume(b.size(), parser.block(b, r.line_number() + 1));
      continue;
    }
    if (!r.next(l)) break;
    read_access_line(l.text, l.truncated, l.number, sink);
  }
}

}  // namespace awf::logs
