#include "report_notes.hpp"

#include <cstdio>
#include <set>

#include "llmsize/checked.hpp"
#include "llmsize/units.hpp"

namespace llmsize {

void add_engine_note(SizingReport& report) {
    const EngineSettings& engine = report.engine;
    const EngineProfile& profile = engine_profile(engine.engine);
    // Appended piece by piece, not "engine " + ...: g++ 12 warns falsely (-Wrestrict).
    std::string text = "engine ";
    text += profile.name;
    if (!profile.backend.empty()) {
        text += ", back end ";
        text += profile.backend;
    }
    if (engine.release) {
        text += ' ';
        text += release_name(*engine.release);
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
        text += "; --reserve " +
                units::gib_text(to_signed(engine.extra_reserve_bytes_per_gpu, "reserve"));
    if (profile.split == MemorySplit::tensor_parallel)
        text += "; KV in blocks of " + std::to_string(kv_block_tokens(engine)) +
                (kv_block_tokens(engine) == 1 ? " token" : " tokens");
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
            "cross-attention layers also cache K and V over " +
            (model.cross_attention_input.empty()
                 ? units::group_digits(model.cross_attention_tokens) +
                       " encoder tokens per sequence, whatever the sequence length"
                 : model.cross_attention_input));
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

}  // namespace llmsize
