// The command-line front end: the only code that knows CLI11, prints, or picks exit codes.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "terminal.hpp"

namespace llmsize::cli {

// Exit codes: part of the interface, documented in --help and the README.
inline constexpr int k_exit_fits = 0;    // an answer that meets every requirement
inline constexpr int k_exit_no_fit = 1;  // nothing in the catalog meets the requirements
// bad input or usage; nothing is printed on stdout (but `fleet` with some bad models prints its
// matrix, one error row per bad model)
inline constexpr int k_exit_bad_input = 2;

// Runs llmsize with `args` (without the program name), reading `--config -` from `in`, writing
// results to `out` and diagnostics to `err`; returns the exit code. Never throws. A stream that
// cannot be written is exit 2.
int run_cli(std::span<const std::string> args, std::istream& in, std::ostream& out,
            std::ostream& err);
// The same for output to `terminal` (its width, colour and Unicode); the others assume a
// 100-column file.
int run_cli(std::span<const std::string> args, std::istream& in, std::ostream& out,
            std::ostream& err, const Terminal& terminal);
// The same with nothing on standard input.
int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err);

// One option of the command line as CLI11 holds it: the command it belongs to ("" at the top
// level, else "models", "instances", "fleet"), its names ("-h", "--help"; a positional's name
// bare, "models") and its help text.
struct OptionEntry {
    std::string command;
    std::vector<std::string> names;
    std::string description;
};
// Every option of every command, from the option table the parser itself is built with: what
// the meta-test walks (each has help text, no name twice in a command).
std::vector<OptionEntry> option_table();

}  // namespace llmsize::cli
