#include "layout_search.hpp"

#include <algorithm>
#include <tuple>

#include "layout.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/neuron.hpp"

namespace llmsize {

namespace {

// The tensor-parallel degrees to try on `instance`: every accelerator for engines that do not
// split by tensor parallelism, --tp when given, the NeuronCore degrees, else every divisor.
std::vector<std::uint64_t> choose_tp_degrees(const Instance& instance, const SizingRequest& request,
                                             const EngineProfile& profile, bool by_core) {
    std::vector<std::uint64_t> degrees;
    // Engines that do not split by TP, and containers that put every GPU in one TP group unless
    // --tp says otherwise (DJL LMI), take the whole instance.
    if (profile.split != MemorySplit::tensor_parallel ||
        (!request.tensor_parallel && profile.tp_all_gpus_by_default)) {
        degrees.push_back(instance.accelerator_count);
    } else if (request.tensor_parallel) {
        degrees.push_back(*request.tensor_parallel);
    } else if (by_core) {
        degrees = neuron_tp_degrees(instance);  // by family and NeuronCores, kept by the view
    } else {
        for (std::uint64_t tp = 1; tp <= instance.accelerator_count; ++tp) {
            if (instance.accelerator_count % tp == 0) degrees.push_back(tp);
        }
    }
    return degrees;
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
        fit.problem.reason = ProblemReason::weights;
        fit.problem.needed_bytes = layout.per_gpu.weight_bytes;
        fit.problem.pooled_memory = pooled;
        fit.problem.tensor_parallel = layout.tp;
        if (pooled) {
            fit.problem.available_bytes = layout.per_gpu.device_bytes;
        } else {
            // What the engine leaves for weights and KV cache: the weights plus the (negative) KV.
            const std::int64_t room =
                to_signed(layout.per_gpu.weight_bytes, "weights") + layout.per_gpu.kv_bytes;
            fit.problem.available_bytes =
                static_cast<std::uint64_t>(std::max<std::int64_t>(room, 0));
        }
        // ... and vLLM would not start: "No available memory for the cache blocks".
        if (profile.refuses_unservable_length) fit.problem.engine = profile.display_name;
    } else if (profile.refuses_unservable_length && layout.tokens_per_replica == 0) {
        fit.fits = false;
        fit.problem_kind = ProblemKind::kv;  // the engine would not start: no whole KV block
        fit.problem.reason = ProblemReason::no_kv_block;
        fit.problem.engine = profile.display_name;
    } else if (profile.refuses_unservable_length &&
               layout.longest_sequence_bytes >
                   static_cast<std::uint64_t>(layout.per_gpu.kv_bytes)) {
        // kv_cache_utils.py check_enough_kv_cache_memory: one request of max_model_len must fit.
        std::uint64_t longest = 0;
        for (const std::uint64_t length : request.sequence_lengths)
            longest = std::max(longest, length);
        fit.fits = false;
        fit.problem_kind = ProblemKind::kv;  // the engine would not start: one request too long
        fit.problem.reason = ProblemReason::request_too_long;
        fit.problem.engine = profile.display_name;
        fit.problem.sequence_length = longest;
        fit.problem.needed_bytes = layout.longest_sequence_bytes;
        fit.problem.available_bytes = static_cast<std::uint64_t>(layout.per_gpu.kv_bytes);
        fit.problem.estimated_max_model_length = layout.tokens_per_replica;
    }
    for (std::size_t i = 0; i < request.sequence_lengths.size(); ++i) {
        const std::uint64_t total =
            checked_mul(layout.batch_per_replica[i], layout.replicas, "batch");
        fit.batches.push_back(BatchFit{request.sequence_lengths[i], total});
        if (fit.fits && total < needed) {
            fit.fits = false;
            fit.problem_kind = ProblemKind::kv;
            fit.problem = FitProblem{};
            fit.problem.reason = ProblemReason::too_few_sequences;
            fit.problem.sequences_held = total;
            fit.problem.sequence_length = request.sequence_lengths[i];
            fit.problem.sequences_required = needed;
        }
    }
    if (std::string warning =
            model_length_warning(request.engine, request.model, layout.tokens_per_replica);
        fit.fits && !warning.empty())
        fit.warnings.push_back(std::move(warning));
    fit.per_gpu = std::move(layout.per_gpu);  // last: read above
}

// Prefer a fitting layout; then the most sequences at the longest length; then less TP.
auto score_layout(const InstanceFit& f) {
    std::uint64_t fewest = UINT64_MAX;
    for (const BatchFit& b : f.batches)
        fewest = std::min(fewest, b.max_batch);
    return std::make_tuple(f.fits, f.per_gpu.kv_bytes > 0, fewest, f.kv_budget_bytes);
}

// Marks `fit` as not fitting for `kind`, unless an earlier, more basic problem already did.
void fail_fit(InstanceFit& fit, ProblemKind kind, FitProblem problem, std::string source = "") {
    if (!fit.fits && fit.problem_kind != ProblemKind::none) return;
    fit.fits = false;
    fit.problem_kind = kind;
    fit.problem = std::move(problem);
    fit.problem_source = std::move(source);
}

FitProblem strict_problem(std::string warning) {
    FitProblem problem;
    problem.reason = ProblemReason::strict_warning;
    problem.words = std::move(warning);
    return problem;
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
        fit.problem = FitProblem{};
        fit.problem.reason = ProblemReason::engine_rule;
        fit.problem.words = verdict.problem;
        fit.problem_source = verdict.source;
        return;
    }
    fit.warnings.insert(fit.warnings.end(), verdict.warnings.begin(), verdict.warnings.end());
    // Engines read the checkpoint through host memory before they copy it to the GPUs; an
    // instance whose RAM is smaller than the weights cannot stage them (catalog-audit.md §2.1).
    if (instance.host_memory_bytes > 0 && instance.host_memory_bytes < report.weight_bytes) {
        FitProblem problem;
        problem.reason = ProblemReason::host_memory;
        problem.available_bytes = instance.host_memory_bytes;
        problem.needed_bytes = report.weight_bytes;
        fail_fit(fit, ProblemKind::host_memory, std::move(problem));
    }
    if (request.strict && fit.fits) {
        if (!fit.warnings.empty()) {
            fail_fit(fit, ProblemKind::warning, strict_problem(fit.warnings.front()));
        } else if (!request.warnings.empty()) {
            // Request-level warnings are about the model's context (--allow-long-context).
            fail_fit(fit, ProblemKind::context, strict_problem(request.warnings.front()));
        } else if (!request.model.warnings.empty()) {
            // What --approximate sized without modelling it.
            fail_fit(fit, ProblemKind::warning, strict_problem(request.model.warnings.front()));
        }
    }
}

}  // namespace

InstanceFit fit_instance(Instance listed, const SizingRequest& request,
                         const SizingReport& report) {
    // The neuron engine sizes a Neuron instance by its NeuronCores (neuron.hpp).
    const EngineProfile& profile = engine_profile(request.engine.engine);
    const bool by_core = profile.sizes_by_neuron_core && listed.neuron_cores > 0 &&
                         listed.device.runtime == Runtime::neuron;
    if (by_core) listed = neuron_core_view(listed);
    const Instance& instance = listed;
    InstanceFit fit;
    const bool pooled = profile.split == MemorySplit::pooled;
    fit.memory_bytes = pooled ? counted_memory(instance, profile)
                              : checked_mul(counted_memory(instance, profile),
                                            instance.accelerator_count, "instance memory");
    const std::vector<std::uint64_t> degrees =
        choose_tp_degrees(instance, request, profile, by_core);
    std::optional<InstanceFit> best;
    FitProblem first_problem;
    for (const std::uint64_t tp : degrees) {
        if (by_core && tp > instance.accelerator_count) {
            first_problem = FitProblem{};
            first_problem.reason = ProblemReason::tp_exceeds_cores;
            first_problem.tensor_parallel = tp;
            first_problem.device_count = instance.accelerator_count;
            continue;
        }
        if (!by_core && instance.accelerator_count % tp != 0) {
            first_problem = FitProblem{};
            first_problem.reason = ProblemReason::tp_not_divisor;
            first_problem.tensor_parallel = tp;
            first_problem.device_count = instance.accelerator_count;
            continue;
        }
        const bool any_split = profile.split != MemorySplit::tensor_parallel;
        if (FitProblem problem = any_split ? FitProblem{} : tp_problem(request.model, tp);
            !problem.empty()) {
            if (first_problem.empty()) first_problem = std::move(problem);
            continue;
        }
        InstanceFit candidate;  // without its instance, which only the chosen layout gets
        candidate.memory_bytes = fit.memory_bytes;
        apply_layout(candidate, evaluate_layout(request, report, instance, tp, 1), request);
        if (!best || score_layout(candidate) > score_layout(*best))
            best.emplace(std::move(candidate));
    }
    if (!best) {
        fit.instance = std::move(listed);
        fit.problem = std::move(first_problem);
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

}  // namespace llmsize
