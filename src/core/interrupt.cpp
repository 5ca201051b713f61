#include "core/interrupt.hpp"

#include <signal.h>

#include <array>
#include <atomic>
#include <cstdio>

namespace awf {
namespace {

std::atomic<int> g_signal{0};
constexpr std::size_t kSlots = 64;
std::array<std::atomic<pid_t>, kSlots> g_groups{};  // 0 = free

static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free,
              "the signal handler needs lock-free atomics");

void forward_to_groups(int sig) {
  for (auto& slot : g_groups) {
    pid_t g = slot.load(std::memory_order_acquire);
    if (g > 0) ::kill(-g, sig);
  }
}

extern "C" void on_signal(int sig) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  forward_to_groups(sig);
}

}  // namespace

void install_signal_handling() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &sa, nullptr);
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  sigaction(SIGPIPE, &ign, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGCHLD, &dfl, nullptr);
}

int interrupt_signal() { return g_signal.load(std::memory_order_acquire); }

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: break;
  }
  static thread_local char buf[24];
  std::snprintf(buf, sizeof buf, "signal %d", sig);
  return buf;
}

void request_interrupt(int sig) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  forward_to_groups(sig);
}

void clear_interrupt_for_test() { g_signal.store(0, std::memory_order_release); }

bool register_process_group(pid_t pgid) {
  for (auto& slot : g_groups) {
    pid_t expected = 0;
    if (slot.compare_exchange_strong(expected, pgid, std::memory_order_acq_rel)) {
      // A signal that arrived just before registration must still reach this group.
      if (int sig = interrupt_signal()) ::kill(-pgid, sig);
      return true;
    }
  }
  return false;
}

void unregister_process_group(pid_t pgid) {
  for (auto& slot : g_groups) {
    pid_t expected = pgid;
    if (slot.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) return;
  }
}

}  // namespace awf
