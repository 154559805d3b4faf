// The command-line front end: the only code that knows CLI11, prints, or picks exit codes.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

namespace llmsize::cli {

// Exit codes: part of the interface, documented in --help and the README.
inline constexpr int k_exit_fits = 0;    // an answer that meets every requirement
inline constexpr int k_exit_no_fit = 1;  // nothing in the catalog meets the requirements
// bad input or usage; nothing is printed on stdout (but `fleet` with some bad models prints its
// matrix, one error row per bad model)
inline constexpr int k_exit_bad_input = 2;

// Runs llmsize with `args` (without the program name), writing results to `out` and
// diagnostics to `err`; returns the exit code. Never throws.
int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace llmsize::cli
