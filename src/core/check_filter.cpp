// --only / --skip selection over check definitions.
#include "core/check_filter.hpp"

#include <fnmatch.h>

#include <map>
#include <set>
#include <stdexcept>

namespace awf {

bool check_id_matches(const std::string& pattern, const std::string& id) {
  return fnmatch(pattern.c_str(), id.c_str(), 0) == 0;
}

std::vector<CheckDef> filter_checks(const std::vector<CheckDef>& defs, const std::vector<std::string>& only,
                                    const std::vector<std::string>& skip) {
  auto matching = [&](const std::vector<std::string>& patterns, const char* flag) {
    std::set<std::string> ids;
    for (const auto& p : patterns) {
      bool any = false;
      for (const auto& d : defs)
        if (check_id_matches(p, d.id)) ids.insert(d.id), any = true;
      if (!any) throw std::invalid_argument(std::string(flag) + " '" + p + "' matches no check id (see --list-checks)");
    }
    return ids;
  };
  std::set<std::string> kept;
  if (only.empty())
    for (const auto& d : defs) kept.insert(d.id);
  else
    kept = matching(only, "--only");

  // Remove skipped checks and what depends on them (defs are in dependency order, but iterate to a
  // fixed point so the order of `defs` does not matter).
  std::set<std::string> removed = matching(skip, "--skip");
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& d : defs)
      if (!removed.count(d.id))
        for (const auto& p : d.depends_on)
          if (removed.count(p)) grew = removed.insert(d.id).second || grew;
  }
  for (const auto& id : removed) kept.erase(id);

  std::map<std::string, const CheckDef*> by_id;
  for (const auto& d : defs) by_id[d.id] = &d;
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& id : std::set<std::string>(kept))
      if (auto it = by_id.find(id); it != by_id.end())
        for (const auto& p : it->second->depends_on) grew = kept.insert(p).second || grew;
  }
  std::vector<CheckDef> out;
  for (const auto& d : defs)
    if (kept.count(d.id)) out.push_back(d);
  return out;
}

}  // namespace awf
