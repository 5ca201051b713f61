// `-o markdown`: a Report as a GitHub issue body, bounded by GitHub's 65,536-character limit.
// Formats only: every status, verdict and sentence comes from the Report.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "report/render.hpp"
#include "report/render_util.hpp"
#include "report/report_internal.hpp"

namespace awf {
namespace {

using render::one_line;

constexpr std::size_t kMaxValuePoints = 200;

// Markdown text: one line, valid UTF-8, punctuation that Markdown or HTML would act on escaped, and
// no @-mentions (an issue body must not ping anyone).
std::string md(std::string_view s, std::size_t max_points = 0) {
  std::string in = one_line(render::valid_utf8(s), max_points), out;
  for (char ch : in) {
    if (std::string_view("\\`*_[]<>|#~!@&").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  return out;
}

// A hint: Markdown text whose `code` spans (balanced backticks) stay code, so commands render as
// commands; with unbalanced backticks everything is escaped.
std::string md_hint(std::string_view s) {
  std::string in = one_line(render::valid_utf8(s));
  if (std::count(in.begin(), in.end(), '`') % 2 != 0) return md(s);
  std::string out;
  bool in_code = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= in.size(); ++i) {
    if (i < in.size() && in[i] != '`') continue;
    std::string_view part(in.data() + start, i - start);
    out += in_code ? std::string(part) : md(part);
    if (i < in.size()) out += '`';
    in_code = !in_code;
    start = i + 1;
  }
  return out;
}

// An inline code span that survives backticks inside the value.
std::string code(std::string_view s, std::size_t max_points = 0) {
  std::string in = one_line(render::valid_utf8(s), max_points);
  std::size_t run = 0, longest = 0;
  for (char ch : in) longest = std::max(longest, run = ch == '`' ? run + 1 : 0);
  const std::string fence(longest + 1, '`');
  const bool pad = !in.empty() && (in.front() == '`' || in.back() == '`');
  if (in.empty()) return "` `";
  // A | inside a code span still ends a table cell on GitHub: escape it there too.
  std::string body;
  for (char ch : in) body += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string status_label(Status s) {
  switch (s) {
    case Status::pass: return "✅ pass";
    case Status::warn: return "⚠️ warn";
    case Status::fail: return "❌ fail";
    case Status::error: return "⛔ error";
    case Status::skip: return "⏭️ skip";
  }
  return "?";
}

// 65536 -> "65,536". Built forwards: std::string::insert here trips GCC 12's -Wrestrict false positive.
std::string grouped(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

struct FailedBlock {
  std::string head;                  // heading, summary
  std::vector<std::string> evidence; // one bullet each
  std::string tail;                  // timing, hint, blank line
};

// What to keep; the full report is {all, all, all, all, true}.
struct Keep {
  std::size_t detail_rows, evidence_per_block, blocks, hypotheses;
  bool run_block;
};

class Body {
 public:
  explicit Body(const Report& r) : r_(r), multi_(is_multi_route(r.checks)) {
    for (const auto& c : r.checks)
      if (c.status == Status::fail || c.status == Status::error) blocks_.push_back(failed_block(c));
    for (const auto& c : r.checks) {
      std::string what = c.status == Status::skip && !c.skip_reason.empty() ? "skipped: " + c.skip_reason : c.summary;
      rows_.push_back(fmt::format("| {} | {} | {} | {} |\n", code(label(c, multi_)), to_string(c.link), status_label(c.status),
                                  md(what, kMaxValuePoints)));
    }
    for (const auto& h : r.hypotheses)
      hyps_.push_back(fmt::format("| {} | {} | {} | {} |\n", code(label(h, multi_)), md(h.title), md(h.verdict), md(h.summary)));
  }

  Keep full() const {
    std::size_t most = 0;
    for (const auto& b : blocks_) most = std::max(most, b.evidence.size());
    return {rows_.size(), most, blocks_.size(), hyps_.size(), true};
  }

  std::string assemble(const Keep& k, std::size_t limit) const {
    const Keep all = full();
    const bool trimmed = k.detail_rows < all.detail_rows || k.evidence_per_block < all.evidence_per_block ||
                         k.blocks < all.blocks || k.hypotheses < all.hypotheses || !k.run_block;
    std::string s = fmt::format("## awf-diag: {}\n\n**{}**\n\n", md(r_.summary.verdict), md(r_.summary.text));
    if (trimmed) s += trim_note(k, limit);
    s += topology();
    s += "| Link | Status | Checks |\n|---|---|---|\n";
    for (Link l : kAllLinks) {
      auto it = r_.links.find(l);
      if (it == r_.links.end()) continue;
      int n = 0;
      for (const auto& c : r_.checks) n += c.link == l;
      s += fmt::format("| {} | {} | {} |\n", to_string(l), status_label(it->second), n);
    }
    s += "\n";
    if (!blocks_.empty()) {
      s += "### Failed checks\n\n";
      for (std::size_t i = 0; i < std::min(k.blocks, blocks_.size()); ++i) {
        const auto& b = blocks_[i];
        s += b.head;
        for (std::size_t e = 0; e < std::min(k.evidence_per_block, b.evidence.size()); ++e) s += b.evidence[e];
        if (k.evidence_per_block < b.evidence.size())
          s += fmt::format("- … {} more evidence fields in the JSON report\n", b.evidence.size() - k.evidence_per_block);
        s += b.tail;
      }
      if (k.blocks < blocks_.size()) s += fmt::format("_{} more failed checks left out._\n\n", blocks_.size() - k.blocks);
    }
    s += hypotheses(k);
    s += fmt::format("<details><summary>All {} checks</summary>\n\n", r_.checks.size());
    s += "| Check | Link | Status | Summary |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < std::min(k.detail_rows, rows_.size()); ++i) s += rows_[i];
    if (k.detail_rows < rows_.size()) s += fmt::format("\n_{} more checks left out._\n", rows_.size() - k.detail_rows);
    s += "\n</details>\n\n";
    if (k.run_block) s += run_block();
    s += fmt::format("<sub>awf-diag {} · exit code {} · re-render the JSON report with "
                     "<code>awf-diag report FILE -o markdown</code></sub>\n",
                     md(r_.tool_version), r_.exit_code);
    return s;
  }

 private:
  FailedBlock failed_block(const Check& c) const {
    FailedBlock b;
    b.head = fmt::format("#### {} {}{}\n\n{}{}\n\n", c.status == Status::fail ? "❌" : "⛔", code(label(c, multi_)),
                         c.title.empty() ? "" : " — " + md(c.title), c.status == Status::error ? "Could not run: " : "",
                         md(c.summary));
    for (const auto& [k, v] : render::flat_evidence(c.evidence))
      b.evidence.push_back(fmt::format("- {}: {}\n", code(k), code(v, kMaxValuePoints)));
    if (std::string t = render::timing_text(c.timing_ms); !t.empty()) b.tail += "- timing: " + md(t) + "\n";
    b.tail += "\n";
    if (!c.hint.empty()) b.tail += "**Hint:** " + md_hint(c.hint) + "\n\n";
    return b;
  }

  std::string trim_note(const Keep& k, std::size_t limit) const {
    const Keep all = full();
    std::vector<std::string> parts;
    if (k.detail_rows < all.detail_rows)
      parts.push_back(fmt::format("{} of {} rows of the check list", all.detail_rows - k.detail_rows, all.detail_rows));
    if (!k.run_block) parts.push_back("the run metadata");
    if (k.evidence_per_block < all.evidence_per_block) parts.push_back("evidence fields of failed checks");
    if (k.blocks < all.blocks) parts.push_back(fmt::format("{} failed-check blocks", all.blocks - k.blocks));
    if (k.hypotheses < all.hypotheses) parts.push_back(fmt::format("{} hypotheses", all.hypotheses - k.hypotheses));
    std::string list;
    for (std::size_t i = 0; i < parts.size(); ++i)
      list += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return fmt::format("> **Trimmed** to stay within {} characters: left out {}. The JSON report (`-o json`) has "
                       "everything.\n\n",
                       grouped(limit), list);
  }

  std::string topology() const {
    auto it = r_.run.find("topology");
    if (!r_.run.is_object() || it == r_.run.end() || it->is_null()) return {};
    if (!it->is_object()) return "**Topology:** " + md(render::scalar_text(*it)) + "\n\n";
    std::string s = "**Topology:**";
    for (const auto& [k, v] : render::flat_evidence(*it)) s += fmt::format(" {} {};", md(k), code(v, kMaxValuePoints));
    if (s.back() == ';') s.pop_back();
    return s + "\n\n";
  }

  std::string hypotheses(const Keep& k) const {
    if (hyps_.empty()) return {};
    std::string s = "### Hypotheses\n\n| Id | Hypothesis | Verdict | Reason |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < std::min(k.hypotheses, hyps_.size()); ++i) s += hyps_[i];
    s += "\n";
    if (r_.summary.leading_cause)
      for (const auto& h : r_.hypotheses)
        if (label(h, multi_) == *r_.summary.leading_cause && !h.hint.empty())
          s += fmt::format("**Next step ({}):** {}\n\n", code(label(h, multi_)), md_hint(h.hint));
    return s;
  }

  std::string run_block() const {
    std::string s = "<details><summary>Run</summary>\n\n";
    for (const auto& [k, v] : render::flat_evidence(r_.run)) s += fmt::format("- {}: {}\n", code(k), code(v, kMaxValuePoints));
    return s + "\n</details>\n\n";
  }

  const Report& r_;
  bool multi_ = false;
  std::vector<FailedBlock> blocks_;
  std::vector<std::string> rows_, hyps_;
};

// Largest n in [0, hi] for which fits(n) holds, given fits is monotone; 0 when none does.
template <class F>
std::size_t largest(std::size_t hi, F fits) {
  std::size_t lo = 0;
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo + 1) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

}  // namespace

std::string render_markdown(const Report& r, std::size_t max_bytes) {
  const Body body(r);
  Keep k = body.full();
  std::string out = body.assemble(k, max_bytes);
  if (out.size() <= max_bytes) return out;
  // Cut the least useful parts first: the check list and run metadata, then evidence lines, then
  // whole failed-check blocks, then hypotheses rows.
  auto fits = [&](const Keep& t) { return body.assemble(t, max_bytes).size() <= max_bytes; };
  k.run_block = false;
  k.detail_rows = largest(k.detail_rows, [&](std::size_t n) { Keep t = k; t.detail_rows = n; return fits(t); });
  if (!fits(k)) k.evidence_per_block = largest(k.evidence_per_block, [&](std::size_t n) { Keep t = k; t.evidence_per_block = n; return fits(t); });
  if (!fits(k)) k.blocks = largest(k.blocks, [&](std::size_t n) { Keep t = k; t.blocks = n; return fits(t); });
  if (!fits(k)) k.hypotheses = largest(k.hypotheses, [&](std::size_t n) { Keep t = k; t.hypotheses = n; return fits(t); });
  out = body.assemble(k, max_bytes);
  if (out.size() > max_bytes) {  // only a tiny limit gets here: keep the verdict, cut the rest
    const std::string tail = "\n\n_(trimmed)_\n";
    out = render::cut_utf8(out, max_bytes > tail.size() ? max_bytes - tail.size() : 0) + tail;
    out = render::cut_utf8(out, max_bytes);
  }
  return out;
}

}  // namespace awf
