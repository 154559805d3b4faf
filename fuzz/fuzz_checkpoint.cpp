// libFuzzer target for the checkpoint readers: the input becomes a file that is read both as a
// safetensors file and as a GGUF file. Any exception other than llmsize::Error, a crash, a leak
// or a sanitizer report is a bug, and so is an error text that does not name the file or is not
// one clean line (issue 16). Build with clang: -fsanitize=fuzzer,address,undefined.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"
#include "llmsize/safetensors.hpp"

namespace {

const std::filesystem::path& input_path() {
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("llmsize-fuzz-checkpoint-" + std::to_string(::getpid()) + ".bin");
    return path;
}

// An error the user would see: it names the file first, is one line, and is terminal-safe.
void check_error_text(std::string_view message, std::string_view named) {
    LLMSIZE_FUZZ_CHECK(message.starts_with(named));
    LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(message));
    LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_terminal_safe(message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream file(input_path(), std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const std::string named = "reading '" + input_path().string() + "': ";
    try {
        (void)llmsize::read_safetensors_header(input_path());
    } catch (const llmsize::Error& error) {
        check_error_text(error.what(), named);
    }
    try {
        const llmsize::GgufSummary gguf = llmsize::read_gguf_header(input_path());
        (void)llmsize::model_from_gguf(gguf);
    } catch (const llmsize::Error& error) {
        check_error_text(error.what(), named);
    }
    return 0;
}
