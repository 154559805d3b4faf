// What the output goes to: its width in columns, and whether it may use colour and Unicode
// blocks. Read once from the environment in main(); tests pass their own.
#pragma once

#include <cstddef>
#include <optional>

namespace llmsize::cli {

struct Terminal {
    std::size_t columns = 100;  // text output is wrapped and fitted to this width
    bool color = false;         // ANSI colour: only on a terminal, never with NO_COLOR
    bool unicode = true;        // block characters; plain ASCII when TERM=dumb
};

// The rule, given what the environment says: COLUMNS when it is a positive number, else the
// terminal's own width, else 100 when stdout is not a terminal.
Terminal terminal_from(bool stdout_is_terminal, std::optional<std::size_t> terminal_columns,
                       const char* columns_variable, const char* no_color_variable,
                       const char* term_variable);

// terminal_from for this process's stdout and environment.
Terminal detect_terminal();

}  // namespace llmsize::cli
