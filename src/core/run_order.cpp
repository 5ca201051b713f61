#include "core/run_order.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace awf {

std::map<std::string, std::size_t> index_checks(const std::vector<CheckDef>& defs) {
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

std::set<std::string> prerequisite_closure(const std::vector<CheckDef>& defs, const std::map<std::string, std::size_t>& index,
                              std::size_t i) {
  std::set<std::string> out;
  std::vector<std::size_t> todo{i};
  while (!todo.empty()) {
    std::size_t n = todo.back();
    todo.pop_back();
    for (const auto& p : defs[n].depends_on)
      if (out.insert(p).second) todo.push_back(index.at(p));
  }
  return out;
}

std::vector<int> chain_heights(const std::vector<CheckDef>& defs, const std::map<std::string, std::size_t>& index) {
  std::vector<std::vector<std::size_t>> waiters(defs.size());
  for (std::size_t j = 0; j < defs.size(); ++j) {
    for (const auto& p : defs[j].depends_on) waiters[index.at(p)].push_back(j);
    for (const auto& p : defs[j].after)
      if (auto it = index.find(p); it != index.end()) waiters[it->second].push_back(j);
  }
  std::vector<int> height(defs.size(), -1);  // -1 = not computed yet
  std::vector<bool> on_path(defs.size(), false);
  // Iterative depth-first search; an `after` edge that closes a cycle counts as no edge here.
  for (std::size_t root = 0; root < defs.size(); ++root) {
    if (height[root] >= 0) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};  // node, next waiter
    on_path[root] = true;
    while (!stack.empty()) {
      auto& [n, k] = stack.back();
      if (k < waiters[n].size()) {
        std::size_t w = waiters[n][k++];
        if (height[w] < 0 && !on_path[w]) {
          on_path[w] = true;
          stack.emplace_back(w, 0);
        }
        continue;
      }
      int h = 0;
      for (std::size_t w : waiters[n])
        if (height[w] >= 0) h = std::max(h, height[w] + 1);
      height[n] = h;
      on_path[n] = false;
      stack.pop_back();
    }
  }
  return height;
}

std::vector<std::size_t> launch_order(const std::vector<CheckDef>& defs, const std::map<std::string, std::size_t>& index) {
  const std::vector<int> height = chain_heights(defs, index);
  std::vector<std::size_t> order(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return height[a] > height[b]; });
  return order;
}

}  // namespace awf
