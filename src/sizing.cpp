#include "llmsize/sizing.hpp"

#include <algorithm>
#include <set>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

std::string_view engine_name(Engine engine) {
    switch (engine) {
        case Engine::raw: return "raw";
    }
    return "raw";
}

Engine parse_engine(std::string_view text) {
    if (to_lower(text) == "raw") return Engine::raw;
    throw Error("unknown engine '" + std::string(text) + "', expected raw");
}

std::uint64_t weight_bytes_for(std::uint64_t parameters, Dtype dtype) {
    return bytes_for_elements(parameters, dtype);
}

namespace {

// Memory an engine counts for the whole instance.
std::uint64_t instance_memory_bytes(const Instance& instance, Engine engine) {
    switch (engine) {
        case Engine::raw:
            return checked_mul(instance.accelerator_memory_bytes_marketed, instance.accelerator_count,
                               "instance memory");
    }
    return 0;
}

InstanceFit fit_instance(const Instance& instance, const SizingReport& report) {
    InstanceFit fit;
    fit.instance = &instance;
    fit.memory_bytes = instance_memory_bytes(instance, report.engine);
    fit.kv_budget_bytes = to_signed(fit.memory_bytes, "instance memory") -
                          to_signed(report.weight_bytes, "weight size");
    const std::uint64_t budget = fit.kv_budget_bytes > 0 ? static_cast<std::uint64_t>(fit.kv_budget_bytes) : 0;
    fit.max_tokens = report.kv_bytes_per_token > 0 ? budget / report.kv_bytes_per_token : 0;
    fit.fits = fit.kv_budget_bytes > 0;
    for (const SequenceCost& sequence : report.sequences) {
        const std::uint64_t batch = budget / sequence.kv_bytes;
        fit.batches.push_back(BatchFit{sequence.sequence_length, batch});
        if (batch == 0) fit.fits = false;
    }
    return fit;
}

// Fitting instances first; among them the cheapest, then the smallest; unpriced after priced.
bool ranks_before(const InstanceFit& a, const InstanceFit& b) {
    if (a.fits != b.fits) return a.fits;
    const auto& price_a = a.instance->price_usd_per_hour;
    const auto& price_b = b.instance->price_usd_per_hour;
    if (price_a.has_value() != price_b.has_value()) return price_a.has_value();
    if (price_a && price_b && *price_a != *price_b) return *price_a < *price_b;
    if (a.memory_bytes != b.memory_bytes) return a.memory_bytes < b.memory_bytes;
    return a.instance->name < b.instance->name;
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
    if (!model.cross_kv_layers.empty()) {
        report.notes.push_back(
            "encoder-decoder: each sequence also caches cross-attention K and V over its encoder "
            "input, assumed as long as the sequence length");
    }
    if (model.recurrent_layers > 0) {
        report.notes.push_back(
            std::to_string(model.recurrent_layers) +
            " Mamba layers hold a fixed state per sequence (conv + SSM state, stored in the KV "
            "dtype), counted in every sequence's cost");
    }
    if (model.active_parameters) {
        report.notes.push_back("mixture of experts: a token runs only the routed experts "
                               "(active_parameters), but every expert must be in memory, so "
                               "weights are sized by the total parameter count");
    }
}

void add_price_notes(SizingReport& report) {
    std::set<std::string> dates;
    bool undated = false;
    for (const InstanceFit& fit : report.instances) {
        const Instance& instance = *fit.instance;
        if (!instance.price_usd_per_hour) continue;
        if (instance.price_date.empty()) {
            undated = true;
        } else {
            dates.insert(instance.price_date);
        }
    }
    std::string text = "prices: on-demand USD per hour from the catalog (SageMaker real-time "
                       "inference, us-east-1 unless noted)";
    if (!dates.empty()) {
        text += ", dated";
        for (const std::string& date : dates) text += " " + date;
    }
    if (undated) text += "; some prices are undated";
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
    SizingReport report;
    report.model = request.model;
    report.weight_dtype = request.weight_dtype;
    report.kv_dtype = request.kv_dtype;
    report.engine = request.engine;
    report.weight_bytes = weight_bytes_for(request.model.parameters, request.weight_dtype);
    report.kv_bytes_per_token = kv_bytes_per_token(request.model, request.kv_dtype);
    for (const std::uint64_t length : request.sequence_lengths) {
        const std::uint64_t bytes = kv_bytes_per_sequence(request.model, request.kv_dtype, length);
        if (bytes == 0) throw Error("the model holds no KV cache or state: nothing to size");
        report.sequences.push_back(SequenceCost{length, bytes});
    }
    report.notes = request.model.notes;
    if (request.engine == Engine::raw) {
        report.notes.push_back(
            "engine raw: the sizing guide's arithmetic; an instance's memory is its accelerators' "
            "marketed memory in decimal GB as one pool, minus the weights; no CUDA context, "
            "activations or engine reserve are subtracted, so a real server holds fewer tokens");
    }
    add_model_notes(report);
    for (const Instance& instance : catalog.instances) {
        report.instances.push_back(fit_instance(instance, report));
    }
    std::stable_sort(report.instances.begin(), report.instances.end(), ranks_before);
    if (!report.instances.empty() && report.instances.front().fits) {
        report.recommended = report.instances.front().instance->name;
    }
    add_price_notes(report);
    return report;
}

}  // namespace llmsize
