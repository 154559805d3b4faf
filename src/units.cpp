#include "llmsize/units.hpp"

#include <fmt/format.h>

#include <iterator>

#include "llmsize/checked.hpp"

namespace llmsize::units {

namespace {

// magnitude / unit in hundredths, rounded half to even, in integers: exact for every count (no
// trip through floating point), and the same digits printf gives where the quotient is exact.
std::uint64_t hundredths(std::uint64_t magnitude, std::uint64_t unit) {
    // unit is at least 10^6 and at most 10^12, so neither product below overflows.
    const std::uint64_t fraction = magnitude % unit * 100;
    std::uint64_t quotient = magnitude / unit * 100 + fraction / unit;
    const std::uint64_t remainder = fraction % unit;
    if (remainder > unit - remainder || (remainder == unit - remainder && quotient % 2 == 1)) {
        ++quotient;
    }
    return quotient;
}

std::string fixed_two(std::uint64_t value_hundredths, bool negative) {
    return fmt::format("{}{}.{:02}", negative && value_hundredths != 0 ? "-" : "",
                       value_hundredths / 100, value_hundredths % 100);
}

std::string two_decimals(std::int64_t value, std::uint64_t unit) {
    const bool negative = value < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                                             : static_cast<std::uint64_t>(value);
    return fixed_two(hundredths(magnitude, unit), negative);
}

}  // namespace

std::string group_digits(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string grouped;
    grouped.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[i]);
    }
    return grouped;
}

std::string gib_number(std::int64_t bytes) {
    return two_decimals(bytes, k_bytes_per_gib);
}
std::string gib_text(std::int64_t bytes) {
    return gib_number(bytes) + " GiB";
}
std::string gb_number(std::int64_t bytes) {
    return two_decimals(bytes, k_bytes_per_gb);
}
std::string gb_text(std::int64_t bytes) {
    return gb_number(bytes) + " GB";
}

std::string param_count_text(std::uint64_t parameters) {
    if (parameters < 1'000'000) return group_digits(parameters);
    // The unit is chosen after rounding: 999,995,000 rounds to 1000.00 M, so it is "1.00 B".
    static constexpr struct {
        std::uint64_t unit;
        const char* suffix;
    } k_units[] = {{1'000'000, "M"}, {1'000'000'000, "B"}, {1'000'000'000'000, "T"}};
    for (std::size_t i = 0; i + 1 < std::size(k_units); ++i) {
        const std::uint64_t rounded = hundredths(parameters, k_units[i].unit);
        if (rounded < 100'000) return fixed_two(rounded, false) + " " + k_units[i].suffix;
    }
    return fixed_two(hundredths(parameters, k_units[2].unit), false) + " T";
}

}  // namespace llmsize::units
