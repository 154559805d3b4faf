// memory_shares: one GPU's budget as the four shares the memory bar draws.
#include <algorithm>

#include "llmsize/sizing.hpp"

namespace llmsize {

MemoryShares memory_shares(const GpuBudget& gpu) {
    const auto total = static_cast<std::int64_t>(gpu.device_bytes);
    std::int64_t weight_term = 0;
    std::int64_t overhead_term = 0;
    for (const BudgetTerm& term : gpu.terms) {
        switch (term.kind) {
            case BudgetTermKind::weights:
                weight_term -= term.bytes;
                break;
            case BudgetTermKind::activation:
            case BudgetTermKind::non_torch:
            case BudgetTermKind::cuda_graph:
            case BudgetTermKind::extra_reserve:
            case BudgetTermKind::compute_buffers:
                overhead_term -= term.bytes;
                break;
            default:
                break;
        }
    }
    const std::int64_t weights = std::clamp<std::int64_t>(weight_term, 0, total);
    const std::int64_t overhead = std::clamp<std::int64_t>(overhead_term, 0, total - weights);
    const std::int64_t kv = std::clamp<std::int64_t>(gpu.kv_bytes, 0, total - weights - overhead);
    return {static_cast<std::uint64_t>(weights), static_cast<std::uint64_t>(overhead),
            static_cast<std::uint64_t>(kv),
            static_cast<std::uint64_t>(total - weights - overhead - kv)};
}

}  // namespace llmsize
