// One layout: a model copy over `tp` accelerators of an instance (× `nodes` pipeline stages), and
// what the engine's budget leaves for KV cache there: tokens and sequences per copy. The layout
// search (layout_search.hpp) and the multi-node search (multi_node.hpp) both evaluate layouts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llmsize/catalog.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/model.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize {

// Why a tensor-parallel degree does not suit the model (empty when it does). vLLM requires the
// attention heads to divide evenly, and the KV heads to divide evenly or be replicated whole.
FitProblem tp_problem(const ModelSpec& model, std::uint64_t tp);

struct Layout {
    std::uint64_t tp = 1;
    std::uint64_t replicas = 1;
    GpuBudget per_gpu;
    std::uint64_t tokens_per_replica = 0;
    std::uint64_t tokens_per_replica_high = 0;
    std::vector<std::uint64_t> batch_per_replica;
    std::uint64_t longest_sequence_bytes = 0;  // per GPU, for the engine's start-up check
};

// The memory one accelerator of `instance` has in the engine's eyes.
std::uint64_t counted_memory(const Instance& instance, const EngineProfile& profile);

// One model copy spread over `tp` GPUs of `instance` (× `nodes` pipeline stages).
Layout evaluate_layout(const SizingRequest& request, const SizingReport& report,
                       const Instance& instance, std::uint64_t tp, std::uint64_t nodes);

}  // namespace llmsize
