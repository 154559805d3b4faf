// "Did you mean ...?" for unknown names.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace llmsize {

// Case-insensitive edit distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Longest name closest_name compares: a longer one gets no suggestion (names are short, and the
// edit distance costs the product of the lengths).
inline constexpr std::size_t k_max_suggestion_query_bytes = 256;

// The candidate closest to `name`, when it is close enough to be a plausible typo. Candidates far
// longer or shorter than `name` are skipped without computing a distance.
std::optional<std::string> closest_name(std::string_view name,
                                        std::span<const std::string> candidates);

// The end of an "unknown name" message: ", did you mean 'NAME'?" naming closest_name's candidate,
// else `otherwise` (what lists the accepted names, or nothing).
std::string did_you_mean(std::string_view name, std::span<const std::string> candidates,
                         std::string_view otherwise = {});

std::string to_lower(std::string_view text);

}  // namespace llmsize
