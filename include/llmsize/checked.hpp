// Checked integer arithmetic for byte and parameter counts. Every product of user-supplied
// sizes goes through these: an overflow throws llmsize::Error instead of wrapping around.
#pragma once

#include <cstdint>
#include <string_view>

namespace llmsize {

// a × b; throws Error naming `what` when the product does not fit in 64 bits.
std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::string_view what);
// a + b; throws Error naming `what` on overflow.
std::uint64_t checked_add(std::uint64_t a, std::uint64_t b, std::string_view what);
// a × b × c.
std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::string_view what);

// Converts to a signed 64-bit value; throws Error when it does not fit.
std::int64_t to_signed(std::uint64_t value, std::string_view what);

// Exact memory units. GiB = 2^30 bytes, GB = 10^9 bytes: never mixed silently.
inline constexpr std::uint64_t k_bytes_per_kib = 1024;
inline constexpr std::uint64_t k_bytes_per_mib = 1024 * 1024;
inline constexpr std::uint64_t k_bytes_per_gib = 1024 * 1024 * 1024;
inline constexpr std::uint64_t k_bytes_per_gb = 1'000'000'000;

}  // namespace llmsize
