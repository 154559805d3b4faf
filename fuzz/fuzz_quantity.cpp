// Fuzzes the parsers for what users type: parse_param_count, parse_sequence_lengths,
// parse_byte_size and parse_dtype, each on the whole input. Only llmsize::Error may come out, every
// accepted value must lie in the documented range, and plain digit strings must parse exactly.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/error.hpp"
#include "llmsize/quantity.hpp"

namespace {

// The exact value of a string of ASCII digits, when it fits in 64 bits.
std::optional<std::uint64_t> plain_digits(std::string_view text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

template <typename Parse>
void expect_value_or_error(Parse parse) {
    try {
        parse();
    } catch (const llmsize::Error& error) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(error.what()));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::optional<std::uint64_t> exact = plain_digits(text);

    expect_value_or_error([&] {
        const std::uint64_t count = llmsize::parse_param_count(text);
        LLMSIZE_FUZZ_CHECK(count >= 1 && count <= llmsize::k_max_parameters);
        if (exact) LLMSIZE_FUZZ_CHECK(count == *exact);
    });
    expect_value_or_error([&] {
        const std::vector<std::uint64_t> lengths = llmsize::parse_sequence_lengths(text);
        LLMSIZE_FUZZ_CHECK(!lengths.empty());
        for (const std::uint64_t length : lengths) {
            LLMSIZE_FUZZ_CHECK(length >= 1 && length <= llmsize::k_max_sequence_length);
        }
        if (exact) LLMSIZE_FUZZ_CHECK(lengths.size() == 1 && lengths[0] == *exact);
    });
    expect_value_or_error([&] {
        const std::uint64_t bytes = llmsize::parse_byte_size(text);
        LLMSIZE_FUZZ_CHECK(bytes >= 1);
        if (exact) LLMSIZE_FUZZ_CHECK(bytes == *exact);
    });
    expect_value_or_error([&] {
        const llmsize::Dtype dtype = llmsize::parse_dtype(text);
        LLMSIZE_FUZZ_CHECK(llmsize::dtype_bits(dtype) >= 4);
    });
    return 0;
}
