// Fuzzes the whole program in-process: the input is split at ASCII whitespace into argv words and
// handed to run_cli with string streams. The exit-code contract must hold for every input:
//   code 0 or 1: a result on stdout, nothing on stderr;
//   code 2: nothing on stdout and exactly one line "llmsize: error: ..." on stderr, never an
//           "internal error" (an exception that run_cli caught but nobody translated).
// run_cli promises never to throw, so nothing is caught here.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "run_cli.hpp"

namespace {

constexpr std::size_t k_max_words = 64;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size() && words.size() < k_max_words) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i]))
            ++i;
        if (i > start) words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> args =
        split_words(std::string_view(reinterpret_cast<const char*>(data), size));
    std::ostringstream out;
    std::ostringstream err;
    const int code = llmsize::cli::run_cli(args, out, err);
    const std::string out_text = out.str();
    const std::string err_text = err.str();
    LLMSIZE_FUZZ_CHECK(code == 0 || code == 1 || code == 2);
    if (code == llmsize::cli::k_exit_bad_input && !out_text.empty()) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_fleet_partial(args, out_text, err_text));
    } else if (code == llmsize::cli::k_exit_bad_input) {
        LLMSIZE_FUZZ_CHECK(out_text.empty());
        LLMSIZE_FUZZ_CHECK(err_text.starts_with("llmsize: error: "));
        LLMSIZE_FUZZ_CHECK(err_text.ends_with('\n'));
        LLMSIZE_FUZZ_CHECK(
            llmsize::fuzz::is_one_line(std::string_view(err_text).substr(0, err_text.size() - 1)));
        LLMSIZE_FUZZ_CHECK(!err_text.starts_with("llmsize: error: internal error:"));
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_terminal_safe(err_text));
    } else {
        LLMSIZE_FUZZ_CHECK(err_text.empty());
        LLMSIZE_FUZZ_CHECK(!out_text.empty());
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_terminal_safe(out_text, out_text.starts_with('{')));
    }
    return 0;
}
