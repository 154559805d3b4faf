// Fuzzes the whole program in-process with arguments that may hold any byte: the input is split
// at NUL bytes only (argv words cannot hold NUL), so spaces, newlines, escape sequences and
// invalid UTF-8 reach run_cli inside one argument (issue 16). The contract of fuzz_cli holds, and
// nothing a terminal acts on reaches stdout or stderr:
//   code 0 or 1: a result on stdout, nothing on stderr; stdout has no control character
//                (JSON too: its strings escape them) and is valid UTF-8;
//   code 2: nothing on stdout and exactly one clean line "llmsize: error: ..." on stderr.
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

std::vector<std::string> split_at_nul(std::string_view text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= text.size() && words.size() < k_max_words) {
        std::size_t end = text.find('\0', start);
        if (end == std::string_view::npos) end = text.size();
        words.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> args =
        split_at_nul(std::string_view(reinterpret_cast<const char*>(data), size));
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
