// "Did you mean ...?" for unknown names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace llmsize {

// Case-insensitive edit distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, when it is close enough to be a plausible typo.
std::optional<std::string> closest_name(std::string_view name,
                                        std::span<const std::string> candidates);

std::string to_lower(std::string_view text);

}  // namespace llmsize
