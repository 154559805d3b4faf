#include "layout.hpp"

#include <algorithm>
#include <vector>

#include "llmsize/checked.hpp"
#include "llmsize/kv_cache.hpp"

namespace llmsize {

namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
    return b == 0 ? a : (a + b - 1) / b;
}

// KV bytes one layer of `group` caches per token on one rank.
std::uint64_t layer_bytes_per_token(const KvLayerGroup& group, Dtype kv_dtype, std::uint64_t tp) {
    ModelSpec one;
    KvLayerGroup layer = group;
    layer.layers = 1;
    one.kv_layers.push_back(layer);
    return kv_bytes_per_token_per_rank(one, kv_dtype, tp);
}

// Tokens the KV budget holds in blocks of `block` tokens. Engines with hybrid groups (vLLM) put
// layers of different kinds into padded groups of group_size layers sharing one block tensor per
// slot (kv_cache_utils.py): tokens = ⌊⌊avail / (page × group_size)⌋ / groups⌋ × block_size.
// Cross-attention layers are groups of their own there (a CrossAttentionSpec is never uniform
// with a FullAttentionSpec), so their slots count among the tokens; `grouped_cross` says so.
std::uint64_t budget_tokens(const SizingRequest& request, std::uint64_t budget,
                            std::uint64_t token_bytes, std::uint64_t kv_tp, std::uint64_t nodes,
                            std::uint64_t block, bool& grouped_cross) {
    grouped_cross = false;
    if (token_bytes == 0 || block == 0) return 0;
    const ModelSpec& model = request.model;
    std::vector<KvLayerGroup> groups = model.kv_layers;
    groups.insert(groups.end(), model.cross_kv_layers.begin(), model.cross_kv_layers.end());
    const bool groupable = engine_profile(request.engine.engine).hybrid_kv_groups && nodes == 1 &&
                           groups.size() > 1 && model.recurrent_layers == 0;
    if (groupable) {
        const std::uint64_t page = layer_bytes_per_token(groups[0], request.kv_dtype, kv_tp);
        bool same_page = page > 0;
        std::uint64_t fewest = UINT64_MAX;
        std::uint64_t most = 0;
        for (const KvLayerGroup& group : groups) {
            same_page = same_page && layer_bytes_per_token(group, request.kv_dtype, kv_tp) == page;
            fewest = std::min(fewest, group.layers);
            most = std::max(most, group.layers);
        }
        if (same_page && fewest > 0) {
            const std::uint64_t group_size = most * 4 < fewest * 5 ? most : fewest;
            std::uint64_t slots = 0;
            for (const KvLayerGroup& group : groups)
                slots += ceil_div(group.layers, group_size);
            const std::uint64_t blocks =
                budget / checked_mul(page, block, group_size, "KV block size");
            grouped_cross = !model.cross_kv_layers.empty();
            return checked_mul(blocks / slots, block, "KV tokens");
        }
    }
    return checked_mul(budget / checked_mul(token_bytes, block, "KV block size"), block,
                       "KV tokens");
}

}  // namespace

FitProblem tp_problem(const ModelSpec& model, std::uint64_t tp) {
    if (tp <= 1) return {};
    FitProblem problem;
    problem.tensor_parallel = tp;
    if (model.attention_heads % tp != 0) {
        problem.reason = ProblemReason::tp_attention_heads;
        problem.heads = model.attention_heads;
        return problem;
    }
    for (const KvLayerGroup& group : model.kv_layers) {
        if (group.kind == LayerKind::latent_attention) continue;
        const bool splits =
            group.kv_heads >= tp ? group.kv_heads % tp == 0 : tp % group.kv_heads == 0;
        if (!splits) {
            problem.reason = ProblemReason::tp_kv_heads;
            problem.heads = group.kv_heads;
            return problem;
        }
    }
    return {};
}

std::uint64_t counted_memory(const Instance& instance, const EngineProfile& profile) {
    if (profile.split == MemorySplit::pooled) {
        return checked_mul(instance.accelerator_memory_bytes_marketed, instance.accelerator_count,
                           "instance memory");
    }
    if (profile.memory == MemoryCounted::marketed)
        return instance.accelerator_memory_bytes_marketed;
    // CUDA engines multiply cudaMemGetInfo's total; nvidia-smi's figure where it is unknown.
    return instance.accelerator_memory_bytes_cuda_visible > 0
               ? instance.accelerator_memory_bytes_cuda_visible
               : instance.accelerator_memory_bytes_usable;
}

Layout evaluate_layout(const SizingRequest& request, const SizingReport& report,
                       const Instance& instance, std::uint64_t tp, std::uint64_t nodes) {
    const EngineProfile& profile = engine_profile(request.engine.engine);
    const bool pooled = profile.split == MemorySplit::pooled;
    // Engines that split whole layers put one copy over every GPU; weights and KV divide by the
    // GPU count, and KV heads are never split or replicated.
    const bool layer_split = profile.split == MemorySplit::layers;
    if (layer_split && nodes == 1) tp = instance.accelerator_count;
    Layout layout;
    layout.tp = tp;
    layout.replicas = instance.accelerator_count / tp;
    const std::uint64_t device = counted_memory(instance, profile);
    const std::uint64_t shards = pooled ? nodes : checked_mul(tp, nodes, "GPU count");
    const std::uint64_t kv_tp = pooled || layer_split ? 1 : tp;
    if (layer_split) nodes = checked_mul(nodes, tp, "GPU count");
    std::uint64_t longest = 0;
    for (const std::uint64_t length : request.sequence_lengths)
        longest = std::max(longest, length);
    GpuContext gpu;
    gpu.device_bytes = device;
    gpu.usable_bytes = instance.accelerator_memory_bytes_usable;
    gpu.accelerator = instance.accelerator;
    gpu.sm_count = instance.accelerator_sm_count;
    gpu.weight_bytes = ceil_div(report.weight_bytes, shards);
    gpu.tensor_parallel = kv_tp;
    gpu.max_model_len = longest;
    EngineBudget engine = engine_budget(request.engine, gpu, request.model);
    GpuBudget& per_gpu = layout.per_gpu;
    per_gpu.device_bytes = device;
    per_gpu.engine_cap_bytes = engine.terms.empty() || engine.terms.front().bytes < 0
                                   ? 0
                                   : static_cast<std::uint64_t>(engine.terms.front().bytes);
    per_gpu.weight_bytes = budget_term_bytes(engine, BudgetTermKind::weights);
    per_gpu.activation_bytes = budget_term_bytes(engine, BudgetTermKind::activation);
    per_gpu.non_torch_bytes = budget_term_bytes(engine, BudgetTermKind::non_torch);
    per_gpu.cuda_graph_bytes = budget_term_bytes(engine, BudgetTermKind::cuda_graph);
    for (std::size_t i = 1; i < engine.terms.size(); ++i) {
        if (engine.terms[i].kind != BudgetTermKind::weights)
            per_gpu.reserve_bytes += static_cast<std::uint64_t>(-engine.terms[i].bytes);
    }
    per_gpu.kv_bytes = engine.kv_bytes;
    per_gpu.kv_bytes_high = engine.kv_bytes_high;
    per_gpu.range_assumption = std::move(engine.range_assumption);
    per_gpu.settings = engine.settings;
    per_gpu.terms = std::move(engine.terms);  // last: the fields above are read from the terms
    const std::uint64_t budget =
        engine.kv_bytes > 0 ? static_cast<std::uint64_t>(engine.kv_bytes) : 0;
    const std::uint64_t budget_high =
        engine.kv_bytes_high > 0 ? static_cast<std::uint64_t>(engine.kv_bytes_high) : 0;
    const std::uint64_t block = kv_block_tokens(request.engine);
    const std::uint64_t token_bytes =
        ceil_div(kv_bytes_per_token_per_rank(request.model, request.kv_dtype, kv_tp), nodes);
    bool grouped_cross = false;
    layout.tokens_per_replica =
        budget_tokens(request, budget, token_bytes, kv_tp, nodes, block, grouped_cross);
    layout.tokens_per_replica_high =
        budget_tokens(request, budget_high, token_bytes, kv_tp, nodes, block, grouped_cross);
    // A token of those counts a self- and a cross-attention slot alike: the bytes behind it.
    std::uint64_t slot_bytes = token_bytes;
    if (grouped_cross) {
        ModelSpec cross;
        cross.kv_layers = request.model.cross_kv_layers;
        slot_bytes += kv_bytes_per_token_per_rank(cross, request.kv_dtype, kv_tp);
    }
    per_gpu.kv_tokens = layout.tokens_per_replica;
    per_gpu.kv_tokens_high = layout.tokens_per_replica_high;
    // llama.cpp pads the shared context, not each sequence.
    const std::uint64_t sequence_block = layer_split ? 1 : block;
    const std::uint64_t seq_cap =
        profile.caps_batch_at_max_num_seqs && per_gpu.settings.max_num_seqs
            ? per_gpu.settings.max_num_seqs
            : UINT64_MAX;
    layout.batch_per_replica.reserve(request.sequence_lengths.size());
    for (const std::uint64_t length : request.sequence_lengths) {
        const std::uint64_t sequence_bytes =
            ceil_div(kv_bytes_per_sequence_per_rank(request.model, request.kv_dtype, length, kv_tp,
                                                    sequence_block),
                     nodes);
        layout.batch_per_replica.push_back(
            sequence_bytes == 0 ? 0 : std::min(budget / sequence_bytes, seq_cap));
        if (length == longest) {
            layout.longest_sequence_bytes = sequence_bytes;
            // What the engine logs: the cache's tokens over one request's need.
            if (sequence_bytes > 0) {
                per_gpu.max_concurrency = static_cast<double>(layout.tokens_per_replica) *
                                          static_cast<double>(slot_bytes) /
                                          static_cast<double>(sequence_bytes);
            }
        }
    }
    return layout;
}

}  // namespace llmsize
