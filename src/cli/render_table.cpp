// The human-readable report: what was sized, how each figure was derived, the ranked instances,
// the recommendation and every assumption.
#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "describe_problem.hpp"
#include "llmsize/error.hpp"
#include "render.hpp"
#include "render_speed.hpp"
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
        fmt::format("{:g} B ({})", dtype_bytes(report.kv_dtype), dtype_name(report.kv_dtype));
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

// Writes text wrapped to the style's width: "Model     ..." rows whose continuation lines are
// indented under the text, and list items.
class Writer {
  public:
    Writer(std::ostream& out, const TextStyle& style) : m_out(out), m_style(style) {}
    static constexpr std::size_t k_label_columns = 10;
    // "Label     text", wrapped with the text's column kept.
    void row(std::string_view label, std::string_view text) {
        std::string prefix(label);
        prefix.resize(std::max(prefix.size(), k_label_columns), ' ');
        lines(text, prefix, std::string(k_label_columns, ' '));
    }
    void lines(std::string_view text, std::string_view first_prefix, std::string_view indent) {
        for (const std::string& line : wrap_words(text, m_style.columns, first_prefix, indent))
            m_out << line << '\n';
    }
    void blank() { m_out << '\n'; }
    std::ostream& out() { return m_out; }
    const TextStyle& style() const { return m_style; }

  private:
    std::ostream& m_out;
    const TextStyle& m_style;
};

void print_header(const SizingReport& report, Writer& writer) {
    const ModelSpec& model = report.model;
    std::string what = model.name ? printable_text(*model.name) + ", " : "";
    if (model.architecture) what += printable_text(*model.architecture) + ", ";
    writer.row("Model",
               fmt::format("{}{} parameters ({}) from {}", what,
                           format_param_count(model.parameters), group_digits(model.parameters),
                           model.source == ModelSource::params   ? "--params"
                           : model.source == ModelSource::config ? "config.json"
                           : model.source == ModelSource::gguf   ? "GGUF header"
                                                                 : "bundled preset"));
    if (model.active_parameters) {
        writer.row("", fmt::format("{} active per token (mixture of experts)",
                                   format_param_count(*model.active_parameters)));
    }
    if (model.attention_heads == 0 && model.recurrent_layers > 0) {
        writer.row("", fmt::format("{} layers, hidden {}, attention-free", model.layers,
                                   model.hidden_size));
    } else {
        writer.row(
            "", fmt::format("{} layers, hidden {}, {} attention heads, {} KV heads, head_dim {}",
                            model.layers, model.hidden_size, model.attention_heads, model.kv_heads,
                            model.head_dim));
    }
    writer.row("Weights",
               fmt::format("{} = {} parameters as {}",
                           format_bytes(report, static_cast<std::int64_t>(report.weight_bytes)),
                           group_digits(model.parameters), report.weights.description));
    if (model.kv_layers.empty() && model.recurrent_layers > 0) {
        writer.row("KV cache",
                   fmt::format("none: {} recurrent layers keep {} state elements each per "
                               "sequence, whatever its length",
                               model.recurrent_layers,
                               group_digits(model.recurrent_state_elements_per_layer)));
    } else {
        writer.row("KV cache",
                   fmt::format("{} B per token = {}", group_digits(report.kv_bytes_per_token),
                               kv_derivation(report)));
        if (model.recurrent_layers > 0) {
            writer.row("", fmt::format("+ {} recurrent layers keep {} state elements each per "
                                       "sequence, whatever its length",
                                       model.recurrent_layers,
                                       group_digits(model.recurrent_state_elements_per_layer)));
        }
    }
    std::string sequences;
    for (const SequenceCost& sequence : report.sequences) {
        if (!sequences.empty()) sequences += ", ";
        sequences +=
            fmt::format("{} tokens: {}", group_digits(sequence.sequence_length),
                        format_bytes(report, static_cast<std::int64_t>(sequence.kv_bytes)));
    }
    writer.row("", fmt::format("one sequence of {}", sequences));
    std::string requirement;
    if (report.batch)
        requirement = fmt::format("; required: {} sequences of every length", *report.batch);
    std::string release;
    const EngineProfile& profile = engine_profile(report.engine.engine);
    if (!profile.backend.empty()) release = fmt::format(", back end {}", profile.backend);
    if (report.engine.release) {
        release += fmt::format(" {}", release_name(*report.engine.release));
        if (profile.newest_release && *report.engine.release == *profile.newest_release)
            release += " (the newest release modelled)";
    }
    writer.row("Engine",
               fmt::format("{}{}{}", engine_name(report.engine.engine), release, requirement));
}

std::string per_sequence_price(const InstanceFit& fit) {
    return fit.usd_per_hour_per_sequence ? fmt::format("{:.3f}", *fit.usd_per_hour_per_sequence)
                                         : "";
}

std::string price_text(const Instance& instance) {
    return instance.price_usd_per_hour ? fmt::format("{:.2f}", *instance.price_usd_per_hour)
                                       : "n/a";
}

// The instance table, the same for text, CSV and Markdown. `with_fit` adds the columns that only
// make sense when misfits are listed too (CSV).
TextTable instance_table(const SizingReport& report, const std::vector<const InstanceFit*>& fits,
                         bool with_fit) {
    const std::string unit = uses_decimal_units(report.engine.engine) ? "GB" : "GiB";
    TextTable table;
    using Align = TextTable::Align;
    // keep: which columns survive a narrow terminal (higher survives longer).
    table.add_column("Rank", Align::right, "#");
    table.add_column("Instance", Align::left);
    table.add_column("Accelerators", Align::left, "GPUs", 40);
    table.add_column("TP x copies", Align::right, "TPxN", 50);
    table.add_column(fmt::format("Memory [{}]", unit), Align::right, fmt::format("Mem {}", unit),
                     10);
    table.add_column(fmt::format("KV budget [{}]", unit), Align::right, fmt::format("KV {}", unit),
                     30);
    table.add_column("Max tokens", Align::right, "Tokens", 20);
    for (const SequenceCost& sequence : report.sequences) {
        table.add_column(fmt::format("Batch @{}", sequence.sequence_length), Align::right,
                         fmt::format("@{}", sequence.sequence_length));
    }
    table.add_column("Price [$/h]", Align::right, "$/h");
    table.add_column("[$/h per seq]", Align::right, "$/h/seq", 25);
    if (with_fit) {
        table.add_column("Fits", Align::left);
        table.add_column("Problem", Align::left);
    }
    // CSV is for programs: plain integers, no digit grouping.
    const auto integer = [&](std::uint64_t value) {
        return with_fit ? std::to_string(value) : group_digits(value);
    };
    std::size_t rank = 0;
    for (const InstanceFit* fit : fits) {
        std::vector<std::string> row{
            fit->fits ? std::to_string(++rank) : "",
            fit->instance.name,
            fmt::format("{} x {}", fit->instance.accelerator_count, fit->instance.accelerator),
            fmt::format("{} x {}", fit->tensor_parallel, fit->replicas),
            amount(report, static_cast<std::int64_t>(fit->memory_bytes)),
            amount(report, fit->kv_budget_bytes),
            integer(fit->max_tokens),
        };
        for (const BatchFit& batch : fit->batches)
            row.push_back(integer(batch.max_batch));
        row.resize(7 + report.sequences.size());
        row.push_back(price_text(fit->instance));
        row.push_back(per_sequence_price(*fit));
        if (with_fit) {
            row.push_back(fit->fits ? "yes" : "no");
            row.push_back(describe_problem(fit->problem));
        }
        table.add_row(std::move(row));
    }
    return table;
}

std::vector<const InstanceFit*> fitting_instances(const SizingReport& report) {
    std::vector<const InstanceFit*> fits;
    for (const InstanceFit& fit : report.instances) {
        if (fit.fits) fits.push_back(&fit);
    }
    return fits;
}

void print_instances(const SizingReport& report, Writer& writer) {
    const TextStyle& style = writer.style();
    std::vector<const InstanceFit*> fits = fitting_instances(report);
    const std::size_t fitting = fits.size();
    if (!style.all && fits.size() > style.top) fits.resize(style.top);
    // Nothing fits: the recommendation above already says so; the reasons follow.
    if (!fits.empty()) {
        const std::vector<std::string> dropped =
            instance_table(report, fits, false).print_fitted(writer.out(), style.columns);
        if (!dropped.empty()) {
            std::string names;
            for (const std::string& name : dropped)
                names += (names.empty() ? "" : ", ") + name;
            writer.lines(fmt::format("(not shown at {} columns: {}; --format csv has them all)",
                                     style.columns, names),
                         "", " ");
        }
    }
    if (fits.size() < fitting) {
        writer.lines(fmt::format("{} more fit{}: --top N or --all lists them",
                                 fitting - fits.size(), fitting - fits.size() == 1 ? "s" : ""),
                     "", "  ");
    }
    std::vector<std::string> warnings;
    for (const InstanceFit* fit : fits) {
        for (const std::string& warning : fit->warnings) {
            std::string line =
                fmt::format("{}: {}", printable_text(fit->instance.name), printable_text(warning));
            if (std::find(warnings.begin(), warnings.end(), line) == warnings.end())
                warnings.push_back(std::move(line));
        }
    }
    for (const std::string& warning : warnings)
        writer.lines(warning, "Warning: ", "  ");
    std::vector<const InstanceFit*> misfits;
    for (const InstanceFit& fit : report.instances) {
        if (!fit.fits) misfits.push_back(&fit);
    }
    if (misfits.empty()) return;
    // Few misfits (a --instance gate) or --all: each with its reason; else one counted line.
    // When nothing fits, the reasons are the answer: the first three, then the count.
    constexpr std::size_t k_reasons_shown = 3;
    const std::size_t reasons = style.all || misfits.size() <= k_reasons_shown ? misfits.size()
                                : fitting == 0                                 ? k_reasons_shown
                                                                               : 0;
    if (!fits.empty()) writer.blank();
    for (std::size_t i = 0; i < reasons; ++i) {
        writer.lines(fmt::format("{} does not fit: {}", printable_text(misfits[i]->instance.name),
                                 printable_text(describe_problem(misfits[i]->problem))),
                     "", "  ");
    }
    const std::size_t rest = misfits.size() - reasons;
    if (rest == 0) return;
    writer.lines(
        fmt::format("{} {}instance{} do{} not fit: --all gives each reason", rest,
                    reasons > 0 ? "more " : "", rest == 1 ? "" : "s", rest == 1 ? "es" : ""),
        "", "  ");
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

// How the instance's memory divides, term by term in the engine's order, then the settings the
// engine resolved on this GPU and, for engines whose log prints them, the log's lines.
void print_budget(const SizingReport& report, const InstanceFit& fit, Writer& writer) {
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
        writer.row("Budget",
                   fmt::format("{}: {} x {} GB marketed: {} = KV {}",
                               printable_text(fit.instance.name), fit.instance.accelerator_count,
                               format_gb(static_cast<std::int64_t>(
                                   fit.instance.accelerator_memory_bytes_marketed)),
                               terms, format_bytes(report, gpu.kv_bytes)));
        return;
    }
    std::string cap;
    if (!profile.memory_fraction_name.empty() && !gpu.terms.empty() &&
        gpu.terms.front().kind == BudgetTermKind::requested) {
        cap = fmt::format(" x {:.2f}", report.engine.memory_fraction);
    }
    writer.row("Budget", fmt::format("{} per GPU: {} GiB{}: {} = KV {} GiB; TP {}, {} cop{}",
                                     printable_text(fit.instance.name),
                                     format_gib(static_cast<std::int64_t>(gpu.device_bytes)), cap,
                                     terms, format_gib(gpu.kv_bytes), fit.tensor_parallel,
                                     fit.replicas, fit.replicas == 1 ? "y" : "ies"));
    const ResolvedEngineSettings& settings = gpu.settings;
    // "DJL LMI, back end vLLM 0.21.0" where a container runs another engine.
    std::string engine_release(profile.display_name);
    if (!settings.backend.empty())
        engine_release += ", back end " + std::string(engine_profile(profile.runs_as).display_name);
    if (settings.release) engine_release.append(" ").append(release_name(*settings.release));
    if (settings.release && settings.max_num_seqs > 0) {  // vLLM's scheduler settings
        writer.row("Settings", fmt::format("{}{}: {} {}, max_num_batched_tokens {}, block_size "
                                           "{}, sampler {}",
                                           engine_release,
                                           settings.offline ? " (offline LLM class)" : " (serve)",
                                           settings.max_seqs_name, settings.max_num_seqs,
                                           settings.max_num_batched_tokens, settings.block_tokens,
                                           sampler_path_name(settings.sampler)));
    } else if (settings.max_num_batched_tokens > 0 && !settings.forward_tokens_name.empty()) {
        writer.row("Settings", fmt::format("{}: {} {}, block_size {}", engine_release,
                                           settings.forward_tokens_name,
                                           settings.max_num_batched_tokens, settings.block_tokens));
    }
    if (settings.cuda_graph_max_bs > 0) {
        writer.row(
            "Settings",
            fmt::format("{}: {} {:.3f}, chunked_prefill_size {}, cuda_graph_max_bs {}",
                        engine_release, profile.memory_fraction_name, settings.memory_fraction,
                        settings.chunked_prefill_size, settings.cuda_graph_max_bs));
    }
    if (!gpu.range_assumption.empty()) {
        writer.row("Range", fmt::format("KV {} to {} GiB, {} to {} tokens per copy: {}",
                                        format_gib(gpu.kv_bytes), format_gib(gpu.kv_bytes_high),
                                        group_digits(gpu.kv_tokens),
                                        group_digits(gpu.kv_tokens_high), gpu.range_assumption));
    }
    if (profile.logs_kv_cache_lines && !report.sequences.empty()) {
        const std::uint64_t longest = report.longest_sequence_length();
        writer.row(fmt::format("{} log", engine_profile(profile.runs_as).display_name),
                   fmt::format("Available KV cache memory: {} GiB", format_gib(gpu.kv_bytes)));
        writer.row("", fmt::format("GPU KV cache size: {} tokens", group_digits(gpu.kv_tokens)));
        writer.row("", fmt::format("Maximum concurrency for {} tokens per request: {:.2f}x",
                                   group_digits(longest), gpu.max_concurrency));
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

// One GPU's memory as a bar of memory_shares: weights, engine overhead, KV cache, free.
void print_memory_bar(const SizingReport& report, const InstanceFit& fit, Writer& writer) {
    const GpuBudget& gpu = fit.per_gpu;
    if (gpu.device_bytes == 0) return;
    const double total = static_cast<double>(gpu.device_bytes);
    const MemoryShares shares = memory_shares(gpu);
    struct Segment {
        const char* name;
        double bytes;
        const char* block;
        const char* ascii;
        const char* color;
    };
    const Segment segments[] = {
        {"weights", static_cast<double>(shares.weights), "█", "#", "\x1b[34m"},
        {"engine overhead", static_cast<double>(shares.overhead), "▓", "+", "\x1b[33m"},
        {"KV cache", static_cast<double>(shares.kv), "▒", "=", "\x1b[32m"},
        {"free", static_cast<double>(shares.free), "░", ".", "\x1b[2m"},
    };
    const TextStyle& style = writer.style();
    const std::size_t prefix_columns = Writer::k_label_columns;
    // "Memory    [" bar "] 1432.49 GiB": the label, brackets and the total take 24 columns.
    const std::size_t bar_columns = std::clamp<std::size_t>(
        style.columns - std::min(style.columns, prefix_columns + 14), 10, 50);
    std::string bar = "[";
    std::size_t used = 0;
    double cumulative = 0;
    for (const Segment& segment : segments) {
        cumulative += segment.bytes;
        const auto end =
            static_cast<std::size_t>(cumulative / total * static_cast<double>(bar_columns) + 0.5);
        const std::size_t cells = end > used ? end - used : 0;
        if (cells == 0) continue;
        if (style.color) bar += segment.color;
        for (std::size_t i = 0; i < cells; ++i)
            bar += style.unicode ? segment.block : segment.ascii;
        if (style.color) bar += "\x1b[0m";
        used += cells;
    }
    bar.append(bar_columns - std::min(bar_columns, used), ' ');
    bar += "]";
    const std::string label = fit.per_gpu.device_bytes == fit.memory_bytes ? "Memory" : "Per GPU";
    writer.out() << fmt::format("{:<{}}{} {}\n", label, prefix_columns, bar,
                                format_bytes(report, static_cast<std::int64_t>(gpu.device_bytes)));
    // The legend: entries two spaces apart, an entry never split across lines.
    std::string legend(prefix_columns, ' ');
    std::size_t legend_columns = prefix_columns;
    for (const Segment& segment : segments) {
        if (segment.bytes <= 0) continue;
        const std::string entry =
            fmt::format("{} {} {}", style.unicode ? segment.block : segment.ascii, segment.name,
                        format_bytes(report, static_cast<std::int64_t>(segment.bytes)));
        const std::size_t entry_columns = display_width(entry);
        if (legend_columns > prefix_columns && legend_columns + 2 + entry_columns > style.columns) {
            writer.out() << legend << '\n';
            legend.assign(prefix_columns, ' ');
            legend_columns = prefix_columns;
        }
        if (legend_columns > prefix_columns) {
            legend += "  ";
            legend_columns += 2;
        }
        legend += entry;
        legend_columns += entry_columns;
    }
    writer.out() << legend << '\n';
}

// Why the recommended instance: the cheapest that fits, or only "fits" where prices are unknown.
std::string recommendation_reason(const SizingReport& report, const InstanceFit& best) {
    if (best.instance.price_usd_per_hour) {
        return best.speed ? "the cheapest per output token that meets the targets"
                          : "the cheapest that fits";
    }
    if (best.instance.family == "bare") return "fits";
    return "fits; no instance that fits has a price under --pricing " +
           std::string(pricing_name(report.pricing));
}

void print_recommendation(const SizingReport& report, Writer& writer) {
    if (!report.recommended) {
        writer.lines("Recommended: none: nothing selected meets the requirements.", "", "  ");
        if (const auto& multi = report.multi_node) {
            const std::string batches = batches_text(multi->batches);
            writer.lines(
                fmt::format("{} x {} with pipeline parallelism (TP {} within a node, PP {} across "
                            "nodes) holds {}{}",
                            multi->nodes, printable_text(multi->instance.name),
                            multi->tensor_parallel, multi->pipeline_parallel, batches,
                            multi->price_usd_per_hour
                                ? fmt::format(" for ${:.2f}/h", *multi->price_usd_per_hour)
                                : ""),
                "Multi-node: ", "  ");
        }
        return;
    }
    const InstanceFit& best = report.instances.front();
    const std::string batches = batches_text(best.batches);
    const std::string price = best.instance.price_usd_per_hour
                                  ? fmt::format("${:.2f}/h", *best.instance.price_usd_per_hour)
                                  : "price unknown";
    writer.lines(fmt::format("{} ({}), {}: at most {} at once", printable_text(*report.recommended),
                             price, recommendation_reason(report, best), batches),
                 "Recommended: ", "  ");
    if (report.best_value) {
        const auto value = std::find_if(
            report.instances.begin(), report.instances.end(),
            [&](const InstanceFit& fit) { return fit.instance.name == *report.best_value; });
        if (value != report.instances.end() && value->usd_per_hour_per_sequence) {
            writer.lines(
                fmt::format("{} (${:.2f}/h), ${:.3f}/h per sequence at {} tokens: at most {} at "
                            "once",
                            printable_text(value->instance.name),
                            value->instance.price_usd_per_hour.value_or(0.0),
                            *value->usd_per_hour_per_sequence,
                            group_digits(report.longest_sequence_length()),
                            batches_text(value->batches)),
                "Best value: ", "  ");
        }
    }
    print_budget(report, best, writer);
    print_memory_bar(report, best, writer);
}

void print_notes(const SizingReport& report, Writer& writer) {
    std::vector<std::string> notes;
    for (const std::string& note : report.notes) {
        if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
    }
    if (notes.empty()) return;
    writer.blank();
    writer.out() << "Notes:\n";
    for (const std::string& note : notes)
        writer.lines(printable_text(note), "  - ", "    ");
}

}  // namespace

void render_table(const SizingReport& report, const TextStyle& style, std::ostream& out) {
    Writer writer(out, style);
    print_header(report, writer);
    for (const std::string& warning : report.warnings)
        writer.lines(printable_text(warning), "Warning: ", "  ");
    writer.blank();
    print_recommendation(report, writer);
    if (const std::string speed = speed_recommendation_text(report); !speed.empty())
        writer.row("Speed", speed);
    writer.blank();
    print_instances(report, writer);
    print_speed_table(report, style.columns,
                      style.all ? report.instances.size() : std::max<std::size_t>(style.top, 1),
                      writer.out());
    if (style.all) {
        for (const InstanceFit& fit : report.instances) {
            if (!fit.fits || (report.recommended && &fit == &report.instances.front())) continue;
            writer.blank();
            print_budget(report, fit, writer);
            print_memory_bar(report, fit, writer);
        }
    }
    print_notes(report, writer);
}

void render_table(const SizingReport& report, std::ostream& out) {
    render_table(report, TextStyle{}, out);
}

void render_brief(const SizingReport& report, std::ostream& out) {
    if (!report.recommended) {
        std::string reason = "nothing selected meets the requirements";
        if (report.instances.size() == 1)
            reason = printable_text(describe_problem(report.instances.front().problem));
        out << "none: " << reason << '\n';
        return;
    }
    const InstanceFit& best = report.instances.front();
    std::string batches;
    for (const BatchFit& batch : best.batches) {
        batches += fmt::format("{}{} x {}", batches.empty() ? "" : ", ",
                               group_digits(batch.max_batch), group_digits(batch.sequence_length));
    }
    // With a workload, the figure the recommendation was chosen by: cost per output token.
    std::string per_token;
    if (best.speed && best.speed->usd_per_million_output_tokens) {
        per_token = fmt::format("  ${:.3f}/M output tokens at {} sequences",
                                *best.speed->usd_per_million_output_tokens,
                                group_digits(best.speed->concurrency));
    }
    out << fmt::format("{}  TP {} x {} cop{}  batch {} tokens  {}{}\n",
                       printable_text(best.instance.name), best.tensor_parallel, best.replicas,
                       best.replicas == 1 ? "y" : "ies", batches,
                       best.instance.price_usd_per_hour
                           ? fmt::format("${:.2f}/h", *best.instance.price_usd_per_hour)
                           : "price unknown",
                       per_token);
}

void render_csv(const SizingReport& report, std::ostream& out) {
    std::vector<const InstanceFit*> all;
    for (const InstanceFit& fit : report.instances)
        all.push_back(&fit);
    instance_table(report, all, true).print_csv(out);
}

void render_markdown(const SizingReport& report, const TextStyle& style, std::ostream& out) {
    std::vector<const InstanceFit*> fits = fitting_instances(report);
    if (!style.all && fits.size() > style.top) fits.resize(style.top);
    if (report.recommended) {
        const InstanceFit& best = report.instances.front();
        out << fmt::format("**Recommended: {}** ({}), {}: at most {} at once\n\n",
                           printable_text(*report.recommended),
                           best.instance.price_usd_per_hour
                               ? fmt::format("${:.2f}/h", *best.instance.price_usd_per_hour)
                               : "price unknown",
                           recommendation_reason(report, best), batches_text(best.batches));
    } else {
        out << "**Recommended: none**: nothing selected meets the requirements.\n\n";
    }
    if (!fits.empty()) instance_table(report, fits, false).print_markdown(out);
}

void render_dtype_comparison(std::span<const SizingReport> reports, const TextStyle& style,
                             std::ostream& out) {
    Writer writer(out, style);
    const SizingReport& first = reports.front();
    const ModelSpec& model = first.model;
    std::string what = model.name ? printable_text(*model.name) + ", " : "";
    if (model.architecture) what += printable_text(*model.architecture) + ", ";
    writer.row("Model",
               fmt::format("{}{} parameters ({})", what, format_param_count(model.parameters),
                           group_digits(model.parameters)));
    writer.row("", fmt::format("{} layers, {} KV heads, head_dim {}", model.layers, model.kv_heads,
                               model.head_dim));
    std::string lengths;
    for (const SequenceCost& sequence : first.sequences)
        lengths += (lengths.empty() ? "" : ", ") + group_digits(sequence.sequence_length);
    writer.row("Engine", fmt::format("{}; sequences of {} tokens", engine_name(first.engine.engine),
                                     lengths));
    writer.blank();
    const std::string unit = uses_decimal_units(first) ? "GB" : "GiB";
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Weights", Align::left, "dtype");
    table.add_column(fmt::format("Size [{}]", unit), Align::right, unit);
    table.add_column("KV", Align::left, "", 30);
    table.add_column("KV [B/token]", Align::right, "KV B/tok", 20);
    table.add_column("Recommended", Align::left);
    table.add_column("TP x copies", Align::right, "TPxN", 40);
    for (const SequenceCost& sequence : first.sequences) {
        table.add_column(fmt::format("Batch @{}", sequence.sequence_length), Align::right,
                         fmt::format("@{}", sequence.sequence_length));
    }
    table.add_column("Price [$/h]", Align::right, "$/h");
    for (const SizingReport& report : reports) {
        std::vector<std::string> row{std::string(dtype_name(report.weights.dtype)),
                                     amount(report, static_cast<std::int64_t>(report.weight_bytes)),
                                     std::string(dtype_name(report.kv_dtype)),
                                     group_digits(report.kv_bytes_per_token)};
        if (report.recommended) {
            const InstanceFit& best = report.instances.front();
            row.push_back(*report.recommended);
            row.push_back(fmt::format("{} x {}", best.tensor_parallel, best.replicas));
            for (const BatchFit& batch : best.batches)
                row.push_back(group_digits(batch.max_batch));
            row.push_back(price_text(best.instance));
        } else {
            row.push_back(report.multi_node
                              ? fmt::format("none ({} x {} multi-node)", report.multi_node->nodes,
                                            report.multi_node->instance.name)
                              : "none");
        }
        table.add_row(std::move(row));
    }
    table.print_fitted(out, style.columns);
    std::vector<std::string> notes;
    for (const SizingReport& report : reports) {
        for (const std::string& note : report.notes) {
            if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);
        }
    }
    if (notes.empty()) return;
    writer.blank();
    out << "Notes:\n";
    for (const std::string& note : notes)
        writer.lines(printable_text(note), "  - ", "    ");
}

// A listing's table fitted to the width, with a line naming what a narrow terminal leaves out.
void print_listing(const TextTable& table, std::size_t columns, std::ostream& out) {
    const std::vector<std::string> dropped = table.print_fitted(out, columns);
    if (dropped.empty()) return;
    std::string names;
    for (const std::string& name : dropped)
        names += (names.empty() ? "" : ", ") + name;
    for (const std::string& line : wrap_words(
             fmt::format("(not shown at {} columns: {}; --json has them all)", columns, names),
             columns, "", " "))
        out << line << '\n';
}

// A blank line, then `text` wrapped to the width.
void print_paragraph(std::string_view text, std::size_t columns, std::ostream& out) {
    out << '\n';
    for (const std::string& line : wrap_words(text, columns))
        out << line << '\n';
}

void render_models_table(std::span<const PresetSummary> presets, std::size_t columns,
                         std::ostream& out) {
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Name", Align::left);
    table.add_column("Architecture", Align::left, "Arch", 5);
    table.add_column("Parameters", Align::right, "Params");
    table.add_column("Active", Align::right, "Active", 8);
    table.add_column("Layers", Align::right, "Layers", 30);
    table.add_column("KV heads", Align::right, "KV", 30);
    table.add_column("head_dim", Align::right, "dim", 30);
    table.add_column("KV [B/token, fp16]", Align::right, "KV B/tok");
    table.add_column("Source", Align::left, "Hugging Face id", 20);
    for (const PresetSummary& summary : presets) {
        const Preset& preset = *summary.preset;
        const ModelSpec& model = summary.model;
        table.add_row({preset.name, model.architecture.value_or("?"),
                       format_param_count(model.parameters),
                       model.active_parameters ? format_param_count(*model.active_parameters) : "",
                       std::to_string(model.layers), std::to_string(model.kv_heads),
                       std::to_string(model.head_dim),
                       group_digits(summary.kv_bytes_per_token_fp16), preset.hf_id});
    }
    print_listing(table, columns, out);
    print_paragraph(
        "Parameters are counted from each preset's config.json values; the tests check every "
        "count against the model's published count (sources: llmsize models --json).",
        columns, out);
}

void render_instances_table(const Catalog& catalog, std::size_t columns, std::ostream& out) {
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Instance", Align::left);
    table.add_column("Accelerators", Align::left, "GPUs");
    table.add_column("Marketed [GB]", Align::right, "GB", 20);
    table.add_column("Usable [GiB]", Align::right, "GiB");
    table.add_column("vCPUs", Align::right, "vCPU", 30);
    table.add_column("Host [GiB]", Align::right, "Host", 25);
    table.add_column("Interconnect", Align::left, "Link", 10);
    table.add_column("Price [$/h]", Align::right, "$/h");
    table.add_column("Price date", Align::left, "Date", 40);
    for (const Instance& instance : catalog.instances) {
        const auto count = instance.accelerator_count;
        table.add_row(
            {instance.name, fmt::format("{} x {}", count, instance.accelerator),
             format_gb(
                 static_cast<std::int64_t>(instance.total_accelerator_memory_bytes_marketed())),
             format_gib(
                 static_cast<std::int64_t>(instance.total_accelerator_memory_bytes_usable())),
             std::to_string(instance.vcpus),
             format_gib(static_cast<std::int64_t>(instance.host_memory_bytes)),
             instance.interconnect,
             instance.price_usd_per_hour ? fmt::format("{:.2f}", *instance.price_usd_per_hour)
                                         : "n/a",
             instance.price_date.empty() ? (instance.price_usd_per_hour ? "undated" : "")
                                         : instance.price_date});
    }
    print_listing(table, columns, out);
    print_paragraph(
        "Memory totals are per instance. Usable memory is what nvidia-smi reports. Prices are "
        "on-demand and go stale: check them before you buy (sources: llmsize instances --json).",
        columns, out);
}

}  // namespace llmsize::cli
