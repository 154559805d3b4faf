// Units: the one place that turns byte counts and parameter counts into text (issue 14). Every
// caller, the core's messages and the CLI's tables alike, formats through these, so "12.34 GiB"
// means the same thing everywhere. GiB = 2^30 bytes, GB = 10^9 bytes; the name of each function
// says which it prints.
#pragma once

#include <cstdint>
#include <string>

namespace llmsize::units {

// "131,072": digits in groups of three.
std::string group_digits(std::uint64_t value);

// Bytes as binary gibibytes with two decimals, without and with the unit: "14.96", "14.96 GiB".
std::string gib_number(std::int64_t bytes);
std::string gib_text(std::int64_t bytes);

// Bytes as decimal gigabytes with two decimals, without and with the unit: "16.06", "16.06 GB".
std::string gb_number(std::int64_t bytes);
std::string gb_text(std::int64_t bytes);

// A parameter count for people: "8.03 B", "125.08 M", "1.00 T"; below a million, the exact count
// with digit groups ("124,439"). The unit is chosen after rounding, so 999,999,999 is "1.00 B"
// rather than "1000.00 M".
std::string param_count_text(std::uint64_t parameters);

}  // namespace llmsize::units
