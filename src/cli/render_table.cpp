// The human-readable report: what was sized, how each figure was derived, the ranked instances,
// the recommendation and every assumption.
#include <fmt/format.h>
#include <ostream>

#include "llmsize/kv_cache.hpp"
#include "render.hpp"
#include "text_table.hpp"

namespace llmsize::cli {

namespace {

bool uses_decimal_units(Engine engine) { return engine == Engine::raw; }

// The number alone, in the report's unit (GB for the guide's raw arithmetic, GiB otherwise).
std::string amount(const SizingReport& report, std::int64_t bytes) {
    return uses_decimal_units(report.engine) ? format_gb(bytes) : format_gib(bytes);
}

std::string format_bytes(const SizingReport& report, std::int64_t bytes) {
    return amount(report, bytes) + (uses_decimal_units(report.engine) ? " GB" : " GiB");
}

std::string kv_derivation(const SizingReport& report) {
    const std::uint64_t bits = dtype_bits(report.kv_dtype);
    const std::string bytes = fmt::format("{} B ({})", bits / 8, dtype_name(report.kv_dtype));
    const auto& groups = report.model.kv_layers;
    if (groups.size() == 1 && groups[0].key_dim == groups[0].value_dim &&
        groups[0].kind != LayerKind::latent_attention) {
        return fmt::format("2 (K,V) × {} layers × {} KV heads × {} head_dim × {}", groups[0].layers,
                           groups[0].kv_heads, groups[0].key_dim, bytes);
    }
    std::string text;
    for (const KvLayerGroup& group : groups) {
        if (!text.empty()) text += " + ";
        if (group.kind == LayerKind::latent_attention) {
            text += fmt::format("{} latent layers × {} (kv_lora_rank + rope dim)", group.layers,
                                group.key_dim);
        } else {
            text += fmt::format("{} {} layers × 2 × {} KV heads × {}", group.layers,
                                group.kind == LayerKind::sliding_attention ? "sliding" : "full",
                                group.kv_heads, group.key_dim);
        }
    }
    return "(" + text + ") × " + bytes;
}

void print_header(const SizingReport& report, std::ostream& out) {
    const ModelSpec& model = report.model;
    std::string what = model.name ? *model.name + ", " : "";
    if (model.architecture) what += *model.architecture + ", ";
    out << fmt::format("Model     {}{} parameters ({}) from {}\n", what,
                       format_param_count(model.parameters), group_digits(model.parameters),
                       model.source == ModelSource::params ? "--params"
                       : model.source == ModelSource::config ? "config.json"
                                                            : "bundled preset");
    if (model.active_parameters) {
        out << fmt::format("          {} active per token (mixture of experts)\n",
                           format_param_count(*model.active_parameters));
    }
    out << fmt::format("          {} layers, hidden {}, {} attention heads, {} KV heads, head_dim {}\n",
                       model.layers, model.hidden_size, model.attention_heads, model.kv_heads,
                       model.head_dim);
    out << fmt::format("Weights   {} = {} parameters × {} bits ({})\n",
                       format_bytes(report, static_cast<std::int64_t>(report.weight_bytes)),
                       group_digits(model.parameters), dtype_bits(report.weight_dtype),
                       dtype_name(report.weight_dtype));
    out << fmt::format("KV cache  {} B per token = {}\n", group_digits(report.kv_bytes_per_token),
                       kv_derivation(report));
    std::string sequences;
    for (const SequenceCost& sequence : report.sequences) {
        if (!sequences.empty()) sequences += ", ";
        sequences += fmt::format("{} tokens: {}", group_digits(sequence.sequence_length),
                                 format_bytes(report, static_cast<std::int64_t>(sequence.kv_bytes)));
    }
    out << fmt::format("          one sequence of {}\n", sequences);
    out << fmt::format("Engine    {}\n\n", engine_name(report.engine));
}

void print_instances(const SizingReport& report, std::ostream& out) {
    const std::string unit = uses_decimal_units(report.engine) ? "GB" : "GiB";
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Rank", Align::right);
    table.add_column("Instance", Align::left);
    table.add_column("Accelerators", Align::left);
    table.add_column(fmt::format("Memory [{}]", unit), Align::right);
    table.add_column(fmt::format("KV budget [{}]", unit), Align::right);
    table.add_column("Max tokens", Align::right);
    for (const SequenceCost& sequence : report.sequences) {
        table.add_column(fmt::format("Batch @{}", sequence.sequence_length), Align::right);
    }
    table.add_column("Price [$/h]", Align::right);

    std::vector<std::string> misfits;
    std::size_t rank = 0;
    for (const InstanceFit& fit : report.instances) {
        if (!fit.fits) {
            misfits.push_back(fit.instance->name);
            continue;
        }
        std::vector<std::string> row{
            std::to_string(++rank),
            fit.instance->name,
            fmt::format("{} × {}", fit.instance->accelerator_count, fit.instance->accelerator),
            amount(report, static_cast<std::int64_t>(fit.memory_bytes)),
            amount(report, fit.kv_budget_bytes),
            group_digits(fit.max_tokens),
        };
        for (const BatchFit& batch : fit.batches) row.push_back(group_digits(batch.max_batch));
        row.push_back(fit.instance->price_usd_per_hour
                          ? fmt::format("{:.2f}", *fit.instance->price_usd_per_hour)
                          : "n/a");
        table.add_row(std::move(row));
    }
    if (rank > 0) {
        table.print(out);
    } else {
        out << "No instance in the catalog holds the weights and one sequence of every length.\n";
    }
    if (!misfits.empty()) {
        std::string names;
        for (const std::string& name : misfits) names += (names.empty() ? "" : ", ") + name;
        out << fmt::format("\nDoes not fit ({}): {}\n", misfits.size(), names);
    }
}

void print_recommendation(const SizingReport& report, std::ostream& out) {
    if (!report.recommended) {
        out << "\nRecommended: none: nothing in the catalog fits.\n";
        return;
    }
    const InstanceFit& best = report.instances.front();
    std::string batches;
    for (const BatchFit& batch : best.batches) {
        if (!batches.empty()) batches += ", ";
        batches += fmt::format("{} × {} tokens", group_digits(batch.max_batch),
                               group_digits(batch.sequence_length));
    }
    const std::string price = best.instance->price_usd_per_hour
                                  ? fmt::format("${:.2f}/h", *best.instance->price_usd_per_hour)
                                  : "price unknown";
    out << fmt::format("\nRecommended: {} ({}), the cheapest that fits: at most {} at once\n",
                       *report.recommended, price, batches);
}

}  // namespace

void render_table(const SizingReport& report, std::ostream& out) {
    print_header(report, out);
    print_instances(report, out);
    print_recommendation(report, out);
    if (!report.notes.empty()) {
        out << "\nNotes:\n";
        for (const std::string& note : report.notes) out << "  - " << note << '\n';
    }
}

void render_models_table(std::span<const Preset> presets, std::ostream& out) {
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Name", Align::left);
    table.add_column("Architecture", Align::left);
    table.add_column("Parameters", Align::right);
    table.add_column("Active", Align::right);
    table.add_column("Layers", Align::right);
    table.add_column("KV heads", Align::right);
    table.add_column("head_dim", Align::right);
    table.add_column("KV [B/token, fp16]", Align::right);
    table.add_column("Source", Align::left);
    for (const Preset& preset : presets) {
        const ModelSpec model = model_from_preset(preset);
        table.add_row({preset.name, model.architecture.value_or("?"),
                       format_param_count(model.parameters),
                       model.active_parameters ? format_param_count(*model.active_parameters) : "",
                       std::to_string(model.layers), std::to_string(model.kv_heads),
                       std::to_string(model.head_dim),
                       group_digits(kv_bytes_per_token(model, Dtype::fp16)), preset.hf_id});
    }
    table.print(out);
    out << "\nParameters are counted from each preset's config.json values; the tests check every "
           "count against the model's published count (sources in data/models.json).\n";
}

}  // namespace llmsize::cli
