#include "llmsize/sizing.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/neuron.hpp"
#include "llmsize/units.hpp"

namespace llmsize {

std::uint64_t weight_bytes_for(const ModelSpec& model, const WeightFormat& format) {
    std::uint64_t kept =
        format.embeddings_16bit ? std::min(model.embedding_parameters, model.parameters) : 0;
    if (format.experts_only)
        kept = model.parameters - std::min(model.expert_weight_parameters, model.parameters);
    const std::uint64_t body = model.parameters - kept;
    std::uint64_t bytes = checked_add(bytes_for_elements(body, format.dtype),
                                      checked_mul(kept, 2, "weight size"), "weight size");
    if (format.group_size > 0) {  // e.g. a 16-bit scale and a 4-bit zero point per group
        const std::uint64_t groups = (body + format.group_size - 1) / format.group_size;
        bytes = checked_add(
            bytes, (checked_mul(groups, format.group_overhead_bits, "weight size") + 7) / 8,
            "weight size");
    }
    if (format.block_elements > 0) {  // one scale per block (fp8 block quantisation)
        const std::uint64_t blocks = (body + format.block_elements - 1) / format.block_elements;
        bytes = checked_add(
            bytes, (checked_mul(blocks, format.scale_bits_per_block, "weight size") + 7) / 8,
            "weight size");
    }
    return bytes;
}

namespace {

std::string gib(std::int64_t bytes) {
    return units::gib_text(bytes);
}
std::string gb(std::int64_t bytes) {
    return units::gb_text(bytes);
}

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
    return b == 0 ? a : (a + b - 1) / b;
}

// Why a tensor-parallel degree does not suit the model (empty when it does). vLLM requires the
// attention heads to divide evenly, and the KV heads to divide evenly or be replicated whole.
std::string tp_problem(const ModelSpec& model, std::uint64_t tp) {
    if (tp <= 1) return "";
    if (model.attention_heads % tp != 0) {
        return "TP " + std::to_string(tp) +
               " is invalid: " + std::to_string(model.attention_heads) +
               " attention heads do not divide by " + std::to_string(tp);
    }
    for (const KvLayerGroup& group : model.kv_layers) {
        if (group.kind == LayerKind::latent_attention) continue;
        const bool splits =
            group.kv_heads >= tp ? group.kv_heads % tp == 0 : tp % group.kv_heads == 0;
        if (!splits) {
            return "TP " + std::to_string(tp) + " is invalid: " + std::to_string(group.kv_heads) +
                   " KV heads neither divide by " + std::to_string(tp) + " nor divide it";
        }
    }
    return "";
}

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
std::uint64_t budget_tokens(const SizingRequest& request, std::uint64_t budget,
                            std::uint64_t token_bytes, std::uint64_t kv_tp, std::uint64_t nodes,
                            std::uint64_t block) {
    if (token_bytes == 0 || block == 0) return 0;
    const ModelSpec& model = request.model;
    const bool groupable = engine_profile(request.engine.engine).hybrid_kv_groups && nodes == 1 &&
                           model.kv_layers.size() > 1 && model.cross_kv_layers.empty() &&
                           model.recurrent_layers == 0;
    if (groupable) {
        const std::uint64_t page =
            layer_bytes_per_token(model.kv_layers[0], request.kv_dtype, kv_tp);
        bool same_page = page > 0;
        std::uint64_t fewest = UINT64_MAX;
        std::uint64_t most = 0;
        for (const KvLayerGroup& group : model.kv_layers) {
            same_page = same_page && layer_bytes_per_token(group, request.kv_dtype, kv_tp) == page;
            fewest = std::min(fewest, group.layers);
            most = std::max(most, group.layers);
        }
        if (same_page && fewest > 0) {
            const std::uint64_t group_size = most * 4 < fewest * 5 ? most : fewest;
            std::uint64_t groups = 0;
            for (const KvLayerGroup& group : model.kv_layers)
                groups += ceil_div(group.layers, group_size);
            const std::uint64_t blocks =
                budget / checked_mul(page, block, group_size, "KV block size");
            return checked_mul(blocks / groups, block, "KV tokens");
        }
    }
    return checked_mul(budget / checked_mul(token_bytes, block, "KV block size"), block,
                       "KV tokens");
}

// One model copy spread over `tp` GPUs of `instance` (× `nodes` pipeline stages).
Layout evaluate(const SizingRequest& request, const SizingReport& report, const Instance& instance,
                std::uint64_t tp, std::uint64_t nodes) {
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
    per_gpu.settings = std::move(engine.settings);
    per_gpu.terms = std::move(engine.terms);  // last: the fields above are read from the terms
    const std::uint64_t budget =
        engine.kv_bytes > 0 ? static_cast<std::uint64_t>(engine.kv_bytes) : 0;
    const std::uint64_t budget_high =
        engine.kv_bytes_high > 0 ? static_cast<std::uint64_t>(engine.kv_bytes_high) : 0;
    const std::uint64_t block = request.engine.block_tokens;
    const std::uint64_t token_bytes =
        ceil_div(kv_bytes_per_token_per_rank(request.model, request.kv_dtype, kv_tp), nodes);
    layout.tokens_per_replica = budget_tokens(request, budget, token_bytes, kv_tp, nodes, block);
    layout.tokens_per_replica_high =
        budget_tokens(request, budget_high, token_bytes, kv_tp, nodes, block);
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
                                          static_cast<double>(token_bytes) /
                                          static_cast<double>(sequence_bytes);
            }
        }
    }
    return layout;
}

// Fills `fit` from `layout` and decides whether it meets the requirements.
void apply_layout(InstanceFit& fit, Layout layout, const SizingRequest& request) {
    const EngineProfile& profile = engine_profile(request.engine.engine);
    fit.tensor_parallel = layout.tp;
    fit.replicas = layout.replicas;
    const bool pooled = profile.split == MemorySplit::pooled;
    // Only the GPUs (or NeuronCores) that hold a copy hold KV cache.
    const std::uint64_t gpus_with_kv = pooled ? 1 : layout.tp * layout.replicas;
    fit.kv_budget_bytes =
        layout.per_gpu.kv_bytes > 0
            ? to_signed(checked_mul(static_cast<std::uint64_t>(layout.per_gpu.kv_bytes),
                                    gpus_with_kv, "KV budget"),
                        "KV budget")
            : layout.per_gpu.kv_bytes;
    fit.max_tokens = checked_mul(layout.tokens_per_replica, layout.replicas, "KV tokens");
    fit.max_tokens_high = checked_mul(layout.tokens_per_replica_high, layout.replicas, "KV tokens");
    fit.batches.clear();
    fit.batches.reserve(request.sequence_lengths.size());
    const std::uint64_t needed = request.batch.value_or(1);
    fit.fits = layout.per_gpu.kv_bytes > 0;
    fit.problem_kind = fit.fits ? ProblemKind::none : ProblemKind::weights;
    if (!fit.fits) {
        const std::string unit_weights =
            pooled ? gb(static_cast<std::int64_t>(layout.per_gpu.weight_bytes))
                   : gib(static_cast<std::int64_t>(layout.per_gpu.weight_bytes));
        const std::int64_t room =
            to_signed(layout.per_gpu.weight_bytes, "weights") + layout.per_gpu.kv_bytes;
        fit.problem = pooled ? "weights (" + unit_weights + ") exceed the instance's " +
                                   gb(static_cast<std::int64_t>(layout.per_gpu.device_bytes))
                             : "weights do not fit: " + unit_weights + " per GPU at TP " +
                                   std::to_string(layout.tp) + " exceed the " +
                                   gib(std::max<std::int64_t>(room, 0)) +
                                   " the engine leaves for weights and KV cache";
        if (profile.refuses_unservable_length) {
            fit.problem += "; " + std::string(profile.display_name) +
                           " would not start: \"No available memory for the cache blocks\"";
        }
    } else if (profile.refuses_unservable_length && layout.tokens_per_replica == 0) {
        fit.fits = false;
        fit.problem = std::string(profile.display_name) +
                      " would not start: the KV budget holds no whole block of every layer group";
    } else if (profile.refuses_unservable_length &&
               layout.longest_sequence_bytes >
                   static_cast<std::uint64_t>(layout.per_gpu.kv_bytes)) {
        // kv_cache_utils.py check_enough_kv_cache_memory: one request of max_model_len must fit.
        std::uint64_t longest = 0;
        for (const std::uint64_t length : request.sequence_lengths)
            longest = std::max(longest, length);
        fit.fits = false;
        fit.problem = std::string(profile.display_name) + " would not start: one request of " +
                      std::to_string(longest) + " tokens needs " +
                      gib(to_signed(layout.longest_sequence_bytes, "KV")) +
                      " of KV cache per GPU, more than the " + gib(layout.per_gpu.kv_bytes) +
                      " available (estimated maximum model length " +
                      std::to_string(layout.tokens_per_replica) + ")";
    }
    for (std::size_t i = 0; i < request.sequence_lengths.size(); ++i) {
        const std::uint64_t total =
            checked_mul(layout.batch_per_replica[i], layout.replicas, "batch");
        fit.batches.push_back(BatchFit{request.sequence_lengths[i], total});
        if (fit.fits && total < needed) {
            fit.fits = false;
            fit.problem_kind = ProblemKind::kv;
            fit.problem = "KV cache holds only " + std::to_string(total) + " sequence" +
                          (total == 1 ? "" : "s") + " of " +
                          std::to_string(request.sequence_lengths[i]) + " tokens, " +
                          std::to_string(needed) + " required";
        }
    }
    if (std::string warning =
            model_length_warning(request.engine, request.model, layout.tokens_per_replica);
        fit.fits && !warning.empty())
        fit.warnings.push_back(std::move(warning));
    fit.per_gpu = std::move(layout.per_gpu);  // last: read above
}

// Marks `fit` as not fitting for `kind`, unless an earlier, more basic problem already did.
void fail_fit(InstanceFit& fit, ProblemKind kind, std::string problem, std::string source = "") {
    if (!fit.fits && fit.problem_kind != ProblemKind::none) return;
    fit.fits = false;
    fit.problem_kind = kind;
    fit.problem = std::move(problem);
    fit.problem_source = std::move(source);
}

// What the engine cannot run there (engine_support), what cannot load (host memory), and under
// --strict any warning: each makes the instance not fit. Engine and format problems come first:
// they hold whatever the memory says.
void apply_engine_support(InstanceFit& fit, const SizingRequest& request,
                          const SizingReport& report) {
    const Instance& instance = fit.instance;
    const SupportVerdict verdict = check_engine_support(
        request.engine.engine, instance.accelerator, instance.device,
        ServedFormat{report.weights.dtype, report.kv_dtype, request.dtype_chosen_by_engine},
        request.model);
    if (verdict.kind != ProblemKind::none) {
        fit.fits = false;
        fit.problem_kind = verdict.kind;
        fit.problem = verdict.problem;
        fit.problem_source = verdict.source;
        return;
    }
    fit.warnings.insert(fit.warnings.end(), verdict.warnings.begin(), verdict.warnings.end());
    // Engines read the checkpoint through host memory before they copy it to the GPUs; an
    // instance whose RAM is smaller than the weights cannot stage them (catalog-audit.md §2.1).
    if (instance.host_memory_bytes > 0 && instance.host_memory_bytes < report.weight_bytes) {
        fail_fit(fit, ProblemKind::host_memory,
                 "host memory " + gib(to_signed(instance.host_memory_bytes, "memory")) +
                     " is smaller than the " + gib(to_signed(report.weight_bytes, "weights")) +
                     " of weights that load through it");
    }
    if (request.strict && fit.fits) {
        if (!fit.warnings.empty()) {
            fail_fit(fit, ProblemKind::warning, "--strict: " + fit.warnings.front());
        } else if (!request.warnings.empty()) {
            // Request-level warnings are about the model's context (--allow-long-context).
            fail_fit(fit, ProblemKind::context, "--strict: " + request.warnings.front());
        } else if (!request.model.warnings.empty()) {
            // What --approximate sized without modelling it.
            fail_fit(fit, ProblemKind::warning, "--strict: " + request.model.warnings.front());
        }
    }
}

// `listed` is taken by value and moved into the result: the fit owns its instance, and the
// layouts compared below are evaluated without copying it (issue 15).
InstanceFit fit_instance(Instance listed, const SizingRequest& request,
                         const SizingReport& report) {
    // The neuron engine sizes a Neuron instance by its NeuronCores (neuron.hpp).
    const bool by_core = request.engine.engine == Engine::neuron && listed.neuron_cores > 0 &&
                         listed.device.runtime == Runtime::neuron;
    if (by_core) listed = neuron_core_view(listed);
    const Instance& instance = listed;
    InstanceFit fit;
    const EngineProfile& profile = engine_profile(request.engine.engine);
    const bool pooled = profile.split == MemorySplit::pooled;
    fit.memory_bytes = pooled ? counted_memory(instance, profile)
                              : checked_mul(counted_memory(instance, profile),
                                            instance.accelerator_count, "instance memory");
    std::vector<std::uint64_t> degrees;
    if (profile.split != MemorySplit::tensor_parallel) {
        degrees.push_back(instance.accelerator_count);
    } else if (request.tensor_parallel) {
        degrees.push_back(*request.tensor_parallel);
    } else if (profile.tp_all_gpus_by_default) {
        degrees.push_back(instance.accelerator_count);
    } else if (by_core) {
        degrees = neuron_tp_degrees(instance);  // by family and NeuronCores, kept by the view
    } else {
        for (std::uint64_t tp = 1; tp <= instance.accelerator_count; ++tp) {
            if (instance.accelerator_count % tp == 0) degrees.push_back(tp);
        }
    }
    std::optional<InstanceFit> best;
    std::string first_problem;
    for (const std::uint64_t tp : degrees) {
        if (by_core && tp > instance.accelerator_count) {
            first_problem = "TP " + std::to_string(tp) + " exceeds the instance's " +
                            std::to_string(instance.accelerator_count) + " NeuronCores";
            continue;
        }
        if (!by_core && instance.accelerator_count % tp != 0) {
            first_problem = "TP " + std::to_string(tp) + " does not divide the instance's " +
                            std::to_string(instance.accelerator_count) + " accelerators";
            continue;
        }
        const bool any_split = profile.split != MemorySplit::tensor_parallel;
        if (const std::string problem = any_split ? "" : tp_problem(request.model, tp);
            !problem.empty()) {
            if (first_problem.empty()) first_problem = problem;
            continue;
        }
        InstanceFit candidate;  // without its instance, which only the chosen layout gets
        candidate.memory_bytes = fit.memory_bytes;
        apply_layout(candidate, evaluate(request, report, instance, tp, 1), request);
        // Prefer a fitting layout; then the most sequences at the longest length; then less TP.
        const auto score = [](const InstanceFit& f) {
            std::uint64_t fewest = UINT64_MAX;
            for (const BatchFit& b : f.batches)
                fewest = std::min(fewest, b.max_batch);
            return std::make_tuple(f.fits, f.per_gpu.kv_bytes > 0, fewest, f.kv_budget_bytes);
        };
        if (!best || score(candidate) > score(*best)) best.emplace(std::move(candidate));
    }
    if (!best) {
        fit.instance = std::move(listed);
        fit.problem = first_problem;
        fit.problem_kind = ProblemKind::tp;
        fit.tensor_parallel = degrees.empty() ? 1 : degrees.front();
        for (const std::uint64_t length : request.sequence_lengths)
            fit.batches.push_back({length, 0});
        return fit;
    }
    fit = std::move(*best);
    fit.instance = std::move(listed);
    apply_engine_support(fit, request, report);
    if (fit.instance.price_usd_per_hour && !fit.batches.empty()) {
        std::uint64_t fewest = UINT64_MAX;
        for (const BatchFit& batch : fit.batches)
            fewest = std::min(fewest, batch.max_batch);
        if (fewest > 0)
            fit.usd_per_hour_per_sequence =
                *fit.instance.price_usd_per_hour / static_cast<double>(fewest);
    }
    return fit;
}

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

// Sorts `fits` by ranks_before, keeping ties in catalog order. The order is found on indices,
// then each fit is moved to its place along the permutation's cycles: a fit is large, the
// comparison reads few of its fields, and no second vector of fits is allocated (issue 15).
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

// The cheapest way to hold the model on several instances joined by pipeline parallelism.
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
            const Layout layout = evaluate(request, report, instance, tp, nodes);
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

void add_engine_note(SizingReport& report) {
    const EngineSettings& engine = report.engine;
    const EngineProfile& profile = engine_profile(engine.engine);
    std::string text = "engine " + std::string(profile.name);
    if (!profile.backend.empty()) text += ", back end " + std::string(profile.backend);
    if (engine.release) {
        text += " " + release_name(*engine.release);
        if (profile.newest_release && *engine.release == *profile.newest_release)
            text += " (the newest release modelled; --engine-version to change)";
    }
    text += ": " + std::string(profile.budget_summary);
    if (!profile.memory_fraction_name.empty() && engine.memory_fraction <= 0) {
        text += "; " + std::string(profile.memory_fraction_name) + " derived per GPU";
    } else if (!profile.memory_fraction_name.empty()) {
        char fraction[16];
        std::snprintf(fraction, sizeof fraction, "%.2f", engine.memory_fraction);
        text += "; " + std::string(profile.memory_fraction_name) + " " + fraction;
    }
    if (engine.extra_reserve_bytes_per_gpu > 0)
        text += "; --reserve " + gib(to_signed(engine.extra_reserve_bytes_per_gpu, "reserve"));
    if (profile.split == MemorySplit::tensor_parallel)
        text += "; KV in blocks of " + std::to_string(engine.block_tokens) + " tokens";
    if (profile.memory == MemoryCounted::cuda_visible) {
        text +=
            "; memory is the device total CUDA reports (cudaMemGetInfo), or nvidia-smi's "
            "where unknown";
    }
    report.notes.push_back(text);
    if (profile.split != MemorySplit::tensor_parallel) return;
    report.notes.push_back(
        "tensor parallelism splits the weights evenly across a model copy's GPUs (small replicated "
        "tensors ignored) and the KV heads (replicated when TP exceeds them; latent caches are not "
        "split); each instance uses the layout that holds the most sequences");
}

void add_model_notes(SizingReport& report) {
    const ModelSpec& model = report.model;
    bool windowed = false;
    bool latent = false;
    for (const KvLayerGroup& group : model.kv_layers) {
        windowed = windowed || group.window_tokens != 0;
        latent = latent || group.kind == LayerKind::latent_attention;
    }
    if (windowed) {
        report.notes.push_back(
            "sliding-window layers keep at most their window of tokens: a sequence's KV cost is "
            "summed over layers of min(length, window), so bytes_per_token (every layer full) "
            "overstates long sequences");
    }
    if (latent) {
        report.notes.push_back(
            "latent attention caches one compressed latent plus one rope key per token and layer "
            "(no separate K and V)");
    }
    if (!model.cross_kv_layers.empty() && model.cross_attention_tokens > 0) {
        report.notes.push_back(
            "cross-attention layers also cache K and V over one image's " +
            units::group_digits(model.cross_attention_tokens) +
            " vision tokens per sequence (its most tiles), whatever the sequence length; more "
            "images per request cost that much again each");
    } else if (!model.cross_kv_layers.empty()) {
        report.notes.push_back(
            "encoder-decoder: each sequence also caches cross-attention K and V over its encoder "
            "input, assumed as long as the sequence length");
    }
    if (model.recurrent_layers > 0) {
        report.notes.push_back(
            std::to_string(model.recurrent_layers) +
            " recurrent (Mamba / linear-attention) layers hold a fixed state per sequence (conv + "
            "SSM state, stored in the KV dtype" +
            (model.recurrent_float32_elements_per_layer > 0
                 ? std::string(", the SSM part in float32 as the config declares")
                 : std::string()) +
            "), counted in every sequence's cost");
    }
    if (model.active_parameters) {
        report.notes.push_back(
            "mixture of experts: a token runs only the routed experts "
            "(active_parameters), but every expert must be in memory, so "
            "weights are sized by the total parameter count");
    }
    if (report.weights.dtype != Dtype::fp32 && report.weights.dtype != Dtype::fp16 &&
        report.weights.dtype != Dtype::bf16) {
        report.notes.push_back("weights stored as " + report.weights.description);
    }
}

void add_price_notes(SizingReport& report) {
    std::set<std::string> dates;
    std::set<std::string> origins;
    std::set<std::string> regions;
    bool undated = false;
    std::uint64_t unpriced = 0;
    for (const InstanceFit& fit : report.instances) {
        const Instance& instance = fit.instance;
        if (!instance.price_usd_per_hour) {
            ++unpriced;
            continue;
        }
        origins.insert(instance.catalog_origin.empty() ? "the catalog" : instance.catalog_origin);
        if (!instance.price_region.empty()) regions.insert(instance.price_region);
        if (instance.price_date.empty()) {
            undated = true;
        } else {
            dates.insert(instance.price_date);
        }
    }
    const std::string kind = report.pricing == Pricing::ec2
                                 ? "EC2 on-demand (Linux)"
                                 : "SageMaker real-time inference on-demand";
    std::string text = "prices (--pricing " + std::string(pricing_name(report.pricing)) +
                       "): " + kind + ", USD per hour";
    if (origins.empty()) return;  // bare accelerators, or a catalog without prices
    {
        text += ", from";
        for (const std::string& origin : origins)
            text += " " + origin;
        if (!regions.empty()) {
            text += ", region";
            for (const std::string& region : regions)
                text += " " + region;
        }
        if (!dates.empty()) {
            text += ", dated";
            std::size_t i = 0;
            for (const std::string& date : dates) {
                text += (i == 0 ? " " : i + 1 == dates.size() ? " and " : ", ") + date;
                ++i;
            }
        }
        if (undated) text += "; some prices are undated";
    }
    if (unpriced > 0) {
        text += "; " + std::to_string(unpriced) +
                (unpriced == 1 ? " instance has no price and ranks"
                               : " instances have no price and rank") +
                " after the priced ones";
    }
    text += "; prices change: check before you buy";
    report.notes.push_back(text);
}

}  // namespace

SizingReport size_deployment(const SizingRequest& request, const Catalog& catalog) {
    if (request.sequence_lengths.empty()) throw Error("no sequence length given");
    if (!is_kv_dtype(request.kv_dtype)) {
        throw Error("KV cache dtype '" + std::string(dtype_name(request.kv_dtype)) +
                    "' is not supported, expected fp32, fp16, bf16, fp8 or int8");
    }
    if (request.tensor_parallel && *request.tensor_parallel == 0)
        throw Error("--tp must be positive");
    SizingReport report;
    report.model = request.model;
    report.weights = request.weights;
    report.kv_dtype = request.kv_dtype;
    report.engine = request.engine;
    report.batch = request.batch;
    report.tensor_parallel = request.tensor_parallel;
    report.weight_bytes = request.exact_weight_bytes
                              ? *request.exact_weight_bytes
                              : weight_bytes_for(request.model, request.weights);
    report.weight_bytes_exact = request.exact_weight_bytes.has_value();
    report.kv_bytes_per_token = kv_bytes_per_token(request.model, request.kv_dtype);
    report.cross_kv_bytes_per_token = cross_kv_bytes_per_token(request.model, request.kv_dtype);
    report.recurrent_state_bytes_per_sequence =
        recurrent_state_bytes_per_sequence(request.model, request.kv_dtype);
    for (const std::uint64_t length : request.sequence_lengths) {
        const std::uint64_t bytes = kv_bytes_per_sequence(request.model, request.kv_dtype, length);
        if (bytes == 0) throw Error("the model holds no KV cache or state: nothing to size");
        report.sequences.push_back(SequenceCost{length, bytes});
    }
    report.notes = request.model.notes;
    add_engine_note(report);
    add_model_notes(report);
    report.pricing = request.pricing;
    report.warnings = request.warnings;
    report.defaults = request.defaults;
    report.warnings.insert(report.warnings.end(), request.model.warnings.begin(),
                           request.model.warnings.end());
    const EngineProfile& profile = engine_profile(request.engine.engine);
    if (!profile.unmodelled_warning.empty())
        report.warnings.emplace_back(profile.unmodelled_warning);
    if (std::string warning = multimodal_budget_warning(request.engine.engine, request.model);
        !warning.empty())
        report.warnings.push_back(std::move(warning));
    report.instances.reserve(catalog.instances.size());
    for (const Instance& instance : catalog.instances) {
        report.instances.push_back(
            fit_instance(priced_as(instance, request.pricing), request, report));
    }
    rank_fits(report.instances);
    if (!report.instances.empty() && report.instances.front().fits) {
        report.recommended = report.instances.front().instance.name;
        const InstanceFit* value = nullptr;
        for (const InstanceFit& fit : report.instances) {
            if (!fit.fits || !fit.usd_per_hour_per_sequence) continue;
            if (value == nullptr ||
                *fit.usd_per_hour_per_sequence < *value->usd_per_hour_per_sequence)
                value = &fit;
        }
        if (value != nullptr && value->instance.name != *report.recommended)
            report.best_value = value->instance.name;
    } else {
        // Several nodes only when no single instance holds the weights and one sequence; a
        // shortfall in --batch alone is met by more copies, not by pipeline parallelism.
        const bool one_holds = std::any_of(
            report.instances.begin(), report.instances.end(), [](const InstanceFit& fit) {
                return fit.per_gpu.kv_bytes > 0 &&
                       std::all_of(fit.batches.begin(), fit.batches.end(),
                                   [](const BatchFit& b) { return b.max_batch > 0; });
            });
        if (!one_holds) report.multi_node = fit_multi_node(request, report, catalog);
    }
    add_price_notes(report);
    return report;
}

}  // namespace llmsize
