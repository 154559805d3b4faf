// The --json document. Field names are a public contract (README "JSON"): add fields freely,
// never change a meaning without bumping k_schema_version.
#include <nlohmann/json.hpp>
#include <ostream>

#include "describe_problem.hpp"
#include "render.hpp"
#include "render_speed.hpp"

namespace llmsize::cli {

namespace {

// Each default the request resolution decided: the setting, the value and the rule.
nlohmann::json defaults_json(const std::vector<RequestDefault>& defaults) {
    nlohmann::json list = nlohmann::json::array();
    for (const RequestDefault& entry : defaults)
        list.push_back({{"setting", entry.setting}, {"value", entry.value}, {"rule", entry.rule}});
    return list;
}

// The figures behind an instance's problem (describe_problem words them): the reason and the
// integers it carries, each key only where the reason has it; null when it fits.
nlohmann::json problem_figures_json(const FitProblem& problem) {
    if (problem.empty()) return nullptr;
    nlohmann::json figures = {{"reason", problem_reason_name(problem.reason)}};
    const auto bytes = [&] {
        figures["needed_bytes"] = problem.needed_bytes;
        figures["available_bytes"] = problem.available_bytes;
    };
    switch (problem.reason) {
        case ProblemReason::none:
        case ProblemReason::engine_rule:
        case ProblemReason::strict_warning:
            break;
        case ProblemReason::weights:
            bytes();
            figures["pooled_memory"] = problem.pooled_memory;
            figures["tensor_parallel"] = problem.tensor_parallel;
            break;
        case ProblemReason::no_kv_block:
            break;
        case ProblemReason::request_too_long:
            bytes();
            figures["sequence_length"] = problem.sequence_length;
            figures["estimated_max_model_length"] = problem.estimated_max_model_length;
            break;
        case ProblemReason::too_few_sequences:
            figures["sequences_held"] = problem.sequences_held;
            figures["sequences_required"] = problem.sequences_required;
            figures["sequence_length"] = problem.sequence_length;
            break;
        case ProblemReason::tp_exceeds_cores:
        case ProblemReason::tp_not_divisor:
            figures["tensor_parallel"] = problem.tensor_parallel;
            figures["device_count"] = problem.device_count;
            break;
        case ProblemReason::tp_attention_heads:
        case ProblemReason::tp_kv_heads:
            figures["tensor_parallel"] = problem.tensor_parallel;
            figures["heads"] = problem.heads;
            break;
        case ProblemReason::host_memory:
            bytes();
            break;
        case ProblemReason::speed_tpot:
        case ProblemReason::speed_ttft:
            figures["seconds"] = problem.seconds;
            figures["limit_seconds"] = problem.limit_seconds;
            figures["concurrency"] = problem.concurrency;
            break;
    }
    if (!problem.engine.empty()) figures["refusing_engine"] = problem.engine;
    return figures;
}

// Writes `document` as valid UTF-8 whatever its strings hold: bytes from an input file that are
// not UTF-8 become U+FFFD, and, where the document has notes, a note says so.
void write_json(nlohmann::json& document, std::ostream& out) {
    std::string text;
    try {
        text = document.dump(2);
    } catch (const nlohmann::json::type_error&) {  // 316: invalid UTF-8
        if (const auto notes = document.find("notes"); notes != document.end()) {
            notes->push_back("some names held bytes that are not UTF-8; they are shown as U+FFFD");
        }
        text = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out << text << '\n';
}

nlohmann::json optional_string(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json model_json(const SizingReport& report) {
    const ModelSpec& model = report.model;
    nlohmann::json layers = nlohmann::json::array();
    for (const KvLayerGroup& group : model.kv_layers) {
        nlohmann::json entry = {
            {"kind", layer_kind_name(group.kind)},
            {"layers", group.layers},
            {"kv_heads", group.kv_heads},
            {"key_dim", group.key_dim},
            {"value_dim", group.value_dim},
            {"window_tokens", group.window_tokens == 0 ? nlohmann::json(nullptr)
                                                       : nlohmann::json(group.window_tokens)}};
        layers.push_back(entry);
    }
    if (model.recurrent_layers > 0) {
        layers.push_back(
            {{"kind", "mamba"},
             {"layers", model.recurrent_layers},
             {"state_elements_per_layer", model.recurrent_state_elements_per_layer},
             {"float32_state_elements_per_layer", model.recurrent_float32_elements_per_layer},
             // The same values under their first, misleading names (they were always per
             // layer): kept so that schema_version 1 readers do not break.
             {"state_elements_per_sequence", model.recurrent_state_elements_per_layer},
             {"float32_state_elements_per_sequence", model.recurrent_float32_elements_per_layer}});
    }
    for (const KvLayerGroup& group : model.cross_kv_layers) {
        layers.push_back({{"kind", layer_kind_name(group.kind)},
                          {"layers", group.layers},
                          {"kv_heads", group.kv_heads},
                          {"key_dim", group.key_dim},
                          {"value_dim", group.value_dim}});
    }
    return {
        {"name", optional_string(model.name)},
        {"source", source_name(model.source)},
        {"architecture", optional_string(model.architecture)},
        {"parameters", model.parameters},
        {"active_parameters", model.active_parameters ? nlohmann::json(*model.active_parameters)
                                                      : nlohmann::json(nullptr)},
        {"vision_parameters", model.vision_parameters},
        {"audio_parameters", model.audio_parameters},
        {"layers", model.layers},
        {"hidden_size", model.hidden_size},
        {"attention_heads", model.attention_heads},
        {"kv_heads", model.kv_heads},
        {"head_dim", model.head_dim},
        {"layer_groups", layers},
    };
}

nlohmann::json budget_terms_json(const GpuBudget& gpu) {
    nlohmann::json terms = nlohmann::json::array();
    for (const BudgetTerm& term : gpu.terms)
        terms.push_back({{"name", budget_term_name(term.kind)}, {"bytes", term.bytes}});
    return terms;
}

nlohmann::json resolved_settings_json(const ResolvedEngineSettings& settings) {
    nlohmann::json json = {{"block_size", settings.block_tokens}};
    if (settings.release) json["release"] = release_name(*settings.release);
    if (!settings.backend.empty()) json["backend"] = settings.backend;
    // Every default under the engine's own name too (TGI max_batch_prefill_tokens,
    // TensorRT-LLM max_num_tokens, LMI max_rolling_batch_size).
    if (settings.max_num_batched_tokens > 0) {
        json["max_num_batched_tokens"] = settings.max_num_batched_tokens;
        if (!settings.forward_tokens_name.empty())
            json[std::string(settings.forward_tokens_name)] = settings.max_num_batched_tokens;
    }
    if (settings.max_num_seqs > 0 && !settings.max_seqs_name.empty())
        json[std::string(settings.max_seqs_name)] = settings.max_num_seqs;
    if (settings.max_input_tokens > 0) json["max_input_tokens"] = settings.max_input_tokens;
    if (settings.release && settings.max_num_seqs > 0) {  // vLLM's scheduler settings
        json["max_num_seqs"] = settings.max_num_seqs;
        json["max_num_batched_tokens"] = settings.max_num_batched_tokens;
        json["sampler_path"] = sampler_path_name(settings.sampler);
        json["offline"] = settings.offline;
    }
    if (settings.cuda_graph_max_bs > 0) {
        json["mem_fraction_static"] = settings.memory_fraction;
        json["chunked_prefill_size"] = settings.chunked_prefill_size;
        json["cuda_graph_max_bs"] = settings.cuda_graph_max_bs;
    }
    return json;
}

nlohmann::json instance_json(const InstanceFit& fit) {
    const Instance& instance = fit.instance;
    nlohmann::json batches = nlohmann::json::array();
    for (const BatchFit& batch : fit.batches) {
        batches.push_back(
            {{"sequence_length", batch.sequence_length}, {"max_batch", batch.max_batch}});
    }
    return {
        {"name", instance.name},
        {"accelerator", instance.accelerator},
        {"accelerator_count", instance.accelerator_count},
        {"memory_bytes", fit.memory_bytes},
        {"fits", fit.fits},
        {"kv_budget_bytes", fit.kv_budget_bytes},
        {"max_tokens", fit.max_tokens},
        {"max_tokens_low", fit.per_gpu.range_assumption.empty() ? nlohmann::json(nullptr)
                                                                : nlohmann::json(fit.max_tokens)},
        {"max_tokens_high", fit.per_gpu.range_assumption.empty()
                                ? nlohmann::json(nullptr)
                                : nlohmann::json(fit.max_tokens_high)},
        {"range_assumption", fit.per_gpu.range_assumption.empty()
                                 ? nlohmann::json(nullptr)
                                 : nlohmann::json(fit.per_gpu.range_assumption)},
        {"batches", batches},
        {"price_usd_per_hour", instance.price_usd_per_hour
                                   ? nlohmann::json(*instance.price_usd_per_hour)
                                   : nlohmann::json(nullptr)},
        {"usd_per_hour_per_sequence", fit.usd_per_hour_per_sequence
                                          ? nlohmann::json(*fit.usd_per_hour_per_sequence)
                                          : nlohmann::json(nullptr)},
        {"tensor_parallel", fit.tensor_parallel},
        {"replicas", fit.replicas},
        {"per_gpu",
         {{"device_bytes", fit.per_gpu.device_bytes},
          {"engine_cap_bytes", fit.per_gpu.engine_cap_bytes},
          {"weight_bytes", fit.per_gpu.weight_bytes},
          {"reserve_bytes", fit.per_gpu.reserve_bytes},
          {"requested_bytes", fit.per_gpu.engine_cap_bytes},
          {"activation_bytes", fit.per_gpu.activation_bytes},
          {"non_torch_bytes", fit.per_gpu.non_torch_bytes},
          {"cuda_graph_bytes", fit.per_gpu.cuda_graph_bytes},
          {"kv_bytes", fit.per_gpu.kv_bytes},
          {"kv_tokens", fit.per_gpu.kv_tokens},
          {"max_concurrency", fit.per_gpu.max_concurrency},
          {"budget_terms", budget_terms_json(fit.per_gpu)}}},
        {"engine_settings", resolved_settings_json(fit.per_gpu.settings)},
        {"problem", fit.problem.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json(describe_problem(fit.problem))},
        {"problem_figures", problem_figures_json(fit.problem)},
        {"problem_kind", fit.problem_kind == ProblemKind::none
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(problem_kind_name(fit.problem_kind))},
        {"problem_source",
         fit.problem_source.empty() ? nlohmann::json(nullptr) : nlohmann::json(fit.problem_source)},
        {"runtime", runtime_name(instance.device.runtime)},
        {"price_source", instance.price_source.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(instance.price_source)},
        {"price_note", instance.price_note.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(instance.price_note)},
        {"warnings", fit.warnings},
        {"price_date", instance.price_date.empty() ? nlohmann::json(nullptr)
                                                   : nlohmann::json(instance.price_date)},
        {"price_region", instance.price_region.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(instance.price_region)},
    };
}

nlohmann::json multi_node_json(const SizingReport& report) {
    if (!report.multi_node) return nullptr;
    const MultiNodeFit& multi = *report.multi_node;
    nlohmann::json batches = nlohmann::json::array();
    for (const BatchFit& batch : multi.batches) {
        batches.push_back(
            {{"sequence_length", batch.sequence_length}, {"max_batch", batch.max_batch}});
    }
    return {
        {"instance", multi.instance.name},
        {"nodes", multi.nodes},
        {"tensor_parallel", multi.tensor_parallel},
        {"pipeline_parallel", multi.pipeline_parallel},
        {"batches", batches},
        {"price_usd_per_hour", multi.price_usd_per_hour ? nlohmann::json(*multi.price_usd_per_hour)
                                                        : nlohmann::json(nullptr)}};
}

nlohmann::json engine_settings_json(const SizingReport& report) {
    const EngineSettings& engine = report.engine;
    nlohmann::json json = {
        {"memory_fraction", engine.memory_fraction},
        {"reserve_bytes_per_gpu", engine.extra_reserve_bytes_per_gpu},
        {"block_tokens", kv_block_tokens(engine)},
    };
    // The defaults as resolved on the top instance (they depend on the GPU).
    if (!report.instances.empty()) {
        json.update(resolved_settings_json(report.instances.front().per_gpu.settings));
    } else if (engine.release) {
        json["release"] = release_name(*engine.release);
    }
    return json;
}

nlohmann::json sizing_document(const SizingReport& report) {
    nlohmann::json sequences = nlohmann::json::array();
    nlohmann::json lengths = nlohmann::json::array();
    for (const SequenceCost& sequence : report.sequences) {
        sequences.push_back(
            {{"sequence_length", sequence.sequence_length}, {"bytes", sequence.kv_bytes}});
        lengths.push_back(sequence.sequence_length);
    }
    nlohmann::json instances = nlohmann::json::array();
    for (const InstanceFit& fit : report.instances) {
        instances.push_back(instance_json(fit));
        if (fit.speed) instances.back()["speed"] = speed_json(*fit.speed);
    }
    nlohmann::json kv_cache = {
        {"dtype", dtype_name(report.kv_dtype)},
        {"bytes_per_token", report.kv_bytes_per_token},
        {"bytes_per_sequence", sequences},
    };
    if (!report.model.cross_kv_layers.empty()) {
        kv_cache["cross_attention_bytes_per_encoder_token"] =
            report.cross_kv_bytes_per_encoder_token;
        // 0: the encoder input is assumed as long as the sequence.
        kv_cache["cross_attention_tokens_per_sequence"] = report.model.cross_attention_tokens;
    }
    if (report.model.recurrent_layers > 0) {
        kv_cache["recurrent_state_bytes_per_sequence"] = report.recurrent_state_bytes_per_sequence;
    }
    nlohmann::json document = {
        {"schema_version", k_schema_version},
        {"model", model_json(report)},
        {"weights",
         {{"dtype", dtype_name(report.weights.dtype)},
          {"bytes", report.weight_bytes},
          {"format", report.weights.description}}},
        {"kv_cache", kv_cache},
        {"engine", engine_name(report.engine.engine)},
        {"engine_settings", engine_settings_json(report)},
        {"requirements",
         {{"batch", report.batch ? nlohmann::json(*report.batch) : nlohmann::json(nullptr)},
          {"tensor_parallel", report.tensor_parallel ? nlohmann::json(*report.tensor_parallel)
                                                     : nlohmann::json(nullptr)}}},
        {"multi_node", multi_node_json(report)},
        {"sequence_lengths", lengths},
        {"instances", instances},
        {"pricing", pricing_name(report.pricing)},
        {"recommended",
         report.recommended ? nlohmann::json(*report.recommended) : nlohmann::json(nullptr)},
        {"best_value",
         report.best_value ? nlohmann::json(*report.best_value) : nlohmann::json(nullptr)},
        {"warnings", report.warnings},
        {"defaults", defaults_json(report.defaults)},
        {"notes", report.notes},
    };
    document["workload"] = report.workload ? workload_json(*report.workload) : nullptr;
    return document;
}

}  // namespace

void render_json(const SizingReport& report, std::ostream& out) {
    nlohmann::json document = sizing_document(report);
    write_json(document, out);
}

void render_json(std::span<const SizingReport> reports, std::ostream& out) {
    nlohmann::json documents = nlohmann::json::array();
    for (const SizingReport& report : reports)
        documents.push_back(sizing_document(report));
    nlohmann::json document{{"schema_version", k_schema_version}, {"reports", documents}};
    write_json(document, out);
}

void render_models_json(std::span<const PresetSummary> presets, std::ostream& out) {
    nlohmann::json models = nlohmann::json::array();
    for (const PresetSummary& summary : presets) {
        const Preset& preset = *summary.preset;
        const ModelSpec& model = summary.model;
        models.push_back({
            {"name", preset.name},
            {"hf_id", preset.hf_id},
            {"architecture", optional_string(model.architecture)},
            {"parameters", model.parameters},
            {"active_parameters", model.active_parameters ? nlohmann::json(*model.active_parameters)
                                                          : nlohmann::json(nullptr)},
            {"published_parameters", preset.published_parameters
                                         ? nlohmann::json(*preset.published_parameters)
                                         : nlohmann::json(nullptr)},
            {"layers", model.layers},
            {"kv_heads", model.kv_heads},
            {"head_dim", model.head_dim},
            {"kv_bytes_per_token_fp16", summary.kv_bytes_per_token_fp16},
            {"config_verbatim", preset.config_verbatim},
            // Citations a reader can follow: the model's own files on the Hugging Face Hub. How
            // each value was checked is recorded in data/model_sources.json.
            {"config_source", "https://huggingface.co/" + preset.hf_id + "/blob/main/config.json"},
            {"published_parameters_source", "https://huggingface.co/" + preset.hf_id},
        });
    }
    nlohmann::json document{{"schema_version", k_schema_version},
                            {"sources",
                             "config_source is the model's config.json on the Hugging Face Hub; "
                             "published_parameters_source is the model's page there, whose "
                             "safetensors metadata gives the exact parameter count. The llmsize "
                             "source tree records how each value was checked "
                             "(data/model_sources.json)."},
                            {"models", models}};
    write_json(document, out);
}

void render_instances_json(const Catalog& catalog, std::ostream& out) {
    nlohmann::json instances = nlohmann::json::array();
    for (const Instance& instance : catalog.instances) {
        instances.push_back({
            {"name", instance.name},
            {"aliases", instance.aliases},
            {"family", instance.family},
            {"accelerator", instance.accelerator},
            {"accelerator_count", instance.accelerator_count},
            {"accelerator_memory_bytes_marketed", instance.accelerator_memory_bytes_marketed},
            {"accelerator_memory_bytes_usable", instance.accelerator_memory_bytes_usable},
            {"vcpus", instance.vcpus},
            {"host_memory_bytes", instance.host_memory_bytes},
            {"interconnect", instance.interconnect},
            {"neuron_cores", instance.neuron_cores ? nlohmann::json(instance.neuron_cores)
                                                   : nlohmann::json(nullptr)},
            {"price_usd_per_hour", instance.price_usd_per_hour
                                       ? nlohmann::json(*instance.price_usd_per_hour)
                                       : nlohmann::json(nullptr)},
            {"price_region", instance.price_region},
            {"price_date", instance.price_date},
            {"price_source", instance.price_source},
            {"price_note", instance.price_note},
            {"ec2_price_usd_per_hour", instance.ec2_price_usd_per_hour
                                           ? nlohmann::json(*instance.ec2_price_usd_per_hour)
                                           : nlohmann::json(nullptr)},
            {"ec2_price_region", instance.ec2_price_region},
            {"ec2_price_date", instance.ec2_price_date},
            {"ec2_price_source", instance.ec2_price_source},
            {"architecture", instance.device.architecture},
            {"compute_capability",
             instance.device.compute_capability_x10 == 0
                 ? nlohmann::json(nullptr)
                 : nlohmann::json(compute_capability_text(instance.device.compute_capability_x10))},
            {"neuron_generation", instance.device.neuron_generation.empty()
                                      ? nlohmann::json(nullptr)
                                      : nlohmann::json(instance.device.neuron_generation)},
            {"runtime", runtime_name(instance.device.runtime)},
            {"bf16", instance.device.bf16},
            {"fp8", instance.device.fp8},
            {"fp4", instance.device.fp4},
            {"flash_attention", instance.device.flash_attention},
            {"source", instance.source},
        });
    }
    nlohmann::json document{{"schema_version", k_schema_version}, {"instances", instances}};
    write_json(document, out);
}

}  // namespace llmsize::cli
