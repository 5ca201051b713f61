#pragma once
// The order of a run (design.md "The Runner"): the dependency graph of the check definitions, what
// each check may read, and which ready check starts first. No threads, no I/O: the thread pool and
// the observer are core/runner.cpp's.
//
// Critical-path priority: ready checks start in decreasing order of the longest chain of checks
// that wait for them (through depends_on or `after`), then in definition order. On a live
// check-chain run the longest chain is proxy.tcp -> proxy.health -> proxy.forward ->
// squid.sidecar_tunnel -> proxy.stream -> upstream.stream, and the stream probe is the longest
// single request (docs/lab.md "Benchmark"), so its prerequisites never wait for a free slot behind
// checks that end the run no sooner.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/runner.hpp"

namespace awf {

/// Index of every id (id -> position in `defs`). Throws std::invalid_argument on a duplicate id, a
/// prerequisite (depends_on) that is not in `defs`, or a cycle over depends_on. `after` names may
/// be absent (order only, when present).
std::map<std::string, std::size_t> index_checks(const std::vector<CheckDef>& defs);

/// Every id `defs[i]` depends on, directly or transitively (depends_on only). `index` is
/// index_checks(defs).
std::set<std::string> prerequisite_closure(const std::vector<CheckDef>& defs,
                                           const std::map<std::string, std::size_t>& index, std::size_t i);

/// For each definition, the length (in checks) of the longest chain of checks that wait for it
/// through depends_on or `after`; 0 for a check nothing waits for. An `after` edge that would close
/// a cycle counts as no edge.
std::vector<int> chain_heights(const std::vector<CheckDef>& defs, const std::map<std::string, std::size_t>& index);

/// Positions of `defs` in launch priority: greater chain height first, then definition order (a
/// stable order). The runner scans it each time a slot frees and starts the first ready check.
std::vector<std::size_t> launch_order(const std::vector<CheckDef>& defs, const std::map<std::string, std::size_t>& index);

}  // namespace awf
