#include "llmsize/quantity.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {

struct Suffix {
    std::string_view text;  // compared case-sensitively unless lower-case duplicates exist
    std::uint64_t multiplier;
};

// A decimal number split into its digits and a power of ten: value = digits × 10^exponent.
struct Decimal {
    std::uint64_t digits = 0;
    int exponent = 0;
};

// Parses "7.24", "13e9", "1_000" into an exact Decimal; `rest` receives the unparsed suffix.
// Returns nullopt when the text does not start with a number.
std::optional<Decimal> parse_decimal(std::string_view text, std::string_view& rest,
                                     std::string_view what) {
    Decimal value;
    std::size_t i = 0;
    bool any_digit = false;
    bool after_point = false;
    int significant = 0;
    // Zeros after a non-zero digit are held back until another non-zero digit needs them, so
    // that "7.00000000000000000000" is 7, not 21 significant digits.
    int pending_zeros = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            any_digit = true;
            if (c == '0') {
                if (value.digits != 0) ++pending_zeros;
                if (after_point) --value.exponent;
                continue;
            }
            significant += pending_zeros + 1;
            if (significant > 18) {
                throw Error("invalid " + std::string(what) + " " + quote_value(text) +
                            ": too large");
            }
            for (; pending_zeros > 0; --pending_zeros)
                value.digits *= 10;
            value.digits = value.digits * 10 + static_cast<std::uint64_t>(c - '0');
            if (after_point) --value.exponent;
        } else if (c == '.' && !after_point) {
            after_point = true;
        } else if (c == '_' && any_digit) {
            continue;
        } else {
            break;
        }
    }
    if (!any_digit) return std::nullopt;
    value.exponent += pending_zeros;  // digits × 10^pending_zeros
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E') && i + 1 < text.size()) {
        std::size_t j = i + 1;
        bool negative = false;
        if (text[j] == '+' || text[j] == '-') negative = text[j++] == '-';
        int exponent = 0;
        const std::size_t digits_start = j;
        for (; j < text.size() && text[j] >= '0' && text[j] <= '9'; ++j) {
            if (exponent > 1000) {
                throw Error("invalid " + std::string(what) + " " + quote_value(text) +
                            ": too large");
            }
            exponent = exponent * 10 + (text[j] - '0');
        }
        if (j > digits_start) {
            value.exponent += negative ? -exponent : exponent;
            i = j;
        }
    }
    rest = text.substr(i);
    return value;
}

// value × multiplier as an exact whole number; nullopt when it is not whole.
// Throws Error (naming `what`) when it does not fit in 64 bits.
std::optional<std::uint64_t> to_whole(Decimal value, std::uint64_t multiplier,
                                      std::string_view what) {
    std::uint64_t result = checked_mul(value.digits, multiplier, what);
    int exponent = value.exponent;
    for (; exponent > 0; --exponent)
        result = checked_mul(result, 10, what);
    for (; exponent < 0; ++exponent) {
        if (result % 10 != 0) return std::nullopt;
        result /= 10;
    }
    return result;
}

std::uint64_t parse_with_suffixes(std::string_view text, std::span<const Suffix> suffixes,
                                  std::string_view what, std::string_view expected) {
    std::string_view rest;
    const std::optional<Decimal> value = parse_decimal(text, rest, what);
    if (!value)
        throw Error("invalid " + std::string(what) + " " + quote_value(text) + ", expected " +
                    std::string(expected));
    std::uint64_t multiplier = 1;
    if (!rest.empty()) {
        bool matched = false;
        for (const Suffix& suffix : suffixes) {
            if (rest == suffix.text) {
                multiplier = suffix.multiplier;
                matched = true;
                break;
            }
        }
        if (!matched) {
            throw Error("invalid " + std::string(what) + " " + quote_value(text) +
                        ": unknown suffix " + quote_value(rest) + ", expected " +
                        std::string(expected));
        }
    }
    std::optional<std::uint64_t> whole;
    try {
        whole = to_whole(*value, multiplier, what);
    } catch (const Error&) {  // beyond 64 bits: say which value, like the 19-digit case above
        throw Error("invalid " + std::string(what) + " " + quote_value(text) + ": too large");
    }
    if (!whole) {
        throw Error("invalid " + std::string(what) + " " + quote_value(text) +
                    ": not a whole number");
    }
    if (*whole == 0)
        throw Error("invalid " + std::string(what) + " " + quote_value(text) +
                    ": must be positive");
    return *whole;
}

constexpr std::array k_param_suffixes{
    Suffix{"k", 1'000},
    Suffix{"K", 1'000},
    Suffix{"M", 1'000'000},
    Suffix{"m", 1'000'000},
    Suffix{"B", 1'000'000'000},
    Suffix{"b", 1'000'000'000},
    Suffix{"G", 1'000'000'000},
    Suffix{"T", 1'000'000'000'000},
    Suffix{"t", 1'000'000'000'000},
};

constexpr std::array k_sequence_suffixes{
    Suffix{"k", 1024},
    Suffix{"K", 1024},
    Suffix{"M", 1024 * 1024},
    Suffix{"m", 1024 * 1024},
};

constexpr std::array k_byte_suffixes{
    Suffix{"B", 1},
    Suffix{"KiB", k_bytes_per_kib},
    Suffix{"MiB", k_bytes_per_mib},
    Suffix{"GiB", k_bytes_per_gib},
    Suffix{"TiB", k_bytes_per_gib * 1024},
    Suffix{"KB", 1'000},
    Suffix{"kB", 1'000},
    Suffix{"MB", 1'000'000},
    Suffix{"GB", k_bytes_per_gb},
    Suffix{"TB", k_bytes_per_gb * 1000},
};

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

}  // namespace

std::uint64_t parse_param_count(std::string_view text) {
    text = trim(text);
    const std::uint64_t count =
        parse_with_suffixes(text, k_param_suffixes, "parameter count",
                            "a whole number like 13e9, 13000000000, 13B, 7.24B or 560M");
    if (count > k_max_parameters) {
        throw Error("invalid parameter count " + quote_value(text) +
                    ": larger than 100T, the most llmsize accepts");
    }
    return count;
}

std::uint64_t parse_sequence_length(std::string_view text) {
    text = trim(text);
    const std::uint64_t length =
        parse_with_suffixes(text, k_sequence_suffixes, "sequence length",
                            "a whole number of tokens like 4096 or 32k (k = 1024)");
    if (length > k_max_sequence_length) {
        throw Error("invalid sequence length " + quote_value(text) +
                    ": larger than 1073741824 tokens, the most llmsize accepts");
    }
    return length;
}

std::vector<std::uint64_t> parse_sequence_lengths(std::string_view text) {
    std::vector<std::uint64_t> lengths;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (trim(item).empty()) {
            throw Error("invalid sequence length list " + quote_value(text) +
                        ": empty item, expected lengths separated by commas like 4096,2048");
        }
        lengths.push_back(parse_sequence_length(item));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return lengths;
}

std::uint64_t parse_byte_size(std::string_view text) {
    text = trim(text);
    return parse_with_suffixes(text, k_byte_suffixes, "size",
                               "a size with a unit like 1.5GiB, 512MiB or 2GB");
}

std::uint64_t parse_byte_size_with_unit(std::string_view text) {
    const std::string_view trimmed = trim(text);
    // Zero needs no unit: "0", "0.0".
    if (!trimmed.empty() && trimmed.find_first_not_of("0.") == std::string_view::npos &&
        trimmed.find('0') != std::string_view::npos) {
        return 0;
    }
    const std::uint64_t bytes = parse_byte_size(trimmed);
    const bool has_unit = std::any_of(trimmed.begin(), trimmed.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    });
    if (!has_unit) {
        throw Error("a size needs a unit, like 2GiB or 512MiB, got " + quote_value(trimmed));
    }
    return bytes;
}

double parse_duration_seconds(std::string_view text) {
    const std::string_view trimmed = trim(text);
    const std::string expected = "a duration with a unit like 500ms, 2s or 50us";
    std::size_t digits = 0;
    while (digits < trimmed.size() &&
           ((trimmed[digits] >= '0' && trimmed[digits] <= '9') || trimmed[digits] == '.'))
        ++digits;
    const std::string_view number = trimmed.substr(0, digits);
    const std::string unit = to_lower(trimmed.substr(digits));
    double scale = 0;
    if (unit == "s") scale = 1;
    if (unit == "ms") scale = 1e-3;
    if (unit == "us") scale = 1e-6;
    const bool has_digit =
        std::any_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!has_digit || scale == 0 || std::count(number.begin(), number.end(), '.') > 1 ||
        number.size() > 32)
        throw Error("invalid duration " + quote_value(text) + ", expected " + expected);
    const double seconds = std::stod(std::string(number)) * scale;
    if (!(seconds > 0) || seconds > 3600)
        throw Error("duration " + quote_value(text) + " must be above 0 and at most 1 hour");
    return seconds;
}

}  // namespace llmsize
