#include "core/runner.hpp"

#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

namespace awf {

std::chrono::milliseconds ProbeContext::remaining() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

const Check& ProbeContext::dep(const std::string& id) const {
  auto it = done.find(id);
  if (it == done.end()) throw std::out_of_range("check '" + id + "' is not a finished prerequisite");
  return it->second;
}

namespace {

std::string verb_for(Status s) {
  switch (s) {
    case Status::fail: return "failed";
    case Status::warn: return "warned";
    case Status::error: return "could not run";
    case Status::skip: return "was skipped";
    case Status::pass: return "passed";
  }
  return "did not pass";
}

// Index of every id; throws on duplicates, unknown prerequisites and cycles.
std::map<std::string, std::size_t> validate(const std::vector<CheckDef>& defs) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (!index.emplace(defs[i].id, i).second)
      throw std::invalid_argument("duplicate check id '" + defs[i].id + "'");
  for (const auto& d : defs)
    for (const auto& p : d.depends_on)
      if (!index.count(p))
        throw std::invalid_argument("check '" + d.id + "' depends on unknown check '" + p + "'");
  // Kahn's algorithm for cycle detection.
  std::vector<int> indeg(defs.size(), 0);
  for (std::size_t i = 0; i < defs.size(); ++i) indeg[i] = static_cast<int>(defs[i].depends_on.size());
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (indeg[i] == 0) ready.push_back(i);
  std::size_t seen = 0;
  while (!ready.empty()) {
    std::size_t n = ready.back();
    ready.pop_back();
    ++seen;
    for (std::size_t i = 0; i < defs.size(); ++i)
      for (const auto& p : defs[i].depends_on)
        if (p == defs[n].id && --indeg[i] == 0) ready.push_back(i);
  }
  if (seen != defs.size()) throw std::invalid_argument("check dependencies form a cycle");
  return index;
}

Check blank_from(const CheckDef& d) {
  Check c;
  c.id = d.id;
  c.link = d.link;
  c.title = d.title;
  c.depends_on = d.depends_on;
  return c;
}

}  // namespace

std::vector<Check> run_checks(const std::vector<CheckDef>& defs, const ChainSpec& spec, SecretSet& secrets,
                              const RunOptions& opts) {
  auto index = validate(defs);
  const auto start = Clock::now();
  const auto deadline = start + spec.timeout;
  const unsigned max_parallel = opts.max_parallel ? opts.max_parallel : 1;

  std::mutex mu;
  std::condition_variable cv;
  std::vector<Check> results(defs.size());
  std::vector<bool> finished(defs.size(), false), started(defs.size(), false);
  std::map<std::string, Check> done;  // finished checks by id (guarded by mu)
  std::map<std::string, std::string> root_cause;  // skipped id -> "a failed" (the first non-skip blocker)
  unsigned running = 0;
  std::size_t n_finished = 0;
  std::vector<std::thread> threads;

  auto finish = [&](std::size_t i, Check c) {  // caller holds mu
    results[i] = c;
    done[c.id] = std::move(c);
    finished[i] = true;
    ++n_finished;
  };

  std::unique_lock<std::mutex> lock(mu);
  while (n_finished < defs.size()) {
    bool progressed = false;
    for (std::size_t i = 0; i < defs.size(); ++i) {
      if (started[i]) continue;
      const CheckDef& d = defs[i];
      bool deps_done = true;
      for (const auto& p : d.depends_on) deps_done = deps_done && finished[index.at(p)];
      if (!deps_done) continue;
      // Prerequisites are final: decide skip, error (deadline) or launch.
      const Check* blocker = nullptr;
      for (const auto& p : d.depends_on) {
        const Check& pc = results[index.at(p)];
        bool ok = pc.status == Status::pass || (d.runs_after_warn && pc.status == Status::warn);
        if (!ok) {
          blocker = &pc;
          break;
        }
      }
      if (blocker) {
        started[i] = true;
        Check c = blank_from(d);
        c.status = Status::skip;
        if (blocker->status == Status::skip) {
          // Name the root prerequisite only: "needs b, which was skipped because a failed".
          // A check may also skip itself (e.g. nothing to judge): then it is its own root.
          auto rc = root_cause.find(blocker->id);
          const std::string root = rc != root_cause.end() ? rc->second : blocker->id + " was skipped";
          c.skip_reason = fmt::format("needs {}, which was skipped because {}", blocker->id, root);
          root_cause[d.id] = root;
        } else {
          root_cause[d.id] = fmt::format("{} {}", blocker->id, verb_for(blocker->status));
          c.skip_reason = fmt::format("needs {}, which {}: {}", blocker->id, verb_for(blocker->status), blocker->summary);
        }
        c.summary = "skipped: " + c.skip_reason;
        finish(i, std::move(c));
        progressed = true;
        continue;
      }
      if (Clock::now() >= deadline) {
        started[i] = true;
        Check c = blank_from(d);
        c.status = Status::error;
        c.summary = fmt::format("run deadline of {} ms passed before this check started", spec.timeout.count());
        c.hint = "raise --timeout, or run this link alone with `awf-diag probe " + to_string(d.link) + "`";
        finish(i, std::move(c));
        progressed = true;
        continue;
      }
      if (running >= max_parallel) continue;
      started[i] = true;
      ++running;
      progressed = true;
      std::map<std::string, Check> snapshot = done;
      threads.emplace_back([&, i, snapshot = std::move(snapshot)]() {
        const CheckDef& def = defs[i];
        ProbeContext ctx{spec, deadline, snapshot, secrets};
        auto t0 = Clock::now();
        Check c;
        try {
          c = def.run(ctx);
        } catch (const std::exception& e) {
          c = Check{};
          c.status = Status::error;
          c.summary = std::string("the check could not run: ") + e.what();
        } catch (...) {
          c = Check{};
          c.status = Status::error;
          c.summary = "the check could not run: unknown exception";
        }
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        c.id = def.id;
        c.link = def.link;
        if (c.title.empty()) c.title = def.title;
        c.depends_on = def.depends_on;
        if (!c.timing_ms.is_object()) c.timing_ms = nlohmann::json::object();
        if (!c.timing_ms.contains("total")) c.timing_ms["total"] = std::round(ms * 10.0) / 10.0;
        std::lock_guard<std::mutex> g(mu);
        finish(i, std::move(c));
        --running;
        cv.notify_all();
      });
    }
    if (n_finished == defs.size()) break;
    if (!progressed) cv.wait(lock);
  }
  lock.unlock();
  for (auto& t : threads) t.join();
  return results;
}

std::vector<CheckDef> select_for_links(const std::vector<CheckDef>& all, const std::vector<Link>& links) {
  std::set<std::string> want;
  for (const auto& d : all)
    for (Link l : links)
      if (d.link == l) want.insert(d.id);
  // Transitive closure over depends_on.
  bool grew = true;
  while (grew) {
    grew = false;
    for (const auto& d : all)
      if (want.count(d.id))
        for (const auto& p : d.depends_on) grew = want.insert(p).second || grew;
  }
  std::vector<CheckDef> out;
  for (const auto& d : all)
    if (want.count(d.id)) out.push_back(d);
  return out;
}

}  // namespace awf
