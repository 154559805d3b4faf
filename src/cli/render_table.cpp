// The human-readable report: what was sized, how each figure was derived, the ranked instances,
// the recommendation and every assumption.
#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "render.hpp"
#include "text_table.hpp"

namespace llmsize::cli {

namespace {

bool uses_decimal_units(Engine engine) {
    return engine_profile(engine).memory == MemoryCounted::marketed;
}
bool uses_decimal_units(const SizingReport& report) {
    return uses_decimal_units(report.engine.engine);
}

// The number alone, in the report's unit (GB for the guide's raw arithmetic, GiB otherwise).
std::string amount(const SizingReport& report, std::int64_t bytes) {
    return uses_decimal_units(report) ? format_gb(bytes) : format_gib(bytes);
}

std::string format_bytes(const SizingReport& report, std::int64_t bytes) {
    return amount(report, bytes) + (uses_decimal_units(report) ? " GB" : " GiB");
}

std::string kv_derivation(const SizingReport& report) {
    const std::string bytes =
        fmt::format("{:g} B ({})", dtype_bits(report.kv_dtype) / 8, dtype_name(report.kv_dtype));
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
    std::string what = model.name ? printable_text(*model.name) + ", " : "";
    if (model.architecture) what += printable_text(*model.architecture) + ", ";
    out << fmt::format("Model     {}{} parameters ({}) from {}\n", what,
                       format_param_count(model.parameters), group_digits(model.parameters),
                       model.source == ModelSource::params   ? "--params"
                       : model.source == ModelSource::config ? "config.json"
                       : model.source == ModelSource::gguf   ? "GGUF header"
                                                             : "bundled preset");
    if (model.active_parameters) {
        out << fmt::format("          {} active per token (mixture of experts)\n",
                           format_param_count(*model.active_parameters));
    }
    if (model.attention_heads == 0 && model.recurrent_layers > 0) {
        out << fmt::format("          {} layers, hidden {}, attention-free\n", model.layers,
                           model.hidden_size);
    } else {
        out << fmt::format(
            "          {} layers, hidden {}, {} attention heads, {} KV heads, head_dim {}\n",
            model.layers, model.hidden_size, model.attention_heads, model.kv_heads, model.head_dim);
    }
    out << fmt::format("Weights   {} = {} parameters as {}\n",
                       format_bytes(report, static_cast<std::int64_t>(report.weight_bytes)),
                       group_digits(model.parameters), report.weights.description);
    if (model.kv_layers.empty() && model.recurrent_layers > 0) {
        out << fmt::format(
            "KV cache  none: {} recurrent layers keep {} state elements each per "
            "sequence, whatever its length\n",
            model.recurrent_layers, group_digits(model.recurrent_state_elements_per_layer));
    } else {
        out << fmt::format("KV cache  {} B per token = {}\n",
                           group_digits(report.kv_bytes_per_token), kv_derivation(report));
        if (model.recurrent_layers > 0) {
            out << fmt::format(
                "          + {} recurrent layers keep {} state elements each per sequence, "
                "whatever its length\n",
                model.recurrent_layers, group_digits(model.recurrent_state_elements_per_layer));
        }
    }
    std::string sequences;
    for (const SequenceCost& sequence : report.sequences) {
        if (!sequences.empty()) sequences += ", ";
        sequences +=
            fmt::format("{} tokens: {}", group_digits(sequence.sequence_length),
                        format_bytes(report, static_cast<std::int64_t>(sequence.kv_bytes)));
    }
    out << fmt::format("          one sequence of {}\n", sequences);
    std::string requirement;
    if (report.batch)
        requirement = fmt::format("; required: {} sequences of every length", *report.batch);
    std::string release;
    if (report.engine.release) {
        const EngineProfile& profile = engine_profile(report.engine.engine);
        release = fmt::format(" {}", release_name(*report.engine.release));
        if (profile.newest_release && *report.engine.release == *profile.newest_release)
            release += " (the newest release modelled)";
    }
    out << fmt::format("Engine    {}{}{}\n\n", engine_name(report.engine.engine), release,
                       requirement);
}

std::string per_sequence_price(const InstanceFit& fit) {
    return fit.usd_per_hour_per_sequence ? fmt::format("{:.3f}", *fit.usd_per_hour_per_sequence)
                                         : "";
}

void print_instances(const SizingReport& report, std::ostream& out) {
    const std::string unit = uses_decimal_units(report.engine.engine) ? "GB" : "GiB";
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Rank", Align::right);
    table.add_column("Instance", Align::left);
    table.add_column("Accelerators", Align::left);
    table.add_column("TP x copies", Align::right);
    table.add_column(fmt::format("Memory [{}]", unit), Align::right);
    table.add_column(fmt::format("KV budget [{}]", unit), Align::right);
    table.add_column("Max tokens", Align::right);
    for (const SequenceCost& sequence : report.sequences) {
        table.add_column(fmt::format("Batch @{}", sequence.sequence_length), Align::right);
    }
    table.add_column("Price [$/h]", Align::right);
    table.add_column("[$/h per seq]", Align::right);

    std::vector<const InstanceFit*> misfits;
    std::size_t rank = 0;
    for (const InstanceFit& fit : report.instances) {
        if (!fit.fits) {
            misfits.push_back(&fit);
            continue;
        }
        std::vector<std::string> row{
            std::to_string(++rank),
            fit.instance.name,
            fmt::format("{} x {}", fit.instance.accelerator_count, fit.instance.accelerator),
            fmt::format("{} x {}", fit.tensor_parallel, fit.replicas),
            amount(report, static_cast<std::int64_t>(fit.memory_bytes)),
            amount(report, fit.kv_budget_bytes),
            group_digits(fit.max_tokens),
        };
        for (const BatchFit& batch : fit.batches)
            row.push_back(group_digits(batch.max_batch));
        row.push_back(fit.instance.price_usd_per_hour
                          ? fmt::format("{:.2f}", *fit.instance.price_usd_per_hour)
                          : "n/a");
        row.push_back(per_sequence_price(fit));
        table.add_row(std::move(row));
    }
    if (rank > 0) {
        table.print(out);
    } else {
        out << "No instance meets the requirements.\n";
    }
    for (const InstanceFit& fit : report.instances) {
        if (!fit.fits) continue;
        for (const std::string& warning : fit.warnings) {
            out << fmt::format("Warning: {}: {}\n", printable_text(fit.instance.name),
                               printable_text(warning));
        }
    }
    if (misfits.empty()) return;
    if (misfits.size() <= 5) {
        out << '\n';
        for (const InstanceFit* fit : misfits) {
            out << fmt::format("{} does not fit: {}\n", printable_text(fit->instance.name),
                               printable_text(fit->problem));
        }
        return;
    }
    // Many misfits: what the engine cannot run or load, one line per reason; memory shortfalls
    // (their figures differ per instance) by name.
    std::vector<std::pair<std::string, std::string>> reasons;  // problem, names
    std::string names;
    std::size_t short_of_memory = 0;
    for (const InstanceFit* fit : misfits) {
        const ProblemKind kind = fit->problem_kind;
        if (kind == ProblemKind::weights || kind == ProblemKind::kv || kind == ProblemKind::tp ||
            kind == ProblemKind::none) {
            names += (names.empty() ? "" : ", ") + printable_text(fit->instance.name);
            ++short_of_memory;
            continue;
        }
        const auto same = std::find_if(reasons.begin(), reasons.end(), [&](const auto& reason) {
            return reason.first == fit->problem;
        });
        if (same == reasons.end()) {
            reasons.emplace_back(fit->problem, printable_text(fit->instance.name));
        } else {
            same->second += ", " + printable_text(fit->instance.name);
        }
    }
    out << '\n';
    for (const auto& [problem, instances] : reasons)
        out << fmt::format("Does not fit: {}: {}\n", printable_text(problem), instances);
    if (short_of_memory > 0)
        out << fmt::format("Does not fit ({}, memory): {}\n", short_of_memory, names);
}

// How a budget term reads in the budget line.
std::string_view term_label(BudgetTermKind kind) {
    switch (kind) {
        case BudgetTermKind::memory:
            return "memory";
        case BudgetTermKind::requested:
            return "requested";
        case BudgetTermKind::weights:
            return "weights";
        case BudgetTermKind::activation:
            return "activation peak";
        case BudgetTermKind::non_torch:
            return "non-torch";
        case BudgetTermKind::cuda_graph:
            return "CUDA graphs";
        case BudgetTermKind::extra_reserve:
            return "--reserve";
        case BudgetTermKind::free_fraction:
            return "kept free";
        case BudgetTermKind::wiggle_room:
            return "wiggle room";
        case BudgetTermKind::compute_buffers:
            return "compute buffers";
    }
    return "";
}

void print_budget(const SizingReport& report, const InstanceFit& fit, std::ostream& out) {
    const GpuBudget& gpu = fit.per_gpu;
    const EngineProfile& profile = engine_profile(report.engine.engine);
    std::string terms;
    for (const BudgetTerm& term : gpu.terms) {
        if (terms.empty()) {
            terms = fmt::format("{} {}", term_label(term.kind), format_bytes(report, term.bytes));
            continue;
        }
        if (term.bytes == 0) continue;
        terms += fmt::format(" - {} {}", term_label(term.kind), format_bytes(report, -term.bytes));
    }
    if (profile.split == MemorySplit::pooled) {
        out << fmt::format(
            "Budget    {}: {} x {} GB marketed: {} = KV {}\n", printable_text(fit.instance.name),
            fit.instance.accelerator_count,
            format_gb(static_cast<std::int64_t>(fit.instance.accelerator_memory_bytes_marketed)),
            terms, format_bytes(report, gpu.kv_bytes));
        return;
    }
    std::string cap;
    if (!profile.memory_fraction_name.empty() && !gpu.terms.empty() &&
        gpu.terms.front().kind == BudgetTermKind::requested) {
        cap = fmt::format(" x {:.2f}", report.engine.memory_fraction);
    }
    out << fmt::format("Budget    {} per GPU: {} GiB{}: {} = KV {} GiB; TP {}, {} cop{}\n",
                       printable_text(fit.instance.name),
                       format_gib(static_cast<std::int64_t>(gpu.device_bytes)), cap, terms,
                       format_gib(gpu.kv_bytes), fit.tensor_parallel, fit.replicas,
                       fit.replicas == 1 ? "y" : "ies");
    const ResolvedEngineSettings& settings = gpu.settings;
    if (settings.release) {
        out << fmt::format(
            "Settings  {} {}{}: max_num_seqs {}, max_num_batched_tokens {}, block_size {}, "
            "sampler {}\n",
            profile.display_name, release_name(*settings.release),
            settings.offline ? " (offline LLM class)" : " (serve)", settings.max_num_seqs,
            settings.max_num_batched_tokens, settings.block_tokens,
            sampler_path_name(settings.sampler));
    }
    if (settings.cuda_graph_max_bs > 0) {
        out << fmt::format(
            "Settings  {}: {} {:.3f}, chunked_prefill_size {}, cuda_graph_max_bs {}\n",
            profile.display_name, profile.memory_fraction_name, settings.memory_fraction,
            settings.chunked_prefill_size, settings.cuda_graph_max_bs);
    }
    if (!gpu.range_assumption.empty()) {
        out << fmt::format("Range     KV {} to {} GiB, {} to {} tokens per copy: {}\n",
                           format_gib(gpu.kv_bytes), format_gib(gpu.kv_bytes_high),
                           group_digits(gpu.kv_tokens), group_digits(gpu.kv_tokens_high),
                           gpu.range_assumption);
    }
    if (profile.logs_kv_cache_lines && !report.sequences.empty()) {
        std::uint64_t longest = 0;
        for (const SequenceCost& sequence : report.sequences)
            longest = std::max(longest, sequence.sequence_length);
        out << fmt::format("{:<10}Available KV cache memory: {} GiB\n",
                           fmt::format("{} log", profile.display_name), format_gib(gpu.kv_bytes));
        out << fmt::format("          GPU KV cache size: {} tokens\n", group_digits(gpu.kv_tokens));
        out << fmt::format("          Maximum concurrency for {} tokens per request: {:.2f}x\n",
                           group_digits(longest), gpu.max_concurrency);
    }
}

// "16 x 4,096 tokens, 32 x 2,048 tokens"
std::string batches_text(const std::vector<BatchFit>& batches) {
    std::string text;
    for (const BatchFit& batch : batches) {
        if (!text.empty()) text += ", ";
        text += fmt::format("{} x {} tokens", group_digits(batch.max_batch),
                            group_digits(batch.sequence_length));
    }
    return text;
}

void print_recommendation(const SizingReport& report, std::ostream& out) {
    if (!report.recommended) {
        out << "\nRecommended: none: nothing selected meets the requirements.\n";
        if (const auto& multi = report.multi_node) {
            const std::string batches = batches_text(multi->batches);
            out << fmt::format(
                "Multi-node: {} x {} with pipeline parallelism (TP {} within a node, PP {} across "
                "nodes) holds {}{}\n",
                multi->nodes, printable_text(multi->instance.name), multi->tensor_parallel,
                multi->pipeline_parallel, batches,
                multi->price_usd_per_hour
                    ? fmt::format(" for ${:.2f}/h", *multi->price_usd_per_hour)
                    : "");
        }
        return;
    }
    const InstanceFit& best = report.instances.front();
    const std::string batches = batches_text(best.batches);
    const std::string price = best.instance.price_usd_per_hour
                                  ? fmt::format("${:.2f}/h", *best.instance.price_usd_per_hour)
                                  : "price unknown";
    out << '\n';
    print_budget(report, best, out);
    out << fmt::format("\nRecommended: {} ({}), {}: at most {} at once\n",
                       printable_text(*report.recommended), price,
                       best.instance.price_usd_per_hour ? "the cheapest that fits"
                       : best.instance.family == "bare"
                           ? "fits"
                           : "fits; no instance that fits has a price under --pricing " +
                                 std::string(pricing_name(report.pricing)),
                       batches);
    if (report.best_value) {
        const auto value = std::find_if(
            report.instances.begin(), report.instances.end(),
            [&](const InstanceFit& fit) { return fit.instance.name == *report.best_value; });
        if (value != report.instances.end() && value->usd_per_hour_per_sequence) {
            out << fmt::format(
                "Best value: {} (${:.2f}/h), ${:.3f}/h per sequence at {} tokens: at most {} at "
                "once\n",
                printable_text(value->instance.name),
                value->instance.price_usd_per_hour.value_or(0.0), *value->usd_per_hour_per_sequence,
                group_digits(std::max_element(report.sequences.begin(), report.sequences.end(),
                                              [](const SequenceCost& a, const SequenceCost& b) {
                                                  return a.sequence_length < b.sequence_length;
                                              })
                                 ->sequence_length),
                batches_text(value->batches));
        }
    }
}

}  // namespace

void render_table(const SizingReport& report, std::ostream& out) {
    print_header(report, out);
    for (const std::string& warning : report.warnings)
        out << "Warning: " << printable_text(warning) << '\n';
    print_instances(report, out);
    print_recommendation(report, out);
    if (!report.notes.empty()) {
        out << "\nNotes:\n";
        for (const std::string& note : report.notes)
            out << "  - " << printable_text(note) << '\n';
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
           "count against the model's published count (sources in data/model_sources.json).\n";
}

void render_instances_table(const Catalog& catalog, std::ostream& out) {
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Instance", Align::left);
    table.add_column("Accelerators", Align::left);
    table.add_column("Marketed [GB]", Align::right);
    table.add_column("Usable [GiB]", Align::right);
    table.add_column("vCPUs", Align::right);
    table.add_column("Host [GiB]", Align::right);
    table.add_column("Interconnect", Align::left);
    table.add_column("Price [$/h]", Align::right);
    table.add_column("Price date", Align::left);
    for (const Instance& instance : catalog.instances) {
        const auto count = instance.accelerator_count;
        table.add_row(
            {instance.name, fmt::format("{} x {}", count, instance.accelerator),
             format_gb(
                 static_cast<std::int64_t>(instance.accelerator_memory_bytes_marketed * count)),
             format_gib(
                 static_cast<std::int64_t>(instance.accelerator_memory_bytes_usable * count)),
             std::to_string(instance.vcpus),
             format_gib(static_cast<std::int64_t>(instance.host_memory_bytes)),
             instance.interconnect,
             instance.price_usd_per_hour ? fmt::format("{:.2f}", *instance.price_usd_per_hour)
                                         : "n/a",
             instance.price_date.empty() ? (instance.price_usd_per_hour ? "undated" : "")
                                         : instance.price_date});
    }
    table.print(out);
    out << "\nMemory totals are per instance. Usable memory is what nvidia-smi reports. Prices are "
           "on-demand and go stale: check them before you buy (sources: llmsize instances "
           "--json).\n";
}

}  // namespace llmsize::cli
