#pragma once
// The flags of `check-chain` and `probe` (CLI11), and the checks of their values that make a run
// meaningless: usage errors (exit 2, decisions §1), found before any probe runs.
#include <string>

#include <CLI/CLI.hpp>

#include "cli/analyze_cmd.hpp"
#include "cli/output_options.hpp"
#include "cli/selection_options.hpp"
#include "core/chain_spec.hpp"

namespace awf {

struct ChainOptions {
  ChainFlags flags;
  OutputOptions out;
  SelectionOptions sel;
  std::string fail_on = "fail";
  std::string link;         // probe <link>
  std::string report_file;  // report <file>
  LogInputs logs;           // check-chain --squid-log … : log evidence merged into the live run
  std::vector<std::string> base_url_args;  // --base-url, each URL or PROVIDER=URL (split_url_args)
  std::vector<std::string> upstream_args;  // --upstream, likewise
};

/// Adds every chain flag (targets, mode, provider, client, timeout, output, selection) to `sub`.
void add_chain_options(CLI::App* sub, ChainOptions& o);

/// Splits the repeatable --base-url / --upstream values into flags.base_url / flags.upstream_url (at
/// most one plain URL each) and flags.base_url_for / upstream_for (PROVIDER=URL, PROVIDER a provider
/// row's name, each at most once; decisions.md 12). Returns "" or one line naming the flag and the
/// problem (an unknown provider, a second plain URL, a provider named twice).
std::string split_url_args(ChainOptions& o);

/// "" when the flags can make a run; else one line naming the flag and what is wrong with it
/// (not a URL, a scheme or port out of range, a --cacert that is no regular file or holds no PEM
/// certificate, a --home that is no directory). Reads --cacert (at most kMaxCaBundleBytes).
std::string validate_chain_flags(const ChainFlags& f);

}  // namespace awf
