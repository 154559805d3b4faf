#include "llmsize/checked.hpp"

#include <limits>
#include <string>

#include "llmsize/error.hpp"

namespace llmsize {

namespace {
[[noreturn]] void throw_overflow(std::string_view what) {
    throw Error(std::string(what) + " is too large: the arithmetic overflows 64 bits");
}
}  // namespace

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::string_view what) {
    std::uint64_t result = 0;
    if (__builtin_mul_overflow(a, b, &result)) throw_overflow(what);
    return result;
}

std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::uint64_t c,
                          std::string_view what) {
    return checked_mul(checked_mul(a, b, what), c, what);
}

std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, std::string_view what) {
    std::uint64_t result = 0;
    if (__builtin_add_overflow(a, b, &result)) throw_overflow(what);
    return result;
}

std::int64_t to_signed(std::uint64_t value, std::string_view what) {
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw_overflow(what);
    }
    return static_cast<std::int64_t>(value);
}

}  // namespace llmsize
