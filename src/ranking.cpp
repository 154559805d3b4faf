#include "ranking.hpp"

#include <algorithm>
#include <numeric>

namespace llmsize {

namespace {

// Fitting instances first; among them the cheapest, then the smallest; unpriced after priced.
bool ranks_before(const InstanceFit& a, const InstanceFit& b) {
    if (a.fits != b.fits) return a.fits;
    const auto& price_a = a.instance.price_usd_per_hour;
    const auto& price_b = b.instance.price_usd_per_hour;
    if (price_a.has_value() != price_b.has_value()) return price_a.has_value();
    if (price_a && price_b && *price_a != *price_b) return *price_a < *price_b;
    if (a.memory_bytes != b.memory_bytes) return a.memory_bytes < b.memory_bytes;
    return a.instance.name < b.instance.name;
}

}  // namespace

// The order is found on indices, then each fit is moved to its place along the permutation's
// cycles: a fit is large, the comparison reads few of its fields, and no second vector of fits is
// allocated (issue 15).
void rank_fits(std::vector<InstanceFit>& fits) {
    std::vector<std::size_t> order(fits.size());  // order[i]: the fit that belongs at i
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&fits](std::size_t a, std::size_t b) {
        return ranks_before(fits[a], fits[b]);
    });
    for (std::size_t start = 0; start < order.size(); ++start) {
        if (order[start] == start) continue;
        InstanceFit first = std::move(fits[start]);
        std::size_t at = start;
        while (order[at] != start) {
            const std::size_t from = order[at];
            fits[at] = std::move(fits[from]);
            order[at] = at;  // placed
            at = from;
        }
        fits[at] = std::move(first);
        order[at] = at;
    }
}

void choose_recommended(SizingReport& report) {
    report.recommended = report.instances.front().instance.name;
    const InstanceFit* value = nullptr;
    for (const InstanceFit& fit : report.instances) {
        if (!fit.fits || !fit.usd_per_hour_per_sequence) continue;
        if (value == nullptr || *fit.usd_per_hour_per_sequence < *value->usd_per_hour_per_sequence)
            value = &fit;
    }
    if (value != nullptr && value->instance.name != *report.recommended)
        report.best_value = value->instance.name;
}

}  // namespace llmsize
