// What every fuzz target shares: a check that stops the run with a readable reason. A failed
// check is a bug; libFuzzer saves the input that caused it (crash-<sha1>).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

// Stops the fuzzer when `condition` is false, naming the condition and where it is.
#define LLMSIZE_FUZZ_CHECK(condition)                                                          \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            __builtin_trap();                                                                  \
        }                                                                                      \
    } while (false)

namespace llmsize::fuzz {

// An error message a user may see: not empty, and one line even when it repeats what the user
// typed (control characters in user text are escaped).
inline bool is_one_line(std::string_view message) {
    return !message.empty() && message.find('\n') == std::string_view::npos &&
           message.find('\r') == std::string_view::npos;
}

// True when `text` holds nothing a terminal acts on: no C0 control except the line feed, no DEL,
// no C1 control (as a raw byte or as UTF-8 U+0080..U+009F), no invalid UTF-8 (issue 16).
// `json`: a JSON document, whose strings keep DEL and C1 as JSON allows; C0 and invalid UTF-8
// are still refused.
inline bool is_terminal_safe(std::string_view text, bool json = false) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20 && byte != '\n') || (byte == 0x7F && !json)) return false;
        if (byte < 0x80) continue;
        std::size_t length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0;
        if (length == 0 || byte > 0xF4 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        if (!json && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return false;
        i += length - 1;
    }
    return true;
}

// `llmsize fleet` with some bad models (README, "A fleet of models"): exit 2 with the matrix on
// stdout (each bad model an error row) and one clean "llmsize: error: ..." line per bad model on
// stderr. The only exit-2 run that prints on stdout; the fuzz targets accept it in this form alone.
inline bool is_fleet_partial(const std::vector<std::string>& args, std::string_view out,
                             std::string_view err) {
    if (std::find(args.begin(), args.end(), "fleet") == args.end()) return false;
    if (!is_terminal_safe(out, out.starts_with('{')) || !is_terminal_safe(err)) return false;
    if (err.empty() || !err.ends_with('\n')) return false;
    while (!err.empty()) {
        const std::size_t end = err.find('\n');
        const std::string_view line = err.substr(0, end);
        if (!line.starts_with("llmsize: error: ") ||
            line.starts_with("llmsize: error: internal error:"))
            return false;
        err.remove_prefix(end + 1);
    }
    return true;
}

}  // namespace llmsize::fuzz
