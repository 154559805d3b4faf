#include "llmsize/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace llmsize {

std::string to_lower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::string x = to_lower(a);
    const std::string y = to_lower(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::optional<std::string> closest_name(std::string_view name,
                                        std::span<const std::string> candidates) {
    // Names are short; a query longer than this is not a typo of one, and comparing it would cost
    // its length times each candidate's.
    if (name.size() > k_max_suggestion_query_bytes) return std::nullopt;
    const std::size_t accepted = std::max<std::size_t>(2, name.size() / 3);
    const std::string lower = to_lower(name);
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const std::string& candidate : candidates) {
        // The edit distance is at least the difference in length: skip candidates far longer or
        // shorter than the query (unless the query is part of them, below), unread.
        const std::size_t gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                               : name.size() - candidate.size();
        if (candidate.size() > k_max_suggestion_query_bytes * 4 ||
            (gap > accepted && candidate.size() < name.size())) {
            continue;
        }
        const std::string lower_candidate = to_lower(candidate);
        if (gap > accepted) {
            // Only containment ("p4d.24xl" in "ml.p4d.24xlarge") can still make it a suggestion.
            if (!lower.empty() && lower_candidate.find(lower) != std::string::npos &&
                (!best || best_distance > 0)) {
                best = candidate;
                best_distance = 0;
            }
            continue;
        }
        // A candidate that contains what was typed ("p4d.24xl" in "ml.p4d.24xlarge") is a
        // stronger hint than any edit distance.
        std::size_t distance = edit_distance(lower, lower_candidate);
        if (!lower.empty() && lower_candidate.find(lower) != std::string::npos) distance = 0;
        if (!best || distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    // Accept a suggestion within about a third of the typed length.
    if (best && best_distance <= std::max<std::size_t>(2, name.size() / 3)) return best;
    return std::nullopt;
}

std::string did_you_mean(std::string_view name, std::span<const std::string> candidates,
                         std::string_view otherwise) {
    const std::optional<std::string> suggestion = closest_name(name, candidates);
    if (!suggestion) return std::string(otherwise);
    std::string text = ", did you mean '";
    text += *suggestion;
    text += "'?";
    return text;
}

}  // namespace llmsize
