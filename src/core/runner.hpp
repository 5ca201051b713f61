#pragma once
// The Runner: runs check definitions in dependency order, independent ones concurrently, under one
// deadline for the whole run (design.md "The Runner"; issue #2 "Core"). Which ready check starts
// first (critical-path priority) and the graph checks are core/run_order.hpp's.
//
// Rule: a check runs only when every check it depends on passed (or warned, for a definition with
// runs_after_warn); otherwise it is `skip` with
// skip_reason "needs <id>, which <failed|warned|errored|was skipped>: <that check's summary>".
// A check with CheckDef::launch_after may start before the rest of its prerequisites finish; the same
// rule then decides, once they have, whether its result stands or becomes that skip record.
// A check function that throws becomes `error` with the exception text. A check not started
// before the deadline is `error` ("run deadline of N ms passed before this check started"). A check
// whose thread cannot be started is `error` ("could not start a thread for this check: …"); the
// runner never lets an exception escape with threads still joinable (no std::terminate).
// Interruption (core/interrupt.hpp): once SIGINT/SIGTERM/SIGHUP is recorded, nothing new starts;
// every check not finished by then is `error` "interrupted by SIGTERM". Running checks get a grace of
// kInterruptGraceMs to return (their waits abort on the signal); a thread still running after it is
// detached, so the caller must end the process (std::_Exit) once it has written the report.
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/chain_spec.hpp"
#include "core/check.hpp"
#include "core/redact.hpp"

namespace awf {

using Clock = std::chrono::steady_clock;

class ProbeIo;  // core/probe_io.hpp

/// What a check function may read. `done` holds exactly the checks the function depends on,
/// directly or transitively, plus its `after` checks present in the run (all finished), keyed by
/// id; `deadline` is the whole run's.
struct ProbeContext {
  const ChainSpec& spec;
  Clock::time_point deadline;
  const std::map<std::string, Check>& done;
  SecretSet& secrets;
  /// Seam for tests: the I/O the probes use; null = the real network and subprocesses.
  const ProbeIo* io_override = nullptr;

  /// The probes' HTTP, TCP and helper-subprocess access (core/probe_io.hpp).
  const ProbeIo& io() const;
  /// Milliseconds left before the deadline (never negative).
  std::chrono::milliseconds remaining() const;
  /// The finished check with this id; throws std::out_of_range if it is not a dependency.
  const Check& dep(const std::string& id) const;
};

/// A check function returns the record with at least status and summary set; the runner fills in
/// id, link, title and depends_on from the definition, and timing_ms.total when absent.
using CheckFn = std::function<Check(const ProbeContext&)>;

struct CheckDef {
  std::string id;     ///< `<link>.<name>`
  Link link;
  std::string title;
  std::vector<std::string> depends_on;
  CheckFn run;
  /// When true, a prerequisite that warned still lets this check run (e.g. helper.run after a
  /// helper.config warning about disagreeing files). Fail, error and skip always block.
  bool runs_after_warn = false;
  /// Order only: these checks (when present in the run) finish before this one starts and are in
  /// its ProbeContext::done, but their status never blocks it.
  std::vector<std::string> after = {};
  /// Order only, for some runs: each id is added to `after` when its predicate holds for the run's
  /// spec (e.g. helper.run before a request that sends the apiKeyHelper's output, which the client
  /// sends only outside awf: probes/client_route.hpp). The runner evaluates them once, at the start.
  std::vector<std::pair<std::string, std::function<bool(const ChainSpec&)>>> after_if = {};
  /// Speculative launch (empty = none): the check may start as soon as these prerequisites (ids in
  /// its depends_on closure) finished with pass or warn and its `after` checks finished, before the
  /// rest of depends_on finish, so a long request overlaps the short ones that gate it (the stream
  /// probe beside proxy.forward). Its result stands only when, once every depends_on finished, none
  /// blocks it; otherwise the result is discarded for the skip record a blocked check gets, which
  /// keeps the discarded result's `evidence.spent` (what the request cost) and notes the discard in
  /// `evidence.discarded`. Its ProbeContext::done holds the prerequisites finished at launch only.
  std::vector<std::string> launch_after = {};
};

/// Starts `job` on a new thread. The default is std::thread; tests inject one that throws
/// std::system_error to prove a failed thread start becomes an `error` check.
using ThreadStarter = std::function<std::thread(std::function<void()>)>;

inline constexpr long kInterruptGraceMs = 1500;

struct RunOptions {
  /// Checks run at once at most. The checks wait on the network or a helper, not the CPU; 8 lets
  /// every independent request of a full check-chain run be in flight together.
  unsigned max_parallel = 8;
  ThreadStarter start_thread;  ///< empty = std::thread
  /// Called once per check as it finishes (skips and errors included), on the caller's thread, in
  /// finishing order; the record is final (not yet redacted). Exceptions it throws are ignored.
  std::function<void(const Check&)> on_result;
  /// Seam for tests: the I/O every check uses (ProbeContext::io_override); null = the real network
  /// and subprocesses. Called from several threads at once.
  const ProbeIo* io = nullptr;
};

/// Runs `defs` (must form a DAG over ids present in `defs`; throws std::invalid_argument otherwise)
/// and returns one Check per definition, in the order of `defs`.
std::vector<Check> run_checks(const std::vector<CheckDef>& defs, const ChainSpec& spec,
                              SecretSet& secrets, const RunOptions& opts = {});

/// The definitions needed to run every check of `links`: those checks plus, transitively, the
/// checks they depend on, in the order of `all`.
std::vector<CheckDef> select_for_links(const std::vector<CheckDef>& all, const std::vector<Link>& links);

}  // namespace awf
