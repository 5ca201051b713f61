#pragma once
// Lists the live members of a process group by reading /proc/<pid>/stat (field 5, pgrp; proc(5)).
// Zombies are not members that run: a killed orphan waits for its reaper.
#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <string>
#include <vector>

namespace awf::test {

inline std::vector<long> process_group_members_now(long pgid) {
  std::vector<long> out;
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    std::ifstream in(std::string("/proc/") + e->d_name + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;
    auto p = stat.rfind(')');
    if (p == std::string::npos || p + 2 >= stat.size()) continue;
    char state = stat[p + 2];
    long ppid = 0, pgrp = 0;
    if (std::sscanf(stat.c_str() + p + 4, "%ld %ld", &ppid, &pgrp) != 2) continue;
    if (pgrp == pgid && state != 'Z' && state != 'X') out.push_back(std::atol(e->d_name));
  }
  ::closedir(d);
  return out;
}

/// The group's live members, after waiting up to 2 s (bounded) for a SIGKILL already sent to land.
inline std::vector<long> process_group_members(long pgid) {
  std::vector<long> m;
  for (int i = 0; i < 100; ++i) {
    m = process_group_members_now(pgid);
    if (m.empty()) break;
    ::usleep(20000);
  }
  return m;
}

}  // namespace awf::test
