#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace llmsize::cli {

Terminal terminal_from(bool stdout_is_terminal, std::optional<std::size_t> terminal_columns,
                       const char* columns_variable, const char* no_color_variable,
                       const char* term_variable) {
    Terminal terminal;
    std::size_t columns = 0;
    const std::string_view text = columns_variable ? columns_variable : "";
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), columns);
    if (!text.empty() && error == std::errc{} && end == text.data() + text.size() && columns > 0 &&
        columns < 10'000) {
        terminal.columns = columns;
    } else if (stdout_is_terminal && terminal_columns && *terminal_columns > 0) {
        terminal.columns = *terminal_columns;
    }
    const bool dumb = term_variable && std::string_view(term_variable) == "dumb";
    terminal.unicode = !dumb;
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    const bool no_color = no_color_variable && *no_color_variable != '\0';
    terminal.color = stdout_is_terminal && !no_color && !dumb;
    return terminal;
}

Terminal detect_terminal() {
    const bool is_terminal = isatty(STDOUT_FILENO) == 1;
    std::optional<std::size_t> columns;
    winsize size{};
    if (is_terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        columns = size.ws_col;
    return terminal_from(is_terminal, columns, std::getenv("COLUMNS"), std::getenv("NO_COLOR"),
                         std::getenv("TERM"));
}

}  // namespace llmsize::cli
