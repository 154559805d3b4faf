// Parsers for the quantities users type: parameter counts, sequence lengths, byte sizes.
// They accept exact decimal notation and never round through floating point.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace llmsize {

// Largest parameter count llmsize accepts: 10^14 (100 T), far above any published model.
inline constexpr std::uint64_t k_max_parameters = 100'000'000'000'000;
// Largest sequence length accepted: 2^30 tokens.
inline constexpr std::uint64_t k_max_sequence_length = std::uint64_t{1} << 30;

// "13e9", "13000000000", "13B", "13b", "7.24B", "560M", "1.5T", "125k", "13_000_000_000".
// Suffixes: k/K = 10^3, M/m = 10^6, B/b/G = 10^9, T/t = 10^12. The value must be a whole,
// positive number of parameters no larger than k_max_parameters. Throws Error.
std::uint64_t parse_param_count(std::string_view text);

// One sequence length in tokens: a positive whole number, "4096", "4k" (= 4096), "32k", "128K",
// "1M" (= 2^20); at most k_max_sequence_length. Throws Error.
std::uint64_t parse_sequence_length(std::string_view text);

// A comma-separated list of sequence lengths: "4096,2048". Throws Error.
std::vector<std::uint64_t> parse_sequence_lengths(std::string_view text);

// A byte size with an explicit unit: "1.5GiB", "512MiB", "2GB", "800MB", "1024" (bytes).
// Binary units (KiB, MiB, GiB, TiB) and decimal units (KB, MB, GB, TB) are never confused.
std::uint64_t parse_byte_size(std::string_view text);
// As parse_byte_size, but a unit is required unless the size is zero ("2" is an error, "0" not).
std::uint64_t parse_byte_size_with_unit(std::string_view text);

// A duration with a unit: "500ms", "2s", "1.5s", "50us". Positive; at most an hour. Throws Error.
double parse_duration_seconds(std::string_view text);

}  // namespace llmsize
