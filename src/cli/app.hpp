#pragma once
// Command-line wiring only: parses arguments (CLI11), resolves the ChainSpec at the edge, runs the
// selected checks, builds the report, renders it. Exit codes: see report/report.hpp ExitCode.

namespace awf {

/// Entry point of the awf-diag executable; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace awf
