#include "core/runner.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "core/interrupt.hpp"
#include "core/run_order.hpp"
#include "topology/topology.hpp"

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

Check blank_from(const CheckDef& d) {
  Check c;
  c.id = d.id;
  c.link = d.link;
  c.title = d.title;
  c.depends_on = d.depends_on;
  return c;
}

/// Everything the check threads share with the scheduler. Owned jointly (shared_ptr), so a thread
/// detached after an interruption never touches freed memory.
struct RunState {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Check> results;
  std::vector<bool> finished, started;
  std::vector<std::optional<Check>> held;  // a speculative check's result until its prerequisites are final
  std::vector<std::size_t> newly_finished;  // for the observer, in finishing order
  std::size_t n_finished = 0;
  unsigned running = 0;

  void finish(std::size_t i, Check c) {  // caller holds mu
    if (finished[i]) return;
    results[i] = std::move(c);
    finished[i] = true;
    ++n_finished;
    newly_finished.push_back(i);
  }
};

Check interrupted_check(const CheckDef& d, int sig, bool was_running) {
  Check c = blank_from(d);
  c.status = Status::error;
  c.summary = fmt::format("interrupted by {}{}", signal_name(sig),
                          was_running ? " while this check ran" : " before this check started");
  c.evidence["interrupted_by"] = signal_name(sig);
  return c;
}

/// Runs one definition (on its thread) and completes the record from the definition.
Check run_one(const CheckDef& def, const ProbeContext& ctx) {
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
  return c;
}

/// `given` with each CheckDef::after_if id whose predicate holds for `spec` moved into `after`.
std::vector<CheckDef> with_conditional_after(const std::vector<CheckDef>& given, const ChainSpec& spec) {
  std::vector<CheckDef> defs = given;
  for (auto& d : defs) {
    for (const auto& [id, when] : d.after_if)
      if (when && when(spec)) d.after.push_back(id);
    d.after_if.clear();
  }
  return defs;
}

/// The skip record of a speculative check whose prerequisites blocked it, with what its discarded
/// result sent (evidence.spent) and said (evidence.discarded).
Check discarded_record(Check skip, const Check& discarded, const CheckDef& d) {
  skip.evidence["discarded"] = {{"launched_after", d.launch_after},
                                {"status", to_string(discarded.status)},
                                {"summary", discarded.summary}};
  if (discarded.evidence.is_object() && discarded.evidence.contains("spent")) {
    const nlohmann::json& spent = discarded.evidence["spent"];
    skip.evidence["spent"] = spent;
    if (spent.is_object() && spent.contains("output_tokens") && spent["output_tokens"].is_number_integer() &&
        spent["output_tokens"].get<long long>() > 0)
      skip.summary += fmt::format("; the request sent before its prerequisites finished spent {} output tokens",
                                  spent["output_tokens"].get<long long>());
  }
  return skip;
}

/// Joins every thread on scope exit (exception paths included), so none is destroyed joinable.
struct Joiner {
  std::vector<std::thread>& threads;
  ~Joiner() {
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

}  // namespace

std::vector<Check> run_checks(const std::vector<CheckDef>& given, const ChainSpec& spec, SecretSet& secrets,
                              const RunOptions& opts) {
  const std::vector<CheckDef> defs = with_conditional_after(given, spec);
  auto index = index_checks(defs);
  std::vector<std::set<std::string>> closure(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    closure[i] = prerequisite_closure(defs, index, i);
    for (const auto& id : defs[i].launch_after)
      if (!closure[i].count(id))
        throw std::invalid_argument("check '" + defs[i].id + "' launches after '" + id + "', which it does not depend on");
  }
  const auto start = Clock::now();
  const auto deadline = start + spec.timeout;
  const unsigned max_parallel = opts.max_parallel ? opts.max_parallel : 1;
  const ThreadStarter starter = opts.start_thread ? opts.start_thread
                                                  : ThreadStarter([](std::function<void()> job) {
                                                      return std::thread(std::move(job));
                                                    });

  // Longest waiting chain first, then definition order (results keep definition order).
  const std::vector<std::size_t> order = launch_order(defs, index);

  auto st = std::make_shared<RunState>();
  st->results.resize(defs.size());
  st->finished.assign(defs.size(), false);
  st->started.assign(defs.size(), false);
  st->held.resize(defs.size());
  std::vector<bool> speculative(defs.size(), false);
  std::map<std::string, const Check*> passthrough;  // topology-skipped id -> what blocks its dependents
  std::map<std::string, std::string> root_cause;  // skipped id -> "a failed" (the first non-skip blocker)
  std::vector<std::thread> threads;
  threads.reserve(defs.size());  // push_back below never reallocates, so never throws with a live thread
  Joiner joiner{threads};

  auto notify = [&](std::unique_lock<std::mutex>& lock) {  // observer calls, outside the lock
    if (!opts.on_result || st->newly_finished.empty()) return;
    std::vector<Check> batch;
    for (std::size_t i : st->newly_finished) batch.push_back(st->results[i]);
    st->newly_finished.clear();
    lock.unlock();
    for (const auto& c : batch) {
      try {
        opts.on_result(c);
      } catch (...) {
      }
    }
    lock.lock();
  };
  auto finished_all = [&](const std::vector<std::string>& ids, bool absent_ok) {
    for (const auto& p : ids) {
      auto it = index.find(p);
      if (it == index.end() ? !absent_ok : !st->finished[it->second]) return false;
    }
    return true;
  };
  // The prerequisite that blocks `d` (all of d.depends_on finished), or null. A check of a hop that is
  // not in the run's topology is transparent: its dependents are blocked only by what blocked it.
  auto blocker_of = [&](const CheckDef& d) -> const Check* {
    for (const auto& p : d.depends_on) {
      const Check& pc = st->results[index.at(p)];
      if (auto pt = passthrough.find(p); pt != passthrough.end()) {
        if (pt->second) return pt->second;
        continue;
      }
      if (!(pc.status == Status::pass || (d.runs_after_warn && pc.status == Status::warn))) return &pc;
    }
    return nullptr;
  };
  auto blocked_record = [&](const CheckDef& d, const Check& blocker) {
    Check c = blank_from(d);
    c.status = Status::skip;
    if (blocker.status == Status::skip) {
      // Name the root prerequisite only: "needs b, which was skipped because a failed".
      // A check may also skip itself (e.g. nothing to judge): then it is its own root.
      // A self-skip is said with its own summary, not "skipped because helper.config was skipped".
      auto rc = root_cause.find(blocker.id);
      if (rc != root_cause.end()) {
        c.skip_reason = fmt::format("needs {}, which was skipped because {}", blocker.id, rc->second);
        root_cause[d.id] = rc->second;
      } else {
        c.skip_reason = fmt::format("needs {}, which was skipped: {}", blocker.id, blocker.summary);
        root_cause[d.id] = blocker.id + " was skipped";
      }
    } else {
      root_cause[d.id] = fmt::format("{} {}", blocker.id, verb_for(blocker.status));
      c.skip_reason = fmt::format("needs {}, which {}: {}", blocker.id, verb_for(blocker.status), blocker.summary);
    }
    c.summary = "skipped: " + c.skip_reason;
    return c;
  };
  // Speculative launch gate: every launch_after prerequisite passed or warned, every `after` finished.
  auto may_launch_early = [&](const CheckDef& d) {
    if (d.launch_after.empty() || !finished_all(d.after, true)) return false;
    for (const auto& p : d.launch_after) {
      std::size_t k = index.at(p);
      if (!st->finished[k] || passthrough.count(p)) return false;
      if (st->results[k].status != Status::pass && st->results[k].status != Status::warn) return false;
    }
    return true;
  };

  std::unique_lock<std::mutex> lock(st->mu);
  int interrupted = 0;
  while (st->n_finished < defs.size()) {
    if (int sig = interrupt_signal()) {
      interrupted = sig;
      break;
    }
    bool progressed = false;
    // A speculative result stands once every prerequisite is final and none blocks it.
    for (std::size_t i : order) {
      if (!speculative[i] || st->finished[i] || !st->held[i] || !finished_all(defs[i].depends_on, false)) continue;
      progressed = true;
      if (const Check* blocker = blocker_of(defs[i])) {
        st->finish(i, discarded_record(blocked_record(defs[i], *blocker), *st->held[i], defs[i]));
      } else {
        st->finish(i, std::move(*st->held[i]));
      }
      st->held[i].reset();
    }
    for (std::size_t i : order) {
      if (st->started[i]) continue;
      const CheckDef& d = defs[i];
      const bool deps_done = finished_all(d.depends_on, false) && finished_all(d.after, true);
      const bool early = !deps_done && may_launch_early(d) && !not_in_topology(d.id, spec.topology);
      if (!deps_done && !early) continue;
      if (deps_done) {
        // Prerequisites are final: decide skip, error (deadline) or launch.
        const Check* blocker = blocker_of(d);
        if (auto why = not_in_topology(d.id, spec.topology)) {
          st->started[i] = true;
          Check c = blank_from(d);
          c.status = Status::skip;
          c.skip_reason = *why;
          c.summary = "skipped: " + *why;
          c.evidence["topology"] = to_string(spec.topology.mode);
          passthrough[d.id] = blocker;
          st->finish(i, std::move(c));
          progressed = true;
          continue;
        }
        if (blocker) {
          st->started[i] = true;
          st->finish(i, blocked_record(d, *blocker));
          progressed = true;
          continue;
        }
      }
      if (Clock::now() >= deadline) {
        if (early) continue;  // decided once its prerequisites are final
        st->started[i] = true;
        Check c = blank_from(d);
        c.status = Status::error;
        c.summary = fmt::format("run deadline of {} ms passed before this check started", spec.timeout.count());
        c.hint = "raise --timeout, or run this link alone with `awf-diag probe " + to_string(d.link) + "`";
        st->finish(i, std::move(c));
        progressed = true;
        continue;
      }
      if (st->running >= max_parallel) continue;
      st->started[i] = true;
      speculative[i] = early;
      progressed = true;
      // Exactly the prerequisites, direct and transitive (those finished, for a speculative launch).
      std::map<std::string, Check> snapshot;
      for (const auto& id : closure[i])
        if (st->finished[index.at(id)]) snapshot.emplace(id, st->results[index.at(id)]);
      for (const auto& id : defs[i].after)  // order-only: finished, readable, never blocking
        if (auto it = index.find(id); it != index.end()) snapshot.emplace(id, st->results[it->second]);
      const CheckDef* def = &d;
      auto job = [st, i, def, early, &spec, &secrets, deadline, io = opts.io, snapshot = std::move(snapshot)]() {
        ProbeContext ctx{spec, deadline, snapshot, secrets, io};
        Check c = run_one(*def, ctx);
        std::lock_guard<std::mutex> g(st->mu);
        // A check that returns after an interruption ran while its waits were being cut short.
        if (int sig = interrupt_signal()) c = interrupted_check(*def, sig, true);
        if (early)
          st->held[i] = std::move(c);  // the scheduler decides once the prerequisites are final
        else
          st->finish(i, std::move(c));
        --st->running;
        st->cv.notify_all();
      };
      try {
        ++st->running;
        threads.push_back(starter(std::move(job)));
      } catch (const std::exception& e) {
        --st->running;
        speculative[i] = false;
        Check c = blank_from(d);
        c.status = Status::error;
        c.summary = fmt::format("could not start a thread for this check: {}", e.what());
        c.hint = "the system is out of threads or memory: retry, or run one link with `awf-diag probe " +
                 to_string(d.link) + "`";
        st->finish(i, std::move(c));
      }
    }
    notify(lock);
    if (st->n_finished == defs.size()) break;
    if (!progressed) st->cv.wait_for(lock, std::chrono::milliseconds(50));
  }
  if (interrupted) {
    // Nothing new starts; running checks get a grace period to return, then are recorded as interrupted.
    for (std::size_t i = 0; i < defs.size(); ++i)
      if (!st->started[i]) {
        st->started[i] = true;
        st->finish(i, interrupted_check(defs[i], interrupted, false));
      }
    st->cv.wait_for(lock, std::chrono::milliseconds(kInterruptGraceMs), [&] { return st->running == 0; });
    for (std::size_t i = 0; i < defs.size(); ++i)
      if (!st->finished[i]) st->finish(i, interrupted_check(defs[i], interrupted, true));
    notify(lock);
    std::vector<Check> out = st->results;
    const bool stragglers = st->running > 0;
    lock.unlock();
    if (stragglers)
      for (auto& t : threads) t.detach();  // they hold `st` alive; the caller ends the process
    return out;
  }
  notify(lock);
  lock.unlock();
  for (auto& t : threads) t.join();
  return st->results;
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
