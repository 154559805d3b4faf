#include "multi_node.hpp"

#include <algorithm>

#include "layout.hpp"
#include "llmsize/engine_support.hpp"

namespace llmsize {

std::optional<MultiNodeFit> fit_multi_node(const SizingRequest& request, const SizingReport& report,
                                           const Catalog& catalog) {
    constexpr std::uint64_t k_max_nodes = 64;
    const std::uint64_t needed = request.batch.value_or(1);
    std::optional<MultiNodeFit> best;
    for (const Instance& instance : catalog.instances) {
        const std::uint64_t tp = instance.accelerator_count;
        if (engine_profile(request.engine.engine).split != MemorySplit::pooled &&
            !tp_problem(request.model, tp).empty())
            continue;
        if (check_engine_support(
                request.engine.engine, instance.accelerator, instance.device,
                ServedFormat{report.weights.dtype, report.kv_dtype, request.dtype_chosen_by_engine},
                request.model)
                .kind != ProblemKind::none)
            continue;
        for (std::uint64_t nodes = 2;
             nodes <= std::min(k_max_nodes, std::max<std::uint64_t>(report.model.layers, 2));
             ++nodes) {
            const Layout layout = evaluate_layout(request, report, instance, tp, nodes);
            if (layout.per_gpu.kv_bytes <= 0) continue;
            const bool enough =
                std::all_of(layout.batch_per_replica.begin(), layout.batch_per_replica.end(),
                            [&](std::uint64_t batch) { return batch >= needed; });
            if (!enough) continue;
            MultiNodeFit candidate;
            candidate.instance = instance;
            candidate.nodes = nodes;
            candidate.tensor_parallel = tp;
            candidate.pipeline_parallel = nodes;
            for (std::size_t i = 0; i < request.sequence_lengths.size(); ++i) {
                candidate.batches.push_back(
                    {request.sequence_lengths[i], layout.batch_per_replica[i]});
            }
            if (instance.price_usd_per_hour) {
                candidate.price_usd_per_hour =
                    *instance.price_usd_per_hour * static_cast<double>(nodes);
            }
            const auto cost = [](const MultiNodeFit& f) {
                return std::make_pair(!f.price_usd_per_hour.has_value(),
                                      f.price_usd_per_hour.value_or(static_cast<double>(f.nodes)));
            };
            if (!best || cost(candidate) < cost(*best)) best = candidate;
            break;
        }
    }
    return best;
}

}  // namespace llmsize
