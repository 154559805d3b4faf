// size_deployment: the steps of one sizing, in order. Each step lives in a file of its own:
// weights (weight_bytes.cpp), KV per sequence (kv_cache.cpp), notes (report_notes.cpp), the
// layout search on each instance (layout_search.cpp, over layout.cpp), the ranking (ranking.cpp)
// and, when nothing fits one instance, the multi-node search (multi_node.cpp).
#include "llmsize/sizing.hpp"

#include <algorithm>

#include "layout_search.hpp"
#include "llmsize/engine_support.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "multi_node.hpp"
#include "ranking.hpp"
#include "report_notes.hpp"

namespace llmsize {

std::uint64_t SizingReport::longest_sequence_length() const {
    std::uint64_t longest = 0;
    for (const SequenceCost& sequence : sequences)
        longest = std::max(longest, sequence.sequence_length);
    return longest;
}

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
    if (!request.model.cross_kv_layers.empty()) {
        report.cross_kv_bytes_per_encoder_token =
            cross_kv_bytes_per_token(request.model, request.kv_dtype);
    }
    if (request.model.recurrent_layers > 0) {
        report.recurrent_state_bytes_per_sequence =
            recurrent_state_bytes_per_sequence(request.model, request.kv_dtype);
    }
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
        choose_recommended(report);
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
