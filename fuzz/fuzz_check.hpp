// What every fuzz target shares: a check that stops the run with a readable reason. A failed
// check is a bug; libFuzzer saves the input that caused it (crash-<sha1>).
#pragma once

#include <cstdio>
#include <string_view>

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

}  // namespace llmsize::fuzz
